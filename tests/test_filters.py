"""The filters as the app reads them from a link, and the data an empty data filter shows.

- A link's filters are read case-insensitively; every part that cannot be applied as written (a value no filter
  knows, for any filter key; a date that cannot be read; a search longer than the cap; a date range the wrong way
  round) is applied as far as possible and named in a visible Indonesian note.
- As soon as the database holds a register of the office's own, an empty data filter shows that data alone: the
  demo register and the public record leave every default page, export and brief, and stay selectable. The filter
  line, the banner, the export's Ringkasan and the brief say which data is shown.

Real DuckDB files built by the real loader; pages through AppTest.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import openpyxl
import pytest
from streamlit.testing.v1 import AppTest

from loaders.pipeline import load_paths
from netralitas import brief as briefs
from netralitas import db, export, queries
from netralitas.queries import SEARCH_MAX_CHARS, Filters, Viewer
from netralitas.vocab import vocabulary
from tests.conftest import ROOT
from tests.roles import app_test, as_role
from tests.shown import shown_db
from tests.test_export import OWN_ROWS
from tests.test_export import write_register as write_own_register

LABELS = vocabulary().dataset_labels


@pytest.fixture(scope="module")
def own_and_demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo register and public record, plus a register of the office's own (10 persons)."""
    folder = tmp_path_factory.mktemp("sendiri")
    own = write_own_register(folder / "register_bawaslu_2024.xlsx", OWN_ROWS,
                             ["REKAPITULASI PENANGANAN PELANGGARAN NETRALITAS ASN", "BAWASLU KOTA SEMARANG"])
    path = folder / "netralitas.duckdb"
    results = load_paths(sorted((ROOT / "data").glob("*.xlsx")) + [own], path)
    assert all(r.ok for r in results), [r.error for r in results]
    return path


def sql_count(path: Path, sql: str, params: list | None = None) -> int:
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        return int(con.execute(sql, params or []).fetchone()[0])


def per_dataset(path: Path) -> dict[str, int]:
    with contextlib.closing(duckdb.connect(str(path), read_only=True)) as con:
        return dict(con.execute("SELECT dataset, count(*) FROM violations GROUP BY 1").fetchall())


# ---------------------------------------------------------------------------------------------------------------
# Reading a link
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("key", "value"), [
    ("siklus", "Pemilu 2025"), ("pegawai", "Honorer"), ("sanksi", "Sangat berat"), ("kecamatan", "Ungaran"),
    ("data", "fiktif"),
])
def test_an_unknown_value_of_any_list_filter_is_named_in_a_note(key: str, value: str) -> None:
    filters, notes = Filters.parse_query_params({key: [value, "bukan-apa-apa"]})
    assert filters == Filters()
    assert len(notes) == 2
    assert notes[0] == f"{queries.FILTER_LABELS[key]}: nilai “{value}” tidak dikenal dan diabaikan."


def test_known_values_are_applied_and_only_the_unknown_one_is_noted() -> None:
    filters, notes = Filters.parse_query_params({"siklus": ["pemilu 2024", "Pemilu 2099"], "pegawai": "pppk"})
    assert filters == Filters(cycles=("Pemilu 2024",), actor_types=("PPPK",))
    assert notes == ("Siklus pemilihan: nilai “Pemilu 2099” tidak dikenal dan diabaikan.",)


@pytest.mark.parametrize("key", ["dari", "sampai"])
def test_a_date_that_cannot_be_read_is_noted(key: str) -> None:
    filters, notes = Filters.parse_query_params({key: "2024-02-30"})
    assert filters == Filters()
    assert notes == (f"{queries.FILTER_LABELS[key]}: “2024-02-30” bukan tanggal (tulis TTTT-BB-HH, mis. "
                     "2024-02-14) dan diabaikan.",)


