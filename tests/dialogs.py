"""Acting on a modal dialog from a test: the dialog's exec() blocks the test's own code, so
the action is queued to run as soon as the dialog is on screen."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def when_shown(get: Callable[[], Any], act: Callable[[Any], object], every_ms: int = 10) -> None:
    """Run `act(dialog)` once the dialog `get()` returns is visible (looked for every few ms)."""
    from PySide6.QtCore import QTimer

    def poll() -> None:
        dialog = get()
        if dialog is None or not dialog.isVisible():
            QTimer.singleShot(every_ms, poll)
            return
        act(dialog)

    QTimer.singleShot(every_ms, poll)
