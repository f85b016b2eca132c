"""Charts on a page: built once per distinct input (:func:`figure`) and drawn through one function
(:func:`show_chart`), which gives the projector view its enlarged figures.

Every chart of every page is drawn by :func:`show_chart` (``st.plotly_chart`` appears nowhere else), so the
projector view enlarges each of them, and a chart added later cannot miss it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import pickle
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pandas as pd
import streamlit as st

from netralitas import charts, charts_prevention
from pages.shared.presentation import presentation_mode

if TYPE_CHECKING:
    import plotly.graph_objects as go

_PLAIN = (str, int, float, bool, type(None), dt.date, dt.time, dt.timedelta)


def _fingerprint(value: Any, out: list[str]) -> None:
    """Append a text that pins down ``value``'s content (type included) to ``out``: DataFrames cell by cell (never
    a summarised repr), sequences and mappings element by element, other objects by their pickle."""
    if isinstance(value, pd.DataFrame):
        out.append(f"DF{value.shape!r}{list(map(str, value.columns))!r}{list(map(str, value.dtypes))!r}")
        _fingerprint(value.index.tolist(), out)
        _fingerprint(value.to_numpy(dtype=object).tolist(), out)
    elif isinstance(value, pd.Series):
        out.append(f"S{value.name!r}{value.dtype}")
        _fingerprint(value.index.tolist(), out)
        _fingerprint(value.tolist(), out)
    elif isinstance(value, list | tuple):
        out.append(f"{type(value).__name__}{len(value)}[")
        for item in value:
            _fingerprint(item, out)
        out.append("]")
    elif isinstance(value, dict):
        out.append(f"dict{len(value)}{{")
        for key in sorted(value, key=repr):
            _fingerprint(key, out)
            _fingerprint(value[key], out)
        out.append("}")
    elif type(value) in _PLAIN or (isinstance(value, _PLAIN) and type(value).__module__ in ("builtins", "datetime")):
        out.append(f"{type(value).__name__}:{value!r};")
    else:
        out.append(f"P{pickle.dumps(value, protocol=5).hex()};")


def figure_key(builder_name: str, args: tuple, kwargs: dict) -> str:
    """A short digest of a chart's builder and the content of its arguments (the figure cache's key)."""
    parts: list[str] = [builder_name]
    _fingerprint(tuple(args), parts)
    _fingerprint(dict(kwargs), parts)
    return hashlib.blake2b("\x1f".join(parts).encode("utf-8", "surrogatepass"), digest_size=20).hexdigest()


# The modules whose chart builders :func:`figure` builds (a builder is found again by its module and name).
CHART_MODULES = {module.__name__: module for module in (charts, charts_prevention)}


@st.cache_resource(max_entries=256, show_spinner=False)
def _figure(key: str, _module: str, _builder_name: str, _args: tuple, _kwargs: tuple) -> Any:
    """The figure of ``key`` (:func:`figure_key`); the arguments after it are not hashed by Streamlit (the key
    already stands for them)."""
    builder: Callable = getattr(CHART_MODULES[_module], _builder_name)
    return builder(*_args, **dict(_kwargs))


def figure(builder: Callable, *args: Any, **kwargs: Any) -> Any:
    """A chart of :data:`CHART_MODULES` (``builder(*args, **kwargs)``), built once per distinct input and then
    reused on every rerun and by every session: building a Plotly figure costs more than the rest of a warm rerun.

    Keyed by the builder and the content of its arguments (the query results, which already depend on filters,
    data version and role; the theme is applied by the browser), digested by :func:`figure_key` — cheaper than
    Streamlit's own hashing of DataFrames, which a warm rerun paid for every chart. The figure is shared, so it is
    never changed after it is built: :func:`show_chart` and the projector view only read it.
    """
    name = f"{builder.__module__}.{builder.__name__}"
    key = figure_key(name, args, kwargs)
    return _figure(key, builder.__module__, builder.__name__, tuple(args), tuple(sorted(kwargs.items())))


def clear_figures() -> None:
    """Forget every cached figure (after the data changed)."""
    _figure.clear()


def show_chart(fig: go.Figure, *, key: str | None = None, **kwargs: Any) -> Any:
    """Draw ``fig`` in the current container (``st.plotly_chart(fig, key=key, **kwargs)``); in the projector view
    (:func:`pages.shared.presentation.presentation_mode`) a copy made by :func:`netralitas.charts.for_projector`
    instead, so the shared figure itself is never changed. Returns what ``st.plotly_chart`` returns (the selection
    of a chart drawn with ``on_select``)."""
    if presentation_mode():
        fig = charts.for_projector(fig)
    return st.plotly_chart(fig, key=key, **kwargs)
