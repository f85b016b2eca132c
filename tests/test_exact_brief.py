"""The supervision brief's exact content for the small fixture register and its prevention activities, compared with
tests/snapshots/brief/: the brief's structured text before rendering (cover figures, overview, every cycle's
prevention work, paragraphs and tables), its plain text, the PDF's page count and text per page (pypdf), and the
deck's slides (python-pptx: titles, native chart data, tables, other text, speaker notes).

Two briefs: every cycle with the signatories set, and one cycle under a filter with the signatories not set.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from pptx import Presentation
from pypdf import PdfReader

from netralitas import brief as briefs
from netralitas import clock
from netralitas.queries import Filters
from netralitas.report_pdf import render_pdf
from netralitas.report_pptx import render_pptx
from netralitas.signatories import DEFAULTS
from tests import fixture_register
from tests.snapshot import frame

pytestmark = pytest.mark.integration

CASES = {
    "semua": (Filters(), fixture_register.SIGNATORIES),
    "pilkada_2024_pns": (Filters(cycles=("Pilkada 2024",), actor_types=("PNS",)), DEFAULTS),
}


@pytest.fixture(scope="module")
def made(prevention_db: Path) -> Iterator[dict[str, briefs.Brief]]:
    """Each case's brief, built at the fixed time on the fixture register with its prevention activities."""
    with contextlib.closing(duckdb.connect(str(prevention_db), read_only=True)) as con, \
            clock.frozen(fixture_register.TODAY_AT):
        run = briefs.runner_for(con)
        yield {name: briefs.build_brief(run, filters, signed_by=signed) for name, (filters, signed) in CASES.items()}


def structured(brief: briefs.Brief) -> dict:
    """The brief as data, in reading order."""
    return {
        "title": brief.title,
        "subtitle": brief.subtitle,
        "organisation": brief.organisation,
        "generated": brief.generated_text,
        "today": brief.today,
        "filters": brief.filters_text,
        "data": brief.dataset_marker,
        "is_demo": brief.is_demo,
        "signatories": [{"caption": s.caption, "position": s.position, "name": s.name, "nip": s.nip_text}
                        for s in brief.signatories],
        "is_signed": brief.is_signed,
        "totals": brief.totals,
        "total_waiting": brief.total_waiting,
        "key_figures": frame(brief.key_figures()),
        "comparison": frame(brief.comparison),
        "overview": brief.overview,
        "cycles": [{
            "cycle": c.cycle,
            "headline": c.headline,
            "paragraphs": [{"topic": topic, "text": body} for topic, body in c.paragraphs],
            "prevention_by_kind": frame(c.prevention_by_kind),
            "prevention": frame(briefs.prevention_table(c)),
            "actor_types": frame(c.actor_types),
            "violation_types": frame(c.violation_types),
            "violation_type_count": c.violation_type_count,
            "funnel": frame(c.funnel),
            "destinations": frame(c.destinations),
            "sanctions": frame(briefs.sanction_table(c)),
            "follow_up": frame(briefs.follow_up_table(c.follow_up)),
            "follow_up_buckets": frame(c.follow_up_buckets),
            "previous_cycle": c.previous_cycle,
        } for c in brief.cycles],
        "follow_up_all": frame(briefs.follow_up_table(brief.follow_up_all())),
        "file_names": [briefs.report_file_name(brief, "pdf"), briefs.report_file_name(brief, "pptx")],
    }


def pdf_pages(data: bytes) -> str:
    """The PDF's page count and each page's text as pypdf extracts it."""
    pages = PdfReader(io.BytesIO(data)).pages
    parts = [f"Halaman: {len(pages)}"]
    for number, page in enumerate(pages, start=1):
        parts.append(f"===== halaman {number} =====\n{page.extract_text().rstrip()}")
    return "\n\n".join(parts) + "\n"


def _text_of(shape) -> str:
    return "\n".join(p.text for p in shape.text_frame.paragraphs)


def deck_slides(data: bytes) -> list[dict]:
    """Every slide: its title, the data of its native charts, its tables, its other text and its speaker notes."""
    slides = []
    for slide in Presentation(io.BytesIO(data)).slides:
        title = slide.shapes.title
        entry: dict = {"title": title.text_frame.text if title is not None else None, "charts": [], "tables": [],
                       "text": []}
        for shape in slide.shapes:
            if shape.has_chart:
                chart = shape.chart
                entry["charts"].append({
                    "type": str(chart.chart_type).split(" ")[0],
                    "title": chart.chart_title.text_frame.text if chart.has_title else None,
                    "categories": [str(c) for c in chart.plots[0].categories],
                    "series": [{"name": s.name, "values": [int(v) for v in s.values]} for s in chart.series],
                })
            elif shape.has_table:
                entry["tables"].append([[cell.text for cell in row.cells] for row in shape.table.rows])
            elif shape.has_text_frame and shape != title and _text_of(shape).strip():
                entry["text"].append(_text_of(shape))
        entry["notes"] = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        slides.append(entry)
    return slides


@pytest.mark.parametrize("name", list(CASES))
def test_brief_content(made, snapshot, name: str) -> None:
    brief = made[name]
    snapshot.check(f"brief/{name}.json", structured(brief))
    snapshot.check(f"brief/{name}.txt", brief.text())


@pytest.mark.parametrize("name", list(CASES))
def test_pdf_pages(made, snapshot, name: str) -> None:
    snapshot.check(f"brief/{name}.pdf.txt", pdf_pages(render_pdf(made[name])))


@pytest.mark.parametrize("name", list(CASES))
def test_deck_slides(made, snapshot, name: str) -> None:
    snapshot.check(f"brief/{name}.pptx.json", deck_slides(render_pptx(made[name])))
