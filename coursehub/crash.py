"""Crash reports: the traceback for the developers, in the user's log folder, never shown.

Reports hold record ids and code locations only; messages of errors are dropped because
they may quote a value from a person's record, and the home folder (often named after the
user) is written as "~". Each report gets a file of its own, even
when two crashes fall in the same second (the name is created exclusively, never replaced).
"""

from __future__ import annotations

import os
import traceback
from datetime import datetime
from pathlib import Path

import platformdirs

MAX_TRIES = 1000


def write_crash_report(error: BaseException, folder: Path | None = None) -> Path:
    folder = folder or platformdirs.user_log_path("CourseHub", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    frames = traceback.format_tb(error.__traceback__)
    # The home folder's name is often the user's own name: the report says "~" instead.
    text = (f"{type(error).__name__}\n" + "".join(frames)).replace(str(Path.home()), "~")
    stamp = f"crash-{datetime.now():%Y%m%d-%H%M%S}"
    for number in range(MAX_TRIES):
        path = folder / (f"{stamp}.txt" if number == 0 else f"{stamp}-{number + 1}.txt")
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            continue
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        return path
    raise FileExistsError(folder / f"{stamp}.txt")
