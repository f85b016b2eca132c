"""The workbooks bundled with the dashboard: a synthetic demo register and the public record.

Everything in the demo register is FICTIONAL ("DATA CONTOH (FIKTIF)"): names are combinations of common
Javanese first names and surnames, NIPs are made up (but have the real 18-digit structure), register numbers
follow Bawaslu's pattern. The generator is seeded and deterministic, so tests can compare a loader's output
with the ground truth held in :class:`DemoPerson`. The public record holds the real cases of Kota Semarang
reported in the press (``public_record.toml``), each row citing its reports.

Import from here; one module per concern:

- :mod:`~netralitas.demo_data.terms` — the canonical values (cycles, severities, kecamatan, statuses) from the
  vocabulary;
- :mod:`~netralitas.demo_data.person` — :class:`DemoPerson`, one terlapor as written and as a loader must read it;
- :mod:`~netralitas.demo_data.tables`, :mod:`~netralitas.demo_data.places`, :mod:`~netralitas.demo_data.names` —
  what the demo register is made of;
- :mod:`~netralitas.demo_data.generator` — :func:`generate_demo_persons` (seeded) and :func:`persons_by_sheet`;
- :mod:`~netralitas.demo_data.register` — :func:`write_demo_register`, the messy register in three layouts;
- :mod:`~netralitas.demo_data.register_fast` — :func:`write_register_fast`, large registers for benchmarks;
- :mod:`~netralitas.demo_data.public_record` — :data:`PUBLIC_RECORD` and :func:`write_public_record`;
- :mod:`~netralitas.demo_data.prevention_register` — :func:`write_demo_prevention`, the demo prevention register
  (:class:`DemoActivity`, :func:`generate_demo_activities`);
- :mod:`~netralitas.demo_data.public_prevention` — :data:`PUBLIC_ACTIVITIES` (the ``[[activity]]`` entries of
  ``public_record.toml``) and :func:`write_public_prevention`;
- :mod:`~netralitas.demo_data.workbook` — the deterministic openpyxl writing the workbooks share;
- :mod:`~netralitas.demo_data.cli` — ``python -m netralitas.demo_data [--out data/]`` regenerates both.

This package must not import streamlit.
"""

from netralitas.demo_data.cli import main
from netralitas.demo_data.generator import generate_demo_persons, persons_by_sheet
from netralitas.demo_data.person import DOUBT_KINDS, DemoPerson
from netralitas.demo_data.prevention_register import (
    DEMO_PREVENTION_FILE,
    DemoActivity,
    generate_demo_activities,
    write_demo_prevention,
)
from netralitas.demo_data.public_prevention import (
    PUBLIC_ACTIVITIES,
    PUBLIC_PREVENTION_FILE,
    PublicActivity,
    load_public_activities,
    write_public_prevention,
)
from netralitas.demo_data.public_record import (
    PUBLIC_RECORD,
    PUBLIC_RECORD_DATA,
    PUBLIC_RECORD_FILE,
    PressReport,
    PublicRecordRow,
    load_public_record,
    parse_public_record,
    write_public_record,
)
from netralitas.demo_data.register import BULAN, BULAN_SINGKAT, DEMO_REGISTER_FILE, HARI, write_demo_register
from netralitas.demo_data.register_fast import write_register_fast
from netralitas.demo_data.tables import CYCLES, DEMO_TODAY
from netralitas.demo_data.terms import DEMO_MARKER, KECAMATAN, SEVERITY_RANK
from netralitas.demo_data.workbook import DEMO_MARKER_LINE, FIXED_TIMESTAMP, PUBLIC_MARKER, PUBLIC_MARKER_LINE

__all__ = [
    "BULAN",
    "BULAN_SINGKAT",
    "CYCLES",
    "DEMO_MARKER",
    "DEMO_MARKER_LINE",
    "DEMO_PREVENTION_FILE",
    "DEMO_REGISTER_FILE",
    "DEMO_TODAY",
    "DOUBT_KINDS",
    "FIXED_TIMESTAMP",
    "HARI",
    "KECAMATAN",
    "PUBLIC_MARKER",
    "PUBLIC_ACTIVITIES",
    "PUBLIC_MARKER_LINE",
    "PUBLIC_PREVENTION_FILE",
    "PUBLIC_RECORD",
    "PUBLIC_RECORD_DATA",
    "PUBLIC_RECORD_FILE",
    "SEVERITY_RANK",
    "DemoActivity",
    "DemoPerson",
    "PressReport",
    "PublicActivity",
    "PublicRecordRow",
    "generate_demo_activities",
    "generate_demo_persons",
    "load_public_activities",
    "load_public_record",
    "main",
    "parse_public_record",
    "persons_by_sheet",
    "write_demo_prevention",
    "write_demo_register",
    "write_public_prevention",
    "write_public_record",
    "write_register_fast",
]
