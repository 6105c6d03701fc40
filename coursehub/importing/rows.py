"""Turning spreadsheet rows into courses and needs, with every problem tied to its cell.

Values repeat a lot in a course list (the same town, days, hours and dates on many rows),
so each column's parser remembers what it has already parsed. A course row made only of
parts already seen in valid rows is not read here at all: importing/known_rows.py puts its
stored record together (CourseRows.new_record); this module reads every other row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Container, Hashable, Sequence
from datetime import date, time
from typing import Any, Generic, Protocol, TypeVar

from coursehub.domain.course_record import CourseRecord, course_record
from coursehub.domain.errors import Problem
from coursehub.domain.exchange_format import restore_if_neutralised
from coursehub.domain.model import Area, AreaKind, Course, Eligibility, Need, WeeklySession
from coursehub.domain.reference import Reference
from coursehub.domain.text import fold, fold_compact
from coursehub.domain.validation import RepeatedCourseChecks, need_problems
from coursehub.i18n import _
from coursehub.importing import values as v
from coursehub.importing.headers import COURSE_FIELDS, NEED_FIELDS, FieldSpec, Layout, field_label
from coursehub.importing.known_rows import KnownRows
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
        # TRUE and FALSE cells are equal to 1 and 0: they never share a remembered value
        key = raw if raw.__class__ is not bool else (bool, raw)
        try:
            found = self.memo.get(key, _MISSING)
        except TypeError:  # an unhashable cell value: parse it each time
            return self.parse(raw)
        if found is _MISSING:
            try:
                found = self.parse(raw)
            except v.BadValue as error:
                found = error
            if len(self.memo) < _CACHE_LIMIT:
                self.memo[key] = found
        if isinstance(found, v.BadValue):
            raise found.with_traceback(None)  # raised again and again: no growing traceback
        return found


class RowReader:
    """Shared by the course and the needs reader: cells by field, problems by column."""

    fields: Sequence[FieldSpec] = ()

    def __init__(self, layout: Layout) -> None:
        if not layout.is_complete:
            # Rows of a file without its required columns cannot be read: callers report the
            # missing columns instead (the preview and the import both do).
            raise ValueError(f"a layout without the required columns {layout.missing} cannot read rows")
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
        if all(
            value is None or value == "" or (isinstance(value, str) and not value.strip())
            for value in raw.values()
        ):
            return None
        return raw

    def text(self, raw: dict[str, Any], name: str, number: int, problems: list[CellProblem]) -> str:
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
            problems.append(
                CellProblem(
                    number,
                    self.column_name(name),
                    text,
                    _(
                        "This text has broken letters (such as «Ã«» for «ë» or �) that cannot be "
                        "repaired; retype it or save the file again as UTF-8."
                    ),
                )
            )
            return text
        self.repaired_cells += 1
        return repaired

    def domain_problems(
        self,
        found: list[Problem],
        number: int,
        raw: dict[str, Any],
        problems: list[CellProblem],
        aliases: dict[str, str],
    ) -> None:
        for problem in found:
            name = aliases.get(problem.field, problem.field)
            if name not in self.index and problem.field in self.index:
                name = problem.field
            shown = v.cell_text(raw.get(name, "")) or problem.value
            problems.append(CellProblem(number, self.column_name(name), shown, problem.message))


def _needs_value(parse: Callable[[Any], Any]) -> Callable[[Any], Any]:
    def parse_required(raw: Any) -> Any:
        if v.is_blank(raw):
            raise v.BadValue(v.needs_value_message())
        return parse(raw)

    return parse_required


_PARSED_COURSE_FIELDS: dict[str, Callable[[Any], Any]] = {
    "start": v.parse_date,
    "end": v.parse_date,
    "days": v.parse_weekdays,
    "time": v.parse_time_range,
    "seats": v.whole_number,
    "occupation": v.isco_code,
    "age": v.parse_age,
    "min_age": v.optional_whole,
    "max_age": v.optional_whole,
    "gender": v.parse_gender,
    "education": v.parse_education,
    "groups": v.parse_groups,
    "status": v.parse_status,
    "fee": v.fee,
}
_OPTIONAL_FIELDS = {f.name for f in COURSE_FIELDS if not f.required}
# A column the file does not have reads as an empty cell of it would: any age, all genders, ...
_COURSE_DEFAULTS: dict[str, Any] = {
    name: parse("") for name, parse in _PARSED_COURSE_FIELDS.items() if name in _OPTIONAL_FIELDS
}
_TEXT_FIELDS = ("code", "title", "venue", "trainer", "notes")


class CourseRowReader(RowReader):
    """Rows to courses: one memo look-up per parsed cell, shared objects for repeated
    sessions and eligibility, then the domain's own checks; a valid row teaches `known`
    its parts."""

    fields = COURSE_FIELDS

    def __init__(self, layout: Layout, reference: Reference, provider: str) -> None:
        super().__init__(layout)
        self.reference = reference
        self.provider = provider
        self.derive_code = "code" not in self.index
        self.keeps_status = "status" not in self.index
        required = {f.name for f in COURSE_FIELDS if f.required}
        parsers = dict(_PARSED_COURSE_FIELDS, municipality=self._municipality)
        # (field, column index, header, remembering parser) per parsed column
        self._steps: list[tuple[str, int, str, _Cached]] = [
            (
                name,
                self.index[name],
                self.header[name],
                _Cached(_needs_value(parse) if name in required else parse),
            )
            for name, parse in parsers.items()
            if name in self.index
        ]
        self._texts = [
            (name, self.index[name], name in required) for name in _TEXT_FIELDS if name in self.index
        ]
        self._mapped = list(self.index.values())
        self._has_age_columns = "age" in self.index and ("min_age" in self.index or "max_age" in self.index)
        self._sessions: dict[tuple, tuple[WeeklySession, ...]] = {}
        self._eligibilities: dict[tuple, Eligibility] = {}
        self._checks = RepeatedCourseChecks(reference)
        self.known = KnownRows(
            self.index, self._derived_code if self.derive_code else None, self._dates_valid
        )

    @staticmethod
    def key(course: Course) -> tuple[str]:
        """What makes two rows of one file the same course."""
        return (course.code,)

    def duplicate_problem(self, number: int, course: Course, first_row: int) -> CellProblem:
        message = _("This course code is already used in row {row} of this file.").format(row=first_row)
        return CellProblem(number, self.column_name("code"), course.code, message)

    def _dates_valid(self, start: date, end: date) -> bool:
        return not self._checks.date_problems(start, end)

    def _municipality(self, raw: Any) -> str:
        name = self.reference.municipality(v.cell_text(raw))
        if name is None:
            raise v.BadValue(_("This is not one of Albania's 61 municipalities."))
        return name

    def read(self, number: int, cells: list[Any]) -> tuple[Course | None, list[CellProblem]]:
        """The course of one row, or None with the row's problems (None, [] for a blank row)."""
        if len(cells) < self._width:
            cells = [*cells, *[""] * (self._width - len(cells))]
        if not any(_filled(cells[i]) for i in self._mapped):
            return None, []
        problems: list[CellProblem] = []
        repaired_before = self.repaired_cells
        values = self._parsed(number, cells, problems)
        self._add_texts(values, number, cells, problems)
        if problems:
            return None, problems
        eligibility = self._eligibility(values, cells, number, problems)
        if eligibility is None:
            return None, problems
        course = self._course(values, eligibility)
        found_problems = self._checks.problems(course)
        if found_problems:
            raw_by_field = {name: cells[i] for name, i in self.index.items()}
            self.domain_problems(found_problems, number, raw_by_field, problems, _COURSE_ALIASES)
            return None, problems
        repaired = self.repaired_cells != repaired_before
        self.known.learn(cells, course_record(course), course.start, course.end, texts=not repaired)
        return course, problems

    def _parsed(self, number: int, cells: list[Any], problems: list[CellProblem]) -> dict[str, Any]:
        """The parsed columns' values (defaults for the columns the file lacks)."""
        values = dict(_COURSE_DEFAULTS)
        for name, index, header, parse in self._steps:
            raw = cells[index]
            try:
                values[name] = parse(raw)
            except v.BadValue as error:
                problems.append(CellProblem(number, header, v.cell_text(raw), error.message))
        return values

    def _add_texts(
        self, values: dict[str, Any], number: int, cells: list[Any], problems: list[CellProblem]
    ) -> None:
        for name, index, required in self._texts:
            raw = cells[index]
            text = raw.strip() if raw.__class__ is str else v.cell_text(raw)
            if required and not text:
                problems.append(CellProblem(number, self.header[name], "", v.needs_value_message()))
            elif "Ã" in text or "\ufffd" in text or "â€" in text:
                text = self._unbroken(text, name, number, problems)
            if text[:1] == "'":
                text = restore_if_neutralised(text)  # our own export's formula guard
            values[name] = text

    def _course(self, values: dict[str, Any], eligibility: Eligibility) -> Course:
        days, span = values["days"], values["time"]
        sessions = self._sessions.get((days, span))
        if sessions is None:
            sessions = self._sessions[(days, span)] = _sessions(days, span)
        title, venue = values["title"], values.get("venue", "")
        code = self._derived_code(title, values["start"], venue) if self.derive_code else values["code"]
        return Course(
            provider=self.provider,
            code=code,
            title=title,
            occupation=values["occupation"],
            municipality=values["municipality"],
            start=values["start"],
            end=values["end"],
            sessions=sessions,
            seats=values["seats"],
            venue=venue,
            trainer=values.get("trainer", ""),
            fee=values["fee"],
            status=values["status"],
            eligibility=eligibility,
            notes=values.get("notes", ""),
        )

    def _eligibility(
        self, values: dict[str, Any], cells: list[Any], number: int, problems: list[CellProblem]
    ) -> Eligibility | None:
        low, high = values["age"]
        min_age, max_age = values["min_age"], values["max_age"]
        if (
            self._has_age_columns
            and (low is not None or high is not None)
            and ((min_age is not None and min_age != low) or (max_age is not None and max_age != high))
        ):
            raw = cells[self.index["age"]]
            problems.append(
                CellProblem(
                    number,
                    self.header["age"],
                    v.cell_text(raw),
                    _("The age range disagrees with the minimum/maximum age columns of this row."),
                )
            )
            return None
        key = (
            low if min_age is None else min_age,
            high if max_age is None else max_age,
            values["gender"],
            values["education"],
            values["groups"],
        )
        eligibility = self._eligibilities.get(key)
        if eligibility is None:
            eligibility = self._eligibilities[key] = Eligibility(*key)
        return eligibility

    @staticmethod
    def _derived_code(title: str, start: date, venue: str) -> str:
        key = f"{fold(title)}|{start.isoformat()}|{fold_compact(venue)}"
        return "auto-" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:10]


