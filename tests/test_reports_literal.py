"""Register text in the supervision brief's files: the hostile registers (tests/hostile.py) loaded by the real
loader, the brief built by the real queries, then the PDF (ReportLab) and the deck (python-pptx).

The prevention list of each cycle (date, kind, audience and place as written) shows every payload as plain text:
in the PDF nothing of it becomes ReportLab markup (a "<" or "&" in a cell neither breaks the paragraph nor adds a
tag, link or picture), in the deck nothing becomes a link; both show a right-to-left override as ``[U+202E]``,
exactly as the pages do (:func:`netralitas.literal.visible_text`), never as a character that reverses the text.
"""

from __future__ import annotations

import contextlib
import io
import re
import zipfile

import duckdb
import pytest
from pptx import Presentation
from pypdf import PdfReader

from loaders.pipeline import load_paths
from netralitas import brief as briefs
from netralitas.literal import visible_text
from netralitas.queries import Filters
from netralitas.report_pdf import render_pdf
from netralitas.report_pptx import render_pptx
from tests.hostile import (
    PAYLOADS,
    PORTABLE_FILE_NAME,
    PORTABLE_PREVENTION_FILE_NAME,
    write_hostile_prevention_register,
    write_hostile_register,
)

pytestmark = pytest.mark.integration  # the real loader, DuckDB and both renderers

HIDDEN = re.compile("[\u202a-\u202e\u2066-\u2069\x00-\x08\x0b-\x1f]")


@pytest.fixture(scope="module")
def brief(tmp_path_factory: pytest.TempPathFactory) -> briefs.Brief:
    folder = tmp_path_factory.mktemp("hostile_reports")
    results = load_paths([write_hostile_register(folder, PORTABLE_FILE_NAME),
                          write_hostile_prevention_register(folder, PORTABLE_PREVENTION_FILE_NAME)],
                         folder / "netralitas.duckdb")
    assert all(r.ok for r in results), results
    with contextlib.closing(duckdb.connect(str(folder / "netralitas.duckdb"), read_only=True)) as con:
        return briefs.build_brief(briefs.runner_for(con), Filters())


def listed(brief: briefs.Brief, column: str) -> set[str]:
    """The values of a column of the brief's prevention lists (as the brief hands them to the renderers)."""
    return {v for c in brief.cycles for v in briefs.prevention_table(c, labels=False)[column]}


def test_the_brief_lists_every_payload_as_audience_and_place(brief: briefs.Brief) -> None:
    for column in ("audience", "place"):
        assert set(PAYLOADS.values()) <= listed(brief, column), column


def no_space(text: str) -> str:
    return re.sub(r"\s+", "", text)


def test_pdf_shows_prevention_text_as_plain_text(brief: briefs.Brief) -> None:
    pdf = render_pdf(brief)
    text = no_space("".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages))
    for name, payload in PAYLOADS.items():
        assert no_space(visible_text(payload)) in text, name  # "<b>…</b>&amp;<i>" and all, as written
    assert "\x00" not in text and not HIDDEN.search(text)  # no character without a glyph, none that acts unseen
    for data_made in (b"/URI", b"/Annots", b"/Subtype /Image", b"/Launch", b"/JavaScript"):
        assert data_made not in pdf, data_made  # no link, picture or action came from the text


def deck_texts(deck: bytes) -> list[str]:
    """Every text of the deck's slides and notes: table cells, text boxes, titles."""
    prs = Presentation(io.BytesIO(deck))
    out: list[str] = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_table:
                out += [cell.text for row in shape.table.rows for cell in row.cells]
            elif shape.has_text_frame:
                out.append(shape.text_frame.text)
        if slide.has_notes_slide:
            out.append(slide.notes_slide.notes_text_frame.text)
    return out


def test_deck_shows_prevention_text_as_plain_text(brief: briefs.Brief) -> None:
    deck = render_pptx(brief)
    texts = deck_texts(deck)
    for name, payload in PAYLOADS.items():
        assert visible_text(payload) in texts, name  # a table cell holds the payload as written, nothing else
    assert not [t for t in texts if HIDDEN.search(t)]
    with zipfile.ZipFile(io.BytesIO(deck)) as parts:
        slides = [parts.read(n).decode() for n in parts.namelist() if n.startswith("ppt/slides/")
                  and n.endswith(".xml")]
    assert not [s for s in slides if "hlinkClick" in s or "<p:pic" in s]  # no link, no picture from the text
