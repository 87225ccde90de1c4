"""Streamlit's front end, compressed by the app itself.

Streamlit serves its own bundles (``/static/js``, ``/static/css``, ...) uncompressed by
design, expecting a proxy or CDN in front to compress them (see the comment in its
``starlette_gzip_middleware.py``): reached directly, a first visit downloads about 3 MB
where 1 MB would do, which on a phone's connection is seconds. Its reasons not to compress
are CPU spent again on every request; here each file is compressed once per process, on
first request (or at start, for the page's entry files), and kept in memory, so a later
request costs what serving the file did. Nothing is written to disk, so a read-only image
works as it is; compressing at build time instead would save a first reader about 0.1 s per
entry file (those are compressed at start anyway) and add a build step and a cache to keep
in step with the installed Streamlit.

This middleware answers GET and HEAD for text files under Streamlit's ``static/static``
folder with a compressed body: brotli if the client accepts it, else gzip. Anything else
(other paths, binary files such as fonts and images, Range requests, clients that accept
neither encoding) goes on to Streamlit unchanged, but with ``Vary: Accept-Encoding``, so a
shared cache never hands one client's encoding to another.
"""

from __future__ import annotations

import asyncio
import gzip
import hashlib
import importlib.util
import mimetypes
import re
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path

import brotli
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from geo.server.public_url import path_prefix, request_path

# Text that compresses; fonts (woff2) and images are compressed already.
TEXT_SUFFIXES = frozenset({".js", ".mjs", ".css", ".svg", ".json", ".map", ".txt"})
# Every file under Streamlit's static/static carries its content's hash in its name (Vite's
# build: "index.DormvYxC.js"), and Streamlit itself serves them all as immutable.
IMMUTABLE = "public, max-age=31536000, immutable"
# Quality 9, not brotli's maximum 11: on Streamlit's entry bundle (480 kB) 11 took 1.9 s and
# 9 took 0.12 s here, for a body 8 % larger (122 kB against 132 kB; gzip -9: 147 kB). A first
# reader after a start must not wait for the difference.
BROTLI_QUALITY = 9
GZIP_LEVEL = 9
# All of Streamlit's compressible files, both encodings, come to about 11 MB; the bound only
# matters if someone requests every file.
DEFAULT_MAX_BYTES = 32 * 1024 * 1024
# The entry files index.html names: compressed at start, before the first reader asks.
_ENTRY_FILE = re.compile(r'(?:src|href)="\./static/([^"]+)"')


@dataclass(frozen=True)
class Compressed:
    """One file in one encoding, ready to send."""

    body: bytes
    etag: str
    content_type: str


def accepted_encoding(accept_encoding: str) -> str | None:
    """The encoding to answer with, "br" or "gzip", or None if the client accepts neither.

    Reads the header's q-values (RFC 9110 12.5.3): ``gzip;q=0`` refuses gzip, ``*`` accepts
    any encoding not named otherwise.
    """
    weights: dict[str, float] = {}
    for item in accept_encoding.split(","):
        name, _, params = item.strip().partition(";")
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if name.strip():
            weights[name.strip().lower()] = weight
    for encoding in ("br", "gzip"):
        if weights.get(encoding, weights.get("*", 0.0)) > 0:
            return encoding
    return None


def compress(data: bytes, encoding: str) -> bytes:
    """``data`` in ``encoding`` ("br" or "gzip"); gzip without a timestamp, so reproducible."""
    if encoding == "br":
        return brotli.compress(data, quality=BROTLI_QUALITY)
    return gzip.compress(data, compresslevel=GZIP_LEVEL, mtime=0)


def content_type(path: Path) -> str:
    """What Starlette's FileResponse, which serves these files for Streamlit, would say."""
    media_type = mimetypes.guess_type(path.name)[0] or "text/plain"
    if media_type.startswith("text/"):
        media_type += "; charset=utf-8"
    return media_type


class CompressedFiles:
    """A bounded in-memory store of compressed files, each compressed once.

    Keyed by path, encoding and the file's size and modification time, so a changed file
    (a new Streamlit installed under a running process) is read again. Threads that ask for
    the same file at once wait for one compression; different files compress in parallel.
    """

    def __init__(self, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, Compressed] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._pending: dict[tuple, threading.Lock] = {}

    @staticmethod
    def key(path: Path, encoding: str) -> tuple:
        """What identifies one compression of the file as it is now on disk."""
        stat = path.stat()
        return (str(path), encoding, stat.st_size, stat.st_mtime_ns)

    def cached(self, key: tuple) -> Compressed | None:
        """The entry if it is held (no compression, no waiting: fine on the event loop)."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def get(self, path: Path, encoding: str, key: tuple | None = None) -> Compressed:
        """The compressed file, compressing it if no one has yet (blocking: run in a thread)."""
        key = key or self.key(path, encoding)
        entry = self.cached(key)
        if entry is not None:
            return entry
        with self._lock:
            pending = self._pending.setdefault(key, threading.Lock())
        with pending:
            entry = self.cached(key)
            if entry is None:
                body = compress(path.read_bytes(), encoding)
                digest = hashlib.blake2b(body, digest_size=12).hexdigest()
                entry = Compressed(body, f'"{digest}-{encoding}"', content_type(path))
                self._store(key, entry)
        with self._lock:
            self._pending.pop(key, None)
        return entry

    def _store(self, key: tuple, entry: Compressed) -> None:
        with self._lock:
            if len(entry.body) > self.max_bytes:
                return
            self._entries[key] = entry
            self._size += len(entry.body)
            while self._size > self.max_bytes:
                _, dropped = self._entries.popitem(last=False)
                self._size -= len(dropped.body)

    @property
    def size(self) -> int:
        """Bytes held."""
        with self._lock:
            return self._size


def streamlit_static_dir() -> Path:
    """The installed Streamlit's folder of front-end files, found without importing it."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError("streamlit is not installed")
    return Path(spec.submodule_search_locations[0]) / "static"


