"""Printing speed: 1,000 enrolment sheets and 52 calendar weeks, against ReportLab drawing
the same tables bare.

    python3 benchmarks/bench_printing.py                  # 1,000 sheets, 52 weeks
    python3 benchmarks/bench_printing.py --sheets 200 --weeks 12

The catalogue is the demo catalogue (44 courses of 2027); each sheet is one course with a
roster of 12 enrolled and 3 waiting (names with ë and ç), rendered to its own PDF as
`coursehub print sheet` does. "Bare" is what the same content costs in plain ReportLab:
a SimpleDocTemplate with a title, the facts as a string table and the trainee table as
string cells in the same embedded font, no escaping, no page N of M; for the calendar, a
page per week with a title, the hour grid with a rectangle and the title per session (no
columns for overlapping sessions, no text fitting) and the key as a Table of Paragraphs.
Times are CPU seconds of this process (time.process_time), so that other programs on a
busy machine do not blur the comparison; ours and bare run alternately in batches. The two
need not make the same number of pages (a long roster or a busy week may take two), so the
figure compared is seconds per page: the ratio is CourseHub's seconds per page over bare
ReportLab's, per batch (the median is quoted) and overall.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from coursehub.domain.people import Roster, RosterEntry
from coursehub.domain.reference import load_reference
from coursehub.printing.document import Imprint
from coursehub.printing.enrolment_sheet import enrolment_sheet
from coursehub.printing.facts import course_facts
from coursehub.printing.fonts import SANS, SANS_BOLD, register_fonts
from coursehub.printing.week_calendar import week_calendar
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand
from coursehub.scheduling.week import iso_monday
from coursehub.services.demo import load_demo
from coursehub.storage import open_store


def demo_courses() -> list:
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        load_demo(store, 2027)
        with store.read() as uow:
            courses = uow.courses.list()
        store.close()
    return courses


def roster(course) -> Roster:
    enrolled = tuple(RosterEntry(f"Ëndrita Çela {n}", f"P-{n:04d}", "enrolled") for n in range(12))
    waiting = tuple(RosterEntry(f"P-9{n:03d}", f"P-9{n:03d}", "waiting", n + 1) for n in range(3))
    return Roster(course, enrolled, waiting)


def ours_sheets(courses, count: int) -> tuple[float, int]:
    reference, imprint = load_reference(), Imprint("bench", datetime(2027, 3, 1, 9, 0))
    started, pages = time.process_time(), 0
    for n in range(count):
        pages += enrolment_sheet(roster(courses[n % len(courses)]), reference, imprint).pages
    return time.process_time() - started, pages


def bare_sheets(courses, count: int) -> tuple[float, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    reference, styles = load_reference(), getSampleStyleSheet()
    title = styles["Title"].clone("title", fontName=SANS_BOLD)  # the same fonts embedded
    started, pages = time.process_time(), 0
    for n in range(count):
        course = courses[n % len(courses)]
        entries = roster(course)
        facts = [[label, value] for label, value in course_facts(course, reference)]
        rows = [["No.", "Trainee", "Signature", "Notes"]]
        rows += [[str(i), e.label, "", ""] for i, e in enumerate(entries.enrolled, start=1)]
        rows += [[str(i), "", "", ""] for i in range(len(rows), course.seats + 1)]
        waiting = [["Place", "Trainee"]] + [[str(e.position), e.label] for e in entries.waiting]
        style = [
            ("FONTNAME", (0, 0), (-1, -1), SANS),
            ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
            ("GRID", (0, 0), (-1, -1), 0.3, "grey"),
        ]
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(buffer, pagesize=A4, initialFontName=SANS)
        doc.build(
            [
                Paragraph(course.title, title),
                Table(facts, style=style),
                Spacer(1, 10),
                Table(rows, rowHeights=20, style=style),
                Spacer(1, 10),
                Table(waiting, style=style),
            ]
        )
        pages += doc.page
    return time.process_time() - started, pages


def ours_calendar(courses, weeks: int) -> tuple[float, int]:
    imprint = Imprint("bench", datetime(2027, 3, 1, 9, 0))
    started = time.process_time()
    pdf = week_calendar(courses, HolidayCalendar(), iso_monday(2027, 1), weeks, imprint)
    return time.process_time() - started, pdf.pages


def bare_calendar(courses, weeks: int) -> tuple[float, int]:
    """The same pages in plain ReportLab: a title, the week grid with one rectangle and the
    title per session (no columns for overlaps, no fitting), and the key as a Table of
    Paragraphs (title, provider, venue), one page per week."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Flowable, PageBreak, Paragraph, SimpleDocTemplate, Table

    calendar, styles = HolidayCalendar(), getSampleStyleSheet()
    key_style = styles["BodyText"].clone("key", fontName=SANS, fontSize=6.8, leading=8.2)

    class Grid(Flowable):
        def __init__(self, sessions) -> None:
            super().__init__()
            self.sessions = sessions

        def wrap(self, available_width, available_height):
            return 760, 330

        def draw(self) -> None:
            canvas = self.canv
            for hour in range(8, 20):
                canvas.line(30, 330 - (hour - 8) * 27, 760, 330 - (hour - 8) * 27)
            canvas.setFont(SANS, 6.5)
            for course, session in self.sessions:
                x = 30 + session.day.weekday() * 121
                top = 330 - (session.start.hour - 8) * 27
                bottom = 330 - (session.end.hour - 8) * 27
                canvas.rect(x, bottom, 118, top - bottom)
                canvas.drawString(x + 2, top - 8, course.title[:32])

    started = time.process_time()
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer,
        pagesize=landscape(A4),
        initialFontName=SANS,
        leftMargin=34,
        rightMargin=34,
        topMargin=34,
        bottomMargin=40,
    )
    story = []
    monday = iso_monday(2027, 1)
    for week in range(weeks):
        first = monday + timedelta(weeks=week)
        last = first + timedelta(days=5)
        sessions = [(c, s) for c in courses if c.is_live for s in expand(c, calendar, first, last)]
        shown = sorted({c.key: c for c, _s in sessions}.values(), key=lambda c: c.title)
        entries = [
            Paragraph(f"<b>{n}. {c.title}</b> · {c.provider} · {c.venue}", key_style)
            for n, c in enumerate(shown, start=1)
        ]
        rows = [
            entries[i : i + 3] + [""] * (3 - len(entries[i : i + 3])) for i in range(0, len(entries), 3)
        ] or [["", "", ""]]
        story += [
            Paragraph(f"Week {week + 1}", styles["Heading2"]),
            Grid(sessions),
            Table(rows, colWidths=[250] * 3),
            PageBreak(),
        ]
    doc.build(story[:-1])
    return time.process_time() - started, doc.page


