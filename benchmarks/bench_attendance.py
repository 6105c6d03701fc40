"""Attendance benchmark: what a coordinator waits for, on a real database file.

    python3 benchmarks/bench_attendance.py --courses 80 --class-size 25

Builds COURSES courses of 20 weeks, three sessions a week (about 60 held dates each), with
CLASS-SIZE people enrolled in each, then reports: recording one session for a whole class
(one transaction, every mark audited with the person's key); the course's grid (register
dates with holidays, marks, rates, the dropout run); the needs-attention list over every
enrolled person; and the register exported to XLSX and read back (all cells checked).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import date, datetime
from datetime import time as clock_time
from pathlib import Path

from argon2 import PasswordHasher

from coursehub.domain.attendance import Mark
from coursehub.domain.model import Course, Education, Gender, Provider, ProviderKind, Weekday, WeeklySession
from coursehub.domain.reference import load_reference
from coursehub.domain.trainees import Trainee
from coursehub.services.attendance import MarkChange
from coursehub.services.catalogue import CatalogueService
from coursehub.services.people_wiring import PeopleServices
from coursehub.storage import open_store

PASSWORD = "benchmark password"
START = date(2027, 2, 1)
NOW = datetime(2027, 6, 18, 18, 0)  # the courses' last week


def summary(label: str, seconds: list[float]) -> None:
    ms = sorted(s * 1000 for s in seconds)
    p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
    print(f"{label:<52} n={len(ms):>5}  median {statistics.median(ms):8.2f} ms  p95 {p95:8.2f} ms")


def timed(action) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def run(courses: int, class_size: int, folder: Path) -> None:
    store = open_store(folder / "attendance.db")
    PeopleServices.password_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    people = PeopleServices(store, load_reference(), lambda: NOW)
    catalogue = CatalogueService(store, people.reference)
    catalogue.save_provider(Provider("QFP Durrës", ProviderKind.PUBLIC_QFP))
    people.auth.setup("admin", PASSWORD)
    admin = people.login("admin", PASSWORD)
    built = []
    for number in range(courses):
        course = catalogue.save_course(
            Course(
                provider="QFP Durrës",
                code=f"B-{number:03d}",
                title=f"Kurs {number}",
                occupation="7531",
                municipality="Durrës",
                start=START,
                end=date(2027, 6, 18),
                sessions=tuple(
                    WeeklySession(d, clock_time(9), clock_time(12))
                    for d in (Weekday.MO, Weekday.WE, Weekday.FR)
                ),
                seats=class_size,
            )
        )
        ids = []
        for seat in range(class_size):
            person = people.trainees.register(
                admin,
                Trainee(
                    f"Person {number} {seat}",
                    date(1995, 1, 1),
                    Gender.FEMALE,
                    Education.BASIC,
                    "Durrës",
                    consent_given=True,
                ),
            )
            people.enrolment.enrol(
                admin, int(person.id or 0), int(course.id or 0), override_reason="benchmark"
            )
            ids.append(int(person.id or 0))
        built.append((int(course.id or 0), ids))
    held = people.attendance.grid(admin, built[0][0]).held
    print(f"{courses} courses x {class_size} people, {len(held)} held sessions each")

    record_times = []
    for course_id, ids in built:
        for index, day in enumerate(held):
            changes = [
                MarkChange(
                    tid,
                    day,
                    Mark.ABSENT
                    if (tid + index) % 9 == 0 or (index > len(held) - 4 and tid % 7 == 0)
                    else Mark.PRESENT,
                )
                for tid in ids
            ]
            record_times.append(timed(lambda c=course_id, ch=changes: people.attendance.record(admin, c, ch)))
    summary(f"record one session for a class of {class_size}", record_times)
    summary(
        "grid of one course", [timed(lambda c=c: people.attendance.grid(admin, c)) for c, _ids in built[:20]]
    )
    found: list = []
    summary(
        f"needs attention over {courses * class_size} people",
        [timed(lambda: found.append(people.attendance.at_risk(admin))) for _ in range(5)],
    )
    print(f"  ({len(found[-1])} at risk)")
    register = folder / "register.xlsx"
    summary(
        "export the register to XLSX",
        [timed(lambda: people.attendance.export_register(admin, built[0][0], register))],
    )
    summary(
        "import it back (every cell checked, nothing changed)",
        [timed(lambda: people.attendance.import_register(admin, register))],
    )
    store.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--courses", type=int, default=80)
    parser.add_argument("--class-size", type=int, default=25)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        run(args.courses, args.class_size, Path(folder))
    return 0


if __name__ == "__main__":
    sys.exit(main())
