"""Turning spreadsheet rows into courses and needs, with every problem tied to its cell.

Values repeat a lot in a course list (the same town, days, hours and dates on many rows),
so each column's parser remembers what it has already parsed: the per-row work is then
mostly dictionary look-ups, which keeps a 100,000-row import close to the bare floor.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from datetime import date, time
from typing import Any

from coursehub.domain.errors import Problem
from coursehub.domain.model import (
    Area,
    AreaKind,
    Course,
    CourseStatus,
    Education,
    Eligibility,
    Gender,
    Need,
    WeeklySession,
)
from coursehub.domain.reference import Reference
from coursehub.domain.text import fold, fold_compact
from coursehub.domain.validation import course_problems, need_problems
from coursehub.i18n import _
from coursehub.importing import values as v
from coursehub.importing.headers import COURSE_FIELDS, NEED_FIELDS, FieldSpec, Layout, field_label
from coursehub.importing.problems import CellProblem
from coursehub.importing.text_decoding import has_mojibake, repair_mojibake

_MISSING = object()
_CACHE_LIMIT = 50_000  # distinct values remembered per column


class _Cached:
    """A parser that remembers results (and failures) per distinct raw value."""

    __slots__ = ("memo", "parse")

    def __init__(self, parse: Callable[[Any], Any]) -> None:
        self.parse = parse
        self.memo: dict[Any, Any] = {}

    def __call__(self, raw: Any) -> Any:
        try:
            found = self.memo.get(raw, _MISSING)
        except TypeError:  # an unhashable cell value: parse it each time
            return self.parse(raw)
        if found is _MISSING:
            try:
                found = self.parse(raw)
            except v.BadValue as error:
                found = error
            if len(self.memo) < _CACHE_LIMIT:
                self.memo[raw] = found
        if isinstance(found, v.BadValue):
            raise found
        return found


class RowReader:
    """Shared by the course and the needs reader: cells by field, problems by column."""

    fields: Sequence[FieldSpec] = ()

    def __init__(self, layout: Layout) -> None:
        self.layout = layout
        self.index = {c.field: c.index for c in layout.columns}
        self.header = {c.field: c.header for c in layout.columns}
        self.repaired_cells = 0
        self._width = max(self.index.values(), default=-1) + 1

    def column_name(self, field_name: str) -> str:
        return self.header.get(field_name) or field_label(field_name, self.fields)

    def cells_by_field(self, cells: list[Any]) -> dict[str, Any] | None:
        """The mapped cells of a row, or None for a row with nothing in the mapped columns."""
        if len(cells) < self._width:
            cells = [*cells, *[""] * (self._width - len(cells))]
        raw = {name: cells[i] for name, i in self.index.items()}
        if all(value is None or value == "" or (isinstance(value, str) and not value.strip())
               for value in raw.values()):
            return None
        return raw

    def text(self, raw: dict[str, Any], name: str, number: int,
             problems: list[CellProblem]) -> str:
        value = raw.get(name)
        if value is None or value == "":
            return ""
        text = v.cell_text(value)
        if "Ã" in text or "\ufffd" in text or "â€" in text:
            text = self._unbroken(text, name, number, problems)
        return text

    def _unbroken(self, text: str, name: str, number: int, problems: list[CellProblem]) -> str:
        if not has_mojibake(text):
            return text
        repaired = repair_mojibake(text) if "\ufffd" not in text else None
        if repaired is None:
            problems.append(CellProblem(number, self.column_name(name), text, _(
                "This text has broken letters (such as «Ã«» for «ë» or �) that cannot be "
                "repaired; retype it or save the file again as UTF-8.")))
            return text
        self.repaired_cells += 1
        return repaired

    def domain_problems(self, found: list[Problem], number: int, raw: dict[str, Any],
                        problems: list[CellProblem], aliases: dict[str, str]) -> None:
        for problem in found:
            name = aliases.get(problem.field, problem.field)
            if name not in self.index and problem.field in self.index:
                name = problem.field
            shown = v.cell_text(raw.get(name, "")) or problem.value
            problems.append(CellProblem(number, self.column_name(name), shown, problem.message))


class CourseRowReader(RowReader):
    fields = COURSE_FIELDS

    def __init__(self, layout: Layout, reference: Reference, provider: str) -> None:
        super().__init__(layout)
        self.reference = reference
        self.provider = provider
        self.derive_code = "code" not in self.index
        self.keeps_status = "status" not in self.index
        self._parsers: dict[str, Callable[[Any], Any]] = {
            "occupation": _Cached(v.isco_code),
            "municipality": _Cached(self._municipality),
            "start": _Cached(v.parse_date), "end": _Cached(v.parse_date),
            "days": _Cached(v.parse_weekdays), "time": _Cached(v.parse_time_range),
            "seats": _Cached(v.whole_number), "age": _Cached(v.parse_age),
            "min_age": _Cached(v.optional_whole), "max_age": _Cached(v.optional_whole),
            "gender": _Cached(v.parse_gender), "education": _Cached(v.parse_education),
            "groups": _Cached(v.parse_groups), "status": _Cached(v.parse_status),
            "fee": _Cached(v.fee),
        }
        self._required = [f.name for f in COURSE_FIELDS if f.required and f.name in self.index]

    def _municipality(self, raw: Any) -> str:
        name = self.reference.municipality(v.cell_text(raw))
        if name is None:
            raise v.BadValue(_("This is not one of Albania's 61 municipalities."))
        return name

    def _value(self, raw: dict[str, Any], name: str, number: int,
               problems: list[CellProblem], default: Any = None) -> Any:
        if name not in self.index:
            return default
        value = raw[name]
        try:
            return self._parsers[name](value)
        except v.BadValue as error:
            problems.append(CellProblem(number, self.header[name], v.cell_text(value),
                                        error.message))
            return _MISSING

    def read(self, number: int, cells: list[Any]) -> tuple[Course | None, list[CellProblem]]:
        """The course of one row, or None with the row's problems (None, [] for a blank row)."""
        raw = self.cells_by_field(cells)
        if raw is None:
            return None, []
        problems: list[CellProblem] = []
        for name in self._required:
            if v.is_blank(raw[name]):
                problems.append(CellProblem(number, self.header[name], "",
                                            _("This column needs a value.")))
        if problems:
            return None, problems
        value = self._value
        start = value(raw, "start", number, problems)
        end = value(raw, "end", number, problems)
        days = value(raw, "days", number, problems)
        span = value(raw, "time", number, problems)
        seats = value(raw, "seats", number, problems)
        occupation = value(raw, "occupation", number, problems)
        municipality = value(raw, "municipality", number, problems)
        eligibility = self._eligibility(raw, number, problems)
        fee = value(raw, "fee", number, problems, 0)
        status = value(raw, "status", number, problems, CourseStatus.OPEN)
        title = self.text(raw, "title", number, problems)
        venue = self.text(raw, "venue", number, problems)
        if problems:
            return None, problems
        code = (self._derived_code(title, start, venue) if self.derive_code
                else v.cell_text(raw["code"]))
        course = Course(
            provider=self.provider, code=code, title=title, occupation=occupation,
            municipality=municipality, start=start, end=end,
            sessions=_sessions(days, span), seats=seats, venue=venue,
            trainer=self.text(raw, "trainer", number, problems), fee=fee, status=status,
            eligibility=eligibility, notes=self.text(raw, "notes", number, problems),
        )
        self.domain_problems(course_problems(course, self.reference), number, raw, problems,
                             _COURSE_ALIASES)
        return (None if problems else course), problems

    def _eligibility(self, raw: dict[str, Any], number: int,
                     problems: list[CellProblem]) -> Eligibility | None:
        value = self._value
        age = value(raw, "age", number, problems, (None, None))
        min_age = value(raw, "min_age", number, problems)
        max_age = value(raw, "max_age", number, problems)
        if age is _MISSING or min_age is _MISSING or max_age is _MISSING:
            return None
        low, high = age
        if "age" in self.index and not v.is_blank(raw["age"]) and (
                (min_age is not None and min_age != low) or (max_age is not None and max_age != high)):
            problems.append(CellProblem(number, self.header["age"], v.cell_text(raw["age"]), _(
                "The age range disagrees with the minimum/maximum age columns of this row.")))
            return None
        eligibility = Eligibility(
            min_age=low if min_age is None else min_age,
            max_age=high if max_age is None else max_age,
            gender=value(raw, "gender", number, problems, Gender.ALL),
            education=value(raw, "education", number, problems, Education.NONE),
            groups=value(raw, "groups", number, problems, frozenset()),
        )
        return eligibility

    @staticmethod
    def _derived_code(title: str, start: date, venue: str) -> str:
        key = f"{fold(title)}|{start.isoformat()}|{fold_compact(venue)}"
        return "auto-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


