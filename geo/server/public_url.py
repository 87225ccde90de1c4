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

from geo.web.links import public_url

ENV = "HANDOVER_PUBLIC_URL"
log = logging.getLogger(__name__)


def configured_public_url() -> str | None:
    """The validated public address from the environment; a warning in the log if unusable."""
    raw = os.environ.get(ENV)
    url = public_url(raw)
    if raw and raw.strip() and url is None:
        log.warning("%s is not an http(s) URL without query or fragment; link previews "
                    "use relative URLs", ENV)
    return url


def request_path(scope: dict) -> str:
    """An ASGI request's path below the ASGI root path a server mounts the app at, if any."""
    path: str = scope["path"]
    root_path = scope.get("root_path", "")
    return path[len(root_path):] if root_path and path.startswith(root_path + "/") else path


def path_prefix(base_path: str | None) -> str:
    """Streamlit's ``server.baseUrlPath`` as a URL path prefix: '' or '/handover'."""
    base = (base_path or "").strip("/")
    return f"/{base}" if base else ""
