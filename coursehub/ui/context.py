"""What every screen is given: the open workspace, settings, the undo stack, the person
using the program and a way to ask the main window for things (open a course, refresh)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from PySide6.QtGui import QUndoStack

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
    show_courses: Callable[[list[int], str], None] = lambda _ids, _title: None
    data_changed: Callable[[], None] = lambda: None
    status: Callable[[str], None] = lambda _text: None
    extras: dict[str, Any] = field(default_factory=dict)

    def service(self, name: str) -> Any | None:
        """A workspace service that may not exist yet in this build (None then)."""
        try:
            return getattr(self.workspace, name)
        except (AttributeError, ImportError):
            return None
