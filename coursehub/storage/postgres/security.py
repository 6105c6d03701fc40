"""Who may see and change what on a PostgreSQL server: roles, grants and row-level security.

The SQL is db/postgres/security.sql (version SECURITY_VERSION), applied by `server init`
after the migrations and re-applied on every run: it is idempotent. Offers:
- `server_roles(database)`: this database's role names (roles are cluster-wide, so they are
  prefixed with the database's name);
- `apply_security(conn)`: create/refresh roles, ownership, grants and policies;
- `ensure_administrator(conn, name, new_password)`: the first CourseHub administrator;
- `add_login`, `set_login_active`, `set_login_password`: users on a server, through the
  SECURITY DEFINER functions `coursehub_user_*` (administrators never get CREATEROLE);
- `scram_verifier(conn, password, role)`: computed here, on the client, by libpq.

What the rest of the server backend should read, for a coordinator sees only their own
organisation's trainees (row-level security, keyed on session_user):
- `course_roster` (view): a course's enrolled/waiting people as its reader may see them;
  other organisations' trainees by pseudonym only (trainee_id, name NULL, readable false);
- `course_seat_counts` (view): (course_id, status, people) for every course, for everyone;
- `coursehub_last_pseudonym_number('DR-2027-')`: the highest number used for that stem;
- settings are changed by administrators only; users through the functions above.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from coursehub.domain.errors import CourseHubError, NotFound, PermissionDenied, Problem, ValidationError
from coursehub.domain.people import Role
from coursehub.domain.server import ServerNotReady
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.paths import MIGRATIONS_DIR

if TYPE_CHECKING:
    import psycopg

SECURITY_VERSION = 2  # 2: display names, holidays in the clash check, retention of promoted people
SECURITY_SQL = MIGRATIONS_DIR.parent / "postgres" / "security.sql"
SECURITY_VERSION_KEY = "server.security_version"
SECURITY_LOCK = 7107  # advisory lock key: one `server init` at a time per database
ROLE_NAME = re.compile(r"^[a-z0-9._@-]{2,40}$")


@dataclass(frozen=True, slots=True)
class ServerRoles:
    """The roles of one CourseHub database; every name is made of [a-z0-9_] only."""

    owner: str
    administrator: str
    office_staff: str
    ngo_coordinator: str
    viewer: str
    user_manager: str

    def group(self, role: Role) -> str:
        return {
            Role.ADMINISTRATOR: self.administrator,
            Role.OFFICE_STAFF: self.office_staff,
            Role.NGO_COORDINATOR: self.ngo_coordinator,
            Role.VIEWER: self.viewer,
        }[role]

    @property
    def groups(self) -> tuple[str, ...]:
        return (self.administrator, self.office_staff, self.ngo_coordinator, self.viewer)


def role_prefix(database: str) -> str:
    """`Course-Hub Durrës` -> `course_hub_durr_s`: safe unquoted, short enough for suffixes."""
    return re.sub(r"[^a-z0-9_]", "_", database.lower())[:40] or "coursehub"


def server_roles(database: str) -> ServerRoles:
    prefix = role_prefix(database)
    return ServerRoles(
        owner=f"{prefix}_owner",
        administrator=f"{prefix}_administrator",
        office_staff=f"{prefix}_office_staff",
        ngo_coordinator=f"{prefix}_ngo_coordinator",
        viewer=f"{prefix}_viewer",
        user_manager=f"{prefix}_user_manager",
    )


def login_name(username: str) -> str:
    """A CourseHub user name as its login role: small letters, so it need never be quoted."""
    return username.strip().lower()


def security_sql(schema: str, roles: ServerRoles) -> str:
    text = SECURITY_SQL.read_text(encoding="utf-8")
    for placeholder, value in (
        ("@SCHEMA@", schema),
        ("@OWNER@", roles.owner),
        ("@ADMIN@", roles.administrator),
        ("@STAFF@", roles.office_staff),
        ("@COORD@", roles.ngo_coordinator),
        ("@VIEWER@", roles.viewer),
        ("@USERS@", roles.user_manager),
    ):
        text = text.replace(placeholder, value)
    return text


def current_roles(conn: psycopg.Connection) -> ServerRoles:
    row = conn.execute("SELECT current_database()").fetchone()
    return server_roles(str(row[0]) if row else "")


# Setting up -------------------------------------------------------------------------------------
def require_setup_rights(conn: psycopg.Connection) -> None:
    """`server init` needs the superuser, or the database's owner with CREATEROLE."""
    row = conn.execute(
        "SELECT r.rolsuper, r.rolcreaterole, pg_has_role(current_user, d.datdba, 'MEMBER'), "
        "current_setting('server_version_num')::int FROM pg_roles r, pg_database d "
        "WHERE r.rolname = current_user AND d.datname = current_database()"
    ).fetchone()
    superuser, createrole, owns_database, version = row if row else (False, False, False, 0)
    if version < 150000:
        raise ServerNotReady(_("CourseHub needs PostgreSQL 15 or newer; this server runs an older version."))
    if not superuser and not (createrole and owns_database):
        raise PermissionDenied(
            _(
                "Setting up a server database needs the PostgreSQL superuser (e.g. postgres) or the "
                "database's owner with CREATEROLE: run `coursehub --db ADDRESS server init` as one "
                "of them (docs/server.md)."
            )
        )


