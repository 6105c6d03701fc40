"""`coursehub server copy-from FILE.db` (issue 12, item 7): an office's SQLite file onto the
server in one verified transaction; several offices one after another."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

from coursehub.cli.main import main
from coursehub.domain.people import Role
from coursehub.domain.trainees import Trainee
from coursehub.domain.users import User
from coursehub.services.workspace import Workspace
from coursehub.storage.postgres.security import set_login_active, set_login_password
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()
NGO = "Shoqata Ura e Shpresës (demo)"


def office_file(path: Path, *, staff_name: str = "drita", retitle: str | None = None) -> Path:
    """The demo catalogue, an administrator, an NGO coordinator, two trainees, one enrolled."""
    workspace = Workspace.open(path)
    try:
        workspace.load_demo_if_empty()
        people = workspace.people
        people.auth.setup("admin", PASSWORD)
        admin = people.login("admin", PASSWORD)
        people.auth.add_user(
            admin, User(staff_name, Role.NGO_COORDINATOR, NGO, display_name="Drita Dushku"), PASSWORD
        )
        course = workspace.catalogue.courses()[1]
        first = people.trainees.register(
            admin, Trainee(name="Ana Kola", birth_date=date(1995, 5, 5), organisation=NGO, consent_given=True)
        )
        people.trainees.register(
            admin, Trainee(name="Besa Lala", birth_date=date(1996, 6, 6), consent_given=True)
        )
        people.enrolment.enrol(admin, int(first.id or 0), int(course.id or 0), "brought over for the test")
    finally:
        workspace.close()
    if retitle:
        with sqlite3.connect(path) as conn:
            conn.execute("UPDATE courses SET title = ? WHERE code = ?", (retitle, course.code))
    return path


def copy(cluster, database, path, *more):
    return main(["--db", cluster.url(database), "server", "copy-from", str(path), *more])


def counts(conn, tables=("providers", "courses", "needs", "trainees", "enrolments", "audit_log")) -> dict:
    return {t: conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}


def test_a_file_is_copied_and_checked(cluster, make_database, tmp_path, capsys):
    database = make_database("copy_one")
    path = office_file(tmp_path / "durres.db")
    with sqlite3.connect(path) as source:
        expected = {
            t: source.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
            for t in ("providers", "courses", "needs", "trainees", "enrolments", "audit_log")
        }
    with cluster.connect(database) as conn:
        before = counts(conn)
    assert copy(cluster, database, path) == 0
    out = capsys.readouterr().out
    assert f"{expected['courses']} courses read back the same" in out
    with cluster.connect(database) as conn:
        after = counts(conn)
        assert {t: after[t] - before[t] for t in after} == expected
        # people keep their organisation; the audit log keeps who did what
        organisation = conn.execute(
            "SELECT p.name FROM trainees t JOIN providers p ON p.id = t.organisation_id "
            "WHERE t.name = 'Ana Kola'"
        ).fetchone()
        assert organisation == (NGO,)
        actors = {r[0] for r in conn.execute("SELECT actor FROM audit_log WHERE actor <> 'postgres'")}
        assert actors == {"admin"}
        # users arrive as logins that cannot log in until given a password and enabled
        assert conn.execute("SELECT rolcanlogin FROM pg_roles WHERE rolname = 'drita'").fetchone() == (False,)
        assert conn.execute("SELECT active FROM users WHERE username = 'drita'").fetchone() == (False,)
        assert conn.execute("SELECT display_name FROM users WHERE username = 'drita'").fetchone() == (
            "Drita Dushku",
        )
    assert "drita" in out and "users password" in out
    with cluster.connect(database, f"boss_{database}", PASSWORD) as boss:
        set_login_password(boss, "drita", "drita's new password")
        set_login_active(boss, "drita", True)
    with cluster.connect(database, "drita", "drita's new password") as drita:
        # a coordinator of the copied NGO sees that NGO's person, and only them
        assert drita.execute("SELECT name FROM trainees").fetchall() == [("Ana Kola",)]
    # the server's own actor rule is back after the copy
    with cluster.connect(database, "drita", "drita's new password") as drita:
        drita.execute("INSERT INTO audit_log (at, actor, action, entity) VALUES (now(), 'admin', 'x', 'y')")
    with cluster.connect(database) as conn:
        assert conn.execute("SELECT actor FROM audit_log WHERE action = 'x'").fetchone() == ("drita",)


def test_a_second_office_is_merged_and_clashes_listed(cluster, make_database, tmp_path, capsys):
    database = make_database("copy_two")
    first = office_file(tmp_path / "durres.db")
    second = office_file(tmp_path / "elbasan.db", staff_name="gent", retitle="Another title")
    assert copy(cluster, database, first) == 0
    capsys.readouterr()
    with cluster.connect(database) as conn:
        before = counts(conn)
    assert copy(cluster, database, second, "--json") == 0
    report = json.loads(capsys.readouterr().out)
    assert (
        report["added"].get("courses", 0) == 0 and report["already_there"]["providers"] == before["providers"]
    )
    assert len(report["clashes"]) == 1 and "title" in report["clashes"][0]
    renumbered = report["pseudonyms_renumbered"]
    assert len(renumbered) == 2 and all(r["file"] != r["server"] for r in renumbered)
    assert report["users_to_enable"] == ["gent"]
    with cluster.connect(database) as conn:
        after = counts(conn)
        assert after["courses"] == before["courses"] and after["providers"] == before["providers"]
        assert after["trainees"] == before["trainees"] + 2
        titles = conn.execute("SELECT count(*) FROM courses WHERE title = 'Another title'").fetchone()
        assert titles == (0,)  # the server's version stayed
        assert conn.execute("SELECT count(DISTINCT pseudonym) FROM trainees").fetchone() == (4,)


def test_a_copy_that_fails_keeps_nothing(cluster, make_database, tmp_path, capsys):
    database = make_database("copy_three")
    first = office_file(tmp_path / "durres.db")
    second = office_file(tmp_path / "elbasan.db", staff_name="gent")
    assert copy(cluster, database, first) == 0
    with cluster.connect(database) as conn:
        # the course the second file enrols someone in is full on the server
        conn.execute(
            "UPDATE courses SET seats = 1 "
            "WHERE id = (SELECT course_id FROM enrolments WHERE status = 'enrolled')"
        )
        before = counts(conn)
        roles_before = conn.execute("SELECT count(*) FROM pg_roles").fetchone()
    capsys.readouterr()
    assert copy(cluster, database, second) != 0
    err = capsys.readouterr().err
    assert "seat limit" in err and "Traceback" not in err
    with cluster.connect(database) as conn:
        assert counts(conn) == before
        assert conn.execute("SELECT count(*) FROM pg_roles").fetchone() == roles_before
        enabled = conn.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'audit_log_set_actor'"
        ).fetchone()
        assert enabled == ("O",)


def test_copy_refuses_what_it_cannot_read(cluster, make_database, tmp_path, capsys):
    database = make_database("copy_four")
    not_a_database = tmp_path / "notes.db"
    not_a_database.write_text("just some notes, not a database at all" * 20)
    assert copy(cluster, database, not_a_database) == 1
    assert "cannot be read as a CourseHub database" in capsys.readouterr().err
    assert copy(cluster, database, tmp_path / "missing.db") == 1
    assert "There is no CourseHub file" in capsys.readouterr().err


def test_attendance_and_thresholds_come_along_with_who_recorded_them(cluster, make_database, tmp_path):
    database = make_database("copy_attendance")
    path = office_file(tmp_path / "durres.db")
    with sqlite3.connect(path) as source:
        trainee_id, course_id = source.execute("SELECT trainee_id, course_id FROM enrolments").fetchone()
        source.execute(
            "INSERT INTO attendance (trainee_id, course_id, session_date, status, note, recorded_by, "
            "recorded_at) VALUES (?, ?, '2027-03-01', 'excused', 'doctor', 'drita', '2027-03-01T12:00:00')",
            (trainee_id, course_id),
        )
        source.execute(
            "INSERT INTO course_attendance_thresholds (course_id, percent) VALUES (?, 70)", (course_id,)
        )
        source.execute("UPDATE enrolments SET outcome = 'completed', completed_on = '2027-05-30'")
    assert copy(cluster, database, path) == 0
    with cluster.connect(database) as conn:
        mark = conn.execute(
            "SELECT t.name, a.session_date, a.status, a.note, a.recorded_by, a.recorded_at::text "
            "FROM attendance a JOIN trainees t ON t.id = a.trainee_id"
        ).fetchall()
        assert mark == [("Ana Kola", date(2027, 3, 1), "excused", "doctor", "drita", "2027-03-01 12:00:00")]
        threshold = conn.execute(
            "SELECT c.code, a.percent FROM course_attendance_thresholds a "
            "JOIN courses c ON c.id = a.course_id"
        ).fetchall()
        assert len(threshold) == 1 and threshold[0][1] == 70
        assert conn.execute("SELECT outcome, completed_on FROM enrolments").fetchall() == [
            ("completed", date(2027, 5, 30))
        ]
        # the recorder trigger is back for everyone else
        enabled = conn.execute(
            "SELECT tgenabled FROM pg_trigger WHERE tgname = 'attendance_set_recorder'"
        ).fetchone()
        assert enabled == ("O",)
