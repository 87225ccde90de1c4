"""Accessibility: axe-core finds no critical or serious fault on any page, desktop or phone.

axe-core comes bundled with axe-playwright-python (no network). It audits the page
document; the map's own frame is audited too, by injecting axe into it. No fault is excused:
were one to come from markup that Streamlit renders and the app cannot change, it would be
listed here by rule id and element, with the reason, and only that one left out.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import map_frame, wait_for_app, wait_for_settled, wait_for_styles

pytestmark = pytest.mark.browser

DESKTOP = {"width": 1400, "height": 1000}
PHONE = {"width": 390, "height": 844}
PAGES = {
    "map": "/?date=2020-11-21",
    "map-district": "/?date=2020-11-21&district=kalbajar",
    "timeline": "/timeline?date=2020-11-21",
    "events": "/events",
    "about": "/about",
    # The pages in the other languages, one each: another script, other names and lengths.
    "timeline-hy": "/timeline?date=2020-11-21&lang=hy",
    "events-ru": "/events?lang=ru",
    "about-az": "/about?lang=az",
}
MAP_FRAME = 'iframe[title*="st_folium"]'
BLOCKING = {"critical", "serious"}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


def blocking(results: dict) -> list[tuple[str, str, str]]:
    """(rule, impact, target) of every critical or serious violation."""
    return [(v["id"], v["impact"], " ".join(map(str, node["target"])))
            for v in results["violations"] if v["impact"] in BLOCKING for node in v["nodes"]]


def audit(chromium, axe: Axe, url: str, viewport: dict, is_map: bool) -> tuple[str, list]:
    """The page's ``<html lang>`` and every blocking fault of the page at ``url``, with the
    map's own frame audited too on a map page."""
    context = chromium.new_context(viewport=viewport, has_touch=viewport is PHONE)
    try:
        page = context.new_page()
        page.goto(url)
        wait_for_app(page)
        wait_for_styles(page)
        if is_map:
            map_frame(page)
            wait_for_app(page)
        wait_for_settled(page)
        faults = blocking(axe.run(page).response)
        if is_map:
            frame = page.locator(MAP_FRAME).element_handle().content_frame()
            faults += blocking(axe.run(frame).response)
        return page.evaluate("document.documentElement.lang"), faults
    finally:
        context.close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
def test_no_critical_or_serious_axe_violations(server, chromium, axe, name, viewport):
    _, faults = audit(chromium, axe, server + PAGES[name], viewport, name.startswith("map"))
    assert faults == []


def test_the_audit_finds_a_serious_fault_when_there_is_one(page, axe):
    # Grey on white, 2.3:1: shows that an empty list above means a clean page, not a
    # silent audit.
    page.set_content('<html lang="en"><head><title>t</title></head><body><main>'
                     '<p style="color:#aaa;background:#fff">Faint text</p></main></body></html>')
    assert [rule for rule, _, _ in blocking(axe.run(page).response)] == ["color-contrast"]
