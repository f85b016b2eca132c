"""Rendering ``bench/RESULTS.md`` from the measured results (a plain dict, also kept as JSON)."""

from __future__ import annotations

from bench.common import fmt_int, fmt_mb, fmt_ms, fmt_ratio, fmt_seconds, met

# The product's speed and memory targets (on a 2-core machine).
TARGETS = {
    "load_speedup": 8.0,  # load of 100,000 rows: at least this many times faster than the naive baseline
    "load_peak_mb": 300.0,  # … with at most this peak memory
    "query_p95_100k": 0.050,  # seconds, every query function, at 100,000 rows
    "query_p95_1m": 0.150,  # … at 1,000,000 rows
    "rerun_p95": 0.150,  # seconds, page rerun after a filter change at 100,000 rows
    "export_speedup": 2.5,  # export of 100,000 rows: at least this many times faster than naive
    "export_peak_mb": 400.0,  # … with at most this peak memory
    "cold_start_s": 5.0,  # streamlit run → first chart visible
}
TARGET_LOAD_ROWS = 100_000
# The page-rerun modes (bench/rerun.py), the target's first: a filter combination not seen before.
RERUN_KINDS = ("new", "warm", "cold")
RERUN_SUMMARY = {
    "new": "Page rerun p95 at 100,000 rows (filter combination not seen before — the target)",
    "warm": "Page rerun p95 at 100,000 rows (warm: combination seen before)",
    "cold": "Page rerun p95 at 100,000 rows (cold: every cache emptied, as after a load)",
}
RERUN_COLUMNS = {"warm": "Warm", "new": "New combination", "cold": "Cold"}
TARGET_EXPORT_ROWS = 100_000


def _by_size(section: dict | None, n: int) -> dict | None:
    for entry in (section or {}).get("sizes", []):
        if entry.get("persons") == n:
            return entry
    return None


def _when(section: dict | None) -> str:
    if not section:
        return ""
    load = section.get("loadavg")
    load_txt = f"; load average before/after: {load[0]:.2f} / {load[1]:.2f}" if load else ""
    return f"_Measured {section.get('measured_at', '?')} in {fmt_seconds(section.get('elapsed_s'))}{load_txt}._"


