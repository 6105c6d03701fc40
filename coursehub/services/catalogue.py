"""Use cases on the catalogue: list, find, save and cancel courses; providers; needs; holidays.

Each public method is one user action and one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from coursehub.domain.errors import NotFound, PermissionDenied, Problem, ValidationError
from coursehub.domain.model import (
    Course,
    CourseStatus,
    HolidayAdjustment,
    Need,
    Provider,
    ProviderKind,
)
from coursehub.domain.people import SYSTEM, Actor
from coursehub.domain.reference import Reference, load_reference
from coursehub.domain.validation import provider_problems, require_valid_course
from coursehub.i18n import _
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.services.auth import Policy
from coursehub.services.ports import Store, UnitOfWork


def ensure_provider(
    uow: UnitOfWork, name: str, kind: ProviderKind = ProviderKind.NGO, licence_number: str = ""
) -> Provider:
    """The provider called `name`, created on first use."""
    found = uow.providers.find(name)
    if found is not None:
        return found
    return uow.providers.add(Provider(name=name.strip(), kind=kind, licence_number=licence_number))


# Given a course whose seats were just raised (in the same transaction), hands the new seats
# to its waiting list and trade waits as a withdrawal does; returns the offers made.
SeatsAdded = Callable[[UnitOfWork, Actor, Course], list[Any]]


class CatalogueService:
    def __init__(
        self, store: Store, reference: Reference | None = None, seats_added: SeatsAdded | None = None
    ) -> None:
        self.store = store
        self.reference = reference or load_reference()
        self.seats_added = seats_added  # wired to EnrolmentService.seats_added by the workspace

    # Reading ----------------------------------------------------------------------
    def courses(self, provider: str | None = None) -> list[Course]:
        with self.store.read() as uow:
            return uow.courses.list(provider=provider)

    def courses_for_table(self) -> Sequence[Course]:
        """Every course in `courses`' order, read in one query; on a store that can, each
        is made into a Course only when the table shows or filters it (the catalogue table
        of 100,000 courses fills without making 100,000 objects first). The sequence may
        also offer `column(name)`: one stored column for every course."""
        with self.store.read() as uow:
            lazily = getattr(uow.courses, "list_lazily", None)
            return lazily() if lazily is not None else uow.courses.list()

    def course(self, course_id: int) -> Course:
        with self.store.read() as uow:
            return uow.courses.get(course_id)

    def find_course(self, provider: str, code: str) -> Course:
        with self.store.read() as uow:
            return _found_course(uow, provider, code)

    def courses_and_calendar(self) -> tuple[list[Course], HolidayCalendar]:
        """Every course and the holiday calendar from one snapshot."""
        with self.store.read() as uow:
            return uow.courses.list(), HolidayCalendar(uow.holidays.list())

    def count(self) -> int:
        with self.store.read() as uow:
            return uow.courses.count()

    def providers(self) -> list[Provider]:
        with self.store.read() as uow:
            return uow.providers.list()

    def provider_list_dates(self) -> dict[str, date | None]:
        """When each provider's list was last brought up to date (for the "stale" mark)."""
        with self.store.read() as uow:
            return uow.providers.list_updated()

    def needs(self) -> list[Need]:
        with self.store.read() as uow:
            return uow.needs.list()

    def holiday_calendar(self) -> HolidayCalendar:
        with self.store.read() as uow:
            return HolidayCalendar(uow.holidays.list())

    # Writing ----------------------------------------------------------------------
    def save_course(self, course: Course, actor: Actor = SYSTEM) -> Course:
        """Add a new course or save changes to one, checked first; returns the stored course.

        A course saved from a stale copy raises ConflictError instead of overwriting. An NGO
        coordinator changes only their own organisation's courses; a viewer nothing. Seats
        added to a course go at once to its waiting list (docs/enrolment.md).
        """
        return self.save_course_offering_seats(course, actor)[0]

    def save_course_offering_seats(self, course: Course, actor: Actor = SYSTEM) -> tuple[Course, list[Any]]:
        """save_course, and the offers made from the waiting list when seats were added."""
        Policy.require_edit_courses_of(actor, course.provider)
        require_valid_course(course, self.reference)
        with self.store.write() as uow:
            before = uow.courses.get(course.id) if course.id is not None else None
            if before is not None:
                Policy.require_edit_courses_of(actor, before.provider)
            provider = uow.providers.find(course.provider)
            if provider is None:
                raise NotFound(_("No provider called {name}.").format(name=course.provider))
            if course.id is None:
                if uow.courses.find(provider.name, course.code) is not None:
                    raise ValidationError([_duplicate_code(course)])
                course_id = uow.courses.add(replace(course, provider=provider.name), int(provider.id or 0))
            else:
                other = uow.courses.find(provider.name, course.code)
                if other is not None and other.id != course.id:
                    raise ValidationError([_duplicate_code(course)])
                uow.courses.update(course)
                course_id = course.id
            uow.providers.touch_list(int(provider.id or 0))
            stored = uow.courses.get(course_id)
            offers: list[Any] = []
            if before is not None and stored.seats > before.seats and self.seats_added is not None:
                offers = self.seats_added(uow, actor, stored)
            return stored, offers

    def cancel_course(self, course_id: int, actor: Actor = SYSTEM) -> Course:
        with self.store.write() as uow:
            Policy.require_edit_courses_of(actor, uow.courses.get(course_id).provider)
            uow.courses.set_status(course_id, CourseStatus.CANCELLED)
            return uow.courses.get(course_id)

    def save_provider(self, provider: Provider, actor: Actor = SYSTEM) -> Provider:
        """Staff add providers; an NGO coordinator may change only their own provider's record."""
        if provider.id is None and not Policy.is_staff(actor):
            raise PermissionDenied(_("Only Employment Office staff can add a provider."))
        if provider.id is not None:
            Policy.require_edit_courses_of(actor, self.provider_name(provider.id))
        problems = provider_problems(provider)
        if problems:
            raise ValidationError(problems)
        with self.store.write() as uow:
            if provider.id is None:
                if uow.providers.find(provider.name) is not None:
                    raise ValidationError([_duplicate_provider(provider)])
                return uow.providers.add(provider)
            _require_licence_kept(actor, uow.providers.get(provider.id), provider)
            return uow.providers.update(provider)

    def provider_name(self, provider_id: int) -> str:
        with self.store.read() as uow:
            return uow.providers.get(provider_id).name

    def save_holiday_adjustment(self, adjustment: HolidayAdjustment, actor: Actor) -> None:
        """A holiday moved by decree changes every provider's calendar: staff only."""
        _require_holiday_editor(actor)
        with self.store.write() as uow:
            uow.holidays.save(adjustment)

    def remove_holiday_adjustment(self, day: date, actor: Actor) -> None:
        _require_holiday_editor(actor)
        with self.store.write() as uow:
            uow.holidays.delete(day)


