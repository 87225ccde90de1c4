"""The static export: one self-contained file that works offline and never runs data as code."""

from __future__ import annotations

import base64
import dataclasses
import gettext
import hashlib
import html
import json
import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from datacopy import copy_data, edit_csv, mirror_texts
from PIL import Image
from playwright.sync_api import expect

import geo
from geo.cli import main
from geo.dataset.load import place_name
from geo.export.page import TEMPLATES, export_html, preview_path, write_export
from geo.html import esc
from geo.i18n import ENGLISH_NAMES, Language, language
from geo.map.payload import SCRIPT, date_view
from geo.map.picture import preview_png
from geo.map.style import STATUS_COLOURS
from geo.story.details import district_details, events_in, summary_line
from geo.story.status import default_date, status_on, story_days
from geo.story.wording import long_date, source_title
from geo.web.panels import details_html

ROOT = Path(__file__).resolve().parent.parent
MAX_BYTES = 1_500_000
HOSTILE_TITLES = (
    "<img src=x onerror=alert(1)>",
    "Back`tick ${x} and </script><script>alert(2)</script>",
)
# URLs inside the inlined Leaflet: an XML namespace, its attribution link (turned off here)
# and a comment. A new Leaflet that fetched anything would have to add to this list.
LEAFLET_URLS = {"http://www.w3.org/2000/svg", "https://leafletjs.com",
                "https://bugzilla.mozilla.org/show_bug.cgi?id=888319"}
URL = re.compile(r"https?://[^\s\"'<>)\\]+")


