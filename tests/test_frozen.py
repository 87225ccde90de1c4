"""geo.freeze: a Dataset whose values cannot be written in place, equal to what was loaded."""

from __future__ import annotations

import pandas as pd
import pytest

import geo
from geo.dataset.frozen import freeze

LOADED = geo.load()
FROZEN = freeze(LOADED)


# Each case writes one value in place, as .loc[...] = ... does: (table, accessor, key, value).
# The key is a function of the table, as the row labels come from the data.
CELL_WRITES = [
    pytest.param("districts", "loc", lambda t: (t.index[0], "name_en"), "X", id="text-loc"),
    pytest.param("districts", "iloc", lambda t: (0, 0), "X", id="text-iloc"),
    pytest.param("districts", "loc", lambda t: (t.index[0], "area_km2"), 0.0, id="number"),
    pytest.param("districts", "loc", lambda t: (t.index[0], "geometry"), None, id="geometry"),
    pytest.param("events", "at", lambda t: (t.index[0], "title"), "X", id="event-at"),
    pytest.param("events", "loc", lambda t: (t.index[0], "start"), None, id="event-date"),
    pytest.param("sources", "loc", lambda t: ("S1", "publisher"), "X", id="source-by-id"),
    pytest.param("handover_districts", "loc", lambda t: (t.index[0], "deadline"), None,
                 id="derived-handovers"),
    pytest.param("event_distances", "iloc", lambda t: (0, 0), 0.0, id="derived-distances"),
    pytest.param("basemap", "iloc", lambda t: (0, 0), None, id="basemap"),
]


@pytest.mark.parametrize(("name", "accessor", "key", "value"), CELL_WRITES)
def test_a_value_written_in_place_raises(name, accessor, key, value):
    # A fresh frozen table: no view of it is alive, so pandas writes in place
    # (see geo.dataset.frozen).
    table = getattr(freeze(geo.load()), name)
    with pytest.raises(ValueError, match="read-only"):
        getattr(table, accessor)[key(table)] = value


def test_records_and_cited_lists_cannot_change():
    with pytest.raises(TypeError):
        FROZEN.handover_records[0]["id"] = "X"  # type: ignore[index]
    cited = FROZEN.events["sources"].iloc[0]
    assert isinstance(cited, tuple) and list(cited) == LOADED.events["sources"].iloc[0]
    assert isinstance(FROZEN.handover_records, tuple)


@pytest.mark.parametrize("name", ["districts", "events", "sources", "basemap", "figures",
                                  "handover_districts", "event_distances"])
def test_frozen_tables_hold_what_was_loaded(name):
    loaded, frozen = getattr(LOADED, name), getattr(FROZEN, name)
    if loaded is None:  # an optional file that is absent stays absent
        assert frozen is None
        return
    assert type(frozen) is type(loaded)
    assert list(frozen.columns) == list(loaded.columns)
    assert frozen.index.equals(loaded.index)
    for column in loaded.columns:
        expected = [tuple(v) if isinstance(v, list) else v for v in loaded[column]]
        assert pd.Series(expected, dtype=object).equals(
            pd.Series(list(frozen[column]), dtype=object)), column
    if hasattr(loaded, "crs"):
        assert frozen.crs == loaded.crs


def test_freezing_copies_and_leaves_the_loaded_dataset_writable():
    loaded = geo.load()
    frozen = freeze(loaded)
    assert not isinstance(loaded.events["sources"].iloc[0], tuple)
    loaded.events.loc[loaded.events.index[0], "title"] = "changed after freezing"
    assert frozen.events["title"].iloc[0] != "changed after freezing"
