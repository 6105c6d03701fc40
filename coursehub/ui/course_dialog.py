"""Add, edit or duplicate a course: every field, a weekly schedule editor and the
eligibility rules, checked as you type with the same messages as the import."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, time

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QCompleter,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.model import (
    Course,
    CourseStatus,
    Education,
    Eligibility,
    Gender,
    TargetGroup,
    Weekday,
    WeeklySession,
)
from coursehub.domain.reference import Reference
from coursehub.domain.validation import MAX_SEATS, course_problems
from coursehub.i18n import _
from coursehub.ui.common import (
    Button,
    button_box,
    chain_tab_order,
    date_display_format,
    fit_to_screen,
    name,
    problems_label,
    to_date,
    to_qdate,
)
from coursehub.ui.style import INVALID_BACKGROUND
from coursehub.ui.widgets import GroupBoxes

_LEADING_CODE = re.compile(r"^\s*(\d{1,4})")


class SessionRow(QWidget):
    changed = Signal()
    remove_requested = Signal(QWidget)

    def __init__(self, session: WeeklySession | None = None) -> None:
        super().__init__()
        self.day = QComboBox()
        for weekday in Weekday:
            self.day.addItem(weekday.label, weekday)
        self.start = QTimeEdit()
        self.end = QTimeEdit()
        for edit in (self.start, self.end):
            edit.setDisplayFormat("HH:mm")
        self.remove = QPushButton(_("Remove"))
        name(self.day, _("Weekday"))
        name(self.start, _("Session starts at"))
        name(self.end, _("Session ends at"))
        name(self.remove, _("Remove this session"))
        session = session or WeeklySession(Weekday.MO, time(9), time(12))
        self.day.setCurrentIndex(int(session.weekday))
        self.start.setTime(QTime(session.start.hour, session.start.minute))
        self.end.setTime(QTime(session.end.hour, session.end.minute))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.day, 2)
        layout.addWidget(QLabel(_("from")))
        layout.addWidget(self.start, 1)
        layout.addWidget(QLabel(_("to")))
        layout.addWidget(self.end, 1)
        layout.addWidget(self.remove)
        self.day.currentIndexChanged.connect(self.changed)
        self.start.timeChanged.connect(self.changed)
        self.end.timeChanged.connect(self.changed)
        self.remove.clicked.connect(lambda: self.remove_requested.emit(self))

    def session(self) -> WeeklySession:
        start, end = self.start.time(), self.end.time()
        return WeeklySession(
            Weekday(self.day.currentIndex()),
            time(start.hour(), start.minute()),
            time(end.hour(), end.minute()),
        )


class ScheduleEditor(QWidget):
    """The weekly sessions of a course, one row each."""

    changed = Signal()

    def __init__(self, sessions: tuple[WeeklySession, ...] = ()) -> None:
        super().__init__()
        self._rows_layout = QVBoxLayout()
        self._rows_layout.setContentsMargins(0, 0, 0, 0)
        self.add_button = QPushButton(_("&Add session"))
        name(self.add_button, _("Add a weekly session"))
        self.add_button.clicked.connect(lambda: self.add_row(self._next_session()))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._rows_layout)
        layout.addWidget(self.add_button)
        for session in sorted(sessions):
            self.add_row(session)

    def rows(self) -> list[SessionRow]:
        items = (self._rows_layout.itemAt(i) for i in range(self._rows_layout.count()))
        widgets = (item.widget() for item in items if item is not None)
        return [widget for widget in widgets if isinstance(widget, SessionRow)]

    def _next_session(self) -> WeeklySession:
        rows = self.rows()
        if not rows:
            return WeeklySession(Weekday.MO, time(9), time(12))
        last = rows[-1].session()
        return WeeklySession(Weekday(min(int(last.weekday) + 1, 5)), last.start, last.end)

    def add_row(self, session: WeeklySession | None = None) -> SessionRow:
        row = SessionRow(session)
        row.changed.connect(self.changed)
        row.remove_requested.connect(self._remove)
        self._rows_layout.addWidget(row)
        self.changed.emit()
        return row

    def _remove(self, row: QWidget) -> None:
        self._rows_layout.removeWidget(row)
        row.deleteLater()
        row.setParent(None)
        self.changed.emit()

    def sessions(self) -> tuple[WeeklySession, ...]:
        return tuple(row.session() for row in self.rows())


class CourseDialog(QDialog):
    """Returns the edited course from `course()`; the caller saves it through the service."""

    def __init__(
        self,
        reference: Reference,
        providers: list[str],
        course: Course | None = None,
        *,
        duplicate: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.reference = reference
        self.original = course
        if course is None:
            self.setWindowTitle(_("New course"))
        elif duplicate:
            self.setWindowTitle(_("Duplicate course"))
            self.original = replace(
                course, id=None, version=0, code=course.code + "-2", status=CourseStatus.PLANNED
            )
        else:
            self.setWindowTitle(_("Edit course {code}").format(code=course.code))
        self._build(providers)
        self._load(self.original)
        self._set_tab_order()
        self.validate()

    # Building -------------------------------------------------------------------------
    def _build(self, providers: list[str]) -> None:
        self.provider = QComboBox()
        self.provider.addItems(providers)
        self.code = QLineEdit()
        self.title_edit = QLineEdit()
        self.occupation = QLineEdit()
        self.occupation.setPlaceholderText(_("ISCO code or occupation title"))
        choices = [f"{o.code} — {o.title}" for o in self.reference.unit_groups()]
        completer = QCompleter(sorted(choices), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.occupation.setCompleter(completer)
        self.occupation_title = QLabel()
        self.occupation_title.setObjectName("hint")
        self.municipality = QComboBox()
        self.municipality.setEditable(True)
        self.municipality.addItems(sorted(self.reference.municipalities))
        self.venue = QLineEdit()
        self.trainer = QLineEdit()
        self.start = QDateEdit()
        self.end = QDateEdit()
        for edit in (self.start, self.end):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_display_format())
        self.schedule = ScheduleEditor()
        self.seats = QSpinBox()
        self.seats.setRange(0, MAX_SEATS)
        self.fee = QSpinBox()
        self.fee.setRange(0, 10_000_000)
        self.fee.setSuffix(" ALL")
        self.fee.setSpecialValueText(_("free"))
        self.status = QComboBox()
        for status in CourseStatus:
            self.status.addItem(status.label, status)
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(54)
        eligibility = self._build_eligibility()

        form = QFormLayout()
        for label, widget in (
            (_("&Provider:"), self.provider),
            (_("Co&de:"), self.code),
            (_("&Title:"), self.title_edit),
            (_("&Occupation (ISCO):"), self.occupation),
            (_("&Municipality:"), self.municipality),
            (_("&Venue:"), self.venue),
            (_("T&rainer:"), self.trainer),
            (_("&Starts:"), self.start),
            (_("&Ends:"), self.end),
            (_("Weekly sessions:"), self.schedule),
            (_("S&eats:"), self.seats),
            (_("Fee:"), self.fee),
            (_("Stat&us:"), self.status),
            (_("Notes:"), self.notes),
        ):
            self._add_row(form, label, widget)
        self.problems = problems_label()
        self.problems.setAccessibleName(_("Problems with this course"))
        self.buttons = button_box(Button.Save | Button.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        body = QWidget()
        columns = QHBoxLayout(body)
        left = QVBoxLayout()
        left.addLayout(form)
        left.addStretch(1)  # spare height goes below the fields, not between them
        columns.addLayout(left, 3)
        columns.addWidget(eligibility, 2)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        fit_to_screen(self, 980, 680)
        for signal in (
            self.code.textChanged,
            self.title_edit.textChanged,
            self.occupation.textChanged,
            self.municipality.currentTextChanged,
            self.venue.textChanged,
            self.trainer.textChanged,
            self.start.dateChanged,
            self.end.dateChanged,
            self.schedule.changed,
            self.seats.valueChanged,
            self.fee.valueChanged,
            self.min_age.valueChanged,
            self.max_age.valueChanged,
            self.provider.currentIndexChanged,
        ):
            signal.connect(self.validate)

    def _add_row(self, form: QFormLayout, label: str, widget: QWidget) -> None:
        caption = QLabel(label)
        caption.setBuddy(widget)
        name(widget, label.replace("&", "").rstrip(":"))
        if widget is self.occupation:  # the occupation's title shows under the code
            box = QWidget()
            column = QVBoxLayout(box)
            column.setContentsMargins(0, 0, 0, 0)
            column.setSpacing(2)
            column.addWidget(self.occupation)
            column.addWidget(self.occupation_title)
            box.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
            form.addRow(caption, box)
            return
        form.addRow(caption, widget)

    def _build_eligibility(self) -> QGroupBox:
        box = QGroupBox(_("Who may take part"))
        form = QFormLayout(box)
        self.min_age = QSpinBox()
        self.max_age = QSpinBox()
        for spin in (self.min_age, self.max_age):
            spin.setRange(0, 120)
            spin.setSpecialValueText(_("any"))
        self.gender = QComboBox()
        for gender in Gender:
            self.gender.addItem(gender.label, gender)
        self.education = QComboBox()
        for level in Education:
            self.education.addItem(level.label, level)
        self._add_row(form, _("Minimum a&ge:"), self.min_age)
        self._add_row(form, _("Ma&ximum age:"), self.max_age)
        self._add_row(form, _("&Gender:"), self.gender)
        self._add_row(form, _("Minimum e&ducation:"), self.education)
        groups = GroupBoxes()
        self.groups = groups.boxes
        hint = QLabel(_("No group ticked: open to everyone."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        groups.grid.addWidget(hint, len(TargetGroup), 0)
        form.addRow(QLabel(_("Target groups:")), groups)
        return box

    def _set_tab_order(self) -> None:
        sessions = [w for row in self.schedule.rows() for w in (row.day, row.start, row.end, row.remove)]
        chain_tab_order(
            [
                *self._description_fields(),
                *sessions,
                self.schedule.add_button,
                self.seats,
                self.fee,
                self.status,
                self.notes,
                self.min_age,
                self.max_age,
                self.gender,
                self.education,
                *self.groups.values(),
                self.buttons,
            ]
        )

    # Loading and reading ---------------------------------------------------------------
    def _load(self, course: Course | None) -> None:
        today = date.today()
        if course is None:
            self.start.setDate(to_qdate(today))
            self.end.setDate(to_qdate(today).addMonths(3))
            self.schedule.add_row()
            self.seats.setValue(15)
            self.status.setCurrentIndex(list(CourseStatus).index(CourseStatus.PLANNED))
            return
        index = self.provider.findText(course.provider)
        if index < 0:
            self.provider.addItem(course.provider)
            index = self.provider.count() - 1
        self.provider.setCurrentIndex(index)
        self.code.setText(course.code)
        self.title_edit.setText(course.title)
        title = self.reference.occupation_title(course.occupation)
        self.occupation.setText(f"{course.occupation} — {title}" if title else course.occupation)
        self.municipality.setCurrentText(course.municipality)
        self.venue.setText(course.venue)
        self.trainer.setText(course.trainer)
        self.start.setDate(to_qdate(course.start))
        self.end.setDate(to_qdate(course.end))
        for session in sorted(course.sessions):
            self.schedule.add_row(session)
        self.seats.setValue(course.seats)
        self.fee.setValue(max(course.fee, 0))
        self.status.setCurrentIndex(list(CourseStatus).index(course.status))
        self.notes.setPlainText(course.notes)
        rules = course.eligibility
        self.min_age.setValue(rules.min_age or 0)
        self.max_age.setValue(rules.max_age or 0)
        self.gender.setCurrentIndex(list(Gender).index(rules.gender))
        self.education.setCurrentIndex(int(rules.education))
        for group, check in self.groups.items():
            check.setChecked(group in rules.groups)

    def occupation_code(self) -> str:
        text = self.occupation.text().strip()
        found = _LEADING_CODE.match(text)
        if found:
            return found.group(1)
        matches = self.reference.search_occupations(text) if text else []
        units = [o for o in matches if o.level == 4]
        return units[0].code if len(units) == 1 else text

    def course(self) -> Course:
        typed = self.municipality.currentText().strip()
        municipality = self.reference.municipality(typed) or typed
        base = self.original
        return Course(
            provider=self.provider.currentText(),
            code=self.code.text().strip(),
            title=self.title_edit.text().strip(),
            occupation=self.occupation_code(),
            municipality=municipality,
            start=to_date(self.start.date()),
            end=to_date(self.end.date()),
            sessions=self.schedule.sessions(),
            seats=self.seats.value(),
            venue=self.venue.text().strip(),
            trainer=self.trainer.text().strip(),
            fee=self.fee.value(),
            status=CourseStatus(self.status.currentData()),
            eligibility=Eligibility(
                min_age=self.min_age.value() or None,
                max_age=self.max_age.value() or None,
                gender=Gender(self.gender.currentData()),
                education=Education(self.education.currentData()),
                groups=frozenset(g for g, check in self.groups.items() if check.isChecked()),
            ),
            notes=self.notes.toPlainText().strip(),
            id=base.id if base else None,
            version=base.version if base else 0,
        )

    # Checking as you type ---------------------------------------------------------------
    def _widgets_for(self, field: str) -> list[QWidget]:
        widgets: dict[str, list[QWidget]] = {
            "provider": [self.provider],
            "code": [self.code],
            "title": [self.title_edit],
            "occupation": [self.occupation],
            "municipality": [self.municipality],
            "venue": [self.venue],
            "trainer": [self.trainer],
            "end": [self.end, self.start],
            "days": [self.schedule],
            "time": [self.schedule],
            "seats": [self.seats],
            "fee": [self.fee],
            "min_age": [self.min_age],
            "max_age": [self.max_age],
            "age": [self.min_age, self.max_age],
        }
        return widgets.get(field, [])

    def validate(self) -> list[str]:
        course = self.course()
        title = self.reference.occupation_title(course.occupation)
        self.occupation_title.setText(title)
        problems = course_problems(course, self.reference)
        flagged = {w for p in problems for w in self._widgets_for(p.field)}
        for widget in (
            *self._description_fields(),
            self.seats,
            self.fee,
            self.min_age,
            self.max_age,
        ):
            self._mark(widget, widget in flagged)
        for row in self.schedule.rows():
            for part in (row.start, row.end, row.day):
                self._mark(part, self.schedule in flagged)
        messages = [p.message + (f" ({p.value})" if p.value else "") for p in problems]
        self.problems.setText("\n".join(f"• {m}" for m in messages))
        self.problems.setVisible(bool(messages))
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setEnabled(not problems)
        return messages

    def _description_fields(self) -> list[QWidget]:
        """What the course is, where and when: the form's fields above the schedule, in order."""
        return [
            self.provider,
            self.code,
            self.title_edit,
            self.occupation,
            self.municipality,
            self.venue,
            self.trainer,
            self.start,
            self.end,
        ]

    def show_save_error(self, text: str) -> None:
        """The save failed (e.g. the server connection dropped): say why; the fields stay."""
        self.problems.setText(text)
        self.problems.setVisible(True)

    @staticmethod
    def _mark(widget: QWidget, invalid: bool) -> None:
        if widget.property("invalid") == invalid:
            return
        if isinstance(widget, QAbstractSpinBox):  # a style sheet would hide the arrows
            palette = widget.palette()
            base = (
                QColor(INVALID_BACKGROUND)
                if invalid
                else QApplication.palette().color(QPalette.ColorRole.Base)
            )
            palette.setColor(QPalette.ColorRole.Base, base)
            widget.setPalette(palette)
            widget.setProperty("invalid", invalid)
            return
        widget.setProperty("invalid", invalid)
        widget.style().unpolish(widget)
        widget.style().polish(widget)
