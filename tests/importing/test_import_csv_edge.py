"""The classic CSV edge cases (csv-spectrum, csvkit examples; copies and sources in
tests/fixtures/import/edge): quotes, embedded newlines, CRLF, BOM, blank lines, encodings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from coursehub.importing.problems import UnreadableFile
from coursehub.importing.readers import open_table

EDGE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "edge"
SPECTRUM = sorted((EDGE / "csv-spectrum" / "csvs").glob("*.csv"))


def _records(path: Path) -> list[dict[str, str]]:
    rows = [cells for _, cells in open_table(path).rows]
    header, body = rows[0], [r for r in rows[1:] if r]
    return [dict(zip(header, r, strict=False)) for r in body]


@pytest.mark.parametrize("path", SPECTRUM, ids=lambda p: p.stem)
def test_csv_spectrum(path):
    if path.stem == "location_coordinates":
        # The file itself holds U+FFFD where degree signs were lost: refused, with a preview.
        with pytest.raises(UnreadableFile, match=r"replacement characters.*121"):
            _records(path)
        return
    expected = json.loads((path.parent.parent / "json" / f"{path.stem}.json").read_text())
    got = _records(path)
    assert [{k: v.replace("\r\n", "\n") for k, v in r.items()} for r in got] == [
        {k: v.replace("\r\n", "\n") for k, v in r.items()} for r in expected
    ]


def test_quoted_newlines_keep_row_numbers():
    rows = list(open_table(EDGE / "csv-spectrum" / "csvs" / "quotes_and_newlines.csv").rows)
    assert [n for n, _ in rows] == [1, 2, 3]


@pytest.mark.parametrize(
    ("name", "last"),
    [
        ("test_utf16_little.csv", "ʤ"),
        ("test_utf16_big.csv", "ʤ"),
        ("test_utf8_bom.csv", "ʤ"),
        ("test_latin1.csv", "©"),
    ],
)
def test_encodings(name, last):
    rows = [cells for _, cells in open_table(EDGE / "csvkit" / name).rows]
    assert rows[-1][-1] == last and rows[0][0] in ("a", "foo")


def test_mac_newlines_and_tabs():
    rows = [cells for _, cells in open_table(EDGE / "csvkit" / "mac_newlines.csv").rows]
    assert rows[2] == ["Once upon\ra time", "5", "6"]
    assert [c for _, c in open_table(EDGE / "csvkit" / "dummy.tsv").rows] == [
        ["a", "b", "c"],
        ["1", "2", "3"],
    ]


def test_blank_lines_count_as_rows(tmp_path):
    path = tmp_path / "b.csv"
    path.write_text("a,b\n\n1,2\n\n\n3,4\n", encoding="utf-8")
    assert [(n, c) for n, c in open_table(path).rows if c] == [
        (1, ["a", "b"]),
        (3, ["1", "2"]),
        (6, ["3", "4"]),
    ]


def test_null_byte_and_empty_are_refused():
    with pytest.raises(UnreadableFile, match="binary"):
        list(open_table(EDGE / "csvkit" / "null_byte.csv").rows)
    with pytest.raises(UnreadableFile, match="empty"):
        open_table(EDGE / "csvkit" / "empty.csv")


def test_ragged_rows_are_read(tmp_path):
    rows = [c for _, c in open_table(EDGE / "csvkit" / "bad.csv").rows]
    assert rows[0] == ["column_a", "column_b", "column_c"] and len(rows[1]) == 4


@pytest.mark.parametrize(
    ("encoding", "text"),
    [
        ("cp1250", "Kodi;Trajneri\nK1;Đorđe Čačić, Ëngjëll Çela\n"),
        ("cp1252", "Kodi;Trajneri\nK1;Café crème à Durrës, Ëngjëll Çela\n"),
    ],
)
def test_windows_code_pages(tmp_path, encoding, text):
    path = tmp_path / "w.csv"
    path.write_bytes(text.encode(encoding))
    rows = [c for _, c in open_table(path).rows]
    assert rows[1][1] == text.split(";")[-1].strip()
