"""Reading case registers from disk into raw cell grids (no interpretation yet).

Supported: ``.xlsx``/``.xlsm`` (fastexcel reads cell values as text, one sheet per thread — it releases the
GIL, so sheets are parsed side by side; the sheet XML gives merged ranges, formulas, hidden columns and number
cells whose text would hide that they were numbers), ``.xls`` (python-calamine) and ``.csv`` (delimiter and
encoding sniffed, BOM stripped). A sheet whose layout the fast path cannot place exactly (no ``<dimension>``
that agrees with the cells) is read with python-calamine instead. The container is checked before parsing;
every failure is a :class:`FileReadError` with a one-line Indonesian reason.
"""

from __future__ import annotations

import contextlib
import csv
import io
import logging
import os
import re
import struct
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextvars import ContextVar
from dataclasses import dataclass, field
from itertools import zip_longest
from pathlib import Path, PurePosixPath
from typing import IO
from xml.etree import ElementTree as ET

import pyarrow as pa
import pyarrow.compute as pc_arrow
import python_calamine as pc

from netralitas import excel_limits
from netralitas.formatting import format_number

try:  # the fast path for .xlsx; without it every workbook is read with python-calamine
    import fastexcel
except ImportError:  # pragma: no cover - fastexcel is in requirements.txt
    fastexcel = None

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")

# Limits against hostile files (a small xlsx can expand to gigabytes). Each part of a package is checked on its
# own — its declared size and compression ratio first, then what it really expands to while it is read — so
# that a padding part cannot make one part's expansion look ordinary.
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024  # all parts together
MAX_COMPRESSION_RATIO = 200  # the archive as a whole
MAX_PART_BYTES = 1024 * 1024 * 1024  # one part, expanded (a sheet of a million rows is a few hundred MB)
MAX_PART_RATIO = 100  # one part: real sheets compress 5–15 times, a sheet of near-identical rows about 12
RATIO_CHECKED_ABOVE = 1024 * 1024  # a part smaller than this expanded may compress as well as it likes
MAX_CELL_CHARACTERS = excel_limits.MAX_CELL_CHARACTERS
# No text node or tag of an XML part may be this long: a character takes at most ten bytes in XML
# ("&#x10FFFF;"), so a node this long holds more characters than any cell Excel writes.
MAX_NODE_BYTES = 10 * (MAX_CELL_CHARACTERS + 1)
MAX_SHEETS = 200
MAX_ROWS_PER_SHEET = excel_limits.MAX_ROWS
MAX_COLUMNS = 500

log = logging.getLogger(__name__)

_cell_limit: ContextVar[int | None] = ContextVar("netralitas_cell_limit", default=None)


@contextlib.contextmanager
def cell_limit(max_cells: int) -> Iterator[None]:
    """Inside the block, a register file opened for reading is refused as soon as its sheets hold more than
    ``max_cells`` cells, counted before a sheet is parsed: a bound on what one file may cost (the upload
    page's; the command line has none, a register of a million rows is read there)."""
    token = _cell_limit.set(max_cells)
    try:
        yield
    finally:
        _cell_limit.reset(token)


class _CellBudget:
    """The cells a file may still hold (shared by the threads that read its sheets)."""

    def __init__(self, limit: int | None) -> None:
        self.limit = limit
        self.used = 0
        self._lock = threading.Lock()

    def spend(self, cells: int) -> None:
        """Count ``cells`` more; raises :class:`FileReadError` once the file holds more than its limit."""
        if self.limit is None:
            return
        with self._lock:
            self.used += cells
            over = self.used > self.limit
        if over:
            raise FileReadError(
                f"File berisi lebih dari {format_number(self.limit)} sel (batas unggahan); muat file sebesar ini "
                "dari baris perintah (python -m loaders)"
            )

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class FileReadError(Exception):
    """A file that cannot be read at all. ``str(error)`` is a one-line Indonesian reason."""


Column = pa.Array | list  # one column of a sheet: Arrow text, or Python values (numbers, dates, text)


class ColumnRows:
    """The rows of a sheet that was read column-wise, built one at a time when asked for.

    Behaves like the list of rows the layout code reads (length, indexing, slicing, iteration, ``pop`` of
    trailing rows); a row once built is kept, so changes to it (merged cells filled in) stay.
    """

    def __init__(self, columns: list[Column], height: int) -> None:
        self._columns = columns
        self._height = height
        self._built: dict[int, list[object]] = {}

    def __len__(self) -> int:
        return self._height

    def _row(self, i: int) -> list[object]:
        row = self._built.get(i)
        if row is None:
            row = [col[i].as_py() if isinstance(col, pa.Array) else col[i] for col in self._columns]
            self._built[i] = row
        return row

    def __getitem__(self, key: int | slice) -> list[object] | list[list[object]]:
        if isinstance(key, slice):
            return [self._row(i) for i in range(*key.indices(self._height))]
        if key < 0:
            key += self._height
        if not 0 <= key < self._height:
            raise IndexError(key)
        return self._row(key)

    def __iter__(self) -> Iterator[list[object]]:
        return (self._row(i) for i in range(self._height))

    def pop(self) -> list[object]:
        """Drop the last row (a trailing empty row)."""
        row = self[-1]
        self._height -= 1
        self._built.pop(self._height, None)
        return row

    def built(self, i: int) -> list[object] | None:
        """Row ``i`` if it has been built (and so may have been changed), else None."""
        return self._built.get(i)


