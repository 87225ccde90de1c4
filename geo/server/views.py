"""The dataset as the HTTP side sees it: validated once per process and data directory."""

from __future__ import annotations

import functools

from geo.dataset.frozen import freeze
from geo.dataset.load import Dataset, data_dir_from_env, load


@functools.lru_cache(maxsize=4)
def _load(data_dir: str) -> Dataset:
    return freeze(load(data_dir))


def dataset() -> Dataset:
    """The app's validated dataset (raises `geo.DataError` on bad data, which is not cached)."""
    return _load(str(data_dir_from_env()))
