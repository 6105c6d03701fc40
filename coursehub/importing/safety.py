"""Checks a file must pass before any parser sees it.

Spreadsheet readers trust their input: a 35 KB zip bomb kept openpyxl busy for half a
minute and a sparse sheet with one far-away cell made python-calamine allocate gigabytes
(docs/importing.md, measured again here). So the file's kind is told from its first bytes,
an .xlsx/.ods zip directory is checked (entry count, declared sizes, compression ratio)
and the sheet's extent is read from its XML before python-calamine is asked to load it.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import BinaryIO

from coursehub.domain.errors import os_reason
from coursehub.i18n import _
from coursehub.importing.problems import UnreadableFile

MB = 1024 * 1024
MAX_TEXT_FILE_BYTES = 50 * MB  # a CSV of about 300,000 course rows
MAX_SPREADSHEET_BYTES = 25 * MB  # the .xlsx / .ods file itself
MAX_UNPACKED_BYTES = 300 * MB  # everything inside the zip, as declared
MAX_ENTRY_RATIO = 100  # unpacked size / packed size of one zip entry
MAX_ZIP_ENTRIES = 2_000
MAX_ROWS = 250_000
MAX_COLUMNS = 256
MAX_CELLS = 10_000_000  # rows x columns of the sheet's rectangle


class FileKind(StrEnum):
    CSV = "csv"
    XLSX = "xlsx"
    ODS = "ods"
    XLS = "xls"


@dataclass(frozen=True, slots=True)
class CheckedFile:
    path: Path
    kind: FileKind
    size: int


def limits_text() -> str:
    return _(
        "Limits: CSV up to {csv} MB; XLSX/ODS up to {sheet} MB ({unpacked} MB unpacked, "
        "compression at most {ratio}:1, {entries} zip entries); a sheet up to {rows} rows "
        "and {cols} columns."
    ).format(
        csv=MAX_TEXT_FILE_BYTES // MB,
        sheet=MAX_SPREADSHEET_BYTES // MB,
        unpacked=MAX_UNPACKED_BYTES // MB,
        ratio=MAX_ENTRY_RATIO,
        entries=f"{MAX_ZIP_ENTRIES:,}",
        rows=f"{MAX_ROWS:,}",
        cols=MAX_COLUMNS,
    )


def refuse(path: Path, message: str) -> UnreadableFile:
    return UnreadableFile(
        _("Cannot read {file}: {reason} Nothing was changed.").format(file=path.name, reason=message)
    )


def check_file(path: Path | str) -> CheckedFile:
    """The file's kind, told from its content; raises UnreadableFile for anything else."""
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(4096)
    except IsADirectoryError as error:
        raise refuse(path, _("this is a folder, not a file.")) from error
    except OSError as error:
        raise refuse(
            path, _("the file could not be opened ({error}).").format(error=os_reason(error))
        ) from error
    if size == 0 or not head.strip(b" \t\r\n\x00"):
        raise refuse(path, _("the file is empty."))
    if head.startswith(b"PK\x03\x04"):
        _check_size(path, size, MAX_SPREADSHEET_BYTES)
        return CheckedFile(path, _check_zip(path), size)
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        _check_size(path, size, MAX_SPREADSHEET_BYTES)
        return CheckedFile(path, FileKind.XLS, size)
    _check_size(path, size, MAX_TEXT_FILE_BYTES)
    _refuse_other_formats(path, head)
    return CheckedFile(path, FileKind.CSV, size)


def _check_size(path: Path, size: int, limit: int) -> None:
    if size > limit:
        raise refuse(
            path,
            _("the file is {size} MB; files of this kind may be at most {limit} MB.").format(
                size=round(size / MB, 1), limit=limit // MB
            ),
        )


