"""A freed seat goes to the first person waiting, whoever registered them (docs/enrolment.md),
also when the coordinator who freed it may not see that person: the server's
coursehub_fill_free_seats() does that step and says only how many moved."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from cryptography.fernet import Fernet

from coursehub.services.workspace import Workspace
from tests.server.access_data import Seeded, add_enrolled_person, seed
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


def status(conn, office, who: str, course: str) -> str:
    return conn.execute(
        "SELECT status FROM enrolments WHERE trainee_id = %s AND course_id = %s",
        (office.trainees[who], office.courses[course]),
    ).fetchone()[0]


def last_course_date(conn, office, who: str):
    return conn.execute(
        "SELECT last_course_date FROM trainees WHERE id = %s", (office.trainees[who],)
    ).fetchone()[0]


def course_end(conn, office, course: str):
    return conn.execute("SELECT end_date FROM courses WHERE id = %s", (office.courses[course],)).fetchone()[0]


def test_a_freed_seat_goes_to_the_first_person_waiting_without_a_clash(cluster, make_database):
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
        assert last_course_date(conn, office, "office") is None  # nobody has refreshed it yet
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
        # the promoted person (the Office's, invisible to the coordinator) counts A1 as their
        # last course for the retention period: not anonymised before A1 ends
        assert last_course_date(conn, office, "office") == course_end(conn, office, "a")
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
        assert last_course_date(conn, office, "other_elsewhere") == max(
            course_end(conn, office, "a"), course_end(conn, office, "b")
        )
        # the owner's code may refresh only that date, only for a person holding a seat
        assert conn.execute(
            "SELECT polname, polcmd FROM pg_policy WHERE polrelid = 'trainees'::regclass "
            "AND polname LIKE 'owner%' ORDER BY 1"
        ).fetchall() == [("owner_reads", "r"), ("owner_refreshes_last_course", "w")]
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


def _sealable_subject_keys(conn) -> None:
    """Keys the program can seal the audit's personal values with (the seed's are not)."""
    for (trainee,) in conn.execute("SELECT trainee_id FROM subject_keys").fetchall():
        conn.execute(
            "UPDATE subject_keys SET key = %s WHERE trainee_id = %s", (Fernet.generate_key(), trainee)
        )


@pytest.fixture
def one_seat_course(cluster, make_database) -> tuple[Seeded, int]:
    """Course A1 with one seat, held by NGO A's person; waiting: NGO B's person first, then a
    second NGO A person. Returns the seeded office and that second person's id."""
    office = seed(cluster, make_database("seats_one_seat"))
    with cluster.connect(office.database) as conn:
        conn.execute(
            "UPDATE enrolments SET status = 'waiting', waiting_since = '2027-01-11 09:00' "
            "WHERE trainee_id = %s AND course_id = %s",
            (office.trainees["other_on_own_course"], office.courses["a"]),
        )
        conn.execute("UPDATE courses SET seats = 1 WHERE id = %s", (office.courses["a"],))
        conn.execute("UPDATE courses SET sessions = 'MO 09:00-12:00'")  # as the program writes them
        second = add_enrolled_person(
            conn,
            "DR-2027-0009",
            "Fatos Fi",
            "1994-05-05",
            office.providers["a"],
            office.courses["a"],
            "2027-01-11 10:00",
        )
        conn.execute("INSERT INTO subject_keys (trainee_id, key) VALUES (%s, '')", (second,))
        _sealable_subject_keys(conn)
    return office, second


@contextmanager
def _opened_as(server, database: str, user: str) -> Iterator[Workspace]:
    """The program on the server, logged in as `user`; closed afterwards."""
    workspace = Workspace.open_server(server.url(database, user), user=user, password=PASSWORD)
    try:
        workspace.people.login_as_connected_user()
        yield workspace
    finally:
        workspace.close()