class Tags(HTMLParser):
    """Every start tag with its attributes, and the text of each <script> by id."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.scripts: dict[str, str] = {}
        self._script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self._script = dict(attrs).get("id") or f"script-{len(self.scripts)}"
            self.scripts[self._script] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._script = None

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self.scripts[self._script] += data


def parse(text: str) -> Tags:
    tags = Tags()
    tags.feed(text)
    tags.close()
    return tags


def hostile_data(target: Path) -> Path:
    """A copy of data/ with events whose titles and summaries try to become markup or code."""
    copy_data(target)

    def add_events(rows):
        for number, title in enumerate(HOSTILE_TITLES, start=1):
            rows.append({"id": f"X{number}", "start": "2020-11-12", "end": "",
                         "time_precision": "day", "title": title,
                         "summary": f"Summary {title} `${{alert(3)}}`", "category": "other",
                         "lat": "39.9", "lon": "46.6", "geo_precision": "exact",
                         "district_id": "", "sources": "S1"})
    edit_csv(target / "events.csv", add_events)
    mirror_texts(target, "events.csv", *(f"X{n}" for n in range(1, len(HOSTILE_TITLES) + 1)))
    return target


@pytest.fixture(scope="module")
def dataset() -> geo.Dataset:
    return geo.load(ROOT / "data")


@pytest.fixture(scope="module")
def exported(dataset) -> str:
    return export_html(dataset)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> geo.Dataset:
    return geo.load(hostile_data(tmp_path_factory.mktemp("hostile") / "data"))


def embedded(text: str) -> dict:
    """The export's part of the map's payload (geo.export.page._export_extras)."""
    return json.loads(parse(text).scripts["handover-map-data"])["export"]


# --- the file -----------------------------------------------------------------------------

def test_export_is_small(exported):
    assert len(exported.encode("utf-8")) <= MAX_BYTES


def test_no_external_src_or_href(exported, dataset):
    tags = parse(exported)
    source_urls = set(dataset.sources["url"])
    for tag, attrs in tags.tags:
        assert "src" not in attrs, f"<{tag} src=...>"
        assert tag not in ("link", "iframe", "img", "object", "embed", "base")
        if "href" in attrs:
            assert tag == "a", f"<{tag} href=...>"
            assert attrs["href"] in source_urls
            assert attrs["rel"] == "noopener noreferrer"
    assert "@import" not in exported
    css_urls = re.findall(r"url\(([^)]*)\)", exported)
    assert css_urls and all(u.startswith(("data:", "#")) for u in css_urls), css_urls


def test_http_urls_only_in_source_links(exported, dataset):
    tags = parse(exported)
    leaflet_js = tags.scripts["leaflet-js"]
    leaflet_css = re.search(r'<style id="leaflet-css">(.*?)</style>', exported, re.S).group(1)
    assert set(URL.findall(leaflet_js + leaflet_css)) <= LEAFLET_URLS
    rest = exported.replace(leaflet_js, "").replace(leaflet_css, "")
    # map.js names the SVG namespace for its hatch patterns: a name, never fetched.
    assert set(URL.findall(rest)) <= set(dataset.sources["url"]) | {"http://www.w3.org/2000/svg"}
    linked = {attrs["href"] for tag, attrs in tags.tags if tag == "a"}
    assert linked == set(dataset.sources["url"])


def test_content_security_policy_allows_exactly_the_inlined_scripts(exported):
    tags = parse(exported)
    policy = next(attrs["content"] for tag, attrs in tags.tags
                  if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    for name in ("leaflet-js", "map-js", "app-js"):
        digest = hashlib.sha256(tags.scripts[name].encode("utf-8")).digest()
        assert f"'sha256-{base64.b64encode(digest).decode()}'" in policy, name


def test_page_has_controls_legend_and_sources(exported, dataset):
    tags = parse(exported)
    by_id = {attrs.get("id"): (tag, attrs) for tag, attrs in tags.tags if attrs.get("id")}
    tag, slider = by_id["day"]
    assert (tag, slider["type"]) == ("input", "range")
    days = story_days(dataset)
    assert int(slider["max"]) == len(days) - 1
    assert days[int(slider["value"])] == default_date(dataset)
    assert all(by_id[name][0] == "button" for name in ("prev", "play", "next"))
    assert by_id["day-label"][0] == "output"
    for label in ("Held by Armenian forces", "Returned to Azerbaijan"):
        assert label in exported
    for licence in set(dataset.sources["licence"]):
        assert esc(licence) in exported


# --- one source of truth ------------------------------------------------------------------

def popup_lines(data: dict, district: str, index: int) -> list[tuple[str, str]]:
    """A district's popup lines on the story's day ``index``, as export.js reads them."""
    entry = data["districts"][district]
    return [tuple(data["lines"][i]) for i in entry["days"][index]] + [
        tuple(line) for line in entry["standing"]]


def test_popups_say_what_the_details_panel_says_every_day(exported, dataset):
    data = embedded(exported)
    days = story_days(dataset)
    assert data["iso"] == [day.isoformat() for day in days]
    for index, day in enumerate(days):
        for district in dataset.handover_districts["id"]:
            lines = popup_lines(data, district, index)
            panel = html.unescape(re.sub(r"<[^>]*>", "", details_html(
                district_details(dataset, district, day), dataset.sources)))
            for label, text in lines:
                assert f"{label}: {text}" in panel, (day, district, label)
            status = next(s for s in geo.status_on(dataset, day) if s.id == district)
            assert lines[:2] == status.lines


def test_no_status_code_reaches_the_reader(exported):
    data = embedded(exported)
    words = {text for line in data["lines"] for text in line}
    assert not words & {"held", "pending", "returned"}
    for event in data["events"].values():
        assert event["title"] and event["summary"]


def test_revised_deadline_shows_only_once_announced(exported, dataset):
    data = embedded(exported)
    day = {iso: i for i, iso in enumerate(data["iso"])}
    before = dict(popup_lines(data, "kalbajar", day["2020-11-14"]))["Deadline"]
    after = dict(popup_lines(data, "kalbajar", day["2020-11-21"]))["Deadline"]
    assert before.endswith("(extension announced 15 Nov 2020, not yet known on this date)")
    assert after == "15 Nov 2020 → 25 Nov 2020 (extension announced 15 Nov 2020)"


def test_every_event_has_its_popup(exported, dataset):
    assert list(embedded(exported)["events"]) == list(dataset.events["id"])


# --- hostile data -------------------------------------------------------------------------

def test_hostile_text_is_embedded_as_data(hostile):
    text = export_html(hostile)
    assert "<img" not in text
    assert text.count("<script") == text.count("</script>") == 4
    titles = {e["title"] for e in embedded(text)["events"].values()}
    assert set(HOSTILE_TITLES) <= titles


def test_hostile_source_text_is_escaped_by_the_template(dataset):
    sources = dataset.sources.copy()
    sources["title"] = HOSTILE_TITLES[0]
    sources["publisher"] = HOSTILE_TITLES[1]
    sources["licence"] = "`${alert(4)}` & <b>"
    sources.loc["S1", "url"] = "javascript:alert(5)"
    text = export_html(dataclasses.replace(dataset, sources=sources))
    assert "<img" not in text and "<b>" not in text and "javascript:" not in text
    assert text.count("<script") == text.count("</script>") == 4
    footer = text[text.index("<footer>"):text.index("</footer>")]
    assert footer.count(esc(HOSTILE_TITLES[0])) == len(sources)
    assert footer.count(esc("`${alert(4)}` & <b>")) == len(sources)
    assert footer.count("<a ") == len(sources) - 1


def test_page_script_and_styles_are_the_template_files(exported):
    assert TEMPLATES == ROOT / "geo" / "export" / "templates"
    scripts = parse(exported).scripts
    assert scripts["app-js"] == (TEMPLATES / "export.js").read_text(encoding="utf-8")
    assert scripts["map-js"] == SCRIPT.read_text(encoding="utf-8")  # the live map's too
    assert (TEMPLATES / "export.css").read_text(encoding="utf-8") in exported
    assert "{{" not in exported and "{%" not in exported


def test_app_script_only_places_text_computed_in_python():
    """Its string literals are tag, class, id and event names: no words for the reader."""
    script = (TEMPLATES / "export.js").read_text(encoding="utf-8")
    literals = set(re.findall(r'"([^"]*)"', script)) - {"use strict", "Feature"}
    assert literals and all(re.fullmatch(r"[a-z0-9 #_-]*", text) for text in literals), literals
    assert "'" not in script, "one quoting style, so the check above sees every literal"


@pytest.mark.parametrize("name", ["app-js", "map-js"])
def test_scripts_build_no_markup_from_strings(exported, name):
    app = parse(exported).scripts[name]
    assert "innerHTML" not in app and "insertAdjacentHTML" not in app
    assert "`" not in app, "no template literals: data could never be interpolated into one"
    assert "eval(" not in app and "new Function" not in app


# --- command line -------------------------------------------------------------------------

def test_cli_writes_the_export(tmp_path, capsys):
    out = tmp_path / "site" / "index.html"
    assert main(["export", "--out", str(out), "--data", str(ROOT / "data")]) == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")
    printed = capsys.readouterr().out
    assert str(out) in printed and str(tmp_path / "site" / "index-preview.png") in printed


def test_cli_takes_only_an_http_public_url(tmp_path, capsys):
    out = tmp_path / "index.html"
    with pytest.raises(SystemExit) as refused:
        main(["export", "--out", str(out), "--public-url", "javascript:alert(1)"])  # no data read
    assert refused.value.code == 2 and not out.exists()
    assert "http(s)" in capsys.readouterr().err
    assert main(["export", "--out", str(out), "--data", str(ROOT / "data"),
                 "--public-url", "https://example.org/map/"]) == 0
    assert meta(out.read_text(encoding="utf-8"))["og:image"] == \
        "https://example.org/map/index-preview.png"


# --- its preview picture ------------------------------------------------------------------

def meta(text: str) -> dict[str, str]:
    """The page's <meta> tags, by property or name."""
    return {attrs.get("property") or attrs["name"]: attrs["content"]
            for tag, attrs in parse(text).tags
            if tag == "meta" and ("property" in attrs or "name" in attrs)}


