"""Streamlit's fonts, cut to the app's icons and letters and served at their own addresses
(geo/server/font_subsets.py, icon_font.py, text_fonts.py; scripts/fonts.py)."""

from __future__ import annotations

import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from conftest import ROOT, wait_for_app, wait_for_settled
from fontTools.ttLib import TTFont
from test_compressed_static import PASSED, inner, request

import geo
from geo.i18n import LANGUAGES, language
from geo.server import icon_font, text_fonts
from geo.server.font_subsets import CACHE_CONTROL, SUBSET_DIR, FontSubsets
from geo.server.icon_font import (
    app_icon_names,
    font_icons,
    icon_names,
    streamlit_font,
    streamlit_icon_names,
)
from geo.server.text_fonts import (
    app_characters,
    font_characters,
    kept_characters,
    reserved_names,
    streamlit_text_fonts,
)
from geo.story.status import story_days
from geo.story.timeline import chart_locale
from geo.web.links import PAGES

FONT = streamlit_font()
SUBSET = SUBSET_DIR / FONT.name
TEXT_FONTS = streamlit_text_fonts()
# The text font every page loads at start.
SANS = next(font for font in TEXT_FONTS if font.name.startswith("SourceSansVF-Upright"))
ALL_FONTS = [FONT, *TEXT_FONTS]


