"""Colours shared by the live map, its legend, the timeline and the static export.

Status colours are three steps of the viridis scale (dark, middle, light), which stay
distinguishable with the common forms of colour blindness and in greyscale; pending
districts also get a dashed outline, so colour is never the only cue.
"""

from __future__ import annotations

from geo.story.status import Status

STATUS_COLOURS: dict[Status, str] = {
    "held": "#440154",
    "pending": "#21918c",
    "returned": "#fde725",
}
STATUS_DASH: dict[Status, str | None] = {"held": None, "pending": "6 4", "returned": None}
CONTEXT_COLOUR = "#6b6b6b"
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
