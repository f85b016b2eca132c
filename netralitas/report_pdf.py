"""The supervision brief as an A4 PDF made with ReportLab only: no browser, no network, no font download.

Layout: a title page (scope, generation time in WIB, the dataset marker, key figures per cycle), an overview with
the cycles side by side, one section per cycle (opening with its prevention work — paragraph, activities per kind,
the list of activities in date order — then the brief's paragraphs on the cases and four charts), the follow-up
list as an appendix (a table whose header row repeats on every page), notes on method and a sign-off block. Every
page carries the confidentiality line, the dataset marker and "Halaman x dari y" in its footer.

Charts are ReportLab drawings (vector graphics embedded in the PDF, crisp when printed). Text is set in Bitstream
Vera, the TrueType family bundled with ReportLab. Names and NIP never appear: the brief does not hold them.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas as pdfcanvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Frame,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from netralitas import clock
from netralitas.brief import (
    CONFIDENTIALITY,
    PREVENTION_TABLE_LABELS,
    PREVENTION_TOPIC,
    Brief,
    CycleBrief,
    follow_up_table,
    prevention_table,
    sanction_table,
)
from netralitas.charts import age_colors, stage_colors
from netralitas.formatting import format_date_long, format_number
from netralitas.literal import reportlab_literal
from netralitas.queries import AGE_BUCKETS, KASN_TO_BKN_FROM
from netralitas.signatories import NOT_SET_NOTE, Signatory
from netralitas.vocab import vocabulary

FONT = "Vera"
FONT_BOLD = "Vera-Bold"
FONT_ITALIC = "Vera-Italic"
FONT_BOLD_ITALIC = "Vera-BoldItalic"
MARGIN_X = 1.8 * cm
MARGIN_TOP = 2.0 * cm
MARGIN_BOTTOM = 2.2 * cm
PAGE_WIDTH, PAGE_HEIGHT = A4
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM
# An appendix up to this share of a page shares the page of the method notes and signatures.
SHORT_APPENDIX = 0.4

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
ACCENT = colors.HexColor("#7a1f1f")
RULE = colors.HexColor("#b0b0b0")
HEADER_FILL = colors.HexColor("#e8ecf1")
ZEBRA = colors.HexColor("#f6f7f9")
DEMO_RED = colors.HexColor("#b00020")



def _legend(y: float, font_size: float, spacing: float, pairs: list) -> Legend:
    """A one-row chart legend at the top left of a drawing."""
    legend = Legend()
    legend.x = 0
    legend.y = y
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = FONT
    legend.fontSize = font_size
    legend.dx = legend.dy = font_size
    legend.deltax = spacing
    legend.boxAnchor = "nw"
    legend.colorNamePairs = pairs
    return legend

def _register_fonts() -> None:
    """Register the Vera family shipped inside the ReportLab package (found on its own font path)."""
    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    pdfmetrics.registerFont(TTFont(FONT, "Vera.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD, "VeraBd.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_ITALIC, "VeraIt.ttf"))
    pdfmetrics.registerFont(TTFont(FONT_BOLD_ITALIC, "VeraBI.ttf"))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=FONT_BOLD, italic=FONT_ITALIC, boldItalic=FONT_BOLD_ITALIC)


def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=14.5, textColor=INK, spaceAfter=6)
    return {
        "body": base,
        "small": ParagraphStyle("small", parent=base, fontSize=8.5, leading=11.5, textColor=MUTED),
        "cell": ParagraphStyle("cell", parent=base, fontSize=7.5, leading=9.5, spaceAfter=0),
        "cell_head": ParagraphStyle("cell_head", parent=base, fontName=FONT_BOLD, fontSize=7, leading=9,
                                    spaceAfter=0),
        "cell_head_num": ParagraphStyle("cell_head_num", parent=base, fontName=FONT_BOLD, fontSize=7, leading=9,
                                        spaceAfter=0, alignment=TA_RIGHT),
        "h1": ParagraphStyle("h1", parent=base, fontName=FONT_BOLD, fontSize=16, leading=20, spaceBefore=4,
                             spaceAfter=8, textColor=ACCENT),
        "h2": ParagraphStyle("h2", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16, spaceBefore=8,
                             spaceAfter=4),
        "cover_org": ParagraphStyle("cover_org", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                                    alignment=TA_CENTER, textColor=MUTED),
        "cover_title": ParagraphStyle("cover_title", parent=base, fontName=FONT_BOLD, fontSize=26, leading=32,
                                      alignment=TA_CENTER, textColor=ACCENT, spaceAfter=4),
        "cover_sub": ParagraphStyle("cover_sub", parent=base, fontSize=14, leading=19, alignment=TA_CENTER),
        "cover_info": ParagraphStyle("cover_info", parent=base, fontSize=10, leading=15, alignment=TA_CENTER),
        "demo": ParagraphStyle("demo", parent=base, fontName=FONT_BOLD, fontSize=12, leading=16,
                               alignment=TA_CENTER, textColor=colors.white, spaceAfter=0),
        "sign": ParagraphStyle("sign", parent=base, alignment=TA_CENTER, spaceAfter=0),
        "contents": ParagraphStyle("contents", parent=base, leftIndent=0.4 * cm, spaceAfter=1),
    }


def _p(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(reportlab_literal(text), style)


# ---- Page furniture ---------------------------------------------------------------------------------------------


class _NumberedCanvas(pdfcanvas.Canvas):
    """A canvas that knows the page count when it draws the footers ("Halaman 3 dari 9")."""

    def __init__(self, *args, **kwargs) -> None:
        self._brief: Brief = kwargs.pop("brief")
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []

    def showPage(self) -> None:  # noqa: N802 - ReportLab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            _draw_furniture(self, self._brief, self._pageNumber, total)
            super().showPage()
        super().save()


def _draw_furniture(c: pdfcanvas.Canvas, brief: Brief, page: int, total: int) -> None:
    c.saveState()
    y = MARGIN_BOTTOM - 0.9 * cm
    c.setStrokeColor(RULE)
    c.setLineWidth(0.5)
    c.line(MARGIN_X, y + 0.45 * cm, PAGE_WIDTH - MARGIN_X, y + 0.45 * cm)
    c.setFont(FONT_BOLD, 8)
    c.setFillColor(ACCENT)
    c.drawString(MARGIN_X, y, CONFIDENTIALITY)
    c.setFont(FONT, 8)
    c.setFillColor(MUTED)
    c.drawRightString(PAGE_WIDTH - MARGIN_X, y, f"Halaman {page} dari {total}")
    c.drawRightString(PAGE_WIDTH - MARGIN_X, y - 0.38 * cm, f"Dibuat {brief.generated_text}")
    if brief.is_demo:
        c.setFont(FONT_BOLD, 8)
        c.setFillColor(DEMO_RED)
    c.drawString(MARGIN_X, y - 0.38 * cm, f"Data: {brief.dataset_marker}")
    if page > 1:
        c.setFont(FONT, 8)
        c.setFillColor(MUTED)
        top = PAGE_HEIGHT - MARGIN_TOP + 0.6 * cm
        c.drawString(MARGIN_X, top, f"{brief.title} · {brief.subtitle}")
        if brief.is_demo:
            c.setFont(FONT_BOLD, 9)
            c.setFillColor(DEMO_RED)
            c.drawRightString(PAGE_WIDTH - MARGIN_X, top, "DATA CONTOH (FIKTIF)")
        c.setStrokeColor(RULE)
        c.line(MARGIN_X, top - 0.2 * cm, PAGE_WIDTH - MARGIN_X, top - 0.2 * cm)
    c.restoreState()


# ---- Charts -----------------------------------------------------------------------------------------------------


def _hex(value: str | None, fallback: str = "#4c78a8") -> colors.Color:
    try:
        return colors.HexColor(value or fallback)
    except (ValueError, TypeError):
        return colors.HexColor(fallback)


def _chart_title(d: Drawing, title: str) -> None:
    d.add(String(0, d.height - 11, title, fontName=FONT_BOLD, fontSize=9, fillColor=INK))


def _short(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def horizontal_bars(title: str, labels: Sequence[str], values: Sequence[int], fills: Sequence[str] | None = None,
                    width: float = 8.4 * cm, height: float = 5.6 * cm, label_width: float = 3.3 * cm,
                    stack: tuple[str, Sequence[int], str] | None = None, first_name: str = "",
                    first_fill: str = "#4c78a8") -> Drawing:
    """A titled horizontal bar chart, first label on top, each bar labelled with its count. ``stack`` adds a
    second series (name, values, colour) stacked on the first (then a legend names both)."""
    d = Drawing(width, height)
    _chart_title(d, title)
    totals = [int(v) + (int(stack[1][i]) if stack else 0) for i, v in enumerate(values)]
    if not values or max(totals) == 0:
        d.add(String(width / 2, height / 2, "Tidak ada data", fontName=FONT, fontSize=9, fillColor=MUTED,
                     textAnchor="middle"))
        return d
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 14
    chart.width = width - label_width - 28
    chart.height = height - (48 if stack else 34)
    chart.data = [list(reversed([int(v) for v in values]))]
    if stack:
        chart.data.append(list(reversed([int(v) for v in stack[1]])))
        chart.categoryAxis.style = "stacked"
    chart.categoryAxis.categoryNames = list(reversed([_short(str(x)) for x in labels]))
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 7.5
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.strokeColor = RULE
    chart.categoryAxis.tickLeft = 0
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = max(totals) * 1.18
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e3e3")
    chart.valueAxis.labelTextFormat = lambda v: format_number(v)
    chart.barWidth = 6
    chart.groupSpacing = 4
    chart.bars.strokeColor = None
    chart.bars[0].fillColor = _hex(first_fill)
    if fills:
        for i, fill in enumerate(reversed(list(fills))):
            chart.bars[(0, i)].fillColor = _hex(fill)
    d.add(chart)
    # the total of each bar, written just past its end
    step = chart.height / max(len(values), 1)
    for i, total in enumerate(reversed(totals)):
        x = chart.x + chart.width * total / chart.valueAxis.valueMax + 3
        d.add(String(x, chart.y + step * (i + 0.5) - 2.6, format_number(total), fontName=FONT_BOLD, fontSize=7.5,
                     fillColor=INK))
    if stack:
        chart.bars[1].fillColor = _hex(stack[2])
        legend = _legend(height - 18, 7.5, 80, [(_hex(first_fill), first_name), (_hex(stack[2]), stack[0])])
        d.add(legend)
    return d


def grouped_columns(title: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int], str]],
                    width: float = TEXT_WIDTH, height: float = 7.2 * cm, stacked: bool = False) -> Drawing:
    """A titled column chart with one series per (name, values, colour), a legend under the title."""
    d = Drawing(width, height)
    _chart_title(d, title)
    values = [int(v) for _, vals, _ in series for v in vals]
    if not values or max(values) == 0:
        d.add(String(width / 2, height / 2, "Tidak ada data", fontName=FONT, fontSize=9, fillColor=MUTED,
                     textAnchor="middle"))
        return d
    chart = VerticalBarChart()
    chart.x = 30
    chart.y = 26
    chart.width = width - 40
    chart.height = height - 70
    chart.data = [[int(v) for v in vals] for _, vals, _ in series]
    chart.categoryAxis.categoryNames = [str(c) for c in categories]
    chart.categoryAxis.labels.fontName = FONT
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.dy = -4
    chart.categoryAxis.strokeColor = RULE
    top = (max(sum(col) for col in zip(*chart.data, strict=True)) if stacked else max(values))
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = top * 1.18
    chart.valueAxis.labels.fontName = FONT
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.strokeColor = RULE
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colors.HexColor("#e3e3e3")
    chart.valueAxis.labelTextFormat = lambda v: format_number(v)
    chart.bars.strokeColor = None
    chart.groupSpacing = 10
    chart.barSpacing = 1
    if stacked:
        chart.categoryAxis.style = "stacked"
    else:
        chart.barLabelFormat = lambda v: format_number(v)
        chart.barLabels.fontName = FONT
        chart.barLabels.fontSize = 7
        chart.barLabels.nudge = 6
    for i, (_, _, fill) in enumerate(series):
        chart.bars[i].fillColor = _hex(fill)
    d.add(chart)
    legend = _legend(height - 22, 8, 95, [(_hex(fill), name) for name, _, fill in series])
    d.add(legend)
    return d


def comparison_chart(brief: Brief, width: float = TEXT_WIDTH, height: float = 7.2 * cm) -> Drawing:
    """The cycles side by side: terlapor, terbukti, sanksi dijatuhkan, masih dalam proses, tidak terbukti."""
    voc = vocabulary()
    metrics = {"persons": "Terlapor", "proven": "Terbukti", "sanctioned": "Sanksi dijatuhkan",
               "in_process": "Dalam proses", "not_proven": "Tidak terbukti"}
    df = brief.comparison
    colors_by_cycle = voc.cycle_colors()
    series = [(str(r["cycle"]), [int(r[m]) for m in metrics], colors_by_cycle.get(str(r["cycle"]), "#9e9e9e"))
              for _, r in df.iterrows()]
    return grouped_columns("Perbandingan antarsiklus (jumlah terlapor)", list(metrics.values()), series,
                           width=width, height=height)


def _sanction_block(c: CycleBrief, styles: dict[str, ParagraphStyle]) -> list:
    """The titled sanction table of a cycle (a cell of the chart grid): imposed apart from only recommended."""
    df = sanction_table(c)
    rows = [list(df.columns), *[[r[0], *[int(v) for v in r[1:]]] for r in df.itertuples(index=False)]]
    table = _table(rows, [2.5 * cm, 1.8 * cm, 2.8 * cm, 1.2 * cm], styles, numeric_cols=(1, 2, 3), font_size=8)
    table.setStyle(TableStyle([("FONTNAME", (0, len(rows) - 1), (-1, len(rows) - 1), FONT_BOLD),
                               ("BACKGROUND", (0, len(rows) - 1), (-1, len(rows) - 1), HEADER_FILL)]))
    title = Paragraph("<b>Sanksi per tingkat (terlapor)</b>", ParagraphStyle("chart_title", parent=styles["body"],
                                                                             fontSize=9, leading=12, spaceAfter=4))
    return [title, table]


def cycle_charts(c: CycleBrief) -> Table:
    """The cycle's charts and its sanction table in a 2 × 2 grid: actor types, handling funnel, sanctions per
    level (imposed / only recommended), waiting times."""
    voc = vocabulary()
    actor_colors = voc.actor_colors()
    actors = horizontal_bars(
        "Terlapor per jenis pegawai", [str(a) for a in c.actor_types["actor_type"]],
        [int(v) for v in c.actor_types["persons"]],
        [actor_colors.get(str(a), "#7f7f7f") for a in c.actor_types["actor_type"]],
    )
    stages = [str(s) for s in c.funnel["stage"]]
    funnel = horizontal_bars("Alur penanganan (terlapor)", stages, [int(v) for v in c.funnel["persons"]],
                             stage_colors(stages), label_width=3.5 * cm)
    sanctions = _sanction_block(c, _styles())
    buckets = c.follow_up_buckets
    ages = horizontal_bars("Menunggu sanksi, menurut lama menunggu", [str(b) for b in buckets["age_bucket"]],
                           [int(v) for v in buckets["persons"]], age_colors([str(b) for b in buckets["age_bucket"]]),
                           label_width=3.6 * cm)
    grid = Table([[actors, funnel], [sanctions, ages]], colWidths=[TEXT_WIDTH / 2] * 2,
                 rowHeights=[6.0 * cm, 6.0 * cm])
    grid.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0),
                              ("RIGHTPADDING", (0, 0), (-1, -1), 4)]))
    return grid


# ---- Tables -----------------------------------------------------------------------------------------------------


def _table(rows: list[list], col_widths: Sequence[float], styles: dict[str, ParagraphStyle],
           numeric_cols: Sequence[int] = (), font_size: float = 7.5, table_class: type[Table] = Table) -> Table:
    """A table whose header row repeats on every page it spans; long cells wrap."""
    cell = ParagraphStyle("cell_sized", parent=styles["cell"], fontSize=font_size, leading=font_size + 2)
    head = [Paragraph(reportlab_literal(str(h)),
                      styles["cell_head_num"] if i in numeric_cols else styles["cell_head"])
            for i, h in enumerate(rows[0])]
    body = [[Paragraph(reportlab_literal(str(v)), cell) if i not in numeric_cols else format_number(v)
             if isinstance(v, int) else str(v) for i, v in enumerate(r)] for r in rows[1:]]
    t = table_class([head, *body], colWidths=list(col_widths), repeatRows=1, splitByRow=1)
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, RULE),
        ("LINEBELOW", (0, -1), (-1, -1), 0.8, RULE),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("FONTNAME", (0, 1), (-1, -1), FONT),
        ("FONTSIZE", (0, 1), (-1, -1), font_size),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    for col in numeric_cols:
        style.append(("ALIGN", (col, 1), (col, -1), "RIGHT"))
    for i in range(1, len(rows)):
        if i % 2 == 0:
            style.append(("BACKGROUND", (0, i), (-1, i), ZEBRA))
    t.setStyle(TableStyle(style))
    return t


def key_figures_table(brief: Brief, styles: dict[str, ParagraphStyle]) -> Table:
    """Key figures per cycle (cases, persons, proven, forwarded, recommended, sanctioned, waiting)."""
    df = brief.key_figures()
    rows = [list(df.columns)] + [[str(r[0]), *[int(v) for v in r[1:]]] for r in df.itertuples(index=False)]
    widths = [2.6 * cm] + [(TEXT_WIDTH - 2.6 * cm) / (len(df.columns) - 1)] * (len(df.columns) - 1)
    return _table(rows, widths, styles, numeric_cols=range(1, len(df.columns)), font_size=9.5)


def follow_up_rows(df: pd.DataFrame) -> list[list]:
    """Rows of the follow-up appendix: number, register no., cycle, actor type, position, agency, since, days."""
    table = follow_up_table(df, labels=False)
    header = ["No.", "No. register", "Siklus", "Jenis pegawai", "Jabatan", "Instansi", "Sejak", "Hari"]
    rows: list[list] = [header]
    for i, r in enumerate(table.itertuples(index=False), start=1):
        days = "–" if r.days_waiting is None or pd.isna(r.days_waiting) else int(r.days_waiting)
        rows.append([i, r.case_id, r.cycle, r.actor_type, r.position, r.agency, r.waiting_since, days])
    return rows


FOLLOW_UP_WIDTHS = [0.8 * cm, 4.6 * cm, 2.0 * cm, 1.9 * cm, 2.4 * cm, 2.8 * cm, 1.8 * cm, 1.1 * cm]


# ---- The document -----------------------------------------------------------------------------------------------


def _cover(brief: Brief, styles: dict[str, ParagraphStyle]) -> list:
    story: list = [Spacer(1, 1.2 * cm), _p(brief.organisation.upper(), styles["cover_org"]), Spacer(1, 0.6 * cm),
                   _p(brief.title.upper(), styles["cover_title"]), _p(brief.subtitle, styles["cover_sub"]),
                   Spacer(1, 0.3 * cm)]
    scope = ", ".join(brief.cycle_names) if brief.cycle_names else "Tidak ada siklus berisi data"
    story.append(_p(f"Siklus: {scope}", styles["cover_sub"]))
    story.append(Spacer(1, 0.8 * cm))
    if brief.is_demo:
        box = Table([[_p("DATA CONTOH (FIKTIF) — angka dalam laporan ini rekaan, bukan data sebenarnya",
                         styles["demo"])]], colWidths=[TEXT_WIDTH])
        box.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), DEMO_RED), ("TOPPADDING", (0, 0), (-1, -1), 8),
                                 ("BOTTOMPADDING", (0, 0), (-1, -1), 8)]))
        story += [box, Spacer(1, 0.5 * cm)]
    info = [
        f"Dibuat: {brief.generated_text}",
        f"Data: {brief.dataset_marker}",
        f"Filter: {brief.filters_text}",
    ]
    story += [_p(line, styles["cover_info"]) for line in info]
    story.append(Spacer(1, 0.9 * cm))
    if brief.cycles:
        story.append(_p("Angka utama per siklus (jumlah terlapor, kecuali kolom Kasus)", styles["h2"]))
        story.append(key_figures_table(brief, styles))
    if brief.cycles:
        contents = (["1. Ringkasan"] + [f"{i}. {c.cycle}" for i, c in enumerate(brief.cycles, start=2)]
                    + ["Catatan metode dan pengesahan", "Lampiran: daftar terlapor yang menunggu penjatuhan sanksi"])
        story += [Spacer(1, 0.6 * cm), _p("Isi laporan", styles["h2"])]
        story += [_p(line, styles["contents"]) for line in contents]
    story.append(Spacer(1, 1.0 * cm))
    story.append(Paragraph(f"<b>{reportlab_literal(CONFIDENTIALITY)}.</b> Dokumen ini memuat data penanganan "
                           "pelanggaran yang dikecualikan dari informasi publik; jangan diedarkan di luar keperluan "
                           "supervisi.",
                           styles["small"]))
    return story


PREVENTION_WIDTHS = [0.8 * cm, 2.3 * cm, 3.1 * cm, 5.3 * cm, 5.9 * cm]


def prevention_rows(c: CycleBrief) -> list[list]:
    """Rows of a cycle's list of prevention activities: number, date, kind, audience as written, place."""
    rows: list[list] = [["No.", *PREVENTION_TABLE_LABELS.values()]]
    for i, r in enumerate(prevention_table(c, labels=False).itertuples(index=False), start=1):
        rows.append([i, r.held_on, r.kind, r.audience, r.place])
    return rows


