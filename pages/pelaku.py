"""Pelaku: who the terlapor are — actor type, position group, kecamatan (bars and a schematic tile map), agency
and violation type, each split by severity. A click on a bar or a tile lists the persons behind it."""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import charts, queries
from netralitas.formatting import format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Filters
from netralitas.vocab import vocabulary
from pages.shared.database import query
from pages.shared.downloads import show_table_behind
from pages.shared.figures import figure
from pages.shared.filters import sidebar_filters
from pages.shared.header import empty_state, page_header
from pages.shared.selection import chart_selection, clickable_chart, show_selected_rows

TOP_AGENCIES = 15
TOP_VIOLATION_TYPES = 10
GROUP = "pelaku"

filters = sidebar_filters()
page_header("Pelaku", filters,
            caption="Siapa terlapornya: jenis pegawai, kelompok jabatan, kecamatan, instansi dan jenis pelanggaran — "
                    "masing-masing dirinci menurut tingkat sanksi.")

voc = vocabulary()
by_actor = query(queries.counts_by, filters, ["actor_type"])
if by_actor.empty:
    if not query(queries.total_persons, Filters()):
        empty_state("Basis data belum berisi terlapor. Muat register lewat halaman *Unggah Data*.")
    else:
        empty_state()
    st.stop()

# One figure per actor type group: PNS, PPPK, THL, and the rest together.
actor_counts = dict(zip(by_actor["actor_type"], by_actor["persons"], strict=True))
main_types = [t.name for t in voc.actor_types[:3]]
labels = {t.name: t.label for t in voc.actor_types}
cols = st.columns(4)
for col, name in zip(cols, main_types, strict=False):
    col.metric(labels.get(name, name).split(" (")[0], format_number(int(actor_counts.get(name, 0))), border=True,
               help=labels.get(name, name))
rest = sum(int(v) for k, v in actor_counts.items() if k not in main_types)
cols[3].metric("Lainnya / tidak dirinci", format_number(rest), border=True,
               help="ASN yang tidak dirinci PNS/PPPK, pelaku di luar ASN, dan jenis pegawai yang tidak diketahui.")

VIEWS = ["Jenis pegawai", "Kelompok jabatan", "Kecamatan", "Instansi", "Jenis pelanggaran"]
tabs = st.tabs(VIEWS, key="tab_pelaku", on_change="rerun")


def breakdown(dim: str, title: str, name: str) -> None:
    """A dimension split by severity (two panels: sanctions, outcomes) with the table behind it."""
    df = query(queries.counts_by, filters, [dim, "severity"])
    sanctions = query(queries.sanctions_by_severity, filters, by=dim)
    clickable_chart(figure(charts.severity_breakdown, df, dim, sanctions, title=title,
                           sort_by_total=dim != "actor_type"), GROUP, name)
    show_table_behind(charts.severity_table(df, dim, sanctions), key=f"tbl_{name}")


def top_breakdown(dim: str, n: int, title: str, name: str, noun: str) -> None:
    """The ``n`` most frequent values of a dimension split by severity. The rest ("Lainnya") is not drawn — it
    would dwarf the bars — but counted in the caption and in the table behind the chart."""
    df = query(queries.counts_top, filters, dim, n, "severity")
    sanctions = query(queries.sanctions_by_severity, filters, by=dim)
    order = list(dict.fromkeys(str(v) for v in df[dim]))
    shown = df[~df["is_other"]]
    clickable_chart(figure(charts.severity_breakdown, shown, dim, sanctions, title=title, order=tuple(order)), GROUP,
                    name)
    rest = df[df["is_other"]]
    if not rest.empty:
        others = format_number(int(rest["persons"].sum()))
        st.caption(f"Hanya {n} {noun} dengan terlapor terbanyak yang digambar. {others} terlapor pada "
                   f"*{markdown_literal(rest[dim].iloc[0])}* tidak digambar; mereka ada di tabel data grafik ini dan "
                   "di halaman Data Kasus.")
    other = str(rest[dim].iloc[0]) if not rest.empty else None
    show_table_behind(charts.severity_table(df.drop(columns="is_other"), dim, sanctions, order=order, other=other),
                      key=f"tbl_{name}")


for view, tab in zip(VIEWS, tabs, strict=True):
    if tab.open is False:  # only the open tab is computed
        continue
    with tab:
        if view == "Jenis pegawai":
            breakdown("actor_type", "Jenis pegawai menurut tingkat sanksi", "pegawai")
        elif view == "Kelompok jabatan":
            breakdown("position_group", "Kelompok jabatan menurut tingkat sanksi", "jabatan")
        elif view == "Kecamatan":
            districts = query(queries.counts_by, filters, ["district"])
            clickable_chart(figure(charts.district_tile_map, districts, title="Peta petak 16 kecamatan"), GROUP,
                            "peta")
            st.caption("Petak disusun kira-kira sesuai letak kecamatan (utara di atas); makin gelap makin banyak "
                       "terlapor. Bukan peta berskala.")
            show_table_behind(charts.table_behind(districts), key="tbl_peta")
            breakdown("district", "Kecamatan menurut tingkat sanksi", "kecamatan")
        elif view == "Instansi":
            top_breakdown("agency", TOP_AGENCIES, f"{TOP_AGENCIES} instansi dengan terlapor terbanyak", "instansi",
                          "instansi")
        else:
            top_breakdown("violation_type", TOP_VIOLATION_TYPES,
                          f"{TOP_VIOLATION_TYPES} jenis pelanggaran terbanyak", "jenis", "jenis pelanggaran")

with st.container(border=True, key="daftar_klik"):
    st.markdown("##### Daftar terlapor dari grafik di atas")
    show_selected_rows(
        filters,
        chart_selection(GROUP),
        ":material/touch_app: Klik satu batang atau petak pada grafik di atas untuk menampilkan daftar terlapornya "
        "di sini (klik dua kali pada grafik untuk membatalkan pilihan).",
    )
