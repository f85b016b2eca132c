"""A new personal column needs its registry entry and nothing else to be masked for guests everywhere they read.

The test copies ``netralitas/columns.py``, adds one entry to the copy — a column ``witness_name`` flagged personal
(a name), added in schema 5, shown in the case rows, the chart-click rows, the follow-up list, the export, the Data
Kasus table and the record view — and runs a fresh interpreter in which that copy *is* the registry. There an
upgrade adds the column to a loaded database, the test fills it (the rule that fills a column) and reads it back
through every way out of the query layer: case rows, streamed rows, chart-click rows, the follow-up list, the
full record, the CSV and Excel exports, a chart's table, a data-quality note quoting the value, and the Data Kasus
page as a guest. Staff see the name in clear.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration  # the real loader's database, a fresh interpreter, the page in AppTest

ROOT = Path(__file__).resolve().parent.parent
NAME = "Siti Aminah Rahayu"
NEW_ENTRY = '''    Column("witness_name", since=5, filled_by=FROM_APP, sheet_field="witness_name", personal=MASK_NAME,
           label="Nama saksi", places={CASE_ROWS: 20, SELECTED: 15, FOLLOW_UP: 14, FOLLOW_UP_SHOWN: 9},
           export=Export("Nama Saksi", 28, 23), table=Shown("Nama saksi", 190, 18),
           record=Field("Terlapor", "Nama saksi", 7)),
'''

CHILD = r'''
import csv, importlib.util, io, json, sys
from pathlib import Path

source, db_path, name = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
import netralitas
spec = importlib.util.spec_from_loader("netralitas.columns", loader=None)
registry = importlib.util.module_from_spec(spec)
sys.modules["netralitas.columns"] = registry
netralitas.columns = registry
exec(compile(Path(source).read_text(encoding="utf-8"), source, "exec"), registry.__dict__)

import duckdb
import openpyxl
from netralitas import db, queries
from netralitas.export import ChartTable, build_csv, build_xlsx, chart_frame
from netralitas.queries import Filters, Viewer
from loaders.rules import personal_columns

out = {"version": db.SCHEMA_VERSION, "field_masks": personal_columns({"witness_name": [7]})}
db.upgrade_schema(db_path)
with db.write_session(db_path, keep_backups=0) as con:  # the rule that fills the column, for this test
    con.execute("UPDATE violations SET witness_name = ?", [name])
    file, sheet, row = con.execute("SELECT source_file, source_sheet, source_row FROM violations "
                                   "ORDER BY source_file, source_sheet, source_row LIMIT 1").fetchone()
    con.execute("INSERT INTO quality_notes (batch_id, source_file, source_sheet, source_row, kind, message, quoted, "
                "quoted_mask) VALUES (1, ?, ?, ?, 'uji', 'Saksi: {nilai}', ?, ?)",
                [file, sheet, row, name, registry.FIELD_MASKS.get("witness_name")])

def seen(viewer):
    con = duckdb.connect(str(db_path), read_only=True)
    every = Filters()
    rows = queries.case_rows(con, every, viewer)
    cycle = rows["cycle"].iloc[0]
    chunks = [r for chunk in queries.case_row_chunks(con, every, viewer) for r in chunk]
    at = queries.CASE_COLUMNS.index("witness_name")
    detail = queries.case_detail(con, file, sheet, row, viewer)
    text = build_csv(con, every, viewer, masked=False).decode("utf-8-sig")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    book = openpyxl.load_workbook(io.BytesIO(build_xlsx(con, every, viewer, masked=False)), read_only=True)
    sheet_rows = list(book["Data"].iter_rows(values_only=True))
    chart = chart_frame(ChartTable("uji", queries.case_rows(con, every, Viewer("staf"))), masked=not viewer.reveal)
    notes = queries.quality_notes(con, viewer, "uji")
    return {
        "case_rows": sorted(set(rows["witness_name"])),
        "chunks": sorted({r[at] for r in chunks}),
        "selected": sorted(set(queries.case_rows_selected(con, every, viewer, ((("cycle", cycle),),))["witness_name"])),
        "follow_up": sorted(set(queries.follow_up(con, every, viewer)["witness_name"])),
        "record": detail["witness_name"],
        "csv": sorted({r[table[0].index("Nama Saksi")] for r in table[1:]}),
        "xlsx": sorted({r[sheet_rows[0].index("Nama Saksi")] for r in sheet_rows[1:]}),
        "chart_table": sorted(set(chart["Nama Saksi"])),
        "note": notes["message"].tolist(),
    }

out["guest"] = seen(Viewer("tamu"))
out["staff"] = seen(Viewer("staf"))

import os
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
original_init = PagesManager.__init__
def init(self, *args, **kwargs):
    original_init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False
PagesManager.__init__ = init
os.environ["NETRALITAS_DB"] = str(db_path)
page = AppTest.from_file(str(Path.cwd() / "app.py"), default_timeout=120)
page.run()
page.switch_page("pages/data.py")
page.run()
assert not page.exception, [e.value for e in page.exception]
shown = page.main.dataframe[0]
out["page"] = sorted(set(shown.value["witness_name"]))
print(json.dumps(out, default=str))
'''


@pytest.fixture(scope="module")
def seen(fixture_db: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """What guests and staff read of the new column, from the child interpreter."""
    folder = tmp_path_factory.mktemp("kolom_baru")
    source = (ROOT / "netralitas" / "columns.py").read_text(encoding="utf-8")
    anchor = source.index("VIOLATIONS = Table(")
    anchor = source.index("\n))\n", anchor) + 1  # the end of the violations table's columns
    registry = folder / "columns_uji.py"
    registry.write_text(source[:anchor] + NEW_ENTRY + source[anchor:], encoding="utf-8")
    database = folder / "uji.duckdb"
    shutil.copyfile(fixture_db, database)
    child = subprocess.run([sys.executable, "-c", CHILD, str(registry), str(database), NAME], cwd=ROOT,
                           capture_output=True, text=True, timeout=600)
    assert child.returncode == 0, child.stderr[-4000:]
    return json.loads(child.stdout.strip().splitlines()[-1])


def test_the_registry_entry_adds_the_column_with_the_next_schema_version(seen: dict) -> None:
    assert seen["version"] == "5"
    assert seen["field_masks"] == {"7": "nama"}  # a value a note quotes from its register column is a name


def test_guests_read_the_new_personal_column_masked_everywhere(seen: dict) -> None:
    masked = "Sit*** A*** R***"
    guest = seen["guest"]
    for place in ("case_rows", "chunks", "selected", "follow_up", "csv", "xlsx", "chart_table"):
        assert guest[place] == [masked], place
    assert guest["record"] == masked
    assert guest["note"] and all(m == f"Saksi: {masked}" for m in guest["note"])
    assert seen["page"] == [masked]


def test_staff_read_the_new_column_in_clear(seen: dict) -> None:
    staff = seen["staff"]
    for place in ("case_rows", "chunks", "selected", "follow_up", "csv", "xlsx"):
        assert staff[place] == [NAME], place
    assert staff["record"] == NAME
    assert staff["note"] and all(m == f"Saksi: {NAME}" for m in staff["note"])
    assert staff["chart_table"] == [NAME]  # a chart's table asked for unmasked by a viewer who may see names
