"""Command line: ``python -m loaders PATH [PATH ...] [--db FILE] [--dry-run]`` (DATA_CONTRACT.md)."""

from loaders.cli import main

raise SystemExit(main())