_COURSE_ALIASES = {"min_age": "age", "max_age": "age", "provider": "code"}


def _sessions(days: tuple, span: tuple[time, time]) -> tuple[WeeklySession, ...]:
    start, end = span
    return tuple(WeeklySession(day, start, end) for day in days)


class NeedRowReader(RowReader):
    fields = NEED_FIELDS

    def __init__(self, layout: Layout, reference: Reference) -> None:
        super().__init__(layout)
        self.reference = reference
        self._period = _Cached(v.parse_period)
        self._area = _Cached(self._parse_area)
        self._isco = _Cached(v.isco_code)
        self._demand = _Cached(v.whole_number)
        self._required = [f.name for f in NEED_FIELDS if f.required and f.name in self.index]

    def _parse_area(self, raw: Any) -> Area:
        text = v.cell_text(raw)
        qark = self.reference.qark(text)
        if qark is not None:
            return Area(AreaKind.QARK, qark)
        municipality = self.reference.municipality(text)
        if municipality is not None:
            return Area(AreaKind.MUNICIPALITY, municipality)
        raise v.BadValue(_("Write a municipality (e.g. Durrës) or a qark written as one "
                           "(e.g. «Qarku Durrës» or «Durrës County»)."))

    def read(self, number: int, cells: list[Any]) -> tuple[Need | None, list[CellProblem]]:
        raw = self.cells_by_field(cells)
        if raw is None:
            return None, []
        problems: list[CellProblem] = []
        for name in self._required:
            if v.is_blank(raw[name]):
                problems.append(CellProblem(number, self.header[name], "",
                                            _("This column needs a value.")))
        if problems:
            return None, problems
        parsed = {}
        for name, parse in (("occupation", self._isco), ("area", self._area),
                            ("period", self._period), ("demand", self._demand)):
            try:
                parsed[name] = parse(raw[name])
            except v.BadValue as error:
                problems.append(CellProblem(number, self.header[name], v.cell_text(raw[name]),
                                            error.message))
        if problems:
            return None, problems
        occupation = parsed["occupation"]
        need = Need(
            occupation=occupation, area=parsed["area"], period=parsed["period"],
            demand=parsed["demand"], source=self.text(raw, "source", number, problems),
            occupation_title=(self.text(raw, "occupation_title", number, problems)
                              or self.reference.occupation_title(occupation)),
        )
        self.domain_problems(need_problems(need, self.reference), number, raw, problems, {})
        return (None if problems else need), problems
