"""Middleware that rewrites Streamlit's index page as served: link previews, a first view.

Streamlit answers every page address (``/``, ``/timeline``, and any unknown path) with
the same ``index.html``: ``<title>Streamlit</title>``, an empty ``<div id="root">`` and
scripts with relative URLs. This middleware, in front of Streamlit's own, rewrites that
answer for GET requests:

- a known page (`geo.web.links.PAGES`) gets the view's title, description and preview
  tags, and the view's picture in the root (`geo.server.previews`), and any tags given
  for that page (the map page: the map frame's files to prefetch, `geo.server.map_frame`);
  its ``<html lang>`` names the view's language (Streamlit's says "en");
- an unknown address one level deep (``/nope``) gets status 404, a "page not found" title
  and a note with a link to the map in the root; the app, once loaded, shows its own "page
  not found" and its navigation;
- an unknown address deeper down (``/timeline/x``) is redirected to `NOT_FOUND_PATH` at
  the root, which is such an address. Served there, the page's relative script URLs
  would point under ``/timeline/`` and be answered with this page, which the browser
  refuses as a script: a blank page. A ``<base href>`` back to the root loads the
  scripts, but Streamlit's front end finds its server from the address bar, not the
  base, and fails to connect there ("Connection failed with status 404");
- with broken data the page keeps Streamlit's head and empty root (the app lists the
  problems).

The request's Host header is never read (see `geo.server.public_url`), and the address
asked for is never written into the page or the redirect.
"""

from __future__ import annotations

import gzip
import logging
import re
from collections.abc import Callable, Mapping
from dataclasses import replace
from urllib.parse import parse_qsl

import anyio
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.dataset.load import Dataset
from geo.dataset.problems import DataError
from geo.html import esc
from geo.i18n import DEFAULT, language, parse_lang
from geo.server.previews import NOT_FOUND_PATH, PageParts, Previews, not_found_parts
from geo.server.public_url import path_prefix
from geo.web.links import PAGES

log = logging.getLogger(__name__)

# Streamlit's routes that never answer with the index page, or answer with other HTML
# (a component's own index.html): passed through untouched.
_PASS_PREFIXES = ("_stcore/", "static/", "app/static/", "media/", "component/")
_ROOT = b'<div id="root"></div>'
_TITLE = re.compile(rb"<title>.*?</title>", re.DOTALL)
_NOSCRIPT = re.compile(rb"<noscript>.*?</noscript>", re.DOTALL)
_HTML_LANG = re.compile(rb"<html\b[^>]*>")
# Request headers dropped before Streamlit answers a page: its answer must be the whole
# page, uncompressed, to be rewritten (this middleware compresses the result itself).
_DROPPED_REQUEST = {b"accept-encoding", b"if-none-match", b"if-modified-since", b"range",
                    b"if-range"}
# Response headers that describe Streamlit's file, not the rewritten page.
_DROPPED_RESPONSE = {b"content-length", b"content-encoding", b"etag", b"last-modified",
                     b"accept-ranges", b"vary"}
_GZIP_MIN = 1024


def depth(raw_path: str) -> int:
    """How many folders below the app's root ``raw_path`` lies (``/timeline/x``: 1).

    ``raw_path`` is the path below the root as the browser sent it, still percent-encoded,
    so an encoded slash is no folder.
    """
    return max(raw_path.count("/") - 1, 0)


def rewrite(index: bytes, parts: PageParts) -> bytes:
    """Streamlit's index page with the parts put in: head tags for its title, root content.

    Streamlit's note for readers without JavaScript moves after the root: on a phone it
    filled the first screen, and the picture is what such a reader came for. The page's
    ``<html>`` names the parts' language (a validated code).
    """
    head = parts.head.encode()
    page = _HTML_LANG.sub(f'<html lang="{esc(parts.lang)}">'.encode(), index, count=1)
    page, count = _TITLE.subn(lambda _: head, page, count=1)
    if not count:
        page = page.replace(b"</head>", head + b"</head>", 1)
    notes = _NOSCRIPT.findall(page)
    page = _NOSCRIPT.sub(b"", page)
    return page.replace(_ROOT, b'<div id="root">' + parts.root.encode() + b"</div>"
                        + b"".join(notes), 1)


