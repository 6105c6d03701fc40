"""Access enforced by the server for a raw connection (issue 12, item 5).

Every test logs in with plain psycopg as a CourseHub user's login role, never through
CourseHub's code, and does what anybody with a Python prompt could do.
"""

from __future__ import annotations

import pytest

from tests.server.access_data import PEOPLE, Seeded, seed
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


@pytest.fixture(scope="module")
def office(cluster, make_shared_database) -> Seeded:
    """One seeded database for the tests that only read, or whose writes are refused."""
    return seed(cluster, make_shared_database("office_a"))


@pytest.fixture
def own_office(cluster, make_database) -> Seeded:
    """A seeded database of the test's own, for tests whose writes succeed."""
    return seed(cluster, make_database("office_w"))


def login(cluster, seeded: Seeded, who: str):
    return cluster.connect(seeded.database, f"{who}_{seeded.database}", PASSWORD)


def refused_by_row_security(conn, statement: str, values: tuple) -> None:
    """A row-level security policy refuses the statement."""
    with pytest.raises(psycopg.errors.InsufficientPrivilege, match="row-level security"):
        conn.execute(statement, values)


def assert_hidden_from_update(conn, table: str, assignment: str, trainee_id: int) -> None:
    """Row security hides the person's rows of `table`: an UPDATE of them changes none."""
    changed = conn.execute(f"UPDATE {table} SET {assignment} WHERE trainee_id = %s", (trainee_id,))
    assert changed.rowcount == 0


def readable_relations(conn) -> list[str]:
    """Every table and view of the schema this login may SELECT from."""
    rows = conn.execute(
        "SELECT c.relname FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace "
        "AND c.relkind IN ('r', 'v', 'm', 'p') AND has_table_privilege(c.oid, 'SELECT') ORDER BY 1"
    )
    return [r[0] for r in rows]


def everything_readable(conn) -> str:
    """`SELECT *` over every reachable table and view, as one text."""
    parts = []
    for relation in readable_relations(conn):
        parts.append(relation)
        for row in conn.execute(f'SELECT * FROM "{relation}"'):
            parts.append(" | ".join(str(value) for value in row))
    return "\n".join(parts)


# NGO coordinators ---------------------------------------------------------------------------------
def test_a_coordinator_reads_only_their_organisations_people(cluster, office):
    with login(cluster, office, "coord_a") as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM trainees ORDER BY name")]
        assert names == [office.name("own")]
        enrolled = {r[0] for r in conn.execute("SELECT trainee_id FROM enrolments")}
        assert enrolled == {office.trainees["own"]}
        waits = {r[0] for r in conn.execute("SELECT trainee_id FROM trade_waits")}
        assert waits == {office.trainees["own"]}
        keys = {r[0] for r in conn.execute("SELECT trainee_id FROM subject_keys")}
        assert keys == {office.trainees["own"]}


def test_select_star_over_everything_never_shows_another_organisations_person(cluster, office):
    with login(cluster, office, "coord_a") as conn:
        seen = everything_readable(conn)
    assert office.name("own") in seen and "course_roster" in seen  # the sweep did reach people
    for who in ("other_on_own_course", "other_elsewhere", "office"):
        name, _pseudonym, _org, born, phone, jobseeker = PEOPLE[who]
        for value in (name, born, phone, jobseeker):
            assert value not in seen, (who, value)
    # pseudonyms: only of someone on the coordinator's own organisation's course
    assert office.pseudonym("other_on_own_course") in seen
    assert office.pseudonym("other_elsewhere") not in seen
    assert office.pseudonym("office") not in seen


