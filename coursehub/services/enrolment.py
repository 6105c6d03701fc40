"""Enrolment: apply, enrol, waiting lists, withdraw, complete, waiting for a trade.

Every rule is checked here, inside the write transaction (BEGIN IMMEDIATE), so the GUI, the
command line, the importers and the exchange files all go through the same checks and two
copies of CourseHub cannot both take the last seat:
- consent must be recorded before a person is enrolled or put on a waiting list;
- cancelled and ended courses take nobody;
- eligibility (analysis.eligibility.refusals) and session clashes with the person's other
  courses (analysis.overlaps.clash_dates) refuse, unless Employment Office staff override
  with a written reason, which is kept and audited;
- seats: enrolled and completed people hold one; a full course refuses or, if asked, puts
  the person on its waiting list.

A seat that comes free is offered at once: to the first person on the course's waiting list
who still fits, otherwise to the first person waiting for that trade in that municipality.
"Offered" means the seat is held for them (they are enrolled) and the result names them, so
the coordinator can call; a person who declines is withdrawn, which offers the seat onward.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from coursehub.analysis.eligibility import EligibilityResult, refusals, search
from coursehub.analysis.overlaps import clash_dates
from coursehub.domain.attendance import EnrolmentOutcome, NonCompletion
from coursehub.domain.attendance import Outcome as CourseOutcome
from coursehub.domain.collation import albanian_key
from coursehub.domain.errors import ConflictError, CourseHubError, NotFound, PermissionDenied
from coursehub.domain.model import Course
from coursehub.domain.people import Actor, Roster, RosterEntry
from coursehub.domain.trainees import Enrolment, EnrolmentStatus, TradeWait, Trainee
from coursehub.i18n import _
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.services.attendance import CompletionCheck, completion_check
from coursehub.services.audit import Action, AuditedService
from coursehub.services.auth import Policy
from coursehub.services.ports import UnitOfWork


class EnrolmentRefused(CourseHubError):
    """A check refused the enrolment; `reasons` lists each one in plain words."""

    def __init__(self, message: str, reasons: list[str], overridable: bool) -> None:
        super().__init__(message)
        self.reasons = reasons
        self.overridable = overridable


class CourseFull(ConflictError):
    pass


class BelowThreshold(ConflictError):
    """enrol complete below the course's attendance threshold without a reason (exit 1)."""


@dataclass(frozen=True, slots=True)
class Offer:
    """A freed seat given to someone waiting. pseudonym is empty when the actor may not see it."""

    course_key: tuple[str, str]
    pseudonym: str
    from_trade_wait: bool


@dataclass(frozen=True, slots=True)
class Outcome:
    enrolment: Enrolment
    offers: tuple[Offer, ...] = ()


@dataclass(frozen=True, slots=True)
class TradeWaitOutcome:
    wait: TradeWait
    offer: Offer | None = None


