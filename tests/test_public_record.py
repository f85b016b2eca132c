"""The public record is data: ``public_record.toml`` round-trips into the public-record workbook, every row cites
the outlet, headline and date of its press reports, and the loaded record carries that citation to the record
view (``source_ref``)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import tomllib
from pathlib import Path

import duckdb
import openpyxl
import pytest

from netralitas import queries
from netralitas.demo_data import (
    PUBLIC_RECORD,
    PUBLIC_RECORD_DATA,
    PUBLIC_RECORD_FILE,
    load_public_record,
    parse_public_record,
    write_public_record,
)
from netralitas.vocab import vocabulary

SOURCES_COLUMN = "source_ref"


def _data() -> dict:
    return tomllib.loads(PUBLIC_RECORD_DATA.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def workbook(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("publik") / PUBLIC_RECORD_FILE
    manifest = write_public_record(path, load_public_record())
    return path, manifest, openpyxl.load_workbook(path)


def test_the_data_file_round_trips_into_the_workbook(workbook) -> None:
    _path, manifest, wb = workbook
    data = _data()
    expected = []
    for entry in data["row"]:
        for case_id in entry["ids"]:
            expected.append((entry["cycle"], case_id, entry.get("reported_on"), entry["source_kind"], entry["position"],
                             entry["actor_raw"], entry["agency"], entry["violation_type"], entry["status_raw"],
                             entry["sanction"], entry["note"]))
    fields = ("case_id", "reported_on", "source_kind", "position", "actor_type", "agency", "violation_type", "status",
              "sanction", "note")
    read = []
    for sheet, entry in manifest.items():
        ws = wb[sheet]
        cols = {field: spec["col"] for field, spec in entry["columns"].items()}
        for row in entry["data_rows"]:
            values = [ws.cell(row=row, column=cols[f]).value for f in fields]
            values[1] = values[1].date() if isinstance(values[1], dt.datetime) else values[1]
            read.append((sheet, *["" if v is None else v for v in values]))
            for blank in ("person_name", "nip", "district"):  # nobody is named; no kecamatan is published
                assert ws.cell(row=row, column=cols[blank]).value is None
    normalised = [tuple("" if v is None else v for v in row) for row in expected]
    assert sorted(read, key=lambda r: r[1]) == sorted(normalised, key=lambda r: r[1])
    assert len(read) == sum(len(e["ids"]) for e in data["row"]) == len(PUBLIC_RECORD)


def test_every_row_cites_the_outlet_headline_and_date_of_its_reports(workbook) -> None:
    _path, manifest, wb = workbook
    reports = _data()["report"]
    citations = {}
    for entry in _data()["row"]:
        cited = [reports[key] for key in entry["reports"]]
        assert cited
        for case_id in entry["ids"]:
            citations[case_id] = cited
    for sheet, entry in manifest.items():
        ws = wb[sheet]
        cols = {field: spec["col"] for field, spec in entry["columns"].items()}
        for row in entry["data_rows"]:
            source = ws.cell(row=row, column=cols[SOURCES_COLUMN]).value
            case_id = ws.cell(row=row, column=cols["case_id"]).value
            for report in citations[case_id]:
                assert report["date"] in source
                if report["outlet"]:
                    assert report["outlet"] in source
                if report["headline"]:
                    assert f"“{report['headline']}”" in source
                else:
                    assert "judul berita tidak tercatat" in source  # said, never made up
            assert not re.search(r"DOMAIN|DATA_CONTRACT|§|lihat ", source), source


def test_the_reports_the_product_was_shaped_by_are_cited_with_their_headlines() -> None:
    sources = " ".join(r.source for r in PUBLIC_RECORD)
    assert "Tuturpedia, “Jelang Pemilu 2024, Wali Kota Semarang Tegaskan Netralitas ASN Harus Harga Mati”" in sources
    assert "“Pantau Tindak Lanjut Pelanggaran Netralitas ASN Pemkot, Bawaslu sambangi BKPP”" in sources
    assert "SuaraBaru.id" in sources and "Tribun Jateng, 22 September 2023" in sources


def test_a_row_naming_what_the_vocabulary_does_not_know_is_refused() -> None:
    data = _data()
    data["row"][0]["severity"] = "Sangat berat"
    with pytest.raises(ValueError, match="PUB-2020-01.*Sangat berat"):
        parse_public_record(data)
    data = _data()
    data["row"][0]["reports"] = ["tidak-ada"]
    with pytest.raises(ValueError, match="tidak-ada"):
        parse_public_record(data)


def test_a_row_without_status_or_severity_is_unknown() -> None:
    unknown = [r for r in PUBLIC_RECORD if r.status is None]
    assert unknown and all(r.severity == vocabulary().unknown and r.status_raw == "" for r in unknown)


def test_the_bundled_workbook_is_written_from_the_data_file(workbook) -> None:
    bundled = Path(__file__).resolve().parent.parent / "data" / PUBLIC_RECORD_FILE
    mine = {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()] for ws in workbook[2]}
    theirs = {ws.title: [tuple(c.value for c in row) for row in ws.iter_rows()]
              for ws in openpyxl.load_workbook(bundled)}
    assert mine == theirs


def test_the_loaded_record_shows_its_press_source(bundled_db: Path) -> None:
    """The record view (Data Kasus) shows ``source_ref``: the citation of the data file reaches the record."""
    expected = {r.case_id: r.source for r in PUBLIC_RECORD}
    with duckdb.connect(str(bundled_db), read_only=True) as con:
        rows = con.execute("SELECT case_id, source_file, source_sheet, source_row FROM violations WHERE dataset = ?",
                           [vocabulary().dataset_keys.public]).fetchall()
        assert {r[0] for r in rows} == set(expected)
        for case_id, source_file, sheet, row in rows:
            record = queries.case_detail(con, source_file, sheet, row, queries.Viewer())
            assert record[SOURCES_COLUMN] == expected[case_id]


def test_press_rows_are_the_public_record_rows() -> None:
    assert [dataclasses.asdict(r) for r in load_public_record()] == [dataclasses.asdict(r) for r in PUBLIC_RECORD]


def test_the_record_view_shows_the_press_source(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Data Kasus: selecting a public-record row shows its press source beside the other fields of the record."""
    from streamlit.testing.v1 import AppTest

    from tests.markdown import markdown_shows
    from tests.roles import as_role

    monkeypatch.setenv("NETRALITAS_DB", str(bundled_db))
    at = as_role(AppTest.from_file(str(Path(__file__).resolve().parent.parent / "app.py"), default_timeout=60),
                 "tamu")
    at.query_params["data"] = vocabulary().dataset_keys.public
    at.switch_page("pages/data.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    table = at.dataframe[0]
    row = int(table.value.index[table.value["case_id"] == "PUB-2024-03-1"][0])
    at.session_state[table.key] = {"selection": {"rows": [row], "columns": [], "cells": []}}
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    text = "\n".join(markdown_shows(m.value) for m in at.markdown)
    source = next(r.source for r in PUBLIC_RECORD if r.case_id == "PUB-2024-03-1")
    assert "Sumber berita" in text and source in text
