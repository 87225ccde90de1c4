"""The middleware that rewrites Streamlit's index page, driven as ASGI in the test process.

In front of a stand-in for Streamlit that answers as Streamlit's static files do (its own
``index.html`` for every address it has no file for, with an ETag, gzipped on request),
and, at the end, over HTTP against a real server.
"""

from __future__ import annotations

import gzip
import html
import re
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import anyio
import pytest

import geo
from geo.dataset.problems import DataError, Problem
from geo.i18n import language
from geo.server.index_page import IndexPageMiddleware, depth
from geo.server.previews import NOT_FOUND_PATH, Previews
from geo.story.details import summary_line
from geo.story.status import status_on

INDEX = (Path(__import__("streamlit").__file__).parent / "static" / "index.html").read_bytes()
DATA = geo.load()
PUBLIC = "https://maps.example.org"


class Streamlit:
    """Answers like Streamlit's static files; remembers the headers of what it was asked."""

    def __init__(self) -> None:
        self.asked: list[dict[bytes, bytes]] = []

    async def __call__(self, scope, receive, send):
        headers = dict(scope["headers"])
        self.asked.append(headers)
        path = scope["path"]
        if path.startswith("/_stcore/") or path.endswith(".js"):
            body, kind = b"ok", b"text/plain"
        else:
            body, kind = INDEX, b"text/html; charset=utf-8"
        extra = [(b"etag", b'"abc"'), (b"last-modified", b"Mon, 07 Dec 2026 16:38:53 GMT")]
        if b"gzip" in headers.get(b"accept-encoding", b"") and path != "/":
            body = gzip.compress(body)
            extra.append((b"content-encoding", b"gzip"))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", kind),
                                (b"content-length", str(len(body)).encode()), *extra]})
        await send({"type": "http.response.body", "body": body})


