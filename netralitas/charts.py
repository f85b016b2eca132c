"""Chart builders: plain functions from a query DataFrame to a Plotly figure (no Streamlit here).

One fixed colour per cycle and per actor type on every page, a light → dark scale for the five sanctions
and neutral colours for the four outcomes (from the vocabulary), Indonesian labels and hover texts.

Clickable charts carry, on every bar or tile, ``customdata = [category, group]`` and name the dimensions of
those two values in ``fig.layout.meta["dims"]``; :func:`selection_from_points` turns a Streamlit selection
back into a :data:`netralitas.queries.ChartSelection` for :func:`netralitas.queries.case_rows_selected`.

Every text a figure shows — category values (they become tick labels), tick texts, hover texts, trace names,
titles, annotations — goes through :func:`netralitas.literal.plotly_literal` on its way in, so that register text
(an agency ``<a href=…>Dinas</a>``) is drawn as written, never as Plotly markup; the builders' own ``<br>`` and
``<b>`` are put around the escaped text. ``customdata`` and the colour keys in ``meta`` keep the values as they are
in the database (a click selects by them).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
import plotly.graph_objects as go
from plotly.colors import sample_colorscale
from plotly.subplots import make_subplots

from netralitas.formatting import format_date, format_month, format_number, format_percent
from netralitas.labels import (
    COLUMN_LABELS,
    CYCLE_METRICS,
    DIMENSION_LABELS,
    SANCTION_IMPOSED,
    SANCTION_NONE,
    SANCTION_RECOMMENDED,
)
from netralitas.literal import plotly_literal
from netralitas.vocab import Milestone, Vocabulary, vocabulary

FONT_FAMILY = "Source Sans Pro, Segoe UI, Arial, sans-serif"
MAX_MARKS = 10_000
NEUTRAL_BAR = "#4c78a8"
TICK_LABEL_CHARS = 38
# Sequential scale for counts that are not severities (tile map): light → dark blue.
COUNT_SCALE = [[0.0, "#deebf7"], [0.5, "#6baed6"], [1.0, "#08306b"]]
# The handling stages of the funnel: light → dark steel, clearly apart from every actor type's and cycle's colour
# (the funnel stands next to them on Ringkasan and Laporan Supervisi).
STAGE_SCALE = [[0.0, "#dbe4ec"], [1.0, "#4a6a86"]]
ZERO_TILE = "#eceff3"
# Follow-up age buckets: the longer a case waits, the darker; unknown dates grey.
AGE_SCALE = [[0.0, "#fdd0a2"], [1.0, "#a63603"]]
UNKNOWN_GREY = "#bdbdbd"
# A sanction only recommended so far is drawn in its severity's colour, hatched; an imposed one solid.
RECOMMENDED_PATTERN = {"shape": "/", "fillmode": "overlay", "fgcolor": "rgba(40,40,40,0.6)", "size": 7,
                       "solidity": 0.35}
# Where a chart shows imposed and recommended sanctions as two series in one colour each (the brief's PDF and deck).
IMPOSED_FILL = "#c0392b"
RECOMMENDED_FILL = "#f5b7a8"

# ---- Building figures cheaply ---------------------------------------------------------------------------------
# Every builder assembles its traces and layout as plain dicts and makes the figure in one ``go.Figure(data=…,
# layout=…)`` call: Plotly validates each value once, where ``update_layout``/``update_xaxes``/``add_annotation`` on a
# figure re-walk and re-validate the object tree on every call (most of a chart's build time). The dicts are merged in
# the same order the ``update_*`` calls were made, so the figures are the same as before, value for value.

Layout = dict[str, Any]
_AXIS_KEY = re.compile(r"([xy])axis(\d*)$")


def _merge(target: dict, update: Mapping) -> dict:
    """Deep-merge ``update`` into ``target`` the way Plotly's ``update_*`` does: nested mappings merge, any other
    value replaces. Mappings are copied in, so a later merge never changes ``update``'s own dicts."""
    for key, value in update.items():
        if isinstance(value, Mapping):
            current = target.get(key)
            target[key] = _merge(current if isinstance(current, dict) else {}, value)
        else:
            target[key] = value
    return target


def _axes(layout: Layout, letter: str) -> list[dict]:
    """The ``letter`` ("x" or "y") axes of a layout as ``update_xaxes``/``update_yaxes`` select them: the first
    axis (created when missing, as Plotly's always exists) and every numbered one present."""
    layout.setdefault(f"{letter}axis", {})
    return [axis for key, axis in layout.items() if (m := _AXIS_KEY.match(key)) and m.group(1) == letter]


def _update_axes(layout: Layout, letter: str, update: Mapping) -> None:
    """``update`` merged into every ``letter`` axis of ``layout``."""
    for axis in _axes(layout, letter):
        _merge(axis, update)


def _title(title: str) -> dict:
    return {"text": plotly_literal(title), "x": 0, "xanchor": "left", "font": {"size": 18}, "y": 1, "yref": "container",
            "yanchor": "top", "pad": {"t": 12}}  # fmt: skip


def _style(layout: Layout, title: str | None = None, height: int = 380, legend_title: str | None = None) -> Layout:
    """The common look of every chart (title, size, margins, font, legend, Indonesian number format), merged over
    what the builder set."""
    if title:
        layout["title"] = _title(title)
    _merge(layout, {
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        "font": {"family": FONT_FAMILY, "size": 14},
        "legend": {"title": {"text": plotly_literal(legend_title or "")}, "orientation": "h", "yanchor": "bottom",
                   "y": 1.02, "x": 0, "xanchor": "left", "entrywidth": 0, "entrywidthmode": "pixels"},
        "separators": ",.",
        "hoverlabel": {"font": {"size": 14}},
        "bargap": 0.25,
    })  # fmt: skip
    # Indonesian numbers on value axes: 40.000, never the SI "40k" (no effect on category or date axes)
    _update_axes(layout, "x", {"showgrid": False, "exponentformat": "none", "separatethousands": True})
    _update_axes(layout, "y", {"gridcolor": "rgba(128,128,128,0.2)", "zeroline": False, "exponentformat": "none",
                               "separatethousands": True})  # fmt: skip
    return layout


def _default_template() -> dict | None:
    """Plotly's default template as a plain dict (what a new figure gets), made once per default."""
    import plotly.io as pio

    return _template_json(pio.templates.default if isinstance(pio.templates.default, str) else None)


@functools.lru_cache(maxsize=4)
def _template_json(name: str | None) -> dict | None:
    return go.Figure().layout.template.to_plotly_json() if name else None


# Plotly's validation of every value is about two thirds of making a figure. The builders' output is validated by
# the tests instead (tests/test_charts.py remakes each builder's figure with validation on); set
# NETRALITAS_VALIDATE_CHARTS=1 to validate in the app too.
VALIDATE = os.environ.get("NETRALITAS_VALIDATE_CHARTS", "") not in ("", "0")


def _figure(data: list[dict], layout: Layout) -> go.Figure:
    """The figure in one go (the default template is added by Plotly as for any new figure); values validated only
    when :data:`VALIDATE` is set."""
    return go.Figure(data=data, layout=layout, _validate=VALIDATE)


@functools.lru_cache(maxsize=8)
def _subplot_grid(rows: int, cols: int, options: tuple[tuple[str, Any], ...]) -> tuple[Layout, dict]:
    """The layout ``make_subplots`` gives (axes, domains, subplot titles; without the template) and, per
    (row, col), the axis references of its traces and the layout keys of its axes. Made once per grid."""
    fig = make_subplots(rows=rows, cols=cols, **{k: list(v) if isinstance(v, tuple) else v for k, v in options})
    layout = fig.layout.to_plotly_json()
    layout.pop("template", None)
    cells = {}
    for r, row in enumerate(fig._grid_ref, start=1):
        for c, refs in enumerate(row, start=1):
            cells[(r, c)] = (dict(refs[0].trace_kwargs), tuple(refs[0].layout_keys))
    return layout, cells


