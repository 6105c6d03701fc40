"""The catalogue as rows: the columns of the CSV and XLSX exports, which are also the
exchange format between offices (one XLSX file read back by another CourseHub).

Writing and reading share this module, so a round trip reproduces every field. Headers are
fixed (English, as in docs/importing.md) whatever the user's language, so a file made in
one office reads in any other. Text cells that a spreadsheet would run as a formula are
neutralised with a leading apostrophe, reversibly (OWASP "CSV injection").
"""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime, time
from typing import Any, TypeVar

from coursehub.domain.errors import Problem
from coursehub.domain.model import (
    Course,
    CourseStatus,
    Education,
    Eligibility,
    Gender,
    Provider,
    ProviderKind,
    TargetGroup,
    Weekday,
    WeeklySession,
)
from coursehub.i18n import _

_T = TypeVar("_T")

FORMAT_NAME = "CourseHub catalogue exchange"
# 1: text cells neutralised with a visible apostrophe; 2: text written as string cells as is
# (a string cell never runs as a formula), so nothing shows in the cell.
FORMAT_VERSION = 2
COURSES_SHEET, PROVIDERS_SHEET, ABOUT_SHEET = "Courses", "Providers", "About"

COURSE_COLUMNS: tuple[tuple[str, str], ...] = (
    ("provider", "Provider"),
    ("code", "Code"),
    ("title", "Course title"),
    ("occupation", "ISCO code"),
    ("municipality", "Municipality"),
    ("venue", "Venue"),
    ("trainer", "Trainer"),
    ("start", "Start date"),
    ("end", "End date"),
    ("schedule", "Schedule"),
    ("seats", "Seats"),
    ("min_age", "Min age"),
    ("max_age", "Max age"),
    ("gender", "Gender"),
    ("education", "Education"),
    ("groups", "Target groups"),
    ("status", "Status"),
    ("fee", "Fee"),
    ("notes", "Notes"),
)
PROVIDER_COLUMNS: tuple[tuple[str, str], ...] = (
    ("name", "Provider"),
    ("kind", "Kind"),
    ("licence_number", "Licence number"),
    ("contact", "Contact"),
    ("licence_issuer", "Licence issuer"),
    ("licence_valid_until", "Licence valid until"),
)
# Columns added after the first exchange files: a file without them is still read.
OPTIONAL_PROVIDER_COLUMNS = frozenset({"licence_issuer", "licence_valid_until"})

# A cell starting with one of these runs as a formula in Excel or LibreOffice.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_QUOTE = "'"


def neutralise(text: str) -> str:
    """`text` made inert for spreadsheets; `restore` undoes it exactly.

    Text starting with a formula character gets an apostrophe in front; so does text that
    already starts with one, which keeps the rule reversible.
    """
    if text.startswith(FORMULA_STARTS) or text.startswith(_QUOTE):
        return _QUOTE + text
    return text


def restore(text: str) -> str:
    return text[1:] if text.startswith(_QUOTE) else text


def restore_if_neutralised(text: str) -> str:
    """For a provider's own list: drop an apostrophe only where `neutralise` put one (before
    a formula character or another apostrophe), so a CSV we exported reads back as it was
    and an apostrophe someone typed before a word stays."""
    if text.startswith(_QUOTE) and text[1:2] and text[1:].startswith((*FORMULA_STARTS, _QUOTE)):
        return text[1:]
    return text


# Courses to rows and back --------------------------------------------------------------
def schedule_text(sessions: tuple[WeeklySession, ...]) -> str:
    return "; ".join(f"{s.weekday.name} {s.start:%H:%M}-{s.end:%H:%M}" for s in sorted(sessions))


def course_row(course: Course) -> dict[str, Any]:
    """A course as typed cell values (dates as dates, numbers as numbers, codes as text)."""
    e = course.eligibility
    return course.description() | {
        "start": course.start,
        "end": course.end,
        "schedule": schedule_text(course.sessions),
        "seats": course.seats,
        "min_age": e.min_age,
        "max_age": e.max_age,
        "gender": e.gender.value,
        "education": e.education.code,
        "groups": ", ".join(sorted(g.value for g in e.groups)),
        "status": course.status.value,
        "fee": course.fee,
        "notes": course.notes,
    }


def provider_row(provider: Provider) -> dict[str, Any]:
    return {
        "name": provider.name,
        "kind": provider.kind.value,
        "licence_number": provider.licence_number,
        "contact": provider.contact,
        "licence_issuer": provider.licence_issuer,
        "licence_valid_until": provider.licence_valid_until,
    }


