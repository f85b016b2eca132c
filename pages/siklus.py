"""Siklus Pemilihan: per election cycle, the monthly timeline of findings with the cycle's milestones and the
prevention activities as markers, the violation types, actor types, severities and the handling funnel."""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import charts, charts_prevention, queries
from netralitas.formatting import format_date, format_number
from netralitas.literal import markdown_literal
from netralitas.queries import Filters
from netralitas.vocab import vocabulary
from pages.shared.database import query
from pages.shared.downloads import show_table_behind
from pages.shared.figures import figure, show_chart
from pages.shared.filters import sidebar_filters
from pages.shared.header import empty_state, page_header, prevention_marker_note

TOP_VIOLATION_TYPES = 10

filters = sidebar_filters()
page_header("Siklus Pemilihan", filters,
            caption="Setiap tab menampilkan satu siklus: garis waktu temuan/laporan per bulan dengan tahapan "
                    "pemilihannya, jenis pelanggaran, jenis pegawai dan tingkat sanksi.")

voc = vocabulary()
present = query(queries.counts_by, filters, ["cycle"])
if present.empty:
    if not query(queries.total_persons, Filters()):
        empty_state("Basis data belum berisi terlapor. Muat register lewat halaman *Unggah Data*.")
    else:
        empty_state()
    st.stop()

cycles = charts.category_order("cycle", [str(c) for c in present["cycle"]], voc)


def show_cycle(cycle: str) -> None:
    """Everything about one cycle (the sidebar filters still apply)."""
    cycle_filters = filters.with_(cycles=(cycle,))
    info = voc.cycle(cycle)
    figures = query(queries.headline, cycle_filters)
    undated = query(queries.undated_count, cycle_filters)
    cols = st.columns(5)
    cols[0].metric("Terlapor", format_number(figures["persons"]), border=True)
    cols[1].metric("Kasus", format_number(figures["cases"]), border=True)
    cols[2].metric("Terbukti", format_number(figures["proven"]), border=True)
    cols[3].metric("Sanksi dijatuhkan", format_number(figures["sanctioned"]), border=True)
    cols[4].metric("Dalam proses", format_number(figures["in_process"]), border=True)

    timeline = query(queries.monthly_timeline, cycle_filters)
    activities = query(queries.prevention_monthly, cycle_filters)
    milestones = info.milestones if info else ()
    show_chart(
        figure(charts_prevention.timeline_with_activities, timeline, tuple(milestones), activities,
               title=f"Temuan/laporan{'' if activities.empty else ' dan kegiatan pencegahan'} per bulan — {cycle}",
               colored_by=("cycle", cycle)),
        key=f"timeline_{cycle}",
    )
    notes = []
    if not activities.empty:
        notes.append(prevention_marker_note(int(activities["activities"].sum()), cycle_filters))
    if undated:
        notes.append(f"{format_number(undated)} terlapor tanpa tanggal temuan/laporan tidak tampil di garis waktu.")
    if milestones:
        notes.append("Garis titik-titik: tahapan pemilihan (" + "; ".join(
            f"{m.label} {format_date(m.date)}" for m in milestones) + ").")
    if notes:
        st.caption(" ".join(notes))
    show_table_behind(charts.table_behind(timeline.drop(columns="cycle", errors="ignore")),
                      key=f"tbl_timeline_{cycle}")
    if not activities.empty:
        show_table_behind(charts_prevention.table_behind(activities), "Lihat tabel kegiatan pencegahan per bulan",
                          key=f"tbl_prevention_{cycle}", title="Kegiatan pencegahan per bulan")

    left, right = st.columns([1.25, 1], gap="medium")
    with left:
        types = query(queries.counts_top, cycle_filters, "violation_type", TOP_VIOLATION_TYPES)
        show_chart(figure(charts.ranked_bars, types, "violation_type", colored_by=("cycle", cycle),
                          title=f"Jenis pelanggaran ({TOP_VIOLATION_TYPES} terbanyak)"),
                   key=f"types_{cycle}")
        if types["is_other"].any():
            st.caption(f"Hanya {TOP_VIOLATION_TYPES} jenis terbanyak yang ditampilkan satu per satu; sisanya "
                       "dijumlahkan pada batang abu-abu *Lainnya*.")
        show_table_behind(charts.table_behind(types), key=f"tbl_types_{cycle}")
    with right:
        actors = query(queries.counts_by, cycle_filters, ["actor_type"])
        show_chart(figure(charts.bar_by, actors, "actor_type", title="Jenis pegawai", height=380),
                   key=f"actors_{cycle}")
        show_table_behind(charts.table_behind(actors), key=f"tbl_actors_{cycle}")

    left, right = st.columns(2, gap="medium")
    with left:
        severities = query(queries.counts_by, cycle_filters, ["severity"])
        sanctions = query(queries.sanctions_by_severity, cycle_filters)
        show_chart(figure(charts.severity_distribution, severities, sanctions,
                          title="Tingkat sanksi dan hasil penanganan"), key=f"severity_{cycle}")
        show_table_behind(charts.severity_split_table(severities, sanctions), key=f"tbl_severity_{cycle}")
    with right:
        funnel = query(queries.funnel, cycle_filters)
        show_chart(figure(charts.funnel_chart, funnel, title="Alur penanganan", height=420), key=f"funnel_{cycle}")
        show_table_behind(charts.table_behind(funnel), key=f"tbl_funnel_{cycle}")


tabs = st.tabs([markdown_literal(c) for c in cycles], key="tab_siklus", on_change="rerun")
for cycle, tab in zip(cycles, tabs, strict=True):
    if tab.open is False:  # only the open tab is computed
        continue
    with tab:
        show_cycle(cycle)
