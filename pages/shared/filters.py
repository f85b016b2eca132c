"""The filters of every page: one state, kept in the page address.

The URL's query parameters are the single source of truth for the filters. Every run reads them
(:func:`current_filters`), so a shared link, a reload, Back and Forward show exactly the view their address names.
The sidebar widgets only show that state: a change in a widget is written to the URL by the widget's callback, before
the page runs, and the browser keeps one history entry per view. The links between pages (:func:`page_links`) carry
the filters, so they survive every click, also through pages the filters do not apply to. A download takes the
filters of the run that drew its button: the ones on screen.

(Streamlit's ``bind="query-params"`` keeps a widget's value in the URL only while the page that drew the widget is
shown: the next page dropped the filters, and Back replayed addresses no view ever had. So the widgets here are not
bound; the URL is written through ``st.query_params`` and read back on every run.)

The URL parameter of each filter is :data:`netralitas.queries.QUERY_PARAMS`; it is also the key of the filter's
sidebar widget.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Sequence
from urllib.parse import urlencode

import streamlit as st

from netralitas import queries
from netralitas.queries import FILTER_LABELS, OWN_DATASET, QUERY_PARAMS, SEARCH_MAX_CHARS, UNKNOWN_DISTRICT, Filters
from netralitas.vocab import vocabulary
from pages.shared.auth import current_viewer, stop_unless_signed_in
from pages.shared.database import query
from pages.shared.date_field import date_field, reported_date
from pages.shared.presentation import presentation_link

KEY = QUERY_PARAMS  # Filters field → URL parameter and widget key
FILTER_KEYS = tuple(KEY.values())
FIELD_OF = {param: name for name, param in KEY.items()}  # URL parameter → Filters field
LIST_KEYS = tuple(KEY[name] for name in KEY if isinstance(getattr(Filters(), name), tuple))  # several values each
SEARCH_KEY = KEY["search"]
NAVIGATION_KEY = "navigasi"  # the sidebar's page links (CSS class st-key-navigasi)
LINK_KEY = "salin_tautan"


def _url_params() -> dict[str, list[str]]:
    """The query parameters of this run's URL, every value of each."""
    return {key: st.query_params.get_all(key) for key in st.query_params}


def read_filters() -> tuple[Filters, tuple[str, ...]]:
    """The filters this run's URL names, and a note on each part of it that is not applied as written."""
    filters, notes = Filters.parse_query_params(_url_params())
    return filters.with_(search_names=current_viewer().reveal), notes  # guests never search names or NIP


def current_filters() -> Filters:
    """The filters of the view on screen (this run's URL)."""
    return read_filters()[0]


def link_params() -> dict[str, list[str]]:
    """The query parameters a link to another page carries: the current filters, written canonically."""
    return Filters.parse_query_params(_url_params())[0].to_query_params()


def show_filters(filters: Filters) -> None:
    """Make ``filters`` the view: write them into the URL (other parameters, such as the projector view, stay).

    Called from widget callbacks, which run before the page: the run that follows reads them back."""
    params = _url_params()
    wanted = {key: values for key, values in params.items() if key not in FILTER_KEYS} | filters.to_query_params()
    if wanted != params:
        st.query_params.from_dict(wanted)


def view_url(filters: Filters) -> str:
    """The address of this page with ``filters``: opening it shows the same view."""
    query = urlencode(filters.to_query_params(), doseq=True)
    return (st.context.url or "") + (f"?{query}" if query else "")


# ---- widget callbacks (run before the page; each writes the URL) ------------------------------------------------


def _on_list_change(key: str) -> None:
    show_filters(current_filters().with_(**{FIELD_OF[key]: tuple(st.session_state.get(key) or ())}))


def _on_search_change() -> None:
    show_filters(current_filters().with_(search=str(st.session_state.get(SEARCH_KEY) or "")))


def _on_date_change(key: str) -> None:
    readable, day = reported_date(key)
    if not readable:
        st.toast("Tanggal tidak dikenali. Tulis misalnya 17/08/2024 atau 17 Agustus 2024.",
                 icon=":material/event_busy:", duration="long")
        return
    field = FIELD_OF[key]
    changed = current_filters().with_(**{field: day})
    if day is not None and getattr(changed, field) != day:
        st.toast("Tanggal awal sesudah tanggal akhir: keduanya ditukar.", icon=":material/swap_horiz:", duration="long")
    show_filters(changed)


def _on_reset() -> None:
    show_filters(Filters())


# ---- the sidebar ----------------------------------------------------------------------------------------------


