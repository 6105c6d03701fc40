"""What every screen is given: the open workspace, settings, the undo stack, the person
using the program and a way to ask the main window for things (open a course, refresh)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtGui import QUndoStack

from coursehub.domain.model import Course
from coursehub.domain.people import SYSTEM, Actor
from coursehub.services.workspace import Workspace
from coursehub.ui.settings import Settings


@dataclass
class UiContext:
    workspace: Workspace
    settings: Settings
    undo_stack: QUndoStack
    actor: Actor = SYSTEM
    today: Callable[[], date] = date.today
    # Set by the main window: screens call these instead of knowing each other.
    open_course: Callable[[int], None] = lambda _course_id: None
    data_changed: Callable[[], None] = lambda: None
    status: Callable[[str], None] = lambda _text: None
    extras: dict[str, Any] = field(default_factory=dict)

    def courses(self) -> list[Course]:
        """Every course: the catalogue screen's copy when it has one (it follows every edit made
        here and reloads after imports), else read from the database."""
        window = self.extras.get("window")
        page = window.pages.get("catalogue") if window is not None else None
        if page is not None and page.model.total:
            return page.model.all_courses()
        return self.workspace.catalogue.courses()
