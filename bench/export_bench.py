"""Excel export benchmark: the product's export workbook against a naive ``DataFrame.to_excel(engine="openpyxl")``.

Ours: :func:`netralitas.export.build_xlsx` — what the Data Kasus page's download button calls: the workbook as
bytes (Ringkasan sheet, Data sheet with every filtered person, Rekap sheet), rows streamed from DuckDB in chunks
straight into the Data sheet's XML (the rest written by xlsxwriter). Baseline: the same persons fetched with
``queries.case_rows`` (no limit) into one DataFrame and written with ``DataFrame.to_excel(engine="openpyxl")`` into
bytes — the data sheet only.
Both mask names and NIP (guest viewer). Every run in a fresh child process, for its own peak memory.
"""

from __future__ import annotations

import io
import time

from bench.common import current_rss_mb, median, peak_rss_mb, run_child


def ours_once(db: str) -> dict:
    """Build the export workbook of every row in ``db`` with the product's export; time it."""
    from pathlib import Path

    from netralitas import db as dbmod
    from netralitas import export
    from netralitas.queries import Filters, Viewer

    con = dbmod.connect_readonly(Path(db))
    rss_after_imports = current_rss_mb()
    started = time.perf_counter()
    data = export.build_xlsx(con, Filters(), Viewer())
    seconds = time.perf_counter() - started
    persons = con.execute("SELECT count(*) FROM violations").fetchone()[0]
    con.close()
    return {
        "seconds": seconds,
        "bytes": len(data),
        "rows": int(persons),
        "rss_after_imports_mb": rss_after_imports,
        "peak_rss_mb": peak_rss_mb(),
    }


def naive_once(db: str) -> dict:
    """Fetch every row into a DataFrame and write it with ``to_excel(engine="openpyxl")``; time it."""
    from pathlib import Path

    import openpyxl  # noqa: F401 - imported before the clock starts

    from netralitas import db as dbmod
    from netralitas import queries
    from netralitas.queries import Filters, Viewer

    con = dbmod.connect_readonly(Path(db))
    rss_after_imports = current_rss_mb()
    started = time.perf_counter()
    df = queries.case_rows(con, Filters(), Viewer())
    buffer = io.BytesIO()
    df.to_excel(buffer, engine="openpyxl", index=False, sheet_name="Data")
    seconds = time.perf_counter() - started
    con.close()
    return {
        "seconds": seconds,
        "bytes": buffer.tell(),
        "rows": len(df),
        "rss_after_imports_mb": rss_after_imports,
        "peak_rss_mb": peak_rss_mb(),
    }


def measure_size(n: int, runs: int, out_dir=None, log=print) -> dict:
    """Median seconds and peak memory of ``runs`` exports each way of the database of ``n`` persons."""
    from bench.data import OUT_DIR, ensure_database

    path = ensure_database(n, out_dir or OUT_DIR, log=log)
    ours: list[dict] = []
    naive: list[dict] = []
    for i in range(runs):
        ours.append(run_child("bench.export_bench:ours_once", {"db": str(path)}))
        naive.append(run_child("bench.export_bench:naive_once", {"db": str(path)}))
        log(
            f"    export {n:>9,} run {i + 1}: ours {ours[-1]['seconds']:7.2f} s {ours[-1]['peak_rss_mb']:6.0f} MB | "
            f"naive {naive[-1]['seconds']:7.2f} s {naive[-1]['peak_rss_mb']:6.0f} MB"
        )
    ours_s = median([r["seconds"] for r in ours])
    naive_s = median([r["seconds"] for r in naive])
    return {
        "persons": n,
        "rows": ours[-1]["rows"],
        "runs": runs,
        "ours_seconds": ours_s,
        "ours_seconds_all": [r["seconds"] for r in ours],
        "ours_peak_mb": median([r["peak_rss_mb"] for r in ours]),
        "ours_imports_mb": median([r["rss_after_imports_mb"] for r in ours]),
        "ours_mb": ours[-1]["bytes"] / 1024 / 1024,
        "naive_seconds": naive_s,
        "naive_seconds_all": [r["seconds"] for r in naive],
        "naive_peak_mb": median([r["peak_rss_mb"] for r in naive]),
        "naive_imports_mb": median([r["rss_after_imports_mb"] for r in naive]),
        "naive_mb": naive[-1]["bytes"] / 1024 / 1024,
        "speedup": naive_s / ours_s if ours_s else None,
    }


def run(sizes: list[int], quick: bool = False, log=print, out_dir=None) -> dict:
    """The export section (the target is set at 100,000 rows; 10,000 for comparison)."""
    return {"sizes": [measure_size(n, 1 if quick else (5 if n <= 10_000 else 3), out_dir, log) for n in sizes]}
