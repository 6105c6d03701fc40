"""Attendance through the services: recording, the grid, the dropout warning, the
completion threshold and outcomes, each scoped by role and audited."""

from __future__ import annotations

from datetime import datetime

import pytest

from coursehub.domain.attendance import Mark, NonCompletion, Outcome
from coursehub.domain.errors import PermissionDenied, ValidationError
from coursehub.domain.trainees import EnrolmentStatus
from coursehub.services.attendance import MarkChange
from coursehub.services.enrolment import BelowThreshold
from tests.enrolment.conftest import NGO_A, NGO_B


@pytest.fixture
def course_with_people(world):
    """An NGO A course with one trainee of NGO A and one of NGO B, after six sessions."""
    course = world.course(NGO_A, "ATT", seats=5)
    mine = world.register(world.ngo_a, "Arta Hoxha", organisation=NGO_A)
    theirs = world.register(world.ngo_b, "Besa Leka", organisation=NGO_B)
    for trainee in (mine, theirs):
        world.people.enrolment.enrol(world.office, trainee.id, course.id)
    world.clock.moment = datetime(2027, 5, 28, 18)
    held = world.people.attendance.grid(world.office, course.id).held
    return course, mine, theirs, held


def _record(world, actor, course, trainee, days, letters):
    marks = {"P": Mark.PRESENT, "A": Mark.ABSENT, "E": Mark.EXCUSED}
    changes = [MarkChange(trainee.id, d, marks[c]) for d, c in zip(days, letters, strict=False)]
    return world.people.attendance.record(actor, course.id, changes)


def test_holidays_are_not_columns_one_can_mark(world, course_with_people):
    course, mine, _theirs, held = course_with_people
    grid = world.people.attendance.grid(world.office, course.id)
    holidays = [s.day for s in grid.sessions if not s.is_held]
    assert holidays and not set(holidays) & set(held)
    with pytest.raises(ValidationError, match="no session on this date"):
        world.people.attendance.record(
            world.office, course.id, [MarkChange(mine.id, holidays[0], Mark.PRESENT)]
        )


def test_recording_is_all_or_nothing_and_audited(world, course_with_people):
    course, mine, theirs, held = course_with_people
    with pytest.raises(ValidationError):
        world.people.attendance.record(
            world.office,
            course.id,
            [
                MarkChange(mine.id, held[0], Mark.PRESENT),
                MarkChange(theirs.id, datetime(2027, 3, 2).date(), Mark.ABSENT),
            ],
        )
    assert world.people.attendance.grid(world.office, course.id).rows[0].marks == {}
    assert _record(world, world.office, course, mine, held, "PPA") == 3
    assert _record(world, world.office, course, mine, held, "PPA") == 0  # unchanged: nothing written
    entries = world.people.audit.entries(world.admin, entity="enrolment")
    recorded = [e for e in entries if e.action == "attendance.record"]
    assert len(recorded) == 3
    assert recorded[-1].after["mark"] in ("present", "absent")


def test_a_coordinator_sees_and_records_only_their_own_trainees(world, course_with_people):
    course, mine, theirs, held = course_with_people
    _record(world, world.office, course, theirs, held, "AAA")
    grid = world.people.attendance.grid(world.ngo_a, course.id)
    assert [r.pseudonym for r in grid.rows] == [mine.pseudonym]
    assert grid.hidden == 1
    with pytest.raises(ValidationError, match="Not enrolled"):
        _record(world, world.ngo_a, course, theirs, held, "P")
    assert world.people.attendance.at_risk(world.ngo_a) == []
    assert [a.pseudonym for a in world.people.attendance.at_risk(world.ngo_b)] == [theirs.pseudonym]
    with pytest.raises(PermissionDenied):
        world.people.attendance.grid(world.viewer, course.id)
    with pytest.raises(PermissionDenied):
        world.people.attendance.at_risk(world.viewer)


def test_three_absences_in_a_row_put_a_person_at_risk(world, course_with_people):
    course, mine, _theirs, held = course_with_people
    _record(world, world.office, course, mine, held, "PAEAA")
    row = world.people.attendance.grid(world.office, course.id).rows[0]
    assert (row.absences_in_a_row, row.at_risk) == (3, True)
    at_risk = world.people.attendance.at_risk(world.office)
    assert [(a.pseudonym, a.absences_in_a_row) for a in at_risk] == [(mine.pseudonym, 3)]
    world.people.attendance.change_settings(world.admin, dropout=4)
    assert world.people.attendance.at_risk(world.office) == []
    with pytest.raises(PermissionDenied):
        world.people.attendance.change_settings(world.office, dropout=2)


