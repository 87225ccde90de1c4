"""A deep link to a page on a freshly started server still goes through the router."""

from __future__ import annotations

import pytest
from conftest import streamlit_server, wait_for_app
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_first_request_to_a_deep_link_gets_the_router(page):
    # A fresh server: Streamlit's pages/ fallback is only active before app.py has run.
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url:
        page.goto(f"{url}/timeline?date=2020-11-21")
        wait_for_app(page)
        nav = page.locator('[data-testid="stSidebarNav"]')
        expect(nav).to_contain_text("About and sources")
        assert "common" not in nav.inner_text()
        main = page.locator('[data-testid="stMain"]')
        expect(main).to_contain_text("Every event, date and name cites one of")
        assert "date=2020-11-21" in page.url
        assert page.locator('[data-testid="stException"]').count() == 0
