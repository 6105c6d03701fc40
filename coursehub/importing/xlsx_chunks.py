"""An XLSX sheet read in pieces of rows, each piece by python-calamine itself.

python-calamine 0.9 has no lazy reader: it holds the whole sheet (a 100,000-row course
list took the process from 77 to 212 MB). Reading the sheet's XML ourselves would make
memory flat, but every cell would then have to come out exactly as calamine gives it
(numbers as float, dates by number format, the 1904 calendar, trimmed or preserved
spaces, rich text, errors as empty cells), and the per-row checks depend on that.

So the sheet's XML is cut between rows (at a `</row>`), and each piece is wrapped in a
small workbook of its own: the same workbook, relationships, styles and shared strings,
with a sheet holding only those rows. calamine reads each small workbook; the cell values
are calamine's own, and only one piece is held at a time. Row numbers come from the rows'
`r` attributes (absolute), so a piece's rows keep their sheet numbers; the rows between
two pieces that hold no value come out empty, as calamine gives them in one sheet.

The one difference from reading the sheet whole: a row is as long as its piece's widest
row, not the sheet's, so trailing empty cells may be fewer. Every row reader pads a row
to the columns it reads, so the import sees the same cells.

A row without its `r` number is numbered by calamine from the row before it, so a piece is
never cut just before one. When the package is unusual (a part missing or unreadable),
`chunked_rows` gives None and the caller reads the sheet whole, as before.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from itertools import islice
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from coursehub.i18n import _
from coursehub.importing.problems import UnreadableFile
from coursehub.importing.safety import damaged, refuse

CHUNK_BYTES = 2 * 1024 * 1024  # sheet XML per piece: about 2,000 rows of a course list
_READ = 1024 * 1024
_RELATIONSHIP_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_SHEET_DATA = re.compile(rb"<(\w+:)?sheetData\b[^>]*?(/?)>")
Row = tuple[int, list[Any]]  # as in importing.readers


class _Unusual(Exception):
    """The package is laid out in a way this reader does not cut: read the sheet whole."""


def chunked_rows(path: Path, sheet: str, chunk_bytes: int | None = None) -> Iterator[Row] | None:
    """The sheet's rows, read piece by piece; None when the sheet must be read whole."""
    try:
        package = _Package(path, sheet)
    except (_Unusual, KeyError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    return package.rows(chunk_bytes or CHUNK_BYTES)


class _Package:
    """The parts calamine reads when it opens a workbook, and where the sheet's XML is."""

    def __init__(self, path: Path, sheet: str) -> None:
        self.path = path
        self.sheet = sheet
        with zipfile.ZipFile(path) as archive:
            by_lower = {name.lower(): name for name in archive.namelist()}

            def entry(name: str) -> str:
                found = by_lower.get(name.lower())
                if found is None:
                    raise _Unusual(name)
                return found

            # The same part names calamine uses: the folder of the office document, then
            # workbook.xml and _rels/workbook.xml.rels in it.
            package_rels = entry("_rels/.rels")
            document = _office_document(archive.read(package_rels))
            folder = document.rpartition("/")[0] + "/" if "/" in document else ""
            workbook, workbook_rels = f"{folder}workbook.xml", f"{folder}_rels/workbook.xml.rels"
            self.sheet_entry = entry(
                _sheet_target(archive, entry(workbook), entry(workbook_rels), sheet, folder)
            )
            # The parts calamine reads on opening (shared strings and styles are optional).
            self.parts: dict[str, bytes] = {}
            for name in ("[Content_Types].xml", package_rels, workbook, workbook_rels):
                self.parts[entry(name)] = archive.read(entry(name))
            for optional in (f"{folder}sharedStrings.xml", f"{folder}styles.xml"):
                if optional.lower() in by_lower:
                    self.parts[by_lower[optional.lower()]] = archive.read(by_lower[optional.lower()])

    def rows(self, chunk_bytes: int) -> Iterator[Row]:
        from python_calamine import CalamineWorkbook

        next_row = 0  # the first row number not yet given (0: none given yet)
        for piece in self._pieces(chunk_bytes):
            try:
                data = CalamineWorkbook.from_filelike(io.BytesIO(piece)).get_sheet_by_name(self.sheet)
            except Exception as error:  # calamine's own error types, as when read whole
                raise sheet_unreadable(self.path, self.sheet, error) from error
            del piece
            start = data.start
            if start is None:
                continue  # a piece without any value
            first_row, first_col = start[0] + 1, start[1]
            if next_row:
                for number in range(next_row, first_row):
                    yield number, []
            pad = [""] * first_col
            # iter_rows starts at the sheet's first row: the rows above the piece's are skipped
            for number, cells in enumerate(islice(data.iter_rows(), start[0], None), start=first_row):
                yield number, (pad + cells if pad else cells)
                next_row = number + 1
            del data

    def _pieces(self, chunk_bytes: int) -> Iterator[bytes]:
        """Small workbooks, each with a run of the sheet's rows."""
        with zipfile.ZipFile(self.path) as archive, archive.open(self.sheet_entry) as stream:
            head = b""
            while (found := _SHEET_DATA.search(head)) is None:
                more = stream.read(_READ)
                if not more:
                    raise damaged(self.path)
                head += more
            if found.group(2):  # <sheetData/>: no rows at all
                yield self._workbook(head[: found.end()], b"")
                return
            prefix = head[: found.end()]
            tag = found.group(1) or b""
            row_end = b"</" + tag + b"row>"
            closing = b"</" + tag + b"sheetData></" + tag + b"worksheet>"
            pending = head[found.end() :]
            sheet_end = b"</" + tag + b"sheetData>"
            while True:
                more = stream.read(_READ)
                pending += more
                end = pending.find(sheet_end)
                if end >= 0:
                    yield self._workbook(prefix, pending[:end] + closing)
                    return
                if not more:
                    raise damaged(self.path)
                if len(pending) >= chunk_bytes:
                    cut = _cut(pending, row_end, tag)
                    if cut > 0:
                        yield self._workbook(prefix, pending[:cut] + closing)
                        pending = pending[cut:]

    def _workbook(self, prefix: bytes, rows: bytes) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as out:
            for name, data in self.parts.items():
                out.writestr(name, data)
            out.writestr(self.sheet_entry, prefix + rows)
        return buffer.getvalue()


def _cut(pending: bytes, row_end: bytes, tag: bytes) -> int:
    """Where to cut: after the last complete row whose successor carries its row number
    (a row without `r` is numbered from the one before it, which must stay in its piece)."""
    end = pending.rfind(row_end)
    while end > 0:
        cut = end + len(row_end)
        following = pending[cut : cut + 200]
        start = following.find(b"<" + tag + b"row")
        tag_end = following.find(b">", start) if start >= 0 else -1
        if start < 0 or tag_end < 0 or b' r="' in following[start:tag_end]:
            return cut
        end = pending.rfind(row_end, 0, end)
    return 0


def _office_document(relationships: bytes) -> str:
    for relation in ElementTree.fromstring(relationships):
        if str(relation.get("Type", "")).endswith("/relationships/officeDocument"):
            return _part_name(str(relation.get("Target", "")), "")
    raise _Unusual("officeDocument")


def _sheet_target(archive: zipfile.ZipFile, workbook: str, rels: str, sheet: str, folder: str) -> str:
    targets = {
        str(r.get("Id", "")): str(r.get("Target", "")) for r in ElementTree.fromstring(archive.read(rels))
    }
    for element in ElementTree.fromstring(archive.read(workbook)).iter():
        if element.tag.rpartition("}")[2] == "sheet" and element.get("name") == sheet:
            relation = element.get(_RELATIONSHIP_ID) or _any_id(element.attrib)
            if relation in targets:
                return _part_name(targets[relation], folder)
    raise _Unusual(sheet)


def _any_id(attributes: dict[str, Any]) -> str:
    return next((str(v) for k, v in attributes.items() if k.rpartition("}")[2] == "id"), "")


def _part_name(target: str, folder: str) -> str:
    return target[1:] if target.startswith("/") else folder + target


def sheet_unreadable(path: Path, sheet: str, error: Exception) -> UnreadableFile:
    """calamine's error about one sheet, in the words the person reads."""
    return refuse(
        path, _("the sheet {sheet} cannot be read ({error}).").format(sheet=sheet, error=short_error(error))
    )


def short_error(error: Exception) -> str:
    return str(error).splitlines()[0][:160] if str(error) else type(error).__name__
