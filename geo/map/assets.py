"""Front-end assets served by the app itself, so a page never asks a CDN for anything.

Leaflet comes from the PyPI package xstatic-leaflet (1.9.3, the version folium targets) and
is copied into ``static/vendor/leaflet-<version>`` at start-up, and the map's own script
and styles (`geo.map.payload.SCRIPT`, ``STYLES``) into ``static/vendor/handover`` under
names that carry their content's hash, so a browser never runs an old copy. Streamlit
serves ``static/`` at ``app/static/`` below the app's root when
``server.enableStaticServing`` is on. The copies are not committed.

Every name under ``static/vendor`` carries its version (Leaflet's folder) or its content's
hash (the map's files), so the server can let browsers keep them for good
(`geo.server.map_frame`).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from geo.map.payload import SCRIPT, STYLES

STATIC_DIR = Path(__file__).resolve().parents[2] / "static"
LEAFLET_FOLDER = f"leaflet-{xstatic_leaflet.VERSION}"
LEAFLET_DIR = STATIC_DIR / "vendor" / LEAFLET_FOLDER
# Where Streamlit serves static/, below the app's root ('/', or server.baseUrlPath).
STATIC_PATH = "app/static"
# The map runs in streamlit-folium's component frame, whose page is
# <app's root>/component/<name>/index.html: URLs relative to it find the files under any
# server.baseUrlPath and behind any proxy, where a URL from the host's root would not.
FRAME_TO_ROOT = "../../"
STATIC_URL = f"{FRAME_TO_ROOT}{STATIC_PATH}"
LEAFLET_JS = f"{STATIC_URL}/vendor/{LEAFLET_FOLDER}/leaflet.js"
LEAFLET_CSS = f"{STATIC_URL}/vendor/{LEAFLET_FOLDER}/leaflet.css"
_FILES = ("leaflet.js", "leaflet.css", "images")
MAP_DIR = STATIC_DIR / "vendor" / "handover"


def _hashed_name(path: Path) -> str:
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return f"{path.stem}-{digest}{path.suffix}"


MAP_JS = f"{STATIC_URL}/vendor/handover/{_hashed_name(SCRIPT)}"
MAP_CSS = f"{STATIC_URL}/vendor/handover/{_hashed_name(STYLES)}"


def install_assets() -> None:
    """Put Leaflet and the map's script and styles where the app serves them."""
    install_leaflet()
    install_map_files()


def install_map_files(target: Path = MAP_DIR) -> Path:
    """Copy the map's script and styles into ``target`` under their hashed names.

    Each copy is written beside its name and renamed into place, so no page is ever served
    half a file; a name already there has the same content, by its hash. When both are there
    nothing is touched: in the Docker image root installed them, and the app's user may not
    write or chmod there.
    """
    # The names were hashed once, at import: a full rerun reads and hashes nothing.
    missing = [(target / Path(url).name, source) for url, source in
               ((MAP_JS, SCRIPT), (MAP_CSS, STYLES)) if not (target / Path(url).name).is_file()]
    if not missing:
        return target
    target.mkdir(parents=True, exist_ok=True)
    target.chmod(0o755)
    for name, source in missing:
        staging = Path(tempfile.mkstemp(prefix=".map-", dir=target)[1])
        shutil.copyfile(source, staging)
        staging.chmod(0o644)
        staging.rename(name)
    return target


def install_leaflet(target: Path = LEAFLET_DIR) -> Path:
    """Copy Leaflet's JS, CSS and images into ``target`` unless this version is there.

    The copy is made beside ``target`` and renamed into place, so a page served while
    another process installs never sees half the files.
    """
    version = xstatic_leaflet.VERSION
    marker = target / "VERSION"
    if marker.is_file() and marker.read_text() == version:
        return target
    source = Path(xstatic_leaflet.BASE_DIR)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".leaflet-", dir=target.parent))
    staging.chmod(0o755)  # mkdtemp's 0700 would hide it from a server run as another user
    for name in _FILES:
        if (source / name).is_dir():
            shutil.copytree(source / name, staging / name)
        else:
            shutil.copy2(source / name, staging / name)
    (staging / "VERSION").write_text(version)
    shutil.rmtree(target, ignore_errors=True)  # a copy without this version's marker
    try:
        staging.rename(target)
    except OSError:  # another process renamed its copy into place first
        shutil.rmtree(staging, ignore_errors=True)
    return target
