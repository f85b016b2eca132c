"""The supervision brief: its figures are the query functions' figures, and its sentences read right.

Fixture databases are built by the real loader from registers written with openpyxl: a cycle with many cases,
a cycle with exactly one case and one person, an empty cycle, and a database with no person at all.
"""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from netralitas import brief as briefs
from netralitas import clock, queries
from netralitas.formatting import counted, format_number, number_words
from netralitas.queries import Filters, Viewer
from tests.fast_loop import first_fast
from tests.supervisi_data import ALL_CYCLES, GENERATED_AT, NAMES, NIPS, TODAY, build_db

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


@pytest.fixture(scope="module")
def supervisi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("supervisi"))


@pytest.fixture()
def con(supervisi_db: Path):
    with contextlib.closing(duckdb.connect(str(supervisi_db), read_only=True)) as c:
        yield c


@pytest.fixture()
def brief(con) -> briefs.Brief:
    return briefs.build_brief(briefs.runner_for(con), Filters(), cycles=ALL_CYCLES, today=TODAY,
                              generated_at=GENERATED_AT)


def section(brief: briefs.Brief, cycle: str) -> briefs.CycleBrief:
    return next(c for c in brief.cycles if c.cycle == cycle)


def paragraph(sec: briefs.CycleBrief, topic: str) -> str:
    return next(body for t, body in sec.paragraphs if t == topic)


# ---- Figures: the same as the query functions' -----------------------------------------------------------------


def test_fixture_is_what_the_tests_assume(con) -> None:
    per_cycle = queries.headline_by_cycle(con, Filters())
    assert dict(zip(per_cycle["cycle"], per_cycle["persons"], strict=True)) == {"Pilwakot 2020": 7, "Pemilu 2024": 1}
    assert dict(zip(per_cycle["cycle"], per_cycle["cases"], strict=True)) == {"Pilwakot 2020": 6, "Pemilu 2024": 1}


@pytest.mark.parametrize("cycle", first_fast(ALL_CYCLES))
def test_cycle_figures_equal_query_functions(con, brief: briefs.Brief, cycle: str) -> None:
    sec = section(brief, cycle)
    f = Filters(cycles=(cycle,))
    assert sec.headline == queries.headline(con, f)
    pd.testing.assert_frame_equal(sec.funnel, queries.funnel(con, f))
    pd.testing.assert_frame_equal(sec.destinations, queries.forwarding_destinations(con, f))
    pd.testing.assert_frame_equal(sec.sanctions, queries.sanctions_by_severity(con, f))
    pd.testing.assert_frame_equal(sec.actor_types, queries.counts_by(con, f, ["actor_type"]))
    pd.testing.assert_frame_equal(sec.violation_types, queries.counts_by(con, f, ["violation_type"], 3))
    assert sec.violation_type_count == queries.distinct_values(con, f, "violation_type")
    follow = queries.follow_up(con, f, Viewer(), TODAY)
    assert sec.follow_up["case_id"].tolist() == follow["case_id"].tolist()
    assert sec.follow_up["days_waiting"].tolist() == follow["days_waiting"].tolist()
    pd.testing.assert_frame_equal(sec.follow_up_buckets, queries.follow_up_buckets(follow))
    # the derived figures of the brief are the funnel's stages
    funnel = queries.funnel(con, f)
    assert sec.forwarded == int(funnel["persons"].iloc[3])
    assert sec.recommended == int(funnel["persons"].iloc[4])
    # and the breakdowns add up to the headline
    assert int(sec.destinations["persons"].sum()) == sec.forwarded
    assert int(sec.sanctions["imposed"].sum()) == sec.headline["sanctioned"]
    assert int(sec.sanctions["recommended_only"].sum()) == sec.headline["recommended_only"]
    assert int(sec.actor_types["persons"].sum()) == sec.headline["persons"]


def test_previous_cycle_and_totals_equal_query_functions(con, brief: briefs.Brief) -> None:
    assert section(brief, "Pilwakot 2020").previous_cycle is None
    assert section(brief, "Pemilu 2024").previous_cycle == "Pilwakot 2020"
    assert section(brief, "Pilkada 2024").previous_cycle == "Pemilu 2024"
    for sec in brief.cycles:
        if sec.previous_cycle:
            assert sec.previous_headline == queries.headline(con, Filters(cycles=(sec.previous_cycle,)))
    assert brief.totals == queries.headline(con, Filters(cycles=ALL_CYCLES))
    assert brief.total_waiting == len(queries.follow_up(con, Filters(cycles=ALL_CYCLES), Viewer(), TODAY))
    pd.testing.assert_frame_equal(brief.comparison, queries.headline_by_cycle(con, Filters(cycles=ALL_CYCLES)))
    figures = brief.key_figures()
    assert figures["Siklus"].tolist() == list(ALL_CYCLES)
    assert figures["Terlapor"].tolist() == [queries.headline(con, Filters(cycles=(c,)))["persons"] for c in ALL_CYCLES]


