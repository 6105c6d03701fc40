"""The Committee report's sections on providers' licences and on course outcomes (issue 18,
items 6 and 8). Aggregate only: no one is named, and counts of 1 to 4 people print as "<5"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coursehub.domain.model import TargetGroup
from coursehub.domain.outcomes import LicenceLapseRow, OutcomeRow
from coursehub.domain.privacy import suppress_small
from coursehub.i18n import _
from coursehub.printing.blocks import data_table, markup, para
from coursehub.printing.document import Bookmark, format_date
from coursehub.printing.markup import esc
from coursehub.printing.styles import MUTED

SMALL_COUNT = 5


def licence_section(rows: Sequence[LicenceLapseRow], width: float) -> list[Any]:
    story = _heading(_("Courses without a valid provider licence"))
    if not rows:
        return [*story, para(_("Every course starts while its provider's licence is valid."), "body")]
    widths = [width * 0.3, width * 0.34, width * 0.13]
    widths.append(width - sum(widths))
    body = [
        [
            para(r.provider, "cell_small"),
            markup(f"{esc(r.title)} <font color='{MUTED}'>({esc(r.code)})</font>", "cell_small"),
            format_date(r.start),
            para(_lapse_text(r), "cell_small"),
        ]
        for r in rows
    ]
    return [
        *story,
        para(
            _(
                "NGOs and other providers need a licence; public providers (Employment Office, QFP, "
                "municipality) do not."
            ),
            "note",
        ),
        data_table([_("Provider"), _("Course"), _("Start"), _("Licence")], body, widths),
    ]


def _lapse_text(row: LicenceLapseRow) -> str:
    text = row.lapse.label
    if row.valid_until is not None:
        text += " " + _("(valid until {day})").format(day=format_date(row.valid_until))
    return text


def outcome_section(rows: Sequence[OutcomeRow], width: float) -> list[Any]:
    story = _heading(_("Outcomes by provider and occupation"))
    if not rows:
        return [*story, para(_("No course of this period has started with people enrolled."), "body")]
    story.append(
        para(
            _(
                "Enrolled: held a seat once the course started. Dropped out: left after the start "
                "(mean course week of leaving). Attendance: mean share of sessions attended, excused "
                "absences left out. Counts of 1 to 4 people are shown as <5."
            ),
            "note",
        )
    )
    label_widths = [width * 0.2, width * 0.25]
    widths = label_widths + [(width - sum(label_widths)) / 6] * 6
    body = [
        [
            para(r.provider if not r.group else "", "cell_small"),
            para(_row_label(r), "cell_small"),
            _count(r.enrolled),
            _count(r.completed),
            _count(r.dropped_out),
            _week(r),
            _count(r.certificates),
            _attendance(r),
        ]
        for r in rows
    ]
    headings = [
        _("Provider"),
        _("Occupation / target group"),
        _("Enrolled"),
        _("Completed"),
        _("Dropped out"),
        _("Week left"),
        _("Certificates"),
        _("Attendance"),
    ]
    return [*story, data_table(headings, body, widths, extra=[("VALIGN", (0, 1), (-1, -1), "TOP")])]


def _row_label(row: OutcomeRow) -> str:
    if row.group:
        return "   " + TargetGroup(row.group).label
    return f"{row.occupation} {row.occupation_title}".strip()


def _count(value: int) -> Any:
    return para(suppress_small(value, SMALL_COUNT), "cell_right")


def _week(row: OutcomeRow) -> Any:
    # a mean over fewer than 5 people would tell when one person left
    if row.dropout_week is None or row.dropped_out < SMALL_COUNT:
        return para("—", "cell_right")
    return para(f"{row.dropout_week:.1f}", "cell_right")


def _attendance(row: OutcomeRow) -> Any:
    if row.attendance is None or row.attendance_people < SMALL_COUNT:
        return para("—", "cell_right")
    return para(f"{row.attendance:.0%}", "cell_right")


def _heading(text: str) -> list[Any]:
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak

    return [CondPageBreak(3 * cm), Bookmark(text), para(text, "h2_open")]
