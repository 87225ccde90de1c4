"""What the page served for a view carries: link-preview tags for its head, a picture for its root.

Crawlers and link unfurlers do not run JavaScript: what they show of a shared link is the
title, description and image named in the page's HTML as served. The view comes from the
link's ``?date=&district=&lang=``, read by `geo.web.links.parse_view` (which corrects
anything it cannot read to the default view); the words are `geo.story`'s, in the link's
language, and every value that reaches the HTML is escaped here, whatever its origin.

Without ``?lang=`` the page is in English, whatever the request's Accept-Language: crawlers
send none worth trusting, and one link must preview the same for everyone who shares it.
"""

from __future__ import annotations

from collections import OrderedDict
from dataclasses import dataclass
from datetime import date
from threading import Lock

from geo.dataset.load import Dataset, place_name
from geo.html import esc
from geo.i18n import DEFAULT, ENGLISH, Language, language, parse_lang
from geo.server import first_view
from geo.story.details import summary_line
from geo.story.status import status_on
from geo.story.wording import title as dashboard_title
from geo.web.links import PAGES, parse_view, view_query

# The preview image's size (the route that draws it answers at this size): the 1.91:1 that
# Open Graph and Twitter's large card show uncropped.
IMAGE_WIDTH, IMAGE_HEIGHT = 1200, 630
IMAGE_PATH = "preview.png"
# Where an unknown address deeper than the app's root is sent: an address that names no
# page, at the root (`geo.server.index_page`).
NOT_FOUND_PATH = "page-not-found"


@dataclass(frozen=True)
class PageParts:
    """What goes into Streamlit's index page: tags for its head, HTML for its root element."""

    head: str
    root: str
    lang: str = DEFAULT  # the page's language, for its <html lang>: a code of LANGUAGES


def districts_named(dataset: Dataset, lang: Language = ENGLISH) -> str:
    """'Kalbajar, Aghdam and Lachin': the handover districts (not the corridor), in order.

    Their names and the list's words in ``lang``.
    """
    return lang.join([place_name(record, lang.code) for record in dataset.handover_records
                      if record["role"] == "handover"])


def view_parts(dataset: Dataset, drawn: first_view.Shapes, page: str, day: date,
               district: str | None, asked: bool, public: str | None,
               lang: Language = ENGLISH, named_lang: bool = False) -> PageParts:
    """The head tags and first view of ``page`` (a key of `PAGES`) showing a view in ``lang``.

    ``asked``: the link named a view, so its canonical address names it too. ``public`` is
    the validated public base URL (`geo.server.public_url`), or None for relative URLs.
    ``named_lang``: the link named its language, so the picture's and the canonical address
    name it too (a link without one is English, as is a picture without one).
    """
    _ = lang._
    statuses = status_on(dataset, day, lang)
    selected = next((status.name for status in statuses if status.id == district), None)
    named = districts_named(dataset, lang)
    when = lang.long_date(day)
    page_title = _(PAGES[page])
    if selected is None:
        title = _("{districts} on {date} · {page}", districts=named, date=when, page=page_title)
    else:
        title = _("{district} on {date} · {districts} · {page}", district=selected, date=when,
                  districts=named, page=page_title)
    summary = summary_line(statuses, day, district, lang)
    query = view_query(day, district, lang.code if named_lang else None)
    image = f"{public or '.'}/{IMAGE_PATH}?{query}"
    url = None
    if public is not None:
        url = f"{public}/{page}" + (f"?{query}" if asked or named_lang else "")
    name = dashboard_title(lang)
    return PageParts(head=head_tags(title, summary, url, image, alt=summary, site=name),
                     root=first_view.picture_html(drawn, statuses, day, district, summary, name,
                                                  lang),
                     lang=lang.code)


