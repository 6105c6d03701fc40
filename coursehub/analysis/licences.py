"""Courses that start while their provider may not teach: a provider that needs a licence
(domain.model.Provider.needs_licence) has none recorded, or its licence ran out before the
course's first day. Cancelled courses are left out; a licence without an end date counts
as valid."""

from __future__ import annotations

from collections.abc import Iterable

from coursehub.domain.collation import albanian_key
from coursehub.domain.model import Course, Provider
from coursehub.domain.outcomes import LicenceLapseRow
from coursehub.domain.text import fold


def licence_lapses(courses: Iterable[Course], providers: Iterable[Provider]) -> list[LicenceLapseRow]:
    by_name = {fold(p.name): p for p in providers}
    rows = []
    for course in courses:
        provider = by_name.get(fold(course.provider))
        if provider is None or not course.is_live:
            continue
        lapse = provider.licence_lapse(course.start)
        if lapse is not None:
            rows.append(
                LicenceLapseRow(
                    provider=provider.name,
                    code=course.code,
                    title=course.title,
                    start=course.start,
                    lapse=lapse,
                    licence_number=provider.licence_number,
                    valid_until=provider.licence_valid_until,
                )
            )
    return sorted(rows, key=lambda r: (albanian_key(r.provider), r.start, r.code))
