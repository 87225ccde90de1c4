"""geo.freeze: a Dataset whose values cannot be written in place, equal to what was loaded."""

from __future__ import annotations

import pandas as pd
import pytest

import geo
from geo.frozen import freeze

LOADED = geo.load()
FROZEN = freeze(LOADED)


def cell_writes() -> list:
    """One in-place write per kind of column and accessor, each as .loc[...] = ... does."""
    districts, events, sources = FROZEN.districts, FROZEN.events, FROZEN.sources
    held = FROZEN.handover_districts
    return [
        pytest.param(districts.loc, (districts.index[0], "name_en"), "X", id="text-loc"),
        pytest.param(districts.iloc, (0, 0), "X", id="text-iloc"),
        pytest.param(districts.loc, (districts.index[0], "area_km2"), 0.0, id="number-loc"),
        pytest.param(districts.loc, (districts.index[0], "geometry"), None, id="geometry"),
        pytest.param(events.at, (events.index[0], "title"), "X", id="event-at"),
        pytest.param(events.loc, (events.index[0], "start"), None, id="event-date"),
        pytest.param(sources.loc, ("S1", "publisher"), "X", id="source-by-id"),
        pytest.param(held.loc, (held.index[0], "deadline"), None, id="derived-handovers"),
        pytest.param(FROZEN.event_distances.iloc, (0, 0), 0.0, id="derived-distances"),
        pytest.param(FROZEN.basemap.iloc, (0, 0), None, id="basemap"),
    ]


@pytest.mark.parametrize(("indexer", "key", "value"), cell_writes())
def test_a_value_written_in_place_raises(indexer, key, value):
    with pytest.raises(ValueError, match="read-only"):
        indexer[key] = value


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