def _heading_with_next(styles: dict[str, ParagraphStyle]) -> ParagraphStyle:
    """The section heading that never ends a page: it stays with what follows it."""
    return ParagraphStyle("h2_with_next", parent=styles["h2"], keepWithNext=1)


def _prevention_block(c: CycleBrief, styles: dict[str, ParagraphStyle]) -> list:
    """The prevention work that opens a cycle: its paragraph, the activities per kind (a chart in the cycle's colour)
    and the list of activities in date order."""
    story: list = [_p(PREVENTION_TOPIC, _heading_with_next(styles))]
    story += [_p(body, styles["body"]) for topic, body in c.paragraphs if topic == PREVENTION_TOPIC]
    if c.prevention.empty:
        return story
    kinds = [str(k) for k in c.prevention_by_kind["kind"]]
    fill = vocabulary().cycle_colors().get(c.cycle, "#4c78a8")
    chart = horizontal_bars("Kegiatan pencegahan per jenis", kinds,
                            [int(v) for v in c.prevention_by_kind["activities"]], [fill] * len(kinds),
                            width=TEXT_WIDTH, height=(1.3 + 0.55 * len(kinds)) * cm, label_width=3.6 * cm)
    for bars in chart.contents:
        if isinstance(bars, HorizontalBarChart) and bars.valueAxis.valueMax <= 10:
            bars.valueAxis.valueStep = 1  # whole activities on the axis, never 0,2 … written as "0"
    story += [KeepTogether([chart]), Spacer(1, 0.15 * cm),
              _table(prevention_rows(c), PREVENTION_WIDTHS, styles, numeric_cols=(0,)), Spacer(1, 0.2 * cm)]
    return story


