"""`coursehub print ...`, `coursehub export ...` and `coursehub exchange import ...`."""

from __future__ import annotations

import argparse
import getpass
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from coursehub.cli.arguments import add_output_option, bounded_int, short_text, year
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option
from coursehub.domain.errors import CourseHubError
from coursehub.domain.people import SYSTEM, Actor
from coursehub.domain.validation import year_in_range
from coursehub.fileio import checked_output_path
from coursehub.i18n import _, ngettext
from coursehub.services.access import Task
from coursehub.services.audit import Action
from coursehub.services.course_filter import CourseFilter
from coursehub.services.exchange import CourseOutcome, ExchangeReport, Verdict, parse_course_key
from coursehub.services.printing import MAX_CALENDAR_WEEKS, PrintService, parse_iso_week

if TYPE_CHECKING:  # the PDF is only handed on here: no need to load the printing package
    from coursehub.printing.document import RenderedPdf


def register(commands: argparse._SubParsersAction) -> None:
    _register_print(commands)
    _register_export(commands)
    _register_exchange(commands)


def _register_print(commands: argparse._SubParsersAction) -> None:
    printing = commands.add_parser("print", help=_("print sheets, registers, calendars, reports"))
    kinds = printing.add_subparsers(dest="printout", metavar=_("PRINTOUT"), required=True)

    sheet = kinds.add_parser("sheet", help=_("the enrolment sheet of a course"))
    sheet.add_argument("course", metavar="PROVIDER:CODE", help=_('the course, e.g. "QFP Durrës:QFPD-RQ-01"'))
    _names_and_output(sheet)
    sheet.set_defaults(handler=run_sheet)

    register = kinds.add_parser("attendance", help=_("the attendance register of a course"))
    register.add_argument("course", metavar="PROVIDER:CODE", help=_("the course"))
    register.add_argument("--from", dest="start", type=_day, help=_("first date (dd.mm.yyyy)"))
    register.add_argument("--to", dest="end", type=_day, help=_("last date (dd.mm.yyyy)"))
    _names_and_output(register)
    register.set_defaults(handler=run_attendance)

    calendar = kinds.add_parser("calendar", help=_("the weekly course calendar, a page per week"))
    calendar.add_argument("--week", required=True, help=_("the first week, as YYYY-Www"))
    calendar.add_argument(
        "--weeks", type=bounded_int(1, MAX_CALENDAR_WEEKS), default=1, help=_("how many weeks (default 1)")
    )
    _filters(calendar)
    _output(calendar)
    calendar.set_defaults(handler=run_calendar)

    report = kinds.add_parser("report", help=_("the gap and overlap report for the Committee"))
    report.add_argument("--year", type=year, help=_("only this year (YYYY)"))
    _output(report)
    report.set_defaults(handler=run_report)

    catalogue = kinds.add_parser("catalogue", help=_("the catalogue booklet of open courses"))
    _filters(catalogue)
    _output(catalogue)
    catalogue.set_defaults(handler=run_catalogue)


def _register_export(commands: argparse._SubParsersAction) -> None:
    export = commands.add_parser("export", help=_("write the catalogue as .ics, .xlsx or .csv"))
    export.add_argument("format", choices=("ics", "xlsx", "csv"), help=_("the file format"))
    export.add_argument("--live-only", action="store_true", help=_("leave out cancelled courses"))
    export.add_argument(
        "--delimiter",
        choices=("comma", "semicolon", "tab"),
        default="comma",
        help=_("CSV only: the separator (semicolon for Excel set to Albanian; default comma)"),
    )
    _filters(export)
    _output(export)
    export.set_defaults(handler=run_export)


def _register_exchange(commands: argparse._SubParsersAction) -> None:
    exchange = commands.add_parser("exchange", help=_("catalogue exchange between offices"))
    actions = exchange.add_subparsers(dest="action", metavar=_("ACTION"), required=True)
    importing = actions.add_parser("import", help=_("merge an exchange file (.xlsx) from another office"))
    importing.add_argument("file", type=Path, help=_("the .xlsx file"))
    importing.add_argument("--dry-run", action="store_true", help=_("show what would change, change nothing"))
    importing.add_argument(
        "--take",
        nargs=2,
        action="append",
        default=[],
        metavar=("theirs|ours", "PROVIDER:CODE"),
        help=_("settle a conflict for one course (repeat for more)"),
    )
    importing.add_argument("--json", action="store_true", help=_("print JSON"))
    importing.set_defaults(handler=run_exchange_import)


def _output(parser: argparse.ArgumentParser) -> None:
    add_output_option(parser, _("the file to write"), required=True)


def _names_and_output(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--names", action="store_true", help=_("print names of trainees in protected groups (if you may)")
    )
    add_user_option(parser)
    _output(parser)