def test_the_export_writes_its_picture_beside_it_and_names_it(dataset, tmp_path):
    page = write_export(dataset, tmp_path / "site" / "index.html")
    picture = preview_path(page)
    assert picture == tmp_path / "site" / "index-preview.png"
    image = Image.open(picture)
    assert image.format == "PNG" and image.size == (1200, 630)
    tags = meta(page.read_text(encoding="utf-8"))
    # Relative to the page, so the folder can be published anywhere.
    assert tags["og:image"] == tags["twitter:image"] == "index-preview.png"
    assert (page.parent / tags["og:image"]).read_bytes() == picture.read_bytes()
    assert tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    start = default_date(dataset)
    summary = summary_line(status_on(dataset, start), start)
    assert tags["og:description"] == tags["og:image:alt"] == tags["description"] == summary
    # The picture is the page's first view: the same as the app draws for that view.
    assert picture.read_bytes() == preview_png(dataset, start, None)


def test_a_public_url_makes_the_pictures_address_absolute(dataset, tmp_path):
    # The address of the page itself, or of its folder: the picture is beside it.
    page = write_export(dataset, tmp_path / "map.html", "https://example.org/maps/map.html")
    assert meta(page.read_text(encoding="utf-8"))["og:image"] == \
        "https://example.org/maps/map-preview.png"
    with pytest.raises(ValueError, match="http"):
        write_export(dataset, tmp_path / "x.html", "file:///etc/passwd")


