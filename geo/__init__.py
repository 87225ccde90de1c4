"""Core of the handover dashboard: load and validate data, status on a date, map layers, export.

Plain functions with no Streamlit import, so every rule is testable on its own.
"""

from geo.dataset.load import Dataset, data_dir_from_env, load
from geo.dataset.problems import DataError, Problem
from geo.story.status import (
    AGREEMENT_IN_FORCE,
    STATUSES,
    DistrictStatus,
    events_until,
    key_dates,
    status_on,
    story_days,
    story_range,
)

__all__ = [
    "AGREEMENT_IN_FORCE",
    "STATUSES",
    "DataError",
    "Dataset",
    "DistrictStatus",
    "Problem",
    "data_dir_from_env",
    "events_until",
    "key_dates",
    "load",
    "status_on",
    "story_days",
    "story_range",
]
