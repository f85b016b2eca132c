"""The fast loading path gives exactly what the careful one gives.

The loader reads ``.xlsx`` sheets with fastexcel (cell values as text, sheets side by side) and works on whole
columns with Arrow kernels; python-calamine with the per-value Python functions of netralitas.normalize is the
reference. These tests load the same registers both ways and compare every stored row, and compare the
column functions with the Python functions value by value.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import string
import tempfile
from pathlib import Path

import duckdb
import openpyxl
import pyarrow as pa
import pyarrow.compute as pc_arrow
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import reading
from loaders.columns import fold_values, json_key, nip_column, raw_json_sql, text_column
from loaders.memo import Memo
from loaders.pipeline import load_paths
from loaders.reading import ColumnRows, read_register_file
from netralitas.normalize import cell_text, is_blank, normalize_nip
from netralitas.vocab import fold, vocabulary
from tests import test_loader_registers, test_loader_registers_years
from tests.test_loader_property import _write, layouts

VOC = vocabulary()


def _contents(db: Path) -> dict[str, list[tuple]]:
    """Every stored row, sorted; load times and file locations (which differ between two loads) left out."""
    out = {}
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        for table, drop in (("violations", ()), ("rejected_rows", ()), ("quality_notes", ()),
                            ("load_batches", ("loaded_at", "source_path"))):
            cols = [r[0] for r in con.execute(f"DESCRIBE {table}").fetchall() if r[0] not in drop]
            rows = con.execute(f"SELECT {', '.join(cols)} FROM {table}").fetchall()  # noqa: S608 - catalog names
            out[table] = sorted(rows, key=repr)
    return out


def _load_both(paths: list[Path], folder: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[dict, dict]:
    fast_db, careful_db = folder / "cepat.duckdb", folder / "teliti.duckdb"
    load_paths(paths, fast_db)
    with monkeypatch.context() as m:
        m.setattr(reading, "fastexcel", None)
        load_paths(paths, careful_db)
    return _contents(fast_db), _contents(careful_db)


def test_the_fast_reader_is_used_for_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "r.xlsx"
    test_loader_registers.REGISTERS[0].build(path)
    sheets = read_register_file(path).sheets
    assert sheets and all(isinstance(s.rows, ColumnRows) for s in sheets)


@pytest.mark.parametrize("suite", ["registers", "registers_years"])
@pytest.mark.slow
def test_every_test_register_loads_the_same_both_ways(suite: str, tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    src = tmp_path / "src"
    src.mkdir()
    if suite == "registers":
        paths = []
        for reg in test_loader_registers.REGISTERS:
            reg.build(src / reg.filename)
            paths.append(src / reg.filename)
    else:
        paths = [test_loader_registers_years.write(reg, src) for reg in test_loader_registers_years.MAIN]
    fast, careful = _load_both(paths, tmp_path, monkeypatch)
    assert fast["violations"], "the registers hold people"
    for table in careful:
        assert fast[table] == careful[table], table


@settings(max_examples=20, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(layout=layouts)
@pytest.mark.slow
def test_random_layouts_load_the_same_both_ways(layout: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "acak.xlsx"
        _write(path, layout)
        fast, careful = _load_both([path], Path(tmp), monkeypatch)
        assert fast == careful


def test_leading_empty_columns_and_rows_keep_their_places(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Pemilu 2024"
    ws["C4"] = "No. Reg"
    ws["D4"] = "Nama"
    ws["E4"] = "NIP"
    ws["F4"] = "Tanggal"
    ws["C5"] = "001/PL/2024"
    ws["D5"] = "Budi Santoso"
    ws["E5"] = 198503122010011003  # typed as a number: flagged, as the careful path does
    ws["F5"] = dt.date(2024, 3, 1)
    ws["C6"] = "002/PL/2024"
    ws["D6"] = "  Sri   Rahayu "
    ws["E6"] = "19850312 201001 2 004"
    ws["F6"] = "=TODAY()"
    path = tmp_path / "geser.xlsx"
    wb.save(path)
    sheet = read_register_file(path).sheets[0]
    assert isinstance(sheet.rows, ColumnRows)
    assert sheet.rows[3][2:6] == ["No. Reg", "Nama", "NIP", "Tanggal"]
    assert sheet.rows[4][4] == pytest.approx(198503122010011003.0)
    assert sheet.rows[4][5] == "2024-03-01"
    assert sheet.rows[5][5] == "=TODAY()"
    fast, careful = _load_both([path], tmp_path, monkeypatch)
    assert fast == careful
    assert {r[5] for r in fast["quality_notes"]} >= {"nip_angka", "rumus"}


def test_a_sheet_whose_dimension_disagrees_is_read_by_calamine(tmp_path: Path) -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["No. Reg", "Nama"])
    ws.append(["1/2024", "Budi"])
    path = tmp_path / "dim.xlsx"
    wb.save(path)
    # rewrite the <dimension> to claim more columns than the sheet holds
    import zipfile

    patched = tmp_path / "dim2.xlsx"
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(patched, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<dimension ref="A1:B2"/>', b'<dimension ref="A1:F2"/>')
            zout.writestr(item, data)
    sheet = read_register_file(patched).sheets[0]
    assert not isinstance(sheet.rows, ColumnRows)
    assert sheet.rows[1][:2] == ["1/2024", "Budi"]


# ---------------------------------------------------------------------------------------------- column functions
TEXTS = st.one_of(
    st.none(),
    st.sampled_from(["", " ", "-", "--", "—", "n/a", "N/A", "na", "Tidak ada", " tidak  ada ", "x", "X.", "?",
                     "belum diisi", "0", "-1", "x1", "TIDAK DIKETAHUI", "a\r\nb", " \t", "\x1c", "\x1fPNS\x1f",
                     "Kec. Tugu", "Smg Barat", "19850312 201001 1 003", "JUMLAH", "Jumlah total", "'1985",
                     "1,98503E+17", "١٢٣", "Ａｂｃ", "İstanbul", "ß", "\u00a0-\u00a0"]),
    st.text(alphabet=string.printable + "éÉ—–\u00a0\u2003\x1c\x85", max_size=30),
)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=st.lists(TEXTS, min_size=1, max_size=40))
@pytest.mark.slow
def test_text_column_is_cell_text_and_is_blank(values: list[str | None]) -> None:
    column = text_column(values, VOC)
    assert column.text.to_pylist() == [cell_text(v) for v in values]
    assert column.present.to_pylist() == [not is_blank(v, VOC) for v in values]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=st.lists(TEXTS, min_size=1, max_size=40))
@pytest.mark.slow
def test_fold_values_is_fold(values: list[str | None]) -> None:
    assert fold_values(values) == [None if v is None else fold(v) for v in values]


@settings(max_examples=300, deadline=None, derandomize=True)
@given(values=st.lists(st.one_of(TEXTS, st.from_regex(r"'?[0-9 .\-]{10,25}", fullmatch=True)), min_size=1,
                       max_size=40))
@pytest.mark.slow
def test_nip_column_is_normalize_nip(values: list[str | None]) -> None:
    got = nip_column(values, lambda vs: [normalize_nip(v, VOC) for v in vs])
    assert got == [normalize_nip(v, VOC) for v in values]


@settings(max_examples=200, deadline=None, derandomize=True)
@given(columns=st.lists(st.lists(TEXTS, min_size=5, max_size=5), min_size=0, max_size=4))
@pytest.mark.slow
def test_raw_json_is_the_cells_as_json(columns: list[list[str | None]]) -> None:
    labels = [f"Kolom \"{i}\" é\n" for i in range(len(columns))]
    texts = {f"raw_{k}": text_column(c, VOC) for k, c in enumerate(columns)}
    table = pa.table({name: pc_arrow.if_else(tc.present, tc.text, pa.scalar(None, pa.string()))
                      for name, tc in texts.items()} or {"x": pa.nulls(5, pa.string())})
    with contextlib.closing(duckdb.connect()) as con:
        con.register("t", table)
        got = [r[0] for r in con.execute(f"SELECT {raw_json_sql(list(texts))} FROM t",
                                         [json_key(label) for label in labels]).fetchall()]
    expected = [
        [(label, cell_text(col[r])) for label, col in zip(labels, columns, strict=True) if not is_blank(col[r], VOC)]
        for r in range(5)
    ]
    # the same members in the same order (DuckDB writes \u001C where Python writes \u001c: both are JSON)
    assert [list(json.loads(j).items()) for j in got] == expected


def test_column_rows_behave_like_a_list_of_rows() -> None:
    columns = [pa.array(["a", None, "c"], type=pa.string()), [1.0, "x", None]]
    rows = ColumnRows(columns, 3)
    assert len(rows) == 3 and rows[0] == ["a", 1.0] and rows[-1] == ["c", None]
    assert rows[1:] == [[None, "x"], ["c", None]]
    rows[0][1] = "changed"
    assert rows[0][1] == "changed" and rows.built(0) == ["a", "changed"]
    assert rows.pop() == ["c", None] and len(rows) == 2 and list(rows) == [["a", "changed"], [None, "x"]]
    with pytest.raises(IndexError):
        rows[2]


def test_memo_keeps_equal_but_different_cells_apart() -> None:
    # keys that compare equal but are written differently (-0.0 and 0.0, True and 1) each keep their own text
    assert Memo(cell_text).map([-0.0, 0.0, 1.0, True, 1, "1"]) == ["-0", "0", "1", "TRUE", "1", "1"]
    memo = Memo(cell_text)
    assert [memo(v) for v in (True, 1.0, -0.0, 0.0)] == ["TRUE", "1", "-0", "0"]