def test_default_cycles_are_those_with_data_in_vocabulary_order(con) -> None:
    b = briefs.build_brief(briefs.runner_for(con), Filters(), today=TODAY, generated_at=GENERATED_AT)
    assert b.cycle_names == ["Pilwakot 2020", "Pemilu 2024"]
    b = briefs.build_brief(briefs.runner_for(con), Filters(cycles=("Pilkada 2024", "Pilwakot 2020")), today=TODAY,
                           generated_at=GENERATED_AT)
    assert b.cycle_names == ["Pilwakot 2020", "Pilkada 2024"]


def test_other_filters_apply_to_every_figure(con) -> None:
    f = Filters(actor_types=("PNS",))
    b = briefs.build_brief(briefs.runner_for(con), f, today=TODAY, generated_at=GENERATED_AT)
    for sec in b.cycles:
        assert sec.headline == queries.headline(con, f.with_(cycles=(sec.cycle,)))
    assert section(b, "Pilwakot 2020").headline["persons"] == 4
    assert "Filter yang berlaku: Pegawai: PNS." in b.overview[0]


# ---- Sentences ---------------------------------------------------------------------------------------------------


def test_many_cases_are_told_with_the_query_numbers(con, brief: briefs.Brief) -> None:
    sec = section(brief, "Pilwakot 2020")
    h = queries.headline(con, Filters(cycles=("Pilwakot 2020",)))
    first = paragraph(sec, "Jumlah kasus dan terlapor")
    assert f"tercatat {counted(h['cases'], 'kasus')} dengan {counted(h['persons'], 'orang')} terlapor" in first
    assert "terdiri atas empat PNS, dua THL/non-ASN, dan satu PPPK." in first
    violations = paragraph(sec, "Jenis pelanggaran")
    assert violations.startswith("Jenis pelanggaran yang paling sering adalah “Menyukai unggahan calon di media "
                                 "sosial” (tiga orang), disusul")
    assert "dari empat jenis pelanggaran yang tercatat" in violations
    handling = paragraph(sec, "Penanganan")
    assert f"Dari {counted(h['persons'], 'orang')} terlapor, {counted(h['proven'], 'orang')} terbukti" in handling
    assert f"Sebanyak {counted(sec.forwarded, 'orang')} telah diteruskan ke KASN." in handling
    assert f"Rekomendasi telah terbit untuk {counted(sec.recommended, 'orang')}" in handling
    assert f"sanksi telah dijatuhkan kepada {counted(h['sanctioned'], 'orang')}." in handling
    sanctions = paragraph(sec, "Sanksi")
    assert "sanksi moral (satu orang), sanksi ringan (satu orang), dan pemberhentian (satu orang)" in sanctions
    assert "satu orang telah direkomendasikan untuk dijatuhi sanksi" in sanctions
    waiting = paragraph(sec, "Tindak lanjut")
    oldest = int(queries.follow_up(con, Filters(cycles=("Pilwakot 2020",)), Viewer(), TODAY)["days_waiting"].max())
    assert waiting.startswith(f"Sebanyak {counted(sec.waiting, 'orang')} yang telah diteruskan")
    assert f"menunggu {format_number(oldest)} hari (lebih dari empat tahun) sejak tanggal penerusan" in waiting
    assert "Seluruhnya telah menunggu lebih dari satu tahun." in waiting
    assert "paling awal" in paragraph(sec, "Perbandingan dengan siklus sebelumnya")


def test_one_case_reads_in_the_singular(brief: briefs.Brief) -> None:
    sec = section(brief, "Pemilu 2024")
    assert paragraph(sec, "Jumlah kasus dan terlapor") == (
        "Pada Pemilu 2024 tercatat satu kasus dengan satu orang terlapor. Terlapor tersebut berstatus PNS.")
    assert paragraph(sec, "Jenis pelanggaran") == "Jenis pelanggarannya: “Foto bersama calon”."
    assert paragraph(sec, "Penanganan") == (
        "Penanganan terlapor tersebut masih dalam proses. Terlapor tersebut telah diteruskan ke KASN. Belum ada "
        "rekomendasi yang tercatat terbit, dan belum ada sanksi yang tercatat dijatuhkan.")
    assert paragraph(sec, "Sanksi") == "Belum ada sanksi yang tercatat dijatuhkan pada siklus ini."
    waiting = paragraph(sec, "Tindak lanjut")
    assert waiting.startswith("Satu orang yang telah diteruskan atau direkomendasikan masih menunggu")
    assert "Terlapor tersebut telah menunggu" in waiting
    comparison = paragraph(sec, "Perbandingan dengan siklus sebelumnya")
    assert comparison.startswith("Dibandingkan Pilwakot 2020 (enam kasus, tujuh orang terlapor), jumlah terlapor "
                                 "turun enam orang (86%) dan jumlah kasus turun lima kasus (83%).")
    assert "Belum ada sanksi yang tercatat dijatuhkan, sedangkan pada Pilwakot 2020" in comparison


