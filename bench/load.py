"""Load benchmark: a register file → a committed database, ours against a naive pandas/openpyxl load.

Ours is the product's one loading path, :func:`loaders.pipeline.load_paths` (read with calamine, find the
layout, normalise every cell, keep the raw row, flag quality notes, store in one transaction, swap the file
in atomically). The naive baseline is what a quick script would do: ``pandas.read_excel(engine="openpyxl")``
on every sheet (told the header row, which the real loader has to find itself), one ``DataFrame``, and
``CREATE TABLE … AS SELECT * FROM df`` in a DuckDB file. It does none of the normalising or checking.

Every run happens in a fresh child process (``bench.child``), so its peak memory is its own.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from bench.common import ChildError, current_rss_mb, median, peak_rss_mb, run_child
from bench.data import OUT_DIR, ensure_register, install_database

HEADER_ROW_INDEX = 4  # the messy layout of write_register_fast: four title rows, the header in row 5


# ---- inside the child process ----------------------------------------------------------------------------------


def ours_once(register: str, db: str) -> dict:
    """Load ``register`` into a new database ``db`` with the product's loader; time it."""
    from loaders.pipeline import load_paths

    rss_after_imports = current_rss_mb()
    started = time.perf_counter()
    results = load_paths([Path(register)], Path(db))
    seconds = time.perf_counter() - started
    if not results or not all(r.ok for r in results):
        raise RuntimeError(f"load failed: {[r.error for r in results]}")
    return {
        "seconds": seconds,
        "rows_loaded": sum(r.rows_loaded for r in results),
        "rows_rejected": sum(r.rows_rejected for r in results),
        "notes": sum(r.notes_total for r in results),
        "rss_after_imports_mb": rss_after_imports,
        "peak_rss_mb": peak_rss_mb(),
    }


def floor_once(register: str, db: str) -> dict:
    """The least any loader of this stack does: every sheet read as text by fastexcel and appended to one
    DuckDB table in one transaction — no layout finding, no normalising, no raw JSON, no checks. Imports are
    those of ours, so its peak memory is a floor for ours on this machine, not a competitor."""
    import duckdb
    import fastexcel

    import loaders.pipeline  # noqa: F401 - the same imports as ours before the clock starts

    rss_after_imports = current_rss_mb()
    started = time.perf_counter()
    reader = fastexcel.read_excel(register)
    con = duckdb.connect(db)
    con.execute("BEGIN TRANSACTION")
    rows = 0
    for k, name in enumerate(reader.sheet_names):
        incoming = reader.load_sheet(name, header_row=None, dtypes="string").to_arrow()
        incoming = incoming.rename_columns([f"kolom_{i}" for i in range(incoming.num_columns)])
        rows += incoming.num_rows
        # handed over by DuckDB's replacement scan of the local name, as ours does (a registered table would be
        # kept alive until the commit)
        if k == 0:
            con.execute("CREATE TABLE cells AS SELECT * FROM incoming")
        else:
            con.execute("INSERT INTO cells BY NAME SELECT * FROM incoming")
        del incoming
    con.execute("COMMIT")
    con.execute("CHECKPOINT")
    con.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "rows_read": rows, "rss_after_imports_mb": rss_after_imports,
            "peak_rss_mb": peak_rss_mb()}  # fmt: skip


def naive_once(register: str, db: str) -> dict:
    """Load ``register`` the naive way: pandas + openpyxl → one DataFrame → a DuckDB table; time it."""
    import duckdb
    import openpyxl  # noqa: F401 - imported before the clock starts, like ours imports its reader
    import pandas as pd

    rss_after_imports = current_rss_mb()
    started = time.perf_counter()
    frames = pd.read_excel(register, sheet_name=None, engine="openpyxl", header=HEADER_ROW_INDEX)
    df = pd.concat(frames.values(), ignore_index=True)
    # Columns mixing dates with text (unreadable dates) or numbers with text cannot go into one typed column;
    # a naive script turns them into text.
    for column in df.columns:
        if df[column].dtype == object:
            df[column] = df[column].astype(str)
    con = duckdb.connect(db)
    con.register("incoming", df)
    con.execute("CREATE TABLE violations AS SELECT * FROM incoming")
    con.execute("CHECKPOINT")
    con.close()
    seconds = time.perf_counter() - started
    return {
        "seconds": seconds,
        "rows_loaded": len(df),
        "rss_after_imports_mb": rss_after_imports,
        "peak_rss_mb": peak_rss_mb(),
    }


# ---- in the parent -------------------------------------------------------------------------------------------------


def _one_run(kind: str, register: Path, work: Path, index: int) -> dict:
    target = work / f"{kind}-{index}.duckdb"
    for stale in work.glob(f"{kind}-{index}.duckdb*"):
        stale.unlink()
    func = f"bench.load:{kind}_once"
    return run_child(func, {"register": str(register), "db": str(target)}) | {"db": str(target)}


def measure_size(n: int, runs_ours: int, runs_naive: int, out_dir: Path = OUT_DIR, log=print) -> dict:
    """Median time and peak memory of ``runs_ours`` loads and ``runs_naive`` naive loads of ``n`` persons."""
    register = ensure_register(n, out_dir, log=log)
    work = out_dir / "work" / f"load_{n}"
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    ours: list[dict] = []
    naive: list[dict] = []
    floor: list[dict] = []
    # interleave the two so that a busy moment on the machine hits both alike
    for i in range(max(runs_ours, runs_naive)):
        if i < runs_ours:
            ours.append(_one_run("ours", register, work, i))
            log(f"    load {n:>9,} ours  run {i + 1}: {ours[-1]['seconds']:8.2f} s, {ours[-1]['peak_rss_mb']:7.0f} MB")
        if i < runs_naive:
            try:
                naive.append(_one_run("naive", register, work, i))
            except ChildError as exc:
                log(f"    load {n:>9,} naive run {i + 1} failed: {str(exc)[-300:]}")
                continue
            log(
                f"    load {n:>9,} naive run {i + 1}: {naive[-1]['seconds']:8.2f} s, {naive[-1]['peak_rss_mb']:7.0f} MB"
            )
        if i < runs_ours:
            floor.append(_one_run("floor", register, work, i))
            last = floor[-1]
            log(f"    load {n:>9,} floor run {i + 1}: {last['seconds']:8.2f} s, {last['peak_rss_mb']:7.0f} MB")
    # the database of the last run of ours becomes the cached one the query benchmarks read
    install_database(Path(ours[-1]["db"]), n, out_dir)
    shutil.rmtree(work, ignore_errors=True)
    rows = ours[-1]["rows_loaded"]
    ours_s = median([r["seconds"] for r in ours])
    naive_s = median([r["seconds"] for r in naive]) if naive else None
    return {
        "persons": n,
        "register_mb": register.stat().st_size / 1024 / 1024,
        "rows_loaded": rows,
        "runs_ours": len(ours),
        "runs_naive": len(naive),
        "ours_seconds": ours_s,
        "ours_seconds_all": [r["seconds"] for r in ours],
        "ours_rows_per_s": rows / ours_s if ours_s else None,
        "ours_peak_mb": median([r["peak_rss_mb"] for r in ours]),
        "ours_imports_mb": median([r["rss_after_imports_mb"] for r in ours]),
        "naive_seconds": naive_s,
        "naive_seconds_all": [r["seconds"] for r in naive],
        "naive_rows_per_s": (naive[-1]["rows_loaded"] / naive_s) if naive_s else None,
        "naive_peak_mb": median([r["peak_rss_mb"] for r in naive]) if naive else None,
        "naive_imports_mb": median([r["rss_after_imports_mb"] for r in naive]) if naive else None,
        "speedup": (naive_s / ours_s) if naive_s and ours_s else None,
        "floor_seconds": median([r["seconds"] for r in floor]) if floor else None,
        "floor_peak_mb": median([r["peak_rss_mb"] for r in floor]) if floor else None,
    }


def runs_for(n: int, quick: bool) -> tuple[int, int]:
    """How many runs of (ours, naive) a size gets: fewer as files grow (1,000,000 rows: one each)."""
    if quick:
        return 1, 1
    if n <= 10_000:
        return 5, 5
    if n <= 100_000:
        return 3, 3
    return 1, 1


def run(sizes: list[int], quick: bool = False, out_dir: Path = OUT_DIR, log=print) -> dict:
    """The load section: one entry per size."""
    entries = []
    for n in sizes:
        runs_ours, runs_naive = runs_for(n, quick)
        entries.append(measure_size(n, runs_ours, runs_naive, out_dir, log=log))
    return {"sizes": entries}
