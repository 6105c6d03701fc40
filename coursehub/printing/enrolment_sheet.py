"""The enrolment sheet of one course: the course's facts, the numbered list of enrolled
trainees with room to sign, blank rows up to the number of seats, and the waiting list.

The roster arrives as the enrolment service made it: names only where the person printing
may see them, pseudonym codes otherwise. This module prints what it is given.
"""

from __future__ import annotations

from typing import Any

from coursehub.domain.people import Roster, RosterEntry
from coursehub.domain.reference import Reference
from coursehub.i18n import _, ngettext
from coursehub.printing.blocks import data_table, facts_table, para, title_block
from coursehub.printing.document import Bookmark, Imprint, RenderedPdf, render
from coursehub.printing.facts import course_facts
from coursehub.printing.styles import PORTRAIT

# Room to sign: roomy rows for small groups, tighter (never under 7 mm) so that up to about
# 20 seats still fit on the first page with the course's facts.
_ROW_MM_MAX, _ROW_MM_MIN, _TABLE_MM = 9.5, 7.0, 135.0


def enrolment_sheet(roster: Roster, reference: Reference, imprint: Imprint) -> RenderedPdf:
    course = roster.course
    story = enrolment_story(roster, reference)
    return render(
        story,
        PORTRAIT,
        imprint,
        title=_("Enrolment sheet: {title}").format(title=course.title),
        running_title=_("Enrolment sheet · {title} ({code})").format(title=course.title, code=course.code),
    )


def enrolment_story(roster: Roster, reference: Reference) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import CondPageBreak, Spacer

    width = PORTRAIT.frame()[2]
    course = roster.course
    story: list[Any] = [
        *title_block(_("Enrolment sheet"), course.title, course.provider),
        facts_table(course_facts(course, reference), width),
        Spacer(1, 10),
    ]
    if roster.names_hidden:
        story += [para(_hidden_names_text(roster), "note"), Spacer(1, 4)]
    # The table starts under the facts and runs on to the next page (heading repeated) when
    # the seats need it; only a heading with no room for a few rows moves on with it.
    story += [
        CondPageBreak(30 * mm),
        Bookmark(_("Enrolled trainees")),
        para(_("Enrolled trainees"), "h2_open"),
        _enrolled_table(roster, width),
    ]
    if any(e.label == e.pseudonym for e in (*roster.enrolled, *roster.waiting)):
        story += [Spacer(1, 3), para(_("Trainees in a protected group are listed by their code."), "note")]
    story += [Bookmark(_("Waiting list")), para(_("Waiting list"), "h2"), _waiting_table(roster, width)]
    return story


def _hidden_names_text(roster: Roster) -> str:
    enrolled = ngettext(
        "{n} trainee is enrolled", "{n} trainees are enrolled", roster.hidden_enrolled
    ).format(n=roster.hidden_enrolled)
    waiting = ngettext("{n} person waits", "{n} people wait", roster.hidden_waiting).format(
        n=roster.hidden_waiting
    )
    return _(
        "The names are hidden on this sheet: it was printed without a logged-in user allowed to "
        "see this course's trainees. {enrolled} and {waiting}; print the sheet logged in to "
        "list them."
    ).format(enrolled=enrolled, waiting=waiting)


def _enrolled_table(roster: Roster, width: float) -> Any:
    from reportlab.lib.units import mm

    entries = list(roster.enrolled)
    blank = max(0, roster.course.seats - len(entries))
    rows: list[list[Any]] = [[str(n), _entry_text(e), "", ""] for n, e in enumerate(entries, start=1)]
    rows += [[str(n), "", "", ""] for n in range(len(entries) + 1, len(entries) + blank + 1)]
    widths = [11 * mm, width * 0.42, width * 0.30]
    widths.append(width - sum(widths))
    row_mm = max(_ROW_MM_MIN, min(_ROW_MM_MAX, _TABLE_MM / max(1, len(rows))))
    return data_table(
        [_("No."), _("Trainee"), _("Signature"), _("Notes")],
        rows,
        widths,
        row_height=row_mm * mm,
        zebra=False,
        extra=[("ALIGN", (0, 0), (0, -1), "RIGHT")],
    )


def _waiting_table(roster: Roster, width: float) -> Any:
    from reportlab.lib.units import mm

    waiting = roster.waiting
    if roster.hidden_waiting:
        return para(
            ngettext(
                "{n} person is on the waiting list; the name is hidden on this sheet.",
                "{n} people are on the waiting list; their names are hidden on this sheet.",
                roster.hidden_waiting,
            ).format(n=roster.hidden_waiting),
            "note",
        )
    if not waiting:
        return para(_("Nobody is on the waiting list."), "note")
    rows = [[str(e.position or n), _entry_text(e), ""] for n, e in enumerate(waiting, start=1)]
    right = [("ALIGN", (0, 0), (0, -1), "RIGHT")]
    widths = [16 * mm, width * 0.5]
    widths.append(width - sum(widths))
    return data_table([_("Place"), _("Trainee"), _("Notes")], rows, widths, extra=right)


def _entry_text(entry: RosterEntry) -> str:
    return entry.label
