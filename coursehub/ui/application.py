"""Start the desktop program on a database."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtWidgets import QApplication, QMessageBox

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.catalogue import CatalogueService
from coursehub.services.demo import load_demo
from coursehub.storage import open_store


def run_application(db_path: Path, *, load_demo_data: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    app.setApplicationName("CourseHub")
    app.setOrganizationName("CourseHub")
    try:
        store = open_store(db_path)
    except CourseHubError as error:
        QMessageBox.critical(None, "CourseHub", error.message)
        return 1
    catalogue = CatalogueService(store)
    if load_demo_data or catalogue.count() == 0:
        load_demo(store)
    from coursehub.ui.main_window import MainWindow

    window = MainWindow(catalogue)
    window.setWindowTitle(_("CourseHub — {path}").format(path=db_path))
    window.show()
    try:
        return int(app.exec())
    finally:
        store.close()
