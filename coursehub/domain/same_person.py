"""The same person registered twice: folded Albanian names and birth dates that nearly agree.

The rule (docs/enrolment.md, "The same person twice"):
- Names are folded: case, accents and ë/e, ç/c, punctuation and extra spaces, doubled
  letters (ll/l, rr/r, and any other letter typed twice) and word order do not matter.
- Two folded names are "nearly the same" when, word by word (sorted), at most one letter
  differs in total, only inside a word of five or more letters (not its first or last
  letter). A different letter in a short word (Arta/Alda) or a different ending
  (Hoxha/Hoxhaj, Arbër/Arbën) is another person's name.
- Birth dates must be equal, or be the same date with day and month swapped (a typing slip
  between 04.03 and 03.04). Any other difference is a different person: a father and son
  with the same name differ by their birth date.
A match is only a warning: the user decides.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from coursehub.domain.text import fold
from coursehub.domain.trainees import Trainee
from coursehub.i18n import N_, _

_DOUBLED = re.compile(r"(.)\1+")
# A word shorter than this must be spelt the same (after folding) to match.
SHORTEST_WORD_WITH_SLIP = 5

SAME_NAME = N_("same name and birth date")
NEAR_NAME = N_("nearly the same name (one letter differs) and the same birth date")
SWAPPED_DATE = N_("same name; birth date with day and month swapped ({one} / {other})")


def name_key(name: str) -> str:
    """The folded name: "Hoxha  ARBËR" and "arber hoxha" both give "arber hoxha"."""
    words = (_DOUBLED.sub(r"\1", word) for word in fold(name).split())
    return " ".join(sorted(w for w in words if w))


def _one_letter_apart(one: str, other: str) -> bool:
    """One letter replaced, added or dropped inside the word. The first and last letters must
    agree: Albanian names differ there (Arbër/Arbën, Hoxha/Hoxhaj, Lika/Likaj)."""
    if one[0] != other[0] or one[-1] != other[-1] or abs(len(one) - len(other)) > 1:
        return False
    if len(one) == len(other):
        return sum(a != b for a, b in zip(one, other, strict=True)) <= 1
    short, long_ = sorted((one, other), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(1, len(long_) - 1))


def names_nearly_equal(one_key: str, other_key: str) -> bool:
    """Same words, with at most one letter slip in one long word."""
    ones, others = one_key.split(), other_key.split()
    if len(ones) != len(others):
        return False
    slips = 0
    for a, b in zip(ones, others, strict=True):
        if a == b:
            continue
        if min(len(a), len(b)) < SHORTEST_WORD_WITH_SLIP or not _one_letter_apart(a, b):
            return False
        slips += 1
    return slips <= 1


def dates_swapped(one: date, other: date) -> bool:
    """The same date with day and month typed the other way round."""
    return one != other and one.year == other.year and (one.day, one.month) == (other.month, other.day)


@dataclass(frozen=True, slots=True)
class LikelyMatch:
    trainee: Trainee
    reason: str  # translated, never naming the person

    @property
    def pseudonym(self) -> str:
        return self.trainee.pseudonym


def match_reason(new: Trainee, existing: Trainee) -> str | None:
    """Why `existing` is probably the person `new` describes, or None."""
    if not new.name or not existing.name or new.birth_date is None or existing.birth_date is None:
        return None
    new_key, old_key = name_key(new.name), name_key(existing.name)
    same_name = new_key == old_key
    if not same_name and not names_nearly_equal(new_key, old_key):
        return None
    if new.birth_date == existing.birth_date:
        if same_name:
            return _(SAME_NAME)
        return _(NEAR_NAME)
    if same_name and dates_swapped(new.birth_date, existing.birth_date):
        return _(SWAPPED_DATE).format(
            one=new.birth_date.strftime("%d.%m.%Y"), other=existing.birth_date.strftime("%d.%m.%Y")
        )
    return None


def likely_matches(new: Trainee, people: Iterable[Trainee]) -> list[LikelyMatch]:
    """The people who are probably `new` already registered (anonymised records never match)."""
    found = []
    for person in people:
        if person.is_anonymised or (new.id is not None and person.id == new.id):
            continue
        if (reason := match_reason(new, person)) is not None:
            found.append(LikelyMatch(person, reason))
    return sorted(found, key=lambda m: m.pseudonym)