def _require_holiday_editor(actor: Actor) -> None:
    if not Policy.is_staff(actor):
        raise PermissionDenied(_("Only Employment Office staff and administrators can do this."))


def course_and_calendar_in(uow: UnitOfWork, provider: str, code: str) -> tuple[Course, HolidayCalendar]:
    """The course and the holiday calendar, inside the caller's snapshot."""
    return _found_course(uow, provider, code), HolidayCalendar(uow.holidays.list())


def _found_course(uow: UnitOfWork, provider: str, code: str) -> Course:
    course = uow.courses.find(provider, code)
    if course is None:
        raise NotFound(_("No course {code} of provider {provider}.").format(code=code, provider=provider))
    return course


def _duplicate_code(course: Course) -> Problem:
    return Problem(
        "code",
        course.code,
        _("Provider {provider} already has a course with this code.").format(provider=course.provider),
    )


def _duplicate_provider(provider: Provider) -> Problem:
    return Problem("name", provider.name, _("A provider with this name already exists."))


def _require_licence_kept(actor: Actor, stored: Provider, edited: Provider) -> None:
    """A coordinator edits their own provider, but its licence only the office changes."""
    licence = ("licence_number", "licence_issuer", "licence_valid_until")
    if not Policy.is_staff(actor) and any(getattr(stored, f) != getattr(edited, f) for f in licence):
        raise PermissionDenied(_("Only Employment Office staff can record or change a provider's licence."))
