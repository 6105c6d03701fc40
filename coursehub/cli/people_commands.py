"""`coursehub setup`, `users`, `trainee`, `enrol` and `audit`: people, acting as a named user.

Every command here (but `setup`) acts as a user who must authenticate: `--user NAME` (or
COURSEHUB_USER), with the password from COURSEHUB_PASSWORD or asked for at the terminal.
A password is never accepted as a command-line option, where others could read it.
"""

from __future__ import annotations

import argparse
import os
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from coursehub.cli.arguments import bounded_int, output_file, record_id
from coursehub.cli.context import CommandContext
from coursehub.cli.login import (
    PASSWORD_VARIABLE,
    add_user_option,
    login_from,
    new_password,
)
from coursehub.cli.tables import format_table
from coursehub.domain.errors import NotFound, PermissionDenied, Problem, ValidationError
from coursehub.domain.model import Course, Education, Gender, TargetGroup
from coursehub.domain.people import Actor, Role
from coursehub.domain.same_person import LikelyMatch
from coursehub.domain.trainees import Enrolment, Trainee
from coursehub.domain.users import User
from coursehub.domain.validation import record_id as record_id_in
from coursehub.fileio import atomic_write, checked_output_path
from coursehub.i18n import N_, _
from coursehub.services.enrolment import Offer
from coursehub.services.serialize import course_to_dict
from coursehub.services.server_setup import user_accounts
from coursehub.services.trainees import trainee_values

ENROL_ACTIONS = ("apply", "withdraw", "complete", "list", "eligible", "trade", "roster", "offers")


# Registering the commands -------------------------------------------------------------------
def register(commands: argparse._SubParsersAction) -> None:
    setup = commands.add_parser("setup", help=_("first run: create the administrator"))
    setup.add_argument("--username", default="admin", help=_("the administrator's user name"))
    setup.set_defaults(handler=run_setup)
    _register_users(commands)
    _register_trainee(commands)
    _register_enrol(commands)
    audit = commands.add_parser("audit", help=_("read the audit log (administrators)"))
    add_user_option(audit)
    audit.add_argument("--entity", help=_("only entries about this kind of record"))
    audit.add_argument("--id", type=record_id, help=_("only entries about this record id"))
    audit.add_argument(
        "--limit", type=bounded_int(1, 100_000), default=200, help=_("at most this many entries")
    )
    audit.add_argument("--json", action="store_true", help=_("print JSON"))
    audit.set_defaults(handler=run_audit)


def _register_users(commands: argparse._SubParsersAction) -> None:
    users = commands.add_parser("users", help=_("manage user accounts (administrators)"))
    actions = users.add_subparsers(dest="users_action", metavar=_("ACTION"), required=True)
    add = actions.add_parser("add", help=_("add a user (password from COURSEHUB_NEW_PASSWORD or asked for)"))
    add.add_argument("name", help=_("the new user's name"))
    add.add_argument("--role", required=True, choices=[r.value for r in Role])
    add.add_argument("--organisation", help=_("the provider an NGO coordinator works for"))
    add.add_argument(
        "--name",
        dest="display_name",
        default="",
        metavar=_("FULL_NAME"),
        help=_('the name the person is shown by, e.g. "Maria Kola" (the login name stays NAME)'),
    )
    add.set_defaults(handler=run_users_add)
    listing = actions.add_parser("list", help=_("list the users"))
    listing.add_argument("--json", action="store_true", help=_("print JSON"))
    listing.set_defaults(handler=run_users_list)
    for name, active in (("disable", False), ("enable", True)):
        action = actions.add_parser(
            name, help=_("disable a user's account") if not active else _("enable a user's account again")
        )
        action.add_argument("name", help=_("the user's name"))
        action.set_defaults(handler=run_users_active, active=active)
    password = actions.add_parser(
        "password", help=_("set a password (from COURSEHUB_NEW_PASSWORD or asked for)")
    )
    password.add_argument("name", help=_("the user's name"))
    password.set_defaults(handler=run_users_password)
    for parser in (add, listing, password, *[actions.choices[n] for n in ("disable", "enable")]):
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


