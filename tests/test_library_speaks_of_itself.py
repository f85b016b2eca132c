"""The library and the loader speak of the product only: no issue numbers and no references to documents outside
the repository in their code, comments, docstrings or data — the rule itself is written where it applies."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIBRARY = ROOT / "netralitas"
OUTSIDE = re.compile(r"\bissues? #?[0-9]+\b|DOMAIN\.md|DATA_CONTRACT\.md|\.helpers\b|helper-[0-9]|§ ?[0-9]|\.\./shared",
                     re.IGNORECASE)


def test_no_library_or_loader_file_mentions_issues_or_outside_documents() -> None:
    found = []
    for path in sorted([*LIBRARY.rglob("*"), *(ROOT / "loaders").rglob("*")]):
        if path.suffix not in (".py", ".toml", ".csv", ".json"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_bundled_public_record_cites_its_reports_not_a_document() -> None:
    import openpyxl

    from netralitas.demo_data import PUBLIC_RECORD_FILE

    wb = openpyxl.load_workbook(ROOT / "data" / PUBLIC_RECORD_FILE, read_only=True)
    texts = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert texts and not [t for t in texts if OUTSIDE.search(t)]
