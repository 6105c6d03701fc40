"""Attendance: mark who came to each held session, the grid of a course, the people at
risk of dropping out, each course's threshold, and the check `enrol complete` makes.

Marks are personal data and scoped exactly like enrolments: staff see and record every
trainee's; an NGO coordinator only those of the trainees their organisation registered
(wherever enrolled); a viewer none. Every changed mark is audited (sealed with the person's
key, so erasure makes it unreadable). The rules themselves live in domain.attendance.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coursehub.domain.attendance import (
    DEFAULT_DROPOUT_SESSIONS,
    DEFAULT_THRESHOLD_PERCENT,
    DROPOUT_SETTING,
    NOTE_LIMIT,
    THRESHOLD_SETTING,
    AttendanceMark,
    AttendanceRate,
    Mark,
    absences_in_a_row,
    attendance_rate,
    valid_dropout_sessions,
    valid_threshold,
)
from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.model import Course
from coursehub.domain.people import Actor
from coursehub.domain.trainees import Enrolment, EnrolmentStatus, Trainee
from coursehub.exporting.attendance_register import RegisterRow, RegisterSheet, write_register
from coursehub.i18n import _
from coursehub.importing.attendance_register import FilledRegister, read_register
from coursehub.importing.problems import CellProblem
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import DatedSession, expand, held_days, register_days
from coursehub.services.audit import AuditTrail
from coursehub.services.auth import Policy
from coursehub.services.ports import Store, UnitOfWork

Clock = Callable[[], datetime]

ATTENDANCE_RECORD = "attendance.record"
ATTENDANCE_THRESHOLD = "attendance.threshold"
ATTENDANCE_SETTINGS = "attendance.settings"
ATTENDANCE_EXPORT = "attendance.export"

# People whose marks can be recorded: those who hold or held a seat in the course.
_MARKABLE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED, EnrolmentStatus.WITHDRAWN)


@dataclass(frozen=True, slots=True)
class GridRow:
    trainee_id: int
    pseudonym: str
    label: str  # the name where the roster rules allow it, else the pseudonym
    status: EnrolmentStatus
    marks: dict[date, Mark]
    notes: dict[date, str]
    rate: AttendanceRate
    absences_in_a_row: int
    at_risk: bool


@dataclass(frozen=True, slots=True)
class AttendanceGrid:
    """A course's register as the actor may see it: the register's columns (holidays
    included, marked), the held dates, a row per visible person."""

    course: Course
    sessions: tuple[DatedSession, ...]
    rows: tuple[GridRow, ...]
    threshold: int
    dropout_sessions: int
    today: date
    hidden: int = 0  # people on the course whose marks the actor may not see

    @property
    def held(self) -> list[date]:
        return [s.day for s in self.sessions if s.is_held]

    def as_dict(self) -> dict[str, Any]:
        return {
            "course": _course_key(self.course),
            "threshold_percent": self.threshold,
            "dropout_sessions": self.dropout_sessions,
            "sessions": [
                {"date": s.day.isoformat(), "held": s.is_held, "holiday": s.holiday} for s in self.sessions
            ],
            "trainees": [
                {
                    "pseudonym": row.pseudonym,
                    "status": row.status.value,
                    "marks": {d.isoformat(): m.value for d, m in sorted(row.marks.items())},
                    "notes": {d.isoformat(): n for d, n in sorted(row.notes.items()) if n},
                    "present": row.rate.present,
                    "absent": row.rate.absent,
                    "excused": row.rate.excused,
                    "rate_percent": None if row.rate.percent is None else round(row.rate.percent, 1),
                    "absences_in_a_row": row.absences_in_a_row,
                    "at_risk": row.at_risk,
                }
                for row in self.rows
            ],
            "hidden": self.hidden,
        }


@dataclass(frozen=True, slots=True)
class MarkChange:
    """One cell of the register: the person's mark (None clears it) and note for a date."""

    trainee_id: int
    day: date
    mark: Mark | None
    note: str = ""


@dataclass(frozen=True, slots=True)
class AtRisk:
    course: Course
    pseudonym: str
    trainee_id: int
    absences_in_a_row: int
    last_absence: date | None
    rate: AttendanceRate

    def as_dict(self) -> dict[str, Any]:
        return {
            "course": _course_key(self.course),
            "pseudonym": self.pseudonym,
            "absences_in_a_row": self.absences_in_a_row,
            "last_absence": self.last_absence.isoformat() if self.last_absence else None,
            "rate_percent": None if self.rate.percent is None else round(self.rate.percent, 1),
        }


