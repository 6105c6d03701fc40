"""Telling how a CSV file's text is encoded, and refusing text that would turn to mojibake.

Order (docs/importing.md, "Library facts"): a byte-order mark wins; UTF-16 without one is recognised by its
zero bytes; then strict UTF-8; Windows text is invalid UTF-8 and is read as Windows-1250
or Windows-1252, whichever reads more like Latin-alphabet text (ë and ç are the same bytes
in both). UTF-8 that was read wrongly once ("Ã«" for "ë") is decoded again.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from coursehub.i18n import _

MOJIBAKE_MARKS = ("Ã«", "Ã§", "Ã‹", "Ã‡", "Ã©", "Ã¨", "Ã¼", "Ã¶", "Ã¤", "Â ", "â€")
_MARK_LETTERS = frozenset(mark[0] for mark in MOJIBAKE_MARKS)  # Ã, Â, â: rare in a course list
REPLACEMENT = "\ufffd"

# Characters each Windows code page produces that are unlikely in a course list.
_ODD_1252 = set("³¹²ðÐÞþ¥¦¨ª¬¯°±´µ¸º¼½¾ãõÃÕŒœŸ†‡‰‹›˜")
_ODD_1250 = set("ŕĺľĹĽŔŇňřŘůŮűŰőŐţŢ˘˙˝˛ˇ¤¦¨°±´µ¸ŤťŹź")
_SAMPLE = 256 * 1024


@dataclass(frozen=True, slots=True)
class Encoding:
    name: str  # a Python codec name
    label: str  # what to tell the person
    repair_mojibake: bool = False


class EncodingProblem(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def detect_encoding(path: Path) -> Encoding:
    """Read the file once or twice (in chunks) and decide; raise EncodingProblem to refuse."""
    with path.open("rb") as handle:
        head = handle.read(_SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        return _check_text(path, Encoding("utf-8-sig", "UTF-8"))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _check_text(path, Encoding("utf-16", "UTF-16"))
    if (utf16 := _utf16_without_bom(head)) is not None:
        return _check_text(path, utf16)
    if b"\x00" in head:
        raise EncodingProblem(_("it contains binary data, not text. Is it really a CSV file?"))
    try:
        return _check_text(path, Encoding("utf-8", "UTF-8"), other_encodings_possible=True)
    except _NotThisEncoding:
        return _check_text(path, _windows_code_page(head))


class _NotThisEncoding(Exception):
    pass


def _utf16_without_bom(head: bytes) -> Encoding | None:
    sample = head[:4096]
    if len(sample) < 4:
        return None
    even_zero = sample[0::2].count(0) / len(sample[0::2])
    odd_zero = sample[1::2].count(0) / len(sample[1::2])
    if odd_zero > 0.3 and even_zero < 0.05:
        return Encoding("utf-16-le", "UTF-16")
    if even_zero > 0.3 and odd_zero < 0.05:
        return Encoding("utf-16-be", "UTF-16")
    return None


def _windows_code_page(head: bytes) -> Encoding:
    scores = {}
    for name in ("cp1250", "cp1252"):
        try:
            text = head.decode(name)
        except UnicodeDecodeError:
            continue  # bytes this code page leaves undefined
        odd = _ODD_1250 if name == "cp1250" else _ODD_1252
        scores[name] = sum(ch in odd for ch in text if ch > "\x7f")
    if not scores:
        raise EncodingProblem(_("its text is in an encoding CourseHub cannot tell. Save it as CSV UTF-8."))
    # Albanian Windows uses code page 1250; it wins a tie.
    name = min(scores, key=lambda n: (scores[n], n != "cp1250"))
    return Encoding(name, "Windows-1250" if name == "cp1250" else "Windows-1252")


def _check_text(path: Path, encoding: Encoding, *, other_encodings_possible: bool = False) -> Encoding:
    """Look for mojibake or replacement characters in the decoded text."""
    decoder = codecs.getincrementaldecoder(encoding.name)("strict")
    found_mojibake = False
    try:
        with path.open("rb") as handle:
            while chunk := handle.read(1024 * 1024):
                text = decoder.decode(chunk)
                if REPLACEMENT in text:
                    raise EncodingProblem(
                        _(
                            "its text already holds replacement characters (�) where letters were "
                            "lost, e.g. «{preview}». Save the original again as CSV UTF-8."
                        ).format(preview=preview_around(text, text.index(REPLACEMENT)))
                    )
                if not found_mojibake and _has_marks(text):
                    found_mojibake = True
                    _check_repairable(text)
            decoder.decode(b"", final=True)
    except UnicodeDecodeError as error:
        if other_encodings_possible:
            raise _NotThisEncoding from error
        raise EncodingProblem(
            _("its text is not valid {encoding}. Save it as CSV UTF-8.").format(encoding=encoding.label)
        ) from error
    if found_mojibake:
        return Encoding(encoding.name, encoding.label + _(" (repaired: UTF-8 read twice)"), True)
    return encoding


def _has_marks(text: str) -> bool:
    """Whether `text` holds a mark of mojibake. A search for a single letter is many times
    quicker than for two (a 14 MB list: 0.15 s for every mark, a few ms for their letters),
    so the marks are looked for only in text that has one of their first letters."""
    return any(letter in text for letter in _MARK_LETTERS) and any(mark in text for mark in MOJIBAKE_MARKS)


def _check_repairable(text: str) -> None:
    mark = next(m for m in MOJIBAKE_MARKS if m in text)
    index = text.index(mark)
    start = text.rfind("\n", 0, index) + 1
    end = text.find("\n", index)
    line = text[start : end if end >= 0 else len(text)]
    if repair_mojibake(line) is None:
        raise EncodingProblem(
            _(
                "its text shows broken letters such as «{preview}» (UTF-8 read as another encoding) "
                "that cannot be repaired. Save the original again as CSV UTF-8."
            ).format(preview=preview_around(text, index))
        )


def repair_mojibake(text: str) -> str | None:
    """`text` with UTF-8 that was read as Windows-1252 decoded again, or None if impossible."""
    for name in ("cp1252", "cp1250", "latin-1"):
        try:
            repaired = text.encode(name).decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            continue
        if not any(mark in repaired for mark in MOJIBAKE_MARKS):
            return repaired
    return None


def has_mojibake(text: str) -> bool:
    return REPLACEMENT in text or any(mark in text for mark in MOJIBAKE_MARKS)


def preview_around(text: str, index: int, width: int = 30) -> str:
    return text[max(0, index - width) : index + width].replace("\n", " ").replace("\r", " ")
