"""Trainees: registration, who may see whom, subject access, erasure and retention."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime

import pytest

from coursehub.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from coursehub.domain.model import TargetGroup
from coursehub.domain.people import SYSTEM
from coursehub.domain.trainees import Trainee, next_pseudonym
from tests.enrolment.conftest import NGO_A, NGO_B


def test_pseudonyms_follow_qark_year_and_number(world):
    first = world.register(world.office, "Ana", municipality="Durres")
    second = world.register(world.office, "Besa", municipality="Shijak")
    third = world.register(world.office, "Drita", municipality="Elbasan")
    assert (first.pseudonym, second.pseudonym, third.pseudonym) == (
        "DR-2027-0001",
        "DR-2027-0002",
        "EL-2027-0001",
    )
    assert first.municipality == "Durrës"  # normalised from the reference data
    assert next_pseudonym("DR", 2027, ["DR-2027-0141", "EL-2027-0500"]) == "DR-2027-0142"


def test_registration_checks_every_field_and_names_it(world):
    with pytest.raises(ValidationError) as refused:
        world.people.trainees.register(
            world.office,
            Trainee(name=" ", birth_date=date(2030, 1, 1), municipality="Atlantis", phone="call me"),
        )
    fields = {p.field for p in refused.value.problems}
    assert fields == {"name", "birth date", "municipality", "phone"}


def test_consent_is_stamped_with_the_time(world):
    trainee = world.register(world.office, consent=True)
    assert trainee.consent_at == world.clock.moment
    later = world.register(world.office, "Besa", consent=False)
    assert later.consent_at is None and not later.consent_given
    world.clock.moment = datetime(2027, 2, 20, 9, 0)
    given = world.people.trainees.record_consent(world.office, later.id)
    assert given.consent_given and given.consent_at == datetime(2027, 2, 20, 9, 0)


def test_viewer_cannot_register_list_or_read_trainees(world):
    trainee = world.register(world.office)
    trainees = world.people.trainees
    with pytest.raises(PermissionDenied, match="viewer"):
        world.register(world.viewer, "Someone")
    for attempt in (
        lambda: trainees.list(world.viewer),
        lambda: trainees.get(world.viewer, trainee.id),
        lambda: trainees.export(world.viewer, trainee.id),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_ngo_coordinator_registers_for_own_organisation_only(world):
    own = world.register(world.ngo_a, "Ana")
    assert own.organisation == NGO_A
    with pytest.raises(PermissionDenied, match="only"):
        world.register(world.ngo_a, "Besa", organisation=NGO_B)


def test_ngo_coordinator_cannot_read_change_export_or_erase_another_ngos_trainee(world):
    theirs = world.register(world.ngo_b, "Secret Person")
    office_registered = world.register(world.office, "Office Person")
    trainees = world.people.trainees
    attempts = [
        lambda: trainees.get(world.ngo_a, theirs.id),
        lambda: trainees.find(world.ngo_a, theirs.pseudonym),
        lambda: trainees.export(world.ngo_a, theirs.id),
        lambda: trainees.edit(world.ngo_a, replace(theirs, phone="+355 1")),
        lambda: trainees.erase(world.ngo_a, theirs.id),
        lambda: trainees.anonymise(world.ngo_a, theirs.id),
        lambda: trainees.get(world.ngo_a, office_registered.id),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied) as refused:
            attempt()
        assert "Secret Person" not in refused.value.message
    assert [t.name for t in trainees.list(world.ngo_a)] == []
    assert [t.name for t in trainees.list(world.ngo_b)] == ["Secret Person"]
    assert {t.name for t in trainees.list(world.office)} == {"Secret Person", "Office Person"}


def test_edit_from_a_stale_copy_is_refused_and_changes_are_audited(world):
    trainee = world.register(world.ngo_a, "Ana")
    edited = world.people.trainees.edit(world.ngo_a, replace(trainee, phone="+355 68 000 1111"))
    assert edited.version == trainee.version + 1
    with pytest.raises(ConflictError, match="changed by someone else"):
        world.people.trainees.edit(world.office, replace(trainee, name="Other"))
    entries = world.people.audit.entries(world.admin, entity="trainee", entity_id=trainee.id)
    edit = next(e for e in entries if e.action == "trainee.edit")
    assert edit.actor == "ngo_a"
    assert edit.before == {"phone": "+355 69 123 4567"} and edit.after == {"phone": "+355 68 000 1111"}


def test_ngo_coordinator_cannot_move_a_trainee_to_another_organisation(world):
    trainee = world.register(world.ngo_a, "Ana")
    with pytest.raises(PermissionDenied):
        world.people.trainees.edit(world.ngo_a, replace(trainee, organisation=NGO_B))


def test_subject_access_export_holds_everything_and_is_audited(world):
    course = world.course(NGO_A, "K1")
    trainee = world.register(world.ngo_a, "Ana Kola", groups=frozenset({TargetGroup.AT_RISK}))
    world.people.enrolment.enrol(world.ngo_a, trainee.id, course.id)
    data = world.people.trainees.export(world.ngo_a, trainee.id)
    json.dumps(data)  # JSON-ready
    assert data["person"]["name"] == "Ana Kola" and data["person"]["groups"] == ["at_risk"]
    assert data["enrolments"][0]["course_code"] == "K1"
    assert data["enrolments"][0]["status"] == "enrolled"
    actions = [h["action"] for h in data["history"]]
    assert "trainee.register" in actions and "enrolment.change" in actions
    after = world.people.trainees.export(world.ngo_a, trainee.id)
    assert "trainee.export" in [h["action"] for h in after["history"]]


def test_erasure_removes_the_person_and_makes_their_audit_values_unreadable(world, store):
    trainee = world.register(world.office, "Erjona Gashi")
    world.people.trainees.erase(world.office, trainee.id)
    with pytest.raises(NotFound):
        world.people.trainees.get(world.office, trainee.id)
    entries = world.people.audit.entries(world.admin, entity="trainee", entity_id=trainee.id)
    register = next(e for e in entries if e.action == "trainee.register")
    assert register.erased and register.after is None
    assert any(e.action == "trainee.erase" for e in entries)
    with store.read() as uow:
        raw = [str(r) for r in uow.audit.rows(entity="trainee", entity_id=trainee.id)]
    assert not any("Erjona" in text for text in raw)


def test_anonymise_on_request_keeps_counts_and_drops_identity(world):
    course = world.course(NGO_A, "K1")
    trainee = world.register(world.office, "Ana Kola", municipality="Shijak")
    world.people.enrolment.enrol(world.office, trainee.id, course.id)
    anonymous, _offers = world.people.trainees.anonymise(world.office, trainee.id)
    assert anonymous.name == "" and anonymous.phone == "" and anonymous.is_anonymised
    assert anonymous.birth_date == date(1998, 1, 1) and anonymous.municipality == "Durrës"
    assert (course.id, "withdrawn", 1) in world.people.enrolment.counts()
    with pytest.raises(ConflictError):
        world.people.enrolment.enrol(world.office, trainee.id, course.id)


def test_retention_anonymises_after_five_years_from_the_last_course(world, store):
    course = world.course(NGO_A, "OLD", start=date(2027, 3, 1), end=date(2027, 5, 28))
    later = world.course(NGO_A, "LATER", start=date(2027, 9, 6), end=date(2027, 11, 26))
    former = world.register(world.office, "Former Trainee")
    recent = world.register(world.office, "Recent Trainee")
    never = world.register(world.office, "Never Enrolled")
    world.people.enrolment.enrol(world.office, former.id, course.id)
    world.people.enrolment.enrol(world.office, recent.id, later.id)
    with store.write() as uow:
        uow.trainees.set_registered_at(never.id, datetime(2020, 1, 1))
    trainees = world.people.trainees
    assert trainees.get(world.office, former.id).last_course_date == date(2027, 5, 28)
    assert trainees.apply_retention(world.admin, today=date(2032, 5, 28)) == 1  # never enrolled
    assert trainees.apply_retention(world.admin, today=date(2032, 5, 29)) == 1  # former
    assert trainees.get(world.office, former.id).is_anonymised
    assert not trainees.get(world.office, recent.id).is_anonymised
    assert trainees.get(world.office, never.id).is_anonymised
    assert (course.id, "enrolled", 1) in world.people.enrolment.counts()  # the count stays


def test_retention_period_is_set_by_the_administrator(world):
    trainees = world.people.trainees
    with pytest.raises(PermissionDenied):
        trainees.set_retention_years(world.office, 2)
    with pytest.raises(ValidationError):
        trainees.set_retention_years(world.admin, 0)
    trainees.set_retention_years(world.admin, 2)
    assert trainees.retention_years() == 2
    with pytest.raises(PermissionDenied):
        trainees.apply_retention(world.office)
    assert trainees.apply_retention(SYSTEM) == 0


def test_retention_runs_once_a_day_at_login(world, store):
    trainee = world.register(world.office, "Old Record")
    with store.write() as uow:
        uow.trainees.set_registered_at(trainee.id, datetime(2019, 1, 1))
    world.people.login("office", "correct horse battery")
    assert world.people.trainees.get(world.office, trainee.id).is_anonymised
    assert world.people.apply_retention_if_due() == 0
