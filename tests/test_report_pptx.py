"""The supervision deck, opened again with python-pptx: slide count, native charts with the brief's
numbers as editable data, no names or NIP. A slow test renders it with LibreOffice Impress (pptx → pdf → png)."""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE
from pptx.enum.shapes import MSO_SHAPE_TYPE

from netralitas import brief as briefs
from netralitas import queries
from netralitas.queries import Filters
from netralitas.report_pptx import COMPARISON_METRICS, expected_slide_count, render_pptx
from netralitas.vocab import vocabulary
from tests.supervisi_data import ALL_CYCLES, NAMES, NIPS, TODAY, build_db, make_brief

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="module")
def supervisi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("supervisi_pptx"))


@pytest.fixture(scope="module")
def brief(supervisi_db: Path) -> briefs.Brief:
    return make_brief(supervisi_db, cycles=ALL_CYCLES)


@pytest.fixture(scope="module")
def deck(brief: briefs.Brief):
    return Presentation(io.BytesIO(render_pptx(brief)))


def title_of(slide) -> str:
    return slide.shapes.title.text if slide.shapes.title is not None else ""


def chart_on(deck, title: str):
    slide = next(s for s in deck.slides if title_of(s) == title)
    charts = [shape.chart for shape in slide.shapes if shape.has_chart]
    assert len(charts) == 1, title
    return charts[0]


def series_values(chart) -> dict[str, list[int]]:
    return {s.name: [int(v) for v in s.values] for s in chart.plots[0].series}


def all_text(deck) -> str:
    parts = []
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                parts.append(shape.text_frame.text)
            if shape.has_table:
                parts.extend(cell.text for row in shape.table.rows for cell in row.cells)
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def test_slide_count_and_order(deck, brief: briefs.Brief) -> None:
    titles = [title_of(s) for s in deck.slides]
    # title, key figures, prevention (none recorded: one slide), comparison, actor types, violation types, funnel,
    # sanctions, waiting, follow-up, closing
    assert len(deck.slides) == expected_slide_count(brief) == 11
    assert titles[1:10] == [
        "Angka utama per siklus", "Upaya pencegahan", "Perbandingan antarsiklus (jumlah terlapor)",
        "Terlapor per jenis pegawai",
        "Jenis pelanggaran terbanyak per siklus", "Alur penanganan: dari temuan sampai sanksi",
        "Sanksi per tingkat (terlapor)", "Menunggu penjatuhan sanksi, menurut lama menunggu",
        "Menunggu penjatuhan sanksi — terlama lebih dulu",
    ]
    first = deck.slides[0].shapes
    texts = " ".join(s.text_frame.text for s in first if s.has_text_frame)
    assert "LAPORAN SUPERVISI" in texts and "Siklus: Pilwakot 2020, Pemilu 2024, Pilkada 2024" in texts
    assert "Data: Data sendiri" in texts and "1 Januari 2025 pukul 09.30 WIB" in texts
    last = " ".join(s.text_frame.text for s in deck.slides[-1].shapes if s.has_text_frame)
    assert "Terima kasih" in last and "TERBATAS — untuk keperluan supervisi" in last
    assert round(deck.slide_width / deck.slide_height, 2) == 1.78  # 16:9


def test_charts_are_native_charts_with_the_query_numbers(deck, supervisi_db: Path) -> None:
    chart_slides = [s for s in deck.slides if any(shape.has_chart for shape in s.shapes)]
    assert len(chart_slides) == 5
    for slide in chart_slides:
        for shape in slide.shapes:
            if shape.has_chart:
                # the data lives in an embedded workbook: editable in PowerPoint / Impress
                assert shape.chart.part.chart_workbook.xlsx_part is not None
                assert shape.shape_type != MSO_SHAPE_TYPE.PICTURE
    with contextlib.closing(duckdb.connect(str(supervisi_db), read_only=True)) as con:
        per_cycle = {c: Filters(cycles=(c,)) for c in ALL_CYCLES}
        comparison = chart_on(deck, "Perbandingan antarsiklus (jumlah terlapor)")
        assert comparison.chart_type == XL_CHART_TYPE.COLUMN_CLUSTERED
        expected = queries.headline_by_cycle(con, Filters(cycles=ALL_CYCLES))
        assert series_values(comparison) == {
            r["cycle"]: [int(r[m]) for m in COMPARISON_METRICS] for _, r in expected.iterrows()}
        assert list(comparison.plots[0].categories) == list(COMPARISON_METRICS.values())

        funnel = chart_on(deck, "Alur penanganan: dari temuan sampai sanksi")
        assert series_values(funnel) == {c: [int(v) for v in queries.funnel(con, f)["persons"]]
                                         for c, f in per_cycle.items()}

        actors = chart_on(deck, "Terlapor per jenis pegawai")
        categories = list(actors.plots[0].categories)
        assert categories == ["PNS", "PPPK", "THL"]
        for cycle, values in series_values(actors).items():
            counts = queries.counts_by(con, per_cycle[cycle], ["actor_type"])
            by_type = dict(zip(counts["actor_type"], counts["persons"], strict=True))
            assert values == [int(by_type.get(a, 0)) for a in categories]

        # one chart per cycle: imposed and only recommended stacked, as queries.sanctions_by_severity splits them
        slide = next(s for s in deck.slides if title_of(s) == "Sanksi per tingkat (terlapor)")
        per_chart = {shape.chart.chart_title.text_frame.text: shape.chart for shape in slide.shapes if shape.has_chart}
        assert list(per_chart) == list(ALL_CYCLES)
        for cycle, chart in per_chart.items():
            assert chart.chart_type == XL_CHART_TYPE.BAR_STACKED
            assert list(chart.plots[0].categories) == vocabulary().sanction_names
            split = queries.sanctions_by_severity(con, per_cycle[cycle])
            assert series_values(chart) == {"Dijatuhkan": [int(v) for v in split["imposed"][:5]],
                                            "Baru direkomendasikan": [int(v) for v in split["recommended_only"][:5]]}

        waiting = chart_on(deck, "Menunggu penjatuhan sanksi, menurut lama menunggu")
        assert waiting.chart_type == XL_CHART_TYPE.COLUMN_STACKED
        for cycle, values in series_values(waiting).items():
            follow = queries.follow_up(con, per_cycle[cycle], queries.Viewer(), TODAY)
            assert values == [int(v) for v in queries.follow_up_buckets(follow)["persons"]]
        # series colours are the cycles' fixed colours
        colors = vocabulary().cycle_colors()
        for s in funnel.plots[0].series:
            assert str(s.format.fill.fore_color.rgb) == colors[s.name].lstrip("#").upper()