def head_tags(title: str, description: str, url: str | None, image: str, alt: str,
              site: str | None = None) -> str:
    """The title, description, Open Graph and Twitter-card tags, every value escaped.

    ``site`` is the dashboard's name (`geo.story.wording.title`), English by default.
    """
    site = dashboard_title() if site is None else site
    tags = [f"<title>{esc(title)}</title>",
            f'<meta name="description" content="{esc(description)}">',
            '<meta property="og:type" content="website">',
            f'<meta property="og:site_name" content="{esc(site)}">',
            f'<meta property="og:title" content="{esc(title)}">',
            f'<meta property="og:description" content="{esc(description)}">']
    if url is not None:
        tags += [f'<meta property="og:url" content="{esc(url)}">',
                 f'<link rel="canonical" href="{esc(url)}">']
    tags += [f'<meta property="og:image" content="{esc(image)}">',
             f'<meta property="og:image:width" content="{IMAGE_WIDTH}">',
             f'<meta property="og:image:height" content="{IMAGE_HEIGHT}">',
             f'<meta property="og:image:alt" content="{esc(alt)}">',
             '<meta name="twitter:card" content="summary_large_image">',
             f'<meta name="twitter:title" content="{esc(title)}">',
             f'<meta name="twitter:description" content="{esc(description)}">',
             f'<meta name="twitter:image" content="{esc(image)}">']
    return "".join(tags)


def not_found_parts(lang: Language = ENGLISH) -> PageParts:
    """For an address that names no page: the app shows its own page not found once loaded.

    Without JavaScript the root says so, with a link to the map, in ``lang``. The address
    itself is never repeated: it could hold anything.
    """
    _ = lang._
    name = dashboard_title(lang)
    not_found = _("Page not found")
    note = _("This address names no page of the dashboard “{dashboard}”.", dashboard=name)
    title = _("{page} · {dashboard}", page=not_found, dashboard=name)
    back = _("Go to the map")
    return PageParts(
        head=f"<title>{esc(title)}</title>"
             '<meta name="robots" content="noindex">',
        root=('<main style="max-width:640px;margin:0 auto;padding:16px;font-family:system-ui,'
              'sans-serif;color:#1a1a1a"><h1 style="font-size:24px">'
              f"{esc(not_found)}</h1><p>"
              f"{esc(note)}"
              f' <a href="./" style="color:#0b57d0">{esc(back)}</a></p>'
              "</main>"),
        lang=lang.code)


class Previews:
    """`view_parts` for a dataset, built once per view, keeping the last ``size`` views.

    Keys are validated values only (page, date, district, language), never raw URL text,
    so a hostile link cannot fill the cache beyond the story's views, and the public address
    is the configured one, never a request's Host: no reader can be served another's page.
    """

    def __init__(self, public: str | None, size: int = 512) -> None:
        self.public = public
        self.size = size
        self._lock = Lock()
        self._dataset: Dataset | None = None
        self._drawn: first_view.Shapes | None = None
        self._views: OrderedDict[tuple, PageParts] = OrderedDict()

    def parts(self, dataset: Dataset, page: str, params: dict[str, str]) -> PageParts:
        """The parts of ``page`` for the view that the URL parameters ask for."""
        view = parse_view(params, dataset)  # no ?lang=, or an unreadable one: English
        named_lang = parse_lang(params.get("lang")) is not None
        key = (page, view.date, view.district, "date" in params or "district" in params,
               view.lang, named_lang)
        with self._lock:
            if self._dataset is not dataset:  # another data directory or a fixed one
                self._dataset, self._views = dataset, OrderedDict()
                self._drawn = first_view.shapes(dataset)
            if key in self._views:
                self._views.move_to_end(key)
                return self._views[key]
            drawn = self._drawn
        parts = view_parts(dataset, drawn, page, view.date, view.district, key[3], self.public,
                           language(view.lang), named_lang)
        with self._lock:
            self._views[key] = parts
            while len(self._views) > self.size:
                self._views.popitem(last=False)
        return parts

    def cached(self) -> list[tuple]:
        """The keys of the views kept, oldest first.

        (page, date, district, view asked, language code, language named).
        """
        with self._lock:
            return list(self._views)