@pytest.mark.parametrize(("value", "dataset"), [
    ("sendiri", "sendiri"), ("contoh", "contoh"), ("publik", "publik"), ("SENDIRI", "sendiri"),
    ("Data sendiri", "sendiri"), ("DATA CONTOH (FIKTIF)", "contoh"), ("rekam publik (pemberitaan media)", "publik"),
])
def test_data_takes_the_short_names_and_the_labels(value: str, dataset: str) -> None:
    filters, notes = Filters.parse_query_params({"data": value})
    assert filters.datasets == (dataset,) and notes == ()
    assert filters.to_query_params() == {"data": [dataset]}  # links carry the short name


def test_search_is_capped_with_a_note() -> None:
    long_text = "Dinas " * 40
    filters, notes = Filters.parse_query_params({"cari": long_text})
    assert len(filters.search) <= SEARCH_MAX_CHARS and long_text.strip().startswith(filters.search)
    assert notes == (f"Cari: teks pencarian dipotong menjadi {SEARCH_MAX_CHARS} karakter (dari "
                     f"{len(long_text.strip())}).",)
    assert len(Filters(search="x" * 500).search) == SEARCH_MAX_CHARS  # whoever builds the filters


def test_a_reversed_date_range_is_turned_round_and_said_so() -> None:
    filters, notes = Filters.parse_query_params({"dari": "2024-12-31", "sampai": "2024-01-01"})
    assert (filters.date_from, filters.date_to) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert notes == ("Tanggal awal (31 Des 2024) sesudah tanggal akhir (1 Jan 2024): keduanya ditukar.",)
    assert filters.describe() == "Tanggal: 1 Jan 2024 s.d. 31 Des 2024"
    assert Filters(date_from=dt.date(2024, 5, 1), date_to=dt.date(2024, 4, 1)) == Filters(
        date_from=dt.date(2024, 4, 1), date_to=dt.date(2024, 5, 1))


@pytest.mark.integration
def test_a_reversed_range_selects_the_rows_between_the_two_dates(own_and_demo_db: Path) -> None:
    reversed_range = Filters(date_from=dt.date(2024, 6, 30), date_to=dt.date(2024, 1, 1), datasets=("contoh",))
    expected = sql_count(own_and_demo_db, "SELECT count(*) FROM violations WHERE dataset = 'contoh' AND "
                         "reported_on BETWEEN DATE '2024-01-01' AND DATE '2024-06-30'")
    with contextlib.closing(db.connect_readonly(own_and_demo_db)) as con:
        assert expected > 0 and queries.total_persons(con, reversed_range) == expected


# ---------------------------------------------------------------------------------------------------------------
# The office's own data apart from the demo
# ---------------------------------------------------------------------------------------------------------------


@pytest.mark.integration
def test_with_own_data_an_empty_data_filter_shows_it_alone(own_and_demo_db: Path) -> None:
    counts = per_dataset(own_and_demo_db)
    assert counts["sendiri"] == len(OWN_ROWS) and counts["contoh"] == 320 and counts["publik"] == 17
    with contextlib.closing(db.connect_readonly(own_and_demo_db)) as con:
        assert queries.total_persons(con, Filters()) == len(OWN_ROWS)
        assert set(queries.counts_by(con, Filters(), ["dataset"])["dataset"]) == {"sendiri"}
        assert queries.headline(con, Filters(cycles=("Pemilu 2024",)))["persons"] == sql_count(
            own_and_demo_db, "SELECT count(*) FROM violations WHERE dataset = 'sendiri' AND cycle = 'Pemilu 2024'")
        for dataset, n in counts.items():  # each stays selectable
            assert queries.total_persons(con, Filters(datasets=(dataset,))) == n
        assert queries.total_persons(con, Filters(datasets=tuple(counts))) == sum(counts.values())
        assert queries.default_hidden_datasets(con) == ("contoh", "publik")
        assert queries.describe_filters(con, Filters()) == (
            f"Data: Data sendiri saja ({LABELS['contoh']} dan {LABELS['publik']} tidak ditampilkan; pilih di filter "
            "Sumber data)")
        assert queries.describe_filters(con, Filters(datasets=("sendiri",))) == "Data: Data sendiri"


