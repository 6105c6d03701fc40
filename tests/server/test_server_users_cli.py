"""`coursehub users add|disable|enable|password` on a server (issue 12, item 4): the same
commands as on a file, acting on login roles; the server then refuses a disabled login."""

from __future__ import annotations

import json

import pytest

from coursehub.cli.main import main
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


def as_user(cluster, database, user, monkeypatch, password=PASSWORD):
    monkeypatch.setenv("COURSEHUB_PASSWORD", password)
    monkeypatch.delenv("COURSEHUB_USER", raising=False)
    return cluster.url(database, user)


def test_users_commands_manage_login_roles(cluster, make_database, monkeypatch, capsys):
    database = make_database("users_cli")
    with cluster.connect(database) as conn:
        conn.execute("INSERT INTO providers (name, name_key, kind) VALUES ('Shpresa', 'shpresa', 'ngo')")
    boss = as_user(cluster, database, f"boss_{database}", monkeypatch)
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", "nora's first password")
    assert (
        main(
            [
                "--db",
                boss,
                "users",
                "add",
                "Nora",
                "--role",
                "ngo_coordinator",
                "--organisation",
                "Shpresa",
                "--name",
                "Nora Nika",
            ]
        )
        == 0
    )
    assert "User nora added" in capsys.readouterr().out
    assert main(["--db", boss, "users", "list", "--json"]) == 0
    listed = {u["username"]: u for u in json.loads(capsys.readouterr().out)["users"]}
    assert listed["nora"] == {
        "username": "nora",
        "role": "ngo_coordinator",
        "organisation": "Shpresa",
        "active": True,
        "display_name": "Nora Nika",
    }
    cluster.connect(database, "nora", "nora's first password").close()
    # the login role is "nora"; typed with capitals it is the same user, as on a SQLite file
    monkeypatch.setenv("COURSEHUB_PASSWORD", "nora's first password")
    for typed in (["--user", "NORA"], []):
        address = cluster.url(database, "Nora") if not typed else cluster.url(database, "boss")
        assert main(["--db", address, *typed, "trainee", "list"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)

    assert main(["--db", boss, "users", "disable", "nora"]) == 0
    nora = as_user(cluster, database, "nora", monkeypatch, "nora's first password")
    assert main(["--db", nora, "trainee", "list"]) == 4
    assert "does not let this user in" in capsys.readouterr().err

    boss = as_user(cluster, database, f"boss_{database}", monkeypatch)
    assert main(["--db", boss, "users", "enable", "nora"]) == 0
    nora = as_user(cluster, database, "nora", monkeypatch, "nora's first password")
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", "nora's second password")
    assert main(["--db", nora, "users", "password", "nora"]) == 0
    with pytest.raises(psycopg.OperationalError):
        cluster.connect(database, "nora", "nora's first password")
    cluster.connect(database, "nora", "nora's second password").close()
    capsys.readouterr()

    # a coordinator manages nobody else; the server says so even to a raw connection
    nora = as_user(cluster, database, "nora", monkeypatch, "nora's second password")
    assert main(["--db", nora, "users", "add", "sneaky", "--role", "administrator"]) == 1
    assert "Only an administrator" in capsys.readouterr().err
    with cluster.connect(database) as conn:
        actions = [r[0] for r in conn.execute("SELECT action FROM audit_log ORDER BY id")]
    assert actions == ["user.add", "user.active", "user.active"]
