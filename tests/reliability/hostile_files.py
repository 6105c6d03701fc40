"""Small hostile files, generated on the spot (a few hundred bytes each): the ones a careless
or hostile user brought to the importers (issue 13, findings 10, 12 and 15)."""

from __future__ import annotations

import csv
import io
import struct
import zipfile
from pathlib import Path

from tests.builders import COURSE_LIST_HEADERS

COURSE_HEADERS = [*COURSE_LIST_HEADERS, "Tarifa"]
GOOD_ROW = ["K-01", "Saldim", "7212", "Durrës", "2027-03-01", "2027-06-30", "Hën, Mër", "9-12", "12", "0"]

_ODS_MIME = b"application/vnd.oasis.opendocument.spreadsheet"
_MANIFEST = (
    b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
    b'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path'
    b'="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry'
    b' manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'
)


def course_csv(path: Path, **changes: str) -> Path:
    """A one-course list, with some cells of the good row replaced (by header name)."""
    row = list(GOOD_ROW)
    for header, value in changes.items():
        row[COURSE_HEADERS.index(header.replace("_", " "))] = value
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(COURSE_HEADERS)
    writer.writerow(row)
    path.write_text(text.getvalue(), encoding="utf-8")
    return path


def ods(path: Path, table_xml: bytes) -> Path:
    content = (
        b'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:'
        b'names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:'
        b'table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        b"<office:body><office:spreadsheet>" + table_xml + b"</office:spreadsheet></office:body>"
        b"</office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODS_MIME)
        archive.writestr("content.xml", content)
        archive.writestr("META-INF/manifest.xml", _MANIFEST)
    return path


def ods_repeat_bomb(path: Path, rows: int = 250_000, columns: int = 256) -> Path:
    """About 900 bytes: one non-empty cell repeated `columns` times in a row repeated `rows`
    times; each count is within the row and column limits, their product is 64 million cells."""
    cell = (
        f'<table:table-cell table:number-columns-repeated="{columns}" office:value-type="string">'
        "<text:p>x</text:p></table:table-cell>"
    ).encode()
    row = f'<table:table-row table:number-rows-repeated="{rows}">'.encode() + cell + b"</table:table-row>"
    return ods(path, b'<table:table table:name="S">' + row + b"</table:table>")


def ods_course_list(path: Path) -> Path:
    """A real-looking ODS course list, with LibreOffice's long runs of empty cells and rows."""

    def text_row(values: list[str]) -> bytes:
        cells = b"".join(
            b'<table:table-cell office:value-type="string"><text:p>'
            + v.encode()
            + b"</text:p></table:table-cell>"
            for v in values
        )
        return (
            b"<table:table-row>"
            + cells
            + b'<table:table-cell table:number-columns-repeated="1014"/></table:table-row>'
        )

    empty_tail = (
        b'<table:table-row table:number-rows-repeated="1048574">'
        b'<table:table-cell table:number-columns-repeated="1024"/></table:table-row>'
    )
    body = text_row(COURSE_HEADERS) + text_row(GOOD_ROW) + empty_tail
    return ods(path, b'<table:table table:name="Kurset">' + body + b"</table:table>")


def xlsx_with_false_size(path: Path) -> Path:
    """A valid XLSX whose worksheet entry declares 10 bytes in both zip headers."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(COURSE_HEADERS)
    book.active.append(GOOD_ROW)
    book.save(path)
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        entry = archive.getinfo("xl/worksheets/sheet1.xml")
    struct.pack_into("<I", data, entry.header_offset + 22, 10)  # local header: uncompressed size
    name = entry.filename.encode()
    at = data.find(b"PK\x01\x02")
    while at != -1:  # the central directory's record of the same entry
        name_length = struct.unpack_from("<H", data, at + 28)[0]
        if data[at + 46 : at + 46 + name_length] == name:
            struct.pack_into("<I", data, at + 24, 10)
        at = data.find(b"PK\x01\x02", at + 4)
    path.write_bytes(bytes(data))
    return path


def truncated_xlsx(path: Path) -> Path:
    """An XLSX cut off half way, as an interrupted download leaves it."""
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(COURSE_HEADERS)
    book.save(path)
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])
    return path


def hostile_files(folder: Path) -> dict[str, Path]:
    """Every hostile file by a short name, written into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    return {
        "ods-repeat-bomb": ods_repeat_bomb(folder / "bomb.ods"),
        "xlsx-false-size": xlsx_with_false_size(folder / "false-size.xlsx"),
        "xlsx-truncated": truncated_xlsx(folder / "truncated.xlsx"),
        "course-to-9999": course_csv(folder / "far.csv", **{"Data e mbarimit": "9999-12-31"}),
        "course-from-0001": course_csv(folder / "early.csv", **{"Data e fillimit": "0001-01-01"}),
        "fee-10e30": course_csv(folder / "fee.csv", Tarifa="1" + "0" * 30),
        "seats-huge": course_csv(folder / "seats.csv", Vende="9" * 25),
        "long-title": course_csv(folder / "long.csv", **{"Emri i kursit": "S" * 5_000}),
        "rtl-title": course_csv(folder / "rtl.csv", **{"Emri i kursit": "Saldim \u202egnidlew"}),
        "zero-width-code": course_csv(folder / "zw.csv", Kodi="K\u200b-01"),
        "empty": _write(folder / "empty.csv", b""),
        "random": _write(folder / "random.xlsx", b"PK\x03\x04" + bytes(range(256)) * 3),
    }


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path
