"""Where the loader's time goes: wall time per stage, and the functions that cost most under cProfile.

Stages (each timed on its own, without the profiler): reading the workbook (calamine + the sheet XML checks),
finding the layout and classifying rows (``parse_sheet``), normalising rows into records
(``prepare_file`` minus the two before), and storing (``load_paths`` minus ``prepare_file``: Arrow table,
INSERT, duplicate check, notes, checkpoint and file swap). Then one profiled load lists the top functions.
"""

from __future__ import annotations

import cProfile
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import peak_rss_mb


def measure(register: str, top: int = 15) -> dict:
    """Stage timings and the ``top`` functions by own time for one load of ``register``."""
    from loaders.layout import parse_sheet
    from loaders.pipeline import load_paths, prepare_file
    from loaders.reading import read_register_file
    from netralitas.vocab import vocabulary

    path = Path(register)
    voc = vocabulary()
    t0 = time.perf_counter()
    wb = read_register_file(path)
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for sheet in wb.sheets:
        parse_sheet(sheet, voc)
    parse_s = time.perf_counter() - t0
    del wb
    t0 = time.perf_counter()
    prepared = prepare_file(path, voc)  # reads again (sheets read ahead in threads), parses and normalises
    prepare_s = time.perf_counter() - t0
    rows = sum(sheet.loaded for sheet in prepared.sheets)
    del prepared
    work = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    try:
        t0 = time.perf_counter()
        load_paths([path], work / "timed.duckdb")
        total_s = time.perf_counter() - t0
        profiler = cProfile.Profile()
        profiler.enable()
        load_paths([path], work / "profiled.duckdb")
        profiler.disable()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stats = pstats.Stats(profiler)
    profiled_total = sum(v[2] for v in stats.stats.values())  # total own time
    functions = []
    for (filename, line, name), (_cc, ncalls, tottime, cumtime, _callers) in sorted(
        stats.stats.items(), key=lambda kv: kv[1][2], reverse=True
    )[:top]:
        where = filename.replace(str(Path(__file__).resolve().parent.parent) + "/", "")
        if "site-packages/" in where:
            where = where.split("site-packages/", 1)[1]
        functions.append(
            {"function": f"{where}:{line}({name})", "calls": ncalls, "own_s": tottime, "cumulative_s": cumtime}
        )
    return {
        "rows": rows,
        "stages": {
            "read workbook (calamine + sheet XML)": read_s,
            "find layout, classify rows (parse_sheet)": parse_s,
            "normalise rows into records (and the file's SHA-256)": max(prepare_s - read_s - parse_s, 0.0),
            "store (Arrow, INSERT, duplicates, notes, checkpoint, swap)": max(total_s - prepare_s, 0.0),
        },
        "total_s": total_s,
        "profiled_own_total_s": profiled_total,
        "top_functions": functions,
        "peak_rss_mb": peak_rss_mb(),
    }
