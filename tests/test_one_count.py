"""One count of sanctions everywhere: for the same filter, every figure on screen equals the same figure in the
brief (PDF text), the deck (PPTX chart data and tables) and the export (xlsx Ringkasan and Rekap).

The screen is read as a user sees it (AppTest metric values and the data of the charts), the PDF by its text
(pypdf, layout mode), the deck through python-pptx and the workbook through openpyxl. Imposed sanctions and
sanctions only recommended so far are compared apart, per cycle and per level, on the bundled demo data (which
holds both).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import re
from pathlib import Path

import duckdb
import openpyxl
import pytest
from pptx import Presentation
from pypdf import PdfReader
from streamlit.testing.v1 import AppTest

from netralitas import brief as briefs
from netralitas import clock, export, queries
from netralitas.queries import SANCTION_IMPOSED, SANCTION_RECOMMENDED, Filters, Viewer
from netralitas.report_pdf import render_pdf
from netralitas.report_pptx import SANCTION_SLIDE_TITLE, render_pptx
from netralitas.vocab import vocabulary

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
INSTANT = dt.datetime(2026, 3, 2, 3, 0, tzinfo=dt.UTC)
SANCTIONS = vocabulary().sanction_names
CASES = {
    "semua": {},
    "satu_siklus": {"siklus": ["Pemilu 2024"]},
    "siklus_dan_pegawai": {"siklus": ["Pemilu 2024"], "pegawai": ["PPPK"]},
    "kecamatan": {"kecamatan": ["Tembalang"]},
    "rentang_tanggal": {"dari": ["2023-06-01"], "sampai": ["2024-10-31"]},
}

FAST_CASE = "siklus_dan_pegawai"

Split = dict[str, tuple[int, int]]  # sanction level → (imposed, only recommended)


def number(text: str) -> int:
    return int(text.replace(".", ""))


# ---- the screen --------------------------------------------------------------------------------------------------


def open_page(db: Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    if page != "pages/ringkasan.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, int]:
    return {m.label: number(m.value) for m in at.metric if re.fullmatch(r"[\d.]+", m.value)}


def chart(at: AppTest, title: str) -> dict:
    for element in at.get("plotly_chart"):
        spec = json.loads(element.proto.spec)
        if ((spec.get("layout") or {}).get("title") or {}).get("text") == title:
            return spec
    raise AssertionError(f"no chart titled {title!r}")


def split_of_distribution(spec: dict) -> Split:
    """Imposed and recommended per level from a "Tingkat sanksi dan hasil penanganan" chart."""
    traces = {t["name"]: t for t in spec["data"]}
    imposed, recommended = traces[SANCTION_IMPOSED], traces[SANCTION_RECOMMENDED]
    return {level: (int(i), int(r)) for level, i, r in zip(imposed["y"], imposed["x"], recommended["x"], strict=True)}


def split_of_breakdown(spec: dict) -> dict[str, Split]:
    """Per category (e.g. cycle) imposed and recommended per level from a breakdown by severity."""
    out: dict[str, Split] = {}
    for trace in spec["data"]:
        for value, custom in zip(trace["x"], trace["customdata"], strict=True):
            category, level, state = custom
            if level not in SANCTIONS or category is None:
                continue
            imposed, recommended = out.setdefault(category, {}).get(level, (0, 0))
            if state == SANCTION_IMPOSED:
                imposed += int(value)
            elif state == SANCTION_RECOMMENDED:
                recommended += int(value)
            out[category][level] = (imposed, recommended)
    return {c: {level: split.get(level, (0, 0)) for level in SANCTIONS} for c, split in out.items()}


def every_cycle(splits: dict[str, Split], cycles: list[str]) -> dict[str, Split]:
    """``splits`` for exactly ``cycles``, in that order; a cycle without any sanction has zeros (not every view lists
    it), a cycle outside ``cycles`` fails the comparison."""
    extra = set(splits) - set(cycles)
    assert not extra, extra
    return {c: splits.get(c, {level: (0, 0) for level in SANCTIONS}) for c in cycles}


def total_split(splits: dict[str, Split]) -> Split:
    return {level: (sum(s[level][0] for s in splits.values()), sum(s[level][1] for s in splits.values()))
            for level in SANCTIONS}


def per_cycle_of_comparison(spec: dict) -> dict[str, dict[str, int]]:
    """Per cycle the figures of the "Perbandingan antarsiklus pemilihan" chart (label → value)."""
    return {t["name"]: {x.replace("<br>", " "): int(y) for x, y in zip(t["x"], t["y"], strict=True)}
            for t in spec["data"]}


# ---- the brief (PDF), the deck (PPTX), the export (xlsx) -----------------------------------------------------------


def pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text(extraction_mode="layout") for page in PdfReader(io.BytesIO(pdf)).pages)


def pdf_key_figures(text: str, cycles: list[str]) -> dict[str, list[int]]:
    """The cover's table: per cycle Kasus, Terlapor, Terbukti, Diteruskan, Rekomendasi, Sanksi dijatuhkan,
    Menunggu sanksi."""
    out = {}
    for cycle in cycles:
        m = re.search(rf"^\s*{re.escape(cycle)}((?:\s+[\d.]+){{7}})\s*$", text, re.MULTILINE)
        assert m, f"no key figures for {cycle}"
        out[cycle] = [number(v) for v in m.group(1).split()]
    return out


def pdf_sanction_tables(text: str, cycles: list[str]) -> dict[str, Split]:
    """Per cycle section ("2. Pemilu 2024"), its sanction table: level → (imposed, recommended); also checks each
    row's total and the "Jumlah" row."""
    # the last "N. <cycle>" line is the section heading (the first one is in the table of contents)
    starts = [([None, *re.finditer(rf"^\s*\d+\. {re.escape(c)}\s*$", text, re.MULTILINE)])[-1] for c in cycles]
    assert all(starts), "a cycle section is missing"
    out = {}
    for i, cycle in enumerate(cycles):
        end = starts[i + 1].start() if i + 1 < len(cycles) else text.index("Catatan metode", starts[i].end())
        section = text[starts[i].end():end]
        split = {}
        for level in [*SANCTIONS, "Jumlah"]:
            m = re.search(rf"^\s*{re.escape(level)}\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", section, re.MULTILINE)
            assert m, f"{cycle}: no row {level}"
            imposed, recommended, both = (number(v) for v in m.groups())
            assert imposed + recommended == both
            split[level] = (imposed, recommended)
        total = split.pop("Jumlah")
        assert total == (sum(v[0] for v in split.values()), sum(v[1] for v in split.values()))
        out[cycle] = split
    return out


