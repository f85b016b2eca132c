"""The registry of columns (netralitas/columns.py) is the one definition: the tables in the database, the load's
Arrow schemas and the columns its rules fill, the query layer's column lists, the export's columns, the labels and
the Data Kasus page's table all equal what it declares; and a database of an earlier schema runs exactly the
migration steps after its version."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from loaders.preparing import FileReading
from loaders.tables import NOTE_SCHEMA, SHEET_COLUMNS, VIOLATION_SCHEMA
from netralitas import columns, db, export, labels, queries
from netralitas.columns import VIOLATIONS
from netralitas.privacy import MASK_IF_NIP, MASK_NAME, MASK_NIP, MASK_WITHHOLD
from netralitas.vocab import vocabulary
from tests import fixture_register
from tests.test_wib import server_zone

ROOT = Path(__file__).resolve().parent.parent

# The columns of schema 4. A column added later carries the version that added it (``since``), so that the upgrade
# of an older database adds it: a new name here without a later ``since`` fails this list.
SCHEMA_4 = {
    "load_batches": 16, "violations": 36, "case_keys": 2, "rejected_rows": 9, "quality_notes": 9,
    "prevention_activities": 20, "meta": 2,
}


def _described(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[str, str, bool]]]:
    rows = con.execute("SELECT table_name, column_name, data_type, is_nullable = 'YES' FROM information_schema.columns "
                       "ORDER BY table_name, ordinal_position").fetchall()
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for table, name, sql, nullable in rows:
        out.setdefault(table, []).append((name, sql, nullable))
    return out


def _declared(table: columns.Table) -> list[tuple[str, str, bool]]:
    return [(c.name, c.sql, not (c.not_null or c.primary_key)) for c in table.columns]


def test_every_table_is_created_as_the_registry_declares() -> None:
    with contextlib.closing(duckdb.connect()) as con:
        db.ensure_schema(con)
        described = _described(con)
        keys = {(t, tuple(c)) for t, c in con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()}
    assert set(described) == {t.name for t in columns.TABLES}
    for table in columns.TABLES:
        assert described[table.name] == _declared(table), table.name
    assert keys == {(t.name, (c.name,)) for t in columns.TABLES for c in t.columns if c.primary_key}


def test_the_load_writes_the_registry_columns(tmp_path: Path) -> None:
    """The Arrow schemas are the registry's, and the rules of a sheet fill exactly its sheet columns."""
    assert VIOLATION_SCHEMA.names == [c.name for c in VIOLATIONS.columns
                                      if c.filled_by in (columns.FROM_SHEET, columns.FROM_LOAD)]
    assert all(VIOLATION_SCHEMA.field(c.name).type == c.arrow for c in VIOLATIONS.columns
               if c.name in VIOLATION_SCHEMA.names)
    assert [(f.name, f.type) for f in NOTE_SCHEMA] == [(c.name, c.arrow) for c in columns.QUALITY_NOTES.columns]
    register = fixture_register.write_register(tmp_path / fixture_register.FILE_NAME)
    reading = FileReading(register, vocabulary(), dt.date(2025, 3, 3))
    sheets = list(reading.sheets())
    assert sheets and all(list(sheet.columns) == SHEET_COLUMNS for sheet in sheets)
    assert [c.name for c in VIOLATIONS.columns if c.filled_by == columns.FROM_SHEET] == SHEET_COLUMNS


def test_query_columns_are_the_registry_views(fixture_db: Path) -> None:
    assert columns.view(columns.CASE_ROWS) == queries.CASE_COLUMNS
    assert columns.view(columns.SELECTED) == queries.SELECTED_COLUMNS
    staff = queries.Viewer("staf")
    with contextlib.closing(duckdb.connect(str(fixture_db), read_only=True)) as con:
        assert list(queries.case_rows(con, queries.Filters(), staff).columns) == columns.view(columns.CASE_ROWS)
        extra = columns.view(columns.CASE_EXTRA)
        assert list(queries.case_rows(con, queries.Filters(), staff, columns=extra).columns) == extra
        with pytest.raises(ValueError):
            queries.case_rows(con, queries.Filters(), staff, columns=["raw"])  # not in any view: never asked for
        waiting = queries.follow_up(con, queries.Filters(), staff)
    assert list(waiting.columns) == [*columns.view(columns.FOLLOW_UP), "waiting_since", "waiting_basis",
                                     "days_waiting", "source_file", "source_sheet", "source_row", "age_bucket"]
    assert set(columns.view(columns.FOLLOW_UP_SHOWN)) <= set(waiting.columns)