@dataclass
class RawSheet:
    """The cells of one sheet. ``rows[i][j]`` is Excel row ``i + 1``, column ``j + 1`` (or CSV line).

    A sheet read column-wise keeps ``columns`` (each an Arrow text array or a list of Python values) and
    ``rows`` is a :class:`ColumnRows` view over them.
    """

    name: str | None
    rows: list[list[object]] | ColumnRows
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based, inclusive)
    hidden_columns: set[int] = field(default_factory=set)
    row_numbers: list[int] | None = None  # CSV: the text line each record starts on (1-based)
    columns: list[Column] | None = None

    def excel_row(self, index: int) -> int:
        """The 1-based row number a person sees for ``rows[index]``."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return index + 1

    def region_columns(self, start: int, changed: set[tuple[int, int]]) -> list[Column]:
        """The columns from row ``start`` to the last row, with the ``changed`` cells as the rows now hold
        them (merged ranges filled in)."""
        n = len(self.rows) - start
        if n <= 0:
            return []
        if self.columns is None or not isinstance(self.rows, ColumnRows):
            region = self.rows[start:]
            return [list(col) for col in zip_longest(*region, fillvalue=None)]
        out: list[Column] = []
        touched: dict[int, list[int]] = {}
        for r, c in changed:
            if r >= start and r < start + n:
                touched.setdefault(c, []).append(r)
        for c, col in enumerate(self.columns):
            part = col.slice(start, n) if isinstance(col, pa.Array) else col[start : start + n]
            if c in touched:
                part = part.to_pylist() if isinstance(part, pa.Array) else list(part)
                for r in touched[c]:
                    part[r - start] = self.rows[r][c]
            out.append(part)
        return out


@dataclass
class RawWorkbook:
    """All sheets of a file plus workbook-level text (title, subject) used for dataset markers."""

    path: Path
    sheets: list[RawSheet]
    properties_text: str = ""


def _human_size(n: int) -> str:
    return f"{format_number(n / (1024 * 1024), 1)} MB"


_UNSAFE_IN_LABEL = re.compile(r"[^A-Za-z0-9_./\[\] -]")


def _part_label(name: str) -> str:
    """A part's name as a message quotes it: it comes from the file, so only the characters of ordinary part
    names are kept (others become "?") and it is cut short."""
    label = _UNSAFE_IN_LABEL.sub("?", name)
    return label if len(label) <= 60 else label[:57] + "…"


def cell_too_long_message(where: str, length: int | None = None) -> str:
    """The reason given for a file with a cell longer than Excel allows (``where`` names the cell)."""
    told = f" ({format_number(length)} karakter)" if length else ""
    return (
        f"{where} berisi teks lebih dari {format_number(MAX_CELL_CHARACTERS)} karakter{told}, lebih panjang dari "
        "yang dapat ditampung satu sel Excel; file ditolak"
    )


def _expands_too_far(name: str, expanded: int, packed: int) -> FileReadError:
    return FileReadError(
        f"Bagian '{_part_label(name)}' mengembang {format_number(expanded // max(packed, 1))}× saat dibuka "
        f"({_human_size(expanded)} dari {_human_size(packed)}; batasnya {MAX_PART_RATIO}×); ditolak"
    )


def check_zip_container(path: Path) -> zipfile.ZipFile:
    """Open an OOXML zip after checking its parts as they are declared: how many, how large each one and all
    together expand, how far each one and the whole archive compress. (What each part really expands to is
    checked while it is read: :func:`verified_part`.)"""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise FileReadError("File rusak atau terpotong: isi ZIP tidak dapat dibaca") from exc
    try:
        _check_declared_parts(path, zf)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_declared_parts(path: Path, zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        raise FileReadError(f"File berisi terlalu banyak bagian ({len(infos)}); bukan workbook yang wajar")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos)
    if packed > path.stat().st_size:  # parts sharing compressed bytes: a known way to multiply an archive
        raise FileReadError("File rusak atau dimanipulasi: bagian-bagian ZIP saling tumpang tindih; ditolak")
    if total > MAX_UNCOMPRESSED_BYTES or total / max(packed, 1) > MAX_COMPRESSION_RATIO:
        raise FileReadError(
            f"File mengembang terlalu besar saat dibuka ({_human_size(total)} dari {_human_size(packed)}); ditolak"
        )
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise FileReadError(
                f"Bagian '{_part_label(info.filename)}' berukuran {_human_size(info.file_size)} setelah dibuka; "
                f"batasnya {_human_size(MAX_PART_BYTES)}; ditolak"
            )
        if info.file_size > RATIO_CHECKED_ABOVE and info.file_size > MAX_PART_RATIO * info.compress_size:
            raise _expands_too_far(info.filename, info.file_size, info.compress_size)
        if info.flag_bits & 0x1:
            raise FileReadError("Workbook dilindungi kata sandi (terenkripsi); buka kuncinya lalu simpan ulang")
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileReadError(
                f"Bagian '{_part_label(info.filename)}' dikompresi dengan cara yang tidak dipakai Excel; ditolak"
            )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "word/document.xml" in names:
            raise FileReadError("File ini dokumen Word (.docx) yang diberi nama Excel, bukan workbook")
        if "ppt/presentation.xml" in names:
            raise FileReadError("File ini presentasi PowerPoint, bukan workbook Excel")
        raise FileReadError("File ZIP ini bukan workbook Excel (tidak ada xl/workbook.xml)")
    if any(n.startswith("xl/externalLinks/") for n in names):
        raise FileReadError("Workbook berisi tautan ke file luar (external links); simpan ulang tanpa tautan")


class ScanWork:
    """How many bytes a scan examined (searched or copied): the measure of its work, which must grow in
    proportion to the bytes it is given."""

    def __init__(self) -> None:
        self.bytes = 0


_DTD_MARKERS = (b"<!DOCTYPE", b"<!ENTITY")
_MARKER_OVERLAP = len(b"</sheetData>") - 1  # the longest marker looked for across two pieces


class _EveryWindowHas:
    """Sees a stream as consecutive windows of ``width`` bytes and checks that each holds one of ``markers``.

    A stretch of ``2 * width`` bytes without a marker fills a whole window, so it is caught; a window
    without one means a stretch of at least ``width`` bytes. Each window is searched only until its first
    marker, so the work is a few searches per window, and never more than the bytes fed.
    """

    def __init__(self, markers: tuple[bytes, ...], width: int) -> None:
        self.markers = markers
        self.width = width
        self.overlap = max(len(m) for m in markers) - 1  # a marker may straddle two pieces
        self.offset = 0  # bytes fed so far
        self.window_end = width
        self.seen = False  # a marker in the current window so far
        self.tail = b""
        self.examined = 0

    def feed(self, chunk: bytes) -> bool:
        """Take the next bytes; False as soon as a window has ended without a marker."""
        probe = self.tail + chunk
        shift = len(self.tail)
        start, end = self.offset, self.offset + len(chunk)
        pos = start
        while pos < end:
            stop = min(end, self.window_end)
            if not self.seen:
                lo, hi = pos - start, stop - start + shift  # in ``probe``: from a few bytes before the window
                self.examined += hi - lo
                self.seen = any(probe.find(m, lo, hi) != -1 for m in self.markers)
            if stop == self.window_end:
                if not self.seen:
                    return False
                self.window_end += self.width
                self.seen = False
            pos = stop
        self.offset = end
        self.tail = probe[len(probe) - self.overlap :] if self.overlap else b""
        return True


# The XML of one cell (a ``<c>`` element of a sheet, an ``<si>`` item of the shared strings) is never this long:
# 32,767 characters at ten bytes each and the formatting of rich-text runs stay well below it.
MAX_ITEM_BYTES = 4 * 1024 * 1024


@dataclass(frozen=True)
class _Items:
    """Where a part keeps cell texts, and what starts or ends one of its cells (markers that never occur
    inside a cell: rich-text runs are made of other tags, and text holds no ``<``)."""

    bounds: tuple[bytes, ...]
    region: tuple[bytes, bytes] | None = None  # the cells lie between these two (None: the whole part)


SHEET_ITEMS = _Items((b"</c>", b"<c ", b"</row>", b"<row "), (b"<sheetData", b"</sheetData>"))
SHARED_STRING_ITEMS = _Items((b"</si>", b"<si>"))


class _NodeGuard:
    """Watches an XML part as it streams by: no DTD (entity declarations are how an "XML bomb" multiplies
    text; Excel never writes one), no NUL byte (XML forbids it), no text node or tag longer than
    :data:`MAX_NODE_BYTES` (every window of half that width holds a ``<``), and, for a part that holds cell
    texts (``items`` given), no cell whose XML is longer than :data:`MAX_ITEM_BYTES` — a cell may be made of
    many rich-text runs, each of them short.
    """

    def __init__(self, name: str, items: _Items | None = None) -> None:
        self.name = name
        self.nodes = _EveryWindowHas((b"<",), MAX_NODE_BYTES // 2)
        self.items = items
        self.cells = _EveryWindowHas(items.bounds, MAX_ITEM_BYTES // 2) if items else None
        self.in_region = items is not None and items.region is None
        self.region_done = False
        self.tail = b""

    @property
    def examined(self) -> int:
        """Bytes searched for node boundaries so far."""
        return self.nodes.examined

    def feed(self, chunk: bytes) -> None:
        """Check the next bytes of the part; raises :class:`FileReadError`."""
        joined = self.tail + chunk
        if any(marker in joined for marker in _DTD_MARKERS):
            raise FileReadError(
                f"Bagian '{_part_label(self.name)}' berisi deklarasi DTD/entitas XML, yang tidak pernah ditulis "
                "Excel (cara membuat 'bom XML'); ditolak"
            )
        if b"\x00" in chunk:
            raise FileReadError(
                f"Bagian '{_part_label(self.name)}' berisi byte NUL, yang tidak sah dalam XML; file rusak atau "
                "dimanipulasi; ditolak"
            )
        self.tail = joined[-_MARKER_OVERLAP:]
        if not self.nodes.feed(chunk) or not self._feed_cells(joined, len(joined) - len(chunk)):
            raise FileReadError(cell_too_long_message(f"Bagian '{_part_label(self.name)}'"))

    def _feed_cells(self, joined: bytes, chunk_at: int) -> bool:
        """Feed the bytes of ``joined`` from ``chunk_at`` that lie where the cells are; False when a cell is
        too long. (``joined`` starts with the end of the previous piece, for markers cut in two.)"""
        if self.cells is None or self.region_done:
            return True
        start = 0
        if not self.in_region:
            at = joined.find(self.items.region[0])
            if at == -1:
                return True
            self.in_region, start = True, at
        end = len(joined)
        if self.items.region is not None:
            at = joined.find(self.items.region[1], start)  # from the start of ``joined``: it may be cut in two
            if at != -1:
                end, self.region_done = at, True
        return self.cells.feed(joined[max(start, chunk_at) : end]) if end > max(start, chunk_at) else True


_LOCAL_HEADER = struct.Struct("<4sHHHHHIIIHH")  # signature … name length, extra length (30 bytes)
_READ_BYTES = 256 * 1024  # compressed bytes read at a time


def verified_part(
    path: Path, info: zipfile.ZipInfo, chunk: int | None = None, items: _Items | None = None
) -> Iterator[bytes]:
    """The bytes of one part of the package at ``path``, inflated here piece by piece (about ``chunk`` bytes
    each) and checked on the way: the local header agrees with the directory, the part never expands past
    the size it declares nor past :data:`MAX_PART_RATIO`, it ends where it says, its CRC matches, and, for
    XML, :class:`_NodeGuard` finds nothing hostile. Raises :class:`FileReadError` at the first fault, before
    the rest is inflated — the readers that parse the part afterwards trust its header."""
    name = info.filename
    guard = _NodeGuard(name, items) if name.endswith((".xml", ".rels", ".vml")) else None
    want = chunk or _FACTS_CHUNK
    with path.open("rb") as fh:
        method = _enter_part(fh, info)
        produced = 0
        running_crc = 0
        pending = b""
        for out in _inflated(fh, info, method, want, path):
            produced += len(out)
            if produced > info.file_size:
                raise _lying(name)
            running_crc = zlib.crc32(out, running_crc)
            if guard is not None and out:
                guard.feed(out)
            pending += out
            if len(pending) >= want:
                yield pending
                pending = b""
        if produced != info.file_size:
            raise _lying(name)
        if running_crc != info.CRC:
            raise _damaged(name, "isinya tidak cocok dengan checksum-nya (CRC)")
        if pending:
            yield pending


def _enter_part(fh: IO[bytes], info: zipfile.ZipInfo) -> int:
    """Read a part's local header and leave ``fh`` at its data; returns its compression method. Raises
    :class:`FileReadError` when the header is cut short or disagrees with the ZIP directory (name, method,
    checksum, sizes)."""
    name = info.filename
    fh.seek(info.header_offset)
    raw = fh.read(_LOCAL_HEADER.size)
    if len(raw) < _LOCAL_HEADER.size:
        raise _damaged(name, "kepala bagian terpotong")
    sig, _ver, flags, method, _t, _d, crc, csize, usize, name_len, extra_len = _LOCAL_HEADER.unpack(raw)
    local_name = fh.read(name_len)
    if sig != b"PK\x03\x04" or local_name.decode("utf-8" if flags & 0x800 else "cp437", "replace") != (
        info.orig_filename
    ):
        raise _damaged(name, "kepala bagian tidak cocok dengan daftar isi ZIP")
    if method != info.compress_type or (
        not flags & 0x08 and (crc != info.CRC or 0xFFFFFFFF not in (csize, usize) and (
            csize != info.compress_size or usize != info.file_size))
    ):
        raise _lying(name)
    fh.seek(extra_len, os.SEEK_CUR)
    return method


def _inflated(fh: IO[bytes], info: zipfile.ZipInfo, method: int, want: int, path: Path) -> Iterator[bytes]:
    """A part's data as it inflates (about ``want`` bytes at a time; a stored part as read). Raises
    :class:`FileReadError` when the data is cut short, cannot be inflated, or goes on after its end."""
    name = info.filename
    left = info.compress_size
    inflate = zlib.decompressobj(-zlib.MAX_WBITS) if method == zipfile.ZIP_DEFLATED else None
    while inflate is None or not inflate.eof:
        if inflate is not None and inflate.unconsumed_tail:
            data = inflate.unconsumed_tail
        elif left > 0:
            data = fh.read(min(_READ_BYTES, left))
            if not data:
                raise _damaged(name, "isinya terpotong")
            left -= len(data)
        elif inflate is None:
            break
        else:
            data = b""  # all read: what the inflater still holds
        if inflate is None:
            out = data
        else:
            try:
                out = inflate.decompress(data, want)
            except zlib.error as exc:
                log.warning("Bagian %s dari %s tidak dapat dibuka", name, path.name, exc_info=exc)
                raise _damaged(name, "isinya tidak dapat dibuka") from exc
            if not data and not out:
                break
        yield out
    if inflate is not None and (not inflate.eof or inflate.unused_data or left > 0):
        raise _damaged(name, "isinya terpotong" if not inflate.eof else "ada data asing setelah isinya")


def _damaged(name: str, what: str) -> FileReadError:
    return FileReadError(f"File rusak atau terpotong: bagian '{_part_label(name)}' {what}; simpan ulang lalu coba lagi")


def _lying(name: str) -> FileReadError:
    return FileReadError(
        f"File rusak atau dimanipulasi: bagian '{_part_label(name)}' tidak sesuai dengan ukuran yang dinyatakan "
        "di kepala ZIP-nya; ditolak"
    )


_WORKBOOK_INDEX = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # read first: they name the sheets' parts


def verify_parts(path: Path, zf: zipfile.ZipFile, names: list[str], shared_strings: str | None = None) -> None:
    """Inflate and check (:func:`verified_part`) the named parts of the package, holding none of them; the
    part ``shared_strings`` is checked item by item as well."""
    for name in names:
        items = SHARED_STRING_ITEMS if name == shared_strings else None
        for _piece in verified_part(path, zf.getinfo(name), items=items):
            pass


def _sheet_xml_paths(zf: zipfile.ZipFile) -> dict[str, str]:
    """Map sheet name → path of its XML part inside the package."""
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target", "") for r in rels.iter(f"{_PKG_REL_NS}Relationship")}
    out: dict[str, str] = {}
    for sheet in wb.iter(f"{_NS}sheet"):
        target = targets.get(sheet.get(f"{_REL_NS}id"), "")
        if target.startswith("/"):
            part = target.lstrip("/")
        else:
            part = str(PurePosixPath("xl") / target)
        out[sheet.get("name", "")] = part
    return out


def _shared_strings_part(zf: zipfile.ZipFile) -> str | None:
    """The package part of the workbook's shared strings (named by its relationships), if it has one."""
    rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    for r in rels.iter(f"{_PKG_REL_NS}Relationship"):
        if r.get("Type", "").endswith("/sharedStrings"):
            target = r.get("Target", "")
            return target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
    return None