def deck_figures(pptx: bytes) -> tuple[dict[str, list[int]], dict[str, Split]]:
    """The key-figure table (per cycle, as the PDF's) and the sanction charts (per cycle) of the deck."""
    deck = Presentation(io.BytesIO(pptx))
    key: dict[str, list[int]] = {}
    sanctions: dict[str, Split] = {}
    for slide in deck.slides:
        title = slide.shapes.title.text if slide.shapes.title is not None else ""
        if title == "Angka utama per siklus":
            table = next(shape.table for shape in slide.shapes if shape.has_table)
            for row in list(table.rows)[1:]:
                cells = [cell.text for cell in row.cells]
                key[cells[0]] = [number(v) for v in cells[1:]]
        if title.startswith(SANCTION_SLIDE_TITLE):
            for shape in slide.shapes:
                if shape.has_chart:
                    plot = shape.chart.plots[0]
                    series = {s.name: [int(v) for v in s.values] for s in plot.series}
                    levels = list(plot.categories)
                    sanctions[shape.chart.chart_title.text_frame.text] = {
                        level: (series[SANCTION_IMPOSED][i], series[SANCTION_RECOMMENDED][i])
                        for i, level in enumerate(levels) if level in SANCTIONS}
    return key, sanctions


def workbook_figures(xlsx: bytes) -> tuple[dict[str, object], dict[str, dict[str, dict[str, int]]]]:
    """The Ringkasan sheet's label → value pairs, and each Rekap table (title → row → column → value)."""
    wb = openpyxl.load_workbook(io.BytesIO(xlsx))
    summary = {row[0]: row[1] for row in wb["Ringkasan"].iter_rows(values_only=True) if row[0] and row[1] is not None}
    tables: dict[str, dict[str, dict[str, int]]] = {}
    rows = list(wb["Rekap"].iter_rows(values_only=True))
    i = 0
    while i < len(rows):
        first = rows[i][0]
        if isinstance(first, str) and rows[i][1] is None and i + 1 < len(rows) and rows[i + 1][0] and \
                rows[i + 1][1] is not None:
            header = [h for h in rows[i + 1] if h is not None]
            table: dict[str, dict[str, int]] = {}
            j = i + 2
            while j < len(rows) and rows[j][0] is not None:
                table[rows[j][0]] = dict(zip(header[1:], rows[j][1:len(header)], strict=True))
                j += 1
            tables[first] = table
            i = j
        else:
            i += 1
    return summary, tables


def sanctions_of_workbook(tables: dict) -> tuple[dict[str, Split], Split]:
    imposed = next(t for title, t in tables.items() if title.startswith("Sanksi dijatuhkan per siklus"))
    recommended = next(t for title, t in tables.items() if title.startswith("Sanksi baru direkomendasikan"))
    per_cycle = {cycle: {level: (int(imposed[cycle].get(level, 0)), int(recommended.get(cycle, {}).get(level, 0)))
                         for level in SANCTIONS} for cycle in imposed if cycle != "Jumlah"}
    totals = {level: (int(imposed["Jumlah"][level]), int(recommended["Jumlah"][level])) for level in SANCTIONS}
    return per_cycle, totals


