"""The dataset as the HTTP side sees it: the one the pages share (`geo.web.prepared`)."""

from __future__ import annotations

from geo.dataset.load import Dataset, data_dir_from_env
from geo.web import prepared


def dataset() -> Dataset:
    """The app's validated dataset (raises `geo.DataError` on bad data, which is not cached)."""
    return prepared.dataset(str(data_dir_from_env()))