_COL_RE = re.compile(rb"<col\b[^>]*>")
_ATTR_RE = re.compile(rb'(\w+)="([^"]*)"')
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


@dataclass
class _SheetFacts:
    """What a sheet's XML says beyond cell values: read without evaluating anything."""

    hidden: set[int] = field(default_factory=set)
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)
    long_numbers: dict[tuple[int, int], float] = field(default_factory=dict)
    dimension: tuple[int, int, int, int] | None = None  # r0, c0, r1, c1 (0-based) of <dimension ref>
    cells: int = 0  # <c> elements, empty ones included


_DIMENSION_RE = re.compile(rb'<dimension ref="([A-Z]{1,3})(\d{1,7})(?::([A-Z]{1,3})(\d{1,7}))?"')
_MERGE_RE = re.compile(rb'<mergeCell ref="([A-Z]{1,3})(\d{1,7}):([A-Z]{1,3})(\d{1,7})"')
# A number cell whose value has 12+ characters or an exponent: shown as text it would hide that it was a
# number (an 18-digit NIP typed as a number has already lost its last digits); and a negative zero.
_LONG_NUMBER_RE = re.compile(rb"<v>([-+]?(?:\d[\d.]{11,}|\d(?:\.\d+)?[Ee][-+]?\d+)|-0(?:\.0*)?)</v>")
_FORMULA_TAG_RE = re.compile(rb"<f[ >]")
_CELL_TAG_RE = re.compile(rb'<c\b[^>]*?\br="([A-Z]{1,3})(\d{1,7})"[^>]*>')
_TYPE_ATTR_RE = re.compile(rb'\bt="([a-zA-Z]+)"')