class EnrolmentService(AuditedService):
    # Changing enrolments ----------------------------------------------------------------
    def apply(self, actor: Actor, trainee_id: int, course_id: int) -> Enrolment:
        """Record interest in a course: no seat, no checks beyond access and a live course."""
        with self.store.write() as uow:
            trainee, course = self._load(uow, actor, trainee_id, course_id)
            self._require_open_course(course)
            existing = uow.enrolments.find(trainee_id, course_id)
            if existing is not None and existing.status is not EnrolmentStatus.WITHDRAWN:
                raise ConflictError(
                    _("{code} already has an enrolment in {course} ({status}).").format(
                        code=trainee.pseudonym, course=course.title, status=existing.status.label
                    )
                )
            enrolment = Enrolment(trainee_id, course_id, EnrolmentStatus.APPLIED)
            return self._save(uow, actor, existing, enrolment)

    def enrol(
        self,
        actor: Actor,
        trainee_id: int,
        course_id: int,
        override_reason: str = "",
        *,
        wait_if_full: bool = False,
    ) -> Outcome:
        """Enrol the person, or put them on the waiting list when full and wait_if_full."""
        with self.store.write() as uow:
            trainee, course = self._load(uow, actor, trainee_id, course_id)
            existing = uow.enrolments.find(trainee_id, course_id)
            if existing is not None and existing.status.holds_seat:
                raise ConflictError(
                    _("{code} is already {status} in {course}.").format(
                        code=trainee.pseudonym, status=existing.status.label, course=course.title
                    )
                )
            _require_consent(trainee)
            self._require_open_course(course)
            overridden = self._admission_checks(uow, actor, trainee, course, override_reason)
            status = self._status_for_seat(uow, course, wait_if_full, trainee)
            if (
                existing is not None
                and existing.status is EnrolmentStatus.WAITING
                and status is EnrolmentStatus.WAITING
            ):
                raise ConflictError(
                    _("{code} is already on the waiting list of {course}.").format(
                        code=trainee.pseudonym, course=course.title
                    )
                )
            enrolment = Enrolment(
                trainee_id,
                course_id,
                status,
                waiting_since=self.clock() if status is EnrolmentStatus.WAITING else None,
                override_reason=override_reason.strip() if overridden else "",
            )
            saved = self._save(uow, actor, existing, enrolment)
            if overridden:
                self.trail.record(
                    uow,
                    actor,
                    Action.ENROLMENT_OVERRIDE,
                    "enrolment",
                    saved.id,
                    after={
                        "overridden": overridden,
                        "reason": override_reason.strip(),
                        "course": list(course.key),
                    },
                    subject_id=trainee_id,
                )
            return Outcome(saved)

    def withdraw(self, actor: Actor, trainee_id: int, course_id: int) -> Outcome:
        """Withdraw the person; a seat they held is offered to whoever waits first."""
        with self.store.write() as uow:
            trainee, course = self._load(uow, actor, trainee_id, course_id)
            existing = self._existing(uow, trainee, course)
            if existing.status in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.COMPLETED):
                raise ConflictError(
                    _("{code} is {status} in {course}; there is nothing to withdraw.").format(
                        code=trainee.pseudonym, status=existing.status.label, course=course.title
                    )
                )
            saved = self._save(
                uow, actor, existing, replace(existing, status=EnrolmentStatus.WITHDRAWN, waiting_since=None)
            )
            offers = self._fill_free_seats(uow, actor, course) if existing.status.holds_seat else []
            return Outcome(saved, tuple(offers))

    def complete(
        self, actor: Actor, trainee_id: int, course_id: int, *, override_reason: str = ""
    ) -> Enrolment:
        """Mark the course completed. Where the course has attendance marks, the person's rate
        must reach the course's threshold, unless staff give a written reason (audited)."""
        with self.store.write() as uow:
            trainee, course = self._load(uow, actor, trainee_id, course_id)
            existing = self._ending(uow, trainee, course)
            check = completion_check(uow, trainee_id, course)
            reason = override_reason.strip()
            if not check.passes:
                if not reason:
                    raise BelowThreshold(_below_threshold_message(trainee, course, check))
                Policy.require_override(actor)
            saved = self._save(uow, actor, existing, replace(existing, status=EnrolmentStatus.COMPLETED))
            kept_reason = reason if not check.passes else ""
            uow.attendance.set_outcome(
                int(saved.id or 0),
                EnrolmentOutcome(self.clock().date(), CourseOutcome.COMPLETED, None, kept_reason),
            )
            if kept_reason:
                self.trail.record(
                    uow,
                    actor,
                    Action.COMPLETION_OVERRIDE,
                    "enrolment",
                    saved.id,
                    after={
                        "course": list(course.key),
                        "rate_percent": check.rate.percent,
                        "threshold_percent": check.threshold,
                        "reason": kept_reason,
                    },
                    subject_id=trainee_id,
                )
            return saved

    def end_without_completing(
        self, actor: Actor, trainee_id: int, course_id: int, why: NonCompletion
    ) -> Outcome:
        """The person did not complete (dropped out, moved, found work, other): the enrolment
        is withdrawn with that outcome, and a seat in a running course is offered on."""
        with self.store.write() as uow:
            trainee, course = self._load(uow, actor, trainee_id, course_id)
            existing = self._ending(uow, trainee, course)
            saved = self._save(
                uow, actor, existing, replace(existing, status=EnrolmentStatus.WITHDRAWN, waiting_since=None)
            )
            uow.attendance.set_outcome(
                int(saved.id or 0), EnrolmentOutcome(self.clock().date(), CourseOutcome.DID_NOT_COMPLETE, why)
            )
            self.trail.record(
                uow,
                actor,
                Action.ENROLMENT_OUTCOME,
                "enrolment",
                saved.id,
                after={
                    "course": list(course.key),
                    "outcome": CourseOutcome.DID_NOT_COMPLETE.value,
                    "why": why.value,
                },
                subject_id=trainee_id,
            )
            return Outcome(saved, tuple(self._fill_free_seats(uow, actor, course)))

    def outcome_of(self, actor: Actor, trainee_id: int, course_id: int) -> EnrolmentOutcome:
        """How the person's enrolment in the course ended (empty while it has not)."""
        with self.store.read() as uow:
            trainee, course = self._load(uow, actor, trainee_id, course_id)
            return uow.attendance.outcome(int(self._existing(uow, trainee, course).id or 0))

    def _ending(self, uow: UnitOfWork, trainee: Trainee, course: Course) -> Enrolment:
        """The enrolment of someone whose course is ending: enrolled, course started."""
        existing = self._existing(uow, trainee, course)
        if existing.status is not EnrolmentStatus.ENROLLED:
            raise ConflictError(
                _("Only an enrolled person can complete a course; {code} is {status}.").format(
                    code=trainee.pseudonym, status=existing.status.label
                )
            )
        if self.clock().date() < course.start:
            raise ConflictError(
                _("The course {course} has not started yet ({start}).").format(
                    course=course.title, start=f"{course.start:%d.%m.%Y}"
                )
            )
        return existing

    def wait_for_trade(
        self, actor: Actor, trainee_id: int, occupation: str, municipality: str
    ) -> TradeWaitOutcome:
        """Wait for any provider's course of a trade in a place; a free seat now is taken now."""
        occupation, place = self._trade_and_place(occupation, municipality)
        with self.store.write() as uow:
            trainee = self._trainee(uow, actor, trainee_id)
            _require_consent(trainee)
            wait = uow.trade_waits.add(TradeWait(trainee_id, occupation, place, self.clock()))
            self.trail.record(
                uow,
                actor,
                Action.TRADE_WAIT,
                "trade_wait",
                wait.id,
                after={"occupation": occupation, "municipality": place},
                subject_id=trainee_id,
            )
            offer = None
            for course in self._courses_with_free_seats(uow, occupation, place):
                offers = self._offer_trade_waits(uow, actor, course, [wait], 1)
                if offers:
                    offer = offers[0]
                    break
            return TradeWaitOutcome(_refresh_wait(uow, wait), offer)

    def offer_free_seats(self, actor: Actor) -> list[Offer]:
        """Offer every free seat of every open course to those waiting (e.g. after new courses)."""
        if not Policy.is_staff(actor):
            raise PermissionDenied(_("Only Employment Office staff can hand out free seats."))
        with self.store.write() as uow:
            offers: list[Offer] = []
            for course in uow.courses.list():
                offers += self._fill_free_seats(uow, actor, course)
            return offers

    # Reading --------------------------------------------------------------------------
    def enrolments_of(self, actor: Actor, trainee_id: int) -> list[Enrolment]:
        with self.store.read() as uow:
            self._trainee(uow, actor, trainee_id, reading=True)
            return uow.enrolments.for_trainee(trainee_id)

    def enrolments(self, actor: Actor, course_id: int | None = None) -> list[Enrolment]:
        """A course's enrolments, or every enrolment the actor may see."""
        Policy.require_trainee_access(actor)
        with self.store.read() as uow:
            if course_id is not None:
                course = uow.courses.get(course_id)
                rows = uow.enrolments.for_course(course_id)
                if Policy.may_see_course_trainees(actor, course):
                    return rows  # pseudonyms and statuses of the actor's own course
                return [e for e in rows if self._may_see(uow, actor, e.trainee_id)]
            if Policy.is_staff(actor):
                return uow.enrolments.all()
            return uow.enrolments.for_organisation(actor.organisation or "")

    def open_seats(self, course_id: int) -> int:
        """Seats still free: anyone may know this, it is catalogue information."""
        with self.store.read() as uow:
            course = uow.courses.get(course_id)
            return max(0, course.seats - uow.enrolments.seats_taken(course_id))

    def open_seats_by_course(self) -> dict[tuple[str, str], int]:
        """Free seats per course key (for eligibility in the analysis)."""
        with self.store.read() as uow:
            return _open_seats(uow.courses.list(), uow.enrolments.taken_seats())

    def eligible_courses(
        self, actor: Actor, trainee_id: int, trade: str | None = None, municipality: str | None = None
    ) -> EligibilityResult:
        """The courses the person can join today (open seats counted), the others with reasons,
        and the nearest alternatives when nothing of the trade fits."""
        with self.store.read() as uow:
            trainee = self._trainee(uow, actor, trainee_id)
            courses = uow.courses.list()
            seats = _open_seats(courses, uow.enrolments.taken_seats())
        place = self.reference.municipality(municipality) if municipality else None
        return search(
            courses,
            trainee.profile(),
            self.clock().date(),
            trade=trade,
            municipality=place or municipality,
            open_seats=seats,
        )

    def waiting_list(self, actor: Actor, course_id: int) -> list[Enrolment]:
        return [e for e in self.enrolments(actor, course_id) if e.status is EnrolmentStatus.WAITING]

    def trade_waits(self, actor: Actor, trainee_id: int) -> list[TradeWait]:
        with self.store.read() as uow:
            self._trainee(uow, actor, trainee_id, reading=True)
            return uow.trade_waits.for_trainee(trainee_id)

    def counts(self) -> list[tuple[int, str, int]]:
        """(course id, status, number of people): anonymous, they survive anonymisation."""
        with self.store.read() as uow:
            return uow.enrolments.counts()

    def roster(self, actor: Actor, course_id: int, with_names: bool = False) -> Roster:
        """The course list for printing, recorded in the audit log as a print.

        A person in a protected group (trafficking survivors, people at risk) is shown by
        pseudonym unless the actor may read their record and asks for names; a person the
        actor may not read at all is shown by pseudonym. An NGO coordinator gets no trainee
        rows for another provider's course, nor does anyone not logged in (the SYSTEM actor);
        a viewer gets no roster.
        """
        if not Policy.is_authenticated(actor):
            with self.store.read() as uow:
                return self._counts_only(uow, uow.courses.get(course_id))
        Policy.require_trainee_access(actor)
        with self.store.write() as uow:
            course = uow.courses.get(course_id)
            if not Policy.may_see_course_trainees(actor, course):
                return self._counts_only(uow, course)
            enrolled, waiting = [], []
            for position, enrolment in enumerate(uow.enrolments.waiting(course_id), start=1):
                waiting.append(self._roster_entry(uow, actor, enrolment, with_names, position))
            for enrolment in uow.enrolments.for_course(course_id):
                if enrolment.status.holds_seat:
                    enrolled.append(self._roster_entry(uow, actor, enrolment, with_names, 0))
            named = [e.pseudonym for e in (*enrolled, *waiting) if e.label != e.pseudonym]
            self.trail.record(
                uow,
                actor,
                Action.ROSTER_PRINT,
                "course",
                course_id,
                after={
                    "course": list(course.key),
                    "with_names": with_names,
                    "pseudonyms": [e.pseudonym for e in (*enrolled, *waiting)],
                    "named": named,
                },
            )
            return Roster(
                course, tuple(sorted(enrolled, key=lambda e: albanian_key(e.label))), tuple(waiting)
            )

    @staticmethod
    def _counts_only(uow: UnitOfWork, course: Course) -> Roster:
        """A roster without anyone on it, saying how many are enrolled and waiting."""
        assert course.id is not None
        seated = sum(1 for e in uow.enrolments.for_course(course.id) if e.status.holds_seat)
        waiting = len(uow.enrolments.waiting(course.id))
        return Roster(course, hidden_enrolled=seated, hidden_waiting=waiting)

    def active_enrolments(self) -> list[tuple[str, tuple[str, str]]]:
        """(pseudonym, course key) of everyone holding a seat in a live course: for finding
        trainee clashes. Pseudonyms only, so the analysis never sees a name."""
        with self.store.read() as uow:
            return uow.enrolments.active_pairs()

    # Inside a transaction -------------------------------------------------------------
    def release_trainee(self, uow: UnitOfWork, actor: Actor, trainee: Trainee) -> list[Offer]:
        """Withdraw the person from every course that has not ended and offer the seats on
        (used when a person is erased or anonymised on request)."""
        offers: list[Offer] = []
        today = self.clock().date()
        for enrolment in uow.enrolments.for_trainee(int(trainee.id or 0)):
            course = uow.courses.get(enrolment.course_id)
            if enrolment.status in (EnrolmentStatus.WITHDRAWN, EnrolmentStatus.COMPLETED) or course.has_ended(
                today
            ):
                continue
            self._save(
                uow,
                actor,
                enrolment,
                replace(enrolment, status=EnrolmentStatus.WITHDRAWN, waiting_since=None),
            )
            if enrolment.status.holds_seat:
                offers += self._fill_free_seats(uow, actor, course)
        return offers

    def _load(self, uow: UnitOfWork, actor: Actor, trainee_id: int, course_id: int) -> tuple[Trainee, Course]:
        return self._trainee(uow, actor, trainee_id), uow.courses.get(course_id)

    @staticmethod
    def _trainee(uow: UnitOfWork, actor: Actor, trainee_id: int, *, reading: bool = False) -> Trainee:
        Policy.require_trainee_access(actor)
        trainee = uow.trainees.get(trainee_id)
        Policy.require_read_trainee(actor, trainee)
        if trainee.is_anonymised and not reading:
            raise ConflictError(
                _("{code} was anonymised; there is nobody left to enrol.").format(code=trainee.pseudonym)
            )
        return trainee

    @staticmethod
    def _may_see(uow: UnitOfWork, actor: Actor, trainee_id: int) -> bool:
        return Policy.may_read_trainee(actor, uow.trainees.get(trainee_id))

    @staticmethod
    def _existing(uow: UnitOfWork, trainee: Trainee, course: Course) -> Enrolment:
        existing = uow.enrolments.find(int(trainee.id or 0), int(course.id or 0))
        if existing is None:
            raise NotFound(
                _("{code} has no enrolment in {course}.").format(code=trainee.pseudonym, course=course.title)
            )
        return existing

    def _require_open_course(self, course: Course) -> None:
        if not course.is_live:
            raise EnrolmentRefused(
                _("The course {course} is cancelled.").format(course=course.title),
                [_("the course is cancelled")],
                overridable=False,
            )
        if course.has_ended(self.clock().date()):
            raise EnrolmentRefused(
                _("The course {course} has ended.").format(course=course.title),
                [_("the course has ended")],
                overridable=False,
            )

    def _admission_checks(
        self, uow: UnitOfWork, actor: Actor, trainee: Trainee, course: Course, override_reason: str
    ) -> list[str]:
        """Eligibility and clashes; returns what a written reason overrode (or raises)."""
        problems = refusals(course, trainee.profile(), self.clock().date())
        problems += self._clashes(uow, trainee, course)
        if not problems:
            return []
        if not override_reason.strip():
            raise EnrolmentRefused(
                _(
                    "{code} cannot join {course}: {reasons}. Employment Office staff may enrol them "
                    "anyway with a written reason."
                ).format(code=trainee.pseudonym, course=course.title, reasons="; ".join(problems)),
                problems,
                overridable=True,
            )
        Policy.require_override(actor)
        return problems

    def _clashes(self, uow: UnitOfWork, trainee: Trainee, course: Course) -> list[str]:
        calendar = HolidayCalendar(uow.holidays.list())
        found = []
        for other in uow.enrolments.for_trainee(int(trainee.id or 0)):
            if other.course_id == course.id or other.status is not EnrolmentStatus.ENROLLED:
                continue
            other_course = uow.courses.get(other.course_id)
            days = clash_dates(course, other_course, calendar)
            if days:
                found.append(
                    _("sessions clash with {course} ({provider}) on {days}").format(
                        course=other_course.title, provider=other_course.provider, days=_days_text(days)
                    )
                )
        return found

    @staticmethod
    def _status_for_seat(
        uow: UnitOfWork, course: Course, wait_if_full: bool, trainee: Trainee
    ) -> EnrolmentStatus:
        if uow.enrolments.seats_taken(int(course.id or 0)) < course.seats:
            return EnrolmentStatus.ENROLLED
        if wait_if_full:
            return EnrolmentStatus.WAITING
        raise CourseFull(
            _(
                "The course {course} is full ({seats} seats). {code} can go on its waiting list instead."
            ).format(course=course.title, seats=course.seats, code=trainee.pseudonym)
        )

    def _save(
        self, uow: UnitOfWork, actor: Actor, existing: Enrolment | None, enrolment: Enrolment
    ) -> Enrolment:
        if existing is None:
            saved = uow.enrolments.add(enrolment)
        else:
            saved = uow.enrolments.update(replace(enrolment, id=existing.id, version=existing.version))
        uow.trainees.refresh_last_course_date(saved.trainee_id)
        self.trail.record(
            uow,
            actor,
            Action.ENROLMENT_CHANGE,
            "enrolment",
            saved.id,
            before=_enrolment_values(existing) if existing else None,
            after=_enrolment_values(saved),
            subject_id=saved.trainee_id,
        )
        return saved

    # Free seats -----------------------------------------------------------------------
    def seats_added(self, uow: UnitOfWork, actor: Actor, course: Course) -> list[Offer]:
        """A course's seats were raised (in the caller's transaction, by whoever may edit
        the course): the new seats go to the waiting list, then trade waits, as freed ones do."""
        return self._fill_free_seats(uow, actor, course)

    def _fill_free_seats(self, uow: UnitOfWork, actor: Actor, course: Course) -> list[Offer]:
        """Free seats go to the first people on the waiting list, then to trade waits."""
        if not course.is_live or course.has_ended(self.clock().date()):
            return []
        course_id = int(course.id or 0)
        visible = [e for e in uow.enrolments.waiting(course_id) if e.trainee_id is not None]
        moved = uow.enrolments.fill_free_seats(course_id)
        if moved is None:
            offers = self._promote_waiting(uow, actor, course)
        else:
            offers = self._offers_for_store_promotions(uow, actor, course, visible, moved)
        free = course.seats - uow.enrolments.seats_taken(course_id)
        if free > 0:
            offers += self._offer_trade_waits(uow, actor, course, uow.trade_waits.open(), free)
        return offers

    def _promote_waiting(self, uow: UnitOfWork, actor: Actor, course: Course) -> list[Offer]:
        """The program moves the first people waiting (who still fit) into the free seats."""
        free = course.seats - uow.enrolments.seats_taken(int(course.id or 0))
        offers: list[Offer] = []
        for waiting in uow.enrolments.waiting(int(course.id or 0)):
            if len(offers) >= free:
                return offers
            if waiting.trainee_id is None:  # a person the store hides; only its own promotion sees them
                continue
            trainee = uow.trainees.get(waiting.trainee_id)
            if not trainee.consent_given or trainee.is_anonymised:
                continue
            if self._clashes(uow, trainee, course) and not waiting.override_reason:
                continue
            self._save(
                uow, actor, waiting, replace(waiting, status=EnrolmentStatus.ENROLLED, waiting_since=None)
            )
            self.trail.record(
                uow,
                actor,
                Action.ENROLMENT_PROMOTE,
                "enrolment",
                waiting.id,
                after={"course": list(course.key), "from": "waiting_list"},
                subject_id=trainee.id,
            )
            offers.append(self._offer(actor, course, trainee, False))
        return offers

    def _offers_for_store_promotions(
        self, uow: UnitOfWork, actor: Actor, course: Course, visible: list[Enrolment], moved: int
    ) -> list[Offer]:
        """The store promoted `moved` people (and audited it): name those the actor could see
        waiting before (they left the list); the others are counted, unnamed, as offers."""
        still_waiting = {e.id for e in uow.enrolments.waiting(int(course.id or 0))}
        offers: list[Offer] = []
        for entry in visible:
            if entry.id in still_waiting or entry.trainee_id is None:
                continue
            uow.trainees.refresh_last_course_date(entry.trainee_id)
            offers.append(self._offer(actor, course, uow.trainees.get(entry.trainee_id), False))
        hidden = max(0, moved - len(offers))
        return offers + [Offer(course.key, "", False) for _hidden in range(hidden)]

    def _offer_trade_waits(
        self, uow: UnitOfWork, actor: Actor, course: Course, waits: list[TradeWait], free: int
    ) -> list[Offer]:
        offers: list[Offer] = []
        today = self.clock().date()
        for wait in waits:
            if len(offers) >= free:
                break
            if not wait.is_open or not wait.fits(course.occupation, course.municipality):
                continue
            trainee = uow.trainees.get(wait.trainee_id)
            existing = uow.enrolments.find(wait.trainee_id, int(course.id or 0))
            if existing is not None and existing.status is not EnrolmentStatus.APPLIED:
                continue
            if (
                not trainee.consent_given
                or trainee.is_anonymised
                or refusals(course, trainee.profile(), today)
                or self._clashes(uow, trainee, course)
            ):
                continue
            self._save(
                uow,
                actor,
                existing,
                Enrolment(wait.trainee_id, int(course.id or 0), EnrolmentStatus.ENROLLED),
            )
            uow.trade_waits.close(int(wait.id or 0), self.clock(), course.id)
            self.trail.record(
                uow,
                actor,
                Action.TRADE_OFFER,
                "trade_wait",
                wait.id,
                after={"course": list(course.key)},
                subject_id=trainee.id,
            )
            offers.append(self._offer(actor, course, trainee, True))
        return offers

    def _courses_with_free_seats(self, uow: UnitOfWork, occupation: str, place: str) -> list[Course]:
        today = self.clock().date()
        taken = uow.enrolments.taken_seats()
        return [
            c
            for c in uow.courses.list()
            if c.is_live
            and not c.has_ended(today)
            and c.municipality == place
            and c.occupation.startswith(occupation)
            and c.seats > taken.get(int(c.id or 0), 0)
        ]

    @staticmethod
    def _offer(actor: Actor, course: Course, trainee: Trainee, from_trade: bool) -> Offer:
        shown = trainee.pseudonym if Policy.may_read_trainee(actor, trainee) else ""
        return Offer(course.key, shown, from_trade)

    def _trade_and_place(self, occupation: str, municipality: str) -> tuple[str, str]:
        code = occupation.strip()
        if self.reference.occupation(code) is None:
            raise NotFound(_("No ISCO-08 occupation with code {code}.").format(code=code))
        place = self.reference.municipality(municipality)
        if place is None:
            raise NotFound(_("{name} is not one of Albania's municipalities.").format(name=municipality))
        return code, place

    def _roster_entry(
        self, uow: UnitOfWork, actor: Actor, enrolment: Enrolment, with_names: bool, position: int
    ) -> RosterEntry:
        if enrolment.trainee_id is None:  # the store shows this person by pseudonym only
            return RosterEntry(enrolment.pseudonym, enrolment.pseudonym, enrolment.status.value, position)
        trainee = uow.trainees.get(enrolment.trainee_id)
        readable = Policy.may_read_trainee(actor, trainee) and not trainee.is_anonymised
        named = readable and (with_names or not trainee.is_protected)
        return RosterEntry(
            label=trainee.name if named else trainee.pseudonym,
            pseudonym=trainee.pseudonym,
            status=enrolment.status.value,
            position=position,
        )


