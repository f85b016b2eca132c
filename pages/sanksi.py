"""Sanksi & Tindak Lanjut: severity by actor type and by cycle (sanctions light → heavy, outcomes apart), and the
follow-up tracker — forwarded or recommended cases with no sanction yet, oldest first (the list for BKPP)."""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import charts, clock, columns, queries
from netralitas.formatting import format_date, format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Filters
from pages.shared.auth import current_viewer
from pages.shared.database import query
from pages.shared.downloads import show_table_behind
from pages.shared.figures import figure, show_chart
from pages.shared.filters import sidebar_filters
from pages.shared.header import empty_state, page_header

filters = sidebar_filters()
page_header("Sanksi & Tindak Lanjut", filters,
            caption="Lima tingkat sanksi diurutkan dari ringan ke berat; sanksi yang baru direkomendasikan (belum "
                    "dijatuhkan) diarsir. Hasil yang bukan sanksi (dalam proses, tidak terbukti, terbukti tanpa "
                    "sanksi tercatat, tidak diketahui) ditampilkan terpisah dan tidak dirata-ratakan.")

total = query(queries.total_persons, filters)
if not total:
    if not query(queries.total_persons, Filters()):
        empty_state("Basis data belum berisi terlapor. Muat register lewat halaman *Unggah Data*.")
    else:
        empty_state()
    st.stop()

st.subheader("Tingkat sanksi")
figures = query(queries.headline, filters)
cols = st.columns(4)
cols[0].metric("Sanksi dijatuhkan", format_number(figures["sanctioned"]), border=True,
               help="Sanksi yang sudah dijatuhkan PPK, semua tingkat.")
cols[1].metric("Baru direkomendasikan", format_number(figures["recommended_only"]), border=True,
               help="Sanksi sudah disebut dalam rekomendasi tetapi belum tercatat dijatuhkan (diarsir pada grafik).")
by_actor = query(queries.counts_by, filters, ["actor_type", "severity"])
sanctions_by_actor = query(queries.sanctions_by_severity, filters, by="actor_type")
show_chart(figure(charts.severity_breakdown, by_actor, "actor_type", sanctions_by_actor, title="Menurut jenis pegawai"),
           key="chart_sev_actor")
show_table_behind(charts.severity_table(by_actor, "actor_type", sanctions_by_actor), key="tbl_sev_actor")

by_cycle = query(queries.counts_by, filters, ["cycle", "severity"])
sanctions_by_cycle = query(queries.sanctions_by_severity, filters, by="cycle")
show_chart(figure(charts.severity_breakdown, by_cycle, "cycle", sanctions_by_cycle, title="Menurut siklus pemilihan"),
           key="chart_sev_cycle")
show_table_behind(charts.severity_table(by_cycle, "cycle", sanctions_by_cycle), key="tbl_sev_cycle")

st.subheader("Tindak lanjut: diteruskan atau direkomendasikan, sanksi belum dijatuhkan")
today = clock.today()
SHOWN_ROWS = 1_000  # rows sent to the browser at once; the export holds them all
summary = query(queries.follow_up_summary, filters, today=today)
waiting_total = summary["persons"]
buckets = summary["buckets"]

cols = st.columns(4)
cols[0].metric("Menunggu sanksi", format_number(waiting_total), border=True,
               help="Terlapor yang sudah diteruskan ke KASN/BKN atau sudah ada rekomendasinya, tetapi sanksi "
               "belum dijatuhkan PPK (termasuk yang tidak ditindaklanjuti PPK).")
cols[1].metric("Terlama menunggu",
               f"{format_number(summary['max_days'])} hari" if summary["max_days"] is not None else "–", border=True,
               help="Dihitung dari tanggal penerusan, atau tanggal rekomendasi, atau tanggal temuan/laporan — "
               f"mana yang tercatat — sampai hari ini ({format_date(today)}).")
cols[2].metric("Median lama menunggu",
               f"{format_number(summary['median_days'])} hari" if summary["median_days"] is not None else "–",
               border=True)
older = int(buckets.loc[buckets["age_bucket"] == queries.AGE_BUCKETS[-1][2], "persons"].sum())
cols[3].metric(f"Menunggu {queries.AGE_BUCKETS[-1][2]}", format_number(older), border=True)

if not waiting_total:
    st.success("Tidak ada kasus yang menunggu tindak lanjut untuk filter ini.", icon=":material/task_alt:")
    st.stop()

left, right = st.columns([0.45, 0.55], gap="medium")
with left:
    show_chart(figure(charts.follow_up_age_chart, buckets, title="Lama menunggu"), key="chart_age")
    show_table_behind(charts.table_behind(buckets), key="tbl_age")
with right:
    st.markdown("##### Daftar untuk ditanyakan ke BKPP")
    st.caption(f"{format_number(waiting_total)} terlapor, yang paling lama menunggu di atas. Hari menunggu dihitung "
               f"sampai {format_date(today)}.")
    by_status = summary["by_status"]
    st.markdown("  \n".join(f"- {markdown_literal(status)}: **{format_number(int(n))}**"
                            for status, n in zip(by_status["status"], by_status["persons"], strict=True)))

# The registry's columns of the follow-up list (netralitas/columns.py) between the wait and where it is counted from.
LIST_COLUMNS = ["days_waiting", *columns.view(columns.FOLLOW_UP_SHOWN), "waiting_since", "waiting_basis", "age_bucket"]
waiting = query(queries.follow_up, filters, current_viewer(), today=today, limit=SHOWN_ROWS)
if waiting_total > SHOWN_ROWS:
    st.caption(f"Ditampilkan {format_number(SHOWN_ROWS)} terlapor yang paling lama menunggu dari "
               f"{format_number(waiting_total)}; persempit dengan filter di sidebar untuk melihat yang lain.")
st.dataframe(charts.display_rows(waiting[LIST_COLUMNS]), hide_index=True, width="stretch", key="tbl_follow_up")
