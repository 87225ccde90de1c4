"""AppTest for the language switch and the map page in each language (issue 24)."""

from __future__ import annotations

from datetime import date

import pytest
from apphelpers import APP, open_link, run_app, warnings
from streamlit.testing.v1 import AppTest

import geo
from geo.html import md
from geo.i18n import LANGUAGES, language
from geo.map.step import STEP_ATTRIBUTE
from geo.web import prepared
from geo.web.panels import legend_html
from pages import common

DAY = date(2020, 11, 21)
DATA_DIR = str(geo.data_dir_from_env())


def switch(at: AppTest):
    return at.selectbox(key=common.SWITCH_KEY)


def param(at: AppTest, key: str) -> str:
    value = at.query_params[key]
    return value[0] if isinstance(value, list) else value


def summary_line(at: AppTest) -> str:
    """The line over the map that carries the map's step, as sent."""
    (line,) = [m.value for m in at.markdown if STEP_ATTRIBUTE in m.value]
    return line


def assert_shows_in(at: AppTest, code: str, day: date = DAY, district: str | None = None):
    """The map page of ``day`` as geo prepares it in ``code``: every part that follows it."""
    words = language(code)
    assert not at.exception
    assert switch(at).value == code
    assert param(at, "lang") == code
    assert [h.value for h in at.header] == [md(words.long_date(day))]
    assert summary_line(at) == prepared.page_view(DATA_DIR, day, district, code).summary_html
    slider = at.select_slider(key="date_slider")
    assert slider.value == day
    assert slider.format_func(day) == words.long_date(day)
    titles = prepared.period_titles(DATA_DIR, code)
    assert [b.label for b in at.button if b.key and b.key.startswith("period_")] == \
        list(titles.values())
    markdown = [m.value for m in at.markdown]
    assert legend_html(words) in markdown
    assert any(prepared.event_list(DATA_DIR, code) in value for value in markdown)


def test_the_switch_offers_the_four_languages_in_their_own_names():
    at = run_app({"date": DAY.isoformat()})
    box = switch(at)
    assert box.options == list(LANGUAGES.values())
    assert box.label == language("en")._("Language")
    assert box.value == "en"


@pytest.mark.parametrize("code", list(LANGUAGES))
def test_a_link_opens_the_map_page_in_its_language(code):
    at = run_app({"date": DAY.isoformat(), "district": "kalbajar", "lang": code})
    assert not warnings(at)
    assert_shows_in(at, code, district="kalbajar")
    names = prepared.place_names(DATA_DIR, code)
    district = at.selectbox(key="district_select")
    assert district.format_func("kalbajar") == names["kalbajar"]
    assert district.label == language(code)._("District details")


def test_armenian_link_shows_armenian_dates_and_period_titles():
    at = run_app({"date": DAY.isoformat(), "lang": "hy"})
    assert_shows_in(at, "hy")
    # Not English: the date and the periods are written in Armenian.
    assert at.header[0].value != md(language("en").long_date(DAY))
    assert "Autumn 2020" not in [b.label for b in at.button]


def test_choosing_russian_redraws_the_page_in_russian_and_names_it_in_the_address():
    at = run_app({"date": DAY.isoformat(), "district": "aghdam"})
    assert_shows_in(at, "en", district="aghdam")
    switch(at).set_value("ru").run()
    assert_shows_in(at, "ru", district="aghdam")
    # The view itself is kept.
    assert param(at, "date") == DAY.isoformat() and param(at, "district") == "aghdam"
    assert at.session_state[common.LANG_KEY] == "ru"
    # Russian status sentences: the summary names the districts in Russian.
    russian = prepared.place_names(DATA_DIR, "ru")
    assert russian["aghdam"] in summary_line(at)
    # A slider step stays in Russian.
    at.select_slider(key="date_slider").set_value(date(2020, 11, 22)).run()
    assert_shows_in(at, "ru", day=date(2020, 11, 22), district="aghdam")


def test_the_language_follows_the_viewer_to_other_pages():
    at = run_app({"date": DAY.isoformat()})
    switch(at).set_value("az").run()
    at.switch_page("pages/about.py")
    at.run()
    assert not at.exception
    assert switch(at).value == "az"
    assert param(at, "lang") == "az"
    at.switch_page("pages/map.py")
    at.run()
    assert_shows_in(at, "az")


def test_a_language_that_cannot_be_read_warns_and_opens_in_the_default():
    at = run_app({"date": DAY.isoformat(), "lang": "xx"})
    assert not at.exception
    (warning,) = warnings(at)
    assert "xx" not in warning and "English" in warning
    assert_shows_in(at, "en")  # the address is corrected to the language shown


@pytest.mark.parametrize(("locale", "code"), [("ru-RU", "ru"), ("hy", "hy"), ("az-Latn-AZ", "az"),
                                              ("de-DE", "en"), (None, "en")])
def test_without_a_lang_the_browser_language_decides(locale, code):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["date"] = DAY.isoformat()
    at.context["locale"] = locale
    at.run()
    assert_shows_in(at, code)


def test_the_link_language_wins_over_the_browser_and_a_bad_one_falls_back_to_it():
    for lang, expected in (("hy", "hy"), ("klingon", "ru")):
        at = AppTest.from_file(APP, default_timeout=60)
        at.query_params.update({"date": DAY.isoformat(), "lang": lang})
        at.context["locale"] = "ru-RU"
        at.run()
        assert_shows_in(at, expected)


def test_embedded_the_page_has_no_switch_but_keeps_its_language():
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params.update({"date": DAY.isoformat(), "lang": "ru", "embed": "true"})
    at.context["is_embedded"] = True
    at.run()
    assert not at.exception
    assert not [box for box in at.selectbox if box.key == common.SWITCH_KEY]
    assert [h.value for h in at.header] == [md(language("ru").long_date(DAY))]
    (script,) = [h.value for h in at.get("html") if "documentElement.lang" in h.value]
    assert 'data-lang="ru"' in script


def test_the_page_language_script_names_the_chosen_language():
    at = run_app({"date": DAY.isoformat(), "lang": "hy"})
    (script,) = [h.value for h in at.get("html") if "documentElement.lang" in h.value]
    assert 'data-lang="hy"' in script
    switch(at).set_value("en").run()
    (script,) = [h.value for h in at.get("html") if "documentElement.lang" in h.value]
    assert 'data-lang="en"' in script


def test_a_page_without_a_view_in_its_link_gets_only_its_language_corrected():
    at = open_link({"lang": "xx"}, page="pages/about.py")
    assert not at.exception
    assert warnings(at)
    assert dict(at.query_params) in ({"lang": "en"}, {"lang": ["en"]})
    switch(at).set_value("hy").run()
    assert dict(at.query_params) in ({"lang": "hy"}, {"lang": ["hy"]})


@pytest.mark.parametrize("page", [None, "pages/timeline.py", "pages/events.py",
                                  "pages/about.py"], ids=["map", "timeline", "events", "about"])
def test_every_page_has_the_switch_and_names_its_language(page):
    at = open_link({"lang": "ru"}, page=page)
    assert not at.exception
    assert switch(at).value == "ru"
    (script,) = [h.value for h in at.get("html") if "documentElement.lang" in h.value]
    assert 'data-lang="ru"' in script