def summary_rows(results: dict) -> list[tuple[str, str, str, str, bool | None]]:
    """(what, measured, ratio, target, met) for every target, from whatever was measured."""
    sections = results.get("sections", {})
    rows: list[tuple[str, str, str, str, bool | None]] = []
    load = _by_size(sections.get("load"), TARGET_LOAD_ROWS)
    if load:
        speed = load.get("speedup")
        rows.append(
            (
                "Load 100,000 rows: speed vs naive",
                f"{fmt_seconds(load['ours_seconds'])} vs {fmt_seconds(load.get('naive_seconds'))}",
                fmt_ratio(speed),
                f"≥ {TARGETS['load_speedup']:g}× faster",
                None if speed is None else speed >= TARGETS["load_speedup"],
            )
        )
        rows.append(
            (
                "Load 100,000 rows: peak memory",
                fmt_mb(load["ours_peak_mb"]),
                f"naive {fmt_mb(load.get('naive_peak_mb'))}; floor (read + store only) "
                f"{fmt_mb(load.get('floor_peak_mb'))}",
                f"≤ {TARGETS['load_peak_mb']:g} MB",
                load["ours_peak_mb"] <= TARGETS["load_peak_mb"],
            )
        )
    else:
        rows.append(("Load 100,000 rows", "not measured", "—", f"≥ {TARGETS['load_speedup']:g}×, ≤ 300 MB", None))
    for n, key in ((100_000, "query_p95_100k"), (1_000_000, "query_p95_1m")):
        q = _by_size(sections.get("queries"), n)
        if q:
            worst = max(q["cases"], key=lambda c: c["ours_p95"])
            over = [c["query"] for c in q["cases"] if c["ours_p95"] > TARGETS[key]]
            over_text = ", ".join(over) if len(over) <= 3 else f"{len(over)} of {len(q['cases'])} functions"
            ratio = sum(c["pandas_p50"] for c in q["cases"]) / max(sum(c["ours_p50"] for c in q["cases"]), 1e-12)
            rows.append(
                (
                    f"Query p95 at {n:,} rows (worst function)",
                    f"{fmt_ms(worst['ours_p95'])} ({worst['query']})" + (f"; over target: {over_text}" if over else ""),
                    f"{fmt_ratio(ratio)} (sum of p50s, pandas / ours)",
                    f"≤ {fmt_ms(TARGETS[key])}",
                    not over,
                )
            )
        else:
            rows.append((f"Query p95 at {n:,} rows", "not measured", "—", f"≤ {fmt_ms(TARGETS[key])}", None))
    rerun = _by_size(sections.get("rerun"), 100_000)
    if rerun:
        ours, naive = rerun["ours"], rerun["naive"]
        for kind in RERUN_KINDS:
            if f"{kind}_p95" not in ours:  # results from before the mode was measured
                rows.append((RERUN_SUMMARY[kind], "not measured", "—", f"≤ {fmt_ms(TARGETS['rerun_p95'])}", None))
                continue
            rows.append(
                (
                    RERUN_SUMMARY[kind],
                    f"{fmt_ms(ours[f'{kind}_p95'])} (p50 {fmt_ms(ours[f'{kind}_p50'])})",
                    fmt_ratio(naive[f"{kind}_p95"] / ours[f"{kind}_p95"]) + " vs naive page"
                    if f"{kind}_p95" in naive
                    else "—",
                    f"≤ {fmt_ms(TARGETS['rerun_p95'])}",
                    ours[f"{kind}_p95"] <= TARGETS["rerun_p95"],
                )
            )
    else:
        rows.append(("Page rerun p95 at 100,000 rows", "not measured", "—", "≤ 150 ms", None))
    exp = _by_size(sections.get("export"), TARGET_EXPORT_ROWS)
    if exp:
        rows.append(
            (
                "Export 100,000 rows: speed vs naive",
                f"{fmt_seconds(exp['ours_seconds'])} vs {fmt_seconds(exp['naive_seconds'])}",
                fmt_ratio(exp["speedup"]),
                f"≥ {TARGETS['export_speedup']:g}× faster",
                exp["speedup"] is not None and exp["speedup"] >= TARGETS["export_speedup"],
            )
        )
        rows.append(
            (
                "Export 100,000 rows: peak memory",
                fmt_mb(exp["ours_peak_mb"]),
                f"naive {fmt_mb(exp['naive_peak_mb'])}",
                f"≤ {TARGETS['export_peak_mb']:g} MB",
                exp["ours_peak_mb"] <= TARGETS["export_peak_mb"],
            )
        )
    else:
        missing = (sections.get("export") or {}).get("missing", "not measured")
        rows.append(("Export 100,000 rows", missing, "—", "≥ 2.5×, ≤ 400 MB", None))
    cold_section = sections.get("browser")
    cold = (cold_section or {}).get("sizes", [])
    if cold:
        entry = _by_size(cold_section, 100_000) or cold[-1]
        ours, naive = entry["ours"], entry["naive"]
        rows.append(
            (
                f"Cold start to first chart ({entry['persons']:,} rows)",
                f"{fmt_seconds(ours['total_p50'])} (median)",
                fmt_ratio(naive["total_p50"] / ours["total_p50"]) + " vs naive page",
                f"≤ {TARGETS['cold_start_s']:g} s",
                ours["total_p50"] <= TARGETS["cold_start_s"],
            )
        )
    else:
        missing = (cold_section or {}).get("missing", "not measured")
        rows.append(("Cold start to first chart", missing, "—", "≤ 5 s", None))
    return rows


