"""People fixtures: a cheap password hasher, a fixed clock, users of every role, and a small
hand-made catalogue of two NGOs and the Employment Office."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

import pytest
from argon2 import PasswordHasher

from coursehub.domain.model import (
    Course,
    Education,
    Eligibility,
    Gender,
    Provider,
    ProviderKind,
    TargetGroup,
    Weekday,
    WeeklySession,
)
from coursehub.domain.people import Role
from coursehub.domain.trainees import Trainee
from coursehub.domain.users import User
from coursehub.services.catalogue import CatalogueService
from coursehub.services.people_wiring import PeopleServices

PASSWORD = "correct horse battery"
OFFICE = "Zyra e Punës Durrës"
NGO_A = "Qendra Dritare"
NGO_B = "Shoqata Ura"


def cheap_hasher() -> PasswordHasher:
    """Tests only: argon2id with tiny costs, so a login takes microseconds."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment
        self.slept: list[float] = []

    def __call__(self) -> datetime:
        return self.moment

    def sleep(self, seconds: float) -> None:
        """What the login throttle calls instead of time.sleep: time passes, nobody waits."""
        self.slept.append(seconds)
        self.moment += timedelta(seconds=seconds)


@dataclass
class World:
    people: PeopleServices
    catalogue: CatalogueService
    clock: Clock
    admin: object
    office: object
    ngo_a: object
    ngo_b: object
    viewer: object

    def course(
        self,
        provider: str,
        code: str,
        *,
        seats: int = 3,
        day: Weekday = Weekday.MO,
        start: date = date(2027, 3, 1),
        end: date = date(2027, 5, 28),
        hours: tuple[int, int] = (9, 12),
        eligibility: Eligibility | None = None,
        occupation: str = "7531",
        municipality: str = "Durrës",
    ) -> Course:
        return self.catalogue.save_course(
            Course(
                provider=provider,
                code=code,
                title=f"Kursi {code}",
                occupation=occupation,
                municipality=municipality,
                start=start,
                end=end,
                sessions=(WeeklySession(day, time(hours[0]), time(hours[1])),),
                seats=seats,
                eligibility=eligibility or Eligibility(),
            )
        )

    def register(
        self,
        actor,
        name: str = "Arta Hoxha",
        *,
        consent: bool = True,
        groups: frozenset[TargetGroup] = frozenset(),
        born: date = date(1998, 5, 4),
        gender: Gender | None = Gender.FEMALE,
        organisation: str | None = None,
        municipality: str = "Durrës",
    ) -> Trainee:
        return self.people.trainees.register(
            actor,
            Trainee(
                name=name,
                birth_date=born,
                gender=gender,
                education=Education.BASIC,
                municipality=municipality,
                phone="+355 69 123 4567",
                groups=groups,
                consent_given=consent,
                organisation=organisation,
            ),
        )


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2027, 2, 15, 10, 0))


@pytest.fixture
def people(store, clock) -> PeopleServices:
    from coursehub.domain.reference import load_reference

    services = PeopleServices(store, load_reference(), clock, sleep=clock.sleep)
    services.password_hasher = cheap_hasher()
    return services


@pytest.fixture
def world(store, people, clock) -> World:
    catalogue = CatalogueService(store, people.reference, seats_added=people.enrolment.seats_added)
    catalogue.save_provider(Provider(OFFICE, ProviderKind.EMPLOYMENT_OFFICE))
    catalogue.save_provider(Provider(NGO_A, ProviderKind.NGO, licence_number="L-1"))
    catalogue.save_provider(Provider(NGO_B, ProviderKind.NGO, licence_number="L-2"))
    admin = people.auth.setup("admin", PASSWORD).actor()
    actors = {}
    for name, role, org in (
        ("office", Role.OFFICE_STAFF, None),
        ("ngo_a", Role.NGO_COORDINATOR, NGO_A),
        ("ngo_b", Role.NGO_COORDINATOR, NGO_B),
        ("viewer", Role.VIEWER, None),
    ):
        actors[name] = people.auth.add_user(admin, User(name, role, org), PASSWORD).actor()
    return World(people, catalogue, clock, admin, **actors)
