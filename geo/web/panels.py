"""HTML for the map page's legend, details panel and event lists.

Streamlit shows these with ``unsafe_allow_html``, so every piece of text from data goes
through `geo.html.esc` here (which also keeps Streamlit's Markdown from reading ``$`` or
backticks in it) and links only through `geo.html.link`. Each function returns one line
of HTML: a blank line would end Streamlit's HTML block.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.html import esc, link
from geo.i18n import ENGLISH, Language
from geo.map.style import (
    STATUS_COLOURS,
    STATUS_DASH,
    category_colour,
    hatch_note,
    swatch_background,
)
from geo.story.details import LANGUAGE_NAMES, DistrictDetails
from geo.story.status import status_label

# The legend's layout is in pages/style.css, under this class, not inline: the map page
# sends the legend again with every slider step, and its inline styles were 0.9 kB of each.
_LEGEND_CLASS = "map-legend"


def legend_html(lang: Language = ENGLISH) -> str:
    """The map's legend as a list: a swatch per status, then events and neighbours.

    A real ``<ul>``, so assistive technology announces a list of six items; the swatches
    are decorative, the text says it all.
    """
    _ = lang._
    items = [f'<li><span aria-hidden="true" style="background:{swatch_background(status)};'
             f'border-style:{"dashed" if STATUS_DASH[status] else "solid"}"></span>'
             f'{esc(status_label(status, lang))}{esc(hatch_note(status, lang))}</li>'
             for status in STATUS_COLOURS]
    items.append(f"<li>◯ {esc(_('event (large: last two days)'))}</li>")
    items.append(f"<li>┄ {esc(_('grey dotted outline: neighbouring district'))}</li>")
    return (f'<ul class="{_LEGEND_CLASS}" aria-label="{esc(_("Map legend"))}">'
            + "".join(items) + "</ul>")


def source_links(ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Escaped links to the cited sources, by publisher; unknown ids are left out."""
    return ", ".join(link(sources.at[s, "url"], sources.at[s, "publisher"])
                     for s in ids if s in sources.index)


_LIST_CLASS = "story-events"  # the map page's list of every event
_NONE_CLASS = "story-no-events"  # its note for a date before the first event


def _no_events(lang: Language) -> str:
    return esc(lang._("No events yet on this date."))


def events_html(events: pd.DataFrame, sources: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """A list of events (in the order given, their texts in ``lang``) with their sources."""
    items = _event_items(events, sources, lang)
    return f"<ul>{items}</ul>" if items else f"<p>{_no_events(lang)}</p>"


def event_list_html(events: pd.DataFrame, sources: pd.DataFrame,
                    lang: Language = ENGLISH) -> str:
    """Every event, newest first (``events`` oldest first, as loaded), for `event_filter_css`.

    A page that follows a date sends this list once and then only a line of CSS per date:
    a list written again on every step was the largest part of the browser's work.
    """
    return (f'<ul class="{_LIST_CLASS}">{_event_items(events.iloc[::-1], sources, lang)}</ul>'
            f'<p class="{_NONE_CLASS}">{_no_events(lang)}</p>')


def event_filter_css(total: int, shown: int) -> str:
    """A style that leaves the oldest ``shown`` of ``total`` events in `event_list_html`.

    The list is newest first, so the events after a date are its first items; a date before
    every event shows the note instead.
    """
    # No ">" combinator: the HTML sanitiser drops a style whose text looks like a tag.
    rules = f"ul.{_LIST_CLASS} li:nth-child(-n+{total - shown}){{display:none}}"
    if shown:
        rules += f"p.{_NONE_CLASS}{{display:none}}"
    return f"<style>{rules}</style>"


def _event_items(events: pd.DataFrame, sources: pd.DataFrame, lang: Language) -> str:
    cited = esc(lang._("Sources:"))
    return "".join(
        f'<li><span style="color:{category_colour(e["category"])}">●</span> '
        f'<b>{esc(lang.long_date(e["start"]))}</b> – {esc(e["title"])}. '
        f'{esc(e["summary"])}{_outline_note(e)} '
        f'<small>{cited} {source_links(e["sources"], sources)}</small></li>'
        for e in events.to_dict("records"))


def _outline_note(event: dict) -> str:
    """The note on a place outside its district's generalised outline (see events_near)."""
    note = event.get("outline_note")
    return f" <i>{esc(note)}</i>" if isinstance(note, str) and note else ""


def details_html(info: DistrictDetails, sources: pd.DataFrame, lang: Language = ENGLISH) -> str:
    """The details panel of one district on one day; the words come from its status view."""
    _ = lang._
    status = info.status
    names = "<br>".join(f'<b>{esc(_(LANGUAGE_NAMES[code]))}:</b> '
                        f'<span lang="{code}">{esc(name)}</span>'
                        for code, name in info.names.items() if name)
    rows = [f"<b>{esc(label)}:</b> {esc(text)}"
            for label, text in status.lines + info.standing]
    if status.revision_note is not None:  # the deadline's row: where its change comes from
        rows[1] += (f" <small>{esc(_('source:'))} "
                    f"{source_links(info.revision_sources, sources)}</small>")
    return (
        f"<h3 style='margin-bottom:0'>{esc(status.name)}</h3>"
        f"<p>{names}</p>"
        f"<p>{'<br>'.join(rows)}<br>"
        f"<small>{esc(_('Sources:'))} {source_links(info.handover_sources, sources)}</small></p>"
        f"<b>{esc(_('Events in or near {name} up to this date', name=status.name))}</b>"
        f"{events_html(info.events, sources, lang)}")