def column_letters(index: int) -> str:
    """The letters of a 0-based column index (0 → ``A``, 27 → ``AB``)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _too_long_in_sheet(name: str | None, row: int, col: int, length: int) -> FileReadError:
    return FileReadError(cell_too_long_message(f"Sel {column_letters(col)}{row + 1} di sheet '{name}'", length))


def _check_column_lengths(name: str | None, columns: list[Column]) -> None:
    """Refuse a sheet that has a cell longer than Excel allows (:data:`MAX_CELL_CHARACTERS`)."""
    for c, col in enumerate(columns):
        if isinstance(col, pa.Array):
            if not (pa.types.is_string(col.type) or pa.types.is_large_string(col.type)) or col.null_count == len(col):
                continue
            lengths = pc_arrow.utf8_length(col)
            longest = pc_arrow.max(lengths).as_py()
            if longest is not None and longest > MAX_CELL_CHARACTERS:
                raise _too_long_in_sheet(name, pc_arrow.index(lengths, longest).as_py(), c, longest)
        else:
            for r, value in enumerate(col):
                if isinstance(value, str) and len(value) > MAX_CELL_CHARACTERS:
                    raise _too_long_in_sheet(name, r, c, len(value))


def _check_row_lengths(name: str | None, rows: list[list[object]]) -> None:
    """Refuse a sheet read row-wise that has a cell longer than Excel allows."""
    for r, row in enumerate(rows):
        longest = max((v for v in row if type(v) is str), key=len, default="")
        if len(longest) > MAX_CELL_CHARACTERS:
            raise _too_long_in_sheet(name, r, row.index(longest), len(longest))


def _col_bytes(letters: bytes) -> int:
    return _col_index(letters.decode("ascii"))


_FACTS_CHUNK = 1024 * 1024  # decompressed bytes read at a time from a sheet's XML
_HEAD_BYTES = 256 * 1024  # <dimension> and <cols> come before the cells, within this


def _part_facts(path: Path, part: str, budget: _CellBudget | None = None) -> _SheetFacts:
    """Hidden columns, formula texts, merged ranges, long number cells and the dimension of one sheet (package
    part), read in pieces: the sheet's XML is never held whole (at a million rows it is hundreds of megabytes).
    The pieces come from :func:`verified_part`, so the sheet is checked before any reader parses it."""
    with zipfile.ZipFile(path) as zf:
        try:
            info = zf.getinfo(part)
        except KeyError:
            return _SheetFacts()
        return _facts_of_pieces(verified_part(path, info, items=SHEET_ITEMS), lambda: zf.open(info), budget)


def _complete_cells(pieces: Iterator[bytes], work: ScanWork | None = None) -> Iterator[bytes]:
    """The XML from ``pieces`` cut after a closing ``</c>`` (else after a ``>``), so that no cell and no tag is
    split between two of the pieces yielded; each one yielded but the last holds at least ``_HEAD_BYTES``
    (the first, the head of the sheet).

    Linear: each piece is searched once when it arrives and copied once into the piece it ends up in (a
    long stretch without a cut is kept as a list of pieces, not grown by concatenation). ``work`` counts the
    bytes examined."""
    pending: list[bytes] = []
    size = 0
    cell_end: tuple[int, int] | None = None  # (index in pending, offset after the last '</c>')
    tag_end: tuple[int, int] | None = None  # the same for the last '>'
    tail = b""  # the last bytes seen: a '</c>' may straddle two pieces
    examined = 0
    for chunk in pieces:
        k = len(pending)
        pending.append(chunk)
        size += len(chunk)
        probe = tail + chunk
        at = probe.rfind(b"</c>")
        if at != -1:
            cell_end = (k, at + 4 - len(tail))
        at = chunk.rfind(b">")
        if at != -1:
            tag_end = (k, at + 1)
        tail = probe[-3:]
        examined += len(probe) + len(chunk)
        if size < _HEAD_BYTES:
            continue
        cut = cell_end or tag_end
        if cut is None:
            continue
        idx, off = cut
        piece = b"".join([*pending[:idx], pending[idx][:off]])
        rest = pending[idx][off:]
        examined += len(piece) + len(rest)
        yield piece
        if tag_end is not None and (tag_end[0] > idx or (tag_end[0] == idx and tag_end[1] > off)):
            tag_end = (tag_end[0] - idx, tag_end[1] - off if tag_end[0] == idx else tag_end[1])
        else:
            tag_end = None
        cell_end = None
        pending = [rest, *pending[idx + 1 :]]
        size = sum(len(p) for p in pending)
    if work is not None:
        work.bytes += examined + size
    if size:
        yield b"".join(pending)


def _facts_of_pieces(
    pieces: Iterator[bytes], reopen: Callable[[], IO[bytes]], budget: _CellBudget | None = None
) -> _SheetFacts:
    """The facts of a sheet's XML given as consecutive pieces (``reopen`` gives the whole XML again as a file,
    read only when the sheet has formulas); its cells are spent from ``budget`` as they are counted."""
    facts = _SheetFacts()
    has_formulas = False
    for k, xml in enumerate(_complete_cells(pieces)):
        if k == 0:
            _head_facts(xml[:_HEAD_BYTES], facts)
        for c0, r0, c1, r1 in _MERGE_RE.findall(xml):
            facts.merged.append((int(r0) - 1, _col_bytes(c0), int(r1) - 1, _col_bytes(c1)))
        for m in _LONG_NUMBER_RE.finditer(xml):
            tag_at = xml.rfind(b"<c ", 0, m.start())
            tag = _CELL_TAG_RE.match(xml, tag_at) if tag_at != -1 else None
            if tag is None:
                continue
            kind = _TYPE_ATTR_RE.search(tag[0])
            if kind is None or kind[1] == b"n":
                facts.long_numbers[(int(tag[2]) - 1, _col_bytes(tag[1]))] = float(m[1])
        cells = xml.count(b"<c ")
        facts.cells += cells
        if budget is not None:
            budget.spend(cells)
        has_formulas = has_formulas or _FORMULA_TAG_RE.search(xml) is not None
    if has_formulas:  # only then is the XML parsed, as a stream
        with reopen() as fh:
            _formula_facts(fh, facts)
    return facts


def _head_facts(head: bytes, facts: _SheetFacts) -> None:
    """The dimension and hidden columns, from the start of a sheet's XML."""
    if m := _DIMENSION_RE.search(head):
        c1, r1 = (m[3], m[4]) if m[3] else (m[1], m[2])
        facts.dimension = (int(m[2]) - 1, _col_bytes(m[1]), int(r1) - 1, _col_bytes(c1))
    cols_end = head.find(b"</cols>")
    if cols_end != -1:
        for tag in _COL_RE.findall(head[:cols_end]):
            attrs = dict(_ATTR_RE.findall(tag))
            if attrs.get(b"hidden") in (b"1", b"true"):
                for c in range(int(attrs.get(b"min", b"1")) - 1, int(attrs.get(b"max", b"1"))):
                    if c < MAX_COLUMNS:
                        facts.hidden.add(c)


