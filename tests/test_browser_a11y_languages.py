"""Accessibility in every language: axe-core on every page in Azerbaijani, Armenian and
Russian, desktop and phone, with no critical or serious fault (English: test_browser_a11y).

Another language brings other lengths of text (wrapping, overflow, contrast over the map),
other scripts and ``lang`` attributes, which axe checks (``html-lang-valid``,
``valid-lang``).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser_a11y import DESKTOP, PHONE, audit

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()

PAGES = {
    "map": "/?date=2020-12-01&district=lachin",
    "timeline": "/timeline?date=2020-11-21",
    "events": "/events?date=2020-11-21",
    "about": "/about?date=2020-11-21",
}


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.parametrize("name", list(PAGES))
@pytest.mark.parametrize("code", ["az", "hy", "ru"])
def test_no_critical_or_serious_axe_violations_in_each_language(server, chromium, axe, code,
                                                                 name, viewport):
    page_lang, faults = audit(chromium, axe, f"{server}{PAGES[name]}&lang={code}", viewport,
                              is_map=name == "map")
    assert (page_lang, faults) == (code, [])
