"""Certificates of completion: issue (or reprint), verify, revoke, and the register.

A certificate is the one printout that always carries the person's real name, because it
is their own document. So only Employment Office staff (and administrators) or the NGO
coordinator of the organisation that registered the person may print it, each print is
recorded in the audit log (sealed with the person's key), and the register itself keeps
the pseudonym only.

Rules decided here (docs/enrolment.md, "Certificates"):
- only people whose enrolment is `completed` get one; a cancelled course gives none;
- the hours are those of the course's dated sessions held up to the day of printing (or
  the course's end), public holidays and the office's closures excluded;
- the first print takes the next number of the course's provider for the year of issue; a
  later print of the same certificate keeps its number and is marked DUPLICATE;
- a revoked certificate is never printed again; staff may issue a new one (a new number)
  in its place, a coordinator may not;
- `verify` needs the number AND the code and tells only the course, dates, provider and
  whether the certificate is valid or revoked: never who it belongs to.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from coursehub.domain.certificates import (
    Certificate,
    CertificateCheck,
    CertificatePage,
    held_hours,
    new_verification_code,
    normalised_code,
)
from coursehub.domain.errors import (
    ConflictError,
    CourseHubError,
    NotFound,
    PermissionDenied,
    Problem,
    ValidationError,
)
from coursehub.domain.model import Course
from coursehub.domain.people import Actor
from coursehub.domain.trainees import EnrolmentStatus, Trainee
from coursehub.i18n import _
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand
from coursehub.services.audit import Action, AuditedService
from coursehub.services.auth import Policy
from coursehub.services.ports import UnitOfWork

MAX_REASON = 500


@dataclass(frozen=True, slots=True)
class CertificateBatch:
    """The pages to print, and how many completed people were left out because the actor may
    not print their certificate (another organisation's trainees) or nobody is left to name."""

    pages: tuple[CertificatePage, ...]
    left_out: int = 0


class CertificateService(AuditedService):
    # Printing ------------------------------------------------------------------------------
    def issue(self, actor: Actor, course_id: int, pseudonyms: Sequence[str] = ()) -> CertificateBatch:
        """Certificates of the course for the people named (default: every completed person
        the actor may print for), new numbers for first prints, DUPLICATE for reprints."""
        Policy.require_trainee_access(actor)
        with self.store.write() as uow:
            course = uow.courses.get(course_id)
            if not course.is_live:
                raise ConflictError(
                    _("The course {course} was cancelled; it gives no certificates.").format(
                        course=course.title
                    )
                )
            people, left_out = self._people(uow, actor, course, pseudonyms)
            if not people:
                raise NotFound(self._nobody_message(course, left_out))
            hours = self._hours(uow, course)
            provider = uow.providers.find(course.provider)
            if provider is None or provider.id is None:
                raise NotFound(_("No provider called {name}.").format(name=course.provider))
            pages = []
            for trainee in people:
                certificate, duplicate = self._certificate(
                    uow, actor, course, int(provider.id), trainee, hours
                )
                pages.append(
                    CertificatePage(
                        number=certificate.number,
                        verification_code=certificate.verification_code,
                        full_name=trainee.name,
                        birth_date=trainee.birth_date,
                        course_title=course.title,
                        occupation_code=course.occupation,
                        occupation_title=self.reference.occupation_title(course.occupation),
                        hours=certificate.hours,
                        start=course.start,
                        end=course.end,
                        provider=course.provider,
                        licence_number=provider.licence_number,
                        issued_on=certificate.issued_at.date(),
                        duplicate=duplicate,
                    )
                )
            return CertificateBatch(tuple(pages), left_out)

    def _people(
        self, uow: UnitOfWork, actor: Actor, course: Course, pseudonyms: Sequence[str]
    ) -> tuple[list[Trainee], int]:
        completed = {
            e.trainee_id: e
            for e in uow.enrolments.for_course(int(course.id or 0))
            if e.status is EnrolmentStatus.COMPLETED
        }
        if pseudonyms:
            chosen = []
            for code in pseudonyms:
                trainee = uow.trainees.find_by_pseudonym(code.strip().upper())
                if trainee is None:
                    raise NotFound(_("No trainee {code}.").format(code=code))
                Policy.require_read_trainee(actor, trainee)
                if trainee.id not in completed:
                    raise ConflictError(
                        _("{code} has not completed {course}; only those who did get a certificate.").format(
                            code=trainee.pseudonym, course=course.title
                        )
                    )
                _require_named(trainee)
                chosen.append(trainee)
            return chosen, 0
        chosen, left_out = [], 0
        for trainee_id in completed:
            if trainee_id is None:  # another organisation's person, hidden by the server
                left_out += 1
                continue
            trainee = uow.trainees.get(trainee_id)
            if Policy.may_read_trainee(actor, trainee) and not trainee.is_anonymised:
                chosen.append(trainee)
            else:
                left_out += 1
        return sorted(chosen, key=lambda t: t.pseudonym), left_out

    @staticmethod
    def _nobody_message(course: Course, left_out: int) -> str:
        if left_out:
            return _(
                "Nobody whose certificate you may print completed {course}; {n} certificates belong to "
                "people registered by another organisation (they or the Employment Office print them)."
            ).format(course=course.title, n=left_out)
        return _("Nobody has completed {course} yet; record completion first (enrol complete).").format(
            course=course.title
        )

    def _hours(self, uow: UnitOfWork, course: Course) -> float:
        calendar = HolidayCalendar(uow.holidays.list())
        until = min(course.end, self.clock().date())
        return held_hours(expand(course, calendar, course.start, until), until)

    def _certificate(
        self, uow: UnitOfWork, actor: Actor, course: Course, provider_id: int, trainee: Trainee, hours: float
    ) -> tuple[Certificate, bool]:
        trainee_id, course_id = int(trainee.id or 0), int(course.id or 0)
        existing = uow.certificates.for_trainee_and_course(trainee_id, course_id)
        now = self.clock()
        if existing and not existing[0].is_revoked:
            reprinted = uow.certificates.note_reprint(existing[0].number, now, actor.username)
            self._audit(uow, actor, Action.CERTIFICATE_REPRINT, reprinted, trainee_id)
            return reprinted, True
        if existing and not Policy.is_staff(actor):
            raise PermissionDenied(
                _(
                    "The certificate {number} of {code} was revoked; only Employment Office staff can "
                    "issue a new one in its place."
                ).format(number=existing[0].number, code=trainee.pseudonym)
            )
        sequence, number = uow.certificates.next_number(provider_id, now.year)
        issued = uow.certificates.add(
            number=number,
            provider_id=provider_id,
            year=now.year,
            sequence=sequence,
            code=new_verification_code(),
            course_id=course_id,
            trainee_id=trainee_id,
            pseudonym=trainee.pseudonym,
            hours=hours,
            at=now,
            by=actor.username,
        )
        self._audit(uow, actor, Action.CERTIFICATE_ISSUE, issued, trainee_id)
        return issued, False

    def _audit(
        self, uow: UnitOfWork, actor: Actor, action: str, certificate: Certificate, trainee_id: int
    ) -> None:
        self.trail.record(
            uow,
            actor,
            action,
            "certificate",
            certificate.id,
            after={
                "number": certificate.number,
                "course": [certificate.provider, certificate.course_code],
                "duplicate": action == Action.CERTIFICATE_REPRINT,
                "name_printed": True,
            },
            subject_id=trainee_id,
        )

    # Checking and revoking -------------------------------------------------------------------
    def verify(self, number: str, code: str) -> CertificateCheck:
        """Anyone may check a certificate brought in: number and code must both match."""
        with self.store.read() as uow:
            found = uow.certificates.check(number.strip(), normalised_code(code))
        if found is None:
            raise NotFound(
                _(
                    "No certificate has the number {number} with this verification code. Check both "
                    "against the paper; a forged or mistyped certificate is not found either."
                ).format(number=number.strip())
            )
        return found

    def revoke(self, actor: Actor, number: str, reason: str) -> Certificate:
        if not Policy.is_staff(actor):
            raise PermissionDenied(_("Only Employment Office staff can revoke a certificate."))
        reason = reason.strip()
        if not reason or len(reason) > MAX_REASON:
            raise ValidationError(
                [Problem(_("reason"), reason, _("Give the reason for revoking (1 to 500 characters)."))]
            )
        with self.store.write() as uow:
            certificate = uow.certificates.get(number)
            if certificate.is_revoked:
                raise ConflictError(
                    _("The certificate {number} was already revoked on {day}.").format(
                        number=certificate.number, day=f"{certificate.revoked_at:%d.%m.%Y}"
                    )
                )
            revoked = uow.certificates.revoke(certificate.number, self.clock(), actor.username, reason)
            self.trail.record(
                uow,
                actor,
                Action.CERTIFICATE_REVOKE,
                "certificate",
                revoked.id,
                before={"number": revoked.number, "revoked": False},
                after={"number": revoked.number, "revoked": True, "reason": reason},
                subject_id=revoked.trainee_id,
            )
            return revoked

    def register(self, actor: Actor) -> list[Certificate]:
        """The register: staff see every certificate, a coordinator those of their own
        organisation's trainees; viewers none. Verification codes are not part of it."""
        Policy.require_trainee_access(actor)
        with self.store.read() as uow:
            rows = uow.certificates.list()
            if Policy.is_staff(actor):
                return rows
            visible = []
            for certificate in rows:
                if certificate.trainee_id is None:
                    continue
                if Policy.may_read_trainee(actor, uow.trainees.get(certificate.trainee_id)):
                    visible.append(certificate)
            return visible

    def issued_counts(self) -> dict[int, int]:
        """Valid certificates per course id: anonymous counts (the Committee report)."""
        with self.store.read() as uow:
            return dict(uow.certificates.issued_counts())


def _require_named(trainee: Trainee) -> None:
    if trainee.is_anonymised:
        raise CourseHubError(
            _("{code} was anonymised; there is no name left to print on a certificate.").format(
                code=trainee.pseudonym
            )
        )