def stored_security_version(conn: psycopg.Connection) -> int:
    row = conn.execute("SELECT value FROM settings WHERE key = %s", (SECURITY_VERSION_KEY,)).fetchone()
    return int(row[0]) if row and str(row[0]).isdigit() else 0


def apply_security(conn: psycopg.Connection) -> ServerRoles:
    """Roles, ownership, grants and policies, in one transaction; refused when the server's
    security layer is newer than this program's."""
    roles = current_roles(conn)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (SECURITY_LOCK,))
        found = stored_security_version(conn)
        if found > SECURITY_VERSION:
            raise ServerNotReady(
                _(
                    "The server's CourseHub database was set up by a newer version of CourseHub than "
                    "this one; to keep it safe this program changes nothing. Install the newer "
                    "CourseHub (docs/server.md, upgrading)."
                )
            )
        schema = conn.execute("SELECT quote_ident(current_schema())").fetchone()
        conn.execute(security_sql(str(schema[0] if schema else "public"), roles).encode())
        conn.execute(
            "INSERT INTO settings (key, value) VALUES (%s, %s) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (SECURITY_VERSION_KEY, str(SECURITY_VERSION)),
        )
    return roles


def scram_verifier(conn: psycopg.Connection, password: str, role: str) -> str:
    """The SCRAM-SHA-256 verifier of `password`, computed here by libpq: the plain password
    never reaches the server, nor any server log."""
    verifier = conn.pgconn.encrypt_password(password.encode(), role.encode(), b"scram-sha-256")
    return verifier.decode("ascii")


def ensure_administrator(conn: psycopg.Connection, username: str, new_password: Callable[[], str]) -> bool:
    """The first CourseHub administrator as a login role (made if missing; an existing role is
    reused as it is, password included). True when the role was created here."""
    from psycopg import sql

    name = login_name(username)
    _require_login_name(name)
    roles = current_roles(conn)
    with conn.transaction():
        found = conn.execute(
            "SELECT rolsuper OR rolcreaterole OR rolbypassrls OR rolreplication, rolname IN "
            "(%s, %s, %s, %s, %s, %s) FROM pg_roles WHERE rolname = %s",
            (*roles.groups, roles.owner, roles.user_manager, name),
        ).fetchone()
        if found and (found[0] or found[1]):
            raise PermissionDenied(
                _(
                    "{name} is a role with special powers (or one of CourseHub's own roles); a CourseHub "
                    "administrator needs a login role of their own. Choose another name."
                ).format(name=name)
            )
        existing = conn.execute("SELECT role FROM users WHERE username_key = %s", (fold(name),)).fetchone()
        if existing and existing[0] != Role.ADMINISTRATOR.value:
            raise ValidationError(
                [
                    Problem(
                        _("user name"),
                        name,
                        _(
                            "This login is already a user of this database with another role; "
                            "choose another name for the administrator."
                        ),
                    )
                ]
            )
        created = found is None
        if created:
            password = new_password()
            _require_password(password)
            conn.execute(
                sql.SQL("CREATE ROLE {} LOGIN INHERIT PASSWORD {}").format(
                    sql.Identifier(name), sql.Literal(scram_verifier(conn, password, name))
                )
            )
        conn.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(roles.administrator), sql.Identifier(name))
        )
        conn.execute(
            "INSERT INTO users (username, username_key, password_hash, role, organisation_id, active) "
            "VALUES (%s, %s, '', 'administrator', NULL, true) ON CONFLICT (username_key) DO NOTHING",
            (name, fold(name)),
        )
    return created