def _cycle_section(number: int, c: CycleBrief, styles: dict[str, ParagraphStyle]) -> list:
    story: list = [CondPageBreak(8 * cm), _p(f"{number}. {c.cycle}", styles["h1"])]
    story += _prevention_block(c, styles)
    story.append(_p("Pelanggaran dan penanganannya", _heading_with_next(styles)))
    for topic, body in c.paragraphs:
        if topic != PREVENTION_TOPIC:
            story.append(Paragraph(f"<b>{reportlab_literal(topic)}.</b> {reportlab_literal(body)}", styles["body"]))
    if not c.is_empty:
        story += [Spacer(1, 0.2 * cm), KeepTogether([cycle_charts(c)])]
    return story


def _method(styles: dict[str, ParagraphStyle]) -> list:
    cutover = format_date_long(KASN_TO_BKN_FROM)
    notes = [
        ("Kegiatan pencegahan", "kegiatan dari register pencegahan (sosialisasi, imbauan, deklarasi/ikrar, pakta "
                                "integritas, rapat koordinasi, patroli pengawasan, lainnya), menurut siklus, "
                                "kecamatan, tanggal kegiatan dan sumber data; filter jenis pegawai, tingkat sanksi "
                                "dan pencarian hanya berlaku untuk terlapor."),
        ("Terlapor", "satu orang dalam satu kasus; satu kasus (satu nomor register) dapat menyebut beberapa "
                     "terlapor."),
        ("Terbukti", "terlapor dengan sanksi tercatat, atau rekomendasi/status yang menyatakan terbukti melanggar."),
        ("Diteruskan", "terlapor yang penanganannya sudah sampai tahap penerusan ke KASN/BKN atau lebih lanjut. "
                       "Tujuan penerusan diambil dari status penanganan; bila status sudah melewati tahap "
                       f"penerusan, dari tanggal penerusan (sebelum {cutover} ke KASN, sejak itu ke BKN), "
                       f"atau ke BKN bila tanggal temuan/laporannya sudah sejak {cutover}."),
        ("Sanksi dijatuhkan", "sanksi yang sudah dijatuhkan PPK; sanksi yang baru direkomendasikan dihitung "
                              "terpisah. Tingkat sanksi: " + ", ".join(vocabulary().sanction_names) + "."),
        ("Menunggu sanksi", "terlapor yang sudah diteruskan atau direkomendasikan tetapi belum dijatuhi sanksi. "
                            "Lama menunggu dihitung sejak tanggal penerusan, atau tanggal rekomendasi, atau tanggal "
                            "temuan/laporan bila tanggal sebelumnya tidak tercatat; kelompok lama menunggu: "
                            + ", ".join(label for _, _, label in AGE_BUCKETS) + "."),
    ]
    story: list = [_p("Catatan metode", styles["h1"])]
    for term, text in notes:
        story.append(Paragraph(f"<b>{reportlab_literal(term)}</b>: {reportlab_literal(text)}", styles["body"]))
    return story


