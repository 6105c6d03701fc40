"""Albanian alphabetical order for names and titles shown to people.

The alphabet has 36 letters: a b c ç d dh e ë f g gj h i j k l ll m n nj o p q r rr s sh t
th u v x xh y z zh. So "Çela" comes after every "C…", "Dhimitri" after every other "D…",
"Ëngjëll" after "E…", "Shehu" after "Sula". Code-point order (Python's default) puts "Ç"
and "Ë" after "Z" and reads digraphs as two letters.

ICU (PyICU) knows this order, but PyICU has no wheels for Windows, where the office
works, so CourseHub carries the rule itself; tests/unit/test_collation.py checks it against
the order of the alphabet and against words ICU orders the same way.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

# "w" is not Albanian; it stands after "v" as in other Latin alphabets.
ALPHABET = (
    *("a", "b", "c", "ç", "d", "dh", "e", "ë", "f", "g", "gj", "h", "i", "j", "k", "l", "ll", "m"),
    *("n", "nj", "o", "p", "q", "r", "rr", "s", "sh", "t", "th", "u", "v", "w", "x", "xh", "y", "z", "zh"),
)
_RANK = {letter: rank for rank, letter in enumerate(ALPHABET, start=20)}
_DIGRAPH_STARTS = {letter[0] for letter in ALPHABET if len(letter) == 2}
_KEEP_ACCENTS = {"ç", "ë"}  # letters of their own; other accents (é, ü) sort as the base letter


def _base_letter(ch: str) -> str:
    if ch in _KEEP_ACCENTS:
        return ch
    decomposed = unicodedata.normalize("NFKD", ch)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or ch


@lru_cache(maxsize=65536)
def albanian_key(text: str) -> tuple[tuple[int, ...], str]:
    """A sort key: letters in Albanian order, case and accents only breaking ties.

    Spaces and punctuation sort before digits, digits before letters, so "Ana Çela" comes
    before "Anastasia" (as a phone book does). Other characters follow, by code point.
    """
    lowered = unicodedata.normalize("NFC", text.casefold())
    ranks: list[int] = []
    index = 0
    while index < len(lowered):
        ch = lowered[index]
        pair = lowered[index : index + 2]
        if ch in _DIGRAPH_STARTS and pair in _RANK:
            ranks.append(_RANK[pair])
            index += 2
            continue
        index += 1
        base = _base_letter(ch)
        if base in _RANK:
            ranks.append(_RANK[base])
        elif ch.isdigit():
            ranks.append(10 + int(ch) if ch in "0123456789" else 10)
        elif ch.isspace() or not ch.isalnum():
            ranks.append(1)
        else:
            ranks.append(100 + ord(ch))
    return tuple(ranks), text.swapcase()  # lower case before upper on a tie, as ICU
