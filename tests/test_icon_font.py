"""Streamlit's icon font, cut to the app's icons and served at its own address
(geo/server/icon_font.py, scripts/icon_font.py)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, wait_for_app, wait_for_settled
from test_compressed_static import PASSED, inner, request

from geo.server.icon_font import (
    CACHE_CONTROL,
    SUBSET_DIR,
    IconFont,
    app_icon_names,
    font_icons,
    icon_names,
    streamlit_font,
    streamlit_icon_names,
    subset,
)
from geo.web.links import PAGES

FONT = streamlit_font()
SUBSET = SUBSET_DIR / FONT.name


def test_icon_names_are_read_as_streamlit_writes_them():
    text = ('icon=":material/chevron_left:", st.button(":material/map: Map"), ":material/1k:",'
            " material/x, :map:")
    assert icon_names([text]) == {"chevron_left", "map", "1k"}


def test_the_subset_of_the_installed_streamlits_font_is_up_to_date():
    check = subprocess.run([sys.executable, "scripts/icon_font.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert SUBSET.is_file()


def test_the_subset_draws_every_icon_the_app_and_streamlit_name_and_is_small():
    drawn = font_icons(SUBSET)
    assert app_icon_names(ROOT) >= {"map", "download", "chevron_left", "play_arrow"}
    assert app_icon_names(ROOT) <= drawn
    assert streamlit_icon_names() & font_icons(FONT) <= drawn
    # Named outside ":material/": by the table widget's canvas, and by st.status in Python.
    assert {"more_vert", "audio_file", "video_file", "check", "error"} <= drawn
    assert len(drawn) < 300 < len(font_icons(FONT))
    assert SUBSET.stat().st_size < FONT.stat().st_size / 10


@pytest.mark.slow  # fontTools reads every glyph of the font: seconds
def test_a_subset_keeps_exactly_the_icons_asked_for(tmp_path):
    cut = tmp_path / FONT.name
    cut.write_bytes(subset(FONT, {"map", "info", "no_such_icon"}))
    assert font_icons(cut) == {"map", "info"}


def test_the_check_finds_an_icon_the_subset_lacks_and_one_the_font_lacks(monkeypatch):
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import icon_font as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    assert script.problems() == []
    assert "rocket_launch" in font_icons(FONT) - font_icons(SUBSET)
    monkeypatch.setattr(script, "app_icon_names", lambda root: {"map", "rocket_launch", "mapp"})
    assert script.problems() == [
        f"the app names 'mapp', which is no icon of {FONT.name}",
        f"{FONT.name} has no icon 'rocket_launch'",
    ]


def fake_streamlit(root: Path, font_name: str) -> Path:
    """A folder laid out like Streamlit's ``static``, holding just an icon font."""
    (root / "static" / "media").mkdir(parents=True)
    (root / "static" / "media" / font_name).write_bytes(b"the whole font")
    return root


@pytest.mark.parametrize(("base_path", "path", "root_path"), [
    ("", "/static/media/{font}", ""),
    ("maps", "/maps/static/media/{font}", ""),
    ("", "/proxy/static/media/{font}", "/proxy"),
    ("maps", "/proxy/maps/static/media/{font}", "/proxy"),
])
def test_the_subset_is_served_at_the_fonts_address(tmp_path, base_path, path, root_path):
    static = fake_streamlit(tmp_path / "st", FONT.name)
    app = IconFont(inner, base_path=base_path, static_dir=static)
    status, headers, body = request(app, path.format(font=FONT.name), root_path=root_path)
    assert (status, body) == (200, SUBSET.read_bytes())
    assert headers["content-type"] == "font/woff2"
    # Not for good: the subset can change under the font's name when it is built again.
    assert headers["cache-control"] == CACHE_CONTROL
    assert "immutable" not in CACHE_CONTROL
    assert int(headers["content-length"]) == len(body)
    status, headers, body = request(app, path.format(font=FONT.name), method="HEAD",
                                    root_path=root_path)
    assert (status, body, int(headers["content-length"])) == (200, b"", SUBSET.stat().st_size)
    etag = headers["etag"]
    status, headers, body = request(app, path.format(font=FONT.name), root_path=root_path,
                                    if_none_match=etag)
    assert (status, body, headers["etag"]) == (304, b"", etag)


def test_other_requests_and_a_font_without_subset_go_to_streamlit(tmp_path):
    app = IconFont(inner, static_dir=fake_streamlit(tmp_path / "st", FONT.name))
    for path in ("/static/media/other.woff2", f"/static/media/{FONT.name}x", "/"):
        assert request(app, path)[2] == PASSED
    assert request(app, f"/static/media/{FONT.name}", method="POST")[2] == PASSED
    # Another Streamlit's font, which no subset was cut from: Streamlit serves it whole.
    other = "MaterialSymbols-Rounded.Zz99Zz99.woff2"
    app = IconFont(inner, static_dir=fake_streamlit(tmp_path / "other", other))
    assert request(app, f"/static/media/{other}")[2] == PASSED


def test_a_streamlit_without_the_font_or_with_two_still_starts(tmp_path, caplog):
    empty = tmp_path / "none"
    (empty / "static" / "media").mkdir(parents=True)
    app = IconFont(inner, static_dir=empty)
    assert request(app, f"/static/media/{FONT.name}")[2] == PASSED
    assert "no icon font subset" in caplog.text
    two = fake_streamlit(tmp_path / "two", FONT.name)
    (two / "static" / "media" / "MaterialSymbols-Rounded.Zz99Zz99.woff2").write_bytes(b"x")
    app = IconFont(inner, static_dir=two)
    assert request(app, f"/static/media/{FONT.name}")[2] == SUBSET.read_bytes()


@pytest.mark.slow  # a real server
def test_the_server_sends_the_subset(server):
    with urllib.request.urlopen(f"{server}/static/media/{FONT.name}", timeout=30) as response:
        assert response.read() == SUBSET.read_bytes()
        assert response.headers["Cache-Control"] == CACHE_CONTROL


# The body size of the icon font as the page received it (uncompressed: a woff2 is sent as is).
FONT_SIZE = """(name) => performance.getEntriesByType("resource")
  .filter((entry) => entry.name.endsWith(name))[0]?.decodedBodySize"""
# The icons a page shows, as Streamlit writes them (a material icon is its name in the font).
SHOWN_ICONS = """() => [...document.querySelectorAll('[data-testid="stIconMaterial"]')]
  .map((icon) => ({name: icon.textContent.trim(), width: icon.getBoundingClientRect().width,
                   size: parseFloat(getComputedStyle(icon).fontSize),
                   shown: icon.checkVisibility()}))"""


@pytest.mark.browser
@pytest.mark.parametrize("path", [f"/{path}" for path in PAGES])
def test_every_icon_on_every_page_is_drawn_from_the_subset(server, page, path):
    page.goto(f"{server}{path}?date=2020-11-21&district=kalbajar")
    wait_for_app(page)
    wait_for_settled(page)
    page.evaluate("document.fonts.ready")
    icons = page.evaluate(SHOWN_ICONS)
    assert icons, "the page shows no icon"
    # The font the page loaded is the subset, not Streamlit's whole font.
    assert page.evaluate(FONT_SIZE, FONT.name) == SUBSET.stat().st_size
    assert {icon["name"] for icon in icons} <= font_icons(SUBSET)
    # Drawn as an icon, about one character wide, not spelled out as its name.
    for icon in icons:
        if icon["shown"]:
            assert icon["width"] <= 1.6 * icon["size"], icon
