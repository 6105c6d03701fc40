"""The dialog after an unexpected error: it names the crash report and lets the person send
it (copy it, or open its folder to attach the file). The report holds no personal data
(coursehub/crash.py), and the dialog shows it, so the person can see that before sending."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursehub.i18n import _
from coursehub.ui.common import Button, button_box, fit_to_screen, inform, name


class CrashReportDialog(QDialog):
    def __init__(self, report: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report = report
        self.setWindowTitle(_("CourseHub: something went wrong"))
        heading = QLabel(_("Something went wrong and this action was not completed."))
        heading.setWordWrap(True)
        where = QLabel(
            _(
                "A report for the developers was written to {path}. It holds no names and no "
                "values from your records. Please send it to the person who looks after CourseHub, "
                "saying what you were doing."
            ).format(path=report)
        )
        where.setWordWrap(True)
        self.text = QPlainTextEdit(self.report_text())
        self.text.setReadOnly(True)
        name(self.text, _("Crash report"))
        self.copy_button = QPushButton(_("&Copy to clipboard"))
        self.copy_button.setToolTip(_("Copy the report, to paste it into an e-mail"))
        self.copy_button.clicked.connect(self.copy_report)
        self.folder_button = QPushButton(_("&Open folder"))
        self.folder_button.setToolTip(_("Open the folder of the report, to attach the file to an e-mail"))
        self.folder_button.clicked.connect(self.open_folder)
        buttons = button_box(Button.Close)
        buttons.addButton(self.copy_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.folder_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(where)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)
        fit_to_screen(self, 640, 420)

    def report_text(self) -> str:
        try:
            return self.report.read_text(encoding="utf-8")
        except OSError:
            return ""

    def copy_report(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.report.name}\n\n{self.report_text()}")

    def open_folder(self) -> None:
        folder = self.report.parent
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(folder))):
            inform(self, _("The folder could not be opened here: {path}").format(path=folder))
