"""Front-end assets served by the app itself, so a page never asks a CDN for anything.

Leaflet comes from the PyPI package xstatic-leaflet (1.9.3, the version folium targets) and
is copied into ``static/vendor/leaflet`` at start-up; Streamlit serves ``static/`` at
``/app/static/`` when ``server.enableStaticServing`` is on. The copy is not committed.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
LEAFLET_DIR = STATIC_DIR / "vendor" / "leaflet"
# Absolute URLs: the map runs in a component iframe served from the same origin.
STATIC_URL = "/app/static"
LEAFLET_JS = f"{STATIC_URL}/vendor/leaflet/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/vendor/leaflet/leaflet.css"
_FILES = ("leaflet.js", "leaflet.css", "images")


def install_leaflet(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet's JS, CSS and images into ``target`` unless an identical copy is there."""
    source = Path(xstatic_leaflet.BASE_DIR)
    marker = target / "VERSION"
    version = xstatic_leaflet.VERSION
    if marker.is_file() and marker.read_text() == version:
        return target
    target.mkdir(parents=True, exist_ok=True)
    for name in _FILES:
        src = source / name
        if src.is_dir():
            shutil.copytree(src, target / name, dirs_exist_ok=True)
        else:
            shutil.copy2(src, target / name)
    marker.write_text(version)
    return target