def _formula_facts(fh: IO[bytes], facts: _SheetFacts) -> None:
    """Every formula's text, by cell, from a sheet's XML streamed through the parser."""
    ref = None
    for event, elem in ET.iterparse(fh, events=("start", "end")):
        if event == "start" and elem.tag == f"{_NS}c":
            ref = elem.get("r")
        elif event == "end" and elem.tag == f"{_NS}f":
            if ref and (cell := _CELL_REF.match(ref)):
                facts.formulas[(int(cell[2]) - 1, _col_index(cell[1]))] = "=" + (elem.text or "")
        elif event == "end" and elem.tag == f"{_NS}c":
            elem.clear()


def _properties_text(zf: zipfile.ZipFile) -> str:
    try:
        core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except KeyError:
        return ""
    return " ".join(re.findall(r">([^<]{1,500})<", core))


def _check_size(name: str, height: int, width: int) -> None:
    if height > MAX_ROWS_PER_SHEET:
        raise FileReadError(f"Sheet '{name}' berisi {height} baris; melebihi batas Excel")
    if width > MAX_COLUMNS:
        raise FileReadError(f"Sheet '{name}' berisi {width} kolom; batasnya {MAX_COLUMNS}")


def _apply_cells(rows: list[list[object]], cells: dict[tuple[int, int], object], empty: object) -> None:
    """Put values at (row, column) positions, widening a row when needed."""
    for (r, c), value in cells.items():
        if r < len(rows):
            row = rows[r]
            if c >= len(row):
                row.extend([empty] * (c + 1 - len(row)))
            row[c] = value


