"""Escaping for every place where text from data or from a URL meets HTML or Markdown.

Folium drops tooltip text into JavaScript template literals (`...`), so escaping must also
neutralise backticks and ``${`` there: both become HTML character references, which read
the same on screen and can never close the literal or start an interpolation.
"""

from __future__ import annotations

import html
import json
import re
from urllib.parse import urlparse

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


# In JSON these characters can only stand in strings, where \uXXXX means the same.
_SCRIPT_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026",
                        "\u2028": "\\u2028", "\u2029": "\\u2029"}
_SCRIPT_JSON_SPECIAL = re.compile("[<>&\u2028\u2029]")
_HTML_EXTRA = str.maketrans({"`": "&#96;", "$": "&#36;", "\n": "&#10;", "\r": "&#13;"})


def esc(text: object) -> str:
    """Escape for HTML text and attributes, and for folium's JS template literals.

    Line breaks become character references too: in Streamlit Markdown a blank line would
    end the HTML block and let the rest of the text be read as Markdown.
    """
    return html.escape(str(text), quote=True).translate(_HTML_EXTRA)


def md(text: object) -> str:
    """Escape for Streamlit Markdown, so data text shows as typed (no links, no markup)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def safe_url(url: str) -> str | None:
    """The URL if it is http(s), else None (never a javascript: or data: link)."""
    parsed = urlparse(url.strip())
    return url.strip() if parsed.scheme in ("http", "https") and parsed.netloc else None


def link(url: str, text: object) -> str:
    """An escaped link that opens in a new tab; plain escaped text if the URL is not http(s)."""
    href = safe_url(url)
    if href is None:
        return esc(text)
    return f'<a href="{esc(href)}" target="_blank" rel="noopener noreferrer">{esc(text)}</a>'


def script_json(value: object) -> str:
    """``value`` as compact JSON that is safe inside a <script> element.

    No '<', '>' or '&' is left in it, so no text in the data can close the element or
    start a comment there; the line separators that old parsers took for line ends go too.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _SCRIPT_JSON_SPECIAL.sub(lambda m: _SCRIPT_JSON_ESCAPES[m.group()], text)
