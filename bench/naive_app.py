"""The naive baseline of the Ringkasan page: the typical Streamlit pattern, for the rerun and cold-start benchmarks.

The whole ``violations`` table is read into a pandas DataFrame once (``st.cache_data``, which hands every rerun
its own copy), filtered with boolean masks and grouped with pandas on every rerun. It shows the same headline
figures and the same four charts as ``pages/ringkasan.py`` (drawn by the same chart builders), with the same
sidebar filter keys, so ``AppTest`` and the browser drive both alike. Run: ``NETRALITAS_DB=… streamlit run
bench/naive_app.py``. Not part of the product.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.query_latency import pd_counts_by, pd_funnel, pd_headline, pd_sanctions_by_severity  # noqa: E402
from netralitas import charts  # noqa: E402
from netralitas.formatting import format_number  # noqa: E402
from netralitas.queries import Filters  # noqa: E402
from netralitas.vocab import vocabulary  # noqa: E402


@st.cache_data(show_spinner=False)
def load_table(path: str) -> pd.DataFrame:
    """The whole table as a DataFrame."""
    con = duckdb.connect(path, read_only=True)
    try:
        return con.execute("SELECT * FROM violations").df()
    finally:
        con.close()


st.set_page_config(page_title="Ringkasan (naif)", layout="wide")
voc = vocabulary()
df = load_table(os.environ["NETRALITAS_DB"])
sb = st.sidebar
sb.multiselect("Siklus pemilihan", voc.cycle_names, key="siklus")
sb.multiselect("Jenis pegawai", voc.actor_type_names, key="pegawai")
sb.multiselect("Tingkat sanksi / hasil", voc.severity_names, key="sanksi")
sb.multiselect("Kecamatan", voc.district_names, key="kecamatan")
state = st.session_state
filters = Filters(
    cycles=tuple(state.get("siklus") or ()),
    actor_types=tuple(state.get("pegawai") or ()),
    severities=tuple(state.get("sanksi") or ()),
    districts=tuple(state.get("kecamatan") or ()),
)
st.title("Ringkasan Pelanggaran Netralitas ASN (naif)")
figures = pd_headline(df, filters)
cols = st.columns(6)
for col, (label, key) in zip(
    cols,
    [
        ("Terlapor", "persons"),
        ("Kasus", "cases"),
        ("Terbukti", "proven"),
        ("Sanksi dijatuhkan", "sanctioned"),
        ("Masih dalam proses", "in_process"),
        ("Tidak terbukti", "not_proven"),
    ],
    strict=True,
):
    col.metric(label, format_number(figures[key]), border=True)
by_cycle_actor = pd_counts_by(df, filters, ("cycle", "actor_type"))
by_severity = pd_counts_by(df, filters, ("severity",))
by_cycle = pd_counts_by(df, filters, ("cycle",))
funnel = pd_funnel(df, filters, voc)
left, right = st.columns(2)
left.plotly_chart(charts.bar_by(by_cycle_actor, "cycle", "actor_type", title="Terlapor per siklus dan jenis pegawai"))
right.plotly_chart(charts.severity_distribution(by_severity, pd_sanctions_by_severity(df, filters, voc),
                                                title="Tingkat sanksi dan hasil penanganan"))
left, right = st.columns(2)
left.plotly_chart(charts.funnel_chart(funnel, title="Alur penanganan"))
right.plotly_chart(charts.bar_by(by_cycle, "cycle", title="Terlapor per siklus"))
