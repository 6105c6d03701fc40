"""`coursehub server init --admin NAME` (issue 12, item 4): run by the superuser, idempotent,
reuses an existing administrator for a second database, refuses plainly what it must."""

from __future__ import annotations

import pytest

from coursehub.cli.main import main
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


@pytest.fixture(autouse=True)
def _new_password(monkeypatch):
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", PASSWORD)
    monkeypatch.delenv("COURSEHUB_PASSWORD", raising=False)
    monkeypatch.delenv("COURSEHUB_USER", raising=False)


def init(cluster, database, admin="maria", user="postgres", *more):
    return main(["--db", cluster.url(database, user), "server", "init", "--admin", admin, *more])


def test_init_sets_up_a_database_and_runs_again_without_change(cluster, make_database, capsys):
    database = make_database("init_one", set_up=False)
    assert init(cluster, database) == 0
    first = capsys.readouterr().out
    assert "Administrator maria created" in first and "init_one_ngo_coordinator" in first
    with cluster.connect(database, "maria", PASSWORD) as maria:
        assert maria.execute("SELECT role FROM users WHERE username = 'maria'").fetchone() == (
            "administrator",
        )
        assert maria.execute("SELECT pg_has_role('init_one_administrator', 'MEMBER')").fetchone() == (True,)
    with cluster.connect(database) as conn:
        policies_before = conn.execute("SELECT count(*) FROM pg_policies").fetchone()
    assert init(cluster, database) == 0
    again = capsys.readouterr().out
    assert "was up to date" in again and "existing login maria" in again
    with cluster.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM pg_policies").fetchone() == policies_before
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (1,)


def test_a_second_database_reuses_the_administrator(cluster, make_database, capsys, monkeypatch):
    first = make_database("init_two_a", set_up=False)
    second = make_database("init_two_b", set_up=False)
    assert init(cluster, first) == 0
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", "never asked for")
    assert init(cluster, second) == 0
    assert "existing login maria" in capsys.readouterr().out
    for database in (first, second):
        cluster.connect(database, "maria", PASSWORD).close()  # the password stayed the first one


def test_init_refuses_a_role_with_powers_as_administrator(cluster, make_database, capsys):
    database = make_database("init_three", set_up=False)
    assert init(cluster, database, "postgres") != 0
    err = capsys.readouterr().err
    assert "special powers" in err and "Traceback" not in err


def test_init_needs_the_superuser_or_the_database_owner(cluster, make_database, capsys):
    database = make_database("init_four")  # set up, with administrator boss_init_four
    code = main(
        [
            "--db",
            cluster.url(database, f"boss_{database}") + f"&password={PASSWORD.replace(' ', '%20')}",
            "server",
            "init",
            "--admin",
            "maria",
        ]
    )
    assert code == 1
    assert "superuser" in capsys.readouterr().err


def test_the_database_owner_with_createrole_sets_it_up(cluster, make_database, capsys, monkeypatch):
    with cluster.connect("postgres") as conn:
        conn.execute("CREATE ROLE it_person LOGIN CREATEROLE PASSWORD 'it person password'")
    database = make_database("init_owner", set_up=False)
    with cluster.connect("postgres") as conn:
        conn.execute(f'ALTER DATABASE "{database}" OWNER TO it_person')
    monkeypatch.setenv("COURSEHUB_PASSWORD", "it person password")
    for _ in range(2):  # and again: nothing changes
        assert init(cluster, database, "maria", "it_person") == 0
    assert "maria" in capsys.readouterr().out
    with cluster.connect(database) as conn:
        owners = conn.execute(
            "SELECT DISTINCT pg_get_userbyid(relowner) FROM pg_class "
            "WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'v')"
        ).fetchall()
        assert owners == [("init_owner_owner",)]
        assert conn.execute("SELECT rolcreaterole FROM pg_roles WHERE rolname = 'maria'").fetchone() == (
            False,
        )
    with cluster.connect(database, "maria", PASSWORD) as maria:
        assert maria.execute("SELECT role FROM users WHERE username = 'maria'").fetchone() == (
            "administrator",
        )
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            maria.execute("TRUNCATE audit_log")


@pytest.mark.parametrize(
    ("name", "from_the_future"),
    [
        ("init_five", "INSERT INTO coursehub_schema_version (version, name) VALUES (999, 'future')"),
        ("init_six", "UPDATE settings SET value = '99' WHERE key = 'server.security_version'"),
    ],
    ids=["schema", "security-layer"],
)
def test_init_refuses_a_server_newer_than_the_program(cluster, make_database, capsys, name, from_the_future):
    database = make_database(name)
    with cluster.connect(database) as conn:
        conn.execute(from_the_future)
    assert init(cluster, database) == 3
    assert "newer version of CourseHub" in capsys.readouterr().err


def test_init_wants_a_server_address(tmp_path, capsys):
    assert main(["--db", str(tmp_path / "x.db"), "server", "init", "--admin", "maria"]) != 0
    assert "PostgreSQL server" in capsys.readouterr().err


def test_init_refuses_an_administrator_name_that_is_another_kind_of_user(cluster, make_database, capsys):
    from coursehub.domain.people import Role
    from coursehub.storage.postgres.security import add_login

    database = make_database("init_seven")
    with cluster.connect(database, f"boss_{database}", PASSWORD) as boss:
        add_login(boss, "vera", Role.VIEWER, None, PASSWORD)
    assert init(cluster, database, "vera") == 1
    assert "another role" in capsys.readouterr().err
    with cluster.connect(database) as conn:
        member = conn.execute("SELECT pg_has_role('vera', 'init_seven_administrator', 'MEMBER')").fetchone()
    assert member == (False,)