def _require_login_name(name: str) -> None:
    if not ROLE_NAME.match(name):
        raise ValidationError(
            [
                Problem(
                    _("user name"),
                    name,
                    _("Use 2 to 40 letters, digits, dots, dashes or @, without spaces."),
                )
            ]
        )


def _require_password(password: str) -> None:
    from coursehub.domain.users import password_problems

    problems = password_problems(password)
    if problems:
        raise ValidationError(problems)


# Users on a server ---------------------------------------------------------------------------
def add_login(
    conn: psycopg.Connection,
    username: str,
    role: Role,
    organisation_id: int | None,
    password: str,
    *,
    display_name: str = "",
) -> str:
    """A new CourseHub user as a login role of this database; returns the role's name."""
    name = login_name(username)
    _require_login_name(name)
    _require_password(password)
    _call(
        conn,
        "SELECT coursehub_user_add(%s, %s, %s, %s, %s, %s)",
        (name, fold(name), role.value, organisation_id, scram_verifier(conn, password, name), display_name),
        name,
    )
    return name


def set_login_active(conn: psycopg.Connection, username: str, active: bool) -> None:
    """Disabling takes LOGIN away from the role (the server then refuses it at the door)."""
    _call(conn, "SELECT coursehub_user_set_active(%s, %s)", (login_name(username), active), username)


def set_login_password(conn: psycopg.Connection, username: str, password: str) -> None:
    name = login_name(username)
    _require_password(password)
    _call(
        conn,
        "SELECT coursehub_user_set_password(%s, %s)",
        (name, scram_verifier(conn, password, name)),
        username,
    )


def _call(conn: psycopg.Connection, query: str, params: tuple[Any, ...], name: str) -> None:
    import psycopg

    try:
        with conn.transaction():
            conn.execute(query, params)
    except psycopg.Error as error:
        raise _plain(error, name) from error


def _plain(error: Exception, name: str) -> CourseHubError:
    """The functions' refusals (tagged in their HINT) in the user's words."""
    diag = getattr(error, "diag", None)
    hint = (getattr(diag, "message_hint", None) or "") if diag else ""
    sqlstate = getattr(error, "sqlstate", "") or ""
    if hint == "coursehub:not-administrator" or (sqlstate == "42501" and "for function" in str(error)):
        return PermissionDenied(_("Only an administrator can do this."))
    if hint == "coursehub:self-disable":
        return PermissionDenied(_("You cannot disable your own account."))
    if hint == "coursehub:user-taken":
        return ValidationError([Problem(_("user name"), name, _("This user name is taken."))])
    if hint == "coursehub:role-taken":
        return ValidationError(
            [
                Problem(
                    _("user name"),
                    name,
                    _(
                        "The server already has a login of this name that is not a user of this "
                        "CourseHub database (another database's user, or the server's own); choose "
                        "another name."
                    ),
                )
            ]
        )
    if hint == "coursehub:no-user":
        return NotFound(_("No user called {name}.").format(name=name))
    return CourseHubError(
        _("The server refused the change of user {name}: {reason}").format(
            name=name, reason=str(error).strip().splitlines()[0]
        )
    )
