"""The top of a page and its empty state: title, the active filters in one line, notes on a link's filters that
are not applied as written, which data the view shows (:func:`dataset_banner`), and the note where a filter leaves
nothing to show."""

from __future__ import annotations

import streamlit as st

from netralitas import queries
from netralitas.formatting import format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Filters
from netralitas.vocab import vocabulary
from pages.shared.database import query
from pages.shared.filters import link_params, read_filters
from pages.shared.presentation import apply_presentation_view


def _in_vocabulary_order(keys: list[str]) -> list[str]:
    order = list(vocabulary().dataset_labels)
    return sorted(keys, key=lambda k: order.index(k) if k in order else len(order))


def dataset_banner(filters: Filters) -> None:
    """Say which data the current filters show (own data, public record, synthetic demo, with counts) and which
    data of the database they leave out; a warning whenever demo rows are shown."""
    present = query(queries.datasets_present)
    if present.empty:
        return
    shown = query(queries.counts_by, filters, ["dataset"])
    hidden = () if filters.datasets else query(queries.default_hidden_datasets)
    _banner(filters, dict(zip(present["dataset"].astype(str), present["persons"], strict=True)),
            dict(zip(shown["dataset"].astype(str), shown["persons"], strict=True)), hidden, "terlapor",
            "nama, NIP dan kasus contoh ini rekaan, bukan data sebenarnya.")


def prevention_banner(filters: Filters) -> None:
    """:func:`dataset_banner` for the prevention activities: which data the filters show and leave out."""
    present = query(queries.prevention_datasets_present)
    if present.empty:
        return
    shown = query(queries.prevention_counts, filters, ["dataset"])
    hidden = () if filters.datasets else query(queries.prevention_hidden_datasets)
    _banner(filters, dict(zip(present["dataset"].astype(str), present["activities"], strict=True)),
            dict(zip(shown["dataset"].astype(str), shown["activities"], strict=True)), hidden, "kegiatan",
            "kegiatan contoh ini rekaan, bukan kegiatan sebenarnya.")


def _banner(filters: Filters, in_database: dict[str, int], shown_counts: dict[str, int], hidden: tuple[str, ...],
            noun: str, demo_note: str) -> None:
    """The dataset banner: counts (of ``noun``) shown per dataset, the datasets left out, a warning with
    ``demo_note`` when demo rows are shown."""
    voc = vocabulary()
    left_out = [d for d in in_database if (d not in filters.datasets if filters.datasets else d in hidden)]
    parts = [f"**{voc.dataset_labels.get(d, d)}**: {format_number(shown_counts[d])} {noun}"
             for d in _in_vocabulary_order(list(shown_counts))]
    text = ("Data yang ditampilkan — " + " · ".join(parts)) if parts else f"Tidak ada {noun} untuk filter ini"
    if left_out:
        text += (". Tidak ditampilkan: " + ", ".join(
            f"{voc.dataset_labels.get(d, d)} ({format_number(in_database[d])} {noun})"
            for d in _in_vocabulary_order(left_out)) + " — pilih di filter *Sumber data*")
    if queries.DEMO_DATASET in shown_counts:
        load_hint = ("" if queries.OWN_DATASET in in_database else
                     " Muat register sendiri lewat halaman *Unggah Data* atau `python -m loaders`.")
        st.warning(f"{text}. **{voc.dataset_labels[queries.DEMO_DATASET]}**: {demo_note}" + load_hint,
                   icon=":material/science:")
    else:
        st.info(text, icon=":material/database:")


def page_header(title: str, filters: Filters, caption: str | None = None, *, whole_database: bool = False) -> None:
    """Page title, the active filters in one line (saying which data an empty data filter shows), notes on parts of
    the link that are not applied as written, and the dataset banner (and the projector view when the URL asks for
    it). ``whole_database``: a page the filters do not apply to — no filter line, and the banner covers every
    dataset in the database."""
    apply_presentation_view()
    st.title(title)
    if whole_database:
        if caption:
            st.caption(caption)
        present = query(queries.datasets_present)
        dataset_banner(Filters(datasets=tuple(str(d) for d in present["dataset"])))
        return
    line = markdown_literal(query(queries.describe_filters, filters))  # a search text comes from the link as typed
    st.caption(f"Filter aktif: {line}" + (f"  \n{caption}" if caption else ""))
    _link_notes()
    dataset_banner(filters)


def prevention_page_header(title: str, filters: Filters, caption: str | None = None) -> None:
    """:func:`page_header` of a page about prevention activities: the filter line says which filters apply to
    activities (and which set ones do not), the banner counts activities."""
    apply_presentation_view()
    st.title(title)
    line = markdown_literal(query(queries.describe_prevention_filters, filters))
    st.caption(f"Filter aktif: {line}" + (f"  \n{caption}" if caption else ""))
    _link_notes()
    prevention_banner(filters)


def _link_notes() -> None:
    """A warning listing the parts of the link's filters that are not applied as written."""
    notes = read_filters()[1]
    if notes:
        st.warning("Tautan ini memuat filter yang tidak dapat dipakai apa adanya:  \n"
                   + "  \n".join(f"- {markdown_literal(note)}" for note in notes), icon=":material/link_off:")


def empty_state(message: str = "Tidak ada data untuk filter ini.") -> None:
    """A friendly note where a filter leaves nothing to show."""
    st.info(message + " Ubah atau reset filter di sidebar.", icon=":material/filter_alt_off:")


def prevention_marker_note(activities: int, filters: Filters) -> str:
    """The caption of prevention markers on a chart of findings: what they are, and the filters set that do not
    apply to activities (Markdown)."""
    note = (f"Penanda bergaris hitam: {format_number(activities)} kegiatan pencegahan per bulan (bentuk menurut jenis "
            "kegiatan; angka di atas penanda = jumlah kegiatan bila lebih dari satu).")
    return note + prevention_not_applied_help(filters)


def prevention_not_applied_help(filters: Filters) -> str:
    """A sentence for the help of a prevention figure naming the filters set that do not apply to activities
    (empty when there are none)."""
    not_applied = queries.prevention_filters_not_applied(filters)
    return f" Filter {', '.join(not_applied)} tidak berlaku untuk kegiatan pencegahan." if not_applied else ""


def prevention_figure(filters: Filters) -> None:
    """The headline figure of prevention activities under ``filters`` beside the case figures, with a link to the
    page Pencegahan that keeps the filters."""
    activities = query(queries.prevention_total, filters)
    with st.container(horizontal=True, vertical_alignment="center", gap="medium", key="angka_pencegahan"):
        st.metric("Kegiatan pencegahan", format_number(activities), border=True, width=260,
                  help="Sosialisasi, imbauan, deklarasi/ikrar, pakta integritas, rapat koordinasi dan patroli sesuai "
                       "filter siklus, kecamatan, tanggal dan sumber data." + prevention_not_applied_help(filters))
        st.page_link("pages/pencegahan.py", label="Lihat upaya pencegahan per jenis, sasaran dan kecamatan",
                     icon=":material/shield:", query_params=link_params() or None)
