"""Crafted hostile register files: small on disk, built to cost a reader time and memory.

Each builder writes a file that an upload page would accept (well under 50 MB) and returns its path. The
sizes are parameters, so the tests build the same shapes small and the benchmark builds them full size.
Every workbook is a real register (a header row a person would write, one data row) with one part made
hostile; the XML is streamed into the archive, never held whole.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from collections.abc import Iterator
from pathlib import Path

HEADER = ("No. Reg", "Nama", "Status Kepegawaian", "Sanksi")
ROW = ("R-1", None, "PNS", "teguran lisan")  # the name is the hostile cell
_MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_PIECE = 1024 * 1024


def _static_parts(shared_strings: bool) -> dict[str, bytes]:
    overrides = [
        ("/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"),
        ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
    ]
    rels = [("rId1", f"{_REL}/worksheet", "worksheets/sheet1.xml")]
    if shared_strings:
        overrides.append(
            ("/xl/sharedStrings.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml")
        )
        rels.append(("rId2", f"{_REL}/sharedStrings", "sharedStrings.xml"))
    content_types = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="{_CT}">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        + "".join(f'<Override PartName="{p}" ContentType="{t}"/>' for p, t in overrides)
        + "</Types>"
    )
    return {
        "[Content_Types].xml": content_types.encode(),
        "_rels/.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
        ).encode(),
        "xl/workbook.xml": (
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN_NS}" xmlns:r="{_REL}">'
            '<sheets><sheet name="Pemilu 2024" sheetId="1" r:id="rId1"/></sheets></workbook>'
        ).encode(),
        "xl/_rels/workbook.xml.rels": (
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PKG}">'
            + "".join(f'<Relationship Id="{i}" Type="{t}" Target="{g}"/>' for i, t, g in rels)
            + "</Relationships>"
        ).encode(),
    }


def _letters(c: int) -> str:
    out = ""
    c += 1
    while c:
        c, r = divmod(c - 1, 26)
        out = chr(65 + r) + out
    return out


def _inline(ref: str, text: str) -> bytes:
    return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'.encode()


_AB = bytes(b"ab"[i & 1] for i in range(256))


def _random_ab(total: int) -> Iterator[bytes]:
    """``total`` random letters a/b, in pieces of about a megabyte: one bit each, so deflate packs them about
    eight to one — an ordinary ratio for a sheet."""
    left = total
    while left > 0:
        n = min(left, _PIECE)
        left -= n
        yield os.urandom(n).translate(_AB)


def _text(total: int, unit: bytes, random: bool) -> Iterator[bytes]:
    return _random_ab(total) if random else _repeated(unit, total)


def _repeated(unit: bytes, total: int) -> Iterator[bytes]:
    """``total`` bytes of ``unit`` repeated, in pieces of about a megabyte."""
    block = unit * max(1, _PIECE // len(unit))
    left = total
    while left > 0:
        piece = block[: min(left, len(block))]
        left -= len(piece)
        yield piece


def _sheet_xml(rows: int, long_cell: Iterator[bytes] | None, long_ref: str = "B2") -> Iterator[bytes]:
    """A sheet: the header, then ``rows`` data rows; the name of the first is ``long_cell`` (XML given) when
    given. ``long_cell`` yields the whole ``<c>`` element."""
    last = _letters(len(HEADER) - 1)
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{_MAIN_NS}">'
        f'<dimension ref="A1:{last}{rows + 1}"/><sheetData>'
    ).encode()
    yield b'<row r="1">' + b"".join(_inline(f"{_letters(c)}1", h) for c, h in enumerate(HEADER)) + b"</row>"
    for r in range(2, rows + 2):
        yield f'<row r="{r}">'.encode()
        for c, value in enumerate(ROW):
            ref = f"{_letters(c)}{r}"
            if value is None:
                if long_cell is not None and ref == long_ref:
                    yield from long_cell
                else:
                    yield _inline(ref, f"Orang {r}")
            else:
                yield _inline(ref, f"{value}-{r}" if c == 0 else value)
        yield b"</row>"
    yield b"</sheetData></worksheet>"


def _write(path: Path, parts: dict[str, bytes | Iterator[bytes]], level: int = 9) -> Path:
    """Write a package: each part deflated; iterators are streamed."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zf:
        for name, data in parts.items():
            if isinstance(data, bytes):
                zf.writestr(name, data)
            else:
                with zf.open(name, "w", force_zip64=True) as fh:
                    for piece in data:
                        fh.write(piece)
    return path


def long_cell_xlsx(path: Path, cell_bytes: int, padding_bytes: int = 0, random: bool = False) -> Path:
    """One inline text cell of ``cell_bytes`` characters ("x", or random a/b that compress only as well as
    ordinary sheets), plus an incompressible padding part so that the archive as a whole compresses no more
    than an ordinary workbook."""
    cell = iter([b'<c r="B2" t="inlineStr"><is><t>', *_text(cell_bytes, b"x", random), b"</t></is></c>"])
    parts: dict[str, bytes | Iterator[bytes]] = dict(_static_parts(False))
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(1, cell)
    if padding_bytes:
        parts["xl/media/image1.bin"] = os.urandom(padding_bytes)
    return _write(path, parts, level=1 if random else 9)


