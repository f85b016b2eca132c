"""Pencegahan: the prevention work beside the violations — activities per cycle by kind and by audience group, per
kecamatan on the 16-kecamatan tile map, per kecamatan against the persons reported (kecamatan with reported persons
and no briefing or declaration stand out), and the list of activities with its export.

The filters on cycle, kecamatan, dates and data apply to the activities; those on reported persons (actor type,
sanction level, search) apply only to the persons of the comparison, and the page says so. Register text reaches
Markdown only through :func:`netralitas.literal.markdown_literal`.
"""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import charts_prevention, queries
from netralitas.formatting import format_number
from netralitas.labels import PREVENTION_CITYWIDE, PREVENTION_LABELS
from netralitas.literal import markdown_literal
from netralitas.queries import Filters
from netralitas.vocab import vocabulary
from pages.shared.database import query
from pages.shared.downloads import prevention_export_controls, show_table_behind
from pages.shared.figures import figure, show_chart
from pages.shared.filters import sidebar_filters
from pages.shared.header import empty_state, prevention_page_header

LIST_COLUMNS = {
    "held_on": st.column_config.DateColumn("Tanggal", format="DD/MM/YYYY", width=95),
    "kind": st.column_config.TextColumn("Jenis kegiatan", width=140),
    "title": st.column_config.TextColumn("Kegiatan", width=300),
    "organiser": st.column_config.TextColumn("Penyelenggara", width=190),
    "audience": st.column_config.TextColumn("Sasaran (tertulis)", width=200),
    "place": st.column_config.TextColumn("Tempat", width=180),
    "district": st.column_config.TextColumn("Kecamatan", width=130),
    "participants": st.column_config.NumberColumn("Peserta", format="%d", width=70),
    "cycle": st.column_config.TextColumn("Siklus", width=110),
    "source": st.column_config.TextColumn("Sumber", width=260),
}

voc = vocabulary()
filters = sidebar_filters()
prevention_page_header("Pencegahan", filters,
                       caption="Upaya pencegahan — sosialisasi, imbauan, deklarasi/ikrar, pakta integritas, rapat "
                               "koordinasi, patroli — di samping pelanggaran yang terjadi.")

not_applied = queries.prevention_filters_not_applied(filters)
if not_applied:
    st.info(f"Filter {', '.join(not_applied)} tidak berlaku untuk kegiatan pencegahan; filter itu hanya "
            "mempersempit jumlah terlapor pada perbandingan per kecamatan.", icon=":material/filter_alt:")

figures = query(queries.prevention_headline, filters)
by_district = query(queries.prevention_by_district, filters)
unbriefed = by_district[by_district["unbriefed"]]
cols = st.columns([0.9, 0.9, 1.1, 1.1])
cols[0].metric("Kegiatan pencegahan", format_number(figures["activities"]), border=True,
               help="Jumlah kegiatan pencegahan tercatat di register pencegahan sesuai filter.")
cols[1].metric("Peserta tercatat", format_number(figures["participants"]), border=True,
               help=f"Jumlah peserta dari {format_number(figures['with_participants'])} kegiatan yang mencatat "
                    "jumlah pesertanya.")
cols[2].metric("Kecamatan berkegiatan", f"{format_number(figures['districts'])} dari "
               f"{format_number(len(voc.district_names))}", border=True,
               help=f"Kegiatan tingkat kota (tanpa kecamatan): {format_number(figures['citywide'])}.")
cols[3].metric("Kecamatan tanpa sosialisasi",
               format_number(unbriefed["district"].nunique()), border=True,
               help="Kecamatan yang pada suatu siklus mencatat terlapor, tetapi tidak mengadakan "
                    f"{' atau '.join(voc.prevention_briefing_kinds)} di kecamatan itu.")

if not figures["activities"]:
    if not query(queries.prevention_total, Filters(datasets=tuple(voc.dataset_labels))):
        empty_state("Basis data belum berisi kegiatan pencegahan. Muat register pencegahan lewat halaman "
                    "*Unggah Data* atau `python -m loaders`.")
    else:
        empty_state("Tidak ada kegiatan pencegahan untuk filter ini.")
    st.stop()

