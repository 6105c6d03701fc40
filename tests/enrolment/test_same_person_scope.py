"""The same person twice: likely matches come only from the people the user may see; the
command line registers anyway and warns with pseudonyms; a confirmed "different person" is audited."""

from __future__ import annotations

from datetime import date

from coursehub.domain.trainees import Trainee
from tests.enrolment.conftest import NGO_A
from tests.enrolment.test_people_cli import _register, cli, template_db  # noqa: F401 (fixtures)

BORN = date(1998, 5, 4)


def _new(name: str, born: date = BORN) -> Trainee:
    return Trainee(name=name, birth_date=born, municipality="Durrës")


def test_a_coordinator_is_offered_only_their_own_organisations_people(world):
    own = world.register(world.ngo_a, "Arbër Hoxha", born=BORN)
    other = world.register(world.ngo_b, "Arber Hoxha", born=BORN)
    service = world.people.trainees
    assert [m.pseudonym for m in service.likely_duplicates(world.ngo_a, _new("HOXHA ARBER"))] == [
        own.pseudonym
    ]
    assert [m.pseudonym for m in service.likely_duplicates(world.ngo_b, _new("Hoxha Arbër"))] == [
        other.pseudonym
    ]
    office_sees = {m.pseudonym for m in service.likely_duplicates(world.office, _new("Arber  Hoxha"))}
    assert office_sees == {own.pseudonym, other.pseudonym}


def test_different_people_and_other_birth_dates_are_not_offered(world):
    world.register(world.ngo_a, "Arta Hoxha", born=BORN)
    world.register(world.ngo_a, "Agron Basha", born=date(1970, 5, 12))
    service = world.people.trainees
    assert service.likely_duplicates(world.ngo_a, _new("Arta Hoxhaj")) == []
    assert service.likely_duplicates(world.ngo_a, _new("Agron Basha", date(1996, 5, 12))) == []


def test_confirming_a_different_person_is_recorded_in_the_audit_log(world):
    first = world.register(world.ngo_a, "Ilir Dulla", born=BORN)
    added = world.people.trainees.register(
        world.ngo_a, _new("Ilir Dula"), confirmed_different_from=[first.pseudonym]
    )
    entries = world.people.audit.entries(world.admin, subject_id=added.id)
    confirmed = [e for e in entries if e.action == "trainee.not_duplicate"]
    assert len(confirmed) == 1 and confirmed[0].after == {"different_from": [first.pseudonym]}
    assert added.organisation == NGO_A


def test_trainee_add_still_registers_and_warns_with_pseudonyms_only_in_scope(cli):  # noqa: F811
    first = _register(cli, "ngo_a", "Arbër Hoxha")
    code, out, err = cli(
        "trainee", "add", "--name", "ARBER  HOXHA", "--born", "04.05.1998", "--gender", "female",
        "--municipality", "Durres", user="ngo_a",
    )  # fmt: skip
    assert code == 0 and "Registered" in out
    assert first in err and "same name and birth date" in err
    assert "Hoxha" not in err
    # Another organisation registering the same name hears nothing about ngo_a's person.
    code, out, err = cli(
        "trainee", "add", "--name", "Hoxha Arbër", "--born", "04.05.1998", "--gender", "female",
        "--municipality", "Durres", user="ngo_b",
    )  # fmt: skip
    assert code == 0 and first not in err and "Warning" not in err
