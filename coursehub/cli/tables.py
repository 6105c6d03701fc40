"""Readable plain-text tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from coursehub.domain.model import Course
from coursehub.i18n import N_, _

COURSE_HEADINGS = (
    N_("Provider"),
    N_("Code"),
    N_("Title"),
    N_("ISCO"),
    N_("Municipality"),
    N_("Start"),
    N_("End"),
    N_("Schedule"),
    N_("Seats"),
)


def format_table(headers: Sequence[str], rows: Sequence[Sequence[object]], max_width: int = 40) -> str:
    def cell(value: object) -> str:
        text = "" if value is None else str(value)
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    cells = [[cell(v) for v in row] for row in rows]
    widths = [len(h) for h in headers]
    for row in cells:
        widths = [max(w, len(v)) for w, v in zip(widths, row, strict=True)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(row, widths, strict=True)) for row in cells]
    return "\n".join(line.rstrip() for line in lines)


def course_table(courses: Iterable[Course], *, with_status: bool = False) -> str:
    """Courses one a line, as `courses` and `eligible` show them (long cells cut at 32)."""
    headers = [_(heading) for heading in COURSE_HEADINGS] + ([_("Status")] if with_status else [])
    rows = [
        (
            c.provider,
            c.code,
            c.title,
            c.occupation,
            c.municipality,
            c.start,
            c.end,
            c.schedule_text(),
            c.seats,
            *((c.status.label,) if with_status else ()),
        )
        for c in courses
    ]
    return format_table(headers, rows, max_width=32)
