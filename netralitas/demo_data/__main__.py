"""``python -m netralitas.demo_data``: regenerate the bundled workbooks (see :mod:`netralitas.demo_data.cli`)."""

import sys

from netralitas.demo_data.cli import main

sys.exit(main())
