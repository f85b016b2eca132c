"""Laporan Supervisi: the written brief per election cycle, its key charts and the follow-up list, and the same
brief as PDF and PPTX for a supervision visit (built only when a download button is clicked).

The cycles come from the "Siklus pemilihan" filter (bound to ``?siklus=`` in the URL); the pills at the top set the
same filter. Names and NIP never appear here: the brief is built for a guest viewer.
"""

from pages.shared.startup import ensure_started

ensure_started()  # a first request after a server start may run this page without app.py

import streamlit as st

from netralitas import brief as briefs
from netralitas import charts, clock, queries, roles, signatories
from netralitas.formatting import format_number
from netralitas.literal import markdown_literal
from netralitas.report_pdf import render_pdf
from netralitas.report_pptx import render_pptx
from netralitas.vocab import vocabulary
from pages.shared.auth import current_viewer, record
from pages.shared.database import query
from pages.shared.downloads import MadeFile, audited  # the download is recorded in the audit trail
from pages.shared.figures import show_chart
from pages.shared.filters import current_filters, show_filters, sidebar_filters
from pages.shared.header import empty_state, page_header
from pages.shared.presentation import presentation_mode

PDF_MIME = "application/pdf"
PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _pick_cycles() -> None:
    """The pills set the cycle filter (in the URL, so the sidebar shows it too)."""
    show_filters(current_filters().with_(cycles=tuple(st.session_state.get("laporan_siklus") or ())))


def _signatory_settings() -> None:
    """Who signs the brief: shown to everyone; a role that may set it does so here (written to the settings file,
    audited)."""
    current = signatories.load()
    label = "Penanda tangan laporan" + ("" if all(s.is_set for s in current) else " (belum diatur)")
    with st.expander(label, icon=":material/draw:"):
        if not roles.may(current_viewer().role, roles.SET_SIGNATORY):
            st.markdown("  \n".join(
                f"**{markdown_literal(s.caption.rstrip(','))}**: {markdown_literal(s.position)} — "
                + (markdown_literal(s.name) if s.is_set else "*nama belum diatur*") for s in current))
            st.caption("Diatur oleh pimpinan. Nama yang belum diatur ditulis tangan pada PDF saat ditandatangani.")
            return
        with st.form("penanda_tangan", border=False):
            columns = st.columns(len(current))
            for column, s in zip(columns, current, strict=True):
                column.markdown(f"**{markdown_literal(s.caption.rstrip(','))}**")
                column.text_input("Jabatan", value=s.position, max_chars=signatories.MAX_POSITION,
                                  key=f"ttd_{s.key}_jabatan")
                column.text_input("Nama (dicetak di bawah tanda tangan)", value=s.name, max_chars=signatories.MAX_NAME,
                                  key=f"ttd_{s.key}_nama")
                column.text_input("NIP (kosongkan bila bukan ASN)", value=s.nip, max_chars=24, key=f"ttd_{s.key}_nip")
            saved = st.form_submit_button("Simpan penanda tangan", icon=":material/save:")
        if not saved:
            st.caption("Dicetak pada blok tanda tangan PDF dan slide penutup PPTX. Perubahan tercatat di jejak audit.")
            return
        state = st.session_state
        chosen = [signatories.Signatory(s.key, s.caption, state.get(f"ttd_{s.key}_jabatan", ""),
                                        state.get(f"ttd_{s.key}_nama", ""), state.get(f"ttd_{s.key}_nip", ""))
                  for s in current]
        try:
            signatories.save(chosen)
        except signatories.SignatoryError as exc:
            st.error(str(exc), icon=":material/error:")
        except OSError:
            st.error("Pengaturan penanda tangan tidak dapat disimpan (folder data tidak dapat ditulis).",
                     icon=":material/error:")
        else:
            record("penanda_tangan", {"sebelum": signatories.as_details(current),
                                      "sesudah": signatories.as_details(signatories.load())})
            st.success("Penanda tangan disimpan; laporan yang diunduh sesudah ini memuatnya.",
                       icon=":material/check_circle:")


filters = sidebar_filters()
page_header(
    "Laporan Supervisi", filters,
    caption="Bahan kunjungan supervisi: ringkasan tertulis per siklus, grafik utama dan daftar tindak lanjut, "
            "dapat diunduh sebagai PDF atau PPTX. Nama dan NIP terlapor tidak dicantumkan.",
)

