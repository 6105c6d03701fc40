"""Issue 13, findings 1, 3, 4 and 5: once accounts exist the command line acts only as a
logged-in user with the right role; holidays, user names, failed logins and record numbers
give nothing away."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from coursehub.domain.errors import PermissionDenied, ValidationError
from coursehub.domain.model import HolidayAdjustment
from coursehub.domain.people import Role
from coursehub.domain.users import User
from coursehub.services.audit import Action
from coursehub.services.auth import AuthenticationFailed
from coursehub.services.login_guard import LoginThrottled
from coursehub.services.people_wiring import PeopleServices
from tests.enrolment import test_people_cli
from tests.enrolment.conftest import PASSWORD
from tests.enrolment.test_people_cli import NGO_A, _register

# The command-line fixtures of test_people_cli: a set-up database with one user per role.
template_db = test_people_cli.template_db
cli = test_people_cli.cli

COURSES_CSV = (
    "Kodi,Emri i kursit,ISCO,Bashkia,Data e fillimit,Data e mbarimit,Ditët,Ora,Vende\n"
    "QFPD-NEW-01,Kurs i ri,7531,Durrës,2027-03-01,2027-05-28,E hënë,09:00-12:00,12\n"
)


def _audit(cli, action: str) -> list[dict]:
    code, out, _err = cli("audit", "--json", "--limit", "1000", user="admin")
    assert code == 0
    return [e for e in json.loads(out)["audit"] if e["action"] == action]


# Finding 1 --------------------------------------------------------------------------------
def test_writing_importing_and_backing_up_need_a_logged_in_user_once_accounts_exist(cli, tmp_path):
    courses = tmp_path / "courses.csv"
    courses.write_text(COURSES_CSV, encoding="utf-8")
    backup = tmp_path / "copy.db"
    before = cli("courses", "--json")[1]  # reading the public catalogue needs no login
    for args in (
        ("import", str(courses), "--provider", "QFP Durrës", "--cancel-missing"),
        ("needs", "import", str(courses)),
        ("exchange", "import", str(tmp_path / "missing.xlsx")),
        ("backup", "-o", str(backup)),
        ("demo",),
        ("acknowledge", "abc", "--reason", "known"),
    ):
        code, _out, err = cli(*args)
        assert code != 0 and "--user NAME" in err, args
    assert not backup.exists()
    assert cli("courses", "--json")[1] == before


def test_a_role_that_may_not_is_refused_and_the_allowed_one_is_audited(cli, tmp_path):
    courses = tmp_path / "courses.csv"
    courses.write_text(COURSES_CSV, encoding="utf-8")
    code, _out, err = cli("import", str(courses), "--provider", "QFP Durrës", user="viewer")
    assert code != 0 and "viewer" in err
    code, _out, err = cli("backup", "-o", str(tmp_path / "ngo.db"), user="ngo_a")
    assert code != 0 and "Employment Office staff" in err and not (tmp_path / "ngo.db").exists()
    code, out, _err = cli("import", str(courses), "--provider", NGO_A, user="ngo_a")
    assert code == 0, out
    code, _out, _err = cli("--user", "admin", "backup", "-o", str(tmp_path / "copy.db"))  # global option
    assert code == 0 and (tmp_path / "copy.db").is_file()
    imports = _audit(cli, Action.CATALOGUE_IMPORT)
    assert [(e["actor"], e["after"]["provider"], e["after"]["added"]) for e in imports] == [
        ("ngo_a", NGO_A, 1)
    ]
    backups = _audit(cli, Action.DATABASE_BACKUP)
    assert [e["actor"] for e in backups] == ["admin"]


def test_user_from_the_environment_and_after_the_command(cli, tmp_path, monkeypatch):
    monkeypatch.setenv("COURSEHUB_USER", "office")
    assert cli("backup", "-o", str(tmp_path / "env.db"))[0] == 0
    monkeypatch.delenv("COURSEHUB_USER")
    assert cli("backup", "-o", str(tmp_path / "after.db"), user="office")[0] == 0
    assert [e["actor"] for e in _audit(cli, Action.DATABASE_BACKUP)] == ["office", "office"]


# Finding 3 --------------------------------------------------------------------------------
def test_holiday_adjustments_take_an_actor_and_check_the_role(world):
    adjustment = HolidayAdjustment(date(2027, 6, 7), "Dekret")
    for actor in (world.viewer, world.ngo_a):
        with pytest.raises(PermissionDenied):
            world.catalogue.save_holiday_adjustment(adjustment, actor)
    assert not world.catalogue.holiday_calendar().adjustments
    world.catalogue.save_holiday_adjustment(adjustment, world.office)
    with pytest.raises(PermissionDenied):
        world.catalogue.remove_holiday_adjustment(adjustment.day, world.ngo_b)
    assert world.catalogue.holiday_calendar().adjustments
    world.catalogue.remove_holiday_adjustment(adjustment.day, world.admin)
    assert not world.catalogue.holiday_calendar().adjustments


# Finding 4 --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["..--", "@@", "-.", "._@"])
def test_user_names_that_fold_to_nothing_are_refused(world, name):
    with pytest.raises(ValidationError, match="letter or digit"):
        world.people.auth.add_user(world.admin, User(name, Role.VIEWER), PASSWORD)
    with pytest.raises(AuthenticationFailed):
        world.people.auth.authenticate("@", PASSWORD)


def _failures(world) -> list:
    return [
        e for e in world.people.audit.entries(world.admin, limit=1000) if e.action == Action.USER_LOGIN_FAILED
    ]


def test_failed_logins_are_throttled_and_audited_once_a_minute(world):
    auth, clock = world.people.auth, world.clock
    for _attempt in range(5):
        with pytest.raises(AuthenticationFailed):
            auth.authenticate("office", "wrong password!")
    assert clock.slept == []  # the first five cost nothing
    assert len(_failures(world)) == 1  # five in the same minute: one entry
    with pytest.raises(AuthenticationFailed):
        auth.authenticate("office", "wrong password!")
    assert clock.slept == [2.0]
    with pytest.raises(AuthenticationFailed):
        auth.authenticate("office", "wrong password!")
    assert clock.slept == [2.0, 4.0]  # exponential
    # Another process (a separate PeopleServices on the same database) is throttled too.
    other = PeopleServices(world.people.store, world.people.reference, clock, sleep=clock.sleep)
    other.password_hasher = world.people.password_hasher
    with pytest.raises(AuthenticationFailed):
        other.auth.authenticate("office", "wrong password!")
    assert clock.slept[-1] == 8.0
    clock.moment += timedelta(minutes=2)
    with pytest.raises(AuthenticationFailed):
        auth.authenticate("office", "wrong password!")
    assert len(_failures(world)) == 2  # a new minute: one more entry
    for _attempt in range(6):  # the waits grow past what is slept through
        clock.moment += timedelta(seconds=clock.slept[-1] if clock.slept else 0)
        try:
            auth.authenticate("office", "wrong password!")
        except LoginThrottled as error:
            assert "try again in" in error.message
            break
        except AuthenticationFailed:
            continue
    else:
        pytest.fail("never refused outright")
    clock.moment += timedelta(hours=1)
    assert auth.authenticate("office", PASSWORD).username == "office"  # success clears the count
    with pytest.raises(AuthenticationFailed):
        auth.authenticate("office", "wrong password!")
    assert clock.slept[-1] <= 30


def test_password_changes_are_audited(world):
    world.people.auth.change_password(world.office, "office", "a brand new secret")
    world.people.auth.change_password(world.admin, "ngo_a", "another new secret")
    changes = [
        (e.actor, e.entity_id)
        for e in world.people.audit.entries(world.admin, limit=1000)
        if e.action == Action.USER_PASSWORD
    ]
    assert sorted(changes) == sorted([("office", world.office.user_id), ("admin", world.ngo_a.user_id)])


# Finding 5 --------------------------------------------------------------------------------
def test_an_ngo_walking_record_numbers_learns_nothing(cli):
    theirs = _register(cli, "ngo_b", "Besa Kola", "--consent")
    messages = set()
    for number in range(1, 6):
        code, out, err = cli("trainee", "show", str(number), user="ngo_a")
        assert code != 0 and theirs not in out + err and "Besa" not in out + err
        messages.add(err.replace(str(number), "N"))
    code, _out, err = cli("trainee", "show", "999999", user="ngo_a")
    messages.add(err.replace("999999", "N"))
    assert len(messages) == 1, messages
    code, out, _err = cli("trainee", "show", theirs, user="ngo_b")
    assert code == 0 and "Besa Kola" in out
