"""The supervision brief as a short 16:9 slide deck made with python-pptx only (offline).

Slides: title; key figures per cycle; per cycle its prevention work ("Upaya pencegahan": activities per kind as a
native chart beside the list of activities in date order), before the cases; one slide per chart (the cycles side
by side, actor types, most common violation types, the handling funnel, sanctions per severity, waiting times); the
follow-up list (oldest first); a closing slide. Charts are NATIVE PowerPoint charts with their data embedded, so
staff can restyle and edit them in PowerPoint or LibreOffice Impress. Each chart slide carries the brief's matching
sentences as speaker notes. Names and NIP never appear: the brief does not hold them. Every text reaches the deck
through :func:`netralitas.literal.visible_text` (python-pptx text is plain, but PowerPoint obeys a right-to-left
override or other control character in it; the deck shows them as ``[U+202E]``, as the pages do).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.dml.color import RGBColor
from pptx.enum.chart import XL_CHART_TYPE, XL_LABEL_POSITION, XL_LEGEND_POSITION
from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
from pptx.util import Emu, Inches, Pt

from netralitas.brief import (
    CONFIDENTIALITY,
    PREVENTION_TABLE_LABELS,
    PREVENTION_TOPIC,
    Brief,
    CycleBrief,
    follow_up_table,
    prevention_table,
)
from netralitas.charts import IMPOSED_FILL, RECOMMENDED_FILL
from netralitas.formatting import format_number
from netralitas.literal import visible_text
from netralitas.queries import SANCTION_IMPOSED, SANCTION_RECOMMENDED
from netralitas.vocab import vocabulary

SLIDE_WIDTH = Inches(13.333)
SLIDE_HEIGHT = Inches(7.5)
MARGIN = Inches(0.6)
FONT = "Arial"  # metric-compatible Liberation Sans stands in for it in LibreOffice
FOLLOW_UP_ROWS_PER_SLIDE = 8
FOLLOW_UP_MAX_SLIDES = 3

INK = RGBColor(0x1A, 0x1A, 0x1A)
MUTED = RGBColor(0x55, 0x55, 0x55)
ACCENT = RGBColor(0x7A, 0x1F, 0x1F)
DEMO_RED = RGBColor(0xB0, 0x00, 0x20)
WHITE = RGBColor(0xFF, 0xFF, 0xFF)
HEADER_FILL = RGBColor(0xE8, 0xEC, 0xF1)
ZEBRA = RGBColor(0xF6, 0xF7, 0xF9)
SANCTION_CHARTS_PER_SLIDE = 4

COMPARISON_METRICS = {"persons": "Terlapor", "proven": "Terbukti", "sanctioned": "Sanksi dijatuhkan",
                      "in_process": "Masih dalam proses", "not_proven": "Tidak terbukti"}


def _rgb(value: str | None, fallback: str = "4c78a8") -> RGBColor:
    text = (value or fallback).lstrip("#")
    try:
        return RGBColor.from_string(text.upper())
    except ValueError:
        return RGBColor.from_string(fallback.upper())


def _text(slide, left, top, width, height, text: str, size: int = 18, bold: bool = False,
          color: RGBColor = INK, align=PP_ALIGN.LEFT, anchor=MSO_ANCHOR.TOP):
    """A text box with one paragraph per line of ``text``."""
    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    frame.vertical_anchor = anchor
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        para.alignment = align
        run = para.add_run()
        run.text = visible_text(line)
        run.font.size = Pt(size)
        run.font.bold = bold
        run.font.name = FONT
        run.font.color.rgb = color
    return box


class _Deck:
    """Slide factory with the deck's furniture (title, demo marker, footer with confidentiality and number)."""

    def __init__(self, brief: Brief) -> None:
        self.brief = brief
        self.prs = Presentation()
        self.prs.slide_width = SLIDE_WIDTH
        self.prs.slide_height = SLIDE_HEIGHT
        self.prs.core_properties.title = f"{brief.title} — {brief.subtitle}"
        self.prs.core_properties.author = brief.organisation
        self.prs.core_properties.subject = brief.dataset_marker
        self.prs.core_properties.language = "id-ID"

    def slide(self, title: str, notes: str = ""):
        """A slide with a title (a real title placeholder, so outlines and screen readers see it)."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[5])
        shape = slide.shapes.title
        shape.left, shape.top, shape.width, shape.height = MARGIN, Inches(0.3), SLIDE_WIDTH - 2 * MARGIN, Inches(0.9)
        shape.text = visible_text(title)
        para = shape.text_frame.paragraphs[0]
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size = Pt(30)
            run.font.bold = True
            run.font.name = FONT
            run.font.color.rgb = ACCENT
        self._furniture(slide)
        if notes:
            slide.notes_slide.notes_text_frame.text = "\n".join(visible_text(line) for line in notes.split("\n"))
        return slide

    def _furniture(self, slide) -> None:
        brief = self.brief
        number = len(self.prs.slides)
        bottom = SLIDE_HEIGHT - Inches(0.45)
        _text(slide, MARGIN, bottom, SLIDE_WIDTH - 2 * MARGIN - Inches(1.0), Inches(0.35),
              f"{CONFIDENTIALITY} · Data: {brief.dataset_marker} · Dibuat {brief.generated_text}", size=9,
              color=DEMO_RED if brief.is_demo else MUTED)
        _text(slide, SLIDE_WIDTH - MARGIN - Inches(0.8), bottom, Inches(0.8), Inches(0.35), str(number), size=11,
              color=MUTED, align=PP_ALIGN.RIGHT)
        if brief.is_demo:
            _text(slide, SLIDE_WIDTH - MARGIN - Inches(3.5), Inches(0.08), Inches(3.5), Inches(0.35),
                  "DATA CONTOH (FIKTIF)", size=12, bold=True, color=DEMO_RED, align=PP_ALIGN.RIGHT)

    def chart(self, slide, chart_type, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]],
              legend: bool = True, labels: bool = True, top: Emu | None = None, height: Emu | None = None,
              point_colors: Sequence[str] | None = None, hide_zero_labels: bool = False, left: Emu | None = None,
              width: Emu | None = None, font_size: int = 16, title: str | None = None):
        """A native chart (editable data), by default filling the slide under the title."""
        data = CategoryChartData(number_format="#,##0")
        data.categories = [visible_text(c) for c in categories]
        for name, values, _ in series:
            data.add_series(visible_text(name), [int(v) for v in values])
        top = top if top is not None else Inches(1.3)
        height = height if height is not None else SLIDE_HEIGHT - top - Inches(0.7)
        left = left if left is not None else MARGIN
        width = width if width is not None else SLIDE_WIDTH - 2 * MARGIN
        frame = slide.shapes.add_chart(chart_type, left, top, width, height, data)
        chart = frame.chart
        chart.font.size = Pt(font_size)
        chart.font.name = FONT
        if title:
            chart.has_title = True
            chart.chart_title.text_frame.text = visible_text(title)
            for run in chart.chart_title.text_frame.paragraphs[0].runs:
                run.font.size = Pt(font_size + 2)
                run.font.bold = True
                run.font.name = FONT
        chart.has_legend = legend and len(series) > 1
        if chart.has_legend:
            chart.legend.position = XL_LEGEND_POSITION.TOP if not title else XL_LEGEND_POSITION.BOTTOM
            chart.legend.include_in_layout = False
            chart.legend.font.size = Pt(font_size)
        for plot in chart.plots:
            if hasattr(plot, "gap_width"):
                plot.gap_width = 60
            if labels:
                plot.has_data_labels = True
                dl = plot.data_labels
                dl.font.size = Pt(font_size - 2)
                dl.number_format = "#,##0;-#,##0;" if hide_zero_labels else "#,##0"
                dl.number_format_is_linked = False
                if chart_type in (XL_CHART_TYPE.BAR_CLUSTERED, XL_CHART_TYPE.COLUMN_CLUSTERED):
                    dl.position = XL_LABEL_POSITION.OUTSIDE_END
        for s, (_, _, color) in zip(chart.series, series, strict=True):
            s.format.fill.solid()
            s.format.fill.fore_color.rgb = _rgb(color)
            s.invert_if_negative = False
        if point_colors and len(series) == 1:
            for i, color in enumerate(point_colors):
                point = chart.series[0].points[i]
                point.format.fill.solid()
                point.format.fill.fore_color.rgb = _rgb(color)
        value_axis = chart.value_axis
        value_axis.has_major_gridlines = True
        value_axis.major_gridlines.format.line.color.rgb = RGBColor(0xDD, 0xDD, 0xDD)
        value_axis.tick_labels.font.size = Pt(font_size - 2)
        value_axis.tick_labels.number_format = "#,##0"
        value_axis.tick_labels.number_format_is_linked = False
        value_axis.minimum_scale = 0
        chart.category_axis.tick_labels.font.size = Pt(font_size)
        chart.category_axis.format.line.color.rgb = RGBColor(0xB0, 0xB0, 0xB0)
        return chart

    def table(self, slide, rows: list[list[str]], widths: Sequence[float], top: Emu | None = None,
              font_size: int = 16, numeric_cols: Sequence[int] = (), header_size: int | None = None,
              left: Emu | None = None, width: Emu | None = None):
        """A native table; ``widths`` are fractions of its width (by default the usable width of the slide)."""
        top = top if top is not None else Inches(1.4)
        left = left if left is not None else MARGIN
        total = width if width is not None else SLIDE_WIDTH - 2 * MARGIN
        row_height = Pt(font_size * 2.1)
        shape = slide.shapes.add_table(len(rows), len(rows[0]), left, top, total, row_height * len(rows))
        table = shape.table
        for j, w in enumerate(widths):
            table.columns[j].width = int(total * w)
        for i, row in enumerate(rows):
            table.rows[i].height = row_height
            for j, value in enumerate(row):
                cell = table.cell(i, j)
                cell.text = visible_text(str(value))
                cell.margin_left = cell.margin_right = Inches(0.08)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                cell.fill.solid()
                cell.fill.fore_color.rgb = HEADER_FILL if i == 0 else (ZEBRA if i % 2 == 0 else WHITE)
                for para in cell.text_frame.paragraphs:
                    para.alignment = PP_ALIGN.RIGHT if j in numeric_cols else PP_ALIGN.LEFT
                    for run in para.runs:
                        run.font.size = Pt(header_size or font_size) if i == 0 else Pt(font_size)
                        run.font.name = FONT
                        run.font.bold = i == 0
                        run.font.color.rgb = INK
        return table

    def save(self) -> bytes:
        buf = io.BytesIO()
        self.prs.save(buf)
        return buf.getvalue()


def _notes(brief: Brief, topic: str) -> str:
    """The brief's paragraphs on ``topic`` for every cycle, as speaker notes."""
    lines = []
    for c in brief.cycles:
        for t, body in c.paragraphs:
            if t == topic or (c.is_empty and t == "Jumlah kasus"):
                lines.append(f"{c.cycle}: {body}")
    return "\n\n".join(lines)


