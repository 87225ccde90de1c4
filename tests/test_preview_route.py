"""GET /preview.png (geo.server.picture_route): its cache's bounds, and the route on a server."""

from __future__ import annotations

import asyncio
import io
import urllib.error
import urllib.request
from datetime import date
from urllib.parse import quote

import aio
import pytest
from PIL import Image
from starlette.requests import Request

import geo
from geo.i18n import LANGUAGES, language
from geo.map.picture import preview_png
from geo.server import picture_route
from geo.server.picture_route import (
    CACHE_BYTES,
    CACHE_ITEMS,
    PATH,
    REFUSED,
    PictureRoute,
    PngCache,
)

DAY = date(2020, 11, 21)


def key(n: int) -> tuple[date, str | None, str]:
    return date.fromordinal(DAY.toordinal() + n), None, "en"


def test_the_cache_keeps_at_most_its_count_dropping_the_least_recently_used():
    cache = PngCache(max_items=3, max_bytes=1_000)
    for n in range(3):
        cache.put(key(n), b"x" * 10)
    assert cache.get(key(0)) == b"x" * 10  # now the most recently used
    cache.put(key(3), b"y" * 10)
    assert len(cache) == 3
    assert cache.get(key(1)) is None
    assert cache.get(key(0)) is not None and cache.get(key(3)) == b"y" * 10


def test_the_cache_keeps_at_most_its_bytes():
    cache = PngCache(max_items=100, max_bytes=100)
    for n in range(10):
        cache.put(key(n), b"z" * 30)
        assert cache.bytes <= 100
    assert len(cache) == 3 and cache.bytes == 90
    assert [cache.get(key(n)) is not None for n in range(10)] == [False] * 7 + [True] * 3
    cache.put(key(9), b"z" * 80)  # a new picture for a kept view replaces it
    assert cache.bytes == 80 and len(cache) == 1
    cache.put(key(20), b"w" * 101)  # larger than the whole bound: not kept
    assert cache.get(key(20)) is None and cache.bytes == 80


def test_with_real_pictures_the_count_binds_before_the_bytes():
    """The stated bounds: CACHE_ITEMS pictures, and never more than CACHE_BYTES."""
    png = preview_png(geo.load(), DAY, "kalbajar")
    assert CACHE_ITEMS * len(png) * 1.5 <= CACHE_BYTES <= 32 * 1024 * 1024


# --- the handler, called directly ------------------------------------------------------

def request(query: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": PATH, "headers": [],
                    "query_string": query.encode("latin-1")})


def test_concurrent_requests_for_one_view_render_it_once(monkeypatch):
    renders = []

    def render(data, day, district, lang):
        renders.append((day, district))
        return b"\x89PNG picture of " + day.isoformat().encode()

    monkeypatch.setattr(picture_route, "preview_png", render)
    previews = PictureRoute(PngCache(max_items=4, max_bytes=10_000))

    async def three():
        return await asyncio.gather(*(previews.respond(request("date=2020-11-21"))
                                      for _ in range(3)))

    answers = aio.run(three())
    assert renders == [(DAY, None)]
    assert {answer.body for answer in answers} == {b"\x89PNG picture of 2020-11-21"}
    assert len(previews.cache) == 1


def test_each_language_is_its_own_picture_kept_apart(monkeypatch):
    renders = []

    def render(data, day, district, lang):
        renders.append(lang.code)
        return b"\x89PNG " + lang.code.encode()

    monkeypatch.setattr(picture_route, "preview_png", render)
    previews = PictureRoute()

    def ask(query: str):
        return aio.run(previews.respond(request(query)))

    answers = {code: ask(f"date=2020-11-21&lang={code}").body for code in LANGUAGES}
    assert answers == {code: b"\x89PNG " + code.encode() for code in LANGUAGES}
    assert ask("date=2020-11-21").body == answers["en"]  # no language: English
    assert ask("date=2020-11-21&lang=ru").body == answers["ru"]
    assert renders == list(LANGUAGES)
    assert sorted(key[2] for key in previews.cache._items) == sorted(LANGUAGES)