_HTML = re.compile(
    rb"^\s*(<!doctype\s+html|<html|<head|<body|<table|<meta|<\?xml[^>]*>\s*<html)", re.IGNORECASE
)
_OTHER_SIGNATURES = {
    b"%PDF": "PDF",
    b"{\\rtf": "RTF",
    b"\x89PNG": "PNG",
    b"\xff\xd8\xff": "JPEG",
    b"GIF8": "GIF",
    b"SQLite format 3": "SQLite",
    b"\x1f\x8b": "gzip",
    b"Rar!": "RAR",
    b"7z\xbc\xaf": "7-Zip",
    b"MZ": "Windows program",
}


def _refuse_other_formats(path: Path, head: bytes) -> None:
    text_head = head.removeprefix(b"\xef\xbb\xbf")
    if _HTML.match(text_head) or (text_head.lstrip().startswith(b"<") and b"<html" in text_head.lower()):
        raise refuse(
            path,
            _(
                "this is a web page (HTML) saved under a spreadsheet name. Open it "
                "in Excel or LibreOffice and save it as .xlsx, .ods or .csv."
            ),
        )
    if text_head.lstrip().startswith(b"<?xml") and b"Workbook" in text_head:
        raise refuse(
            path,
            _(
                "this is an Excel 2003 XML file. Open it in Excel or LibreOffice "
                "and save it as .xlsx, .ods or .csv."
            ),
        )
    for signature, name in _OTHER_SIGNATURES.items():
        if head.startswith(signature):
            raise refuse(path, _("this is a {kind} file, not a spreadsheet or CSV.").format(kind=name))


