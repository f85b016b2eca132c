"""The one clock of the product: every date and time that is shown, exported or printed is in WIB.

WIB (Waktu Indonesia Barat, Asia/Jakarta) is UTC+7 and has had no daylight saving time since 1964, so a fixed
offset is exact for every date the registers hold and needs no time-zone database (none is installed on a plain
Windows laptop). The server's own time zone never matters: "today" is the WIB calendar day, whether the machine
runs in UTC, in California or in Jakarta.

Stored timestamps (load batches, the audit trail) are UTC without a zone; :func:`to_wib` turns them into WIB for
display. Tests freeze the instant with :func:`frozen` (no sleeping, no waiting for midnight).
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING

from netralitas.formatting import format_date_long

if TYPE_CHECKING:
    import pandas as pd

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")

_instant: Callable[[], dt.datetime] | None = None


def utc_now() -> dt.datetime:
    """The current instant, aware, in UTC (the frozen instant while :func:`frozen` is active)."""
    moment = _instant() if _instant is not None else dt.datetime.now(dt.UTC)
    return moment.astimezone(dt.UTC)


def now() -> dt.datetime:
    """The current time in WIB, aware."""
    return utc_now().astimezone(WIB)


def today() -> dt.date:
    """Today's date in WIB (what "hari ini" means on every page, brief and export)."""
    return now().date()


def storage_now() -> dt.datetime:
    """The current instant as stored in the database and the audit trail: UTC, naive, whole seconds."""
    return utc_now().replace(tzinfo=None, microsecond=0)


def to_wib(value: dt.datetime) -> dt.datetime:
    """A timestamp in WIB, aware. A naive value is a stored one and so taken as UTC."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone(WIB)


def wall_clock(value: dt.datetime | None) -> dt.datetime | None:
    """A timestamp as WIB wall-clock time without a zone (what a table cell shows); None stays None."""
    if value is None:
        return None
    return to_wib(value).replace(tzinfo=None)


def series_to_wib(values: pd.Series) -> pd.Series:
    """Stored UTC timestamps (naive, or text) as naive WIB wall-clock times, for tables and downloads."""
    import pandas as pd

    utc = pd.to_datetime(values, utc=True)
    return utc.dt.tz_convert(WIB).dt.tz_localize(None)


def local_midnight(day: dt.date) -> dt.datetime:
    """The start of a WIB calendar day, aware (to select stored UTC timestamps by WIB day)."""
    return dt.datetime.combine(day, dt.time(), tzinfo=WIB)


def format_timestamp(value: dt.datetime) -> str:
    """A time as Indonesian documents write it, in WIB: "22 November 2025 pukul 18.30 WIB"."""
    local = to_wib(value)
    return f"{format_date_long(local)} pukul {local:%H.%M} WIB"


def file_stamp(value: dt.datetime | None = None) -> str:
    """A WIB time for file names, sortable: ``20261207-013000-000000``."""
    return to_wib(value or utc_now()).strftime("%Y%m%d-%H%M%S-%f")


@contextlib.contextmanager
def frozen(instant: dt.datetime) -> Iterator[dt.datetime]:
    """Within the block every reading of the clock gives ``instant`` (aware; naive is taken as UTC)."""
    global _instant
    fixed = instant if instant.tzinfo is not None else instant.replace(tzinfo=dt.UTC)
    previous = _instant
    _instant = lambda: fixed  # noqa: E731 - a constant clock
    try:
        yield fixed
    finally:
        _instant = previous
