"""`coursehub enrol complete COURSE TRAINEE [--reason TEXT]` and `... --outcome
did-not-complete --why REASON`: how a person's course ended (docs/enrolment.md,
"Attendance"). Below the course's attendance threshold completing is refused (exit 1)
unless Employment Office staff give a reason."""

from __future__ import annotations

import argparse

from coursehub.cli.arguments import short_text
from coursehub.cli.context import CommandContext
from coursehub.cli.people_lookup import print_offers
from coursehub.domain.attendance import NonCompletion
from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.model import Course
from coursehub.domain.people import Actor
from coursehub.domain.trainees import Trainee
from coursehub.i18n import _

OUTCOMES = ("completed", "did-not-complete")
WHY = {reason.value.replace("_", "-"): reason for reason in NonCompletion}


def add_completion_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--reason",
        default="",
        type=short_text,
        metavar=_("TEXT"),
        help=_("complete: staff only, complete although attendance is below the threshold, for this reason"),
    )
    parser.add_argument(
        "--outcome",
        choices=OUTCOMES,
        default=None,
        help=_("complete: completed (default) or did-not-complete"),
    )
    parser.add_argument("--why", choices=tuple(WHY), help=_("complete: why the person did not complete"))


def complete_enrolment(ctx: CommandContext, actor: Actor, course: Course, trainee: Trainee) -> int:
    args = ctx.args
    enrolment = ctx.workspace.people.enrolment
    trainee_id, course_id = int(trainee.id or 0), int(course.id or 0)
    if args.outcome == "did-not-complete":
        if args.why is None:
            raise ValidationError(
                [Problem("--why", "", _("Say why: --why dropped-out, moved, found-work or other."))]
            )
        outcome = enrolment.end_without_completing(actor, trainee_id, course_id, WHY[args.why])
        ctx.print(
            _("{code} did not complete {course} ({why}).").format(
                code=trainee.pseudonym, course=course.title, why=WHY[args.why].label
            )
        )
        print_offers(ctx, list(outcome.offers))
        return 0
    if args.why is not None:
        raise ValidationError(
            [
                Problem(
                    "--why", args.why, _("A reason for not completing goes with --outcome did-not-complete.")
                )
            ]
        )
    enrolment.complete(actor, trainee_id, course_id, override_reason=args.reason)
    ctx.print(_("{code} completed {course}.").format(code=trainee.pseudonym, course=course.title))
    return 0
