"""Router of the handover dashboard: page config, shared state and footer, then the page."""

import logging
from pathlib import Path

import streamlit as st

from geo.assets import install_leaflet
from pages import common

st.set_page_config(
    page_title="Handover of Kalbajar, Aghdam and Lachin, November 2020",
    page_icon="🗺️",
    layout="wide",
)
logging.basicConfig(level=logging.INFO)
install_leaflet()
st.html(Path(__file__).parent / "pages" / "style.css")

# Loaded here too so that broken data stops the app before any page runs.
data = common.dataset()

page = st.navigation([
    st.Page("pages/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("pages/timeline.py", title="Timeline", icon=":material/timeline:", url_path="timeline"),
    st.Page("pages/events.py", title="Events", icon=":material/table:", url_path="events"),
    st.Page("pages/about.py", title="About and sources", icon=":material/info:", url_path="about"),
# Embedded in someone's article (?embed=true), a page shows itself only: no sidebar.
], position="hidden" if st.context.is_embedded else "sidebar")
page.run()
common.footer(data)
