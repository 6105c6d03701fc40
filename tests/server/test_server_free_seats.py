"""A freed seat goes to the first person waiting, whoever registered them (docs/enrolment.md),
also when the coordinator who freed it may not see that person: the server's
coursehub_fill_free_seats() does that step and says only how many moved."""

from __future__ import annotations

import pytest

from tests.server.access_data import seed
from tests.server.access_fixtures import (  # noqa: F401
    PASSWORD,
    cluster,
    make_database,
    require_psycopg,
)

psycopg = require_psycopg()


def status(conn, office, who: str, course: str) -> str:
    return conn.execute(
        "SELECT status FROM enrolments WHERE trainee_id = %s AND course_id = %s",
        (office.trainees[who], office.courses[course]),
    ).fetchone()[0]


def test_a_freed_seat_goes_to_the_first_person_waiting_without_a_clash(cluster, make_database):  # noqa: F811
    office = seed(cluster, make_database("seats_a"))
    database = office.database
    with cluster.connect(database) as conn:
        # A1 is full (2 seats); NGO B's person waits first, the Office's second. NGO B's person
        # holds a seat in B1, which meets at the same hours as A1: a clash.
        conn.execute("UPDATE courses SET seats = 2 WHERE id = %s", (office.courses["a"],))
        # the Office's person holds a seat in E1, on Tuesdays: no clash with A1 (Mondays)
        conn.execute("UPDATE courses SET sessions = 'Tue 09:00-12:00' WHERE id = %s", (office.courses["e"],))
        for who, since in (("other_elsewhere", "2027-01-11 09:00"), ("office", "2027-01-11 10:00")):
            conn.execute(
                "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since) "
                "VALUES (%s, %s, 'waiting', %s)",
                (office.trainees[who], office.courses["a"], since),
            )
    with cluster.connect(database, f"coord_a_{database}", PASSWORD) as coord_a:
        coord_a.execute(
            "UPDATE enrolments SET status = 'withdrawn' WHERE trainee_id = %s AND course_id = %s",
            (office.trainees["own"], office.courses["a"]),
        )
        # the coordinator sees neither person waiting in their own trainees' tables
        assert coord_a.execute("SELECT count(*) FROM trainees").fetchone() == (1,)
        moved = coord_a.execute("SELECT coursehub_fill_free_seats(%s)", (office.courses["a"],)).fetchone()
        assert moved == (1,)
        # a second call finds no free seat
        assert coord_a.execute("SELECT coursehub_fill_free_seats(%s)", (office.courses["a"],)).fetchone() == (
            0,
        )
    with cluster.connect(database) as conn:
        assert status(conn, office, "other_elsewhere", "a") == "waiting"  # skipped: the clash
        assert status(conn, office, "office", "a") == "enrolled"
        # an entry overridden with a reason is not held back by the clash; first come, first served
        conn.execute(
            "UPDATE enrolments SET override_reason = 'agreed with both NGOs' WHERE trainee_id = %s",
            (office.trainees["other_elsewhere"],),
        )
        conn.execute(
            "UPDATE enrolments SET status = 'withdrawn' WHERE trainee_id = %s AND course_id = %s",
            (office.trainees["office"], office.courses["a"]),
        )
    with cluster.connect(database, f"coord_a_{database}", PASSWORD) as coord_a:
        assert coord_a.execute("SELECT coursehub_fill_free_seats(%s)", (office.courses["a"],)).fetchone() == (
            1,
        )
    with cluster.connect(database) as conn:
        assert status(conn, office, "other_elsewhere", "a") == "enrolled"
        audited = conn.execute(
            "SELECT actor, after FROM audit_log WHERE action = 'enrolment.promote' ORDER BY id"
        ).fetchall()
        assert [a for a, _after in audited] == [f"coord_a_{database}"] * 2
        assert all("Dita" not in after and "Eri" not in after for _a, after in audited)
    with (
        cluster.connect(database, f"viewer_{database}", PASSWORD) as viewer,
        pytest.raises(psycopg.errors.InsufficientPrivilege),
    ):
        viewer.execute("SELECT coursehub_fill_free_seats(%s)", (office.courses["a"],))
