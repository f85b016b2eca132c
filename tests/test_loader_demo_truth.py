"""End to end: the bundled synthetic register, loaded by the real loader, gives back the generator's truth for
every person (cycle, actor type, severity, kecamatan, dates, NIP, register number)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from netralitas.demo_data import generate_demo_persons, write_demo_register
from tests.registers import fetch_rows

CHECKED = ("case_id", "cycle", "reported_on", "source_kind", "person_name", "actor_type", "position", "agency",
           "district", "violation_type", "status", "severity", "forwarded_on", "recommended_on", "sanctioned_on")
#: Process dates: a sheet records only some of them (manifest "columns"); where a sheet has no column for one,
#: the loader must leave it null.
PROCESS_DATES = ("forwarded_on", "recommended_on", "sanctioned_on")


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
    dated = Counter()
    for p in persons:
        row = by_key.get((p.cycle, p.person_name, p.case_id))
        if row is None:
            mismatches.append(("missing", p.person_name, p.case_id))
            continue
        for field in CHECKED:
            expected = getattr(p, field)
            if isinstance(expected, str):
                expected = expected.strip() or None
            if field in PROCESS_DATES and field not in manifest[row["source_sheet"]]["columns"]:
                expected = None  # the sheet has no column for it
            if row[field] != expected:
                mismatches.append((field, row["source_sheet"], row["source_row"], row[field], expected))
            elif field in PROCESS_DATES and expected is not None:
                dated[(row["source_sheet"], field)] += 1
        if (row["source_sheet"], row["source_row"]) in lossy_rows:
            assert row["nip"] is not None and len(row["nip"]) == 18 and row["nip"][:15] == p.nip[:15]
        else:
            if row["nip"] != p.nip:
                mismatches.append(("nip", row["source_sheet"], row["source_row"], row["nip"], p.nip))
    assert not mismatches, mismatches[:20]
    # every sheet's process-date columns were really read (not only matched as null)
    for sheet, info in manifest.items():
        for field in PROCESS_DATES:
            if field in info["columns"]:
                assert dated[(sheet, field)] > 10, (sheet, field, dated)


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


def test_bundled_process_dates_reach_the_dashboard(bundled_db: Path) -> None:
    """The bundled register's forwarding and decree dates feed the median and the follow-up tracker."""
    import contextlib
    import datetime as dt

    import duckdb

    from netralitas import queries
    from netralitas.queries import Filters, Viewer

    with contextlib.closing(duckdb.connect(str(bundled_db), read_only=True)) as con:
        head = queries.headline(con)
        assert isinstance(head["median_days_to_sanction"], (int, float))
        assert 30 < head["median_days_to_sanction"] < 400
        waiting = queries.follow_up(con, Filters(datasets=("contoh",)), Viewer(), today=dt.date(2026, 11, 22))
        assert "penerusan" in set(waiting["waiting_basis"])
        counts = con.execute(
            "SELECT source_sheet, count(forwarded_on), count(recommended_on), count(sanctioned_on) FROM violations"
            " WHERE dataset = 'contoh' GROUP BY 1"
        ).fetchall()
    by_sheet = {sheet: (f, r, s) for sheet, f, r, s in counts}
    assert all(f > 0 and s > 0 for f, _r, s in by_sheet.values())
    assert by_sheet["Pemilu 2024"][1] > 0  # only that sheet keeps the recommendation date
