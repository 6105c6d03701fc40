"""An XLSX sheet read in pieces (importing/xlsx_chunks.py) gives the cells python-calamine
gives for the whole sheet, numbers rows as the spreadsheet shows them, and an import that
meets a damaged piece after others were written leaves the database as it was."""

from __future__ import annotations

import zipfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from import_fixtures import SQ_HEADERS, SQ_ROWS, write_xlsx

from coursehub.importing import xlsx_chunks
from coursehub.importing.problems import UnreadableFile
from coursehub.importing.readers import _sheet_rows
from coursehub.importing.xlsx_chunks import chunked_rows
from coursehub.services import importing


def _whole(path: Path, sheet: str) -> list[tuple[int, list]]:
    from python_calamine import CalamineWorkbook

    return _comparable(_sheet_rows(CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet)))


def _comparable(rows) -> list[tuple[int, list]]:
    """Each cell with its type; trailing empty cells left out (a piece is as wide as its
    widest row, the whole sheet as wide as the sheet)."""
    shown = []
    for number, cells in rows:
        cells = list(cells)
        while cells and cells[-1] == "":
            cells.pop()
        shown.append((number, [(type(c).__name__, c) for c in cells]))
    return shown


def _varied_workbook(path: Path, *, date1904: bool = False) -> Path:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.epoch = datetime(1904, 1, 1) if date1904 else workbook.epoch
    first = workbook.active
    first.title = "Other"
    first["A1"] = "not this sheet"
    sheet = workbook.create_sheet("Kurset")
    formats = ["General", "0.00", "dd.mm.yyyy", "yyyy-mm-dd h:mm", "h:mm", "[h]:mm:ss", '"Date" 0']
    for n in range(300):
        row = 3 + n * 2 + (n % 7 == 3) * 5  # starts at row 3; gaps of empty rows
        sheet.cell(row, 3, f"  Kursi {n} ") if n % 3 else sheet.cell(row, 3, n)
        sheet.cell(row, 4, date(2027, 1 + n % 12, 1 + n % 28))
        sheet.cell(row, 5, datetime(2027, 3, 4, n % 24, n % 60))
        sheet.cell(row, 6, time(n % 24, 30))
        sheet.cell(row, 7, timedelta(hours=n))
        sheet.cell(row, 8, n % 2 == 0)
        numbered = sheet.cell(row, 9, 45000 + n / 4)
        numbered.number_format = formats[n % len(formats)]
        sheet.cell(row, 10, "=1+1")
        if n % 11 == 0:
            sheet.cell(row, 14).number_format = "0.00"  # styled but empty
        if n % 13 == 0:
            sheet.cell(row, 12, "Fushë-Krujë\nrreshti 2")
    workbook.save(path)
    return path


@pytest.mark.parametrize("date1904", [False, True])
@pytest.mark.parametrize("chunk_bytes", [1, 5_000, 10**9])
def test_pieces_give_exactly_the_cells_of_the_whole_sheet(tmp_path, chunk_bytes, date1904):
    path = _varied_workbook(tmp_path / "varied.xlsx", date1904=date1904)
    pieces = chunked_rows(path, "Kurset", chunk_bytes)
    assert pieces is not None
    read = _comparable(pieces)
    assert read == _whole(path, "Kurset")
    assert read[0][0] == 3  # the sheet's first row with a value, as the spreadsheet shows it
    kinds = {kind for _, cells in read for kind, _ in cells}
    assert kinds >= {"str", "float", "date", "datetime", "time", "timedelta", "bool"}


def test_inline_strings_errors_and_rich_text_come_out_as_calamine_gives_them(tmp_path):
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b"<sheetData>"
        b'<row r="2"><c r="B2" t="inlineStr"><is><t>  trimmed  </t></is></c>'
        b'<c r="C2" t="inlineStr"><is><t xml:space="preserve">  kept  </t></is></c>'
        b'<c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><v>formula text</v></c>'
        b'<c r="F2" t="inlineStr"><is><r><t>rich </t></r><r><t xml:space="preserve">text</t></r></is></c>'
        b'<c r="G2" t="b"><v>0</v></c><c r="H2"><v>7</v></c><c r="I2" t="inlineStr"/></row>'
        b'<row r="3"/><row r="4"><c r="A4" t="inlineStr"><is><t>a_x000D_b &amp; c</t></is></c></row>'
        b'<row><c t="inlineStr"><is><t>no numbers</t></is></c><c><v>1.5</v></c></row>'
        b'<row r="9"><c r="B9"><v>2</v></c></row>'
        b"</sheetData></worksheet>"
    )
    path = _with_sheet(tmp_path / "inline.xlsx", sheet)
    for chunk_bytes in (1, 10**9):
        pieces = chunked_rows(path, "Kurset 2027", chunk_bytes)
        assert pieces is not None
        assert _comparable(pieces) == _whole(path, "Kurset 2027")


def _with_sheet(path: Path, sheet_xml: bytes) -> Path:
    base = write_xlsx(path.with_name("base.xlsx"), SQ_HEADERS, SQ_ROWS[:1], extra_sheet=False)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, data)
    return path


def test_a_problem_names_the_row_the_spreadsheet_shows_when_the_sheet_starts_lower(service, tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Kurset"
    sheet.cell(4, 1, "Lista e kurseve")  # rows 1 to 3 empty
    for column, header in enumerate(SQ_HEADERS, start=1):
        sheet.cell(6, column, header)
    seats = SQ_HEADERS.index("Vende")
    for offset, row in enumerate(SQ_ROWS[:3]):
        for column, value in enumerate(row, start=1):
            sheet.cell(7 + offset, column, "dhjetë" if offset == 1 and column == seats + 1 else value)
    path = tmp_path / "lower.xlsx"
    workbook.save(path)
    report = service.import_courses(path, "P", dry_run=True)
    assert [(e.row, e.column, e.value) for e in report.errors] == [(8, "Vende", "dhjetë")]


def test_a_damaged_piece_after_written_ones_leaves_the_database_as_it_was(
    service, tmp_path, db_bytes, monkeypatch
):
    rows = [[f"SQ-{n:03d}", *SQ_ROWS[0][1:]] for n in range(200)]
    good = write_xlsx(tmp_path / "good.xlsx", SQ_HEADERS, rows, extra_sheet=False)
    with zipfile.ZipFile(good) as source:
        sheet = source.read("xl/worksheets/sheet1.xml")
    last_row = sheet.rfind(b"<row ")
    broken = sheet[:last_row] + b'<row r="999"><c r="A999" t="inlineStr"><is><t>&nope;</t></is></c></row>'
    broken += sheet[sheet.index(b"</sheetData>") :]
    path = _with_sheet(tmp_path / "broken.xlsx", broken)
    monkeypatch.setattr(xlsx_chunks, "CHUNK_BYTES", 2_000)  # many pieces,
    monkeypatch.setattr(importing, "_BATCH", 10)  # and rows written before the broken one
    before = db_bytes()
    with pytest.raises(UnreadableFile, match="cannot be read"):
        service.import_courses(path, "P")
    assert db_bytes() == before