left, right = st.columns(2, gap="medium")
with left:
    by_kind = query(queries.prevention_counts, filters, ["cycle", "kind"])
    show_chart(figure(charts_prevention.activities_by, by_kind, "kind", title="Kegiatan per jenis dan siklus"),
               key="chart_kind")
    show_table_behind(charts_prevention.table_behind(by_kind), key="tbl_kind", title="Kegiatan per jenis")
with right:
    by_group = query(queries.prevention_counts, filters, ["cycle", "audience_group"])
    show_chart(figure(charts_prevention.activities_by, by_group, "audience_group",
                      title="Kegiatan per kelompok sasaran dan siklus"), key="chart_audience")
    show_table_behind(charts_prevention.table_behind(by_group), key="tbl_audience", title="Kegiatan per sasaran")

left, right = st.columns([1.2, 1], gap="medium")
with left:
    per_district = query(queries.prevention_counts, filters, ["district"])
    show_chart(figure(charts_prevention.activities_tile_map, per_district,
                      title="Kegiatan per kecamatan (peta petak 16 kecamatan)"), key="chart_tiles")
    show_table_behind(charts_prevention.table_behind(per_district), key="tbl_tiles", title="Kegiatan per kecamatan")
with right:
    st.markdown("##### Terlapor tanpa sosialisasi atau deklarasi")
    if unbriefed.empty:
        st.success("Setiap kecamatan yang mencatat terlapor juga mengadakan sosialisasi atau deklarasi pada siklus "
                   "yang sama.", icon=":material/check_circle:")
    else:
        lines = [f"- **{markdown_literal(cycle)}**: " + ", ".join(
            f"{markdown_literal(r.district)} ({format_number(int(r.persons))} terlapor)"
            for r in unbriefed[unbriefed["cycle"] == cycle].itertuples())
            for cycle in voc.cycle_names + [voc.cycle_unknown.name] if cycle in set(unbriefed["cycle"])]
        st.warning("Kecamatan yang mencatat terlapor tetapi tidak mengadakan sosialisasi atau deklarasi pada siklus "
                   "itu:  \n" + "  \n".join(lines), icon=":material/report:")
    st.caption(f"{PREVENTION_CITYWIDE}: {format_number(figures['citywide'])} kegiatan, tidak dihitung untuk "
               "kecamatan mana pun. Terlapor tanpa kecamatan juga tidak dihitung.")

st.subheader("Pencegahan dan terlapor per kecamatan")
cycles = [c for c in voc.cycle_names + [voc.cycle_unknown.name] if c in set(by_district["cycle"])]
comparison = charts_prevention.district_comparison(by_district, cycles, voc)
st.dataframe(comparison.style.apply(charts_prevention.unbriefed_styles, axis=None), hide_index=True,
             width="stretch", height=420, key="tbl_banding")
st.caption("Per siklus dan kecamatan: kegiatan pencegahan yang diadakan di kecamatan itu (di antaranya sosialisasi "
           "atau deklarasi) dan jumlah terlapor di kecamatan itu. Baris merah: ada terlapor, tetapi tidak ada "
           "sosialisasi atau deklarasi di kecamatan itu pada siklus itu.")

st.subheader("Daftar kegiatan")
prevention_export_controls(filters)
rows = query(queries.prevention_rows, filters)
rows = rows.assign(district=rows["district"].fillna(PREVENTION_CITYWIDE))
st.dataframe(rows, column_config=LIST_COLUMNS, column_order=list(LIST_COLUMNS), hide_index=True, width="stretch",
             height=min(420, 35 * (len(rows) + 1) + 3), placeholder="–", key="daftar_kegiatan")
st.caption(f"**{format_number(len(rows))} kegiatan**, urut tanggal (yang tanpa tanggal di akhir). Kolom "
           f"*{PREVENTION_LABELS['audience']}* dan *Kegiatan* ditulis seperti di register.")