@pytest.mark.parametrize("value", ["fr", "ru-RU", "<script>", "", "en;ru", "%00"])
def test_an_unreadable_language_is_refused_like_any_parameter(monkeypatch, value):
    monkeypatch.setattr(picture_route, "preview_png", pytest.fail)
    answer = aio.run(PictureRoute().respond(request(f"date=2020-11-21&lang={quote(value)}")))
    # The fixed message: nothing of the value is repeated.
    assert answer.status_code == 400 and answer.body.decode() == REFUSED


def test_the_refusal_lists_the_languages():
    assert f"&lang= one of {', '.join(LANGUAGES)}" in REFUSED


def test_every_language_gets_a_png_of_its_own():
    previews = PictureRoute()
    bodies = {}
    for code in LANGUAGES:
        query = f"date=2020-11-21&district=kalbajar&lang={code}"
        answer = aio.run(previews.respond(request(query)))
        assert answer.status_code == 200 and answer.media_type == "image/png"
        assert Image.open(io.BytesIO(answer.body)).size == (1200, 630)
        bodies[code] = answer.body
    assert len(set(bodies.values())) == len(LANGUAGES)
    assert bodies["hy"] == preview_png(geo.load(), DAY, "kalbajar", lang=language("hy"))


def test_broken_data_gets_503_and_is_not_kept(monkeypatch):
    def broken():
        raise geo.DataError([geo.Problem("data/events.csv", "is missing")])

    monkeypatch.setattr(picture_route, "dataset", broken)
    answer = aio.run(PictureRoute().respond(request("date=2020-11-21")))
    assert answer.status_code == 503 and answer.headers["cache-control"] == "no-store"
    assert b"events.csv" not in answer.body


# --- on a real server -----------------------------------------------------------------------

def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


@pytest.mark.slow
def test_the_server_returns_the_views_png(server):
    status, headers, body = fetch(f"{server}{PATH}?date=2020-11-21&district=kalbajar")
    assert status == 200
    assert headers["content-type"] == "image/png"
    assert "public" in headers["cache-control"] and "max-age=86400" in headers["cache-control"]
    image = Image.open(io.BytesIO(body))
    assert image.format == "PNG" and image.size == (1200, 630)
    # Asked again, from the cache: the same picture.
    assert fetch(f"{server}{PATH}?date=2020-11-21&district=kalbajar")[2] == body
    # Another view is another picture; no parameters is the default view.
    assert fetch(f"{server}{PATH}?date=2020-11-26&district=kalbajar")[2] != body
    status, headers, default = fetch(f"{server}{PATH}")
    assert status == 200 and Image.open(io.BytesIO(default)).size == (1200, 630)


HOSTILE = [
    "date=<script>alert(1)</script>",
    "date=2020-11-21&district=<svg onload=alert(1)>",
    "date=2020-11-21\r\nSet-Cookie: a=b",
    "date=20201121",  # not the documented form
    "date=2021-06-01",  # between the story's periods: a page would correct it
    "date=2030-01-01",
    "district=kalbajar&district=aghdam",
    "date=2020-11-21&date=2020-11-22",
    "date=" + "9" * 5000,
    "date=2020-11-21&lang=<script>alert(1)</script>",
    "date=2020-11-21&lang=ru&lang=hy",
    "lang=xx",
]


@pytest.mark.slow
@pytest.mark.parametrize("query", HOSTILE)
def test_unreadable_or_hostile_parameters_get_400_without_echo(server, query):
    encoded = "&".join(f"{name}={quote(value, safe='')}"
                       for name, _, value in (pair.partition("=") for pair in query.split("&")))
    status, headers, body = fetch(f"{server}{PATH}?{encoded}")
    assert status == 400
    assert headers["content-type"].startswith("text/plain")
    assert body.decode("utf-8") == REFUSED
    assert "set-cookie" not in {name.lower() for name in headers}
