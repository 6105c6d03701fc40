"""Backups of a server database: pg_dump, run by a role that sees every row.

Offers `dump_plan(store, output)` (the exact pg_dump command, and whether this connection
may run it) and `run_dump(plan, password)`. Every CourseHub table forces row-level
security, so only a superuser (or a BYPASSRLS role) dumps everything; anyone else is
shown the command to hand to whoever holds that login (docs/server.md, "Backups").
"""

from __future__ import annotations

import contextlib
import os
import shlex
import shutil
import subprocess
from dataclasses import dataclass
from datetime import datetime
from glob import glob
from pathlib import Path
from typing import TYPE_CHECKING

from coursehub.domain.safety import BackupFailed
from coursehub.i18n import _

if TYPE_CHECKING:
    from coursehub.storage.postgres.store import PostgresStore

DUMP_OWNER = "postgres"  # who runs it when this connection may not


@dataclass(frozen=True)
class DumpPlan:
    command: list[str]  # pg_dump and its arguments, no password in them
    output: Path
    may_run: bool  # this connection's role sees every row
    program: str | None  # the pg_dump found on this PC, if any

    @property
    def shell_text(self) -> str:
        return shlex.join(self.command)


def find_pg_dump() -> str | None:
    found = shutil.which("pg_dump")
    if found:
        return found
    versions = sorted(glob("/usr/lib/postgresql/*/bin/pg_dump"), key=lambda p: int(Path(p).parts[4]))
    return versions[-1] if versions else None


def dump_plan(store: PostgresStore, output: Path | None) -> DumpPlan:
    import psycopg

    row = store.conn.execute(
        "SELECT rolsuper OR rolbypassrls, current_database() FROM pg_roles WHERE rolname = current_user"
    ).fetchone()
    may_run, database = (bool(row[0]), str(row[1])) if row else (False, "coursehub")
    target = output or Path(f"{database}-{datetime.now():%Y-%m-%d}.dump")
    if target.is_dir():
        target = target / f"{database}-{datetime.now():%Y-%m-%d-%H%M%S}.dump"
    options = {
        key: value
        for key, value in psycopg.conninfo.conninfo_to_dict(store.address).items()
        if key in ("host", "hostaddr", "port", "dbname", "sslmode", "user")
    }
    options["dbname"] = database
    if not may_run:
        options["user"] = DUMP_OWNER
    elif store.authenticated_user:
        options["user"] = store.authenticated_user
    connection = psycopg.conninfo.make_conninfo("", **options)
    command = ["pg_dump", "--format=custom", f"--file={target}", f"--dbname={connection}"]
    return DumpPlan(command, target, may_run, find_pg_dump())


def run_dump(plan: DumpPlan, password: str | None) -> Path:
    """Run pg_dump; the copy is readable by this user only, as SQLite backups are."""
    if plan.program is None:
        raise BackupFailed(
            _(
                "pg_dump was not found on this computer. Install PostgreSQL's client tools, or run: {command}"
            ).format(command=plan.shell_text)
        )
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    done = subprocess.run(
        [plan.program, *plan.command[1:]],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        umask=0o077 if os.name == "posix" else -1,  # -1: leave it (Windows has none)
    )
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        raise BackupFailed(
            _("pg_dump did not finish: {reason}. Nothing was written.").format(
                reason=lines[-1] if lines else done.returncode
            )
        )
    with contextlib.suppress(OSError):  # Windows: the user's own folder protects it instead
        plan.output.chmod(0o600)
    return plan.output
