"""The attendance grid of a course (trainees by session dates, like the printed register)
and the "needs attention" list of people at risk of dropping out.

Keyboard: arrows move; P, A, E (or M, J) mark the chosen cells and step down a row; Delete
clears; Ctrl+Shift+P marks the empty cells of the column present; Ctrl+S saves. Marks are
kept in the model until saved; the service checks and saves them in a worker thread
(`UiContext.services`), never on the GUI thread. Holidays are shaded and take no mark;
people at risk (N absences in a row) are highlighted.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QTimer
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.attendance import AttendanceRate, Mark, absences_in_a_row, attendance_rate
from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import Weekday
from coursehub.i18n import _
from coursehub.services.attendance import AtRisk, AttendanceGrid, MarkChange
from coursehub.services.auth import Policy
from coursehub.ui.common import Button, button_box, confirm, fit_to_screen, format_date, name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.widgets import RowRole, RowsModel, fit_columns, heading, table_view

_Index = QModelIndex | QPersistentModelIndex
FIRST_DATE_COLUMN = 2
_MARK_COLOURS = {Mark.PRESENT: "#d8f0dc", Mark.ABSENT: "#f8d4d4", Mark.EXCUSED: "#fff1c2"}
_HOLIDAY = QColor("#d9d9d9")
_FUTURE = QColor("#f3f4f6")
_AT_RISK = QColor("#f4b4b4")
_UNSAVED_TEXT = QColor("#1f4e79")
_KEYS = {
    Qt.Key.Key_P: Mark.PRESENT,
    Qt.Key.Key_A: Mark.ABSENT,
    Qt.Key.Key_M: Mark.ABSENT,  # mungon
    Qt.Key.Key_E: Mark.EXCUSED,
    Qt.Key.Key_J: Mark.EXCUSED,  # i justifikuar
}


class AttendanceModel(QAbstractTableModel):
    """Rows: the people whose marks the user may see; columns: name, rate, then one per
    session date of the register (holidays included, shaded, not markable)."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.grid: AttendanceGrid | None = None
        self.pending: dict[tuple[int, date], Mark | None] = {}

    def set_grid(self, grid: AttendanceGrid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.pending = {}
        self.endResetModel()

    # What a cell holds -------------------------------------------------------------------
    def day_of(self, column: int) -> date | None:
        if self.grid is None or not FIRST_DATE_COLUMN <= column < self.columnCount():
            return None
        return self.grid.sessions[column - FIRST_DATE_COLUMN].day

    def markable(self, row: int, column: int) -> bool:
        """A held session that has happened (not a holiday, not a date to come)."""
        if self.grid is None or not 0 <= row < len(self.grid.rows):
            return False
        column_at = column - FIRST_DATE_COLUMN
        if not 0 <= column_at < len(self.grid.sessions):
            return False
        session = self.grid.sessions[column_at]
        return session.is_held and session.day <= self.grid.today

    def marks_of(self, row: int) -> dict[date, Mark]:
        assert self.grid is not None
        person = self.grid.rows[row]
        marks = dict(person.marks)
        for (trainee_id, day), mark in self.pending.items():
            if trainee_id == person.trainee_id:
                if mark is None:
                    marks.pop(day, None)
                else:
                    marks[day] = mark
        return marks

    def mark_at(self, row: int, column: int) -> Mark | None:
        day = self.day_of(column)
        return None if day is None else self.marks_of(row).get(day)

    def rate_of(self, row: int) -> AttendanceRate:
        assert self.grid is not None
        return attendance_rate(self.marks_of(row), self.grid.held)

    def at_risk(self, row: int) -> bool:
        assert self.grid is not None
        person = self.grid.rows[row]
        if person.status.value != "enrolled":
            return False
        return absences_in_a_row(self.marks_of(row), self.grid.held) >= self.grid.dropout_sessions

    # Changing marks ----------------------------------------------------------------------
    def set_mark(self, row: int, column: int, mark: Mark | None) -> bool:
        if self.grid is None or not self.markable(row, column):
            return False
        person, day = self.grid.rows[row], self.day_of(column)
        assert day is not None
        key = (person.trainee_id, day)
        if person.marks.get(day) == mark:
            self.pending.pop(key, None)  # back to what is saved
        else:
            self.pending[key] = mark
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return True

    def fill_column(self, column: int, mark: Mark = Mark.PRESENT) -> int:
        """Mark every empty cell of the column (whole column "all present"); returns how many."""
        if self.grid is None:
            return 0
        filled = 0
        for row in range(len(self.grid.rows)):
            if self.mark_at(row, column) is None and self.set_mark(row, column, mark):
                filled += 1
        return filled

    def changes(self) -> list[MarkChange]:
        if self.grid is None:
            return []
        notes = {(r.trainee_id, d): n for r in self.grid.rows for d, n in r.notes.items()}
        return [
            MarkChange(trainee_id, day, mark, notes.get((trainee_id, day), "") if mark else "")
            for (trainee_id, day), mark in sorted(self.pending.items())
        ]

    # Qt's model --------------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else len(self.grid.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() or self.grid is None else FIRST_DATE_COLUMN + len(self.grid.sessions)

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if self.grid is None or not index.isValid() or not 0 <= index.row() < len(self.grid.rows):
            return None
        row, column = index.row(), index.column()
        person = self.grid.rows[row]
        if column == 0:
            return self._person_data(row, role)
        if column == 1:
            return self._rate_data(row, role)
        return self._mark_data(row, column, person.trainee_id, role)

    def _person_data(self, row: int, role: int) -> Any:
        assert self.grid is not None
        person = self.grid.rows[row]
        if role == Qt.ItemDataRole.DisplayRole:
            return (
                person.label if person.label == person.pseudonym else f"{person.label} ({person.pseudonym})"
            )
        if role == Qt.ItemDataRole.BackgroundRole and self.at_risk(row):
            return _AT_RISK
        if role == Qt.ItemDataRole.ToolTipRole and self.at_risk(row):
            run = absences_in_a_row(self.marks_of(row), self.grid.held)
            return _("At risk of dropping out: {n} absences in a row. Call them.").format(n=run)
        if role == RowRole:
            return person
        return None

    def _rate_data(self, row: int, role: int) -> Any:
        rate = self.rate_of(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return "–" if rate.percent is None else f"{rate.percent:.0f}%"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.ForegroundRole and self.grid and not rate.meets(self.grid.threshold):
            return QColor("#9b1c1c") if rate.counted else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return _("{present} present, {absent} absent, {excused} excused (excused not counted)").format(
                present=rate.present, absent=rate.absent, excused=rate.excused
            )
        return None

    def _mark_data(self, row: int, column: int, trainee_id: int, role: int) -> Any:
        assert self.grid is not None
        session = self.grid.sessions[column - FIRST_DATE_COLUMN]
        mark = self.mark_at(row, column)
        unsaved = (trainee_id, session.day) in self.pending
        if role == Qt.ItemDataRole.DisplayRole:
            return mark.letter if mark else ""
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return Qt.AlignmentFlag.AlignCenter
        if role == Qt.ItemDataRole.BackgroundRole:
            if not session.is_held:
                return _HOLIDAY
            if mark is not None:
                return QColor(_MARK_COLOURS[mark])
            return _FUTURE if session.day > self.grid.today else None
        if role == Qt.ItemDataRole.ForegroundRole and unsaved:
            return _UNSAVED_TEXT
        if role == Qt.ItemDataRole.FontRole and unsaved:
            from PySide6.QtGui import QFont

            font = QFont()
            font.setBold(True)
            font.setUnderline(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._cell_tip(row, session.day, session.holiday, mark, unsaved)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{format_date(session.day)}: {mark.label if mark else _('no mark')}"
        if role == RowRole:
            return mark
        return None

    def _cell_tip(self, row: int, day: date, holiday: str | None, mark: Mark | None, unsaved: bool) -> str:
        assert self.grid is not None
        if holiday:
            return _("No session: {holiday}").format(holiday=holiday)
        lines = [f"{format_date(day)}: {mark.label if mark else _('no mark')}"]
        note = self.grid.rows[row].notes.get(day)
        if note:
            lines.append(note)
        if unsaved:
            lines.append(_("not saved yet (Ctrl+S)"))
        return "\n".join(lines)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal or self.grid is None:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                return _("Trainee")
            if section == 1:
                return _("Rate")
            if 0 <= section - FIRST_DATE_COLUMN < len(self.grid.sessions):
                session = self.grid.sessions[section - FIRST_DATE_COLUMN]
                weekday = Weekday(session.day.weekday()).short_label
                return f"{weekday}\n{session.day:%d.%m}"
        if role == Qt.ItemDataRole.ToolTipRole and section >= FIRST_DATE_COLUMN:
            session = self.grid.sessions[section - FIRST_DATE_COLUMN]
            return format_date(session.day) + (f": {session.holiday}" if session.holiday else "")
        return None


class AttendanceTable(QTableView):
    """The grid, driven from the keyboard (see the module's docstring)."""

    def __init__(self, model: AttendanceModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setModel(model)
        self.grid_model = model
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setDefaultSectionSize(24)
        self.horizontalHeader().setMinimumSectionSize(30)
        self.setWordWrap(False)
        self.setAccessibleName(_("Attendance grid"))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        key = Qt.Key(event.key())
        if modifiers == Qt.KeyboardModifier.NoModifier or modifiers == Qt.KeyboardModifier.ShiftModifier:
            if key in _KEYS:
                self.mark_chosen(_KEYS[key])
                return
            if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                self.mark_chosen(None)
                return
        super().keyPressEvent(event)

    def mark_chosen(self, mark: Mark | None) -> None:
        """Mark the chosen cells; with one cell chosen, step down to the next person."""
        chosen = self.selectionModel().selectedIndexes() or [self.currentIndex()]
        for index in chosen:
            if index.isValid():
                self.grid_model.set_mark(index.row(), index.column(), mark)
        current = self.currentIndex()
        if len(chosen) == 1 and current.isValid() and current.row() + 1 < self.grid_model.rowCount():
            self.setCurrentIndex(self.grid_model.index(current.row() + 1, current.column()))

    def fill_current_column(self) -> int:
        column = self.currentIndex().column()
        return self.grid_model.fill_column(column) if column >= FIRST_DATE_COLUMN else 0


class AttendanceDialog(QDialog):
    """A course's attendance grid: load, mark, save (all through the services, in a worker)."""

    def __init__(self, ctx: UiContext, course_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.course_id = course_id
        self.setWindowTitle(_("Attendance"))
        self.model = AttendanceModel(self)
        self.table = AttendanceTable(self.model, self)
        # The names and rates stay in view while the dates scroll: a second view of the same
        # model shows only those columns, scrolled with the grid.
        self.names = QTableView(self)
        self.names.setModel(self.model)
        self.names.setSelectionModel(self.table.selectionModel())
        self.names.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.names.verticalHeader().setVisible(False)
        self.names.verticalHeader().setDefaultSectionSize(24)
        self.names.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.names.setAccessibleName(_("Trainees and their attendance rates"))
        self.table.verticalScrollBar().valueChanged.connect(self.names.verticalScrollBar().setValue)
        self.names.verticalScrollBar().valueChanged.connect(self.table.verticalScrollBar().setValue)
        grids = QHBoxLayout()
        grids.setSpacing(0)
        grids.addWidget(self.names)
        grids.addWidget(self.table, 1)
        self.title = QLabel()
        self.title.setObjectName("pageTitle")
        self.summary = QLabel()
        self.summary.setObjectName("hint")
        self.summary.setWordWrap(True)
        keys = QLabel(
            _(
                "Keys: arrows move · P present · A absent · E excused · Delete clears · "
                "Ctrl+Shift+P the empty cells of the column present · Ctrl+S saves. "
                "Grey: holiday, no session. Red name: at risk of dropping out."
            )
        )
        keys.setObjectName("hint")
        keys.setWordWrap(True)
        self.all_present = QPushButton(_("All &present in this column"))
        name(self.all_present, _("All present in this column"), "Ctrl+Shift+P")
        self.all_present.clicked.connect(self.fill_column)
        self.save_button = QPushButton(_("&Save"))
        name(self.save_button, _("Save the marks"), "Ctrl+S")
        self.save_button.clicked.connect(self.save)
        QShortcut(QKeySequence("Ctrl+Shift+P"), self, self.fill_column)
        QShortcut(QKeySequence.StandardKey.Save, self, self.save)
        self.threshold = QSpinBox()
        self.threshold.setRange(0, 100)
        self.threshold.setSuffix(" %")
        name(self.threshold, _("The course's attendance threshold"))
        self.threshold.editingFinished.connect(self.change_threshold)
        threshold_label = QLabel(_("&Threshold:"))
        threshold_label.setBuddy(self.threshold)
        buttons = button_box(Button.Close)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(self.all_present)
        bar.addWidget(self.save_button)
        bar.addSpacing(16)
        bar.addWidget(threshold_label)
        bar.addWidget(self.threshold)
        bar.addStretch()
        bar.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(self.title)
        layout.addWidget(self.summary)
        layout.addLayout(grids, 1)
        layout.addWidget(keys)
        layout.addLayout(bar)
        fit_to_screen(self, 1000, 640)
        self.model.dataChanged.connect(self._update_summary)

    def load(self) -> bool:
        try:
            grid = self.ctx.services.people.attendance.grid(self.ctx.actor, self.course_id)
        except CourseHubError as error:
            show_error(self, error)
            return False
        self.show_grid(grid)
        return True

    def show_grid(self, grid: AttendanceGrid) -> None:
        self.model.set_grid(grid)
        course = grid.course
        self.title.setText(f"{course.title} · {course.provider}/{course.code}")
        self.setWindowTitle(_("Attendance: {title}").format(title=course.title))
        self._lay_out_columns()
        self.threshold.blockSignals(True)
        self.threshold.setValue(grid.threshold)
        self.threshold.blockSignals(False)
        # staff, or the coordinator of the course's own provider (the service checks again)
        self.threshold.setEnabled(Policy.may_edit_provider_courses(self.ctx.actor, course.provider))
        self._update_summary()
        self._go_to_latest_session()
        if not self.isVisible():  # scrolled again once shown, when the grid knows its width
            QTimer.singleShot(0, self._go_to_latest_session)

    def _lay_out_columns(self) -> None:
        """Names and rates on the left (fixed), the dates on the right (scrolling)."""
        header = self.table.horizontalHeader()
        height = max(40, header.sizeHint().height())
        for view in (self.names, self.table):
            view.horizontalHeader().setFixedHeight(height)
            for column in range(self.model.columnCount()):
                view.setColumnHidden(column, (column < FIRST_DATE_COLUMN) != (view is self.names))
        self.names.resizeColumnToContents(0)
        self.names.setColumnWidth(0, min(max(self.names.columnWidth(0), 160), 280))
        # wide enough for "Hën 11.01" and "Pjesëmarrja"
        self.names.setColumnWidth(1, max(48, self.names.horizontalHeader().sectionSizeHint(1)))
        for column in range(FIRST_DATE_COLUMN, self.model.columnCount()):
            self.table.setColumnWidth(column, max(38, header.sectionSizeHint(column)))
        self.names.setFixedWidth(self.names.columnWidth(0) + self.names.columnWidth(1) + 2)

    def _go_to_latest_session(self) -> None:
        grid = self.model.grid
        if grid is None or not grid.rows:
            return
        past = [i for i, s in enumerate(grid.sessions) if s.is_held and s.day <= grid.today]
        column = FIRST_DATE_COLUMN + (past[-1] if past else 0)
        self.table.setCurrentIndex(self.model.index(0, column))
        # the latest session at the right edge, the sessions before it in view
        self.table.horizontalScrollBar().setValue(0)
        last = self.model.index(0, min(column + 2, self.model.columnCount() - 1))
        self.table.scrollTo(last, QAbstractItemView.ScrollHint.EnsureVisible)

    def _update_summary(self, *_args: object) -> None:
        grid = self.model.grid
        if grid is None:
            return
        at_risk = sum(1 for row in range(self.model.rowCount()) if self.model.at_risk(row))
        parts = [
            _("Threshold {percent}%; at risk after {n} absences in a row.").format(
                percent=grid.threshold, n=grid.dropout_sessions
            ),
            _("{n} at risk.").format(n=at_risk),
        ]
        if grid.hidden:
            parts.append(
                _("{n} more on this course registered by another organisation.").format(n=grid.hidden)
            )
        if self.model.pending:
            parts.append(_("{n} marks not saved yet.").format(n=len(self.model.pending)))
        if not grid.rows:
            parts.append(_("Nobody on this course whose attendance you may see."))
        self.summary.setText(" ".join(parts))
        self.save_button.setEnabled(bool(self.model.pending))

    def change_threshold(self) -> None:
        grid = self.model.grid
        if grid is None or self.threshold.value() == grid.threshold:
            return
        try:
            self.ctx.services.people.attendance.set_threshold(
                self.ctx.actor, self.course_id, self.threshold.value()
            )
        except CourseHubError as error:
            show_error(self, error)
            self.threshold.setValue(grid.threshold)
            return
        pending = dict(self.model.pending)
        if self.load():
            self.model.pending = pending  # unsaved marks survive the reload
            self._update_summary()

    def fill_column(self) -> None:
        if self.table.fill_current_column() == 0:
            self.ctx.status(_("Choose a session date that has happened to mark everyone present."))

    def save(self) -> bool:
        changes = self.model.changes()
        if not changes:
            return True
        try:
            changed = self.ctx.services.people.attendance.record(self.ctx.actor, self.course_id, changes)
        except CourseHubError as error:
            show_error(self, error)
            return False
        self.ctx.status(_("{n} marks saved.").format(n=changed))
        current = self.table.currentIndex()
        loaded = self.load()
        if loaded and current.isValid():
            self.table.setCurrentIndex(self.model.index(current.row(), current.column()))
        return loaded

    def reject(self) -> None:
        if self.model.pending and not confirm(
            self, _("Close without saving {n} marks?").format(n=len(self.model.pending))
        ):
            return
        super().reject()


class NeedsAttentionDialog(QDialog):
    """People at risk of dropping out, among those the user may see; Enter or a double click
    opens the course's attendance grid."""

    def __init__(self, ctx: UiContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.setWindowTitle(_("Needs attention"))
        self.model = RowsModel(
            [
                _("Pseudonym"),
                _("Course"),
                _("Provider"),
                _("Absences in a row"),
                _("Last absence"),
                _("Rate"),
            ],
            [
                lambda a: a.pseudonym,
                lambda a: a.course.title,
                lambda a: a.course.provider,
                lambda a: a.absences_in_a_row,
                lambda a: format_date(a.last_absence) if a.last_absence else "",
                lambda a: "–" if a.rate.percent is None else f"{a.rate.percent:.0f}%",
            ],
            self,
            sort_keys={4: lambda a: a.last_absence or date.min, 5: lambda a: a.rate.percent or 0.0},
        )
        self.table = table_view(self.model, _("People at risk of dropping out"))
        self.table.doubleClicked.connect(lambda _index: self.open_course())
        self.empty = QLabel(_("Nobody you may see is at risk of dropping out."))
        self.empty.setObjectName("hint")
        open_button = QPushButton(_("&Open the course's attendance…"))
        name(open_button, _("Open the course's attendance"))
        open_button.clicked.connect(self.open_course)
        buttons = button_box(Button.Close)
        buttons.rejected.connect(self.reject)
        bar = QHBoxLayout()
        bar.addWidget(open_button)
        bar.addStretch()
        bar.addWidget(buttons)
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Needs attention"),
                _(
                    "Enrolled people whose latest sessions were all absences: call them before "
                    "the seat is lost."
                ),
            )
        )
        layout.addWidget(self.table, 1)
        layout.addWidget(self.empty)
        layout.addLayout(bar)
        fit_to_screen(self, 900, 520)

    def load(self) -> bool:
        try:
            found = self.ctx.services.people.attendance.at_risk(self.ctx.actor)
        except CourseHubError as error:
            show_error(self, error)
            return False
        self.show_people(found)
        return True

    def show_people(self, found: list[AtRisk]) -> None:
        self.model.set_items(found)
        fit_columns(self.table)
        self.empty.setVisible(not found)
        if found:
            self.table.selectRow(0)

    def open_course(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            return
        found: AtRisk = self.model.data(index, RowRole)
        open_attendance(self.ctx, int(found.course.id or 0), self)
        self.load()


def open_attendance(ctx: UiContext, course_id: int, parent: QWidget | None) -> AttendanceDialog | None:
    dialog = AttendanceDialog(ctx, course_id, parent)
    if not dialog.load():
        dialog.deleteLater()
        return None
    dialog.exec()
    return dialog


def open_needs_attention(ctx: UiContext, parent: QWidget | None) -> None:
    dialog = NeedsAttentionDialog(ctx, parent)
    if dialog.load():
        dialog.exec()