class IndexPageMiddleware:
    """ASGI middleware: rewrites Streamlit's index page for GET requests (see the module)."""

    def __init__(self, app: ASGIApp, previews: Previews, dataset: Callable[[], Dataset],
                 base_path: str = "", page_head: Mapping[str, str] | None = None) -> None:
        """``base_path`` is Streamlit's ``server.baseUrlPath`` ('' at the host's root).

        ``page_head`` maps a page (a key of `PAGES`) to more tags for its head, as they are.
        """
        self.app = app
        self.previews = previews
        self.dataset = dataset
        self.base_path = path_prefix(base_path)
        self.page_head = dict(page_head or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass everything through, except a GET for a page, whose answer is rewritten."""
        below = self._below_root(scope) if scope["type"] == "http" else None
        if below is None or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        raw_path, path = below
        accepts_gzip = any(name == b"accept-encoding" and b"gzip" in value
                           for name, value in scope["headers"])
        inner = dict(scope, headers=[(name, value) for name, value in scope["headers"]
                                     if name not in _DROPPED_REQUEST])
        captured = _Capture(send)
        await self.app(inner, receive, captured)
        start = captured.start
        if captured.passing or start is None:
            return
        page = b"".join(captured.body)
        if _ROOT not in page:  # some other HTML: as it came
            await send(start)
            await send({"type": "http.response.body", "body": page})
        elif depth(raw_path):
            await self._send(send, {**start, "status": 302, "headers": [
                (b"location", ("../" * depth(raw_path) + NOT_FOUND_PATH).encode()),
                (b"cache-control", b"no-cache"), (b"content-type", b"text/plain")]},
                b"", accepts_gzip)
        else:
            status, page = await anyio.to_thread.run_sync(
                self._page, page, path.strip("/"), scope.get("query_string", b""))
            await self._send(send, {**start, "status": status}, page, accepts_gzip)

    def _below_root(self, scope: Scope) -> tuple[str, str] | None:
        """(raw path, path) below the app's root, or None for a route that is never a page."""
        path = scope.get("path", "")
        raw = scope.get("raw_path") or path.encode()
        raw_path = raw.decode("latin-1").split("?", 1)[0]
        for prefix in (scope.get("root_path", ""), self.base_path):
            if prefix and path.startswith(prefix):
                path = path[len(prefix):] or "/"
                raw_path = raw_path[len(prefix):] or "/"
        if not path.startswith("/") or path.lstrip("/").startswith(_PASS_PREFIXES):
            return None
        return raw_path, path

    def _page(self, index: bytes, page: str, query: bytes) -> tuple[int, bytes]:
        """The status and rewritten page (in a worker thread: a first view may load the data)."""
        params = dict(parse_qsl(query.decode("latin-1"), keep_blank_values=True))
        if page not in PAGES:
            return 404, rewrite(index, not_found_parts(
                language(parse_lang(params.get("lang")) or DEFAULT)))
        try:
            parts = self.previews.parts(self.dataset(), page, params)
            return 200, rewrite(index, replace(parts, head=parts.head
                                               + self.page_head.get(page, "")))
        except DataError:  # the app lists the problems; its page stays as Streamlit's
            return 200, index
        except Exception:  # a preview must never cost the reader the page
            log.exception("link preview for /%s failed", page)
            return 200, index

    @staticmethod
    async def _send(send: Send, start: Message, page: bytes, accepts_gzip: bool) -> None:
        headers = [(name, value) for name, value in start.get("headers", [])
                   if name not in _DROPPED_RESPONSE]
        if accepts_gzip and len(page) >= _GZIP_MIN:
            page = gzip.compress(page, compresslevel=6)
            headers.append((b"content-encoding", b"gzip"))
        headers += [(b"content-length", str(len(page)).encode()),
                    (b"vary", b"Accept-Encoding")]
        await send({**start, "headers": headers})
        await send({"type": "http.response.body", "body": page})


class _Capture:
    """The `send` the inner app gets: an HTML page is held back, anything else passed on."""

    def __init__(self, send: Send) -> None:
        self.send = send
        self.start: Message | None = None
        self.body: list[bytes] = []
        self.passing = False

    async def __call__(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.start = message
            headers = dict(message.get("headers", []))
            self.passing = not (message["status"] == 200
                                and headers.get(b"content-type", b"").startswith(b"text/html"))
            if self.passing:
                await self.send(message)
        elif self.passing:
            await self.send(message)
        elif message["type"] == "http.response.body":
            self.body.append(message.get("body", b""))