def fetch(app, target: str, method: str = "GET",
          headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One request through ``app``: status, headers, body (ungzipped)."""
    path, _, query = target.partition("?")
    raw = path.encode()
    scope = {"type": "http", "method": method, "path": urllib.request.unquote(path),
             "raw_path": raw, "query_string": query.encode(), "root_path": "",
             "headers": [(k.lower().encode(), v.encode())
                         for k, v in {"host": "127.0.0.1:8501", **(headers or {})}.items()]}
    sent = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    # In a thread of its own: in a session that has run Playwright's sync API, this thread
    # already has a running event loop.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(anyio.run, app, scope, receive, send).result()
    start = sent[0]
    answer = {k.decode(): v.decode() for k, v in start["headers"]}
    body = b"".join(m.get("body", b"") for m in sent[1:])
    if answer.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    assert int(answer.get("content-length", len(body))) >= 0
    return start["status"], answer, body


def middleware(dataset=lambda: DATA, public: str | None = PUBLIC, base_path: str = ""):
    inner = Streamlit()
    return IndexPageMiddleware(inner, Previews(public), dataset, base_path), inner


def title(body: bytes) -> str:
    return html.unescape(re.search(rb"<title>(.*?)</title>", body).group(1).decode())


def meta(body: bytes, key: str) -> str | None:
    found = re.search(rf'<meta (?:name|property)="{re.escape(key)}" content="([^"]*)"'.encode(),
                      body)
    return None if found is None else html.unescape(found.group(1).decode())


def test_a_view_gets_its_title_description_image_and_picture():
    app, _ = middleware()
    status, headers, body = fetch(app, "/?date=2020-11-21&district=kalbajar")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert title(body).startswith("Kalbajar on 21 Nov 2020")
    assert meta(body, "description").startswith("21 Nov 2020: ")
    assert meta(body, "og:image") == f"{PUBLIC}/preview.png?date=2020-11-21&district=kalbajar"
    assert b"<div id=\"root\"><main data-first-view" in body
    assert body.count(b"<title>") == 1 and b"Streamlit</title>" not in body
    # Streamlit's scripts stay as they were.
    assert re.findall(rb"<script[^>]*src=[^>]*>", body) == re.findall(
        rb"<script[^>]*src=[^>]*>", INDEX)


def test_streamlits_note_for_readers_without_javascript_follows_the_picture():
    app, _ = middleware()
    body = fetch(app, "/?date=2020-11-21")[2]
    assert body.count(b"<noscript>") == INDEX.count(b"<noscript>") == 1
    assert body.index(b"data-first-view") < body.index(b"<noscript>")


@pytest.mark.parametrize("page", ["timeline", "events", "about"])
def test_every_page_is_rewritten(page):
    app, _ = middleware()
    status, _, body = fetch(app, f"/{page}?date=2020-11-25")
    assert status == 200 and "25 Nov 2020" in title(body)
    assert b"data-first-view-date" in body


def test_the_page_comes_whole_uncompressed_from_streamlit_and_gzipped_to_the_reader():
    app, inner = middleware()
    headers = {"accept-encoding": "gzip, br", "if-none-match": '"abc"', "range": "bytes=0-10"}
    status, answer, body = fetch(app, "/timeline", headers=headers)
    assert status == 200 and answer["content-encoding"] == "gzip"
    assert answer["vary"] == "Accept-Encoding" and "etag" not in answer
    assert not {b"accept-encoding", b"if-none-match", b"range"} & set(inner.asked[-1])
    assert b"data-first-view" in body


@pytest.mark.parametrize("forged", [{"host": "evil.example"},
                                    {"x-forwarded-host": "evil.example",
                                     "x-forwarded-proto": "javascript"},
                                    {"host": '"><script>alert(1)</script>'}])
@pytest.mark.parametrize("public", [PUBLIC, None])
def test_a_forged_host_reaches_no_page_neither_its_own_nor_a_later_readers(forged, public):
    app, _ = middleware(public=public)
    _, _, attacked = fetch(app, "/?date=2020-11-21", headers=forged)
    _, _, later = fetch(app, "/?date=2020-11-21")
    assert b"evil" not in attacked + later and b"<script>alert" not in attacked
    assert attacked == later


@pytest.mark.parametrize(("query", "read_as"), [
    ("date=%3Cscript%3Ealert(1)%3C/script%3E", "date=2020-11-10"),
    ("district=%22%3E%3Csvg%20onload=alert(1)%3E", "date=2020-11-10"),
    ("date=2020-11-21&district=kalbajar%22", "date=2020-11-21"),
    ("date=20201121", "date=2020-11-10"), ("date=&district=", "date=2020-11-10")])
def test_a_hostile_link_gets_what_can_be_read_of_it(query, read_as):
    app, _ = middleware()
    status, _, body = fetch(app, f"/?{query}")
    _, _, default = fetch(app, f"/?{read_as}")
    assert status == 200 and b"<svg onload" not in body and b"<script>alert" not in body
    assert title(body) == title(default)


@pytest.mark.parametrize("path", ["/timeline/x", "/nope/deeper", "/a/b/c",
                                  "/%3Cscript%3Ealert(1)%3C/script%3E"])
def test_an_unknown_address_deeper_than_the_root_goes_to_a_page_not_found(path):
    app, _ = middleware()
    status, headers, body = fetch(app, path)
    assert status == 302 and body == b""
    assert headers["location"] == "../" * depth(path) + NOT_FOUND_PATH
    assert "script" not in headers["location"]


@pytest.mark.parametrize("path", ["/nope", f"/{NOT_FOUND_PATH}", "/%3Cb%3Ebold%3C%2Fb%3E"])
def test_an_unknown_page_is_not_found_and_repeats_nothing_of_its_address(path):
    app, _ = middleware()
    status, _, body = fetch(app, path)
    assert status == 404 and title(body).startswith("Page not found")
    assert b'<a href="./"' in body and b"nope" not in body and b"<b>bold" not in body
    assert b"data-first-view" not in body


def html_lang(body: bytes) -> str:
    tags = re.findall(rb"<html\b[^>]*>", body)
    assert len(tags) == 1
    return re.fullmatch(rb'<html lang="([^"]*)">', tags[0]).group(1).decode()


def test_the_page_names_the_views_language_in_its_html_tag_words_and_picture():
    app, _ = middleware()
    status, _, body = fetch(app, "/?date=2020-11-21&district=kalbajar&lang=ru")
    ru = language("ru")
    assert status == 200 and html_lang(body) == "ru"
    assert title(body).startswith("Кельбаджар")
    assert ru.long_date(date(2020, 11, 21)) in title(body)
    assert meta(body, "description") == summary_line(
        status_on(DATA, date(2020, 11, 21), ru), date(2020, 11, 21), "kalbajar", ru)
    assert meta(body, "og:image") == (
        f"{PUBLIC}/preview.png?date=2020-11-21&district=kalbajar&lang=ru")


@pytest.mark.parametrize("code", ["en", "az", "hy", "ru"])
def test_every_language_sets_the_html_tag(code):
    app, _ = middleware()
    body = fetch(app, f"/timeline?lang={code}")[2]
    assert html_lang(body) == code and f"lang={code}".encode() in body


@pytest.mark.parametrize("query", ["", "date=2020-11-21"])
def test_without_a_language_the_page_is_english(query):
    app, _ = middleware()
    body = fetch(app, f"/?{query}", headers={"accept-language": "ru-RU,ru;q=0.9"})[2]
    assert html_lang(body) == "en" and "lang=" not in meta(body, "og:image")


@pytest.mark.parametrize("value", ["%22%3E%3Cscript%3Ealert(1)%3C/script%3E", "xx",
                                   "ru%22%20onload=%22x", "ru-RU", "%00", "fr"])
def test_an_unreadable_language_is_english_and_never_echoed(value):
    app, _ = middleware()
    status, _, body = fetch(app, f"/?date=2020-11-21&lang={value}")
    _, _, english = fetch(app, "/?date=2020-11-21")
    assert status == 200 and body == english and html_lang(body) == "en"
    assert b"<script>alert" not in body and b"onload" not in body


def test_a_page_not_found_takes_the_language_too():
    app, _ = middleware()
    status, _, body = fetch(app, "/nope?lang=hy")
    assert status == 404 and html_lang(body) == "hy"
    assert html_lang(fetch(app, "/nope?lang=%3Cx%3E")[2]) == "en"


def test_an_encoded_slash_is_no_folder():
    assert depth("/%3Cb%3E%2F") == 0 and depth("/timeline/x") == 1 and depth("/") == 0


def test_with_broken_data_the_page_stays_streamlits():
    def broken():
        raise DataError([Problem("events.csv", 2, "date", "not a date")])

    app, _ = middleware(dataset=broken)
    status, _, body = fetch(app, "/?date=2020-11-21")
    assert status == 200 and body == INDEX


def test_under_a_base_path_the_pages_are_found_below_it():
    app, _ = middleware(base_path="/handover/")
    assert b"data-first-view" in fetch(app, "/handover/timeline")[2]
    assert fetch(app, "/handover/x/y")[1]["location"] == "../" + NOT_FOUND_PATH


@pytest.mark.parametrize(("method", "path"), [("GET", "/_stcore/health"),
                                              ("GET", "/static/js/index.js"),
                                              ("POST", "/"), ("HEAD", "/timeline/x")])
def test_other_requests_pass_through_untouched(method, path):
    app, inner = middleware()
    status, headers, body = fetch(app, path, method=method,
                                  headers={"accept-encoding": "gzip"})
    assert inner.asked[-1][b"accept-encoding"] == b"gzip"
    assert status == 200 and headers["etag"] == '"abc"'


@pytest.mark.slow
def test_over_http_a_view_has_its_title_summary_and_image_url():
    from conftest import streamlit_server

    env = {"HANDOVER_TILES": "none", "HANDOVER_PUBLIC_URL": "https://maps.example.org/"}
    with streamlit_server(env=env) as url:
        request = urllib.request.Request(f"{url}/?date=2020-11-21&district=kalbajar",
                                         headers={"Host": "evil.example"})
        with urllib.request.urlopen(request, timeout=30) as response:
            body = response.read()
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(f"{url}/nope", timeout=30)
        with pytest.raises(urllib.error.HTTPError) as redirected:  # to a page not found
            urllib.request.urlopen(f"{url}/timeline/x", timeout=30)
    head = body.split(b"</head>")[0]
    assert title(head).startswith("Kalbajar on 21 Nov 2020")
    assert meta(head, "description").startswith("21 Nov 2020: Aghdam returned on 20 Nov")
    assert meta(head, "og:image") == (
        "https://maps.example.org/preview.png?date=2020-11-21&district=kalbajar")
    assert b"evil" not in body and b"data-first-view-date" in body
    assert missing.value.code == 404
    assert redirected.value.code == 404
    assert redirected.value.url == f"{url}/{NOT_FOUND_PATH}"
