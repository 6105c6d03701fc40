"""The catalogue as CSV and XLSX.

CSV: UTF-8 with a byte-order mark (so Excel on Windows shows ë and ç), comma separated
or, for Excel set to Albanian (whose list separator is ";"), semicolon or tab separated.
Its columns are the ones `coursehub import` reads (Days and Time rather than the exchange's
Schedule), so an exported list reads back into the same provider unchanged.
XLSX: sheets Courses, Providers and About; dates are real date cells, numbers numbers.
Both use the fixed headers of coursehub.domain.exchange_format, and no value from
someone's file runs as a formula: CSV text is neutralised with an apostrophe (CSV has no
cell types), XLSX text is written as string cells, which show exactly as typed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from coursehub.domain.exchange_format import (
    ABOUT_SHEET,
    COURSE_COLUMNS,
    COURSES_SHEET,
    FORMAT_NAME,
    FORMAT_VERSION,
    FORMULA_STARTS,
    PROVIDER_COLUMNS,
    PROVIDERS_SHEET,
    course_row,
    neutralise,
    provider_row,
)
from coursehub.domain.model import Course, Provider
from coursehub.fileio import atomic_write


def cell_value(value: Any) -> Any:
    """What goes into a cell: text neutralised, None as empty, dates and numbers as they are."""
    if value is None:
        return None
    if isinstance(value, str):
        return neutralise(value)
    return value


_CSV_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    pair
    for key, header in COURSE_COLUMNS
    for pair in ((("days", "Days"), ("time", "Time")) if key == "schedule" else ((key, header),))
)
_DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")  # as the importer reads them


def csv_text(courses: Iterable[Course], delimiter: str = ",") -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow([header for _key, header in _CSV_COLUMNS])
    for course in courses:
        row = course_row(course) | _days_and_time(course)
        writer.writerow([_csv_cell(row[key]) for key, _header in _CSV_COLUMNS])
    return buffer.getvalue()


def _days_and_time(course: Course) -> dict[str, str]:
    """Days and one time span, as provider lists write them. A course whose sessions differ
    in time gets each day's time in the Time cell (the import then asks for one span)."""
    sessions = sorted(course.sessions)
    days = ", ".join(dict.fromkeys(_DAY_NAMES[int(s.weekday)] for s in sessions))
    spans = {(s.start, s.end) for s in sessions}
    if len(spans) == 1:
        ((start, end),) = spans
        return {"days": days, "time": f"{start:%H:%M}-{end:%H:%M}"}
    each = "; ".join(f"{_DAY_NAMES[int(s.weekday)]} {s.start:%H:%M}-{s.end:%H:%M}" for s in sessions)
    return {"days": days, "time": each}


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(cell_value(value))


def write_csv(courses: Iterable[Course], target: Path | str, delimiter: str = ",") -> None:
    with atomic_write(target, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(csv_text(courses, delimiter))


def write_xlsx(
    courses: Sequence[Course],
    providers: Sequence[Provider],
    target: Path | str,
    *,
    exported_at: datetime,
    source: str = "",
    catalogue_id: str = "",
    sequence: int | None = None,
) -> None:
    """`catalogue_id` and `sequence` (which catalogue wrote the file, its export number)
    let the office that takes it refuse an older file after a newer one."""
    from openpyxl import Workbook

    # Spreadsheets know no time zones: write the moment as UTC wall time.
    if exported_at.tzinfo is not None:
        exported_at = exported_at.astimezone(UTC).replace(tzinfo=None)
    book = Workbook()
    sheet = book.active
    sheet.title = COURSES_SHEET
    _fill(sheet, COURSE_COLUMNS, (course_row(c) for c in courses))
    _fill(book.create_sheet(PROVIDERS_SHEET), PROVIDER_COLUMNS, (provider_row(p) for p in providers))
    about = book.create_sheet(ABOUT_SHEET)
    for label, value in (
        ("Format", FORMAT_NAME),
        ("Version", FORMAT_VERSION),
        ("Exported at", exported_at.replace(microsecond=0)),
        ("Source", source),
        ("Courses", len(courses)),
        ("Providers", len(providers)),
        *([("Catalogue", catalogue_id), ("Sequence", sequence)] if catalogue_id and sequence else []),
    ):
        about.append([label, value])
    _keep_text(about)
    # A fixed creation time keeps two exports of the same catalogue identical.
    book.properties.created = book.properties.modified = exported_at.replace(microsecond=0)
    book.properties.creator = "CourseHub"
    with atomic_write(target, "wb") as handle:
        book.save(handle)


def _fill(sheet: Any, columns: Sequence[tuple[str, str]], rows: Iterable[dict[str, Any]]) -> None:
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    sheet.append([header for _key, header in columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = PatternFill("solid", fgColor="1D4E89")
    widths = [len(header) for _key, header in columns]
    for row in rows:
        values = [row[key] for key, _header in columns]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(48, len(str(value or ""))))
    _keep_text(sheet)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD.MM.YYYY"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _keep_text(sheet: Any) -> None:
    """A string cell is text, never a formula, whatever it starts with; the quote prefix
    (Excel's hidden apostrophe) keeps it text when someone edits the cell."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"
                if cell.value.startswith(FORMULA_STARTS):
                    cell.quotePrefix = True
