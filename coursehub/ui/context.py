"""What every screen is given: the open workspace, settings, the undo stack, the person
using the program and a way to ask the main window for things (open a course, refresh)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QMessageBox

from coursehub.domain.findings import CourseRef
from coursehub.domain.model import Course
from coursehub.domain.people import SYSTEM, Actor
from coursehub.services.workspace import Workspace
from coursehub.ui.pages import PageId
from coursehub.ui.settings import Settings
from coursehub.ui.workers import on_worker


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
    show_page: Callable[[PageId], object] = lambda _page: None
    show_courses: Callable[[list[int], str], None] = lambda _ids, _title: None  # in the catalogue
    show_provider_courses: Callable[[str], None] = lambda _provider: None  # in the catalogue
    loaded_courses: Callable[[], list[Course] | None] = lambda: None  # the catalogue screen's copy
    connection_lost: Callable[[], None] = lambda: None  # a server dropped us: reconnect
    load_in_background: bool = False  # the window paints first, the catalogue follows
    dialogs: OpenDialogs = field(default_factory=lambda: OpenDialogs())

    @property
    def services(self) -> Workspace:
        """The workspace's services, each call run in a worker thread (`workers.on_worker`),
        so that no screen waits on the database on the GUI thread."""
        return on_worker(self.workspace)

    def courses(self) -> list[Course]:
        """Every course: the catalogue screen's copy when it has one (it follows every edit made
        here and reloads after imports), else read from the database."""
        loaded = self.loaded_courses()
        return loaded if loaded is not None else self.services.catalogue.courses()

    def course_ids(self, refs: Iterable[CourseRef]) -> list[int]:
        """The stored courses a finding or a gap row names (by provider and code); a course
        no longer in the catalogue raises NotFound (a CourseHubError) for the screen to tell."""
        found = [self.services.catalogue.find_course(ref.provider, ref.code) for ref in refs]
        return [course.id for course in found if course.id is not None]


@dataclass
class OpenDialogs:
    """The dialog of each kind last opened, so that tests and the screenshot script can reach
    a modal dialog while it runs."""

    course: QDialog | None = None
    conflict: QMessageBox | None = None
    import_wizard: QDialog | None = None
    login: QDialog | None = None
    users: QDialog | None = None
    shortcuts: QDialog | None = None
    exchange: QDialog | None = None
    trainee: QDialog | None = None
    same_person: QDialog | None = None
    import_report: QMessageBox | None = None
    reason: QDialog | None = None
    pdf: QDialog | None = None
    connect: QDialog | None = None
    first_start: QDialog | None = None
