"""What a printout says about a course, as (label, value) pairs in the user's language."""

from __future__ import annotations

from coursehub.domain.model import Course, Eligibility
from coursehub.domain.reference import Reference
from coursehub.i18n import _
from coursehub.printing.document import format_date


def occupation_text(course: Course, reference: Reference) -> str:
    title = reference.occupation_title(course.occupation)
    return f"{course.occupation} · {title}" if title else course.occupation


def dates_text(course: Course) -> str:
    return f"{format_date(course.start)} – {format_date(course.end)}"


def fee_text(course: Course) -> str:
    return _("free") if course.fee == 0 else _("{amount} ALL").format(amount=f"{course.fee:,}")


def age_text(eligibility: Eligibility) -> str:
    low, high = eligibility.min_age, eligibility.max_age
    if low is not None and high is not None:
        return _("age {low}–{high}").format(low=low, high=high)
    if low is not None:
        return _("age {low} or older").format(low=low)
    if high is not None:
        return _("age up to {high}").format(high=high)
    return ""


def eligibility_text(eligibility: Eligibility) -> str:
    """One line: who may enrol ("open to all" when nothing restricts it)."""
    if eligibility.is_open_to_all:
        return _("open to all")
    parts = [age_text(eligibility)]
    if eligibility.gender.value != "all":
        parts.append(eligibility.gender.label)
    if eligibility.education.value > 0:
        parts.append(_("education: {level}").format(level=eligibility.education.label))
    if eligibility.groups:
        groups = ", ".join(sorted(g.label for g in eligibility.groups))
        parts.append(_("only for: {groups}").format(groups=groups))
    return "; ".join(p for p in parts if p)


def course_facts(course: Course, reference: Reference) -> list[tuple[str, str]]:
    """The header block of a sheet or register, in reading order."""
    return [
        (_("Provider"), course.provider),
        (_("Course code"), course.code),
        (_("Occupation (ISCO-08)"), occupation_text(course, reference)),
        (_("Municipality"), course.municipality),
        (_("Venue"), course.venue or "—"),
        (_("Trainer"), course.trainer or "—"),
        (_("Dates"), dates_text(course)),
        (_("Weekly schedule"), course.schedule_text() or "—"),
        (_("Seats"), str(course.seats)),
        (_("Status"), course.status.label),
        (_("Fee"), fee_text(course)),
        (_("Eligibility"), eligibility_text(course.eligibility)),
    ]
