"""Every page reads the link the same way: whichever page a link opens warns about what it
could not read, and puts the corrected view back in the address (issue 21, item 6); and every
page makes a later change of view replace the address (item 4)."""

from __future__ import annotations

from datetime import date

import pytest
from apphelpers import open_link, warnings

DEFAULT = date(2020, 11, 10)
UNREADABLE = ("The link's date could not be read (expected YYYY-MM-DD); "
              f"showing {DEFAULT:%d %b %Y} instead.")
# Each page as a link opens it (None: the map, at /), with the title that shows it is drawn.
PAGES = [(None, "Handover of three districts"), ("pages/timeline.py", "Timeline"),
         ("pages/events.py", "Events"), ("pages/about.py", "About this dashboard")]
page_ids = ["map", "timeline", "events", "about"]
each_page = pytest.mark.parametrize(("page", "title"), PAGES, ids=page_ids)


def titles(at) -> list[str]:
    return [element.value for element in at.title]


@each_page
# 20201121 is ISO 8601's basic form: date.fromisoformat reads it, the README's form is not it.
@pytest.mark.parametrize("raw", ["banana", "20201121", "2020-W47-6"])
def test_each_page_warns_about_a_date_it_cannot_read(page, title, raw):
    at = open_link({"date": raw}, page)
    assert not at.exception
    assert titles(at) == [title]
    assert warnings(at) == [UNREADABLE]
    assert at.session_state["date"] == DEFAULT
    assert at.query_params == {"date": DEFAULT.isoformat(), "lang": "en"}


@each_page
def test_each_page_warns_about_a_district_it_cannot_read(page, title):
    at = open_link({"date": "2020-11-21", "district": "atlantis"}, page)
    assert not at.exception
    assert titles(at) == [title]
    (warning,) = warnings(at)
    assert "not one of the handover districts" in warning
    assert at.session_state["district"] is None
    assert at.query_params == {"date": "2020-11-21", "lang": "en"}


@each_page
def test_a_good_link_gives_no_warning_on_any_page(page, title):
    link = {"date": "2022-08-26", "district": "lachin_corridor"}
    at = open_link(link, page)
    assert not at.exception
    assert titles(at) == [title]
    assert warnings(at) == []
    assert (at.session_state["date"], at.session_state["district"]) == (
        date(2022, 8, 26), "lachin_corridor")
    assert at.query_params == {**link, "lang": "en"}


@pytest.mark.parametrize("page", ["pages/timeline.py", "pages/events.py", "pages/about.py"])
def test_the_warning_is_not_repeated_on_the_map_later(page):
    at = open_link({"date": "banana"}, page)
    assert warnings(at) == [UNREADABLE]
    at.switch_page("pages/map.py").run()
    assert not at.exception
    assert titles(at) == ["Handover of three districts"]
    assert warnings(at) == []


@each_page
def test_each_page_makes_a_change_of_view_replace_the_address(page, title):
    # pages/history.js, which makes Back leave the page (docs/architecture.md): written on
    # every page, since any page can be the first one opened; not embedded here.
    at = open_link({"date": "2020-11-21"}, page)
    assert titles(at) == [title]
    scripts = [element.proto for element in at.get("html")
               if "history.pushState" in element.proto.body]
    assert len(scripts) == 1
    assert scripts[0].unsafe_allow_javascript
    assert scripts[0].body.startswith('<script data-embedded="false">')
    assert scripts[0].body.endswith("</script>")
