"""The catalogue: search as you type, filters, a detail panel, and course editing with undo."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import suppress
from dataclasses import replace
from datetime import date
from html import escape
from typing import Any, NamedTuple

from PySide6.QtCore import QEvent, QItemSelectionModel, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.errors import ConflictError, CourseHubError
from coursehub.domain.model import Course, CourseStatus
from coursehub.domain.people import Actor, Role
from coursehub.domain.server import ServerUnavailable
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.scheduling.recurrence import holiday_sessions
from coursehub.services.auth import Policy
from coursehub.services.course_filter import CourseFilter
from coursehub.services.enrolment import Offer
from coursehub.services.people_wiring import PeopleServices
from coursehub.services.server_connection import course_changes
from coursehub.services.workspace import Workspace
from coursehub.ui import settings as keys
from coursehub.ui.actions import ActionId, action_button
from coursehub.ui.catalogue_model import MUNICIPALITY, PROVIDER, CatalogueModel, CourseRole
from coursehub.ui.common import (
    chain_tab_order,
    confirm,
    date_display_format,
    error_text,
    format_date,
    format_number,
    name,
    show_error,
    to_date,
    to_qdate,
)
from coursehub.ui.context import UiContext
from coursehub.ui.course_commands import CourseCommand
from coursehub.ui.course_dialog import CourseDialog
from coursehub.ui.output_actions import export_courses, menu_button, print_preview
from coursehub.ui.widgets import arrows_open_list, down_enters_results, heading, search_box

ALL = ""
STATUS_LIVE, STATUS_ENDED = "live", "ended"


class CataloguePage(QWidget):
    counts_changed = Signal()

    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue = ctx.services.catalogue
        self.reference = ctx.workspace.reference
        self._titles: dict[str, str] = {}
        self.eligible_ids: set[int] | None = None
        self.only_ids: set[int] | None = None
        self.model = CatalogueModel(parent=self, extra_text=self._occupation_title)
        if ctx.load_in_background:
            self._load_in_background()  # first: the worker reads while the screen is built
        self._build()
        self._after_paint = _AfterPaint(self.table.viewport())
        if ctx.load_in_background:
            self.count_label.setText(_("Loading the catalogue…"))
        else:
            self.reload()

    def _occupation_title(self, course: Course) -> str:
        title = self._titles.get(course.occupation)
        if title is None:
            occupation = self.reference.occupation(course.occupation)
            title = f"{occupation.title_en} {occupation.title_sq}" if occupation else ""
            self._titles[course.occupation] = title
        return title

    # Building ----------------------------------------------------------------------------
    def _build(self) -> None:
        search_row = self._build_search()
        filters = self._build_filters()
        self._build_table()
        self._build_detail()
        bar = self._build_command_bar()
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Catalogue"),
                _(
                    "Every course of every provider. Grey: the course has ended. Orange provider: its list "
                    "has not been updated for six months."
                ),
            )
        )
        layout.addLayout(search_row)
        layout.addLayout(filters)
        layout.addLayout(bar)
        layout.addWidget(self.splitter, 1)
        self._set_up_keyboard()

    def _build_search(self) -> QHBoxLayout:
        self.search = search_box(
            _("Search courses (title, provider, town, ISCO, trainer)…"), _("Search courses"), self._on_search
        )
        search_label = QLabel(_("&Search:"))
        search_label.setBuddy(self.search)
        search_row = QHBoxLayout()
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        return search_row

    def _build_filters(self) -> QGridLayout:
        """Municipality, provider, occupation and status on the first row; the dates, who may
        join and "Clear filters" on the second."""
        self._build_filter_controls()
        filters = QGridLayout()
        row = [
            (_("&Municipality:"), self.municipality),
            (_("&Provider:"), self.provider),
            (_("&Occupation:"), self.occupation),
            (_("S&tatus:"), self.status),
        ]
        for column, (text, widget) in enumerate(row):
            caption = QLabel(text)
            caption.setBuddy(widget)
            filters.addWidget(caption, 0, column * 2)
            filters.addWidget(widget, 0, column * 2 + 1)
        filters.addLayout(self._build_date_range(), 1, 0, 1, 4)
        eligible_label = QLabel(_("E&ligible:"))
        eligible_label.setBuddy(self.eligible)
        filters.addWidget(eligible_label, 1, 4)
        filters.addWidget(self.eligible, 1, 5, 1, 2)
        filters.addWidget(self.clear_filters, 1, 7)
        for column, stretch in ((1, 3), (3, 3), (5, 2), (7, 1)):  # names first when space is short
            filters.setColumnStretch(column, stretch)
        return filters

    def _build_filter_controls(self) -> None:
        self.municipality = self._combo(_("Municipality filter"))
        self.provider = self._combo(_("Provider filter"))
        self.status = self._combo(_("Status filter"))
        self.occupation = QLineEdit()
        self.occupation.setPlaceholderText(_("ISCO code or title"))
        name(self.occupation, _("Occupation filter"))
        self.occupation.textChanged.connect(self.apply_filters)
        self.eligible = QComboBox()
        self.eligible.setAccessibleName(_("Show only courses this person may join"))
        self.eligible.setMinimumContentsLength(18)
        self.eligible.currentIndexChanged.connect(self._eligible_changed)
        self.clear_filters = QPushButton(_("Clear filters"))
        name(self.clear_filters, _("Clear all filters"))
        self.clear_filters.clicked.connect(self.reset_filters)

    def _build_date_range(self) -> QHBoxLayout:
        """ "Between [from] and [to]": off until ticked; the first three months from today."""
        self.use_dates = QCheckBox(_("&Between"))
        name(self.use_dates, _("Only courses running between two dates"))
        self.date_from, self.date_to = QDateEdit(), QDateEdit()
        for edit, label in ((self.date_from, _("From date")), (self.date_to, _("To date"))):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat(date_display_format())
            edit.setEnabled(False)
            name(edit, label)
            edit.dateChanged.connect(self.apply_filters)
        today = to_qdate(self.ctx.today())
        self.date_from.setDate(today)
        self.date_to.setDate(today.addMonths(3))
        self.use_dates.toggled.connect(self.date_from.setEnabled)
        self.use_dates.toggled.connect(self.date_to.setEnabled)
        self.use_dates.toggled.connect(self.apply_filters)
        dates = QHBoxLayout()
        dates.addWidget(self.use_dates)
        dates.addWidget(self.date_from)
        dates.addWidget(QLabel(_("and")))
        dates.addWidget(self.date_to)
        dates.addStretch()
        return dates

    def _build_table(self) -> None:
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(5, Qt.SortOrder.AscendingOrder)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.verticalHeader().setDefaultSectionSize(24)
        self.table.setWordWrap(False)
        name(self.table, _("Courses"))
        for column, width in enumerate((260, 170, 50, 100, 150, 90, 90, 200, 55, 80)):
            self.table.setColumnWidth(column, width)
        self.table.selectionModel().currentRowChanged.connect(self._show_detail)
        self.table.doubleClicked.connect(lambda _index: self.edit_course())

    def _build_detail(self) -> None:
        """The chosen course's details beside the table, which keeps most of the width."""
        self.detail = QTextBrowser()
        self.detail.setOpenExternalLinks(False)
        name(self.detail, _("Course details"))
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([900, 330])

    def _build_command_bar(self) -> QHBoxLayout:
        """The Edit menu's commands as buttons (from the action registry), Print and Export,
        then "Show all courses" while a list from another screen is shown, and the count."""
        self.buttons: dict[ActionId, QPushButton] = {
            ActionId.NEW_COURSE: action_button(ActionId.NEW_COURSE, self.new_course),
            ActionId.EDIT_COURSE: action_button(ActionId.EDIT_COURSE, self.edit_course),
            ActionId.DUPLICATE_COURSE: action_button(ActionId.DUPLICATE_COURSE, self.duplicate_course),
            ActionId.CANCEL_COURSE: action_button(ActionId.CANCEL_COURSE, self.cancel_course),
            ActionId.ATTENDANCE: action_button(ActionId.ATTENDANCE, self.open_attendance),
        }
        bar = QHBoxLayout()
        for button in self.buttons.values():
            bar.addWidget(button)
        bar.addWidget(self._print_button())
        bar.addWidget(self._export_button())
        bar.addStretch()
        self.only_label = QLabel()
        self.only_label.setObjectName("problems")
        self.show_all = QPushButton(_("Show &all courses"))
        name(self.show_all, _("Show all courses again"))
        self.show_all.clicked.connect(lambda: self.show_only(None, ""))
        bar.addWidget(self.only_label)
        bar.addWidget(self.show_all)
        self.only_label.hide()
        self.show_all.hide()
        self.count_label = QLabel()
        self.count_label.setAccessibleName(_("Number of courses shown"))
        bar.addWidget(self.count_label)
        return bar

    def _print_button(self) -> QPushButton:
        return menu_button(
            _("&Print…"),
            [
                (_("Enrolment sheet of this course"), lambda: self.print_course("sheet", False)),
                (_("Enrolment sheet with names"), lambda: self.print_course("sheet", True)),
                (_("Attendance register of this course"), lambda: self.print_course("register", False)),
                (_("Attendance register with names"), lambda: self.print_course("register", True)),
                (_("Certificates of this course"), lambda: self.print_certificates("sq")),
                (_("Certificates in English"), lambda: self.print_certificates("en")),
                (_("Catalogue booklet of the courses shown"), self.print_booklet),
            ],
        )

    def _export_button(self) -> QPushButton:
        return menu_button(
            _("E&xport…"),
            [
                (_("Calendar file (.ics)"), lambda: self.export("ics")),
                (_("Spreadsheet (.csv)"), lambda: self.export("csv")),
                (_("Exchange workbook (.xlsx)"), lambda: self.export("xlsx")),
            ],
        )

    def _set_up_keyboard(self) -> None:
        """Down from the search box enters the results, arrows open the filter lists, and Tab
        goes through the controls in reading order."""
        down_enters_results(self.search, self.table)
        arrows_open_list(self.municipality, self.provider, self.status, self.eligible)
        chain_tab_order(
            [
                self.search,
                self.municipality,
                self.provider,
                self.occupation,
                self.status,
                self.use_dates,
                self.date_from,
                self.date_to,
                self.eligible,
                self.clear_filters,
                *self.buttons.values(),
                self.table,
                self.detail,
            ]
        )

    def _combo(self, accessible: str) -> QComboBox:
        combo = QComboBox()
        combo.setAccessibleName(accessible)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        combo.setMinimumContentsLength(10)
        combo.currentIndexChanged.connect(self.apply_filters)
        return combo

    # Data -----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read the catalogue again (after an import, or to see others' changes)."""
        current = self.current_course()
        if self.ctx.load_in_background:
            self._reselect = current.id if current is not None else None
            self._load_in_background()
            self.count_label.setText(_("Loading the catalogue…"))
            return
        courses = self.catalogue.courses()
        self.model.set_staleness(self.ctx.today(), self.catalogue.provider_list_dates())
        self.model.set_courses(courses)
        provider_names = {p.name for p in self.catalogue.providers()}
        self._fill_filter_choices(
            *_filter_choices(
                self.model.distinct_values(MUNICIPALITY),
                self.model.distinct_values(PROVIDER) | provider_names,
            )
        )
        self._offer_people(_people_choices(self.ctx.services.people, self.ctx.actor))
        self.apply_filters()
        if current is not None and current.id is not None:
            self.select_course(current.id)
        self._show_detail()

    def _load_in_background(self) -> None:
        """Read the catalogue, its filter choices and the people to offer in a worker thread
        (`_read_catalogue`), so the window paints at once and stays responsive on a large
        catalogue; the search texts are folded in another worker after the table is shown."""
        from coursehub.ui.workers import Task

        actor = self.ctx.actor
        task = Task(self.ctx.workspace.for_worker_thread, lambda ws, _p, _c: _read_catalogue(ws, actor))
        task.signals.finished.connect(self._loaded)
        task.signals.failed.connect(lambda message: show_error(self, CourseHubError(message)))
        self._loading = task.start()

    def _loaded(self, loaded: _Catalogue) -> None:
        """Fill the table with what the worker read: no query here (one would let the event
        loop run in the middle of the fill)."""
        self.model.set_staleness(self.ctx.today(), loaded.list_dates)
        self.model.set_courses(loaded.courses, search_later=True, distinct=loaded.distinct)
        self._fill_filter_choices(loaded.towns, loaded.providers)
        self._offer_people(loaded.people)
        self.apply_filters()
        if (reselect := getattr(self, "_reselect", None)) is not None:
            self.select_course(reselect)
            self._reselect = None
        self._show_detail()
        # Once the rows are painted: the counts the window reads, then the search texts (a
        # worker folding them alongside would make each cell of that paint wait for it).
        self._after_paint.arm(lambda: self._after_fill(loaded.courses))

    def _after_fill(self, courses: Sequence[Course]) -> None:
        self.ctx.data_changed()
        self._fold_search_texts(courses)

    def _fold_search_texts(self, courses: Sequence[Course]) -> None:
        """The search texts in a worker, once the table shows the courses."""
        from coursehub.ui.workers import Task

        model = self.model

        def job(_ws: Any, _progress: Any, _cancelled: Any) -> tuple[Sequence[Course], list[str]]:
            return courses, model.search_texts(courses)

        def ready(result: tuple[Sequence[Course], list[str]]) -> None:
            model.set_search_texts(*result)
            self._update_count()  # a search typed meanwhile has its matches now

        def failed(_message: str) -> None:  # not expected; searching must still work
            model.set_search_texts(courses, model.search_texts(courses))
            self._update_count()

        task = Task(self.ctx.workspace.for_worker_thread, job)
        task.signals.finished.connect(ready)
        task.signals.failed.connect(failed)
        self._folding = task.start()

    def _fill_filter_choices(self, towns: list[str], providers: list[str]) -> None:
        """The municipality, provider and status choices (`_filter_choices`), keeping what
        was chosen."""

        def refill(combo: QComboBox, everything: str, items: list[tuple[str, str]]) -> None:
            chosen = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, ALL)
            for text, data in items:
                combo.addItem(text, data)
            index = combo.findData(chosen)
            combo.setCurrentIndex(max(index, 0))
            combo.blockSignals(False)

        refill(self.municipality, _("All municipalities"), [(t, t) for t in towns])
        refill(self.provider, _("All providers"), [(p, p) for p in providers])
        refill(
            self.status,
            _("All"),
            [(_("Live (planned or open)"), STATUS_LIVE)]
            + [(s.label, s.value) for s in CourseStatus]
            + [(_("Ended"), STATUS_ENDED)],
        )

    def _offer_people(self, people: Sequence[tuple[str, object]] | None) -> None:
        """The "eligible for" choices (`_people_choices`); None: only "Anyone" (no accounts)."""
        if people is not None:
            self.set_people(people)
        elif self.eligible.count() == 0:
            self.set_people([])

    def _eligible_changed(self) -> None:
        trainee_id = self.eligible.currentData()
        self.eligible_ids = None
        if trainee_id:
            try:
                result = self.ctx.services.people.enrolment.eligible_courses(self.ctx.actor, int(trainee_id))
            except CourseHubError as error:
                show_error(self, error)
                self.eligible.setCurrentIndex(0)
                return
            self.eligible_ids = {int(c.id or 0) for c in result.eligible}
        self.apply_filters()

    def set_people(self, people: Sequence[tuple[str, object]]) -> None:
        """Offer "eligible for this person" choices (filled by the trainees screen)."""
        chosen = self.eligible.currentData()
        self.eligible.blockSignals(True)
        self.eligible.clear()
        self.eligible.addItem(_("Anyone (no eligibility filter)"), ALL)
        for label, key in people:
            self.eligible.addItem(label, key)
        self.eligible.setCurrentIndex(max(self.eligible.findData(chosen), 0))
        self.eligible.blockSignals(False)

    # Filtering -------------------------------------------------------------------------
    def _on_search(self) -> None:
        self.model.set_query(self.search.text())
        self._update_count()

    def show_only(self, ids: list[int] | set[int] | None, title: str) -> None:
        """Show just these courses (those a finding or a gap names) until "Show all"."""
        self.only_ids = set(ids) if ids is not None else None
        self.only_label.setText(title)
        self.only_label.setVisible(ids is not None)
        self.show_all.setVisible(ids is not None)
        self.apply_filters()
        if self.model.rowCount():
            self.table.selectRow(0)

    def reset_filters(self) -> None:
        self.only_ids = None
        self.only_label.hide()
        self.show_all.hide()
        for combo in (self.municipality, self.provider, self.status, self.eligible):
            combo.setCurrentIndex(0)
        self.occupation.clear()
        self.use_dates.setChecked(False)
        self.search.clear()

    def filter_predicate(self) -> Callable[[Course], bool] | None:
        tests: list[Callable[[Course], bool]] = []
        town, provider, status = (
            self.municipality.currentData(),
            self.provider.currentData(),
            self.status.currentData(),
        )
        if town:
            tests.append(lambda c: c.municipality == town)
        if provider:
            tests.append(lambda c: c.provider == provider)
        if status == STATUS_LIVE:
            tests.append(lambda c: c.is_live)
        elif status == STATUS_ENDED:
            today = self.ctx.today()
            tests.append(lambda c: c.has_ended(today))
        elif status:
            tests.append(lambda c: c.status.value == status)
        occupation = self.occupation.text().strip()
        if occupation.isdigit():
            tests.append(lambda c: c.occupation.startswith(occupation))
        elif occupation:
            wanted = fold(occupation)
            tests.append(lambda c: wanted in fold(self._occupation_title(c)))
        if self.use_dates.isChecked():
            first, last = to_date(self.date_from.date()), to_date(self.date_to.date())
            tests.append(lambda c: c.start <= last and first <= c.end)
        if self.only_ids is not None:
            only = self.only_ids
            tests.append(lambda c: c.id in only)
        if self.eligible_ids is not None and self.eligible.currentData():
            allowed = self.eligible_ids
            tests.append(lambda c: c.id in allowed)
        if not tests:
            return None
        return lambda c: all(test(c) for test in tests)

    def apply_filters(self) -> None:
        if not hasattr(self, "table"):
            return
        self.model.set_predicate(self.filter_predicate())
        self._update_count()

    def _update_count(self) -> None:
        if self.model.search_pending:
            self.count_label.setText(_("Preparing the search…"))
        else:
            self.count_label.setText(
                _("{shown} of {total} courses").format(
                    shown=format_number(self.model.rowCount()), total=format_number(self.model.total)
                )
            )
        self.counts_changed.emit()
        self._update_buttons()

    def _update_buttons(self) -> None:
        """Only what the person's role allows is offered (the service checks again)."""
        course = self.current_course()
        actor = self.ctx.actor
        writable = not self.ctx.workspace.read_only  # the main window's banner says why
        may_add = writable and actor.role is not Role.VIEWER
        may_edit = (
            writable and course is not None and Policy.may_edit_provider_courses(actor, course.provider)
        )
        self.buttons[ActionId.NEW_COURSE].setEnabled(may_add)
        self.buttons[ActionId.EDIT_COURSE].setEnabled(may_edit)
        self.buttons[ActionId.DUPLICATE_COURSE].setEnabled(course is not None and may_add)
        self.buttons[ActionId.CANCEL_COURSE].setEnabled(
            may_edit and course is not None and course.status is not CourseStatus.CANCELLED
        )
        sees_trainees = Policy.is_authenticated(actor) and actor.role is not Role.VIEWER
        self.buttons[ActionId.ATTENDANCE].setEnabled(course is not None and sees_trainees)

    # Selection and detail -------------------------------------------------------------------
    def current_course(self) -> Course | None:
        if not hasattr(self, "table"):
            return None
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        course: Course = self.model.data(index, CourseRole)
        return course

    def select_course(self, course_id: int) -> bool:
        row = self.model.row_of(course_id)
        if row is None:
            self.reset_filters()
            row = self.model.row_of(course_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _show_detail(self, *_args: object) -> None:
        course = self.current_course()
        self._update_buttons()
        self.detail.setHtml(
            self.detail_html(course)
            if course
            else "<p>" + escape(_("Choose a course to see its details.")) + "</p>"
        )

    def detail_html(self, course: Course) -> str:
        today = self.ctx.today()
        rules = course.eligibility
        rows = [
            (_("Provider"), course.provider),
            (_("Code"), course.code),
            (_("Occupation"), f"{course.occupation} — {self.reference.occupation_title(course.occupation)}"),
            (_("Municipality"), course.municipality),
            (_("Venue"), course.venue or "—"),
            (_("Trainer"), course.trainer or "—"),
            (_("Dates"), f"{format_date(course.start)} – {format_date(course.end)}"),
            (_("Weekly sessions"), course.schedule_text()),
            (_("Seats"), format_number(course.seats)),
            (_("Fee"), _("free") if course.fee == 0 else f"{format_number(course.fee)} ALL"),
            (_("Status"), course.status.label),
            (_("Age"), _age_text(rules.min_age, rules.max_age)),
            (_("Gender"), rules.gender.label),
            (_("Minimum education"), rules.education.label),
            (_("Target groups"), ", ".join(sorted(g.label for g in rules.groups)) or _("everyone")),
        ]
        notes = []
        if course.has_ended(today):
            notes.append(_("This course ended on {day}.").format(day=format_date(course.end)))
        if self.model.provider_list_is_stale(course.provider):
            notes.append(
                _("The list of {provider} has not been updated for more than six months.").format(
                    provider=course.provider
                )
            )
        if course.is_live:
            missed = holiday_sessions(course, self.catalogue.holiday_calendar())
            if missed:
                days = ", ".join(f"{format_date(s.day)} ({s.holiday})" for s in missed)
                notes.append(_("No session on public holidays: {days}.").format(days=days))
        table = "".join(
            f"<tr><td style='color:#555;padding-right:8px'>{escape(k)}</td><td>{escape(str(v))}</td></tr>"
            for k, v in rows
        )
        extra = "".join(f"<p style='color:#9b1c1c'>{escape(n)}</p>" for n in notes)
        body = f"<p>{escape(course.notes)}</p>" if course.notes else ""
        return f"<h3>{escape(course.title)}</h3><table>{table}</table>{extra}{body}"

    # Editing --------------------------------------------------------------------------
    def _providers(self) -> list[str]:
        names = sorted((p.name for p in self.catalogue.providers()), key=fold)
        organisation = self.ctx.actor.organisation
        return [organisation] if organisation else names

    def new_course(self) -> None:
        self._edit(None, duplicate=False)

    def edit_course(self) -> None:
        course = self.current_course()
        if course is not None:
            self._edit(course, duplicate=False)

    def duplicate_course(self) -> None:
        course = self.current_course()
        if course is not None:
            self._edit(course, duplicate=True)

    def _edit(self, course: Course | None, *, duplicate: bool) -> CourseDialog:
        dialog = CourseDialog(self.reference, self._providers(), course, duplicate=duplicate, parent=self)
        self.ctx.dialogs.course = dialog
        while dialog.exec():
            before = None if duplicate else course
            text = (_("Add course {code}") if before is None else _("Edit course {code}")).format(
                code=dialog.course().code
            )
            try:
                self.save(before, dialog.course(), text, keep_typing_on_lost_connection=True)
            except ServerUnavailable as error:  # the edit stays in the form, with why
                self.ctx.connection_lost()
                dialog.show_save_error(error_text(error))
                continue
            break
        self.ctx.dialogs.course = None
        return dialog

    def cancel_course(self) -> None:
        course = self.current_course()
        if course is None or course.status is CourseStatus.CANCELLED:
            return
        if not confirm(
            self,
            _("Cancel the course “{title}”?").format(title=course.title),
            _(
                "A cancelled course stays in the catalogue but counts in no overlap, gap or "
                "eligibility. You can undo this."
            ),
        ):
            return
        self.save(
            course,
            replace(course, status=CourseStatus.CANCELLED),
            _("Cancel course {code}").format(code=course.code),
        )

    def save(
        self,
        before: Course | None,
        edited: Course,
        text: str,
        *,
        keep_typing_on_lost_connection: bool = False,
    ) -> Course | None:
        """Save through the service; on a conflict let the person choose; push the undo step.
        A lost server connection is raised to the course dialog when it asks (to keep the edit)."""
        stored: Course | None
        try:
            stored, offers = self.catalogue.save_course_offering_seats(edited, self.ctx.actor)
            self._tell_seats_offered(offers)
        except ConflictError:
            stored = self._resolve_conflict(edited, before)
        except ServerUnavailable as error:
            if keep_typing_on_lost_connection:
                raise
            self.ctx.connection_lost()
            show_error(self, error)
            return None
        except CourseHubError as error:
            show_error(self, error)
            return None
        if stored is None:
            return None
        self.ctx.undo_stack.push(
            CourseCommand(
                self.catalogue, self.ctx.actor, text, before, stored, self.course_changed, self._undo_failed
            )
        )
        self.course_changed(stored)
        return stored

    def _tell_seats_offered(self, offers: list[Offer]) -> None:
        """Raised seats went to the waiting list at once: say so in the status bar."""
        if not offers:
            return
        hidden = sum(1 for o in offers if not o.pseudonym)  # people the user may not see
        names = [o.pseudonym for o in offers if o.pseudonym]
        if hidden:
            names.append(_("{count} of another organisation").format(count=hidden))
        self.ctx.status(_("Seats added: offered at once to {names}.").format(names=", ".join(names)))

    def _resolve_conflict(self, edited: Course, opened: Course | None = None) -> Course | None:
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            "CourseHub",
            _("Someone else changed this course while you were editing it."),
            parent=self,
        )
        what_changed = ""
        if opened is not None and edited.id is not None:
            with suppress(CourseHubError):
                changed = course_changes(opened, self.catalogue.course(edited.id))
                if changed:
                    what_changed = _("They changed: {fields}.").format(fields=", ".join(changed)) + "\n\n"
        box.setInformativeText(
            what_changed
            + _(
                "Reload shows their version and drops your changes. Overwrite saves your changes over theirs."
            )
        )
        reload_button = box.addButton(_("&Reload"), QMessageBox.ButtonRole.RejectRole)
        overwrite = box.addButton(_("&Overwrite"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        self.ctx.dialogs.conflict = box
        box.exec()
        clicked = box.clickedButton()
        if edited.id is None:
            return None
        try:
            fresh = self.catalogue.course(edited.id)
            if clicked is overwrite:
                return self.catalogue.save_course(replace(edited, version=fresh.version), self.ctx.actor)
            if clicked is reload_button:
                self.course_changed(fresh)
        except CourseHubError as error:
            show_error(self, error)
        return None

    def course_changed(self, course: Course) -> None:
        self.model.put_course(course)
        if course.id is not None:
            self.select_course(course.id)
        self._update_count()
        self._show_detail()
        self.ctx.data_changed()

    def _undo_failed(self, error: CourseHubError) -> None:
        show_error(self, error)
        self.reload()

    # Printing and exporting -----------------------------------------------------------------
    def course_filter(self) -> CourseFilter:
        """The filters printouts and exports understand (municipality, provider, occupation)."""
        return CourseFilter(
            municipality=self.municipality.currentData() or None,
            provider=self.provider.currentData() or None,
            occupation=self.occupation.text().strip() or None,
            live_only=self.status.currentData() == STATUS_LIVE,
        )

    def print_course(self, kind: str, with_names: bool) -> None:
        course = self.current_course()
        if course is None:
            show_error(self, CourseHubError(_("Choose a course first.")))
            return
        actor = self.ctx.actor
        if kind == "sheet":
            title, preparing = _("Enrolment sheet: {title}"), _("Preparing the enrolment sheet…")
        else:
            title, preparing = _("Attendance register: {title}"), _("Preparing the attendance register…")
        stem = "enrolment" if kind == "sheet" else "attendance"

        def printout(ws: Workspace) -> Any:
            make = ws.printing.enrolment_sheet if kind == "sheet" else ws.printing.attendance_register
            return make(actor, course.provider, course.code, with_names=with_names)

        print_preview(
            self, self.ctx, preparing, printout, title.format(title=course.title), f"{stem}-{course.code}.pdf"
        )

    def open_attendance(self) -> None:
        """The course's attendance grid (trainees by session dates), for those who see trainees."""
        course = self.current_course()
        if course is None or course.id is None:
            show_error(self, CourseHubError(_("Choose a course first.")))
            return
        from coursehub.ui.attendance_grid import open_attendance

        open_attendance(self.ctx, course.id, self)

    def print_certificates(self, language: str) -> None:
        from coursehub.ui.certificate_actions import print_certificates

        print_certificates(self, self.ctx, self.current_course(), language)

    def print_booklet(self) -> None:
        chosen, actor = self.course_filter(), self.ctx.actor
        print_preview(
            self,
            self.ctx,
            _("Preparing the catalogue booklet…"),
            lambda ws: ws.printing.catalogue_booklet(chosen, actor),
            _("Catalogue booklet"),
            "catalogue.pdf",
        )

    def export(self, kind: str) -> None:
        export_courses(self, self.ctx, kind, self.course_filter())

    # Window state ------------------------------------------------------------------------
    def save_state(self) -> None:
        self.ctx.settings.set(keys.CATALOGUE_SPLITTER, self.splitter.saveState())
        self.ctx.settings.set(keys.CATALOGUE_HEADER, self.table.horizontalHeader().saveState())

    def restore_state(self) -> None:
        splitter = self.ctx.settings.get(keys.CATALOGUE_SPLITTER)
        if not splitter.isEmpty():
            self.splitter.restoreState(splitter)
        header = self.ctx.settings.get(keys.CATALOGUE_HEADER)
        if not header.isEmpty():
            self.table.horizontalHeader().restoreState(header)


def _age_text(low: int | None, high: int | None) -> str:
    if low is None and high is None:
        return _("any age")
    if high is None:
        return _("{low} or older").format(low=low)
    if low is None:
        return _("up to {high}").format(high=high)
    return _("{low} to {high}").format(low=low, high=high)


class _AfterPaint(QObject):
    """Runs what it is armed with once, after the widget's next paint: at once when the widget
    is not on screen, and after a second at the latest (a minimised window paints nothing)."""

    def __init__(self, widget: QWidget) -> None:
        super().__init__(widget)
        self._widget = widget
        self._then: Callable[[], None] | None = None
        self._latest = QTimer(self)
        self._latest.setSingleShot(True)
        self._latest.timeout.connect(self._run)
        widget.installEventFilter(self)

    def arm(self, then: Callable[[], None]) -> None:
        self._then = then
        self._latest.start(1000 if self._widget.isVisible() else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if self._then is not None and event.type() == QEvent.Type.Paint:
            self._latest.start(0)  # runs once this paint is done
        return False

    def _run(self) -> None:
        then, self._then = self._then, None
        if then is not None:
            then()


class _Catalogue(NamedTuple):
    """What the catalogue screen shows, as read in a worker (`_read_catalogue`)."""

    courses: Sequence[Course]
    list_dates: dict[str, date | None]
    distinct: dict[int, set[Any]]  # the different towns and providers of the courses
    towns: list[str]  # the filter choices, in the order offered
    providers: list[str]
    people: list[tuple[str, object]] | None  # the "eligible for" choices (`_people_choices`)


def _read_catalogue(ws: Workspace, actor: Actor) -> _Catalogue:
    """Everything the catalogue screen reads to fill itself, in one worker job."""
    from coursehub import gc_policy

    with gc_policy.pause():  # 100,000 courses that live on: no collection walks them now
        courses = ws.catalogue.courses_for_table()  # made into Course objects as shown
        column = getattr(courses, "distinct", None)
        distinct = {
            MUNICIPALITY: column("municipality") if column else {c.municipality for c in courses},
            PROVIDER: column("name") if column else {c.provider for c in courses},
        }
        list_dates = ws.catalogue.provider_list_dates()  # of every provider, with courses or not
        towns, providers = _filter_choices(distinct[MUNICIPALITY], distinct[PROVIDER] | set(list_dates))
        people = _people_choices(ws.people, actor)
        return _Catalogue(courses, list_dates, distinct, towns, providers, people)


def _filter_choices(towns: set[str], providers: set[str]) -> tuple[list[str], list[str]]:
    """The municipality and provider filters' choices: every town of a course, every provider
    (with or without courses), in alphabetical order."""
    return sorted(towns, key=fold), sorted(providers, key=fold)


def _people_choices(people: PeopleServices, actor: Actor) -> list[tuple[str, object]] | None:
    """The people the user may see, for the "eligible for" filter; None without accounts."""
    try:
        if people.auth.needs_setup():
            return None
        trainees = people.trainees.list(actor)
    except CourseHubError:
        return None
    return [
        (trainee.pseudonym if trainee.is_protected else f"{trainee.pseudonym} · {trainee.name}", trainee.id)
        for trainee in trainees
        if not trainee.is_anonymised
    ]
