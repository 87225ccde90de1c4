"""HTML for the map page's legend, details panel and event lists.

Streamlit shows these with ``unsafe_allow_html``, so every piece of text from data goes
through `geo.html.esc` here (which also keeps Streamlit's Markdown from reading ``$`` or
backticks in it) and links only through `geo.html.link`. Each function returns one line
of HTML: a blank line would end Streamlit's HTML block.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from geo.details import DistrictDetails
from geo.html import esc, link
from geo.style import STATUS_COLOURS, STATUS_DASH, STATUS_LABELS, category_colour
from geo.wording import long_date

_SWATCH = ("display:inline-block;width:1.1em;height:1.1em;opacity:.8;margin-right:.4em;"
           "background:{colour};border:2px {line} #333")
_ITEM = "display:inline-flex;align-items:center;margin:0 1.2em .2em 0"


def legend_html() -> str:
    """The map's legend as a list: a swatch per status, then events and neighbours.

    A real ``<ul>``, so assistive technology announces a list of five items; the swatches
    are decorative, the text says it all.
    """
    items = [f'<li style="{_ITEM}"><span aria-hidden="true" style="'
             + _SWATCH.format(colour=colour, line="dashed" if STATUS_DASH[status] else "solid")
             + f'"></span>{esc(STATUS_LABELS[status])}</li>'
             for status, colour in STATUS_COLOURS.items()]
    items.append(f'<li style="{_ITEM}">◯ event (large: last two days)</li>')
    items.append(f'<li style="{_ITEM}">┄ grey dotted outline: neighbouring district</li>')
    return ('<ul aria-label="Map legend" style="list-style:none;padding:0;margin:0">'
            + "".join(items) + "</ul>")


def source_links(ids: Iterable[str], sources: pd.DataFrame) -> str:
    """Escaped links to the cited sources, by publisher; unknown ids are left out."""
    return ", ".join(link(sources.at[s, "url"], sources.at[s, "publisher"])
                     for s in ids if s in sources.index)


def events_html(events: pd.DataFrame, sources: pd.DataFrame) -> str:
    """A list of events (in the order given) with their summaries and sources."""
    items = "".join(
        f'<li><span style="color:{category_colour(e["category"])}">●</span> '
        f'<b>{esc(long_date(e["start"]))}</b> – {esc(e["title"])}. '
        f'{esc(e["summary"])}{_outline_note(e)} '
        f'<small>Sources: {source_links(e["sources"], sources)}</small></li>'
        for e in events.to_dict("records"))
    return f"<ul>{items}</ul>" if items else "<p>No events yet on this date.</p>"


def _outline_note(event: dict) -> str:
    """The note on a place outside its district's generalised outline (see events_near)."""
    note = event.get("outline_note")
    return f" <i>{esc(note)}</i>" if isinstance(note, str) and note else ""


def details_html(info: DistrictDetails, sources: pd.DataFrame) -> str:
    """The details panel of one district on one day; the words come from its status view."""
    status = info.status
    names = "<br>".join(f"<b>{esc(language)}:</b> {esc(name)}"
                        for language, name in info.names.items() if name)
    history = esc(status.deadline_history)
    if status.revision_note is not None:
        history += (f" ({esc(status.revision_note)}; source: "
                    f"{source_links(info.revision_sources, sources)})")
    return (
        f"<h3 style='margin-bottom:0'>{esc(status.name)}</h3>"
        f"<p>{names}</p>"
        f"<p><b>Status on {esc(long_date(status.day))}:</b> {esc(status.details)}<br>"
        f"<b>Deadline:</b> {history}<br>"
        f"<b>Under Armenian control since:</b> {esc(long_date(info.controlled_since))}<br>"
        f"<b>Area (generalised polygon):</b> {info.area_km2:,.0f} km²<br>"
        f"<b>Caveat:</b> {esc(status.caveat or '—')}<br>"
        f"<small>Sources: {source_links(info.handover_sources, sources)}</small></p>"
        f"<b>Events in or near {esc(status.name)} up to this date</b>"
        f"{events_html(info.events, sources)}")
