"""The benchmark machinery runs end to end on a tiny register and writes its results table (no timing asserts)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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
    assert plan_sizes([200]) == {s: [200] for s in ("load", "profile", "queries", "rerun", "export", "browser")} | {
        "hostile": []  # crafted files of fixed sizes
    }


@pytest.mark.slow
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
    assert load["floor_seconds"] > 0 and load["floor_peak_mb"] > 0

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


def test_cold_start_timeline_is_read_from_the_page_in_seconds_since_launch() -> None:
    from bench.browser import page_timeline

    launched = 1_000.0  # wall clock at launch; the page's clock starts 1.5 s later
    report = {
        "origin": 1_001_500.0,
        "html": 40.0,
        "plotly": [900.0, 1_200.0],
        "probe": {"chart": 3_000.0, "ws": [{"open": 700.0, "messages": [[720.0, 10], [800.0, 20], [2_500.0, 30]]}]},
    }
    kinds = [("new_session", 10), ("el:markdown", 20), ("el:plotly_chart", 30)]
    points = page_timeline(report, kinds, launched)
    expected = {"html_loaded": 1.54, "ws_open": 2.2, "first_delta": 2.3, "plotly_requested": 2.4,
                "plotly_loaded": 2.7, "chart_received": 4.0, "chart": 4.5}  # fmt: skip
    assert {k: round(v, 6) for k, v in points.items()} == expected
    # from a message whose size does not match on, messages are not given a kind (no guessing)
    points = page_timeline(report, [("new_session", 10), ("el:markdown", 21), ("el:plotly_chart", 30)], launched)
    assert points["first_delta"] is None and points["chart_received"] is None and round(points["chart"], 6) == 4.5


def test_report_shows_the_cold_start_timeline() -> None:
    from bench.browser import TIMELINE

    run = {"server_ready": 0.8, "page_to_chart": 4.0, "total": 4.8, "noticed": 4.85,
           "timeline": {key: 0.5 + i * 0.5 for i, (key, _label) in enumerate(TIMELINE)}}  # fmt: skip
    page = {"runs": [run], "total_p50": 4.8, "server_ready_p50": 0.8, "page_to_chart_p50": 4.0, "noticed_p50": 4.85,
            "timeline_p50": run["timeline"]}  # fmt: skip
    results = {
        "machine": {"cpu": "x", "cores": 2, "memory_gb": 4.0, "os": "y", "versions": {}},
        "sections": {"browser": {"sizes": [{"persons": 100_000, "runs": 1, "ours": page, "naive": page}]}},
    }
    text = render(results, "python -m bench --only browser")
    assert "## Cold start to first chart (headless Chromium)" in text
    assert "| Plotly code loaded | 3.00 s | 3.00 s |" in text
    assert "| first chart visible | 4.00 s | 4.00 s |" in text and "| Playwright noticed | 4.85 s | 4.85 s |" in text
    verdicts = {what: ok for what, _m, _r, _t, ok in summary_rows(results)}
    assert verdicts["Cold start to first chart (100,000 rows)"] is True


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
