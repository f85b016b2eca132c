"""The product speaks of itself only: no issue numbers and no references to documents that are not in the
repository, in the app, the pages, the library, the loader, their data, the tests, the benchmarks, the docs and the
README — the rule itself is written where it applies, and the docs explain the rules (docs/aturan-netralitas.md).
The bundled public records cite their press reports (outlet, headline, date), never a document."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Written in pieces, so that this file passes its own check (and any search for these words).
OUTSIDE = re.compile(
    "|".join([r"\bissues? #?[0-9]+\b", "DOMAIN" + r"\.md", "DATA_CONTRACT" + r"\.md", r"\." + "helpers" + r"\b",
              "helper" + "-[0-9]", "§" + " ?[0-9]", r"\.\./" + "shared"]),
    re.IGNORECASE,
)
TEXT_SUFFIXES = {".py", ".md", ".json", ".txt", ".toml", ".csv"}
FOLDERS = ("netralitas", "loaders", "pages", "tests", "bench", "docs")


def files() -> list[Path]:
    """The text files of the product's folders, the entry script and the README (not screenshots or bench output)."""
    found = [ROOT / "README.md", ROOT / "app.py"]
    for folder in FOLDERS:
        found += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
                  and "screenshots" not in p.parts and "out" not in p.relative_to(ROOT / folder).parts[:1]]
    return sorted(found)


def test_nothing_mentions_issues_or_outside_documents() -> None:
    found = []
    for path in files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:160]}")
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for() -> None:
    hits = ["lihat " + "DOMAIN" + ".md", "(issue" + " 5)", "DATA_CONTRACT" + ".md", ".." + "/shared/sources", "§" + "4",
            "." + "helpers/"]
    assert all(OUTSIDE.search(text) for text in hits)
    assert not any(OUTSIDE.search(text) for text in ["docs/aturan-netralitas.md", "Pemilu 2024", "issued on"])
    assert {"netralitas", "loaders", "pages"} <= {p.relative_to(ROOT).parts[0] for p in files()}


@pytest.mark.parametrize("name", ["PUBLIC_RECORD_FILE", "PUBLIC_PREVENTION_FILE"])
def test_the_bundled_public_records_cite_their_reports_not_a_document(name: str) -> None:
    import openpyxl

    from netralitas import demo_data

    wb = openpyxl.load_workbook(ROOT / "data" / getattr(demo_data, name), read_only=True)
    texts = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    wb.close()
    assert texts and not [t for t in texts if OUTSIDE.search(t)]