def test_roster_of_own_course_shows_other_organisations_people_by_pseudonym_only(cluster, office):
    with login(cluster, office, "coord_a") as conn:
        rows = conn.execute(
            "SELECT pseudonym, name, trainee_id, readable, status FROM course_roster "
            "WHERE course_id = %s ORDER BY pseudonym",
            (office.courses["a"],),
        ).fetchall()
        assert rows == [
            (office.pseudonym("own"), office.name("own"), office.trainees["own"], True, "enrolled"),
            (office.pseudonym("other_on_own_course"), None, None, False, "enrolled"),
        ]
        # another organisation's course: only the coordinator's own trainee, nobody else
        other = conn.execute(
            "SELECT pseudonym FROM course_roster WHERE course_id = %s", (office.courses["b"],)
        ).fetchall()
        assert other == [(office.pseudonym("own"),)]


def test_seat_counts_are_everyones_and_count_every_organisation(cluster, office):
    with login(cluster, office, "viewer") as conn:
        counts = dict(
            conn.execute(
                "SELECT course_id, people FROM course_seat_counts WHERE status = 'enrolled'"
            ).fetchall()
        )
    assert counts == {office.courses["a"]: 2, office.courses["b"]: 2, office.courses["e"]: 1}


def test_a_coordinator_writes_only_their_own_people_and_courses(cluster, own_office):
    office = own_office
    with login(cluster, office, "coord_a") as conn:
        changed = conn.execute(
            "UPDATE trainees SET phone = '0690000000' WHERE id = %s", (office.trainees["own"],)
        )
        assert changed.rowcount == 1
        for who in ("other_on_own_course", "office"):
            hidden = conn.execute("UPDATE trainees SET phone = 'x' WHERE id = %s", (office.trainees[who],))
            assert hidden.rowcount == 0
            assert conn.execute("DELETE FROM trainees WHERE id = %s", (office.trainees[who],)).rowcount == 0
        refused_by_row_security(
            conn,
            "INSERT INTO trainees (pseudonym, name, organisation_id) VALUES ('DR-2027-0099', 'X', %s)",
            (office.providers["b"],),
        )
        refused_by_row_security(
            conn,
            "UPDATE trainees SET organisation_id = %s WHERE id = %s",
            (office.providers["b"], office.trainees["own"]),
        )
        # courses: their own organisation's only
        update_course = "UPDATE courses SET notes = 'x' WHERE id = %s"
        assert conn.execute(update_course, (office.courses["a"],)).rowcount == 1
        assert conn.execute(update_course, (office.courses["b"],)).rowcount == 0
        refused_by_row_security(
            conn,
            "INSERT INTO courses (provider_id, code, title, occupation, municipality, start_date, "
            "end_date, sessions, seats) VALUES (%s, 'X1', 'X', '7212', 'Durrës', '2027-03-01', "
            "'2027-05-31', 'Mon 09:00-12:00', 5)",
            (office.providers["b"],),
        )
        # enrolments: their own trainee into any course; nobody else's
        conn.execute(
            "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (%s, %s, 'applied')",
            (office.trainees["own"], office.courses["e"]),
        )
        refused_by_row_security(
            conn,
            "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (%s, %s, 'applied')",
            (office.trainees["office"], office.courses["a"]),
        )
        assert_hidden_from_update(
            conn, "enrolments", "status = 'withdrawn'", office.trainees["other_on_own_course"]
        )


def test_the_seat_limit_counts_people_the_coordinator_cannot_see(cluster, office):
    # course E1 has one seat, held by the Employment Office's trainee
    with (
        login(cluster, office, "coord_a") as conn,
        pytest.raises(psycopg.errors.CheckViolation, match="seat limit"),
    ):
        conn.execute(
            "INSERT INTO enrolments (trainee_id, course_id, status) VALUES (%s, %s, 'enrolled')",
            (office.trainees["own"], office.courses["e"]),
        )


