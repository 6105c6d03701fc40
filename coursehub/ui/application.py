"""Start the desktop program on a database."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _, set_language
from coursehub.services.workspace import Workspace
from coursehub.ui import settings as keys
from coursehub.ui.language import apply_qt_language
from coursehub.ui.settings import Settings


def prepare_application(settings: Settings) -> QApplication:
    """The QApplication with our icon, look and the language the person chose last."""
    existing = QApplication.instance()  # typed as QCoreApplication; ours is always a QApplication
    app = cast(QApplication, existing) if existing is not None else QApplication(sys.argv)
    app.setApplicationName("CourseHub")
    app.setOrganizationName("CourseHub")
    from coursehub.ui.icons import app_icon
    from coursehub.ui.qt_fixes import collect_garbage_on_gui_thread
    from coursehub.ui.style import STYLESHEET

    collect_garbage_on_gui_thread()  # never on a worker thread: see qt_fixes
    app.setWindowIcon(app_icon())
    app.setStyle("Fusion")
    app.setStyleSheet(STYLESHEET)
    chosen = settings.get(keys.LANGUAGE)
    if chosen in ("sq", "en") and "--lang" not in sys.argv:
        set_language(chosen)
    apply_qt_language(app)
    return app


last_crash_dialog: QDialog | None = None


def install_error_hook() -> None:
    """No traceback ever reaches a person: unexpected errors go to the crash log."""
    from coursehub.crash import write_crash_report
    from coursehub.ui.common import show_error

    def hook(kind: type[BaseException], error: BaseException, _tb: object) -> None:
        if isinstance(error, CourseHubError):
            show_error(None, error)
            return
        from coursehub.ui.crash_dialog import CrashReportDialog

        path = write_crash_report(error)
        dialog = CrashReportDialog(path, QApplication.activeWindow())
        global last_crash_dialog
        last_crash_dialog = dialog  # for tests: the dialog is modal
        dialog.exec()

    sys.excepthook = hook


def ask_server_password(login: str) -> str | None:
    """The server wants a password and none was given (COURSEHUB_PASSWORD, .pgpass)."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    text, given = QInputDialog.getText(
        None,
        _("Connect to a server"),
        _("Password for {login}:").format(login=login),
        QLineEdit.EchoMode.Password,
    )
    return text if given else None


def open_for_window(location: Path | str) -> Workspace:
    """A database file, or a server address (a str: cli/context.py's server_address) opened
    as COURSEHUB_USER/COURSEHUB_PASSWORD say, else the address's user and a password asked."""
    if isinstance(location, Path):
        return Workspace.open(location)
    return Workspace.open_server(
        location,
        user=os.environ.get("COURSEHUB_USER") or None,
        password=os.environ.get("COURSEHUB_PASSWORD"),
        ask_password=ask_server_password,
    )


# Set by packaging/smoke_test.py: the program quits once its window has painted, so the
# wall time of the whole process is the "first window" time of the packaged program.
QUIT_AFTER_FIRST_PAINT = "COURSEHUB_QUIT_AFTER_FIRST_PAINT"


class _QuitOnFirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            QTimer.singleShot(0, QApplication.quit)
            watched.removeEventFilter(self)
        return False


def quit_after_first_paint(app: QApplication, window: QWidget) -> None:
    window.installEventFilter(_QuitOnFirstPaint(window))


def run_application(db_path: Path | str, *, demo: bool = False) -> int:
    """The window on `db_path`, or with `demo` on the demo catalogue's own file (filled the
    first time). An empty database is never filled: the first-start screen offers the demo."""
    settings = Settings()
    app = prepare_application(settings)
    from coursehub.services.demo import demo_catalogue_path
    from coursehub.ui.common import show_error
    from coursehub.ui.database_problems import open_workspace
    from coursehub.ui.workers import on_worker

    location = demo_catalogue_path() if demo else db_path
    workspace = open_workspace(location, opener=open_for_window)  # a damaged file: its backups first
    if workspace is None:
        return 1
    try:
        if demo and not workspace.read_only:
            on_worker(workspace).load_demo_if_empty()
    except CourseHubError as error:
        workspace.close()
        show_error(None, error)
        return 1
    install_error_hook()
    from PySide6.QtGui import QUndoStack

    from coursehub.domain.people import SYSTEM
    from coursehub.ui.context import UiContext
    from coursehub.ui.main_window import MainWindow

    actor = SYSTEM  # without user accounts the catalogue is open; trainee screens stay locked
    if workspace.on_server:  # the server's login is the CourseHub user: no second password
        try:
            actor = workspace.login_as_connected_user()
        except CourseHubError as error:
            workspace.close()
            show_error(None, error)
            return 1
    elif not on_worker(workspace).people.auth.needs_setup():
        from coursehub.ui.login_dialog import LoginDialog

        login = LoginDialog(workspace, None, settings.get(keys.LAST_USER))
        if not login.exec() or login.actor is None:
            workspace.close()
            return 0
        actor = login.actor
        settings.set(keys.LAST_USER, actor.username)
    # Asked before the window shows: a query lets events run, and nothing may close it unseen.
    first_start = not (demo or workspace.read_only) and on_worker(workspace).is_empty_file()
    ctx = UiContext(workspace, settings, QUndoStack(), actor)
    ctx.load_in_background = True  # the window paints first, the catalogue follows
    window = MainWindow(workspace, settings, ctx=ctx)
    window.show()
    if os.environ.get(QUIT_AFTER_FIRST_PAINT):
        quit_after_first_paint(app, window)
    elif first_start:
        from coursehub.ui.first_start import offer_first_start

        QTimer.singleShot(0, lambda: offer_first_start(window))  # over the painted window
    # Read-only notices are in the window's banner; others (a failed backup) pop up once.
    for notice in [] if workspace.read_only else workspace.notices:
        from coursehub.ui.common import inform

        inform(window, notice)
    try:
        return int(app.exec())
    finally:
        workspace.close()
