"""Running the suite on PostgreSQL: `pytest --backend postgres` (or COURSEHUB_TEST_BACKEND).

The cluster: COURSEHUB_TEST_PG (a superuser URL of its `postgres` database, as printed by
`.ci/postgres.sh start`), else each test worker starts a throwaway one with .ci/postgres.sh.
Without the server binaries a developer's run skips with a one-line reason; in CI (CI=true)
that is a failure.

Each test worker gets its own databases, made from one template database that already holds
the schema (`chtest_template`, migrated once, under an advisory lock so workers do not race).
A test that opens a database file gets, in its place, the worker's first database (the
second file it opens, the second database, ...), emptied before the test: the SQLite file
paths the tests use become server databases without changing the tests. What is about SQLite
files themselves (network shares, integrity checks, encryption, kill tests, backups) is
skipped on PostgreSQL with a reason, file by file (SQLITE_ONLY_FILES); so are the pure unit
tests, which touch no database. The GUI tests run on the server too.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / ".ci" / "postgres.sh"
TEMPLATE = "chtest_template"
HOW_TO_RUN = (
    "PostgreSQL tests skipped: no cluster ({reason}). Run them with "
    "COURSEHUB_TEST_PG=$(.ci/postgres.sh start) python3 -m pytest --backend postgres"
)
# Left out on PostgreSQL, with why.
SQLITE_ONLY_FOLDERS = {
    "server": "the access tests start and set up their own server",
    "unit": "pure unit test: no database, the SQLite run covers it",
}
# Files of those folders that do read a database, and so run on the server too.
ON_THE_SERVER_TOO = {"test_collation.py"}
# Tests about SQLite files
# (network share, integrity_check, encryption, backups, kill tests, locks, file modes).
SQLITE_ONLY_FILES = {
    "test_database.py": "SQLite's file, pragmas and migrations",
    "test_restore_rules.py": "restoring a database file from a backup file",
    "test_copies_beside_the_database.py": "backup and export files beside the database file",
    # tests/reliability: what is about SQLite files
    "test_backups.py": "SQLite backup files",
    "test_damage_on_open.py": "a damaged SQLite file (integrity_check)",
    "test_encryption.py": "encrypted SQLite files",
    "test_foreign_and_read_only_files.py": "foreign and read-only SQLite files",
    "test_kill_during_writes.py": "killing a writer of a SQLite file",
    "test_network_share.py": "SQLite files on a network share",
    "test_newer_schema.py": "SQLite's user_version (tests/server covers a newer server schema)",
    "test_private_files.py": "file modes of the SQLite file and its copies",
    "test_two_copies.py": "two programs on one SQLite file (its lock file)",
    # these compare the file's bytes before and after ("changes nothing") or copy the file
    "test_bad_input_courses.py": "compares the SQLite file's bytes",
    "test_bad_input_imports.py": "compares the SQLite file's bytes",
    "test_hostile_input.py": "works on copies of a demo SQLite file",
    "test_every_command.py": "works on copies of a SQLite file",
    # tests/ui about files, or with no database at all
    "test_ui_database_problems.py": "damaged, read-only and newer SQLite files",
    "test_ui_gc_thread.py": "pure unit test of the garbage collector's thread",
    "test_ui_quit_after_first_paint.py": "starts the program on a SQLite file",
    "test_ui_help.py": "the guide window: no database beyond the window's",
    "test_ui_models_settings.py": "Qt models over a course list already read (the service tests read it)",
    "test_ui_week_sunday.py": "the week view's layout: no database beyond the window's",
}
SQLITE_ONLY_TESTS = {  # test names in files that are otherwise about every backend
    "test_writing_importing_and_backing_up_need_a_logged_in_user_once_accounts_exist": "backs up the file",
    "test_a_role_that_may_not_is_refused_and_the_allowed_one_is_audited": "backs up the file",
    "test_user_from_the_environment_and_after_the_command": "backs up the file",
    "test_the_program_starts_on_a_new_database_and_quits": "starts the program on a new SQLite file",
    "test_the_program_starts_on_the_demo_and_quits": "starts the program on the demo's own SQLite file",
    "test_the_command_line_sets_and_shows_it": "`setup` and `users add` on a file: on a server users are "
    "login roles (tests/server covers those commands)",
}


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--backend",
        choices=("sqlite", "postgres"),
        default=os.environ.get("COURSEHUB_TEST_BACKEND", "sqlite"),
        help="run the tests on SQLite files (default) or on a PostgreSQL server",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "sqlite_only(reason): the test is about SQLite itself")


def on_postgres(config: pytest.Config) -> bool:
    return config.getoption("--backend") == "postgres"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not on_postgres(config):
        return
    for item in items:
        path = Path(str(item.fspath))
        folder = path.parent.name
        reason = (
            (None if path.name in ON_THE_SERVER_TOO else SQLITE_ONLY_FOLDERS.get(folder))
            or SQLITE_ONLY_FILES.get(path.name)
            or SQLITE_ONLY_TESTS.get(getattr(item, "originalname", item.name))
        )
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "about SQLite itself"
        if reason:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


def migrations_fingerprint() -> str:
    """A digest of the PostgreSQL migration files the template was built from."""
    import hashlib

    from coursehub.storage.postgres.migrations import POSTGRES_MIGRATIONS_DIR

    digest = hashlib.sha256()
    for path in sorted(POSTGRES_MIGRATIONS_DIR.glob("*.sql")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is required in CI: {reason}", pytrace=False)
    pytest.skip(HOW_TO_RUN.format(reason=reason))


class PgCluster:
    """The test cluster and this worker's databases."""

    def __init__(self, admin_url: str) -> None:
        import psycopg

        self.admin_url = admin_url
        self.worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.admin = psycopg.connect(admin_url, autocommit=True)
        self.created: set[str] = set()
        self.seed_settings: list[tuple[str, str]] = []
        self.tables: list[str] = []

    def url(self, database: str) -> str:
        import psycopg

        options = psycopg.conninfo.conninfo_to_dict(self.admin_url)
        options["dbname"] = database
        return psycopg.conninfo.make_conninfo(**options)

    def prepare_template(self) -> None:
        from coursehub.storage.postgres import apply_migrations

        self.admin.execute("SELECT pg_advisory_lock(7199)")  # one worker builds it, the others wait
        try:
            exists = self.admin.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s", (TEMPLATE,)
            ).fetchone()
            if exists:  # built from other migration files: build it again
                found = self.admin.execute(
                    "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
                    (TEMPLATE,),
                ).fetchone()
                if not found or found[0] != migrations_fingerprint():
                    self.admin.execute(f"ALTER DATABASE {TEMPLATE} IS_TEMPLATE false")
                    self.admin.execute(f"DROP DATABASE {TEMPLATE} WITH (FORCE)")
                    exists = None
            if not exists:
                self.admin.execute(f"CREATE DATABASE {TEMPLATE}")
                import psycopg

                with psycopg.connect(self.url(TEMPLATE), autocommit=True) as conn:
                    apply_migrations(conn)
                self.admin.execute(f"ALTER DATABASE {TEMPLATE} IS_TEMPLATE true")
                self.admin.execute(f"COMMENT ON DATABASE {TEMPLATE} IS '{migrations_fingerprint()}'")
        finally:
            self.admin.execute("SELECT pg_advisory_unlock(7199)")
        import psycopg

        with psycopg.connect(self.url(TEMPLATE), autocommit=True) as conn:
            self.seed_settings = [tuple(r) for r in conn.execute("SELECT key, value FROM settings")]
            self.tables = [
                r[0]
                for r in conn.execute(
                    "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                    "AND tablename <> 'coursehub_schema_version'"
                )
            ]

    def database(self, index: int) -> str:
        """This worker's database number `index`, empty (as a new SQLite file would be)."""
        import psycopg

        from coursehub.storage.postgres.migrations import latest_version

        name = f"chtest_{self.worker}_{index}".lower()
        if name not in self.created:
            self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.admin.execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} STRATEGY FILE_COPY")
            self.created.add(name)
            return name
        with psycopg.connect(self.url(name), autocommit=True) as conn:
            # Connections a test left open must not hold up the next test.
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            with conn.transaction():
                conn.execute("SET LOCAL session_replication_role = replica")  # past the audit trigger
                conn.execute(f"TRUNCATE {', '.join(self.tables)} RESTART IDENTITY CASCADE")
                # a test may have played a newer program's schema version (kept by TRUNCATE)
                conn.execute("DELETE FROM coursehub_schema_version WHERE version > %s", (latest_version(),))
                conn.cursor().executemany(
                    "INSERT INTO settings (key, value) VALUES (%s, %s)", self.seed_settings
                )
        return name

    def close(self) -> None:
        for name in self.created:
            self.admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        self.admin.close()


