"""The catalogue booklet: every live course, grouped by municipality, then by occupation,
each course a small card with what a trainee or a counsellor needs to know."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import groupby
from typing import Any

from coursehub.domain.collation import albanian_key
from coursehub.domain.model import Course, CourseStatus, Provider
from coursehub.domain.reference import Reference
from coursehub.i18n import _, ngettext
from coursehub.printing.blocks import markup, para, title_block
from coursehub.printing.document import Bookmark, Imprint, RenderedPdf, RunningTitle, format_date, render
from coursehub.printing.facts import dates_text, eligibility_text, fee_text, occupation_text
from coursehub.printing.markup import esc
from coursehub.printing.styles import (
    ACCENT,
    HOLIDAY_INK,
    LIGHT_RULE,
    MUTED,
    PLANNED_FILL,
    PLANNED_INK,
    PORTRAIT,
    table_style,
)


def catalogue_booklet(
    courses: Sequence[Course],
    reference: Reference,
    imprint: Imprint,
    providers: Mapping[str, Provider] | None = None,
) -> RenderedPdf:
    story = catalogue_story(courses, reference, imprint, providers)
    return render(story, PORTRAIT, imprint, title=_("Course catalogue"), running_title=_("Course catalogue"))


def catalogue_story(
    courses: Sequence[Course],
    reference: Reference,
    imprint: Imprint,
    providers: Mapping[str, Provider] | None = None,
) -> list[Any]:
    """`providers` (by name) marks each card's provider as licensed, or not, for its start."""
    from reportlab.platypus import CondPageBreak, KeepTogether

    # Courses that have ended are no longer offered (docs/analysis.md, eligibility).
    today = imprint.printed_on.date()
    live = sorted(
        (c for c in courses if c.is_live and not c.has_ended(today)),
        key=lambda c: (albanian_key(c.municipality), c.occupation, c.start, albanian_key(c.title)),
    )
    count = ngettext("{n} course", "{n} courses", len(live)).format(n=len(live))
    subtitle = _("Open and planned courses as of {day} · {count}").format(
        day=format_date(imprint.printed_on), count=count
    )
    story: list[Any] = title_block(_("Course catalogue"), _("Vocational courses"), subtitle)
    if not live:
        return [*story, para(_("There are no open or planned courses."), "body")]
    width = PORTRAIT.frame()[2]
    for municipality, in_town in groupby(live, key=lambda c: c.municipality):
        heading = para(municipality, "h1")
        story += [CondPageBreak(120), RunningTitle(municipality), Bookmark(municipality), heading]
        for _code, group in groupby(in_town, key=lambda c: c.occupation):
            cards = list(group)
            occupation = occupation_text(cards[0], reference)
            heading = para(occupation, "h2")
            known = providers or {}
            first = _card(cards[0], width, known.get(cards[0].provider))
            story.append(KeepTogether([Bookmark(occupation, 1), heading, first]))
            story += [KeepTogether([_card(c, width, known.get(c.provider))]) for c in cards[1:]]
    return story


def _card(course: Course, width: float, provider: Provider | None = None) -> Any:
    """A course's card: title and code on top; a planned course (not yet open for
    enrolment) has a dashed grey edge and says "planned" where an open one has a blue bar."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    label_w = 28 * mm
    planned = course.status is CourseStatus.PLANNED
    title = f"<b>{esc(course.title)}</b> <font size='8' color='{MUTED}'>{esc(course.code)}</font>"
    if planned:
        tag = esc(_("PLANNED, not yet open for enrolment"))
        title += f"<br/><font size='7.5' color='{PLANNED_INK}'><b>{tag}</b></font>"
    rows = [
        [markup(title, "card_title"), ""],
        [para(_("Provider"), "label"), markup(_provider_text(course, provider), "value")],
        [para(_("Dates"), "label"), para(dates_text(course), "value")],
        [para(_("Weekly schedule"), "label"), para(course.schedule_text() or "—", "value")],
        [para(_("Venue"), "label"), para(course.venue or "—", "value")],
        [para(_("Seats"), "label"), para(f"{course.seats} · {fee_text(course)}", "value")],
        [para(_("Eligibility"), "label"), para(eligibility_text(course.eligibility), "value")],
    ]
    edge = (
        ("LINEBEFORE", (0, 0), (0, -1), 2.2, PLANNED_INK, None, (2.5, 1.8))
        if planned
        else ("LINEBEFORE", (0, 0), (0, -1), 2.2, ACCENT)
    )
    style = table_style(
        "facts",
        ("SPAN", (0, 0), (1, 0)),
        ("LINEABOVE", (0, 0), (-1, 0), 0, "#ffffff"),
        edge,
        ("LINEBELOW", (0, -1), (-1, -1), 0.4, LIGHT_RULE),
        ("LEFTPADDING", (0, 0), (0, -1), 7),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
        *((("BACKGROUND", (0, 0), (-1, -1), PLANNED_FILL),) if planned else ()),
    )
    return Table(rows, colWidths=[label_w, width - label_w], style=style, hAlign="LEFT", spaceAfter=7)


def _provider_text(course: Course, provider: Provider | None) -> str:
    """The provider's name and, for one that needs a licence, whether it holds a valid one
    when the course starts (public providers teach by law and carry no mark)."""
    text = esc(course.provider)
    if provider is None or not provider.needs_licence:
        return text
    lapse = provider.licence_lapse(course.start)
    if lapse is None:
        mark = _("licensed, no. {number}").format(number=provider.licence_number)
        return f"{text} · <font color='{ACCENT}'>{esc(mark)}</font>"
    return f"{text} · <font color='{HOLIDAY_INK}'><b>{esc(lapse.label)}</b></font>"
