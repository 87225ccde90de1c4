"""Floor for bench/map_latency.py: a date slider, a heading, the line that carries the map's
step, and the live map, nothing else.

The map is the app's own (base layers prepared once, the same arguments on every rerun, a
step only its day and selection in the line under the heading), but it does not follow the
slider: it waits for the server's step, as the app's did until the map followed its
slider. So a slider step here costs what Streamlit and streamlit-folium cost with no other
content: the least a step that waits for the server can take on this stack. Streamlit
serves the static/ folder beside the script it runs: bench/static links to the app's, where
Leaflet is.
"""

import sys
from datetime import date, timedelta
from pathlib import Path

import streamlit as st
from streamlit_folium import st_folium

# Streamlit puts this script's folder on the path, not the project's.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import geo  # noqa: E402
from geo.map.assets import install_assets  # noqa: E402
from geo.map.live import base_layers, map_from  # noqa: E402
from geo.map.payload import first_view  # noqa: E402
from geo.map.step import STEP_ATTRIBUTE, step_html, step_json  # noqa: E402


@st.cache_resource
def prepared() -> tuple[geo.Dataset, object]:
    install_assets()
    data = geo.load()
    return data, base_layers(data, tiles=False)


data, layers = prepared()
first, last = geo.story_range(data)
start = date(2020, 11, 19)  # map_latency.START: Aghdam is returned the next day
day = st.slider("Date", min_value=first, max_value=last, value=start,
                step=timedelta(days=1), format="D MMM YYYY")
st.header(f"{day.day} {day:%b %Y}")
st.markdown(step_html("The map shows this day.", step_json(data, day, None)),
            unsafe_allow_html=True)
first_drawn = first_view(data, start, None, follow={"step": STEP_ATTRIBUTE})
st_folium(map_from(layers, first_drawn), key="map", height=560, use_container_width=True,
          returned_objects=[], render=False)
