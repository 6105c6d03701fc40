"""What the people commands share: finding the course or the person a user typed, and
showing enrolments and offered seats the same way in every command."""

from __future__ import annotations

from typing import Any

from coursehub.cli.context import CommandContext
from coursehub.domain.errors import NotFound, Problem, ValidationError
from coursehub.domain.model import Course
from coursehub.domain.people import Actor
from coursehub.domain.trainees import Enrolment, Trainee
from coursehub.domain.validation import record_id as record_id_in
from coursehub.i18n import _
from coursehub.services.enrolment import Offer


def course_from_text(ctx: CommandContext, text: str) -> Course:
    """The course a user named: its number, PROVIDER/CODE (or PROVIDER:CODE) or a code alone."""
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


def trainee_from_text(ctx: CommandContext, actor: Actor, text: str) -> Trainee:
    return ctx.workspace.people.trainees.find(actor, text)


def enrolment_dict(enrolment: Enrolment) -> dict[str, Any]:
    return {
        "pseudonym": enrolment.pseudonym,
        "provider": enrolment.course_key[0],
        "code": enrolment.course_key[1],
        "status": enrolment.status.value,
        "waiting_since": enrolment.waiting_since.isoformat() if enrolment.waiting_since else None,
        "override_reason": enrolment.override_reason,
    }


def print_offers(ctx: CommandContext, offers: list[Offer]) -> None:
    for offer in offers:
        who = offer.pseudonym or _("a person of another organisation")
        ctx.print(
            _("A freed seat in {provider} / {course} was given to {who}; tell them.").format(
                provider=offer.course_key[0], course=offer.course_key[1], who=who
            )
        )