def test_export_columns_are_the_registry_export_columns() -> None:
    assert [(c.key, c.header, c.kind, c.width) for c in export.DATA_COLUMNS[1:]] == [
        (c.name, c.export.header, c.export_kind, c.export.width) for c in columns.export_columns()]
    assert [c.name for c in columns.export_columns()] == export.QUERY_COLUMNS
    assert export.DATA_COLUMNS[0].key == "no"


def test_prevention_columns_are_the_registry_columns() -> None:
    """The prevention load's Arrow schema, the list of activities, its export and its labels come from the
    registry's ``prevention_activities``."""
    from loaders.prevention import ACTIVITY_SCHEMA
    from netralitas.export.prevention import ACTIVITY_COLUMNS

    activities = columns.PREVENTION_ACTIVITIES
    assert [(f.name, f.type) for f in ACTIVITY_SCHEMA] == [(c.name, c.arrow) for c in activities.columns]
    listed = columns.view(columns.PREVENTION_LIST, activities)
    assert listed + ["source"] == queries.PREVENTION_LIST_COLUMNS
    assert [(c.name, c.export.header, c.export.width) for c in columns.export_columns(activities)] == [
        column for column in ACTIVITY_COLUMNS if column[0] not in ("no", "source")]
    for name in listed:
        assert labels.PREVENTION_LABELS[name] == activities.column(name).label, name


def test_labels_are_the_registry_labels() -> None:
    for name, label in columns.labels().items():
        assert labels.COLUMN_LABELS[name] == label, name
        if name in labels.DIMENSION_LABELS:
            assert labels.DIMENSION_LABELS[name] == label, name


