"""The snapshot comparison itself: a missing or different snapshot fails with the way to rewrite it, the update
switch writes what a later run compares equal, and values are written in one readable, stable form."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from tests.snapshot import UPDATE_OPTION, Snapshots, dumps, frame, plain


def test_missing_snapshot_fails_and_names_the_switch(tmp_path: Path) -> None:
    with pytest.raises(AssertionError, match=UPDATE_OPTION):
        Snapshots(update=False, folder=tmp_path).check("a/b.json", {"x": 1})


def test_update_writes_and_a_later_run_compares(tmp_path: Path) -> None:
    Snapshots(update=True, folder=tmp_path).check("a/b.json", {"rows": [[1, "satu"], [2, "dua"]]})
    Snapshots(update=True, folder=tmp_path).check("c.txt", "baris satu\r\nbaris dua")
    assert (tmp_path / "a" / "b.json").read_text(encoding="utf-8") == (
        '{\n  "rows": [\n    [1, "satu"],\n    [2, "dua"]\n  ]\n}\n')
    assert (tmp_path / "c.txt").read_bytes() == b"baris satu\nbaris dua\n"
    compare = Snapshots(update=False, folder=tmp_path)
    compare.check("a/b.json", {"rows": [[1, "satu"], [2, "dua"]]})
    compare.check("c.txt", "baris satu\nbaris dua\n")


def test_a_difference_fails_with_the_changed_lines(tmp_path: Path) -> None:
    Snapshots(update=True, folder=tmp_path).check("t.json", {"rows": [[1, "satu"], [2, "dua"]]})
    with pytest.raises(AssertionError) as failure:
        Snapshots(update=False, folder=tmp_path).check("t.json", {"rows": [[1, "satu"], [2, "tiga"]]})
    message = str(failure.value)
    assert '-    [2, "dua"]' in message and '+    [2, "tiga"]' in message and UPDATE_OPTION in message


def test_values_are_plain_and_stable() -> None:
    df = pd.DataFrame({"tanggal": pd.to_datetime(["2024-02-14", None]), "n": np.array([3, 4], dtype="int64"),
                       "x": [1.5, float("nan")]})
    assert frame(df) == {"columns": ["tanggal", "n", "x"],
                         "rows": [["2024-02-14T00:00:00", 3, 1.5], [None, 4, None]]}
    assert plain({"d": dt.date(2024, 9, 4), "s": {"b", "a"}, "f": np.float64(2.0)}) == {
        "d": "2024-09-04", "s": ["a", "b"], "f": 2.0}
    assert dumps({"a": [], "b": {}, "c": "é"}) == '{\n  "a": [],\n  "b": {},\n  "c": "é"\n}\n'
    with pytest.raises(TypeError):
        plain(object())