def check_script():
    """scripts/fonts.py, imported."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import fonts as script
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return script


def test_icon_names_are_read_as_streamlit_writes_them():
    text = ('icon=":material/chevron_left:", st.button(":material/map: Map"), ":material/1k:",'
            " material/x, :map:")
    assert icon_names([text]) == {"chevron_left", "map", "1k"}


def test_the_subsets_of_the_installed_streamlits_fonts_are_up_to_date():
    check = subprocess.run([sys.executable, "scripts/fonts.py", "--check"], cwd=ROOT,
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert len(TEXT_FONTS) == 4  # Source Sans and Source Code, upright and italic
    assert all((SUBSET_DIR / font.name).is_file() for font in ALL_FONTS)


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
    cut.write_bytes(icon_font.subset(FONT, {"map", "info", "no_such_icon"}))
    assert font_icons(cut) == {"map", "info"}


def test_the_check_finds_an_icon_the_subset_lacks_and_one_the_font_lacks(monkeypatch):
    script = check_script()
    assert script.icon_problems() == []
    assert "rocket_launch" in font_icons(FONT) - font_icons(SUBSET)
    monkeypatch.setattr(icon_font, "app_icon_names", lambda root: {"map", "rocket_launch", "mapp"})
    assert script.icon_problems() == [
        f"the app names 'mapp', which is no icon of {FONT.name}",
        f"{FONT.name} has no icon 'rocket_launch'",
    ]


# --- the text fonts ---------------------------------------------------------------------------

@pytest.mark.parametrize("font", TEXT_FONTS, ids=lambda font: font.name.split(".")[0])
def test_a_text_subset_keeps_the_apps_letters_and_is_small(font):
    cut = SUBSET_DIR / font.name
    drawn = font_characters(cut)
    # Every letter of the app's texts the font has: Azerbaijani, Russian, typography.
    assert app_characters(ROOT) & font_characters(font) <= drawn
    letters = set("Çərəkdar Ağdam Kəlbəcər Laçın Ханкенди ёЁ «»–—’“”…")
    assert letters & font_characters(font) <= drawn
    assert not set("αβγΩ") & drawn  # Greek: not written by the app
    assert cut.stat().st_size < 0.6 * font.stat().st_size


@pytest.mark.parametrize("font", TEXT_FONTS, ids=lambda font: font.name.split(".")[0])
def test_a_text_subset_is_renamed_and_keeps_its_notices_and_weights(font):
    whole, cut = TTFont(font), TTFont(SUBSET_DIR / font.name)
    # A modified version may not use the Reserved Font Name (SIL OFL 1.1).
    assert reserved_names(whole) and not reserved_names(cut)
    assert "HandoverCut" in cut["name"].getDebugName(1)
    for notice in (0, 7, 13, 14):  # copyright, trademark, licence, its address
        assert whole["name"].getDebugName(notice) is not None
        assert cut["name"].getDebugName(notice) == whole["name"].getDebugName(notice)
    assert "Reserved Font Name" in cut["name"].getDebugName(0)
    assert [(axis.axisTag, axis.minValue, axis.maxValue) for axis in cut["fvar"].axes] == [
        (axis.axisTag, axis.minValue, axis.maxValue) for axis in whole["fvar"].axes]
    assert len(cut["fvar"].instances) == len(whole["fvar"].instances)
    assert (SUBSET_DIR / "OFL.txt").read_text(encoding="utf-8").count("Reserved Font Name") > 1


@pytest.mark.slow  # fontTools reads every glyph of the font: seconds
def test_a_text_subset_keeps_exactly_the_characters_asked_for(tmp_path):
    cut = tmp_path / SANS.name
    cut.write_bytes(text_fonts.subset(SANS, "Laçın ə Ω\U0001F600"))  # no emoji in the font
    assert font_characters(cut) == set("Laçın əΩ")
    assert not reserved_names(TTFont(cut))


def test_what_the_app_writes_at_run_time_is_in_the_subset():
    # Dates, numbers and lists as Babel writes them in each language, on every day of the
    # story, and the timeline's month and day names: no file holds them.
    armenian = {chr(code) for code in range(0x530, 0x590)}  # not in the font
    drawn = font_characters(SUBSET_DIR / SANS.name) | armenian
    days = story_days(geo.load())
    for code in LANGUAGES:
        words = language(code)
        written = "".join(words.long_date(day) + words.short_date(day) + words.month_year(day)
                          for day in days)
        written += words.number(2783) + words.decimal(846.7) + words.number(-1)
        written += words.join(["Kalbajar", "Aghdam", "Lachin"]) + str(chart_locale(words))
        assert set(written) - drawn == set(), code


def test_a_streamlit_with_other_text_fonts_is_refused_by_the_build(tmp_path):
    static = fake_streamlit(tmp_path / "st", SANS.name)  # no italic, no code font
    with pytest.raises(FileNotFoundError, match="upright and an italic"):
        streamlit_text_fonts(static)


def test_the_check_finds_a_letter_a_text_subset_lacks(monkeypatch):
    script = check_script()
    assert script.text_problems() == []
    assert "Ω" in font_characters(SANS) and "Ω" not in kept_characters(ROOT)
    monkeypatch.setattr(text_fonts, "app_characters",
                        lambda root, data=None: {"a", "Ω", "\U0001F600"})
    problems = script.text_problems()
    # Every text font that has it lacks it; the emoji, which no font has, is no problem.
    assert len(problems) == sum("Ω" in font_characters(font) for font in TEXT_FONTS) >= 3
    assert all(problem.endswith("has no 'Ω' (U+03A9)") for problem in problems)


# --- serving ----------------------------------------------------------------------------------

def fake_streamlit(root: Path, *font_names: str) -> Path:
    """A folder laid out like Streamlit's ``static``, holding just the named fonts."""
    (root / "static" / "media").mkdir(parents=True)
    for name in font_names:
        (root / "static" / "media" / name).write_bytes(b"the whole font")
    return root


