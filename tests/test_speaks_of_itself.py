"""The tests, the benchmarks, the docs and the README speak of the product only: no issue numbers and no references
to documents that are not in the repository — a test states the rule it checks, the docs explain the rules
(docs/aturan-netralitas.md)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = re.compile(r"\bissues? #?[0-9]+\b|DOMAIN\.md|DATA_CONTRACT\.md|\.helpers\b|helper-[0-9]|§ ?[0-9]|\.\./shared",
                     re.IGNORECASE)
TEXT_SUFFIXES = {".py", ".md", ".json", ".txt", ".toml", ".csv"}


def files() -> list[Path]:
    """The text files of tests/, bench/ and docs/, and the README."""
    found = [ROOT / "README.md"]
    for folder in ("tests", "bench", "docs"):
        found += [p for p in (ROOT / folder).rglob("*") if p.is_file() and p.suffix in TEXT_SUFFIXES
                  and "screenshots" not in p.parts and "out" not in p.relative_to(ROOT / folder).parts[:1]]
    return sorted(found)


def test_no_test_bench_or_doc_mentions_issues_or_outside_documents() -> None:
    found = []
    for path in files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if "re.compile(" in line:  # the pattern itself, here and in the library's own check
                continue
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:160]}")
    assert not found, "\n".join(found)


def test_the_check_finds_what_it_looks_for() -> None:
    # written in pieces, so that this file passes its own check
    hits = ["lihat " + "DOMAIN" + ".md", "(issue" + " 5)", "DATA_CONTRACT" + ".md", ".." + "/shared/sources", "§" + "4"]
    assert all(OUTSIDE.search(text) for text in hits)
    assert not any(OUTSIDE.search(text) for text in ["docs/aturan-netralitas.md", "Pemilu 2024", "issued on"])