@pytest.fixture(scope="session")
def pg_cluster(request: pytest.FixtureRequest) -> Iterator[PgCluster]:
    try:
        import psycopg
    except ImportError:
        _unavailable('psycopg is not installed: pip install -e ".[server]"')
    url = os.environ.get("COURSEHUB_TEST_PG")
    started_state = None
    if not url:
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        started_state = f"/tmp/coursehub-pg-suite-{os.getpid()}-{worker}"
        env = {**os.environ, "COURSEHUB_PG_STATE": started_state}
        started = subprocess.run(["bash", str(SCRIPT), "start"], env=env, capture_output=True, text=True)
        if started.returncode != 0:
            lines = started.stderr.strip().splitlines()
            _unavailable(lines[-1] if lines else "the cluster did not start")
        url = started.stdout.strip()
    try:
        cluster = PgCluster(url)
    except psycopg.OperationalError as error:
        _unavailable(str(error).strip().splitlines()[-1])
    cluster.prepare_template()
    yield cluster
    cluster.close()
    if started_state:
        env = {**os.environ, "COURSEHUB_PG_STATE": started_state}
        subprocess.run(["bash", str(SCRIPT), "stop"], env=env, capture_output=True)


class FilesToDatabases:
    """The SQLite paths one test opens, each mapped to one of the worker's databases. A file
    that already holds a catalogue (a fixture made it, e.g. once per module, and the test
    copied it) is loaded into its database first."""

    def __init__(self, cluster: PgCluster) -> None:
        self.cluster = cluster
        self.addresses: dict[str, str] = {}

    def address(self, path: object) -> str:
        memory = str(path) == ":memory:"
        key = f":memory:{id(path)}" if memory else str(Path(str(path)).expanduser().resolve())
        if key not in self.addresses:
            address = self.cluster.url(self.cluster.database(len(self.addresses)))
            if not memory and Path(key).is_file() and Path(key).stat().st_size > 0:
                load_sqlite_file(Path(key), address)
            self.addresses[key] = address
        return self.addresses[key]


