"""Start the desktop program on a database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.workspace import Workspace


def run_application(db_path: Path, *, load_demo_data: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("CourseHub")
    app.setOrganizationName("CourseHub")
    try:
        workspace = Workspace.open(db_path)
    except CourseHubError as error:
        QMessageBox.critical(None, "CourseHub", error.message)
        return 1
    workspace.load_demo_if_empty(force=load_demo_data)
    from coursehub.ui.main_window import MainWindow

    window = MainWindow(workspace.catalogue)
    window.setWindowTitle(_("CourseHub — {path}").format(path=db_path))
    window.show()
    try:
        return int(app.exec())
    finally:
        workspace.close()
