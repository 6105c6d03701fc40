"""The catalogue as CSV and XLSX.

CSV: UTF-8 with a byte-order mark (so Excel on Windows shows ë and ç), comma separated.
XLSX: sheets Courses, Providers and About; dates are real date cells, numbers numbers.
Both use the fixed headers of coursehub.domain.exchange_format, and every text cell is
neutralised so that no value from someone's file runs as a formula.
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


def csv_text(courses: Iterable[Course]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([header for _key, header in COURSE_COLUMNS])
    for course in courses:
        row = course_row(course)
        writer.writerow([_csv_cell(row[key]) for key, _header in COURSE_COLUMNS])
    return buffer.getvalue()


def _csv_cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(cell_value(value))


def write_csv(courses: Iterable[Course], target: Path | str) -> None:
    with atomic_write(target, "w", encoding="utf-8-sig", newline="") as handle:
        handle.write(csv_text(courses))


def write_xlsx(
    courses: Sequence[Course],
    providers: Sequence[Provider],
    target: Path | str,
    *,
    exported_at: datetime,
    source: str = "",
) -> None:
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
        ("Source", cell_value(source)),
        ("Courses", len(courses)),
        ("Providers", len(providers)),
    ):
        about.append([label, value])
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
        values = [cell_value(row[key]) for key, _header in columns]
        sheet.append(values)
        for index, value in enumerate(values):
            widths[index] = max(widths[index], min(48, len(str(value or ""))))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula, whatever it starts with
            elif isinstance(cell.value, (date, datetime)):
                cell.number_format = "DD.MM.YYYY"
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions
