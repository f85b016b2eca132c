"""Synthetic registers and databases for the benchmarks, generated once and cached under ``bench/out/``.

Registers come from :func:`netralitas.demo_data.generate_demo_persons` (seeded) and are written in the messy
layout (title rows, header in row 5, a JUMLAH row) by :func:`netralitas.demo_data.write_register_fast`. A
1,000,000-person register takes about two minutes to write, so files are kept and reused between runs.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
OUT_DIR = BENCH_DIR / "out"
SEED = 20250105


# Files whose change makes a cached database stale (the loader and what it normalises with).
LOADER_SOURCES = ("loaders", "netralitas/db.py", "netralitas/normalize.py", "netralitas/vocab.py",
                  "netralitas/vocabulary.toml")  # fmt: skip


def generator_version() -> str:
    """A short fingerprint of the code that writes benchmark registers (a change makes new files)."""
    import hashlib
    import inspect

    from netralitas import demo_data

    source = (
        inspect.getsource(demo_data.generate_demo_persons)
        + inspect.getsource(demo_data.write_register_fast)
        + repr(getattr(demo_data, "_FAST_HEADERS", ""))
    )
    return hashlib.sha256(source.encode()).hexdigest()[:8]


def register_path(n: int, out_dir: Path = OUT_DIR, seed: int = SEED) -> Path:
    """Where the cached register of ``n`` persons lives (it may not exist yet)."""
    return out_dir / "registers" / f"register_netralitas_{n}_s{seed}_g{generator_version()}.xlsx"


def _newest_source_mtime() -> float:
    newest = 0.0
    for rel in LOADER_SOURCES:
        path = PROJECT_ROOT / rel
        files = path.rglob("*.py") if path.is_dir() else [path]
        for f in files:
            if f.exists():
                newest = max(newest, f.stat().st_mtime)
    return newest


def ensure_register(n: int, out_dir: Path = OUT_DIR, seed: int = SEED, log=print) -> Path:
    """The register of ``n`` persons in the messy layout, written now unless it is already cached."""
    path = register_path(n, out_dir, seed)
    if path.exists() and path.stat().st_size > 0:
        return path
    from netralitas.demo_data import generate_demo_persons, write_register_fast

    path.parent.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    persons = generate_demo_persons(n, seed)
    # write under a temporary name and rename, so an interrupted run never leaves a truncated cached file
    tmp = path.with_name(path.stem + f".{os.getpid()}.tmp.xlsx")
    write_register_fast(tmp, persons)
    os.replace(tmp, path)
    log(f"  register {n:>9,} persons written in {time.perf_counter() - started:6.1f} s → {path.name}")
    return path


def db_path(n: int, out_dir: Path = OUT_DIR) -> Path:
    """Where the benchmark database loaded from the register of ``n`` persons lives."""
    return out_dir / "db" / f"netralitas_{n}.duckdb"


def ensure_database(n: int, out_dir: Path = OUT_DIR, seed: int = SEED, rebuild: bool = False, log=print) -> Path:
    """A database loaded by the real loader from the register of ``n`` persons (built now unless cached).

    The load benchmark refreshes it on every run (:func:`bench.load.run`); here it is rebuilt when asked
    (``rebuild``), or when the register or the loader's code is newer than it.
    """
    path = db_path(n, out_dir)
    register = register_path(n, out_dir, seed)
    if path.exists() and not rebuild:
        built = path.stat().st_mtime
        if register.exists() and built >= register.stat().st_mtime and built >= _newest_source_mtime():
            return path
        log(f"  database {n:>9,} persons is older than its register or the loader: rebuilding")
    from loaders.pipeline import load_paths

    register = ensure_register(n, out_dir, seed, log=log)
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in (path, Path(str(path) + ".wal")):
        if stale.exists():
            stale.unlink()
    started = time.perf_counter()
    results = load_paths([register], path)
    if not results or not all(r.ok for r in results):
        raise RuntimeError(f"loading {register} failed: {[r.error for r in results]}")
    log(f"  database {n:>9,} persons built in {time.perf_counter() - started:6.1f} s → {path.name}")
    return path


def install_database(source: Path, n: int, out_dir: Path = OUT_DIR) -> Path:
    """Make ``source`` (a database just produced by a load run) the cached database of ``n`` persons."""
    target = db_path(n, out_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return target