projector = presentation_mode()
if not projector:
    voc = vocabulary()
    present = query(queries.headline_by_cycle, filters.with_(cycles=()))
    options = voc.cycle_names + ([voc.cycle_unknown.name] if voc.cycle_unknown.name in set(present["cycle"]) else [])
    st.session_state["laporan_siklus"] = [c for c in filters.cycles if c in options]
    st.pills("Siklus dalam laporan", options, selection_mode="multi", key="laporan_siklus", on_change=_pick_cycles,
             help="Tanpa pilihan: semua siklus yang berisi data. Sama dengan filter *Siklus pemilihan* di sidebar.")

if not projector:
    _signatory_settings()

generated = clock.now()
brief = briefs.build_brief(query, filters, today=generated.date(), generated_at=generated)

if not projector:
    persons = query(queries.total_persons, filters)  # the persons the brief covers, for the audit trail
    left, right, note = st.columns([1, 1, 2.4], vertical_alignment="center")
    left.download_button(
        "Unduh PDF", data=audited(lambda: MadeFile(render_pdf(brief), persons, brief.filters_text), current_viewer(),
                                  filters, "pdf", briefs.report_file_name(brief, "pdf"), True, "laporan supervisi"),
        file_name=briefs.report_file_name(brief, "pdf"),
        mime=PDF_MIME, on_click="ignore", icon=":material/picture_as_pdf:", type="primary", width="stretch",
        key="unduh_pdf", help="Laporan A4 untuk ditandatangani: halaman judul, ringkasan, grafik, lampiran.",
    )
    right.download_button(
        "Unduh PPTX", data=audited(lambda: MadeFile(render_pptx(brief), persons, brief.filters_text),
                                   current_viewer(), filters, "pptx", briefs.report_file_name(brief, "pptx"), True,
                                   "laporan supervisi"),
        file_name=briefs.report_file_name(brief, "pptx"),
        mime=PPTX_MIME, on_click="ignore", icon=":material/slideshow:", width="stretch", key="unduh_pptx",
        help="Paparan singkat; grafiknya grafik PowerPoint asli (data dapat diedit).",
    )
    note.caption(f"Dibuat {markdown_literal(brief.generated_text)} · Data: {markdown_literal(brief.dataset_marker)}. "
                 "Berkas dibuat saat tombol diklik.")

for paragraph in brief.overview:
    st.markdown(markdown_literal(paragraph))

if not brief.cycles:
    empty_state("Belum ada kasus untuk laporan ini.")
    st.stop()

if len(brief.comparison) > 1:
    show_chart(charts.cycles_side_by_side(brief.comparison, title="Perbandingan antarsiklus pemilihan"),
               key="sv_cycles")

for i, section in enumerate(brief.cycles):
    st.header(markdown_literal(section.cycle), divider="gray")
    for topic, body in section.paragraphs:
        st.markdown(f"**{markdown_literal(topic)}.** {markdown_literal(body)}")
        if topic == briefs.PREVENTION_TOPIC and not section.prevention.empty:
            with st.expander(f"Daftar kegiatan pencegahan ({format_number(len(section.prevention))})"):
                st.dataframe(briefs.prevention_table(section), hide_index=True, width="stretch",
                             key=f"sv_pencegahan_{i}")
    if section.is_empty:
        continue
    col_actor, col_funnel = st.columns(2, gap="medium")
    with col_actor:
        show_chart(charts.bar_by(section.actor_types, "actor_type", title="Terlapor per jenis pegawai",
                                 horizontal=True, height=340), key=f"sv_actor_{i}")
    with col_funnel:
        show_chart(charts.funnel_chart(section.funnel, title="Alur penanganan", height=340), key=f"sv_funnel_{i}")
    st.markdown("**Sanksi per tingkat (terlapor)**")
    st.dataframe(briefs.sanction_table(section), hide_index=True, width="content", key=f"sv_sanksi_{i}")

st.header("Daftar tindak lanjut", divider="gray")
follow = brief.follow_up_all()
if follow.empty:
    st.info("Tidak ada terlapor yang menunggu penjatuhan sanksi untuk filter laporan ini.",
            icon=":material/task_alt:")
else:
    st.markdown(f"**{format_number(len(follow))} terlapor** sudah diteruskan atau direkomendasikan tetapi belum "
                "dijatuhi sanksi — diurutkan dari yang paling lama menunggu.")
    show_chart(charts.follow_up_age_chart(queries.follow_up_buckets(follow), title="Lama menunggu", height=300),
               key="sv_age")
    st.dataframe(
        briefs.follow_up_table(follow), hide_index=True, width="stretch", key="sv_follow_up",
        column_config={"Hari menunggu": st.column_config.NumberColumn("Hari menunggu", format="%d")},
    )