def page_links(pages: Sequence[st.Page]) -> None:
    """The app's navigation in the sidebar: one link per page, each carrying the current filters."""
    params = link_params()
    with st.sidebar.container(key=NAVIGATION_KEY, gap=None):
        for page in pages:
            st.page_link(page, query_params=params or None, width="stretch")


def _show_in_widgets(filters: Filters) -> None:
    """Give the filter widgets the values of ``filters`` (before they are drawn in this run)."""
    state = st.session_state
    for key in LIST_KEYS:
        state[key] = list(getattr(filters, FIELD_OF[key]))
    state[SEARCH_KEY] = filters.search


def _calendar_years(bounds: tuple[dt.date | None, dt.date | None]) -> tuple[list[int], dt.date | None]:
    """The years the date fields offer (those of the findings in the database) and the latest finding date."""
    first, last = bounds
    if first is None or last is None:
        return [], None
    return list(range(first.year, last.year + 1)), last


def sidebar_filters() -> Filters:
    """Draw the sidebar filters (showing the URL's filters) and return the filters of the view."""
    stop_unless_signed_in()  # a page run without the app's start-up must not skip the sign-in
    voc = vocabulary()
    filters = current_filters()
    _show_in_widgets(filters)
    every_dataset = Filters(datasets=tuple(voc.dataset_labels))
    present_cycles = set(query(queries.counts_by, every_dataset, ["cycle"])["cycle"])
    unknown_cycle = voc.cycle_unknown.name
    cycles = voc.cycle_names + ([unknown_cycle] if unknown_cycle in present_cycles | set(filters.cycles) else [])
    datasets = [str(d) for d in query(queries.datasets_present)["dataset"]]

    sb = st.sidebar
    sb.markdown("### Filter")
    for name, options, placeholder in (
        ("cycles", cycles, "Semua siklus"),
        ("actor_types", voc.actor_type_names, "Semua"),
        ("severities", voc.severity_names, "Semua"),
        ("districts", voc.district_names + [UNKNOWN_DISTRICT], "Semua kecamatan"),
    ):
        sb.multiselect(FILTER_LABELS[KEY[name]], options, key=KEY[name], placeholder=placeholder,
                       on_change=_on_list_change, args=(KEY[name],))
    years, latest = _calendar_years(query(queries.date_bounds))
    with sb:
        for name, value, start in (("date_from", filters.date_from, filters.date_to or latest),
                                   ("date_to", filters.date_to, filters.date_from or latest)):
            date_field(FILTER_LABELS[KEY[name]], value, key=KEY[name], on_change=functools.partial(
                _on_date_change, KEY[name]), years=years, start=start)
    reveal = current_viewer().reveal  # guests search register numbers and agencies only, never names or NIP
    sb.text_input("Cari nama, NIP, no. register, instansi" if reveal else "Cari no. register, instansi",
                  key=SEARCH_KEY, max_chars=SEARCH_MAX_CHARS, on_change=_on_search_change,
                  help=f"Paling banyak {SEARCH_MAX_CHARS} karakter.")
    if len(datasets) > 1 or filters.datasets:
        own_first = OWN_DATASET in datasets
        sb.multiselect(
            FILTER_LABELS[KEY["datasets"]], list(voc.dataset_labels), key=KEY["datasets"],
            format_func=lambda d: voc.dataset_labels.get(d, d),
            placeholder=f"{voc.dataset_labels[OWN_DATASET]} (bawaan)" if own_first else "Semua sumber data",
            on_change=_on_list_change, args=(KEY["datasets"],),
            help="Tanpa pilihan: data sendiri saja begitu basis data memuat register sendiri; data contoh (fiktif) "
                 "dan rekam publik tetap dapat dipilih di sini." if own_first else None,
        )
    sb.button("Reset filter", on_click=_on_reset, width="stretch", icon=":material/filter_alt_off:")
    sb.link_button("Tampilan presentasi", presentation_link(filters), width="stretch", icon=":material/slideshow:",
                   help="Buka halaman ini di tab baru untuk proyektor: tanpa sidebar dan tombol, huruf besar, satu "
                        "grafik per layar. Filter yang aktif ikut terbawa.")
    with sb.popover("Salin tautan", icon=":material/link:", width="stretch", key=LINK_KEY):
        st.caption("Tautan ke halaman ini dengan filter yang sedang berlaku. Salin dengan tombol di kanan kotak; "
                   "siapa pun yang membukanya (setelah masuk) melihat tampilan yang sama.")
        st.code(view_url(filters), language=None, wrap_lines=True)
    return filters