def _signature(signatory: Signatory, styles: dict[str, ParagraphStyle]) -> list:
    """One column of the signature block: caption and position, room for the wet signature and the stamp, then
    the name (bold, underlined) and the NIP — or, when no name is set, a line to write it on."""
    cell: list = [_p(signatory.caption, styles["sign"]), _p(signatory.position, styles["sign"]),
                  Spacer(1, 2.2 * cm)]
    if signatory.is_set:
        cell.append(Paragraph(f"<b><u>{reportlab_literal(signatory.name)}</u></b>", styles["sign"]))
        if signatory.nip_text:
            cell.append(_p(signatory.nip_text, styles["sign"]))
    else:
        cell.append(_p("_" * 34, styles["sign"]))
    return cell


def _sign_off(brief: Brief, styles: dict[str, ParagraphStyle]) -> list:
    """The signature block: place and date (WIB) above the right column, one column per signatory; when a name is
    not set, a line says so under the block (the name is then written by hand)."""
    place = f"Semarang, {format_date_long(clock.to_wib(brief.generated_at))}"
    columns = [_signature(s, styles) for s in brief.signatories]
    t = Table([["", _p(place, styles["sign"])], columns], colWidths=[TEXT_WIDTH / len(columns)] * len(columns))
    t.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("BOTTOMPADDING", (0, 0), (-1, 0), 6)]))
    block: list = [t]
    if not brief.is_signed:
        block += [Spacer(1, 0.3 * cm), _p(NOT_SET_NOTE, styles["small"])]
    return block


