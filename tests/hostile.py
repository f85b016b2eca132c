"""A register of hostile strings: HTML, Markdown, Streamlit directives, Plotly pseudo-HTML, entities, LaTeX and a
right-to-left override in every text column, in a sheet name and in a file name.

Every payload carries a marker word starting with ``zq`` right next to its syntax (never alone between spaces),
so that on the page:

* markup that came alive shows up as an element whose whole text is a marker (``<b>zqbold</b>`` drawn bold), or an
  attribute that carries one (``<img src=…/zqimg.png>``, ``:material/zqicon:`` → ``aria-label="zqicon icon"``);
* text shown literally keeps the marker glued to its syntax characters.

Links point at ``127.0.0.1:9`` (the discard port: nothing answers), so a request that leaves the app is seen
without reaching anything.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl

TRAP = "http://127.0.0.1:9"
MARKER = "zq"

PAYLOADS: dict[str, str] = {
    "style": "<style>.stApp{background:#ff0000 !important}</style>zqstyle",
    "iframe": f'<iframe src="{TRAP}/zqiframe"></iframe>zqiframe',
    "form": f'<form action="{TRAP}/zqform"><input type="password" name="zqpw"><button>Masuk</button></form>',
    "img": f'<img src="{TRAP}/zqimg.png" onerror="window.zqonerror=1">zqimg',
    "script": "<script>window.zqscript=1</script>zqscript",
    "a": f'<a href="{TRAP}/zqa">zqatext</a>',
    "md_image": f"![zqmdimg]({TRAP}/zqmdimg.png)",
    "md_link": f"[zqmdlink]({TRAP}/zqmdlink) [zqjs](javascript:window.zqjs=1)",
    "bare_link": f"{TRAP}/zqauto www.zqwww.example zq@zqmail.example",
    "plotly": f'<a href="{TRAP}/zqplotly">zqplotly</a><br><b>zqbold</b><i>zqital</i>',
    "short": "<b>zqb</b>&amp;<i>",
    "entity": "&lt;b&gt;zqentity&lt;/b&gt; &amp;amp; &#60;i&#62;zqnum",
    "rtl": "\u202ezqrtl gnp.exe",
    "directives": ":material/zqicon: :red[zqred] :small[zqsmall]",
    "shortcodes": ":streamlit: :smile: zqemoji",
    "math": "$zqmath$ $$zqdisplay$$",
    "markdown": "**zqstrong** _zqem_ ~~zqdel~~ `zqcode`",
    "block": "# zqheading",
}

# A sheet name may hold 31 characters and none of []:*?/\ (Excel's rule).
SHEET_NAME = "<img src=x onerror=zqsheet>$s$"
# File names: the loaded one carries a Markdown image whose backslashes a browser reads as slashes; the uploaded one
# (an upload keeps no directory part, so no slash or backslash) an image whose scheme differs from the app's.
FILE_NAME = r"zqfile <img src=x onerror=zqfimgtag> ![zqfimg](http:\\127.0.0.1:9\zqfimg.png) :red[zqfred] $zqfm$.xlsx"
# A name Windows allows too (none of <>:"/\|?*), for the tests that run without a browser.
PORTABLE_FILE_NAME = "zqfile ![zqfimg](zqfimg.png) [zqflink](zqf) $zqfm$ **zqfb** & ~~zqfs~~.xlsx"
UPLOAD_NAME = "zqup <img src=x onerror=zquptag> ![zqupimg](https:127.0.0.1:9) :red[zqured] $zqum$.xlsx"

HEADER = ["No", "No. Register", "Tgl Temuan/Laporan", "Sumber", "Nama Terlapor", "NIP", "Status Kepegawaian",
          "Jabatan", "Instansi", "Kecamatan", "Jenis Pelanggaran", "Status Penanganan", "Sanksi", "Siklus",
          "Tanggal Penerusan", "Tanggal Rekomendasi", "Tanggal SK", "Sumber Berita", "Keterangan"]
DATE_COLUMNS = {"Tgl Temuan/Laporan", "Tanggal Penerusan", "Tanggal Rekomendasi", "Tanggal SK"}


def hostile_rows() -> list[list[object]]:
    """One data row per payload; column ``j`` of row ``i`` holds payload ``(i + j) mod n``, so every text column
    holds every payload. Date columns and the cycle column hold a payload on odd rows only (even rows get a real
    date, so the timeline and the follow-up charts have something to draw). Then one plain row per payload with
    that payload as its agency and a real sanction (so the charts by agency have both panels). A last row has no
    register number, name or NIP: it is rejected, and its reason quotes its cells."""
    payloads = list(PAYLOADS.values())
    n = len(payloads)
    rows = []
    for i in range(n):
        row: list[object] = [i + 1]
        for j, column in enumerate(HEADER[1:], start=1):
            payload = payloads[(i + j) % n]
            if (column in DATE_COLUMNS or column == "Siklus") and i % 2 == 0:
                row.append(dt.date(2024, 1 + i % 12, 10) if column in DATE_COLUMNS else None)
            else:
                row.append(payload)
        rows.append(row)
    for i, payload in enumerate(payloads):
        plain = {"No. Register": f"BERSIH-{i:02d}", "Tgl Temuan/Laporan": dt.date(2024, 10, 1 + i),
                 "Nama Terlapor": f"Pegawai Uji {i}", "Status Kepegawaian": "PNS", "Jabatan": "Staf",
                 "Instansi": payload, "Kecamatan": "Tugu", "Jenis Pelanggaran": "Kampanye di media sosial",
                 "Status Penanganan": "Sanksi dijatuhkan", "Sanksi": "teguran tertulis"}
        rows.append([n + i + 1, *(plain.get(column) for column in HEADER[1:])])
    rejected = [2 * n + 1, None, None, payloads[0], None, None, payloads[1], payloads[2], payloads[3], payloads[4],
                payloads[5]]
    rows.append(rejected + [None] * (len(HEADER) - len(rejected)))
    return rows


def text_workbook(title: str, header: list[str], rows: list[list]) -> openpyxl.Workbook:
    """A workbook of one sheet ``title``: ``header``, then ``rows``; strings are stored as text, None left empty."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    ws.append(header)
    for r, row in enumerate(rows, start=2):
        for c, value in enumerate(row, start=1):
            if value is None:
                continue
            cell = ws.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"
    return wb


