"""The supervision brief as PDF: read back with pypdf — figures, dataset marker, footer, no names/NIP.

Page 1 is rendered to PNG with pdftoppm in a slow test (tests/screenshots/laporan_supervisi_hal1.png) to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from netralitas import brief as briefs
from netralitas.formatting import format_number
from netralitas.queries import Filters
from netralitas.report_pdf import render_pdf
from tests.fast_loop import first_fast
from tests.supervisi_data import ALL_CYCLES, NAMES, NIPS, build_db, make_brief

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


@pytest.fixture(scope="module")
def supervisi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("supervisi_pdf"))


@pytest.fixture(scope="module")
def brief(supervisi_db: Path) -> briefs.Brief:
    return make_brief(supervisi_db, cycles=ALL_CYCLES)


@pytest.fixture(scope="module")
def pdf(brief: briefs.Brief) -> bytes:
    return render_pdf(brief)


def pages_text(data: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in PdfReader(io.BytesIO(data)).pages]


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_a4_with_title_page_and_numbered_footer(pdf: bytes, brief: briefs.Brief) -> None:
    reader = PdfReader(io.BytesIO(pdf))
    assert pdf.startswith(b"%PDF")
    pages = pages_text(pdf)
    assert len(pages) >= 3
    for page in reader.pages:
        box = page.mediabox
        assert round(float(box.width)) == 595 and round(float(box.height)) == 842  # A4 in points
    for i, text in enumerate(pages, start=1):
        assert f"Halaman {i} dari {len(pages)}" in text
        assert "TERBATAS — untuk keperluan supervisi" in text
        assert "Data: Data sendiri" in text
        assert "Dibuat 1 Januari 2025 pukul 09.30 WIB" in text
    cover = pages[0]
    assert "LAPORAN SUPERVISI" in cover and "BAWASLU KOTA SEMARANG" in cover
    assert "Siklus: Pilwakot 2020, Pemilu 2024, Pilkada 2024" in cover
    assert "DATA CONTOH" not in cover
    assert reader.metadata.title == "Laporan Supervisi — Penanganan Pelanggaran Netralitas ASN"


def body_text(pdf: bytes, brief: briefs.Brief) -> str:
    """The text of every page without its header and footer, pages joined: a paragraph that runs on to the next
    page reads as one."""
    pages = pages_text(pdf)
    furniture = [briefs.CONFIDENTIALITY, f"Dibuat {brief.generated_text}", f"Data: {brief.dataset_marker}",
                 f"{brief.title} · {brief.subtitle}"]
    out = []
    for number, page in enumerate(pages, start=1):
        for text in [*furniture, f"Halaman {number} dari {len(pages)}"]:
            page = page.replace(flat(text), " ")
        out.append(flat(page))
    return " ".join(out)


def test_every_sentence_and_key_figure_is_in_the_pdf(pdf: bytes, brief: briefs.Brief) -> None:
    text = body_text(pdf, brief)
    for paragraph in brief.overview:
        assert flat(paragraph) in text
    for sec in brief.cycles:
        for topic, body in sec.paragraphs:
            if topic == briefs.PREVENTION_TOPIC:  # a heading of its own, opening the cycle
                assert flat(f"{topic} {body}") in text, (sec.cycle, topic)
            else:
                assert flat(f"{topic}. {body}") in text, (sec.cycle, topic)
    cover = pages_text(pdf)[0]
    for row in brief.key_figures().itertuples(index=False):
        assert " ".join([row[0], *[format_number(int(v)) for v in row[1:]]]) in cover


def test_follow_up_appendix_lists_every_waiting_person(pdf: bytes, brief: briefs.Brief) -> None:
    pages = pages_text(pdf)
    start = next(i for i, t in enumerate(pages) if i and "Lampiran: daftar terlapor yang menunggu" in t)
    appendix = " ".join(pages[start:])
    follow = brief.follow_up_all()
    assert len(follow) == brief.total_waiting == 4
    for row in follow.itertuples():
        assert row.case_id in appendix
        assert f" {format_number(int(row.days_waiting))}" in appendix
    assert "No. register" in appendix and "Jenis pegawai" in appendix


def test_no_name_or_nip_in_the_pdf(pdf: bytes) -> None:
    text = " ".join(pages_text(pdf))
    squeezed = re.sub(r"\s+", "", text)
    for name in NAMES:
        assert name not in text
    for nip in NIPS:
        assert nip not in squeezed and nip[:8] not in squeezed


def test_demo_data_is_marked_on_every_page(bundled_db: Path) -> None:
    b = make_brief(bundled_db, Filters(cycles=("Pilkada 2024",)))
    assert b.is_demo
    pages = pages_text(render_pdf(b))
    assert "DATA CONTOH (FIKTIF) — angka dalam laporan ini rekaan" in pages[0]
    for text in pages:
        assert "DATA CONTOH (FIKTIF)" in text


@pytest.mark.slow
def test_long_follow_up_table_repeats_its_header_on_every_page(bundled_db: Path) -> None:
    b = make_brief(bundled_db)
    assert len(b.follow_up_all()) > 60
    pages = pages_text(render_pdf(b))
    start = next(i for i, t in enumerate(pages) if i and "Lampiran: daftar terlapor yang menunggu" in t)
    appendix_pages = pages[start:]
    assert len(appendix_pages) >= 2
    for text in appendix_pages:
        assert "No. register Siklus Jenis pegawai Jabatan Instansi Sejak Hari" in text
    numbers = [int(n) for t in appendix_pages for n in re.findall(r"(?:^| )(\d{1,3}) \S+/", t)]
    assert max(numbers) >= len(b.follow_up_all()) - 1  # rows run on across pages


def test_database_without_persons_still_gives_a_readable_pdf(empty_db: Path) -> None:
    pages = pages_text(render_pdf(make_brief(empty_db)))
    text = " ".join(pages)
    assert "Basis data belum berisi kasus pelanggaran netralitas ASN untuk filter ini." in text
    assert "Tidak ada terlapor yang menunggu penjatuhan sanksi" in text


@pytest.mark.slow
def test_page_one_renders_to_png(pdf: bytes, tmp_path: Path) -> None:
    """Render page 1 with pdftoppm (poppler) for a person to look at: tests/screenshots/laporan_supervisi_hal1.png."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) not installed")
    source = tmp_path / "laporan.pdf"
    source.write_bytes(pdf)
    SCREENSHOTS.mkdir(exist_ok=True)
    target = SCREENSHOTS / "laporan_supervisi_hal1"
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source), str(target)],
                   check=True, timeout=60)
    png = target.with_suffix(".png")
    from PIL import Image

    with Image.open(png) as im:
        assert im.size[0] > 600 and im.size[1] > 850
        # the page is not blank: a good share of dark pixels (title, table, footer)
        dark = sum(1 for px in im.convert("L").getdata() if px < 128)
        assert dark > 5_000


