"""The gap and overlap report for the Regional Committee: a summary, a bar chart of demand
against supply per occupation, the needs rows with their gaps, the overlaps to coordinate,
and the coverage gaps.

It is an aggregate report: no trainee is named or coded in it, and a count of people from
1 to 4 is printed as "<5" so that a small group cannot be singled out.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from coursehub.domain.findings import CoverageGap, Finding, FindingKind, GapRow, ShareRow
from coursehub.domain.outcomes import LicenceLapseRow, OutcomeRow
from coursehub.domain.privacy import suppress_small
from coursehub.i18n import _
from coursehub.printing.blocks import data_table, facts_table, markup, para, title_block
from coursehub.printing.document import Bookmark, Imprint, RenderedPdf, format_date, render
from coursehub.printing.fonts import CONDENSED, register_fonts
from coursehub.printing.markup import ellipsize, esc
from coursehub.printing.report_outcomes import licence_section, outcome_section
from coursehub.printing.styles import ACCENT, HOLIDAY_INK, INK, MUTED, PORTRAIT, colour

CHART_OCCUPATIONS = 14
SMALL_COUNT = 5  # counts of people below this (and above 0) print as "<5"
_SUPPLY = "#e39b2d"


@dataclass(frozen=True, slots=True)
class ReportData:
    year: int | None
    gaps: tuple[GapRow, ...]
    shares: tuple[ShareRow, ...]
    findings: tuple[Finding, ...]
    coverage: tuple[CoverageGap, ...] = ()
    licences: tuple[LicenceLapseRow, ...] = ()
    outcomes: tuple[OutcomeRow, ...] = ()


def people_count(count: int) -> str:
    """A number of people as an aggregate report may show it (domain.privacy's rule)."""
    return suppress_small(count, SMALL_COUNT)


def committee_report(data: ReportData, imprint: Imprint) -> RenderedPdf:
    title = _("Gap and overlap report")
    return render(report_story(data), PORTRAIT, imprint, title=title, running_title=title)


def report_story(data: ReportData) -> list[Any]:
    from reportlab.platypus import Spacer

    width = PORTRAIT.frame()[2]
    scope = _("Year {year}").format(year=data.year) if data.year is not None else _("All periods")
    story: list[Any] = [
        *title_block(_("For the Regional Committee"), _("Gap and overlap report"), scope),
        facts_table(_summary(data), width),
        Spacer(1, 8),
        Bookmark(_("Demand and supply by occupation")),
        para(_("Demand and supply by occupation"), "h2"),
    ]
    story += _chart(data.shares, width)
    story += [*_table_heading(_("Needs and supply")), _gap_table(data.gaps, width)]
    story += _overlaps(data.findings, width)
    story += _coverage(data.coverage)
    story += licence_section(data.licences, width)
    story += outcome_section(data.outcomes, width)
    return story


def _summary(data: ReportData) -> list[tuple[str, str]]:
    demand = sum(r.demand for r in data.gaps)
    supply = sum(r.supply for r in data.gaps)
    unmet = sum(1 for r in data.gaps if r.gap > 0)
    kinds = Counter(f.kind for f in data.findings)
    return [
        (_("Demand (all needs rows)"), str(demand)),
        (_("Seats counted against it"), str(supply)),
        (_("Needs rows with unmet demand"), f"{unmet} / {len(data.gaps)}"),
        (_("Duplicate offers"), str(kinds[FindingKind.DUPLICATE_OFFER])),
        (
            _("Venue and trainer clashes"),
            str(kinds[FindingKind.VENUE_CLASH] + kinds[FindingKind.TRAINER_CLASH]),
        ),
        (_("Trainees with clashing courses"), people_count(_trainees_in_clashes(data.findings))),
    ]


def _trainees_in_clashes(findings: Sequence[Finding]) -> int:
    return len({f.subject for f in findings if f.kind is FindingKind.TRAINEE_CLASH})


def _chart(shares: Sequence[ShareRow], width: float) -> list[Any]:
    """Horizontal bars, demand and supply side by side, for the occupations that matter most."""
    from reportlab.graphics.charts.barcharts import HorizontalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.graphics.shapes import Drawing

    register_fonts()  # the labels are measured in our fonts, maybe before any document is made
    rows = sorted(shares, key=lambda r: (-max(r.demand, r.seats), r.occupation))[:CHART_OCCUPATIONS]
    if not rows:
        return [para(_("There are no needs rows to compare."), "body")]
    rows.reverse()  # the chart draws the first category at the bottom
    label_w = 205.0
    labels = [_chart_label(f"{r.occupation} {r.occupation_title}".strip(), label_w - 10) for r in rows]
    bar_h = 15.0
    height = len(rows) * bar_h * 1.7 + 40
    drawing = Drawing(width, height)
    # The renderer's starting font would be Helvetica, referenced (unembedded) even unused.
    drawing.__dict__["initialFontName"] = CONDENSED
    chart = HorizontalBarChart()
    chart.x, chart.y = label_w, 28
    chart.width, chart.height = width - chart.x - 10, height - 40
    # Within a group the first series is drawn lowest: seats first puts demand on top, so
    # the bars read demand then seats from the top, as the legend does from the left.
    chart.data = [[r.seats for r in rows], [r.demand for r in rows]]
    chart.categoryAxis.categoryNames = labels
    chart.categoryAxis.labels.fontName = CONDENSED
    chart.categoryAxis.labels.fontSize = 7
    chart.categoryAxis.labels.leading = 8
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.textAnchor = "end"
    chart.categoryAxis.labels.dx = -4
    chart.valueAxis.valueMin = 0
    chart.valueAxis.labels.fontName = CONDENSED
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = colour("#dde3ea")
    chart.bars[0].fillColor = colour(_SUPPLY)
    chart.bars[1].fillColor = colour(ACCENT)
    chart.bars.strokeColor = None
    chart.barLabels.fontName = CONDENSED  # unused, but its default would reference Helvetica
    chart.barSpacing = 1
    chart.groupSpacing = 6
    drawing.add(chart)
    legend = Legend()
    legend.x, legend.y = chart.x, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName, legend.fontSize = CONDENSED, 7.5
    legend.colorNamePairs = [(colour(ACCENT), _("Demand")), (colour(_SUPPLY), _("Seats"))]
    legend.deltax = 70
    drawing.add(legend)
    return [drawing]


def _chart_label(text: str, width: float) -> str:
    """An occupation's code and title in at most two lines of the label column."""
    from reportlab.lib.utils import simpleSplit

    lines = simpleSplit(text, CONDENSED, 7, width)
    if len(lines) > 2:
        lines = [lines[0], ellipsize(" ".join(lines[1:]), int(len(lines[1]) * 0.95))]
    return "\n".join(lines)


def _gap_table(rows: Sequence[GapRow], width: float) -> Any:
    from reportlab.lib.units import mm

    if not rows:
        return para(_("There are no needs rows for this period."), "body")
    ordered = sorted(rows, key=lambda r: (-r.gap, r.occupation, r.area))
    widths = [width * 0.36, width * 0.2, 20 * mm, 16 * mm, 16 * mm]
    widths.append(width - sum(widths))
    body = [
        [
            f"{r.occupation} {r.occupation_title}".strip(),
            r.area,
            para(r.period, "cell"),
            _number(r.demand),
            _number(r.supply),
            _gap(r.gap),
        ]
        for r in ordered
    ]
    return data_table(
        [_("Occupation"), _("Area"), _("Period"), _("Demand"), _("Seats"), _("Gap")], body, widths
    )


def _table_heading(text: str) -> list[Any]:
    """A heading for a long table: a new page only when fewer than 3 cm are left."""
    from reportlab.lib.units import cm
    from reportlab.platypus import CondPageBreak

    return [CondPageBreak(3 * cm), Bookmark(text), para(text, "h2_open")]


def _number(value: int) -> Any:
    return para(str(value), "cell_right")


def _gap(value: int) -> Any:
    ink = HOLIDAY_INK if value > 0 else (MUTED if value == 0 else INK)
    sign = f"+{value}" if value > 0 else str(value)
    return markup(f"<font color='{ink}'><b>{esc(sign)}</b></font>", "cell_right")


def _overlaps(findings: Sequence[Finding], width: float) -> list[Any]:
    from reportlab.lib.units import mm

    holidays = [f for f in findings if f.kind is FindingKind.HOLIDAY]
    shown = [f for f in findings if f.kind not in (FindingKind.TRAINEE_CLASH, FindingKind.HOLIDAY)]
    story: list[Any] = _table_heading(_("Overlaps to coordinate"))
    clashes = _trainees_in_clashes(findings)
    if clashes:
        story.append(
            para(
                _(
                    "Trainees enrolled in courses that clash: {count} (names are not printed in this report)."
                ).format(count=people_count(clashes)),
                "note",
            )
        )
    if shown:
        widths = [27 * mm, width * 0.38, 27 * mm]
        widths.append(width - sum(widths))
        body = [
            [f.kind.label, _courses_text(f), _dates_text(f), para(f.message, "cell_small")]
            for f in sorted(shown, key=lambda f: (f.kind.value, f.courses))
        ]
        story.append(
            data_table(
                [_("Kind"), _("Courses"), _("Dates"), _("Details")],
                body,
                widths,
                extra=[("VALIGN", (0, 1), (-1, -1), "TOP")],
            )
        )
    else:
        story.append(para(_("No overlaps were found."), "body"))
    if holidays:
        story += [
            *_table_heading(_("Sessions on public holidays (plan make-up sessions)")),
            _holiday_table(holidays, width),
        ]
    return story


def _holiday_table(findings: Sequence[Finding], width: float) -> Any:
    widths = [width * 0.5, width * 0.5]
    body = [
        [_courses_text(f), ", ".join(format_date(d) for d in sorted(f.dates))]
        for f in sorted(findings, key=lambda f: f.courses)
    ]
    return data_table(
        [_("Course"), _("Dates not held")], body, widths, extra=[("VALIGN", (0, 1), (-1, -1), "TOP")]
    )


def _courses_text(finding: Finding) -> Any:
    lines = "<br/>".join(
        f"{esc(c.title or c.code)} <font color='{MUTED}'>({esc(c.provider)}, {esc(c.code)})</font>"
        for c in finding.courses
    )
    return markup(lines, "cell_small")


def _dates_text(finding: Finding) -> str:
    dates = sorted(finding.dates)
    if not dates:
        return "—"
    if len(dates) <= 3:
        return ", ".join(format_date(d) for d in dates)
    return _("{count} dates, {first} – {last}").format(
        count=len(dates), first=format_date(dates[0]), last=format_date(dates[-1])
    )


def _coverage(gaps: Sequence[CoverageGap]) -> list[Any]:
    if not gaps:
        return []
    return [
        Bookmark(_("Coverage gaps")),
        para(_("Coverage gaps"), "h2"),
        *(para("• " + gap.message, "body") for gap in gaps),
    ]