class _AppendixTable(Table):
    """The follow-up appendix table, noting as it is drawn how many of its rows land on which page (a table split
    over pages is drawn as one fragment per page, each of this class)."""

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - ReportLab's names
        placed = getattr(canvas, "appendix_rows", None)
        if placed is not None:
            placed.append((canvas.getPageNumber(), len(self._cellvalues) - self.repeatRows))
        return super().drawOn(canvas, x, y, _sW)


# The last page of the appendix holds at least this many rows: rows move over from the page before rather than a
# page carrying one or two of them.
MIN_LAST_PAGE_ROWS = 8


def _appendix(follow: pd.DataFrame, styles: dict[str, ParagraphStyle], break_before: int | None) -> list:
    """The appendix table; with ``break_before``, split into two tables with a page break before that data row
    (both with the header row)."""
    rows = follow_up_rows(follow)
    parts = [rows] if break_before is None else [rows[: break_before + 1], [rows[0], *rows[break_before + 1:]]]
    story: list = []
    for i, part in enumerate(parts):
        if i:
            story.append(PageBreak())
        story.append(_table(part, FOLLOW_UP_WIDTHS, styles, numeric_cols=(0, 7), table_class=_AppendixTable))
    return story


def last_page_break(placed: Sequence[tuple[int, int]]) -> int | None:
    """Where to break the appendix so that its last page holds :data:`MIN_LAST_PAGE_ROWS` rows, from how its rows
    fell on pages in a first layout ((page, rows) per fragment); None when it needs no help (one page, or enough
    rows on the last one)."""
    if len(placed) < 2 or placed[-1][1] >= MIN_LAST_PAGE_ROWS:
        return None
    total = sum(rows for _, rows in placed)
    moved = min(MIN_LAST_PAGE_ROWS - placed[-1][1], placed[-2][1] - 1)
    return total - placed[-1][1] - moved


