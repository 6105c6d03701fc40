"""The attendance register as an XLSX workbook for a trainer to fill in, read back by
importing.attendance_register (same layout: label cells in column A above a header row
of No., Pseudonym, Trainee and one column per held session date)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from coursehub.exporting.spreadsheets import cell_value
from coursehub.fileio import atomic_write

HEADER_ROW = 7  # the row of No., Pseudonym, Trainee and the dates (the reader finds it by its labels)


@dataclass(frozen=True, slots=True)
class RegisterRow:
    pseudonym: str
    label: str  # the name where the roster rules allow it, else the pseudonym
    cells: dict[date, str]  # a date's mark as written: "P", "A", "E", optionally "E: note"


@dataclass(frozen=True, slots=True)
class RegisterSheet:
    """Everything the workbook shows, already in the user's language."""

    title: str
    course_label: str
    course_key: str  # PROVIDER/CODE: the reader finds the course by it
    course_title: str
    legend_label: str
    legend: str
    holidays: str  # the dates without a session, named
    headings: tuple[str, str, str]  # No., Pseudonym, Trainee
    dates: Sequence[date]
    rows: Sequence[RegisterRow]
    written_at: datetime


def write_register(sheet_data: RegisterSheet, target: Path | str) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    book = Workbook()
    sheet = book.active
    sheet.title = "Register"
    sheet.append([cell_value(sheet_data.title)])
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.append([cell_value(sheet_data.course_label), cell_value(sheet_data.course_key)])
    sheet.append(["", cell_value(sheet_data.course_title)])
    sheet.append([cell_value(sheet_data.legend_label), cell_value(sheet_data.legend)])
    sheet.append(["", cell_value(sheet_data.holidays)])
    sheet.append([])
    header = [cell_value(h) for h in sheet_data.headings] + list(sheet_data.dates)
    sheet.append(header)
    head_fill = PatternFill("solid", fgColor="1D4E89")
    for cell in sheet[HEADER_ROW]:
        cell.font = Font(bold=True, color="FFFFFF")
        cell.fill = head_fill
        cell.alignment = Alignment(
            horizontal="center", text_rotation=90 if isinstance(cell.value, date) else 0
        )
        if isinstance(cell.value, date):
            cell.number_format = "DD.MM.YYYY"
    for number, row in enumerate(sheet_data.rows, start=1):
        marks = [row.cells.get(day, "") for day in sheet_data.dates]
        sheet.append([number, cell_value(row.pseudonym), cell_value(row.label), *map(cell_value, marks)])
    for row_cells in sheet.iter_rows(min_row=HEADER_ROW + 1):
        for cell in row_cells[3:]:
            cell.alignment = Alignment(horizontal="center")
    for column, width in ((1, 5), (2, 15), (3, 28)):
        sheet.column_dimensions[get_column_letter(column)].width = width
    for index in range(len(sheet_data.dates)):
        sheet.column_dimensions[get_column_letter(4 + index)].width = 5
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=4)
    for row_cells in sheet.iter_rows():
        for cell in row_cells:
            if isinstance(cell.value, str):
                cell.data_type = "s"
    book.properties.created = book.properties.modified = sheet_data.written_at.replace(microsecond=0)
    book.properties.creator = "CourseHub"
    with atomic_write(target, "wb") as handle:
        book.save(handle)
