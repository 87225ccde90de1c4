"""Baseline for bench/map_latency.py: a page holding only a date slider and a text."""

from datetime import date, timedelta

import streamlit as st

day = st.slider("Date", min_value=date(2020, 9, 27), max_value=date(2020, 12, 5),
                value=date(2020, 11, 15), step=timedelta(days=1), format="D MMM YYYY")
st.markdown(f"## {day.day} {day:%b %Y}")