def _title_slide(deck: _Deck) -> None:
    brief = deck.brief
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(0.9), SLIDE_WIDTH - 2 * MARGIN, Inches(0.5), brief.organisation.upper(), size=20,
          bold=True, color=MUTED, align=PP_ALIGN.CENTER)
    _text(slide, MARGIN, Inches(1.6), SLIDE_WIDTH - 2 * MARGIN, Inches(1.0), brief.title.upper(), size=48, bold=True,
          color=ACCENT, align=PP_ALIGN.CENTER)
    _text(slide, MARGIN, Inches(2.65), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6), brief.subtitle, size=28,
          align=PP_ALIGN.CENTER)
    scope = ", ".join(brief.cycle_names) if brief.cycle_names else "Tidak ada siklus berisi data"
    _text(slide, MARGIN, Inches(3.4), SLIDE_WIDTH - 2 * MARGIN, Inches(0.6), f"Siklus: {scope}", size=24,
          align=PP_ALIGN.CENTER)
    y = Inches(4.3)
    if brief.is_demo:
        band = slide.shapes.add_shape(1, MARGIN, y, SLIDE_WIDTH - 2 * MARGIN, Inches(0.7))
        band.fill.solid()
        band.fill.fore_color.rgb = DEMO_RED
        band.line.fill.background()
        frame = band.text_frame
        frame.text = "DATA CONTOH (FIKTIF) — angka dalam paparan ini rekaan, bukan data sebenarnya"
        for run in frame.paragraphs[0].runs:
            run.font.size = Pt(22)
            run.font.bold = True
            run.font.name = FONT
            run.font.color.rgb = WHITE
        frame.paragraphs[0].alignment = PP_ALIGN.CENTER
        y = Inches(5.2)
    _text(slide, MARGIN, y, SLIDE_WIDTH - 2 * MARGIN, Inches(1.2),
          f"Dibuat {brief.generated_text}\nData: {brief.dataset_marker}\nFilter: {brief.filters_text}", size=16,
          color=MUTED, align=PP_ALIGN.CENTER)
    deck._furniture(slide)
    slide.notes_slide.notes_text_frame.text = "\n\n".join(brief.overview)


