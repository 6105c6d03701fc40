"""Run the whole program (run_application) in a test and close it again, even under load."""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import Any

import pytest

GAVE_UP = 99  # run_application's result when the program would not close before the deadline


def main_window_shown() -> bool:
    from PySide6.QtWidgets import QApplication

    from coursehub.ui.main_window import MainWindow

    return any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())


def run_program_and_close(
    monkeypatch: pytest.MonkeyPatch,
    look: Callable[[], None] = lambda: None,
    ready: Callable[[], bool] = lambda: True,
    seconds: float = 120,
    **run_arguments: Any,
) -> int:
    """run_application; once its event loop runs and `ready()` holds, call `look()`, then keep
    closing every visible window until the program returns.

    Before app.exec() starts, the program runs short local loops (a query on the worker, a
    notice): a busy dialog or notice shown there is closed, but never the main window, since
    the quit its closing asks for would end that local loop and app.exec() would then wait
    for a window that is gone. A deadline makes a program that never closes a failure
    (GAVE_UP), never a hung suite."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from coursehub.ui.application import run_application
    from coursehub.ui.main_window import MainWindow

    deadline = time.monotonic() + seconds
    state = {"running": True, "in_exec": False, "looked": False}
    real_exec = QApplication.exec

    def exec_marked(*_args: object) -> int:
        state["in_exec"] = True
        return real_exec()

    def visible() -> list[Any]:
        return [w for w in QApplication.topLevelWidgets() if w.isVisible()]

    def step() -> None:
        if not state["running"]:
            return  # the program returned; this timer must not reach the next test's windows
        if time.monotonic() > deadline:
            QApplication.exit(GAVE_UP)
        elif not state["in_exec"]:
            for widget in visible():
                if not isinstance(widget, MainWindow):
                    widget.close()
        elif not state["looked"]:
            if ready():
                look()
                state["looked"] = True
        elif shown := visible():
            for widget in shown:
                widget.close()
        else:
            QApplication.quit()
        QTimer.singleShot(100, step)

    monkeypatch.setattr(QApplication, "exec", exec_marked)
    monkeypatch.setattr("sys.excepthook", sys.excepthook)  # run_application installs its own
    QTimer.singleShot(100, step)
    try:
        return run_application(**run_arguments)
    finally:
        state["running"] = False
