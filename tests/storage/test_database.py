from __future__ import annotations

import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from coursehub.domain.course_record import sessions_text
from coursehub.domain.errors import ConflictError
from coursehub.services.demo import demo_courses
from coursehub.storage import open_store
from coursehub.storage.database import DatabaseError, DatabaseTooNew, latest_version
from coursehub.storage.repositories import sessions_from_text


def test_new_database_is_at_the_latest_schema_in_wal_mode(db_path: Path):
    store = open_store(db_path)
    conn = store.database.conn
    assert conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert store.database.migration_backup is None  # nothing to protect in a new file
    store.close()


def _old_database(path: Path) -> None:
    """A database as version 1 of the schema left it, with one provider."""
    conn = sqlite3.connect(path)
    migration = (Path(__file__).parents[2] / "db/migrations/0001_initial.sql").read_text()
    conn.executescript(migration + "\nPRAGMA user_version = 1;")
    conn.execute(
        "INSERT INTO providers (name, name_key, kind) VALUES ('QFP Durrës', 'qfp durres', 'public_qfp')"
    )
    conn.commit()
    conn.close()


def test_older_schema_is_migrated_and_a_backup_is_left_beside_it(db_path: Path):
    _old_database(db_path)
    store = open_store(db_path)
    backup = store.database.migration_backup
    assert backup is not None and backup.parent == db_path.parent
    assert store.database.conn.execute("PRAGMA user_version").fetchone()[0] == latest_version()
    with store.read() as uow:
        assert [p.name for p in uow.providers.list()] == ["QFP Durrës"]
    store.close()
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("SELECT name FROM providers").fetchall() == [("QFP Durrës",)]
    copy.close()


def test_database_from_a_newer_program_is_refused_for_writing(db_path: Path):
    conn = sqlite3.connect(db_path)
    conn.execute(f"PRAGMA user_version = {latest_version() + 1}")
    conn.close()
    with pytest.raises(DatabaseTooNew, match="newer version"):
        open_store(db_path)


def test_a_file_that_is_not_a_database_gets_a_plain_message(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_bytes(b"this is a letter, not a database" * 100)
    with pytest.raises(DatabaseError, match="not a CourseHub database"):
        open_store(path)
    assert path.read_bytes().startswith(b"this is a letter")


def test_failed_action_leaves_nothing_behind(store):
    courses = demo_courses(2027)
    with pytest.raises(RuntimeError), store.write() as uow:
        provider = uow.providers.add(replace_provider(courses[0].provider))
        uow.courses.add_many((c, provider.id) for c in courses[:3])
        raise RuntimeError("power cut")
    with store.read() as uow:
        assert uow.courses.count() == 0
        assert uow.providers.list() == []


def replace_provider(name: str):
    from coursehub.domain.model import Provider, ProviderKind

    return Provider(name, ProviderKind.PUBLIC_QFP)


def test_course_round_trips_through_the_database(store):
    course = demo_courses(2027)[1]  # has eligibility: women, groups, ages
    with store.write() as uow:
        provider = uow.providers.add(replace_provider(course.provider))
        course_id = uow.courses.add(course, provider.id)
    with store.read() as uow:
        stored = uow.courses.get(course_id)
    assert replace(stored, id=None, version=0) == course
    assert stored.version == 1


def test_stale_save_is_refused_not_overwritten(store):
    course = demo_courses(2027)[0]
    with store.write() as uow:
        provider = uow.providers.add(replace_provider(course.provider))
        course_id = uow.courses.add(course, provider.id)
    with store.read() as uow:
        first_copy = uow.courses.get(course_id)
        second_copy = uow.courses.get(course_id)
    with store.write() as uow:
        uow.courses.update(replace(first_copy, title="Rrobaqepësi e avancuar"))
    with pytest.raises(ConflictError, match="changed by someone else"), store.write() as uow:
        uow.courses.update(replace(second_copy, seats=99))
    with store.read() as uow:
        now = uow.courses.get(course_id)
    assert (now.title, now.seats, now.version) == ("Rrobaqepësi e avancuar", course.seats, 2)


def test_sessions_text_round_trip():
    sessions = demo_courses(2027)[0].sessions
    assert sessions_from_text(sessions_text(sessions)) == tuple(sorted(sessions))
