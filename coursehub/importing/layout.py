"""The first stages of every import, read top to bottom:

1. map headers: the person's mapping (given now, or remembered for the provider) checked
   against the fields (`explicit_mapping`);
2. detect the layout: the header row among the first rows and the field of each column
   (`locate_header`), with what the person should hear about it (`layout_warnings`,
   `missing_column_problems`, `no_header_message`);
3. then the row readers (coursehub.importing.rows) parse and validate each row below it.

The import service and the wizard's preview both go through these functions, so a message
has one source and both see the same layout.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from enum import StrEnum
from itertools import chain

from coursehub.i18n import _
from coursehub.importing.headers import (
    HEADER_SEARCH_ROWS,
    FieldSpec,
    Layout,
    MappingError,
    detect_layout,
    field_label,
    normalise_mapping,
)
from coursehub.importing.problems import CellProblem, UnreadableFile
from coursehub.importing.readers import Row, Table
from coursehub.importing.safety import refuse


class RowKind(StrEnum):
    """What a row of the file is, as the preview shows it."""

    ABOVE = "above"  # title rows above the header row
    HEADER = "header"
    COURSE = "course"  # a row of data (a course, or a need in a needs file)
    BLANK = "blank"
    INVALID = "invalid"


@dataclass
class LocatedHeader:
    """A sheet with its header row found (or not): the first rows, read to look for the
    header, and the rest of the rows still unread."""

    table: Table
    layout: Layout | None
    head: list[Row]
    rest: Iterator[Row]

    def all_rows(self) -> Iterator[Row]:
        return chain(self.head, self.rest)

    def rows_below_header(self, layout: Layout) -> Iterator[Row]:
        return chain((row for row in self.head if row[0] > layout.header_row), self.rest)


def explicit_mapping(
    table: Table,
    given: Mapping[str, str] | None,
    saved: Mapping[str, str] | None,
    fields: tuple[FieldSpec, ...],
) -> dict[str, str]:
    """The mapping given now over the one remembered for the provider; UnreadableFile if the
    given one names a field that does not exist."""
    try:
        remembered = normalise_mapping(saved, fields) if saved else {}
    except MappingError:
        remembered = {}  # a mapping saved by an older version with other field names
    try:
        return remembered | normalise_mapping(given, fields)
    except MappingError as error:
        raise refuse(table.path, str(error)) from error


def locate_header(table: Table, fields: tuple[FieldSpec, ...], mapping: Mapping[str, str]) -> LocatedHeader:
    """Read the first rows and find the header row among them."""
    rows = iter(table.rows)
    head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows, strict=False)]
    return LocatedHeader(table, detect_layout(head, fields, mapping), head, rows)


def required_layout(located: LocatedHeader, fields: tuple[FieldSpec, ...]) -> Layout:
    """The layout of a file being imported; UnreadableFile for an empty file or one
    without a header row."""
    if not located.head:
        raise refuse(located.table.path, _("it has no rows."))
    if located.layout is None:
        raise _no_header(located.table, fields)
    return located.layout


def _no_header(table: Table, fields: tuple[FieldSpec, ...]) -> UnreadableFile:
    message = no_header_message(fields)
    if len(table.sheet_names) > 1:
        message += " " + _("This was sheet «{sheet}»; the file's sheets are: {names}.").format(
            sheet=table.sheet, names=", ".join(table.sheet_names)
        )
    return refuse(table.path, message)


def no_header_message(fields: tuple[FieldSpec, ...]) -> str:
    examples = ", ".join(s for f in fields if f.required for s in f.synonyms[:1] + f.synonyms[-1:])
    return _(
        "no header row was found in the first {n} rows (a row with at least three known "
        "column names, such as {examples}). Give a mapping of your column names."
    ).format(n=HEADER_SEARCH_ROWS, examples=examples)


def row_position(number: int, layout: Layout) -> RowKind:
    """A row's kind by where it stands: above the header row, the header row, or below it."""
    if number < layout.header_row:
        return RowKind.ABOVE
    return RowKind.HEADER if number == layout.header_row else RowKind.COURSE


def layout_warnings(layout: Layout) -> list[str]:
    """Columns left out, and the course key made up when the file has no code column."""
    warnings = [
        _("Column «{header}» is not a known column and was not imported; give a mapping to use it.").format(
            header=header
        )
        for header in layout.unknown
    ]
    warnings += [
        _("Column «{header}» feeds a field already taken by an earlier column and was not imported.").format(
            header=header
        )
        for header in layout.duplicates
    ]
    if "code" in layout.derived:
        warnings.append(
            _(
                "The file has no course code column: each course is known by "
                "a key made from its title, start date and venue. Changing one "
                "of these makes it a new course at the next import."
            )
        )
    return warnings


def missing_column_problems(layout: Layout, fields: tuple[FieldSpec, ...]) -> list[CellProblem]:
    """One problem per required field without a column, on the header row."""
    problems = []
    for name in layout.missing:
        spec = next(f for f in fields if f.name == name)
        problems.append(
            CellProblem(
                layout.header_row,
                field_label(name, fields),
                "",
                _("This required column was not found. Name it one of: {names}; or give a mapping.").format(
                    names=", ".join(spec.synonyms)
                ),
            )
        )
    return problems