def _key_figures_slide(deck: _Deck) -> None:
    df = deck.brief.key_figures()
    slide = deck.slide("Angka utama per siklus", notes="\n\n".join(deck.brief.overview))
    rows = [list(df.columns)] + [[str(r[0]), *[format_number(int(v)) for v in r[1:]]]
                                 for r in df.itertuples(index=False)]
    n = len(df.columns) - 1
    deck.table(slide, rows, [0.18] + [0.82 / n] * n, font_size=20, header_size=13, numeric_cols=range(1, n + 1))
    _text(slide, MARGIN, SLIDE_HEIGHT - Inches(1.5), SLIDE_WIDTH - 2 * MARGIN,
          Inches(0.8), "Jumlah terlapor (orang), kecuali kolom Kasus (nomor register). Diteruskan = ke KASN/BKN atau "
          "lebih lanjut; Menunggu sanksi = sudah diteruskan/direkomendasikan, sanksi belum dijatuhkan.", size=14,
          color=MUTED)


PREVENTION_ROWS_PER_SLIDE = 8


def prevention_series(c: CycleBrief) -> tuple[list[str], list[tuple[str, list[int], str]]]:
    """The categories (the kinds of activity held, in vocabulary order) and the one series (activities, in the
    cycle's colour) of a cycle's prevention chart — ``queries.prevention_counts`` by kind of the cycle."""
    kinds = [str(k) for k in c.prevention_by_kind["kind"]]
    values = [int(v) for v in c.prevention_by_kind["activities"]]
    return kinds, [("Kegiatan", values, vocabulary().cycle_colors().get(c.cycle, "9e9e9e"))]


