"""AppTest of the prevention work on the pages: Pencegahan (figures, charts, comparison per kecamatan, list and its
export under the URL's filters; a guest sees all of it), the Siklus timeline's activity markers and the Ringkasan
figure — the numbers on screen equal the query layer's under the same filters, and the filters stay in the URL."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path
from urllib.parse import parse_qs

import duckdb
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from netralitas import accounts, export, queries
from netralitas.formatting import format_number
from netralitas.queries import PUBLIC_DATASET, Filters, Viewer
from netralitas.roles import GUEST
from tests import prevention_fixture
from tests.roles import AUTH_KEY

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parent.parent


def run_page(monkeypatch: pytest.MonkeyPatch, db_path: Path, page: str, params: dict | None = None,
             signed_in: str | None = None) -> AppTest:
    """Open ``page`` of the app on ``db_path`` with URL query parameters ``params`` (signed in with the role
    ``signed_in`` when given; else in the open mode, as a guest)."""
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    if signed_in:
        at.session_state[AUTH_KEY] = {"user": "uji", "role": signed_in, "method": "uji"}
    for key, value in (params or {}).items():
        at.query_params[key] = value
    if page != "pages/ringkasan.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def expected(db_path: Path, fn, *args):
    with contextlib.closing(duckdb.connect(str(db_path), read_only=True)) as con:
        return fn(con, *args)


def url_values(at: AppTest, key: str) -> list[str]:
    """Every value of the URL parameter ``key`` after the run (AppTest keeps a single value as a string)."""
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else sorted(value)


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def chart_specs(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def test_pencegahan_default_view(monkeypatch: pytest.MonkeyPatch, prevention_db: Path) -> None:
    at = run_page(monkeypatch, prevention_db, "pages/pencegahan.py")
    figures = expected(prevention_db, queries.prevention_headline, Filters())
    assert metrics(at)["Kegiatan pencegahan"] == format_number(figures["activities"])
    assert metrics(at)["Peserta tercatat"] == format_number(figures["participants"])
    titles = [((s.get("layout") or {}).get("title") or {}).get("text") for s in chart_specs(at)]
    assert titles == ["Kegiatan per jenis dan siklus", "Kegiatan per kelompok sasaran dan siklus",
                      "Kegiatan per kecamatan (peta petak 16 kecamatan)"]
    listed = next(df.value for df in at.dataframe if "title" in getattr(df.value, "columns", []))
    assert len(listed) == figures["activities"]
    # the public-record activity is hidden beside the office's own data, and the banner says so
    assert any("Rekam publik" in i.value and "Tidak ditampilkan" in i.value for i in at.info)
    warning = " ".join(w.value for w in at.warning)
    assert "Gajahmungkur" in warning  # reported persons, an appeal only: no briefing or declaration


def test_pencegahan_applies_the_url_filters(monkeypatch: pytest.MonkeyPatch, prevention_db: Path) -> None:
    params = {"siklus": ["Pemilu 2024"], "kecamatan": ["Tugu", "Pedurungan"], "pegawai": ["PNS"]}
    at = run_page(monkeypatch, prevention_db, "pages/pencegahan.py", params)
    filters = Filters(cycles=("Pemilu 2024",), districts=("Tugu", "Pedurungan"), actor_types=("PNS",))
    assert metrics(at)["Kegiatan pencegahan"] == format_number(expected(prevention_db, queries.prevention_total,
                                                                         filters)) == "2"
    listed = next(df.value for df in at.dataframe if "title" in getattr(df.value, "columns", []))
    assert sorted(listed["title"]) == ["Ikrar netralitas ASN Kecamatan Tugu", "Sosialisasi netralitas bagi guru"]
    # the filter on persons is named as not applying to activities
    assert any("Jenis pegawai tidak berlaku untuk kegiatan pencegahan" in i.value for i in at.info)
    caption = " ".join(c.value for c in at.caption)
    assert "Tidak berlaku untuk kegiatan pencegahan: Jenis pegawai" in caption.replace("\\", "")
    # the URL keeps the filters
    assert url_values(at, "siklus") == ["Pemilu 2024"] and url_values(at, "pegawai") == ["PNS"]
    assert url_values(at, "kecamatan") == ["Pedurungan", "Tugu"]


def test_pencegahan_public_record_by_data_filter(monkeypatch: pytest.MonkeyPatch, prevention_db: Path) -> None:
    at = run_page(monkeypatch, prevention_db, "pages/pencegahan.py", {"data": [PUBLIC_DATASET]})
    assert metrics(at)["Kegiatan pencegahan"] == "1"
    listed = next(df.value for df in at.dataframe if "title" in getattr(df.value, "columns", []))
    assert listed["source"].tolist() == ["Contoh Harian, “Apel netralitas di Ngaliyan”, 30 Oktober 2024"]


def test_a_signed_in_guest_sees_pencegahan(monkeypatch: pytest.MonkeyPatch, prevention_db: Path) -> None:
    accounts.add_user("pengamat", GUEST, "kata-sandi-uji-123")  # accounts exist: sign-in is required
    at = run_page(monkeypatch, prevention_db, "pages/pencegahan.py", signed_in=GUEST)
    assert [t.value for t in at.title] == ["Pencegahan"]
    assert metrics(at)["Kegiatan pencegahan"] == format_number(len(prevention_fixture.own_activities()))
    assert "Pencegahan" in [link.proto.label for link in at.get("page_link")]


def test_empty_prevention_register(monkeypatch: pytest.MonkeyPatch, fixture_db: Path) -> None:
    at = run_page(monkeypatch, fixture_db, "pages/pencegahan.py")
    assert metrics(at)["Kegiatan pencegahan"] == "0"
    assert any("belum berisi kegiatan pencegahan" in i.value for i in at.info)


def test_siklus_timeline_carries_the_activities(monkeypatch: pytest.MonkeyPatch, prevention_db: Path) -> None:
    at = run_page(monkeypatch, prevention_db, "pages/siklus.py", {"pegawai": ["PNS"]})
    timeline = chart_specs(at)[0]  # the first tab: Pilwakot 2020
    markers = [t for t in timeline["data"] if t.get("yaxis") == "y2"]
    monthly = expected(prevention_db, queries.prevention_monthly, Filters(cycles=("Pilwakot 2020",)))
    assert sorted((t["name"], sum(t["y"])) for t in markers) == sorted(
        (k, int(n)) for k, n in monthly.groupby("kind")["activities"].sum().items())
    caption = " ".join(c.value for c in at.caption)
    assert "2 kegiatan pencegahan" in caption and "tidak berlaku untuk kegiatan pencegahan" in caption
    assert url_values(at, "pegawai") == ["PNS"]


def test_ringkasan_headline_figure(monkeypatch: pytest.MonkeyPatch, prevention_db: Path) -> None:
    at = run_page(monkeypatch, prevention_db, "pages/ringkasan.py", {"siklus": ["Pilkada 2024"]})
    count = expected(prevention_db, queries.prevention_total, Filters(cycles=("Pilkada 2024",)))
    assert metrics(at)["Kegiatan pencegahan"] == format_number(count) == "5"
    link = next(link for link in at.get("page_link") if "upaya pencegahan" in link.proto.label)
    assert parse_qs(link.proto.query_string) == {"siklus": ["Pilkada 2024"]}  # the link keeps the filters


def test_prevention_export_files(prevention_db: Path) -> None:
    filters = Filters(cycles=("Pilkada 2024",), actor_types=("PNS",))
    with contextlib.closing(duckdb.connect(str(prevention_db), read_only=True)) as con:
        data = export.build_prevention_xlsx(con, filters, Viewer(role=GUEST))
        csv = export.build_prevention_csv(con, filters).decode("utf-8-sig")
        rows = queries.prevention_rows(con, filters)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert wb.sheetnames == ["Ringkasan", "Kegiatan", "Per Kecamatan"]
    sheet = wb["Kegiatan"]
    assert sheet.max_row - 1 == len(rows) == 5
    assert [c.value for c in sheet[1]][:5] == ["No.", "Tanggal", "Siklus Pemilihan", "Jenis Kegiatan", "Kegiatan"]
    summary = "\n".join(str(c.value) for row in wb["Ringkasan"].iter_rows() for c in row if c.value is not None)
    assert "Tidak berlaku untuk kegiatan pencegahan: Jenis pegawai" in summary
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for ws in wb for row in ws.iter_rows()
                   for c in row)
    assert csv.count("\r\n") == len(rows) + 1 and csv.startswith('"No.";"Tanggal"')
    assert export.prevention_filename(filters, "xlsx").startswith("netralitas-asn_pencegahan_pilkada-2024_")


def test_demo_activities_are_labelled_in_the_export(prevention_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "contoh.duckdb"
    db.write_bytes(prevention_db.read_bytes())
    with contextlib.closing(duckdb.connect(str(db))) as con:
        con.execute("UPDATE prevention_activities SET dataset = ?", [queries.DEMO_DATASET])
        con.execute("UPDATE violations SET dataset = ?", [queries.DEMO_DATASET])
        data = export.build_prevention_xlsx(con, Filters(), Viewer(role=GUEST))
    wb = openpyxl.load_workbook(io.BytesIO(data))
    demo_label = "DATA CONTOH (FIKTIF)"
    assert str(wb["Ringkasan"]["A2"].value).startswith(demo_label)
    datasets = {row[11].value for row in wb["Kegiatan"].iter_rows(min_row=2)}
    assert datasets == {demo_label}
