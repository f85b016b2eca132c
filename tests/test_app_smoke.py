"""The app's first start: it builds the database from the bundled workbooks and shows the overview charts."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netralitas.queries import LOADED_BY_APP_START
from tests.registers import scalar

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent


def test_first_start_builds_database_and_shows_overview(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "baru" / "netralitas.duckdb"
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert db.exists()
    assert scalar(db, "SELECT count(*) FROM load_batches") == 4  # cases and prevention: demo and public record
    assert scalar(db, "SELECT string_agg(DISTINCT dataset ORDER BY dataset) FROM prevention_activities") == (
        "contoh,publik")
    assert scalar(db, "SELECT string_agg(DISTINCT loaded_by_role) FROM load_batches") == LOADED_BY_APP_START
    charts = at.get("plotly_chart")
    assert len(charts) >= 3
    texts = " ".join(w.value for w in at.warning) + " ".join(i.value for i in at.info)
    assert "DATA CONTOH (FIKTIF)" in texts
    persons = scalar(db, "SELECT count(*) FROM violations")
    assert at.metric[0].value == f"{persons:,}".replace(",", ".")


@pytest.mark.slow
def test_database_file_without_any_load_is_rebuilt(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import duckdb

    from netralitas.db import ensure_schema

    path = tmp_path / "skema_saja.duckdb"
    con = duckdb.connect(str(path))
    ensure_schema(con)
    con.close()
    monkeypatch.setenv("NETRALITAS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert scalar(path, "SELECT count(*) FROM violations") > 0


def test_database_in_use_without_persons_shows_empty_state(monkeypatch: pytest.MonkeyPatch, empty_db: Path) -> None:
    monkeypatch.setenv("NETRALITAS_DB", str(empty_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception
    assert scalar(empty_db, "SELECT count(*) FROM violations") == 0
    assert any("belum berisi terlapor" in i.value or "Tidak ada data" in i.value for i in at.info)


def test_database_of_an_earlier_schema_is_upgraded_on_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, bundled_db: Path
) -> None:
    import shutil

    import duckdb

    from netralitas import db

    path = tmp_path / "skema_lama.duckdb"
    shutil.copyfile(bundled_db, path)
    with duckdb.connect(str(path)) as con:  # as a database written before case keys existed
        con.execute("ALTER TABLE violations DROP COLUMN case_key")
        con.execute("DROP TABLE case_keys")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    persons = scalar(path, "SELECT count(*) FROM violations")
    monkeypatch.setenv("NETRALITAS_DB", str(path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    assert db.schema_is_current(path)
    assert scalar(path, "SELECT count(*) FROM violations WHERE case_key IS NULL") == 0
    assert at.metric[0].value == f"{persons:,}".replace(",", ".")
    cases = scalar(path, "SELECT count(DISTINCT case_id) FROM violations")
    assert any(m.value == f"{cases:,}".replace(",", ".") for m in at.metric)
