"""A CSV export yields no formula cell however an office spreadsheet splits its lines.

The file says ``;`` (an Indonesian locale), but an English one splits on ``,``, and a person may choose a
tab or a bar. Every field is quoted, and every piece of a field that a split on any of those would start
with ``=``, ``+``, ``-`` or ``@`` is neutralised — read with quotes honoured or naively split.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from loaders.pipeline import load_paths
from netralitas import db, export
from netralitas.export import CSV_CELL_BREAKS, ChartTable
from netralitas.queries import Filters, Viewer
from tests.registers import new_workbook, put_rows

HOSTILE_AGENCIES = [
    "Dinas X,=1+2",
    "Dinas Y;+SUM(1)",
    "Dinas Z\t@A1",
    "Dinas W|-2+3",
    'Dinas V, "=HYPERLINK(""http://127.0.0.1:9/"",""k"")"',
    "Dinas U,  -cmd|' /C calc'!A0",
    "Dinas T\r\n=1+1",
    "Rp 50.000,-",
]
SPLITS = [",", ";", "\t", "|"]
STAFF = Viewer(role="staf", user="uji")


def _evaluable(cell: str) -> bool:
    """What a spreadsheet may take for a formula: after spaces and quotes, a sign followed by anything."""
    bare = cell.strip().lstrip('"').lstrip().rstrip('"')
    return len(bare) > 0 and bare[0] in "=+-@" and cell.strip() not in ("-", "+")


def _cells_every_way(text: str) -> list[str]:
    """Every cell of ``text`` read as CSV split on each separator, with quotes honoured and naively."""
    cells: list[str] = []
    for sep in SPLITS:
        for record in csv.reader(io.StringIO(text, newline=""), delimiter=sep):
            cells.extend(record)
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            cells.extend(line.split(sep))
    return cells


@pytest.fixture(scope="module")
def con(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("csvsel")
    wb = new_workbook("Pemilu 2024")
    put_rows(wb.active, [["No. Reg", "Nama", "Status Kepegawaian", "Unit Kerja", "Sanksi"]]
             + [[f"R-{i}", f"Orang {i}", "PNS", agency, "teguran lisan"]
                for i, agency in enumerate(HOSTILE_AGENCIES)])  # fmt: skip
    wb.save(folder / "register.xlsx")
    path = folder / "netralitas.duckdb"
    assert all(r.ok for r in load_paths([folder / "register.xlsx"], path))
    connection = db.connect_readonly(path)
    yield connection
    connection.close()


def test_the_data_csv_has_no_formula_cell_whatever_the_split(con) -> None:
    text = export.build_csv(con, Filters(), STAFF, masked=False).decode("utf-8-sig")
    offending = [c for c in _cells_every_way(text) if _evaluable(c)]
    assert not offending, offending
    # read as written (";" with quotes), every agency comes back whole, only marked where a cell could start
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    agencies = {r[rows[0].index("Instansi / Unit Kerja")] for r in rows[1:]}
    assert "Dinas X,'=1+2" in agencies and "Rp 50.000,'-" in agencies
    assert all(line.startswith('"') and line.endswith('"') for line in text.split("\r\n") if line and '"' in line)


def test_every_field_is_quoted(con) -> None:
    text = export.build_csv(con, Filters(), STAFF, masked=False).decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    assert header.startswith('"') and '";"' in header and header.endswith('"')
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    quoted = sum(1 for _ in csv.reader(io.StringIO(text, newline=""), delimiter=";", quoting=csv.QUOTE_NONE))
    assert quoted >= len(rows)


def test_a_chart_table_csv_is_neutralised_the_same_way() -> None:
    frame = pd.DataFrame({"Unit kerja": HOSTILE_AGENCIES, "Jumlah": range(len(HOSTILE_AGENCIES))})
    text = export.table_csv(ChartTable("Uji", frame)).decode("utf-8-sig")
    assert not [c for c in _cells_every_way(text) if _evaluable(c)]


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.text(alphabet=st.sampled_from(list(CSV_CELL_BREAKS + ' "=+-@xA1(')), max_size=30))
@pytest.mark.slow
def test_no_piece_of_a_neutralised_field_starts_a_formula(text: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerow(
        [export.neutralise_csv(text), "Dinas"]
    )
    assert not [c for c in _cells_every_way(buffer.getvalue()) if _evaluable(c)]


def test_neutralising_keeps_the_text_apart_from_its_marks(tmp_path: Path) -> None:
    for text in HOSTILE_AGENCIES:
        assert export.neutralise_csv(text).replace("'", "") == text.replace("'", "")
