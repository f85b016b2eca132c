"""Who signs the supervision brief: a small settings file (``NETRALITAS_SIGNATORIES``), set by pimpinan through a
form on Laporan Supervisi (audited), printed in the PDF's signature block and on the deck's closing slide."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from pptx import Presentation
from streamlit.testing.v1 import AppTest

from netralitas import audit, signatories
from netralitas.report_pptx import render_pptx
from netralitas.signatories import Signatory, SignatoryError
from tests.roles import as_role
from tests.supervisi_data import ALL_CYCLES, build_db, make_brief

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def supervisi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("penanda_tangan"))


def test_nothing_set_gives_the_usual_positions_without_names(_own_accounts_and_audit: Path) -> None:
    assert not signatories.settings_path().exists()
    loaded = signatories.load()
    assert [s.caption for s in loaded] == ["Disusun oleh,", "Mengetahui,"]
    assert [s.position for s in loaded] == ["Koordinator Divisi Penanganan Pelanggaran", "Ketua Bawaslu Kota Semarang"]
    assert not any(s.is_set for s in loaded)


def test_saved_settings_come_back_checked(_own_accounts_and_audit: Path) -> None:
    path = signatories.save([
        Signatory("penyusun", "Disusun oleh,", "  Koordinator  Divisi Penanganan Pelanggaran ", "Dra. Sri Wahyuni",
                  "NIP. 19780512 200312 2 004"),
        Signatory("pengesah", "Mengetahui,", "Ketua Bawaslu Kota Semarang", "Budi Santoso, S.H.", ""),
    ])
    assert path == signatories.settings_path() == _own_accounts_and_audit / "penandatangan.json"
    loaded = signatories.load()
    assert loaded[0].position == "Koordinator Divisi Penanganan Pelanggaran"
    assert loaded[0].nip == "197805122003122004" and loaded[0].nip_text == "NIP. 19780512 200312 2 004"
    assert loaded[1].name == "Budi Santoso, S.H." and loaded[1].nip_text == ""  # no NIP: not a civil servant
    assert json.loads(path.read_text(encoding="utf-8"))["penanda_tangan"]["pengesah"]["nama"] == "Budi Santoso, S.H."


@pytest.mark.parametrize(("signatory", "message"), [
    (Signatory("penyusun", "Disusun oleh,", "Koordinator", "Sri", "1978"), "NIP harus 18 angka"),
    (Signatory("penyusun", "Disusun oleh,", "", "Sri"), "jabatan wajib diisi"),
    (Signatory("penyusun", "Disusun oleh,", "Koordinator", "", "197805122003122004"), "nama kosong"),
    (Signatory("penyusun", "Disusun oleh,", "Koordinator", "x" * 81), "nama terlalu panjang"),
])
def test_unusable_settings_are_refused_and_nothing_is_written(_own_accounts_and_audit: Path, signatory: Signatory,
                                                               message: str) -> None:
    with pytest.raises(SignatoryError, match=message):
        signatories.save([signatory])
    assert not signatories.settings_path().exists()


def test_unreadable_file_falls_back_to_unset(_own_accounts_and_audit: Path) -> None:
    signatories.settings_path().write_text("{bukan json", encoding="utf-8")
    assert signatories.load() == signatories.DEFAULTS


@pytest.mark.integration
@pytest.mark.slow
def test_deck_closing_slide_names_the_signatories(supervisi_db: Path, _own_accounts_and_audit: Path) -> None:
    unsigned = make_brief(supervisi_db, cycles=ALL_CYCLES)
    closing = Presentation(io.BytesIO(render_pptx(unsigned))).slides[-1]
    text = " ".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    assert "Disusun oleh: Koordinator Divisi Penanganan Pelanggaran — nama belum diatur" in text
    signatories.save([Signatory("penyusun", "Disusun oleh,", "Koordinator Divisi Penanganan Pelanggaran",
                                "Dra. Sri Wahyuni", "197805122003122004")])
    signed = make_brief(supervisi_db, cycles=ALL_CYCLES)
    closing = Presentation(io.BytesIO(render_pptx(signed))).slides[-1]
    text = " ".join(s.text_frame.text for s in closing.shapes if s.has_text_frame)
    assert "Dra. Sri Wahyuni (NIP. 19780512 200312 2 004)" in text
    assert "Mengetahui: Ketua Bawaslu Kota Semarang — nama belum diatur" in text


def open_supervisi(db: Path, monkeypatch: pytest.MonkeyPatch, role: str) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = as_role(AppTest.from_file(str(ROOT / "app.py"), default_timeout=120), role, "kepala")
    at.switch_page("pages/supervisi.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.integration
def test_pimpinan_sets_the_signatories_on_the_page_and_it_is_audited(supervisi_db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch,
                                                                   _own_accounts_and_audit: Path) -> None:
    at = open_supervisi(supervisi_db, monkeypatch, "pimpinan")
    at.text_input(key="ttd_penyusun_nama").input("Dra. Sri Wahyuni")
    at.text_input(key="ttd_penyusun_nip").input("19780512 200312 2 004")
    at.text_input(key="ttd_pengesah_nama").input("Budi Santoso, S.H.")
    next(b for b in at.button if b.label == "Simpan penanda tangan").click()
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Penanda tangan disimpan" in s.value for s in at.success)
    saved = signatories.load()
    assert [s.name for s in saved] == ["Dra. Sri Wahyuni", "Budi Santoso, S.H."]
    rows = audit.read(actions=["penanda_tangan"])
    assert len(rows) == 1 and rows.iloc[0]["user"] == "kepala"
    details = audit.details_of(rows.iloc[0]["details"])
    assert details["sesudah"]["pengesah"]["nama"] == "Budi Santoso, S.H."
    assert details["sebelum"]["pengesah"]["nama"] == ""

    # a NIP that is not 18 digits is refused with a clear message; the file keeps the last good settings
    at.text_input(key="ttd_penyusun_nip").input("1978")
    next(b for b in at.button if b.label == "Simpan penanda tangan").click()
    at.run()
    assert any("NIP harus 18 angka" in e.value for e in at.error)
    assert signatories.load()[0].nip == "197805122003122004"
    assert len(audit.read(actions=["penanda_tangan"])) == 1


@pytest.mark.integration
@pytest.mark.parametrize("role", ["staf", "tamu"])
def test_others_see_who_signs_but_cannot_change_it(supervisi_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                   _own_accounts_and_audit: Path, role: str) -> None:
    at = open_supervisi(supervisi_db, monkeypatch, role)
    assert not [t for t in at.text_input if t.key and t.key.startswith("ttd_")]
    text = "\n".join(m.value for m in at.markdown)
    assert "Ketua Bawaslu Kota Semarang" in text and "nama belum diatur" in text
