"""Who runs a command: `--user NAME` (or COURSEHUB_USER), the password from
COURSEHUB_PASSWORD or asked for at the terminal, never a command-line option. Used by the
command context and by the commands alike, so it depends on neither."""

from __future__ import annotations

import argparse
import getpass
import os
from typing import TYPE_CHECKING

from coursehub.domain.errors import PermissionDenied, Problem, ValidationError
from coursehub.domain.people import Actor
from coursehub.i18n import _

if TYPE_CHECKING:  # the context logs in through this module: no import at run time
    from coursehub.cli.context import CommandContext

USER_VARIABLE = "COURSEHUB_USER"
PASSWORD_VARIABLE = "COURSEHUB_PASSWORD"
NEW_PASSWORD_VARIABLE = "COURSEHUB_NEW_PASSWORD"


def add_user_option(parser: argparse.ArgumentParser, default: object = argparse.SUPPRESS) -> None:
    """`--user NAME`: on the program and on every command. A command's own option has no
    default, so `coursehub --user ana import ...` is not undone by the command's parser."""
    parser.add_argument(
        "--user",
        metavar=_("NAME"),
        default=default,
        help=_(
            "act as this CourseHub user (default: COURSEHUB_USER); the password comes from "
            "COURSEHUB_PASSWORD or is asked for"
        ),
    )


def login_from(ctx: CommandContext) -> Actor:
    """Log in as the user named by --user or COURSEHUB_USER (refused if nobody is named)."""
    actor = login_if_named(ctx)
    if actor is None:
        raise PermissionDenied(
            _(
                "Say who you are: --user NAME or the COURSEHUB_USER variable. The password is read "
                "from COURSEHUB_PASSWORD or asked for."
            )
        )
    return actor


def login_if_named(ctx: CommandContext) -> Actor | None:
    """Log in as the user named by --user or COURSEHUB_USER; None if nobody is named."""
    if ctx.server_address is not None:  # the server checked the password when connecting
        return ctx.workspace.login_as_connected_user()
    given = credentials(ctx)
    return None if given is None else ctx.workspace.login(*given)


def credentials(ctx: CommandContext) -> tuple[str, str] | None:
    """(user name, password) of the user named by --user or COURSEHUB_USER, or None."""
    username = getattr(ctx.args, "user", None) or os.environ.get(USER_VARIABLE, "")
    if not username:
        return None
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = getpass.getpass(_("Password for {user}: ").format(user=username))
    return username, password


def new_password(username: str) -> str:
    """A new password from COURSEHUB_NEW_PASSWORD, or asked for twice at the terminal."""
    given = os.environ.get(NEW_PASSWORD_VARIABLE)
    if given is not None:
        return given
    first = getpass.getpass(_("New password for {user}: ").format(user=username))
    if getpass.getpass(_("The same password again: ")) != first:
        raise ValidationError([Problem(_("password"), "", _("The two passwords differ."))])
    return first