class CompressedStatic:
    """ASGI middleware: Streamlit's static text files, precompressed, cached for good.

    ``streamlit_static`` is Streamlit's package folder ``static`` (with index.html and the
    ``static`` folder of bundles); ``base_path`` is Streamlit's ``server.baseUrlPath``.
    """

    def __init__(self, app: ASGIApp, *, streamlit_static: Path | None = None,
                 base_path: str = "", files: CompressedFiles | None = None) -> None:
        self.app = app
        self.root = streamlit_static or streamlit_static_dir()
        self.assets = (self.root / "static").resolve()
        self.files = files or CompressedFiles()
        # The URL path of the bundles' folder: "/static/" or "/base/static/".
        self.prefix = f"{path_prefix(base_path)}/static/"
        self._warmed = False

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a compressible static file; pass everything else on to Streamlit."""
        if scope["type"] == "lifespan" and not self._warmed:
            self._warmed = True
            threading.Thread(target=self.warm, name="compress-entry-files", daemon=True).start()
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = self.asset(scope)
        if path is None:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        encoding = accepted_encoding(headers.get("accept-encoding", ""))
        if encoding is None or "range" in headers:
            # Streamlit's own answer (the file as it is, or the range of it asked for), which
            # differs with the client's Accept-Encoding.
            await self.app(scope, receive, _with_vary(send))
            return
        key = self.files.key(path, encoding)
        entry = self.files.cached(key) or await asyncio.to_thread(
            self.files.get, path, encoding, key)
        await self.respond(entry, encoding, scope, headers, send)

    def asset(self, scope: Scope) -> Path | None:
        """The compressible file a GET or HEAD asks for, or None to let Streamlit answer."""
        if scope["method"] not in ("GET", "HEAD"):
            return None
        path = request_path(scope)
        if not path.startswith(self.prefix):
            return None
        relative = path[len(self.prefix):]
        # Only plain names: anything odd (traversal, backslashes, empty segments) is left to
        # Streamlit's own checks and answers.
        parts = relative.split("/")
        if "\\" in relative or any(part in ("", ".", "..") for part in parts):
            return None
        file = self.assets.joinpath(*parts)
        if file.suffix not in TEXT_SUFFIXES or not file.is_file():
            return None
        if not file.resolve().is_relative_to(self.assets):
            return None
        return file

    @staticmethod
    async def respond(entry: Compressed, encoding: str, scope: Scope, headers: Headers,
                      send: Send) -> None:
        """Send the compressed file (its headers only for HEAD; 304 if the client has it)."""
        common = [
            (b"cache-control", IMMUTABLE.encode()),
            (b"vary", b"Accept-Encoding"),
            (b"etag", entry.etag.encode()),
        ]
        if matches_etag(headers.get("if-none-match", ""), entry.etag):
            await send({"type": "http.response.start", "status": 304, "headers": common})
            await send({"type": "http.response.body", "body": b""})
            return
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", entry.content_type.encode()),
            (b"content-encoding", encoding.encode()),
            (b"content-length", str(len(entry.body)).encode()),
            *common,
        ]})
        body = b"" if scope["method"] == "HEAD" else entry.body
        await send({"type": "http.response.body", "body": body})

    def warm(self) -> None:
        """Compress, in both encodings, the files index.html loads first."""
        try:
            index = (self.root / "index.html").read_text(encoding="utf-8")
        except OSError:
            return
        for name in dict.fromkeys(_ENTRY_FILE.findall(index)):
            file = self.assets / name
            if file.suffix in TEXT_SUFFIXES and file.is_file():
                for encoding in ("br", "gzip"):
                    self.files.get(file, encoding)


def matches_etag(if_none_match: str, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weakly, as for a GET) or is ``*``."""
    tags = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",") if tag.strip()}
    return etag in tags or "*" in tags


def _with_vary(send: Send) -> Send:
    """``send`` that adds ``Vary: Accept-Encoding`` to the response's headers."""

    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            headers.add_vary_header("Accept-Encoding")
        await send(message)

    return sender
