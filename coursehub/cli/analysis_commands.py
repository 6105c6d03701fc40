"""`coursehub overlaps`, `acknowledge`, `gaps` and `eligible`: the coordination reports."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from coursehub.cli.arguments import year
from coursehub.cli.context import CommandContext
from coursehub.cli.tables import course_table, format_table
from coursehub.domain.findings import CoverageGap, Finding, GapRow, ShareRow, day_text
from coursehub.domain.model import Education, Gender, TargetGroup
from coursehub.domain.people import Actor, PersonProfile
from coursehub.domain.validation import year_in_range
from coursehub.i18n import _
from coursehub.importing.values import BadValue, parse_education, parse_groups
from coursehub.services.access import Task
from coursehub.services.audit import Action
from coursehub.services.serialize import course_to_dict

REF_LENGTH = 8  # how much of a fingerprint the tables show; enough to acknowledge by


def register(commands: argparse._SubParsersAction) -> None:
    overlaps = commands.add_parser(
        "overlaps", help=_("duplicate offers, clashes and sessions on public holidays")
    )
    overlaps.add_argument("--json", action="store_true", help=_("print JSON"))
    overlaps.add_argument("--all", action="store_true", help=_("include findings already acknowledged"))
    overlaps.set_defaults(handler=run_overlaps)

    acknowledge = commands.add_parser(
        "acknowledge", help=_("mark an overlap as needing no action, with the reason")
    )
    acknowledge.add_argument("ref", help=_("the finding's reference, as `overlaps` shows it"))
    acknowledge.add_argument("--reason", default="", help=_("why no action is needed"))
    acknowledge.add_argument("--withdraw", action="store_true", help=_("show the finding again instead"))
    acknowledge.set_defaults(handler=run_acknowledge)

    gaps = commands.add_parser("gaps", help=_("seats against labour-market needs, and coverage"))
    gaps.add_argument("--year", type=year, help=_("only needs of this year (YYYY)"))
    gaps.add_argument("--json", action="store_true", help=_("print JSON"))
    gaps.set_defaults(handler=run_gaps)

    eligible = commands.add_parser("eligible", help=_("the courses a person can join"))
    eligible.add_argument("--born", required=True, type=_day, metavar="YYYY-MM-DD", help=_("date of birth"))
    eligible.add_argument("--gender", choices=[Gender.FEMALE.value, Gender.MALE.value])
    eligible.add_argument(
        "--education",
        type=_education,
        default=Education.NONE,
        metavar="LEVEL",
        help=_("none, primary, basic, secondary or higher"),
    )
    eligible.add_argument(
        "--group",
        action="append",
        type=_groups,
        default=[],
        metavar="CODE",
        help=_("a target group the person belongs to (repeat for several): {codes}").format(
            codes=", ".join(g.value for g in TargetGroup)
        ),
    )
    eligible.add_argument("--trade", metavar="ISCO", help=_("only courses of this ISCO code"))
    eligible.add_argument("--municipality", help=_("the municipality the person wants"))
    eligible.add_argument(
        "--today", type=_day, metavar="YYYY-MM-DD", help=_("the day to check on (default: today)")
    )
    eligible.add_argument("--json", action="store_true", help=_("print JSON"))
    eligible.set_defaults(handler=run_eligible)


# Argument types: plain messages, shown by argparse next to the option -------------------
def _day(text: str) -> date:
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        day = None
    if day is None or not year_in_range(day.year):
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date written as YYYY-MM-DD").format(value=text[:40])
        )
    return day


def _education(text: str) -> Education:
    """A code (secondary) or the English or Albanian word (upper secondary, i mesëm)."""
    try:
        return parse_education(text)
    except BadValue as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _groups(text: str) -> frozenset[TargetGroup]:
    """A code (school_dropout) or the English or Albanian name (braktisës të shkollës)."""
    try:
        return parse_groups(text)
    except BadValue as error:
        raise argparse.ArgumentTypeError(str(error)) from None


# overlaps ------------------------------------------------------------------------------
def finding_to_dict(finding: Finding) -> dict[str, Any]:
    ack = finding.acknowledged
    return {
        "kind": finding.kind.value,
        "courses": [{"provider": c.provider, "code": c.code} for c in finding.courses],
        "dates": [d.isoformat() for d in finding.dates],
        "message": finding.message,
        "times": list(finding.times),
        "fingerprint": finding.fingerprint,
        "acknowledged": None
        if ack is None
        else {"reason": ack.reason, "by": ack.actor, "at": ack.at.isoformat()},
    }


def run_overlaps(ctx: CommandContext) -> int:
    findings = ctx.workspace.analysis.overlaps(include_acknowledged=ctx.args.all)
    if ctx.args.json:
        ctx.print_json({"overlaps": [finding_to_dict(f) for f in findings]})
        return 0
    if not findings:
        ctx.print(_("No overlaps need a decision."))
        return 0
    rows = [
        (
            f.fingerprint[:REF_LENGTH],
            f.kind.label,
            "; ".join(f"{c.provider} {c.code}" for c in f.courses),
            _dates_text(f),
            _("acknowledged") if f.acknowledged else "",
        )
        for f in findings
    ]
    ctx.print(format_table([_("Ref"), _("Kind"), _("Courses"), _("Dates"), _("Status")], rows, max_width=70))
    ctx.print()
    for finding in findings:
        ctx.print(f"{finding.fingerprint[:REF_LENGTH]}  {finding.message}")
        if finding.acknowledged:
            ctx.print(
                "          "
                + _("Acknowledged by {actor}: {reason}").format(
                    actor=finding.acknowledged.actor, reason=finding.acknowledged.reason
                )
            )
    ctx.print()
    ctx.print(
        _('{n} findings. To acknowledge one: coursehub acknowledge REF --reason "..."').format(
            n=len(findings)
        )
    )
    return 0


def _dates_text(finding: Finding) -> str:
    if not finding.dates:
        return ""
    first, last = finding.dates[0], finding.dates[-1]
    if finding.kind.value in ("duplicate_offer", "possible_duplicate"):
        return f"{day_text(first)} – {day_text(last)}"
    if len(finding.dates) == 1:
        return day_text(first)
    return _("{n} dates, {first} … {last}").format(
        n=len(finding.dates), first=day_text(first), last=day_text(last)
    )


def run_acknowledge(ctx: CommandContext) -> int:
    actor: Actor = ctx.acting_as(Task.CHANGE_CATALOGUE)
    analysis = ctx.workspace.analysis
    finding = analysis.finding(ctx.args.ref)
    if ctx.args.withdraw:
        analysis.withdraw_acknowledgement(finding, actor)
        ctx.record(
            actor, Action.FINDING_ACKNOWLEDGE, "finding", {"finding": finding.fingerprint, "withdrawn": True}
        )
        ctx.print(_("The finding {ref} shows again.").format(ref=finding.fingerprint[:REF_LENGTH]))
        return 0
    analysis.acknowledge(finding, ctx.args.reason, actor)
    ctx.record(
        actor,
        Action.FINDING_ACKNOWLEDGE,
        "finding",
        {"finding": finding.fingerprint, "reason": ctx.args.reason},
    )
    ctx.print(
        _("Acknowledged {ref}: it stays quiet until one of its courses changes.").format(
            ref=finding.fingerprint[:REF_LENGTH]
        )
    )
    return 0


# gaps ----------------------------------------------------------------------------------
def gap_to_dict(row: GapRow) -> dict[str, Any]:
    return {
        "occupation": row.occupation,
        "occupation_title": row.occupation_title,
        "area": row.area,
        "period": row.period,
        "demand": row.demand,
        "supply": row.supply,
        "gap": row.gap,
        "courses": [{"provider": c.provider, "code": c.code} for c in row.courses],
    }


def coverage_to_dict(gap: CoverageGap) -> dict[str, Any]:
    return {
        "kind": gap.kind.value,
        "municipality": gap.municipality or None,
        "qark": gap.qark or None,
        "groups": [g.value for g in gap.groups],
        "no_course_at_all": gap.no_course_at_all,
        "month": f"{gap.month:%Y-%m}" if gap.month else None,
        "message": gap.message,
    }


def share_to_dict(row: ShareRow) -> dict[str, Any]:
    return {
        "occupation": row.occupation,
        "occupation_title": row.occupation_title,
        "demand": row.demand,
        "seats": row.seats,
        "demand_share": round(row.demand_share, 4),
        "seat_share": round(row.seat_share, 4),
        "difference": round(row.difference, 4),
    }


def run_gaps(ctx: CommandContext) -> int:
    report = ctx.workspace.analysis.gaps(year=ctx.args.year)
    if ctx.args.json:
        ctx.print_json(
            {
                "gaps": [gap_to_dict(r) for r in report.rows],
                "coverage": [coverage_to_dict(g) for g in report.coverage],
                "shares": [share_to_dict(s) for s in report.shares],
            }
        )
        return 0
    ctx.print(
        format_table(
            [
                _("ISCO"),
                _("Occupation"),
                _("Area"),
                _("Period"),
                _("Demand"),
                _("Seats"),
                _("Gap"),
                _("Courses"),
            ],
            [
                (
                    r.occupation,
                    r.occupation_title,
                    r.area,
                    r.period,
                    r.demand,
                    r.supply,
                    r.gap,
                    len(r.courses),
                )
                for r in report.rows
            ],
            max_width=36,
        )
    )
    ctx.print()
    ctx.print(_("Share of demand against share of seats (most under-supplied first):"))
    ctx.print(
        format_table(
            [_("ISCO"), _("Occupation"), _("Demand"), _("Seats"), _("% of demand"), _("% of seats")],
            [
                (
                    s.occupation,
                    s.occupation_title,
                    s.demand,
                    s.seats,
                    f"{100 * s.demand_share:.1f}",
                    f"{100 * s.seat_share:.1f}",
                )
                for s in report.shares
            ],
            max_width=36,
        )
    )
    ctx.print()
    ctx.print(_("Coverage gaps:"))
    for gap in report.coverage:
        ctx.print(f"- {gap.message}")
    if not report.coverage:
        ctx.print(_("none"))
    return 0


# eligible ------------------------------------------------------------------------------
def run_eligible(ctx: CommandContext) -> int:
    args = ctx.args
    person = PersonProfile(
        birth_date=args.born,
        gender=Gender(args.gender) if args.gender else None,
        education=args.education,
        groups=frozenset().union(*args.group),
    )
    result = ctx.workspace.analysis.eligible(
        person, trade=args.trade, today=args.today, municipality=args.municipality
    )
    if args.json:
        ctx.print_json(
            {
                "courses": [course_to_dict(c) for c in result.eligible],
                "refused": [
                    {
                        "provider": r.course.provider,
                        "code": r.course.code,
                        "title": r.course.title,
                        "reasons": list(r.reasons),
                    }
                    for r in result.refused
                ],
                "nearest": [course_to_dict(c) for c in result.nearest],
            }
        )
        return 0
    _print_courses(ctx, result.eligible)
    ctx.print(_("{n} courses this person can join").format(n=len(result.eligible)))
    if result.refused:
        ctx.print()
        ctx.print(_("Not open to this person:"))
        ctx.print(
            format_table(
                [_("Provider"), _("Code"), _("Title"), _("Why not")],
                [
                    (r.course.provider, r.course.code, r.course.title, "; ".join(r.reasons))
                    for r in result.refused
                ],
                max_width=90,
            )
        )
    if result.nearest:
        ctx.print()
        ctx.print(_("No course of this trade fits; the nearest courses that do:"))
        _print_courses(ctx, result.nearest)
    return 0


def _print_courses(ctx: CommandContext, courses: tuple) -> None:
    ctx.print(course_table(courses))