def test_the_html_alone_names_no_picture(exported):
    assert not any(name.startswith(("og:", "twitter:")) for name in meta(exported))


def test_cli_reports_bad_data(tmp_path, capsys):
    (tmp_path / "data").mkdir()
    assert main(["export", "--out", str(tmp_path / "x.html"), "--data",
                 str(tmp_path / "data")]) == 1
    assert not (tmp_path / "x.html").exists()
    assert "missing" in capsys.readouterr().err


# --- in a browser, offline ----------------------------------------------------------------

@pytest.fixture(scope="module")
def export_file(dataset, tmp_path_factory) -> Path:
    return write_export(dataset, tmp_path_factory.mktemp("export") / "index.html")


@pytest.fixture(scope="module")
def hostile_file(hostile, tmp_path_factory) -> Path:
    return write_export(hostile, tmp_path_factory.mktemp("hostile-export") / "index.html")


class Offline:
    """A page whose every non-file request is aborted and recorded, with its errors and dialogs."""

    def __init__(self, chromium, bypass_csp: bool = False) -> None:
        self.context = chromium.new_context(viewport={"width": 1300, "height": 900},
                                            bypass_csp=bypass_csp)
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.dialogs: list[str] = []
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("pageerror", lambda err: self.errors.append(str(err)))
        self.page.on("console", lambda msg: self.errors.append(msg.text)
                     if msg.type == "error" else None)
        self.page.on("dialog", self._dialog)

    def _route(self, route) -> None:
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            self.requests.append(route.request.url)
            route.abort()

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def open(self, path: Path, fragment: str = "") -> None:
        self.page.goto(path.as_uri() + fragment)
        self.page.wait_for_selector("path[data-district]")

    def fills(self) -> dict[str, str]:
        return self.page.eval_on_selector_all(
            "path[data-district]",
            "els => Object.fromEntries(els.map(e => [e.dataset.district, e.getAttribute('fill')]))")


@pytest.fixture
def offline(chromium, request):
    """The export's own Content-Security-Policy is enforced, as in any browser."""
    view = Offline(chromium, bypass_csp=getattr(request, "param", False))
    yield view
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        view.page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    view.context.close()


def expected_fills(dataset, day) -> dict[str, str]:
    """Each fill as the payload styles it (a hatched status fills with its pattern)."""
    return {d["id"]: d["style"]["fillColor"] for d in date_view(dataset, day, None)["districts"]}


@pytest.mark.browser
def test_paints_districts_offline(offline, export_file, dataset):
    offline.open(export_file)
    assert offline.fills() == expected_fills(dataset, default_date(dataset))
    assert offline.page.locator("path.district-outline.context").count() == int(
        (dataset.districts["role"] == "context").sum())
    assert offline.page.locator(".leaflet-overlay-pane svg path, .leaflet-basemap-pane path"
                                ).count() > len(dataset.districts)
    assert offline.requests == []
    assert offline.errors == []


@pytest.mark.browser
def test_slider_end_and_home_recolour(offline, export_file, dataset):
    offline.open(export_file)
    first, last = geo.story_range(dataset)
    slider = offline.page.locator("#day")
    slider.focus()
    offline.page.keyboard.press("End")
    assert offline.fills() == expected_fills(dataset, last)
    assert set(offline.fills().values()) == {STATUS_COLOURS["returned"]}  # 30 Aug 2022
    assert offline.page.locator("#day-label").text_content() == long_date(last)
    assert offline.page.locator("path[data-event]").count() == len(dataset.events)
    offline.page.keyboard.press("Home")
    assert set(offline.fills().values()) == {STATUS_COLOURS["held"]}
    assert offline.page.locator("path[data-event]").count() == len(
        geo.events_until(dataset, first))
    assert offline.requests == [] and offline.errors == []


@pytest.mark.browser
def test_buttons_step_and_play_by_keyboard(offline, export_file):
    offline.open(export_file)
    page = offline.page
    start = int(page.locator("#day").input_value())
    page.locator("#next").focus()
    page.keyboard.press("Enter")
    assert int(page.locator("#day").input_value()) == start + 1
    page.locator("#prev").focus()
    page.keyboard.press("Space")
    assert int(page.locator("#day").input_value()) == start
    play = page.locator("#play")
    play.focus()
    page.keyboard.press("Enter")
    assert play.get_attribute("aria-pressed") == "true"
    # The page's CSP forbids eval, so not wait_for_function: expect() polls from outside.
    expect(page.locator("#day")).not_to_have_value(re.compile(rf"^({start}|{start + 1})$"))
    page.keyboard.press("Enter")
    assert play.get_attribute("aria-pressed") == "false"
    assert play.text_content() == "Play"


