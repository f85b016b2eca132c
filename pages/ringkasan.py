"""Ringkasan: headline figures and persons by cycle, actor type and severity."""

import streamlit as st

from netralitas import charts, queries
from netralitas.formatting import format_number
from pages._common import empty_state, page_header, query, show_table_behind, sidebar_filters

filters = sidebar_filters()
page_header("Ringkasan Pelanggaran Netralitas ASN", filters)

figures = query(queries.headline, filters)
if not figures["persons"]:
    empty_state()
    st.stop()

cols = st.columns(5)
cols[0].metric("Terlapor", format_number(figures["persons"]))
cols[1].metric("Kasus", format_number(figures["cases"]))
cols[2].metric("Terbukti", format_number(figures["proven"]))
cols[3].metric("Sanksi dijatuhkan", format_number(figures["sanctioned"]))
cols[4].metric("Masih dalam proses", format_number(figures["in_process"]))

by_cycle_actor = query(queries.counts_by, filters, ["cycle", "actor_type"])
by_severity = query(queries.counts_by, filters, ["severity"])
by_actor = query(queries.counts_by, filters, ["actor_type"])

left, right = st.columns(2)
with left:
    st.plotly_chart(charts.bar_by(by_cycle_actor, "cycle", "actor_type", title="Terlapor per siklus dan jenis pegawai"),
                    key="chart_cycle")
    show_table_behind(by_cycle_actor, key="tbl_cycle")
with right:
    st.plotly_chart(charts.severity_distribution(by_severity, title="Tingkat sanksi dan hasil penanganan"),
                    key="chart_severity")
    show_table_behind(by_severity, key="tbl_severity")
st.plotly_chart(charts.bar_by(by_actor, "actor_type", title="Terlapor per jenis pegawai"), key="chart_actor")
show_table_behind(by_actor, key="tbl_actor")