def test_a_coordinators_withdrawal_gives_the_seat_to_the_first_waiting_of_another_organisation(
    cluster, one_seat_course
):
    office, second = one_seat_course
    database = office.database
    with _opened_as(cluster, database, f"coord_a_{database}") as coordinator:
        outcome = coordinator.people.enrolment.withdraw(
            coordinator.actor, office.trainees["own"], office.courses["a"]
        )
        # one seat offered, to somebody the coordinator may not read: unnamed
        assert [(o.pseudonym, o.from_trade_wait) for o in outcome.offers] == [("", False)]
        assert office.name("other_on_own_course") not in repr(outcome)
        waiting = coordinator.people.enrolment.waiting_list(coordinator.actor, office.courses["a"])
        assert [e.trainee_id for e in waiting] == [second]
    with cluster.connect(database) as conn:
        rows = conn.execute(
            "SELECT trainee_id, status FROM enrolments WHERE course_id = %s AND status <> 'withdrawn' "
            "ORDER BY status, waiting_since",
            (office.courses["a"],),
        ).fetchall()
        assert rows == [(office.trainees["other_on_own_course"], "enrolled"), (second, "waiting")]
        promoted = conn.execute(
            "SELECT actor, after FROM audit_log WHERE action = 'enrolment.promote'"
        ).fetchall()
        assert [actor for actor, _after in promoted] == [f"coord_a_{database}"]
        assert office.name("other_on_own_course") not in promoted[0][1]

    # staff withdraw NGO B's person: the seat goes on to the coordinator's second person, named
    with _opened_as(cluster, database, f"staff_{database}") as staff:
        outcome = staff.people.enrolment.withdraw(
            staff.actor, office.trainees["other_on_own_course"], office.courses["a"]
        )
        assert [o.pseudonym for o in outcome.offers] == ["DR-2027-0009"]
    with cluster.connect(database) as conn:
        assert conn.execute("SELECT status FROM enrolments WHERE trainee_id = %s", (second,)).fetchone() == (
            "enrolled",
        )
        # the program keeps the retention date of a person the server promoted and it may see
        assert (
            conn.execute("SELECT last_course_date FROM trainees WHERE id = %s", (second,)).fetchone()[0]
            is not None
        )


def test_a_coordinator_raising_their_courses_seats_gives_them_to_the_first_waiting(cluster, one_seat_course):
    from dataclasses import replace

    office, second = one_seat_course
    database = office.database
    with _opened_as(cluster, database, f"coord_a_{database}") as coordinator:
        course = coordinator.catalogue.course(office.courses["a"])
        saved, offers = coordinator.catalogue.save_course_offering_seats(
            replace(course, seats=course.seats + 2), coordinator.actor
        )
        assert saved.seats == course.seats + 2
        # NGO B's person, first in the list, is counted unnamed; the coordinator's own is named
        assert sorted(o.pseudonym for o in offers) == ["", "DR-2027-0009"]
    with cluster.connect(database) as conn:
        assert status(conn, office, "other_on_own_course", "a") == "enrolled"
        assert conn.execute("SELECT status FROM enrolments WHERE trainee_id = %s", (second,)).fetchone() == (
            "enrolled",
        )
        assert last_course_date(conn, office, "other_on_own_course") is not None


def test_a_clash_only_on_public_holidays_does_not_hold_a_person_back(
    cluster,
    make_database,
):
    """As on SQLite: sessions on public holidays are not held, so they clash with nothing."""
    office = seed(cluster, make_database("seats_holidays"))
    database = office.database
    with cluster.connect(database) as conn:
        # A1 is full (own and other_on_own_course); NGO B's other_elsewhere waits for it and
        # holds a seat in B1, now meeting only on Mondays 15 and 22 March 2027, both holidays
        conn.execute("UPDATE courses SET seats = 2 WHERE id = %s", (office.courses["a"],))
        conn.execute("UPDATE courses SET sessions = 'MO 09:00-12:00'")  # as the program writes them
        conn.execute(
            "UPDATE courses SET start_date = '2027-03-15', end_date = '2027-03-22' WHERE id = %s",
            (office.courses["b"],),
        )
        conn.execute(
            "INSERT INTO enrolments (trainee_id, course_id, status, waiting_since) "
            "VALUES (%s, %s, 'waiting', '2027-01-11 09:00')",
            (office.trainees["other_elsewhere"], office.courses["a"]),
        )
        _sealable_subject_keys(conn)
    # a raw call that names no holidays counts the two Mondays as a clash (rolled back)
    with cluster.connect(database, f"coord_a_{database}", PASSWORD, autocommit=False) as raw:
        raw.execute(
            "UPDATE enrolments SET status = 'withdrawn' WHERE trainee_id = %s AND course_id = %s",
            (office.trainees["own"], office.courses["a"]),
        )
        assert raw.execute("SELECT coursehub_fill_free_seats(%s)", (office.courses["a"],)).fetchone() == (0,)
        raw.rollback()
    with _opened_as(cluster, database, f"coord_a_{database}") as coordinator:
        outcome = coordinator.people.enrolment.withdraw(
            coordinator.actor, office.trainees["own"], office.courses["a"]
        )
        assert [o.pseudonym for o in outcome.offers] == [""]  # another organisation's person
    with cluster.connect(database) as conn:
        assert status(conn, office, "other_elsewhere", "a") == "enrolled"
