"""What the fast loop (``python -m pytest -m "not slow and not browser"``) runs of a parametrised test."""

from __future__ import annotations

from collections.abc import Iterable

import pytest


def first_fast(values: Iterable[object]) -> list:
    """The cases of a parametrised test: the first runs in the fast loop, the others are marked ``slow`` (the full
    suite runs them all). A value given as ``pytest.param`` keeps its id and marks; a tuple holds the values of
    several argument names."""
    out = []
    for k, value in enumerate(values):
        if k == 0:
            out.append(value)
            continue
        if isinstance(value, type(pytest.param(None))):
            out.append(pytest.param(*value.values, id=value.id, marks=[*value.marks, pytest.mark.slow]))
        elif isinstance(value, tuple):
            out.append(pytest.param(*value, marks=pytest.mark.slow))
        else:
            out.append(pytest.param(value, marks=pytest.mark.slow))
    return out