_ISO_MIDNIGHT = " 00:00:00"
_NUMBER_TEXT = re.compile(r"^[-+]?[0-9][0-9.]*(?:[Ee][-+]?[0-9]+)?$")
_TIME_ONLY_PREFIXES = ("1899-12-31 ", "1899-12-30 ")
_TIME_OF_DAY = r"(\d{2}:\d{2}:\d{2}(?:\.\d+)?)"


def _text_column(column: pa.ChunkedArray) -> pa.Array:
    """One column read as text, with dates written as a person reads them (no midnight, no 1899 day)."""
    if pc_arrow.any(pc_arrow.ends_with(column, _ISO_MIDNIGHT)).as_py():
        column = pc_arrow.replace_substring_regex(column, r"^(\d{4}-\d{2}-\d{2}) 00:00:00$", r"\1")
    for prefix in _TIME_ONLY_PREFIXES:
        if pc_arrow.any(pc_arrow.starts_with(column, prefix)).as_py():
            column = pc_arrow.replace_substring_regex(column, f"^{prefix}{_TIME_OF_DAY}$", r"\1")
    return column.combine_chunks() if isinstance(column, pa.ChunkedArray) else column


def _read_sheet_fast(path: Path, name: str, part: str, budget: _CellBudget) -> RawSheet | None:
    """One worksheet through fastexcel (values as text) and its XML facts; None when the cells cannot be
    placed exactly (the caller reads that sheet with python-calamine)."""
    facts = _part_facts(path, part, budget)
    try:
        sheet = fastexcel.read_excel(str(path)).load_sheet(name, header_row=None, dtypes="string", skip_rows=0)
        _check_size(name, sheet.total_height, sheet.width)
        table = sheet.to_arrow()
    except FileReadError:
        raise
    except Exception:  # anything fastexcel cannot do, python-calamine gets a chance at
        return None
    width, height = table.num_columns, table.num_rows
    offset = 0
    if width:
        if facts.dimension is None:
            return None
        _r0, c0, _r1, c1 = facts.dimension
        if c1 - c0 + 1 != width:
            return None
        offset = c0
    columns: list[Column] = [pa.nulls(height, pa.string()) for _ in range(offset)]
    columns.extend(_text_column(col) for col in table.columns)
    del table
    if any(r >= height or c >= len(columns) for r, c in {**facts.long_numbers, **facts.formulas}):
        return None  # a formula without a value outside the cells read: let python-calamine place it
    # a long number shown as a date or time (a date format on the cell) stays the text fastexcel gave
    numbers = {
        (r, c): value
        for (r, c), value in facts.long_numbers.items()
        if _NUMBER_TEXT.match(str(columns[c][r].as_py() if isinstance(columns[c], pa.Array) else columns[c][r]))
    }
    overrides = {**numbers, **facts.formulas}
    for c in {c for _r, c in overrides}:
        columns[c] = columns[c].to_pylist()
    for (r, c), value in overrides.items():
        columns[c][r] = value
    _check_column_lengths(name, columns)
    return RawSheet(
        name=name,
        rows=ColumnRows(columns, height),
        merged=facts.merged,
        hidden_columns=facts.hidden,
        columns=columns,
    )


