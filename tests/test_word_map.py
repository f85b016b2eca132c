"""The office's word mapping as a library: the file (TOML, data beside the vocabulary), the words the loader did
not know, loads that use the mapping, and re-reading the rows already loaded — through a write session, notes
following the values, undone by removing the mapping."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from loaders.pipeline import load_paths
from loaders.remap import change_word, unknown_words
from netralitas import db as dbmod
from netralitas.word_map import (
    WordMapError,
    loading_vocabulary,
    read_word_map,
    with_word,
    word_map_path,
    write_word_map,
)
from tests.registers import fetch_rows, new_workbook, put_rows, scalar, table_snapshot

ROOT = Path(__file__).resolve().parent.parent
HEADER = ["No. Reg", "Nama", "Status Kepegawaian", "Kecamatan", "Status Penanganan", "Sanksi", "Tgl Temuan"]
ROWS = [
    ["R-1", "Satu", "Tenaga Ahli", "Kota Lama", "Lanjut ke tahap 2", "Dibina atasan", "2024-10-02"],
    ["R-2", "Dua", "TENAGA AHLI.", "Tembalang", "Diregister", None, "2024-10-02"],
    ["R-3", "Tiga", "PNS", "-", "lanjut ke tahap 2", "teguran lisan", "2023-01-10"],
    ["R-4", "Empat", "PNS", "Mijen", "Diteruskan", None, None],
]


def _register(path: Path, rows: list[list[object]]) -> Path:
    wb = new_workbook("Pilkada 2024")
    put_rows(wb.active, [HEADER, *rows])
    wb.save(path)
    return path


@pytest.fixture()
def loaded(tmp_path: Path) -> Path:
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([_register(tmp_path / "register.xlsx", ROWS)], db)
    assert result.rows_loaded == 4
    return db


def _words(db: Path) -> list[tuple[str, str, str, int]]:
    with dbmod.connect_readonly(db) as con:
        df = unknown_words(con, loading_vocabulary())
    return list(df.itertuples(index=False, name=None))


def _row(db: Path, name: str) -> dict:
    (row,) = fetch_rows(db, "SELECT * FROM violations WHERE person_name = ?", [name])
    return row


def _note_kinds(db: Path, name: str) -> list[str]:
    row = _row(db, name)
    return sorted(r["kind"] for r in fetch_rows(
        db, "SELECT kind FROM quality_notes WHERE source_file = ? AND source_row = ?",
        [row["source_file"], row["source_row"]]))


# ---- the file --------------------------------------------------------------------------------------------------


def test_the_file_is_toml_in_data_or_where_the_environment_says(tmp_path: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NETRALITAS_WORD_MAP")
    assert word_map_path() == dbmod.DATA_DIR / "pemetaan_kata.toml"
    target = tmp_path / "lain" / "peta.toml"
    monkeypatch.setenv("NETRALITAS_WORD_MAP", str(target))
    assert word_map_path() == target
    words = with_word({}, "actor_type", "Tenaga Ahli", "THL")
    words = with_word(words, "status", 'Kata "aneh" \\ dgn\ttab', "Klarifikasi/Kajian")
    write_word_map(words)
    text = target.read_text(encoding="utf-8")
    assert '[actor_type]\n"tenaga ahli" = "THL"' in text and text.startswith("# Pemetaan kata")
    odd = {"kata aneh dgn tab": "Klarifikasi/Kajian"}
    assert read_word_map() == {"actor_type": {"tenaga ahli": "THL"}, "status": odd}
    assert with_word(words, "actor_type", "TENAGA-AHLI", None) == {"status": odd}


def test_entries_that_are_not_canonical_are_left_out_and_a_broken_file_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "peta.toml"
    path.write_text('[status]\n"a" = "Bukan status"\n"b" = "Diregister"\n[warna]\n"c" = "merah"\n', encoding="utf-8")
    assert read_word_map(path) == {"status": {"b": "Diregister"}}
    path.write_text("[status\n", encoding="utf-8")
    with pytest.raises(WordMapError, match="rusak"):
        read_word_map(path)


def test_a_broken_mapping_fails_the_load_with_a_reason_and_writes_nothing(tmp_path: Path) -> None:
    word_map_path().write_text("[status\n", encoding="utf-8")
    db = tmp_path / "t.duckdb"
    (result,) = load_paths([_register(tmp_path / "register.xlsx", ROWS)], db)
    assert result.status == "gagal" and "Pemetaan kata" in result.error
    assert not db.exists()


# ---- the words the loader did not know ---------------------------------------------------------------------------


def test_unknown_words_per_field_with_spellings_folded_together(loaded: Path) -> None:
    assert _words(loaded) == [
        ("status", "lanjut ke tahap 2", "Lanjut ke tahap 2", 2),
        ("actor_type", "tenaga ahli", "TENAGA AHLI.", 2),
        ("district", "kota lama", "Kota Lama", 1),
        ("sanction", "dibina atasan", "Dibina atasan", 1),
    ]


# ---- later loads and rows already loaded ---------------------------------------------------------------------------


def test_a_later_load_uses_the_mapping(tmp_path: Path) -> None:
    write_word_map({"actor_type": {"tenaga ahli": "THL"}, "status": {"lanjut ke tahap 2": "Klarifikasi/Kajian"},
                    "district": {"kota lama": "Semarang Tengah"}, "sanction": {"dibina atasan": "Sanksi moral"}})
    db = tmp_path / "t.duckdb"
    load_paths([_register(tmp_path / "register.xlsx", ROWS)], db)
    one = _row(db, "Satu")
    assert (one["actor_type"], one["status"], one["district"], one["severity"], one["severity_rank"]) == (
        "THL", "Klarifikasi/Kajian", "Semarang Tengah", "Sanksi moral", 1)
    assert _note_kinds(db, "Satu") == [] and _words(db) == []


@pytest.mark.slow
def test_mapping_rereads_the_loaded_rows_and_removing_it_undoes(loaded: Path) -> None:
    before = table_snapshot(loaded)
    version = dbmod.data_version(loaded)
    assert _note_kinds(loaded, "Satu") == ["jenis_pegawai", "kecamatan", "status"]

    change = change_word(loaded, "actor_type", "TENAGA AHLI.", "THL")
    assert (change.word, change.value, change.previous, change.rows_changed) == ("tenaga ahli", "THL", None, 2)
    assert dbmod.data_version(loaded) != version and dbmod.undoable_backups(loaded)  # swapped in, like a load
    assert [_row(loaded, n)["actor_type"] for n in ("Satu", "Dua")] == ["THL", "THL"]
    assert _note_kinds(loaded, "Satu") == ["kecamatan", "status"] and _note_kinds(loaded, "Dua") == []
    assert read_word_map() == {"actor_type": {"tenaga ahli": "THL"}}

    # a status: the funnel stage and, where the sanction says nothing, the severity follow
    change = change_word(loaded, "status", "lanjut ke tahap 2", "Rekomendasi terbit")
    assert change.rows_changed == 2
    assert (_row(loaded, "Satu")["status"], _row(loaded, "Satu")["severity"]) == (
        "Rekomendasi terbit", "Terbukti, sanksi belum tercatat")
    assert (_row(loaded, "Tiga")["status"], _row(loaded, "Tiga")["severity"]) == ("Rekomendasi terbit", "Ringan")
    change_word(loaded, "district", "kota lama", "Semarang Tengah")
    change_word(loaded, "sanction", "Dibina atasan", "Sanksi moral")
    one = _row(loaded, "Satu")
    assert (one["district"], one["severity"], one["severity_rank"]) == ("Semarang Tengah", "Sanksi moral", 1)
    assert _note_kinds(loaded, "Satu") == [] and _words(loaded) == []

    for field, word in [("sanction", "dibina atasan"), ("district", "kota lama"), ("status", "lanjut ke tahap 2"),
                        ("actor_type", "tenaga ahli")]:
        assert change_word(loaded, field, word, None).rows_changed >= 1
    assert read_word_map() == {}
    after = table_snapshot(loaded)
    assert after["violations"] == before["violations"]
    assert sorted(r[1:] for r in after["quality_notes"]) == sorted(r[1:] for r in before["quality_notes"])


def test_a_forwarding_status_keeps_its_date_rule(loaded: Path) -> None:
    change_word(loaded, "status", "lanjut ke tahap 2", "Diteruskan ke BKN")
    assert _row(loaded, "Satu")["status"] == "Diteruskan ke BKN"
    assert _row(loaded, "Empat")["status"] is None  # "Diteruskan" without a date: untouched


def test_a_bad_change_changes_nothing(loaded: Path) -> None:
    before, version = table_snapshot(loaded), dbmod.data_version(loaded)
    with pytest.raises(ValueError):
        change_word(loaded, "warna", "merah", "Biru")
    assert table_snapshot(loaded) == before and dbmod.data_version(loaded) == version
    assert not word_map_path().exists()


HOLD_WRITE_SESSION = """
import sys, time
from pathlib import Path
from netralitas import db
path, ready, stop = map(Path, sys.argv[1:4])
with db.write_session(path) as con:
    ready.write_text("ok")
    while not stop.exists():
        time.sleep(0.05)
"""


@pytest.mark.slow
def test_while_a_load_runs_the_mapping_waits_its_turn_and_then_says_busy(loaded: Path) -> None:
    ready, stop = loaded.parent / "siap", loaded.parent / "berhenti"
    proc = subprocess.Popen([sys.executable, "-c", HOLD_WRITE_SESSION, str(loaded), str(ready), str(stop)], cwd=ROOT)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not ready.exists():
            time.sleep(0.02)
        with pytest.raises(dbmod.DatabaseBusyError):
            change_word(loaded, "actor_type", "tenaga ahli", "THL", timeout=0.5)
        assert not word_map_path().exists()
    finally:
        stop.write_text("stop")
        proc.wait(timeout=60)
    assert scalar(loaded, "SELECT count(*) FROM violations WHERE actor_type = 'THL'") == 0