def _filled(value: Any) -> bool:
    if value.__class__ is str:
        return bool(value) and not value.isspace()
    return value is not None


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

    @staticmethod
    def key(need: Need) -> tuple[str, Area, date, date]:
        """What makes two rows of one file the same need: occupation, area and period."""
        return (need.occupation, need.area, need.period.start, need.period.end)

    def duplicate_problem(self, number: int, need: Need, first_row: int) -> CellProblem:
        message = _("Row {row} already gives the need for this occupation, area and period.")
        return CellProblem(
            number, self.column_name("occupation"), need.occupation, message.format(row=first_row)
        )

    def _parse_area(self, raw: Any) -> Area:
        text = v.cell_text(raw)
        qark = self.reference.qark(text)
        if qark is not None:
            return Area(AreaKind.QARK, qark)
        municipality = self.reference.municipality(text)
        if municipality is not None:
            return Area(AreaKind.MUNICIPALITY, municipality)
        raise v.BadValue(
            _(
                "Write a municipality (e.g. Durrës) or a qark written as one "
                "(e.g. «Qarku Durrës» or «Durrës County»)."
            )
        )

    def read(self, number: int, cells: list[Any]) -> tuple[Need | None, list[CellProblem]]:
        raw = self.cells_by_field(cells)
        if raw is None:
            return None, []
        problems: list[CellProblem] = []
        for name in self._required:
            if v.is_blank(raw[name]):
                problems.append(CellProblem(number, self.header[name], "", v.needs_value_message()))
        if problems:
            return None, problems
        parsed = {}
        for name, parse in (
            ("occupation", self._isco),
            ("area", self._area),
            ("period", self._period),
            ("demand", self._demand),
        ):
            try:
                parsed[name] = parse(raw[name])
            except v.BadValue as error:
                problems.append(CellProblem(number, self.header[name], v.cell_text(raw[name]), error.message))
        if problems:
            return None, problems
        occupation = parsed["occupation"]
        need = Need(
            occupation=occupation,
            area=parsed["area"],
            period=parsed["period"],
            demand=parsed["demand"],
            source=self.text(raw, "source", number, problems),
            occupation_title=(
                self.text(raw, "occupation_title", number, problems)
                or self.reference.occupation_title(occupation)
            ),
        )
        self.domain_problems(need_problems(need, self.reference), number, raw, problems, {})
        return (None if problems else need), problems


