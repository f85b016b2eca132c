"""Memoisation of per-cell functions: registers repeat the same few spellings thousands of times."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

# Values remembered as themselves. Any other value (a number, a date, a bool from python-calamine) is
# remembered under its type and repr, because equal is not the same here: 1 == 1.0 == True and 0.0 == -0.0,
# yet their cell texts are "1", "1", "TRUE", "0" and "-0".
_PLAIN = frozenset({str, type(None), tuple})


def _key(value: Any) -> Any:
    return value if type(value) in _PLAIN else (type(value), repr(value))


class Memo:
    """A one-argument function remembered per cell value; ``map`` applies it to a whole column."""

    __slots__ = ("cache", "fn")

    def __init__(self, fn: Callable[[Any], Any]) -> None:
        self.fn = fn
        self.cache: dict = {}

    def __call__(self, value: Any) -> Any:
        key = _key(value)
        try:
            return self.cache[key]
        except KeyError:
            result = self.cache[key] = self.fn(value)
            return result
        except TypeError:  # unhashable value: compute directly
            return self.fn(value)

    def map(self, values: Iterable[Any]) -> list[Any]:
        """The function applied to every value: once per distinct value, then one C-level lookup per cell."""
        cache = self.cache
        if not isinstance(values, (list, tuple)):
            values = list(values)
        if not set(map(type, values)) <= _PLAIN:
            return [self(v) for v in values]
        try:
            for value in set(values).difference(cache):
                cache[value] = self.fn(value)
        except TypeError:  # an unhashable value somewhere: go cell by cell
            return [self(v) for v in values]
        return list(map(cache.__getitem__, values))