@pytest.mark.integration
def test_without_own_data_an_empty_data_filter_shows_everything(bundled_db: Path) -> None:
    with contextlib.closing(db.connect_readonly(bundled_db)) as con:
        assert queries.total_persons(con, Filters()) == sql_count(bundled_db, "SELECT count(*) FROM violations")
        assert queries.default_hidden_datasets(con) == ()
        assert queries.describe_filters(con, Filters(cycles=("Pemilu 2024",))) == "Siklus: Pemilu 2024"


@pytest.mark.integration
def test_default_export_holds_only_own_data_and_says_so(own_and_demo_db: Path) -> None:
    from pages.shared.downloads import _file_builder

    made = _file_builder("xlsx", shown_db(own_and_demo_db), Filters(), Viewer(), True)()
    wb = openpyxl.load_workbook(io.BytesIO(made.data))
    pairs = {r[0]: r[1] for r in wb["Ringkasan"].iter_rows(values_only=True) if r[0]}
    assert made.rows == len(OWN_ROWS) == wb["Data"].max_row - 1 == pairs["Jumlah terlapor"]
    assert pairs["Dataset"] == f"Data sendiri: {len(OWN_ROWS)} terlapor"
    assert pairs["Filter aktif"] == made.filter_text
    assert "Data sendiri saja" in made.filter_text and LABELS["contoh"] in made.filter_text
    assert LABELS["contoh"] not in str(wb["Ringkasan"]["A2"].value)  # no demo warning: no demo row inside
    rows = list(wb["Data"].iter_rows(values_only=True))
    dataset_at = rows[0].index("Dataset")
    assert {r[dataset_at] for r in rows[1:]} == {LABELS["sendiri"]}
    csv_made = _file_builder("csv", shown_db(own_and_demo_db), Filters(), Viewer(), True)()
    assert csv_made.rows == len(OWN_ROWS) and LABELS["contoh"] not in csv_made.data.decode("utf-8-sig")


@pytest.mark.integration
def test_default_brief_is_built_from_own_data_only(own_and_demo_db: Path) -> None:
    with contextlib.closing(db.connect_readonly(own_and_demo_db)) as con:
        brief = briefs.build_brief(briefs.runner_for(con), Filters(), today=dt.date(2026, 1, 5),
                                   generated_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        assert brief.dataset_labels == [LABELS["sendiri"]] and not brief.is_demo
        assert brief.totals["persons"] == len(OWN_ROWS)
        assert brief.filters_text == queries.describe_filters(con, Filters())
        assert not any("rekaan" in p for p in brief.overview)
        demo = briefs.build_brief(briefs.runner_for(con), Filters(datasets=("contoh",)), today=dt.date(2026, 1, 5),
                                  generated_at=dt.datetime(2026, 1, 5, 9, tzinfo=dt.UTC))
        assert demo.is_demo and demo.totals["persons"] == 320


# ---------------------------------------------------------------------------------------------------------------
# Pages (AppTest)
# ---------------------------------------------------------------------------------------------------------------


def run_page(db_path: Path, monkeypatch: pytest.MonkeyPatch, page: str, params: dict | None = None,
             role: str = "tamu") -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db_path))
    at = as_role(app_test(monkeypatch), role)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def filter_line(at: AppTest) -> str:
    """The page's filter line as shown (Markdown escapes removed)."""
    line = next(c.value for c in at.caption if c.value.startswith("Filter aktif"))
    return re.sub(r"\\(.)", r"\1", line.split("  \n")[0])


def banners(at: AppTest) -> list[tuple[str, str]]:
    return [("info", e.value) for e in at.info] + [("warning", e.value) for e in at.warning]


