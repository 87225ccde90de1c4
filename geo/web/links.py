"""Shareable links: read a view (date, district) from URL parameters, never trusting them."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode, urlsplit

from geo.dataset.load import Dataset
from geo.dataset.readers import iso_date
from geo.html import esc
from geo.i18n import DEFAULT, LANGUAGES, N_, language, parse_lang
from geo.story.status import default_date, story_day, story_range

# The app's pages: URL path (under the app's base) -> title. app.py's navigation is made
# from it; the server's page previews name the page by it. Marked for the catalogues:
# translated where shown, with `Language._`.
PAGES: dict[str, str] = {"": N_("Map"), "timeline": N_("Timeline"), "events": N_("Events"),
                         "about": N_("About and sources")}


@dataclass(frozen=True)
class View:
    """What a link asks to show, after correction; ``warnings`` say what was corrected.

    Warnings never repeat the raw parameter: it could be anything, including markup.
    """

    date: date
    district: str | None
    warnings: list[str] = field(default_factory=list)
    lang: str = DEFAULT  # a code of `geo.i18n.LANGUAGES`


def parse_view(params: dict[str, str], dataset: Dataset, default_lang: str = DEFAULT) -> View:
    """The view that URL parameters ask for; unreadable values fall back to defaults.

    The language is the link's ``lang``, else ``default_lang`` (the reader's browser's);
    the warnings are in it.
    """
    first, last = story_range(dataset)
    warnings = []
    raw_lang = params.get("lang")
    code = parse_lang(raw_lang) or default_lang
    words = language(code)
    _ = words._
    if raw_lang is not None and parse_lang(raw_lang) is None:
        warnings.append(_("The link's language could not be read (expected one of {codes}); "
                          "showing {language} instead.", codes=", ".join(sorted(LANGUAGES)),
                          language=LANGUAGES[code]))
    day = default_date(dataset)
    raw_date = params.get("date")
    if raw_date is not None:
        asked = iso_date(raw_date.strip())
        if asked is None:
            warnings.append(_("The link's date could not be read (expected YYYY-MM-DD); "
                              "showing {date} instead.", date=words.long_date(day)))
        elif not first <= asked <= last:
            warnings.append(_("The link's date is outside {first} – {last}; showing {date} "
                              "instead.", first=words.long_date(first),
                              last=words.long_date(last), date=words.long_date(day)))
        elif story_day(dataset, asked) != asked:
            day = story_day(dataset, asked)
            warnings.append(_("The link's date falls between the periods the story covers; "
                              "showing the nearest day it covers."))
        else:
            day = asked
    district = None
    raw_district = params.get("district")
    if raw_district:
        handover_ids = set(dataset.handover_districts["id"])
        if raw_district in handover_ids:
            district = raw_district
        else:
            warnings.append(_("The link names a district that is not one of the handover "
                              "districts ({districts}); none is selected.",
                              districts=", ".join(sorted(handover_ids))))
    return View(date=day, district=district, warnings=warnings, lang=code)


def view_params(day: date, district: str | None, lang: str | None = None) -> dict[str, str]:
    """The URL parameters that reopen this view, in ``lang`` if given.

    A shared link names its language, so that it opens in the language it was shared in.
    """
    params = {"date": day.isoformat()}
    if district:
        params["district"] = district
    if lang:
        params["lang"] = lang
    return params


def view_query(day: date, district: str | None, lang: str | None = None) -> str:
    """The query string (without '?') that reopens this view."""
    return urlencode(view_params(day, district, lang))


# Streamlit's own embed mode: no sidebar, no toolbar, no padding; the loading screen would
# only flash inside someone else's article.
EMBED_PARAMS = {"embed": "true", "embed_options": "hide_loading_screen"}
EMBED_HEIGHT = 720  # px: the date, summary, controls and map fit; the rest scrolls inside


def picture_name(day: date, district: str | None, lang: str = DEFAULT) -> str:
    """The file name of a view's picture, after its date, district and language.

    'handover-2020-11-21-kalbajar.png'; without a district 'handover-2020-11-21.png'; in
    another language than English, its code last: 'handover-2020-11-21-kalbajar-ru.png'.
    ``lang`` is a code of `geo.i18n.LANGUAGES` (anything else is refused: it is a file name).
    """
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}")
    named = f"-{district.replace('_', '-')}" if district else ""
    language_part = "" if lang == DEFAULT else f"-{lang}"
    return f"handover-{day.isoformat()}{named}{language_part}.png"


def view_url(base: str, day: date, district: str | None, lang: str | None = None) -> str:
    """The link that reopens this view on the app at ``base`` (any query on it is dropped)."""
    return f"{base.split('?')[0]}?{view_query(day, district, lang)}"


def embed_url(base: str, day: date, district: str | None, lang: str | None = None) -> str:
    """The link of this view in Streamlit's embed mode, for an iframe."""
    return f"{view_url(base, day, district, lang)}&{urlencode(EMBED_PARAMS)}"


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
