"""Folding text so that "DATA E FILLIMIT:", "data e fillimit" and "Data e fillimit" compare equal."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def strip_accents(text: str) -> str:
    if text.isascii():  # nothing to strip; most venue and trainer names are plain ASCII
        return text
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def fold(text: str) -> str:
    """Lower case, no accents, punctuation and runs of spaces as one space, trimmed."""
    return _NON_ALNUM.sub(" ", strip_accents(text).casefold()).strip()


def fold_compact(text: str) -> str:
    """`fold` without any spaces: "Fushë-Krujë" and "fushe kruje" both give "fushekruje"."""
    return fold(text).replace(" ", "")


# Names and titles ----------------------------------------------------------------------
MAX_NAME_LENGTH = 200  # a person's name, a course title, a venue: one line of a printout


def invisible_characters(text: str) -> list[str]:
    """The invisible or direction-changing characters in `text`, as U+XXXX codes.

    Right-to-left overrides (U+202E) make a printed name read differently from what was
    stored, and zero-width characters make two identical-looking names differ. Such text is
    refused, not silently cleaned, so the person who typed or exported it sees what was
    wrong (docs/importing.md). Format (Cf) and control (Cc) characters are refused; tabs
    and line breaks too, since a name or title is one line.
    """
    if text.isascii() and text.isprintable():
        return []
    found = {
        f"U+{ord(ch):04X}" for ch in text if unicodedata.category(ch) in ("Cf", "Cc") or ch in "\u2028\u2029"
    }
    return sorted(found)


def shown_value(text: str, limit: int = 80) -> str:
    """A value as a message may quote it: invisible and direction-changing characters written
    as <U+202E>, so the message reads as stored, and a long value cut to `limit` characters."""
    if not invisible_characters(text):
        return text if len(text) <= limit else text[:limit] + "…"
    visible = "".join(
        f"<U+{ord(ch):04X}>" if unicodedata.category(ch) in ("Cf", "Cc") or ch in "\u2028\u2029" else ch
        for ch in text[:limit]
    )
    return visible + ("…" if len(text) > limit else "")
