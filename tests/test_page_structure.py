"""How the app's code is put together, read from the source: Streamlit only through its public API, the library
without Streamlit, page modules without import cycles and without the entry script, every chart through the one
drawing function, page files that are pages and nothing else, and the sidebar's URL keys from the library."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netralitas.queries import QUERY_PARAMS, Filters
from pages.shared import filters as page_filters
from pages.shared.startup import PAGES

ROOT = Path(__file__).resolve().parent.parent
PRODUCT = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "netralitas").rglob("*.py")),
           *sorted((ROOT / "loaders").rglob("*.py"))]
PAGE_MODULES = sorted((ROOT / "pages").rglob("*.py"))
CHART_DRAWER = ROOT / "pages" / "shared" / "figures.py"


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _name(path: Path) -> str:
    return path.relative_to(ROOT).as_posix()


def _module_of(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(tree: ast.Module, module: str) -> Iterator[tuple[ast.AST, str]]:
    """Every module ``tree`` imports (also inside functions), as absolute names; ``from a import b`` gives both
    ``a`` and ``a.b`` (``b`` may be a submodule)."""
    package = module.rsplit(".", 1)[0] if "." in module else ""
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node, alias.name
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.rsplit(".", node.level - 1)[0] if node.level > 1 else package
                base = f"{anchor}.{base}" if base else anchor
            yield node, base
            for alias in node.names:
                yield node, f"{base}.{alias.name}"


def test_product_code_uses_streamlit_only_through_its_public_api() -> None:
    """No ``st._…`` or other underscore name of Streamlit, no assignment to an attribute of Streamlit's objects
    (monkeypatching), no Streamlit submodule imported (the script-run context, the delta generator, the package's
    files), no ``add_script_run_ctx``: only ``import streamlit as st`` and its public names."""
    found = []
    for path in PRODUCT:
        tree = _tree(path)
        aliases = {alias.asname or alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                   for alias in node.names if alias.name == "streamlit"}
        for node, name in _imports(tree, _module_of(path)):
            if name.startswith("streamlit.") and isinstance(node, ast.Import | ast.ImportFrom):
                found.append(f"{_name(path)}:{node.lineno} imports {name}")
        for node in ast.walk(tree):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases:
                if node.attr.startswith("_"):
                    found.append(f"{_name(path)}:{node.lineno} uses {node.value.id}.{node.attr}")
                if isinstance(node.ctx, ast.Store | ast.Del):
                    found.append(f"{_name(path)}:{node.lineno} assigns {node.value.id}.{node.attr}")
            if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Store | ast.Del):
                base = node.value
                while isinstance(base, ast.Attribute):
                    base = base.value
                if isinstance(base, ast.Name) and (base.id in aliases or base.id == "DeltaGenerator"):
                    found.append(f"{_name(path)}:{node.lineno} assigns an attribute of {base.id}")
            if isinstance(node, ast.Name | ast.Attribute) and "script_run_ctx" in getattr(node, "id",
                                                                                          getattr(node, "attr", "")):
                found.append(f"{_name(path)}:{node.lineno} uses the script-run context")
    assert found == []


def test_the_library_and_the_loader_never_import_streamlit() -> None:
    found = [f"{_name(path)}:{node.lineno}" for path in PRODUCT if path.parts[len(ROOT.parts)] in ("netralitas",
             "loaders") for node, name in _imports(_tree(path), _module_of(path)) if name.split(".")[0] == "streamlit"]
    assert found == []


def test_no_product_module_imports_the_entry_script() -> None:
    found = [f"{_name(path)}:{node.lineno}" for path in PRODUCT
             for node, name in _imports(_tree(path), _module_of(path)) if name == "app" or name.startswith("app.")]
    assert found == []


def _page_import_graph() -> dict[str, set[str]]:
    """Which module of ``pages`` imports which other module of ``pages`` (imports inside functions included)."""
    modules = {_module_of(path): path for path in PAGE_MODULES}
    return {module: {name for _node, name in _imports(_tree(path), module) if name in modules and name != module}
            for module, path in modules.items()}


def test_page_modules_import_one_another_without_a_cycle() -> None:
    graph = _page_import_graph()
    assert "pages.shared.startup" in graph and graph["pages.ringkasan"]  # the graph is not empty
    done: set[str] = set()

    def visit(module: str, path: tuple[str, ...]) -> None:
        assert module not in path, " → ".join((*path, module))
        if module in done:
            return
        for imported in sorted(graph[module]):
            visit(imported, (*path, module))
        done.add(module)

    for module in sorted(graph):
        visit(module, ())


def test_shared_page_modules_never_import_a_page() -> None:
    graph = _page_import_graph()
    pages = {_module_of(ROOT / path) for path, *_ in PAGES}
    assert {m: graph[m] & pages for m in graph if m.startswith("pages.shared")} == {
        m: set() for m in graph if m.startswith("pages.shared")}


def test_every_chart_is_drawn_through_show_chart() -> None:
    """``st.plotly_chart`` is called in one place only (``show_chart``), so the projector view enlarges every chart."""
    calls = [f"{_name(path)}:{node.lineno}" for path in PAGE_MODULES if path != CHART_DRAWER
             for node in ast.walk(_tree(path))
             if isinstance(node, ast.Attribute) and node.attr == "plotly_chart"]
    assert calls == []
    drawer = [node for node in ast.walk(_tree(CHART_DRAWER))
              if isinstance(node, ast.Attribute) and node.attr == "plotly_chart"]
    assert len(drawer) == 1


def test_pages_hold_no_sql() -> None:
    """Pages and their shared modules ask :mod:`netralitas.queries`; they run no statement of their own."""
    found = [f"{_name(path)}:{node.lineno}" for path in PAGE_MODULES for node in ast.walk(_tree(path))
             if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
             and node.func.attr in ("execute", "executemany", "sql", "query_df")]
    assert found == []


def test_the_files_directly_in_pages_are_the_pages_of_the_app() -> None:
    """Streamlit takes every ``*.py`` directly in ``pages/`` for a page when it runs a first request without
    ``app.py``; they are exactly the app's pages, each named after its URL path (the start page excepted)."""
    in_folder = {p.relative_to(ROOT).as_posix() for p in (ROOT / "pages").glob("*.py") if p.name != "__init__.py"}
    listed = {path for path, *_ in PAGES}
    assert in_folder == listed
    for path, _title, _icon, url, default in PAGES:
        assert default or Path(path).stem == url, path


def test_the_sidebar_takes_its_url_keys_from_the_library() -> None:
    assert page_filters.KEY is QUERY_PARAMS
    assert set(page_filters.FILTER_KEYS) == set(QUERY_PARAMS.values())
    several = {QUERY_PARAMS[name] for name in QUERY_PARAMS if isinstance(getattr(Filters(), name), tuple)}
    assert set(page_filters.LIST_KEYS) == several
    assert QUERY_PARAMS["search"] == page_filters.SEARCH_KEY


@pytest.fixture()
def ringkasan(bundled_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(bundled_db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_each_filter_widget_is_keyed_by_its_url_parameter(ringkasan: AppTest) -> None:
    sidebar = ringkasan.sidebar
    widget_keys = {w.key for w in sidebar.get("multiselect")} | {w.key for w in sidebar.text_input}
    assert widget_keys == set(page_filters.LIST_KEYS) | {page_filters.SEARCH_KEY}
    for key in page_filters.LIST_KEYS:
        ringkasan.multiselect(key=key)  # found by its URL parameter
    ringkasan.text_input(key=QUERY_PARAMS["search"]).set_value("x").run()
    assert ringkasan.query_params.get(QUERY_PARAMS["search"]) in ("x", ["x"])