# ---- no near-empty page ------------------------------------------------------------------------------------------


def page_fill(data: bytes) -> list[float]:
    """Per page, the share of the text frame's height its content reaches down to (0 = empty, 1 = full): from the
    top of the frame to the lowest line of text above the footer, read back with pypdf."""
    from netralitas.report_pdf import MARGIN_BOTTOM, MARGIN_TOP, PAGE_HEIGHT

    top, bottom = PAGE_HEIGHT - MARGIN_TOP, MARGIN_BOTTOM
    fills = []
    for page in PdfReader(io.BytesIO(data)).pages:
        lows: list[float] = []

        def visit(text, cm, tm, _font, _size, lows=lows) -> None:
            y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
            if text.strip() and bottom - 2 <= y <= top + 2:
                lows.append(y)

        page.extract_text(visitor_text=visit)
        fills.append((top - min(lows)) / (top - bottom) if lows else 0.0)
    return fills


MIN_PAGE_FILL = 0.25


@pytest.mark.parametrize("filters", first_fast([
    pytest.param(Filters(cycles=("Pemilu 2024",)), id="pemilu"), pytest.param(Filters(), id="semua"),
    pytest.param(Filters(cycles=("Pilwakot 2020",), actor_types=("PPPK",)), id="pilwakot-pppk"),
    pytest.param(Filters(severities=("Ringan",)), id="ringan"),
    pytest.param(Filters(severities=("Sedang",)), id="sedang"),
    pytest.param(Filters(districts=("Tembalang",)), id="tembalang"),
]))
def test_no_page_is_nearly_empty(bundled_db: Path, filters: Filters) -> None:
    """Every page holds at least a quarter of a page: the method notes and the signatures never stand alone with
    a line or two, a short appendix joins them, and a long one ends with a page of several rows."""
    fills = page_fill(render_pdf(make_brief(bundled_db, filters)))
    assert min(fills) >= MIN_PAGE_FILL, [round(f, 2) for f in fills]