def test_no_function_or_sequence_lists_other_organisations_people(cluster, office):
    with login(cluster, office, "coord_a") as conn:
        functions = {
            r[0]
            for r in conn.execute(
                "SELECT p.proname FROM pg_proc p WHERE p.pronamespace = current_schema()::regnamespace "
                "AND has_function_privilege(p.oid, 'EXECUTE')"
            )
        }
        assert functions == {
            "coursehub_my_organisation",
            "coursehub_is_staff",
            "coursehub_last_pseudonym_number",
            "coursehub_user_set_password",
            "coursehub_cross_organisation_clashes",
            "coursehub_fill_free_seats",
            "coursehub_certificate_check",  # by number and code: course and status, never a person
        }
        sequences = conn.execute(
            "SELECT c.relname FROM pg_class c WHERE c.relkind = 'S' AND c.relnamespace = "
            "current_schema()::regnamespace AND (has_sequence_privilege(c.oid, 'SELECT') "
            "OR has_sequence_privilege(c.oid, 'USAGE'))"
        ).fetchall()
        assert sequences == []
        # the next pseudonym's number: a number, never a person
        assert conn.execute("SELECT coursehub_last_pseudonym_number('DR-2027-')").fetchone() == (3,)
        with pytest.raises(psycopg.errors.InvalidParameterValue):
            conn.execute("SELECT coursehub_last_pseudonym_number('DR-2027-000')")
        # the planner's statistics of tables under row security stay hidden
        stats = conn.execute("SELECT tablename FROM pg_stats WHERE tablename = 'trainees'").fetchall()
        assert stats == []


def test_a_session_setting_changes_nothing(cluster, office):
    with login(cluster, office, "coord_a") as conn:
        conn.execute("SET coursehub.organisation = '0'")
        conn.execute("SET ROLE NONE")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute(f'SET ROLE "boss_{office.database}"')
        names = [r[0] for r in conn.execute("SELECT name FROM trainees")]
        assert names == [office.name("own")]


# Viewers and staff ----------------------------------------------------------------------------------
def test_a_viewer_reaches_no_personal_data(cluster, office):
    with login(cluster, office, "viewer") as conn:
        personal = (
            "trainees",
            "enrolments",
            "trade_waits",
            "subject_keys",
            "course_roster",
            "audit_log",
            "attendance",
        )
        for relation in personal:
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(f"SELECT * FROM {relation}")
        seen = everything_readable(conn)
        assert "courses" in seen
        for name, pseudonym, _org, born, phone, jobseeker in PEOPLE.values():
            for value in (name, pseudonym, born, phone, jobseeker):
                assert value not in seen, value
        users = conn.execute("SELECT username FROM users").fetchall()
        assert users == [(f"viewer_{office.database}",)]


def test_office_staff_see_every_trainee_but_not_the_audit_log(cluster, office):
    with login(cluster, office, "staff") as conn:
        assert conn.execute("SELECT count(*) FROM trainees").fetchone() == (4,)
        assert conn.execute("SELECT count(*) FROM course_roster WHERE name IS NOT NULL").fetchone() == (6,)
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM audit_log")


# The audit log ------------------------------------------------------------------------------------
def test_the_audit_actor_is_who_logged_in_whatever_was_sent(cluster, own_office):
    office = own_office
    with login(cluster, office, "coord_a") as conn:
        conn.execute(
            "INSERT INTO audit_log (at, actor, actor_id, action, entity) "
            "VALUES ('2000-01-01 00:00', 'boss', 1, 'forged', 'trainee')"
        )
    with login(cluster, office, "boss") as conn:
        actor, at = conn.execute("SELECT actor, at FROM audit_log WHERE action = 'forged'").fetchone()
        user_id = conn.execute(
            "SELECT id FROM users WHERE username = %s", (f"coord_a_{office.database}",)
        ).fetchone()[0]
        assert actor == f"coord_a_{office.database}"
        assert at.year > 2000
        assert conn.execute("SELECT actor_id FROM audit_log WHERE action = 'forged'").fetchone() == (user_id,)


