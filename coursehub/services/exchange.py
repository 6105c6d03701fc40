"""Exports (iCalendar, CSV, XLSX) and the catalogue exchange between offices.

The XLSX export is also the exchange file. Importing one merges it course by course
(a course is known by provider and code), against the fingerprint both sides last agreed on
(kept per course in the exchange state):

- new: not here yet, added (its provider too);
- unchanged: the same here and there;
- changed: changed only on their side since the last exchange, taken;
- kept: changed only on our side (theirs is still the agreed version), ours kept;
- conflict: changed on both sides, or never exchanged and different. Nothing is written
  for it; the report gives the two versions field by field, and a person decides with
  take={key: "theirs" | "ours"}. Never last-write-wins.

A file with any bad cell is refused whole, naming sheet, row, column and value.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from coursehub.domain.errors import CourseHubError, NotFound, PermissionDenied
from coursehub.domain.exchange_format import (
    COURSE_COLUMNS,
    PROVIDER_COLUMNS,
    course_fingerprint,
    course_row,
    provider_row,
)
from coursehub.domain.model import Course, CourseStatus, Provider, ProviderKind
from coursehub.domain.people import SYSTEM, Actor
from coursehub.domain.reference import Reference, load_reference
from coursehub.domain.text import fold
from coursehub.domain.trainees import EnrolmentStatus
from coursehub.domain.validation import course_problems
from coursehub.i18n import _, ngettext
from coursehub.services.auth import Policy
from coursehub.services.catalogue import SeatsAdded, ensure_provider
from coursehub.services.course_filter import CourseFilter
from coursehub.services.ports import Store, UnitOfWork

if TYPE_CHECKING:  # read_exchange is imported when a file is read
    from coursehub.importing.exchange import ExchangeFile

Key = tuple[str, str]
CATALOGUE_ID_KEY = "exchange.catalogue_id"  # this catalogue's stable id, made on first export
SEQUENCE_KEY = "exchange.sequence"  # the number of its latest export
TAKEN_KEY = "exchange.taken.{catalogue}"  # the highest export number taken from a catalogue


class Verdict(StrEnum):
    NEW = "new"
    CHANGED = "changed"
    UNCHANGED = "unchanged"
    KEPT = "kept"  # changed only here: ours stays
    CONFLICT = "conflict"
    TOOK_THEIRS = "took_theirs"
    KEPT_OURS = "kept_ours"
    STALE = "stale"  # the file is older than one already taken from that catalogue: ours kept
    HELD = "held"  # their version cancels a course people are enrolled in or waiting for

    @property
    def label(self) -> str:
        return {
            "new": _("new"),
            "changed": _("changed (theirs taken)"),
            "unchanged": _("unchanged"),
            "kept": _("changed here only (ours kept)"),
            "conflict": _("conflict: both changed"),
            "took_theirs": _("conflict settled: theirs taken"),
            "kept_ours": _("conflict settled: ours kept"),
            "stale": _("older file: ours kept"),
            "held": _("cancellation held: people are enrolled"),
        }[self.value]


@dataclass(frozen=True, slots=True)
class FieldDifference:
    field: str
    ours: str
    theirs: str


@dataclass(frozen=True, slots=True)
class Affected:
    """Who a cancellation would leave without their course."""

    enrolled: int
    waiting: int
    pseudonyms: tuple[str, ...] = ()  # only for a reader who may see this course's trainees


@dataclass(frozen=True, slots=True)
class CourseOutcome:
    provider: str
    code: str
    title: str
    verdict: Verdict
    differences: tuple[FieldDifference, ...] = ()
    affected: Affected | None = None

    @property
    def key(self) -> Key:
        return (self.provider, self.code)


@dataclass(slots=True)
class ExchangeReport:
    file: str
    dry_run: bool
    outcomes: list[CourseOutcome] = field(default_factory=list)
    providers_added: list[str] = field(default_factory=list)
    # Providers known on both sides whose details differ: ours are kept, shown for a person.
    providers_differing: dict[str, tuple[FieldDifference, ...]] = field(default_factory=dict)
    catalogue_id: str | None = None  # which catalogue wrote the file (None: an older file)
    sequence: int | None = None  # its export number there
    taken_before: int | None = None  # the highest number already taken from that catalogue
    warnings: list[str] = field(default_factory=list)
    seats_offered: int = 0  # seats the file raised, handed at once to people waiting

    @property
    def stale(self) -> bool:
        return (
            self.sequence is not None and self.taken_before is not None and self.sequence < self.taken_before
        )

    @property
    def undecided(self) -> list[CourseOutcome]:
        """Courses left as they are until a person decides with take (conflicts, stale
        changes, held cancellations)."""
        return [o for o in self.outcomes if o.verdict in (Verdict.CONFLICT, Verdict.STALE, Verdict.HELD)]

    def count(self, verdict: Verdict) -> int:
        return sum(1 for o in self.outcomes if o.verdict is verdict)

    @property
    def conflicts(self) -> list[CourseOutcome]:
        return [o for o in self.outcomes if o.verdict is Verdict.CONFLICT]


class InvalidExchangeFile(CourseHubError):
    def __init__(self, file: str, problems: Sequence[str]) -> None:
        shown = "\n".join(f"  - {p}" for p in problems[:50])
        more = len(problems) - 50
        if more > 0:
            shown += "\n  " + ngettext("… and {n} more problem", "… and {n} more problems", more).format(
                n=more
            )
        super().__init__(
            _("{file} was not imported; nothing was changed. Problems:\n{problems}").format(
                file=file, problems=shown
            )
        )
        self.problems = list(problems)


class ExchangeService:
    def __init__(
        self,
        store: Store,
        reference: Reference | None = None,
        clock: Callable[[], datetime] | None = None,
        seats_added: SeatsAdded | None = None,
    ) -> None:
        self.store = store
        self.reference = reference or load_reference()
        self.clock = clock or (lambda: datetime.now(UTC))
        self.seats_added = seats_added  # wired to EnrolmentService.seats_added by the workspace

    # Exports ----------------------------------------------------------------------
    def export_ics(
        self, target: Path | str, course_filter: CourseFilter | None = None, *, include_cancelled: bool = True
    ) -> int:
        """Write an .ics; returns how many courses it holds."""
        from coursehub.exporting.ics import calendar_bytes
        from coursehub.fileio import write_bytes_atomic
        from coursehub.scheduling.holidays import HolidayCalendar

        courses = self._courses(course_filter)
        if not include_cancelled:
            courses = [c for c in courses if c.is_live]
        with self.store.read() as uow:
            calendar = HolidayCalendar(uow.holidays.list())
            modified = uow.courses.modified_times()
        write_bytes_atomic(target, calendar_bytes(courses, calendar, self._now(), modified=modified))
        return len(courses)

    def export_csv(
        self, target: Path | str, course_filter: CourseFilter | None = None, delimiter: str = ","
    ) -> int:
        """Write the catalogue as CSV in the columns the import reads; `delimiter` is one
        character (",", ";" or a tab)."""
        from coursehub.exporting.spreadsheets import write_csv

        courses = self._courses(course_filter)
        write_csv(courses, target, delimiter)
        return len(courses)

    def export_xlsx(
        self, target: Path | str, course_filter: CourseFilter | None = None, source: str = ""
    ) -> int:
        """Write the exchange file. The first export of a course records it as the version
        both sides agree on, so a later import can tell who changed what."""
        from coursehub.exporting.spreadsheets import write_xlsx

        courses = self._courses(course_filter)
        names = {fold(c.provider) for c in courses}
        with self.store.read() as uow:
            providers = [p for p in uow.providers.list() if fold(p.name) in names]

        def write(catalogue_id: str, sequence: int | None) -> None:
            write_xlsx(
                courses,
                providers,
                target,
                exported_at=self._now(),
                source=source,
                catalogue_id=catalogue_id,
                sequence=sequence,
            )

        self._numbered(write)
        self._remember_first_export(courses)
        return len(courses)

    def catalogue_id(self) -> str | None:
        with self.store.read() as uow:
            return uow.settings.get(CATALOGUE_ID_KEY)

    def _numbered(self, write: Callable[[str, int | None], None]) -> None:
        """Write the file with this catalogue's stable id and the next export number (a
        counter, not a time: two exports in the same second differ). The number is kept
        only once the file is written, so a failed write changes nothing; a read-only copy
        writes the file unnumbered."""
        if getattr(self.store, "read_only", False):
            write("", None)
            return
        with self.store.write() as uow:
            catalogue_id = uow.settings.get(CATALOGUE_ID_KEY) or uuid.uuid4().hex
            sequence = int(uow.settings.get(SEQUENCE_KEY) or 0) + 1
            write(catalogue_id, sequence)
            uow.settings.set(CATALOGUE_ID_KEY, catalogue_id)
            uow.settings.set(SEQUENCE_KEY, str(sequence))

    # Import -----------------------------------------------------------------------
    def import_exchange(
        self,
        path: Path | str,
        *,
        dry_run: bool = False,
        take: Mapping[Key, str] | None = None,
        actor: Actor = SYSTEM,
    ) -> ExchangeReport:
        """Merge an exchange file; conflicts are reported and left alone unless `take`
        names the side to keep for that course key ("theirs" or "ours").

        An exchange touches every provider's courses, so only office staff and
        administrators may merge one (a dry run is a look, and open to them too).
        """
        from coursehub.importing.exchange import read_exchange

        if not Policy.is_staff(actor):
            raise PermissionDenied(
                _(
                    "Only Employment Office staff and administrators can merge an exchange file "
                    "from another office."
                )
            )

        incoming = read_exchange(path)
        name = Path(path).name
        self._refuse_problems(name, incoming)
        choices = {(fold(p), c.strip()): side for (p, c), side in (take or {}).items()}
        for side in choices.values():
            if side not in ("theirs", "ours"):
                raise CourseHubError(_("Choose theirs or ours, not {side}.").format(side=side))
        report = ExchangeReport(name, dry_run, catalogue_id=incoming.catalogue_id, sequence=incoming.sequence)
        if incoming.sequence is None:
            report.warnings.append(
                _(
                    "{file} was written by an older CourseHub and does not say which catalogue "
                    "wrote it or when: CourseHub cannot tell whether it is older than a file "
                    "already taken. Ask for a new export if in doubt."
                ).format(file=name)
            )
        opener = self.store.read if dry_run else self.store.write
        with opener() as uow:
            report.taken_before = _taken(uow, incoming.catalogue_id)
            self._add_providers(uow, incoming.providers, incoming.courses, report, dry_run)
            raised: list[int] = []
            for theirs in incoming.courses:
                choice = choices.get((fold(theirs.provider), theirs.code.strip()))
                report.outcomes.append(self._merge(uow, theirs, choice, dry_run, report.stale, actor, raised))
            if raised and self.seats_added is not None:  # more seats: offered as freed ones are
                offers = [self.seats_added(uow, actor, uow.courses.get(course_id)) for course_id in raised]
                report.seats_offered = sum(map(len, offers))
            if not dry_run and incoming.catalogue_id and incoming.sequence and not report.stale:
                uow.settings.set(TAKEN_KEY.format(catalogue=incoming.catalogue_id), str(incoming.sequence))
        return report

    # Merging ----------------------------------------------------------------------
    def _merge(
        self,
        uow: UnitOfWork,
        theirs: Course,
        choice: str | None,
        dry_run: bool,
        stale: bool,
        actor: Actor,
        raised: list[int],
    ) -> CourseOutcome:
        ours = uow.courses.find(theirs.provider, theirs.code)
        their_print = course_fingerprint(theirs)
        if ours is None:
            if stale and choice != "theirs":
                return _outcome(theirs, Verdict.STALE)
            if not dry_run:
                provider = uow.providers.find(theirs.provider)
                if provider is None:
                    raise NotFound(_("No provider called {name}.").format(name=theirs.provider))
                uow.courses.add(replace(theirs, provider=provider.name), int(provider.id or 0))
                uow.exchange_state.set(theirs.provider, theirs.code, their_print)
            return _outcome(theirs, Verdict.NEW)
        ours_print = course_fingerprint(ours)
        agreed = uow.exchange_state.get(theirs.provider, theirs.code)
        if ours_print == their_print:
            verdict = Verdict.UNCHANGED
        elif agreed == their_print:
            verdict = Verdict.KEPT
        elif agreed == ours_print:
            verdict = (
                Verdict.TOOK_THEIRS if choice == "theirs" else (Verdict.STALE if stale else Verdict.CHANGED)
            )
        else:
            verdict = {"theirs": Verdict.TOOK_THEIRS, "ours": Verdict.KEPT_OURS}.get(
                choice or "", Verdict.CONFLICT
            )
        affected = None
        if verdict in (Verdict.CHANGED, Verdict.TOOK_THEIRS) and _cancels(ours, theirs):
            affected = _affected(uow, ours, actor)
            if affected is not None and verdict is Verdict.CHANGED:
                verdict = Verdict.HELD  # a person decides, knowing who would lose their course
        if not dry_run:
            self._apply(uow, ours, theirs, verdict, their_print)
            if verdict in (Verdict.CHANGED, Verdict.TOOK_THEIRS) and theirs.seats > ours.seats:
                raised.append(int(ours.id or 0))
        differences = () if verdict is Verdict.UNCHANGED else _differences(ours, theirs)
        return _outcome(ours, verdict, differences, affected)

    @staticmethod
    def _apply(uow: UnitOfWork, ours: Course, theirs: Course, verdict: Verdict, their_print: str) -> None:
        if verdict in (Verdict.CHANGED, Verdict.TOOK_THEIRS):
            uow.courses.update(replace(theirs, provider=ours.provider, id=ours.id, version=ours.version))
        if verdict not in (Verdict.CONFLICT, Verdict.KEPT, Verdict.STALE, Verdict.HELD):
            # Agreed from now on: their version (which ours now equals, or which a person
            # chose to overrule), so the next file from them is compared with it.
            uow.exchange_state.set(ours.provider, ours.code, their_print)

    def _add_providers(
        self,
        uow: UnitOfWork,
        providers: Sequence[Provider],
        courses: Sequence[Course],
        report: ExchangeReport,
        dry_run: bool,
    ) -> None:
        described = {fold(p.name): p for p in providers}
        for course in courses:
            described.setdefault(fold(course.provider), Provider(course.provider, ProviderKind.OTHER))
        for provider in described.values():
            known = uow.providers.find(provider.name)
            if known is not None:
                if fold(provider.name) in {fold(p.name) for p in providers}:
                    differences = _provider_differences(known, provider)
                    if differences:
                        report.providers_differing[known.name] = differences
                continue
            report.providers_added.append(provider.name)
            if not dry_run:
                added = ensure_provider(uow, provider.name, provider.kind, provider.licence_number)
                if provider.contact or provider.licence_issuer or provider.licence_valid_until:
                    uow.providers.update(
                        replace(
                            added,
                            contact=provider.contact,
                            licence_issuer=provider.licence_issuer,
                            licence_valid_until=provider.licence_valid_until,
                        )
                    )

    def _refuse_problems(self, name: str, incoming: ExchangeFile) -> None:
        problems = [str(p) for p in incoming.problems]
        seen: set[Key] = set()
        for course in incoming.courses:
            key = (fold(course.provider), course.code.strip())
            if key in seen:
                problems.append(
                    _("course {provider}:{code} appears twice").format(
                        provider=course.provider, code=course.code
                    )
                )
            seen.add(key)
            problems += [
                _("course {provider}:{code}: {problem}").format(
                    provider=course.provider, code=course.code, problem=p
                )
                for p in course_problems(course, self.reference)
            ]
        if problems:
            raise InvalidExchangeFile(name, problems)

    # Helpers ----------------------------------------------------------------------
    def _courses(self, course_filter: CourseFilter | None) -> list[Course]:
        with self.store.read() as uow:
            courses = uow.courses.list()
        return (course_filter or CourseFilter()).apply(courses, self.reference)

    def _remember_first_export(self, courses: Sequence[Course]) -> None:
        try:
            with self.store.write() as uow:
                for course in courses:
                    uow.exchange_state.set_if_absent(course.provider, course.code, course_fingerprint(course))
        except CourseHubError:
            pass  # a read-only database: the file is written, there is just no state to keep

    def _now(self) -> datetime:
        return self.clock()


def _outcome(
    course: Course,
    verdict: Verdict,
    differences: tuple[FieldDifference, ...] = (),
    affected: Affected | None = None,
) -> CourseOutcome:
    return CourseOutcome(course.provider, course.code, course.title, verdict, differences, affected)


def _taken(uow: UnitOfWork, catalogue_id: str | None) -> int | None:
    if not catalogue_id:
        return None
    value = uow.settings.get(TAKEN_KEY.format(catalogue=catalogue_id))
    return int(value) if value and value.isdigit() else None


def _cancels(ours: Course, theirs: Course) -> bool:
    return ours.status is not CourseStatus.CANCELLED and theirs.status is CourseStatus.CANCELLED


def _affected(uow: UnitOfWork, course: Course, actor: Actor) -> Affected | None:
    """The people enrolled in or waiting for `course`; None if there is nobody."""
    people = [
        e
        for e in uow.enrolments.for_course(int(course.id or 0))
        if e.status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING)
    ]
    if not people:
        return None
    shown = Policy.may_see_course_trainees(actor, course)
    return Affected(
        enrolled=sum(1 for e in people if e.status is EnrolmentStatus.ENROLLED),
        waiting=sum(1 for e in people if e.status is EnrolmentStatus.WAITING),
        pseudonyms=tuple(sorted(e.pseudonym for e in people)) if shown else (),
    )


def _differences(ours: Course, theirs: Course) -> tuple[FieldDifference, ...]:
    mine, other = course_row(ours), course_row(theirs)
    return tuple(
        FieldDifference(header, _shown(mine[key]), _shown(other[key]))
        for key, header in COURSE_COLUMNS
        if mine[key] != other[key]
    )


def _provider_differences(ours: Provider, theirs: Provider) -> tuple[FieldDifference, ...]:
    mine, other = provider_row(ours), provider_row(theirs)
    return tuple(
        FieldDifference(header, str(mine[key]), str(other[key]))
        for key, header in PROVIDER_COLUMNS
        if key != "name" and mine[key] != other[key]
    )


def _shown(value: object) -> str:
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return f"{value:%d.%m.%Y}"
    return str(value)


def parse_course_key(text: str) -> Key:
    """ "PROVIDER:CODE" as (provider, code); the code may itself contain no colon."""
    provider, separator, code = text.rpartition(":")
    if not separator or not provider.strip() or not code.strip():
        raise CourseHubError(
            _('Write a course as PROVIDER:CODE, e.g. "QFP Durrës:QFPD-RQ-01"; got {text}.').format(text=text)
        )
    return provider.strip(), code.strip()
