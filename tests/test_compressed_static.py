"""Streamlit's front end, compressed by the app itself (geo/server/compressed.py).

The middleware alone, driven as an ASGI app over a folder laid out like Streamlit's, and
then a real server answering for the installed Streamlit's own bundles.
"""

from __future__ import annotations

import gzip
import re
import urllib.request
from pathlib import Path

import aio
import brotli
import pytest
import streamlit
from conftest import streamlit_server

from geo.server.compressed import (
    IMMUTABLE,
    CompressedFiles,
    CompressedStatic,
    accepted_encoding,
    streamlit_static_dir,
)

STREAMLIT_STATIC = Path(streamlit.__file__).parent / "static"


def test_finds_the_installed_streamlits_front_end():
    assert streamlit_static_dir() == STREAMLIT_STATIC
    assert (streamlit_static_dir() / "index.html").is_file()
SCRIPT = b"export const answer = 42;\n" * 400
PASSED = b"from Streamlit"


@pytest.mark.parametrize(("header", "encoding"), [
    ("gzip, deflate, br, zstd", "br"),  # Chromium's
    ("gzip, deflate", "gzip"),
    ("br;q=0, gzip", "gzip"),
    ("BR", "br"),
    ("*", "br"),
    ("*;q=0, gzip;q=0.5", "gzip"),
    ("gzip;q=0, *", "br"),
    ("identity", None),
    ("", None),
    ("gzip;q=0", None),
    ("br;q=zero", None),
])
def test_chooses_brotli_then_gzip_by_what_the_client_accepts(header, encoding):
    assert accepted_encoding(header) == encoding


def static_folder(tmp_path: Path) -> Path:
    """A folder laid out like Streamlit's: index.html naming its entry files, and static/."""
    root = tmp_path / "static"
    (root / "static" / "js").mkdir(parents=True)
    (root / "static" / "media").mkdir()
    (root / "static" / "js" / "index.AbCd1234.js").write_bytes(SCRIPT)
    (root / "static" / "media" / "font.AbCd1234.woff2").write_bytes(b"\x00" * 600)
    (root / "index.html").write_text(
        '<script type="module" src="./static/js/index.AbCd1234.js"></script>')
    return root


async def inner(scope, receive, send):
    """Stands in for Streamlit: answers everything with PASSED."""
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": PASSED})


def request(app, path: str, method: str = "GET", root_path: str = "",
            **headers: str) -> tuple[int, dict[str, str], bytes]:
    """(status, headers, body) of one request through ``app``."""
    scope = {"type": "http", "method": method, "path": path, "root_path": root_path,
             "query_string": b"",
             "headers": [(k.replace("_", "-").encode(), v.encode()) for k, v in headers.items()]}
    messages = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        messages.append(message)

    aio.run(app(scope, receive, send))
    start = messages[0]
    body = b"".join(m.get("body", b"") for m in messages[1:])
    return (start["status"], {k.decode(): v.decode() for k, v in start["headers"]}, body)


@pytest.fixture
def folder(tmp_path) -> Path:
    return static_folder(tmp_path)


@pytest.fixture
def app(folder):
    return CompressedStatic(inner, streamlit_static=folder)


@pytest.mark.parametrize(("accept", "decode"), [("br", brotli.decompress),
                                                ("gzip", gzip.decompress)])
def test_a_bundle_comes_compressed_and_cached_for_good(app, accept, decode):
    status, headers, body = request(app, "/static/js/index.AbCd1234.js", accept_encoding=accept)
    assert status == 200
    assert headers["content-encoding"] == accept
    assert decode(body) == SCRIPT
    assert int(headers["content-length"]) == len(body) < len(SCRIPT) / 10
    assert headers["cache-control"] == IMMUTABLE
    assert headers["vary"] == "Accept-Encoding"
    assert headers["content-type"] in ("text/javascript; charset=utf-8", "application/javascript")
    assert headers["etag"].startswith('"') and accept in headers["etag"]


def test_a_client_that_accepts_no_compression_gets_streamlits_answer_with_vary(app):
    status, headers, body = request(app, "/static/js/index.AbCd1234.js",
                                    accept_encoding="identity")
    assert (status, body) == (200, PASSED)
    assert headers["vary"] == "Accept-Encoding"
    assert "content-encoding" not in headers


def test_range_and_other_methods_and_files_go_to_streamlit(app):
    bundle = "/static/js/index.AbCd1234.js"
    assert request(app, bundle, range="bytes=0-9", accept_encoding="br")[2] == PASSED
    assert request(app, bundle, method="POST", accept_encoding="br")[2] == PASSED
    for path in ("/", "/index.html", "/timeline", "/static/media/font.AbCd1234.woff2",
                 "/static/js/missing.AbCd1234.js", "/static/js/../../index.html",
                 "/static//js/index.AbCd1234.js", "/static/js\\index.AbCd1234.js",
                 "/app/static/js/index.AbCd1234.js"):
        status, headers, body = request(app, path, accept_encoding="br")
        assert body == PASSED, path
        assert "content-encoding" not in headers, path


def test_head_has_the_headers_of_get_and_no_body(app):
    _, got, _ = request(app, "/static/js/index.AbCd1234.js", accept_encoding="br")
    status, headers, body = request(app, "/static/js/index.AbCd1234.js", method="HEAD",
                                    accept_encoding="br")
    assert (status, body, headers) == (200, b"", got)


