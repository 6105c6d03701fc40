"""The week calendar keeps layouts and drawings between weeks and printouts (block shapes,
block lines, key entries): what it prints must not depend on what it kept."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from coursehub.printing.recorded import recording, stamp
from coursehub.printing.week_calendar import clear_printing_caches
from tests.conftest import DEMO_YEAR
from tests.printing.test_printouts import pages_text, service


def test_a_calendar_printed_with_everything_kept_is_the_same_as_a_first_one(demo_store):
    printing = service(demo_store)
    clear_printing_caches()
    first = printing.week_calendar(DEMO_YEAR, 10, weeks=6).data
    again = printing.week_calendar(DEMO_YEAR, 10, weeks=6).data
    # Weeks 12 to 15 come back from what weeks 10 to 15 kept, in other places in the file.
    later = printing.week_calendar(DEMO_YEAR, 12, weeks=4).data
    clear_printing_caches()
    later_first = printing.week_calendar(DEMO_YEAR, 12, weeks=4).data
    assert first == again
    assert later == later_first
    assert "Week 12, 2027" in pages_text(later)[0]


def test_calendars_printed_at_once_in_two_threads_are_whole(demo_store):
    from datetime import datetime

    from coursehub.printing.document import Imprint
    from coursehub.printing.week_calendar import week_calendar
    from coursehub.scheduling.holidays import HolidayCalendar
    from coursehub.scheduling.week import iso_monday

    with demo_store.read() as uow:  # the store stays in this thread; only printing runs in two
        courses = uow.courses.list()
    imprint = Imprint("test", datetime(2027, 3, 1, 9, 30), invariant=True)

    def calendar(_n: int = 0) -> bytes:
        return week_calendar(courses, HolidayCalendar(), iso_monday(DEMO_YEAR, 18), 3, imprint).data

    alone = calendar()
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(calendar, range(4)))
    assert all(result == alone for result in results)


def test_a_recorded_shape_is_drawn_once_and_stamped_where_asked():
    from reportlab.pdfgen.canvas import Canvas

    drawn = []

    def square(canvas) -> None:
        drawn.append(1)
        canvas.rect(0, 0, 10, 10, stroke=1, fill=0)

    shape = recording(("test-square", 10), square)
    assert recording(("test-square", 10), square) == shape
    assert len(drawn) == 1
    canvas = Canvas("unused.pdf")
    stamp(canvas, 12.5, 40, shape)
    page = canvas.getCurrentPageContent()
    assert page.startswith("q 1 0 0 1 12.5 40 cm") and page.endswith("Q")
    assert "0 0 10 10 re" in page
