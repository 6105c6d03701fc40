"""Trainees and enrolment, as the person's role allows: register people, see the courses
each may join (and why not the others), enrol, withdraw, complete. Names of people in
protected groups stay hidden behind their pseudonym unless "Show names" is ticked."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from html import escape

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from coursehub.analysis.eligibility import age_on
from coursehub.domain.attendance import NonCompletion
from coursehub.domain.errors import CourseHubError, PermissionDenied
from coursehub.domain.model import Course, Gender
from coursehub.domain.people import Role
from coursehub.domain.text import fold
from coursehub.domain.trainees import Enrolment, EnrolmentStatus, Trainee
from coursehub.i18n import _
from coursehub.services.auth import Policy
from coursehub.services.enrolment import BelowThreshold, CourseFull, EnrolmentRefused, Outcome
from coursehub.ui.actions import ActionId, action_button
from coursehub.ui.common import (
    attempt,
    confirm,
    format_date,
    format_number,
    name,
    person_education_label,
    show_error,
)
from coursehub.ui.context import UiContext
from coursehub.ui.same_person_dialog import SamePersonChoice, SamePersonDialog
from coursehub.ui.trainee_dialog import TraineeDialog
from coursehub.ui.widgets import (
    RowRole,
    RowsModel,
    down_enters_results,
    fit_headers,
    heading,
    search_box,
    table_view,
)


class TraineesPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.people = ctx.services.people
        self.catalogue = ctx.services.catalogue
        self._all: list[Trainee] = []
        self._courses: dict[int, Course] = {}
        layout = QVBoxLayout(self)
        layout.addWidget(
            heading(
                _("Trainees and enrolment"),
                _(
                    "People registered for courses. Names of trafficking survivors and people at risk are "
                    "hidden behind their pseudonym unless you tick “Show names”."
                ),
            )
        )
        self.blocked = QLabel()
        self.blocked.setWordWrap(True)
        self.blocked.setObjectName("problems")
        layout.addWidget(self.blocked)
        self.setup_button = QPushButton(_("&Set up user accounts…"))
        name(self.setup_button, _("Set up user accounts"))
        self.setup_button.clicked.connect(self.set_up_accounts)
        self.setup_button.hide()
        layout.addWidget(self.setup_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.body = QWidget()
        layout.addWidget(self.body, 1)
        self._build(self.body)
        self.reload()

    # Building -------------------------------------------------------------------------
    def _build(self, body: QWidget) -> None:
        self.search = search_box(
            _("Find by pseudonym, name or municipality…"), _("Find a trainee"), self._filter
        )
        self.show_names = QCheckBox(_("Show &names"))
        self.show_names.toggled.connect(self._filter)
        self.model = RowsModel(
            [
                _("Pseudonym"),
                _("Name"),
                _("Age"),
                _("Gender"),
                _("Education"),
                _("Municipality"),
                _("Consent"),
                _("Registered by"),
            ],
            [
                lambda t: t.pseudonym,
                self._name_of,
                self._age_of,
                _gender_text,
                lambda t: person_education_label(t.education),
                lambda t: t.municipality,
                lambda t: _("yes") if t.consent_given else _("no"),
                lambda t: t.organisation or _("Employment Office"),
            ],
            self,
        )
        self.table = table_view(self.model, _("Trainees"))
        self.table.selectionModel().currentRowChanged.connect(lambda *_a: self.show_person())
        self.table.doubleClicked.connect(lambda _i: self.edit_person())
        for column, width in enumerate((120, 200, 50, 90, 150, 110, 70)):
            self.table.setColumnWidth(column, width)
        buttons = QHBoxLayout()
        self.buttons: dict[ActionId, QPushButton] = {}
        for action, slot in (
            (ActionId.REGISTER_PERSON, self.register_person),
            (ActionId.EDIT_PERSON, self.edit_person),
            (ActionId.RECORD_CONSENT, self.record_consent),
        ):
            self.buttons[action] = action_button(action, slot)
            buttons.addWidget(self.buttons[action])
        buttons.addStretch()
        # by the search box: the row of buttons above must leave room (1024 px in Albanian)
        attention = self.buttons[ActionId.NEEDS_ATTENTION] = action_button(
            ActionId.NEEDS_ATTENTION, self.needs_attention
        )
        search_row = QHBoxLayout()
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.show_names)
        search_row.addWidget(attention)

        self.person = QTextBrowser()
        name(self.person, _("The chosen person"))
        self.enrolments = RowsModel(
            [_("Course"), _("Provider"), _("Status"), _("Since")],
            [
                self._course_title,
                self._course_provider,
                lambda e: e.status.label,
                lambda e: format_date(e.waiting_since.date()) if e.waiting_since else "",
            ],
            self,
            sort_keys={3: lambda e: e.waiting_since.date() if e.waiting_since else date.min},
        )
        self.enrolment_table = table_view(self.enrolments, _("Enrolments of the person"))
        self.eligible = RowsModel(
            [_("Course"), _("Provider"), _("Municipality"), _("Starts")],
            [
                lambda c: c.title,
                lambda c: c.provider,
                lambda c: c.municipality,
                lambda c: format_date(c.start),
            ],
            self,
            sort_keys={3: lambda c: c.start},
        )
        self.eligible_table = table_view(self.eligible, _("Courses the person may join"))
        self.eligible_table.doubleClicked.connect(lambda _i: self.enrol())
        for column, width in enumerate((230, 170, 100)):
            self.eligible_table.setColumnWidth(column, width)
        self.refused = QTextBrowser()
        name(self.refused, _("Courses the person may not join, with reasons"))
        self.trade = QLineEdit()
        self.trade.setPlaceholderText(_("trade: ISCO code or title (optional)"))
        name(self.trade, _("Trade wanted"))
        self.trade_timer = QTimer(self)  # as you type, once the typing pauses
        self.trade_timer.setSingleShot(True)
        self.trade_timer.setInterval(250)
        self.trade_timer.timeout.connect(self.show_person)
        self.trade.textChanged.connect(self.trade_timer.start)
        self.trade.returnPressed.connect(self.show_person)
        down_enters_results(self.search, self.table)
        down_enters_results(self.trade, self.eligible_table)
        enrol_bar = QHBoxLayout()  # enrol on one row, the later steps on the next: fits 1024 px
        later_bar = QHBoxLayout()
        for action, slot, bar in (
            (ActionId.ENROL, self.enrol, enrol_bar),
            (ActionId.WITHDRAW, self.withdraw, later_bar),
            (ActionId.COMPLETE, self.complete, later_bar),
            (ActionId.DID_NOT_COMPLETE, self.did_not_complete, enrol_bar),
        ):
            self.buttons[action] = action_button(action, slot)
            bar.addWidget(self.buttons[action])
        enrol_bar.addStretch()
        later_bar.addStretch()
        tabs = QTabWidget()
        tabs.addTab(self.eligible_table, _("May join"))
        tabs.addTab(self.refused, _("May not join, and why"))
        tabs.addTab(self.enrolment_table, _("Enrolments"))
        self.tabs = tabs
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.person)
        right_layout.addWidget(self.trade)
        right_layout.addWidget(tabs, 1)
        right_layout.addLayout(enrol_bar)
        right_layout.addLayout(later_bar)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(search_row)
        left_layout.addLayout(buttons)
        left_layout.addWidget(self.table, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([700, 520])
        layout = QVBoxLayout(body)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)

    def set_up_accounts(self) -> None:
        from coursehub.ui.login_dialog import SetupDialog

        dialog = SetupDialog(self.ctx.workspace, self)
        if dialog.exec() and dialog.actor is not None:
            self.ctx.actor = dialog.actor
            self.ctx.data_changed()
            self.reload()

    # Data ---------------------------------------------------------------------------------
    def reload(self) -> None:
        actor = self.ctx.actor
        self._courses = {int(c.id or 0): c for c in self.ctx.courses()}
        if self.people.auth.needs_setup():
            self.blocked.setText(
                _(
                    "Trainee records need user accounts, so that only the right people see them. Set up "
                    "the first administrator account to start."
                )
            )
            self.blocked.show()
            self.setup_button.show()
            self.body.setEnabled(False)
            return
        self.setup_button.hide()
        try:
            self._all = self.people.trainees.list(actor)
        except PermissionDenied as error:
            self._all = []
            self.blocked.setText(error.message)
            self.blocked.show()
            self.body.setEnabled(False)
            return
        self.blocked.hide()
        self.body.setEnabled(True)
        self.buttons[ActionId.REGISTER_PERSON].setEnabled(actor.role is not Role.VIEWER)
        self._filter()

    def _filter(self) -> None:
        words = fold(self.search.text()).split()
        shown = [
            t for t in self._all if all(w in fold(f"{t.pseudonym} {t.name} {t.municipality}") for w in words)
        ]
        current = self.current_trainee()
        self.model.set_items(shown)
        fit_headers(self.table)
        if current is not None:
            for row, trainee in enumerate(shown):
                if trainee.id == current.id:
                    self.table.selectRow(row)
        self.show_person()

    def _name_of(self, trainee: Trainee) -> str:
        if trainee.is_anonymised:
            return _("(anonymised)")
        if trainee.is_protected and not self.show_names.isChecked():
            return _("(hidden: protected group)")
        return trainee.name

    def _age_of(self, trainee: Trainee) -> str:
        return str(age_on(trainee.birth_date, self.ctx.today())) if trainee.birth_date else ""

    def _course_title(self, enrolment: Enrolment) -> str:
        course = self._courses.get(enrolment.course_id)
        return course.title if course else enrolment.course_key[1]

    def _course_provider(self, enrolment: Enrolment) -> str:
        course = self._courses.get(enrolment.course_id)
        return course.provider if course else enrolment.course_key[0]

    # The chosen person ---------------------------------------------------------------------
    def current_trainee(self) -> Trainee | None:
        if not hasattr(self, "table"):
            return None
        index = self.table.currentIndex()
        return self.model.data(index, RowRole) if index.isValid() else None

    def show_person(self) -> None:
        trainee = self.current_trainee()
        for action in (
            ActionId.EDIT_PERSON,
            ActionId.RECORD_CONSENT,
            ActionId.ENROL,
            ActionId.WITHDRAW,
            ActionId.COMPLETE,
            ActionId.DID_NOT_COMPLETE,
        ):
            self.buttons[action].setEnabled(trainee is not None and not (trainee.is_anonymised))
        if trainee is None:
            hint = _("Choose a person to see the courses they may join.")
            self.person.setHtml("<p>" + escape(hint) + "</p>")
            self.eligible.set_items([])
            self.enrolments.set_items([])
            self.refused.clear()
            return
        groups = ", ".join(sorted(g.label for g in trainee.groups)) or _("none")
        facts = [
            (_("Pseudonym"), trainee.pseudonym),
            (_("Name"), self._name_of(trainee)),
            (_("Age"), self._age_of(trainee)),
            (_("Groups"), groups),
            (
                _("Consent"),
                _("given on {day}").format(day=format_date(trainee.consent_at.date()))
                if trainee.consent_at
                else (_("given") if trainee.consent_given else _("not yet")),
            ),
        ]
        rows = "".join(
            f"<tr><td style='color:#555;padding-right:8px'>{escape(k)}</td><td>{escape(v)}</td></tr>"
            for k, v in facts
        )
        self.person.setHtml(f"<table>{rows}</table>")
        self.person.setMaximumHeight(140)
        actor = self.ctx.actor
        try:
            self.enrolments.set_items(self.people.enrolment.enrolments_of(actor, int(trainee.id or 0)))
            if trainee.is_anonymised:
                self.eligible.set_items([])
                self.refused.clear()
                return
            codes = self._trade_codes()
            result = self.people.enrolment.eligible_courses(
                actor, int(trainee.id or 0), trade=codes[0] if codes and len(codes) == 1 else None
            )
        except CourseHubError as error:
            self.refused.setPlainText(error.message)
            self.eligible.set_items([])
            return
        eligible, refused = list(result.eligible), list(result.refused)
        if codes is not None and len(codes) != 1:  # several occupations (or none) match the title

            def in_trade(course: Course) -> bool:
                return any(course.occupation.startswith(code) for code in codes)

            eligible = [c for c in eligible if in_trade(c)]
            refused = [r for r in refused if in_trade(r.course)]
        self.eligible.set_items(eligible or list(result.nearest))
        refusals = "".join(
            f"<li><b>{escape(r.course.title)}</b> ({escape(r.course.provider)}): "
            f"{escape('; '.join(r.reasons))}</li>"
            for r in refused[:200]
        )
        self.refused.setHtml(f"<ul>{refusals}</ul>" if refusals else "")

    def _trade_codes(self) -> tuple[str, ...] | None:
        """The ISCO codes the trade box means: its digits as a prefix, or every occupation
        whose title contains the words typed (Albanian or English); None when empty."""
        text = self.trade.text().strip()
        if not text:
            return None
        if text.isdigit():
            return (text,)
        found = sorted({o.code for o in self.ctx.workspace.reference.search_occupations(text)})
        return tuple(c for c in found if not any(c != o and c.startswith(o) for o in found))

    # Actions ---------------------------------------------------------------------------
    def register_person(self) -> None:
        dialog = TraineeDialog(self.ctx.workspace.reference, None, self.ctx.today(), self)
        self.ctx.dialogs.trainee = dialog
        while dialog.exec():
            if self._save_new_person(dialog.trainee()):
                return

    def _save_new_person(self, trainee: Trainee) -> bool:
        """Register, after showing the likely duplicates among the people the user may see.
        False: go back to the form."""
        try:
            matches = self.people.trainees.likely_duplicates(self.ctx.actor, trainee)
        except CourseHubError as error:
            show_error(self, error)
            return True
        different_from: list[str] = []
        if matches:
            check = SamePersonDialog(matches, self)
            self.ctx.dialogs.same_person = check
            if not check.exec():
                return False
            chosen = check.chosen_match()
            if check.choice is SamePersonChoice.OPEN_EXISTING and chosen is not None:
                self.reload()
                self.select(chosen.trainee.id)
                self.ctx.status(_("Opened {code}: nothing registered").format(code=chosen.pseudonym))
                return True
            different_from = [m.pseudonym for m in matches]
        try:
            added = self.people.trainees.register(self.ctx.actor, trainee, different_from)
        except CourseHubError as error:
            show_error(self, error)
            return True
        self.ctx.status(_("Registered {code}").format(code=added.pseudonym))
        self.reload()
        self.select(added.id)
        return True

    def select(self, trainee_id: int | None) -> None:
        for row, trainee in enumerate(self.model.items):
            if trainee.id == trainee_id:
                self.table.selectRow(row)
                return

    def edit_person(self) -> None:
        trainee = self.current_trainee()
        if trainee is None:
            return
        dialog = TraineeDialog(self.ctx.workspace.reference, trainee, self.ctx.today(), self)
        self.ctx.dialogs.trainee = dialog
        if not dialog.exec():
            return
        edited = dialog.trainee()

        def save() -> None:  # consent is recorded on its own, with its time
            saved = self.people.trainees.edit(
                self.ctx.actor, replace(edited, consent_given=trainee.consent_given)
            )
            if edited.consent_given != trainee.consent_given:
                self.people.trainees.record_consent(self.ctx.actor, int(saved.id or 0), edited.consent_given)

        attempt(self, save)
        self.reload()

    def record_consent(self) -> None:
        trainee = self.current_trainee()
        if trainee is None:
            return
        attempt(self, lambda: self.people.trainees.record_consent(self.ctx.actor, int(trainee.id or 0), True))
        self.reload()

    def chosen_course(self) -> Course | None:
        index = self.eligible_table.currentIndex()
        return self.eligible.data(index, RowRole) if index.isValid() else None

    def enrol(
        self, course: Course | None = None, override_reason: str = "", wait_if_full: bool = False
    ) -> None:
        trainee = self.current_trainee()
        course = course or self.chosen_course()
        if trainee is None or course is None:
            show_error(self, CourseHubError(_("Choose a person and one of the courses they may join.")))
            return
        try:
            outcome = self.people.enrolment.enrol(
                self.ctx.actor,
                int(trainee.id or 0),
                int(course.id or 0),
                override_reason,
                wait_if_full=wait_if_full,
            )
        except CourseFull as error:
            if confirm(self, error.message, _("Put the person on the waiting list?")):
                self.enrol(course, override_reason, wait_if_full=True)
            return
        except EnrolmentRefused as error:
            self._refused(error, course)
            return
        except CourseHubError as error:
            show_error(self, error)
            return
        self.ctx.status(
            _("{code}: {status} in {course}").format(
                code=trainee.pseudonym, status=outcome.enrolment.status.label, course=course.title
            )
        )
        self.show_person()
        self.tabs.setCurrentIndex(2)

    def _refused(self, error: EnrolmentRefused, course: Course) -> None:
        reasons = "\n".join(f"• {r}" for r in error.reasons)
        if not error.overridable:
            show_error(self, CourseHubError(f"{error.message}\n{reasons}"))
            return
        reason, ok = QInputDialog.getText(
            self,
            _("Enrol anyway?"),
            f"{error.message}\n{reasons}\n\n" + _("To enrol anyway, say why (it is recorded):"),
        )
        if ok and reason.strip():
            self.enrol(course, reason.strip())

    def _chosen_enrolment(self) -> Enrolment | None:
        index = self.enrolment_table.currentIndex()
        if index.isValid():
            return self.enrolments.data(index, RowRole)
        active = [
            e
            for e in self.enrolments.items
            if e.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING, EnrolmentStatus.APPLIED)
        ]
        return active[0] if len(active) == 1 else None

    def _enrolment_to_change(self) -> Enrolment | None:
        """The enrolment chosen for a change; None (and the user told) when there is none."""
        enrolment = self._chosen_enrolment()
        if enrolment is None:
            show_error(self, CourseHubError(_("Choose the enrolment on the Enrolments tab first.")))
        return enrolment

    def _end_enrolment(self, end: Callable[[], Outcome]) -> None:
        """Take a person off a course (`end()`): the freed seat may go to people waiting."""
        try:
            outcome = end()
        except CourseHubError as error:
            show_error(self, error)
            return
        if outcome.offers:
            self.ctx.status(
                _("The free seat was offered to {n} waiting people.").format(
                    n=format_number(len(outcome.offers))
                )
            )
        self.show_person()

    def withdraw(self) -> None:
        enrolment = self._enrolment_to_change()
        if enrolment is None:
            return
        if not confirm(
            self,
            _("Withdraw {code} from {course}?").format(
                code=enrolment.pseudonym or "", course=self._course_title(enrolment)
            ),
        ):
            return
        self._end_enrolment(
            lambda: self.people.enrolment.withdraw(self.ctx.actor, enrolment.trainee_id, enrolment.course_id)
        )

    def needs_attention(self) -> None:
        """The people at risk of dropping out, among those the user may see."""
        from coursehub.ui.attendance_grid import open_needs_attention

        open_needs_attention(self.ctx, self)

    def complete(self) -> None:
        enrolment = self._enrolment_to_change()
        if enrolment is None:
            return
        try:
            self.people.enrolment.complete(self.ctx.actor, enrolment.trainee_id, enrolment.course_id)
        except BelowThreshold as below:
            self._complete_below_threshold(enrolment, below)
        except CourseHubError as error:
            show_error(self, error)
        self.show_person()

    def did_not_complete(self) -> None:
        """Record that the person left the course, and why; their seat is offered on."""
        enrolment = self._enrolment_to_change()
        if enrolment is None:
            return
        reasons = list(NonCompletion)
        chosen, given = QInputDialog.getItem(
            self,
            _("Did not complete"),
            _("Why did {code} not complete the course?").format(code=enrolment.pseudonym),
            [reason.label for reason in reasons],
            0,
            False,
        )
        if not given:
            return
        why = reasons[[reason.label for reason in reasons].index(chosen)]
        self._end_enrolment(
            lambda: self.people.enrolment.end_without_completing(
                self.ctx.actor, enrolment.trainee_id, enrolment.course_id, why
            )
        )

    def _complete_below_threshold(self, enrolment: Enrolment, below: BelowThreshold) -> None:
        """Attendance below the course's threshold: staff may complete with a written reason."""
        if not Policy.may_override(self.ctx.actor):
            show_error(self, below)
            return
        reason, given = QInputDialog.getText(
            self,
            _("Below the attendance threshold"),
            below.message + "\n\n" + _("Reason (kept and audited):"),
        )
        if not given or not reason.strip():
            return
        try:
            self.people.enrolment.complete(
                self.ctx.actor, enrolment.trainee_id, enrolment.course_id, override_reason=reason
            )
        except CourseHubError as error:
            show_error(self, error)


def _gender_text(trainee: Trainee) -> str:
    if trainee.gender is Gender.FEMALE:
        return _("female")
    if trainee.gender is Gender.MALE:
        return _("male")
    return _("not stated")
