"""Login roles on a server (issue 12, item 4): CourseHub users are login roles managed
through SECURITY DEFINER functions that grant only this database's group roles; each
database's users stay out of the others. Raw psycopg connections throughout."""

from __future__ import annotations

import pytest

from coursehub.domain.errors import NotFound, PermissionDenied, ValidationError
from coursehub.domain.people import Role
from coursehub.storage.postgres.security import (
    add_login,
    scram_verifier,
    server_roles,
    set_login_active,
    set_login_password,
)
from tests.server.access_fixtures import PASSWORD, require_psycopg

psycopg = require_psycopg()


def boss(cluster, database):
    return cluster.connect(database, f"boss_{database}", PASSWORD)


def test_a_user_logs_in_with_their_password_until_disabled(cluster, make_database):
    database = make_database("roles_a")
    with boss(cluster, database) as admin:
        add_login(admin, "Maria.K", Role.OFFICE_STAFF, None, PASSWORD)
        with cluster.connect(database, "maria.k", PASSWORD) as maria:
            assert maria.execute("SELECT session_user").fetchone() == ("maria.k",)
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            cluster.connect(database, "maria.k", "not the password")
        set_login_active(admin, "maria.k", False)
        with pytest.raises(psycopg.OperationalError, match="not permitted to log in"):
            cluster.connect(database, "maria.k", PASSWORD)
        set_login_active(admin, "maria.k", True)
        set_login_password(admin, "maria.k", "another long password")
        cluster.connect(database, "maria.k", "another long password").close()
        with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
            cluster.connect(database, "maria.k", PASSWORD)
        row = admin.execute(
            "SELECT role, active, password_hash FROM users WHERE username = 'maria.k'"
        ).fetchone()
        assert row == ("office_staff", True, "")


def test_passwords_reach_the_server_only_as_scram_verifiers(cluster, make_database):
    database = make_database("roles_b")
    with boss(cluster, database) as admin:
        with pytest.raises(psycopg.errors.InvalidPassword):
            admin.execute("SELECT coursehub_user_add('plain', 'plain', 'viewer', NULL, 'a plain password')")
        add_login(admin, "vera", Role.VIEWER, None, PASSWORD)
    with cluster.connect("postgres") as conn:
        stored = conn.execute("SELECT rolpassword FROM pg_authid WHERE rolname = 'vera'").fetchone()[0]
    assert stored.startswith("SCRAM-SHA-256$4096:")


def test_administrators_have_no_createrole_and_cannot_take_the_owner_role(cluster, make_database):
    database = make_database("roles_c")
    roles = server_roles(database)
    with boss(cluster, database) as admin:
        attributes = admin.execute(
            "SELECT rolcreaterole, rolsuper, rolbypassrls FROM pg_roles WHERE rolname = session_user"
        ).fetchone()
        assert attributes == (False, False, False)
        for statement in (
            f'GRANT "{roles.owner}" TO "boss_{database}"',
            f'SET ROLE "{roles.owner}"',
            f'SET ROLE "{roles.user_manager}"',
            "CREATE ROLE sneaky LOGIN",
            f'ALTER TABLE audit_log OWNER TO "boss_{database}"',
            "CREATE TABLE audit_copy (x integer)",
            f'GRANT "{roles.office_staff}" TO "boss_{database}"',
            "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_update",
            "ALTER TABLE trainees NO FORCE ROW LEVEL SECURITY",
        ):
            with pytest.raises(psycopg.errors.InsufficientPrivilege):
                admin.execute(statement)
        # handing on their privileges grants nothing (PostgreSQL only warns)
        admin.execute(f'GRANT SELECT ON trainees TO "{roles.viewer}"')
        shared = admin.execute("SELECT has_table_privilege(%s, 'trainees', 'SELECT')", (roles.viewer,))
        assert shared.fetchone() == (False,)


def test_the_user_functions_grant_only_this_databases_groups(cluster, make_database):
    database = make_database("roles_d")
    other = make_database("roles_e")
    roles = server_roles(database)
    with cluster.connect("postgres") as conn:
        conn.execute("CREATE ROLE outsider LOGIN PASSWORD 'outsider password'")
    with boss(cluster, database) as admin:
        verifier = scram_verifier(admin, PASSWORD, "newbie")
        for role in (
            "pg_read_all_data",
            "pg_write_server_files",
            roles.owner,
            "superuser",
            "roles_e_administrator",
        ):
            with pytest.raises(psycopg.errors.InvalidParameterValue):
                admin.execute("SELECT coursehub_user_add('newbie', 'newbie', %s, NULL, %s)", (role, verifier))
        # roles that are not this database's users are never touched
        for name in ("outsider", "postgres", f"boss_{other}", roles.owner, roles.administrator):
            with pytest.raises(ValidationError):
                add_login(admin, name, Role.VIEWER, None, PASSWORD)
            with pytest.raises(NotFound):
                set_login_password(admin, name, "a taken-over password")
            with pytest.raises(NotFound):
                set_login_active(admin, name, False)
        with pytest.raises(PermissionDenied):
            set_login_active(admin, f"boss_{database}", False)
    # nobody gained a membership but this database's own users
    with cluster.connect("postgres") as conn:
        granted = conn.execute(
            "SELECT g.rolname, m.rolname FROM pg_auth_members a JOIN pg_roles g ON g.oid = a.roleid "
            "JOIN pg_roles m ON m.oid = a.member WHERE m.rolname IN ('outsider', 'postgres', %s)",
            (f"boss_{other}",),
        ).fetchall()
        assert granted == [("roles_e_administrator", f"boss_{other}")]
        assert conn.execute(
            "SELECT rolcanlogin FROM pg_roles WHERE rolname = %s", (f"boss_{other}",)
        ).fetchone() == (True,)
    cluster.connect(other, f"boss_{other}", PASSWORD).close()  # their password is unchanged


def test_only_administrators_manage_users_and_others_only_their_own_password(cluster, make_database):
    database = make_database("roles_f")
    with boss(cluster, database) as admin:
        add_login(admin, "sara", Role.OFFICE_STAFF, None, PASSWORD)
        add_login(admin, "tom", Role.VIEWER, None, PASSWORD)
    with cluster.connect(database, "sara", PASSWORD) as sara:
        with pytest.raises(PermissionDenied):
            add_login(sara, "sneaky", Role.ADMINISTRATOR, None, PASSWORD)
        with pytest.raises(PermissionDenied):
            set_login_active(sara, "tom", False)
        with pytest.raises(PermissionDenied):
            set_login_password(sara, "tom", "sara sets tom's password")
        set_login_password(sara, "sara", "sara's own new password")
    cluster.connect(database, "sara", "sara's own new password").close()


def test_a_coordinator_of_one_database_cannot_connect_to_another(cluster, make_database):
    first, second = make_database("office_one"), make_database("office_two")
    with cluster.connect(first) as conn:
        provider = conn.execute(
            "INSERT INTO providers (name, name_key, kind) VALUES ('Shpresa', 'shpresa', 'ngo') RETURNING id"
        ).fetchone()[0]
    with boss(cluster, first) as admin:
        add_login(admin, "nora", Role.NGO_COORDINATOR, provider, PASSWORD)
    cluster.connect(first, "nora", PASSWORD).close()
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        cluster.connect(second, "nora", PASSWORD)
    # and the first database's administrator is no user of the second either
    with pytest.raises(psycopg.OperationalError, match="permission denied for database"):
        cluster.connect(second, f"boss_{first}", PASSWORD)
