"""`coursehub demo` and `coursehub courses`."""

from __future__ import annotations

import argparse

from coursehub.cli.arguments import year
from coursehub.cli.context import CommandContext
from coursehub.cli.tables import course_table
from coursehub.i18n import _
from coursehub.services.access import Task
from coursehub.services.audit import Action
from coursehub.services.demo import load_demo
from coursehub.services.serialize import course_to_dict


def register(commands: argparse._SubParsersAction) -> None:
    demo = commands.add_parser("demo", help=_("fill the database with the demo catalogue"))
    demo.add_argument("--year", type=year, help=_("the year the demo courses run in"))
    demo.set_defaults(handler=run_demo)

    courses = commands.add_parser("courses", help=_("list the courses of the catalogue"))
    courses.add_argument("--provider", help=_("only this provider's courses"))
    courses.add_argument("--json", action="store_true", help=_("print JSON"))
    courses.set_defaults(handler=run_courses)


def run_demo(ctx: CommandContext) -> int:
    actor = ctx.acting_as(Task.STAFF_WORK)
    added = load_demo(ctx.store, ctx.args.year)
    if added:
        ctx.record(actor, Action.CATALOGUE_DEMO, "course", {"added": added})
    if added:
        ctx.print(_("Added {n} demo courses to {path}.").format(n=added, path=ctx.db_label))
    else:
        ctx.print(_("The demo catalogue is already in {path}; nothing added.").format(path=ctx.db_label))
    return 0


def run_courses(ctx: CommandContext) -> int:
    courses = ctx.workspace.catalogue.courses(provider=ctx.args.provider)
    if ctx.args.json:
        ctx.print_json({"courses": [course_to_dict(c) for c in courses]})
        return 0
    ctx.print(course_table(courses, with_status=True))
    ctx.print(_("{n} courses").format(n=len(courses)))
    return 0