def _subplots(rows: int, cols: int, **options: Any) -> tuple[Layout, dict]:
    """A fresh copy of :func:`_subplot_grid`'s layout (the caller changes it) and the grid's cells."""
    layout, cells = _subplot_grid(rows, cols, tuple(sorted(
        (k, tuple(v) if isinstance(v, list | tuple) else v) for k, v in options.items())))
    return copy.deepcopy(layout), cells


def color_key(dim: str, *, slot: int | None = None, value: str | None = None) -> dict:
    """A trace's ``meta`` naming what its colours mean: the values of dimension ``dim``, read from each point's
    customdata at ``slot``, or one ``value`` for the whole trace. Traces without it are not colour-coded."""
    return {"color": {"dim": dim, "slot": slot} if value is None else {"dim": dim, "value": value}}


def _hex(color: str) -> str:
    """``rgb(r, g, b)`` (as Plotly's colour scales give) as ``#rrggbb``; hex colours unchanged."""
    if color.startswith("#"):
        return color
    r, g, b = (int(float(part)) for part in color[color.index("(") + 1: color.index(")")].split(",")[:3])
    return f"#{r:02x}{g:02x}{b:02x}"


def age_colors(buckets: Sequence[str]) -> list[str]:
    """The colour of each waiting-age bucket (``labels.AGE_BUCKETS`` labels): light → dark as the wait grows, the
    unknown-date bucket grey. Used by the page's chart and the brief's PDF and deck alike."""
    dated = [b for b in buckets if b != "Tanggal tidak diketahui"]
    shades = sample_colorscale(AGE_SCALE, [i / max(len(dated) - 1, 1) for i in range(len(dated))])
    shade_of = dict(zip(dated, (_hex(s) for s in shades), strict=True))
    return [shade_of.get(b, UNKNOWN_GREY) for b in buckets]


def stage_colors(stages: Sequence[str]) -> list[str]:
    """The colour of each handling stage of the funnel, light → dark (:data:`STAGE_SCALE`), on the page and in the
    brief's PDF alike."""
    steps = [i / max(len(stages) - 1, 1) for i in range(len(stages))]
    return [_hex(c) for c in sample_colorscale(STAGE_SCALE, steps)]


def color_map(dim: str, voc: Vocabulary | None = None) -> dict[str, str]:
    """The fixed colours of a dimension's values (cycle, actor type, severity); empty for others."""
    voc = voc or vocabulary()
    if dim == "cycle":
        return voc.cycle_colors()
    if dim == "actor_type":
        return voc.actor_colors()
    if dim == "severity":
        return voc.severity_colors()
    return {}


def category_order(dim: str, values: list[str], voc: Vocabulary | None = None) -> list[str]:
    """Display order of a dimension's values: vocabulary order where there is one, else as given."""
    voc = voc or vocabulary()
    canonical = {
        "cycle": voc.cycle_names + [voc.cycle_unknown.name],
        "actor_type": voc.actor_type_names,
        "severity": voc.severity_names,
        "position_group": [g.name for g in voc.position_groups] + [voc.position_group_other],
    }.get(dim)
    if not canonical:
        return list(dict.fromkeys(values))
    present = set(values)
    return [v for v in canonical if v in present] + [v for v in dict.fromkeys(values) if v not in canonical]


def empty_figure(message: str = "Tidak ada data untuk filter ini", height: int = 220) -> go.Figure:
    """A blank figure carrying a friendly message (used where a chart has nothing to draw)."""
    layout: Layout = {
        "annotations": [{"text": plotly_literal(message), "showarrow": False, "font": {"size": 16}, "x": 0.5, "y": 0.5,
                         "xref": "paper", "yref": "paper"}],
        "xaxis": {"visible": False},
        "yaxis": {"visible": False},
        "meta": {"dims": [], "empty": True},
    }  # fmt: skip
    return _figure([], _style(layout, height=height))


def is_empty_figure(fig: go.Figure) -> bool:
    """True for a figure made by :func:`empty_figure`."""
    meta = fig.layout.meta
    return bool(isinstance(meta, Mapping) and meta.get("empty"))


def mark_count(fig: go.Figure) -> int:
    """How many marks (bars, points, tiles) a figure sends to the browser."""
    total = 0
    for trace in fig.data:
        for attr in ("x", "y", "values"):
            values = getattr(trace, attr, None)
            if values is not None:
                total += len(values)
                break
    return total + len(fig.layout.shapes or ())


