"""The prevention queries on a real DuckDB file: counts per cycle, kind, audience group and kecamatan, the list in
date order, the monthly series, the comparison per kecamatan with its flag, the filters that apply and those that
do not, and the rule of the default data (own data once present, in either register)."""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from netralitas import queries
from netralitas.queries import DEMO_DATASET, OWN_DATASET, PUBLIC_DATASET, UNKNOWN_DISTRICT, Filters
from netralitas.vocab import vocabulary
from tests import prevention_fixture

pytestmark = pytest.mark.integration

OWN = prevention_fixture.own_activities()


def _ask(db: Path, fn, *args):
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        return fn(con, *args)


def test_counts_per_cycle_and_kind_equal_the_register(prevention_db: Path) -> None:
    df = _ask(prevention_db, queries.prevention_counts, Filters(), ["cycle", "kind"])
    got = {(r.cycle, r.kind): r.activities for r in df.itertuples()}
    want: dict = {}
    for a in OWN:
        want[(a["cycle"], a["kind"])] = want.get((a["cycle"], a["kind"]), 0) + 1
    assert got == want
    kinds = vocabulary().prevention_kind_names
    pilkada = [r.kind for r in df.itertuples() if r.cycle == "Pilkada 2024"]
    assert pilkada == sorted(pilkada, key=kinds.index)  # vocabulary order within a cycle
    assert _ask(prevention_db, queries.prevention_total, Filters()) == len(OWN)


def test_counts_per_audience_group_and_participants(prevention_db: Path) -> None:
    df = _ask(prevention_db, queries.prevention_counts, Filters(cycles=("Pemilu 2024",)), ["audience_group"])
    assert dict(zip(df["audience_group"], df["activities"], strict=True)) == {
        "Perangkat daerah (OPD)": 1, "Guru/Sekolah": 1, "ASN umum": 2, "Lainnya": 1}
    assert dict(zip(df["audience_group"], df["participants"], strict=True))["ASN umum"] == 560
    figures = _ask(prevention_db, queries.prevention_headline, Filters())
    assert figures["activities"] == len(OWN)
    assert figures["participants"] == sum(a["participants"] or 0 for a in OWN)
    assert figures["citywide"] == sum(1 for a in OWN if a["district"] is None)
    assert figures["undated"] == 1


def test_the_list_is_in_date_order_with_its_source(prevention_db: Path) -> None:
    rows = _ask(prevention_db, queries.prevention_rows, Filters())
    assert list(rows.columns) == queries.PREVENTION_LIST_COLUMNS
    dates = [d for d in rows["held_on"] if d is not None]
    assert dates == sorted(dates) and rows["held_on"].iloc[-1] is None  # undated last
    assert set(rows["title"]) == {a["title"] for a in OWN}
    assert rows["source"].iloc[0].startswith(prevention_fixture.FILE_NAME)
    public = _ask(prevention_db, queries.prevention_rows, Filters(datasets=(PUBLIC_DATASET,)))
    assert public["source"].tolist() == ["Contoh Harian, “Apel netralitas di Ngaliyan”, 30 Oktober 2024"]


def test_filters_that_apply(prevention_db: Path) -> None:
    tugu = _ask(prevention_db, queries.prevention_rows, Filters(districts=("Tugu",)))
    assert tugu["title"].tolist() == ["Ikrar netralitas ASN Kecamatan Tugu"]
    citywide = _ask(prevention_db, queries.prevention_total, Filters(districts=(UNKNOWN_DISTRICT,)))
    assert citywide == sum(1 for a in OWN if a["district"] is None)
    dated = _ask(prevention_db, queries.prevention_rows,
                 Filters(date_from=dt.date(2024, 1, 1), date_to=dt.date(2024, 1, 31)))
    assert sorted(dated["held_on"]) == [dt.date(2024, 1, 15), dt.date(2024, 1, 31), dt.date(2024, 1, 31)]
    assert _ask(prevention_db, queries.prevention_total, Filters(cycles=("Pilwakot 2020",))) == 2


