"""Colours shared by the live map, its legend, the timeline and the static export.

Status colours are three steps of the viridis scale (dark, middle, light), which stay
distinguishable with the common forms of colour blindness and in greyscale; pending
districts also get a dashed outline, so colour is never the only cue.
"""

from __future__ import annotations

from geo.i18n import ENGLISH, Language
from geo.story.status import APPROXIMATE, Status

STATUS_COLOURS: dict[Status, str] = {
    "held": "#440154",
    "pending": "#21918c",
    "peacekeepers": "#3b528b",
    "returned": "#fde725",
}
# Statuses drawn hatched (stripes of the status colour), so that the corridor under
# peacekeepers stands apart from every district's fill, in colour and in greyscale.
HATCHED: tuple[Status, ...] = ("peacekeepers",)
STATUS_DASH: dict[Status, str | None] = {"held": None, "pending": "6 4", "peacekeepers": None,
                                         "returned": None}
# A corridor's outline, whatever its status: it is drawn over its district.
CORRIDOR_DASH = "4 3"
CONTEXT_COLOUR = "#6b6b6b"
CONTEXT_DASH = "2 3"  # a neighbouring district's dotted outline
# Play, in the app and in the static export, advances one day per this many seconds.
PLAY_SECONDS_PER_DAY = 1.0
BASEMAP_FILL = "#f2efe9"
BASEMAP_LINE = "#9a9a9a"

# Okabe-Ito palette, safe for colour-blind readers; categories of user data not listed
# here share one grey.
CATEGORY_COLOURS = {
    "war": "#000000",
    "agreement": "#0072B2",
    "peacekeeping": "#009E73",
    "politics": "#CC79A7",
    "displacement": "#D55E00",
    "heritage": "#E69F00",
    "handover": "#56B4E9",
}
OTHER_CATEGORY_COLOUR = "#999999"


def category_colour(category: str) -> str:
    """A stable colour for an event category."""
    return CATEGORY_COLOURS.get(category, OTHER_CATEGORY_COLOUR)


def swatch_background(status: Status) -> str:
    """The CSS background of a legend swatch for ``status``: hatched where the map is."""
    colour = STATUS_COLOURS[status]
    if status in HATCHED:
        return f"repeating-linear-gradient(45deg,{colour} 0 3px,#fff 3px 6px)"
    return colour


def hatch_note(status: Status, lang: Language = ENGLISH) -> str:
    """What a hatched swatch stands for, after its label: the corridor, drawn approximately."""
    if status not in HATCHED:
        return ""
    return lang._(" (hatched: the corridor, {approximate})", approximate=lang._(APPROXIMATE))
