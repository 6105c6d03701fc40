"""Enrolment rules: consent, seats, waiting lists, trade waits, eligibility, clashes,
overrides, rosters, and what each role may not do."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from coursehub.domain.errors import ConflictError, PermissionDenied
from coursehub.domain.model import Eligibility, Gender, TargetGroup, Weekday
from coursehub.domain.trainees import EnrolmentStatus
from coursehub.services.enrolment import CourseFull, EnrolmentRefused
from tests.enrolment.conftest import NGO_A, NGO_B, OFFICE


def test_enrolment_needs_recorded_consent(world):
    course = world.course(NGO_A, "K1")
    trainee = world.register(world.office, consent=False)
    enrolment = world.people.enrolment
    with pytest.raises(PermissionDenied, match="consent"):
        enrolment.enrol(world.office, trainee.id, course.id)
    with pytest.raises(PermissionDenied, match="consent"):
        enrolment.enrol(world.office, trainee.id, course.id, wait_if_full=True)
    assert enrolment.apply(world.office, trainee.id, course.id).status is EnrolmentStatus.APPLIED
    world.people.trainees.record_consent(world.office, trainee.id)
    result = enrolment.enrol(world.office, trainee.id, course.id)
    assert result.enrolment.status is EnrolmentStatus.ENROLLED


def test_seat_limit_refuses_or_puts_on_the_waiting_list(world):
    course = world.course(NGO_A, "K1", seats=2)
    people = [world.register(world.office, name) for name in ("Ana", "Besa", "Drita", "Era")]
    enrolment = world.people.enrolment
    for person in people[:2]:
        enrolment.enrol(world.office, person.id, course.id)
    with pytest.raises(CourseFull, match="full"):
        enrolment.enrol(world.office, people[2].id, course.id)
    assert enrolment.open_seats(course.id) == 0
    for person in people[2:]:
        world.clock.moment = datetime(2027, 2, 15, 10, people.index(person))
        waiting = enrolment.enrol(world.office, person.id, course.id, wait_if_full=True)
        assert waiting.enrolment.status is EnrolmentStatus.WAITING
    assert [e.pseudonym for e in enrolment.waiting_list(world.office, course.id)] == [
        people[2].pseudonym,
        people[3].pseudonym,
    ]


def _one_seat_held_and_two_waiting(world):
    """NGO A's course K1 with its one seat held by Ana; Besa waits for it, then (a day later) Drita.
    Returns the course and the three people."""
    course = world.course(NGO_A, "K1", seats=1)
    holder, first, second = (world.register(world.office, n) for n in ("Ana", "Besa", "Drita"))
    enrolment = world.people.enrolment
    enrolment.enrol(world.office, holder.id, course.id)
    enrolment.enrol(world.office, first.id, course.id, wait_if_full=True)
    world.clock.moment = datetime(2027, 2, 16)
    enrolment.enrol(world.office, second.id, course.id, wait_if_full=True)
    return course, holder, first, second


def test_a_freed_seat_goes_to_the_first_on_the_waiting_list(world):
    course, holder, first, second = _one_seat_held_and_two_waiting(world)
    enrolment = world.people.enrolment
    result = enrolment.withdraw(world.office, holder.id, course.id)
    assert result.enrolment.status is EnrolmentStatus.WITHDRAWN
    assert [o.pseudonym for o in result.offers] == [first.pseudonym]
    statuses = {e.pseudonym: e.status for e in enrolment.enrolments(world.office, course.id)}
    assert statuses[first.pseudonym] is EnrolmentStatus.ENROLLED
    assert statuses[second.pseudonym] is EnrolmentStatus.WAITING
    promoted = world.people.audit.entries(world.admin, subject_id=first.id)
    assert any(e.action == "enrolment.promote" for e in promoted)


def test_promotion_skips_someone_who_now_has_a_clash(world):
    course, holder, busy, free = _one_seat_held_and_two_waiting(world)
    other = world.course(NGO_B, "K2", seats=5)  # same Monday 9-12 sessions
    enrolment = world.people.enrolment
    enrolment.enrol(world.office, busy.id, other.id)  # the waiting person took another course
    result = enrolment.withdraw(world.office, holder.id, course.id)
    assert [o.pseudonym for o in result.offers] == [free.pseudonym]


def test_waiting_for_a_trade_in_a_place_gets_the_first_suitable_seat_anywhere(world):
    full = world.course(NGO_A, "T1", seats=1, occupation="7531")
    holder = world.register(world.ngo_a, "Ana")
    waiter = world.register(world.ngo_b, "Besa")
    enrolment = world.people.enrolment
    enrolment.enrol(world.ngo_a, holder.id, full.id)
    outcome = enrolment.wait_for_trade(world.ngo_b, waiter.id, "753", "durres")
    assert outcome.offer is None and outcome.wait.is_open
    assert outcome.wait.municipality == "Durrës"
    released = enrolment.withdraw(world.ngo_a, holder.id, full.id)
    assert [(o.course_key, o.from_trade_wait) for o in released.offers] == [((NGO_A, "T1"), True)]
    assert released.offers[0].pseudonym == ""  # NGO A is not told who NGO B's person is
    waits = enrolment.trade_waits(world.ngo_b, waiter.id)
    assert waits[0].offered_course_id == full.id and not waits[0].is_open


def test_trade_wait_takes_a_free_seat_at_once(world):
    course = world.course(NGO_B, "T2", occupation="7531", municipality="Durrës")
    waiter = world.register(world.ngo_a, "Besa")
    outcome = world.people.enrolment.wait_for_trade(world.ngo_a, waiter.id, "7531", "Durrës")
    assert outcome.offer is not None and outcome.offer.course_key == (NGO_B, "T2")
    assert outcome.offer.pseudonym == waiter.pseudonym
    enrolled = world.people.enrolment.enrolments_of(world.ngo_a, waiter.id)
    assert [(e.course_id, e.status) for e in enrolled] == [(course.id, EnrolmentStatus.ENROLLED)]


def test_eligibility_refuses_with_reasons_and_staff_override_with_a_written_reason(world):
    women_only = Eligibility(gender=Gender.FEMALE, groups=frozenset({TargetGroup.TRAFFICKING_SURVIVOR}))
    course = world.course(NGO_A, "W1", eligibility=women_only)
    man = world.register(world.office, "Dritan", gender=Gender.MALE)
    enrolment = world.people.enrolment
    with pytest.raises(EnrolmentRefused) as refused:
        enrolment.enrol(world.office, man.id, course.id)
    assert refused.value.overridable
    assert "women only" in refused.value.message and "trafficking survivors" in refused.value.message
    with pytest.raises(PermissionDenied, match="Only Employment Office staff"):
        enrolment.enrol(
            world.ngo_a,
            world.register(world.ngo_a, "Gent", gender=Gender.MALE).id,
            course.id,
            override_reason="the NGO thinks so",
        )
    result = enrolment.enrol(
        world.office, man.id, course.id, override_reason="Referred by the court; the NGO agreed in writing"
    )
    assert result.enrolment.override_reason.startswith("Referred by the court")
    overrides = [
        e
        for e in world.people.audit.entries(world.admin, subject_id=man.id)
        if e.action == "enrolment.override"
    ]
    assert overrides and "women only" in overrides[0].after["overridden"]


def test_clash_with_another_course_is_refused_unless_overridden(world):
    monday = world.course(NGO_A, "M1")
    also_monday = world.course(NGO_B, "M2", hours=(11, 13))
    tuesday = world.course(NGO_B, "T1", day=Weekday.TU)
    trainee = world.register(world.office)
    enrolment = world.people.enrolment
    enrolment.enrol(world.office, trainee.id, monday.id)
    enrolment.enrol(world.office, trainee.id, tuesday.id)  # no clash
    with pytest.raises(EnrolmentRefused, match="sessions clash with Kursi M1") as refused:
        enrolment.enrol(world.office, trainee.id, also_monday.id)
    assert "01.03.2027" in refused.value.message
    result = enrolment.enrol(
        world.office,
        trainee.id,
        also_monday.id,
        override_reason="attends the first hour only, agreed with both",
    )
    assert result.enrolment.status is EnrolmentStatus.ENROLLED


def test_cancelled_and_ended_courses_take_nobody_even_with_a_reason(world):
    course = world.course(NGO_A, "C1")
    world.catalogue.cancel_course(course.id)
    ended = world.course(NGO_A, "E1", start=date(2027, 1, 4), end=date(2027, 2, 1))
    trainee = world.register(world.office)
    for target in (course, ended):
        with pytest.raises(EnrolmentRefused) as refused:
            world.people.enrolment.enrol(world.office, trainee.id, target.id, override_reason="x")
        assert not refused.value.overridable


def test_complete_only_after_start_and_withdraw_twice_refused(world):
    course = world.course(NGO_A, "K1")
    trainee = world.register(world.office)
    enrolment = world.people.enrolment
    enrolment.enrol(world.office, trainee.id, course.id)
    with pytest.raises(ConflictError, match="has not started"):
        enrolment.complete(world.office, trainee.id, course.id)
    world.clock.moment = datetime(2027, 5, 28, 16)
    assert enrolment.complete(world.office, trainee.id, course.id).status is EnrolmentStatus.COMPLETED
    with pytest.raises(ConflictError):
        enrolment.withdraw(world.office, trainee.id, course.id)


def test_ngo_coordinator_cannot_enrol_or_withdraw_another_ngos_trainee(world):
    course = world.course(NGO_A, "K1")
    theirs = world.register(world.ngo_b, "Besa")
    enrolment = world.people.enrolment
    with pytest.raises(PermissionDenied):
        enrolment.enrol(world.ngo_a, theirs.id, course.id)
    enrolment.enrol(world.ngo_b, theirs.id, course.id)  # their own person, any provider's course
    with pytest.raises(PermissionDenied):
        enrolment.withdraw(world.ngo_a, theirs.id, course.id)
    with pytest.raises(PermissionDenied):
        enrolment.eligible_courses(world.ngo_a, theirs.id)
    with pytest.raises(PermissionDenied, match="viewer"):
        enrolment.enrolments(world.viewer)


def test_eligible_courses_lists_fitting_courses_with_open_seats(world):
    open_course = world.course(NGO_A, "E1", occupation="7531")
    full = world.course(NGO_B, "E2", seats=1, occupation="7531")
    men_only = world.course(OFFICE, "E3", occupation="7531", eligibility=Eligibility(gender=Gender.MALE))
    world.people.enrolment.enrol(world.office, world.register(world.office, "Ana").id, full.id)
    trainee = world.register(world.ngo_a, "Besa")
    result = world.people.enrolment.eligible_courses(world.ngo_a, trainee.id, trade="7531")
    assert [c.key for c in result.eligible] == [open_course.key]
    reasons = {r.course.key: r.reasons for r in result.refused}
    assert reasons[full.key] == ("no open seats",) and reasons[men_only.key] == ("men only",)


def test_roster_uses_pseudonyms_for_protected_groups_unless_names_are_asked(world):
    course = world.course(NGO_A, "R1", seats=2)
    survivor = world.register(
        world.ngo_a, "Survivor Name", groups=frozenset({TargetGroup.TRAFFICKING_SURVIVOR})
    )
    other = world.register(world.ngo_a, "Plain Name")
    third = world.register(world.office, "Waiting Name")
    enrolment = world.people.enrolment
    for person in (survivor, other):
        enrolment.enrol(world.ngo_a, person.id, course.id)
    enrolment.enrol(world.office, third.id, course.id, wait_if_full=True)
    plain = enrolment.roster(world.ngo_a, course.id)
    assert sorted(e.label for e in plain.enrolled) == sorted([survivor.pseudonym, "Plain Name"])
    # the office's person on the NGO's own course: shown by pseudonym to the NGO
    assert [(e.label, e.position) for e in plain.waiting] == [(third.pseudonym, 1)]
    named = enrolment.roster(world.ngo_a, course.id, with_names=True)
    assert sorted(e.label for e in named.enrolled) == ["Plain Name", "Survivor Name"]
    office_view = enrolment.roster(world.office, course.id, with_names=True)
    assert [e.label for e in office_view.waiting] == ["Waiting Name"]
    prints = [
        e
        for e in world.people.audit.entries(world.admin, entity="course", entity_id=course.id)
        if e.action == "roster.print"
    ]
    assert len(prints) == 3 and prints[0].actor == "office"


def test_ngo_coordinator_gets_no_rows_for_another_providers_course_and_viewer_no_roster(world):
    course = world.course(NGO_B, "R2")
    world.people.enrolment.enrol(world.ngo_b, world.register(world.ngo_b, "Besa").id, course.id)
    roster = world.people.enrolment.roster(world.ngo_a, course.id, with_names=True)
    assert roster.course.key == course.key and roster.enrolled == () and roster.waiting == ()
    assert world.people.enrolment.enrolments(world.ngo_a, course.id) == []
    with pytest.raises(PermissionDenied):
        world.people.enrolment.roster(world.viewer, course.id)


def test_active_enrolments_give_pseudonyms_and_course_keys_only(world):
    course = world.course(NGO_A, "A1")
    trainee = world.register(world.office, "Named Person")
    world.people.enrolment.enrol(world.office, trainee.id, course.id)
    assert world.people.enrolment.active_enrolments() == [(trainee.pseudonym, (NGO_A, "A1"))]


def test_catalogue_changes_are_refused_to_viewers_and_other_ngos(world):
    theirs = world.course(NGO_B, "B1")
    catalogue = world.catalogue
    with pytest.raises(PermissionDenied, match="only the courses of Qendra Dritare"):
        catalogue.save_course(theirs, world.ngo_a)
    with pytest.raises(PermissionDenied, match="only the courses"):
        catalogue.cancel_course(theirs.id, world.ngo_a)
    with pytest.raises(PermissionDenied, match="viewer"):
        catalogue.save_course(theirs, world.viewer)
    with pytest.raises(PermissionDenied):
        catalogue.save_provider(catalogue.providers()[0], world.viewer)
    from dataclasses import replace

    with pytest.raises(PermissionDenied):  # moving another provider's course to one's own
        catalogue.save_course(replace(theirs, provider=NGO_A), world.ngo_a)
    saved = catalogue.save_course(replace(theirs, seats=9), world.ngo_b)
    assert saved.seats == 9
    assert catalogue.cancel_course(theirs.id, world.office).status.value == "cancelled"


def test_free_seats_of_a_new_course_go_to_those_waiting_for_the_trade(world):
    full = world.course(NGO_A, "F1", seats=1, occupation="7512", municipality="Krujë")
    holder = world.register(world.office, "Ana")
    waiter = world.register(world.office, "Besa")
    enrolment = world.people.enrolment
    enrolment.enrol(world.office, holder.id, full.id)
    assert enrolment.wait_for_trade(world.office, waiter.id, "7512", "Kruje").offer is None
    with pytest.raises(PermissionDenied):
        enrolment.offer_free_seats(world.ngo_a)
    new = world.course(
        NGO_B,
        "F2",
        occupation="7512",
        municipality="Krujë",
        start=date(2027, 4, 5),
        end=date(2027, 6, 25),
        day=Weekday.TH,
    )
    offers = enrolment.offer_free_seats(world.office)
    assert [(o.course_key, o.pseudonym) for o in offers] == [(new.key, waiter.pseudonym)]
    assert enrolment.offer_free_seats(world.office) == []  # the wait is closed


def test_an_application_becomes_an_enrolment(world):
    course = world.course(NGO_A, "AP")
    trainee = world.register(world.office)
    enrolment = world.people.enrolment
    applied = enrolment.apply(world.office, trainee.id, course.id)
    with pytest.raises(ConflictError, match="already has an enrolment"):
        enrolment.apply(world.office, trainee.id, course.id)
    enrolled = enrolment.enrol(world.office, trainee.id, course.id).enrolment
    assert (enrolled.id, enrolled.status) == (applied.id, EnrolmentStatus.ENROLLED)
    history = [
        e.before["status"]
        for e in world.people.audit.entries(world.admin, entity="enrolment", entity_id=applied.id)
        if e.before
    ]
    assert history == ["applied"]


def test_raising_a_courses_seats_offers_them_to_the_waiting_list_at_once(world):
    """As a withdrawal does (docs/enrolment.md): new seats go to the first people waiting."""
    from dataclasses import replace

    course = world.course(NGO_A, "K1", seats=1)
    holder, first, second, third = (world.register(world.office, n) for n in ("Ana", "Besa", "Drita", "Era"))
    enrolment = world.people.enrolment
    enrolment.enrol(world.office, holder.id, course.id)
    for person in (first, second, third):
        enrolment.enrol(world.office, person.id, course.id, wait_if_full=True)
    course = world.catalogue.course(course.id)
    saved, offers = world.catalogue.save_course_offering_seats(replace(course, seats=3), world.office)
    assert saved.seats == 3
    assert [o.pseudonym for o in offers] == [first.pseudonym, second.pseudonym]
    assert [e.trainee_id for e in enrolment.waiting_list(world.office, course.id)] == [third.id]
    # NGO A's coordinator adds one more seat to their course: it goes to the Office's person
    # waiting, whom the coordinator may not see (the offer comes back unnamed)
    saved = world.catalogue.save_course(replace(saved, seats=4), world.ngo_a)
    assert enrolment.waiting_list(world.office, course.id) == []
    assert enrolment.open_seats(course.id) == 0
    # a change that adds no seat offers nothing
    _same, offers = world.catalogue.save_course_offering_seats(
        replace(saved, title="Kursi K1 (e re)"), world.office
    )
    assert offers == []
