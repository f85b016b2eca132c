"""Kualitas Data, "Kata yang belum dikenali": staf and pimpinan map a word the loader did not know to a canonical
value (saved, audited, applied to the rows already loaded); guests do not get the section."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from netralitas import audit
from netralitas.word_map import read_word_map
from tests.registers import fetch_rows, new_workbook, put_rows
from tests.roles import app_test, as_role, page_path

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


HEADER = ["No. Reg", "Nama", "Status Kepegawaian", "Kecamatan", "Status Penanganan", "Sanksi"]


@pytest.fixture()
def word_db(tmp_path: Path) -> Path:
    wb = new_workbook("Pilkada 2024")
    put_rows(wb.active, [
        HEADER,
        ["R-1", "Satu", "Tenaga Ahli", "Tembalang", "Lanjut ke tahap 2", None],
        ["R-2", "Dua", "Tenaga Ahli", "Kota Lama", "Diregister", None],
        ["R-3", "Tiga", "PNS", "Mijen", "Diregister", "teguran lisan"],
    ])
    wb.save(tmp_path / "register.xlsx")
    db = tmp_path / "t.duckdb"
    load_paths([tmp_path / "register.xlsx"], db)
    return db


def _open(db: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(app_test(monkeypatch), role)
    at.run()
    at.switch_page(page_path("kualitas.py"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _subheaders(at: AppTest) -> list[str]:
    return [s.value for s in at.subheader]


def _widget(widgets, name: str):
    """The widget of this round whose key is ``name`` plus the round number."""
    (found,) = [w for w in widgets if (w.key or "").rsplit("_", 1)[0] == name]
    return found


def _actor(db: Path, name: str) -> str:
    return fetch_rows(db, "SELECT actor_type FROM violations WHERE person_name = ?", [name])[0]["actor_type"]


def test_guest_gets_no_mapping_section(word_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(word_db, monkeypatch, "tamu")
    assert "Kata yang belum dikenali" not in _subheaders(at)
    assert not [w for w in at.selectbox if (w.key or "").startswith("peta_")]
    assert not [b for b in at.button if (b.key or "").startswith("peta_")]


@pytest.mark.parametrize("role", ["staf", "pimpinan"])
@pytest.mark.slow
def test_staff_maps_an_unknown_word_and_the_loaded_rows_follow(word_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                               role: str) -> None:
    at = _open(word_db, monkeypatch, role)
    assert "Kata yang belum dikenali" in _subheaders(at)
    table = next(df.value for df in at.dataframe if "written" in df.value.columns)
    assert sorted(zip(table["field"], table["written"], table["rows"], strict=True)) == [
        ("actor_type", "Tenaga Ahli", 2), ("district", "Kota Lama", 1), ("status", "Lanjut ke tahap 2", 1)]
    assert _widget(at.button, "peta_simpan").disabled  # no canonical value chosen yet

    _widget(at.selectbox, "peta_kolom").set_value("actor_type").run()
    assert _widget(at.selectbox, "peta_kata").value == "tenaga ahli"
    assert "THL" in _widget(at.selectbox, "peta_nilai_actor_type").options
    _widget(at.selectbox, "peta_nilai_actor_type").set_value("THL").run()
    _widget(at.button, "peta_simpan").click().run()
    assert not at.exception, [e.value for e in at.exception]

    assert any("2 baris yang sudah dimuat diperbarui" in s.value for s in at.success)
    assert _actor(word_db, "Satu") == _actor(word_db, "Dua") == "THL"
    assert read_word_map() == {"actor_type": {"tenaga ahli": "THL"}}
    table = next(df.value for df in at.dataframe if "written" in df.value.columns)
    assert "Tenaga Ahli" not in list(table["written"])
    (row,) = audit.read(actions=["pemetaan_kata"]).to_dict("records")
    details = audit.details_of(row["details"])
    assert (row["user"], row["role"]) == (f"uji-{role}", role)
    assert (details["kolom"], details["kata"], details["nilai"], details["baris_diperbarui"]) == (
        "actor_type", "Tenaga Ahli", "THL", 2)

    # taken back: the rows are unknown again, and that is audited too
    assert _widget(at.selectbox, "peta_kolom").value == "status"  # the choices started afresh
    _widget(at.selectbox, "peta_hapus_pilih").set_value("actor_type\x1ftenaga ahli").run()
    _widget(at.button, "peta_hapus").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert _actor(word_db, "Satu") == "Tidak diketahui"
    assert read_word_map() == {}
    assert len(audit.read(actions=["pemetaan_kata"])) == 2


def test_when_every_word_is_known_the_page_says_so(word_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from loaders.remap import change_word

    change_word(word_db, "actor_type", "tenaga ahli", "THL")
    change_word(word_db, "district", "kota lama", "Semarang Tengah")
    change_word(word_db, "status", "lanjut ke tahap 2", "Klarifikasi/Kajian")
    at = _open(word_db, monkeypatch, "staf")
    assert any("sudah dikenali" in s.value for s in at.success)
    assert not [w for w in at.selectbox if (w.key or "").startswith("peta_kolom")]
    mapped = next(df.value for df in at.dataframe if "value" in df.value.columns)
    assert sorted(mapped["value"]) == ["Klarifikasi/Kajian", "Semarang Tengah", "THL"]