def _prevention_slides(deck: _Deck) -> None:
    """Per cycle with activities, before the cases: "Upaya pencegahan" — a native chart of the activities per kind
    beside the list of activities in date order (date, kind, audience as written, place); the paragraph as speaker
    notes. One slide saying so when no cycle has any."""
    held = [c for c in deck.brief.cycles if not c.prevention.empty]
    if not held:
        slide = deck.slide(PREVENTION_TOPIC, notes=_notes(deck.brief, PREVENTION_TOPIC))
        _text(slide, MARGIN, Inches(2.5), SLIDE_WIDTH - 2 * MARGIN, Inches(1.5),
              "Tidak tercatat kegiatan pencegahan untuk filter laporan ini.", size=26, align=PP_ALIGN.CENTER)
        return
    for c in held:
        notes = next((body for topic, body in c.paragraphs if topic == PREVENTION_TOPIC), "")
        slide = deck.slide(f"{PREVENTION_TOPIC} — {c.cycle}", notes=notes)
        categories, series = prevention_series(c)
        chart_width = Inches(4.6)
        chart = deck.chart(slide, XL_CHART_TYPE.BAR_CLUSTERED, categories, series, legend=False, width=chart_width,
                           font_size=14, title="Kegiatan per jenis")
        chart.category_axis.reverse_order = True  # the vocabulary's first kind on top
        table = prevention_table(c, labels=False)
        part = table.iloc[:PREVENTION_ROWS_PER_SLIDE]
        rows = [list(PREVENTION_TABLE_LABELS.values())]
        rows += [[r.held_on, r.kind, r.audience, r.place] for r in part.itertuples(index=False)]
        left = MARGIN + chart_width + Inches(0.3)
        deck.table(slide, rows, [0.17, 0.22, 0.33, 0.28], font_size=11, left=left, width=SLIDE_WIDTH - MARGIN - left)
        if len(table) > len(part):
            _text(slide, left, SLIDE_HEIGHT - Inches(1.1), SLIDE_WIDTH - MARGIN - left, Inches(0.4),
                  f"{format_number(len(part))} dari {format_number(len(table))} kegiatan, urut tanggal; daftar "
                  "lengkap ada pada laporan PDF.", size=12, color=MUTED)


