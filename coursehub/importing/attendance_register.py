"""Read a filled attendance register (the XLSX `coursehub attend export` writes, or a CSV
or ODS laid out the same way): the course, the date columns and each trainee's marks,
every cell checked. What does not fit the course itself (an unknown pseudonym, a date
without a session) is checked by the attendance service, which knows the course."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from coursehub.domain.attendance import NOTE_LIMIT, Mark
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.importing.problems import CellProblem
from coursehub.importing.readers import open_table

_COURSE_LABELS = ("course", "kursi", "kurs")
_PSEUDONYM_LABELS = ("pseudonym", "pseudonimi", "pseudonim")
_LOOK_FOR_HEADER = 40  # rows searched for the header row


@dataclass(frozen=True, slots=True)
class FilledCell:
    row: int
    column: str  # as the problem names it: the date heading
    value: str
    pseudonym: str
    day: date
    mark: Mark
    note: str


@dataclass
class FilledRegister:
    path: Path
    course_key: str = ""
    course_row: int = 0
    pseudonym_rows: dict[str, int] = field(default_factory=dict)
    dates: dict[date, str] = field(default_factory=dict)  # date -> its heading as shown
    date_rows: int = 0  # the header row's number
    cells: list[FilledCell] = field(default_factory=list)
    problems: list[CellProblem] = field(default_factory=list)


def read_register(path: Path | str) -> FilledRegister:
    """The register's marks and the problems of its cells (raises UnreadableFile)."""
    table = open_table(path)
    register = FilledRegister(table.path)
    header: list[Any] | None = None
    columns: dict[int, date] = {}
    for number, cells in table.rows:
        texts = [_text(c) for c in cells]
        if header is None:
            first = fold(texts[0]) if texts else ""
            if first.startswith(_COURSE_LABELS) and len(texts) > 1 and not register.course_key:
                register.course_key, register.course_row = texts[1].strip(), number
            if len(texts) > 1 and fold(texts[1]).startswith(_PSEUDONYM_LABELS):
                header, register.date_rows = cells, number
                columns = _date_columns(register, number, cells)
            elif number > _LOOK_FOR_HEADER:
                break
            continue
        _read_row(register, number, cells, columns)
    if not register.course_key:
        register.problems.append(
            CellProblem(
                1, "A", "", _("No row starting with «Course» that names the course as PROVIDER/CODE.")
            )
        )
    if header is None:
        register.problems.append(
            CellProblem(
                1, "B", "", _("No header row with «Pseudonym» in column B: is this an attendance register?")
            )
        )
    return register


def _date_columns(register: FilledRegister, row: int, cells: list[Any]) -> dict[int, date]:
    columns: dict[int, date] = {}
    for index, cell in enumerate(cells[3:], start=3):
        text = _text(cell)
        if not text:
            continue
        day = _as_date(cell)
        if day is None:
            register.problems.append(
                CellProblem(
                    row, _letter(index), text, _("A column heading must be a session date (dd.mm.yyyy).")
                )
            )
        elif day in register.dates:
            register.problems.append(CellProblem(row, _letter(index), text, _("This date has two columns.")))
        else:
            columns[index] = day
            register.dates[day] = f"{day:%d.%m.%Y}"
    return columns


def _read_row(register: FilledRegister, number: int, cells: list[Any], columns: dict[int, date]) -> None:
    texts = [_text(c) for c in cells]
    pseudonym = texts[1].strip().upper() if len(texts) > 1 else ""
    marks = [(i, t) for i, t in enumerate(texts[3:], start=3) if t]
    if not pseudonym:
        if marks:
            register.problems.append(
                CellProblem(number, "B", "", _("Marks in a row without a pseudonym: whose are they?"))
            )
        return
    if pseudonym in register.pseudonym_rows:
        register.problems.append(
            CellProblem(
                number,
                "B",
                pseudonym,
                _("{code} has two rows (the other is row {row}).").format(
                    code=pseudonym, row=register.pseudonym_rows[pseudonym]
                ),
            )
        )
        return
    register.pseudonym_rows[pseudonym] = number
    for index, text in marks:
        day = columns.get(index)
        column = register.dates.get(day, _letter(index)) if day else _letter(index)
        if day is None:
            register.problems.append(
                CellProblem(number, column, text, _("A mark in a column without a date."))
            )
            continue
        letter, _colon, note = text.partition(":")
        mark = Mark.parse(letter)
        if mark is None:
            register.problems.append(
                CellProblem(
                    number,
                    column,
                    text,
                    _("Write P (present), A (absent) or E (excused), optionally followed by «: note»."),
                )
            )
        elif len(note.strip()) > NOTE_LIMIT:
            register.problems.append(
                CellProblem(
                    number, column, text, _("A note has at most {n} characters.").format(n=NOTE_LIMIT)
                )
            )
        else:
            register.cells.append(FilledCell(number, column, text, pseudonym, day, mark, note.strip()))


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return f"{cell:%d.%m.%Y}"
    if isinstance(cell, date):
        return f"{cell:%d.%m.%Y}"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _as_date(cell: Any) -> date | None:
    if isinstance(cell, datetime):
        return cell.date()
    if isinstance(cell, date):
        return cell
    text = _text(cell)
    for pattern in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _letter(index: int) -> str:
    """The spreadsheet's column letter of a 0-based index (A, B, ..., Z, AA, ...)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters
