"""Command line: ``python -m loaders PATH [PATH ...] [--db FILE] [--dry-run]`` (see ``python -m loaders --help``)."""

from loaders.cli import main

raise SystemExit(main())
