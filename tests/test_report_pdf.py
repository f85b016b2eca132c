"""The supervision brief as PDF (issue 7): read back with pypdf — figures, dataset marker, footer, no names/NIP.

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
from tests.supervisi_data import ALL_CYCLES, NAMES, NIPS, build_db, make_brief

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


def test_every_sentence_and_key_figure_is_in_the_pdf(pdf: bytes, brief: briefs.Brief) -> None:
    text = " ".join(pages_text(pdf))
    for paragraph in brief.overview:
        assert flat(paragraph) in text
    for sec in brief.cycles:
        for topic, body in sec.paragraphs:
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