def _require_consent(trainee: Trainee) -> None:
    if not trainee.consent_given:
        raise PermissionDenied(
            _(
                "{code} has not given consent yet. Record their consent before enrolling them or "
                "putting them on a waiting list."
            ).format(code=trainee.pseudonym)
        )


def _below_threshold_message(trainee: Trainee, course: Course, check: CompletionCheck) -> str:
    rate = check.rate
    shown = "–" if rate.percent is None else f"{rate.percent:.0f}%"
    return _(
        "{code} attended {present} of {counted} sessions of {course} ({rate}; excused absences not "
        "counted), below the course's threshold of {threshold}%. Employment Office staff may complete "
        "the course anyway with a written reason (--reason)."
    ).format(
        code=trainee.pseudonym,
        present=rate.present,
        counted=rate.counted,
        course=course.title,
        rate=shown,
        threshold=check.threshold,
    )


def _refresh_wait(uow: UnitOfWork, wait: TradeWait) -> TradeWait:
    for current in uow.trade_waits.for_trainee(wait.trainee_id):
        if current.id == wait.id:
            return current
    return wait


def _days_text(days: list[Any]) -> str:
    shown = ", ".join(f"{d:%d.%m.%Y}" for d in days[:3])
    return shown + (_(" and {n} more days").format(n=len(days) - 3) if len(days) > 3 else "")


def _enrolment_values(enrolment: Enrolment) -> dict[str, object]:
    return {
        "course": list(enrolment.course_key),
        "status": enrolment.status.value,
        "waiting_since": enrolment.waiting_since,
        "override_reason": enrolment.override_reason,
    }


def _open_seats(courses: list[Course], taken: dict[int, int]) -> dict[tuple[str, str], int]:
    """Free seats per course key, never below zero (eligibility refuses at zero or less)."""
    return {c.key: max(0, c.seats - taken.get(int(c.id or 0), 0)) for c in courses}
