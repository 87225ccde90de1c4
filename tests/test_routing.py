"""Deep links go through the router (app.py), also on a freshly started server.

With a pages/ folder next to app.py, Streamlit runs a deep link such as /timeline on a fresh
server as the page file alone until some session has called st.navigation; the page then
hands itself to the router (pages.common.page_setup). Only public Streamlit API is used.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from apphelpers import FOOTER, NAV, heading, run_app
from conftest import ROOT, streamlit_server, wait_for_app
from playwright.sync_api import expect
from streamlit.testing.v1 import AppTest

PAGE_TITLE = "Handover of Kalbajar, Aghdam and Lachin, November 2020"
DEEP_LINKS = [("timeline", "Timeline"), ("events", "Events"), ("about", "About this dashboard")]
# Public Streamlit modules besides `streamlit` itself (both documented in the API reference).
PUBLIC = {"streamlit", "streamlit.testing.v1", "streamlit.components.v1"}
# A module outside tests/ may import a private one only if listed here with its reason.
ALLOWED_PRIVATE = {
    ("bench/load.py", "streamlit.proto.BackMsg_pb2"): "the load driver speaks the wire format",
    ("bench/load.py", "streamlit.proto.ForwardMsg_pb2"): "the load driver speaks the wire format",
}


def streamlit_imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return {name for name in found if name.split(".")[0] == "streamlit"}


def test_no_private_streamlit_module_outside_tests():
    files = [path for path in ROOT.rglob("*.py")
             if path.relative_to(ROOT).parts[0] not in ("tests", "static", ".venv")]
    assert ROOT / "app.py" in files and ROOT / "pages" / "common.py" in files
    private = {(str(path.relative_to(ROOT)), name) for path in files
               for name in streamlit_imports(path) if name not in PUBLIC}
    assert private <= ALLOWED_PRIVATE.keys(), sorted(private - ALLOWED_PRIVATE.keys())


@pytest.mark.parametrize(("path", "title"), DEEP_LINKS)
def test_a_page_run_on_its_own_is_drawn_by_the_router(path, title):
    # Switching before the first run is what a fresh server does with a deep link: it runs
    # the page file by its name, without app.py.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = "2020-11-21"
    at.switch_page(f"pages/{path}.py")
    at.run()
    assert not at.exception
    assert [t.value for t in at.title] == [title]  # drawn once, by the router's run
    assert FOOTER in at.caption[-1].value
    assert at.session_state["date"].isoformat() == "2020-11-21"


def test_common_run_on_its_own_is_handed_to_the_router():
    # pages/common.py is no page, but a fresh server runs it for /common as one: the router
    # has no such page and draws its default one, the map, rather than a blank page.
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.query_params["date"] = "2020-11-21"
    at.switch_page("pages/common.py")
    at.run()
    assert not at.exception
    assert heading(at) == "21 Nov 2020"
    assert FOOTER in at.caption[-1].value


def test_a_routed_page_is_not_run_again():
    at = run_app({"date": "2020-11-21"}, page="pages/about.py")
    assert not at.exception
    assert [t.value for t in at.title] == ["About this dashboard"]
    assert sum(FOOTER in c.value for c in at.caption) == 1


@pytest.mark.browser
@pytest.mark.parametrize(("path", "title"), DEEP_LINKS)
def test_first_request_to_a_deep_link_gets_the_router(page, path, title):
    # A fresh server per link: Streamlit's pages/ fallback is only active until st.navigation
    # has run once in the process.
    with streamlit_server(env={"HANDOVER_TILES": "none"}) as url:
        page.goto(f"{url}/{path}?date=2020-11-21")
        wait_for_app(page)
        main = page.locator('[data-testid="stMain"]')
        expect(main.locator("h1")).to_have_text(title)
        expect(main).to_contain_text(FOOTER)
        expect(page).to_have_title(PAGE_TITLE)
        nav = page.locator('[data-testid="stSidebarNav"] a')
        expect(nav).to_have_text([re.compile(f"{name}$") for name in NAV])  # after icons
        assert page.url.endswith(f"/{path}?date=2020-11-21&lang=en")
        assert page.locator('[data-testid="stException"]').count() == 0
