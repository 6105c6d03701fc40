"""`coursehub import` (a provider's course list) and `coursehub needs import`.

Exit codes: 0 the import was written (or would be, with --dry-run); 1 invalid rows stopped
it (nothing written); 2 the file cannot be read at all (nothing written).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from coursehub.cli.context import CommandContext
from coursehub.domain.errors import os_reason
from coursehub.domain.people import Actor
from coursehub.i18n import _, ngettext
from coursehub.importing.problems import UnreadableFile
from coursehub.importing.safety import limits_text
from coursehub.services.access import Task
from coursehub.services.audit import Action
from coursehub.services.importing import ImportReport, ImportService

EXIT_WRITTEN, EXIT_INVALID, EXIT_UNREADABLE = 0, 1, 2


def register(commands: argparse._SubParsersAction) -> None:
    courses = commands.add_parser(
        "import",
        help=_("import a provider's course list (CSV, XLSX or ODS)"),
        description=_(
            "Import a course list. Nothing is written if any row is invalid, unless --skip-invalid is given."
        )
        + " "
        + limits_text(),
    )
    courses.add_argument("file", metavar=_("FILE"), help=_("the .csv, .xlsx or .ods file"))
    courses.add_argument(
        "--provider",
        required=True,
        metavar=_("NAME"),
        help=_("whose course list this is (created on first import)"),
    )
    _common_options(courses)
    courses.add_argument(
        "--cancel-missing",
        action="store_true",
        help=_("mark the provider's courses missing from the file as cancelled"),
    )
    courses.set_defaults(handler=run_import)

    needs = commands.add_parser("needs", help=_("labour-market needs"))
    needs_commands = needs.add_subparsers(dest="needs_command", metavar=_("COMMAND"), required=True)
    needs_import = needs_commands.add_parser(
        "import",
        help=_("import labour-market needs (CSV, XLSX or ODS)"),
        description=_(
            "Import labour-market needs. A need for the same occupation, area and "
            "period replaces the stored demand."
        )
        + " "
        + limits_text(),
    )
    needs_import.add_argument("file", metavar=_("FILE"), help=_("the .csv, .xlsx or .ods file"))
    _common_options(needs_import)
    needs_import.set_defaults(handler=run_needs_import)


def _common_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--sheet", metavar=_("NAME"), help=_("the sheet to read (default: the first)"))
    parser.add_argument(
        "--map", metavar="FILE.json", help=_('a JSON object: column header -> field (e.g. {"Emri": "title"})')
    )
    parser.add_argument("--dry-run", action="store_true", help=_("check and report, write nothing"))
    parser.add_argument(
        "--skip-invalid", action="store_true", help=_("write the valid rows and report the others")
    )
    parser.add_argument("--json", action="store_true", help=_("print JSON"))


def _actor(ctx: CommandContext, task: Task) -> Actor:
    return ctx.acting_as(task)


def _audit(ctx: CommandContext, actor: Actor, action: str, report: ImportReport, **extra: object) -> None:
    if report.written:
        counts = {"added": report.added, "updated": report.updated, "skipped": report.skipped}
        ctx.record(actor, action, "file", {"file": report.file, **extra, **counts})


def _mapping(ctx: CommandContext) -> dict[str, str] | None:
    if not ctx.args.map:
        return None
    path = Path(ctx.args.map)
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except OSError as error:
        raise UnreadableFile(
            _("Cannot read the mapping file {file}: {error}").format(file=path.name, error=os_reason(error))
        ) from error
    except (ValueError, UnicodeDecodeError) as error:
        raise UnreadableFile(
            _("The mapping file {file} is not valid JSON ({error}).").format(file=path.name, error=error)
        ) from error
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise UnreadableFile(
            _(
                "The mapping file {file} must hold one JSON object of column "
                'header -> field name, e.g. {{"Emri": "title"}}.'
            ).format(file=path.name)
        )
    return {str(k): v for k, v in data.items()}


def run_import(ctx: CommandContext) -> int:
    args = ctx.args
    return _import_file(
        ctx,
        Task.CHANGE_CATALOGUE,
        lambda importing, options: importing.import_courses(
            Path(args.file), args.provider, cancel_missing=args.cancel_missing, **options
        ),
        Action.CATALOGUE_IMPORT,
        lambda report: {"provider": args.provider, "cancelled": len(report.cancelled)},
        courses=True,
    )


def run_needs_import(ctx: CommandContext) -> int:
    return _import_file(
        ctx,
        Task.STAFF_WORK,
        lambda importing, options: importing.import_needs(Path(ctx.args.file), **options),
        Action.NEEDS_IMPORT,
        courses=False,
    )


def _import_file(
    ctx: CommandContext,
    task: Task,
    read: Callable[[ImportService, dict[str, Any]], ImportReport],
    action: str,
    audited: Callable[[ImportReport], dict[str, object]] | None = None,
    *,
    courses: bool,
) -> int:
    """Either import: `read(importing, options)` with the options both take (sheet, mapping,
    dry run, skip invalid, actor), then the audit (plus `audited(report)`) and the report
    (a course list's also names the courses missing from the file)."""
    actor = _actor(ctx, task)
    try:
        options = {
            "sheet": ctx.args.sheet,
            "mapping": _mapping(ctx),
            "dry_run": ctx.args.dry_run,
            "skip_invalid": ctx.args.skip_invalid,
            "actor": actor,
        }
        report = read(ctx.workspace.importing, options)
    except UnreadableFile as error:
        return _unreadable(ctx, error)
    _audit(ctx, actor, action, report, **(audited(report) if audited else {}))
    return _finish(ctx, report, courses=courses)


def _unreadable(ctx: CommandContext, error: UnreadableFile) -> int:
    if ctx.args.json:
        ctx.print_json(
            {
                "added": 0,
                "updated": 0,
                "unchanged": 0,
                "missing": 0,
                "skipped": 0,
                "errors": [{"row": 0, "column": "", "value": "", "message": error.message}],
                "warnings": [],
            }
        )
    else:
        print(_("Error: {message}").format(message=error.message), file=ctx.err)
    return EXIT_UNREADABLE


def _finish(ctx: CommandContext, report: ImportReport, *, courses: bool) -> int:
    code = (
        EXIT_WRITTEN
        if report.written or (report.dry_run and (report.ok or ctx.args.skip_invalid))
        else EXIT_INVALID
    )
    if ctx.args.json:
        ctx.print_json(report.as_dict())
    else:
        _print_report(ctx, report, courses=courses)
    return code


def _print_report(ctx: CommandContext, report: ImportReport, *, courses: bool) -> None:
    data: dict[str, Any] = report.as_dict()
    for warning in data["warnings"]:
        ctx.print(_("Note: {warning}").format(warning=warning))
    for error in report.errors:
        ctx.print(
            _("Row {row}, column «{column}», value «{value}»: {message}").format(
                row=error.row, column=error.column, value=error.value, message=error.message
            )
        )
    for change in report.changes[:50]:
        ctx.print(
            _("Row {row}: course {code} changed ({fields}).").format(
                row=change.row, code=change.code, fields=", ".join(change.fields)
            )
        )
    if report.missing and courses:
        shown = ", ".join(report.missing[:30]) + (" …" if len(report.missing) > 30 else "")
        if report.cancelled:
            ctx.print(_("Not in the file, marked cancelled: {codes}").format(codes=shown))
        else:
            ctx.print(
                _("Not in the file (kept; use --cancel-missing to cancel them): {codes}").format(codes=shown)
            )
    counts = _("{added} new, {updated} changed, {unchanged} unchanged, {skipped} invalid").format(
        added=report.added, updated=report.updated, unchanged=report.unchanged, skipped=report.skipped
    )
    if report.written:
        ctx.print(_("Imported {file}: {counts}.").format(file=report.file, counts=counts))
        if report.seats_offered:
            ctx.print(
                _("Seats the list added went at once to {n} people waiting.").format(n=report.seats_offered)
            )
    elif report.dry_run:
        ctx.print(_("Dry run of {file}, nothing written: {counts}.").format(file=report.file, counts=counts))
    else:
        ctx.print(
            ngettext(
                "Nothing was written: {n} problem must be fixed first ({counts}).",
                "Nothing was written: {n} problems must be fixed first ({counts}).",
                report.error_count,
            ).format(n=report.error_count, counts=counts)
        )
