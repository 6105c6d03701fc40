"""`coursehub trainee`: register people, show, edit, export and erase their records, and keep
them no longer than the retention period. Acting as a named user (see `coursehub.cli.login`)."""

from __future__ import annotations

import argparse
import json
from dataclasses import replace
from datetime import date
from typing import Any

from coursehub.cli.arguments import add_output_option, bounded_int, written_day
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option, login_from
from coursehub.cli.people_lookup import enrolment_dict, print_offers
from coursehub.cli.tables import format_table
from coursehub.domain.errors import PermissionDenied, Problem, ValidationError
from coursehub.domain.model import Education, Gender, TargetGroup
from coursehub.domain.same_person import LikelyMatch
from coursehub.domain.trainees import Trainee
from coursehub.fileio import atomic_write, checked_output_path
from coursehub.i18n import N_, _
from coursehub.services.trainees import trainee_values


def register(commands: argparse._SubParsersAction) -> None:
    trainee = commands.add_parser("trainee", help=_("register and look after trainees"))
    actions = trainee.add_subparsers(dest="trainee_action", metavar=_("ACTION"), required=True)
    add = actions.add_parser("add", help=_("register a person"))
    _trainee_fields(add, new=True)
    add.set_defaults(handler=run_trainee_add)
    show = actions.add_parser("show", help=_("show one person's record"))
    show.add_argument("trainee", metavar=_("TRAINEE"), help=_("pseudonym, e.g. DR-2027-0142"))
    show.add_argument("--json", action="store_true", help=_("print JSON"))
    show.set_defaults(handler=run_trainee_show)
    listing = actions.add_parser("list", help=_("list the people you may see"))
    listing.add_argument(
        "--json", action="store_true", help=_("print JSON (recorded in the audit log as an export)")
    )
    listing.set_defaults(handler=run_trainee_list)
    edit = actions.add_parser("edit", help=_("change a person's record"))
    edit.add_argument("trainee", metavar=_("TRAINEE"))
    _trainee_fields(edit, new=False)
    edit.set_defaults(handler=run_trainee_edit)
    export = actions.add_parser(
        "export", help=_("everything held on one person, as JSON (subject access request)")
    )
    export.add_argument("trainee", metavar=_("TRAINEE"))
    add_output_option(
        export, _("write to this file (readable only by you) instead of the screen"), metavar=_("FILE")
    )
    export.set_defaults(handler=run_trainee_export)
    erase = actions.add_parser("erase", help=_("anonymise a person on request (or delete them completely)"))
    erase.add_argument("trainee", metavar=_("TRAINEE"))
    erase.add_argument(
        "--completely",
        action="store_true",
        help=_("delete every trace instead of keeping anonymous counts (e.g. registered by mistake)"),
    )
    erase.add_argument("--yes", action="store_true", help=_("confirm: this cannot be undone"))
    erase.set_defaults(handler=run_trainee_erase)
    retention = actions.add_parser(
        "retention",
        help=_("show or set the retention period, or anonymise everyone past it now (administrators)"),
    )
    retention.add_argument("--years", type=bounded_int(1, 30), help=_("years after the last course"))
    retention.add_argument("--apply", action="store_true", help=_("anonymise those due now"))
    retention.set_defaults(handler=run_trainee_retention)
    for parser in (add, show, listing, edit, export, erase, retention):
        add_user_option(parser)


def _trainee_fields(parser: argparse.ArgumentParser, *, new: bool) -> None:
    parser.add_argument("--name", required=new, help=_("the person's full name"))
    parser.add_argument(
        "--born", required=new, metavar=_("DATE"), help=_("birth date, YYYY-MM-DD or DD.MM.YYYY")
    )
    parser.add_argument("--gender", choices=["female", "male", "unstated"])
    parser.add_argument("--education", choices=[e.code for e in Education])
    parser.add_argument("--municipality", help=_("where the person lives"))
    parser.add_argument("--phone")
    parser.add_argument("--jobseeker-number", help=_("the Employment Office registration number"))
    parser.add_argument(
        "--group",
        action="append",
        choices=[g.value for g in TargetGroup],
        help=_("a target group the person belongs to (repeat for more)"),
    )
    parser.add_argument("--referred-by", help=_("who referred the person"))
    parser.add_argument(
        "--organisation",
        help=_("the organisation that registers the person (staff only; default: the Employment Office)"),
    )
    consent = parser.add_mutually_exclusive_group()
    consent.add_argument(
        "--consent", action="store_true", help=_("the person gave consent now (on the signed form)")
    )
    if not new:
        consent.add_argument(
            "--withdraw-consent", action="store_true", help=_("the person withdrew their consent")
        )