@dataclass(frozen=True, slots=True)
class CompletionCheck:
    """What `enrol complete` found: whether the course has marks, and the person's rate."""

    recorded: bool
    rate: AttendanceRate
    threshold: int
    problems: list[str] = field(default_factory=list)

    @property
    def passes(self) -> bool:
        return not self.recorded or self.rate.meets(self.threshold)


@dataclass(frozen=True, slots=True)
class RegisterImport:
    """What `attend import` did: nothing at all while any problem is left."""

    file: str
    course: Course | None
    problems: tuple[CellProblem, ...]
    marks: int = 0
    changed: int = 0

    @property
    def written(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "course": None
            if self.course is None
            else {"provider": self.course.provider, "code": self.course.code},
            "written": self.written,
            "marks": self.marks,
            "changed": self.changed,
            "problems": [p.as_dict() for p in self.problems],
        }


class AttendanceService:
    def __init__(self, store: Store, trail: AuditTrail, clock: Clock = datetime.now) -> None:
        self.store = store
        self.trail = trail
        self.clock = clock

    # Reading ----------------------------------------------------------------------------
    def grid(self, actor: Actor, course_id: int) -> AttendanceGrid:
        Policy.require_trainee_access(actor)
        with self.store.read() as uow:
            return self._grid(uow, actor, uow.courses.get(course_id))

    def at_risk(self, actor: Actor) -> list[AtRisk]:
        """People enrolled in a running or ended course whose last marked sessions are N
        absences in a row, among those the actor may see, longest run first."""
        Policy.require_trainee_access(actor)
        with self.store.read() as uow:
            dropout = dropout_sessions(uow)
            enrolments = [
                e for e in self._visible_enrolments(uow, actor) if e.status is EnrolmentStatus.ENROLLED
            ]
            marks: dict[tuple[int, int], dict[date, Mark]] = {}
            for trainee_id, course_id, day, mark in uow.attendance.marks_of(
                sorted({e.trainee_id for e in enrolments})
            ):
                marks.setdefault((trainee_id, course_id), {})[day] = mark
            calendar = HolidayCalendar(uow.holidays.list())
            courses: dict[int, tuple[Course, list[date]]] = {}  # each course's dates, worked out once
            found = []
            for enrolment in enrolments:
                own = marks.get((enrolment.trainee_id, enrolment.course_id))
                if not own:
                    continue
                if enrolment.course_id not in courses:
                    known = uow.courses.get(enrolment.course_id)
                    courses[enrolment.course_id] = (known, held_days(known, calendar))
                course, held = courses[enrolment.course_id]
                run = absences_in_a_row(own, held)
                if run >= dropout:
                    absences = [d for d in held if own.get(d) is Mark.ABSENT]
                    found.append(
                        AtRisk(
                            course,
                            enrolment.pseudonym,
                            enrolment.trainee_id,
                            run,
                            max(absences) if absences else None,
                            attendance_rate(own, held),
                        )
                    )
            return sorted(found, key=lambda a: (-a.absences_in_a_row, a.course.title, a.pseudonym))

    def settings(self) -> tuple[int, int]:
        """(default threshold percent, absences in a row that put someone at risk)."""
        with self.store.read() as uow:
            return default_threshold(uow), dropout_sessions(uow)

    def threshold(self, course_id: int) -> int:
        with self.store.read() as uow:
            return course_threshold(uow, course_id)

    # Changing ---------------------------------------------------------------------------
    def record(self, actor: Actor, course_id: int, changes: Sequence[MarkChange]) -> int:
        """Save the marks, all or nothing; returns how many changed. Every date must be a held
        session of the course, not in the future; every person enrolled and visible."""
        Policy.require_trainee_access(actor)
        with self.store.write() as uow:
            course = uow.courses.get(course_id)
            held = set(held_days(course, HolidayCalendar(uow.holidays.list())))
            people = self._markable_people(uow, actor, course)
            problems = self._check_changes(course, changes, held, people)
            if problems:
                raise ValidationError(problems)
            changed = 0
            for change in changes:
                if self._save_change(uow, actor, course, people[change.trainee_id], change):
                    changed += 1
            return changed

    def set_threshold(self, actor: Actor, course_id: int, percent: int | None) -> None:
        """A course's own threshold (None: back to the default); staff, or the coordinator
        of the course's provider."""
        if percent is not None and not valid_threshold(percent):
            raise ValidationError(
                [Problem(_("threshold"), str(percent), _("Give a percentage from 0 to 100."))]
            )
        with self.store.write() as uow:
            course = uow.courses.get(course_id)
            Policy.require_edit_courses_of(actor, course.provider)
            before = uow.attendance.threshold(course_id)
            uow.attendance.set_threshold(course_id, percent)
            self.trail.record(
                uow,
                actor,
                ATTENDANCE_THRESHOLD,
                "course",
                course_id,
                before={"threshold_percent": before},
                after={"course": list(course.key), "threshold_percent": percent},
            )

    def change_settings(
        self, actor: Actor, *, default_threshold: int | None = None, dropout: int | None = None
    ) -> None:
        """The default threshold and the dropout rule: administrators only."""
        Policy.require_administrator(actor)
        if default_threshold is not None and not valid_threshold(default_threshold):
            raise ValidationError(
                [Problem(_("threshold"), str(default_threshold), _("Give a percentage from 0 to 100."))]
            )
        if dropout is not None and not valid_dropout_sessions(dropout):
            raise ValidationError(
                [Problem(_("sessions"), str(dropout), _("Give a number of sessions from 1 to 100."))]
            )
        with self.store.write() as uow:
            after: dict[str, object] = {}
            if default_threshold is not None:
                uow.settings.set(THRESHOLD_SETTING, str(default_threshold))
                after[THRESHOLD_SETTING] = default_threshold
            if dropout is not None:
                uow.settings.set(DROPOUT_SETTING, str(dropout))
                after[DROPOUT_SETTING] = dropout
            self.trail.record(uow, actor, ATTENDANCE_SETTINGS, "setting", None, after=after)

    def record_export(self, actor: Actor, course: Course, pseudonyms: list[str]) -> None:
        """Audit a register written to a file for a trainer (it names people)."""
        with self.store.write() as uow:
            self.trail.record(
                uow,
                actor,
                ATTENDANCE_EXPORT,
                "course",
                course.id,
                after={"course": list(course.key), "pseudonyms": pseudonyms},
            )

    # The register as a spreadsheet -----------------------------------------------------------
    def export_register(self, actor: Actor, course_id: int, target: Path, *, with_names: bool = False) -> int:
        """Write the course's register as XLSX for a trainer (marks so far filled in); names
        as on the printed register (protected groups by pseudonym unless with_names and
        allowed). Audited, since the file names people. Returns the number of rows."""
        grid = self.grid(actor, course_id)
        course = grid.course
        rows = []
        for row in grid.rows:
            label = row.label
            if with_names and row.label == row.pseudonym:
                label = self._name_if_allowed(actor, row.trainee_id) or row.pseudonym
            cells = {
                d: m.letter + (f": {row.notes[d]}" if row.notes.get(d) else "") for d, m in row.marks.items()
            }
            rows.append(RegisterRow(row.pseudonym, label, cells))
        holidays = "; ".join(f"{s.day:%d.%m.%Y} {s.holiday}" for s in grid.sessions if not s.is_held)
        sheet = RegisterSheet(
            title=_("Attendance register"),
            course_label=_("Course"),
            course_key=f"{course.provider}/{course.code}",
            course_title=course.title,
            legend_label=_("Marks"),
            legend=_(
                "P present, A absent, E excused (M and J are read too); «E: note» keeps a note; "
                "leave a cell empty when you do not know."
            ),
            holidays=_("No session on public holidays") + (": " + holidays if holidays else ": –"),
            headings=(_("No."), _("Pseudonym"), _("Trainee")),
            dates=grid.held,
            rows=rows,
            written_at=self.clock(),
        )
        write_register(sheet, target)
        self.record_export(actor, course, [r.pseudonym for r in grid.rows])
        return len(rows)

    def import_register(self, actor: Actor, path: Path | str) -> RegisterImport:
        """Read a filled register and save its marks, all or nothing: every problem is named
        by row, column and value, and then nothing is written."""
        Policy.require_trainee_access(actor)
        register = read_register(path)
        shown = str(path)
        problems = list(register.problems)
        if not register.course_key:
            return RegisterImport(shown, None, tuple(problems))
        provider, _slash, code = register.course_key.rpartition("/")
        with self.store.read() as uow:
            course = uow.courses.find(provider.strip(), code.strip()) if provider else None
            if course is None:
                problems.append(
                    CellProblem(
                        register.course_row,
                        "B",
                        register.course_key,
                        _("No course with this PROVIDER/CODE in the catalogue."),
                    )
                )
                return RegisterImport(shown, None, tuple(problems))
            held = set(held_days(course, HolidayCalendar(uow.holidays.list())))
            people = {t.pseudonym: tid for tid, (t, _e) in self._markable_people(uow, actor, course).items()}
        problems += self._register_problems(register, course, held, people)
        if problems:
            return RegisterImport(shown, course, tuple(problems))
        changes = [MarkChange(people[c.pseudonym], c.day, c.mark, c.note) for c in register.cells]
        changed = self.record(actor, int(course.id or 0), changes)
        return RegisterImport(shown, course, (), len(changes), changed)

    def _register_problems(
        self, register: FilledRegister, course: Course, held: set[date], people: dict[str, int]
    ) -> list[CellProblem]:
        problems = []
        today = self.clock().date()
        for day, heading in register.dates.items():
            if day not in held:
                problems.append(CellProblem(register.date_rows, heading, heading, not_a_session(course)))
        for pseudonym, row in register.pseudonym_rows.items():
            if pseudonym not in people:
                problems.append(
                    CellProblem(
                        row,
                        _("Pseudonym"),
                        pseudonym,
                        _("Not enrolled in {course} among the people you may see.").format(
                            course=course.title
                        ),
                    )
                )
        for cell in register.cells:
            if cell.day in held and cell.day > today:
                problems.append(
                    CellProblem(cell.row, cell.column, cell.value, _("This session has not happened yet."))
                )
        return sorted(problems, key=lambda p: p.row)

    def _name_if_allowed(self, actor: Actor, trainee_id: int) -> str:
        with self.store.read() as uow:
            trainee = uow.trainees.get(trainee_id)
        return trainee.name if Policy.may_read_trainee(actor, trainee) and not trainee.is_anonymised else ""

    # Inside a transaction ---------------------------------------------------------------
    def _grid(self, uow: UnitOfWork, actor: Actor, course: Course) -> AttendanceGrid:
        calendar = HolidayCalendar(uow.holidays.list())
        sessions = tuple(register_days(expand(course, calendar)))
        held = [s.day for s in sessions if s.is_held]
        people = self._markable_people(uow, actor, course)
        stored = uow.attendance.for_course(int(course.id or 0))
        marks = _marks_by_person_and_course(stored)
        notes = {(m.trainee_id, m.day): m.note for m in stored}
        dropout = dropout_sessions(uow)
        rows = []
        for trainee_id, (trainee, enrolment) in people.items():
            own = marks.get((trainee_id, int(course.id or 0)), {})
            run = absences_in_a_row(own, held)
            rows.append(
                GridRow(
                    trainee_id=trainee_id,
                    pseudonym=trainee.pseudonym,
                    label=trainee.pseudonym if trainee.is_protected or not trainee.name else trainee.name,
                    status=enrolment.status,
                    marks=dict(own),
                    notes={d: n for (t, d), n in notes.items() if t == trainee_id and n},
                    rate=attendance_rate(own, held),
                    absences_in_a_row=run,
                    at_risk=enrolment.status is EnrolmentStatus.ENROLLED and run >= dropout,
                )
            )
        total = sum(1 for e in uow.enrolments.for_course(int(course.id or 0)) if e.status in _MARKABLE)
        return AttendanceGrid(
            course,
            sessions,
            tuple(sorted(rows, key=lambda r: r.pseudonym)),
            course_threshold(uow, int(course.id or 0)),
            dropout,
            self.clock().date(),
            hidden=max(0, total - len(rows)),
        )

    @staticmethod
    def _markable_people(
        uow: UnitOfWork, actor: Actor, course: Course
    ) -> dict[int, tuple[Trainee, Enrolment]]:
        """The course's people whose marks the actor may see and record, by trainee id."""
        people: dict[int, tuple[Trainee, Enrolment]] = {}
        for enrolment in uow.enrolments.for_course(int(course.id or 0)):
            if enrolment.status not in _MARKABLE or enrolment.trainee_id is None:
                continue
            trainee = uow.trainees.get(enrolment.trainee_id)
            if Policy.may_read_trainee(actor, trainee) and not trainee.is_anonymised:
                people[enrolment.trainee_id] = (trainee, enrolment)
        return people

    @staticmethod
    def _visible_enrolments(uow: UnitOfWork, actor: Actor) -> list[Enrolment]:
        if Policy.is_staff(actor):
            return uow.enrolments.all()
        return uow.enrolments.for_organisation(actor.organisation or "")

    def _check_changes(
        self,
        course: Course,
        changes: Iterable[MarkChange],
        held: set[date],
        people: dict[int, tuple[Trainee, Enrolment]],
    ) -> list[Problem]:
        problems: list[Problem] = []
        today = self.clock().date()
        for change in changes:
            shown = f"{change.day:%d.%m.%Y}"
            if change.day not in held:
                problems.append(Problem(_("date"), shown, not_a_session(course)))
            elif change.day > today:
                problems.append(Problem(_("date"), shown, _("This session has not happened yet.")))
            if change.trainee_id not in people:
                problems.append(
                    Problem(
                        _("trainee"),
                        str(change.trainee_id),
                        _("Not enrolled in {course} among the people you may see.").format(
                            course=course.title
                        ),
                    )
                )
            if len(change.note) > NOTE_LIMIT:
                problems.append(
                    Problem(
                        _("note"),
                        change.note[:40],
                        _("A note has at most {n} characters.").format(n=NOTE_LIMIT),
                    )
                )
        return problems

    def _save_change(
        self,
        uow: UnitOfWork,
        actor: Actor,
        course: Course,
        person: tuple[Trainee, Enrolment],
        change: MarkChange,
    ) -> bool:
        trainee, enrolment = person
        course_id = int(course.id or 0)
        before = uow.attendance.find(change.trainee_id, course_id, change.day)
        note = change.note.strip()
        if change.mark is None:
            if before is None:
                return False
            uow.attendance.delete(change.trainee_id, course_id, change.day)
        else:
            if before is not None and before.mark is change.mark and before.note == note:
                return False
            uow.attendance.save(
                AttendanceMark(
                    change.trainee_id,
                    course_id,
                    change.day,
                    change.mark,
                    note,
                    recorded_by=actor.username,
                    recorded_at=self.clock(),
                )
            )
        self.trail.record(
            uow,
            actor,
            ATTENDANCE_RECORD,
            "enrolment",
            enrolment.id,
            before=_mark_values(course, change.day, before.mark, before.note) if before else None,
            after=_mark_values(course, change.day, change.mark, note) if change.mark else None,
            subject_id=trainee.id,
        )
        return True


