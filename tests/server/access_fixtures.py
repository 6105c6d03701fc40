"""A throwaway PostgreSQL cluster for the raw-connection access tests, with real passwords.

The cluster is started by .ci/postgres.sh (one per test worker, its own state folder and a
port in 55451-55499), then told to check every login but the superuser's with
scram-sha-256 over the socket: the tests log in with the passwords `server init` and
`users add` set. Outside CI a machine without PostgreSQL skips these tests with one line
saying how to run them; in CI (CI=true) that is a failure.

Fixtures (tests/server/conftest.py lends them to every module there): `cluster` (session),
`make_database` (a fresh CourseHub database set up by `server init`'s functions, as the
superuser).
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / ".ci" / "postgres.sh"
PORTS = "55451 55499"
PASSWORD = "a long test password"


@dataclass
class Cluster:
    socket: str
    port: int

    def url(self, database: str = "postgres", user: str = "postgres") -> str:
        return f"postgresql:///{database}?host={self.socket}&port={self.port}&user={user}"

    def connect(self, database: str, user: str = "postgres", password: str | None = None, **kwargs):
        import psycopg

        options = {"host": self.socket, "port": self.port, "dbname": database, "user": user}
        if password is not None:
            options["password"] = password
        return psycopg.connect(**options, autocommit=kwargs.pop("autocommit", True), **kwargs)


def require_psycopg():
    """The driver for a test module: skipped outside CI without it, a failure in CI."""
    try:
        import psycopg
    except ImportError:
        _unavailable('psycopg is not installed: pip install -e ".[server]"')
    return psycopg


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}")
    pytest.skip(
        f"no PostgreSQL ({reason}); install PostgreSQL 15 server binaries and psycopg to run these",
        allow_module_level=True,
    )


@pytest.fixture(scope="session")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    require_psycopg()
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    state = f"/tmp/coursehub-pg-access-{os.getpid()}-{worker}"
    env = {**os.environ, "COURSEHUB_PG_STATE": state, "PG_PORT_RANGE": PORTS}
    started = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True)
    if started.returncode != 0:
        _unavailable(started.stderr.strip().splitlines()[-1] if started.stderr.strip() else "start failed")
    url = started.stdout.strip()
    port = int(url.split("port=")[1].split("&")[0])
    found = Cluster(socket=f"{state}/socket", port=port)
    try:
        _require_passwords(found, Path(state) / "data")
        yield found
    finally:
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True)


def _require_passwords(cluster: Cluster, data: Path) -> None:
    """Only the superuser gets in without a password (the tests' own set-up)."""
    (data / "pg_hba.conf").write_text("local all postgres trust\nlocal all all scram-sha-256\n")
    with cluster.connect("postgres") as conn:
        conn.execute("SELECT pg_reload_conf()")


class Databases:
    """CourseHub databases made for tests, and the cluster-wide roles that came with them."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.made: list[str] = []
        self.roles_before = self._roles()

    def _roles(self) -> set[str]:
        with self.cluster.connect("postgres") as conn:
            return {r[0] for r in conn.execute("SELECT rolname FROM pg_roles")}

    def make(self, name: str, *, set_up: bool = True) -> str:
        from coursehub.storage.postgres.migrations import apply_migrations
        from coursehub.storage.postgres.security import apply_security, ensure_administrator

        with self.cluster.connect("postgres") as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
        self.made.append(name)
        if set_up:
            with self.cluster.connect(name) as conn:
                apply_migrations(conn)
                apply_security(conn)
                ensure_administrator(conn, f"boss_{name}", lambda: PASSWORD)
        return name

    def remove(self) -> None:
        with self.cluster.connect("postgres") as conn:
            for name in self.made:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # Roles are the cluster's: remove those made since (logins first, then the groups).
        with self.cluster.connect("postgres") as conn:
            made = conn.execute(
                "SELECT rolname FROM pg_roles WHERE NOT rolname = ANY(%s) ORDER BY rolcanlogin DESC",
                (sorted(self.roles_before),),
            ).fetchall()
            for (role,) in made:
                conn.execute(f'DROP ROLE IF EXISTS "{role}"')


@pytest.fixture
def make_database(cluster: Cluster) -> Iterator[Callable[..., str]]:
    """make(name) -> the name of a fresh database with CourseHub's schema, roles and policies
    and the administrator `boss_<name>` (password PASSWORD); make(name, set_up=False): an
    empty database. Dropped afterwards, with every role the test made."""
    databases = Databases(cluster)
    yield databases.make
    databases.remove()


@pytest.fixture(scope="module")
def make_shared_database(cluster: Cluster) -> Iterator[Callable[..., str]]:
    """The same, kept for the tests of one module that only read (or are refused)."""
    databases = Databases(cluster)
    yield databases.make
    databases.remove()