@pytest.mark.parametrize(("base_path", "path", "root_path"), [
    ("", "/static/media/{font}", ""),
    ("maps", "/maps/static/media/{font}", ""),
    ("", "/proxy/static/media/{font}", "/proxy"),
    ("maps", "/proxy/maps/static/media/{font}", "/proxy"),
])
def test_the_subsets_are_served_at_the_fonts_addresses(tmp_path, base_path, path, root_path):
    static = fake_streamlit(tmp_path / "st", *(font.name for font in ALL_FONTS))
    app = FontSubsets(inner, base_path=base_path, static_dir=static)
    for font in (FONT, SANS):
        cut = SUBSET_DIR / font.name
        status, headers, body = request(app, path.format(font=font.name), root_path=root_path)
        assert (status, body) == (200, cut.read_bytes())
        assert headers["content-type"] == "font/woff2"
        # Not for good: a subset can change under the font's name when it is built again.
        assert headers["cache-control"] == CACHE_CONTROL == "public, max-age=3600"
        assert int(headers["content-length"]) == len(body)
        status, headers, body = request(app, path.format(font=font.name), method="HEAD",
                                        root_path=root_path)
        assert (status, body, int(headers["content-length"])) == (200, b"", cut.stat().st_size)
        etag = headers["etag"]
        status, headers, body = request(app, path.format(font=font.name), root_path=root_path,
                                        if_none_match=etag)
        assert (status, body, headers["etag"]) == (304, b"", etag)
        status, _, body = request(app, path.format(font=font.name), root_path=root_path,
                                  if_none_match='"an older subset"')
        assert (status, body) == (200, cut.read_bytes())
    # Outside the app's base path the address is not the font's: Streamlit answers.
    if base_path:
        assert request(app, f"/static/media/{FONT.name}", root_path=root_path)[2] == PASSED


def test_other_requests_and_fonts_without_subset_go_to_streamlit(tmp_path):
    app = FontSubsets(inner, static_dir=fake_streamlit(tmp_path / "st", FONT.name))
    for path in ("/static/media/other.woff2", f"/static/media/{FONT.name}x", "/",
                 f"/static/media/{SANS.name}"):  # a subset of a font this Streamlit lacks
        assert request(app, path)[2] == PASSED
    assert request(app, f"/static/media/{FONT.name}", method="POST")[2] == PASSED
    # Another Streamlit's font, which no subset was cut from: Streamlit serves it whole.
    other = "MaterialSymbols-Rounded.Zz99Zz99.woff2"
    app = FontSubsets(inner, static_dir=fake_streamlit(tmp_path / "other", other))
    assert request(app, f"/static/media/{other}")[2] == PASSED


def test_a_streamlit_without_these_fonts_still_starts(tmp_path, caplog):
    app = FontSubsets(inner, static_dir=fake_streamlit(tmp_path / "none"))
    assert request(app, f"/static/media/{FONT.name}")[2] == PASSED
    assert "no font subset" in caplog.text


@pytest.mark.slow  # a real server
def test_the_server_sends_the_subsets(server):
    for font in ALL_FONTS:
        with urllib.request.urlopen(f"{server}/static/media/{font.name}", timeout=30) as answer:
            assert answer.read() == (SUBSET_DIR / font.name).read_bytes()
            assert answer.headers["Cache-Control"] == CACHE_CONTROL


# --- in a browser -------------------------------------------------------------------------------

# The body size of a font as the page received it (uncompressed: a woff2 is sent as is).
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


# The page's text, and whether the text font the page asked for is loaded.
PAGE_TEXT = "() => document.body.innerText"
SANS_LOADED = """() => [...document.fonts].some((face) => face.family.replace(/"/g, "") ===
  "Source Sans" && face.style === "normal" && face.status === "loaded")"""


@pytest.mark.browser
@pytest.mark.parametrize("code", LANGUAGES)
def test_the_map_pages_text_is_drawn_from_the_subset_in_every_language(server, page, code):
    page.goto(f"{server}/?date=2020-11-21&district=kalbajar&lang={code}")
    wait_for_app(page)
    wait_for_settled(page)
    page.evaluate("document.fonts.ready")
    assert page.evaluate(SANS_LOADED)
    assert page.evaluate(FONT_SIZE, SANS.name) == (SUBSET_DIR / SANS.name).stat().st_size
    # Every character on the page that Streamlit's font draws, the subset draws: Streamlit's
    # own words, the dates as Babel writes them, the data and the translations.
    shown = set(page.evaluate(PAGE_TEXT))
    assert shown & font_characters(SANS) <= font_characters(SUBSET_DIR / SANS.name)