def hostile_workbook() -> openpyxl.Workbook:
    """The hostile register as a workbook (one sheet named :data:`SHEET_NAME`); strings are stored as text."""
    return text_workbook(SHEET_NAME, HEADER, hostile_rows())


def write_hostile_register(folder: Path, name: str = FILE_NAME) -> Path:
    """Save the hostile register as ``folder/name``."""
    path = folder / name
    hostile_workbook().save(path)
    return path


# ---- a prevention register (one row per activity) with the same payloads --------------------------------------

PREVENTION_SHEET_NAME = "<img src=x onerror=zqpsheet>$p$"
PREVENTION_FILE_NAME = (r"zqpfile <img src=x onerror=zqpfimgtag> ![zqpfimg](http:\\127.0.0.1:9\zqpfimg.png) "
                        r":red[zqpfred] $zqpfm$.xlsx")
UPLOAD_PREVENTION_NAME = "zqpup <img src=x onerror=zqpuptag> ![zqpupimg](https:127.0.0.1:9) :red[zqpured] $zqpum$.xlsx"
PORTABLE_PREVENTION_FILE_NAME = "zqpfile ![zqpfimg](zqpfimg.png) [zqpflink](zqpf) $zqpfm$ **zqpfb** & ~~zqpfs~~.xlsx"
PREVENTION_HEADER = ["No", "Kegiatan", "Jenis Kegiatan", "Tanggal", "Penyelenggara", "Sasaran", "Jumlah Peserta",
                     "Tempat", "Kecamatan", "Keterangan", "Sumber Berita"]
PREVENTION_TEXT_COLUMNS = ["Kegiatan", "Jenis Kegiatan", "Penyelenggara", "Sasaran", "Tempat", "Kecamatan",
                           "Keterangan", "Sumber Berita"]
PREVENTION_DISTRICTS = ["Tugu", "Genuk", "Pedurungan", "Tembalang"]


def hostile_prevention_rows() -> list[list[object]]:
    """One row per payload with a payload in every text column (column ``j`` of row ``i`` holds payload
    ``(i + j) mod n``: every text column holds every payload); its date and number of participants hold a payload
    on odd rows and real values on even rows (dated in Pemilu 2024). Then one row per payload as the title,
    organiser, audience, place and remark of a briefing with a real date (in Pemilu 2024 and Pilkada 2024 by turns),
    number and kecamatan (so the charts, the timeline's markers and the brief's lists have activities of both cycles
    to show). A last row names neither activity
    nor kind: it is rejected, and its reason quotes its cells."""
    payloads = list(PAYLOADS.values())
    n = len(payloads)
    rows: list[list[object]] = []
    for i in range(n):
        row: list[object] = [i + 1]
        for j, column in enumerate(PREVENTION_HEADER[1:], start=1):
            payload = payloads[(i + j) % n]
            if column == "Tanggal":
                row.append(dt.date(2024, 1, 2 + i) if i % 2 == 0 else payload)
            elif column == "Jumlah Peserta":
                row.append(10 + i if i % 2 == 0 else payload)
            else:
                row.append(payload)
        rows.append(row)
    for i, payload in enumerate(payloads):
        held_on = dt.date(2024, 2 if i % 2 == 0 else 10, 1 + i)
        plain = {"Kegiatan": payload, "Jenis Kegiatan": "Sosialisasi", "Tanggal": held_on,
                 "Penyelenggara": payload, "Sasaran": payload, "Jumlah Peserta": 20 + i, "Tempat": payload,
                 "Kecamatan": PREVENTION_DISTRICTS[i % len(PREVENTION_DISTRICTS)], "Keterangan": payload}
        rows.append([n + i + 1, *(plain.get(column) for column in PREVENTION_HEADER[1:])])
    rows.append([2 * n + 1, None, None, payloads[0], payloads[1], payloads[2], None, payloads[3], payloads[4]])
    return rows


def hostile_prevention_workbook() -> openpyxl.Workbook:
    """The hostile prevention register as a workbook (one sheet named :data:`PREVENTION_SHEET_NAME`); strings are
    stored as text."""
    return text_workbook(PREVENTION_SHEET_NAME, PREVENTION_HEADER, hostile_prevention_rows())


def write_hostile_prevention_register(folder: Path, name: str = PREVENTION_FILE_NAME) -> Path:
    """Save the hostile prevention register as ``folder/name``."""
    path = folder / name
    hostile_prevention_workbook().save(path)
    return path