def _filters(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--municipality", type=short_text, help=_("only courses in this municipality"))
    parser.add_argument("--venue", type=short_text, help=_("only courses at this venue"))
    parser.add_argument("--provider", type=short_text, help=_("only this provider's courses"))
    parser.add_argument(
        "--occupation", type=short_text, help=_("only this ISCO code (or its start) or title")
    )


def _day(text: str) -> date:
    for parse in (lambda t: date.fromisoformat(t), _dotted):
        try:
            day = parse(text.strip())
        except ValueError:
            continue
        if year_in_range(day.year):
            return day
    raise argparse.ArgumentTypeError(_("{text} is not a date; write dd.mm.yyyy.").format(text=text))


def _dotted(text: str) -> date:
    day, month, year = (int(part) for part in text.split("."))
    return date(year, month, day)


def _course_filter(ctx: CommandContext, live_only: bool = False) -> CourseFilter:
    args = ctx.args
    return CourseFilter(
        municipality=args.municipality,
        venue=args.venue,
        provider=args.provider,
        occupation=args.occupation,
        live_only=live_only,
    )


def _user(ctx: CommandContext) -> Actor | None:
    """The CourseHub user named by --user or COURSEHUB_USER (logged in), or None."""
    return getattr(ctx, "actor", None)


def _actor(ctx: CommandContext) -> Actor:
    """Who prints a catalogue printout (no personal data in it): the logged-in user, else
    the person at this computer, for the "printed by" line."""
    actor = _user(ctx)
    if actor is not None:
        return actor
    try:
        return replace(SYSTEM, username=getpass.getuser())
    except (OSError, KeyError):
        return SYSTEM


def _written(ctx: CommandContext, path: Path, pages: int) -> int:
    ctx.print(_("Wrote {path} ({pages} pages).").format(path=path, pages=pages))
    return 0


# Printouts ------------------------------------------------------------------------
def run_sheet(ctx: CommandContext) -> int:
    return _print_roster(
        ctx,
        lambda printing, actor, provider, code, with_trainees: printing.enrolment_sheet(
            actor, provider, code, with_names=ctx.args.names, with_trainees=with_trainees
        ),
    )


def run_attendance(ctx: CommandContext) -> int:
    return _print_roster(
        ctx,
        lambda printing, actor, provider, code, with_trainees: printing.attendance_register(
            actor,
            provider,
            code,
            ctx.args.start,
            ctx.args.end,
            with_names=ctx.args.names,
            with_trainees=with_trainees,
        ),
    )


def _print_roster(
    ctx: CommandContext, render: Callable[[PrintService, Actor, str, str, bool], RenderedPdf]
) -> int:
    """A printout of a course's people: `render(printing, actor, provider, code, with_trainees)`;
    without a named user the trainees are left out (blank rows to fill in by hand)."""
    checked_output_path(ctx.args.output)  # before the roster is read (and its printing audited)
    provider, code = parse_course_key(ctx.args.course)
    printing = ctx.workspace.printing
    user = _user(ctx)
    pdf = render(printing, user or _actor(ctx), provider, code, user is not None)
    _tell_if_blank(ctx, user)
    return _written(ctx, printing.save(pdf, ctx.args.output), pdf.pages)


def _tell_if_blank(ctx: CommandContext, user: Actor | None) -> None:
    if user is None:
        ctx.print(
            _("No user given (--user or COURSEHUB_USER): the trainees are left out and the rows are blank.")
        )
    elif not ctx.workspace.printing.has_rosters:
        ctx.print(_("Enrolment is not available: the sheet has blank rows only."))


def run_calendar(ctx: CommandContext) -> int:
    year, week = parse_iso_week(ctx.args.week)
    printing = ctx.workspace.printing
    pdf = printing.week_calendar(year, week, ctx.args.weeks, _course_filter(ctx), _actor(ctx))
    return _written(ctx, printing.save(pdf, ctx.args.output), pdf.pages)


def run_report(ctx: CommandContext) -> int:
    printing = ctx.workspace.printing
    pdf = printing.committee_report(ctx.args.year, _actor(ctx))
    return _written(ctx, printing.save(pdf, ctx.args.output), pdf.pages)


def run_catalogue(ctx: CommandContext) -> int:
    printing = ctx.workspace.printing
    pdf = printing.catalogue_booklet(_course_filter(ctx), _actor(ctx))
    return _written(ctx, printing.save(pdf, ctx.args.output), pdf.pages)


# Exports and exchange -------------------------------------------------------------
def run_export(ctx: CommandContext) -> int:
    exchange = ctx.workspace.exchange
    chosen = _course_filter(ctx, live_only=ctx.args.live_only)
    if ctx.args.format == "csv":
        delimiter = {"comma": ",", "semicolon": ";", "tab": "\t"}[ctx.args.delimiter]
        count = exchange.export_csv(ctx.args.output, chosen, delimiter)
    elif ctx.args.delimiter != "comma":
        raise CourseHubError(_("--delimiter applies to CSV files only."))
    else:
        writer: Callable[[Path, CourseFilter], int] = (
            exchange.export_ics if ctx.args.format == "ics" else exchange.export_xlsx
        )
        count = writer(ctx.args.output, chosen)
    ctx.print(_("Wrote {path} ({n} courses).").format(path=ctx.args.output, n=count))
    return 0


def run_exchange_import(ctx: CommandContext) -> int:
    take = {}
    for side, key in ctx.args.take:
        if side not in ("theirs", "ours"):
            raise CourseHubError(_("Write --take theirs PROVIDER:CODE or --take ours PROVIDER:CODE."))
        take[parse_course_key(key)] = side
    actor = ctx.acting_as(Task.STAFF_WORK)
    report = ctx.workspace.exchange.import_exchange(
        ctx.args.file, dry_run=ctx.args.dry_run, take=take, actor=actor
    )
    if not report.dry_run:
        counts = {v.value: report.count(v) for v in Verdict}
        ctx.record(actor, Action.EXCHANGE_IMPORT, "file", {"file": report.file, **counts})
    if ctx.args.json:
        ctx.print_json(_report_json(report))
    else:
        _print_report(ctx, report)
    return 3 if report.undecided else 0


def _report_json(report: ExchangeReport) -> dict:
    return {
        "file": report.file,
        "dry_run": report.dry_run,
        "source": {"catalogue": report.catalogue_id, "sequence": report.sequence, "stale": report.stale},
        "warnings": list(report.warnings),
        "providers_added": report.providers_added,
        "providers_differing": {
            name: [{"field": d.field, "ours": d.ours, "theirs": d.theirs} for d in found]
            for name, found in report.providers_differing.items()
        },
        "counts": {v.value: report.count(v) for v in Verdict},
        "seats_offered": report.seats_offered,
        "courses": [
            {
                "provider": o.provider,
                "code": o.code,
                "title": o.title,
                "verdict": o.verdict.value,
                "differences": [
                    {"field": d.field, "ours": d.ours, "theirs": d.theirs} for d in o.differences
                ],
            }
            | _affected_json(o)
            for o in report.outcomes
        ],
    }


def _affected_json(outcome: CourseOutcome) -> dict:
    found = outcome.affected
    if found is None:
        return {}
    return {
        "affected": {
            "enrolled": found.enrolled,
            "waiting": found.waiting,
            "pseudonyms": list(found.pseudonyms),
        }
    }


def _print_report(ctx: CommandContext, report: ExchangeReport) -> None:
    if report.dry_run:
        ctx.print(_("Dry run: nothing was changed."))
    for warning in report.warnings:
        ctx.print(_("Note: {warning}").format(warning=warning))
    if report.stale:
        ctx.print(
            _(
                "This file is export {sequence} of its catalogue, older than export {taken} taken "
                "already: none of its changes is applied unless you choose theirs for a course."
            ).format(sequence=report.sequence, taken=report.taken_before)
        )
    for name in report.providers_added:
        ctx.print(_("New provider: {name}").format(name=name))
    for name, differences in report.providers_differing.items():
        ctx.print(_("Provider {name} has other details in the file; ours are kept:").format(name=name))
        for difference in differences:
            ctx.print(
                "    "
                + _("{field}: ours «{ours}», theirs «{theirs}»").format(
                    field=difference.field, ours=difference.ours, theirs=difference.theirs
                )
            )
    for outcome in report.outcomes:
        if outcome.verdict is Verdict.UNCHANGED:
            continue
        ctx.print(f"{outcome.provider}:{outcome.code}  {outcome.title}  [{outcome.verdict.label}]")
        if outcome.affected is not None:
            _print_affected(ctx, outcome)
        if outcome.verdict in (
            Verdict.CONFLICT,
            Verdict.TOOK_THEIRS,
            Verdict.KEPT_OURS,
            Verdict.STALE,
            Verdict.HELD,
        ):
            for difference in outcome.differences:
                ctx.print(
                    "    "
                    + _("{field}: ours «{ours}», theirs «{theirs}»").format(
                        field=difference.field, ours=difference.ours, theirs=difference.theirs
                    )
                )
    counts = ", ".join(f"{v.label}: {report.count(v)}" for v in Verdict if report.count(v))
    ctx.print(counts or _("The file holds no courses."))
    if report.seats_offered:
        offered = _("Seats the file added went at once to {n} people waiting.")
        ctx.print(offered.format(n=report.seats_offered))
    if report.undecided:
        left = ngettext(
            "{n} conflict was left as it is.", "{n} conflicts were left as they are.", len(report.undecided)
        ).format(n=len(report.undecided))
        ctx.print(
            left
            + " "
            + _("Decide each with --take theirs PROVIDER:CODE or --take ours PROVIDER:CODE and import again.")
        )


def _print_affected(ctx: CommandContext, outcome: CourseOutcome) -> None:
    found = outcome.affected
    if found is None:
        return
    ctx.print(
        "    "
        + _("The file cancels this course: {enrolled} enrolled and {waiting} waiting would lose it.").format(
            enrolled=found.enrolled, waiting=found.waiting
        )
    )
    if found.pseudonyms:
        ctx.print("    " + _("Tell them: {people}").format(people=", ".join(found.pseudonyms)))