def test_a_client_with_the_etag_gets_not_modified(app):
    _, headers, _ = request(app, "/static/js/index.AbCd1234.js", accept_encoding="gzip")
    status, again, body = request(app, "/static/js/index.AbCd1234.js", accept_encoding="gzip",
                                  if_none_match=f'W/{headers["etag"]}, "other"')
    assert (status, body) == (304, b"")
    assert again["etag"] == headers["etag"] and again["cache-control"] == IMMUTABLE
    # The brotli body is another representation, with another tag.
    status, _, _ = request(app, "/static/js/index.AbCd1234.js", accept_encoding="br",
                           if_none_match=headers["etag"])
    assert status == 200


def test_under_a_base_url_path_and_a_root_path(folder):
    app = CompressedStatic(inner, streamlit_static=folder, base_path="/maps/")
    bundle = "/maps/static/js/index.AbCd1234.js"
    assert request(app, bundle, accept_encoding="br")[1]["content-encoding"] == "br"
    assert request(app, "/static/js/index.AbCd1234.js", accept_encoding="br")[2] == PASSED
    mounted = CompressedStatic(inner, streamlit_static=folder)
    status, headers, _ = request(mounted, "/mount/static/js/index.AbCd1234.js",
                                 root_path="/mount", accept_encoding="gzip")
    assert headers["content-encoding"] == "gzip"


def test_each_file_is_compressed_once_and_a_changed_file_again(folder, monkeypatch):
    from geo.server import compressed

    calls = []
    real = compressed.compress
    monkeypatch.setattr(compressed, "compress",
                        lambda data, encoding: calls.append(encoding) or real(data, encoding))
    app = CompressedStatic(inner, streamlit_static=folder)
    for _ in range(3):
        request(app, "/static/js/index.AbCd1234.js", accept_encoding="br")
    assert calls == ["br"]
    file = folder / "static" / "js" / "index.AbCd1234.js"
    file.write_bytes(SCRIPT + b"// more\n")
    _, _, body = request(app, "/static/js/index.AbCd1234.js", accept_encoding="br")
    assert brotli.decompress(body) == SCRIPT + b"// more\n"
    assert calls == ["br", "br"]


def test_memory_is_bounded(folder):
    files = CompressedFiles(max_bytes=1)  # nothing fits: served, never kept
    file = folder / "static" / "js" / "index.AbCd1234.js"
    assert gzip.decompress(files.get(file, "gzip").body) == SCRIPT
    assert files.size == 0
    one = len(CompressedFiles().get(file, "br").body)
    files = CompressedFiles(max_bytes=one + 10)
    files.get(file, "gzip")
    files.get(file, "br")  # evicts the older one
    assert files.size == one
    assert files.cached(files.key(file, "gzip")) is None


def test_warm_compresses_the_files_index_html_loads(folder):
    app = CompressedStatic(inner, streamlit_static=folder)
    app.warm()
    file = folder / "static" / "js" / "index.AbCd1234.js"
    assert all(app.files.cached(app.files.key(file, encoding)) for encoding in ("br", "gzip"))


def fetch(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    req = urllib.request.Request(url, headers={k.replace("_", "-"): v
                                               for k, v in headers.items()})
    with urllib.request.urlopen(req, timeout=30) as response:
        return response.status, {k.lower(): v for k, v in response.headers.items()}, \
            response.read()


def entry_bundle() -> str:
    """The script Streamlit's index.html loads first."""
    index = (STREAMLIT_STATIC / "index.html").read_text()
    return re.search(r'<script type="module" crossorigin src="\./(static/js/[^"]+)"',
                     index)[1]


@pytest.mark.slow  # a real server
def test_the_server_sends_streamlits_bundles_compressed(server):
    name = entry_bundle()
    original = (STREAMLIT_STATIC / name).read_bytes()
    for accept, decode in (("br", brotli.decompress), ("gzip", gzip.decompress)):
        status, headers, body = fetch(f"{server}/{name}", accept_encoding=accept)
        assert status == 200
        assert headers["content-encoding"] == accept
        assert decode(body) == original
        assert int(headers["content-length"]) == len(body) < len(original) / 2
        assert headers["cache-control"] == IMMUTABLE
        assert headers["vary"] == "Accept-Encoding"
    status, headers, body = fetch(f"{server}/{name}", accept_encoding="identity")
    assert (status, body) == (200, original)
    assert "content-encoding" not in headers
    # A range is the file's own bytes.
    status, headers, body = fetch(f"{server}/{name}", accept_encoding="br",
                                  range="bytes=10-19")
    assert (status, body) == (206, original[10:20])


@pytest.mark.slow  # a real server
def test_the_page_itself_is_not_cached_for_good(server):
    status, headers, body = fetch(f"{server}/", accept_encoding="br, gzip")
    # The page is rewritten per view (geo.server.index_page), and compressed there.
    assert headers["content-encoding"] == "gzip"
    assert status == 200 and b'id="root"' in gzip.decompress(body)
    assert "immutable" not in headers.get("cache-control", "")
    assert headers.get("cache-control") == "no-cache"


@pytest.mark.slow  # a real server
def test_the_server_compresses_under_its_base_url_path():
    name = entry_bundle()
    with streamlit_server(env={"HANDOVER_TILES": "none"}, base_path="maps") as url:
        status, headers, body = fetch(f"{url}/{name}", accept_encoding="gzip")
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == (STREAMLIT_STATIC / name).read_bytes()