def run_trainee_add(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    trainee = _apply_fields(ctx.args, Trainee(name="", birth_date=None))
    service = ctx.workspace.people.trainees
    # Looked up before registering: the new record must not match itself. Only people the
    # user may see are searched, and only their pseudonyms are printed.
    matches = service.likely_duplicates(actor, trainee)
    added = service.register(actor, trainee)
    ctx.print(_("Registered {name} as {code}.").format(name=added.name, code=added.pseudonym))
    _warn_likely_duplicates(ctx, added.pseudonym, matches)
    if not added.consent_given:
        ctx.print(
            _("No consent recorded yet: record it (trainee edit {code} --consent) before enrolling.").format(
                code=added.pseudonym
            )
        )
    return 0


def _warn_likely_duplicates(ctx: CommandContext, code: str, matches: list[LikelyMatch]) -> None:
    """On standard error, so scripts reading the new pseudonym from standard output keep working."""
    if not matches:
        return
    print(
        _("Warning: {code} may be a person already registered:").format(code=code),
        file=ctx.err,
    )
    for match in matches:
        print(f"  {match.pseudonym}: {match.reason}", file=ctx.err)
    print(
        _(
            "If it is the same person, keep the older record and erase {code} "
            "(trainee erase {code} --completely)."
        ).format(code=code),
        file=ctx.err,
    )


def run_trainee_show(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    trainee = ctx.workspace.people.trainees.find(actor, ctx.args.trainee)
    enrolments = ctx.workspace.people.enrolment.enrolments_of(actor, int(trainee.id or 0))
    if ctx.args.json:
        ctx.print_json(
            {"trainee": trainee_values(trainee), "enrolments": [enrolment_dict(e) for e in enrolments]}
        )
        return 0
    for label, value in _trainee_lines(trainee):
        ctx.print(f"{label}: {value}")
    for enrolment in enrolments:
        ctx.print(f"  {enrolment.course_key[0]} / {enrolment.course_key[1]}: {enrolment.status.label}")
    return 0


def run_trainee_list(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    service = ctx.workspace.people.trainees
    if ctx.args.json:
        ctx.print_json({"trainees": service.export_list(actor)})
        return 0
    trainees = service.list(actor)
    rows = [
        (
            t.pseudonym,
            t.name or _("(anonymised)"),
            _day(t.birth_date),
            t.municipality,
            t.organisation or _("Employment Office"),
            _("yes") if t.consent_given else _("no"),
        )
        for t in trainees
    ]
    ctx.print(
        format_table(
            [_("Pseudonym"), _("Name"), _("Born"), _("Municipality"), _("Organisation"), _("Consent")], rows
        )
    )
    ctx.print(_("{n} trainees").format(n=len(trainees)))
    return 0


def run_trainee_edit(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    service = ctx.workspace.people.trainees
    trainee = service.find(actor, ctx.args.trainee)
    changed = _apply_fields(ctx.args, trainee)
    if ctx.args.withdraw_consent:
        changed = replace(changed, consent_given=False, consent_at=None)
    saved = service.edit(actor, changed)
    ctx.print(_("Saved {code}.").format(code=saved.pseudonym))
    return 0


def run_trainee_export(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    service = ctx.workspace.people.trainees
    trainee = service.find(actor, ctx.args.trainee)
    if ctx.args.output is None:
        ctx.print_json(service.export(actor, int(trainee.id or 0)))
        return 0
    target = checked_output_path(ctx.args.output)

    def write(data: dict[str, Any]) -> None:
        with atomic_write(target, "w", encoding="utf-8") as handle:
            json.dump(data, handle, ensure_ascii=False, indent=2)

    service.export(actor, int(trainee.id or 0), deliver=write)
    ctx.print(
        _("Everything held on {code} was written to {path}.").format(
            code=trainee.pseudonym, path=ctx.args.output
        )
    )
    return 0


def run_trainee_erase(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    service = ctx.workspace.people.trainees
    trainee = service.find(actor, ctx.args.trainee)
    if not ctx.args.yes:
        raise PermissionDenied(
            _("Erasing {code} cannot be undone: add --yes to confirm.").format(code=trainee.pseudonym)
        )
    if ctx.args.completely:
        offers = service.erase(actor, int(trainee.id or 0))
        ctx.print(_("{code} was deleted completely.").format(code=trainee.pseudonym))
    else:
        _anonymous, offers = service.anonymise(actor, int(trainee.id or 0))
        ctx.print(_("{code} was anonymised; only anonymous counts remain.").format(code=trainee.pseudonym))
    print_offers(ctx, offers)
    return 0


def run_trainee_retention(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    service = ctx.workspace.people.trainees
    if ctx.args.years is not None:
        service.set_retention_years(actor, ctx.args.years)
    if ctx.args.apply:
        done = service.apply_retention(actor)
        ctx.print(_("{n} people past the retention period were anonymised.").format(n=done))
    ctx.print(_("Data is kept {n} years after a person's last course.").format(n=service.retention_years()))
    return 0


def _apply_fields(args: argparse.Namespace, trainee: Trainee) -> Trainee:
    changes: dict[str, Any] = {}
    for option, field in (
        ("name", "name"),
        ("municipality", "municipality"),
        ("phone", "phone"),
        ("jobseeker_number", "jobseeker_number"),
        ("referred_by", "referred_by"),
        ("organisation", "organisation"),
    ):
        value = getattr(args, option, None)
        if value is not None:
            changes[field] = value
    if args.born is not None:
        changes["birth_date"] = _date(args.born)
    if args.gender is not None:
        changes["gender"] = None if args.gender == "unstated" else Gender(args.gender)
    if args.education is not None:
        changes["education"] = Education.from_code(args.education)
    if args.group:
        changes["groups"] = frozenset(TargetGroup(g) for g in args.group)
    if args.consent:
        changes |= {"consent_given": True, "consent_at": None}
    return replace(trainee, **changes)


def _date(text: str) -> date:
    day = written_day(text)
    if day is None:
        raise ValidationError(
            [Problem(_("birth date"), text, _("Write the date as YYYY-MM-DD or DD.MM.YYYY."))]
        )
    return day


def _trainee_lines(trainee: Trainee) -> list[tuple[str, object]]:
    return [
        (_("Pseudonym"), trainee.pseudonym),
        (_("Name"), trainee.name or _("(anonymised)")),
        (_("Born"), _day(trainee.birth_date)),
        (_("Gender"), _gender_text(trainee.gender)),
        (_("Education"), _(_PERSON_EDUCATION[trainee.education])),
        (_("Municipality"), trainee.municipality),
        (_("Phone"), trainee.phone),
        (_("Jobseeker number"), trainee.jobseeker_number),
        (_("Target groups"), ", ".join(sorted(g.label for g in trainee.groups))),
        (_("Referred by"), trainee.referred_by),
        (_("Organisation"), trainee.organisation or _("Employment Office")),
        (_("Consent"), f"{trainee.consent_at:%d.%m.%Y %H:%M}" if trainee.consent_at else _("no")),
    ]


_PERSON_EDUCATION = {
    Education.NONE: N_("no schooling"),
    Education.PRIMARY: N_("primary (5 years)"),
    Education.BASIC: N_("basic (9 years)"),
    Education.SECONDARY: N_("upper secondary"),
    Education.HIGHER: N_("higher (university)"),
}


def _day(day: date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else ""


def _gender_text(gender: Gender | None) -> str:
    if gender is Gender.FEMALE:
        return _("female")
    return _("male") if gender is Gender.MALE else _("not stated")
