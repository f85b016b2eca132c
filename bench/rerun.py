"""Page-rerun benchmark: the Ringkasan page rerun after a sidebar filter change, driven by ``AppTest``.

A rerun is what happens on the server when a user changes a filter: the whole page script runs again, its
queries are answered from ``st.cache_data`` when the same question was asked before (warm) or by DuckDB
(cold), and its charts come from the chart cache (warm) or are built again (cold). Timed here: ``AppTest.run()``
after ``multiselect(key="siklus").set_value``. Not timed: the websocket trip and the browser drawing the charts.

- **warm**: the filter combination was shown before (its query results and charts are cached);
- **cold**: every query result and every chart emptied before the rerun — what the first visitor after a new
  load meets (a load changes the data version, so every cached result misses); a filter combination seen for the
  first time is in between (the sidebar's unfiltered queries stay cached).

Baseline: ``bench/naive_app.py`` (the same figures and charts from a cached pandas DataFrame, grouped with pandas
on every rerun), driven the same way.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from bench.common import PROJECT_ROOT, median, percentile

APP = PROJECT_ROOT / "app.py"
NAIVE_APP = Path(__file__).resolve().parent / "naive_app.py"


def _combos(options: list[str]) -> list[list[str]]:
    """Filter values to cycle through: each cycle alone, pairs, and all (no filter)."""
    singles = [[o] for o in options]
    pairs = [[options[i], options[j]] for i in range(len(options)) for j in range(i + 1, len(options))]
    return singles + pairs + [[]]


PROFILED_PARTS = ("/netralitas/", "/pages/", "/bench/naive_app.py", "/bench/query_latency.py", "streamlit/elements/")


def _profile_reruns(do_rerun, runs: int, top: int = 14) -> list[dict]:
    """Run ``do_rerun(i)`` ``runs`` times with cProfile on the script thread; the costliest project and
    Streamlit-element functions by cumulative time per rerun."""
    import cProfile
    import pstats

    from streamlit.runtime.scriptrunner import script_runner

    runner = script_runner.ScriptRunner
    if not hasattr(runner, "_run_script"):
        return []
    profiler = cProfile.Profile()
    original = runner._run_script

    def profiled(self, *args, **kwargs):
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    runner._run_script = profiled
    try:
        for i in range(runs):
            do_rerun(i)
    finally:
        runner._run_script = original
    stats = pstats.Stats(profiler).stats
    script_total = max((v[3] for (f, _l, name), v in stats.items() if name == "_run_script"), default=0.0)
    rows = [{"function": "(whole script run)", "cumulative_s": script_total / runs, "calls": runs}]
    picked = []
    for (filename, line, name), (_cc, ncalls, _tt, cumtime, _callers) in stats.items():
        if any(part in filename for part in PROFILED_PARTS) and name != "<module>":
            short = filename.replace(str(PROJECT_ROOT) + "/", "").split("site-packages/")[-1]
            picked.append({"function": f"{short}:{line}({name})", "cumulative_s": cumtime / runs,
                           "calls": ncalls / runs})  # fmt: skip
    picked.sort(key=lambda r: r["cumulative_s"], reverse=True)
    return rows + picked[:top]


def measure(db: str, script: str, runs: int) -> dict:
    """First run, then ``runs`` warm and ``runs`` cold reruns after a change of the cycle filter."""
    os.environ["NETRALITAS_DB"] = db
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    from netralitas.vocab import vocabulary

    at = AppTest.from_file(str(Path(script).resolve()), default_timeout=600)
    t0 = time.perf_counter()
    at.run()
    first = time.perf_counter() - t0
    if at.exception:
        raise RuntimeError(f"page failed: {at.exception[0].message}")
    charts_drawn = len(at.get("plotly_chart"))
    # AppTest gives the widgets new ids on the second run (the first has no query parameters yet), which drops a
    # value set after the first run; one more plain run settles them (a browser does not show this).
    at.run()
    voc = vocabulary()
    options = list(voc.cycle_names)
    combos = _combos(options)

    def rerun(values: list[str]) -> float:
        at.multiselect(key="siklus").set_value(values)
        started = time.perf_counter()
        at.run()
        elapsed = time.perf_counter() - started
        if at.exception:
            raise RuntimeError(f"page failed: {at.exception[0].message}")
        shown = [c.value for c in at.caption if c.value.startswith("Filter aktif")]
        if shown and not all(v in shown[0] for v in values):  # the page must show what was asked
            raise RuntimeError(f"the page did not apply the filter {values}: {shown[0][:120]}")
        return elapsed

    combos = combos[: max(1, min(runs, len(combos)))]
    for values in combos:  # show every combination once, so that the timed reruns below find it cached
        rerun(values)
    warm = [rerun(combos[i % len(combos)]) for i in range(runs)]
    def empty_caches() -> None:
        """What a new load empties: the cached query results and the charts built from them (the connection and
        the process-wide memos stay: the cost of a new database snapshot is not part of a rerun)."""
        st.cache_data.clear()
        common = sys.modules.get("pages._common")
        if common is not None and hasattr(common, "_figure"):
            common._figure.clear()

    cold = []
    for i in range(runs):
        empty_caches()
        cold.append(rerun(combos[i % len(combos)]))
    # after the timed runs: where a rerun's time goes, under cProfile (which slows Python code down)
    profile_runs = max(1, min(runs, 5))
    for values in combos:  # the cold runs above emptied the cache: fill it again before profiling warm reruns
        rerun(values)
    where_warm = _profile_reruns(lambda i: rerun(combos[i % len(combos)]), profile_runs)
    where_cold = _profile_reruns(lambda i: (empty_caches(), rerun(combos[i % len(combos)])), profile_runs)
    return {
        "where_warm": where_warm,
        "where_cold": where_cold,
        "first_run_seconds": first,
        "charts": charts_drawn,
        "warm": warm,
        "cold": cold,
        "warm_p50": median(warm),
        "warm_p95": percentile(warm, 95),
        "cold_p50": median(cold),
        "cold_p95": percentile(cold, 95),
    }


def run(sizes: list[int], quick: bool = False, log=print, out_dir=None) -> dict:
    """The rerun section: ours and the naive page on the database of each size (the brief asks for 100,000)."""
    from bench.common import run_child
    from bench.data import OUT_DIR, ensure_database

    out_dir = out_dir or OUT_DIR
    entries = []
    for n in sizes:
        path = ensure_database(n, out_dir, log=log)
        runs = 2 if quick else 20
        ours = run_child("bench.rerun:measure", {"db": str(path), "script": str(APP), "runs": runs})
        naive = run_child("bench.rerun:measure", {"db": str(path), "script": str(NAIVE_APP), "runs": runs})
        for label, r in (("ours ", ours), ("naive", naive)):
            log(
                f"    rerun {n:>9,} {label} first {r['first_run_seconds']:6.2f} s | "
                f"warm p50 {r['warm_p50'] * 1000:7.0f} p95 {r['warm_p95'] * 1000:7.0f} ms | "
                f"cold p50 {r['cold_p50'] * 1000:7.0f} p95 {r['cold_p95'] * 1000:7.0f} ms | charts {r['charts']}"
            )
        entries.append({"persons": n, "runs": runs, "ours": ours, "naive": naive})
    return {"sizes": entries}