def test_follow_up_slide_lists_oldest_first(deck, brief: briefs.Brief) -> None:
    slide = next(s for s in deck.slides if title_of(s).startswith("Menunggu penjatuhan sanksi — terlama"))
    table = next(shape.table for shape in slide.shapes if shape.has_table)
    rows = [[cell.text for cell in row.cells] for row in table.rows]
    assert rows[0] == ["No. register", "Siklus", "Jenis pegawai", "Jabatan", "Instansi", "Hari"]
    follow = brief.follow_up_all()
    assert [r[0] for r in rows[1:]] == follow["case_id"].tolist()
    days = [int(r[5].replace(".", "")) for r in rows[1:]]
    assert days == sorted(days, reverse=True)


def test_no_name_or_nip_anywhere_in_the_deck(deck) -> None:
    text = all_text(deck)
    assert "Pada Pilwakot 2020 tercatat enam kasus" in text  # the notes carry the brief
    for name in NAMES:
        assert name not in text
    for nip in NIPS:
        assert nip not in text


def test_demo_marker_and_long_follow_up_list(bundled_db: Path) -> None:
    b = make_brief(bundled_db)
    deck = Presentation(io.BytesIO(render_pptx(b)))
    assert len(deck.slides) == expected_slide_count(b)
    for slide in deck.slides:
        texts = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        assert "DATA CONTOH (FIKTIF)" in texts
    follow_slides = [s for s in deck.slides if title_of(s).startswith("Menunggu penjatuhan sanksi — terlama")]
    assert len(follow_slides) == 3
    assert "Daftar lengkap ada pada lampiran laporan PDF" in all_text(deck)


def test_database_without_persons(empty_db: Path) -> None:
    deck = Presentation(io.BytesIO(render_pptx(make_brief(empty_db))))
    assert len(deck.slides) == 3
    assert "Basis data belum berisi kasus" in all_text(deck)


def _office() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
def test_deck_renders_in_libreoffice_impress(deck, brief: briefs.Brief, tmp_path: Path) -> None:
    """pptx → pdf (LibreOffice Impress) → png (pdftoppm): the deck opens and its slides render
    (tests/screenshots/deck_supervisi-NN.png, to look at)."""
    office = _office()
    if not office or not shutil.which("pdftoppm"):
        if os.environ.get("CI"):
            pytest.fail("LibreOffice or pdftoppm missing; .ci/run installs them")
        pytest.skip("LibreOffice or pdftoppm not installed")
    source = tmp_path / "paparan.pptx"
    source.write_bytes(render_pptx(brief))
    profile = tmp_path / "lo_profile"
    result = subprocess.run(
        [office, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(source)], capture_output=True, text=True, timeout=240,
    )
    converted = tmp_path / "paparan.pdf"
    if not converted.exists() and "could not be loaded" in (result.stdout + result.stderr):
        message = "LibreOffice cannot open .pptx here (Impress missing: apt-get install libreoffice-impress-nogui)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert converted.exists(), result.stdout + result.stderr
    from pypdf import PdfReader

    reader = PdfReader(str(converted))
    assert len(reader.pages) == len(deck.slides)
    assert "Perbandingan antarsiklus" in reader.pages[3].extract_text()  # after title, key figures, prevention
    SCREENSHOTS.mkdir(exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", "60", str(converted), str(SCREENSHOTS / "deck_supervisi")],
                   check=True, timeout=120)
    assert (SCREENSHOTS / "deck_supervisi-03.png").exists() or (SCREENSHOTS / "deck_supervisi-3.png").exists()
