"""What the program says and offers when the database cannot be used as it is.

- Damaged: a dialog in plain words offering the latest good backup ("Restore this backup"),
  any other backup ("Choose another backup…") or "Close". Nothing touches the damaged file
  or the backups unless the person chooses; a restore keeps the damaged file aside.
- On a network share: an explanation (no restore: the file there is not damaged).
- Read-only (another copy is writing, or a newer CourseHub made the file): a banner at the
  top of the main window; "Try again" when the other copy may have closed meanwhile.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import CourseHubError, os_reason
from coursehub.domain.safety import DatabaseDamaged, DatabaseOnNetworkShare
from coursehub.i18n import _
from coursehub.services.backup import RestoreOutcome, backups_folder, restore
from coursehub.services.workspace import Workspace
from coursehub.ui.common import format_date, inform, name, show_error, warn

Opener = Callable[[Path | str], Workspace]  # a file, or a server address

BANNER_STYLE = """
QFrame#readOnlyBanner { background: #fff4ce; border: 1px solid #e0c36a; border-radius: 4px; }
QFrame#readOnlyBanner QLabel { color: #4a3b00; }
"""


def open_workspace(
    db_path: Path | str, parent: QWidget | None = None, opener: Opener = Workspace.open
) -> Workspace | None:
    """The workspace on `db_path`, or None when it cannot be used and the person closed.

    A damaged database is offered its backups; after a restore it is opened again."""
    while True:
        try:
            return opener(db_path)
        except DatabaseDamaged as error:
            dialog = DamagedDatabaseDialog(error, parent)
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return None
        except DatabaseOnNetworkShare as error:
            explain_network_share(parent, error)
            return None
        except CourseHubError as error:
            show_error(parent, error)
            return None


def explain_network_share(parent: QWidget | None, error: DatabaseOnNetworkShare) -> None:
    from coursehub.ui.help_window import DATABASE_PAGE

    warn(parent, _("CourseHub cannot use a database on a network share."), error.message, DATABASE_PAGE)


def describe_backup(path: Path) -> str:
    """ "14.03.2027 08:15 (coursehub-20270314-081500.db)": when it was taken, and its file."""
    try:
        taken = datetime.fromtimestamp(path.stat().st_mtime)
    except OSError:
        return path.name
    return f"{format_date(taken.date())} {taken:%H:%M} ({path.name})"


class DamagedDatabaseDialog(QDialog):
    """Says the database is damaged and offers a backup; accepted once one was restored."""

    def __init__(
        self,
        error: DatabaseDamaged,
        parent: QWidget | None = None,
        restore_backup: Callable[[Path, Path], RestoreOutcome] = restore,
    ) -> None:
        super().__init__(parent)
        self.error = error
        self.restore_backup = restore_backup
        self.restored: RestoreOutcome | None = None
        self.setWindowTitle(_("CourseHub: the database is damaged"))
        self.setAccessibleName(self.windowTitle())
        layout = QVBoxLayout(self)
        headline = QLabel(_("The database file is damaged, so CourseHub cannot open it."))
        headline.setObjectName("pageTitle")
        headline.setWordWrap(True)
        headline.setMinimumWidth(620)
        layout.addWidget(headline)
        self.explanation = QLabel(self._explanation())
        self.explanation.setWordWrap(True)
        self.explanation.setMinimumWidth(620)  # wrapped labels size their height from this
        self.explanation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.explanation)
        layout.addSpacing(10)
        layout.addLayout(self._buttons())
        self.adjustSize()

    def _explanation(self) -> str:
        error = self.error
        problem = error.details[0] if error.details else ""
        lines = [_("File: {path}").format(path=error.path)]
        if problem:
            lines.append(_("What was found: {problem}").format(problem=problem))
        lines.append(_("CourseHub has not changed this file and has not touched your backups."))
        if error.latest_backup is not None:
            lines.append(
                _(
                    "The latest good backup was taken on {backup}. Restoring it puts the "
                    "damaged file aside in the backups folder (it is not deleted) and opens "
                    "the backup; changes made after that backup are not in it."
                ).format(backup=describe_backup(error.latest_backup))
            )
        else:
            lines.append(
                _(
                    "No good backup was found in {folder}. If you have a backup elsewhere "
                    "(a USB stick, another computer), choose it."
                ).format(folder=backups_folder(error.path))
            )
        return "\n\n".join(lines)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.restore_button = QPushButton(_("&Restore this backup"))
        self.restore_button.setEnabled(self.error.latest_backup is not None)
        self.restore_button.clicked.connect(self.restore_latest)
        self.choose_button = QPushButton(_("C&hoose another backup…"))
        self.choose_button.clicked.connect(self.choose_another)
        self.close_button = QPushButton(_("&Close"))
        self.close_button.clicked.connect(self.reject)
        self.help_button = QPushButton(_("&Help"))  # the guide's page on database problems
        self.help_button.clicked.connect(self.open_guide)
        buttons = (self.restore_button, self.choose_button, self.help_button, self.close_button)
        for button in buttons:
            name(button, button.text().replace("&", "").rstrip("…"))
            button.setAutoDefault(False)
            row.addWidget(button)
        row.insertStretch(2)
        default = self.restore_button if self.restore_button.isEnabled() else self.close_button
        default.setDefault(True)
        return row

    def open_guide(self) -> None:
        from coursehub.ui.help_window import DATABASE_PAGE, open_guide

        open_guide(self, DATABASE_PAGE)

    def restore_latest(self) -> bool:
        if self.error.latest_backup is None:
            return False
        return self.restore_from(self.error.latest_backup)

    def choose_another(self) -> bool:
        folder = backups_folder(self.error.path)
        start = folder if folder.is_dir() else self.error.path.parent
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Choose a backup"), str(start), _("CourseHub database (*.db);;All files (*)")
        )
        return bool(chosen) and self.restore_from(Path(chosen))

    def restore_from(self, backup: Path) -> bool:
        """Restore `backup` over the damaged database (kept aside first); True when done."""
        try:
            self.restored = self.restore_backup(self.error.path, backup)
        except CourseHubError as error:
            show_error(self, error)
            return False
        except OSError as error:
            show_error(
                self,
                CourseHubError(
                    _("The backup could not be restored: {reason}. Nothing was changed.").format(
                        reason=os_reason(error)
                    )
                ),
            )
            return False
        detail = ""
        if self.restored.kept_aside is not None:
            detail = _("The damaged file was kept at {path}.").format(path=self.restored.kept_aside)
        inform(
            self,
            _("The backup {backup} was restored; CourseHub opens it now.").format(backup=backup.name),
            detail,
        )
        self.accept()
        return True


class ReadOnlyBanner(QFrame):
    """A visible strip over the screens while nothing can be saved, with "Try again" when the
    reason is another copy of CourseHub that may close."""

    write_access_gained = Signal()

    def __init__(self, workspace: Workspace, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.workspace = workspace
        self.setObjectName("readOnlyBanner")
        self.setStyleSheet(BANNER_STYLE)
        self.setAccessibleName(_("Read-only"))
        self.newer = workspace.made_by_newer_program()
        self.message = QLabel(self._text())
        self.message.setWordWrap(True)
        self.message.setObjectName("readOnlyMessage")
        self.try_again = QPushButton(_("&Try again"))
        name(self.try_again, _("Try again"), _("Check whether the other copy of CourseHub has closed"))
        self.try_again.clicked.connect(self.retry)
        self.try_again.setVisible(not self.newer)
        row = QHBoxLayout(self)
        row.setContentsMargins(12, 8, 12, 8)
        row.addWidget(self.message, 1)
        row.addWidget(self.try_again, 0, Qt.AlignmentFlag.AlignVCenter)
        self.setVisible(workspace.read_only)

    def _text(self) -> str:
        if self.newer:
            return _(
                "Read-only: this database was made by a newer version of CourseHub. You can "
                "look at everything, but nothing can be changed here. Install the newer "
                "CourseHub to make changes."
            )
        return _(
            "Read-only: another copy of CourseHub is changing this database, so this window "
            "can look but not save. Close the other copy (or wait for it to finish), then "
            "press Try again."
        )

    def retry(self) -> bool:
        """Ask for write access again; on success hide and tell the window."""
        try:
            gained = self.workspace.try_write_access()
        except CourseHubError as error:
            show_error(self, error)
            return False
        if gained:
            self.hide()
            self.write_access_gained.emit()
            return True
        self.message.setText(self._text() + " " + _("It is still open in the other copy."))
        return False
