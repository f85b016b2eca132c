"""The hostile-files bench section renders its table and goes into RESULTS.md without touching other sections."""

from __future__ import annotations

from bench.report import HOSTILE_HEADING, render, splice_sections

RUN = {"seconds": 0.2, "peak_rss_mb": 150.0, "status": "gagal", "error": "Bagian 'x' mengembang 1.000× saat dibuka"}
SECTION = {
    "measured_at": "2026-01-01T00:00+00:00", "elapsed_s": 10.0, "timeout_s": 300.0,
    "baseline": {"file": "contoh.xlsx", "seconds": 0.25, "peak_rss_mb": 190.0},
    "cases": [{"key": "sel", "what": "one huge cell", "file_mb": 3.3, "load": RUN, "dry": RUN | {"seconds": 0.05}}],
}  # fmt: skip


def test_the_section_shows_each_run_against_the_baseline() -> None:
    text = render({"sections": {"hostile": SECTION}}, "python -m bench --only hostile")
    block = text.split(HOSTILE_HEADING, 1)[1].split("\n## ", 1)[0]
    assert "| `sel` | one huge cell | 3.3 MB | load (command line) | 0.20 s | 150 MB | 0.80× / 0.79× |" in block
    assert "dry run (upload page)" in block and "refused: Bagian 'x' mengembang" in block


def test_splicing_replaces_only_the_sections_named() -> None:
    existing = "# T\n\n## Load\n\nold load figures\n\n## How to reproduce\n\nold\n"
    fresh = render({"sections": {"hostile": SECTION}}, "python -m bench --only hostile")
    once = splice_sections(existing, fresh, [HOSTILE_HEADING])
    assert "old load figures" in once and once.index(HOSTILE_HEADING) < once.index("## How to reproduce")
    assert splice_sections(once, fresh, [HOSTILE_HEADING]) == once  # a second run replaces, never appends