def test_filters_on_persons_are_named_as_not_applying(prevention_db: Path) -> None:
    filters = Filters(actor_types=("PNS",), severities=("Sanksi moral",), search="Tugu")
    assert _ask(prevention_db, queries.prevention_total, filters) == len(OWN)  # not silently applied either
    assert queries.prevention_filters_not_applied(filters) == ["Jenis pegawai", "Tingkat sanksi / hasil", "Cari"]
    line = _ask(prevention_db, queries.describe_prevention_filters, filters)
    assert line.endswith("Tidak berlaku untuk kegiatan pencegahan: Jenis pegawai, Tingkat sanksi / hasil, Cari")
    assert "Pegawai: PNS" not in line
    assert queries.prevention_filters_not_applied(Filters(cycles=("Pemilu 2024",))) == []


def test_monthly_series(prevention_db: Path) -> None:
    df = _ask(prevention_db, queries.prevention_monthly, Filters(cycles=("Pemilu 2024",)))
    january = df[pd.to_datetime(df["month"]) == pd.Timestamp(2024, 1, 1)]
    assert dict(zip(january["kind"], january["activities"], strict=True)) == {
        "Deklarasi/Ikrar": 1, "Pakta integritas": 1, "Patroli pengawasan": 1}
    assert int(df["activities"].sum()) == sum(1 for a in OWN if a["cycle"] == "Pemilu 2024" and a["held_on"])


def test_per_kecamatan_flags_violations_without_briefing_or_declaration(prevention_db: Path) -> None:
    df = _ask(prevention_db, queries.prevention_by_district, Filters(cycles=("Pilkada 2024",)))
    by = {r.district: r for r in df.itertuples()}
    assert by["Tembalang"].briefings == 1 and not by["Tembalang"].unbriefed  # a briefing held there
    assert by["Gajahmungkur"].activities == 1 and by["Gajahmungkur"].briefings == 0  # an appeal only
    assert by["Gajahmungkur"].unbriefed
    assert by["Ngaliyan"].unbriefed  # the public-record pledge there is not own data: hidden by default
    shown = _ask(prevention_db, queries.prevention_by_district,
                 Filters(cycles=("Pilkada 2024",), datasets=(OWN_DATASET, PUBLIC_DATASET)))
    assert not {r.district: r for r in shown.itertuples()}["Ngaliyan"].unbriefed
    persons = _ask(prevention_db, queries.counts_by, Filters(cycles=("Pilkada 2024",)), ["district"])
    expected = {d: n for d, n in zip(persons["district"], persons["persons"], strict=True) if d != "Tidak diketahui"}
    assert {r.district: r.persons for r in df.itertuples() if r.persons} == expected
    # the filters on persons narrow the persons, not the activities
    pns = _ask(prevention_db, queries.prevention_by_district, Filters(cycles=("Pilkada 2024",), actor_types=("PNS",)))
    assert int(pns["activities"].sum()) == int(df["activities"].sum())
    assert int(pns["persons"].sum()) < int(df["persons"].sum())


def test_own_data_by_default_once_present_in_either_register(tmp_path: Path, prevention_db: Path) -> None:
    demo_only = [row[:10] + (DEMO_DATASET, None) for row in prevention_fixture.ACTIVITIES[:3]]
    db = tmp_path / "campur.duckdb"
    shutil.copyfile(prevention_db, db)
    with contextlib.closing(duckdb.connect(str(db))) as con:
        con.execute("DELETE FROM prevention_activities")
        con.execute("UPDATE violations SET dataset = ?", [DEMO_DATASET])
    prevention_fixture.add_activities(db, demo_only, file_name="data_contoh_pencegahan.xlsx")
    # no own row anywhere: everything shows, labelled
    assert _ask(db, queries.prevention_total, Filters()) == 3
    assert _ask(db, queries.total_persons, Filters()) == 20
    # an own prevention register arrives: the demo of both registers steps back by default
    prevention_fixture.add_activities(db, prevention_fixture.ACTIVITIES[3:5], file_name="register_sendiri.xlsx")
    assert _ask(db, queries.prevention_total, Filters()) == 2
    assert _ask(db, queries.total_persons, Filters()) == 0
    assert _ask(db, queries.prevention_hidden_datasets) == (DEMO_DATASET,)
    assert _ask(db, queries.prevention_total, Filters(datasets=(DEMO_DATASET,))) == 3
    line = _ask(db, queries.describe_prevention_filters, Filters())
    assert "Data sendiri saja" in line and vocabulary().dataset_labels[DEMO_DATASET] in line


def test_unknown_dimension_is_refused(prevention_db: Path) -> None:
    with pytest.raises(ValueError):
        _ask(prevention_db, queries.prevention_counts, Filters(), ["title; DROP TABLE violations"])
