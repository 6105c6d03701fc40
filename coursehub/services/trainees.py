"""Trainees: register and edit with consent recorded, subject access export, erasure and
anonymisation on request, and automatic anonymisation after the retention period.

Who may see a person: administrators and Employment Office staff everyone; an NGO
coordinator only the people their own organisation registered; a viewer nobody.
Every change, export and anonymisation is written to the audit trail in the same
transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, replace
from datetime import date, datetime
from typing import Any

from coursehub.domain.attendance import EnrolmentOutcome
from coursehub.domain.errors import ConflictError, NotFound, PermissionDenied, Problem, ValidationError
from coursehub.domain.people import SYSTEM, Actor, Role
from coursehub.domain.reference import Reference
from coursehub.domain.same_person import LikelyMatch, likely_matches
from coursehub.domain.trainees import (
    Trainee,
    is_pseudonym,
    next_pseudonym,
    pseudonym_prefix,
    pseudonym_stem,
    trainee_problems,
)
from coursehub.domain.validation import record_id
from coursehub.i18n import _
from coursehub.services.audit import Action, AuditedService, AuditTrail
from coursehub.services.auth import Policy
from coursehub.services.enrolment import EnrolmentService, Offer
from coursehub.services.ports import Store, UnitOfWork
from coursehub.storage.erasure_ledger import ANONYMISED, DELETED, Erasure, ErasureLedger

Clock = Callable[[], datetime]
RETENTION_KEY = "people.retention_years"
DEFAULT_RETENTION_YEARS = 5
LONGEST_RETENTION_YEARS = 30
EXPORT_FORMAT = "coursehub-subject-access/1"
# Aliases: inside TraineeService, `list` names its method, not the built-in type.
Offers = list[Offer]
Records = list[dict[str, Any]]


class TraineeService(AuditedService):
    def __init__(
        self,
        store: Store,
        trail: AuditTrail,
        reference: Reference,
        enrolment: EnrolmentService,
        clock: Clock = datetime.now,
        ledger: ErasureLedger | None = None,
        after_erasure: Callable[[], object] | None = None,
    ) -> None:
        super().__init__(store, trail, reference, clock)
        self.enrolment = enrolment
        # Beside the database file: a restore cannot bring an erased person back.
        self.ledger = ledger
        # Then the copies beside the database are rewritten (services/backup.py).
        self.after_erasure = after_erasure

    # Registering and editing ------------------------------------------------------------
    def likely_duplicates(self, actor: Actor, trainee: Trainee) -> list[LikelyMatch]:
        """People the actor may see who are probably `trainee` already (domain/same_person.py).
        Only the actor's scope is searched: `list` reads what the role allows (and on a server
        row security limits the read again), so no one outside it is ever suggested."""
        visible = [p for p in self.list(actor) if Policy.may_read_trainee(actor, p)]
        return likely_matches(trainee, visible)

    def register(
        self, actor: Actor, trainee: Trainee, confirmed_different_from: Sequence[str] = ()
    ) -> Trainee:
        """Store a new person with a fresh pseudonym. An NGO coordinator registers for their
        own organisation; consent given now is stamped with the time.

        `confirmed_different_from`: pseudonyms of likely matches the user looked at and said
        are someone else; recorded in the audit log with the registration."""
        Policy.require_trainee_access(actor)
        trainee = self._checked(self._owned_by(actor, trainee))
        with self.store.write() as uow:
            trainee = replace(
                trainee,
                pseudonym=self._new_pseudonym(uow, trainee),
                id=None,
                registered_at=self.clock(),
                anonymised_at=None,
            )
            added = uow.trainees.add(trainee)
            self.trail.record(
                uow,
                actor,
                Action.TRAINEE_REGISTER,
                "trainee",
                added.id,
                after=trainee_values(added),
                subject_id=added.id,
            )
            if confirmed_different_from:
                self.trail.record(
                    uow,
                    actor,
                    Action.TRAINEE_NOT_DUPLICATE,
                    "trainee",
                    added.id,
                    after={"different_from": sorted(confirmed_different_from)},
                    subject_id=added.id,
                )
            return added

    def edit(self, actor: Actor, trainee: Trainee) -> Trainee:
        """Save changes made on a copy read earlier (ConflictError if someone saved since)."""
        Policy.require_trainee_access(actor)
        if trainee.id is None:
            raise NotFound(_("This trainee has not been registered yet."))
        with self.store.write() as uow:
            stored = uow.trainees.get(trainee.id)
            Policy.require_read_trainee(actor, stored)
            if stored.is_anonymised:
                raise ConflictError(
                    _("{code} was anonymised and cannot be changed.").format(code=stored.pseudonym)
                )
            if stored.version != trainee.version:
                raise ConflictError(
                    _(
                        "The record of {code} was changed by someone else since you opened it. "
                        "Open it again to see their change."
                    ).format(code=stored.pseudonym)
                )
            changed = self._checked(
                self._owned_by(actor, replace(trainee, pseudonym=stored.pseudonym, anonymised_at=None))
            )
            if actor.role is Role.NGO_COORDINATOR:
                changed = replace(changed, organisation=stored.organisation)
            saved = uow.trainees.update(changed)
            before, after = _difference(trainee_values(stored), trainee_values(saved))
            if after:
                self.trail.record(
                    uow,
                    actor,
                    Action.TRAINEE_EDIT,
                    "trainee",
                    saved.id,
                    before=before,
                    after=after,
                    subject_id=saved.id,
                )
            return saved

    def record_consent(self, actor: Actor, trainee_id: int, given: bool = True) -> Trainee:
        """Record that the person gave (or withdrew) consent, now."""
        trainee = self.get(actor, trainee_id)
        if given:
            return self.edit(actor, replace(trainee, consent_given=True, consent_at=self.clock()))
        return self.edit(actor, replace(trainee, consent_given=False, consent_at=None))

    # Reading -------------------------------------------------------------------------
    def get(self, actor: Actor, trainee_id: int) -> Trainee:
        Policy.require_trainee_access(actor)
        with self.store.read() as uow:
            trainee = uow.trainees.get(trainee_id)
        Policy.require_read_trainee(actor, trainee)
        return trainee

    def find(self, actor: Actor, reference: str) -> Trainee:
        """A person by pseudonym (DR-2027-0142) or record id."""
        Policy.require_trainee_access(actor)
        text = reference.strip()
        with self.store.read() as uow:
            if is_pseudonym(text):
                trainee = uow.trainees.find_by_pseudonym(text)
            elif (number := record_id(text)) is not None:
                trainee = _by_number(uow, number)
            else:
                trainee = None
        if not Policy.is_staff(actor) and (trainee is None or not Policy.may_read_trainee(actor, trainee)):
            # One answer whether the record is missing or another organisation's: walking
            # record numbers must not tell which exist, nor whose pseudonym they carry.
            raise PermissionDenied(
                _(
                    "No trainee {code} among the people you may see (a person registered by "
                    "another organisation is shown only to them and to the Employment Office)."
                ).format(code=text)
            )
        if trainee is None:
            raise NotFound(_("No trainee {code}. Give a pseudonym like DR-2027-0142.").format(code=text))
        return trainee

    def list(self, actor: Actor) -> list[Trainee]:
        """Everyone the actor may see (an NGO coordinator: their organisation's people)."""
        Policy.require_trainee_access(actor)
        with self.store.read() as uow:
            if Policy.is_staff(actor):
                return uow.trainees.list()
            return uow.trainees.list(organisation=actor.organisation, everyone=False)

    def export_list(self, actor: Actor) -> Records:
        """Everyone the actor may see, every field: a list export, recorded in the audit log."""
        found = self.list(actor)
        with self.store.write() as uow:
            self.trail.record(
                uow,
                actor,
                Action.TRAINEE_EXPORT,
                "trainee",
                None,
                after={"format": "list", "pseudonyms": [t.pseudonym for t in found]},
            )
        return [trainee_values(t) for t in found]

    # Subject access, erasure, retention ------------------------------------------------
    def export(
        self, actor: Actor, trainee_id: int, deliver: Callable[[dict[str, Any]], None] | None = None
    ) -> dict[str, Any]:
        """Everything held on one person, as JSON-ready data; the export itself is audited.

        `deliver` (e.g. writing the file) runs before the audit entry is committed, so an
        export that could not be delivered is not recorded as done."""
        Policy.require_trainee_access(actor)
        with self.store.write() as uow:
            trainee = uow.trainees.get(trainee_id)
            Policy.require_read_trainee(actor, trainee)
            self.trail.record(
                uow,
                actor,
                Action.TRAINEE_EXPORT,
                "trainee",
                trainee_id,
                after={"format": EXPORT_FORMAT},
                subject_id=trainee_id,
            )
            data = self._everything_about(uow, actor, trainee)
            if deliver is not None:
                deliver(data)
            return data

    def _everything_about(self, uow: UnitOfWork, actor: Actor, trainee: Trainee) -> dict[str, Any]:
        tid = int(trainee.id or 0)
        enrolments = []
        for enrolment in uow.enrolments.for_trainee(tid):
            course = uow.courses.get(enrolment.course_id)
            enrolments.append(
                {
                    "provider": course.provider,
                    "course_code": course.code,
                    "title": course.title,
                    "start": course.start.isoformat(),
                    "end": course.end.isoformat(),
                    "status": enrolment.status.value,
                    "waiting_since": _text(enrolment.waiting_since),
                    "override_reason": enrolment.override_reason,
                    **_outcome_values(uow.attendance.outcome(int(enrolment.id or 0))),
                    "attendance": [
                        {
                            "date": m.day.isoformat(),
                            "mark": m.mark.value,
                            "note": m.note,
                            "recorded_by": m.recorded_by,
                            "recorded_at": _text(m.recorded_at),
                        }
                        for m in uow.attendance.for_course(enrolment.course_id)
                        if m.trainee_id == tid
                    ],
                }
            )
        waits = [
            {
                "occupation": w.occupation,
                "municipality": w.municipality,
                "since": _text(w.since),
                "closed_at": _text(w.closed_at),
            }
            for w in uow.trade_waits.for_trainee(tid)
        ]
        certificates = [
            {
                "number": c.number,
                "provider": c.provider,
                "course_code": c.course_code,
                "issued_at": _text(c.issued_at),
                "duplicates": c.duplicates,
                "revoked_at": _text(c.revoked_at),
                "revoked_reason": c.revoked_reason,
            }
            for c in uow.certificates.for_trainee(tid)
        ]
        history = [
            {"at": _text(e.at), "by": e.actor, "action": e.action, "before": e.before, "after": e.after}
            for e in self.trail.entries(uow, subject_id=tid, limit=100000)
        ]
        return {
            "format": EXPORT_FORMAT,
            "exported_at": _text(self.clock()),
            "exported_by": actor.username,
            "person": trainee_values(trainee),
            "enrolments": enrolments,
            "trade_waits": waits,
            "certificates": certificates,
            "history": history,
        }

    def anonymise(self, actor: Actor, trainee_id: int) -> tuple[Trainee, Offers]:
        """On request: withdraw from courses still to come, keep only what anonymous counts
        need, and make the person's audit values unreadable."""
        with self.store.write() as uow:
            trainee = self._for_erasure(uow, actor, trainee_id)
            offers = self.enrolment.release_trainee(uow, actor, trainee)
            anonymous = self._anonymise_in(uow, actor, uow.trainees.get(trainee_id), "request")
        self._erased()
        return anonymous, offers

    def erase(self, actor: Actor, trainee_id: int) -> Offers:
        """On request, or for a record made by mistake: remove the person completely,
        enrolments included (their seats are offered on)."""
        with self.store.write() as uow:
            trainee = self._for_erasure(uow, actor, trainee_id)
            offers = self.enrolment.release_trainee(uow, actor, trainee)
            uow.trade_waits.delete_for_trainee(trainee_id)
            uow.trainees.delete(trainee_id)
            self.trail.forget_subject(uow, trainee_id)
            self._to_ledger(trainee.pseudonym, DELETED)
            self.trail.record(
                uow,
                actor,
                Action.TRAINEE_ERASE,
                "trainee",
                trainee_id,
                before={"pseudonym": trainee.pseudonym},
            )
        self._erased()
        return offers

    def _for_erasure(self, uow: UnitOfWork, actor: Actor, trainee_id: int) -> Trainee:
        Policy.require_trainee_access(actor)
        trainee = uow.trainees.get(trainee_id)
        Policy.require_read_trainee(actor, trainee)
        return trainee

    def _anonymise_in(
        self, uow: UnitOfWork, actor: Actor, trainee: Trainee, why: str, *, ledger: bool = True
    ) -> Trainee:
        qark = self.reference.qark_of(trainee.municipality) if trainee.municipality else None
        saved = uow.trainees.update(trainee.anonymised(self.clock(), qark))
        uow.trade_waits.delete_for_trainee(int(trainee.id or 0))
        uow.attendance.forget_free_text(int(trainee.id or 0))
        self.trail.forget_subject(uow, int(trainee.id or 0))
        if ledger:
            self._to_ledger(trainee.pseudonym, ANONYMISED)
        self.trail.record(
            uow,
            actor,
            Action.TRAINEE_ANONYMISE,
            "trainee",
            trainee.id,
            after={"pseudonym": trainee.pseudonym, "why": why},
        )
        return saved

    def retention_years(self) -> int:
        with self.store.read() as uow:
            value = uow.settings.get(RETENTION_KEY, str(DEFAULT_RETENTION_YEARS))
        return int(value or DEFAULT_RETENTION_YEARS)

    def set_retention_years(self, actor: Actor, years: int) -> None:
        Policy.require_administrator(actor)
        if not 1 <= years <= LONGEST_RETENTION_YEARS:
            raise ValidationError(
                [
                    Problem(
                        _("retention"),
                        str(years),
                        _("Give a whole number of years from 1 to {most}.").format(
                            most=LONGEST_RETENTION_YEARS
                        ),
                    )
                ]
            )
        with self.store.write() as uow:
            before = uow.settings.get(RETENTION_KEY)
            uow.settings.set(RETENTION_KEY, str(years))
            self.trail.record(
                uow,
                actor,
                Action.SETTING_CHANGE,
                "setting",
                None,
                before={RETENTION_KEY: before},
                after={RETENTION_KEY: str(years)},
            )

    def apply_retention(self, actor: Actor, today: date | None = None) -> int:
        """Anonymise everyone whose last course (or registration, without one) ended more than
        the retention period ago; returns how many. Run by the program, or an administrator."""
        if actor.role is not Role.ADMINISTRATOR:
            raise PermissionDenied(_("Only an administrator can apply the retention period."))
        today = today or self.clock().date()
        with self.store.write() as uow:
            years = int(uow.settings.get(RETENTION_KEY, str(DEFAULT_RETENTION_YEARS)) or 0)
            cutoff = _years_before(today, years)
            due = uow.trainees.due_for_anonymisation(cutoff)
            for trainee_id in due:
                self._anonymise_in(uow, actor, uow.trainees.get(trainee_id), "retention")
        if due:
            self._erased()
        return len(due)

    def reapply_erasures(self, erasures: Sequence[Erasure]) -> int:  # `list` is a method here
        """After a restore (or on a backup file being rewritten): erase again everyone the
        ledger says was erased; returns how many records had come back. The program does
        this itself, for the erasure asked for earlier, so no user's permission is needed."""
        done = 0
        with self.store.write() as uow:
            for erasure in erasures:
                trainee = uow.trainees.find_by_pseudonym(erasure.pseudonym)
                if trainee is None or (erasure.kind == ANONYMISED and trainee.anonymised_at is not None):
                    continue
                trainee_id = int(trainee.id or 0)
                if trainee.anonymised_at is None:
                    self.enrolment.release_trainee(uow, SYSTEM, trainee)
                if erasure.kind == DELETED:
                    uow.trade_waits.delete_for_trainee(trainee_id)
                    uow.trainees.delete(trainee_id)
                    self.trail.forget_subject(uow, trainee_id)
                else:
                    self._anonymise_in(uow, SYSTEM, uow.trainees.get(trainee_id), "ledger", ledger=False)
                done += 1
        return done

    def _erased(self) -> None:
        if self.after_erasure is not None:
            self.after_erasure()

    def _to_ledger(self, pseudonym: str, kind: str) -> None:
        # Written (and flushed) before the erasure commits: a failed write stops the erasure.
        if self.ledger is not None:
            self.ledger.append(Erasure(pseudonym, self.clock(), kind))

    # Helpers -------------------------------------------------------------------------
    @staticmethod
    def _owned_by(actor: Actor, trainee: Trainee) -> Trainee:
        if actor.role is not Role.NGO_COORDINATOR:
            return trainee
        if trainee.organisation and not Policy.same_organisation(actor, trainee.organisation):
            raise PermissionDenied(
                _("You register people for {own} only, not for {other}.").format(
                    own=actor.organisation, other=trainee.organisation
                )
            )
        return replace(trainee, organisation=actor.organisation)

    def _checked(self, trainee: Trainee) -> Trainee:
        place = self.reference.municipality(trainee.municipality) if trainee.municipality else ""
        trainee = replace(
            trainee, name=" ".join(trainee.name.split()), municipality=place or trainee.municipality
        )
        problems = trainee_problems(trainee, self.reference, self.clock().date())
        if problems:
            raise ValidationError(problems)
        if trainee.consent_given and trainee.consent_at is None:
            trainee = replace(trainee, consent_at=self.clock())
        if not trainee.consent_given:
            trainee = replace(trainee, consent_at=None)
        return trainee

    def _new_pseudonym(self, uow: UnitOfWork, trainee: Trainee) -> str:
        prefix = pseudonym_prefix(self.reference.qark_of(trainee.municipality))
        year = self.clock().year
        return next_pseudonym(prefix, year, uow.trainees.pseudonyms_starting(pseudonym_stem(prefix, year)))


def _text(value: datetime | date | None) -> str | None:
    return value.isoformat() if value else None


def trainee_values(trainee: Trainee) -> dict[str, Any]:
    """Every field of the record, JSON-ready (the shape of exports and audit entries)."""
    values = asdict(trainee)
    values["groups"] = sorted(g.value for g in trainee.groups)
    values["gender"] = trainee.gender.value if trainee.gender else None
    values["education"] = trainee.education.code
    for key in ("birth_date", "consent_at", "last_course_date", "anonymised_at", "registered_at"):
        values[key] = _text(values[key])
    del values["version"]
    return values


def _difference(before: dict[str, Any], after: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    keys = [k for k in after if before.get(k) != after[k]]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def _by_number(uow: UnitOfWork, trainee_id: int) -> Trainee | None:
    try:
        return uow.trainees.get(trainee_id)
    except NotFound:
        return None


def _outcome_values(outcome: EnrolmentOutcome) -> dict[str, Any]:
    """How an enrolment ended, for the person's own export (attendance, issue 18)."""
    return {
        "completed_on": outcome.completed_on.isoformat() if outcome.completed_on else None,
        "outcome": outcome.outcome.value if outcome.outcome else None,
        "outcome_reason": outcome.reason.value if outcome.reason else None,
        "threshold_override_reason": outcome.threshold_override_reason,
    }
