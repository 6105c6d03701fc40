"""Where the database lives by default: the user's data folder, by the platform's rules."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILENAME = "coursehub.db"


def default_db_path() -> Path:
    """COURSEHUB_DB if set, else e.g. %LOCALAPPDATA%\\CourseHub\\coursehub.db on Windows."""
    override = os.environ.get("COURSEHUB_DB")
    if override:
        return Path(override).expanduser()
    folder = platformdirs.user_data_path("CourseHub", appauthor=False, roaming=False)
    return folder / DB_FILENAME
