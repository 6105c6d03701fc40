"""Courses as plain dicts: the shape of `coursehub courses --json` and of the exports."""

from __future__ import annotations

from typing import Any

from coursehub.domain.model import Course


def course_to_dict(course: Course) -> dict[str, Any]:
    e = course.eligibility
    return course.description() | {
        "start": course.start.isoformat(),
        "end": course.end.isoformat(),
        "sessions": [
            {"weekday": s.weekday.name, "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}"}
            for s in sorted(course.sessions)
        ],
        "seats": course.seats,
        "fee": course.fee,
        "status": course.status.value,
        "min_age": e.min_age,
        "max_age": e.max_age,
        "gender": e.gender.value,
        "education": e.education.code,
        "groups": sorted(g.value for g in e.groups),
        "notes": course.notes,
    }
