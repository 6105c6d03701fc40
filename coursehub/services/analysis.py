"""The coordination the Committee asked for: overlaps, gaps, coverage and eligibility.

Each method reads one consistent snapshot of the catalogue and hands it to the pure
functions in coursehub.analysis. Acknowledging a finding is one write transaction.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime

from coursehub.analysis.coverage import coverage_gaps
from coursehub.analysis.eligibility import EligibilityResult, search
from coursehub.analysis.gaps import gap_rows, share_rows
from coursehub.analysis.overlaps import find_overlaps
from coursehub.domain.errors import ConflictError, NotFound, PermissionDenied, Problem, ValidationError
from coursehub.domain.findings import Acknowledgement, CoverageGap, Finding, GapRow, ShareRow
from coursehub.domain.model import Course, Need
from coursehub.domain.people import Actor, PersonProfile, Role
from coursehub.domain.reference import Reference, load_reference
from coursehub.i18n import _
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.services.ports import Store, UnitOfWork

EnrolmentSource = Callable[[], list[tuple[str, tuple[str, str]]]]
SeatSource = Callable[[], dict[tuple[str, str], int]]


@dataclass(frozen=True, slots=True)
class GapReport:
    year: int | None
    rows: tuple[GapRow, ...]
    shares: tuple[ShareRow, ...]
    coverage: tuple[CoverageGap, ...]


class AnalysisService:
    """`enrolment_source` gives the active enrolments as (pseudonym, course key) pairs, for
    trainee clashes; `seat_source` gives the open seats per course key, for eligibility.
    Both are wired by the Workspace once enrolment exists; without them those parts are
    left out (no trainee clashes; seats not checked)."""

    def __init__(
        self,
        store: Store,
        reference: Reference | None = None,
        enrolment_source: EnrolmentSource | None = None,
        seat_source: SeatSource | None = None,
    ) -> None:
        self.store = store
        self.reference = reference or load_reference()
        self.enrolment_source = enrolment_source
        self.seat_source = seat_source

    # Overlaps ---------------------------------------------------------------------
    def overlaps(self, include_acknowledged: bool = False) -> list[Finding]:
        """Every overlap that needs a decision; with include_acknowledged, the quiet ones too
        (each carrying its acknowledgement)."""
        enrolments = self._enrolments()
        with self.store.read() as uow:
            findings = self._findings(uow, enrolments)
            acknowledged = uow.findings.acknowledgements()
        marked = [replace(f, acknowledged=acknowledged.get(f.fingerprint)) for f in findings]
        return marked if include_acknowledged else [f for f in marked if f.acknowledged is None]

    def _enrolments(self) -> list[tuple[str, tuple[str, str]]] | None:
        """Asked before our own transaction opens: the source reads in a transaction of its own."""
        return self.enrolment_source() if self.enrolment_source else None

    @staticmethod
    def _findings(uow: UnitOfWork, enrolments: list[tuple[str, tuple[str, str]]] | None) -> list[Finding]:
        courses = uow.courses.list()
        calendar = HolidayCalendar(uow.holidays.list())
        return find_overlaps(courses, calendar, enrolments)

    def finding(self, fingerprint: str) -> Finding:
        """The current finding with this fingerprint (or a unique start of it)."""
        wanted = fingerprint.strip().lower()
        matches = [
            f for f in self.overlaps(include_acknowledged=True) if wanted and f.fingerprint.startswith(wanted)
        ]
        if len(matches) != 1:
            raise NotFound(
                _(
                    "No current finding has the reference {ref}; list them again with "
                    "“coursehub overlaps --all”."
                ).format(ref=fingerprint)
            )
        return matches[0]

    def acknowledge(self, finding: Finding, reason: str, actor: Actor) -> Acknowledgement:
        """Mark a finding as needing nothing more, with the reason; it stays quiet until one of
        its courses changes."""
        reason = reason.strip()
        if not reason:
            raise ValidationError(
                [
                    Problem(
                        "reason",
                        "",
                        _(
                            "Say why this finding needs no action, e.g. “both needed: waiting lists are "
                            "full”."
                        ),
                    )
                ]
            )
        _check_may_acknowledge(finding, actor)
        enrolments = self._enrolments()
        with self.store.write() as uow:
            if finding.fingerprint not in {f.fingerprint for f in self._findings(uow, enrolments)}:
                raise ConflictError(
                    _(
                        "This finding has changed since it was shown (a course "
                        "was edited or cancelled). Look at the list again."
                    )
                )
            acknowledgement = Acknowledgement(
                finding.fingerprint,
                finding.kind,
                finding.course_keys,
                reason,
                actor.username,
                datetime.now().replace(microsecond=0),
            )
            uow.findings.acknowledge(acknowledgement)
        return acknowledgement

    def withdraw_acknowledgement(self, finding: Finding, actor: Actor) -> bool:
        """Show an acknowledged finding again."""
        _check_may_acknowledge(finding, actor)
        with self.store.write() as uow:
            return uow.findings.withdraw(finding.fingerprint)

    # Gaps and coverage ------------------------------------------------------------
    def gaps(self, year: int | None = None) -> GapReport:
        """Needs rows against supply (rows whose period touches `year`, or all), shares of
        demand against shares of seats, and coverage gaps of that year."""
        courses, needs = self._courses_and_needs()
        if year is not None:
            needs = [n for n in needs if n.period.intersects(date(year, 1, 1), date(year, 12, 31))]
        coverage_year = year if year is not None else main_year(courses)
        return GapReport(
            year,
            tuple(gap_rows(needs, courses, self.reference)),
            tuple(share_rows(needs, courses, self.reference)),
            tuple(coverage_gaps(courses, self.reference, coverage_year)),
        )

    def coverage(self, year: int | None = None) -> list[CoverageGap]:
        courses, _needs = self._courses_and_needs()
        return coverage_gaps(courses, self.reference, year if year is not None else main_year(courses))

    def _courses_and_needs(self) -> tuple[list[Course], list[Need]]:
        with self.store.read() as uow:
            return uow.courses.list(), uow.needs.list()

    # Eligibility ------------------------------------------------------------------
    def eligible(
        self,
        person: PersonProfile,
        trade: str | None = None,
        today: date | None = None,
        municipality: str | None = None,
    ) -> EligibilityResult:
        """The courses `person` can join today, the others of the trade with reasons, and the
        nearest courses they fit when none of the trade fits."""
        if municipality:
            official = self.reference.municipality(municipality)
            if official is None:
                raise ValidationError(
                    [
                        Problem(
                            "municipality", municipality, _("This is not one of Albania's 61 municipalities.")
                        )
                    ]
                )
            municipality = official
        with self.store.read() as uow:
            courses = uow.courses.list()
        seats = self.seat_source() if self.seat_source else None
        return search(
            courses, person, today or date.today(), trade=trade, municipality=municipality, open_seats=seats
        )


def main_year(courses: list[Course], today: date | None = None) -> int:
    """The year most live courses start in (the catalogue's year), else this year."""
    starts = Counter(c.start.year for c in courses if c.is_live)
    if not starts:
        return (today or date.today()).year
    return max(starts.items(), key=lambda item: (item[1], item[0]))[0]


def _check_may_acknowledge(finding: Finding, actor: Actor) -> None:
    if actor.role is Role.VIEWER:
        raise PermissionDenied(_("Viewers cannot acknowledge findings; ask a coordinator."))
    if actor.role is Role.NGO_COORDINATOR:
        providers = {c.provider.casefold() for c in finding.courses}
        if not actor.organisation or actor.organisation.casefold() not in providers:
            raise PermissionDenied(_("You can acknowledge only findings about your organisation's courses."))
