"""Ringkasan: headline figures (with the prevention activities under the same filters), persons by cycle and actor
type, severities (sanctions imposed apart from those only recommended), the handling funnel and the cycles side by
side. A click on a bar of the first two charts lists the persons behind it."""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import charts, queries
from netralitas.formatting import format_number
from netralitas.queries import Filters
from pages.shared.database import query
from pages.shared.downloads import show_table_behind
from pages.shared.figures import figure, show_chart
from pages.shared.filters import sidebar_filters
from pages.shared.header import empty_state, page_header, prevention_figure
from pages.shared.selection import chart_selection, clickable_chart, show_selected_rows

filters = sidebar_filters()
page_header("Ringkasan Pelanggaran Netralitas ASN", filters)

figures = query(queries.headline, filters)
by_cycle_actor = query(queries.counts_by, filters, ["cycle", "actor_type"])
by_severity = query(queries.counts_by, filters, ["severity"])
sanctions = query(queries.sanctions_by_severity, filters)
by_cycle = query(queries.headline_by_cycle, filters)
funnel = query(queries.funnel, filters)

median_days = figures["median_days_to_sanction"]
if median_days is None:
    median_value = "–"
    median_help = (
        "Belum dapat dihitung: tidak ada terlapor yang tanggal temuan/laporan dan tanggal sanksinya (kolom "
        "*Tanggal SK* / *Tanggal sanksi* di register) sama-sama tercatat."
    )
else:
    median_value = f"{format_number(median_days)} hari"
    median_help = (
        "Median jumlah hari dari tanggal temuan/laporan sampai tanggal sanksi, dihitung dari "
        f"{format_number(figures['dated_sanctions'])} terlapor yang kedua tanggalnya tercatat."
    )

longest = max(len(format_number(figures[k] or 0)) for k in ("persons", "cases", "proven", "sanctioned", "in_process"))
if longest > 5:  # five- and six-digit figures would be cut off in six cards at 1366×768: two rows of three
    cols = [*st.columns(3), *st.columns(3)]
else:
    cols = st.columns([0.8, 0.7, 0.8, 1.25, 1.0, 1.45])
cols[0].metric("Terlapor", format_number(figures["persons"]), border=True,
               help="Jumlah orang yang dilaporkan/ditemukan; satu orang dalam satu kasus dihitung satu.")
cols[1].metric("Kasus", format_number(figures["cases"]), border=True,
               help="Jumlah nomor register (satu kasus dapat menyebut beberapa terlapor).")
cols[2].metric("Terbukti", format_number(figures["proven"]), border=True,
               help="Terlapor dengan sanksi tercatat atau rekomendasi/status yang menyatakan terbukti melanggar.")
cols[3].metric("Sanksi dijatuhkan", format_number(figures["sanctioned"]), border=True,
               help="Sanksi yang sudah dijatuhkan PPK. Sanksi yang baru direkomendasikan "
               f"({format_number(figures['recommended_only'])} terlapor) tidak termasuk.")
cols[4].metric("Dalam proses", format_number(figures["in_process"]), border=True,
               help="Terlapor yang penanganannya belum selesai (diregister, diteruskan, menunggu rekomendasi "
               "atau keputusan PPK).")
cols[5].metric("Median hari ke sanksi", median_value, border=True, help=median_help)
prevention_figure(filters)

if not figures["persons"]:
    if filters.is_default or not query(queries.total_persons, Filters()):
        empty_state("Basis data belum berisi terlapor. Muat register lewat halaman *Unggah Data* atau "
                    "`python -m loaders`.")
    else:
        empty_state()
    st.stop()

left, right = st.columns(2, gap="medium")
with left:
    clickable_chart(
        figure(charts.bar_by, by_cycle_actor, "cycle", "actor_type", title="Terlapor per siklus dan jenis pegawai",
               height=420),
        "ringkasan", "siklus_pegawai",
    )
    show_table_behind(charts.table_behind(by_cycle_actor), key="tbl_cycle_actor")
with right:
    clickable_chart(
        figure(charts.severity_distribution, by_severity, sanctions, title="Tingkat sanksi dan hasil penanganan"),
        "ringkasan", "sanksi",
    )
    show_table_behind(charts.severity_split_table(by_severity, sanctions), key="tbl_severity")

with st.container(border=True, key="daftar_klik"):
    st.markdown("##### Daftar terlapor dari grafik di atas")
    show_selected_rows(
        filters,
        chart_selection("ringkasan"),
        ":material/touch_app: Klik satu batang pada grafik di atas untuk menampilkan daftar terlapornya di sini "
        "(klik dua kali pada grafik untuk membatalkan pilihan).",
    )

left, right = st.columns(2, gap="medium")
with left:
    show_chart(figure(charts.funnel_chart, funnel, title="Alur penanganan: dari temuan sampai sanksi"),
               key="chart_funnel")
    show_table_behind(charts.table_behind(funnel), key="tbl_funnel")
with right:
    show_chart(figure(charts.cycles_side_by_side, by_cycle, title="Perbandingan antarsiklus pemilihan"),
               key="chart_cycles")
    show_table_behind(charts.table_behind(by_cycle), key="tbl_cycles")
