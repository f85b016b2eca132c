"""An Indonesian date field for the sidebar: the date written out in full ("17 Agustus 2024"), a calendar with
Indonesian month and day names (Monday first), typing a date ("17/08/2024", "17 Agustus 2024"), clearing it.

Streamlit's ``st.date_input`` has no language option (its calendar speaks English) and is too narrow in the sidebar
to show a date, so this is a small component of Streamlit's public ``st.components.v2`` API, built from the files
``assets/date_field.{html,css,js}`` of this app: nothing is loaded from the internet. The field shows the date it is
given and reports what the user does through a callback; the caller keeps the value (here: the URL).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from pathlib import Path

import streamlit as st

from netralitas.formatting import MONTHS_LONG, WEEKDAYS_SHORT, format_date_long
from netralitas.normalize import parse_date

ASSETS = Path(__file__).resolve().parents[2] / "assets"  # assets/ beside app.py
PICKED = "pilih"  # a day picked in the calendar: its ISO date, "" when the field was cleared
TYPED = "ketik"  # a text typed into the field


@functools.cache
def _component() -> Callable[..., object]:
    """The registered component (registered once per process, when first drawn)."""
    return st.components.v2.component(
        "netralitas_tanggal",
        html=(ASSETS / "date_field.html").read_text(encoding="utf-8"),
        css=(ASSETS / "date_field.css").read_text(encoding="utf-8"),
        js=(ASSETS / "date_field.js").read_text(encoding="utf-8"),
    )


def reported_date(key: str) -> tuple[bool, dt.date | None]:
    """What the user did in the field ``key``, read inside its callback: ``(True, date)`` for a date picked or typed,
    ``(True, None)`` for a cleared field, ``(False, None)`` for a typed text that is no date."""
    state = st.session_state.get(key) or {}
    picked = state.get(PICKED)
    if picked is not None:
        if not picked:
            return True, None
        try:
            return True, dt.date.fromisoformat(str(picked))
        except ValueError:
            return False, None
    typed = str(state.get(TYPED) or "").strip()
    if not typed:
        return True, None
    day = parse_date(typed).value
    return (True, day) if isinstance(day, dt.date) else (False, None)


def date_field(
    label: str,
    value: dt.date | None,
    key: str,
    on_change: Callable[[], None],
    years: Sequence[int],
    start: dt.date | None = None,
) -> None:
    """Draw the field in the current container. ``value``: the date shown (None: empty); ``on_change``: called
    (before the rerun) when the user picks, types or clears a date — read it there with :func:`reported_date`;
    ``years``: the years the calendar offers; ``start``: the month the calendar opens at when empty."""
    years = sorted(set(years) | ({value.year} if value else set()))
    _component()(
        key=key,
        data={
            "key": key,
            "label": label,
            "value": value.isoformat() if value else None,
            "text": format_date_long(value) if value else "",
            "start": start.isoformat() if start else None,
            "placeholder": "Pilih atau ketik tanggal",
            "months": MONTHS_LONG,
            "weekdays": WEEKDAYS_SHORT,
            "years": years,
            "open_label": "Buka kalender",
            "clear_label": "Hapus tanggal",
            "previous_label": "Bulan sebelumnya",
            "next_label": "Bulan berikutnya",
            "month_label": "Bulan",
            "year_label": "Tahun",
        },
        **{f"on_{PICKED}_change": on_change, f"on_{TYPED}_change": on_change},
    )
