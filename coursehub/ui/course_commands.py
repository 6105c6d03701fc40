"""Undo and redo for catalogue edits (QUndoStack).

A command is pushed after its first save succeeded, so a refused save never lands on the
stack. Undo and redo save the remembered fields over the version last stored, which keeps
the "changed by someone else" check working across undo.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from PySide6.QtGui import QUndoCommand

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import Course, CourseStatus
from coursehub.domain.people import Actor
from coursehub.services.catalogue import CatalogueService


class CourseCommand(QUndoCommand):
    def __init__(
        self,
        catalogue: CatalogueService,
        actor: Actor,
        text: str,
        before: Course | None,
        stored: Course,
        on_change: Callable[[Course], None],
        on_error: Callable[[CourseHubError], None],
    ) -> None:
        super().__init__(text)
        self.catalogue = catalogue
        self.actor = actor
        self.before = before
        self.after = stored
        self.current = stored
        self.on_change = on_change
        self.on_error = on_error
        self._applied = True

    def _save_fields_of(self, fields: Course) -> None:
        try:
            saved = self.catalogue.save_course(
                replace(fields, id=self.current.id, version=self.current.version), self.actor
            )
        except CourseHubError as error:
            self.setObsolete(True)
            self.on_error(error)
            return
        self.current = saved
        self.on_change(saved)

    def redo(self) -> None:
        if self._applied:  # the first save happened before the push
            self._applied = False
            return
        self._save_fields_of(self.after)

    def undo(self) -> None:
        if self.before is None:  # undoing an addition: the course is cancelled, not deleted
            self._save_fields_of(replace(self.after, status=CourseStatus.CANCELLED))
        else:
            self._save_fields_of(self.before)
