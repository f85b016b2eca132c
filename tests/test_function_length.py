"""No function of the loader (``loaders/``, ``netralitas/normalize.py``) is longer than 100 lines: a longer one
holds more than one rule, and each rule is a function of its own that can be read and tested on values."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_LINES = 100
LOADER_FILES = sorted((ROOT / "loaders").glob("*.py")) + [ROOT / "netralitas" / "normalize.py"]


def long_functions(source: str, limit: int = MAX_LINES) -> list[tuple[str, int, int]]:
    """(qualified name, first line, lines) of every function or method in ``source`` longer than ``limit``
    lines, its decorators and docstring included."""
    found: list[tuple[str, int, int]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f"{prefix}{child.name}"
                if not isinstance(child, ast.ClassDef):
                    first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                    lines = child.end_lineno - first + 1
                    if lines > limit:
                        found.append((name, first, lines))
                visit(child, f"{name}.")
            else:
                visit(child, prefix)

    visit(ast.parse(source), "")
    return found


def test_the_count_finds_a_long_function_and_a_long_nested_one() -> None:
    body = "\n".join(f"    x{i} = {i}" for i in range(MAX_LINES))
    inner_body = body.replace("    ", "            ")
    source = (f"def long():\n{body}\n\n\nclass C:\n    @staticmethod\n    def short():\n        return 1\n\n"
              f"    def method(self):\n        def inner():\n{inner_body}\n        return inner\n")
    assert [(name, lines) for name, _, lines in long_functions(source)] == [
        ("long", MAX_LINES + 1), ("C.method", MAX_LINES + 3), ("C.method.inner", MAX_LINES + 1)]
    assert long_functions(f"def fits():\n{body.splitlines()[0]}\n" + "\n".join(["    pass"] * (MAX_LINES - 2))) == []


@pytest.mark.parametrize("path", LOADER_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_loader_function_is_over_100_lines(path: Path) -> None:
    assert long_functions(path.read_text(encoding="utf-8")) == [], (
        f"{path.relative_to(ROOT)}: split these into functions of one rule each")
