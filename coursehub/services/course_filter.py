"""Which courses a printout or an export covers: by municipality, venue, provider or
occupation (an ISCO code prefix or words of its title). Text is compared folded, so
"Durres" finds Durrës and "qfp durres" finds QFP Durrës."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from coursehub.domain.model import Course
from coursehub.domain.reference import Reference
from coursehub.domain.text import fold
from coursehub.i18n import _


@dataclass(frozen=True, slots=True)
class CourseFilter:
    municipality: str | None = None
    venue: str | None = None
    provider: str | None = None
    occupation: str | None = None
    live_only: bool = False

    def apply(self, courses: Iterable[Course], reference: Reference) -> list[Course]:
        return [c for c in courses if self.matches(c, reference)]

    def matches(self, course: Course, reference: Reference) -> bool:
        if self.live_only and not course.is_live:
            return False
        if self.municipality and fold(course.municipality) != fold(
            reference.municipality(self.municipality) or self.municipality
        ):
            return False
        if self.venue and fold(self.venue) not in fold(course.venue):
            return False
        if self.provider and fold(self.provider) not in fold(course.provider):
            return False
        return not self.occupation or _occupation_matches(self.occupation, course, reference)

    def describe(self) -> str:
        """The filters in words, printed under a title ("" when nothing is filtered)."""
        parts = [
            (_("Municipality"), self.municipality),
            (_("Venue"), self.venue),
            (_("Provider"), self.provider),
            (_("Occupation"), self.occupation),
        ]
        return " · ".join(f"{label}: {value}" for label, value in parts if value)


def _occupation_matches(wanted: str, course: Course, reference: Reference) -> bool:
    text = wanted.strip()
    if text.isdigit():
        return course.occupation.startswith(text)
    occupation = reference.occupation(course.occupation)
    titles = (occupation.title_en, occupation.title_sq) if occupation else ()
    return any(fold(text) in fold(title) for title in titles if title)
