"""The library speaks of the product only: no issue numbers and no references to documents outside the repository
in its code, comments, docstrings or data — the rule itself is written where it applies."""

from __future__ import annotations

import re
from pathlib import Path

LIBRARY = Path(__file__).resolve().parent.parent / "netralitas"
OUTSIDE = re.compile(r"\bissues? #?[0-9]+\b|DOMAIN\.md|DATA_CONTRACT\.md|\.helpers\b|helper-[0-9]|§ ?[0-9]|\.\./shared",
                     re.IGNORECASE)
# The loader's cell rules are checked with the loader's own modules.
LOADER_RULES = {"normalize.py"}


def test_no_library_file_mentions_issues_or_outside_documents() -> None:
    found = []
    for path in sorted(LIBRARY.rglob("*")):
        if path.suffix not in (".py", ".toml", ".csv", ".json") or path.name in LOADER_RULES:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(LIBRARY.parent)}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_the_bundled_public_record_cites_its_reports_not_a_document() -> None:
    import openpyxl

    from netralitas.demo_data import PUBLIC_RECORD_FILE

    wb = openpyxl.load_workbook(LIBRARY.parent / "data" / PUBLIC_RECORD_FILE, read_only=True)
    texts = [str(v) for ws in wb for row in ws.iter_rows(values_only=True) for v in row if isinstance(v, str)]
    assert texts and not [t for t in texts if OUTSIDE.search(t)]
