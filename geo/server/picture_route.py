"""``GET /preview.png?date=YYYY-MM-DD[&district=id][&lang=ru]``: a view's picture, for previews.

The PNG is `geo.map.picture.preview_png` of the view that `geo.web.links.parse_view` reads
from the parameters, exactly as a page link is read, in the view's language (English
without ``lang``). Without parameters it is the default view (the page a bare link opens).
A parameter that a page would correct with a warning (an unreadable or out-of-range date,
a date between the periods, an unknown district, a language that is not one of
`geo.i18n.LANGUAGES`) or a repeated one is refused with 400 and a fixed plain-text message
that never repeats the input: an image URL is written by the app (or copied from it), so a
wrong one is a mistake to report, not a view to guess; and refusing it keeps one picture
per view in caches.

A render takes a few hundred milliseconds of CPU: it runs in a worker thread, off the
event loop, one at a time (matplotlib is not thread-safe; the picture module holds a
lock), and its PNG is kept in `PngCache`, bounded in count and in bytes. Answers may be
kept by browsers and proxies for a day: a view's picture changes only with the data.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from datetime import date

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from geo.dataset.problems import DataError
from geo.i18n import LANGUAGES, language
from geo.map.picture import preview_png
from geo.server.public_url import path_prefix
from geo.server.views import dataset
from geo.web.links import parse_view

PATH = "/preview.png"
# About 150 kB a picture (bench/preview.py): 64 pictures stay under 10 MB, and the byte
# bound holds even if pictures grow.
CACHE_ITEMS = 64
CACHE_BYTES = 16 * 1024 * 1024
CACHE_CONTROL = "public, max-age=86400"
REFUSED = ("preview.png takes ?date=YYYY-MM-DD, a day the map covers, and optionally "
           "&district= one of the handover districts' ids and "
           f"&lang= one of {', '.join(LANGUAGES)}, each once.\n")
UNAVAILABLE = "The data could not be loaded; see the server log.\n"
_VIEW_PARAMS = ("date", "district", "lang")
_NOSNIFF = {"X-Content-Type-Options": "nosniff"}

ViewKey = tuple[date, str | None, str]  # date, district, language code


class PngCache:
    """Least recently used pictures, at most ``max_items`` of them and ``max_bytes`` in all.

    Touched only from the event loop's thread, so it needs no lock of its own.
    """

    def __init__(self, max_items: int = CACHE_ITEMS, max_bytes: int = CACHE_BYTES) -> None:
        self.max_items = max_items
        self.max_bytes = max_bytes
        self.bytes = 0
        self._items: OrderedDict[ViewKey, bytes] = OrderedDict()

    def __len__(self) -> int:
        return len(self._items)

    def get(self, key: ViewKey) -> bytes | None:
        """The picture kept for ``key``, now the most recently used; None if none is."""
        png = self._items.get(key)
        if png is not None:
            self._items.move_to_end(key)
        return png

    def put(self, key: ViewKey, png: bytes) -> None:
        """Keep ``png``, dropping the least recently used until both bounds hold.

        A picture larger than the whole byte bound is not kept at all.
        """
        if len(png) > self.max_bytes:
            return
        old = self._items.pop(key, None)
        if old is not None:
            self.bytes -= len(old)
        self._items[key] = png
        self.bytes += len(png)
        while len(self._items) > self.max_items or self.bytes > self.max_bytes:
            _, dropped = self._items.popitem(last=False)
            self.bytes -= len(dropped)


class PictureRoute:
    """The route's handler with its cache: one per app, so one per event loop."""

    def __init__(self, cache: PngCache | None = None) -> None:
        self.cache = cache or PngCache()
        # Renders one at a time: a second request for a view being drawn waits, then
        # finds it kept.
        self._rendering = asyncio.Lock()

    async def respond(self, request: Request) -> Response:
        """The PNG of the view the query names, or 400 without echoing it."""
        params = request.query_params
        if any(len(params.getlist(name)) > 1 for name in _VIEW_PARAMS):
            return _refused()
        try:
            data = dataset()
        except DataError:
            return PlainTextResponse(UNAVAILABLE, status_code=503,
                                     headers={"Cache-Control": "no-store"})
        view = parse_view({name: params[name] for name in _VIEW_PARAMS if name in params},
                          data)
        if view.warnings:
            return _refused()
        key = (view.date, view.district, view.lang)
        png = self.cache.get(key)
        if png is None:
            async with self._rendering:
                png = self.cache.get(key)
                if png is None:
                    png = await run_in_threadpool(preview_png, data, view.date, view.district,
                                                  lang=language(view.lang))
                    self.cache.put(key, png)
        return Response(png, media_type="image/png",
                        headers={"Cache-Control": CACHE_CONTROL, **_NOSNIFF})


def _refused() -> Response:
    return PlainTextResponse(REFUSED, status_code=400,
                             headers={"Cache-Control": "no-store", **_NOSNIFF})


def route(handler: PictureRoute | None = None, base_path: str = "") -> Route:
    """The route, for `geo.server.asgi.routes` (HEAD is answered too).

    Under Streamlit's ``server.baseUrlPath``: st.App mounts the app's own routes at the root.
    """
    return Route(path_prefix(base_path) + PATH, (handler or PictureRoute()).respond,
                 methods=["GET"])
