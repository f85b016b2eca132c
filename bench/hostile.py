"""Hostile files: what a crafted register costs the loader, against the bundled register's load.

Each crafted file (:mod:`bench.crafted`) is small on disk and built to cost a reader time and memory: one
300 MB text cell behind a padding part that makes the archive's overall compression ratio look ordinary, the
same text as a shared string (in one piece and in many short rich-text runs), 200 MB of text that compresses
only as well as a real sheet (one cell; one shared string in short runs), a sheet part whose header lies
about its size, a register of a million near-identical rows, CSV files with a 40 MB field or line, and an
``.xls`` at its format's row limit. Each is loaded as the command line does (``load_paths`` into a new
database) and dry-run as the upload page does in the server as soon as a file is chosen (with the page's bound
on cells, ``netralitas.uploads.MAX_UPLOAD_CELLS``), each run in a fresh child process, so its time and peak
memory are its own; a run that has not finished after ``timeout`` seconds is stopped and shown so.
The baseline is the load of the bundled register ``data/contoh_register_netralitas_FIKTIF.xlsx`` in the same
run (the median of five).

``python -m bench --only hostile`` runs it with the other sections' results kept; ``python -m bench.hostile``
prints the figures alone (``--timeout``, ``--modes``, ``--cases``).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from bench import crafted
from bench.common import PROJECT_ROOT, ChildError, current_rss_mb, median, peak_rss_mb, run_child
from bench.data import OUT_DIR

MB = 1024 * 1024
BASELINE = PROJECT_ROOT / "data" / "contoh_register_netralitas_FIKTIF.xlsx"
DEFAULT_TIMEOUT = 300.0
BASELINE_RUNS = 5  # the baseline is short: its median stands against a busy moment of a shared machine


@dataclass(frozen=True)
class Case:
    """A crafted file: its key, what it is, and how to build it at ``path``."""

    key: str
    what: str
    build: Callable[[Path], Path]
    suffix: str = ".xlsx"


def _xls_at_row_limit(path: Path) -> Path:
    """An ``.xls`` (BIFF8, written by xlwt) at the format's 65,536 rows, 20 columns of text each."""
    import xlwt

    book = xlwt.Workbook()
    sheet = book.add_sheet("Pemilu 2024")
    for c, title in enumerate(crafted.HEADER):
        sheet.write(0, c, title)
    for r in range(1, 65_536):
        for c in range(20):
            sheet.write(r, c, f"R-{r}" if c == 0 else f"isi {r} {c}")
    book.save(str(path))
    return path


CASES = (
    Case("sel_300mb", "one 300 MB text cell (inline) + 3 MB incompressible padding part",
         lambda p: crafted.long_cell_xlsx(p, 300 * MB, 3 * MB)),
    Case("shared_300mb", "the cell refers to a 300 MB shared string + 3 MB padding",
         lambda p: crafted.long_shared_string_xlsx(p, 300 * MB, padding_bytes=3 * MB)),
    Case("shared_runs", "a 300 MB shared string in 10,000 rich-text runs of 30 KB + 3 MB padding",
         lambda p: crafted.long_shared_string_xlsx(p, 300 * MB, runs=10_000, padding_bytes=3 * MB)),
    Case("sel_acak", "one 200 MB text cell of random a/b (compresses 8:1, like a sheet)",
         lambda p: crafted.long_cell_xlsx(p, 200 * MB, random=True)),
    Case("shared_runs_acak", "a 200 MB shared string of random a/b in 10,000 runs of 20 KB",
         lambda p: crafted.long_shared_string_xlsx(p, 200 * MB, runs=10_000, random=True)),
    Case("lying_header", "the 300 MB sheet part declares 4 KB (local header and directory, matching CRC)",
         lambda p: crafted.lying_size_xlsx(p, 300 * MB)),
    Case("rows_1m", "a plausible register of 1,000,000 near-identical rows (20 MB)",
         lambda p: crafted.many_rows_xlsx(p, 1_000_000)),
    Case("rows_cap", "the same with 120,000 rows: 480,000 cells, just under the upload page's bound",
         lambda p: crafted.many_rows_xlsx(p, 120_000)),
    Case("csv_field", "CSV whose quoted name field is 40 MB", lambda p: crafted.long_field_csv(p, 40 * MB), ".csv"),
    Case("csv_line", "CSV with a 40 MB unquoted line", lambda p: crafted.long_field_csv(p, 40 * MB, quoted=False),
         ".csv"),
    Case("xls_rows", ".xls at its 65,536-row limit, 20 text columns", _xls_at_row_limit, ".xls"),
)  # fmt: skip


# ---- inside the child process ----------------------------------------------------------------------------------


def run_once(register: str, db: str, dry_run: bool) -> dict:
    """Load ``register`` into a new database ``db`` as the command line does, or dry-run it as the upload page
    does (with the page's bound on cells); time it, say how it ended."""
    import contextlib

    from loaders.pipeline import load_paths
    from loaders.reading import cell_limit
    from netralitas.uploads import MAX_UPLOAD_CELLS

    rss_after_imports = current_rss_mb()
    started = time.perf_counter()
    with cell_limit(MAX_UPLOAD_CELLS) if dry_run else contextlib.nullcontext():
        results = load_paths([Path(register)], Path(db), dry_run=dry_run)
    seconds = time.perf_counter() - started
    res = results[0]
    return {
        "seconds": seconds,
        "status": res.status,
        "error": res.error,
        "rows_loaded": res.rows_loaded,
        "longest_stored": _longest_name(Path(db)) if not dry_run and res.ok else None,
        "rss_after_imports_mb": rss_after_imports,
        "peak_rss_mb": peak_rss_mb(),
    }


def _longest_name(db: Path) -> int | None:
    import duckdb

    if not db.exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT max(length(person_name)) FROM violations").fetchone()[0]
    finally:
        con.close()


# ---- in the parent -------------------------------------------------------------------------------------------------


def _measure(register: Path, work: Path, dry_run: bool, timeout: float) -> dict:
    db = work / f"{register.stem}-{'uji' if dry_run else 'muat'}.duckdb"
    for stale in work.glob(db.name + "*"):
        stale.unlink()
    started = time.perf_counter()
    try:
        out = run_child("bench.hostile:run_once", {"register": str(register), "db": str(db), "dry_run": dry_run},
                        timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"seconds": time.perf_counter() - started, "status": "dihentikan", "stopped": True,
                "error": f"stopped after {timeout:.0f} s", "peak_rss_mb": None}
    except ChildError as exc:
        return {"seconds": time.perf_counter() - started, "status": "crash", "error": str(exc)[-300:],
                "peak_rss_mb": None}
    return out


def run(quick: bool = False, out_dir: Path = OUT_DIR, log=print, timeout: float = DEFAULT_TIMEOUT,
        modes: tuple[str, ...] = ("load", "dry"), only: tuple[str, ...] | None = None) -> dict:
    """The hostile section: the baseline's load, then every crafted file loaded and dry-run."""
    work = out_dir / "work" / "hostile"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    runs = [_measure(BASELINE, work, False, timeout) for _ in range(BASELINE_RUNS)]
    baseline = {"seconds": median([r["seconds"] for r in runs]),
                "peak_rss_mb": median([r["peak_rss_mb"] for r in runs]),
                "seconds_all": [r["seconds"] for r in runs]}  # fmt: skip
    log(f"    baseline {BASELINE.name}: {baseline['seconds']:.2f} s, {baseline['peak_rss_mb']:.0f} MB "
        f"(median of {BASELINE_RUNS})")
    entries = []
    for case in CASES:
        if only and case.key not in only:
            continue
        path = work / f"{case.key}{case.suffix}"
        built = time.perf_counter()
        case.build(path)
        entry = {"key": case.key, "what": case.what, "file_mb": path.stat().st_size / MB,
                 "build_s": time.perf_counter() - built}
        for mode in modes:
            res = _measure(path, work, mode == "dry", timeout)
            entry[mode] = res
            peak = res.get("peak_rss_mb")
            log(f"    {case.key:<13} {mode:<4} {res['seconds']:8.2f} s, "
                f"{'—' if peak is None else f'{peak:.0f}'} MB, {res['status']}: {(res.get('error') or '')[:90]}")
        path.unlink()
        entries.append(entry)
    shutil.rmtree(work, ignore_errors=True)
    return {"baseline": baseline | {"file": BASELINE.name}, "cases": entries, "timeout_s": timeout}


def main(argv: list[str] | None = None) -> int:
    """Measure and print the figures as JSON (nothing is written to RESULTS.md)."""
    p = argparse.ArgumentParser(prog="python -m bench.hostile", description=__doc__.split("\n\n")[0])
    p.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT, help="seconds before a run is stopped")
    p.add_argument("--modes", default="load,dry", help="load, dry or both (comma separated)")
    p.add_argument("--cases", help=f"comma-separated keys of: {', '.join(c.key for c in CASES)}")
    p.add_argument("--out", type=Path, default=OUT_DIR)
    args = p.parse_args(argv)
    result = run(out_dir=args.out, timeout=args.timeout, modes=tuple(args.modes.split(",")),
                 only=tuple(args.cases.split(",")) if args.cases else None)
    print(json.dumps(result, indent=1, default=str))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