# Shared with the enrolment service (enrol complete) ---------------------------------------
def completion_check(uow: UnitOfWork, trainee_id: int, course: Course) -> CompletionCheck:
    """The person's rate against the course's threshold, where the course has marks."""
    course_id = int(course.id or 0)
    threshold = course_threshold(uow, course_id)
    if not uow.attendance.recorded_anywhere(course_id):
        return CompletionCheck(False, AttendanceRate(0, 0, 0), threshold)
    held = held_days(course, HolidayCalendar(uow.holidays.list()))
    own = {m.day: m.mark for m in uow.attendance.for_course(course_id) if m.trainee_id == trainee_id}
    return CompletionCheck(True, attendance_rate(own, held), threshold)


def course_threshold(uow: UnitOfWork, course_id: int) -> int:
    own = uow.attendance.threshold(course_id)
    return own if own is not None else default_threshold(uow)


def default_threshold(uow: UnitOfWork) -> int:
    return _setting(uow, THRESHOLD_SETTING, DEFAULT_THRESHOLD_PERCENT, valid_threshold)


def dropout_sessions(uow: UnitOfWork) -> int:
    return _setting(uow, DROPOUT_SETTING, DEFAULT_DROPOUT_SESSIONS, valid_dropout_sessions)


def not_a_session(course: Course) -> str:
    return _("{course} has no session on this date (holidays and days off have none).").format(
        course=course.title
    )


def _setting(uow: UnitOfWork, key: str, default: int, valid: Callable[[int], bool]) -> int:
    text = uow.settings.get(key)
    try:
        value = int(text) if text is not None else default
    except ValueError:
        return default
    return value if valid(value) else default


def _marks_by_person_and_course(marks: Iterable[AttendanceMark]) -> dict[tuple[int, int], dict[date, Mark]]:
    found: dict[tuple[int, int], dict[date, Mark]] = {}
    for mark in marks:
        found.setdefault((mark.trainee_id, mark.course_id), {})[mark.day] = mark.mark
    return found


def _mark_values(course: Course, day: date, mark: Mark, note: str) -> dict[str, object]:
    return {"course": list(course.key), "date": day.isoformat(), "mark": mark.value, "note": note}


def _course_key(course: Course) -> dict[str, str]:
    """How the JSON output names a course: the key a user types, plus its title."""
    return {"provider": course.provider, "code": course.code, "title": course.title}