def _register_trainee(commands: argparse._SubParsersAction) -> None:
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
    export.add_argument(
        "-o",
        "--output",
        type=output_file,
        metavar=_("FILE"),
        help=_("write to this file (readable only by you) instead of the screen"),
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


def _register_enrol(commands: argparse._SubParsersAction) -> None:
    enrol = commands.add_parser(
        "enrol",
        help=_("enrol people, waiting lists, withdraw, complete"),
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description=_(
            "coursehub enrol COURSE TRAINEE [--wait] [--override-reason TEXT]\n"
            "coursehub enrol apply|withdraw|complete COURSE TRAINEE\n"
            "coursehub enrol list [--course COURSE] [--trainee TRAINEE]\n"
            "coursehub enrol eligible TRAINEE [--trade ISCO] [--municipality NAME]\n"
            "coursehub enrol trade TRAINEE ISCO MUNICIPALITY\n"
            "coursehub enrol roster COURSE [--names]\n"
            "coursehub enrol offers\n\n"
            "COURSE is PROVIDER/CODE, a course code alone when only one provider uses it, or "
            "the course's number; TRAINEE is a pseudonym such as DR-2027-0142."
        ),
    )
    enrol.add_argument("words", nargs="+", metavar=_("WORD"))
    enrol.add_argument(
        "--override-reason",
        default="",
        metavar=_("TEXT"),
        help=_("staff only: enrol although a check refuses (eligibility, clash), for this reason"),
    )
    enrol.add_argument(
        "--wait", action="store_true", help=_("if the course is full, put the person on its waiting list")
    )
    enrol.add_argument("--course", help=_("list: only this course"))
    enrol.add_argument("--trainee", help=_("list: only this person"))
    enrol.add_argument("--trade", help=_("eligible: an ISCO code (any level)"))
    enrol.add_argument("--municipality", help=_("eligible: only courses in this municipality"))
    enrol.add_argument(
        "--names", action="store_true", help=_("roster: show names of people in protected groups too")
    )
    enrol.add_argument("--json", action="store_true", help=_("print JSON"))
    add_user_option(enrol)
    enrol.set_defaults(handler=run_enrol)


# Users --------------------------------------------------------------------------------------
def run_setup(ctx: CommandContext) -> int:
    if ctx.server_address is not None:
        raise PermissionDenied(
            _(
                "On a server the first administrator is made by `coursehub server init --admin NAME`, "
                "run once by the server's superuser (docs/server.md)."
            )
        )
    auth = ctx.workspace.people.auth
    if not auth.needs_setup():
        raise PermissionDenied(
            _("CourseHub is already set up; an administrator adds users with `coursehub users add`.")
        )
    password = os.environ.get(PASSWORD_VARIABLE)
    if password is None:
        password = new_password(ctx.args.username)
    user = auth.setup(ctx.args.username, password)
    ctx.print(
        _("Administrator {name} created. Add the other users with `coursehub users add`.").format(
            name=user.username
        )
    )
    return 0


def run_users_add(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    user = User(
        ctx.args.name, Role(ctx.args.role), ctx.args.organisation, display_name=ctx.args.display_name.strip()
    )
    added = user_accounts(ctx.workspace).add_user(actor, user, new_password(user.username))
    ctx.print(_("User {name} added ({role}).").format(name=added.username, role=added.role.label))
    return 0


def run_users_list(ctx: CommandContext) -> int:
    users = ctx.workspace.people.auth.users(login_from(ctx))
    if ctx.args.json:
        ctx.print_json(
            {
                "users": [
                    {
                        "username": u.username,
                        "role": u.role.value,
                        "organisation": u.organisation,
                        "active": u.active,
                        "display_name": u.display_name,
                    }
                    for u in users
                ]
            }
        )
        return 0
    rows = [
        (u.username, u.display_name, u.role.label, u.organisation or "", _("yes") if u.active else _("no"))
        for u in users
    ]
    ctx.print(format_table([_("User"), _("Name"), _("Role"), _("Organisation"), _("Active")], rows))
    return 0


def run_users_active(ctx: CommandContext) -> int:
    user = user_accounts(ctx.workspace).set_active(login_from(ctx), ctx.args.name, ctx.args.active)
    ctx.print(
        (
            _("User {name} can log in again.") if user.active else _("User {name} can no longer log in.")
        ).format(name=user.username)
    )
    return 0


def run_users_password(ctx: CommandContext) -> int:
    actor = login_from(ctx)
    user_accounts(ctx.workspace).change_password(actor, ctx.args.name, new_password(ctx.args.name))
    ctx.print(_("Password of {name} changed.").format(name=ctx.args.name))
    return 0


# Trainees -----------------------------------------------------------------------------------
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
            {"trainee": trainee_values(trainee), "enrolments": [_enrolment_dict(e) for e in enrolments]}
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
    import json

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
    _print_offers(ctx, offers)
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


# Enrolment ----------------------------------------------------------------------------------
def run_enrol(ctx: CommandContext) -> int:
    words: list[str] = ctx.args.words
    action = words[0] if words[0] in ENROL_ACTIONS else "enrol"
    arguments = words[1:] if action != "enrol" else words
    expected = {
        "enrol": 2,
        "apply": 2,
        "withdraw": 2,
        "complete": 2,
        "list": 0,
        "eligible": 1,
        "trade": 3,
        "roster": 1,
        "offers": 0,
    }[action]
    if len(arguments) != expected:
        raise ValidationError(
            [
                Problem(
                    _("command"),
                    " ".join(words),
                    _("See `coursehub enrol --help` for the forms of this command."),
                )
            ]
        )
    actor = login_from(ctx)
    handler = {
        "enrol": _enrol,
        "apply": _apply,
        "withdraw": _withdraw,
        "complete": _complete,
        "list": _list,
        "eligible": _eligible,
        "trade": _trade,
        "roster": _roster,
        "offers": _offers,
    }[action]
    return handler(ctx, actor, arguments)


def _enrol(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, trainee = _course(ctx, words[0]), _trainee(ctx, actor, words[1])
    outcome = ctx.workspace.people.enrolment.enrol(
        actor, int(trainee.id or 0), int(course.id or 0), ctx.args.override_reason, wait_if_full=ctx.args.wait
    )
    ctx.print(
        _("{code}: {status} in {course} ({provider}).").format(
            code=trainee.pseudonym,
            status=outcome.enrolment.status.label,
            course=course.title,
            provider=course.provider,
        )
    )
    return 0


def _apply(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, trainee = _course(ctx, words[0]), _trainee(ctx, actor, words[1])
    ctx.workspace.people.enrolment.apply(actor, int(trainee.id or 0), int(course.id or 0))
    ctx.print(_("{code} applied for {course}.").format(code=trainee.pseudonym, course=course.title))
    return 0


def _withdraw(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, trainee = _course(ctx, words[0]), _trainee(ctx, actor, words[1])
    outcome = ctx.workspace.people.enrolment.withdraw(actor, int(trainee.id or 0), int(course.id or 0))
    ctx.print(_("{code} withdrawn from {course}.").format(code=trainee.pseudonym, course=course.title))
    _print_offers(ctx, list(outcome.offers))
    return 0


def _complete(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, trainee = _course(ctx, words[0]), _trainee(ctx, actor, words[1])
    ctx.workspace.people.enrolment.complete(actor, int(trainee.id or 0), int(course.id or 0))
    ctx.print(_("{code} completed {course}.").format(code=trainee.pseudonym, course=course.title))
    return 0


def _list(ctx: CommandContext, actor: Actor, _words: list[str]) -> int:
    service = ctx.workspace.people.enrolment
    if ctx.args.trainee:
        trainee = _trainee(ctx, actor, ctx.args.trainee)
        enrolments = service.enrolments_of(actor, int(trainee.id or 0))
    else:
        course_id = int(_course(ctx, ctx.args.course).id or 0) if ctx.args.course else None
        enrolments = service.enrolments(actor, course_id)
    if ctx.args.json:
        ctx.print_json({"enrolments": [_enrolment_dict(e) for e in enrolments]})
        return 0
    rows = [
        (
            e.pseudonym,
            e.course_key[0],
            e.course_key[1],
            e.status.label,
            f"{e.waiting_since:%d.%m.%Y %H:%M}" if e.waiting_since else "",
            e.override_reason,
        )
        for e in enrolments
    ]
    ctx.print(
        format_table(
            [_("Pseudonym"), _("Provider"), _("Code"), _("Status"), _("Waiting since"), _("Override reason")],
            rows,
        )
    )
    ctx.print(_("{n} enrolments").format(n=len(enrolments)))
    return 0


def _eligible(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    trainee = _trainee(ctx, actor, words[0])
    result = ctx.workspace.people.enrolment.eligible_courses(
        actor, int(trainee.id or 0), ctx.args.trade, ctx.args.municipality
    )
    if ctx.args.json:
        ctx.print_json(
            {
                "courses": [course_to_dict(c) for c in result.eligible],
                "refused": [course_to_dict(r.course) | {"reasons": list(r.reasons)} for r in result.refused],
                "nearest": [course_to_dict(c) for c in result.nearest],
            }
        )
        return 0
    ctx.print(
        format_table(
            [_("Provider"), _("Code"), _("Title"), _("Municipality"), _("Start")],
            [_course_row(c) for c in result.eligible],
            max_width=32,
        )
    )
    ctx.print(_("{n} courses {code} can join").format(n=len(result.eligible), code=trainee.pseudonym))
    if ctx.args.trade:
        for refused in result.refused:
            ctx.print(f"  {refused.course.provider} / {refused.course.code}: " + "; ".join(refused.reasons))
    if result.nearest:
        ctx.print(_("Nearest courses the person fits:"))
        ctx.print(
            format_table(
                [_("Provider"), _("Code"), _("Title"), _("Municipality"), _("Start")],
                [_course_row(c) for c in result.nearest],
                max_width=32,
            )
        )
    return 0


def _trade(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    trainee = _trainee(ctx, actor, words[0])
    outcome = ctx.workspace.people.enrolment.wait_for_trade(actor, int(trainee.id or 0), words[1], words[2])
    if outcome.offer is not None:
        ctx.print(
            _("A seat was free: {code} is now enrolled in {provider} / {course}.").format(
                code=trainee.pseudonym,
                provider=outcome.offer.course_key[0],
                course=outcome.offer.course_key[1],
            )
        )
    else:
        ctx.print(
            _(
                "{code} waits for ISCO {isco} in {place}; the first suitable free seat at any "
                "provider will be offered."
            ).format(code=trainee.pseudonym, isco=outcome.wait.occupation, place=outcome.wait.municipality)
        )
    return 0


def _roster(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course = _course(ctx, words[0])
    roster = ctx.workspace.people.enrolment.roster(actor, int(course.id or 0), ctx.args.names)
    if ctx.args.json:
        ctx.print_json(
            {
                "course": course_to_dict(course),
                "enrolled": [{"label": e.label, "pseudonym": e.pseudonym} for e in roster.enrolled],
                "waiting": [
                    {"label": e.label, "pseudonym": e.pseudonym, "position": e.position}
                    for e in roster.waiting
                ],
            }
        )
        return 0
    ctx.print(f"{course.title} ({course.provider} / {course.code})")
    for number, entry in enumerate(roster.enrolled, start=1):
        ctx.print(f"{number:3}. {entry.label}")
    for entry in roster.waiting:
        ctx.print(_("  waiting {n}: {label}").format(n=entry.position, label=entry.label))
    ctx.print(_("{n} enrolled, {w} waiting").format(n=len(roster.enrolled), w=len(roster.waiting)))
    return 0


def _offers(ctx: CommandContext, actor: Actor, _words: list[str]) -> int:
    offers = ctx.workspace.people.enrolment.offer_free_seats(actor)
    _print_offers(ctx, offers)
    if not offers:
        ctx.print(_("No free seat matched anyone waiting."))
    return 0


def run_audit(ctx: CommandContext) -> int:
    entries = ctx.workspace.people.audit.entries(
        login_from(ctx), entity=ctx.args.entity, entity_id=ctx.args.id, limit=ctx.args.limit
    )
    if ctx.args.json:
        ctx.print_json(
            {
                "audit": [
                    {
                        "at": e.at.isoformat(),
                        "actor": e.actor,
                        "action": e.action,
                        "entity": e.entity,
                        "entity_id": e.entity_id,
                        "before": e.before,
                        "after": e.after,
                        "erased": e.erased,
                    }
                    for e in entries
                ]
            }
        )
        return 0
    rows = [
        (
            f"{e.at:%Y-%m-%d %H:%M:%S}",
            e.actor,
            e.action,
            e.entity,
            e.entity_id or "",
            _("(erased)") if e.erased else _changes(e.before, e.after),
        )
        for e in entries
    ]
    ctx.print(
        format_table(
            [_("When"), _("Who"), _("Action"), _("Record"), _("Id"), _("Change")], rows, max_width=60
        )
    )
    return 0


# Helpers ------------------------------------------------------------------------------------
def _course(ctx: CommandContext, text: str) -> Course:
    catalogue = ctx.workspace.catalogue
    text = text.strip()
    number = record_id_in(text)
    if number is not None:
        return catalogue.course(number)
    for separator in (":", "/"):  # PROVIDER:CODE as the print commands write it, or PROVIDER/CODE
        if separator in text:
            provider, code = text.rsplit(separator, 1)
            return catalogue.find_course(provider.strip(), code.strip())
    matches = [c for c in catalogue.courses() if c.code == text]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise NotFound(_("No course with code {code}.").format(code=text))
    raise ValidationError(
        [
            Problem(
                _("course"),
                text,
                _("Several providers use this code; write PROVIDER/CODE: {choices}").format(
                    choices=", ".join(f"{c.provider}/{c.code}" for c in matches)
                ),
            )
        ]
    )


def _trainee(ctx: CommandContext, actor: Actor, text: str) -> Trainee:
    return ctx.workspace.people.trainees.find(actor, text)


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
    for pattern in ("%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y"):
        try:
            return datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise ValidationError([Problem(_("birth date"), text, _("Write the date as YYYY-MM-DD or DD.MM.YYYY."))])


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


def _enrolment_dict(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "pseudonym": enrolment.pseudonym,
        "provider": enrolment.course_key[0],
        "code": enrolment.course_key[1],
        "status": enrolment.status.value,
        "waiting_since": enrolment.waiting_since.isoformat() if enrolment.waiting_since else None,
        "override_reason": enrolment.override_reason,
    }


def _course_row(course: Course) -> tuple:
    return (course.provider, course.code, course.title, course.municipality, f"{course.start:%d.%m.%Y}")


def _print_offers(ctx: CommandContext, offers: list[Offer]) -> None:
    for offer in offers:
        who = offer.pseudonym or _("a person of another organisation")
        ctx.print(
            _("A freed seat in {provider} / {course} was given to {who}; tell them.").format(
                provider=offer.course_key[0], course=offer.course_key[1], who=who
            )
        )


def _changes(before: dict | None, after: dict | None) -> str:
    if after is None:
        return ""
    parts = [f"{k}: {(before or {}).get(k)!s} → {v!s}" if before else f"{k}: {v!s}" for k, v in after.items()]
    return "; ".join(parts)
