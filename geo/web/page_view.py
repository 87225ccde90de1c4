"""What the map page shows for one date and selection, built in one place.

Everything on the page that follows the date and the selected district is a function of
those two and the dataset, so the page can build it once per view and share it between
sessions and reruns: a slider step to a view already seen then costs only sending it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from geo.dataset.load import Dataset
from geo.i18n import ENGLISH, Language
from geo.map.step import step_html, step_json
from geo.story.details import district_details, summary_line
from geo.story.status import events_until, status_on
from geo.web.panels import details_html, event_filter_css


@dataclass(frozen=True)
class PageView:
    """The map page's texts and map view for one date and selection (all strings)."""

    summary: str  # the summary line over the map, which is also its text alternative
    summary_html: str  # the summary in bold, carrying the map's step (`step_html`)
    events_css: str  # the style that shows the events up to the date (`event_filter_css`)
    details_html: str | None  # the selected district's panel, or None without a selection


def page_view(dataset: Dataset, day: date, district: str | None,
              lang: Language = ENGLISH) -> PageView:
    """The map page's view of ``day`` with ``district`` selected (or none), in ``lang``."""
    summary = summary_line(status_on(dataset, day, lang), day, district, lang)
    return PageView(
        summary=summary,
        summary_html=step_html(summary, step_json(dataset, day, district)),
        events_css=event_filter_css(len(dataset.events), len(events_until(dataset, day))),
        details_html=None if district is None else details_html(
            district_details(dataset, district, day, lang), dataset.sources, lang),
    )
