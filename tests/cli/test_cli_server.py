"""`--db postgresql://...`: the command line on a server (PostgreSQL pass only).

The connection's role is the acting user; what belongs to SQLite files (restore, check,
encrypt, setup) says so; backups are pg_dump's; an unreachable server, a missing database,
a missing driver and a newer schema each get a plain message and a documented exit code.
"""

from __future__ import annotations

import json
import socket
import sys

import pytest

from coursehub.app import main
from coursehub.services.people_wiring import PeopleServices
from coursehub.services.workspace import Workspace
from tests.enrolment.conftest import PASSWORD, cheap_hasher


@pytest.fixture
def server(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch):
    """A fresh server database with the demo catalogue; its superuser connection is a
    CourseHub administrator."""
    from tests.postgres_backend import on_postgres

    if not on_postgres(request.config):
        pytest.skip("runs in the PostgreSQL pass (pytest --backend postgres)")
    cluster = request.getfixturevalue("pg_cluster")
    url = cluster.url(cluster.database(91))
    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    monkeypatch.delenv("COURSEHUB_USER", raising=False)
    monkeypatch.delenv("COURSEHUB_PASSWORD", raising=False)
    workspace = Workspace.open_server(url)
    workspace.people.auth.setup(workspace.store.authenticated_user, PASSWORD)
    workspace.load_demo_if_empty()
    workspace.close()
    return url


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["--lang", "en", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_commands_work_on_a_server_url_as_the_connected_role(server, capsys):
    code, out, err = run(capsys, "--db", server, "courses", "--json")
    assert code == 0, err
    assert len(json.loads(out)["courses"]) == 44
    code, out, err = run(
        capsys, "--db", server, "trainee", "add", "--name", "Arta Hoxha", "--born", "1998-05-04", "--consent"
    )
    assert code == 0, err
    assert "Traceback" not in err
    code, out, err = run(capsys, "--db", server, "audit", "--json")
    assert code == 0, err
    assert any(entry["actor"] == "postgres" for entry in json.loads(out)["audit"]), out


def test_file_commands_say_they_are_sqlites(server, capsys, tmp_path):
    for argv in (
        ["restore", str(tmp_path / "b.db")],
        ["check"],
        ["encrypt"],
        ["decrypt", "-o", str(tmp_path / "p.db")],
    ):
        code, _out, err = run(capsys, "--db", server, *argv)
        assert code == 1, (argv, err)
        assert "PostgreSQL server" in err and "docs/server.md" in err and "Traceback" not in err
    code, _out, err = run(capsys, "--db", server, "setup")
    assert code == 1 and "server init" in err


def test_backup_prints_the_pg_dump_command_or_runs_it_for_the_superuser(server, capsys, tmp_path):
    code, out, _err = run(capsys, "--db", server, "backup")
    assert code == 0
    assert "pg_dump --format=custom" in out and "docs/server.md" in out
    target = tmp_path / "coursehub.dump"
    code, out, err = run(capsys, "--db", server, "backup", "-o", str(target))
    assert code == 0, err
    assert target.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format
    assert target.stat().st_mode & 0o077 == 0


def test_a_server_that_does_not_answer_gets_exit_7_and_what_to_check(capsys):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once closed
    code, _out, err = run(capsys, "--db", f"postgresql://nobody@127.0.0.1:{port}/coursehub", "courses")
    assert code == 7
    assert "Could not reach the database server" in err and "Traceback" not in err


def test_a_missing_database_gets_exit_3(server, capsys):
    missing = server.replace("chtest_", "no_such_chtest_", 1)
    code, _out, err = run(capsys, "--db", missing, "courses")
    assert code == 3 and "has no such database" in err


def test_without_the_driver_one_line_names_the_install_command(server, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    code, _out, err = run(capsys, "--db", server, "courses")
    assert code == 3
    assert 'pip install -e ".[server]"' in err and len(err.strip().splitlines()) == 1


def test_a_newer_schema_is_read_but_never_written(server, capsys):
    import psycopg

    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute("INSERT INTO coursehub_schema_version (version, name) VALUES (99, 'from_the_future')")
    try:
        code, _out, err = run(capsys, "--db", server, "courses", "--json")
        assert code == 0 and "newer CourseHub" in err
        code, _out, err = run(
            capsys,
            "--db",
            server,
            "trainee",
            "add",
            "--name",
            "Arta Hoxha",
            "--born",
            "1998-05-04",
            "--consent",
        )
        assert code == 3 and "newer version of CourseHub" in err
        with psycopg.connect(server) as conn:
            assert conn.execute("SELECT count(*) FROM trainees").fetchone()[0] == 0
    finally:  # the worker's database is reused (emptied, not remade) by the next test
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute("DELETE FROM coursehub_schema_version WHERE version = 99")


def _dropping(monkeypatch, service, method: str, drops: int) -> list[int]:
    """`service.method` loses its server connection (the server ends the session) on its
    first `drops` calls, as a dropped network would; returns the calls made."""
    calls: list[int] = []
    original = getattr(service, method)

    def call(self, *args, **kwargs):
        calls.append(1)
        if len(calls) <= drops:
            import psycopg

            store = self.store
            pid = store.conn.execute("SELECT pg_backend_pid()").fetchone()[0]
            with psycopg.connect(store.address, autocommit=True) as other:
                other.execute("SELECT pg_terminate_backend(%s)", (pid,))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(service, method, call)
    return calls


def test_a_reading_command_runs_once_more_after_a_dropped_connection(server, capsys, monkeypatch):
    from coursehub.services.catalogue import CatalogueService

    monkeypatch.setattr("coursehub.cli.main.RETRY_PAUSE_S", 0.01)
    calls = _dropping(monkeypatch, CatalogueService, "courses", drops=1)
    code, out, err = run(capsys, "--db", server, "courses", "--json")
    assert code == 0 and len(calls) == 2
    assert "trying once more" in err and json.loads(out)["courses"]

    # bounded: a second drop ends it with exit 7 and the plain message
    calls = _dropping(monkeypatch, CatalogueService, "courses", drops=2)
    code, _out, err = run(capsys, "--db", server, "courses")
    assert code == 7 and len(calls) == 2
    assert "connection to the database server" in err and "was lost" in err and "Traceback" not in err


def test_a_changing_command_is_not_run_again_after_a_dropped_connection(server, capsys, monkeypatch):
    from coursehub.services.trainees import TraineeService

    calls = _dropping(monkeypatch, TraineeService, "register", drops=1)
    code, _out, err = run(
        capsys, "--db", server, "trainee", "add", "--name", "Arta Hoxha", "--born", "1998-05-04", "--consent"
    )
    assert code == 7 and len(calls) == 1 and "trying once more" not in err
