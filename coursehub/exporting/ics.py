"""The catalogue as iCalendar (RFC 5545) for Outlook, Google Calendar, Thunderbird.

One VEVENT per weekly session of a course: DTSTART on the first such weekday in the
course's range, in Europe/Tirane time with its VTIMEZONE; an RRULE repeating weekly until
the course ends; an EXDATE for each public holiday the session would fall on. Cancelled
courses keep their UID and carry STATUS:CANCELLED, so a calendar that imported them before
removes them. SEQUENCE (the course's version) and LAST-MODIFIED let calendar programs
replace an event they imported before.

The VTIMEZONE states Albania's daylight-saving rule as two yearly RRULEs (last Sunday of
March and of October, as tzdata's own Europe/Tirane since 1985). icalendar's generated
zone lists every change as one long RDATE line, which ical.js and vobject read as UTC+1
all year; tests read the file with icalendar/recurring-ical-events and with vobject.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from coursehub.domain.model import Course, CourseStatus, WeeklySession
from coursehub.domain.text import fold
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand

if TYPE_CHECKING:  # imported when a file is written: start-up stays quick
    from icalendar import Event

TZID = "Europe/Tirane"
PRODID = "-//CourseHub//Course catalogue//SQ"

# tzdata's rule for Europe/Tirane (EU rule): CEST from the last Sunday of March 02:00,
# CET from the last Sunday of October 03:00 local time.
TIRANE_VTIMEZONE = """BEGIN:VTIMEZONE
TZID:Europe/Tirane
X-LIC-LOCATION:Europe/Tirane
BEGIN:DAYLIGHT
TZNAME:CEST
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
DTSTART:19850331T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZNAME:CET
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
DTSTART:19851027T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""


def calendar_bytes(
    courses: Iterable[Course],
    calendar: HolidayCalendar,
    stamp: datetime,
    name: str = "CourseHub",
    modified: Mapping[int, datetime] | None = None,
) -> bytes:
    """The .ics file; `stamp` (UTC) is every event's DTSTAMP, so output is reproducible.
    `modified` maps course ids to when they last changed (LAST-MODIFIED; else `stamp`)."""
    from icalendar import Calendar, Timezone

    ical = Calendar()
    ical.add("prodid", PRODID)
    ical.add("version", "2.0")
    ical.add("calscale", "GREGORIAN")
    ical.add("x-wr-calname", name)
    ical.add("x-wr-timezone", TZID)
    ical.add_component(Timezone.from_ical(TIRANE_VTIMEZONE.replace("\n", "\r\n")))
    for course in sorted(courses, key=lambda c: (c.start, c.provider, c.code)):
        changed = (modified or {}).get(course.id, stamp) if course.id is not None else stamp
        for session in sorted(course.sessions):
            event = _event(course, session, calendar, stamp, changed)
            if event is not None:
                ical.add_component(event)
    return bytes(ical.to_ical())


def _event(
    course: Course, session: WeeklySession, calendar: HolidayCalendar, stamp: datetime, changed: datetime
) -> Event | None:
    from icalendar import Event

    zone = ZoneInfo(TZID)
    first = _first_on_or_after(course.start, int(session.weekday))
    if first > course.end:
        return None  # the weekday never occurs between start and end
    event = Event()
    event.add("uid", _uid(course, session))
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("last-modified", changed.astimezone(UTC))
    event.add("sequence", max(course.version, 0))
    event.add("summary", course.title)
    event.add("dtstart", datetime.combine(first, session.start, zone))
    event.add("dtend", datetime.combine(first, session.end, zone))
    # UNTIL is the end of the course's last day: a reader that is an hour off on the zone
    # still keeps the last session (the session's own start would be cut by one hour).
    last = datetime.combine(course.end, time(23, 59, 59), zone)
    event.add("rrule", {"freq": "weekly", "byday": session.weekday.name, "until": last.astimezone(UTC)})
    skipped = [
        s.day for s in expand(course, calendar) if s.holiday and s.day.weekday() == int(session.weekday)
    ]
    for day in skipped:
        event.add("exdate", datetime.combine(day, session.start, zone))
    if course.venue or course.municipality:
        event.add("location", ", ".join(p for p in (course.venue, course.municipality) if p))
    event.add("description", _description(course))
    event.add("categories", [course.provider])
    event.add(
        "status",
        "CANCELLED"
        if course.status is CourseStatus.CANCELLED
        else ("TENTATIVE" if course.status is CourseStatus.PLANNED else "CONFIRMED"),
    )
    return event


def _first_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _uid(course: Course, session: WeeklySession) -> str:
    """Stable across exports, so a calendar updates the event instead of adding another."""
    key = hashlib.sha1(f"{fold(course.provider)}\x1f{course.code}".encode()).hexdigest()[:16]
    return f"{key}-{session.weekday.name}-{session.start:%H%M}@coursehub"


def _description(course: Course) -> str:
    lines = [f"{course.provider} · {course.code}", f"ISCO {course.occupation}"]
    if course.trainer:
        lines.append(course.trainer)
    lines.append(f"{course.start:%d.%m.%Y} – {course.end:%d.%m.%Y} · {course.seats}")
    return "\n".join(lines)
