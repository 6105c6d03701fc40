"""Readers: a file in, its sheet names and rows out, each row with its spreadsheet row number.

Rows are produced lazily so a CSV of any length is read in constant memory, and an XLSX
sheet a few thousand rows at a time (importing/xlsx_chunks.py). Cells are str for CSV;
python-calamine gives str, float, int, bool, date, datetime, time or timedelta for
XLSX/ODS/XLS (merged cells: the value sits in the top-left cell, the others are empty).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.importing import safety
from coursehub.importing.problems import UnreadableFile
from coursehub.importing.safety import FileKind, refuse
from coursehub.importing.text_decoding import (
    MOJIBAKE_MARKS,
    Encoding,
    EncodingProblem,
    detect_encoding,
    preview_around,
    repair_mojibake,
)
from coursehub.importing.xlsx_chunks import chunked_rows, sheet_unreadable, short_error

Row = tuple[int, list[Any]]  # (row number as the spreadsheet shows it, cells)
_SEPARATORS = (",", ";", "\t")
_FIELD_LIMIT = 100_000


@dataclass
class Table:
    """One sheet of a file, opened: its rows are read as they are iterated."""

    path: Path
    kind: FileKind
    sheet_names: list[str]
    sheet: str
    rows: Iterator[Row]
    notes: list[str] = field(default_factory=list)  # how it was read: encoding, separator


def open_table(path: Path | str, sheet: str | None = None) -> Table:
    """Check the file, then open one sheet (the first unless `sheet` names another)."""
    checked = safety.check_file(path)
    if checked.kind is FileKind.CSV:
        return _open_csv(checked.path)
    return _open_workbook(checked.path, checked.kind, sheet)


# CSV -----------------------------------------------------------------------------------
def _open_csv(path: Path) -> Table:
    try:
        encoding = detect_encoding(path)
    except EncodingProblem as problem:
        raise refuse(path, problem.message) from None
    separator = _sniff_separator(path, encoding)
    notes = [
        _("Read as CSV ({encoding}), columns separated by {separator}.").format(
            encoding=encoding.label, separator=_separator_name(separator)
        )
    ]
    return Table(path, FileKind.CSV, [path.stem], path.stem, _csv_rows(path, encoding, separator), notes)


def _separator_name(separator: str) -> str:
    return {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}[separator]


def _sniff_separator(path: Path, encoding: Encoding) -> str:
    """The separator that splits the first lines into the most equal, widest rows."""
    with path.open(encoding=encoding.name, newline="", errors="replace") as handle:
        sample = handle.read(64 * 1024)
    lines = sample.splitlines()[:40]
    if len(sample) == 64 * 1024 and len(lines) > 1:
        lines = lines[:-1]  # the last line may be cut off
    best, best_score = ",", (0, 0)
    for separator in _SEPARATORS:
        counts = [len(r) for r in csv.reader(lines, delimiter=separator) if any(c.strip() for c in r)]
        wide = [n for n in counts if n >= 2]
        if not wide:
            continue
        mode = max(set(wide), key=wide.count)
        score = (wide.count(mode) + len(wide), mode)
        if score > best_score:
            best, best_score = separator, score
    return best


def _csv_rows(path: Path, encoding: Encoding, separator: str) -> Iterator[Row]:
    with path.open(encoding=encoding.name, newline="") as handle:
        lines: Iterable[str] = _repaired_lines(handle, path) if encoding.repair_mojibake else handle
        reader = csv.reader(lines, delimiter=separator, strict=False)
        number = 0
        try:
            for number, cells in enumerate(reader, start=1):
                if len(cells) > safety.MAX_COLUMNS:
                    cells = _trim_columns(path, number, cells)
                if number > safety.MAX_ROWS:
                    raise refuse(
                        path, _("it has more than {limit} rows.").format(limit=f"{safety.MAX_ROWS:,}")
                    )
                yield number, cells
        except csv.Error as error:
            if "field larger" in str(error):
                raise refuse(
                    path,
                    _("a cell in row {row} is longer than {limit} characters.").format(
                        row=number + 1, limit=f"{_FIELD_LIMIT:,}"
                    ),
                ) from error
            raise refuse(
                path, _("row {row} cannot be read as CSV ({error}).").format(row=number + 1, error=error)
            ) from error
        except UnicodeDecodeError as error:
            raise refuse(
                path,
                _("its text is not valid {encoding} near row {row}.").format(
                    encoding=encoding.label, row=number + 1
                ),
            ) from error


def _trim_columns(path: Path, number: int, cells: list[str]) -> list[str]:
    """Empty cells beyond the limit are dropped; a row really that wide is refused."""
    if any(c.strip() for c in cells[safety.MAX_COLUMNS :]):
        raise refuse(
            path,
            _("row {row} has {n} columns; at most {limit} are allowed.").format(
                row=number, n=f"{len(cells):,}", limit=safety.MAX_COLUMNS
            ),
        )
    return cells[: safety.MAX_COLUMNS]


def _repaired_lines(lines: Iterable[str], path: Path) -> Iterator[str]:
    for line in lines:
        if any(mark in line for mark in MOJIBAKE_MARKS):
            repaired = repair_mojibake(line)
            if repaired is None:
                index = next(line.index(m) for m in MOJIBAKE_MARKS if m in line)
                raise refuse(
                    path,
                    _("its text shows broken letters such as «{preview}» that cannot be repaired.").format(
                        preview=preview_around(line, index)
                    ),
                )
            line = repaired
        yield line


def csv_field_limit() -> None:
    """A sane field size (Python's default); never the unlimited one sqlite_utils.cli sets."""
    if csv.field_size_limit() != _FIELD_LIMIT:
        csv.field_size_limit(_FIELD_LIMIT)


csv_field_limit()


# Workbooks ------------------------------------------------------------------------------
def _open_workbook(path: Path, kind: FileKind, sheet: str | None) -> Table:
    from python_calamine import CalamineWorkbook

    safety.check_sheet_extent(path, kind)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
        names = list(workbook.sheet_names)
    except Exception as error:  # calamine raises its own error types for damaged files
        raise refuse(
            path,
            _("the spreadsheet is damaged or not really a {kind} file ({error}).").format(
                kind=kind.value.upper(), error=short_error(error)
            ),
        ) from error
    if not names:
        raise refuse(path, _("the workbook has no sheets."))
    chosen = _choose_sheet(path, names, sheet)
    notes = [_("Read sheet {sheet} of {count}.").format(sheet=chosen, count=len(names))]
    if kind is FileKind.XLSX:
        pieces = chunked_rows(path, chosen)
        if pieces is not None:  # read a few thousand rows at a time (importing/xlsx_chunks.py)
            workbook.close()
            return Table(path, kind, names, chosen, pieces, notes)
    try:
        data = workbook.get_sheet_by_name(chosen)
    except Exception as error:
        raise sheet_unreadable(path, chosen, error) from error
    if data.height > safety.MAX_ROWS or data.width > safety.MAX_COLUMNS:
        raise refuse(
            path,
            _(
                "the sheet has {rows} rows and {cols} columns; at most {max_rows} "
                "rows and {max_cols} columns are allowed."
            ).format(
                rows=f"{data.height:,}",
                cols=f"{data.width:,}",
                max_rows=f"{safety.MAX_ROWS:,}",
                max_cols=safety.MAX_COLUMNS,
            ),
        )
    return Table(path, kind, names, chosen, _sheet_rows(data), notes)


def _choose_sheet(path: Path, names: list[str], wanted: str | None) -> str:
    if wanted is None or wanted == "":
        return names[0]
    if wanted in names:
        return wanted
    by_fold = {fold(n): n for n in names}
    if fold(wanted) in by_fold:
        return by_fold[fold(wanted)]
    if wanted.isdigit() and 1 <= int(wanted) <= len(names):
        return names[int(wanted) - 1]
    raise refuse(
        path,
        _("there is no sheet called {sheet}; its sheets are: {names}.").format(
            sheet=wanted, names=", ".join(names)
        ),
    )


def _sheet_rows(data: Any) -> Iterator[Row]:
    """From the first row with a value, each row numbered as the spreadsheet shows it.

    calamine's iter_rows starts at the sheet's first row (empty rows above the first value
    included) and at the first column with a value; the rows above are skipped here, as
    when the sheet is read in pieces, and the columns before are put back as empty cells."""
    if not data.start:
        return
    first_row, first_col = data.start
    pad = [""] * first_col
    for offset, cells in enumerate(islice(data.iter_rows(), first_row, None)):
        yield first_row + 1 + offset, (pad + cells if pad else cells)


__all__ = ["Row", "Table", "UnreadableFile", "open_table"]
