"""Page-rerun benchmark: the Ringkasan page rerun after a sidebar filter change, driven by ``AppTest``.

A rerun is what happens on the server when a user changes a filter: the whole page script runs again, its
queries are answered from ``st.cache_data`` when the same question was asked before (warm) or by DuckDB
(cold), and its charts come from the chart cache (warm) or are built again (cold). Timed here: ``AppTest.run()``
after ``multiselect(key="siklus").set_value``. Not timed: the websocket trip and the browser drawing the charts.

- **warm**: the filter combination was shown before (its query results and charts are cached);
- **new combination**: a filter combination not shown since the caches were last emptied — the filter-independent
  caches (the sidebar's unfiltered queries, the connection, the data version) are warm, the page's queries for
  the new filter and its charts are not. This is what a user changing a filter meets, and the mode of the
  target. Measured as: empty every cache, show another combination (untimed: it warms what does not
  depend on the filter), then time the rerun to the combination;
- **cold**: every query result and every chart emptied before the rerun — what the first visitor after a new
  load meets (a load changes the data version, so every cached result misses).

The three are interleaved (one of each per round, on the same combinations), so a busy moment of a shared machine
falls on all three alike.

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


def _profile_reruns(prepare, do_rerun, runs: int, top: int = 14) -> list[dict]:
    """Run ``prepare(i)`` (not profiled) and then ``do_rerun(i)`` with cProfile on the script thread, ``runs``
    times; the costliest project and Streamlit-element functions by cumulative time per rerun."""
    import cProfile
    import pstats

    from streamlit.runtime.scriptrunner import script_runner

    runner = script_runner.ScriptRunner
    if not hasattr(runner, "_run_script"):
        return []
    profiler = cProfile.Profile()
    original = runner._run_script
    active = [False]

    def profiled(self, *args, **kwargs):
        if not active[0]:
            return original(self, *args, **kwargs)
        profiler.enable()
        try:
            return original(self, *args, **kwargs)
        finally:
            profiler.disable()

    runner._run_script = profiled
    try:
        for i in range(runs):
            prepare(i)
            active[0] = True
            try:
                do_rerun(i)
            finally:
                active[0] = False
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


MODES = ("warm", "new", "cold")


def measure(db: str, script: str, runs: int) -> dict:
    """First run, then ``runs`` rounds of one warm, one new-combination and one cold rerun after a change of the
    cycle filter (see the module docstring), and a cProfile of a few reruns of each kind."""
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
    combos = combos[: max(2, min(runs, len(combos)))]  # "new" needs another combination to come from

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

    def empty_caches() -> None:
        """What a new load empties: the cached query results and the charts built from them (the connection and
        the process-wide memos stay: the cost of a new database snapshot is not part of a rerun)."""
        st.cache_data.clear()
        figures = sys.modules.get("pages.shared.figures")
        if figures is not None:
            figures.clear_figures()

    def target(i: int) -> list[str]:
        return combos[i % len(combos)]

    def other(i: int) -> list[str]:
        return combos[(i + 1) % len(combos)]

    def prepare_new(i: int) -> None:
        """Empty every cache, then show another combination (untimed): the filter-independent caches are warm
        again, nothing of ``target(i)`` is cached."""
        empty_caches()
        rerun(other(i))

    def prepare_warm(i: int) -> None:
        rerun(target(i))  # shown once: the timed rerun below comes back to it from another combination
        rerun(other(i))

    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    for i in range(runs):
        prepare_new(i)
        times["new"].append(rerun(target(i)))
        times["warm"].append(rerun(other(i)))  # shown just before the timed "new" rerun: cached
        empty_caches()
        times["cold"].append(rerun(target(i)))
    # after the timed runs: where a rerun's time goes, under cProfile (which slows Python code down)
    profile_runs = max(1, min(runs, 5))
    where = {
        "warm": _profile_reruns(prepare_warm, lambda i: rerun(target(i)), profile_runs),
        "new": _profile_reruns(prepare_new, lambda i: rerun(target(i)), profile_runs),
        "cold": _profile_reruns(lambda i: empty_caches(), lambda i: rerun(target(i)), profile_runs),
    }
    out: dict = {"first_run_seconds": first, "charts": charts_drawn}
    for mode in MODES:
        out[f"where_{mode}"] = where[mode]
        out[mode] = times[mode]
        out[f"{mode}_p50"] = median(times[mode])
        out[f"{mode}_p95"] = percentile(times[mode], 95)
    return out


def run(sizes: list[int], quick: bool = False, log=print, out_dir=None) -> dict:
    """The rerun section: ours and the naive page on the database of each size (the target is set at 100,000 rows)."""
    from bench.common import run_child
    from bench.data import OUT_DIR, ensure_database

    out_dir = out_dir or OUT_DIR
    entries = []
    for n in sizes:
        path = ensure_database(n, out_dir, log=log)
        runs = 2 if quick else 40  # p95 of 40 samples: one slow rerun does not set it alone
        ours = run_child("bench.rerun:measure", {"db": str(path), "script": str(APP), "runs": runs})
        naive = run_child("bench.rerun:measure", {"db": str(path), "script": str(NAIVE_APP), "runs": runs})
        for label, r in (("ours ", ours), ("naive", naive)):
            log(
                f"    rerun {n:>9,} {label} first {r['first_run_seconds']:6.2f} s | "
                f"warm p50 {r['warm_p50'] * 1000:7.0f} p95 {r['warm_p95'] * 1000:7.0f} ms | "
                f"new combination p50 {r['new_p50'] * 1000:7.0f} p95 {r['new_p95'] * 1000:7.0f} ms | "
                f"cold p50 {r['cold_p50'] * 1000:7.0f} p95 {r['cold_p95'] * 1000:7.0f} ms | charts {r['charts']}"
            )
        entries.append({"persons": n, "runs": runs, "ours": ours, "naive": naive})
    return {"sizes": entries}
