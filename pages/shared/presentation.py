"""The projector view: ``?tampilan=presentasi`` on any page.

The page loses the sidebar, toolbar and controls (the sidebar's widgets still run hidden, so filters read from the
URL keep working), gets larger type, stacks side-by-side charts and gives every chart its own screen-high section.
CSS cannot resize a Plotly figure, so every chart is drawn through :func:`pages.shared.figures.show_chart`, which
enlarges it on the server when :func:`presentation_mode` is on.
"""

from __future__ import annotations

from urllib.parse import urlencode

import streamlit as st

from netralitas.queries import Filters

PRESENTATION_PARAM = "tampilan"
PRESENTATION_VALUE = "presentasi"

PRESENTATION_CSS = """
<style>
  [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
  [data-testid="stHeader"], [data-testid="stToolbar"], [data-testid="stDecoration"],
  [data-testid="stStatusWidget"], [data-testid="stMainMenu"],
  [data-testid="stExpander"], [data-testid="stButton"], [data-testid="stDownloadButton"],
  [data-testid="stLinkButton"], [data-testid="stElementToolbar"], [data-testid="stPopover"],
  [data-testid="stMultiSelect"], [data-testid="stSelectbox"], [data-testid="stRadio"],
  [data-testid="stButtonGroup"], [data-testid="stSegmentedControl"], [data-testid="stTextInput"],
  [data-testid="stDateInput"], [data-testid="stCheckbox"], [data-testid="stToggle"],
  [data-testid="stSlider"], [data-testid="stFileUploader"], .modebar-container { display: none !important; }
  html { font-size: 21px; }
  [data-testid="stMain"] { margin-left: 0 !important; }
  [data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 1rem 2rem 2rem 2rem !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) { flex-direction: column !important; }
  [data-testid="stHorizontalBlock"]:has([data-testid="stPlotlyChart"]) > [data-testid="stColumn"] {
    width: 100% !important; flex: 1 1 100% !important; min-width: 100% !important; }
  [data-testid="stElementContainer"]:has([data-testid="stPlotlyChart"]) {
    min-height: calc(100vh - 2rem); display: flex; flex-direction: column; justify-content: center; }
  [data-testid="stMetricValue"] { font-size: 2.8rem !important; }
</style>
"""


def presentation_mode() -> bool:
    """True when the URL asks for the projector view (``?tampilan=presentasi``)."""
    try:
        value = st.query_params.get(PRESENTATION_PARAM)
    except Exception:  # noqa: BLE001 - outside a script run (no session): never the projector view
        return False
    return str(value or "").strip().lower() == PRESENTATION_VALUE


def apply_presentation_view() -> bool:
    """Switch the page to the projector view when the URL asks for it; returns whether it did."""
    if not presentation_mode():
        return False
    st.html(PRESENTATION_CSS)
    return True


def presentation_link(filters: Filters) -> str:
    """A relative link to the current page's projector view with the same filters."""
    params = {**filters.to_query_params(), PRESENTATION_PARAM: [PRESENTATION_VALUE]}
    return "?" + urlencode(params, doseq=True)