def interleaved(ours, bare, courses, total: int, batch: int) -> tuple[float, int, float, int, float]:
    """Run ours and bare alternately in batches (a busy machine slows both alike); returns
    the totals and the median of the per-batch ratios of seconds per page."""
    ours_s = ours_p = bare_s = bare_p = 0
    ratios = []
    done = 0
    while done < total:
        size = min(batch, total - done)
        seconds_a, pages_a = ours(courses, size)
        seconds_b, pages_b = bare(courses, size)
        ours_s, ours_p = ours_s + seconds_a, ours_p + pages_a
        bare_s, bare_p = bare_s + seconds_b, bare_p + pages_b
        ratios.append((seconds_a / pages_a) / (seconds_b / pages_b))
        done += size
    ratios.sort()
    return ours_s, ours_p, bare_s, bare_p, ratios[len(ratios) // 2]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    register_fonts()
    courses = demo_courses()
    enrolment_sheet(roster(courses[0]), load_reference(), Imprint("warm", datetime(2027, 1, 1)))
    results = [
        (
            "enrolment sheets",
            args.sheets,
            interleaved(ours_sheets, bare_sheets, courses, args.sheets, batch=50),
        ),
        (
            "calendar weeks",
            args.weeks,
            interleaved(ours_calendar, bare_calendar, courses, args.weeks, batch=args.weeks),
        ),
    ]
    summary = {}
    for name, count, (ours_s, ours_p, bare_s, bare_p, median) in results:
        per_page = (ours_s / ours_p) / (bare_s / bare_p)
        print(
            f"{count:>5} {name}: CourseHub {ours_s:6.2f} s, {ours_p} pages, "
            f"{ours_p / ours_s:6.1f} pages/s | bare ReportLab {bare_s:6.2f} s, {bare_p} pages, "
            f"{bare_p / bare_s:6.1f} pages/s | per page {per_page:4.2f}x "
            f"(median per batch {median:4.2f}x)"
        )
        summary[name] = {
            "count": count,
            "pages_per_second": ours_p / ours_s,
            "bare_pages_per_second": bare_p / bare_s,
            "per_page_ratio": per_page,
            "median_batch_ratio": median,
        }
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
