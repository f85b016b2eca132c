"""What an export file is called and sent as: a name that says what is inside, the time of export in WIB, and the
media types of the two formats."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from netralitas import clock
from netralitas.queries import Filters
from netralitas.vocab import vocabulary

FILE_PREFIX = "netralitas-asn"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MIME = "text/csv"


def export_time(now: dt.datetime | None = None) -> dt.datetime:
    """The time of export in WIB (the clock's now by default); ``now`` may be naive (taken as UTC) or aware."""
    return clock.to_wib(now or clock.utc_now())


def format_export_time(when: dt.datetime) -> str:
    """``22 November 2026 pukul 18.30 WIB``."""
    return clock.format_timestamp(when)


def slugify(text: str, max_length: int = 60) -> str:
    """Lower-case ASCII words joined by ``-`` (for file names): ``Pemilu 2024`` → ``pemilu-2024``."""
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:max_length].strip("-")


def filter_slug(filters: Filters, max_length: int = 120, hidden: tuple[str, ...] = ()) -> str:
    """The active filters as a file-name part (``pemilu-2024_pppk``), ``semua`` when nothing is filtered.

    ``hidden``: the datasets an empty data filter leaves out in this database
    (:func:`netralitas.queries.default_hidden_datasets`); then the file holds the own data alone and says so.
    """
    parts: list[str] = []
    for values in (filters.cycles, filters.actor_types, filters.severities, filters.districts):
        if values:
            parts.append("-".join(slugify(v) for v in values))
    if filters.date_from:
        parts.append(f"dari-{filters.date_from.isoformat()}")
    if filters.date_to:
        parts.append(f"sampai-{filters.date_to.isoformat()}")
    if filters.search.strip():
        parts.append("cari-" + (slugify(filters.search, 30) or "teks"))
    if filters.datasets:
        parts.append("-".join(slugify(d) for d in filters.datasets))
    elif hidden:
        parts.append(slugify(vocabulary().dataset_keys.own))
    slug = "_".join(p for p in parts if p) or "semua"
    return slug[:max_length].strip("-_")


def export_filename(
    filters: Filters, extension: str, exported_at: dt.datetime | None = None, table_title: str | None = None,
    hidden: tuple[str, ...] = (),
) -> str:
    """A file name that says what is inside: ``netralitas-asn_pemilu-2024_pppk_2026-11-22.xlsx``.

    The date is the date of export in WIB; ``table_title`` (a chart's table) adds ``tabel-<title>``; ``hidden`` as
    in :func:`filter_slug`.
    """
    parts = [FILE_PREFIX, filter_slug(filters, hidden=hidden)]
    if table_title:
        parts.append("tabel-" + (slugify(table_title, 40) or "grafik"))
    parts.append(export_time(exported_at).date().isoformat())
    return "_".join(parts) + "." + extension.lstrip(".")