@pytest.mark.integration
def test_default_page_shows_own_data_and_says_what_is_left_out(own_and_demo_db: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(own_and_demo_db, monkeypatch, "pages/ringkasan.py")
    assert at.metric[0].label == "Terlapor" and at.metric[0].value == str(len(OWN_ROWS))
    assert filter_line(at) == "Filter aktif: Data: Data sendiri saja (DATA CONTOH (FIKTIF) dan Rekam publik " \
                              "(pemberitaan media) tidak ditampilkan; pilih di filter Sumber data)"
    banner = next(text for kind, text in banners(at) if text.startswith("Data yang ditampilkan"))
    assert banner.startswith(f"Data yang ditampilkan — **Data sendiri**: {len(OWN_ROWS)} terlapor")
    assert "Tidak ditampilkan: DATA CONTOH (FIKTIF) (320 terlapor), Rekam publik (pemberitaan media) (17 terlapor)" \
        in banner
    assert not any(kind == "warning" and "rekaan" in text for kind, text in banners(at))
    data_filter = at.sidebar.multiselect(key="data")
    assert data_filter.value == [] and data_filter.placeholder == "Data sendiri (bawaan)"


@pytest.mark.integration
def test_banner_filtered_to_own_data_no_longer_speaks_of_the_demo(own_and_demo_db: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(own_and_demo_db, monkeypatch, "pages/data.py", {"data": "sendiri"})
    texts = [text for _, text in banners(at)]
    banner = next(t for t in texts if t.startswith("Data yang ditampilkan"))
    assert banner.startswith(f"Data yang ditampilkan — **Data sendiri**: {len(OWN_ROWS)} terlapor")
    assert not any("rekaan" in t or "320 terlapor …" in t for t in texts)
    assert not at.warning or all("rekaan" not in w.value for w in at.warning)
    assert at.sidebar.multiselect(key="data").value == ["sendiri"]


@pytest.mark.integration
def test_choosing_the_demo_shows_it_labelled(own_and_demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(own_and_demo_db, monkeypatch, "pages/data.py", {"data": "contoh"})
    warning = next(w.value for w in at.warning if w.value.startswith("Data yang ditampilkan"))
    assert warning.startswith("Data yang ditampilkan — **DATA CONTOH (FIKTIF)**: 320 terlapor")
    assert "rekaan" in warning and f"Data sendiri ({len(OWN_ROWS)} terlapor)" in warning
    assert "Muat register sendiri" not in warning  # the office's own register is loaded already


@pytest.mark.integration
def test_a_link_with_unknown_values_shows_a_note(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/data.py",
                  {"siklus": ["Pemilu 2024", "Pemilu 2025"], "data": "sendirian", "dari": "kemarin",
                   "cari": "Dinas " * 30, "sampai": "2020-01-01"})
    note = next(w.value for w in at.warning if w.value.startswith("Tautan ini memuat filter"))
    for words in ("Siklus pemilihan: nilai “Pemilu 2025” tidak dikenal", "Sumber data: nilai “sendirian” tidak",
                  "Dari tanggal: “kemarin” bukan tanggal", "Cari: teks pencarian dipotong menjadi 100 karakter"):
        assert re.sub(r"\\(.)", r"\1", words) in re.sub(r"\\(.)", r"\1", note), (words, note)
    assert at.sidebar.multiselect(key="siklus").value == ["Pemilu 2024"]  # what could be used is used
    assert filter_line(at).startswith("Filter aktif: Siklus: Pemilu 2024 · Tanggal: awal s.d. 1 Jan 2020 · Cari: ")


@pytest.mark.integration
def test_a_links_text_is_never_rendered_as_markup(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/ringkasan.py", {"pegawai": "**tebal** ![x](http://127.0.0.1:9/x)",
                                                                 "cari": "![y](http://127.0.0.1:9/y)"})
    note = next(w.value for w in at.warning if w.value.startswith("Tautan ini memuat filter"))
    assert "\\*\\*tebal\\*\\*" in note and "\\!\\[x\\]\\(http\\:" in note  # shown as written, not as markup
    line = next(c.value for c in at.caption if c.value.startswith("Filter aktif"))
    assert "\\!\\[y\\]\\(http\\:" in line and "![y]" not in line


@pytest.mark.integration
def test_reversed_dates_in_a_link_are_turned_round_on_the_page(bundled_db: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/data.py", {"dari": "2024-12-31", "sampai": "2024-01-01"})
    assert filter_line(at) == "Filter aktif: Tanggal: 1 Jan 2024 s.d. 31 Des 2024"
    assert any("keduanya ditukar" in w.value for w in at.warning)
    expected = sql_count(bundled_db, "SELECT count(*) FROM violations WHERE reported_on BETWEEN DATE '2024-01-01' "
                         "AND DATE '2024-12-31'")
    caption = next(c.value for c in at.caption if "terlapor" in c.value and c.value.startswith("**"))
    assert expected > 0 and caption.startswith(f"**{expected:,} terlapor**".replace(",", "."))


@pytest.mark.integration
def test_search_field_takes_at_most_the_cap(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/data.py")
    assert at.sidebar.text_input(key="cari").max_chars == SEARCH_MAX_CHARS


def url_values(at: AppTest, key: str) -> list[str]:
    value = at.query_params.get(key, [])
    return [value] if isinstance(value, str) else list(value)


@pytest.mark.integration
def test_a_widget_change_is_written_to_the_url(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/sanksi.py", {"siklus": "Pilkada 2024"})
    at.sidebar.multiselect(key="kecamatan").set_value(["Tembalang"]).run()
    assert not at.exception
    assert url_values(at, "siklus") == ["Pilkada 2024"] and url_values(at, "kecamatan") == ["Tembalang"]
    assert filter_line(at) == "Filter aktif: Siklus: Pilkada 2024 · Kecamatan: Tembalang"
    at.sidebar.button[0].click().run()  # Reset filter
    assert "siklus" not in at.query_params and "kecamatan" not in at.query_params
    assert filter_line(at) == "Filter aktif: Semua data (tanpa filter)"


@pytest.mark.integration
def test_the_page_links_carry_the_filters(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/kualitas.py", {"siklus": "Pemilu 2024", "pegawai": "PPPK",
                                                                "sanksi": "bukan"})
    links = [e.proto for e in at.sidebar.get("page_link")]
    assert len(links) >= 7
    assert {link.query_string for link in links} == {"siklus=Pemilu+2024&pegawai=PPPK"}  # the unknown value dropped


@pytest.mark.integration
def test_copy_link_gives_the_view_address(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(bundled_db, monkeypatch, "pages/pelaku.py", {"kecamatan": ["Tugu", "Genuk"], "cari": "Dinas"})
    assert at.sidebar.code[0].value.endswith("?kecamatan=Tugu&kecamatan=Genuk&cari=Dinas")


@pytest.mark.integration
def test_whole_database_pages_describe_every_dataset(own_and_demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_page(own_and_demo_db, monkeypatch, "pages/kualitas.py", {"siklus": "Pemilu 2024"})
    assert not any(c.value.startswith("Filter aktif") for c in at.caption)  # the filters do not apply here
    banner = next(w.value for w in at.warning if w.value.startswith("Data yang ditampilkan"))
    for dataset, n in per_dataset(own_and_demo_db).items():
        assert f"**{LABELS[dataset]}**: {n} terlapor" in banner


@pytest.mark.integration
def test_default_export_file_name_says_own_data_not_everything(own_and_demo_db: Path, bundled_db: Path) -> None:
    day = dt.datetime(2026, 11, 22, 3, 0)
    with contextlib.closing(db.connect_readonly(own_and_demo_db)) as con:
        hidden = queries.default_hidden_datasets(con)
    name = export.export_filename(Filters(), "xlsx", day, hidden=hidden)
    assert name == "netralitas-asn_sendiri_2026-11-22.xlsx"
    assert export.export_filename(Filters(datasets=("contoh",)), "csv", day, hidden=hidden).startswith(
        "netralitas-asn_contoh_")
    with contextlib.closing(db.connect_readonly(bundled_db)) as con:  # no own data: everything is shown
        assert export.export_filename(Filters(), "xlsx", day, hidden=queries.default_hidden_datasets(con)) == \
            "netralitas-asn_semua_2026-11-22.xlsx"