def test_completion_below_the_threshold_needs_a_staff_reason(world, course_with_people):
    course, mine, theirs, held = course_with_people
    _record(world, world.office, course, mine, held, "PPPPAA")  # 66.7%
    _record(world, world.office, course, theirs, held, "PPPPAE")  # 80% exactly: excused left out
    with pytest.raises(BelowThreshold, match="4 of 6"):
        world.people.enrolment.complete(world.ngo_a, mine.id, course.id)
    with pytest.raises(PermissionDenied):
        world.people.enrolment.complete(world.ngo_a, mine.id, course.id, override_reason="ill, agreed")
    done = world.people.enrolment.complete(world.office, mine.id, course.id, override_reason="ill, agreed")
    assert done.status is EnrolmentStatus.COMPLETED
    outcome = world.people.enrolment.outcome_of(world.office, mine.id, course.id)
    assert (outcome.outcome, outcome.threshold_override_reason) == (Outcome.COMPLETED, "ill, agreed")
    assert outcome.completed_on == world.clock().date()
    assert (
        world.people.enrolment.complete(world.ngo_b, theirs.id, course.id).status is EnrolmentStatus.COMPLETED
    )
    overrides = [
        e for e in world.people.audit.entries(world.admin) if e.action == "enrolment.completion_override"
    ]
    assert len(overrides) == 1 and overrides[0].after["reason"] == "ill, agreed"


def test_a_course_threshold_and_courses_without_marks(world, course_with_people):
    course, mine, _theirs, held = course_with_people
    world.people.attendance.set_threshold(world.ngo_a, course.id, 60)
    with pytest.raises(PermissionDenied):
        world.people.attendance.set_threshold(world.ngo_b, course.id, 10)
    _record(world, world.office, course, mine, held, "PPPPAA")
    assert (
        world.people.enrolment.complete(world.office, mine.id, course.id).status is EnrolmentStatus.COMPLETED
    )
    other = world.course(NGO_B, "NOMARKS")
    trainee = world.register(world.ngo_b, "Drita Lika", organisation=NGO_B)
    world.clock.moment = datetime(2027, 2, 20)
    world.people.enrolment.enrol(world.office, trainee.id, other.id)
    world.clock.moment = datetime(2027, 5, 28, 18)
    assert (
        world.people.enrolment.complete(world.ngo_b, trainee.id, other.id).status is EnrolmentStatus.COMPLETED
    )


def test_did_not_complete_records_why_and_frees_the_seat(world, course_with_people):
    course, mine, _theirs, _held = course_with_people
    outcome = world.people.enrolment.end_without_completing(
        world.ngo_a, mine.id, course.id, NonCompletion.FOUND_WORK
    )
    assert outcome.enrolment.status is EnrolmentStatus.WITHDRAWN
    stored = world.people.enrolment.outcome_of(world.office, mine.id, course.id)
    assert (stored.outcome, stored.reason) == (Outcome.DID_NOT_COMPLETE, NonCompletion.FOUND_WORK)
    assert world.people.enrolment.open_seats(course.id) == 4


def test_the_persons_export_holds_their_marks_and_anonymising_forgets_notes(world, course_with_people):
    course, mine, _theirs, held = course_with_people
    world.people.attendance.record(
        world.office,
        course.id,
        [
            MarkChange(mine.id, held[0], Mark.EXCUSED, "at the clinic with her son"),
            MarkChange(mine.id, held[1], Mark.PRESENT),
        ],
    )
    exported = world.people.trainees.export(world.office, mine.id)
    marks = exported["enrolments"][0]["attendance"]
    assert [(m["date"], m["mark"], m["note"]) for m in marks] == [
        (held[0].isoformat(), "excused", "at the clinic with her son"),
        (held[1].isoformat(), "present", ""),
    ]
    assert exported["enrolments"][0]["outcome"] is None
    world.people.trainees.anonymise(world.office, mine.id)
    grid = world.people.attendance.grid(world.office, course.id)
    assert all(row.pseudonym != mine.pseudonym for row in grid.rows)  # an anonymised person is not listed
    with world.people.store.read() as uow:  # the marks themselves stay, for anonymous counts
        kept = [
            (m.day, m.mark, m.note) for m in uow.attendance.for_course(course.id) if m.trainee_id == mine.id
        ]
    assert kept == [(held[0], Mark.EXCUSED, ""), (held[1], Mark.PRESENT, "")]


def test_erasing_a_person_completely_removes_their_marks(world, course_with_people):
    course, mine, theirs, held = course_with_people
    _record(world, world.office, course, mine, held, "PA")
    _record(world, world.office, course, theirs, held, "P")
    world.people.trainees.erase(world.office, mine.id)
    with world.people.store.read() as uow:
        assert [m.trainee_id for m in uow.attendance.for_course(course.id)] == [theirs.id]
