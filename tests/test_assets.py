"""Leaflet is copied from the xstatic-leaflet package into the served static folder."""

from __future__ import annotations

import stat
from pathlib import Path

import xstatic.pkg.leaflet as xstatic_leaflet

from geo.map.assets import LEAFLET_CSS, LEAFLET_JS, install_leaflet, install_map_files


def test_install_copies_leaflet_readable_by_any_user(tmp_path):
    target = install_leaflet(tmp_path / "vendor" / "leaflet")
    assert (target / "leaflet.js").read_bytes().startswith(b"/* @preserve")
    assert (target / "images" / "marker-icon.png").is_file()
    assert (target / "VERSION").read_text() == xstatic_leaflet.VERSION
    assert stat.S_IMODE(target.stat().st_mode) == 0o755
    assert [p.name for p in target.parent.iterdir()] == ["leaflet"]  # no staging left


def test_install_replaces_an_older_copy_and_keeps_a_current_one(tmp_path):
    target = tmp_path / "leaflet"
    target.mkdir()
    (target / "VERSION").write_text("0.7")
    (target / "stale.js").write_text("old")
    install_leaflet(target)
    assert not (target / "stale.js").exists()
    (target / "leaflet.js").write_text("kept")
    install_leaflet(target)
    assert (target / "leaflet.js").read_text() == "kept"


def test_installed_map_files_are_left_as_they_are(tmp_path, monkeypatch):
    """In the Docker image root installs them, and the app's user may not change the folder."""
    target = install_map_files(tmp_path / "handover")
    assert sorted(p.suffix for p in target.iterdir()) == [".css", ".js"]

    def not_the_owner(*args, **kwargs):
        raise PermissionError("not the owner")

    for change in ("chmod", "mkdir", "rename"):
        monkeypatch.setattr(Path, change, not_the_owner)
    assert install_map_files(target) == target
    monkeypatch.undo()
    next(target.iterdir()).unlink()
    install_map_files(target)
    assert len(list(target.iterdir())) == 2  # a missing one is installed again


def test_served_urls_are_same_origin_and_relative_to_the_map_frame():
    # The frame's page is <app's root>/component/<name>/index.html (geo.server.map_frame).
    folder = f"../../app/static/vendor/leaflet-{xstatic_leaflet.VERSION}"
    assert (f"{folder}/leaflet.js", f"{folder}/leaflet.css") == (LEAFLET_JS, LEAFLET_CSS)