def test_last_page_break_moves_rows_to_a_thin_last_page() -> None:
    from netralitas.report_pdf import MIN_LAST_PAGE_ROWS, last_page_break

    assert last_page_break([(5, 30)]) is None  # one page
    assert last_page_break([(5, 30), (6, MIN_LAST_PAGE_ROWS)]) is None  # enough rows on the last page
    split = last_page_break([(5, 30), (6, 28), (7, 2)])
    assert split == 30 + 28 - (MIN_LAST_PAGE_ROWS - 2)  # the rows before the break: the last page gets the minimum


def test_cycle_section_shows_sanctions_imposed_apart_from_recommended(bundled_db: Path) -> None:
    b = make_brief(bundled_db, Filters(cycles=("Pemilu 2024",)))
    text = "\n".join(p.extract_text(extraction_mode="layout") for p in PdfReader(io.BytesIO(render_pdf(b))).pages)
    table = briefs.sanction_table(b.cycles[0])
    assert int(table["Baru direkomendasikan"].iloc[-1]) > 0  # the demo data has recommendation-only sanctions
    for row in table.itertuples(index=False):
        assert re.search(rf"^\s*{re.escape(row[0])}\s+{format_number(row[1])}\s+{format_number(row[2])}\s+"
                         rf"{format_number(row[3])}\b", text, re.MULTILINE), row


# ---- the signature block -----------------------------------------------------------------------------------------


def test_unsigned_brief_leaves_lines_for_the_names_and_says_so(brief: briefs.Brief, pdf: bytes) -> None:
    assert not brief.is_signed
    text = flat(" ".join(pages_text(pdf)))
    assert "(....." not in text  # no row of dots
    assert "Disusun oleh," in text and "Koordinator Divisi Penanganan Pelanggaran" in text
    assert "Nama dan NIP penanda tangan belum diatur di dasbor" in text


def test_signed_brief_prints_names_and_nip_under_the_signatures(supervisi_db: Path) -> None:
    from netralitas.signatories import Signatory

    signed = (Signatory("penyusun", "Disusun oleh,", "Koordinator Divisi Penanganan Pelanggaran",
                        "Dra. Sri Wahyuni, M.Si.", "197805122003122004"),
              Signatory("pengesah", "Mengetahui,", "Ketua Bawaslu Kota Semarang", "Budi Santoso, S.H."))
    b = make_brief(supervisi_db, cycles=ALL_CYCLES)
    b.signatories = signed
    assert b.is_signed
    text = flat(" ".join(pages_text(render_pdf(b))))
    assert "Dra. Sri Wahyuni, M.Si." in text and "NIP. 19780512 200312 2 004" in text
    assert "Budi Santoso, S.H." in text and "Ketua Bawaslu Kota Semarang" in text
    assert "belum diatur" not in text
    assert "Semarang, 1 Januari 2025" in text  # the date of the brief, in WIB
