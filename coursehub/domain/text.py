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