def _browser_timeline(browser: dict) -> list[str]:
    """The median timeline of the cold starts (seconds since launch), one column per page measured."""
    from bench.browser import TIMELINE

    lines: list[str] = []
    for e in browser.get("sizes", []):
        pages = [(name, e[name]) for name in ("ours", "naive") if e.get(name, {}).get("timeline_p50")]
        if not pages:
            continue  # measured before the timeline existed
        header = ["Median time since launch", *("ours (app.py)" if n == "ours" else "naive page" for n, _ in pages)]
        rows = [[label, *(fmt_seconds(r["timeline_p50"].get(key)) for _, r in pages)] for key, label in TIMELINE]
        rows.append(["Playwright noticed", *(fmt_seconds(r.get("noticed_p50")) for _, r in pages)])
        lines += [f"Timeline of the cold starts ({fmt_int(e['persons'])} persons; medians of each point):", ""]
        lines += _table(header, rows)
        lines += [
            "",
            "*HTML loaded*: the page's own response. *Websocket open*: Streamlit's browser code is loaded and "
            "connects. *First element received*: the first page element arrives in the page (the server has "
            "started the script run). *Plotly code*: Streamlit's 4.7 MB chart code (requested when the first chart "
            "arrives, or earlier when the app asks for it). *First chart received*: its message arrives in the page; "
            "*visible*: drawn. Arrival times are when the page handles the message, so they are late while the "
            "browser is busy. *Playwright noticed*: when the benchmark's wait returned (polling every 50 ms).",
            "",
        ]
    return lines


HOSTILE_HEADING = "## Hostile files: crafted registers"


def _outcome(run: dict | None) -> str:
    """How a run ended, in a few words (a refusal with the start of its reason)."""
    if not run:
        return "—"
    status = run.get("status")
    if status == "gagal":
        reason = (run.get("error") or "").replace("|", "/")
        return "refused: " + (reason[:70] + "…" if len(reason) > 70 else reason)
    if status in ("dimuat", "diganti"):
        longest = run.get("longest_stored")
        return f"loaded {fmt_int(run.get('rows_loaded'))} rows" + (
            f" (longest name {fmt_int(longest)} chars)" if longest else "")
    if status == "uji":
        return f"dry run: {fmt_int(run.get('rows_loaded'))} rows"
    return str(status or "—")


def _hostile(section: dict | None) -> list[str]:
    """The hostile-files section: each crafted file loaded and dry-run, against the bundled register's load."""
    if not section:
        return []
    base = section["baseline"]
    lines = [HOSTILE_HEADING, "", _when(section), ""]
    lines += [
        f"Baseline in the same run: loading the bundled register `{base['file']}` took "
        f"{fmt_seconds(base['seconds'])} at {fmt_mb(base.get('peak_rss_mb'))} peak (median of "
        f"{len(base.get('seconds_all', [base['seconds']]))} runs). *× base* is a run's time and "
        "peak divided by the baseline's. A run still going after "
        f"{section['timeout_s']:.0f} s is stopped.",
        "",
    ]
    rows = []
    for case in section["cases"]:
        for mode, label in (("load", "load (command line)"), ("dry", "dry run (upload page)")):
            run = case.get(mode)
            if run is None:
                continue
            seconds, peak = run.get("seconds"), run.get("peak_rss_mb")
            rows.append([
                f"`{case['key']}`", case["what"], f"{case['file_mb']:.1f} MB", label, fmt_seconds(seconds),
                fmt_mb(peak),
                f"{fmt_ratio(seconds / base['seconds'])} / {fmt_ratio(peak / base['peak_rss_mb'])}" if peak else "—",
                _outcome(run),
            ])  # fmt: skip
    lines += _table(["File", "What it is", "Size", "Run", "Time", "Peak", "× base (time / peak)", "Outcome"], rows)
    lines += [
        "",
        "Each run is `load_paths` on the file alone in a fresh child process (peak = its `VmHWM`, the interpreter "
        "with its imports included). *Load* is what `python -m loaders` does; the *dry run* is what the upload "
        "page does in the server as soon as a file is chosen, within the page's bound on cells "
        "(`netralitas.uploads.MAX_UPLOAD_CELLS`, counted before a sheet is parsed). `rows_1m` is not hostile in "
        "form — a register of a million rows that compress well into 20 MB — and on the command line costs what "
        "a million rows cost; `rows_cap` is the largest such register the upload page reads.",
        "",
    ]
    return lines


