"""What every command gets: its arguments, the store (opened on first use) and the output."""

from __future__ import annotations

import argparse
import getpass
import json
import os
import sys
from functools import cached_property
from pathlib import Path
from typing import Any, TextIO

from coursehub.cli.login import PASSWORD_VARIABLE, USER_VARIABLE, login_from, login_if_named
from coursehub.domain.errors import CourseHubError
from coursehub.domain.people import SYSTEM, Actor
from coursehub.i18n import _
from coursehub.services import access
from coursehub.services.ports import Store
from coursehub.services.workspace import Workspace
from coursehub.storage.backends import is_server_address
from coursehub.storage.location import default_db_path


class CommandContext:
    def __init__(
        self, args: argparse.Namespace, out: TextIO | None = None, err: TextIO | None = None
    ) -> None:
        self.args = args
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    @property
    def db_path(self) -> Path:
        return Path(self.args.db) if self.args.db else default_db_path()

    @property
    def db_label(self) -> str:
        """The database as messages name it: the file, or the server's database and host
        (never the address itself, which may hold a password)."""
        if self.server_address is not None:
            return str(getattr(self.workspace.store, "description", "?"))
        return str(self.db_path)

    @property
    def server_address(self) -> str | None:
        """--db or COURSEHUB_DB when it names a PostgreSQL server (docs/server.md), else None."""
        given = self.args.db or os.environ.get("COURSEHUB_DB")
        return given if is_server_address(given) else None

    @property
    def server_user(self) -> str | None:
        """The login on a server: --user, else COURSEHUB_USER, else None (the address's user)."""
        return getattr(self.args, "user", None) or os.environ.get(USER_VARIABLE) or None

    @property
    def server_password(self) -> str | None:
        return os.environ.get(PASSWORD_VARIABLE)

    @cached_property
    def workspace(self) -> Workspace:
        address = self.server_address
        if address is not None:  # the login: --user/COURSEHUB_USER, else the address's user
            workspace = Workspace.open_server(
                address,
                user=self.server_user,
                password=self.server_password,
                ask_password=_ask_at_terminal,
            )
        else:
            workspace = Workspace.open(self.db_path)
        for notice in workspace.notices:  # e.g. opened read-only: another copy is writing
            print(notice, file=self.err)
        return workspace

    @property
    def store(self) -> Store:
        return self.workspace.store

    @cached_property
    def actor(self) -> Actor | None:
        """The user named by --user or COURSEHUB_USER, logged in on first use; None if nobody
        is named (then no trainee data is shown)."""
        return login_if_named(self)

    def acting_as(self, task: access.Task) -> Actor:
        """Who does `task` (a change, a copy of everything, a restore).

        Before the first account exists: the program itself, as on a single coordinator's
        laptop (a user named in COURSEHUB_USER cannot log in yet and is not asked for).
        Once any account exists: the logged-in user (refused if nobody is named), who must
        have a role that may do `task`."""
        if not self.workspace.people.accounts_exist():
            return SYSTEM
        actor = login_from(self)
        access.require(actor, task)
        return actor

    def record(self, actor: Actor, action: str, entity: str, after: dict[str, object] | None = None) -> None:
        """Audit a task done by a logged-in user (the program's own SYSTEM actor acts
        before any account exists, when there is nobody to name)."""
        if actor.user_id is not None:
            self.workspace.people.record(actor, action, entity, after)

    def refuse_on_server(self, command: str) -> None:
        """`command` works on a SQLite file; on a server say so plainly (docs/server.md)."""
        if self.server_address is not None:
            raise CourseHubError(
                _(
                    "`coursehub {command}` works on a CourseHub database file (SQLite). This database is "
                    "on a PostgreSQL server: its backups, checks and encryption are the server's "
                    "(docs/server.md)."
                ).format(command=command)
            )

    def print(self, text: str = "") -> None:
        print(text, file=self.out)

    def print_json(self, data: Any) -> None:
        json.dump(data, self.out, ensure_ascii=False, indent=2)
        self.out.write("\n")

    def release(self) -> None:
        """Close the database (and its writer lock) so a command can work on the file itself."""
        self.close()
        for name in ("workspace", "actor"):
            self.__dict__.pop(name, None)

    def close(self) -> None:
        if "workspace" in self.__dict__:
            self.workspace.close()


def _ask_at_terminal(login: str) -> str | None:
    if not sys.stdin.isatty():
        return None  # then the plain "the server refused the login" message
    return getpass.getpass(_("Password for {user} on the server: ").format(user=login))