def short_label(text: str, limit: int = TICK_LABEL_CHARS) -> str:
    """A category label cut to ``limit`` characters with an ellipsis (the full text stays in the hover)."""
    text = str(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _shown(values: Iterable[object]) -> list[str]:
    """Category values as the figure holds and draws them (:func:`netralitas.literal.plotly_literal`)."""
    return [plotly_literal(v) for v in values]


def _short_tick(text: str, limit: int = TICK_LABEL_CHARS) -> str:
    """A tick label: :func:`short_label` of the raw text, then made literal (never cut inside an entity)."""
    return plotly_literal(short_label(text, limit))


def bar_by(
    df: pd.DataFrame,
    dim: str,
    color_dim: str | None = None,
    title: str | None = None,
    horizontal: bool = False,
    value: str = "persons",
    height: int = 380,
) -> go.Figure:
    """Bars of ``value`` per ``dim``, stacked by ``color_dim`` when given; hover in Indonesian.

    Clickable: each bar carries ``[dim value, color_dim value]`` as customdata.
    """
    if df.empty:
        return empty_figure()
    voc = vocabulary()
    x_order = category_order(dim, [str(v) for v in df[dim].tolist()], voc)
    if horizontal and dim not in ("cycle", "actor_type", "severity", "position_group"):
        totals = df.groupby(dim)[value].sum().sort_values()
        x_order = [str(v) for v in totals.index]
    data: list[dict] = []
    layout: Layout = {}
    value_label = DIMENSION_LABELS.get(value, value)
    dim_label = DIMENSION_LABELS.get(dim, dim)
    if color_dim:
        colors = color_map(color_dim, voc)
        # one grouping for every colour group (a missing group or value is dropped by the grouping: it counts 0)
        by_group: dict[str, dict] = {}
        for (group, x), n in df.groupby([df[color_dim].astype(str), df[dim]])[value].sum().items():
            by_group.setdefault(group, {})[x] = n
        for group in category_order(color_dim, [str(v) for v in df[color_dim].tolist()], voc):
            counts = by_group.get(group, {})
            ys = [int(counts.get(x, 0)) for x in x_order]
            data.append(_bar(x_order, ys, group, colors.get(group), horizontal, dim_label, value_label,
                             DIMENSION_LABELS.get(color_dim, color_dim),
                             color_key(color_dim, value=group) if colors else None))
        layout.update(barmode="stack", uniformtext={"minsize": 11, "mode": "hide"})
    else:
        counts = df.groupby(dim)[value].sum()
        ys = [int(counts.get(x, 0)) for x in x_order]
        colors = color_map(dim, voc)
        marker = [colors.get(x, NEUTRAL_BAR) for x in x_order] if colors else NEUTRAL_BAR
        data.append(_bar(x_order, ys, value_label, marker, horizontal, dim_label, value_label, None,
                         color_key(dim, slot=0) if colors else None))
        layout["showlegend"] = False
    if color_dim:
        # totals above the stacks, so the reader does not have to add the segments up
        totals = df.groupby(dim)[value].sum()
        annotations = []
        for x, shown in zip(x_order, _shown(x_order), strict=True):
            total = int(totals.get(x, 0))
            if horizontal:
                annotations.append({"x": total, "y": shown, "text": format_number(total), "showarrow": False,
                                    "xanchor": "left", "xshift": 4, "font": {"size": 13}})
            else:
                annotations.append({"x": shown, "y": total, "text": f"<b>{format_number(total)}</b>",
                                    "showarrow": False, "yanchor": "bottom", "yshift": 2, "font": {"size": 14}})
        layout["annotations"] = annotations
    if horizontal:
        layout["xaxis"] = {"title": {"text": value_label}}
        layout["yaxis"] = {"title": {}, "categoryorder": "array", "categoryarray": _shown(x_order), "automargin": True,
                           "tickvals": _shown(x_order), "ticktext": [_short_tick(x) for x in x_order]}
    else:
        layout["yaxis"] = {"title": {"text": value_label}}
        layout["xaxis"] = {"title": {}, "categoryorder": "array", "categoryarray": _shown(x_order), "tickangle": 0,
                           "tickvals": _shown(x_order), "ticktext": [_wrap(x, 14) for x in x_order]}
    layout["meta"] = {"dims": [dim, color_dim]}
    _style(layout, title, height=height, legend_title=DIMENSION_LABELS.get(color_dim or "", ""))
    if color_dim:
        _legend_below(layout)
    return _figure(data, layout)


def _legend_below(layout: Layout) -> None:
    """Put the legend under the plot (a legend above collides with the title on half-width charts)."""
    bottom = 100
    plot_height = max((layout.get("height") or 380) - (layout.get("margin", {}).get("t") or 50) - bottom, 50)
    _merge(layout, {"legend": {"orientation": "h", "yanchor": "top", "y": -50 / plot_height, "x": 0,
                               "xanchor": "left", "title": {"side": "left"}, "traceorder": "normal"},
                    "margin": {"b": bottom}})  # fmt: skip


def _bar(xs, ys, name, color, horizontal, dim_label, value_label, group_label, meta=None) -> dict:
    """One bar trace: categories ``xs`` and trace ``name`` as in the database (kept in ``customdata``), drawn
    literally."""
    text = [format_number(y) if y else "" for y in ys]
    shown = _shown(xs)
    hover_group = f"{group_label}: {plotly_literal(name)}<br>" if group_label else ""
    hover = [f"{dim_label}: {x}<br>{hover_group}{value_label}: {format_number(y)}"
             for x, y in zip(shown, ys, strict=True)]
    group_value = name if group_label else None
    trace = {"type": "bar", **({"x": ys, "y": shown, "orientation": "h"} if horizontal else {"x": shown, "y": ys})}
    trace.update(
        name=plotly_literal(name), text=text, textposition="inside" if group_label else "auto", textangle=0,
        insidetextanchor="middle", hovertext=hover, hoverinfo="text", customdata=[[x, group_value] for x in xs],
    )
    if color is not None:
        trace["marker"] = {"color": color}
    if meta:
        trace["meta"] = meta
    return trace


def sanction_split(sanctions: pd.DataFrame, voc: Vocabulary | None = None) -> dict[str, tuple[int, int]]:
    """Imposed and only-recommended persons per sanction name (``queries.sanctions_by_severity`` summed over any
    split column), every sanction present with zeros."""
    voc = voc or vocabulary()
    out = {name: (0, 0) for name in voc.sanction_names}
    if sanctions is not None and not sanctions.empty:
        sums = sanctions.groupby("severity")[["imposed", "recommended_only"]].sum()
        for name in voc.sanction_names:
            if name in sums.index:
                out[name] = (int(sums.loc[name, "imposed"]), int(sums.loc[name, "recommended_only"]))
    return out


def unranked_imposed(sanctions: pd.DataFrame) -> int:
    """Imposed sanctions whose level the register does not name (``severity_rank`` null in
    ``queries.sanctions_by_severity``): counted as sanctions, drawn among the other outcomes."""
    if sanctions is None or sanctions.empty:
        return 0
    return int(sanctions.loc[sanctions["severity_rank"].isna(), "imposed"].sum())


def _sanction_label(imposed: int, recommended: int) -> str:
    """The label at the end of a sanction bar: the imposed count, plus the recommended-only count (the hatched
    part) when any: "21 + 6"."""
    if not imposed and not recommended:
        return ""
    return format_number(imposed) + (f" + {format_number(recommended)}" if recommended else "")


def severity_distribution(df: pd.DataFrame, sanctions: pd.DataFrame, title: str | None = None,
                          height: int = 420) -> go.Figure:
    """Persons per severity as horizontal bars in two stacked panels: the five sanctions light → heavy (top to
    bottom), each split into imposed (solid) and only recommended so far (hatched), and below them the four
    outcomes that are not a severity (never averaged with the sanctions).

    ``df`` has ``severity`` and ``persons`` (``queries.counts_by``); ``sanctions`` is
    ``queries.sanctions_by_severity`` under the same filters — the split the brief, the deck and the export use.
    Imposed sanctions whose level is not recorded stay with their outcome; a note under the chart counts them.
    """
    if df.empty or int(df["persons"].sum()) == 0:
        return empty_figure()
    voc = vocabulary()
    counts = df.groupby("severity")["persons"].sum()
    colors = voc.severity_colors()
    total = int(counts.sum())
    split = sanction_split(sanctions, voc)
    groups = (("Sanksi (ringan → berat)", voc.sanction_names), ("Hasil lain (bukan tingkat sanksi)", voc.outcome_names))
    layout, cells = _subplots(
        2, 1, shared_xaxes=True, vertical_spacing=0.12,
        row_heights=[len(voc.sanction_names), len(voc.outcome_names)], subplot_titles=[g for g, _ in groups],
    )
    names = voc.sanction_names
    shown = _shown(names)
    refs, (_x_key, y_key) = cells[(1, 1)]
    line = {"color": "rgba(80,80,80,0.6)", "width": 1}
    imposed = [split[n][0] for n in names]
    recommended = [split[n][1] for n in names]
    data: list[dict] = [
        {
            "type": "bar", "x": imposed, "y": shown, "orientation": "h", "name": SANCTION_IMPOSED,
            "legendgroup": "status", "marker": {"color": [colors[n] for n in names], "line": line},
            "hovertext": [f"Tingkat sanksi: {n}<br>Sanksi dijatuhkan: {format_number(x)} terlapor"
                          for n, x in zip(shown, imposed, strict=True)],
            "hoverinfo": "text", "customdata": [[n, SANCTION_IMPOSED] for n in names],
            "meta": color_key("severity", slot=0), **refs,
        },
        {
            "type": "bar", "x": recommended, "y": shown, "orientation": "h", "name": SANCTION_RECOMMENDED,
            "legendgroup": "status",
            "marker": {"color": [colors[n] for n in names], "line": line, "pattern": RECOMMENDED_PATTERN},
            "text": [_sanction_label(i, r) for i, r in zip(imposed, recommended, strict=True)],
            "textposition": "outside", "cliponaxis": False, "constraintext": "none",
            "hovertext": [f"Tingkat sanksi: {n}<br>Baru direkomendasikan, belum dijatuhkan: {format_number(x)} "
                          "terlapor" for n, x in zip(shown, recommended, strict=True)],
            "hoverinfo": "text", "customdata": [[n, SANCTION_RECOMMENDED] for n in names],
            "meta": color_key("severity", slot=0), **refs,
        },
    ]  # fmt: skip
    _merge(layout[y_key], {"categoryorder": "array", "categoryarray": shown, "autorange": "reversed"})
    names = voc.outcome_names
    shown = _shown(names)
    refs, (_x_key, y_key) = cells[(2, 1)]
    xs = [int(counts.get(n, 0)) for n in names]
    data.append({
        "type": "bar", "x": xs, "y": shown, "orientation": "h", "name": "Hasil lain", "showlegend": False,
        "marker": {"color": [colors[n] for n in names], "line": line},
        "text": [f"{format_number(x)} ({format_percent(x, total)})" if x else "" for x in xs],
        "textposition": "outside", "cliponaxis": False, "constraintext": "none",
        "hovertext": [f"Hasil penanganan: {n}<br>Jumlah terlapor: {format_number(x)} ({format_percent(x, total)})"
                      for n, x in zip(shown, xs, strict=True)],
        "hoverinfo": "text", "customdata": [[n, SANCTION_NONE] for n in names],
        "meta": color_key("severity", slot=0), **refs,
    })  # fmt: skip
    _merge(layout[y_key], {"categoryorder": "array", "categoryarray": shown, "autorange": "reversed"})
    widest = max([i + r for i, r in zip(imposed, recommended, strict=True)] + xs + [1])
    _update_axes(layout, "x", {"range": [0, widest * (1.45 if any(recommended) else 1.3)], "showgrid": True,
                               "gridcolor": "rgba(128,128,128,0.2)"})  # fmt: skip
    _merge(layout[cells[(2, 1)][1][0]], {"title": {"text": "Jumlah terlapor"}})
    _update_axes(layout, "y", {"title": {}, "automargin": True, "showgrid": False})
    _left_titles(layout)
    unranked = unranked_imposed(sanctions)
    if unranked:
        layout.setdefault("annotations", []).append({
            "text": f"{format_number(unranked)} sanksi dijatuhkan tanpa tingkat tercatat dihitung pada Hasil lain",
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": -0.02, "xanchor": "left",
            "yanchor": "top", "yshift": -38, "font": {"size": 12, "color": "#666"},
        })  # fmt: skip
    _merge(layout, {"meta": {"dims": ["severity", "sanction_state"]}, "bargap": 0.2, "barmode": "stack"})
    _style(layout, title, height=height)
    bottom = 100  # x-axis title, then the legend (one or two lines): solid = imposed, hatched = only recommended
    plot_height = max(height - (80 if title else 40) - bottom, 50)
    _merge(layout, {"margin": {"t": 80 if title else 40, "b": bottom},
                    "legend": {"orientation": "h", "yanchor": "top", "y": -56 / plot_height, "x": 0,
                               "xanchor": "left", "font": {"size": 13}, "traceorder": "normal"}})  # fmt: skip
    return _figure(data, layout)


def _sanction_cells(sanctions: pd.DataFrame, dim: str, cats: Sequence[str],
                    voc: Vocabulary) -> tuple[dict[str, list[int]], dict[str, list[int]]]:
    """Imposed and only-recommended persons per sanction name and category (in ``cats`` order, zeros where
    ``queries.sanctions_by_severity(..., by=dim)`` has no row)."""
    imposed = {name: [0] * len(cats) for name in voc.sanction_names}
    recommended = {name: [0] * len(cats) for name in voc.sanction_names}
    if sanctions is None or sanctions.empty:
        return imposed, recommended
    where = {c: i for i, c in enumerate(cats)}
    for category, sev, n_imposed, n_recommended in zip(sanctions[dim].astype(str), sanctions["severity"],
                                                       sanctions["imposed"], sanctions["recommended_only"],
                                                       strict=True):
        i = where.get(category)
        if i is not None and sev in imposed:
            imposed[sev][i] = int(n_imposed)
            recommended[sev][i] = int(n_recommended)
    return imposed, recommended


def _left_titles(layout: Layout) -> None:
    """The subplot titles in the chart's font size."""
    for ann in layout.get("annotations", ()):
        _merge(ann, {"font": {"size": 14}})


def severity_breakdown(
    df: pd.DataFrame,
    dim: str,
    sanctions: pd.DataFrame,
    title: str | None = None,
    order: Sequence[str] | None = None,
    height: int | None = None,
    not_clickable: Iterable[str] = (),
    sort_by_total: bool = False,
) -> go.Figure:
    """Persons per value of ``dim`` split by severity, as horizontal stacked bars in two panels: the five
    sanctions light → heavy on the left, each imposed (solid) or only recommended so far (hatched), and the four
    outcomes on the right (never mixed, never averaged).

    ``df`` has columns ``dim``, ``severity`` and ``persons`` (``queries.counts_by``); ``sanctions`` is
    ``queries.sanctions_by_severity`` split ``by=dim`` under the same filters. Categories come in ``order``
    (default: the vocabulary order, else the order of first appearance in ``df``). Values in ``not_clickable`` (e.g. the
    "Lainnya" bar of a top-N chart) carry no selection value. ``sort_by_total`` orders categories by their
    total, largest first (the unknown value and the "other" position group last).
    """
    if df.empty or int(df["persons"].sum()) == 0:
        return empty_figure()
    voc = vocabulary()
    n_marks = 2 * len(voc.sanction_names) + len(voc.outcome_names)  # imposed and recommended, then outcomes
    cats, truncated = _breakdown_categories(df, dim, order, sort_by_total, n_marks, voc)
    dim_label = DIMENSION_LABELS.get(dim, dim)
    frame = df.assign(**{dim: df[dim].astype(str)})
    pivot = frame.pivot_table(index=dim, columns="severity", values="persons", aggfunc="sum", fill_value=0)
    totals = pivot.sum(axis=1)
    sanction_totals = pivot.reindex(columns=voc.sanction_names, fill_value=0).sum(axis=1)
    outcome_totals = pivot.reindex(columns=voc.outcome_names, fill_value=0).sum(axis=1)
    # every (category, severity) count at once; a severity or category absent from the data counts 0
    cells_by_sev = pivot.reindex(index=cats, columns=voc.severity_names, fill_value=0)
    imposed, recommended = _sanction_cells(sanctions, dim, cats, voc)
    layout, cells = _subplots(
        1, 2, shared_yaxes=True, column_widths=[0.58, 0.42], horizontal_spacing=0.03,
        subplot_titles=("Sanksi (ringan → berat)", "Hasil lain (bukan tingkat sanksi)"),
    )
    bars = _BreakdownBars(cats, _shown(cats), [int(totals.get(c, 0)) for c in cats], dim_label, set(not_clickable),
                          voc.severity_colors())
    data = _sanction_bars(bars, imposed, recommended, cells[(1, 1)][0], voc)
    data += _outcome_bars(bars, cells_by_sev, cells[(1, 2)][0], voc)
    ticktext = [f"{_short_tick(c)}  <b>{format_number(t)}</b>" for c, t in zip(cats, bars.totals, strict=True)]
    _update_axes(layout, "y", {"categoryorder": "array", "categoryarray": bars.shown, "autorange": "reversed",
                               "automargin": True, "tickvals": bars.shown, "ticktext": ticktext, "showgrid": False})
    _update_axes(layout, "x", {"title": {"text": "Jumlah terlapor"}, "gridcolor": "rgba(128,128,128,0.2)",
                               "showgrid": True})
    stacked = [sum(imposed[s][i] + recommended[s][i] for s in voc.sanction_names) for i in range(len(cats))]
    sanction_max = max([*stacked, int(sanction_totals.reindex(cats, fill_value=0).max()), 1])
    outcome_max = max(int(outcome_totals.reindex(cats, fill_value=0).max()), 1)
    _merge(layout[cells[(1, 1)][1][0]], {"range": [0, sanction_max * 1.05]})
    _merge(layout[cells[(1, 2)][1][0]], {"range": [0, outcome_max * 1.05]})
    _merge(layout, {"barmode": "stack", "uniformtext": {"minsize": 11, "mode": "hide"},
                    "meta": {"dims": [dim, "severity", "sanction_state"], "truncated": truncated}})
    _left_titles(layout)
    _breakdown_notes(layout, unranked_imposed(sanctions), truncated)
    _breakdown_size(layout, title, height, len(cats))
    return _figure(data, layout)


def _breakdown_categories(df: pd.DataFrame, dim: str, order: Sequence[str] | None, sort_by_total: bool,
                          n_marks: int, voc: Vocabulary) -> tuple[list[str], int]:
    """The categories of a severity breakdown that are present in ``df``, in ``order`` (default: the vocabulary
    order) or by total, largest first (the unknown value and the "other" position group last); at most as many as
    :data:`MAX_MARKS` allows with ``n_marks`` bars each. Returns them and how many were left out."""
    cats = list(order) if order is not None else category_order(dim, [str(v) for v in df[dim].tolist()], voc)
    present = set(df[dim].astype(str))
    cats = [c for c in cats if c in present]
    if sort_by_total:
        sums = df.assign(**{dim: df[dim].astype(str)}).groupby(dim)["persons"].sum()
        cats = sorted(cats, key=lambda c: (c in (voc.unknown, voc.position_group_other), -int(sums.get(c, 0))))
    truncated = 0
    if len(cats) * n_marks > MAX_MARKS:
        keep = MAX_MARKS // n_marks
        truncated = len(cats) - keep
        cats = cats[:keep]
    return cats, truncated


@dataclass(frozen=True)
class _BreakdownBars:
    """What every bar of a severity breakdown shares: the categories (as in the database, and as shown), their
    totals, the dimension's label, the categories a click does not select, and the severities' colours."""

    cats: list[str]
    shown: list[str]
    totals: list[int]
    dim_label: str
    blocked: set[str]
    colors: dict[str, str]

    line = {"color": "rgba(80,80,80,0.35)", "width": 0.5}


def _sanction_bars(bars: _BreakdownBars, imposed: dict[str, list[int]], recommended: dict[str, list[int]],
                   refs: dict, voc: Vocabulary) -> list[dict]:
    """The left panel: per sanction light → heavy, the imposed persons (solid) and those only recommended
    (hatched), and a legend entry for the hatching when any sanction is only recommended."""
    data = []
    for sev in voc.sanction_names:
        for state, values in ((SANCTION_IMPOSED, imposed[sev]), (SANCTION_RECOMMENDED, recommended[sev])):
            if not any(values):
                continue
            hatched = state == SANCTION_RECOMMENDED
            what = "Baru direkomendasikan, belum dijatuhkan" if hatched else "Sanksi dijatuhkan"
            data.append({
                "type": "bar", "x": values, "y": bars.shown, "orientation": "h", "name": plotly_literal(sev),
                "legendgroup": sev,
                "showlegend": not hatched or not any(imposed[sev]),
                "marker": {"color": bars.colors.get(sev, UNKNOWN_GREY), "line": bars.line,
                           **({"pattern": RECOMMENDED_PATTERN} if hatched else {})},
                "text": [format_number(x) if x else "" for x in values], "textposition": "inside", "textangle": 0,
                "insidetextanchor": "middle",
                "hovertext": [f"{bars.dim_label}: {c}<br>Tingkat sanksi: {plotly_literal(sev)}<br>{what}: "
                              f"{format_number(x)} dari {format_number(t)} terlapor"
                              for c, x, t in zip(bars.shown, values, bars.totals, strict=True)],
                "hoverinfo": "text", "customdata": [[None if c in bars.blocked else c, sev, state] for c in bars.cats],
                "meta": color_key("severity", value=sev), **refs,
            })  # fmt: skip
    if any(any(v) for v in recommended.values()):
        data.append({  # a legend entry only: what the hatching means
            "type": "bar", "x": [0], "y": [bars.shown[0]], "orientation": "h", "name": "Arsir: baru direkomendasikan",
            "marker": {"color": "#ffffff", "line": {"color": "rgba(80,80,80,0.6)", "width": 1},
                       "pattern": RECOMMENDED_PATTERN},
            "hoverinfo": "skip", "customdata": [[None, None, None]], **refs,
        })  # fmt: skip
    return data


def _outcome_bars(bars: _BreakdownBars, cells_by_sev: pd.DataFrame, refs: dict, voc: Vocabulary) -> list[dict]:
    """The right panel: the persons of each outcome that is not a sanction level."""
    data = []
    for sev in voc.outcome_names:
        xs = [int(v) for v in cells_by_sev[sev].tolist()]
        if not any(xs):
            continue
        hover = [
            f"{bars.dim_label}: {c}<br>Hasil penanganan: {plotly_literal(sev)}<br>Jumlah terlapor: {format_number(x)} "
            f"dari {format_number(t)}"
            for c, x, t in zip(bars.shown, xs, bars.totals, strict=True)
        ]
        data.append({
            "type": "bar", "x": xs, "y": bars.shown, "orientation": "h", "name": plotly_literal(sev),
            "marker": {"color": bars.colors.get(sev, UNKNOWN_GREY), "line": bars.line},
            "text": [format_number(x) if x else "" for x in xs], "textposition": "inside", "textangle": 0,
            "insidetextanchor": "middle", "hovertext": hover, "hoverinfo": "text",
            "customdata": [[None if c in bars.blocked else c, sev, SANCTION_NONE] for c in bars.cats],
            "meta": color_key("severity", value=sev), **refs,
        })  # fmt: skip
    return data


def _breakdown_notes(layout: Layout, unranked: int, truncated: int) -> None:
    """Notes under a severity breakdown: imposed sanctions without a recorded level, categories left out."""
    if unranked:
        layout.setdefault("annotations", []).append({
            "text": f"{format_number(unranked)} sanksi dijatuhkan tanpa tingkat tercatat dihitung pada Hasil lain",
            "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": -0.02, "xanchor": "left",
            "yanchor": "top", "font": {"size": 12, "color": "#777"},
        })  # fmt: skip
    if truncated:
        layout.setdefault("annotations", []).append({
            "text": f"{format_number(truncated)} kategori lain tidak ditampilkan", "showarrow": False,
            "xref": "paper", "yref": "paper", "x": 1, "y": -0.02, "xanchor": "right", "yanchor": "top",
            "font": {"size": 12, "color": "#777"},
        })  # fmt: skip


def _breakdown_size(layout: Layout, title: str | None, height: int | None, rows: int) -> None:
    """Height (by the number of categories unless given), margins and the legend below a severity breakdown."""
    top = 75 if title else 45
    bottom = 110  # x-axis ticks and title, then the legend (one or two lines)
    height = height or max(320, min(1000, top + bottom + 38 * rows))
    plot_height = max(height - top - bottom, 50)
    _style(layout, title, height=height, legend_title="Tingkat sanksi")
    _merge(layout, {
        "legend": {"orientation": "h", "yanchor": "top", "y": -52 / plot_height, "x": 0, "xanchor": "left",
                   "traceorder": "normal", "font": {"size": 13}, "title": {"side": "left"}},
        "margin": {"l": 10, "r": 10, "t": top, "b": bottom},
        "bargap": 0.3,
    })  # fmt: skip


def cycles_side_by_side(df: pd.DataFrame, title: str | None = None, height: int = 380) -> go.Figure:
    """The cycles side by side: grouped bars of the headline figures (terlapor, terbukti, sanksi dijatuhkan,
    masih dalam proses, tidak terbukti), one fixed colour per cycle. ``df`` from ``queries.headline_by_cycle``."""
    if df.empty or int(df["persons"].sum()) == 0:
        return empty_figure()
    voc = vocabulary()
    colors = voc.cycle_colors()
    labels = [label.replace(" ", "<br>", 1) if " " in label else label for label in CYCLE_METRICS.values()]
    data = []
    first_rows: dict = {}
    for record in df.to_dict("records"):
        first_rows.setdefault(record["cycle"], record)  # the first row of each cycle
    for cycle in category_order("cycle", [str(c) for c in df["cycle"]], voc):
        row = first_rows[cycle]
        ys = [int(row[col]) for col in CYCLE_METRICS]
        persons = int(row["persons"])
        hover = [
            f"Siklus: {plotly_literal(cycle)}<br>{label}: {format_number(y)}"
            + (f" ({format_percent(y, persons)} dari terlapor)" if col != "persons" else "")
            for (col, label), y in zip(CYCLE_METRICS.items(), ys, strict=True)
        ]
        data.append({
            "type": "bar", "x": labels, "y": ys, "name": plotly_literal(cycle),
            "marker": {"color": colors.get(cycle, UNKNOWN_GREY)},
            "text": [format_number(y) for y in ys], "textposition": "outside", "cliponaxis": False,
            "constraintext": "none", "textfont": {"size": 13}, "hovertext": hover, "hoverinfo": "text",
            "customdata": [[label.replace("<br>", " "), cycle] for label in labels],
            "meta": color_key("cycle", value=cycle),
        })  # fmt: skip
    layout: Layout = {
        "barmode": "group", "bargap": 0.2, "bargroupgap": 0.05, "meta": {"dims": [None, "cycle"]},
        "yaxis": {"title": {"text": "Jumlah terlapor"}, "range": [0, max(int(df["persons"].max()), 1) * 1.15]},
        "xaxis": {"title": {}, "tickangle": 0},
    }  # fmt: skip
    _style(layout, title, height=height, legend_title="Siklus")
    _merge(layout, {"margin": {"t": 90 if title else 50},
                    "legend": {"y": 1.0, "yanchor": "bottom", "traceorder": "normal"}})  # fmt: skip
    return _figure(data, layout)


def ranked_bars(
    df: pd.DataFrame, dim: str, color: str = NEUTRAL_BAR, title: str | None = None, height: int | None = None,
    colored_by: tuple[str, str] | None = None,
) -> go.Figure:
    """Horizontal bars of persons per value of ``dim`` in the order of ``df`` (largest first, as from
    ``queries.counts_top``); a "Lainnya" row (``is_other``) is drawn grey and cannot be clicked.

    ``colored_by`` = (dimension, value), e.g. ("cycle", "Pemilu 2024"): the bars take that value's fixed colour
    (on a cycle's tab, its violation types in the cycle's colour); otherwise ``color``."""
    if df.empty or int(df["persons"].sum()) == 0:
        return empty_figure()
    meta = None
    if colored_by is not None:
        color = color_map(colored_by[0]).get(colored_by[1], color)
        meta = color_key(colored_by[0], value=colored_by[1])
    cats = [str(v) for v in df[dim]]
    values = [int(v) for v in df["persons"]]
    others = [bool(v) for v in df["is_other"]] if "is_other" in df.columns else [False] * len(cats)
    total = sum(values)
    dim_label = DIMENSION_LABELS.get(dim, dim)
    shown = _shown(cats)
    data = []
    for is_other in (False, True):
        part = [i for i, o in enumerate(others) if o == is_other]
        if not part:
            continue
        trace = {
            "type": "bar", "x": [values[i] for i in part], "y": [shown[i] for i in part], "orientation": "h",
            "marker": {"color": UNKNOWN_GREY if is_other else color}, "name": "Lainnya" if is_other else dim_label,
            "text": [f"{format_number(values[i])} ({format_percent(values[i], total)})" for i in part],
            "textposition": "outside", "cliponaxis": False, "constraintext": "none",
            "hovertext": [f"{dim_label}: {shown[i]}<br>Jumlah terlapor: {format_number(values[i])} "
                          f"({format_percent(values[i], total)})" for i in part],
            "hoverinfo": "text", "customdata": [[None if is_other else cats[i], None] for i in part],
        }  # fmt: skip
        if meta and not is_other:
            trace["meta"] = meta
        data.append(trace)
    layout: Layout = {
        "yaxis": {"title": {}, "categoryorder": "array", "categoryarray": shown, "autorange": "reversed",
                  "automargin": True, "tickvals": shown, "ticktext": [_short_tick(c) for c in cats], "showgrid": False},
        "xaxis": {"title": {"text": "Jumlah terlapor"}, "range": [0, max(values) * 1.3], "showgrid": True,
                  "gridcolor": "rgba(128,128,128,0.2)"},
        "showlegend": False, "meta": {"dims": [dim, None]}, "bargap": 0.25, "barmode": "overlay",
    }  # fmt: skip
    _style(layout, title, height=height or max(260, min(700, 90 + 30 * len(cats))))
    return _figure(data, layout)


def funnel_chart(df: pd.DataFrame, title: str | None = None, height: int = 380) -> go.Figure:
    """The handling funnel (temuan/laporan → … → sanksi dijatuhkan) from ``queries.funnel``."""
    if df.empty or int(df["persons"].iloc[0]) == 0:
        return empty_figure()
    stages = [str(s) for s in df["stage"]]
    values = [int(v) for v in df["persons"]]
    first = values[0]
    shades = stage_colors(stages)
    hover = [
        f"Tahap: {s}<br>Jumlah terlapor: {format_number(v)}<br>{format_percent(v, first)} dari temuan/laporan"
        for s, v in zip(_shown(stages), values, strict=True)
    ]
    trace = {
        "type": "funnel", "y": _shown(stages), "x": values, "marker": {"color": shades},
        "connector": {"line": {"color": "rgba(128,128,128,0.4)"}},
        "text": [f"{format_number(v)} ({format_percent(v, first)})" for v in values], "textinfo": "text",
        "textposition": "inside", "hovertext": hover, "hoverinfo": "text", "customdata": [[s, None] for s in stages],
        "meta": color_key("stage", slot=0),
    }  # fmt: skip
    layout: Layout = {"yaxis": {"title": {}, "automargin": True}, "meta": {"dims": [None, None]}}
    return _figure([trace], _style(layout, title, height=height))


def _label_rows(
    milestones: Sequence[Milestone], start: dt.date, end: dt.date, plot_px: float = 860
) -> list[tuple[int, str]]:
    """Row and anchor of each milestone label, so that labels close in time do not overlap and labels near
    the right edge extend to the left of their line."""
    span_days = max((end - start).days, 1)
    px_per_day = plot_px / span_days
    row_ends: list[float] = []
    out: list[tuple[int, str]] = []
    for m in milestones:
        x = (m.date - start).days * px_per_day
        width = 7.5 * len(m.label) + 12
        anchor = "left" if x + width <= plot_px else "right"
        x0, x1 = (x, x + width) if anchor == "left" else (x - width, x)
        for i, last in enumerate(row_ends):
            if x0 > last:
                row_ends[i] = x1
                out.append((i, anchor))
                break
        else:
            row_ends.append(x1)
            out.append((len(row_ends) - 1, anchor))
    return out


def _wrap(label: str, width: int = 12) -> str:
    """Break a tick label into lines of about ``width`` characters, each made literal, joined by ``<br>``."""
    words = str(label).split(" ")
    lines: list[str] = []
    for w in words:
        if lines and len(lines[-1]) + 1 + len(w) <= width:
            lines[-1] += " " + w
        else:
            lines.append(w)
    return "<br>".join(plotly_literal(line) for line in lines)




def timeline_chart(
    df: pd.DataFrame,
    milestones: Sequence[Milestone] = (),
    color: str = NEUTRAL_BAR,
    title: str | None = None,
    height: int = 400,
    colored_by: tuple[str, str] | None = None,
) -> go.Figure:
    """Persons per month of finding/report as bars, with the cycle's milestones as labelled vertical lines.

    ``df`` has columns ``month`` (first day of the month) and ``persons``; months without findings are drawn
    as zero. Month names on the axis are Indonesian. ``colored_by`` = (dimension, value), e.g. ("cycle",
    "Pilkada 2024"): the bars take that value's fixed colour; otherwise ``color``.
    """
    if df.empty or int(df["persons"].sum()) == 0:
        return empty_figure("Tidak ada temuan/laporan bertanggal untuk filter ini")
    counts = df.assign(month=pd.to_datetime(df["month"]).dt.date).groupby("month")["persons"].sum()
    dates = list(counts.index) + [m.date for m in milestones]
    first = min(dates).replace(day=1)
    last = max(dates).replace(day=1)
    months = []
    cur = first
    while cur <= last:
        months.append(cur)
        cur = (cur.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    ys = [int(counts.get(m, 0)) for m in months]
    centers = [m + dt.timedelta(days=14) for m in months]
    data = [{
        "type": "bar", "x": centers, "y": ys, "width": [24 * 86_400_000] * len(months), "marker": {"color": color},
        "name": "Temuan/laporan", "text": [format_number(y) if y else "" for y in ys], "textposition": "outside",
        "cliponaxis": False,
        "hovertext": [f"Bulan: {format_month(m)}<br>Jumlah terlapor: {format_number(y)}"
                      for m, y in zip(months, ys, strict=True)],
        "hoverinfo": "text", "customdata": [[m.isoformat(), None] for m in months],
    }]  # fmt: skip
    if colored_by is not None:
        data[0]["marker"]["color"] = color_map(colored_by[0]).get(colored_by[1], color)
        data[0]["meta"] = color_key(colored_by[0], value=colored_by[1])
    ymax = max(max(ys), 1)
    end = last + dt.timedelta(days=31)
    placement = _label_rows(milestones, first - dt.timedelta(days=5), end)
    rows = [row for row, _ in placement]
    shapes, annotations = [], []
    for m, (row, anchor) in zip(milestones, placement, strict=True):
        shapes.append({"type": "line", "x0": m.date, "x1": m.date, "y0": 0, "y1": 1, "xref": "x", "yref": "paper",
                       "line": {"color": "rgba(110,110,110,0.85)", "width": 1.5, "dash": "dot"}})
        annotations.append({"x": m.date, "y": 1, "xref": "x", "yref": "paper", "yanchor": "bottom", "xanchor": anchor,
                            "yshift": 4 + 20 * row, "text": plotly_literal(m.label), "showarrow": False,
                            "font": {"size": 13}, "xshift": -2 if anchor == "left" else 2,
                            "hovertext": f"{plotly_literal(m.label)}: {format_date(m.date)}"})
    if milestones:
        data.append({
            "type": "scatter", "x": [m.date for m in milestones], "y": [ymax * 1.08] * len(milestones),
            "mode": "markers", "marker": {"symbol": "diamond", "size": 10, "color": "rgba(110,110,110,0.9)"},
            "name": "Tahapan", "hovertext": [f"{plotly_literal(m.label)}<br>{format_date(m.date)}" for m in milestones],
            "hoverinfo": "text", "customdata": [[None, None] for _ in milestones],
        })  # fmt: skip
    step = max(1, -(-len(months) // 14))
    ticks = months[::step]
    layout: Layout = {
        "xaxis": {"title": {}, "tickvals": [t + dt.timedelta(days=14) for t in ticks],
                  "ticktext": [format_month(t) for t in ticks], "range": [first - dt.timedelta(days=5), end]},
        "yaxis": {"title": {"text": "Jumlah terlapor"}, "range": [0, ymax * 1.15]},
        "showlegend": False, "meta": {"dims": [None, None]},
    }  # fmt: skip
    if shapes:
        layout["shapes"] = shapes
        layout["annotations"] = annotations
    top = 30 + 20 * (max(rows) + 1 if rows else 0)
    _style(layout, title, height=height)
    _merge(layout, {"margin": {"t": top + (40 if title else 0)}})
    return _figure(data, layout)


def _wrap_name(name: str) -> str:
    """A tile's name with one word per line (``<br>``), each made literal."""
    return "<br>".join(plotly_literal(part) for part in name.split(" "))


def district_tile_map(df: pd.DataFrame, title: str | None = None, height: int = 420,
                      voc: Vocabulary | None = None, value: str = "persons",
                      value_label: str = "Jumlah terlapor", noun: str = "terlapor") -> go.Figure:
    """The 16 kecamatan as a schematic tile map (tiles at the vocabulary's ``tile`` [row, col]), each coloured
    by its count and labelled with name and count. No map tiles, no internet.

    ``df`` has columns ``district`` and ``value`` (default ``persons``; extra columns such as ``severity`` are
    summed over); ``value_label`` names the count in the hover, ``noun`` in the note on rows outside the tiles.
    """
    voc = voc or vocabulary()
    counts = df.groupby("district")[value].sum() if not df.empty else pd.Series(dtype="int64")
    tiles = [(d.name, d.extra.get("tile")) for d in voc.districts if d.extra.get("tile")]
    if not tiles:
        return empty_figure("Tata letak kecamatan belum diatur di kosakata")
    values = {name: int(counts.get(name, 0)) for name, _ in tiles}
    vmax = max(values.values()) if values else 0
    unknown = int(counts.drop(labels=[n for n, _ in tiles], errors="ignore").sum()) if len(counts) else 0
    shapes, annotations = [], []
    xs, ys, hovers, custom = [], [], [], []
    for name, (row, col) in tiles:
        n = values[name]
        if n and vmax:
            t = 0.15 + 0.85 * n / vmax
            fill = sample_colorscale(COUNT_SCALE, [t])[0]
            dark = t > 0.5
        else:
            fill, dark = ZERO_TILE, False
        text_color = "#ffffff" if dark else "#1a1a1a"
        shapes.append({"type": "rect", "x0": col + 0.04, "x1": col + 0.96, "y0": row + 0.05, "y1": row + 0.95,
                       "xref": "x", "yref": "y", "fillcolor": fill,
                       "line": {"color": "rgba(255,255,255,0.9)", "width": 2}, "layer": "below"})
        annotations.append({"x": col + 0.5, "y": row + 0.36, "text": _wrap_name(name), "showarrow": False,
                            "font": {"size": 12, "color": text_color}})
        annotations.append({"x": col + 0.5, "y": row + 0.76, "text": f"<b>{format_number(n)}</b>", "showarrow": False,
                            "font": {"size": 18, "color": text_color}})
        xs.append(col + 0.5)
        ys.append(row + 0.5)
        hovers.append(f"Kecamatan: {plotly_literal(name)}<br>{value_label}: {format_number(n)}")
        custom.append([name, None])
    trace = {"type": "scatter", "x": xs, "y": ys, "mode": "markers",
             "marker": {"symbol": "square", "size": 60, "color": "rgba(0,0,0,0)"}, "hovertext": hovers,
             "hoverinfo": "text", "customdata": custom, "name": "Kecamatan", "showlegend": False}  # fmt: skip
    n_rows = max(r for _, (r, _) in tiles) + 1
    n_cols = max(c for _, (_, c) in tiles) + 1
    annotations.append({"text": "Utara ↑", "showarrow": False, "xref": "paper", "yref": "paper", "x": 1, "y": 1.0,
                        "xanchor": "right", "yanchor": "bottom", "font": {"size": 12, "color": "#888"}})
    if unknown:
        annotations.append({"text": f"Tanpa kecamatan / di luar 16 kecamatan: {format_number(unknown)} {noun}",
                            "showarrow": False, "xref": "paper", "yref": "paper", "x": 0, "y": 0, "xanchor": "left",
                            "yanchor": "top", "yshift": -4, "font": {"size": 12, "color": "#777"}})
    layout: Layout = {
        "shapes": shapes, "annotations": annotations,
        "xaxis": {"visible": False, "range": [-0.05, n_cols + 0.05], "fixedrange": True},
        "yaxis": {"visible": False, "range": [n_rows + 0.05, -0.05], "fixedrange": True},
        "meta": {"dims": ["district", None]}, "showlegend": False,
    }  # fmt: skip
    _style(layout, title, height=height)
    _merge(layout, {"margin": {"l": 5, "r": 5, "t": 50 if title else 24, "b": 24}, "dragmode": False})
    return _figure([trace], layout)


def follow_up_age_chart(df: pd.DataFrame, title: str | None = None, height: int = 320) -> go.Figure:
    """Persons waiting for a sanction per age bucket (from ``queries.follow_up_buckets``), older = darker."""
    if df.empty or int(df["persons"].sum()) == 0:
        return empty_figure("Tidak ada kasus yang menunggu tindak lanjut untuk filter ini")
    buckets = [str(b) for b in df["age_bucket"]]
    values = [int(v) for v in df["persons"]]
    colors = age_colors(buckets)
    total = sum(values)
    shown = _shown(buckets)
    trace = {
        "type": "bar", "x": shown, "y": values, "marker": {"color": colors},
        "text": [format_number(v) if v else "" for v in values], "textposition": "outside", "cliponaxis": False,
        "hovertext": [f"Lama menunggu: {b}<br>Jumlah terlapor: {format_number(v)} ({format_percent(v, total)})"
                      for b, v in zip(shown, values, strict=True)],
        "hoverinfo": "text", "customdata": [[b, None] for b in buckets], "meta": color_key("age_bucket", slot=0),
    }  # fmt: skip
    layout: Layout = {
        "xaxis": {"title": {"text": "Lama menunggu sejak diteruskan/rekomendasi"}, "categoryorder": "array",
                  "categoryarray": shown, "tickangle": 0, "tickvals": shown,
                  "ticktext": [_wrap(b, 7) for b in buckets]},
        "yaxis": {"title": {"text": "Jumlah terlapor"}, "range": [0, max(max(values), 1) * 1.2]},
        "showlegend": False, "meta": {"dims": [None, None]},
    }  # fmt: skip
    return _figure([trace], _style(layout, title, height=height))


def selection_from_points(points: Iterable[Mapping], dims: Sequence[str | None]) -> tuple:
    """A chart click as a :data:`netralitas.queries.ChartSelection`: per clicked point, the (dimension, value)
    pairs of its customdata for the named ``dims``. Points whose clickable value is missing (e.g. "Lainnya")
    are left out; duplicates are dropped."""
    out: list[tuple[tuple[str, str], ...]] = []
    for point in points or ():
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if custom is None:
            continue
        if not isinstance(custom, list | tuple):
            custom = [custom]
        pairs = []
        usable = True
        for dim, value in zip(dims, custom, strict=False):
            if not dim:
                continue
            if value is None or value == "":
                usable = False
                break
            pairs.append((dim, str(value)))
        if usable and pairs and tuple(pairs) not in out:
            out.append(tuple(pairs))
    return tuple(out)


def describe_selection(selection: tuple) -> str:
    """A chart click in words, e.g. "Siklus pemilihan: Pemilu 2024 · Jenis pegawai: PNS". The sanction state of an
    outcome ("Tidak berlaku": no sanction level) goes without saying and is left out of the words."""
    parts = []
    for point in selection:
        parts.append(" · ".join(f"{DIMENSION_LABELS.get(d, d)}: {v}" for d, v in point
                                if not (d == "sanction_state" and v == SANCTION_NONE)))
    if len(parts) > 3:
        return "; ".join(parts[:3]) + f"; dan {format_number(len(parts) - 3)} pilihan lain"
    return "; ".join(parts)


def table_behind(df: pd.DataFrame) -> pd.DataFrame:
    """The table behind a chart with Indonesian column names (helper columns dropped)."""
    keep = [c for c in df.columns if c != "is_other"]
    out = df[keep] if len(keep) != len(df.columns) else df.copy(deep=False)  # shown on every rerun: kept cheap
    if "month" in out.columns:
        out = out.assign(month=[format_month(v.date()) if pd.notna(v) else "–" for v in pd.to_datetime(out["month"])])
    out.columns = [COLUMN_LABELS.get(c, c) for c in out.columns]
    return out


def split_column(severity: str, state: str) -> str:
    """The column of a sanction split in the tables behind the charts: "Sedang — dijatuhkan"."""
    return f"{severity} — {state.lower()}"


def severity_table(df: pd.DataFrame, dim: str, sanctions: pd.DataFrame, order: Sequence[str] | None = None,
                   other: str | None = None) -> pd.DataFrame:
    """A ``dim`` × severity count table, the table behind :func:`severity_breakdown`: per sanction (light → heavy)
    two columns, imposed and only recommended (from ``sanctions``, ``queries.sanctions_by_severity(by=dim)``), then
    the outcomes, then the total. ``other``: the label of a row (e.g. "Lainnya (…)") that gathers the sanctions of
    every category not listed in ``df``."""
    voc = vocabulary()
    dim_label = DIMENSION_LABELS.get(dim, dim)
    split_columns = [split_column(s, state) for s in voc.sanction_names
                     for state in (SANCTION_IMPOSED, SANCTION_RECOMMENDED)]
    numeric = [*split_columns, *voc.outcome_names, "Jumlah"]
    if df.empty:
        return pd.DataFrame(columns=[dim_label, *numeric])
    pivot = df.assign(**{dim: df[dim].astype(str)}).pivot_table(
        index=dim, columns="severity", values="persons", aggfunc="sum", fill_value=0
    )
    pivot = pivot.reindex(columns=voc.severity_names, fill_value=0)
    cats = list(order) if order is not None else category_order(dim, list(pivot.index), voc)
    cats = [c for c in cats if c in pivot.index]
    pivot = pivot.reindex(cats)
    listed = set(cats)
    frame = sanctions.assign(**{dim: [c if c in listed or other is None else other
                                      for c in sanctions[dim].astype(str)]}) if not sanctions.empty else sanctions
    imposed, recommended = _sanction_cells(
        frame.groupby([dim, "severity"], as_index=False)[["imposed", "recommended_only"]].sum()
        if not frame.empty else frame, dim, cats, voc)
    out = pd.DataFrame({dim_label: cats})
    for sev in voc.sanction_names:
        out[split_column(sev, SANCTION_IMPOSED)] = imposed[sev]
        out[split_column(sev, SANCTION_RECOMMENDED)] = recommended[sev]
    for sev in voc.outcome_names:
        out[sev] = [int(v) for v in pivot[sev]]
    out["Jumlah"] = [int(v) for v in pivot.sum(axis=1)]
    return out.astype({c: "int64" for c in numeric})


def severity_split_table(df: pd.DataFrame, sanctions: pd.DataFrame) -> pd.DataFrame:
    """The table behind :func:`severity_distribution`: per sanction (light → heavy) and outcome, the persons whose
    sanction is imposed, only recommended, and all persons of that severity."""
    voc = vocabulary()
    counts = df.groupby("severity")["persons"].sum() if not df.empty else pd.Series(dtype="int64")
    split = sanction_split(sanctions, voc)
    unranked = ({str(s): int(n) for s, n in zip(sanctions["severity"], sanctions["imposed"], strict=True)
                 if s not in split} if sanctions is not None and not sanctions.empty else {})
    rows = [(n, *split[n], int(counts.get(n, 0))) for n in voc.sanction_names]
    rows += [(n, unranked.get(n, 0), 0, int(counts.get(n, 0))) for n in voc.outcome_names]
    return pd.DataFrame(rows, columns=["Tingkat sanksi / hasil", "Sanksi dijatuhkan", "Baru direkomendasikan",
                                       "Jumlah terlapor"])


def display_rows(df: pd.DataFrame) -> pd.DataFrame:
    """Person rows for an on-screen table: dates as ``16 Sep 2024``, Indonesian column names."""
    out = df.copy()
    for col in ("reported_on", "forwarded_on", "recommended_on", "sanctioned_on", "waiting_since"):
        if col in out.columns:
            out[col] = [format_date(v.date()) if pd.notna(v) else "–" for v in pd.to_datetime(out[col])]
    if "days_waiting" in out.columns:
        out["days_waiting"] = [f"{format_number(int(v))} hari" if pd.notna(v) else "–" for v in out["days_waiting"]]
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].astype(object).where(out[col].notna(), "–")
    return table_behind(out)


def chart_dims(fig: go.Figure) -> list[str | None]:
    """The dimensions of a clickable chart's customdata (empty for charts that cannot be clicked)."""
    meta = fig.layout.meta
    if not isinstance(meta, Mapping) or meta.get("empty"):
        return []
    dims = list(meta.get("dims") or [])
    return dims if any(dims) else []


# ---- Projector view: the same figure with larger type, one screen tall ------------------------------

PROJECTOR_HEIGHT = 640
PROJECTOR_FONT_SCALE = 1.45


def for_projector(fig: go.Figure, height: int = PROJECTOR_HEIGHT, scale: float = PROJECTOR_FONT_SCALE) -> go.Figure:
    """A copy of ``fig`` for a projector: every font ``scale`` times larger and at least ``height`` pixels tall
    (margins that hold a title grow with the type). Empty-state figures are only enlarged in type.

    Works on the figure's plain dict and makes the copy in one go (it runs on every rerun of the projector view)."""
    spec = fig.to_plotly_json()  # a deep copy
    layout: Layout = spec.get("layout") or {}
    if layout.get("template") == _default_template():
        del layout["template"]  # the new figure gets the default one without validating it all over again
    data: list[dict] = spec.get("data") or []
    font = layout.setdefault("font", {})
    base = round((font.get("size") or 12) * scale)

    def bump(owner: dict, key: str, default: int | None = None) -> None:
        # sizes left unset are set too: Streamlit's chart theme would otherwise put its own small ones there
        current = owner.get(key) or {}
        if current.get("size"):
            owner[key] = {**current, "size": round(current["size"] * scale)}
        elif default:
            owner[key] = {**current, "size": default}

    font["size"] = base
    if isinstance(layout.get("title"), dict):
        bump(layout["title"], "font")
    legend = layout.setdefault("legend", {})
    bump(legend, "font", base)
    bump(legend.setdefault("title", {}), "font", base)
    bump(layout.setdefault("hoverlabel", {}), "font", base)
    for letter in ("x", "y"):
        for axis in _axes(layout, letter):
            bump(axis, "tickfont", base)
            bump(axis.setdefault("title", {}), "font", base)
    for annotation in layout.get("annotations") or ():
        bump(annotation, "font")
    for trace in data:
        for attr in ("textfont", "insidetextfont", "outsidetextfont"):
            bump(trace, attr)
    margin = layout.get("margin") or {}
    if margin.get("t"):
        margin["t"] = round(margin["t"] * scale)
    meta = layout.get("meta")
    if not (isinstance(meta, Mapping) and meta.get("empty")):
        layout["height"] = max(int(layout.get("height") or 0), height)
    return _figure(data, layout)