def test_empty_cycle_says_plainly_there_were_no_cases(brief: briefs.Brief) -> None:
    sec = section(brief, "Pilkada 2024")
    assert sec.is_empty
    assert [t for t, _ in sec.paragraphs] == [briefs.PREVENTION_TOPIC, "Jumlah kasus",
                                              "Perbandingan dengan siklus sebelumnya"]
    assert "Pada Pilkada 2024 tidak tercatat kasus pelanggaran netralitas ASN" in paragraph(sec, "Jumlah kasus")
    assert paragraph(sec, "Perbandingan dengan siklus sebelumnya") == (
        "Sebagai pembanding, pada Pemilu 2024 tercatat satu kasus, satu orang terlapor.")


def test_overview_counts_all_cycles(brief: briefs.Brief) -> None:
    assert "Laporan mencakup tiga siklus pemilihan: Pilwakot 2020, Pemilu 2024, dan Pilkada 2024." in brief.overview[0]
    assert "pada 1 Januari 2025 pukul 09.30 WIB" in brief.overview[0]
    assert brief.overview[1].startswith("Secara keseluruhan tercatat tujuh kasus dengan delapan orang terlapor")
    assert brief.dataset_labels == ["Data sendiri"] and not brief.is_demo


SMALL_FIGURE = re.compile(r"(?<![\d.,/])(?:[0-9]|10) (?:orang|kasus|jenis|tahun|bulan|hari|siklus)\b")


def test_no_plural_markers_no_small_figures_in_digits(brief: briefs.Brief) -> None:
    text = brief.text()
    assert "(s)" not in text and "orang-orang" not in text and "kasus-kasus" not in text
    assert "nol orang" not in text and "Sebanyak satu" not in text
    assert not SMALL_FIGURE.findall(text), SMALL_FIGURE.findall(text)
    assert "  " not in text and ".." not in text


def test_no_name_or_nip_leaves_the_database(brief: briefs.Brief) -> None:
    text = brief.text() + brief.follow_up_all().to_csv() + briefs.follow_up_table(brief.follow_up_all()).to_csv()
    for name in NAMES:
        assert name not in text
        assert name.split()[0][:3] + "***" not in text  # not even masked
    for nip in NIPS:
        assert nip not in text and nip[:8] not in text
    assert "person_name" not in brief.follow_up_all().columns and "nip" not in brief.follow_up_all().columns


def test_database_without_persons(empty_db: Path) -> None:
    with contextlib.closing(duckdb.connect(str(empty_db), read_only=True)) as c:
        b = briefs.build_brief(briefs.runner_for(c), Filters(), today=TODAY, generated_at=GENERATED_AT)
        assert b.cycles == []
        assert "Basis data belum berisi kasus" in b.overview[0]
        b = briefs.build_brief(briefs.runner_for(c), Filters(cycles=("Pemilu 2024",)), today=TODAY,
                               generated_at=GENERATED_AT)
        sec = b.cycles[0]
        assert sec.is_empty and "tidak tercatat kasus" in dict(sec.paragraphs)["Jumlah kasus"]
        assert dict(sec.paragraphs)[briefs.PREVENTION_TOPIC] == (
            "Tidak tercatat kegiatan pencegahan pada Pemilu 2024 untuk filter laporan ini.")
        assert b.follow_up_all().empty


# ---- Helpers -----------------------------------------------------------------------------------------------------


def test_counted_nouns() -> None:
    assert [number_words(n) for n in (0, 1, 2, 10, 11, 1234)] == ["nol", "satu", "dua", "sepuluh", "11", "1.234"]
    assert counted(1, "kasus") == "satu kasus" and counted(2, "orang") == "dua orang"
    assert counted(12, "kasus") == "12 kasus"


def test_lists_durations_and_scrubbing() -> None:
    assert briefs.join_words(["A"]) == "A"
    assert briefs.join_words(["A", "B"]) == "A dan B"
    assert briefs.join_words(["A", "B", "C"]) == "A, B, dan C"
    assert briefs.duration_words(45) == "45 hari"
    assert briefs.duration_words(7) == "tujuh hari"
    assert briefs.duration_words(95) == "sekitar tiga bulan"
    assert briefs.duration_words(365) == "satu tahun"
    assert briefs.duration_words(800) == "lebih dari dua tahun"
    assert briefs.scrub("Staf, NIP 198503122010011003") == "Staf, NIP ******************"
    assert briefs.scrub(None) == "–"
    assert clock.format_timestamp(GENERATED_AT) == "1 Januari 2025 pukul 09.30 WIB"


def test_file_names() -> None:
    b = briefs.Brief(title="", subtitle="", organisation="", generated_at=GENERATED_AT, today=TODAY,
                     filters=Filters(), filters_text="", dataset_labels=[], is_demo=False, totals={},
                     total_waiting=0, cycles=[], comparison=pd.DataFrame(), overview=[])
    assert briefs.report_file_name(b, "pdf") == "laporan_supervisi_netralitas_semua_20250101-0930.pdf"
