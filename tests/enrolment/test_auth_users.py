"""Users, passwords and roles."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from coursehub.domain.errors import PermissionDenied, ValidationError
from coursehub.domain.people import Role
from coursehub.domain.users import User
from coursehub.services.auth import AuthenticationFailed, default_hasher
from tests.enrolment.conftest import NGO_A, PASSWORD


def test_first_run_setup_creates_one_administrator_only(people):
    assert people.auth.needs_setup()
    admin = people.auth.setup("admin", PASSWORD)
    assert admin.role is Role.ADMINISTRATOR and not people.auth.needs_setup()
    with pytest.raises(PermissionDenied):
        people.auth.setup("intruder", PASSWORD)


def test_short_password_refused(people):
    with pytest.raises(ValidationError, match="at least 10"):
        people.auth.setup("admin", "short")


def test_login_gives_the_actor_and_refuses_wrong_password_unknown_name_and_disabled(world):
    auth = world.people.auth
    actor = world.people.login("ngo_a", PASSWORD)
    assert (actor.role, actor.organisation) == (Role.NGO_COORDINATOR, NGO_A)
    assert world.people.actor == actor
    for name, password in (("ngo_a", "wrong password!"), ("nobody", PASSWORD)):
        with pytest.raises(AuthenticationFailed, match="Wrong user name or password"):
            auth.authenticate(name, password)
    auth.set_active(world.admin, "ngo_a", False)
    with pytest.raises(AuthenticationFailed):
        auth.authenticate("ngo_a", PASSWORD)
    auth.set_active(world.admin, "ngo_a", True)
    assert auth.authenticate("NGO_A", PASSWORD).username == "ngo_a"


def test_passwords_are_stored_as_argon2id_hashes(world, store):
    with store.read() as uow:
        _user, hashed = uow.users.find("office")
    assert hashed.startswith("$argon2id$") and PASSWORD not in hashed


def test_production_hasher_is_argon2_defaults_and_weak_hashes_are_upgraded_at_login(world, store):
    assert default_hasher().memory_cost == PasswordHasher().memory_cost >= 65536
    world.people.auth.hasher = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    world.people.auth.authenticate("office", PASSWORD)
    with store.read() as uow:
        _user, hashed = uow.users.find("office")
    assert "m=16," in hashed


@pytest.mark.parametrize("who", ["office", "ngo_a", "viewer"])
def test_only_an_administrator_manages_users(world, who):
    actor = getattr(world, who)
    with pytest.raises(PermissionDenied):
        world.people.auth.add_user(actor, User("newbie", Role.VIEWER), PASSWORD)
    with pytest.raises(PermissionDenied):
        world.people.auth.users(actor)
    with pytest.raises(PermissionDenied):
        world.people.auth.set_active(actor, "admin", False)


def test_ngo_coordinator_needs_an_organisation_and_others_none(world):
    with pytest.raises(ValidationError, match="organisation"):
        world.people.auth.add_user(world.admin, User("c", Role.NGO_COORDINATOR), PASSWORD)
    with pytest.raises(ValidationError, match="Only NGO coordinators"):
        world.people.auth.add_user(world.admin, User("v", Role.VIEWER, NGO_A), PASSWORD)


def test_user_changes_are_audited(world):
    entries = world.people.audit.entries(world.admin, entity="user")
    assert {e.after["username"] for e in entries if e.action == "user.add"} >= {"admin", "ngo_b"}
    with pytest.raises(PermissionDenied, match="administrator"):
        world.people.audit.entries(world.office)


def test_login_works_on_a_read_only_copy(world, db_path):
    from coursehub.services.people_wiring import PeopleServices
    from coursehub.storage import open_store
    from tests.enrolment.conftest import cheap_hasher

    read_only = open_store(db_path, read_only=True)
    try:
        people = PeopleServices(read_only, world.people.reference, world.clock)
        people.password_hasher = cheap_hasher()
        with pytest.raises(AuthenticationFailed):
            people.auth.authenticate("office", "wrong password!")
        assert people.login("office", PASSWORD).username == "office"
    finally:
        read_only.close()
