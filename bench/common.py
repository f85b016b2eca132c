"""Shared benchmark plumbing: statistics, isolated child processes with peak memory, machine and version facts."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = BENCH_DIR.parent
RESULT_MARKER = "@@BENCH-RESULT@@ "

PACKAGES = (
    "duckdb",
    "pyarrow",
    "pandas",
    "numpy",
    "python-calamine",
    "openpyxl",
    "xlsxwriter",
    "streamlit",
    "plotly",
    "playwright",
)


# ---- statistics ------------------------------------------------------------------------------------------------


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0–100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    if len(ordered) == 1:
        return float(ordered[0])
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return float(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo))


def median(values: Sequence[float]) -> float:
    """The median (50th percentile)."""
    return percentile(values, 50)


def timed(fn: Callable[[], object]) -> tuple[float, object]:
    """Run ``fn`` once; return (seconds, result)."""
    started = time.perf_counter()
    result = fn()
    return time.perf_counter() - started, result


# ---- memory -------------------------------------------------------------------------------------------------------


def _status_kb(field_name: str) -> int | None:
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith(field_name + ":"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (``VmHWM``; ``ru_maxrss`` where /proc is missing).

    ``VmHWM`` belongs to the process image started by ``exec``, so a child measures only itself, never the
    memory of the parent it was forked from (``ru_maxrss`` can include that on Linux).
    """
    kb = _status_kb("VmHWM")
    if kb is None:
        import resource

        kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if sys.platform == "darwin":
            kb //= 1024
    return kb / 1024.0


def current_rss_mb() -> float:
    """Resident memory of this process now, in MB (0 where /proc is missing)."""
    kb = _status_kb("VmRSS")
    return (kb or 0) / 1024.0


# ---- child processes --------------------------------------------------------------------------------------------


class ChildError(RuntimeError):
    """A benchmark child process failed."""


def run_child(target: str, kwargs: dict, timeout: float = 3600.0, env: dict[str, str] | None = None) -> dict:
    """Run ``module:function(**kwargs)`` in a fresh Python process and return the dict it returns.

    Each measurement gets its own process, so its peak memory (``peak_rss_mb`` in the returned dict, measured
    by the child itself) and its caches are its own.
    """
    cmd = [sys.executable, "-m", "bench.child", target, json.dumps(kwargs)]
    proc = subprocess.run(
        cmd,
        cwd=PROJECT_ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            return json.loads(line[len(RESULT_MARKER) :])
    tail = (proc.stderr or proc.stdout)[-3000:]
    raise ChildError(f"{target} failed (exit {proc.returncode}):\n{tail}")


# ---- facts about the machine ------------------------------------------------------------------------------------


def cpu_model() -> str:
    """The CPU model name."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def memory_total_gb() -> float | None:
    """Installed memory in GB (from /proc/meminfo)."""
    try:
        with open("/proc/meminfo", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("MemTotal:"):
                    return int(line.split()[1]) / 1024 / 1024
    except OSError:
        return None
    return None


def os_name() -> str:
    """Operating system and kernel."""
    pretty = ""
    try:
        with open("/etc/os-release", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("PRETTY_NAME="):
                    pretty = line.split("=", 1)[1].strip().strip('"')
    except OSError:
        pass
    return f"{pretty or platform.system()} (kernel {platform.release()})"


def package_versions(packages: Sequence[str] = PACKAGES) -> dict[str, str]:
    """Installed versions of the packages that matter for the figures."""
    out = {"python": platform.python_version()}
    for name in packages:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "—"
    return out


@dataclass
class Machine:
    """Where the benchmark ran."""

    cpu: str
    cores: int
    memory_gb: float | None
    os: str
    versions: dict[str, str]
    started: str = field(default_factory=lambda: dt.datetime.now().astimezone().isoformat(timespec="seconds"))

    @classmethod
    def here(cls) -> Machine:
        """Facts about this machine."""
        cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 0)
        return cls(cpu_model(), cores, memory_total_gb(), os_name(), package_versions())


# ---- formatting ---------------------------------------------------------------------------------------------------


def fmt_seconds(s: float | None) -> str:
    """Seconds with sensible precision."""
    if s is None:
        return "—"
    if s >= 100:
        return f"{s:,.0f} s"
    if s >= 10:
        return f"{s:.1f} s"
    return f"{s:.2f} s"


def fmt_ms(s: float | None) -> str:
    """Seconds shown as milliseconds."""
    if s is None:
        return "—"
    ms = s * 1000
    if ms >= 100:
        return f"{ms:,.0f} ms"
    if ms >= 10:
        return f"{ms:.1f} ms"
    return f"{ms:.2f} ms"


def fmt_ratio(r: float | None) -> str:
    """A speed ratio: ``12.3×`` (baseline time / our time; above 1 means we are faster)."""
    if r is None:
        return "—"
    if r >= 10:
        return f"{r:,.0f}×"
    return f"{r:.2f}×"


def fmt_mb(mb: float | None) -> str:
    """Megabytes."""
    return "—" if mb is None else f"{mb:,.0f} MB"


def fmt_int(n: float | None) -> str:
    """A whole number with thousands separators."""
    return "—" if n is None else f"{n:,.0f}"


def met(ok: bool | None) -> str:
    """A verdict cell."""
    if ok is None:
        return "n/a"
    return "**yes**" if ok else "**NO**"
