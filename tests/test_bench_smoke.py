"""The benchmark machinery runs end to end on a tiny register and writes its results table (no timing asserts)."""

from __future__ import annotations

import json
from pathlib import Path

from bench.__main__ import main, plan_sizes
from bench.common import median, percentile
from bench.report import render, summary_rows


def test_percentiles_interpolate_like_numpy() -> None:
    assert median([3.0, 1.0, 2.0]) == 2.0
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([0.0, 10.0], 95) == 9.5
    assert percentile([7.0], 95) == 7.0


def test_sections_use_the_brief_sizes_when_they_are_among_the_load_sizes() -> None:
    plan = plan_sizes([1_000, 10_000, 100_000, 1_000_000])
    assert plan["queries"] == [100_000, 1_000_000]
    assert plan["rerun"] == [100_000] and plan["browser"] == [100_000] and plan["profile"] == [100_000]
    assert plan["export"] == [10_000, 100_000]
    assert plan_sizes([200]) == {s: [200] for s in ("load", "profile", "queries", "rerun", "export", "browser")}


def test_bench_runs_on_200_rows_and_writes_results(tmp_path: Path) -> None:
    results_md = tmp_path / "RESULTS.md"
    results_json = tmp_path / "results.json"
    code = main(
        [
            "--quick", "--sizes", "200", "--only", "load,profile,queries,rerun,export",
            "--out", str(tmp_path / "out"), "--results", str(results_md), "--json", str(results_json),
        ]
    )  # fmt: skip
    assert code == 0
    data = json.loads(results_json.read_text())
    sections = data["sections"]
    assert set(sections) == {"load", "profile", "queries", "rerun", "export"}

    load = sections["load"]["sizes"][0]
    assert load["persons"] == 200 and load["rows_loaded"] == 200
    assert load["ours_seconds"] > 0 and load["naive_seconds"] > 0 and load["speedup"] > 0
    assert load["ours_peak_mb"] > 0 and load["naive_peak_mb"] > 0

    assert sections["profile"]["rows"] == 200 and sections["profile"]["top_functions"]

    queries = sections["queries"]["sizes"][0]
    assert queries["rows"] == 200
    # the pandas baseline must compute the same figures as the query layer, or its ratio means nothing
    assert all(case["agree"] for case in queries["cases"]), [c["query"] for c in queries["cases"] if not c["agree"]]
    measured = {c["query"] for c in queries["cases"]}
    assert {"headline", "funnel", "monthly_timeline", "follow_up_summary", "follow_up (page of 1,000)"} <= measured

    rerun = sections["rerun"]["sizes"][0]
    assert rerun["ours"]["charts"] >= 1 and rerun["naive"]["charts"] >= 1
    assert len(rerun["ours"]["warm"]) == len(rerun["ours"]["cold"]) == rerun["runs"]
    assert len(rerun["ours"]["new"]) == len(rerun["naive"]["new"]) == rerun["runs"]  # a combination not seen before

    export = sections["export"]
    if not export.get("missing"):
        assert export["sizes"][0]["rows"] == 200 and export["sizes"][0]["ours_mb"] > 0

    text = results_md.read_text()
    assert text.startswith("# Benchmarks")
    for heading in ("## Machine", "## Summary against the targets", "## Load", "## Dashboard queries",
                    "## Page rerun", "## How to reproduce"):  # fmt: skip
        assert heading in text
    assert "| 200 |" in text  # the load table has the 200-row line
    assert "| Target | Ours (measured) | Ratio / baseline | Target | Met? |" in text
    assert "New combination p95" in text


def test_report_says_plainly_when_a_target_is_missed() -> None:
    results = {
        "machine": {"cpu": "x", "cores": 2, "memory_gb": 4.0, "os": "y", "versions": {}},
        "sections": {
            "load": {
                "sizes": [
                    {
                        "persons": 100_000, "register_mb": 9.0, "rows_loaded": 100_000, "runs_ours": 1,
                        "runs_naive": 1, "ours_seconds": 10.0, "ours_rows_per_s": 10_000.0, "ours_peak_mb": 500.0,
                        "ours_imports_mb": 70.0, "naive_seconds": 20.0, "naive_rows_per_s": 5_000.0,
                        "naive_peak_mb": 900.0, "naive_imports_mb": 120.0, "speedup": 2.0,
                    }
                ]
            }
        },
    }  # fmt: skip
    verdicts = {what: ok for what, _m, _r, _t, ok in summary_rows(results)}
    assert verdicts["Load 100,000 rows: speed vs naive"] is False
    assert verdicts["Load 100,000 rows: peak memory"] is False
    text = render(results, "python -m bench")
    assert "**Not met:**" in text and "**NO**" in text


def test_rerun_target_row_uses_a_filter_combination_not_seen_before() -> None:
    def timings(warm: float, new: float, cold: float) -> dict:
        return {"first_run_seconds": 1.0, "charts": 4, "warm_p50": warm, "warm_p95": warm, "new_p50": new,
                "new_p95": new, "cold_p50": cold, "cold_p95": cold}  # fmt: skip

    results = {
        "machine": {"cpu": "x", "cores": 2, "memory_gb": 4.0, "os": "y", "versions": {}},
        "sections": {"rerun": {"sizes": [{"persons": 100_000, "runs": 3, "ours": timings(0.05, 0.12, 0.2),
                                          "naive": timings(0.5, 0.6, 1.0)}]}},
    }  # fmt: skip
    rows = {what: (measured, ok) for what, measured, _r, _t, ok in summary_rows(results)}
    target = next(what for what in rows if "not seen before" in what and "the target" in what)
    assert rows[target] == ("120 ms (p50 120 ms)", True)
    cold = next(what for what in rows if "cold" in what)
    assert rows[cold] == ("200 ms (p50 200 ms)", False)
    text = render(results, "python -m bench")
    assert "**Not met:**" in text and "cold" in text.split("**Not met:**")[1].split("\n")[0]

    # results measured before the mode existed still render, the target row says it was not measured
    for entry in results["sections"]["rerun"]["sizes"]:
        for side in ("ours", "naive"):
            for key in ("new_p50", "new_p95"):
                del entry[side][key]
    rows = {what: (measured, ok) for what, measured, _r, _t, ok in summary_rows(results)}
    assert rows[target] == ("not measured", None)
    assert "Warm p95" in render(results, "python -m bench")
