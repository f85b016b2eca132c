"""Laporan Supervisi (/supervisi) and the projector view (?tampilan=presentasi) in AppTest on real DuckDB files."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from netralitas import brief as briefs
from netralitas import charts, clock
from netralitas.queries import Filters
from tests.markdown import markdown_shows
from tests.supervisi_data import NAMES, NIPS, build_db

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGE = "pages/supervisi.py"


@pytest.fixture(scope="module")
def supervisi_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("supervisi_page"))


def open_app(db: Path, monkeypatch: pytest.MonkeyPatch, page: str | None = PAGE, **params: str) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = AppTest.from_file(APP, default_timeout=90)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def unmarkdown(text: str) -> str:
    return markdown_shows(text).replace("**", "")


def page_text(at: AppTest) -> str:
    return "\n".join(unmarkdown(m.value) for m in at.markdown)


def expected_brief(db: Path, filters: Filters) -> briefs.Brief:
    with contextlib.closing(duckdb.connect(str(db), read_only=True)) as con:
        return briefs.build_brief(briefs.runner_for(con), filters, today=clock.today())


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def test_page_shows_the_brief_charts_follow_up_and_downloads(supervisi_db: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(supervisi_db, monkeypatch)
    assert at.title[0].value == "Laporan Supervisi"
    expected = expected_brief(supervisi_db, Filters())
    text = page_text(at)
    for sec in expected.cycles:
        for topic, body in sec.paragraphs:
            assert f"{topic}. {body}" in text
    assert [h.value for h in at.header] == ["Pilwakot 2020", "Pemilu 2024", "Daftar tindak lanjut"]
    # comparison + two charts per cycle + waiting times
    assert len(at.get("plotly_chart")) == 1 + 2 * 2 + 1
    buttons = at.get("download_button")
    assert [b.proto.label for b in buttons] == ["Unduh PDF", "Unduh PPTX"]
    assert all(b.proto.ignore_rerun for b in buttons)
    sanction_tables = [df.value for df in at.dataframe if "Baru direkomendasikan" in df.value.columns]
    assert [t.to_dict("list") for t in sanction_tables] == [briefs.sanction_table(c).to_dict("list")
                                                            for c in expected.cycles]
    table = next(df.value for df in at.dataframe if "No. register" in df.value.columns)
    assert len(table) == expected.total_waiting == 4
    assert list(table.columns)[:6] == ["No. register", "Siklus", "Jenis pegawai", "Jabatan", "Instansi",
                                       "Hari menunggu"]
    assert table["Hari menunggu"].tolist() == sorted(table["Hari menunggu"].tolist(), reverse=True)
    shown = text + table.to_csv()
    for name in NAMES:
        assert name not in shown
    for nip in NIPS:
        assert nip not in shown


def test_cycle_from_the_url_and_the_pills(supervisi_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(supervisi_db, monkeypatch, siklus="Pemilu 2024")
    assert [h.value for h in at.header] == ["Pemilu 2024", "Daftar tindak lanjut"]
    text = page_text(at)
    assert "Pada Pemilu 2024 tercatat satu kasus dengan satu orang terlapor. Terlapor tersebut berstatus PNS." in text
    pills = at.get("button_group")[0]
    assert pills.value == ["Pemilu 2024"]
    pills.set_value(["Pilwakot 2020", "Pilkada 2024"]).run()
    assert not at.exception
    assert at.session_state["siklus"] == ["Pilwakot 2020", "Pilkada 2024"]
    assert [h.value for h in at.header] == ["Pilwakot 2020", "Pilkada 2024", "Daftar tindak lanjut"]
    assert "Pada Pilkada 2024 tidak tercatat kasus pelanggaran netralitas ASN" in page_text(at)


def test_empty_database(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(empty_db, monkeypatch)
    assert any("Belum ada kasus untuk laporan ini." in i.value for i in at.info)
    assert "Basis data belum berisi kasus" in page_text(at)
    assert [b.proto.label for b in at.get("download_button")] == ["Unduh PDF", "Unduh PPTX"]


def test_presentation_view_on_the_overview(supervisi_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    normal = open_app(supervisi_db, monkeypatch, page=None)
    assert all((f["layout"].get("height") or 0) < charts.PROJECTOR_HEIGHT for f in figures(normal))
    assert not [h for h in normal.get("html") if "stSidebar" in h.proto.body]

    at = open_app(supervisi_db, monkeypatch, page=None, tampilan="presentasi", siklus="Pilwakot 2020")
    css = [h.proto.body for h in at.get("html") if "stSidebar" in h.proto.body]
    assert len(css) == 1 and "display: none" in css[0] and "font-size" in css[0]
    specs = figures(at)
    assert specs
    for spec in specs:
        layout = spec["layout"]
        if (layout.get("meta") or {}).get("empty"):
            continue
        assert layout["height"] >= charts.PROJECTOR_HEIGHT
        assert layout["font"]["size"] >= 20
    # the URL filters still apply while the sidebar is hidden
    assert at.session_state["siklus"] == ["Pilwakot 2020"]
    assert any("Siklus: Pilwakot 2020" in markdown_shows(c.value) for c in at.caption)
    assert at.metric[0].value == "7"


def test_presentation_view_of_the_report_page_has_no_controls(supervisi_db: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(supervisi_db, monkeypatch, tampilan="presentasi")
    assert not at.get("download_button") and not at.get("button_group")
    assert [h.value for h in at.header][:2] == ["Pilwakot 2020", "Pemilu 2024"]
    assert all(f["layout"]["height"] >= charts.PROJECTOR_HEIGHT for f in figures(at))


def test_sidebar_links_to_the_presentation_view(supervisi_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(supervisi_db, monkeypatch, page=None, siklus="Pemilu 2024")
    link = next(b for b in at.get("link_button") if b.proto.label == "Tampilan presentasi")
    assert link.proto.url == "?siklus=Pemilu+2024&tampilan=presentasi"


def test_projector_figure_is_a_larger_copy() -> None:
    import pandas as pd

    df = pd.DataFrame({"cycle": ["Pemilu 2024"], "actor_type": ["PNS"], "persons": [3], "cases": [2]})
    fig = charts.bar_by(df, "cycle", "actor_type", title="Uji")
    big = charts.for_projector(fig)
    assert fig.layout.height == 380 and fig.layout.font.size == 14  # the original is untouched
    assert big.layout.height == charts.PROJECTOR_HEIGHT
    assert big.layout.font.size == 20 and big.layout.title.font.size == 26
    assert big.layout.xaxis.tickfont.size == 20
    empty = charts.for_projector(charts.empty_figure())
    assert empty.layout.height == charts.empty_figure().layout.height
