"""The first-start screen: shown over the window while the database has no course yet.

The empty database is never filled by itself (real data must not mix with made-up courses);
this screen offers the ways in instead: the demo catalogue in its own file, importing a
provider's list, connecting to the office's server, and the guide's page about starting.
An import or a connection given up leaves the catalogue empty, so the screen comes back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCommandLinkButton, QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.demo import demo_catalogue_path
from coursehub.services.workspace import Workspace
from coursehub.ui.common import name, show_error
from coursehub.ui.widgets import heading
from coursehub.ui.workers import on_worker

if TYPE_CHECKING:
    from coursehub.ui.main_window import MainWindow

GUIDE_PAGE = "first-start.md"
DEMO, IMPORT, SERVER = "demo", "import", "server"


class FirstStartDialog(QDialog):
    """Four ways to begin; `choice` says which was taken (None: start with the empty catalogue).
    The guide opens beside it, so the person can read and then choose."""

    def __init__(self, database: str, open_guide: Callable[[], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Welcome to CourseHub"))
        self.choice: str | None = None
        self.buttons: dict[str, QCommandLinkButton] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Welcome to CourseHub"),
                _("Your catalogue has no courses yet. How would you like to start?"),
            )
        )
        for key, title, description in (
            (
                DEMO,
                _("Try the demo catalogue"),
                _(
                    "Made-up courses, providers and needs to try every screen. The demo is a "
                    "separate file: your own catalogue stays empty and unchanged."
                ),
            ),
            (
                IMPORT,
                _("Import a course list…"),
                _(
                    "A provider's list from a spreadsheet (XLSX, ODS or CSV). Every row is checked "
                    "and shown to you before anything is saved."
                ),
            ),
            (
                SERVER,
                _("Connect to a server…"),
                _("Work on your office's shared catalogue on a PostgreSQL server."),
            ),
        ):
            self.buttons[key] = self._choice_button(key, title, description)
            layout.addWidget(self.buttons[key])
        self.guide = QCommandLinkButton(
            _("Read the guide"), _("How to start, step by step, in the CourseHub guide (F1).")
        )
        name(self.guide, _("Read the guide"))
        self.guide.clicked.connect(lambda _checked=False: open_guide())
        layout.addWidget(self.guide)
        where = QLabel(_("Your catalogue: {path}").format(path=database))
        where.setObjectName("hint")
        where.setWordWrap(True)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(where)
        self.empty = QPushButton(_("Start with an &empty catalogue"))
        name(self.empty, _("Start with an empty catalogue"))
        self.empty.clicked.connect(self.reject)
        row = QVBoxLayout()
        row.addWidget(self.empty, 0, Qt.AlignmentFlag.AlignRight)
        layout.addLayout(row)
        self.buttons[DEMO].setDefault(True)
        self.buttons[DEMO].setFocus()
        self.setMinimumWidth(560)

    def _choice_button(self, key: str, title: str, description: str) -> QCommandLinkButton:
        button = QCommandLinkButton(title, description)
        name(button, title.rstrip("…"))

        def choose() -> None:
            self.choice = key
            self.accept()

        button.clicked.connect(choose)
        return button


def offer_first_start(window: MainWindow) -> FirstStartDialog:
    """Show the first-start screen over `window` (not modal: the guide stays usable)."""
    dialog = FirstStartDialog(
        str(window.workspace.path or ""),
        lambda: window.open_guide(GUIDE_PAGE),
        window,
    )
    window.ctx.dialogs.first_start = dialog
    dialog.finished.connect(lambda _result: _take(window, dialog.choice))
    dialog.show()
    return dialog


def _take(window: MainWindow, choice: str | None) -> None:
    if choice is None:
        return
    if choice == DEMO:
        open_demo(window)
        return
    if choice == IMPORT:
        window.import_courses()
    elif choice == SERVER:
        window.connect_to_server()
    if window.workspace.is_empty_file():  # given up: the catalogue is still empty
        offer_first_start(window)


def open_demo(window: MainWindow) -> bool:
    """Switch the window to the demo catalogue's own file (filled the first time); the file
    the program was started on stays as it was, and is opened again at the next start."""
    from coursehub.domain.people import SYSTEM
    from coursehub.ui.database_problems import open_workspace

    demo = open_workspace(demo_catalogue_path(), window, opener=Workspace.open)
    if demo is None:
        return False
    try:
        if not demo.read_only:
            on_worker(demo).load_demo_if_empty()
        needs_login = not on_worker(demo).people.auth.needs_setup()
    except CourseHubError as error:
        demo.close()
        show_error(window, error)
        return False
    actor = SYSTEM  # the demo has no accounts unless someone set them up in it
    if needs_login:
        from coursehub.ui.login_dialog import LoginDialog

        login = LoginDialog(demo, window)
        window.ctx.dialogs.login = login
        if not login.exec() or login.actor is None:
            demo.close()
            return False
        actor = login.actor
    window.ctx.actor = actor
    window.switch_workspace(demo)
    return True
