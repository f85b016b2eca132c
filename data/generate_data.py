"""Regenerate the bundled workbooks in this folder (same as ``python -m netralitas.demo_data``).

Usage: ``python data/generate_data.py [--out data/] [--n 320] [--seed 20241127]``
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from netralitas.demo_data import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