# ---- the test ------------------------------------------------------------------------------------------------------


# one case runs in the fast loop, every case in the full suite
@pytest.mark.parametrize("params", [pytest.param(params, id=name, marks=() if name == FAST_CASE else pytest.mark.slow)
                                    for name, params in CASES.items()])
def test_screen_brief_deck_and_export_give_the_same_figures(bundled_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                          params: dict) -> None:
    with clock.frozen(INSTANT):
        ringkasan = open_page(bundled_db, monkeypatch, "pages/ringkasan.py", params)
        sanksi = open_page(bundled_db, monkeypatch, "pages/sanksi.py", params)
        siklus = open_page(bundled_db, monkeypatch, "pages/siklus.py", params)
        filters = Filters.parse_query_params(params)[0]
        with contextlib.closing(duckdb.connect(str(bundled_db), read_only=True)) as con:
            brief = briefs.build_brief(briefs.runner_for(con), filters)
            xlsx = export.build_xlsx(con, filters, Viewer())
            headline = queries.headline(con, filters)
        pdf, pptx = render_pdf(brief), render_pptx(brief)
    cycles = brief.cycle_names
    assert cycles
    if not params:
        assert headline["recommended_only"] > 0  # the demo data holds sanctions only recommended so far

    # the screen
    cards = metrics(ringkasan)
    screen_total = split_of_distribution(chart(ringkasan, "Tingkat sanksi dan hasil penanganan"))
    screen_by_cycle = every_cycle(split_of_breakdown(chart(sanksi, "Menurut siklus pemilihan")), cycles)
    sanksi_cards = metrics(sanksi)
    assert cards["Sanksi dijatuhkan"] == sum(i for i, _ in screen_total.values())  # the bars add up to the card
    assert sanksi_cards["Baru direkomendasikan"] == sum(r for _, r in screen_total.values())
    assert sanksi_cards["Sanksi dijatuhkan"] == cards["Sanksi dijatuhkan"]
    assert total_split(screen_by_cycle) == screen_total

    # the brief (PDF)
    text = pdf_text(pdf)
    key = pdf_key_figures(text, cycles)
    pdf_sanctions = pdf_sanction_tables(text, cycles)
    assert pdf_sanctions == screen_by_cycle
    assert sum(k[1] for k in key.values()) == cards["Terlapor"]
    assert sum(k[2] for k in key.values()) == cards["Terbukti"]
    assert sum(k[5] for k in key.values()) == cards["Sanksi dijatuhkan"]
    assert sum(k[6] for k in key.values()) == sanksi_cards["Menunggu sanksi"]
    if len(cycles) > 1:
        comparison = per_cycle_of_comparison(chart(ringkasan, "Perbandingan antarsiklus pemilihan"))
        for cycle in cycles:
            shown = comparison[cycle]
            assert [shown["Terlapor"], shown["Terbukti"], shown["Sanksi dijatuhkan"]] == \
                [key[cycle][1], key[cycle][2], key[cycle][5]]
    open_tab = siklus.tabs[0].label if siklus.tabs else cycles[0]
    tab_cards = metrics(siklus)
    assert [tab_cards["Kasus"], tab_cards["Terlapor"], tab_cards["Terbukti"], tab_cards["Sanksi dijatuhkan"]] == \
        [key[open_tab][0], key[open_tab][1], key[open_tab][2], key[open_tab][5]]
    assert split_of_distribution(chart(siklus, "Tingkat sanksi dan hasil penanganan")) == pdf_sanctions[open_tab]

    # the deck (PPTX)
    deck_key, deck_sanctions = deck_figures(pptx)
    assert deck_key == key
    assert every_cycle(deck_sanctions, cycles) == screen_by_cycle

    # the export (xlsx)
    summary, tables = workbook_figures(xlsx)
    assert summary["Jumlah terlapor"] == cards["Terlapor"]
    assert summary["Jumlah kasus"] == cards["Kasus"]
    assert summary["Terbukti melanggar"] == cards["Terbukti"]
    assert summary["Sanksi dijatuhkan"] == cards["Sanksi dijatuhkan"]
    assert summary["Sanksi baru direkomendasikan"] == sanksi_cards["Baru direkomendasikan"]
    assert summary["Dalam proses"] == cards["Dalam proses"]
    assert summary["Menunggu penjatuhan sanksi"] == sanksi_cards["Menunggu sanksi"]
    assert summary["Terlama menunggu sanksi"].startswith(
        next(m.value for m in sanksi.metric if m.label == "Terlama menunggu"))
    xlsx_by_cycle, xlsx_total = sanctions_of_workbook(tables)
    assert every_cycle(xlsx_by_cycle, cycles) == screen_by_cycle
    assert xlsx_total == screen_total
