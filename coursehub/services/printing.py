"""Printouts as use cases: each reads what it needs in one snapshot and returns the PDF
(bytes and page count) for the GUI to preview or `save` to write.

Enrolment sheets and attendance registers take their roster from the enrolment service
(`roster_source`), which applies permissions and pseudonyms and records the print in the
audit log; without one (no enrolment module wired) they print with an empty roster:
the course's facts and blank rows to fill in by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import Course
from coursehub.domain.people import SYSTEM, Actor, Roster
from coursehub.domain.reference import Reference, load_reference
from coursehub.domain.validation import FIRST_YEAR, LAST_YEAR, year_in_range
from coursehub.fileio import write_bytes_atomic
from coursehub.i18n import _, current_language, language_for_document

# The calendar screen paints weeks as the paper does, in the same colours: it takes them
# from here, never from coursehub.printing itself (an import-linter contract).
from coursehub.printing.styles import HOLIDAY_FILL as HOLIDAY_FILL
from coursehub.printing.styles import HOLIDAY_INK as HOLIDAY_INK
from coursehub.printing.styles import provider_colours as provider_colours
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.services.catalogue import CatalogueService, course_and_calendar_in
from coursehub.services.course_filter import CourseFilter
from coursehub.services.licences import LicenceService
from coursehub.services.ports import Store, UnitOfWork

if TYPE_CHECKING:
    from coursehub.domain.certificates import CertificatePage
    from coursehub.domain.findings import Finding
    from coursehub.domain.outcomes import OutcomeRow
    from coursehub.printing.document import Imprint, RenderedPdf
    from coursehub.services.analysis import AnalysisService

RosterSource = Callable[[Actor, int, bool], Roster]
MAX_CALENDAR_WEEKS = 104


class PrintService:
    def __init__(
        self,
        store: Store,
        reference: Reference | None = None,
        *,
        roster_source: RosterSource | None = None,
        analysis: Callable[[], AnalysisService] | None = None,
        clock: Callable[[], datetime] = datetime.now,
        invariant: bool = False,
    ) -> None:
        self.store = store
        self.reference = reference or load_reference()
        self.catalogue = CatalogueService(store, self.reference)  # its reading use cases serve here
        self.roster_source = roster_source
        self._analysis = analysis
        self.clock = clock
        self.invariant = invariant

    @property
    def has_rosters(self) -> bool:
        """False when no enrolment service is wired: sheets then carry blank rows only."""
        return self.roster_source is not None

    # Course printouts -------------------------------------------------------------
    def enrolment_sheet(
        self, actor: Actor, provider: str, code: str, *, with_names: bool = False, with_trainees: bool = True
    ) -> RenderedPdf:
        """The sheet; with_trainees=False leaves the roster out (blank rows to fill in)."""
        from coursehub.printing.enrolment_sheet import enrolment_sheet

        roster = self._roster(actor, self.catalogue.find_course(provider, code), with_names, with_trainees)
        return enrolment_sheet(roster, self.reference, self._imprint(actor, provider))

    def attendance_register(
        self,
        actor: Actor,
        provider: str,
        code: str,
        start: date | None = None,
        end: date | None = None,
        *,
        with_names: bool = False,
        with_trainees: bool = True,
    ) -> RenderedPdf:
        from coursehub.printing.attendance import attendance_register
        from coursehub.scheduling.recurrence import expand

        with self.store.read() as uow:
            course, calendar = course_and_calendar_in(uow, provider, code)
            imprint = self._imprint_in(uow, actor, course.provider)
        first, last = start or course.start, end or course.end
        if last < first:
            raise CourseHubError(
                _("The end date {end} is before the start date {start}.").format(
                    end=f"{last:%d.%m.%Y}", start=f"{first:%d.%m.%Y}"
                )
            )
        sessions = expand(course, calendar, first, last)
        roster = self._roster(actor, course, with_names, with_trainees)
        return attendance_register(roster, sessions, first, last, self.reference, imprint)

    def certificates(
        self, actor: Actor, pages: Sequence[CertificatePage], language: str | None = None
    ) -> RenderedPdf:
        """The certificates the certificate service issued (it checked who may print them and
        recorded it), one A4 page each, in `language` (default: the current one)."""
        from coursehub.printing.certificate import certificates

        if not pages:
            raise CourseHubError(_("There is no certificate to print."))
        with language_for_document(language or current_language()):
            # the occupation's title from the reference data, in the certificate's language
            titled = [
                replace(p, occupation_title=self.reference.occupation_title(p.occupation_code)) for p in pages
            ]
            return certificates(titled, self._imprint(actor, pages[0].provider))

    # Catalogue printouts ----------------------------------------------------------
    def week_calendar(
        self,
        year: int,
        week: int,
        weeks: int = 1,
        course_filter: CourseFilter | None = None,
        actor: Actor = SYSTEM,
    ) -> RenderedPdf:
        from coursehub.printing.week_calendar import week_calendar

        if not 1 <= weeks <= MAX_CALENDAR_WEEKS:
            raise CourseHubError(
                _("Print between 1 and {most} weeks at a time.").format(most=MAX_CALENDAR_WEEKS)
            )
        monday = iso_week_monday(year, week)
        chosen = course_filter or CourseFilter()
        with self.store.read() as uow:
            every_course, calendar = uow.courses.list(), HolidayCalendar(uow.holidays.list())
            imprint = self._imprint_in(uow, actor)
        courses = chosen.apply(every_course, self.reference)
        return week_calendar(courses, calendar, monday, weeks, imprint, scope=chosen.describe())

    def catalogue_booklet(
        self, course_filter: CourseFilter | None = None, actor: Actor = SYSTEM
    ) -> RenderedPdf:
        from coursehub.printing.catalogue_booklet import catalogue_booklet

        chosen = course_filter or CourseFilter()
        courses = chosen.apply(self.catalogue.courses(), self.reference)
        providers = {p.name: p for p in self.catalogue.providers()}
        return catalogue_booklet(courses, self.reference, self._imprint(actor), providers)

    def committee_report(self, year: int | None = None, actor: Actor = SYSTEM) -> RenderedPdf:
        from coursehub.printing.committee_report import ReportData, committee_report

        if self._analysis is None:
            raise CourseHubError(_("The gap and overlap analysis is not available."))
        analysis = self._analysis()
        gaps = analysis.gaps(year)
        findings = analysis.overlaps()
        if year is not None:
            spans = {c.key: (c.start.year, c.end.year) for c in self.catalogue.courses()}
            findings = [f for f in findings if _in_year(f, year, spans)]
        data = ReportData(
            year=year,
            gaps=gaps.rows,
            shares=gaps.shares,
            findings=tuple(findings),
            coverage=gaps.coverage,
            licences=tuple(LicenceService(self.store).lapses(year)),
            outcomes=tuple(self._outcomes(year)),
        )
        return committee_report(data, self._imprint(actor))

    def _outcomes(self, year: int | None) -> list[OutcomeRow]:
        """Anonymous outcome counts; empty for a reader who may see no trainees at all."""
        from coursehub.analysis.outcomes import outcome_rows

        with self.store.read() as uow:
            courses = uow.courses.list()
            facts = uow.outcomes.enrolment_facts()
        return outcome_rows(courses, facts, self.reference, year)

    # Files --------------------------------------------------------------------------
    @staticmethod
    def save(pdf: RenderedPdf, target: Path | str) -> Path:
        """Write the PDF atomically (never a half-written file), readable by the user only."""
        path = Path(target)
        write_bytes_atomic(path, pdf.data)
        return path

    # Helpers ------------------------------------------------------------------------
    def _imprint(self, actor: Actor, provider: str | None = None) -> Imprint:
        with self.store.read() as uow:
            return self._imprint_in(uow, actor, provider)

    def _imprint_in(self, uow: UnitOfWork, actor: Actor, provider: str | None = None) -> Imprint:
        """Who prints and when, the office's letterhead, and a provider's own logo on its
        course's sheets and certificates (read in the printout's own snapshot)."""
        from coursehub.printing.document import Imprint
        from coursehub.services.letterhead import letterhead_in, provider_logo_in

        logo = provider_logo_in(uow, provider) if provider else b""
        return Imprint(actor.username, self.clock(), self.invariant, letterhead_in(uow), logo)

    def _roster(self, actor: Actor, course: Course, with_names: bool, with_trainees: bool) -> Roster:
        if self.roster_source is None or course.id is None:
            return Roster(course)
        if not with_trainees:  # nobody logged in: the roster source gives counts, no names
            return self.roster_source(SYSTEM, course.id, False)
        return self.roster_source(actor, course.id, with_names)


def _in_year(finding: Finding, year: int, spans: dict[tuple[str, str], tuple[int, int]]) -> bool:
    """A finding concerns `year` when one of its dates, or (for findings without dates, such
    as duplicate offers) one of its courses' date ranges, falls in it."""
    if finding.dates:
        return any(day.year == year for day in finding.dates)
    return any(
        first <= year <= last for first, last in (spans.get(ref.key, (0, 0)) for ref in finding.courses)
    )


def iso_week_monday(year: int, week: int) -> date:
    if not year_in_range(year):
        raise CourseHubError(
            _("Give a week of the years {first} to {last}.").format(first=FIRST_YEAR, last=LAST_YEAR)
        )
    try:
        return date.fromisocalendar(year, week, 1)
    except ValueError:
        raise CourseHubError(_("{year} has no week {week}.").format(year=year, week=week)) from None


def parse_iso_week(text: str) -> tuple[int, int]:
    """ "2027-W12" (also "2027W12", "2027-12") as (year, week), or a plain error."""
    cleaned = text.strip().upper().replace("W", "-").replace("--", "-")
    try:
        year_text, week_text = cleaned.split("-")
        year, week = int(year_text), int(week_text)
        iso_week_monday(year, week)
    except (ValueError, CourseHubError):
        raise CourseHubError(
            _("{text} is not a week; write it as YYYY-Www, e.g. 2027-W12.").format(text=text)
        ) from None
    return year, week