def _read_sheet_calamine(
    wb: pc.CalamineWorkbook, name: str, facts: _SheetFacts, budget: _CellBudget | None = None
) -> RawSheet:
    sheet = wb.get_sheet_by_name(name)
    _check_size(name, sheet.total_height, sheet.total_width)
    if budget is not None:  # an .xls sheet: no XML whose cells were counted
        budget.spend(sheet.total_height * sheet.total_width)
    rows = sheet.to_python(skip_empty_area=False)
    _check_row_lengths(name, rows)
    merged = [(int(r0), int(c0), int(r1), int(c1)) for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or []]
    _apply_cells(rows, facts.formulas, "")
    return RawSheet(name=name, rows=rows, merged=merged, hidden_columns=facts.hidden)


def _open_calamine(path: Path) -> pc.CalamineWorkbook:
    try:
        return pc.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for broken files
        raise library_failure(exc, path) from exc


_DAMAGED_WORDS = ("crc", "zip", "deflate", "inflate", "stored block", "checksum", "eof", "truncat", "end of")
_XML_WORDS = ("xml", "entity", "syntax", "tag", "attribute", "element", "mismatch", "not well-formed")


def library_failure(exc: BaseException, path: Path | None = None) -> FileReadError:
    """A reader library's failure as a one-line Indonesian reason; the original (English) goes to the server
    log with its traceback, never to the person loading the file."""
    log.warning("File %s tidak dapat dibaca: %s", path.name if path else "?", exc, exc_info=exc)
    text = str(exc).lower()
    if isinstance(exc, pc.PasswordError) or "password" in text or "encrypt" in text:
        reason = "Workbook dilindungi kata sandi; buka kuncinya lalu simpan ulang"
    elif isinstance(exc, MemoryError):
        reason = "File terlalu besar untuk memori mesin ini"
    elif isinstance(exc, (zipfile.BadZipFile, zlib.error, EOFError)) or any(w in text for w in _DAMAGED_WORDS):
        reason = "File rusak atau terpotong: isi workbook tidak utuh; simpan ulang dari Excel lalu coba lagi"
    elif isinstance(exc, ET.ParseError) or any(w in text for w in _XML_WORDS):
        reason = "Isi XML workbook rusak atau tidak sah; simpan ulang dari Excel lalu coba lagi"
    elif isinstance(exc, csv.Error):
        reason = "CSV tidak dapat dibaca: susunan tanda kutip atau pemisahnya rusak"
    else:
        reason = "Workbook tidak dapat dibaca (formatnya rusak atau tidak dikenali); simpan ulang dari Excel"
    return FileReadError(reason)


@dataclass
class RegisterStream:
    """A register file opened for reading: its workbook-level text now, its sheets one by one as they are
    read (the next ones are read in background threads meanwhile). Iterate once."""

    path: Path
    sheets: Iterator[RawSheet]
    sheet_count: int
    properties_text: str = ""
    total_rows: int = 0  # rows of all sheets as the file declares them (for progress; 0 when unknown)

    def __iter__(self) -> Iterator[RawSheet]:
        return self.sheets


def read_excel(path: Path) -> RawWorkbook:
    """Read an ``.xlsx``/``.xlsm``/``.xls`` workbook into raw grids; formulas come back as their text."""
    stream = open_excel(path)
    return RawWorkbook(path=path, sheets=list(stream), properties_text=stream.properties_text)


def open_excel(path: Path, budget: _CellBudget | None = None) -> RegisterStream:
    """Check an ``.xlsx``/``.xlsm``/``.xls`` workbook and start reading its sheets."""
    budget = budget or _CellBudget(_cell_limit.get())
    with path.open("rb") as fh:
        magic = fh.read(8)
    if magic.startswith(_CFB_MAGIC):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise FileReadError("Workbook dilindungi kata sandi (terenkripsi); buka kuncinya lalu simpan ulang")
        wb = _read_xls(path, budget)
        return RegisterStream(path, iter(wb.sheets), len(wb.sheets), total_rows=sum(len(x.rows) for x in wb.sheets))
    if not magic.startswith(_ZIP_MAGIC):
        raise FileReadError("Isi file bukan workbook Excel (mungkin rusak atau salah ekstensi)")
    zf = check_zip_container(path)
    with zf:
        if "xl/vbaProject.bin" in set(zf.namelist()):
            raise FileReadError("Workbook berisi makro (VBA); simpan ulang sebagai .xlsx tanpa makro")
        index = [name for name in _WORKBOOK_INDEX if name in zf.NameToInfo]
        verify_parts(path, zf, index)
        try:
            parts = _sheet_xml_paths(zf)
        except (ET.ParseError, KeyError) as exc:
            raise library_failure(exc, path) from exc
        if len(parts) > MAX_SHEETS:
            raise FileReadError(f"Workbook berisi {len(parts)} sheet; batasnya {MAX_SHEETS}")
        worksheets = [(name, part) for name, part in parts.items() if "/worksheets/" in f"/{part}"]
        # every other part is checked now, before a reader opens the workbook; each worksheet is checked
        # while its facts are read, just before it is parsed
        later = set(index) | {part for _name, part in worksheets}
        verify_parts(path, zf, [i.filename for i in zf.infolist() if i.filename not in later and not i.is_dir()],
                     _shared_strings_part(zf))
        props = _properties_text(zf)
        total = sum(_declared_rows(zf, part) for _name, part in worksheets)
    return RegisterStream(path, _xlsx_sheets(path, worksheets, budget), len(worksheets), props, total)


def _declared_rows(zf: zipfile.ZipFile, part: str) -> int:
    """The last row of a sheet's ``<dimension>`` (read from the start of its XML), or 0."""
    try:
        with zf.open(part) as fh:
            head = fh.read(4096)
    except (KeyError, zipfile.BadZipFile, OSError, EOFError, zlib.error):
        return 0
    m = _DIMENSION_RE.search(head)
    return int(m[4] or m[2]) if m else 0


def _xlsx_sheets(path: Path, worksheets: list[tuple[str, str]], budget: _CellBudget) -> Iterator[RawSheet]:
    """The worksheets in order; fastexcel reads up to two ahead in threads, python-calamine takes the rest."""
    workers = max(1, min(len(worksheets), os.cpu_count() or 1, 2)) if fastexcel is not None else 0
    pool = ThreadPoolExecutor(max_workers=workers) if workers else None
    wb: pc.CalamineWorkbook | None = None
    try:
        ahead: list = []
        queued = 0
        for k, (name, part) in enumerate(worksheets):
            while pool is not None and queued < len(worksheets) and queued <= k + workers:
                ahead.append(pool.submit(_read_sheet_fast, path, *worksheets[queued], budget))
                queued += 1
            sheet = ahead[k].result() if pool is not None else None
            if sheet is None:
                wb = wb or _open_calamine(path)
                # the fast path counted this sheet's cells already
                sheet = _read_sheet_calamine(wb, name, _part_facts(path, part, None if pool else budget))
            if pool is not None:
                ahead[k] = None  # the finished read is the caller's now
            yield sheet
    except FileReadError:
        raise
    except Exception as exc:
        raise library_failure(exc, path) from exc
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        if wb is not None:
            wb.close()


def _read_xls(path: Path, budget: _CellBudget | None = None) -> RawWorkbook:
    """An old binary ``.xls`` workbook through python-calamine (no XML facts to add)."""
    wb = _open_calamine(path)
    sheets: list[RawSheet] = []
    try:
        names = wb.sheet_names
        if len(names) > MAX_SHEETS:
            raise FileReadError(f"Workbook berisi {len(names)} sheet; batasnya {MAX_SHEETS}")
        for meta in wb.sheets_metadata:
            if meta.typ == pc.SheetTypeEnum.WorkSheet:
                sheets.append(_read_sheet_calamine(wb, meta.name, _SheetFacts(), budget))
    except FileReadError:
        raise
    except Exception as exc:
        raise library_failure(exc, path) from exc
    finally:
        wb.close()
    return RawWorkbook(path=path, sheets=sheets)


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM stripped), else UTF-16 with BOM, else cp1252, else latin-1."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


_SNIFF_CHARACTERS = 1024 * 1024  # the first lines are looked at, never the whole text split into lines


def sniff_delimiter(text: str) -> str:
    """The most consistent of ``;`` ``,`` tab and ``|`` over the first lines."""
    lines = [ln for ln in text[:_SNIFF_CHARACTERS].splitlines()[:50] if ln.strip()]
    best, best_score = ",", -1.0
    for delim in (";", ",", "\t", "|"):
        counts = [ln.count(delim) for ln in lines]
        if not counts or max(counts) == 0:
            continue
        common = max(set(counts), key=counts.count)
        score = counts.count(common) * common
        if score > best_score:
            best, best_score = delim, score
    return best


def read_csv(path: Path, budget: _CellBudget | None = None) -> RawWorkbook:
    """Read a CSV export (``;``/``,``/tab, BOM, non-UTF-8) into one raw sheet; quoted newlines kept."""
    budget = budget or _CellBudget(_cell_limit.get())
    data = path.read_bytes()
    if b"\x00" in data and not data.startswith((b"\xff\xfe", b"\xfe\xff")):  # text has no NUL byte
        raise FileReadError("File CSV berisi data biner; bukan teks")
    text, _encoding = decode_text(data)
    delim = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows: list[list[object]] = []
    starts: list[int] = []
    last_line = 0
    may_be_long = len(text) > MAX_CELL_CHARACTERS
    try:
        for record in reader:
            starts.append(last_line + 1)
            last_line = reader.line_num
            if len(record) > MAX_COLUMNS:
                raise FileReadError(f"Baris {starts[-1]} berisi {len(record)} kolom; batasnya {MAX_COLUMNS}")
            if may_be_long and record and max(map(len, record)) > MAX_CELL_CHARACTERS:
                longest = max(record, key=len)
                where = f"Sel kolom {record.index(longest) + 1} di baris {starts[-1]}"
                raise FileReadError(cell_too_long_message(where, len(longest)))
            rows.append(list(record))
            budget.spend(len(record))
            if len(rows) > MAX_ROWS_PER_SHEET:
                raise FileReadError(f"CSV berisi lebih dari {MAX_ROWS_PER_SHEET} baris")
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):  # the csv module's own cap, above Excel's
            raise FileReadError(cell_too_long_message(f"Sel di baris {last_line + 1}")) from exc
        log.warning("CSV %s tidak dapat dibaca di baris %d", path.name, last_line + 1, exc_info=exc)
        raise FileReadError(
            f"CSV tidak dapat dibaca di baris {last_line + 1}: susunan tanda kutip atau pemisahnya rusak"
        ) from exc
    return RawWorkbook(path=path, sheets=[RawSheet(name=None, rows=rows, row_numbers=starts)])


def read_register_file(path: Path) -> RawWorkbook:
    """Read any supported register file; raises :class:`FileReadError` with an Indonesian reason."""
    stream = open_register_file(path)
    return RawWorkbook(path=stream.path, sheets=list(stream), properties_text=stream.properties_text)


def open_register_file(path: Path) -> RegisterStream:
    """Open any supported register file for reading sheet by sheet; raises :class:`FileReadError` with an
    Indonesian reason (also while iterating, for a sheet that cannot be read)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise FileReadError(
            f"Jenis file '{suffix or '(tanpa ekstensi)'}' tidak didukung; gunakan .xlsx, .xls atau .csv"
        )
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileReadError(f"File tidak dapat dibuka: {exc.strerror or exc}") from exc
    if size == 0:
        raise FileReadError("File kosong (0 byte)")
    if size > MAX_FILE_BYTES:
        raise FileReadError(f"File terlalu besar ({_human_size(size)}); batasnya {_human_size(MAX_FILE_BYTES)}")
    if suffix == ".csv":
        wb = read_csv(path)
        return RegisterStream(path, iter(wb.sheets), len(wb.sheets), total_rows=sum(len(x.rows) for x in wb.sheets))
    return open_excel(path)
