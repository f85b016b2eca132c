"""End to end: the bundled synthetic register, loaded by the real loader, gives back the generator's truth for
every person (cycle, actor type, severity, kecamatan, date, NIP, register number)."""

from __future__ import annotations

from pathlib import Path

import pytest

from netralitas.demo_data import generate_demo_persons, write_demo_register
from tests.registers import fetch_rows

CHECKED = ("case_id", "cycle", "reported_on", "source_kind", "person_name", "actor_type", "position", "agency",
           "district", "violation_type", "status", "severity")


@pytest.fixture(scope="module")
def demo_load(tmp_path_factory: pytest.TempPathFactory):
    from loaders.pipeline import load_paths

    tmp = tmp_path_factory.mktemp("demo")
    persons = generate_demo_persons()
    path = tmp / "contoh_register_netralitas_FIKTIF.xlsx"
    manifest = write_demo_register(path, persons)
    db = tmp / "demo.duckdb"
    result = load_paths([path], db)[0]
    return persons, manifest, db, result


def test_every_person_loads_with_the_true_values(demo_load) -> None:
    persons, manifest, db, result = demo_load
    rows = fetch_rows(db)
    assert result.rows_loaded == len(persons) == len(rows)
    by_key = {(r["source_sheet"], r["person_name"], r["case_id"]): r for r in rows}
    lossy_rows = {(sheet, row) for sheet, info in manifest.items() if isinstance(info, dict)
                  for row in info.get("lossy_nip_rows", [])}
    mismatches = []
    for p in persons:
        row = by_key.get((p.cycle, p.person_name, p.case_id))
        if row is None:
            mismatches.append(("missing", p.person_name, p.case_id))
            continue
        for field in CHECKED:
            expected = getattr(p, field)
            if isinstance(expected, str):
                expected = expected.strip() or None
            if row[field] != expected:
                mismatches.append((field, row["source_sheet"], row["source_row"], row[field], expected))
        if (row["source_sheet"], row["source_row"]) in lossy_rows:
            assert row["nip"] is not None and len(row["nip"]) == 18 and row["nip"][:15] == p.nip[:15]
        else:
            if row["nip"] != p.nip:
                mismatches.append(("nip", row["source_sheet"], row["source_row"], row["nip"], p.nip))
    assert not mismatches, mismatches[:20]


def test_rejected_and_lossy_rows_are_reported(demo_load) -> None:
    _persons, manifest, db, result = demo_load
    rejected = {(r["source_sheet"], r["source_row"]) for r in fetch_rows(db, "SELECT * FROM rejected_rows")}
    expected_rejects = {(sheet, row) for sheet, info in manifest.items() if isinstance(info, dict)
                        for row in info.get("reject_rows", [])}
    assert rejected == expected_rejects
    notes = {(r["source_sheet"], r["source_row"]) for r in
             fetch_rows(db, "SELECT * FROM quality_notes WHERE kind = 'nip_angka'")}
    lossy = {(sheet, row) for sheet, info in manifest.items() if isinstance(info, dict)
             for row in info.get("lossy_nip_rows", [])}
    assert lossy and lossy <= notes
    assert result.rows_read == result.rows_loaded + result.rows_rejected + result.rows_skipped


def test_demo_is_marked_as_demo(demo_load) -> None:
    _persons, _manifest, db, result = demo_load
    assert result.dataset == "contoh"
    assert {r["dataset"] for r in fetch_rows(db)} == {"contoh"}


def test_bundled_workbooks_load(bundled_db: Path) -> None:
    datasets = {r["dataset"]: r["n"] for r in
                fetch_rows(bundled_db, "SELECT dataset, count(*) AS n FROM violations GROUP BY 1")}
    assert set(datasets) == {"contoh", "publik"}
    public = fetch_rows(bundled_db, "SELECT * FROM violations WHERE dataset = 'publik'")
    assert all(r["source_ref"] for r in public)
