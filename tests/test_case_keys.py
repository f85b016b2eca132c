"""The case key: one number per distinct register number, kept across loads, used to count distinct cases.

Counting distinct cases over integers instead of ~30-character register numbers is what keeps the dashboard's
grouped counts fast at a million rows; these tests hold that the number never changes what is counted.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import duckdb

from loaders.pipeline import load_paths
from netralitas import db, queries
from netralitas.queries import Filters
from tests.registers import scalar, write_register


def _key_map(path: Path) -> list[tuple[str, int]]:
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        return con.execute("SELECT DISTINCT case_id, case_key FROM violations ORDER BY case_id").fetchall()


def _assert_one_key_per_case(path: Path) -> None:
    pairs = _key_map(path)
    assert all(key is not None for _case, key in pairs)
    assert len({case for case, _ in pairs}) == len(pairs), "a register number has two keys"
    assert len({key for _, key in pairs}) == len(pairs), "two register numbers share a key"


def test_every_row_gets_the_key_of_its_register_number_across_files_and_reloads(tmp_path: Path) -> None:
    target = tmp_path / "n.duckdb"
    a = write_register(tmp_path / "a.xlsx", [("001/PW", "Ani"), ("001/PW", "Budi"), ("002/PW", "Citra")])
    b = write_register(tmp_path / "b.xlsx", [("002/PW", "Dedi"), ("003/PW", "Eka")], sheet="Pilkada 2024")
    load_paths([a], target)
    first = dict(_key_map(target))
    load_paths([b], target)
    _assert_one_key_per_case(target)
    assert {c: k for c, k in _key_map(target) if c in first} == first, "a later load renumbered a case"
    # the same file name again, with other rows: replaced, and the keys still one per register number
    write_register(a, [("004/PW", "Fajar"), ("001/PW", "Gita")])
    load_paths([a], target)
    _assert_one_key_per_case(target)
    assert scalar(target, "SELECT count(DISTINCT case_key) FROM violations") == scalar(
        target, "SELECT count(DISTINCT case_id) FROM violations"
    ) == 4


def test_counted_cases_equal_distinct_register_numbers_under_filters(tmp_path: Path) -> None:
    target = tmp_path / "n.duckdb"
    a = write_register(tmp_path / "a.xlsx", [("001/PW", "Ani"), ("001/PW", "Budi"), ("002/PW", "Citra")])
    b = write_register(tmp_path / "b.xlsx", [("002/PW", "Dedi"), ("003/PW", "Eka")], sheet="Pilkada 2024")
    load_paths([a, b], target)
    with contextlib.closing(duckdb.connect(str(target), read_only=True)) as con:
        for filters in (Filters(), Filters(cycles=("Pemilu 2024",)), Filters(cycles=("Pilkada 2024",))):
            where, params = filters.where()
            expected = con.execute(f"SELECT count(DISTINCT case_id) FROM violations WHERE {where}", params).fetchone()
            assert queries.headline(con, filters)["cases"] == expected[0] > 0
            by_cycle = queries.counts_by(con, filters, ["cycle"])
            for cycle, cases in zip(by_cycle["cycle"], by_cycle["cases"], strict=True):
                truth = con.execute(
                    f"SELECT count(DISTINCT case_id) FROM violations WHERE {where} AND cycle = ?", [*params, cycle]
                ).fetchone()[0]
                assert cases == truth


def test_a_database_of_the_earlier_schema_is_upgraded_with_its_rows_intact(tmp_path: Path) -> None:
    target = tmp_path / "lama.duckdb"
    a = write_register(tmp_path / "a.xlsx", [("001/PW", "Ani"), ("001/PW", "Budi"), ("002/PW", "Citra")])
    load_paths([a], target)
    with contextlib.closing(duckdb.connect(str(target))) as con:  # make it a schema-1 database
        con.execute("ALTER TABLE violations DROP COLUMN case_key")
        con.execute("DROP TABLE case_keys")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        before = sorted(con.execute("SELECT * FROM violations").fetchall(), key=repr)
    assert not db.schema_is_current(target)
    db.upgrade_schema(target)
    assert db.schema_is_current(target)
    _assert_one_key_per_case(target)
    with contextlib.closing(duckdb.connect(str(target), read_only=True)) as con:
        after = sorted(con.execute("SELECT * EXCLUDE (case_key) FROM violations").fetchall(), key=repr)
    assert after == before
    # and the next load into it keeps working
    b = write_register(tmp_path / "b.xlsx", [("002/PW", "Dedi")], sheet="Pilkada 2024")
    load_paths([b], target)
    _assert_one_key_per_case(target)
