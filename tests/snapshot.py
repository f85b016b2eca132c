"""Exact-output checks against files under ``tests/snapshots/`` that a maintainer can read and diff.

A snapshot is plain text, UTF-8 with ``\\n`` line ends: JSON pretty-printed with two-space indents and one line
per list of plain values (a table row, a chart series), keys in the order the test builds them (so the order is
meaningful and stable); or text as is. A test hands its value to :meth:`Snapshots.check`; the value must equal the
file. When a change of an output is intended, rewrite the files with ``python -m pytest --update-snapshots`` (or
``NETRALITAS_UPDATE_SNAPSHOTS=1``), read the diff (``git diff tests/snapshots``) and commit it with the change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import json
import math
from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

SNAPSHOT_DIR = Path(__file__).resolve().parent / "snapshots"
UPDATE_OPTION = "--update-snapshots"
UPDATE_ENV = "NETRALITAS_UPDATE_SNAPSHOTS"
DIFF_LINES = 120


def plain(value: Any) -> Any:
    """``value`` as JSON-ready data: dates as ISO text, numpy and pandas scalars and arrays as Python values,
    NaN as None, whole floats kept as floats (so 3.0 stays 3.0 and a change of type shows)."""
    import numpy as np
    import pandas as pd

    if value is None or value is pd.NaT or isinstance(value, (bool, str, int)):
        return None if value is pd.NaT else value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, np.generic):
        return plain(value.item())
    if isinstance(value, np.ndarray):
        return [plain(v) for v in value.tolist()]
    if isinstance(value, pd.DataFrame):
        return frame(value)
    if isinstance(value, pd.Series):
        return [plain(v) for v in value.tolist()]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value, key=repr) if isinstance(value, (set, frozenset)) else value
        return [plain(v) for v in items]
    if pd.api.types.is_scalar(value) and pd.isna(value):
        return None
    raise TypeError(f"no plain form for {type(value).__name__}: {value!r}")


def frame(df: Any) -> dict:
    """A DataFrame as its column names and its rows (in the frame's own order)."""
    return {"columns": [str(c) for c in df.columns],
            "rows": [[plain(v) for v in row] for row in df.itertuples(index=False, name=None)]}


def _is_scalar(value: Any) -> bool:
    return value is None or isinstance(value, (bool, int, float, str))


def _render(value: Any, indent: int) -> str:
    """JSON with two-space indents where a list of plain values (a table row, a series) stays on one line."""
    pad, inner = " " * indent, " " * (indent + 2)
    if isinstance(value, dict):
        if not value:
            return "{}"
        items = [f"{inner}{json.dumps(k, ensure_ascii=False)}: {_render(v, indent + 2)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    if isinstance(value, list):
        if all(_is_scalar(v) for v in value):
            return json.dumps(value, ensure_ascii=False)
        return "[\n" + ",\n".join(f"{inner}{_render(v, indent + 2)}" for v in value) + f"\n{pad}]"
    return json.dumps(value, ensure_ascii=False)


def dumps(value: Any) -> str:
    """The snapshot text of a JSON value (see :func:`_render`)."""
    return _render(plain(value), 0) + "\n"


class Snapshots:
    """Compares values with the files under :data:`SNAPSHOT_DIR`, or rewrites the files when ``update`` is set."""

    def __init__(self, update: bool, folder: Path = SNAPSHOT_DIR) -> None:
        self.update = update
        self.folder = folder

    def check(self, name: str, value: Any) -> None:
        """``value`` (JSON data, or a ``str`` for a ``.txt`` snapshot) equals the snapshot ``name``
        (a path under the snapshot folder, e.g. ``"export/data.json"``)."""
        text = value if name.endswith(".txt") else dumps(value)
        if not isinstance(text, str):
            raise TypeError(f"a .txt snapshot takes text, not {type(value).__name__}")
        text = text.replace("\r\n", "\n")
        if not text.endswith("\n"):
            text += "\n"
        path = self.folder / name
        if self.update:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8", newline="\n")
            return
        if not path.exists():
            raise AssertionError(f"no snapshot {path.relative_to(self.folder.parent)}: write it with "
                                 f"`python -m pytest {UPDATE_OPTION}` and read it before committing")
        expected = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        if expected != text:
            diff = list(difflib.unified_diff(expected.splitlines(), text.splitlines(), f"{name} (snapshot)",
                                             f"{name} (now)", lineterm="", n=2))
            shown = "\n".join(diff[:DIFF_LINES]) + ("\n…" if len(diff) > DIFF_LINES else "")
            raise AssertionError(f"output differs from snapshot {name}; if the change is intended, rewrite it with "
                                 f"`python -m pytest {UPDATE_OPTION}`\n{shown}")
