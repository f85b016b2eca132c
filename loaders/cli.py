"""The loader's command line: per-file and per-sheet summary, progress bar, exit codes.

Exit status: 0 when every file was read; 1 when any file could not be read at all (the others still load,
each in its own transaction), with a one-line Indonesian reason per failed file on standard error; 2 for
bad usage.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TextIO

import duckdb

from loaders.layout import SKIP_KINDS
from loaders.pipeline import STATUS_LABELS, FileResult, LoadedBy, load_paths, stored_activities, stored_totals
from loaders.results import PREVENTION, REGISTER_LABELS
from netralitas import audit, db, demo_removal, queries
from netralitas.cliargs import IndonesianArgumentParser
from netralitas.formatting import format_number
from netralitas.normalize import NOTE_KINDS

PROGRESS_MIN_ROWS = 5_000


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m loaders``."""
    parser = IndonesianArgumentParser(
        prog="python -m loaders",
        description="Memuat register pelanggaran netralitas ASN (.xlsx, .xlsm, .xls, .csv atau folder) ke DuckDB.",
    )
    parser.add_argument("paths", nargs="*", metavar="PATH", help="file atau folder (dibaca rekursif)")
    parser.add_argument("--db", metavar="FILE", help="file DuckDB (bawaan: NETRALITAS_DB atau data/netralitas.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="periksa saja; tidak ada yang ditulis")
    parser.add_argument(
        "--undo", action="store_true", help="batalkan muatan terakhir (kembalikan basis data dari cadangan terbaru)"
    )
    parser.add_argument(
        "--hapus-contoh", action="store_true",
        help="hapus seluruh data contoh (fiktif) dari basis data; rekam publik tetap; dapat dibatalkan dengan --undo "
             "(dengan --dry-run: tampilkan saja apa yang akan dihapus)",
    )
    return parser


class _ProgressBar:
    """A plain text progress bar on a stream (only for large inputs and real terminals)."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.last = 0.0
        self.active = False

    def __call__(self, done: int, total: int, label: str) -> None:
        if total < PROGRESS_MIN_ROWS:
            return
        now = time.monotonic()
        if done < total and now - self.last < 0.2:
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "-" * (width - filled)
        self.stream.write(f"\r[{bar}] {format_number(done)}/{format_number(total)} baris  {label[:40]}")
        self.active = True
        if done >= total:
            self.stream.write("\n")
            self.active = False
        self.stream.flush()


def format_result(res: FileResult) -> str:
    """A readable multi-line summary of one file's load."""
    lines = [f"{res.source_file}: {STATUS_LABELS.get(res.status, res.status)}"]
    if not res.ok:
        lines.append(f"  alasan: {res.error}")
        return "\n".join(lines)
    if res.status in ("identik", "kembar"):
        lines.extend([f"  {res.path}: {res.detail}"] if res.detail else [])
        return "\n".join(lines)
    for s in res.sheets:
        sheet = (f"sheet '{s.name}'" if s.name else "CSV") + (f" ({REGISTER_LABELS[PREVENTION].lower()})"
                                                                 if s.register == PREVENTION else "")
        skipped = ", ".join(f"{SKIP_KINDS.get(k, k)} {v}" for k, v in sorted(s.skipped.items()) if v)
        lines.append(
            f"  {sheet}: {format_number(s.rows_read)} baris dibaca = {format_number(s.loaded)} dimuat"
            f" + {format_number(len(s.rejected))} ditolak + {format_number(s.skipped_total)} dilewati"
            + (f" ({skipped})" if skipped else "")
        )
        if s.problem:
            lines.append(f"    catatan sheet: {s.problem}")
        for row, reason in s.rejected[:20]:
            lines.append(f"    ditolak baris {row}: {reason}")
        if len(s.rejected) > 20:
            lines.append(f"    … dan {len(s.rejected) - 20} baris ditolak lainnya")
        for kind, count in sorted(s.notes.items()):
            lines.append(f"    catatan kualitas: {NOTE_KINDS.get(kind, kind)}: {count} baris")
    total = (
        f"  jumlah: {format_number(res.rows_read)} dibaca = {format_number(res.rows_loaded)} dimuat + "
        f"{format_number(res.rows_rejected)} ditolak + {format_number(res.rows_skipped)} dilewati"
    )
    lines.append(total)
    if res.activities_loaded:
        lines.append(f"  dimuat: {format_number(res.persons_loaded)} baris terlapor + "
                     f"{format_number(res.activities_loaded)} kegiatan pencegahan")
    if res.nothing_loaded_reason and not all(s.problem for s in res.sheets):  # else each sheet says why
        lines.append(f"  tidak ada yang dimuat: {res.nothing_loaded_reason}")
    if res.replaced_rows:
        lines.append(f"  {format_number(res.replaced_rows)} baris lama dari file bernama sama diganti")
    if res.duplicates_replaced:
        lines.append(f"  {res.duplicates_replaced} orang juga ada di file lain: versi file ini dipakai")
    return "\n".join(lines)


def _undo(db_path: Path, stdout: TextIO, stderr: TextIO) -> int:
    """Put back the database as it was before the last load."""
    try:
        used = db.undo_last_load(db_path)
    except db.NoBackupError as exc:
        stderr.write(f"{db_path.name}: {exc}\n")
        return 1
    except db.DatabaseBusyError as exc:
        stderr.write(f"{db_path.name}: {exc}\n")
        return 1
    stdout.write(f"Muatan terakhir dibatalkan: basis data {db_path} dikembalikan dari cadangan {used.name}.\n")
    audit.record_quietly("batalkan_muatan", audit.os_user(), "cli", {"cadangan": used.name},
                         path=audit.audit_path(database=db_path))
    return 0


def _remove_demo(db_path: Path, dry_run: bool, stdout: TextIO, stderr: TextIO) -> int:
    """Remove the demo data set (``dry_run``: only show what would be removed); 0 also when there is none."""
    try:
        result = (demo_removal.preview_removal(db_path) if dry_run
                  else demo_removal.remove_demo(db_path, role=audit.COMMAND_LINE_ROLE))
    except db.DatabaseBusyError as exc:
        stderr.write(f"{db_path.name}: {exc}\n")
        return 1
    except duckdb.Error as exc:
        stderr.write(f"{db_path.name}: basis data tidak dapat dibaca; tidak ada yang diubah ({exc})\n")
        return 1
    stdout.write("\n".join(demo_removal.describe(result, db_path)) + "\n")
    if not dry_run and not result.removed.empty:
        audit.record_quietly("hapus_contoh", audit.os_user(), audit.COMMAND_LINE_ROLE, result.audit_details(db_path),
                             path=audit.audit_path(database=db_path))
    return 0


def main(argv: list[str] | None = None, stdout: TextIO | None = None, stderr: TextIO | None = None) -> int:
    """Run the loader command line; returns the exit status."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.hapus_contoh:
        if args.paths or args.undo:
            parser.error("--hapus-contoh tidak memakai PATH atau --undo")
        return _remove_demo(db.database_path(args.db), args.dry_run, stdout, stderr)
    if args.undo:
        if args.paths or args.dry_run:
            parser.error("--undo tidak memakai PATH atau --dry-run")
        return _undo(db.database_path(args.db), stdout, stderr)
    if not args.paths:
        parser.error("sebutkan minimal satu PATH (file atau folder), atau --undo")
    missing = [p for p in args.paths if not Path(p).exists()]
    if missing:
        for p in missing:
            stderr.write(f"{Path(p).name}: file atau folder tidak ditemukan: {p}\n")
        if len(missing) == len(args.paths):
            return 2
    db_path = db.database_path(args.db)
    paths = [Path(p) for p in args.paths if Path(p).exists()]
    bar = _ProgressBar(stderr)

    def show(res: FileResult) -> None:
        stdout.write(format_result(res) + "\n")
        stdout.flush()
        if not res.ok:
            stderr.write(f"{res.source_file}: {res.error}\n")

    def show_stale(removed: list[db.StaleCopy]) -> None:
        for copy in removed:
            stdout.write(f"Salinan sementara dari muatan yang terhenti dihapus: {copy.describe()}\n")

    try:
        results = load_paths(paths, db_path, dry_run=args.dry_run, progress=bar, on_result=show,
                             loaded_by=LoadedBy(audit.os_user(), queries.LOADED_BY_COMMAND_LINE), on_stale=show_stale)
    except db.DatabaseBusyError as exc:
        stderr.write(f"{db_path.name}: {exc}\n")
        return 1
    if not results:
        stderr.write("Tidak ada file .xlsx, .xlsm, .xls atau .csv di jalur yang diberikan\n")
        return 1
    if not args.dry_run:  # the audit trail (netralitas/audit.py): who loaded what from the command line
        audit.record_quietly("muat", audit.os_user(), "cli", {
            "db": db_path.name, "file": [{"file": r.source_file, "status": r.status, "batch": r.batch_id,
                                          "baris_dimuat": r.rows_loaded, "baris_ditolak": r.rows_rejected}
                                         for r in results]}, path=audit.audit_path(database=db_path))
    stdout.write(format_totals(results, db_path, dry_run=args.dry_run))
    return 1 if any(not r.ok for r in results) or missing else 0


def format_totals(results: list[FileResult], db_path: Path, *, dry_run: bool) -> str:
    """The closing summary of a load: files and rows by outcome, what was replaced, and what the database holds
    now (read back from it), so that the figures add up to the database."""
    loaded = sum(r.rows_loaded for r in results if r.status in ("dimuat", "diganti", "uji"))
    failed = [r for r in results if r.status == "gagal"]
    same = [r for r in results if r.status in ("identik", "kembar")]
    clashes = [r for r in results if r.status == "nama_ganda"]
    verb = "akan dimuat (uji coba, tidak ada yang ditulis)" if dry_run else "dimuat"
    lines = [
        f"Selesai: {len(results)} file; {format_number(loaded)} baris {verb}; {len(same)} file identik dilewati; "
        + (f"{len(clashes)} file tidak dimuat karena namanya sama; " if clashes else "")
        + f"{len(failed)} file gagal. Basis data: {db_path}"
    ]
    replacing = [r for r in results if r.status == "diganti"]
    if replacing:
        replaced_rows = sum(r.replaced_rows for r in replacing)
        lines.append(f"  {len(replacing)} file menggantikan muatan sebelumnya bernama sama "
                     f"({format_number(replaced_rows)} baris lama diganti)")
    duplicates = sum(r.duplicates_replaced for r in results)
    if duplicates:
        lines.append(f"  {format_number(duplicates)} baris lama dari file lain diganti oleh orang yang sama dalam "
                     "kasus yang sama di file yang dimuat kemudian")
    if same and len(same) == len(results):
        lines.append("Tidak ada perubahan: semua file identik dengan muatan sebelumnya.")
    activities = sum(r.activities_loaded for r in results if r.status in ("dimuat", "diganti", "uji"))
    if activities:
        lines.append(f"  di antaranya {format_number(activities)} kegiatan pencegahan")
    if not dry_run and db_path.exists():
        rows, files = stored_totals(db_path)
        held = stored_activities(db_path)
        lines.append(f"  Isi basis data kini: {format_number(rows)} baris terlapor dari {format_number(files)} file"
                     + (f"; {format_number(held)} kegiatan pencegahan" if held else ""))
    return "\n".join(lines) + "\n"
