"""The chart code is asked for at the start of a session (pages/_frontend.py): once, invisibly, from this server."""

from __future__ import annotations

from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from pages import _frontend

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent


def test_the_plotly_chunk_of_the_installed_streamlit_is_found() -> None:
    name = _frontend.chunk_file("PlotlyChart")
    assert name and name.startswith("PlotlyChart.") and name.endswith(".js")
    assert (Path(st.__file__).parent / "static" / "static" / "js" / name).is_file()
    assert _frontend.chunk_file("NoSuchChunk") is None


def test_the_script_imports_the_chunk_next_to_streamlits_own_entry_script() -> None:
    script = _frontend.prefetch_script(["PlotlyChart.abc.js"])
    assert script.startswith("<script>") and script.endswith("</script>")
    assert "import(new URL('./PlotlyChart.abc.js', base).href)" in script
    assert "/static/js/index." in script  # resolved against Streamlit's entry script: the same module, once
    assert "http" not in script  # nothing from outside the app's own server


@pytest.fixture()
def app_test(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(bundled_db))
    return AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)


def test_the_first_run_of_a_session_asks_once_and_shows_nothing(app_test: AppTest) -> None:
    app_test.run()
    assert not app_test.exception
    event = app_test._tree.children[2]  # Streamlit's event container: rendered, but takes no room on the page
    bodies = [child.proto.body for child in event.children.values() if type(child).__name__ == "Html"]
    assert len(bodies) == 1 and _frontend.chunk_file("PlotlyChart") in bodies[0]
    assert not app_test.main.get("html") and not app_test.sidebar.get("html")

    app_test.run()  # a rerun of the same session: the browser already has it
    assert not app_test._tree.children[2].children
