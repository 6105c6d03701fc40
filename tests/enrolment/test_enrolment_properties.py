"""Whatever order people are enrolled, put on waiting lists and withdrawn in, no course holds
more people than seats, a free seat never sits beside a waiting list of people who fit, and
the waiting list keeps its order."""

from __future__ import annotations

import itertools
from datetime import timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coursehub.domain.errors import CourseHubError
from coursehub.domain.trainees import EnrolmentStatus
from tests.enrolment.conftest import NGO_A

PEOPLE = 6
_course_numbers = itertools.count(1)
operations = st.lists(
    st.tuples(st.sampled_from(["enrol", "wait", "withdraw"]), st.integers(0, PEOPLE - 1)),
    min_size=1,
    max_size=14,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=operations)
def test_seats_and_waiting_list_hold_under_any_sequence(world, steps):
    course = world.course(NGO_A, f"P{next(_course_numbers)}", seats=2)
    people = [world.register(world.office, f"Person {n}") for n in range(PEOPLE)]
    enrolment = world.people.enrolment
    joined_waiting: list[str] = []
    for action, who in steps:
        world.clock.moment += timedelta(minutes=1)
        person = people[who]
        try:
            if action == "withdraw":
                enrolment.withdraw(world.office, person.id, course.id)
            else:
                result = enrolment.enrol(world.office, person.id, course.id, wait_if_full=action == "wait")
                if result.enrolment.status is EnrolmentStatus.WAITING:
                    # Someone who left the list and joins again goes to its end.
                    if person.pseudonym in joined_waiting:
                        joined_waiting.remove(person.pseudonym)
                    joined_waiting.append(person.pseudonym)
        except CourseHubError:
            pass  # refused (full, nothing to withdraw, already enrolled): the state must still hold
        rows = enrolment.enrolments(world.office, course.id)
        seated = [e for e in rows if e.status.holds_seat]
        waiting = [e.pseudonym for e in enrolment.waiting_list(world.office, course.id)]
        assert len(seated) <= course.seats
        assert not waiting or len(seated) == course.seats
        assert waiting == [p for p in joined_waiting if p in waiting]  # first come, first served
