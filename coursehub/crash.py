"""Crash reports: the traceback for the developers, in the user's log folder, never shown.

Reports hold record ids and code locations only; messages of errors are dropped because
they may quote a value from a person's record.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

from coursehub.fileio import write_bytes_atomic


def write_crash_report(error: BaseException) -> Path:
    folder = platformdirs.user_log_path("CourseHub", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crash-{datetime.now():%Y%m%d-%H%M%S}.txt"
    frames = traceback.format_tb(error.__traceback__)
    text = f"{type(error).__name__}\n" + "".join(frames)
    write_bytes_atomic(path, text.encode("utf-8"), private=True)
    return path
