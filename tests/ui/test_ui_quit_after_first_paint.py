"""The smoke test's first-window timer: the program quits once its window has painted."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from coursehub.ui.application import quit_after_first_paint

pytestmark = pytest.mark.ui


def test_quits_after_the_first_paint_only(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    quits: list[int] = []
    monkeypatch.setattr(QApplication, "quit", lambda: quits.append(1))
    window = QLabel("CourseHub")
    qtbot.addWidget(window)
    quit_after_first_paint(QApplication.instance(), window)
    assert quits == []
    window.show()
    qtbot.waitUntil(lambda: quits == [1])
    window.repaint()
    qtbot.wait(50)
    assert quits == [1]
