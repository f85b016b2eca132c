"""Where the loader's time goes: wall time per stage, and the functions that cost most under cProfile.

Stages, each timed on its own one after the other (without the profiler): reading the workbook (fastexcel,
two sheets at a time, plus the sheet XML facts), finding the layout and classifying rows (``parse_sheet``),
normalising rows into records (``normalise_sheet``). The real load (``load_paths``, the total) overlaps them on
two cores (the next sheet is read while this one is parsed, and a writer thread inserts each sheet while the
next is normalised) and adds storing (Arrow tables, INSERT with the raw JSON, duplicate check, notes, commit,
file swap); so the stages' shares of the total can add up to more than 100 %. Then one profiled load lists the
top functions (main thread only)."""

from __future__ import annotations

import cProfile
import datetime as dt
import gc
import pstats
import shutil
import tempfile
import time
from pathlib import Path

from bench.common import peak_rss_mb


def measure(register: str, top: int = 15) -> dict:
    """Stage timings and the ``top`` functions by own time for one load of ``register``."""
    from loaders.layout import parse_sheet
    from loaders.pipeline import _Normaliser, load_paths, normalise_sheet
    from loaders.reading import read_register_file
    from netralitas.vocab import vocabulary

    path = Path(register)
    voc = vocabulary()
    # each stage on its own, one after the other (in a real load they overlap on two cores: see the docstring);
    # the garbage collector paused, as load_file_into pauses it
    gc.disable()
    t0 = time.perf_counter()
    wb = read_register_file(path)
    read_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    parsed = [parse_sheet(sheet, voc) for sheet in wb.sheets]
    parse_s = time.perf_counter() - t0
    del wb
    norm = _Normaliser(voc, dt.date.today())
    t0 = time.perf_counter()
    normalised = [normalise_sheet(p, source_file=path.name, norm=norm) for p in parsed]
    normalise_s = time.perf_counter() - t0
    rows = sum(len(p.data) for p in parsed)
    del parsed, normalised
    gc.enable()
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
            "read workbook (fastexcel, two sheets at a time; sheet XML facts)": read_s,
            "find layout, classify rows (parse_sheet)": parse_s,
            "normalise rows into records (normalise_sheet)": normalise_s,
        },
        "total_s": total_s,
        "profiled_own_total_s": profiled_total,
        "top_functions": functions,
        "peak_rss_mb": peak_rss_mb(),
    }