@pytest.mark.parametrize("who", ["boss", "staff", "coord_a", "viewer"])
def test_nobody_changes_or_empties_the_audit_log(cluster, office, who):
    with login(cluster, office, who) as conn:
        for statement in (
            "UPDATE audit_log SET action = 'x'",
            "DELETE FROM audit_log",
            "TRUNCATE audit_log",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute(statement)
        if who != "boss":
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                conn.execute("SELECT * FROM audit_log")
    with cluster.connect(office.database) as conn:
        assert conn.execute("SELECT count(*) FROM audit_log WHERE action = 'trainee.add'").fetchone() == (4,)


def test_the_audit_log_is_the_only_table_named_audit(cluster, office):
    with cluster.connect(office.database) as conn:
        names = [
            r[0]
            for r in conn.execute(
                "SELECT relname FROM pg_class WHERE relnamespace = current_schema()::regnamespace "
                "AND relkind IN ('r', 'v', 'm', 'p') AND relname ILIKE '%audit%'"
            )
        ]
    assert names == ["audit_log"]


def test_every_function_with_its_owners_rights_belongs_to_a_role_nobody_logs_in_as(cluster, office):
    with cluster.connect(office.database) as conn:
        owners = conn.execute(
            "SELECT DISTINCT r.rolname, r.rolcanlogin, r.rolsuper FROM pg_proc p "
            "JOIN pg_roles r ON r.oid = p.proowner "
            "WHERE p.pronamespace = current_schema()::regnamespace AND p.prosecdef"
        ).fetchall()
        unfixed = conn.execute(
            "SELECT proname FROM pg_proc WHERE pronamespace = current_schema()::regnamespace "
            "AND prosecdef AND NOT coalesce(proconfig::text LIKE '%search_path=%', false)"
        ).fetchall()
    assert sorted(owners) == [
        (f"{office.database}_owner", False, False),
        (f"{office.database}_user_manager", False, False),
    ]
    assert unfixed == []


# Attendance (issue 18, migration 0007) ------------------------------------------------------------
def test_a_coordinator_reads_and_writes_only_their_own_trainees_attendance(cluster, own_office):
    office = own_office
    with login(cluster, office, "coord_a") as conn:
        rows = conn.execute("SELECT trainee_id, note FROM attendance ORDER BY trainee_id").fetchall()
        assert rows == [(office.trainees["own"], f"called {office.name('own')} on 0691110001")]
        # a mark for another organisation's person on the coordinator's own course: refused
        refused_by_row_security(
            conn,
            "INSERT INTO attendance (trainee_id, course_id, session_date, status, recorded_by, "
            "recorded_at) VALUES (%s, %s, '2027-03-08', 'present', 'x', '2027-03-08 12:00')",
            (office.trainees["other_on_own_course"], office.courses["a"]),
        )
        assert_hidden_from_update(
            conn, "attendance", "status = 'present'", office.trainees["other_on_own_course"]
        )
        assert (
            conn.execute("DELETE FROM attendance WHERE course_id = %s", (office.courses["e"],)).rowcount == 0
        )
        # their own: recorded, and the server names who recorded it whatever was sent
        conn.execute(
            "INSERT INTO attendance (trainee_id, course_id, session_date, status, recorded_by, recorded_at) "
            "VALUES (%s, %s, '2027-03-08', 'present', 'boss', '2000-01-01 00:00')",
            (office.trainees["own"], office.courses["a"]),
        )
        recorded_by, recorded_at = conn.execute(
            "SELECT recorded_by, recorded_at FROM attendance WHERE session_date = '2027-03-08'"
        ).fetchone()
        assert recorded_by == f"coord_a_{office.database}" and recorded_at.year > 2000
    with login(cluster, office, "staff") as conn:
        assert conn.execute("SELECT count(*) FROM attendance").fetchone() == (5,)


def test_a_viewer_and_another_coordinator_see_no_marks_of_others(cluster, office):
    with login(cluster, office, "coord_b") as conn:
        seen = {r[0] for r in conn.execute("SELECT trainee_id FROM attendance")}
        assert seen == {office.trainees["other_on_own_course"], office.trainees["other_elsewhere"]}
    with login(cluster, office, "viewer") as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("SELECT * FROM attendance")
        # a course's threshold is part of the course: readable, not changeable by a viewer
        assert conn.execute("SELECT count(*) FROM course_attendance_thresholds").fetchone() == (0,)
