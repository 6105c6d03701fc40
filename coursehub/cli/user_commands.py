"""`coursehub setup` and `coursehub users`: the first administrator and the user accounts.

Every `users` command acts as a user who must authenticate: `--user NAME` (or COURSEHUB_USER),
with the password from COURSEHUB_PASSWORD or asked for at the terminal. A password is never
accepted as a command-line option, where others could read it.
"""

from __future__ import annotations

import argparse
import os

from coursehub.cli.context import CommandContext
from coursehub.cli.login import PASSWORD_VARIABLE, add_user_option, login_from, new_password
from coursehub.cli.tables import format_table
from coursehub.domain.errors import PermissionDenied
from coursehub.domain.people import Role
from coursehub.domain.users import User
from coursehub.i18n import _
from coursehub.services.server_setup import user_accounts


def register(commands: argparse._SubParsersAction) -> None:
    setup = commands.add_parser("setup", help=_("first run: create the administrator"))
    setup.add_argument("--username", default="admin", help=_("the administrator's user name"))
    setup.set_defaults(handler=run_setup)
    users = commands.add_parser("users", help=_("manage user accounts (administrators)"))
    actions = users.add_subparsers(dest="users_action", metavar=_("ACTION"), required=True)
    add = actions.add_parser("add", help=_("add a user (password from COURSEHUB_NEW_PASSWORD or asked for)"))
    add.add_argument("name", help=_("the new user's name"))
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--organisation", help=_("the provider an NGO coordinator works for"))
    add.add_argument(
        "--name",
        dest="display_name",
        default="",
        metavar=_("FULL_NAME"),
        help=_('the name the person is shown by, e.g. "Maria Kola" (the login name stays NAME)'),
    )
    add.set_defaults(handler=run_users_add)
    listing = actions.add_parser("list", help=_("list the users"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_users_list)
    for name, active in (("disable", False), ("enable", True)):
        action = actions.add_parser(
            name, help=_("disable a user's account") if not active else _("enable a user's account again")
        )
        action.add_argument("name", help=_("the user's name"))
        action.set_defaults(handler=run_users_active, active=active)
    password = actions.add_parser(
        "password", help=_("set a password (from COURSEHUB_NEW_PASSWORD or asked for)")
    )
    password.add_argument("name", help=_("the user's name"))
    password.set_defaults(handler=run_users_password)
    for parser in (add, listing, password, *[actions.choices[n] for n in ("disable", "enable")]):
        add_user_option(parser)


def run_setup(ctx: CommandContext) -> int:
    if ctx.server_address is not None:
        raise PermissionDenied(
            _(
                "On a server the first administrator is made by `coursehub server init --admin NAME`, "
                "run once by the server's superuser (docs/server.md)."
            )
        )
    auth = ctx.workspace.people.auth
    if not auth.needs_setup():
        raise PermissionDenied(
            _("CourseHub is already set up; an administrator adds users with `coursehub users add`.")
        )
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = new_password(ctx.args.username)
    user = auth.setup(ctx.args.username, password)
    ctx.print(
        _("Administrator {name} created. Add the other users with `coursehub users add`.").format(
            name=user.username
        )
    )
    return 0


def run_users_add(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    user = User(
        ctx.args.name, Role(ctx.args.role), ctx.args.organisation, display_name=ctx.args.display_name.strip()
    )
    added = user_accounts(ctx.workspace).add_user(actor, user, new_password(user.username))
    ctx.print(_("User {name} added ({role}).").format(name=added.username, role=added.role.label))
    return 0


def run_users_list(ctx: CommandContext) -> int:
    users = ctx.workspace.people.auth.users(login_from(ctx))
    if ctx.args.json:
        ctx.print_json(
            {
                "users": [
                    {
                        "username": u.username,
                        "role": u.role.value,
                        "organisation": u.organisation,
                        "active": u.active,
                        "display_name": u.display_name,
                    }
                    for u in users
                ]
            }
        )
        return 0
    rows = [
        (u.username, u.display_name, u.role.label, u.organisation or "", _("yes") if u.active else _("no"))
        for u in users
    ]
    ctx.print(format_table([_("User"), _("Name"), _("Role"), _("Organisation"), _("Active")], rows))
    return 0


def run_users_active(ctx: CommandContext) -> int:
    user = user_accounts(ctx.workspace).set_active(login_from(ctx), ctx.args.name, ctx.args.active)
    ctx.print(
        (
            _("User {name} can log in again.") if user.active else _("User {name} can no longer log in.")
        ).format(name=user.username)
    )
    return 0


def run_users_password(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    user_accounts(ctx.workspace).change_password(actor, ctx.args.name, new_password(ctx.args.name))
    ctx.print(_("Password of {name} changed.").format(name=ctx.args.name))
    return 0