def build_story(brief: Brief, break_before: int | None = None) -> list:
    """The flowables of the whole report (``break_before``: see :func:`_appendix`)."""
    styles = _styles()
    story = _cover(brief, styles)
    story += [NextPageTemplate("body"), PageBreak(), _p("1. Ringkasan", styles["h1"])]
    story += [_p(text, styles["body"]) for text in brief.overview]
    if len(brief.comparison) > 1:
        story += [Spacer(1, 0.2 * cm), comparison_chart(brief)]
    for i, c in enumerate(brief.cycles, start=2):
        story += _cycle_section(i, c, styles)
    # The method notes and the signatures stay together: on the last page of the report, or on a page of their own
    # (never a page holding only the last note and the signatures). The appendix starts on a new page; a short one
    # (up to SHORT_APPENDIX of a page, and all of it fitting with them on one page) joins them instead, so that no
    # page carries only a row or two of it.
    closing = [*_method(styles), Spacer(1, 0.5 * cm), *_sign_off(brief, styles)]
    follow = brief.follow_up_all()
    appendix: list = [_p("Lampiran: daftar terlapor yang menunggu penjatuhan sanksi", styles["h1"])]
    if follow.empty:
        appendix.append(_p("Tidak ada terlapor yang menunggu penjatuhan sanksi untuk filter laporan ini.",
                           styles["body"]))
    else:
        appendix.append(_p(f"Diurutkan dari yang paling lama menunggu. Jumlah: {format_number(len(follow))} "
                           "terlapor. Nama dan NIP tidak dicantumkan.", styles["small"]))
        appendix += _appendix(follow, styles, break_before)
    gap = Spacer(1, 0.8 * cm)
    short = _height(appendix) <= SHORT_APPENDIX * FRAME_HEIGHT
    if short and _height([*closing, gap, *appendix]) <= FRAME_HEIGHT:
        story.append(KeepTogether([*closing, gap, *appendix]))
    else:
        story += [KeepTogether(closing), PageBreak(), *appendix]
    return story