Item = TypeVar("Item", Course, Need)


class ItemReader(Protocol[Item]):
    """A row reader: CourseRowReader or NeedRowReader."""

    repaired_cells: int

    def read(self, number: int, cells: list[Any]) -> tuple[Item | None, list[CellProblem]]: ...
    def key(self, item: Item) -> tuple[Hashable, ...]: ...
    def duplicate_problem(self, number: int, item: Item, first_row: int) -> CellProblem: ...


class FileRows(Generic[Item]):
    """Parses and validates the rows of one file in order: each row on its own (the reader),
    then against the rows before it (a second row for the same course or need)."""

    def __init__(self, reader: ItemReader[Item]) -> None:
        self.reader: ItemReader[Item] = reader
        self.first_row_of: dict[Hashable, int] = {}

    def check(self, number: int, cells: list[Any]) -> tuple[Item | None, list[CellProblem]]:
        """The row's item, or None with its problems (None and no problems: a blank row)."""
        item, problems = self.reader.read(number, cells)
        if item is None:
            return None, problems
        key = _compact(self.reader.key(item))
        first = self.first_row_of.get(key)
        if first is not None:
            return None, [self.reader.duplicate_problem(number, item, first)]
        self.first_row_of[key] = number
        return item, problems

    def was_given(self, item_key: tuple[Hashable, ...]) -> bool:
        return _compact(item_key) in self.first_row_of


class CourseRows(FileRows[Course]):
    """FileRows of a course list, with a quicker way for the rows that need no checking."""

    def __init__(self, reader: CourseRowReader) -> None:
        super().__init__(reader)
        self.known = reader.known

    def new_record(self, number: int, cells: list[Any], stored: Container[str]) -> CourseRecord | None:
        """The record of a new course made only of parts known to be valid (importing/
        known_rows.py), whose code is neither earlier in the file nor in `stored`; None
        means: check the row (`check`)."""
        record = self.known.record(cells)
        if record is None:
            return None
        code = record[0]
        if code in stored or code in self.first_row_of:
            return None
        self.first_row_of[code] = number
        return record


def _compact(key: tuple[Hashable, ...]) -> Hashable:
    """A one-part key (a course code) kept as itself: 100,000 one-element tuples held for
    the whole import would cost about 5 MB."""
    return key[0] if len(key) == 1 else key
