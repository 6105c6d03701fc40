"""`coursehub settings letterhead ...` and `coursehub settings provider-logo ...`: the header
of every printout (administrators; audited)."""

from __future__ import annotations

import argparse
from pathlib import Path

from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option
from coursehub.i18n import _
from coursehub.services.access import Task
from coursehub.services.letterhead import LetterheadService


def register(commands: argparse._SubParsersAction) -> None:
    settings = commands.add_parser("settings", help=_("the letterhead printed on every printout"))
    kinds = settings.add_subparsers(dest="setting", metavar=_("SETTING"), required=True)

    letterhead = kinds.add_parser(
        "letterhead", help=_("the office's name, address and logo (PNG or SVG) at the top of every printout")
    )
    letterhead.add_argument("--name", help=_("the office's name"))
    letterhead.add_argument(
        "--address", help=_("the office's address (a line break in it starts a new line)")
    )
    logo = letterhead.add_mutually_exclusive_group()
    logo.add_argument("--logo", type=Path, metavar=_("FILE"), help=_("the logo: a PNG or SVG file"))
    logo.add_argument("--no-logo", action="store_true", help=_("print no logo"))
    add_user_option(letterhead)
    letterhead.set_defaults(handler=run_letterhead)

    provider = kinds.add_parser(
        "provider-logo", help=_("a provider's own logo on its sheets and certificates")
    )
    provider.add_argument("provider", metavar=_("PROVIDER"), help=_("the provider's name"))
    provider.add_argument("logo", nargs="?", type=Path, metavar=_("FILE"), help=_("a PNG or SVG file"))
    provider.add_argument("--remove", action="store_true", help=_("print no logo for this provider"))
    add_user_option(provider)
    provider.set_defaults(handler=run_provider_logo)


def _service(ctx: CommandContext) -> LetterheadService:
    return LetterheadService(ctx.store, ctx.workspace.people.trail)


def run_letterhead(ctx: CommandContext) -> int:
    args = ctx.args
    service = _service(ctx)
    if args.name is not None or args.address is not None or args.logo is not None or args.no_logo:
        actor = ctx.acting_as(Task.STAFF_WORK)  # the service lets only administrators
        service.set_letterhead(
            actor, name=args.name, address=args.address, logo=args.logo, remove_logo=args.no_logo
        )
    shown = service.letterhead()
    ctx.print(_("Name: {name}").format(name=shown.name or "—"))
    ctx.print(_("Address: {address}").format(address=shown.address or "—"))
    logo = _("{n} bytes (PNG)").format(n=len(shown.logo_png)) if shown.logo_png else _("none")
    ctx.print(_("Logo: {logo}").format(logo=logo))
    return 0


def run_provider_logo(ctx: CommandContext) -> int:
    args = ctx.args
    if (args.logo is None) == (not args.remove):
        from coursehub.domain.errors import Problem, ValidationError

        raise ValidationError(
            [Problem(_("logo"), "", _("Give the logo file, or --remove to print none (not both)."))]
        )
    actor = ctx.acting_as(Task.STAFF_WORK)  # the service lets only administrators
    _service(ctx).set_provider_logo(actor, args.provider, None if args.remove else args.logo)
    ctx.print(
        _("{provider}: logo removed.").format(provider=args.provider)
        if args.remove
        else _("{provider}: logo saved.").format(provider=args.provider)
    )
    return 0
