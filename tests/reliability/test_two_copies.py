"""Two copies of CourseHub on one database file, in two real processes."""

from __future__ import annotations

import signal
from pathlib import Path

import pytest

from coursehub.domain.errors import CourseHubError
from coursehub.services.workspace import Workspace
from coursehub.storage.lock import WriterLock
from tests.reliability.procs import read_line, say_go, start


def test_second_copy_opens_read_only_and_says_so(demo_db: Path):
    holder = start("hold", str(demo_db), "30")
    try:
        assert read_line(holder) == "open read_only=False"
        second = Workspace.open(demo_db)
        try:
            assert second.store.read_only
            assert "Another copy of CourseHub" in second.notices[0]
            assert second.catalogue.count() == 44  # it can still read
            with pytest.raises(CourseHubError, match="read-only"):
                second.catalogue.cancel_course(1)
        finally:
            second.close()
    finally:
        holder.kill()
        holder.wait()


def test_a_killed_copy_does_not_leave_the_lock_stuck(demo_db: Path):
    holder = start("hold", str(demo_db), "30")
    assert read_line(holder) == "open read_only=False"
    assert WriterLock.try_acquire(demo_db) is None
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert demo_db.with_name(demo_db.name + ".lock").exists()  # the file stays, unheld
    workspace = Workspace.open(demo_db)
    try:
        assert not workspace.store.read_only and workspace.notices == []
    finally:
        workspace.close()


def test_the_lock_is_released_on_close_and_a_later_copy_writes(demo_db: Path):
    first = Workspace.open(demo_db)
    first.close()
    holder = start("hold", str(demo_db), "0")
    assert read_line(holder) == "open read_only=False"
    holder.wait()


def test_stale_save_from_another_process_is_refused_and_overwrites_nothing(demo_db: Path):
    import subprocess

    workspace = Workspace.open(demo_db)
    course = workspace.catalogue.courses()[0]
    workspace.close()
    stale = start("stale_save", str(demo_db), str(course.id), stdin=subprocess.PIPE)
    try:
        assert read_line(stale) == f"read version={course.version}"
        fresh = Workspace.open(demo_db)  # the other copy saves first
        from dataclasses import replace

        saved = fresh.catalogue.save_course(replace(course, venue="Fresh venue"))
        fresh.close()
        answer = say_go(stale)
    finally:
        stale.wait(timeout=30)
    assert answer.startswith("conflict ") and "changed by someone else" in answer
    check = Workspace.open(demo_db, read_only=True)
    try:
        stored = check.catalogue.course(int(course.id or 0))
    finally:
        check.close()
    assert stored.venue == "Fresh venue" and stored.version == saved.version


def test_stale_trainee_save_from_another_process_is_refused(db_path: Path):
    import subprocess
    from dataclasses import replace
    from datetime import date

    from argon2 import PasswordHasher

    from coursehub.domain.people import Role
    from coursehub.domain.reference import load_reference
    from coursehub.domain.trainees import Trainee
    from coursehub.domain.users import User
    from coursehub.services.people_wiring import PeopleServices
    from coursehub.storage import open_store

    store = open_store(db_path)
    people = PeopleServices(store, load_reference())
    people.password_hasher = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    admin = people.auth.setup("admin", "correct horse battery").actor()
    office = people.auth.add_user(admin, User("office", Role.OFFICE_STAFF), "correct horse battery").actor()
    trainee = people.trainees.register(
        office,
        Trainee(
            name="Arta Hoxha",
            birth_date=date(1998, 5, 4),
            municipality="Durrës",
            phone="+355 69 123 4567",
            consent_given=True,
        ),
    )
    stale = start("stale_trainee", str(db_path), str(trainee.id), str(office.user_id), stdin=subprocess.PIPE)
    try:
        assert read_line(stale) == f"read version={trainee.version}"
        people.trainees.edit(office, replace(trainee, phone="+355 68 555 1212"))
        answer = say_go(stale)
    finally:
        stale.wait(timeout=30)
    stored = people.trainees.get(office, int(trainee.id or 0))
    store.close()
    assert answer.startswith("conflict ") and "changed by someone else" in answer
    assert "Arta" not in answer  # the message names the pseudonym, not the person
    assert stored.phone == "+355 68 555 1212"


def test_read_only_copy_can_write_once_the_other_closes_and_stale_saves_are_caught(demo_db: Path):
    from dataclasses import replace

    from coursehub.domain.errors import ConflictError

    holder = start("hold", str(demo_db), "30")
    try:
        assert read_line(holder) == "open read_only=False"
        second = Workspace.open(demo_db)
        stale = second.catalogue.course(1)  # read while the other copy writes
        assert not second.try_write_access()  # still held
    finally:
        holder.kill()
        holder.wait()
    try:
        other = Workspace.open(demo_db)  # a third copy saves first...
        assert second.store.read_only and other.store.read_only is False
        other.catalogue.save_course(replace(stale, venue="Saved by the other copy"))
        other.close()
        assert second.try_write_access() and second.notices == []  # ...and closes
        with pytest.raises(ConflictError, match="changed by someone else"):
            second.catalogue.save_course(replace(stale, venue="Stale venue"))
        assert second.catalogue.course(1).venue == "Saved by the other copy"
        fresh = second.catalogue.course(1)
        assert second.catalogue.save_course(replace(fresh, venue="Now mine")).venue == "Now mine"
    finally:
        second.close()
