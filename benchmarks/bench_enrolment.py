"""Enrolment benchmark: what a coordinator waits for, on a real database file.

    python3 benchmarks/bench_enrolment.py --trainees 2000

Reports the cost of one login with the production argon2id parameters; registering a
person; one enrolment (consent, eligibility, clash check against the person's other
courses, seat count, audit entry sealed with the person's key, all in one BEGIN IMMEDIATE
transaction with synchronous=FULL); a waiting-list promotion on withdrawal; printing a
roster; and the retention pass over every registered person.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

from argon2 import PasswordHasher

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import (
    Course,
    Education,
    Gender,
    Provider,
    ProviderKind,
    Weekday,
    WeeklySession,
)
from coursehub.domain.people import Role
from coursehub.domain.reference import load_reference
from coursehub.domain.trainees import Trainee
from coursehub.domain.users import User
from coursehub.services.catalogue import CatalogueService
from coursehub.services.people_wiring import PeopleServices
from coursehub.storage import open_store

PASSWORD = "benchmark password"
TOWNS = ["Durrës", "Elbasan", "Krujë", "Shijak", "Cërrik", "Peqin"]


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def summary(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{label:<48} n={len(ms):>6}  median {statistics.median(ms):8.2f} ms  p95 {p95:8.2f} ms")


def run(trainees: int, folder: Path) -> None:
    production = PasswordHasher()
    hashed = production.hash(PASSWORD)
    summary(
        "argon2id verify (production defaults)",
        [timed(lambda: production.verify(hashed, PASSWORD)) for _ in range(10)],
    )

    store = open_store(folder / "bench.db")
    clock = lambda: datetime(2027, 2, 1, 9)  # noqa: E731
    people = PeopleServices(store, load_reference(), clock)
    people.password_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    catalogue = CatalogueService(store, people.reference)
    catalogue.save_provider(Provider("Bench QFP", ProviderKind.PUBLIC_QFP))
    courses = []
    for n in range(max(10, trainees // 20)):
        day = Weekday(n % 5)
        courses.append(
            catalogue.save_course(
                Course(
                    provider="Bench QFP",
                    code=f"B{n:04d}",
                    title=f"Kursi {n}",
                    occupation="7531",
                    municipality=TOWNS[n % len(TOWNS)],
                    start=date(2027, 3, 1),
                    end=date(2027, 6, 30),
                    sessions=(WeeklySession(day, clock_time(9 + n % 3 * 3), clock_time(11 + n % 3 * 3)),),
                    seats=25,
                )
            )
        )
    admin = people.auth.setup("admin", PASSWORD).actor()
    office = people.auth.add_user(admin, User("office", Role.OFFICE_STAFF), PASSWORD).actor()

    registered = []
    register_times = []
    for n in range(trainees):
        trainee = Trainee(
            name=f"Person {n}",
            birth_date=date(1990 + n % 15, 1 + n % 12, 1),
            gender=Gender.FEMALE if n % 2 else Gender.MALE,
            education=Education.BASIC,
            municipality=TOWNS[n % len(TOWNS)],
            consent_given=True,
        )
        register_times.append(timed(lambda t=trainee: registered.append(people.trainees.register(office, t))))
    summary("register a person", register_times)

    enrol_times = []
    for index, trainee in enumerate(registered):
        for k in range(3):  # three courses each, different weekdays: clash checks run
            course = courses[(index + k * 7) % len(courses)]
            enrol_times.append(timed(lambda c=course, t=trainee: _try_enrol(people, office, t, c)))
    summary("enrol (checks + seat + audit, one transaction)", enrol_times)

    withdraw_times = []
    for trainee in registered[: min(200, len(registered))]:
        enrolments = people.enrolment.enrolments_of(office, int(trainee.id or 0))
        held = [e for e in enrolments if e.status.holds_seat]
        if held:
            withdraw_times.append(
                timed(
                    lambda e=held[0], t=trainee: people.enrolment.withdraw(
                        office, int(t.id or 0), e.course_id
                    )
                )
            )
    summary("withdraw (with waiting-list promotion)", withdraw_times)

    summary(
        "roster of a full course (audited print)",
        [timed(lambda c=c: people.enrolment.roster(office, int(c.id or 0), True)) for c in courses[:50]],
    )
    summary(
        "retention pass anonymising everyone",
        [timed(lambda: people.trainees.apply_retention(admin, today=date(2033, 1, 1)))],
    )
    store.close()


def _try_enrol(people: PeopleServices, actor, trainee: Trainee, course: Course) -> None:
    # A clash or an age limit refuses: still a full check, counted in the time.
    with contextlib.suppress(CourseHubError):
        people.enrolment.enrol(actor, int(trainee.id or 0), int(course.id or 0), wait_if_full=True)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--trainees", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        run(args.trainees, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
