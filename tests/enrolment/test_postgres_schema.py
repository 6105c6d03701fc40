"""The schema's own promises on PostgreSQL, for a raw SQL session (the SQLite twin is
test_people_schema.py): an append-only audit log, seat limits (also for two sessions taking
the last seat at the same moment) and consent before enrolment."""

from __future__ import annotations

import threading

import pytest

from tests.enrolment.conftest import NGO_A


@pytest.fixture
def raw(request: pytest.FixtureRequest, store):
    """A plain psycopg connection to the test's server database."""
    from tests.postgres_backend import on_postgres

    if not on_postgres(request.config):
        pytest.skip("runs in the PostgreSQL pass (pytest --backend postgres)")
    import psycopg

    def connect(**options):
        return psycopg.connect(store.address, **options)

    return connect


def test_audit_log_refuses_update_delete_and_truncate(world, raw):
    import psycopg

    world.register(world.office)
    with raw(autocommit=True) as conn:
        count = conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        assert count > 0
        for statement in (
            "UPDATE audit_log SET actor = 'someone else'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"):
                conn.execute(statement)
        assert conn.execute("SELECT count(*) FROM audit_log").fetchone()[0] == count


def test_seat_limit_and_consent_hold_for_raw_inserts(world, raw):
    import psycopg

    course = world.course(NGO_A, "S1", seats=1)
    first, second = world.register(world.office, "Ana"), world.register(world.office, "Besa")
    unconsented = world.register(world.office, "Cela", consent=False)
    insert = "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (%s, %s, 'enrolled')"
    with raw(autocommit=True) as conn:
        conn.execute(insert, (first.id, course.id))
        with pytest.raises(psycopg.errors.CheckViolation, match="seat limit"):
            conn.execute(insert, (second.id, course.id))
        with pytest.raises(psycopg.errors.CheckViolation, match="consent"):
            conn.execute(
                "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since) "
                "VALUES (%s, %s, 'waiting', '2027-01-01T00:00:00')",
                (unconsented.id, course.id),
            )
        with pytest.raises(psycopg.errors.CheckViolation, match="seats below enrolled"):
            conn.execute("UPDATE courses SET seats = 0 WHERE id = %s", (course.id,))


def test_two_raw_sessions_cannot_both_take_the_last_seat(world, raw):
    """The first session inserts the last seat and keeps its transaction open; the second
    inserts meanwhile. The course's lock makes the second wait and then count the first's
    row: exactly one of them holds the seat."""
    import psycopg

    course = world.course(NGO_A, "S2", seats=1)
    first_id, second_id = (world.register(world.office, name).id for name in ("Dea", "Eni"))
    insert = "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (%s, %s, 'enrolled')"
    first_inserted = threading.Event()
    second_outcome: list[str] = []

    def second() -> None:
        first_inserted.wait(timeout=30)
        with raw() as conn:
            try:
                conn.execute(insert, (second_id, course.id))
                conn.commit()
                second_outcome.append("seat")
            except psycopg.errors.CheckViolation:
                second_outcome.append("full")

    racer = threading.Thread(target=second)
    racer.start()
    with raw() as conn:
        conn.execute(insert, (first_id, course.id))
        first_inserted.set()
        racer.join(timeout=1.0)  # the second is inside its INSERT now, waiting or not
        conn.commit()
    racer.join(timeout=30)
    assert second_outcome == ["full"]
    with raw() as conn:
        held = conn.execute(
            "SELECT count(*) FROM enrolments WHERE course_id = %s AND status = 'enrolled'", (course.id,)
        ).fetchone()[0]
    assert held == 1
