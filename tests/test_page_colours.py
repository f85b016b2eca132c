"""A colour means one thing on a page: a cycle keeps one colour and an actor type another on every chart of the page,
and no colour stands for values of two different dimensions.

Every page (every tab of it) is run in AppTest on the bundled data; from each chart the test collects, for every
colour-coded trace (its ``meta`` names the dimension its colours stand for), the pair (dimension value → colour) of
each drawn point. Per page: one colour per value; one value per colour. The colours of cycles and actor types — the
values a reader follows from chart to chart — must also be told apart by eye from every colour of another dimension
on the page (CIE76 ΔE of at least :data:`MIN_DELTA_E`); greys stand for "unknown" in every dimension.
"""

from __future__ import annotations

import json
import math
from collections import defaultdict
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from netralitas.charts import _hex
from tests.fast_loop import first_fast

pytestmark = pytest.mark.integration  # the real loader, DuckDB and the pages or outputs


ROOT = Path(__file__).resolve().parent.parent
IDENTITIES = ("cycle", "actor_type")
MIN_DELTA_E = 20.0
PAGES = {
    "ringkasan": ("pages/ringkasan.py", None, None),
    "siklus": ("pages/siklus.py", "tab_siklus", ["Pilwakot 2020", "Pemilu 2024", "Pilkada 2024"]),
    "pelaku": ("pages/pelaku.py", "tab_pelaku", ["Jenis pegawai", "Kelompok jabatan", "Kecamatan", "Instansi",
                                                 "Jenis pelanggaran"]),
    "sanksi": ("pages/sanksi.py", None, None),
    "supervisi": ("pages/supervisi.py", None, None),
}


def run(db: Path, monkeypatch: pytest.MonkeyPatch, page: str, state: dict) -> AppTest:
    monkeypatch.setenv("NETRALITAS_DB", str(db))
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    for key, value in state.items():
        at.session_state[key] = value
    if page != "pages/ringkasan.py":
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def coded_points(spec: dict) -> list[tuple[str, str, str]]:
    """(dimension, value, colour) of every drawn point of the chart's colour-coded traces."""
    out = []
    for trace in spec.get("data") or ():
        key = ((trace.get("meta") or {}).get("color")) if isinstance(trace.get("meta"), dict) else None
        if not key:
            continue
        color = (trace.get("marker") or {}).get("color")
        custom = trace.get("customdata") or []
        n = len(trace.get("x") or trace.get("y") or [])
        for i in range(n):
            value = key.get("value")
            if value is None:
                value = custom[i][key["slot"]] if i < len(custom) else None
            if value is None:
                continue
            point_color = color[i] if isinstance(color, list) else color
            out.append((key["dim"], str(value), _hex(str(point_color)).lower()))
    return out


def lab(color: str) -> tuple[float, float, float]:
    """CIE L*a*b* (D65) of a ``#rrggbb`` colour."""
    r, g, b = (int(color[i: i + 2], 16) / 255 for i in (1, 3, 5))
    r, g, b = ((c / 12.92) if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b))
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883
    fx, fy, fz = (t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116 for t in (x, y, z))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


def delta_e(one: str, two: str) -> float:
    return math.dist(lab(one), lab(two))


def is_unknown(value: str) -> bool:
    return "tidak diketahui" in value.lower()


@pytest.mark.parametrize("name", first_fast(PAGES))
def test_one_colour_per_value_and_one_meaning_per_colour(bundled_db: Path, monkeypatch: pytest.MonkeyPatch,
                                                        name: str) -> None:
    page, tab_key, tabs = PAGES[name]
    points: list[tuple[str, str, str]] = []
    for tab in tabs or [None]:
        at = run(bundled_db, monkeypatch, page, {tab_key: tab} if tab else {})
        for element in at.get("plotly_chart"):
            points += coded_points(json.loads(element.proto.spec))
    colours_of: dict[tuple[str, str], set[str]] = defaultdict(set)
    values_of: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for dim, value, colour in points:
        colours_of[(dim, value)].add(colour)
        values_of[colour].add((dim, value))
    assert colours_of, "the page's charts carry no colour-coded values"
    for item, colours in colours_of.items():
        assert len(colours) == 1, f"{name}: {item} drawn in {sorted(colours)}"
    for colour, items in values_of.items():
        assert len(items) == 1, f"{name}: {colour} stands for {sorted(items)}"
    # cycles and actor types: apart by eye from every colour of another dimension on the page
    coloured = {item: next(iter(colours)) for item, colours in colours_of.items()}
    for (dim, value), colour in coloured.items():
        if dim not in IDENTITIES or is_unknown(value):
            continue
        for (other_dim, other_value), other in coloured.items():
            if other_dim != dim:
                assert delta_e(colour, other) >= MIN_DELTA_E, (
                    f"{name}: {dim} {value} ({colour}) looks like {other_dim} {other_value} ({other})")


def test_the_pages_show_cycles_and_actor_types_side_by_side(bundled_db: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """The rule above is checked where it matters: Ringkasan and Laporan Supervisi colour both cycles and actor
    types (and the Siklus tabs the cycle next to the actor types)."""
    for page in ("pages/ringkasan.py", "pages/supervisi.py", "pages/siklus.py"):
        at = run(bundled_db, monkeypatch, page, {})
        dims = {dim for element in at.get("plotly_chart") for dim, _, _ in
                coded_points(json.loads(element.proto.spec))}
        assert {"cycle", "actor_type"} <= dims, (page, dims)
