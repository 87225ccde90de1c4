"""The view in the first response, in a browser: shown without JavaScript, replaced by the app.

And addresses that name no page: the app's own "page not found", with its navigation.
"""

from __future__ import annotations

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import map_frame, wait_for_app
from playwright.sync_api import expect

import geo
from geo.dataset.load import place_name
from geo.i18n import language
from geo.server.first_view import CONTAINER_ATTR, DATE_ATTR

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
VIEW = "/?date=2020-11-21&district=kalbajar"
PICTURE = f"[{CONTAINER_ATTR}]"
DATE = f"[{DATE_ATTR}]"


@pytest.fixture
def no_script(chromium):
    context = chromium.new_context(viewport=PHONE, java_script_enabled=False)
    yield context.new_page()
    context.close()


def test_without_javascript_the_view_shows_on_a_phone(server, no_script):
    no_script.goto(server + VIEW)
    expect(no_script.locator(DATE)).to_have_text("21 Nov 2020")
    picture = no_script.locator(f"{PICTURE} svg[role=img]")
    expect(picture).to_be_visible()
    label = picture.get_attribute("aria-label")
    assert label.startswith("21 Nov 2020: ") and label.endswith("Outlined on the map: Kalbajar")
    expect(no_script.get_by_text(label)).to_be_visible()
    # The picture fits the phone's width, and its map starts on the first screen.
    assert no_script.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    box = picture.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert box["y"] < PHONE["height"]
    assert no_script.title().startswith("Kalbajar on 21 Nov 2020")


@pytest.mark.parametrize("lang", ["", "&lang=hy", "&lang=ru"])
def test_before_the_app_loads_axe_finds_no_serious_fault(server, chromium, lang):
    # axe is a script, which a page without JavaScript cannot run: the page keeps its own
    # scripts from loading instead, so what it shows is the first view alone.
    context = chromium.new_context(viewport=PHONE)
    try:
        page = context.new_page()
        page.route("**/static/js/**", lambda route: route.abort())
        page.goto(server + VIEW + lang)
        expect(page.locator(DATE)).to_be_visible()
        results = Axe().run(page).response
    finally:
        context.close()
    faults = [(v["id"], node["target"]) for v in results["violations"]
              if v["impact"] in {"critical", "serious"} for node in v["nodes"]]
    assert faults == []


def test_with_javascript_the_live_app_replaces_the_picture(server, page):
    page.goto(server + VIEW)
    wait_for_app(page)
    map_frame(page)
    expect(page.locator(PICTURE)).to_have_count(0)
    expect(page.get_by_role("heading", name="21 Nov 2020")).to_be_visible()


def test_a_page_still_opens_from_its_link(server, page):
    page.goto(server + "/timeline?date=2020-11-21&lang=en")
    wait_for_app(page)
    expect(page.locator(PICTURE)).to_have_count(0)
    expect(page.get_by_role("heading", name="Timeline", exact=True)).to_be_visible()
    # The view is kept, and the app names the reader's language (the browser's: English).
    assert page.url == server + "/timeline?date=2020-11-21&lang=en"


@pytest.mark.parametrize("code", ["az", "hy", "ru"])
def test_without_javascript_a_view_shows_in_its_language(server, no_script, code):
    lang = language(code)
    no_script.goto(server + f"{VIEW}&lang={code}")
    expect(no_script.locator(DATE)).to_have_text(lang.long_date(date(2020, 11, 21)))
    assert no_script.locator("html").get_attribute("lang") == code
    kalbajar = next(r for r in geo.load().handover_records if r["id"] == "kalbajar")
    assert no_script.title().startswith(place_name(kalbajar, code))
    expect(no_script.locator(f"{PICTURE} svg text", has_text=place_name(kalbajar, code))
           ).to_have_count(1)



@pytest.mark.parametrize("path", ["/timeline/x", "/nope/deeper",
                                  "/<script>alert(1)</script>", "/nope"])
def test_an_unknown_address_shows_page_not_found_and_the_way_back(server, page, path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(server + path)
    notice = page.get_by_role("dialog")
    expect(notice).to_contain_text("Page not found")
    assert "script" not in notice.inner_text()
    # Under the notice the app runs its main page, with its navigation: the way back.
    wait_for_app(page)
    page.keyboard.press("Escape")
    expect(notice).to_be_hidden()
    expect(page.get_by_role("link", name="Map")).to_be_visible()
    expect(page.get_by_role("heading", name="10 Nov 2020")).to_be_visible()
    assert "<script>" not in page.locator("body").inner_text()
    assert dialogs == []
