"""`coursehub attend ...` and `coursehub attention`: record attendance, the course's grid,
the register as a spreadsheet for a trainer, the people at risk of dropping out, and the
thresholds. Attendance is personal data: every form needs a logged-in user whose role
sees trainees (docs/enrolment.md, "Attendance")."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from coursehub.cli.arguments import add_output_option, bounded_int, short_text, written_day
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option, login_from
from coursehub.cli.people_lookup import course_from_text, trainee_from_text
from coursehub.cli.tables import format_table
from coursehub.cli.word_forms import add_form_command, pick_form, wrong_form
from coursehub.domain.attendance import Mark
from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.people import Actor
from coursehub.fileio import checked_output_path
from coursehub.i18n import _, ngettext
from coursehub.services.attendance import AtRisk, AttendanceGrid, MarkChange, RegisterImport

# The first word names a form; anything else is a course (a course whose code is one of these
# words is written PROVIDER/CODE, which never matches).
FORMS = ("export", "import", "at-risk", "threshold", "settings")


def register(commands: argparse._SubParsersAction) -> None:
    attend = add_form_command(
        commands,
        "attend",
        _("record attendance, the course's grid, the register as a spreadsheet"),
        _(
            "coursehub attend COURSE DATE [--present T ...] [--absent T ...] [--excused T ...]\n"
            "                 [--note TEXT]\n"
            "coursehub attend COURSE [--json]\n"
            "coursehub attend export COURSE -o FILE.xlsx [--names]\n"
            "coursehub attend import FILE.xlsx [--json]\n"
            "coursehub attend at-risk [--json]   (the same as `coursehub attention`)\n"
            "coursehub attend threshold COURSE PERCENT|default\n"
            "coursehub attend settings [--default-threshold PERCENT] [--dropout-after N]\n\n"
            "COURSE is PROVIDER/CODE, a code alone when only one provider uses it, or the course's "
            "number; DATE is dd.mm.yyyy or yyyy-mm-dd; T is a pseudonym such as DR-2027-0142."
        ),
    )
    for option, help_text in (
        ("--present", _("the people present (pseudonyms)")),
        ("--absent", _("the people absent")),
        ("--excused", _("the people excused")),
    ):
        attend.add_argument(option, nargs="+", action="extend", default=[], metavar="T", help=help_text)
    attend.add_argument(
        "--note", default="", type=short_text, metavar=_("TEXT"), help=_("a note kept with these marks")
    )
    add_output_option(attend, _("export: the XLSX file to write"))
    attend.add_argument(
        "--names", action="store_true", help=_("export: names of people in protected groups too (if allowed)")
    )
    attend.add_argument(
        "--default-threshold",
        type=bounded_int(0, 100),
        metavar="PERCENT",
        help=_("settings: the default threshold"),
    )
    attend.add_argument(
        "--dropout-after",
        type=bounded_int(1, 100),
        metavar="N",
        help=_("settings: absences in a row that put someone at risk"),
    )
    attend.add_argument("--json", action="store_true", help=_("print JSON"))
    add_user_option(attend)
    attend.set_defaults(handler=run_attend)

    attention = commands.add_parser(
        "attention", help=_("the people at risk of dropping out, among those you may see")
    )
    attention.add_argument("--json", action="store_true", help=_("print JSON"))
    add_user_option(attention)
    attention.set_defaults(handler=run_attention)


def run_attend(ctx: CommandContext) -> int:
    words: list[str] = ctx.args.words
    form, arguments = pick_form(words, FORMS, "course")
    expected = {"export": (1,), "import": (1,), "at-risk": (0,), "threshold": (2,), "settings": (0,)}
    if len(arguments) not in expected.get(form, (1, 2)):
        raise wrong_form("attend", words)
    if form == "export" and ctx.args.output is None:
        raise ValidationError([Problem("-o", "", _("Name the XLSX file to write: -o FILE.xlsx"))])
    if form == "course" and len(arguments) == 1 and _marks_given(ctx):
        raise ValidationError([Problem(_("date"), "", _("Name the session date the marks are for."))])
    actor = login_from(ctx)
    handlers = {
        "export": _export,
        "import": _import,
        "at-risk": _at_risk,
        "threshold": _threshold,
        "settings": _settings,
    }
    if form == "course":
        return _record(ctx, actor, arguments) if len(arguments) == 2 else _grid(ctx, actor, arguments[0])
    return handlers[form](ctx, actor, arguments)


def run_attention(ctx: CommandContext) -> int:
    return _at_risk(ctx, login_from(ctx), [])


# The forms ------------------------------------------------------------------------------------
def _record(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, day = course_from_text(ctx, words[0]), _date(words[1])
    if not _marks_given(ctx):
        raise ValidationError(
            [Problem(_("marks"), "", _("Name the people: --present T ..., --absent T ..., --excused T ..."))]
        )
    changes: list[MarkChange] = []
    seen: dict[str, str] = {}
    for option, mark in (("present", Mark.PRESENT), ("absent", Mark.ABSENT), ("excused", Mark.EXCUSED)):
        for text in getattr(ctx.args, option):
            trainee = trainee_from_text(ctx, actor, text)
            if trainee.pseudonym in seen:
                raise ValidationError(
                    [
                        Problem(
                            f"--{option}",
                            text,
                            _("{code} is named twice (also --{other}).").format(
                                code=trainee.pseudonym, other=seen[trainee.pseudonym]
                            ),
                        )
                    ]
                )
            seen[trainee.pseudonym] = option
            changes.append(MarkChange(int(trainee.id or 0), day, mark, ctx.args.note))
    changed = ctx.workspace.people.attendance.record(actor, int(course.id or 0), changes)
    ctx.print(
        _("{course}, {day}: {n} marks recorded, {changed} changed.").format(
            course=course.title, day=f"{day:%d.%m.%Y}", n=len(changes), changed=changed
        )
    )
    return 0


def _grid(ctx: CommandContext, actor: Actor, course_text: str) -> int:
    course = course_from_text(ctx, course_text)
    grid = ctx.workspace.people.attendance.grid(actor, int(course.id or 0))
    if ctx.args.json:
        ctx.print_json(grid.as_dict())
        return 0
    _print_grid(ctx, grid)
    return 0


def _export(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    checked_output_path(ctx.args.output)
    course = course_from_text(ctx, words[0])
    rows = ctx.workspace.people.attendance.export_register(
        actor, int(course.id or 0), ctx.args.output, with_names=ctx.args.names
    )
    ctx.print(_("Wrote {path} ({n} trainees).").format(path=ctx.args.output, n=rows))
    return 0


def _import(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    report = ctx.workspace.people.attendance.import_register(actor, words[0])
    if ctx.args.json:
        ctx.print_json(report.as_dict())
    else:
        _print_import(ctx, report)
    return 0 if report.written else 1


def _at_risk(ctx: CommandContext, actor: Actor, _words: list[str]) -> int:
    found = ctx.workspace.people.attendance.at_risk(actor)
    if ctx.args.json:
        ctx.print_json([a.as_dict() for a in found])
        return 0
    if not found:
        ctx.print(_("Nobody you may see is at risk of dropping out."))
        return 0
    ctx.print(format_table(_at_risk_headers(), [_at_risk_row(a) for a in found]))
    return 0


def _threshold(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, text = course_from_text(ctx, words[0]), words[1].strip().rstrip("%")
    percent: int | None
    if text.casefold() in ("default", "parazgjedhur"):
        percent = None
    elif text.isdigit() and 0 <= int(text) <= 100:
        percent = int(text)
    else:
        raise ValidationError(
            [Problem(_("threshold"), words[1], _("Give a percentage from 0 to 100, or default."))]
        )
    attendance = ctx.workspace.people.attendance
    attendance.set_threshold(actor, int(course.id or 0), percent)
    ctx.print(
        _("{course}: attendance threshold {percent}%.").format(
            course=course.title, percent=attendance.threshold(int(course.id or 0))
        )
    )
    return 0


def _settings(ctx: CommandContext, actor: Actor, _words: list[str]) -> int:
    attendance = ctx.workspace.people.attendance
    if ctx.args.default_threshold is not None or ctx.args.dropout_after is not None:
        attendance.change_settings(
            actor, default_threshold=ctx.args.default_threshold, dropout=ctx.args.dropout_after
        )
    threshold, dropout = attendance.settings()
    if ctx.args.json:
        ctx.print_json({"default_threshold_percent": threshold, "dropout_sessions": dropout})
        return 0
    ctx.print(
        _("Default attendance threshold {percent}%; at risk after {n} absences in a row.").format(
            percent=threshold, n=dropout
        )
    )
    return 0


# Output ---------------------------------------------------------------------------------------
def _print_grid(ctx: CommandContext, grid: AttendanceGrid) -> None:
    course = grid.course
    ctx.print(
        _("{title} ({provider}/{code}): threshold {threshold}%, at risk after {n} absences in a row.").format(
            title=course.title,
            provider=course.provider,
            code=course.code,
            threshold=grid.threshold,
            n=grid.dropout_sessions,
        )
    )
    held = [d for d in grid.held if d <= grid.today] or grid.held[:1]
    headers = [_("Pseudonym"), *(f"{d:%d.%m}" for d in held), _("Rate"), _("At risk")]
    rows: list[list[Any]] = []
    for row in grid.rows:
        marks = [row.marks[d].letter if d in row.marks else "·" for d in held]
        rate = "–" if row.rate.percent is None else f"{row.rate.percent:.0f}%"
        rows.append([row.pseudonym, *marks, rate, _("yes") if row.at_risk else ""])
    if rows:
        ctx.print(format_table(headers, rows))
    else:
        ctx.print(_("Nobody on this course whose attendance you may see."))
    if grid.hidden:
        ctx.print(
            ngettext(
                "{n} more person on this course was registered by another organisation.",
                "{n} more people on this course were registered by another organisation.",
                grid.hidden,
            ).format(n=grid.hidden)
        )


def _print_import(ctx: CommandContext, report: RegisterImport) -> None:
    for problem in report.problems:
        ctx.print(
            _("Row {row}, column «{column}», value «{value}»: {message}").format(
                row=problem.row, column=problem.column, value=problem.value, message=problem.message
            )
        )
    if report.written and report.course is not None:
        ctx.print(
            _("Imported {file} into {course}: {n} marks, {changed} changed.").format(
                file=report.file, course=report.course.title, n=report.marks, changed=report.changed
            )
        )
    else:
        ctx.print(
            ngettext(
                "Nothing was written: {n} problem in {file} must be fixed first.",
                "Nothing was written: {n} problems in {file} must be fixed first.",
                len(report.problems),
            ).format(n=len(report.problems), file=report.file)
        )


def _at_risk_headers() -> list[str]:
    return [_("Pseudonym"), _("Course"), _("Absences in a row"), _("Last absence"), _("Rate")]


def _at_risk_row(found: AtRisk) -> list[Any]:
    rate = "–" if found.rate.percent is None else f"{found.rate.percent:.0f}%"
    last = f"{found.last_absence:%d.%m.%Y}" if found.last_absence else ""
    return [
        found.pseudonym,
        f"{found.course.title} ({found.course.provider}/{found.course.code})",
        found.absences_in_a_row,
        last,
        rate,
    ]


def _marks_given(ctx: CommandContext) -> bool:
    return bool(ctx.args.present or ctx.args.absent or ctx.args.excused)


def _date(text: str) -> date:
    day = written_day(text)
    if day is None:
        raise ValidationError([Problem(_("date"), text, _("Write the date as DD.MM.YYYY or YYYY-MM-DD."))])
    return day
