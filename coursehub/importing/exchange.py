"""Reading a catalogue exchange file (the XLSX another CourseHub exported) back into
providers and courses. Reading only: merging is the exchange service's job.

The file is checked before any parser sees it (zip bombs, size); every bad cell is
reported with sheet, row, column and value, and no row is silently dropped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from coursehub.domain.errors import CourseHubError
from coursehub.domain.exchange_format import (
    ABOUT_SHEET,
    COURSE_COLUMNS,
    COURSES_SHEET,
    FORMAT_VERSION,
    OPTIONAL_PROVIDER_COLUMNS,
    PROVIDER_COLUMNS,
    PROVIDERS_SHEET,
    RowError,
    course_from_row,
    provider_from_row,
)
from coursehub.domain.model import Course, Provider
from coursehub.i18n import _
from coursehub.importing.safety import FileKind, check_file


@dataclass(frozen=True, slots=True)
class CellProblem:
    sheet: str
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return _("sheet {sheet}, row {row}, column {column}, value «{value}»: {message}").format(
            sheet=self.sheet, row=self.row, column=self.column, value=self.value, message=self.message
        )


@dataclass(slots=True)
class ExchangeFile:
    path: Path
    providers: list[Provider] = field(default_factory=list)
    courses: list[Course] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)
    # Which catalogue wrote the file and its export number; None in files of older CourseHubs.
    catalogue_id: str | None = None
    sequence: int | None = None


class NotAnExchangeFile(CourseHubError):
    pass


def read_exchange(path: Path | str) -> ExchangeFile:
    from openpyxl import load_workbook

    checked = check_file(path)
    if checked.kind is not FileKind.XLSX:
        raise NotAnExchangeFile(
            _("{file} is not an XLSX exchange file exported by CourseHub.").format(file=checked.path.name)
        )
    book = load_workbook(checked.path, read_only=True, data_only=True)
    try:
        if COURSES_SHEET not in book.sheetnames:
            raise NotAnExchangeFile(
                _("{file} has no sheet called {sheet}; export it with `coursehub export xlsx`.").format(
                    file=checked.path.name, sheet=COURSES_SHEET
                )
            )
        neutralised = _check_version(book, checked.path) < 2  # format 1 wrote apostrophes
        result = ExchangeFile(checked.path)
        result.catalogue_id, result.sequence = _origin(_about(book))
        if PROVIDERS_SHEET in book.sheetnames:
            for number, row in _rows(book[PROVIDERS_SHEET], PROVIDER_COLUMNS, result):
                _add(
                    result,
                    PROVIDERS_SHEET,
                    number,
                    lambda r=row: provider_from_row(r, neutralised),
                    result.providers,
                )
        for number, row in _rows(book[COURSES_SHEET], COURSE_COLUMNS, result):
            _add(result, COURSES_SHEET, number, lambda r=row: course_from_row(r, neutralised), result.courses)
        return result
    finally:
        book.close()


def _about(book: Any) -> dict[str, Any]:
    if ABOUT_SHEET not in book.sheetnames:
        return {}
    return {
        str(row[0]): row[1]
        for row in book[ABOUT_SHEET].iter_rows(values_only=True, max_row=50)
        if row and row[0] is not None and len(row) > 1
    }


def _origin(about: dict[str, Any]) -> tuple[str | None, int | None]:
    """(catalogue id, sequence) from the About sheet; (None, None) unless both are sound."""
    catalogue = about.get("Catalogue")
    sequence = _format_version(about.get("Sequence"))
    if not isinstance(catalogue, str) or not catalogue.strip() or len(catalogue) > 64 or sequence is None:
        return None, None
    return catalogue.strip(), sequence


def _check_version(book: Any, path: Path) -> int:
    """The file's format version; refuses a file from a newer CourseHub whose format this
    one may misread."""
    if ABOUT_SHEET not in book.sheetnames:
        return 1
    about = _about(book)
    version = _format_version(about.get("Version"))
    if version is None:
        raise NotAnExchangeFile(
            _(
                "{file} does not say which exchange format it uses (its About sheet gives "
                "«{value}» as the version); export it again with `coursehub export xlsx`."
            ).format(file=path.name, value=str(about.get("Version", ""))[:40])
        )
    if version > FORMAT_VERSION:
        raise NotAnExchangeFile(
            _(
                "{file} was made by a newer CourseHub (exchange format "
                "{version}); update CourseHub to import it."
            ).format(file=path.name, version=int(version))
        )
    return int(version) if isinstance(version, int | float) else 1


def _format_version(value: Any) -> int | None:
    """The format version written in the About sheet: a whole number from 1, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, str) and value.strip().isascii() and value.strip().isdigit():
        value = int(value.strip()) if len(value.strip()) <= 6 else None
    return value if isinstance(value, int) and value >= 1 else None


def _rows(sheet: Any, columns: tuple[tuple[str, str], ...], result: ExchangeFile):
    """(row number, {key: value}) for each non-empty row under the header row."""
    rows = sheet.iter_rows(values_only=True)
    header = next(rows, None) or ()
    position = {str(h).strip(): i for i, h in enumerate(header) if h is not None}
    missing = [
        label for key, label in columns if label not in position and key not in OPTIONAL_PROVIDER_COLUMNS
    ]
    if missing:
        raise NotAnExchangeFile(
            _("The sheet {sheet} of {file} lacks the columns: {columns}.").format(
                sheet=sheet.title, file=result.path.name, columns=", ".join(missing)
            )
        )
    for number, values in enumerate(rows, start=2):
        if values is None or all(v is None or str(v).strip() == "" for v in values):
            continue
        yield (
            number,
            {
                key: (values[position[label]] if position.get(label, len(values)) < len(values) else None)
                for key, label in columns
            },
        )


def _add(result: ExchangeFile, sheet: str, number: int, build: Any, into: list) -> None:
    try:
        into.append(build())
    except RowError as error:
        result.problems += [CellProblem(sheet, number, p.field, p.value, p.message) for p in error.problems]
