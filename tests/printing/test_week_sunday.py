"""Sunday on the printed week calendar: a page gets a Sunday column exactly when a course
meets on Sunday that week."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from coursehub.domain.model import Weekday, WeeklySession
from coursehub.services.catalogue import CatalogueService
from tests.conftest import DEMO_YEAR
from tests.printing.test_printouts import pages_text, service


def meets_on_sunday(store, first: date, last: date) -> str:
    """Gives the demo's first course a Sunday session from `first` to `last`; its title."""
    catalogue = CatalogueService(store)
    course = catalogue.courses()[0]
    sunday = WeeklySession(Weekday.SU, time(10), time(12))
    catalogue.save_course(replace(course, start=first, end=last, sessions=(*course.sessions, sunday)))
    return course.title


def test_sunday_column_only_on_weeks_with_a_sunday_session(demo_store):
    # Week 11 of 2027 runs from Monday 15 to Sunday 21 March; the course ends on that Sunday.
    title = meets_on_sunday(demo_store, date(DEMO_YEAR, 3, 15), date(DEMO_YEAR, 3, 21))
    pdf = service(demo_store).week_calendar(DEMO_YEAR, 11, weeks=2)
    # A busy week's key may go on over a page of its own ("Week N, YYYY: key (continued)").
    pages = pages_text(pdf.data)
    with_sunday = "\n".join(page for page in pages if "Week 11, 2027" in page)
    without = "\n".join(page for page in pages if "Week 12, 2027" in page)
    assert "Week 11, 2027: 15.03.2027 – 21.03.2027" in with_sunday
    assert "Sunday 21.03" in with_sunday and title in with_sunday
    assert "Week 12, 2027: 22.03.2027 – 27.03.2027" in without
    assert "Saturday 27.03" in without and "Sunday" not in without
