"""The schema's own promises, below the services: an append-only audit log, seat limits and
consent, whatever path writes to the tables."""

from __future__ import annotations

import sqlite3

import pytest

from tests.enrolment.conftest import NGO_A

# The same promises on a server: tests/enrolment/test_postgres_schema.py.
pytestmark = pytest.mark.sqlite_only("raw sqlite3 connections to the file")


def _raw(db_path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(db_path), isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    return conn


def test_audit_log_refuses_update_and_delete_in_sql(world, db_path):
    world.register(world.office)
    conn = _raw(db_path)
    count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    assert count > 0
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("UPDATE audit_log SET actor = 'someone else'")
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        conn.execute("DELETE FROM audit_log")
    assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count
    assert conn.execute("SELECT count(*) FROM audit_log WHERE actor = 'someone else'").fetchone()[0] == 0


def test_seat_limit_holds_for_a_raw_insert(world, db_path):
    course = world.course(NGO_A, "S1", seats=1)
    first, second = world.register(world.office, "Ana"), world.register(world.office, "Besa")
    conn = _raw(db_path)
    conn.execute(
        "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (?, ?, 'enrolled')",
        (first.id, course.id),
    )
    with pytest.raises(sqlite3.IntegrityError, match="seat limit"):
        conn.execute(
            "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (?, ?, 'enrolled')",
            (second.id, course.id),
        )
    conn.execute(
        "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since) "
        "VALUES (?, ?, 'waiting', '2027-01-01T00:00:00')",
        (second.id, course.id),
    )
    with pytest.raises(sqlite3.IntegrityError, match="seat limit"):
        conn.execute("UPDATE enrolments SET status = 'enrolled' WHERE trainee_id = ?", (second.id,))


def test_consent_holds_for_a_raw_insert(world, db_path):
    course = world.course(NGO_A, "C1")
    trainee = world.register(world.office, consent=False)
    conn = _raw(db_path)
    with pytest.raises(sqlite3.IntegrityError, match="consent"):
        conn.execute(
            "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (?, ?, 'enrolled')",
            (trainee.id, course.id),
        )
    conn.execute(
        "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (?, ?, 'applied')",
        (trainee.id, course.id),
    )


def test_retention_setting_defaults_to_five_years(people):
    assert people.trainees.retention_years() == 5
