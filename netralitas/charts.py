"""Chart builders: plain functions from a query DataFrame to a Plotly figure (no Streamlit here).

One fixed colour per cycle and per actor type on every page, a light → dark scale for the five sanctions
and neutral colours for the four outcomes (from the vocabulary), Indonesian labels and hover texts.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from netralitas.formatting import format_number
from netralitas.queries import DIMENSION_LABELS
from netralitas.vocab import Vocabulary, vocabulary

FONT_FAMILY = "Source Sans Pro, Segoe UI, Arial, sans-serif"
MAX_MARKS = 10_000


def _layout(fig: go.Figure, title: str | None = None, height: int = 380, legend_title: str | None = None) -> go.Figure:
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left", "font": {"size": 18}} if title else None,
        height=height,
        margin={"l": 10, "r": 10, "t": 50 if title else 20, "b": 10},
        font={"family": FONT_FAMILY, "size": 14},
        legend={"title": {"text": legend_title or ""}, "orientation": "h", "yanchor": "bottom", "y": 1.02,
                "x": 0, "xanchor": "left"},
        separators=",.",
        hoverlabel={"font_size": 14},
        bargap=0.25,
    )
    fig.update_xaxes(showgrid=False)
    fig.update_yaxes(gridcolor="rgba(128,128,128,0.2)", zeroline=False)
    return fig


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
    }.get(dim)
    if not canonical:
        return list(dict.fromkeys(values))
    present = set(values)
    return [v for v in canonical if v in present] + [v for v in dict.fromkeys(values) if v not in canonical]


def empty_figure(message: str = "Tidak ada data untuk filter ini") -> go.Figure:
    """A blank figure carrying a friendly message (used where a chart has nothing to draw)."""
    fig = go.Figure()
    fig.add_annotation(text=message, showarrow=False, font={"size": 16}, x=0.5, y=0.5, xref="paper", yref="paper")
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=220)


def bar_by(
    df: pd.DataFrame,
    dim: str,
    color_dim: str | None = None,
    title: str | None = None,
    horizontal: bool = False,
    value: str = "persons",
    height: int = 380,
) -> go.Figure:
    """Bars of ``value`` per ``dim``, stacked by ``color_dim`` when given; hover in Indonesian."""
    if df.empty:
        return empty_figure()
    voc = vocabulary()
    x_order = category_order(dim, [str(v) for v in df[dim].tolist()], voc)
    if horizontal and dim not in ("cycle", "actor_type", "severity"):
        totals = df.groupby(dim)[value].sum().sort_values()
        x_order = [str(v) for v in totals.index]
    fig = go.Figure()
    value_label = DIMENSION_LABELS.get(value, value)
    dim_label = DIMENSION_LABELS.get(dim, dim)
    if color_dim:
        colors = color_map(color_dim, voc)
        for group in category_order(color_dim, [str(v) for v in df[color_dim].tolist()], voc):
            part = df[df[color_dim].astype(str) == group]
            counts = part.groupby(dim)[value].sum()
            ys = [int(counts.get(x, 0)) for x in x_order]
            fig.add_trace(_bar(x_order, ys, group, colors.get(group), horizontal, dim_label, value_label,
                               DIMENSION_LABELS.get(color_dim, color_dim)))
        fig.update_layout(barmode="stack")
    else:
        counts = df.groupby(dim)[value].sum()
        ys = [int(counts.get(x, 0)) for x in x_order]
        colors = color_map(dim, voc)
        marker = [colors.get(x, "#4c78a8") for x in x_order] if colors else "#4c78a8"
        fig.add_trace(_bar(x_order, ys, value_label, marker, horizontal, dim_label, value_label, None))
        fig.update_layout(showlegend=False)
    if horizontal:
        fig.update_xaxes(title=value_label)
        fig.update_yaxes(title=None, categoryorder="array", categoryarray=x_order, automargin=True)
    else:
        fig.update_yaxes(title=value_label)
        fig.update_xaxes(title=None, categoryorder="array", categoryarray=x_order)
    return _layout(fig, title, height=height, legend_title=DIMENSION_LABELS.get(color_dim or "", ""))


def _bar(xs, ys, name, color, horizontal, dim_label, value_label, group_label) -> go.Bar:
    text = [format_number(y) if y else "" for y in ys]
    hover_group = f"{group_label}: {name}<br>" if group_label else ""
    hover = [f"{dim_label}: {x}<br>{hover_group}{value_label}: {format_number(y)}" for x, y in zip(xs, ys, strict=True)]
    kwargs = {"x": ys, "y": xs, "orientation": "h"} if horizontal else {"x": xs, "y": ys}
    return go.Bar(
        **kwargs, name=name, marker_color=color, text=text, textposition="inside" if group_label else "auto",
        hovertext=hover, hoverinfo="text", customdata=xs,
    )


def severity_distribution(df: pd.DataFrame, title: str | None = None, height: int = 380) -> go.Figure:
    """Persons per severity: the five sanctions light → heavy, then the four outcomes set apart."""
    if df.empty:
        return empty_figure()
    voc = vocabulary()
    counts = df.groupby("severity")["persons"].sum()
    fig = go.Figure()
    colors = voc.severity_colors()
    for group_name, names in (("Sanksi (ringan → berat)", voc.sanction_names), ("Hasil lain", voc.outcome_names)):
        ys = [int(counts.get(n, 0)) for n in names]
        fig.add_trace(
            go.Bar(
                x=names, y=ys, name=group_name, marker_color=[colors[n] for n in names],
                marker_line={"color": "rgba(80,80,80,0.6)", "width": 1},
                text=[format_number(y) if y else "" for y in ys], textposition="auto",
                hovertext=[f"{n}: {format_number(y)} terlapor" for n, y in zip(names, ys, strict=True)],
                hoverinfo="text", customdata=names,
            )
        )
    fig.update_yaxes(title="Jumlah terlapor")
    fig.update_xaxes(title=None, categoryorder="array", categoryarray=voc.severity_names, tickangle=-30)
    fig.add_vline(x=len(voc.sanction_names) - 0.5, line_dash="dot", line_color="rgba(128,128,128,0.7)")
    fig.update_layout(showlegend=False)
    return _layout(fig, title, height=height)
