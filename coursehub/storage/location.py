"""Where the database lives by default: the user's data folder, by the platform's rules."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

DB_FILENAME = "coursehub.db"
DEMO_FILENAME = "demo.db"


def default_db_path() -> Path:
    """COURSEHUB_DB if set, else e.g. %LOCALAPPDATA%\\CourseHub\\coursehub.db on Windows."""
    override = os.environ.get("COURSEHUB_DB")
    if override:
        return Path(override).expanduser()
    return data_folder() / DB_FILENAME


def demo_db_path() -> Path:
    """The demo catalogue's own file (COURSEHUB_DEMO_DB if set, else demo.db in the data
    folder): made-up courses never go into the real database."""
    override = os.environ.get("COURSEHUB_DEMO_DB")
    if override:
        return Path(override).expanduser()
    return data_folder() / DEMO_FILENAME


def data_folder() -> Path:
    return platformdirs.user_data_path("CourseHub", appauthor=False, roaming=False)
