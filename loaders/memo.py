"""Memoisation of per-cell functions: registers repeat the same few spellings thousands of times."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any


class Memo:
    """A one-argument function remembered per (hashable) cell value; ``map`` applies it to a whole column."""

    __slots__ = ("cache", "fn")

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn
        self.cache: dict = {}

    def __call__(self, value: Any) -> Any:
        try:
            return self.cache[value]
        except KeyError:
            result = self.cache[value] = self.fn(value)
            return result
        except TypeError:  # unhashable value: compute directly
            return self.fn(value)

    def map(self, values: Iterable[Any]) -> list[Any]:
        """The function applied to every value: once per distinct value, then one C-level lookup per cell."""
        cache = self.cache
        if not isinstance(values, (list, tuple)):
            values = list(values)
        try:
            for value in set(values).difference(cache):
                cache[value] = self.fn(value)
        except TypeError:  # an unhashable value somewhere: go cell by cell
            return [self(v) for v in values]
        return list(map(cache.__getitem__, values))