def course_fingerprint(course: Course) -> str:
    """A hash of everything the exchange carries: equal hashes, equal courses."""
    row = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in course_row(course).items()}
    text = json.dumps(row, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class RowError(Exception):
    """A row that does not describe a course; `problems` name each bad field and value."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def course_from_row(row: dict[str, Any], neutralised: bool = False) -> Course:
    """The course a row describes; raises RowError naming each bad field and value."""
    reader = _RowReader(row, neutralised)
    course = Course(
        provider=reader.text("provider", required=True),
        code=reader.text("code", required=True),
        title=reader.text("title", required=True),
        occupation=reader.text("occupation", required=True),
        municipality=reader.text("municipality", required=True),
        venue=reader.text("venue"),
        trainer=reader.text("trainer"),
        start=reader.day("start"),
        end=reader.day("end"),
        sessions=reader.sessions("schedule"),
        seats=reader.number("seats") or 0,
        fee=reader.number("fee") or 0,
        status=reader.choice("status", CourseStatus, CourseStatus.OPEN),
        eligibility=Eligibility(
            min_age=reader.number("min_age"),
            max_age=reader.number("max_age"),
            gender=reader.choice("gender", Gender, Gender.ALL),
            education=reader.education("education"),
            groups=reader.groups("groups"),
        ),
        notes=reader.text("notes"),
    )
    return reader.checked(course)


def provider_from_row(row: dict[str, Any], neutralised: bool = False) -> Provider:
    reader = _RowReader(row, neutralised)
    provider = Provider(
        name=reader.text("name", required=True),
        kind=reader.choice("kind", ProviderKind, ProviderKind.OTHER),
        licence_number=reader.text("licence_number"),
        contact=reader.text("contact"),
        licence_issuer=reader.text("licence_issuer"),
        licence_valid_until=reader.optional_day("licence_valid_until"),
    )
    return reader.checked(provider)


class _RowReader:
    """Reads typed values from a row of cells, collecting a Problem for each bad one."""

    def __init__(self, row: dict[str, Any], neutralised: bool = False) -> None:
        self.row = row
        self.neutralised = neutralised  # format 1 files: text carries neutralise()'s apostrophe
        self.problems: list[Problem] = []

    def checked(self, value: _T) -> _T:
        """`value`, read from the row, if every cell was good; else RowError naming each bad one."""
        if self.problems:
            raise RowError(tuple(self.problems))
        return value

    def _raw(self, key: str) -> Any:
        value = self.row.get(key)
        if isinstance(value, str):
            value = restore(value.strip()) if self.neutralised else value.strip()
            return value or None
        return value

    def _fail(self, key: str, value: Any, message: str) -> None:
        self.problems.append(Problem(_header(key), "" if value is None else str(value), message))

    def text(self, key: str, required: bool = False) -> str:
        value = self._raw(key)
        if value is None:
            if required:
                self._fail(key, value, _("This value is required."))
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return str(value)

    def number(self, key: str) -> int | None:
        value = self._raw(key)
        if value is None:
            return None
        try:
            number = float(value)
            if number.is_integer():
                return int(number)
        except (TypeError, ValueError):
            pass
        self._fail(key, value, _("Write a whole number."))
        return None

    def day(self, key: str) -> date:
        value = self._raw(key)
        if isinstance(value, datetime):
            return value.date()
        if isinstance(value, date):
            return value
        if isinstance(value, str):
            for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%d.%m.%Y").date()):
                try:
                    return parse(value)
                except ValueError:
                    continue
        self._fail(key, value, _("Write a date as dd.mm.yyyy."))
        return date(1970, 1, 1)

    def optional_day(self, key: str) -> date | None:
        return None if self._raw(key) is None else self.day(key)

    def choice(self, key: str, enum: Any, default: Any) -> Any:
        value = self._raw(key)
        if value is None:
            return default
        try:
            return enum(str(value).lower())
        except ValueError:
            allowed = ", ".join(m.value for m in enum)
            self._fail(key, value, _("Use one of: {allowed}.").format(allowed=allowed))
            return default

    def education(self, key: str) -> Education:
        value = self._raw(key)
        if value is None:
            return Education.NONE
        try:
            return Education.from_code(str(value))
        except KeyError:
            allowed = ", ".join(level.code for level in Education)
            self._fail(key, value, _("Use one of: {allowed}.").format(allowed=allowed))
            return Education.NONE

    def groups(self, key: str) -> frozenset[TargetGroup]:
        value = self._raw(key)
        found = set()
        for part in str(value or "").replace(";", ",").split(","):
            if part.strip():
                try:
                    found.add(TargetGroup(part.strip().lower()))
                except ValueError:
                    self._fail(key, part.strip(), _("This is not a known target group."))
        return frozenset(found)

    def sessions(self, key: str) -> tuple[WeeklySession, ...]:
        value = self._raw(key)
        sessions = []
        for part in str(value or "").split(";"):
            if not part.strip():
                continue
            try:
                day, span = part.split()
                start, end = span.split("-")
                sessions.append(
                    WeeklySession(Weekday[day.upper()], time.fromisoformat(start), time.fromisoformat(end))
                )
            except (ValueError, KeyError):
                self._fail(
                    key, part.strip(), _("Write each session as MO 09:00-12:00, separated by semicolons.")
                )
        if not sessions and not any(p.field == _header(key) for p in self.problems):
            self._fail(key, value, _("This value is required."))
        return tuple(sessions)


def _header(key: str) -> str:
    return dict(COURSE_COLUMNS + PROVIDER_COLUMNS).get(key, key)