def _height(flowables: Sequence) -> float:
    """The height the flowables take in the text frame, laid out one under the other."""
    return sum(f.wrap(TEXT_WIDTH, FRAME_HEIGHT)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)


def render_pdf(brief: Brief) -> bytes:
    """The brief as PDF bytes (A4). Laid out a second time when the appendix would end with a page of only a few
    rows, breaking it earlier so that its last page holds :data:`MIN_LAST_PAGE_ROWS` rows."""
    _register_fonts()
    data, placed = _render(brief, None)
    split = last_page_break(placed)
    return data if split is None else _render(brief, split)[0]


def _render(brief: Brief, break_before: int | None) -> tuple[bytes, list[tuple[int, int]]]:
    """One layout of the report: its bytes and where the appendix rows fell ((page, rows) per fragment)."""
    buf = io.BytesIO()
    placed: list[tuple[int, int]] = []

    def canvas(*args, **kwargs) -> _NumberedCanvas:
        made = _NumberedCanvas(*args, brief=brief, **kwargs)
        made.appendix_rows = placed
        return made

    doc = BaseDocTemplate(
        buf, pagesize=A4, leftMargin=MARGIN_X, rightMargin=MARGIN_X, topMargin=MARGIN_TOP,
        bottomMargin=MARGIN_BOTTOM, title=f"{brief.title} — {brief.subtitle}", author=brief.organisation,
        subject=f"{', '.join(brief.cycle_names)} · {brief.dataset_marker}", creator="Dasbor Netralitas ASN",
        lang="id-ID",
    )
    frame = Frame(MARGIN_X, MARGIN_BOTTOM, TEXT_WIDTH, FRAME_HEIGHT, id="main",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    doc.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame])])
    doc.build(build_story(brief, break_before), canvasmaker=canvas)
    return buf.getvalue(), placed