def splice_sections(existing: str, rendered: str, headings: list[str]) -> str:
    """``existing`` Markdown with the sections under ``headings`` taken from ``rendered`` (replaced where they
    are, else put before *How to reproduce*); the rest of ``existing`` — figures of sections not run now —
    stays as it was."""

    def blocks(text: str) -> dict[str, str]:
        out: dict[str, str] = {}
        parts = text.split("\n## ")
        for part in parts[1:]:
            out["## " + part.split("\n", 1)[0]] = "## " + part.rstrip("\n") + "\n"
        return out

    fresh = blocks(rendered)
    current = blocks(existing)
    for heading in headings:
        block = fresh.get(heading)
        if block is None:
            continue
        if heading in current:
            existing = existing.replace(current[heading], block)
        else:
            existing = existing.replace("## How to reproduce", block + "\n## How to reproduce", 1)
    return existing


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return out


def render(results: dict, command: str) -> str:
    """The whole RESULTS.md."""
    m = results.get("machine", {})
    sections = results.get("sections", {})
    by_command: dict[str, list[str]] = {}
    for name, section in sections.items():
        by_command.setdefault(section.get("command", command), []).append(name)
    produced = "; ".join(f"`{cmd}` ({', '.join(names)})" for cmd, names in by_command.items()) or f"`{command}`"
    lines = [
        "# Benchmarks — Dasbor Netralitas ASN",
        "",
        f"Produced by {produced}. Every figure is measured on this machine in the same run as its naive baseline; "
        "a **ratio** is baseline time ÷ our time (above 1× means ours is faster). "
        "Targets are the product's speed and memory targets (summary below). "
        "Method and caveats are at the end.",
        "",
        "## Machine",
        "",
        f"- CPU: {m.get('cpu', '?')} — {m.get('cores', '?')} cores available to the run",
        f"- Memory: {m.get('memory_gb', 0):.1f} GB",
        f"- OS: {m.get('os', '?')}",
        "- Versions: " + ", ".join(f"{k} {v}" for k, v in m.get("versions", {}).items()),
        "",
        "## Summary against the targets",
        "",
    ]
    lines += _table(
        ["Target", "Ours (measured)", "Ratio / baseline", "Target", "Met?"],
        [[a, b, c, d, met(e)] for a, b, c, d, e in summary_rows(results)],
    )
    lines += [""]
    misses = [a for a, _b, _c, _d, e in summary_rows(results) if e is False]
    if misses:
        lines += [
            "**Not met:** " + "; ".join(misses) + ". See the sections below and *Where the loader's time goes*.",
            "",
        ]

    load = sections.get("load")
    if load:
        lines += ["## Load: register file → committed database", "", _when(load), ""]
        rows = []
        for e in load["sizes"]:
            rows.append(
                [
                    fmt_int(e["persons"]),
                    f"{e['register_mb']:.1f} MB",
                    fmt_seconds(e["ours_seconds"]),
                    fmt_int(e["ours_rows_per_s"]),
                    fmt_mb(e["ours_peak_mb"]),
                    fmt_seconds(e.get("naive_seconds")),
                    fmt_int(e.get("naive_rows_per_s")),
                    fmt_mb(e.get("naive_peak_mb")),
                    fmt_ratio(e.get("speedup")),
                    fmt_seconds(e.get("floor_seconds")),
                    fmt_mb(e.get("floor_peak_mb")),
                    f"{e['runs_ours']} / {e['runs_naive']}",
                ]
            )
        lines += _table(
            ["Persons", "File", "Ours", "Ours rows/s", "Ours peak", "Naive", "Naive rows/s", "Naive peak",
             "Ratio", "Floor", "Floor peak", "Runs (ours / naive)"],
            rows,
        )  # fmt: skip
        first = load["sizes"][0]
        lines += [
            "",
            f"Peak = peak resident memory of the loading process (the Python interpreter with its imports is "
            f"already {fmt_mb(first['ours_imports_mb'])} for ours, {fmt_mb(first.get('naive_imports_mb'))} for "
            "the naive script). Times are medians; with one run (1,000,000 rows) the single measurement is shown. "
            "*Floor*: the least a loader on this stack does — every sheet read as text by fastexcel and appended "
            "to one DuckDB table in one transaction, with our imports; no layout finding, normalising, raw JSON "
            "or checks. It is not a competitor (it loads nothing a page could use) but a lower bound: what the "
            "reader, DuckDB and the imports take on this machine.",
            "",
        ]
    profile = sections.get("profile")
    if profile:
        lines += [
            f"### Where the loader's time goes ({fmt_int(profile['rows'])} rows)",
            "",
            _when(profile),
            "",
        ]
        lines += [
            "Each stage timed on its own; the load itself overlaps them on two cores (the next sheet is read "
            "while one is parsed, a writer thread inserts a sheet while the next is normalised) and adds storing, "
            "so the shares can add up to more than 100 %.",
            "",
        ]
        lines += _table(
            ["Stage", "Seconds", "Share of the load"],
            [[stage, fmt_seconds(s), f"{100 * s / profile['total_s']:.0f} %"] for stage, s in profile["stages"].items()]
            + [["**the whole load (load_paths, with storing)**", fmt_seconds(profile["total_s"]), "100 %"]],
        )
        lines += ["", "Top functions by own time under cProfile (the profiler itself slows Python code down):", ""]
        lines += _table(
            ["Function", "Calls", "Own", "Cumulative"],
            [
                [f"`{f['function']}`", fmt_int(f["calls"]), fmt_seconds(f["own_s"]), fmt_seconds(f["cumulative_s"])]
                for f in profile["top_functions"]
            ],
        )
        lines += [""]

    queries = sections.get("queries")
    if queries:
        lines += ["## Dashboard queries: latency per call", "", _when(queries), ""]
        for e in queries["sizes"]:
            target = TARGETS["query_p95_100k"] if e["persons"] <= 100_000 else TARGETS["query_p95_1m"]
            lines += [
                f"### {fmt_int(e['rows'])} rows",
                "",
                f"Filters: {'; '.join(e['filters'])}. Samples per function: {e['cases'][0]['samples_ours']} ours "
                f"({e['runs']} per filter), {e['cases'][0]['samples_pandas']} pandas ({e['pandas_runs']} per filter). "
                f"The baseline first reads the table into a DataFrame once: {fmt_seconds(e['pandas_read_seconds'])} "
                "(not counted below).",
                "",
            ]
            rows = []
            for c in e["cases"]:
                rows.append(
                    [
                        f"`{c['query']}`",
                        fmt_ms(c["ours_p50"]),
                        fmt_ms(c["ours_p95"]),
                        fmt_ms(c["pandas_p50"]),
                        fmt_ms(c["pandas_p95"]),
                        fmt_ratio(c["pandas_p50"] / c["ours_p50"] if c["ours_p50"] else None),
                        f"≤ {fmt_ms(target)}",
                        met(c["ours_p95"] <= target),
                        "yes" if c["agree"] else "**NO**",
                    ]
                )
            lines += _table(
                ["Query", "Ours p50", "Ours p95", "pandas p50", "pandas p95", "Ratio (p50)", "Target p95", "Met?",
                 "Same result?"],
                rows,
            )  # fmt: skip
            slow = [(c["query"], p) for c in e["cases"] for p in c["per_filter"] if p["ours_p95"] > target]
            if slow:
                lines += ["", "Filter combinations over the target:", ""]
                lines += _table(
                    ["Query", "Filter", "Result rows", "Ours p50", "Ours p95", "pandas p50"],
                    [
                        [f"`{q}`", p["filter"], fmt_int(p["result_rows"]), fmt_ms(p["ours_p50"]),
                         fmt_ms(p["ours_p95"]), fmt_ms(p["pandas_p50"])]
                        for q, p in slow
                    ],
                )  # fmt: skip
            lines += [""]

    rerun = sections.get("rerun")
    if rerun:
        lines += ["## Page rerun after a filter change (AppTest, Ringkasan)", "", _when(rerun), ""]
        rows = []
        kinds = [k for k in ("warm", "new", "cold") if any(f"{k}_p50" in e["ours"] for e in rerun["sizes"])]
        for e in rerun["sizes"]:
            for name in ("ours", "naive"):
                r = e[name]
                row = [fmt_int(e["persons"]), "ours (app.py)" if name == "ours" else "naive page",
                       fmt_seconds(r["first_run_seconds"])]
                for kind in kinds:
                    row += [fmt_ms(r.get(f"{kind}_p50")), fmt_ms(r.get(f"{kind}_p95"))]
                rows.append([*row, str(r["charts"])])
        header = ["Persons", "Page", "First run"]
        for kind in kinds:
            header += [f"{RERUN_COLUMNS[kind]} p50", f"{RERUN_COLUMNS[kind]} p95"]
        lines += _table([*header, "Charts"], rows)
        for e in rerun["sizes"]:
            ours = e["ours"]
            if not ours.get("where_warm"):
                continue
            lines += [
                "",
                f"Where a rerun of ours spends its time ({fmt_int(e['persons'])} persons; cProfile on the script "
                "thread, which inflates Python-heavy code — read the shares, not the absolute times):",
                "",
            ]
            profiled = [k for k in kinds if ours.get(f"where_{k}")]
            where = {k: {r["function"]: r for r in ours[f"where_{k}"]} for k in profiled}
            names: list[str] = []
            for k in profiled:
                names += [r["function"] for r in ours[f"where_{k}"] if r["function"] not in names]
            lines += _table(
                ["Function (cumulative)", *[f"{RERUN_COLUMNS[k]}, per rerun" for k in profiled]],
                [
                    [f"`{name}`", *[fmt_ms(where[k][name]["cumulative_s"]) if name in where[k] else "—"
                                    for k in profiled]]
                    for name in names
                ],
            )
        runs = rerun["sizes"][0]["runs"]
        lines += [
            "",
            f"{runs} reruns of each kind, interleaved (one warm, one new-combination and one cold rerun per round, on "
            "the same filter combinations). *Warm*: the filter combination was shown before; its query results come "
            "from `st.cache_data` and its charts from the chart cache. *New combination* (the target's mode): a "
            "combination not shown since the caches were emptied — the sidebar's unfiltered queries and the "
            "connection are cached, the page's queries for the new filter and its charts are not (measured by "
            "emptying every cache, showing another combination untimed, then timing the change). *Cold*: every query "
            "and chart cache emptied first — what the first visitor after a load meets. *First run*: the first script "
            "run in a fresh process (imports, connection). Not included: the websocket trip and the browser drawing.",
            "",
        ]

    export = sections.get("export")
    if export:
        lines += ["## Excel export", "", _when(export), ""]
        if export.get("missing"):
            lines += [f"Not measured: {export['missing']}.", ""]
        rows = []
        for e in export.get("sizes", []):
            rows.append(
                [
                    fmt_int(e["rows"]),
                    fmt_seconds(e["ours_seconds"]),
                    fmt_mb(e["ours_peak_mb"]),
                    f"{e['ours_mb']:.1f} MB",
                    fmt_seconds(e["naive_seconds"]),
                    fmt_mb(e["naive_peak_mb"]),
                    f"{e['naive_mb']:.1f} MB",
                    fmt_ratio(e["speedup"]),
                    str(e["runs"]),
                ]
            )
        if rows:
            lines += _table(
                ["Rows", "Ours", "Ours peak", "Ours file", "Naive", "Naive peak", "Naive file", "Ratio", "Runs"], rows
            )
            lines += [
                "",
                "Ours: `netralitas.export.build_xlsx` (summary, data and pivot sheets; the bytes the download button "
                'serves). Naive: `queries.case_rows` (all rows) → `DataFrame.to_excel(engine="openpyxl")` (data '
                "sheet only). Both masked (guest). Peak = peak resident memory of the exporting process.",
                "",
            ]

    browser = sections.get("browser")
    if browser:
        lines += ["## Cold start to first chart (headless Chromium)", "", _when(browser), ""]
        if browser.get("missing"):
            lines += [f"Not measured: {browser['missing']}.", ""]
        rows = []
        for e in browser.get("sizes", []):
            for name in ("ours", "naive"):
                r = e[name]
                rows.append(
                    [
                        fmt_int(e["persons"]),
                        "ours (app.py)" if name == "ours" else "naive page",
                        fmt_seconds(r["total_p50"]),
                        fmt_seconds(r["server_ready_p50"]),
                        fmt_seconds(r["page_to_chart_p50"]),
                        ", ".join(f"{s['total']:.2f}" for s in r["runs"]),
                    ]
                )
        if rows:
            lines += _table(
                ["Persons", "Page", "Total (median)", "Server ready", "Page → first chart", "All runs (s)"], rows
            )
            lines += [
                "",
                "Clock starts when `streamlit run` is launched; stops when the first `.js-plotly-plot` is visible "
                "(noted in the page on the first animation frame that shows it). A fresh server process and a fresh "
                "browser context each run; the browser is launched beforehand. Operating-system file caches are warm "
                "(it is not a cold boot).",
                "",
            ]
            lines += _browser_timeline(browser)

    lines += _hostile(sections.get("hostile"))

    lines += [
        "## How to reproduce",
        "",
        "```",
        "python -m bench                          # everything, 1,000 … 1,000,000 rows: ~20 min on 2 quiet cores",
        "python -m bench --quick                  # one run each at 1,000 and 10,000 rows (a minute or two)",
        "python -m bench --sizes 1000,10000       # chosen sizes (load); other sections use what fits",
        "python -m bench --only load,queries      # some sections; the others keep their last results",
        "python -m bench --render                 # only rewrite RESULTS.md from bench/out/results.json",
        "python -m bench --only hostile           # crafted hostile files against the bundled register's load",
        "python -m bench.browser --trace-server   # cold-start timelines of app.py, with the server's script run",
        "```",
        "",
        "Synthetic registers (seeded `netralitas.demo_data.generate_demo_persons` in the messy layout: four title "
        "rows, header in row 5, a JUMLAH row, one sheet per cycle) are generated once into `bench/out/` "
        "(git-ignored) and reused (the file name carries a fingerprint of the generator's code); writing the "
        "1,000,000-row register the first time adds 3–7 minutes. The benchmark databases are rebuilt by the real "
        "loader whenever the register or the loader's code is newer than them.",
        "",
        "## Method and caveats",
        "",
        "- Load: each run in a fresh child process (`bench/child.py`); peak memory is that process's `VmHWM`. "
        "Ours: `loaders.pipeline.load_paths([file], db)` into a new database — reading, layout finding, "
        "normalising every cell, keeping each raw row as JSON, quality notes, duplicate check, one transaction, "
        'atomic file swap. Naive: `pandas.read_excel(sheet_name=None, engine="openpyxl", header=4)` (told the '
        "header row the real loader has to find), `concat`, mixed columns to text, `CREATE TABLE AS` in DuckDB. It "
        "normalises nothing, so the two do different amounts of work; the ratio compares what a user waits for.",
        "- Queries: the real functions of `netralitas.queries`, a fresh cursor per call; the pandas twin of each "
        "is checked to give the same result under every filter (column *Same result?*). p50/p95 pool all filter "
        "combinations of a function.",
        "- The machine may be shared: the load average before and after each section is printed under its "
        "heading; a busy machine makes every figure (ours and baseline alike) slower. On this machine p95 latencies "
        "moved by up to 40 % between runs minutes apart (e.g. warm page rerun p50 135 ms, then 188 ms): re-run a "
        "section with `--only` before reading much into a small difference.",
        "- Not measured here: the websocket trip and browser drawing of a rerun; a cold operating-system cache.",
        "",
    ]
    return "\n".join(lines)
