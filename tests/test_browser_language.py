"""The language switch in a real browser: keyboard, <html lang>, the phone's first screen, axe."""

from __future__ import annotations

import re
from datetime import date

import pytest
from conftest import map_frame, wait_for_app, wait_for_styles
from playwright.sync_api import expect
from test_browser_a11y import PHONE

import geo
from geo.i18n import LANGUAGES, language

pytestmark = pytest.mark.browser

DAY = date(2020, 11, 21)
MAP = 'iframe[title*="st_folium"]'
MIN_MAP_SHOWN = 300  # px of map in a phone's first screen, as tests/test_browser_phone.py


def open_map(page, url: str) -> None:
    page.goto(url)
    wait_for_app(page)
    wait_for_styles(page)
    map_frame(page)
    wait_for_app(page)


def the_switch(page, code: str = "en"):
    return page.get_by_role("combobox", name=language(code)._("Language"))


def heading(page) -> str:
    return page.locator('[data-testid="stMain"] h2').first.inner_text()


def box(locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not displayed"
    return found


def test_the_switch_works_from_the_keyboard_and_sets_the_page_language(server, page):
    open_map(page, f"{server}/?date={DAY}&district=kalbajar")
    assert page.evaluate("document.documentElement.lang") == "en"
    switch = the_switch(page)
    switch.focus()
    page.keyboard.press("ArrowDown")  # opens the list
    options = page.get_by_role("option")
    expect(options).to_have_count(len(LANGUAGES))
    # Each language's name is marked as written in that language.
    for code, name in LANGUAGES.items():
        expect(page.get_by_role("option", name=name)).to_have_attribute("lang", code)
    for _ in range(list(LANGUAGES).index("ru")):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=ru"))
    assert "date=2020-11-21" in page.url and "district=kalbajar" in page.url
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    russian = language("ru")
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text(russian.long_date(DAY))
    expect(the_switch(page, "ru")).to_have_value(LANGUAGES["ru"])
    # The map is drawn again with its Russian words, on the page's day.
    frame = page.locator(MAP).element_handle().content_frame()
    frame.wait_for_function(
        "text => document.body.innerText.includes(text)",
        arg=russian._("Map shows {date}", date=russian.long_date(DAY)), timeout=30_000)
    # And back, from the keyboard again.
    the_switch(page, "ru").focus()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_role("option")).to_have_count(len(LANGUAGES))
    page.keyboard.press("Home")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"lang=en"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text(
        language("en").long_date(DAY))


def test_a_step_after_a_switch_moves_the_map_to_the_new_day(server, page):
    open_map(page, f"{server}/?date={DAY}")
    the_switch(page).focus()
    page.keyboard.press("ArrowDown")
    page.get_by_role("option", name=LANGUAGES["hy"]).click()
    page.wait_for_url(re.compile(r"lang=hy"))
    expect(page.locator("html")).to_have_attribute("lang", "hy")
    map_frame(page)
    page.locator('[data-testid="stSlider"] input[type="range"]').focus()
    page.keyboard.press("ArrowRight")
    armenian = language("hy")
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text(
        armenian.long_date(date(2020, 11, 22)))
    frame = page.locator(MAP).element_handle().content_frame()
    day = geo.story_days(geo.load()).index(date(2020, 11, 22))
    frame.wait_for_function("day => window.handoverMap.state.day === day", arg=day)


def test_a_link_in_armenian_opens_with_the_armenian_page_language(server, page):
    open_map(page, f"{server}/?date={DAY}&lang=hy")
    expect(page.locator("html")).to_have_attribute("lang", "hy")
    expect(the_switch(page, "hy")).to_have_value(LANGUAGES["hy"])
    expect(page.locator('[data-testid="stMain"] h2').first).to_have_text(
        language("hy").long_date(DAY))


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_on_a_phone_the_switch_takes_no_room_from_the_map(server, chromium, code):
    context = chromium.new_context(viewport=PHONE, has_touch=True, is_mobile=True,
                                   device_scale_factor=2)
    try:
        page = context.new_page()
        open_map(page, f"{server}/?date={DAY}&lang={code}")
        height = PHONE["height"]
        switch = box(the_switch(page, code))
        # In the header band, whole and on screen, and clear of what is under it.
        assert switch["y"] >= 0 and switch["y"] + switch["height"] <= 60
        assert switch["x"] >= 0 and switch["x"] + switch["width"] <= PHONE["width"]
        title = box(page.locator('[data-testid="stMain"] h1'))
        assert title["y"] >= switch["y"] + switch["height"]
        assert height - box(page.locator(MAP))["y"] >= MIN_MAP_SHOWN
    finally:
        context.close()


