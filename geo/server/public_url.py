"""The app's public address, for the absolute URLs of link previews (HANDOVER_PUBLIC_URL).

Link previews need absolute URLs (Open Graph asks for them), but the address a request
names in its Host header is whatever the client wrote: echoed into the page, a forged Host
would put another site's address in the head, and a cache in front of the app that keys on
the path alone would hand that page to every later reader. So the Host header is never
used. Without a configured address the previews carry URLs relative to the page
(`relative_base`), which browsers and most link unfurlers resolve against the page's own
address, and no ``og:url``.
"""

from __future__ import annotations

import logging
import os
from urllib.parse import urlsplit

ENV = "HANDOVER_PUBLIC_URL"
log = logging.getLogger(__name__)


def public_url(value: str | None) -> str | None:
    """``value`` as a base URL without a trailing slash, or None if unset or unusable.

    Only an http(s) URL with a host and no credentials, query or fragment is taken; the
    path may name where a proxy serves the app (https://example.org/handover).
    """
    text = (value or "").strip()
    if not text:
        return None
    try:
        parts = urlsplit(text)
        port_ok = parts.port is None or parts.port > 0  # reading .port validates it
    except ValueError:
        return None
    if (parts.scheme not in ("http", "https") or not parts.hostname or not port_ok
            or parts.username is not None or parts.query or parts.fragment
            or any(c in text for c in ' "<>\\`')):
        return None
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}"


def configured_public_url() -> str | None:
    """The validated public address from the environment; a warning in the log if unusable."""
    raw = os.environ.get(ENV)
    url = public_url(raw)
    if raw and raw.strip() and url is None:
        log.warning("%s is not an http(s) URL without query or fragment; link previews "
                    "use relative URLs", ENV)
    return url