def _series_per_cycle(brief: Brief, frame_of, category_col: str, value_col: str,
                      categories: Sequence[str]) -> list[tuple[str, list[int], str]]:
    colors = vocabulary().cycle_colors()
    out = []
    for c in brief.cycles:
        df = frame_of(c)
        counts = dict(zip(df[category_col].astype(str), df[value_col], strict=True)) if not df.empty else {}
        out.append((c.cycle, [int(counts.get(cat, 0)) for cat in categories], colors.get(c.cycle, "9e9e9e")))
    return out


def _comparison_slide(deck: _Deck) -> None:
    df = deck.brief.comparison
    colors = vocabulary().cycle_colors()
    series = [(str(r["cycle"]), [int(r[m]) for m in COMPARISON_METRICS], colors.get(str(r["cycle"]), "9e9e9e"))
              for _, r in df.iterrows()]
    slide = deck.slide("Perbandingan antarsiklus (jumlah terlapor)",
                       notes=_notes(deck.brief, "Perbandingan dengan siklus sebelumnya"))
    deck.chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, list(COMPARISON_METRICS.values()), series)


def _actor_slide(deck: _Deck) -> None:
    voc = vocabulary()
    present = {str(a) for c in deck.brief.cycles for a in c.actor_types["actor_type"]}
    categories = [a for a in voc.actor_type_names if a in present] + sorted(present - set(voc.actor_type_names))
    series = _series_per_cycle(deck.brief, lambda c: c.actor_types, "actor_type", "persons", categories)
    slide = deck.slide("Terlapor per jenis pegawai", notes=_notes(deck.brief, "Jumlah kasus dan terlapor"))
    deck.chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, categories, series)


def _violation_slide(deck: _Deck) -> None:
    slide = deck.slide("Jenis pelanggaran terbanyak per siklus", notes=_notes(deck.brief, "Jenis pelanggaran"))
    rows = [["Siklus", "Jenis pelanggaran (sesuai register)", "Terlapor"]]
    for c in deck.brief.cycles:
        if c.violation_types.empty:
            rows.append([c.cycle, "Tidak ada kasus", "0"])
        for r in c.violation_types.itertuples():
            rows.append([c.cycle, str(r.violation_type), format_number(int(r.persons))])
    font = 18 if len(rows) <= 10 else 14
    deck.table(slide, rows, [0.2, 0.65, 0.15], font_size=font, numeric_cols=(2,))


def _funnel_slide(deck: _Deck) -> None:
    stages = [str(s) for s in deck.brief.cycles[0].funnel["stage"]]
    series = _series_per_cycle(deck.brief, lambda c: c.funnel, "stage", "persons", stages)
    slide = deck.slide("Alur penanganan: dari temuan sampai sanksi", notes=_notes(deck.brief, "Penanganan"))
    deck.chart(slide, XL_CHART_TYPE.COLUMN_CLUSTERED, stages, series)


SANCTION_SLIDE_TITLE = "Sanksi per tingkat (terlapor)"
UNRANKED_CATEGORY = "Tingkat tidak tercatat"


def sanction_series(c: CycleBrief) -> tuple[list[str], list[tuple[str, list[int], str]]]:
    """The categories (the five sanctions light → heavy, then "Tingkat tidak tercatat" when a cycle has imposed
    sanctions without a recorded level) and the two series of a cycle's sanction chart: imposed, and only
    recommended so far — ``queries.sanctions_by_severity`` of the cycle."""
    names = vocabulary().sanction_names
    df = c.sanctions
    ranked = df[df["severity_rank"].notna()]
    by_name = {str(r.severity): (int(r.imposed), int(r.recommended_only)) for r in ranked.itertuples()}
    imposed = [by_name.get(n, (0, 0))[0] for n in names]
    recommended = [by_name.get(n, (0, 0))[1] for n in names]
    unranked = int(df.loc[df["severity_rank"].isna(), "imposed"].sum())
    categories = list(names)
    if unranked:
        categories.append(UNRANKED_CATEGORY)
        imposed.append(unranked)
        recommended.append(0)
    return categories, [(SANCTION_IMPOSED, imposed, IMPOSED_FILL), (SANCTION_RECOMMENDED, recommended,
                                                                       RECOMMENDED_FILL)]


