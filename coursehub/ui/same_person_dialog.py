"""Before a new person is saved: the people already registered who are probably the same
person (only those the user may see). The user opens the existing record or confirms that
this is a different person; the confirmation goes to the audit log."""

from __future__ import annotations

from enum import Enum

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.same_person import LikelyMatch
from coursehub.i18n import _
from coursehub.ui.common import format_date


class SamePersonChoice(Enum):
    CANCEL = "cancel"
    OPEN_EXISTING = "open"
    DIFFERENT_PERSON = "different"


class SamePersonDialog(QDialog):
    def __init__(self, matches: list[LikelyMatch], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.matches = matches
        self.choice = SamePersonChoice.CANCEL
        self.setWindowTitle(_("Is this person already registered?"))
        intro = QLabel(
            _(
                "These people, among those you may see, have nearly the same name and birth date. "
                "Open the existing record if it is the same person, so that one person keeps one "
                "record; or confirm that this is a different person (recorded in the audit log)."
            )
        )
        intro.setWordWrap(True)
        self.table = QTableWidget(len(matches), 5)
        self.table.setHorizontalHeaderLabels(
            [_("Pseudonym"), _("Name"), _("Birth date"), _("Municipality"), _("Why")]
        )
        for row, match in enumerate(matches):
            person = match.trainee
            cells = (
                person.pseudonym,
                person.name,
                format_date(person.birth_date),
                person.municipality,
                match.reason,
            )
            for column, text in enumerate(cells):
                self.table.setItem(row, column, QTableWidgetItem(text))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.resizeColumnsToContents()
        self.table.setAccessibleName(_("Possible duplicates"))
        self.table.selectRow(0)
        buttons = QDialogButtonBox()
        self.open_button = QPushButton(_("&Open the existing record"))
        self.different_button = QPushButton(_("&A different person: register"))
        cancel = QPushButton(_("Back to the form"))
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.different_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(lambda: self._choose(SamePersonChoice.OPEN_EXISTING))
        self.different_button.clicked.connect(lambda: self._choose(SamePersonChoice.DIFFERENT_PERSON))
        cancel.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(760, 360)

    def _choose(self, choice: SamePersonChoice) -> None:
        self.choice = choice
        self.accept()

    def chosen_match(self) -> LikelyMatch | None:
        row = self.table.currentRow()
        return self.matches[row] if 0 <= row < len(self.matches) else None
