"""Entry point of a benchmark child process: ``python -m bench.child module:function '{json kwargs}'``.

Runs the function, adds the process's peak resident memory, and prints the result as one marked JSON line
(anything else the function prints is ignored by the parent).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.common import RESULT_MARKER, current_rss_mb, peak_rss_mb  # noqa: E402


def main(argv: list[str]) -> int:
    """Run ``argv[0]`` (``module:function``) with the JSON keyword arguments ``argv[1]``."""
    target, raw_kwargs = argv[0], argv[1] if len(argv) > 1 else "{}"
    module_name, func_name = target.split(":")
    interpreter_mb = current_rss_mb()
    func = getattr(importlib.import_module(module_name), func_name)
    result = dict(func(**json.loads(raw_kwargs)) or {})
    result.setdefault("peak_rss_mb", peak_rss_mb())
    result.setdefault("interpreter_rss_mb", interpreter_mb)
    sys.stdout.write("\n" + RESULT_MARKER + json.dumps(result, default=str) + "\n")
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