def sanction_slides_needed(brief: Brief) -> int:
    """How many slides the sanction charts take (:data:`SANCTION_CHARTS_PER_SLIDE` cycles side by side)."""
    return max(1, -(-len(brief.cycles) // SANCTION_CHARTS_PER_SLIDE))


def _sanction_slides(deck: _Deck) -> None:
    """Per cycle a chart of its sanctions per level, imposed and only recommended stacked (the brief's split)."""
    cycles = deck.brief.cycles
    pages = sanction_slides_needed(deck.brief)
    gap = Inches(0.25)
    for page in range(pages):
        part = cycles[page * SANCTION_CHARTS_PER_SLIDE: (page + 1) * SANCTION_CHARTS_PER_SLIDE]
        title = SANCTION_SLIDE_TITLE + (f" ({page + 1}/{pages})" if pages > 1 else "")
        slide = deck.slide(title, notes=_notes(deck.brief, "Sanksi"))
        width = int((SLIDE_WIDTH - 2 * MARGIN - gap * (len(part) - 1)) / len(part))
        for i, c in enumerate(part):
            categories, series = sanction_series(c)
            chart = deck.chart(slide, XL_CHART_TYPE.BAR_STACKED, categories, series,
                               left=MARGIN + i * (width + gap), width=width, font_size=12 if len(part) > 2 else 14,
                               title=c.cycle, hide_zero_labels=True)
            chart.category_axis.reverse_order = True  # light → heavy from the top, as on the page and in the PDF


def _waiting_slide(deck: _Deck) -> None:
    buckets = [str(b) for b in deck.brief.cycles[0].follow_up_buckets["age_bucket"]]
    series = _series_per_cycle(deck.brief, lambda c: c.follow_up_buckets, "age_bucket", "persons", buckets)
    slide = deck.slide("Menunggu penjatuhan sanksi, menurut lama menunggu", notes=_notes(deck.brief, "Tindak lanjut"))
    deck.chart(slide, XL_CHART_TYPE.COLUMN_STACKED, buckets, series, hide_zero_labels=True)


def follow_up_slides_needed(total: int) -> int:
    """How many follow-up list slides a deck has for ``total`` waiting persons (one when there are none)."""
    if total == 0:
        return 1
    return min(FOLLOW_UP_MAX_SLIDES, -(-total // FOLLOW_UP_ROWS_PER_SLIDE))


def _follow_up_slides(deck: _Deck) -> None:
    follow = deck.brief.follow_up_all()
    if follow.empty:
        slide = deck.slide("Daftar tindak lanjut")
        _text(slide, MARGIN, Inches(2.5), SLIDE_WIDTH - 2 * MARGIN, Inches(1.5),
              "Tidak ada terlapor yang menunggu penjatuhan sanksi untuk filter laporan ini.", size=28,
              align=PP_ALIGN.CENTER)
        return
    table = follow_up_table(follow, labels=False)
    pages = follow_up_slides_needed(len(table))
    shown = min(len(table), pages * FOLLOW_UP_ROWS_PER_SLIDE)
    for page in range(pages):
        part = table.iloc[page * FOLLOW_UP_ROWS_PER_SLIDE: (page + 1) * FOLLOW_UP_ROWS_PER_SLIDE]
        if part.empty:
            break
        title = "Menunggu penjatuhan sanksi — terlama lebih dulu"
        if pages > 1:
            title += f" ({page + 1}/{pages})"
        slide = deck.slide(title, notes=_notes(deck.brief, "Tindak lanjut"))
        first = page * FOLLOW_UP_ROWS_PER_SLIDE + 1
        caption = (f"Terlapor {format_number(first)}–{format_number(first + len(part) - 1)} dari "
                   f"{format_number(len(table))}; hari dihitung sejak penerusan/rekomendasi/temuan. Nama dan NIP "
                   "tidak dicantumkan.")
        if shown < len(table):
            caption += " Daftar lengkap ada pada lampiran laporan PDF."
        _text(slide, MARGIN, Inches(1.1), SLIDE_WIDTH - 2 * MARGIN, Inches(0.4), caption, size=13, color=MUTED)
        rows = [["No. register", "Siklus", "Jenis pegawai", "Jabatan", "Instansi", "Hari"]]
        for r in part.itertuples(index=False):
            days = "–" if r.days_waiting is None or pd.isna(r.days_waiting) else format_number(int(r.days_waiting))
            rows.append([r.case_id, r.cycle, r.actor_type, r.position, r.agency, days])
        deck.table(slide, rows, [0.23, 0.11, 0.13, 0.22, 0.24, 0.07], font_size=13, top=Inches(1.55),
                   numeric_cols=(5,))


def _closing_slide(deck: _Deck) -> None:
    brief = deck.brief
    slide = deck.prs.slides.add_slide(deck.prs.slide_layouts[6])
    _text(slide, MARGIN, Inches(2.0), SLIDE_WIDTH - 2 * MARGIN, Inches(1.0), "Terima kasih", size=48, bold=True,
          color=ACCENT, align=PP_ALIGN.CENTER)
    _text(slide, MARGIN, Inches(3.0), SLIDE_WIDTH - 2 * MARGIN, Inches(2.0),
          f"{brief.organisation}\nSumber: Dasbor Netralitas ASN, data {brief.dataset_marker}\n"
          f"Dibuat {brief.generated_text}\n{CONFIDENTIALITY}", size=20, color=MUTED, align=PP_ALIGN.CENTER)
    _text(slide, MARGIN, Inches(5.2), SLIDE_WIDTH - 2 * MARGIN, Inches(1.2), signature_lines(brief), size=16,
          color=INK, align=PP_ALIGN.CENTER)
    deck._furniture(slide)


def signature_lines(brief: Brief) -> str:
    """Who is responsible for the deck, one line per signatory of the brief ("Disusun oleh: Koordinator … —
    Nama"); a signatory whose name is not set is said to be so."""
    lines = []
    for s in brief.signatories:
        who = f"{s.name}" + (f" ({s.nip_text})" if s.nip_text else "") if s.is_set else "nama belum diatur"
        lines.append(f"{s.caption.rstrip(',')}: {s.position} — {who}")
    return "\n".join(lines)


def render_pptx(brief: Brief) -> bytes:
    """The brief as a .pptx deck (bytes)."""
    deck = _Deck(brief)
    _title_slide(deck)
    if any(not c.is_empty for c in brief.cycles):
        _key_figures_slide(deck)
        _prevention_slides(deck)
        if len(brief.comparison) > 1:
            _comparison_slide(deck)
        _actor_slide(deck)
        _violation_slide(deck)
        _funnel_slide(deck)
        _sanction_slides(deck)
        _waiting_slide(deck)
        _follow_up_slides(deck)
    else:
        if any(not c.prevention.empty for c in brief.cycles):
            _prevention_slides(deck)
        slide = deck.slide("Tidak ada kasus")
        _text(slide, MARGIN, Inches(2.5), SLIDE_WIDTH - 2 * MARGIN, Inches(1.5),
              "\n".join(next(p for t, p in c.paragraphs if t != PREVENTION_TOPIC) for c in brief.cycles)
              or "Basis data belum berisi kasus pelanggaran netralitas ASN untuk filter ini.",
              size=26, align=PP_ALIGN.CENTER)
    _closing_slide(deck)
    return deck.save()


def prevention_slides_needed(brief: Brief) -> int:
    """How many "Upaya pencegahan" slides a deck has: one per cycle with activities, else one."""
    return max(1, sum(1 for c in brief.cycles if not c.prevention.empty))


def expected_slide_count(brief: Brief) -> int:
    """The number of slides :func:`render_pptx` makes for ``brief`` (for tests and the page's caption)."""
    if not any(not c.is_empty for c in brief.cycles):
        return 3 + (prevention_slides_needed(brief) if any(not c.prevention.empty for c in brief.cycles) else 0)
    charts = 4 + (1 if len(brief.comparison) > 1 else 0)  # comparison, actors, violations, funnel, waiting
    prevention = prevention_slides_needed(brief)
    return (1 + 1 + prevention + charts + sanction_slides_needed(brief)
            + follow_up_slides_needed(len(brief.follow_up_all())) + 1)
