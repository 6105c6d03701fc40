"""`coursehub licences`: courses starting while their provider's licence is missing or
expired, and `coursehub licences set PROVIDER ...` to record a licence (staff)."""

from __future__ import annotations

import argparse
from datetime import date

from coursehub.cli.arguments import short_text, written_day, year
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option
from coursehub.cli.word_forms import add_form_command, pick_form, wrong_form
from coursehub.domain.validation import year_in_range
from coursehub.i18n import _
from coursehub.services.access import Task
from coursehub.services.licences import LicenceService


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_form_command(
        commands,
        "licences",
        _("courses that start while their provider's licence is missing or expired"),
        _(
            "coursehub licences [--year YYYY] [--json]\n"
            "coursehub licences set PROVIDER [--number TEXT] [--issuer TEXT] [--valid-until DATE|none]\n\n"
            "NGOs and other providers need a licence; the Employment Office, public vocational "
            "training centres and municipalities do not."
        ),
        words="*",
    )
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
    form, arguments = pick_form(words, ("set",), "list")
    if form == "set" and len(arguments) == 1:
        return _set(ctx, arguments[0])
    if arguments or form == "set":
        raise wrong_form("licences", words)
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
    day = written_day(cleaned)
    if day is not None and year_in_range(day.year):
        return day
    raise argparse.ArgumentTypeError(_("{text} is not a date; write dd.mm.yyyy.").format(text=text))
