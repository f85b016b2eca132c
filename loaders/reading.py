"""Reading case registers from disk into raw cell grids (no interpretation yet).

Supported: ``.xlsx``/``.xlsm`` (python-calamine for values, the sheet XML for merged ranges' companions:
formulas and hidden columns), ``.xls`` (calamine) and ``.csv`` (delimiter and encoding sniffed, BOM
stripped). The container is checked before parsing; every failure is a :class:`FileReadError` with a
one-line Indonesian reason.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from xml.etree import ElementTree as ET

import python_calamine as pc

SUPPORTED_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".csv")

# Limits against hostile files (a small xlsx can expand to gigabytes).
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_ZIP_ENTRIES = 10_000
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200
MAX_SHEETS = 200
MAX_ROWS_PER_SHEET = 1_048_576
MAX_COLUMNS = 500

_CFB_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_PKG_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


class FileReadError(Exception):
    """A file that cannot be read at all. ``str(error)`` is a one-line Indonesian reason."""


@dataclass
class RawSheet:
    """The cells of one sheet. ``rows[i][j]`` is Excel row ``i + 1``, column ``j + 1`` (or CSV line)."""

    name: str | None
    rows: list[list[object]]
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)  # r0, c0, r1, c1 (0-based, inclusive)
    hidden_columns: set[int] = field(default_factory=set)
    row_numbers: list[int] | None = None  # CSV: the text line each record starts on (1-based)

    def excel_row(self, index: int) -> int:
        """The 1-based row number a person sees for ``rows[index]``."""
        if self.row_numbers is not None:
            return self.row_numbers[index]
        return index + 1


@dataclass
class RawWorkbook:
    """All sheets of a file plus workbook-level text (title, subject) used for dataset markers."""

    path: Path
    sheets: list[RawSheet]
    properties_text: str = ""


def _human_size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB"


def check_zip_container(path: Path) -> zipfile.ZipFile:
    """Open an OOXML zip after checking entry count, expanded size and compression ratio."""
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileReadError("File rusak atau terpotong: isi ZIP tidak dapat dibaca") from exc
    infos = zf.infolist()
    if len(infos) > MAX_ZIP_ENTRIES:
        zf.close()
        raise FileReadError(f"File berisi terlalu banyak bagian ({len(infos)}); bukan workbook yang wajar")
    total = sum(i.file_size for i in infos)
    packed = sum(i.compress_size for i in infos) or 1
    if total > MAX_UNCOMPRESSED_BYTES or total / packed > MAX_COMPRESSION_RATIO:
        zf.close()
        raise FileReadError(
            f"File mengembang terlalu besar saat dibuka ({_human_size(total)} dari {_human_size(packed)}); ditolak"
        )
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        zf.close()
        if "word/document.xml" in names:
            raise FileReadError("File ini dokumen Word (.docx) yang diberi nama Excel, bukan workbook")
        if "ppt/presentation.xml" in names:
            raise FileReadError("File ini presentasi PowerPoint, bukan workbook Excel")
        raise FileReadError("File ZIP ini bukan workbook Excel (tidak ada xl/workbook.xml)")
    if any(n.startswith("xl/externalLinks/") for n in names):
        zf.close()
        raise FileReadError("Workbook berisi tautan ke file luar (external links); simpan ulang tanpa tautan")
    return zf


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


_COL_RE = re.compile(rb"<col\b[^>]*>")
_ATTR_RE = re.compile(rb'(\w+)="([^"]*)"')
_CELL_REF = re.compile(r"^([A-Z]+)(\d+)$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def _sheet_extras(zf: zipfile.ZipFile, part: str) -> tuple[set[int], dict[tuple[int, int], str]]:
    """Hidden columns and formula texts of one sheet, read from its XML without evaluating anything."""
    hidden: set[int] = set()
    formulas: dict[tuple[int, int], str] = {}
    try:
        with zf.open(part) as fh:
            head = fh.read(256 * 1024)
    except KeyError:
        return hidden, formulas
    cols_end = head.find(b"</cols>")
    if cols_end != -1:
        for tag in _COL_RE.findall(head[:cols_end]):
            attrs = dict(_ATTR_RE.findall(tag))
            if attrs.get(b"hidden") in (b"1", b"true"):
                for c in range(int(attrs.get(b"min", b"1")) - 1, int(attrs.get(b"max", b"1"))):
                    if c < MAX_COLUMNS:
                        hidden.add(c)
    # Formulas: only parse the XML when the part has any <f> element at all.
    has_formula = False
    with zf.open(part) as fh:
        tail = b""
        while chunk := fh.read(1024 * 1024):
            buf = tail + chunk
            if b"<f>" in buf or b"<f " in buf:
                has_formula = True
                break
            tail = buf[-8:]
    if has_formula:
        with zf.open(part) as fh:
            ref = None
            for event, elem in ET.iterparse(fh, events=("start", "end")):
                if event == "start" and elem.tag == f"{_NS}c":
                    ref = elem.get("r")
                elif event == "end" and elem.tag == f"{_NS}f":
                    if ref and (m := _CELL_REF.match(ref)):
                        text = elem.text or ""
                        formulas[(int(m[2]) - 1, _col_index(m[1]))] = "=" + text
                elif event == "end" and elem.tag == f"{_NS}c":
                    elem.clear()
    return hidden, formulas


def _properties_text(zf: zipfile.ZipFile) -> str:
    try:
        core = zf.read("docProps/core.xml").decode("utf-8", "replace")
    except KeyError:
        return ""
    return " ".join(re.findall(r">([^<]{1,500})<", core))


def _calamine_sheets(wb: pc.CalamineWorkbook) -> Iterator[tuple[str, list[list[object]], list]]:
    names = wb.sheet_names
    if len(names) > MAX_SHEETS:
        raise FileReadError(f"Workbook berisi {len(names)} sheet; batasnya {MAX_SHEETS}")
    for meta in wb.sheets_metadata:
        if meta.typ != pc.SheetTypeEnum.WorkSheet:
            continue
        sheet = wb.get_sheet_by_name(meta.name)
        if sheet.total_height > MAX_ROWS_PER_SHEET:
            raise FileReadError(f"Sheet '{meta.name}' berisi {sheet.total_height} baris; melebihi batas Excel")
        if sheet.total_width > MAX_COLUMNS:
            raise FileReadError(f"Sheet '{meta.name}' berisi {sheet.total_width} kolom; batasnya {MAX_COLUMNS}")
        rows = sheet.to_python(skip_empty_area=False)
        merged = list(sheet.merged_cell_ranges or [])
        yield meta.name, rows, merged


def _merged_tuples(merged: list) -> list[tuple[int, int, int, int]]:
    out = []
    for (r0, c0), (r1, c1) in merged:
        out.append((int(r0), int(c0), int(r1), int(c1)))
    return out


def read_excel(path: Path) -> RawWorkbook:
    """Read an ``.xlsx``/``.xlsm``/``.xls`` workbook into raw grids; formulas come back as their text."""
    with path.open("rb") as fh:
        magic = fh.read(8)
    extras: dict[str, tuple[set[int], dict[tuple[int, int], str]]] = {}
    props = ""
    if magic.startswith(_ZIP_MAGIC):
        zf = check_zip_container(path)
        with zf:
            names = set(zf.namelist())
            if "xl/vbaProject.bin" in names:
                raise FileReadError("Workbook berisi makro (VBA); simpan ulang sebagai .xlsx tanpa makro")
            parts = _sheet_xml_paths(zf)
            for sheet_name, part in parts.items():
                extras[sheet_name] = _sheet_extras(zf, part)
            props = _properties_text(zf)
    elif magic.startswith(_CFB_MAGIC):
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            raise FileReadError("Workbook dilindungi kata sandi (terenkripsi); buka kuncinya lalu simpan ulang")
    else:
        raise FileReadError("Isi file bukan workbook Excel (mungkin rusak atau salah ekstensi)")
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise FileReadError("Workbook dilindungi kata sandi; buka kuncinya lalu simpan ulang") from exc
    except Exception as exc:  # calamine raises several types for broken files
        raise FileReadError(f"Workbook tidak dapat dibaca: {str(exc).splitlines()[0][:160]}") from exc
    sheets: list[RawSheet] = []
    try:
        for name, rows, merged in _calamine_sheets(wb):
            hidden, formulas = extras.get(name, (set(), {}))
            for (r, c), text in formulas.items():
                if r < len(rows):
                    row = rows[r]
                    if c >= len(row):
                        row.extend([""] * (c + 1 - len(row)))
                    row[c] = text
            sheets.append(RawSheet(name=name, rows=rows, merged=_merged_tuples(merged), hidden_columns=hidden))
    except FileReadError:
        raise
    except Exception as exc:
        raise FileReadError(f"Workbook tidak dapat dibaca: {str(exc).splitlines()[0][:160]}") from exc
    finally:
        wb.close()
    return RawWorkbook(path=path, sheets=sheets, properties_text=props)


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


def sniff_delimiter(text: str) -> str:
    """The most consistent of ``;`` ``,`` tab and ``|`` over the first lines."""
    lines = [ln for ln in text.splitlines()[:50] if ln.strip()]
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


def read_csv(path: Path) -> RawWorkbook:
    """Read a CSV export (``;``/``,``/tab, BOM, non-UTF-8) into one raw sheet; quoted newlines kept."""
    data = path.read_bytes()
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileReadError("File CSV berisi data biner; bukan teks")
    text, _encoding = decode_text(data)
    delim = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    rows: list[list[object]] = []
    starts: list[int] = []
    last_line = 0
    try:
        for record in reader:
            starts.append(last_line + 1)
            last_line = reader.line_num
            if len(record) > MAX_COLUMNS:
                raise FileReadError(f"Baris {starts[-1]} berisi {len(record)} kolom; batasnya {MAX_COLUMNS}")
            rows.append(list(record))
            if len(rows) > MAX_ROWS_PER_SHEET:
                raise FileReadError(f"CSV berisi lebih dari {MAX_ROWS_PER_SHEET} baris")
    except csv.Error as exc:
        raise FileReadError(f"CSV tidak dapat dibaca di baris {last_line + 1}: {exc}") from exc
    return RawWorkbook(path=path, sheets=[RawSheet(name=None, rows=rows, row_numbers=starts)])


def read_register_file(path: Path) -> RawWorkbook:
    """Read any supported register file; raises :class:`FileReadError` with an Indonesian reason."""
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
        return read_csv(path)
    return read_excel(path)
