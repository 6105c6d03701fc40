"""File → Letterhead…: the office's name, address and logo printed at the top of every
printout (administrators). The logo file is checked when it is chosen, so a bad file is
named at once and nothing is saved."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services import letterhead as letterhead_module
from coursehub.services.letterhead import LetterheadService, read_logo
from coursehub.ui.common import labelled_form, lay_out_form_dialog, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.svg_logo import svg_to_png


class LetterheadDialog(QDialog):
    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        if letterhead_module.svg_rasteriser is None:
            letterhead_module.svg_rasteriser = svg_to_png
        self.ctx = ctx
        self.service = LetterheadService(ctx.workspace.store, ctx.services.people.trail)
        current = self.service.letterhead()
        self.setWindowTitle(_("Letterhead"))
        self.name_edit = QLineEdit(current.name)
        self.address = QPlainTextEdit(current.address)
        self.address.setTabChangesFocus(True)
        self.address.setFixedHeight(60)
        self.preview = QLabel()
        self.preview.setFixedSize(160, 60)
        self.preview.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        choose = QPushButton(_("C&hoose a PNG or SVG file…"))
        choose.clicked.connect(self.choose_logo)
        self.remove = QPushButton(_("&Remove the logo"))
        self.remove.clicked.connect(self.remove_logo)
        logo_row = QWidget()
        row = QHBoxLayout(logo_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.preview)
        row.addWidget(choose)
        row.addWidget(self.remove)
        row.addStretch()
        name(self.preview, _("Logo"))
        form = labelled_form(
            ((_("Office &name:"), self.name_edit), (_("&Address:"), self.address), (_("&Logo:"), logo_row))
        )
        self.problems, self.buttons = lay_out_form_dialog(self, form)
        self.logo_file: Path | None = None
        self.logo_removed = False
        self._show_logo(current.logo_png)
        self.resize(560, 260)

    def choose_logo(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose the logo"), str(Path.home()), _("Images (*.png *.svg)")
        )
        if chosen:
            self.use_logo(Path(chosen))

    def use_logo(self, path: Path) -> bool:
        """Check the file now: a bad one is named at once and not used."""
        try:
            png = read_logo(path)
        except CourseHubError as error:
            self.problems.setText(error.message)
            return False
        self.problems.setText("")
        self.logo_file, self.logo_removed = path, False
        self._show_logo(png)
        return True

    def remove_logo(self) -> None:
        self.logo_file, self.logo_removed = None, True
        self._show_logo(b"")

    def _show_logo(self, png: bytes) -> None:
        pixmap = QPixmap()
        if png and pixmap.loadFromData(png):
            self.preview.setPixmap(
                pixmap.scaled(
                    160, 60, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
                )
            )
        else:
            self.preview.clear()
            self.preview.setText(_("no logo"))

    def accept(self) -> None:
        try:
            self.service.set_letterhead(
                self.ctx.actor,
                name=self.name_edit.text(),
                address=self.address.toPlainText(),
                logo=self.logo_file,
                remove_logo=self.logo_removed,
            )
        except CourseHubError as error:
            show_error(self, error)
            return
        self.ctx.status(_("The letterhead was saved; every printout carries it from now on."))
        super().accept()


def open_letterhead_dialog(parent: QWidget, ctx: UiContext) -> None:
    from coursehub.domain.errors import PermissionDenied
    from coursehub.domain.people import Role

    if ctx.actor.role is not Role.ADMINISTRATOR:
        show_error(parent, PermissionDenied(_("Only an administrator can change the letterhead.")))
        return
    dialog = LetterheadDialog(ctx, parent)
    dialog.exec()
