"""`coursehub enrol`: enrol people in courses, waiting lists, withdraw, complete, rosters and
offers of freed seats. Acting as a named user (see `coursehub.cli.login`)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TypeVar

from coursehub.cli.completion import add_completion_options, complete_enrolment
from coursehub.cli.context import CommandContext
from coursehub.cli.login import add_user_option, login_from
from coursehub.cli.people_lookup import course_from_text, enrolment_dict, print_offers, trainee_from_text
from coursehub.cli.tables import format_table
from coursehub.cli.word_forms import add_form_command, pick_form, wrong_form
from coursehub.domain.model import Course
from coursehub.domain.people import Actor
from coursehub.i18n import N_, _
from coursehub.services.serialize import course_to_dict

Outcome = TypeVar("Outcome")
ENROL_ACTIONS = ("apply", "withdraw", "complete", "list", "eligible", "trade", "roster", "offers")


def register(commands: argparse._SubParsersAction) -> None:
    enrol = add_form_command(
        commands,
        "enrol",
        _("enrol people, waiting lists, withdraw, complete"),
        _(
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
    add_completion_options(enrol)
    add_user_option(enrol)
    enrol.set_defaults(handler=run_enrol)


def run_enrol(ctx: CommandContext) -> int:
    words: list[str] = ctx.args.words
    action, arguments = pick_form(words, ENROL_ACTIONS, "enrol")
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
        raise wrong_form("enrol", words)
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
    course, trainee = course_from_text(ctx, words[0]), trainee_from_text(ctx, actor, words[1])
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
    service = ctx.workspace.people.enrolment
    _on_place(ctx, actor, words, service.apply, N_("{code} applied for {course}."))
    return 0


def _withdraw(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    service = ctx.workspace.people.enrolment
    outcome = _on_place(ctx, actor, words, service.withdraw, N_("{code} withdrawn from {course}."))
    print_offers(ctx, list(outcome.offers))
    return 0


def _complete(ctx: CommandContext, actor: Actor, words: list[str]) -> int:
    course, trainee = course_from_text(ctx, words[0]), trainee_from_text(ctx, actor, words[1])
    return complete_enrolment(ctx, actor, course, trainee)


def _on_place(
    ctx: CommandContext,
    actor: Actor,
    words: list[str],
    act: Callable[[Actor, int, int], Outcome],
    done: str,
) -> Outcome:
    """COURSE TRAINEE: find both, `act(actor, trainee_id, course_id)`, then say `done` (N_)."""
    course, trainee = course_from_text(ctx, words[0]), trainee_from_text(ctx, actor, words[1])
    outcome = act(actor, int(trainee.id or 0), int(course.id or 0))
    ctx.print(_(done).format(code=trainee.pseudonym, course=course.title))
    return outcome


def _list(ctx: CommandContext, actor: Actor, _words: list[str]) -> int:
    service = ctx.workspace.people.enrolment
    if ctx.args.trainee:
        trainee = trainee_from_text(ctx, actor, ctx.args.trainee)
        enrolments = service.enrolments_of(actor, int(trainee.id or 0))
    else:
        course_id = int(course_from_text(ctx, ctx.args.course).id or 0) if ctx.args.course else None
        enrolments = service.enrolments(actor, course_id)
    if ctx.args.json:
        ctx.print_json({"enrolments": [enrolment_dict(e) for e in enrolments]})
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
    trainee = trainee_from_text(ctx, actor, words[0])
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
    trainee = trainee_from_text(ctx, actor, words[0])
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
    course = course_from_text(ctx, words[0])
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
    print_offers(ctx, offers)
    if not offers:
        ctx.print(_("No free seat matched anyone waiting."))
    return 0


def _course_row(course: Course) -> tuple:
    return (course.provider, course.code, course.title, course.municipality, f"{course.start:%d.%m.%Y}")
