"""The last seat cannot be given twice: copies of CourseHub (separate connections, as two
processes would have) racing to enrol into one course."""

from __future__ import annotations

import threading

import coursehub.storage
from coursehub.domain.errors import CourseHubError
from coursehub.domain.reference import load_reference
from coursehub.services.audit import AuditTrail
from coursehub.services.enrolment import CourseFull, EnrolmentService
from tests.enrolment.conftest import NGO_A

RACERS = 8


def test_racing_copies_never_overfill_a_course(world, db_path):
    course = world.course(NGO_A, "RACE", seats=3)
    people = [world.register(world.office, f"Person {n}") for n in range(RACERS)]
    barrier = threading.Barrier(RACERS, timeout=60)
    results: list[str] = []

    def race(trainee_id: int) -> None:
        store = coursehub.storage.open_store(db_path)  # the backend under test (conftest)
        service = EnrolmentService(store, AuditTrail(world.clock), load_reference(), world.clock)
        barrier.wait()
        try:
            service.enrol(world.office, trainee_id, course.id, wait_if_full=trainee_id % 2 == 0)
            results.append("ok")
        except CourseFull:
            results.append("full")
        except CourseHubError as error:  # anything else is a failure of the rule
            results.append(error.message)
        finally:
            store.close()

    threads = [threading.Thread(target=race, args=(p.id,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(set(results)) <= ["full", "ok"], results
    enrolments = world.people.enrolment.enrolments(world.office, course.id)
    statuses = [e.status.value for e in enrolments]
    assert statuses.count("enrolled") == 3
    assert statuses.count("waiting") + results.count("full") == RACERS - 3