@pytest.mark.browser
def test_district_popup_details_as_known_that_day(offline, export_file):
    offline.open(export_file, "#2020-11-21")
    page = offline.page
    assert page.locator("#day-label").text_content() == "21 Nov 2020"
    page.locator("#status-list button", has_text="Kalbajar").click()
    popup = page.locator(".leaflet-popup-content", has_text="Kəlbəcər")
    popup.wait_for()
    text = popup.text_content()
    for expected in ("Kalbajar", "Kəlbəcər", "Кельбаджар",
                     "Status on 21 Nov 2020: Handover agreed, pending (4 days to go)",
                     "Deadline: 15 Nov 2020 → 25 Nov 2020 (extension announced 15 Nov 2020)"):
        assert expected in text
    hrefs = popup.locator("a").evaluate_all("els => els.map(e => e.href)")
    assert hrefs and all(h.startswith(("http://", "https://")) for h in hrefs)
    assert offline.requests == []


@pytest.mark.browser
def test_the_export_draws_the_corridor_and_reaches_august_2022(offline, export_file):
    offline.open(export_file, "#2022-08-22")
    page = offline.page
    assert page.locator("#day-label").text_content() == "22 Aug 2022"
    corridor = page.locator('path[data-district="lachin_corridor"]')
    assert corridor.get_attribute("fill") == "url(#hatch-peacekeepers)"
    assert "except the corridor" in page.locator("#status-list").text_content()
    page.locator("#next").click()
    page.locator("#next").click()
    page.locator("#next").click()
    assert page.locator("#day-label").text_content() == "25 Aug 2022"
    assert offline.requests == [] and offline.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("offline", [True], indirect=True, ids=["csp-bypassed"])
def test_hostile_titles_show_as_text(offline, hostile_file):
    """With the page's CSP switched off, so escaping alone must keep the data inert."""
    offline.open(hostile_file)
    page = offline.page
    page.locator("#day").focus()
    page.keyboard.press("End")
    items = page.locator("#event-list").text_content()
    for title in HOSTILE_TITLES:
        assert title in items
        page.locator("#event-list button", has_text=title).click()
        heading = page.locator(".leaflet-popup-content h3", has_text=title)
        heading.wait_for()
        assert heading.text_content() == title
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.x") == "undefined"
    assert offline.dialogs == []
    assert offline.requests == []
    assert offline.errors == []


# --- in a language ------------------------------------------------------------------------

class Planted(gettext.NullTranslations):
    """A catalogue that translates every message to ``mark`` + the message, so a test sees
    which words went through it (and a hostile mark, whether a translation is escaped)."""

    def __init__(self, mark: str) -> None:
        super().__init__()
        self.mark = mark

    def gettext(self, message):
        return self.mark + message

    def ngettext(self, singular, plural, n):
        return self.mark + (singular if n == 1 else plural)


def planted(code: str, mark: str = "‹T›") -> Language:
    return Language(code, Planted(mark))


