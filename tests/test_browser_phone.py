"""The map page on a phone (touch, small screens) and on a desktop, in a real browser."""

from __future__ import annotations

import re

import pytest
from conftest import map_frame, wait_for_app, wait_for_styles
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

PHONES = {"390x844": {"width": 390, "height": 844}, "360x740": {"width": 360, "height": 740}}
MIN_MAP_SHOWN = 300  # px of map in the first screen
MAP = 'iframe[title*="st_folium"]'
DATE_BUTTONS = ("Previous day", "Next day", "Previous event", "Next event", "Play")


@pytest.fixture(params=list(PHONES))
def phone(chromium, request):
    """A page in a phone-sized, touch-screen browser."""
    context = chromium.new_context(viewport=PHONES[request.param], has_touch=True,
                                   is_mobile=True, device_scale_factor=2)
    yield context.new_page()
    context.close()


def open_map(page, url: str):
    page.goto(url)
    wait_for_app(page)
    wait_for_styles(page)
    frame = map_frame(page)
    wait_for_app(page)
    return frame


def box(locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None, f"{locator} is not displayed"
    return found


def in_view(page, locator) -> bool:
    """Whether the element's top is within the screen, as a reader sees it now."""
    top = box(locator)["y"]
    return 0 <= top < page.viewport_size["height"]


def test_first_screen_shows_date_summary_and_map(server, phone):
    open_map(phone, f"{server}/?date=2020-11-21")
    height = phone.viewport_size["height"]
    main = phone.locator('[data-testid="stMain"]')
    date = main.locator("h2", has_text="21 Nov 2020")
    summary = main.get_by_text("21 Nov 2020: Aghdam returned on 20 Nov", exact=False)
    assert box(date)["y"] + box(date)["height"] <= height
    assert box(summary)["y"] + box(summary)["height"] <= height
    assert height - box(phone.locator(MAP))["y"] >= MIN_MAP_SHOWN


def test_date_buttons_stay_one_row_of_named_icon_buttons(server, phone):
    open_map(phone, f"{server}/?date=2020-11-21")
    width = phone.viewport_size["width"]
    buttons = [phone.get_by_role("button", name=name) for name in DATE_BUTTONS]
    boxes = [box(button) for button in buttons]
    assert len({round(b["y"]) for b in boxes}) == 1  # one row, not a column
    assert all(b["x"] >= 0 and b["x"] + b["width"] <= width for b in boxes)
    assert all(b["width"] >= 44 and b["height"] >= 44 for b in boxes)  # big enough to tap
    # The label is hidden from the eye only: it is still each button's accessible name.
    label = buttons[0].locator('[data-testid="stMarkdownContainer"]')
    expect(label).to_have_text("Previous day")
    assert label.evaluate("el => el.getBoundingClientRect().width") <= 1


def test_tap_on_a_district_shows_its_details_and_the_way_back(server, phone):
    frame = open_map(phone, f"{server}/?date=2020-11-16")
    details = phone.locator(".st-key-district_details")
    assert not in_view(phone, details)
    # The label sits on the polygon and lets touches through to it.
    frame.locator(".district-label .label", has_text="Kalbajar").tap(force=True)
    expect(details).to_contain_text("Karvachar (Քարվաճառ)", timeout=15_000)
    phone.wait_for_url(re.compile(r"district=kalbajar"))
    phone.wait_for_function(
        "() => { const r = document.querySelector('.st-key-district_details')"
        ".getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
        timeout=10_000)
    back = phone.get_by_role("link", name="Back to the map")
    back.scroll_into_view_if_needed()
    back.tap()
    phone.wait_for_function(
        "() => { const r = document.getElementById('map-date').getBoundingClientRect();"
        " return r.top >= 0 && r.bottom < innerHeight; }", timeout=10_000)


def test_desktop_keeps_the_details_beside_the_map(server, page):
    open_map(page, f"{server}/?date=2020-11-21&district=kalbajar")
    shown_map = box(page.locator(MAP))
    details = box(page.locator(".st-key-district_details"))
    assert details["x"] >= shown_map["x"] + shown_map["width"]
    assert details["y"] < shown_map["y"] + shown_map["height"]
    expect(page.get_by_role("button", name="Previous day")).to_contain_text("Previous day")
    label = page.get_by_role("button", name="Previous day").locator(
        '[data-testid="stMarkdownContainer"]')
    assert box(label)["width"] > 1
    expect(page.get_by_role("link", name="Back to the map")).to_be_hidden()


def test_embed_mode_shows_the_view_without_title_or_sidebar(server, page):
    open_map(page, f"{server}/?date=2020-11-21&district=kalbajar&embed=true"
                   "&embed_options=hide_loading_screen")
    expect(page.locator("h2", has_text="21 Nov 2020")).to_be_visible()
    expect(page.locator('[data-testid="stSidebar"]')).to_have_count(0)
    expect(page.locator("h1", has_text="Handover of three districts")).to_have_count(0)
    expect(page.locator(".st-key-district_details")).to_contain_text("Karvachar")
    # Writing the view into the address keeps Streamlit's embed parameters.
    page.wait_for_url(re.compile(r"embed=true"))
    assert "district=kalbajar" in page.url


@pytest.mark.parametrize("code", ["en", "az", "hy", "ru"])
def test_period_buttons_are_one_row_of_equal_height_in_every_language(server, chromium, code):
    """A period's title wraps inside its button in some languages: the row stays even."""
    context = chromium.new_context(viewport=PHONES["390x844"], has_touch=True, is_mobile=True)
    try:
        page = context.new_page()
        open_map(page, f"{server}/?date=2020-11-21&lang={code}")
        buttons = page.locator(".st-key-period button:visible")
        boxes = [box(buttons.nth(index)) for index in range(buttons.count())]
        assert len(boxes) >= 2
        assert len({round(b["y"]) for b in boxes}) == 1
        assert len({round(b["height"]) for b in boxes}) == 1, boxes
        assert all(b["height"] >= 44 for b in boxes)
    finally:
        context.close()
