"""A read-only Dataset, so that one object can serve every session of the app.

pandas has no read-only DataFrame, so a frozen Dataset is frozen as far as its parts allow:

- every table is a private copy whose NumPy arrays (numbers, dates, objects, geometries)
  are marked read-only, so writing a value in place (``.loc``, ``.at``, ``.iloc`` on those
  columns) raises ``ValueError`` instead of changing what every session sees;
- text columns are stored as NumPy object arrays (pandas would keep them in Arrow arrays,
  which it changes by swapping the array, out of NumPy's reach); lists inside cells (the
  ``sources`` columns) become tuples;
- the derived tables (``handover_districts``, ``event_distances``, ``handover_records``) are
  computed once, here, before the object is shared, and frozen the same way (the records
  become read-only mappings).

What NumPy cannot guard is guarded by a test that drives every page in several sessions
and then compares the shared Dataset with a fresh load (tests/test_isolation.py): adding,
dropping or replacing a whole column, and, under pandas' copy-on-write, a write to a table
while a view of it is alive (pandas then copies the column first and writes to the copy).
Code that needs a changed table copies it first.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import fields
from functools import cached_property
from types import MappingProxyType

import geopandas as gpd
import numpy as np
import pandas as pd
from geopandas.array import GeometryDtype

from geo.dataset.load import Dataset


def freeze(dataset: Dataset) -> Dataset:
    """A frozen copy of ``dataset``, its derived tables already computed."""
    frozen = Dataset(**{field.name: _frozen_value(getattr(dataset, field.name))
                        for field in fields(dataset)})
    for name, attribute in vars(Dataset).items():
        if isinstance(attribute, cached_property):
            value = getattr(frozen, name)  # computed now, from the frozen tables
            # Stored where cached_property keeps its value, so later reads get this one.
            if isinstance(value, pd.DataFrame):
                frozen.__dict__[name] = _frozen_table(value)
            elif isinstance(value, list):
                frozen.__dict__[name] = tuple(MappingProxyType(record) for record in value)
    return frozen


def _frozen_value(value: pd.DataFrame | Mapping | None) -> pd.DataFrame | Mapping | None:
    """A table frozen as below; a mapping of texts (``translations``) as a read-only copy."""
    if isinstance(value, Mapping):
        return MappingProxyType(dict(value))
    return _frozen_table(value)


def _frozen_table(table: pd.DataFrame | None) -> pd.DataFrame | None:
    """A copy of ``table`` built on read-only arrays, one per column.

    Built column by column (``copy=False``), pandas keeps each array as it is given instead
    of copying it into a shared, writable block.
    """
    if table is None:
        return None
    columns = {name: _frozen_column(table[name]) for name in table.columns}
    frozen = pd.DataFrame(columns, index=table.index, copy=False)
    if isinstance(table, gpd.GeoDataFrame):
        return gpd.GeoDataFrame(frozen, geometry=table.geometry.name, crs=table.crs,
                                copy=False)
    return frozen


def _frozen_column(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, GeometryDtype):
        geometries = values.array.copy()
        _read_only(np.asarray(geometries))  # the array of shapely objects it keeps
        return pd.Series(geometries, index=values.index, copy=False)
    if isinstance(values.dtype, np.dtype) and values.dtype != object:
        array = values.to_numpy(copy=True)
    else:  # text (pandas keeps it in Arrow arrays it can swap) and other objects
        array = np.empty(len(values), dtype=object)
        for row, value in enumerate(values):  # one by one: tuples must stay whole cells
            array[row] = tuple(value) if isinstance(value, list) else value
    _read_only(array)
    return pd.Series(array, index=values.index, dtype=array.dtype, copy=False)


def _read_only(array: np.ndarray) -> None:
    array.flags.writeable = False
