"""`coursehub certificate ...`: print certificates, verify, revoke, and the register."""

from __future__ import annotations

import argparse
from typing import Any

from coursehub.cli.arguments import add_output_option
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option, login_from
from coursehub.cli.people_lookup import course_from_text
from coursehub.cli.word_forms import add_form_command, pick_form, wrong_form
from coursehub.domain.certificates import CERTIFICATE_LANGUAGES, Certificate, hours_text
from coursehub.domain.errors import Problem, ValidationError
from coursehub.fileio import checked_output_path
from coursehub.i18n import _, ngettext

ACTIONS = ("verify", "revoke", "list")


def register(commands: argparse._SubParsersAction) -> None:
    parser = add_form_command(
        commands,
        "certificate",
        _("print certificates of completion, verify or revoke one, list the register"),
        _(
            "coursehub certificate COURSE [TRAINEE ...] -o FILE.pdf [--language sq|en]\n"
            "coursehub certificate verify NUMBER CODE [--json]\n"
            "coursehub certificate revoke NUMBER --reason TEXT\n"
            "coursehub certificate list [--json]\n\n"
            "COURSE is PROVIDER/CODE, PROVIDER:CODE, a course code alone when only one provider uses "
            "it, or the course's number; TRAINEE is a pseudonym such as DR-2027-0142 (default: "
            "everyone who completed the course and whose certificate you may print)."
        ),
    )
    add_output_option(parser, _("the PDF file to write"))
    parser.add_argument(
        "--language",
        choices=CERTIFICATE_LANGUAGES,
        default="sq",
        help=_("the certificate's language: sq (Albanian, the default) or en"),
    )
    parser.add_argument("--reason", default="", metavar=_("TEXT"), help=_("revoke: why"))
    parser.add_argument("--json", action="store_true", help=_("print JSON"))
    add_user_option(parser)
    parser.set_defaults(handler=run_certificate)


def run_certificate(ctx: CommandContext) -> int:
    words: list[str] = ctx.args.words
    action, arguments = pick_form(words, ACTIONS, "print")
    expected = {"verify": (2, 2), "revoke": (1, 1), "list": (0, 0), "print": (1, 10_000)}[action]
    if not expected[0] <= len(arguments) <= expected[1]:
        raise wrong_form("certificate", words)
    return {"verify": _verify, "revoke": _revoke, "list": _list, "print": _print}[action](ctx, arguments)


def _print(ctx: CommandContext, words: list[str]) -> int:
    if ctx.args.output is None:
        raise ValidationError([Problem("-o", "", _("Name the PDF file to write with -o FILE.pdf."))])
    checked_output_path(ctx.args.output)  # before any number is taken and the print audited
    actor = login_from(ctx)
    course = course_from_text(ctx, words[0])
    batch = ctx.workspace.people.certificates.issue(actor, int(course.id or 0), words[1:])
    printing = ctx.workspace.printing
    pdf = printing.certificates(actor, batch.pages, ctx.args.language)
    path = printing.save(pdf, ctx.args.output)
    for page in batch.pages:
        mark = _(" (duplicate)") if page.duplicate else ""
        ctx.print(f"{page.number}{mark}")
    if batch.left_out:
        ctx.print(
            ngettext(
                "{n} person who completed the course was registered by another organisation: they or the "
                "Employment Office print that certificate.",
                "{n} people who completed the course were registered by another organisation: they or the "
                "Employment Office print those certificates.",
                batch.left_out,
            ).format(n=batch.left_out)
        )
    ctx.print(_("Wrote {path} ({pages} pages).").format(path=path, pages=pdf.pages))
    return 0


def _verify(ctx: CommandContext, words: list[str]) -> int:
    found = ctx.workspace.people.certificates.verify(words[0], words[1])
    status = "revoked" if found.revoked else "valid"
    if ctx.args.json:
        ctx.print_json(
            {
                "number": found.number,
                "status": status,
                "course": found.course_title,
                "occupation": found.occupation,
                "provider": found.provider,
                "start": found.start.isoformat(),
                "end": found.end.isoformat(),
                "issued_on": found.issued_on.isoformat(),
            }
        )
        return 0
    ctx.print(_("Certificate {number}: {status}").format(number=found.number, status=_status_label(status)))
    ctx.print(_("Course: {title} (ISCO {isco})").format(title=found.course_title, isco=found.occupation))
    ctx.print(_("Provider: {provider}").format(provider=found.provider))
    ctx.print(
        _("Dates: {start} to {end}").format(start=f"{found.start:%d.%m.%Y}", end=f"{found.end:%d.%m.%Y}")
    )
    ctx.print(_("Issued on: {day}").format(day=f"{found.issued_on:%d.%m.%Y}"))
    return 0


def _revoke(ctx: CommandContext, words: list[str]) -> int:
    actor = login_from(ctx)
    revoked = ctx.workspace.people.certificates.revoke(actor, words[0], ctx.args.reason)
    ctx.print(_("Certificate {number} revoked.").format(number=revoked.number))
    return 0


def _list(ctx: CommandContext, _words: list[str]) -> int:
    actor = login_from(ctx)
    register = ctx.workspace.people.certificates.register(actor)
    if ctx.args.json:
        ctx.print_json({"certificates": [_as_dict(c) for c in register]})
        return 0
    if not register:
        ctx.print(_("No certificates issued yet."))
        return 0
    for c in register:
        status = _status_label("revoked" if c.is_revoked else "valid")
        duplicate = _(", {n} duplicates").format(n=c.duplicates) if c.duplicates else ""
        ctx.print(
            f"{c.number}  {c.pseudonym or '-'}  {c.provider}/{c.course_code}  "
            f"{c.issued_at:%d.%m.%Y}  {c.issued_by}  {status}{duplicate}"
        )
        if c.is_revoked:
            ctx.print("    " + _("revoked: {reason}").format(reason=c.revoked_reason))
    return 0


def _as_dict(c: Certificate) -> dict[str, Any]:
    return {
        "number": c.number,
        "pseudonym": c.pseudonym,
        "provider": c.provider,
        "course_code": c.course_code,
        "course": c.course_title,
        "hours": hours_text(c.hours),
        "issued_at": c.issued_at.isoformat(timespec="seconds"),
        "issued_by": c.issued_by,
        "duplicates": c.duplicates,
        "last_printed_at": c.last_printed_at.isoformat(timespec="seconds") if c.last_printed_at else None,
        "last_printed_by": c.last_printed_by,
        "status": "revoked" if c.is_revoked else "valid",
        "revoked_at": c.revoked_at.isoformat(timespec="seconds") if c.revoked_at else None,
        "revoked_by": c.revoked_by,
        "revoked_reason": c.revoked_reason,
    }


def _status_label(status: str) -> str:
    return _("revoked") if status == "revoked" else _("valid")
