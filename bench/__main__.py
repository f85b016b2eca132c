"""``python -m bench``: run the benchmarks and write ``bench/RESULTS.md``.

Sections: ``load`` (file → committed database, 1,000 … 1,000,000 persons), ``profile`` (where the loader's time
goes at 100,000 rows), ``queries`` (the dashboard's query functions at 100,000 and 1,000,000 rows), ``rerun``
(a page rerun after a filter change, AppTest, 100,000 rows), ``export`` (Excel export of 10,000 and 100,000
rows), ``browser`` (cold start to first chart in headless Chromium), ``hostile`` (crafted hostile files against
the bundled register's load). Every figure has a baseline measured in the same run. See ``--help``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import shlex
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import Machine  # noqa: E402
from bench.data import OUT_DIR  # noqa: E402

SECTIONS = ("load", "profile", "queries", "rerun", "export", "browser", "hostile")
SECTION_HEADINGS = {"hostile": "## Hostile files: crafted registers"}  # sections that can be added on their own
DEFAULT_SIZES = (1_000, 10_000, 100_000, 1_000_000)
QUICK_SIZES = (1_000, 10_000)


def _sizes(text: str | None) -> list[int] | None:
    if not text:
        return None
    return sorted({int(part.replace("_", "").replace(".", "")) for part in text.split(",") if part.strip()})


def plan_sizes(sizes: list[int]) -> dict[str, list[int]]:
    """Which sizes each section uses, given the load sizes (the sizes of the targets where they are among them)."""
    small = [n for n in sizes if n <= 100_000] or [min(sizes)]
    queries = [n for n in sizes if n >= 100_000] or [max(sizes)]
    export = [n for n in sizes if n in (10_000, 100_000)] or [max(small)]
    one = [100_000] if 100_000 in sizes else [max(small)]
    return {"load": sizes, "profile": one, "queries": queries, "rerun": one, "export": export, "browser": one,
            "hostile": []}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line options."""
    p = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", help="load sizes, comma separated (default 1000,10000,100000,1000000)")
    p.add_argument("--quick", action="store_true", help="one run each, at 1,000 and 10,000 rows unless --sizes")
    p.add_argument("--only", help=f"comma-separated sections: {', '.join(SECTIONS)} (default all)")
    for section in ("queries", "rerun", "export", "browser"):
        p.add_argument(f"--{section}-sizes", help=f"sizes for the {section} section (default: chosen from --sizes)")
    p.add_argument("--out", type=Path, default=OUT_DIR, help="cache and work folder (default bench/out)")
    p.add_argument(
        "--results",
        type=Path,
        default=Path(__file__).resolve().parent / "RESULTS.md",
        help="where to write the Markdown results (default bench/RESULTS.md)",
    )
    p.add_argument("--json", type=Path, help="raw results as JSON (default OUT/results.json)")
    p.add_argument("--fresh", action="store_true", help="do not keep earlier results of sections not run now")
    p.add_argument("--render", action="store_true", help="only rewrite the Markdown from the JSON results")
    return p.parse_args(argv)


def _loadavg() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def run_section(name: str, sizes: list[int], quick: bool, out: Path, log) -> dict:
    """Run one section and return its results with when and how long."""
    from bench import browser, export_bench, load, query_latency, rerun

    before = _loadavg()
    started = time.perf_counter()
    measured_at = dt.datetime.now().astimezone().isoformat(timespec="minutes")
    if name == "load":
        result = load.run(sizes, quick=quick, out_dir=out, log=log)
    elif name == "profile":
        from bench.common import run_child
        from bench.data import ensure_register

        result = run_child("bench.profile_load:measure", {"register": str(ensure_register(sizes[0], out, log=log))})
    elif name == "queries":
        result = query_latency.run(sizes, quick=quick, log=log, out_dir=out)
    elif name == "rerun":
        result = rerun.run(sizes, quick=quick, log=log, out_dir=out)
    elif name == "export":
        result = export_bench.run(sizes, quick=quick, log=log, out_dir=out)
    elif name == "browser":
        result = browser.run(sizes, quick=quick, log=log, out_dir=out)
    elif name == "hostile":
        from bench import hostile

        result = hostile.run(quick=quick, out_dir=out, log=log)
    else:
        raise ValueError(name)
    after = _loadavg()
    result["measured_at"] = measured_at
    result["elapsed_s"] = time.perf_counter() - started
    if before is not None and after is not None:
        result["loadavg"] = [before, after]
    return result


def _write_results(target: Path, results: dict, command: str, written: list[str]) -> None:
    """Write RESULTS.md from ``results``. When they lack sections the file there shows (the earlier results
    are not on this machine: a fresh checkout), only the sections in ``written`` that stand alone are put into
    that file, so the figures of the others stay as they were."""
    from bench.report import render, splice_sections

    complete = all(s in results.get("sections", {}) for s in SECTIONS)
    alone = [s for s in written if s in SECTION_HEADINGS]
    if complete or not target.exists() or not alone:
        target.write_text(render(results, command))
        return
    headings = [SECTION_HEADINGS[s] for s in alone] + ["## How to reproduce"]  # its commands name every section
    target.write_text(splice_sections(target.read_text(), render(results, command), headings))


def main(argv: list[str] | None = None) -> int:
    """Run the chosen sections, merge with earlier results, write JSON and RESULTS.md."""
    args = parse_args(argv)

    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    json_path = args.json or out / "results.json"
    command = "python -m bench" + (" " + shlex.join(argv if argv is not None else sys.argv[1:])).rstrip()
    previous: dict = {}
    if json_path.exists() and not args.fresh:
        previous = json.loads(json_path.read_text())
        for section in previous.get("sections", {}).values():
            section.setdefault("command", previous.get("command", "?"))
    if args.render:
        _write_results(args.results, previous, previous.get("command", command), list(previous.get("sections", {})))
        print(f"wrote {args.results}")
        return 0

    sizes = _sizes(args.sizes) or list(QUICK_SIZES if args.quick else DEFAULT_SIZES)
    plan = plan_sizes(sizes)
    for section in ("queries", "rerun", "export", "browser"):
        override = _sizes(getattr(args, f"{section}_sizes"))
        if override:
            plan[section] = override
    only = [s.strip() for s in args.only.split(",")] if args.only else list(SECTIONS)
    unknown = [s for s in only if s not in SECTIONS]
    if unknown:
        print(f"unknown section(s): {', '.join(unknown)}; choose from {', '.join(SECTIONS)}", file=sys.stderr)
        return 2

    machine = Machine.here()
    results = {
        "machine": asdict(machine),
        "command": command,
        "sections": dict(previous.get("sections", {})),
    }
    print(f"bench: {machine.cpu}, {machine.cores} cores, {machine.memory_gb:.1f} GB — sections {', '.join(only)}")
    def log(message: str) -> None:
        print(message, flush=True)

    for section in only:
        print(f"== {section} ({', '.join(f'{n:,}' for n in plan[section])})", flush=True)
        results["sections"][section] = run_section(section, plan[section], args.quick, out, log)
        results["sections"][section]["command"] = command
        json_path.write_text(json.dumps(results, indent=1, default=str))  # keep what is done if a later one fails
        _write_results(args.results, results, command, only)
    print(f"wrote {args.results} and {json_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
