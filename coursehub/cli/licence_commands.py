"""`coursehub licences`: courses starting while their provider's licence is missing or
expired, and `coursehub licences set PROVIDER ...` to record a licence (staff)."""

from __future__ import annotations

import argparse
from datetime import date, datetime

from coursehub.cli.arguments import short_text, year
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option
from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.validation import year_in_range
from coursehub.i18n import _
from coursehub.services.access import Task
from coursehub.services.licences import LicenceService


def register(commands: argparse._SubParsersAction) -> None:
    parser = commands.add_parser(
        "licences",
        help=_("courses that start while their provider's licence is missing or expired"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_(
            "coursehub licences [--year YYYY] [--json]\n"
            "coursehub licences set PROVIDER [--number TEXT] [--issuer TEXT] [--valid-until DATE|none]\n\n"
            "NGOs and other providers need a licence; the Employment Office, public vocational "
            "training centres and municipalities do not."
        ),
    )
    parser.add_argument("words", nargs="*", metavar=_("WORD"))
    parser.add_argument("--year", type=year, help=_("only courses starting in this year (YYYY)"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    parser.add_argument("--number", type=short_text, help=_("set: the licence number"))
    parser.add_argument("--issuer", type=short_text, help=_("set: who issued the licence"))
    parser.add_argument(
        "--valid-until", type=_day_or_none, help=_("set: the last day the licence is valid, or none")
    )
    add_user_option(parser)
    parser.set_defaults(handler=run_licences)


def run_licences(ctx: CommandContext) -> int:
    words: list[str] = ctx.args.words
    if words and words[0] == "set" and len(words) == 2:
        return _set(ctx, words[1])
    if words:
        raise ValidationError(
            [
                Problem(
                    _("command"),
                    " ".join(words),
                    _("See `coursehub licences --help` for the forms of this command."),
                )
            ]
        )
    rows = LicenceService(ctx.store).lapses(ctx.args.year)
    if ctx.args.json:
        ctx.print_json(
            {
                "courses": [
                    {
                        "provider": r.provider,
                        "code": r.code,
                        "title": r.title,
                        "start": r.start.isoformat(),
                        "problem": r.lapse.value,
                        "licence_number": r.licence_number,
                        "valid_until": r.valid_until.isoformat() if r.valid_until else None,
                    }
                    for r in rows
                ]
            }
        )
        return 0
    if not rows:
        ctx.print(_("Every course starts while its provider's licence is valid."))
        return 0
    for r in rows:
        detail = r.lapse.label
        if r.valid_until is not None:
            detail += _(" (valid until {day})").format(day=f"{r.valid_until:%d.%m.%Y}")
        ctx.print(f"{r.provider}:{r.code}  {r.start:%d.%m.%Y}  {r.title}  — {detail}")
    return 0


def _set(ctx: CommandContext, provider: str) -> int:
    actor = ctx.acting_as(Task.STAFF_WORK)
    valid_until = ctx.args.valid_until
    saved = LicenceService(ctx.store, ctx.workspace.people.trail).set_licence(
        actor,
        provider,
        number=ctx.args.number,
        issuer=ctx.args.issuer,
        valid_until=valid_until if isinstance(valid_until, date) else None,
        clear_valid_until=valid_until == "none",
    )
    until = f"{saved.licence_valid_until:%d.%m.%Y}" if saved.licence_valid_until else _("no end date")
    ctx.print(
        _("{provider}: licence {number} ({issuer}), valid until {until}.").format(
            provider=saved.name,
            number=saved.licence_number or "—",
            issuer=saved.licence_issuer or "—",
            until=until,
        )
    )
    return 0


def _day_or_none(text: str) -> date | str:
    cleaned = text.strip()
    if cleaned.lower() in ("none", "asnjë", "asnje", "-"):
        return "none"
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            day = datetime.strptime(cleaned, pattern).date()
        except ValueError:
            continue
        if year_in_range(day.year):
            return day
    raise argparse.ArgumentTypeError(_("{text} is not a date; write dd.mm.yyyy.").format(text=text))
