"""Shareable links: read a view (date, district) from URL parameters, never trusting them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit

from geo.dataset.load import Dataset
from geo.dataset.readers import iso_date
from geo.html import esc
from geo.story.status import default_date, story_day, story_range

# The app's pages: URL path (under the app's base) -> title. app.py's navigation is made
# from it; the server's page previews name the page by it.
PAGES: dict[str, str] = {"": "Map", "timeline": "Timeline", "events": "Events",
                         "about": "About and sources"}


@dataclass(frozen=True)
class View:
    """What a link asks to show, after correction; ``warnings`` say what was corrected.

    Warnings never repeat the raw parameter: it could be anything, including markup.
    """

    date: date
    district: str | None
    warnings: list[str] = field(default_factory=list)


def parse_view(params: dict[str, str], dataset: Dataset) -> View:
    """The view that URL parameters ask for; unreadable values fall back to defaults."""
    first, last = story_range(dataset)
    warnings = []
    day = default_date(dataset)
    raw_date = params.get("date")
    if raw_date is not None:
        asked = iso_date(raw_date.strip())
        if asked is None:
            warnings.append("The link's date could not be read (expected YYYY-MM-DD); "
                            f"showing {day:%d %b %Y} instead.")
        elif not first <= asked <= last:
            warnings.append(f"The link's date is outside {first:%d %b %Y} – {last:%d %b %Y}; "
                            f"showing {day:%d %b %Y} instead.")
        elif story_day(dataset, asked) != asked:
            day = story_day(dataset, asked)
            warnings.append("The link's date falls between the periods the story covers; "
                            "showing the nearest day it covers.")
        else:
            day = asked
    district = None
    raw_district = params.get("district")
    if raw_district:
        handover_ids = set(dataset.handover_districts["id"])
        if raw_district in handover_ids:
            district = raw_district
        else:
            warnings.append("The link names a district that is not one of the handover "
                            f"districts ({', '.join(sorted(handover_ids))}); none is selected.")
    return View(date=day, district=district, warnings=warnings)


def view_params(day: date, district: str | None) -> dict[str, str]:
    """The URL parameters that reopen this view."""
    params = {"date": day.isoformat()}
    if district:
        params["district"] = district
    return params


def view_query(day: date, district: str | None) -> str:
    """The query string (without '?') that reopens this view."""
    return urlencode(view_params(day, district))


# Streamlit's own embed mode: no sidebar, no toolbar, no padding; the loading screen would
# only flash inside someone else's article.
EMBED_PARAMS = {"embed": "true", "embed_options": "hide_loading_screen"}
EMBED_HEIGHT = 720  # px: the date, summary, controls and map fit; the rest scrolls inside


def picture_name(day: date, district: str | None) -> str:
    """The file name of a view's picture, after its date and district, as its link names it.

    'handover-2020-11-21-kalbajar.png'; without a district 'handover-2020-11-21.png'.
    """
    named = f"-{district.replace('_', '-')}" if district else ""
    return f"handover-{day.isoformat()}{named}.png"


def view_url(base: str, day: date, district: str | None) -> str:
    """The link that reopens this view on the app at ``base`` (any query on it is dropped)."""
    return f"{base.split('?')[0]}?{view_query(day, district)}"


def embed_url(base: str, day: date, district: str | None) -> str:
    """The link of this view in Streamlit's embed mode, for an iframe."""
    return f"{view_url(base, day, district)}&{urlencode(EMBED_PARAMS)}"


def embed_snippet(src: str, title: str, height: int = EMBED_HEIGHT) -> str:
    """A ready ``<iframe>`` for an article; ``src`` and ``title`` are escaped as attributes."""
    return (f'<iframe src="{esc(src)}" title="{esc(title)}" width="100%" '
            f'height="{int(height)}" style="border:0" loading="lazy"></iframe>')

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
