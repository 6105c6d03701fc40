"""The .ics file read by two independent readers (icalendar + recurring-ical-events, and
vobject): every session of a course that crosses both daylight-saving changes lands at the
right local hour in Tirana, and none is lost at the end of the course."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import recurring_ical_events
import vobject

from coursehub.domain.model import CourseStatus, Weekday, WeeklySession
from coursehub.exporting.ics import calendar_bytes
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand
from tests.builders import a_course

TIRANA = ZoneInfo("Europe/Tirane")
STAMP = datetime(2027, 1, 5, 8, 0, tzinfo=UTC)
CHANGED = datetime(2027, 1, 4, 15, 30, tzinfo=UTC)

# Crosses the spring change (28 March 2027) and ends after the autumn one (31 October 2027).
SPRING_TO_AUTUMN = a_course(
    code="DST-01",
    title="Elektricist",
    occupation="7411",
    end=date(2027, 11, 4),
    sessions=(
        WeeklySession(Weekday.MO, time(9, 0), time(12, 0)),
        WeeklySession(Weekday.TH, time(16, 30), time(17, 30)),
    ),
    seats=12,
    venue="Salla 2",
    status=CourseStatus.OPEN,
    id=7,
    version=3,
)


@pytest.fixture(scope="module")
def ics_bytes() -> bytes:
    return calendar_bytes([SPRING_TO_AUTUMN], HolidayCalendar(), STAMP, modified={7: CHANGED})


def expected_sessions() -> set[datetime]:
    held = [s for s in expand(SPRING_TO_AUTUMN, HolidayCalendar()) if s.is_held]
    return {datetime.combine(s.day, s.start, TIRANA) for s in held}


def in_tirana(moments) -> set[tuple[date, time]]:
    return {(m.astimezone(TIRANA).date(), m.astimezone(TIRANA).time()) for m in moments}


def test_icalendar_reader_finds_every_session_at_the_local_hour(ics_bytes):
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    events = recurring_ical_events.of(calendar).between(date(2027, 1, 1), date(2028, 1, 1))
    found = in_tirana(e["DTSTART"].dt for e in events)
    assert found == in_tirana(expected_sessions())
    assert (date(2027, 11, 4), time(16, 30)) in found  # the last session, after the autumn change


def test_vobject_reader_finds_every_session_at_the_local_hour(ics_bytes):
    calendar = vobject.readOne(ics_bytes.decode("utf-8"))
    moments = []
    for event in calendar.vevent_list:
        rules = event.getrruleset(addRDate=True)
        moments.extend(rules)
    found = in_tirana(moments)
    expected = in_tirana(expected_sessions())
    assert found == expected, sorted(found ^ expected)[:5]
    assert len(moments) == len(expected)


def test_vobject_reads_the_zone_as_tzdata_for_two_decades(ics_bytes):
    zone = vobject.readOne(ics_bytes.decode("utf-8")).vtimezone.gettzinfo()
    moment = datetime(2020, 1, 1, 12, 0)
    while moment.year < 2040:
        assert moment.replace(tzinfo=zone).utcoffset() == moment.replace(tzinfo=TIRANA).utcoffset(), moment
        moment += timedelta(days=3, hours=5)


def test_events_carry_sequence_and_last_modified(ics_bytes):
    events = icalendar.Calendar.from_ical(ics_bytes).walk("VEVENT")
    assert {int(e["SEQUENCE"]) for e in events} == {3}
    assert {e["LAST-MODIFIED"].dt for e in events} == {CHANGED}
    zones = icalendar.Calendar.from_ical(ics_bytes).walk("VTIMEZONE")
    assert len(zones) == 1
    assert b"RDATE" not in ics_bytes
    assert b"RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3" in ics_bytes


# A third reader, when it is on this machine: ical.js (the one Thunderbird and many web
# calendars use) through node. Point COURSEHUB_ICALJS at a folder holding node_modules/ical.js.
ICALJS_SCRIPT = r"""
const ICAL = require(process.argv[2]);
const text = require("fs").readFileSync(process.argv[3], "utf8");
const calendar = new ICAL.Component(ICAL.parse(text));
for (const zone of calendar.getAllSubcomponents("vtimezone")) ICAL.TimezoneService.register(zone);
const moments = [];
for (const vevent of calendar.getAllSubcomponents("vevent")) {
  const dtstart = vevent.getFirstPropertyValue("dtstart");
  const expansion = new ICAL.RecurExpansion({component: vevent, dtstart: dtstart});
  for (let next = expansion.next(); next; next = expansion.next()) moments.push(next.toUnixTime());
}
console.log(JSON.stringify(moments));
"""


def _icaljs() -> tuple[str, str] | None:
    import os
    import shutil
    from pathlib import Path

    node, folder = shutil.which("node"), os.environ.get("COURSEHUB_ICALJS", "")
    module = Path(folder) / "node_modules" / "ical.js"
    return (node, str(module)) if node and folder and module.is_dir() else None


@pytest.mark.skipif(_icaljs() is None, reason="node with ical.js not found (set COURSEHUB_ICALJS)")
def test_icaljs_reader_finds_every_session_at_the_local_hour(ics_bytes, tmp_path):
    import json
    import subprocess

    node, module = _icaljs()
    (tmp_path / "read.js").write_text(ICALJS_SCRIPT, encoding="utf-8")
    (tmp_path / "courses.ics").write_bytes(ics_bytes)
    result = subprocess.run(
        [node, str(tmp_path / "read.js"), module, str(tmp_path / "courses.ics")],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    moments = [datetime.fromtimestamp(seconds, UTC) for seconds in json.loads(result.stdout)]
    assert in_tirana(moments) == in_tirana(expected_sessions())
    assert len(moments) == len(expected_sessions())
