"""Screenshots of the attendance grid and the needs-attention list (made by
`python3 -m coursehub.ui.screenshots`), on a demo course six weeks in, with the people of
the screenshot database enrolled and a few weeks of marks. The clock is fixed, so the
pictures do not change with the day they are made."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

from coursehub.domain.attendance import Mark
from coursehub.services.attendance import AttendanceService, MarkChange
from coursehub.services.enrolment import EnrolmentService

# Each person's last twelve held sessions: one missed a day, one stopped coming, one was excused.
_PATTERNS = ("PAPPPPPPPA", "PPPPAAAAAA", "PEPPPPPAPP")


def prepare_attendance(workspace: Any, actor: Any) -> tuple[int, AttendanceService]:
    """Enrol the screenshot people in a long demo course and record marks; returns the
    course id and an attendance service whose clock stands six weeks into the course."""
    course = next(
        c
        for c in workspace.catalogue.courses()
        if c.is_live and c.seats >= 3 and len(c.sessions) >= 2 and (c.end - c.start).days > 60
    )
    moment = datetime.combine(course.start + timedelta(days=44), time(18))
    people = workspace.people
    enrolment = EnrolmentService(workspace.store, people.trail, workspace.reference, lambda: moment)
    service = AttendanceService(workspace.store, people.trail, lambda: moment)
    persons = people.trainees.list(actor)
    for person in persons:
        enrolment.enrol(actor, int(person.id or 0), int(course.id or 0), override_reason="screenshots")
    grid = service.grid(actor, int(course.id or 0))
    held = [d for d in grid.held if d <= moment.date()][-len(_PATTERNS[0]) :]
    letters = {"P": Mark.PRESENT, "A": Mark.ABSENT, "E": Mark.EXCUSED}
    changes = [
        MarkChange(row.trainee_id, day, letters[letter])
        for row, pattern in zip(grid.rows, _PATTERNS, strict=False)
        for day, letter in zip(held, pattern, strict=False)
    ]
    service.record(actor, int(course.id or 0), changes)
    return int(course.id or 0), service


def attendance_shots(
    ctx: Any, prepared: tuple[int, AttendanceService], folder: Path, language: str, fit: Any, settle: Any
) -> list[Path]:
    from coursehub.ui.attendance_grid import AttendanceDialog, NeedsAttentionDialog

    course_id, service = prepared
    dialog = AttendanceDialog(ctx, course_id)
    dialog.show_grid(service.grid(ctx.actor, course_id))
    fit(dialog)
    dialog.show()
    settle()
    grid_path = folder / f"{language}-1024-attendance.png"
    dialog.grab().save(str(grid_path))
    dialog.model.pending.clear()
    dialog.close()
    attention = NeedsAttentionDialog(ctx)
    attention.show_people(service.at_risk(ctx.actor))
    fit(attention)
    attention.show()
    settle()
    attention_path = folder / f"{language}-1024-needs-attention.png"
    attention.grab().save(str(attention_path))
    attention.close()
    return [grid_path, attention_path]
