"""The attendance register of a course: a row per trainee, a column per session date in
the chosen weeks. Dates that are public holidays are shaded and marked, since no session
is held; the register splits its dates over several pages when they do not fit on one."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from coursehub.domain.model import Weekday
from coursehub.domain.people import Roster
from coursehub.domain.reference import Reference
from coursehub.i18n import _
from coursehub.printing.blocks import data_table, markup, para, title_block
from coursehub.printing.document import Bookmark, Imprint, RenderedPdf, format_date, render
from coursehub.printing.facts import course_facts
from coursehub.printing.markup import esc
from coursehub.printing.styles import HOLIDAY_FILL, LANDSCAPE
from coursehub.scheduling.recurrence import DatedSession, register_days

_DATES_PER_PAGE = 16
_ROW_MM_MAX, _ROW_MM_MIN = 7.5, 5.5
_PAGE_RESERVE = 140.0  # points for the title, facts and heading row on the first page


def attendance_register(
    roster: Roster,
    sessions: Sequence[DatedSession],
    start: date,
    end: date,
    reference: Reference,
    imprint: Imprint,
) -> RenderedPdf:
    course = roster.course
    story = attendance_story(roster, sessions, start, end, reference)
    return render(
        story,
        LANDSCAPE,
        imprint,
        title=_("Attendance register: {title}").format(title=course.title),
        running_title=_("Attendance register · {title} ({code})").format(
            title=course.title, code=course.code
        ),
    )


def attendance_story(
    roster: Roster, sessions: Sequence[DatedSession], start: date, end: date, reference: Reference
) -> list[Any]:
    from reportlab.platypus import PageBreak, Spacer

    width = LANDSCAPE.frame()[2]
    course = roster.course
    period = _("Sessions from {start} to {end}").format(start=format_date(start), end=format_date(end))
    story: list[Any] = [
        *title_block(_("Attendance register"), course.title, period),
        _compact_facts(course_facts(course, reference)),
        Spacer(1, 6),
    ]
    days = register_days(sessions)
    if not days:
        return [*story, para(_("The course has no sessions in the chosen period."), "body")]
    names = [e.label for e in roster.enrolled]
    names += [""] * max(0, course.seats - len(names))
    chunks = [days[i : i + _DATES_PER_PAGE] for i in range(0, len(days), _DATES_PER_PAGE)]
    for number, chunk in enumerate(chunks):
        if number:
            story.append(PageBreak())
        span = f"{format_date(chunk[0].day)} – {format_date(chunk[-1].day)}"
        story += [Bookmark(span), _register_table(names, chunk, width)]
        # Each page names its own holidays: a page is read (and filed) on its own.
        holidays = [s for s in chunk if s.holiday]
        if holidays:
            listed = "; ".join(f"{format_date(s.day)}: {esc(s.holiday)}" for s in holidays)
            story += [Spacer(1, 4), markup(esc(_("No session on public holidays")) + " — " + listed, "note")]
        story += [Spacer(1, 10), para(_("Trainer's signature: ______________________________"), "body")]
    return story


def _compact_facts(facts: list[tuple[str, str]]) -> Any:
    """The course's facts on two lines, so the register itself gets the page."""
    wanted = facts[:8]
    text = " · ".join(f"<b>{esc(label)}:</b> {esc(value)}" for label, value in wanted)
    return markup(text, "value")


def _register_table(names: list[str], days: list[DatedSession], width: float) -> Any:
    from reportlab.lib.units import mm

    number_w, name_w = 9 * mm, 58 * mm
    day_w = (width - number_w - name_w) / _DATES_PER_PAGE
    header = [_("No."), _("Trainee")] + [_day_heading(s) for s in days]
    rows = [[str(n), name] + ["" for _day in days] for n, name in enumerate(names, start=1)]
    extra: list[tuple[Any, ...]] = [("ALIGN", (2, 0), (-1, -1), "CENTER")]
    for column, session in enumerate(days, start=2):
        if session.holiday:
            extra.append(("BACKGROUND", (column, 0), (column, -1), HOLIDAY_FILL))
    # Rows shrink (within limits) so that each block of dates fits on one page.
    room = (LANDSCAPE.frame()[3] - _PAGE_RESERVE) / max(1, len(rows))
    row_height = max(_ROW_MM_MIN * mm, min(_ROW_MM_MAX * mm, room))
    return data_table(
        header,
        rows,
        [number_w, name_w] + [day_w] * len(days),
        row_height=row_height,
        zebra=False,
        extra=extra,
    )


def _day_heading(session: DatedSession) -> Any:
    weekday = Weekday(session.day.weekday()).short_label
    text = f"{esc(weekday)}<br/>{session.day:%d.%m}"
    if session.holiday:
        label = _("holiday")
        return markup(f"{text}<br/>{esc(label)}", "head_holiday")
    return markup(text, "head_small")