def load_sqlite_file(source: Path, address: str) -> None:
    """Copy every row of a SQLite CourseHub file into an empty server database (tests only)."""
    import sqlite3

    import psycopg

    from coursehub.storage.postgres.copy_from import TABLES

    lite = sqlite3.connect(source)
    try:
        with psycopg.connect(address, autocommit=True) as conn, conn.transaction():
            conn.execute("SET LOCAL session_replication_role = replica")
            conn.execute("DELETE FROM settings")
            # the tables `server copy-from` carries, and the settings the test's file holds
            for table in ("settings", *TABLES):
                cursor = lite.execute(f"SELECT * FROM {table}")
                names = [d[0] for d in cursor.description]
                with conn.cursor().copy(f"COPY {table} ({', '.join(names)}) FROM STDIN") as copy:
                    for row in cursor:
                        copy.write_row(row)
                if "id" in names:
                    conn.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
                    )
    finally:
        lite.close()


@pytest.fixture
def pg_files(request: pytest.FixtureRequest, pg_cluster: PgCluster, monkeypatch: pytest.MonkeyPatch):
    """On PostgreSQL: every database file this test opens is a server database instead."""
    from coursehub.services.workspace import Workspace
    from coursehub.storage.backends import is_server_address, open_server_store

    files = FilesToDatabases(pg_cluster)
    opened: list = []
    original_open = Workspace.open.__func__

    def open_workspace(cls, path, *, read_only: bool = False):
        if is_server_address(path):
            return original_open(cls, path, read_only=read_only)
        workspace = Workspace.open_server(files.address(path), read_only=read_only)
        opened.append(workspace.store)
        return workspace

    def open_store(path, *, read_only: bool = False):
        store = open_server_store(files.address(path), read_only=read_only)
        opened.append(store)
        return store

    monkeypatch.setattr(Workspace, "open", classmethod(open_workspace))
    monkeypatch.setattr("coursehub.storage.open_store", open_store)
    yield files
    for store in opened:
        if not store.conn.closed:
            store.close()