def _check_zip(path: Path) -> FileKind:
    try:
        with zipfile.ZipFile(path) as archive:
            entries = archive.infolist()
            kind = _zip_kind(path, archive)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as error:
        raise damaged(path) from error
    if len(entries) > MAX_ZIP_ENTRIES:
        raise refuse(
            path,
            _("the file holds {n} parts; a spreadsheet has far fewer. It may be a zip bomb.").format(
                n=len(entries)
            ),
        )
    total = 0
    for entry in entries:
        total += entry.file_size
        packed = max(entry.compress_size, 1)
        if entry.file_size > MB and entry.file_size / packed > MAX_ENTRY_RATIO:
            raise refuse(
                path,
                _(
                    "a part of the file unpacks {ratio}-fold (at most {limit}-fold "
                    "is allowed). It may be a zip bomb."
                ).format(ratio=entry.file_size // packed, limit=MAX_ENTRY_RATIO),
            )
    if total > MAX_UNPACKED_BYTES:
        raise refuse(
            path,
            _("the file unpacks to {size} MB; at most {limit} MB is allowed.").format(
                size=total // MB, limit=MAX_UNPACKED_BYTES // MB
            ),
        )
    _check_declared_sizes(path, entries)
    return kind


def damaged(path: Path) -> UnreadableFile:
    return refuse(
        path, _("the file is damaged or incomplete (perhaps it was not fully copied or downloaded).")
    )


def _check_declared_sizes(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Every entry unpacks to exactly the size its directory declares.

    The limits above trust the declared sizes; a zip whose entry declares 10 bytes but
    unpacks to gigabytes would pass them, and the spreadsheet library reads the real data.
    So each entry is unpacked here, in pieces, stopping as soon as it passes its declared
    size: the work is bounded by MAX_UNPACKED_BYTES whatever the file claims."""
    try:
        with path.open("rb") as handle:
            for entry in entries:
                if _unpacked_size(handle, entry) != entry.file_size:
                    raise damaged(path)
    except (OSError, zlib.error, struct.error, EOFError) as error:
        raise damaged(path) from error


def _unpacked_size(handle: BinaryIO, entry: zipfile.ZipInfo) -> int:
    """The size of the entry's data once unpacked, counted up to one byte past the declared one."""
    handle.seek(entry.header_offset)
    header = handle.read(30)
    if len(header) < 30 or header[:4] != b"PK\x03\x04":
        return -1
    name_length, extra_length = struct.unpack("<HH", header[26:30])
    handle.seek(entry.header_offset + 30 + name_length + extra_length)
    if entry.compress_type == zipfile.ZIP_STORED:
        return entry.compress_size
    if entry.compress_type != zipfile.ZIP_DEFLATED:
        return -1  # spreadsheets use deflate; anything else is not one we read
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    left, produced, cap = entry.compress_size, 0, entry.file_size + 1
    while left > 0 and produced < cap:
        packed = handle.read(min(left, 1 * MB))
        if not packed:
            return -1
        left -= len(packed)
        produced += len(inflater.decompress(packed, min(cap - produced, _CHUNK)))
        while inflater.unconsumed_tail and produced < cap:  # at most _CHUNK bytes held at once
            produced += len(inflater.decompress(inflater.unconsumed_tail, min(cap - produced, _CHUNK)))
    return produced if inflater.eof or produced >= cap else -1


def _zip_kind(path: Path, archive: zipfile.ZipFile) -> FileKind:
    names = set(archive.namelist())
    if "xl/workbook.xml" in names:
        return FileKind.XLSX
    if "content.xml" in names and "mimetype" in names:
        mimetype = archive.read("mimetype")[:100]
        if b"spreadsheet" in mimetype:
            return FileKind.ODS
        raise refuse(path, _("this is an OpenDocument text or presentation, not a spreadsheet."))
    if "word/document.xml" in names:
        raise refuse(path, _("this is a Word document, not a spreadsheet."))
    raise refuse(path, _("this is a zip archive, not a spreadsheet."))


# Sheet extent ------------------------------------------------------------------------
# Literal prefixes keep these fast (about 0.2 s per 100,000 rows); the generic pattern with a
# namespace prefix is only used for the rare files that write "<x:row".
_XLSX_ROW = re.compile(rb"<row[^>]*?\sr=\"(\d+)\"")
_XLSX_PREFIXED_ROW = re.compile(rb"<\w+:row[^>]*?\sr=\"(\d+)\"")
_XLSX_WIDE_CELL = re.compile(rb" r=\"([A-Z]{2,})\d")
_CHUNK = 4 * MB


def check_sheet_extent(path: Path, kind: FileKind) -> None:
    """Refuse a sheet whose rectangle would be too large to hold, before it is loaded."""
    try:
        if kind is FileKind.XLSX:
            _check_xlsx_extent(path)
        elif kind is FileKind.ODS:
            _check_ods_extent(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, KeyError, ValueError) as error:
        raise damaged(path) from error


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


def _scan(archive: zipfile.ZipFile, name: str):
    """The entry's bytes in overlapping chunks, so a pattern never falls between two."""
    with archive.open(name) as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            yield tail + chunk
            tail = chunk[-256:]


def _check_xlsx_extent(path: Path) -> None:
    with zipfile.ZipFile(path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for name in sheets:
            max_row = max_col = row_elements = 0
            for chunk in _scan(archive, name):
                rows = _XLSX_ROW.findall(chunk)
                if b":row" in chunk:
                    rows += _XLSX_PREFIXED_ROW.findall(chunk)
                max_row = max((max_row, *map(int, rows)))
                row_elements += chunk.count(b"<row") + chunk.count(b":row ")
                for letters in _XLSX_WIDE_CELL.findall(chunk):
                    max_col = max(max_col, _column_number(letters))
            # rows may omit their number; then their count is the extent
            _check_extent(path, max(max_row, row_elements), max(max_col, 26))


def _check_ods_extent(path: Path) -> None:
    """The rectangle each table's cells with content span, counting every repeat, BEFORE
    anything is expanded: a 900-byte file can declare a row of 256 cells repeated 250,000
    times, each within the row and column limits, that a reader would unpack to gigabytes.
    Runs of empty cells and rows (LibreOffice writes them up to the sheet's edge) count
    only when content follows them."""
    extent = _OdsExtent(path)
    with zipfile.ZipFile(path) as archive:
        for chunk in _scan_whole_tags(archive, "content.xml"):
            extent.follow(chunk)


def _scan_whole_tags(archive: zipfile.ZipFile, name: str):
    """The entry's bytes in pieces that end before a tag's '<', so no tag is ever split."""
    with archive.open(name) as stream:
        tail = b""
        while chunk := stream.read(_CHUNK):
            buffer = tail + chunk
            cut = buffer.rfind(b"<")
            if cut <= 0:
                tail = buffer
                continue
            yield buffer[:cut]
            tail = buffer[cut:]
        if tail:
            yield tail


_ODS_TAG = re.compile(rb"<(/?)table:(table-row|table-cell|covered-table-cell|table)(?=[\s/>])([^>]*)>")
_ROWS_REPEATED = re.compile(rb"number-rows-repeated=\"(\d+)\"")
_COLUMNS_REPEATED = re.compile(rb"number-columns-repeated=\"(\d+)\"")
_CELL_END = b"</table:"


class _OdsExtent:
    """Follows the tags of one content.xml and refuses as soon as a table grows too large.

    One tight loop per chunk (a 100,000-row sheet has millions of tags); a cell has content
    when it declares a value type or holds text before its end tag."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.next_row = self.rows_used = self.columns_used = 0
        self.row_repeat, self.column, self.row_columns_used = 1, 0, 0

    def follow(self, chunk: bytes) -> None:
        next_row, rows_used, columns_used = self.next_row, self.rows_used, self.columns_used
        row_repeat, column, row_columns_used = self.row_repeat, self.column, self.row_columns_used
        for match in _ODS_TAG.finditer(chunk):
            closing, name, attributes = match.groups()
            if name == b"table-cell" or name == b"covered-table-cell":
                if closing:
                    continue
                repeat = 1
                if b"repeated" in attributes:
                    repeat = _repeat(_COLUMNS_REPEATED, attributes)
                column += repeat
                if b"value-type" in attributes or (
                    not attributes.endswith(b"/") and _holds_text(chunk, match.end())
                ):
                    row_columns_used = column
            elif name == b"table-row":
                if not closing:
                    row_repeat = _repeat(_ROWS_REPEATED, attributes) if b"repeated" in attributes else 1
                    column = row_columns_used = 0
                    if not attributes.endswith(b"/"):
                        continue
                next_row += row_repeat
                if row_columns_used:
                    rows_used = next_row
                    columns_used = max(columns_used, row_columns_used)
                    _check_extent(self.path, rows_used, columns_used)
                row_repeat, row_columns_used = 1, 0
            elif closing:  # the end of a table: the next one starts afresh
                next_row = rows_used = columns_used = 0
        self.next_row, self.rows_used, self.columns_used = next_row, rows_used, columns_used
        self.row_repeat, self.column, self.row_columns_used = row_repeat, column, row_columns_used


def _holds_text(chunk: bytes, start: int) -> bool:
    """True when text follows before the cell's end (or the cell goes on past this chunk)."""
    stop = chunk.find(_CELL_END, start)
    text = chunk.find(b"<text:", start, stop if stop >= 0 else len(chunk))
    return stop < 0 or text >= 0


def _repeat(pattern: re.Pattern[bytes], attributes: bytes) -> int:
    found = pattern.search(attributes)
    return int(found.group(1)) if found else 1


def _check_extent(path: Path, rows: int, columns: int) -> None:
    if rows > MAX_ROWS:
        raise refuse(
            path,
            _("the sheet reaches row {n}; at most {limit} rows are allowed.").format(
                n=f"{rows:,}", limit=f"{MAX_ROWS:,}"
            ),
        )
    if columns > MAX_COLUMNS:
        raise refuse(
            path,
            _("the sheet reaches column {n}; at most {limit} columns are allowed.").format(
                n=f"{columns:,}", limit=MAX_COLUMNS
            ),
        )
    if rows * columns > MAX_CELLS:
        raise refuse(
            path,
            _("the sheet is too large ({rows} rows by {cols} columns).").format(
                rows=f"{rows:,}", cols=columns
            ),
        )
