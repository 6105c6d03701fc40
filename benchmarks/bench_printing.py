"""Printing speed: enrolment sheets and calendar weeks, against ReportLab drawing the same
blocks bare, in the same fonts.

    python3 benchmarks/bench_printing.py                  # 1,000 sheets, 52 weeks, best of 3
    python3 benchmarks/bench_printing.py --sheets 200 --weeks 26 --repeat 3

The catalogue is the demo catalogue (44 courses of 2027); each sheet is one course with a
roster of 12 enrolled and 3 waiting (names with ë and ç), rendered to its own PDF as
`coursehub print sheet` does. "Bare" is what the same content costs in plain ReportLab:
for a sheet, a SimpleDocTemplate with our page margins, the kicker, title and provider, the
facts as a string table two to a row, a heading over each table, the trainee table as
string cells at our row heights and the waiting list, in our fonts and sizes, with no
escaping, no page N of M, no running header and no bookmarks, so that the same roster
takes about the same pages; for the calendar, a page per week with a heading, the hour grid
with a rectangle and the title per session (no columns for overlapping sessions, no text
fitting, no patterns) and the key as a Table of Paragraphs, in our fonts (Sans Bold
headings, Condensed blocks and key).
Times are CPU seconds of this process (time.process_time), so that other programs on a
busy machine do not blur the comparison; ours and bare run in turn, each `--repeat` times,
and the best run of each is compared (our kept layouts are forgotten before each of our
runs). The two need not make exactly the same number of pages (a long roster or a busy
week may take two), so the figure compared is seconds per page: CourseHub's over bare
ReportLab's.
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
from coursehub.printing.fonts import CONDENSED, CONDENSED_BOLD, SANS, SANS_BOLD, register_fonts
from coursehub.printing.styles import PORTRAIT
from coursehub.printing.week_calendar import clear_printing_caches, week_calendar
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


def facts_rows(facts) -> list[list[str]]:
    """Two label/value pairs to a row, a long value (over 38 characters) on a row of its own,
    as our facts table lays them out."""
    rows, pending = [], []
    for label, value in facts:
        if len(value) > 38:
            rows.append([label, value, "", ""])
            continue
        pending += [label, value]
        if len(pending) == 4:
            rows.append(pending)
            pending = []
    return rows + ([[*pending, "", ""]] if pending else [])


def bare_sheets(courses, count: int) -> tuple[float, int]:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    reference, styles = load_reference(), getSampleStyleSheet()
    # The same blocks as our sheet, in the same fonts and sizes: kicker, title, provider, the
    # facts two to a row, a heading over each table, the note under the trainees.
    normal = styles["Normal"]
    title = normal.clone("title", fontName=SANS_BOLD, fontSize=17, leading=21, spaceAfter=3)
    kicker = normal.clone("kicker", fontName=SANS_BOLD, fontSize=8.5, leading=11)
    subtitle = normal.clone("subtitle", fontName=SANS, fontSize=10, leading=13, spaceAfter=6)
    note = normal.clone("note", fontName=SANS, fontSize=7.5, leading=9.5)
    heading = normal.clone(
        "heading", fontName=SANS_BOLD, fontSize=11, leading=14, spaceBefore=8, spaceAfter=3
    )
    started, pages = time.process_time(), 0
    for n in range(count):
        course = courses[n % len(courses)]
        entries = roster(course)
        facts = facts_rows(course_facts(course, reference))
        rows = [["No.", "Trainee", "Signature", "Notes"]]
        rows += [[str(i), e.label, "", ""] for i, e in enumerate(entries.enrolled, start=1)]
        rows += [[str(i), "", "", ""] for i in range(len(rows), course.seats + 1)]
        waiting = [["Place", "Trainee"]] + [[str(e.position), e.label] for e in entries.waiting]
        style = [
            ("FONT", (0, 0), (-1, -1), SANS, 8.5, 10.5),
            ("FONTNAME", (0, 0), (-1, 0), SANS_BOLD),
            ("GRID", (0, 0), (-1, -1), 0.3, "grey"),
        ]
        # Our page's margins and row heights, so that the same roster needs the same pages.
        row_height = max(7.0, min(9.5, 135.0 / max(1, len(rows) - 1))) * mm
        buffer = io.BytesIO()
        doc = SimpleDocTemplate(
            buffer,
            pagesize=A4,
            initialFontName=SANS,
            leftMargin=PORTRAIT.left * mm,
            rightMargin=PORTRAIT.right * mm,
            topMargin=PORTRAIT.top * mm,
            bottomMargin=PORTRAIT.bottom * mm,
        )
        doc.build(
            [
                Paragraph("ENROLMENT SHEET", kicker),
                Paragraph(course.title, title),
                Paragraph(course.provider, subtitle),
                Table(facts, style=style),
                Spacer(1, 10),
                Paragraph("Enrolled trainees", heading),
                Table(rows, rowHeights=row_height, style=style),
                Paragraph("Trainees in a protected group are listed by their code.", note),
                Paragraph("Waiting list", heading),
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
    # Our fonts: the heading in Sans Bold, the blocks and the key in Condensed (its <b> in
    # Condensed Bold), so that the same four fonts are subset and embedded.
    heading = styles["Heading2"].clone("week", fontName=SANS_BOLD)
    key_style = styles["BodyText"].clone("key", fontName=CONDENSED, fontSize=6.8, leading=8.2)

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
            canvas.setFont(CONDENSED_BOLD, 6.5)
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
            Paragraph(f"Week {week + 1}", heading),
            Grid(sessions),
            Table(rows, colWidths=[250] * 3),
            PageBreak(),
        ]
    doc.build(story[:-1])
    return time.process_time() - started, doc.page


def best_of(ours, bare, courses, count: int, repeat: int) -> dict:
    """Ours then bare, `repeat` times in turn (a busy machine slows both alike); the best
    (least CPU time) run of each, and the median of the runs' paired ratios per page. Our
    kept layouts and drawings are forgotten before each of our runs: every run measures a
    first printout, as `coursehub print` makes in a fresh process."""
    ours_runs, bare_runs, ratios = [], [], []
    for _round in range(repeat):
        clear_printing_caches()
        ours_runs.append(ours(courses, count))
        bare_runs.append(bare(courses, count))
        (seconds_a, pages_a), (seconds_b, pages_b) = ours_runs[-1], bare_runs[-1]
        ratios.append((seconds_a / pages_a) / (seconds_b / pages_b))
    (ours_s, ours_p), (bare_s, bare_p) = min(ours_runs), min(bare_runs)
    ratios.sort()
    return {
        "count": count,
        "repeat": repeat,
        "seconds": ours_s,
        "pages": ours_p,
        "bare_seconds": bare_s,
        "bare_pages": bare_p,
        "pages_per_second": ours_p / ours_s,
        "bare_pages_per_second": bare_p / bare_s,
        "per_page_ratio": (ours_s / ours_p) / (bare_s / bare_p),
        "median_run_ratio": ratios[len(ratios) // 2],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sheets", type=int, default=1000)
    parser.add_argument("--weeks", type=int, default=52)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side; the best counts")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args()
    register_fonts()
    courses = demo_courses()
    # Imports and font loading happen once per process for both sides: do them first.
    enrolment_sheet(roster(courses[0]), load_reference(), Imprint("warm", datetime(2027, 1, 1)))
    bare_sheets(courses, 1)
    ours_calendar(courses, 1)
    bare_calendar(courses, 1)
    summary = {
        "enrolment sheets": best_of(ours_sheets, bare_sheets, courses, args.sheets, args.repeat),
        "calendar weeks": best_of(ours_calendar, bare_calendar, courses, args.weeks, args.repeat),
    }
    for name, f in summary.items():
        print(
            f"{f['count']:>5} {name}, best of {f['repeat']}: CourseHub {f['seconds']:6.2f} s, "
            f"{f['pages']} pages, {f['pages_per_second']:6.1f} pages/s | bare ReportLab "
            f"{f['bare_seconds']:6.2f} s, {f['bare_pages']} pages, {f['bare_pages_per_second']:6.1f} "
            f"pages/s | per page {f['per_page_ratio']:4.2f}x "
            f"(median of the runs {f['median_run_ratio']:4.2f}x)"
        )
    if args.json:
        args.json.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