@pytest.mark.integration
def test_the_data_page_table_shows_the_registry_columns(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.roles import app_test

    monkeypatch.setenv("NETRALITAS_DB", str(fixture_db))
    at = app_test(monkeypatch)
    at.run()
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.main.dataframe[0].proto
    shown = columns.table_columns()
    assert list(table.column_order) == [c.name for c in shown]
    config = json.loads(table.columns)
    assert [(config[c.name]["label"], config[c.name]["width"]) for c in shown] == [
        (c.table.label, c.table.width) for c in shown]


def test_places_in_every_view_are_distinct_and_references_exist() -> None:
    for table in columns.TABLES:
        for name in columns.VIEWS:
            places = [c.places[name] for c in table.columns if name in c.places]
            assert len(places) == len(set(places)), (table.name, name)
        assert not {v for c in table.columns for v in c.places} - set(columns.VIEWS), table.name
        for spec in ("export", "table"):
            places = [getattr(c, spec).at for c in table.columns if getattr(c, spec) is not None]
            assert len(places) == len(set(places)), (table.name, spec)
        records = [(c.record.section, c.record.at) for c in table.columns if c.record is not None]
        assert len(records) == len(set(records)) and {s for s, _ in records} <= set(columns.RECORD_SECTIONS)
        for c in table.columns:
            if c.record is not None:
                assert {c.record.written, c.record.basis} - {None} <= set(table.names), c.name
            assert c.sql in ("VARCHAR", "DATE", "INTEGER", "TIMESTAMP", "BOOLEAN"), c.name
        assert len(table.names) == len(set(table.names)), table.name


def test_columns_added_later_name_their_version_and_can_be_added_to_a_full_table() -> None:
    current = int(db.SCHEMA_VERSION)
    for table in columns.TABLES:
        assert table.since <= current
        for c in table.columns:
            assert c.since <= current, (table.name, c.name)  # a column without its own version came with its table
            if c.since > table.since:
                assert not c.not_null and not c.primary_key, (table.name, c.name)  # ALTER TABLE on rows
        if table.name in SCHEMA_4:
            assert len([c for c in table.columns if c.since <= 4]) == SCHEMA_4[table.name], table.name
    assert str(db.migration_steps()[-1].version) == db.SCHEMA_VERSION


def test_personal_columns_and_the_fields_their_quoted_values_come_from() -> None:
    assert columns.guest_masks() == {
        "person_name": MASK_NAME, "nip": MASK_NIP, "cycle_raw": MASK_IF_NIP, "actor_type_raw": MASK_IF_NIP,
        "district_raw": MASK_IF_NIP, "reported_on_raw": MASK_IF_NIP, "nip_raw": MASK_WITHHOLD,
        "status_raw": MASK_IF_NIP, "person_key": MASK_WITHHOLD, "raw": MASK_WITHHOLD,
    }
    assert columns.FIELD_MASKS == {"person_name": MASK_NAME, "nip": MASK_NIP}
    assert set(queries.WRITTEN_COLUMNS) == {"cycle_raw", "actor_type_raw", "district_raw", "reported_on_raw",
                                            "status_raw"}


def test_register_fields_are_the_registry_fields() -> None:
    """The vocabulary's header synonyms name the fields the registry's sheet columns read, and the demo
    registers' layouts write only those."""
    from netralitas.demo_data import public_record, register
    from netralitas.demo_data.person import DemoPerson

    fields = {c.sheet_field for c in VIOLATIONS.columns if c.sheet_field}
    header = set(vocabulary().header_fields) - {"_no", "_ignore"}
    assert header == fields
    for layout in (register._FIELDS_A, register._FIELDS_B, register._FIELDS_C, public_record._PUBLIC_FIELDS):
        assert set(layout) - {"_no", "_note"} <= fields
    truth = set(DemoPerson.__dataclass_fields__) - {"source_kind_raw", "actor_raw", "date_raw", "doubt"}
    assert truth <= set(VIOLATIONS.names)


# ---- migration steps ---------------------------------------------------------------------------------------------


def _as_version(path: Path, version: int) -> None:
    """Make a current database look as schema ``version`` wrote it (its later tables and columns taken out)."""
    with contextlib.closing(duckdb.connect(str(path))) as con:
        for table in columns.TABLES:
            if table.since > version:
                con.execute(f"DROP TABLE {table.name}")
                continue
            for c in table.columns:
                if c.since > version:
                    con.execute(f"ALTER TABLE {table.name} DROP COLUMN {c.name}")
        con.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", [str(version)])


def _upgrade_recording(path: Path, monkeypatch: pytest.MonkeyPatch) -> list[int]:
    ran: list[int] = []
    apply = db.apply_step

    def recording(con: duckdb.DuckDBPyConnection, step: db.Step, *args: object) -> None:
        ran.append(step.version)
        apply(con, step, *args)

    monkeypatch.setattr(db, "apply_step", recording)
    db.upgrade_schema(path)
    assert db.schema_is_current(path)
    return ran


@pytest.mark.parametrize(("version", "later"), [(1, [2, 3, 4]), (2, [3, 4]), (3, [4]), (4, [])])
def test_a_database_runs_exactly_the_steps_after_its_version(
    version: int, later: list[int], fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / f"skema{version}.duckdb"
    shutil.copyfile(fixture_db, path)
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        loaded_at = con.execute("SELECT loaded_at FROM load_batches ORDER BY batch_id").fetchall()
        persons = con.execute("SELECT * EXCLUDE (case_key) FROM violations ORDER BY ALL").fetchall()
    if version < 4:
        _as_version(path, version)
        assert db.database_state(path) == "skema_lama"
    with server_zone("Asia/Jakarta"):  # where a load time read as local time would move by seven hours
        assert _upgrade_recording(path, monkeypatch) == later
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        assert _described(con) == {t.name: _declared(t) for t in columns.TABLES}
        assert con.execute("SELECT * EXCLUDE (case_key) FROM violations ORDER BY ALL").fetchall() == persons
        times_now = con.execute("SELECT loaded_at FROM load_batches ORDER BY batch_id").fetchall()
    # the step to 3 reads load times as the machine's local wall-clock time: it runs on older databases only
    assert (times_now == loaded_at) is (version >= 3)
