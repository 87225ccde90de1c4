"""Escaping for every place where text from data or from a URL meets HTML or Markdown.

Folium drops tooltip text into JavaScript template literals (`...`), so escaping must also
neutralise backticks and ``${`` there: both become HTML character references, which read
the same on screen and can never close the literal or start an interpolation.
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlparse

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


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
