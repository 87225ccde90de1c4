"""Pieces the Streamlit pages use: served assets, links, panels, downloads, page views."""
