"""`coursehub server ...`: setting up a CourseHub database on a PostgreSQL server.

`server init --admin NAME` is run once by the server's superuser (e.g. postgres), with
`--db` naming the server database: the schema, this database's roles, grants and
row-level security, and the first CourseHub administrator as a login role (password from
COURSEHUB_NEW_PASSWORD or asked twice). Running it again changes nothing that is right
already; a second CourseHub database on the same server reuses an existing --admin role.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option, new_password
from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.server_setup import (
    copy_file_to_server,
    cross_organisation_clashes,
    initialise_server,
)


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
    copy = actions.add_parser(
        "copy-from",
        help=_(
            "copy an office's CourseHub file into the server database, all or nothing (run by the "
            "server's superuser after server init)"
        ),
    )
    copy.add_argument("file", metavar=_("FILE.db"), help=_("the CourseHub file to copy"))
    copy.add_argument("--json", action="store_true", help=_("print JSON"))
    add_user_option(copy)
    copy.set_defaults(handler=run_server_copy_from)
    clashes = actions.add_parser(
        "clashes",
        help=_(
            "NGO coordinators: your trainees whom another organisation enrolled in a course at the "
            "same time (without seeing the other record)"
        ),
    )
    clashes.add_argument("--json", action="store_true", help=_("print JSON"))
    add_user_option(clashes)
    clashes.set_defaults(handler=run_server_clashes)


def _server_address(ctx: CommandContext) -> str:
    address = ctx.server_address
    if address is None:
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
        user=ctx.server_user,
        password=ctx.server_password,
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


def run_server_copy_from(ctx: CommandContext) -> int:
    address = _server_address(ctx)
    report = copy_file_to_server(
        address,
        Path(ctx.args.file),
        user=ctx.server_user,
        password=ctx.server_password,
    )
    if ctx.args.json:
        ctx.print_json(
            {
                "file": report.source,
                "added": report.added,
                "already_there": report.matched,
                "courses_verified": report.courses_verified,
                "clashes": report.clashes,
                "pseudonyms_renumbered": [{"file": old, "server": new} for old, new in report.renamed],
                "users_to_enable": report.users_to_enable,
            }
        )
        return 0
    ctx.print(
        _("Copied {file} and checked it: {courses} courses read back the same.").format(
            file=report.source, courses=report.courses_verified
        )
    )
    for table in sorted(set(report.added) | set(report.matched)):
        ctx.print(
            _("  {table}: {added} added, {matched} already there").format(
                table=table, added=report.added.get(table, 0), matched=report.matched.get(table, 0)
            )
        )
    for old, new in report.renamed:
        ctx.print(
            _("Pseudonym {old} was taken on the server: that person is now {new}.").format(old=old, new=new)
        )
    for clash in report.clashes:
        ctx.print(_("To look at: {clash}").format(clash=clash))
    if report.users_to_enable:
        ctx.print(
            _(
                "Users copied as logins without a password: {names}. Set a new password for each "
                "(users password NAME) and enable them (users enable NAME)."
            ).format(names=", ".join(report.users_to_enable))
        )
    return 0


def run_server_clashes(ctx: CommandContext) -> int:
    found = cross_organisation_clashes(
        _server_address(ctx),
        user=ctx.server_user,
        password=ctx.server_password,
    )
    if ctx.args.json:
        ctx.print_json(
            {
                "clashes": [
                    {"pseudonym": c.pseudonym, "course": list(c.course), "other_course": list(c.other_course)}
                    for c in found
                ]
            }
        )
        return 0
    for clash in found:
        ctx.print(
            _(
                "{code} ({provider} / {course}): another organisation has enrolled the same person in "
                "{other_provider} / {other_course}, which meets at the same time. Agree with them, "
                "through the Employment Office, which course the person keeps."
            ).format(
                code=clash.pseudonym,
                provider=clash.course[0],
                course=clash.course[1],
                other_provider=clash.other_course[0],
                other_course=clash.other_course[1],
            )
        )
    if not found:
        ctx.print(_("None of your trainees clashes with another organisation's course."))
    return 0
