"""Hostile and broken files: a plain message (UnreadableFile, exit code 2), quickly, and the
database untouched."""

from __future__ import annotations

import time
import zipfile

import pytest
from import_fixtures import SQ_HEADERS, SQ_ROWS, write_csv, write_xlsx

from coursehub.importing.problems import UnreadableFile
from coursehub.importing.readers import open_table


def _refused(service, path, match, db_bytes):
    before = db_bytes()
    started = time.perf_counter()
    with pytest.raises(UnreadableFile, match=match) as caught:
        service.import_courses(path, "P")
    assert time.perf_counter() - started < 10
    assert path.name in caught.value.message and "Nothing was changed" in caught.value.message
    assert db_bytes() == before
    return caught.value.message


def _xlsx_with_sheet(path, sheet_xml: bytes, compression=zipfile.ZIP_DEFLATED):
    base = write_xlsx(path.with_name("base.xlsx"), SQ_HEADERS, SQ_ROWS[:1], extra_sheet=False)
    with zipfile.ZipFile(base) as source, zipfile.ZipFile(path, "w", compression) as target:
        for item in source.infolist():
            data = sheet_xml if item.filename == "xl/worksheets/sheet1.xml" else source.read(item)
            target.writestr(item.filename, data)
    return path


def test_zip_bomb_is_refused_before_parsing(service, tmp_path, db_bytes):
    head = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData>'
    )
    filler = b"<!--" + b" " * (20 * 1024 * 1024) + b"-->"
    path = _xlsx_with_sheet(tmp_path / "bomb.xlsx", head + filler + b"</sheetData></worksheet>")
    assert path.stat().st_size < 1024 * 1024
    _refused(service, path, "zip bomb|unpacks", db_bytes)


def test_too_many_zip_entries(service, tmp_path, db_bytes):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        for n in range(2_100):
            archive.writestr(f"xl/x{n}.xml", "")
    _refused(service, path, "parts", db_bytes)


def test_billion_laughs(service, tmp_path, db_bytes):
    lol = (
        b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        + b"".join(
            b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
            for i in range(1, 10)
        )
        + b']><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
        b"</sheetData></worksheet>"
    )
    _refused(service, _xlsx_with_sheet(tmp_path / "lol.xlsx", lol), "cannot be read", db_bytes)


def test_far_away_cell_would_make_a_huge_sheet(service, tmp_path, db_bytes):
    sheet = (
        b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>x'
        b'</t></is></c></row><row r="200000"><c r="DDD200000" t="inlineStr"><is><t>y</t>'
        b"</is></c></row></sheetData></worksheet>"
    )
    _refused(service, _xlsx_with_sheet(tmp_path / "far.xlsx", sheet), "column|too large", db_bytes)


def test_million_columns_csv(service, tmp_path, db_bytes):
    path = tmp_path / "wide.csv"
    path.write_text(";".join(SQ_HEADERS) + "\n" + ";x" * 1_000_000 + "\n", encoding="utf-8")
    _refused(service, path, "columns", db_bytes)


def test_enormous_cell_csv(service, tmp_path, db_bytes):
    path = tmp_path / "long.csv"
    path.write_text(";".join(SQ_HEADERS) + "\n" + "x" * 200_000 + "\n", encoding="utf-8")
    _refused(service, path, "longer than", db_bytes)


def test_million_empty_columns_are_trimmed(service, tmp_path):
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, SQ_ROWS[:1])
    with path.open("a", encoding="utf-8") as handle:
        handle.write("," * 1_000_000 + "\n")
    assert service.import_courses(path, "P").added == 1


def test_truncated_xlsx(service, tmp_path, db_bytes):
    whole = write_xlsx(tmp_path / "whole.xlsx", SQ_HEADERS, SQ_ROWS, extra_sheet=False)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    _refused(service, cut, "damaged|incomplete", db_bytes)


@pytest.mark.parametrize("name", ["list.xls", "list.csv", "list.xlsx"])
def test_html_saved_as_spreadsheet(service, tmp_path, db_bytes, name):
    path = tmp_path / name
    path.write_text(
        "<!DOCTYPE html><html><body><table><tr><td>Kodi</td></tr></table></body></html>", encoding="utf-8"
    )
    _refused(service, path, "web page", db_bytes)


def test_empty_file(service, tmp_path, db_bytes):
    (tmp_path / "empty.csv").write_bytes(b"")
    _refused(service, tmp_path / "empty.csv", "empty", db_bytes)


def test_binary_junk(service, tmp_path, db_bytes):
    (tmp_path / "junk.csv").write_bytes(bytes(range(256)) * 50)
    _refused(service, tmp_path / "junk.csv", "binary", db_bytes)


def test_pdf_named_xlsx(service, tmp_path, db_bytes):
    (tmp_path / "k.xlsx").write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n")
    _refused(service, tmp_path / "k.xlsx", "PDF", db_bytes)


def test_word_document(service, tmp_path, db_bytes):
    path = tmp_path / "k.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    _refused(service, path, "Word", db_bytes)


def test_missing_file_and_folder(service, tmp_path, db_bytes):
    _refused(service, tmp_path / "nope.csv", "could not be opened", db_bytes)
    (tmp_path / "dir.csv").mkdir()
    _refused(service, tmp_path / "dir.csv", "folder", db_bytes)


def test_too_big_csv(service, tmp_path, db_bytes, monkeypatch):
    from coursehub.importing import safety

    monkeypatch.setattr(safety, "MAX_TEXT_FILE_BYTES", 1000)
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, SQ_ROWS * 4)
    assert "at most" in _refused(service, path, "MB", db_bytes)


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_csv_is_decoded(service, tmp_path, encoding):
    path = write_csv(tmp_path / "k.csv", SQ_HEADERS, SQ_ROWS[:2], encoding=encoding)
    report = service.import_courses(path, "P")
    assert report.added == 2 and report.errors == []


def test_unknown_sheet_lists_the_sheets(service, tmp_path, db_bytes):
    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, SQ_ROWS[:1])
    before = db_bytes()
    with pytest.raises(UnreadableFile, match="no sheet called") as caught:
        service.import_courses(path, "P", sheet="Nope")
    message = caught.value.message
    assert db_bytes() == before
    assert "Kurset 2027" in message and "Shënime" in message


def test_ods_with_huge_repeated_filled_cells(service, tmp_path, db_bytes):
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    document = OpenDocumentSpreadsheet()
    table = Table(name="x")
    row = TableRow(numberrowsrepeated=1_000_000)
    cell = TableCell(valuetype="string", numbercolumnsrepeated=200)
    cell.addElement(P(text="x"))
    row.addElement(cell)
    table.addElement(row)
    document.spreadsheet.addElement(table)
    document.save(str(tmp_path / "big.ods"))
    _refused(service, tmp_path / "big.ods", "rows|too large", db_bytes)


def test_open_table_gives_sheet_names(tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, SQ_ROWS[:1])
    table = open_table(path, "Kurset 2027")
    assert table.sheet_names == ["Shënime", "Kurset 2027"]


def test_wrong_sheet_names_the_other_sheets(service, tmp_path):
    path = write_xlsx(tmp_path / "k.xlsx", SQ_HEADERS, SQ_ROWS[:1])
    with pytest.raises(UnreadableFile, match="Kurset 2027"):
        service.import_courses(path, "P")