def long_shared_string_xlsx(
    path: Path, text_bytes: int, runs: int = 1, padding_bytes: int = 0, random: bool = False
) -> Path:
    """The name cell refers to a shared string of ``text_bytes`` characters ("y", or random a/b), written as
    ``runs`` rich-text runs (each run alone can be short: only the whole string is long)."""
    per_run = max(1, text_bytes // runs)

    def shared() -> Iterator[bytes]:
        yield (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst xmlns="{_MAIN_NS}" count="1" '
            'uniqueCount="1"><si>'
        ).encode()
        for _ in range(runs):
            yield b"<r><t>"
            yield from _text(per_run, b"y", random)
            yield b"</t></r>"
        yield b"</si></sst>"

    cell = iter([b'<c r="B2" t="s"><v>0</v></c>'])
    parts: dict[str, bytes | Iterator[bytes]] = dict(_static_parts(True))
    parts["xl/sharedStrings.xml"] = shared()
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(1, cell)
    if padding_bytes:
        parts["xl/media/image1.bin"] = os.urandom(padding_bytes)
    return _write(path, parts, level=1 if random else 9)


def rich_text_cell_xlsx(path: Path, text_bytes: int, runs: int) -> Path:
    """The name cell is an inline rich-text string of ``text_bytes`` random a/b in ``runs`` short runs: no
    run, and no text node, is long; only the cell is."""
    per_run = max(1, text_bytes // runs)

    def cell() -> Iterator[bytes]:
        yield b'<c r="B2" t="inlineStr"><is>'
        for _ in range(runs):
            yield b"<r><t>"
            yield from _random_ab(per_run)
            yield b"</t></r>"
        yield b"</is></c>"

    parts: dict[str, bytes | Iterator[bytes]] = dict(_static_parts(False))
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(1, cell())
    return _write(path, parts, level=1)


def many_rows_xlsx(path: Path, rows: int) -> Path:
    """A plausible register of ``rows`` near-identical rows: it compresses far better than real data."""
    parts: dict[str, bytes | Iterator[bytes]] = dict(_static_parts(False))
    parts["xl/worksheets/sheet1.xml"] = _sheet_xml(rows, None)
    return _write(path, parts)


def lying_size_xlsx(path: Path, cell_bytes: int, declared_bytes: int = 4096) -> Path:
    """:func:`long_cell_xlsx` whose sheet part claims (local header and central directory) to expand to only
    ``declared_bytes``, with the CRC of those first bytes: a reader that trusts the header is fooled."""
    long_cell_xlsx(path, cell_bytes)
    part = b"xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(part.decode())
        with zf.open(info) as fh:
            head = fh.read(declared_bytes)
    crc = zlib.crc32(head)
    data = bytearray(path.read_bytes())
    # the local header: CRC at +14, sizes at +18/+22 (0xFFFFFFFF → zip64 extra field with the real sizes)
    local = info.header_offset
    struct.pack_into("<I", data, local + 14, crc)
    name_len, extra_len = struct.unpack_from("<HH", data, local + 26)
    _set_sizes(data, local + 18, local + 30 + name_len, extra_len, declared_bytes)
    # the central directory entry of the part
    central, n, e = _central_entry(data, part)
    struct.pack_into("<I", data, central + 16, crc)
    _set_sizes(data, central + 20, central + 46 + n, e, declared_bytes)
    path.write_bytes(bytes(data))
    return path


def _central_entry(data: bytearray, name: bytes) -> tuple[int, int, int]:
    """(offset, name length, extra length) of ``name``'s entry in the central directory."""
    end = data.rfind(b"PK\x05\x06")
    (at,) = struct.unpack_from("<I", data, end + 16)
    while data[at : at + 4] == b"PK\x01\x02":
        n, e, c = struct.unpack_from("<HHH", data, at + 28)
        if bytes(data[at + 46 : at + 46 + n]) == name:
            return at, n, e
        at += 46 + n + e + c
    raise KeyError(name)


def _set_sizes(data: bytearray, at: int, extra_at: int, extra_len: int, declared: int) -> None:
    """Write ``declared`` as the uncompressed size at ``at + 4`` (32-bit) or, when that says zip64, in the zip64
    extra field (whose first value is the uncompressed size)."""
    (size32,) = struct.unpack_from("<I", data, at + 4)
    if size32 != 0xFFFFFFFF:
        struct.pack_into("<I", data, at + 4, declared)
        return
    k = extra_at
    while k < extra_at + extra_len:
        tag, length = struct.unpack_from("<HH", data, k)
        if tag == 1:
            struct.pack_into("<Q", data, k + 4, declared)
            return
        k += 4 + length


def long_field_csv(path: Path, field_bytes: int, quoted: bool = True) -> Path:
    """A CSV register whose name field is ``field_bytes`` characters long (inside quotes, or a bare line)."""
    with path.open("wb") as fh:
        fh.write(";".join(HEADER).encode() + b"\r\n")
        fh.write(b"R-1;" + (b'"' if quoted else b""))
        for piece in _repeated(b"z", field_bytes):
            fh.write(piece)
        fh.write((b'"' if quoted else b"") + b";PNS;teguran lisan\r\n")
    return path
