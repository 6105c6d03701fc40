"""`coursehub server ...`: setting up a CourseHub database on a PostgreSQL server.

`server init --admin NAME` is run once by the server's superuser (e.g. postgres), with
`--db` naming the server database: the schema, this database's roles, grants and
row-level security, and the first CourseHub administrator as a login role (password from
COURSEHUB_NEW_PASSWORD or asked twice). Running it again changes nothing that is right
already; a second CourseHub database on the same server reuses an existing --admin role.
"""

from __future__ import annotations

import argparse
import os

from coursehub.cli.context import CommandContext
from coursehub.cli.people_commands import _new_password as new_password
from coursehub.cli.people_commands import add_user_option
from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.server_setup import initialise_server
from coursehub.storage.backends import is_server_address


def register(commands: argparse._SubParsersAction) -> None:
    server = commands.add_parser("server", help=_("set up a CourseHub database on a PostgreSQL server"))
    actions = server.add_subparsers(dest="server_action", metavar=_("ACTION"), required=True)
    init = actions.add_parser(
        "init",
        help=_(
            "create or update the schema, roles and row security, and the first administrator "
            "(run by the server's superuser)"
        ),
    )
    init.add_argument(
        "--admin", required=True, metavar=_("NAME"), help=_("the first CourseHub administrator's login")
    )
    add_user_option(init)
    init.set_defaults(handler=run_server_init)


def _server_address(ctx: CommandContext) -> str:
    address = ctx.args.db or os.environ.get("COURSEHUB_DB") or ""
    if not is_server_address(address):
        raise CourseHubError(
            _(
                "`server init` sets up a database on a PostgreSQL server: name it with --db, e.g. "
                "--db postgresql://postgres@server.local/coursehub (docs/server.md)."
            )
        )
    return address


def run_server_init(ctx: CommandContext) -> int:
    address = _server_address(ctx)
    setup = initialise_server(
        address,
        admin=ctx.args.admin,
        new_password=lambda: new_password(ctx.args.admin),
        user=getattr(ctx.args, "user", None) or os.environ.get("COURSEHUB_USER") or None,
        password=os.environ.get("COURSEHUB_PASSWORD"),
    )
    if setup.migrations_applied:
        ctx.print(
            _("Schema of {database} brought up to version {version}.").format(
                database=setup.database, version=setup.migrations_applied[-1]
            )
        )
    else:
        ctx.print(_("The schema of {database} was up to date.").format(database=setup.database))
    ctx.print(_("Roles, grants and row security set: {groups}.").format(groups=", ".join(setup.groups)))
    if setup.administrator_created:
        ctx.print(_("Administrator {name} created as a login role.").format(name=setup.administrator))
    else:
        ctx.print(
            _(
                "The existing login {name} is an administrator of this database (its password is unchanged)."
            ).format(name=setup.administrator)
        )
    ctx.print(_("Add the other users with `coursehub users add` (docs/server.md)."))
    return 0