def visible_text(text: str) -> str:
    """The page's text outside <script> and <style>, as a reader sees it before scripts run."""
    body = re.sub(r"<(script|style)\b.*?</\1>", "", text, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", "\n", body))


@pytest.mark.parametrize("code", ["en", "az", "hy", "ru"])
def test_the_export_in_a_language_names_it_and_speaks_it(dataset, code):
    lang = language(code)
    text = export_html(dataset, "p.png", lang)
    assert re.search(r"<html[^>]*>", text).group(0) == f'<html lang="{code}">'
    data = embedded(text)
    records = {r["id"]: r for r in dataset.handover_records}
    for district_id, district in data["districts"].items():
        assert district["name"] == place_name(records[district_id], code)
        for label, name_code, name in district["names"]:
            assert records[district_id][f"name_{name_code}"] == name
            assert label == lang._(ENGLISH_NAMES[name_code])
    start = default_date(dataset)
    assert meta(text)["og:description"] == summary_line(status_on(dataset, start, lang), start,
                                                        None, lang)
    assert lang.long_date(start) in visible_text(text)
    events = events_in(dataset.events, dataset, lang).set_index("id")
    for event_id, event in data["events"].items():
        assert event["title"] == events.at[event_id, "title"]
        assert event["summary"] == events.at[event_id, "summary"]
    payload = json.loads(parse(text).scripts["handover-map-data"])
    assert payload["days"][0] == lang.long_date(story_days(dataset)[0])


def test_the_russian_export_has_russian_names_events_and_source_descriptions(dataset):
    text = export_html(dataset, None, language("ru"))
    data = embedded(text)
    assert data["districts"]["kalbajar"]["name"] == "Кельбаджар"
    assert data["events"]["E01"]["title"] == dataset.text("ru", "events.csv", "E01", "title")
    footer = html.unescape(text[text.index("<footer>"):text.index("</footer>")])
    described = dataset.sources[dataset.sources["title_kind"] == "description"]
    for source_id in described["id"]:
        assert dataset.text("ru", "sources.csv", source_id, "title") in footer
    # A headline stays as published.
    headline = dataset.sources[dataset.sources["title_kind"] == "headline"].iloc[0]
    assert f"“{headline['title']}”" in footer


def test_every_word_of_the_page_goes_through_the_catalogue(dataset):
    text = export_html(dataset, "p.png", planted("ru"))
    tags = parse(text)
    by_id = {attrs.get("id"): attrs for tag, attrs in tags.tags if attrs.get("id")}
    assert by_id["prev"]["aria-label"].startswith("‹T›")
    assert by_id["map"]["aria-label"].startswith("‹T›")
    words = embedded(text)["words"]
    assert all(word.startswith("‹T›") for word in words.values())
    shown = [line.strip() for line in visible_text(text).splitlines() if line.strip()]
    # Every line a reader sees is a translated message, or made of data: a date, a name,
    # a source's own title, publisher or id, or the slider's own symbols.
    untranslated = [line for line in shown if "‹T›" not in line]
    data_words = {*dataset.sources["id"], *dataset.sources["publisher"],
                  *(source_title(t, k) for t, k in zip(dataset.sources["title"],
                                                       dataset.sources["title_kind"],
                                                       strict=True)),
                  *(dataset.text("ru", "sources.csv", s, "title") for s in dataset.sources["id"]),
                  language("ru").long_date(default_date(dataset))}
    leftovers = [line for line in untranslated
                 if line not in data_words and not re.fullmatch(r"[—–◀▶.,\s]*", line)
                 and not line.startswith((" (", ", ", "— "))]
    assert leftovers == [], leftovers


def test_a_hostile_translation_is_escaped(hostile):
    mark = '<img src=x onerror=alert(1)>"</script><script>alert(2)</script>'
    text = export_html(hostile, "p.png", planted("hy", mark))
    assert "<img" not in text and "<script>alert" not in text
    assert text.count("<script") == text.count("</script>") == 4
    assert embedded(text)["words"]["play"] == mark + "Play"
    assert esc(mark + "Legend") in text


def test_cli_writes_the_export_in_a_language(dataset, tmp_path):
    out = tmp_path / "ru" / "index.html"
    assert main(["export", "--out", str(out), "--data", str(ROOT / "data"), "--lang", "ru"]) == 0
    text = out.read_text(encoding="utf-8")
    assert '<html lang="ru">' in text and "Кельбаджар" in text
    start = default_date(dataset)
    assert preview_path(out).read_bytes() == preview_png(dataset, start, None,
                                                         lang=language("ru"))


@pytest.mark.browser
def test_the_names_in_a_popup_carry_their_language(offline, dataset, tmp_path):
    page_file = write_export(dataset, tmp_path / "hy.html", lang=language("hy"))
    offline.open(page_file, "#2020-11-21")
    page = offline.page
    assert page.locator("html").get_attribute("lang") == "hy"
    assert page.locator("#day-label").text_content() == language("hy").long_date(
        date(2020, 11, 21))
    page.locator("#status-list button", has_text="Քելբաջար").click()
    popup = page.locator(".leaflet-popup-content", has_text="Kəlbəcər")
    popup.wait_for()
    spans = popup.locator("span[lang]").evaluate_all(
        "els => els.map(e => [e.lang, e.textContent])")
    record = next(r for r in dataset.handover_records if r["id"] == "kalbajar")
    assert spans == [[code, record[f"name_{code}"]] for code in ("en", "az", "hy", "ru")]
    assert offline.requests == [] and offline.errors == []
