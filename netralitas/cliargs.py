"""Command-line plumbing shared by the project's commands (``python -m loaders``, ``python -m netralitas.accounts``)."""

from __future__ import annotations

import argparse
import sys


class IndonesianArgumentParser(argparse.ArgumentParser):
    """An argument parser whose usage errors end with an Indonesian line and exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        sys.stderr.write(f"kesalahan: {message}\n")
        raise SystemExit(2)
