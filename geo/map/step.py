"""A step of the live map: the server's answer to a slider move or a selection, for the map.

The page writes each step into an attribute of its summary line (`step_html`), which the
map's frame watches (map.js, ``follow``). So the map's own arguments stay the same text on
every rerun, and Streamlit sends the browser a reference to the map it has, not the map.
"""

from __future__ import annotations

import json
from datetime import date

from geo.dataset.load import Dataset
from geo.html import esc
from geo.story.status import day_index

# The attribute of the page's element that carries each step for the map.
STEP_ATTRIBUTE = "data-map-step"


def step_json(dataset: Dataset, day: date, selected: str | None) -> str:
    """A step's day (as an index into the story) and selection, as plain JSON.

    `step_html` escapes it for the attribute it goes in.
    """
    return json.dumps({"day": day_index(dataset, day), "selected": selected})


def step_html(text: str, step: str) -> str:
    """``text`` in bold, carrying the map's step (`step_json`) for the map to follow.

    The line is the map's text alternative, so it is announced, politely, when it changes.
    """
    return (f'<strong {STEP_ATTRIBUTE}="{esc(step)}" aria-live="polite">'
            f"{esc(text)}</strong>")
