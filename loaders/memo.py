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

    def _miss(self, value: Any) -> Any:
        result = self.cache[value] = self.fn(value)
        return result

    def map(self, values: Iterable[Any]) -> list[Any]:
        """The function applied to every value (one dictionary lookup per repeated value, no call)."""
        cache = self.cache
        miss = self._miss
        try:
            return [cache[v] if v in cache else miss(v) for v in values]
        except TypeError:
            return [self(v) for v in values]
