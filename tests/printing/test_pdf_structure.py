"""Every PDF: its language, title and bookmarks, only embedded fonts; and the readability
rules of issue 14 (items 14 and 16) read back from the files with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from coursehub.i18n import set_language
from tests.conftest import DEMO_YEAR
from tests.printing.test_printouts import pages_text, printing_actor, roster_of, service


def every_printout(store):
    from coursehub.services.catalogue import CatalogueService

    course = CatalogueService(store).find_course("QFP Durrës", "QFPD-KZ-02")
    printing = service(store, lambda actor, cid, names: roster_of(course, 4, 2))
    actor = printing_actor()
    return {
        "sheet": printing.enrolment_sheet(actor, "QFP Durrës", "QFPD-KZ-02"),
        "attendance": printing.attendance_register(actor, "QFP Durrës", "QFPD-KZ-02"),
        "calendar": printing.week_calendar(DEMO_YEAR, 18, weeks=2),
        "report": printing.committee_report(),
        "booklet": printing.catalogue_booklet(),
    }


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader.outline)
    return titles


def font_problems(reader: PdfReader) -> list[str]:
    problems = []
    for number, page in enumerate(reader.pages, start=1):
        for name, ref in page["/Resources"].get("/Font", {}).items():
            font = ref.get_object()
            fonts = [font, *(f.get_object() for f in font.get("/DescendantFonts", []))]
            embedded = any(
                key in (f.get("/FontDescriptor") or {}).get_object()
                for f in fonts
                if f.get("/FontDescriptor") is not None
                for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            if not embedded:
                problems.append(f"page {number}: {name} {font.get('/BaseFont')} not embedded")
    return problems


@pytest.mark.parametrize(("language", "lang_tag"), [("sq", "sq-AL"), ("en", "en")])
def test_every_pdf_has_language_title_bookmarks_and_embedded_fonts(demo_store, language, lang_tag):
    set_language(language)
    try:
        printouts = every_printout(demo_store)
    finally:
        set_language("en")
    for kind, pdf in printouts.items():
        reader = PdfReader(io.BytesIO(pdf.data))
        root = reader.trailer["/Root"]
        assert root.get("/Lang") == lang_tag, kind
        assert reader.metadata.title, kind
        assert root["/ViewerPreferences"]["/DisplayDocTitle"], kind
        assert outline_titles(reader), kind
        assert font_problems(reader) == [], kind


def test_bookmarks_name_the_weeks_and_the_report_sections(demo_store):
    printouts = every_printout(demo_store)
    calendar = outline_titles(PdfReader(io.BytesIO(printouts["calendar"].data)))
    assert [t for t in calendar if t.startswith("Week")] == [
        "Week 18, 2027: 03.05.2027 – 08.05.2027",
        "Week 19, 2027: 10.05.2027 – 15.05.2027",
    ]
    report = outline_titles(PdfReader(io.BytesIO(printouts["report"].data)))
    assert report[:3] == ["Demand and supply by occupation", "Needs and supply", "Overlaps to coordinate"]


def test_report_chart_labels_whole_and_one_date_format(demo_store):
    pdf = every_printout(demo_store)["report"]
    first = pages_text(pdf.data)[0]
    chart = first[: first.index("Needs and supply")]
    assert "…" not in chart
    assert "Craft and related trades workers" in chart.replace("\n", " ")
    text = "\n".join(pages_text(pdf.data))
    assert not re.search(r"\b\d{2}\.\d{2}\b(?!\.\d{4})", text.replace("\n", " "))  # no dd.mm alone


def test_report_legend_reads_in_the_order_of_the_bars():
    from reportlab.graphics.shapes import Rect

    from coursehub.domain.findings import ShareRow
    from coursehub.printing import committee_report

    rows = [ShareRow(f"{n}111", f"Occupation {n}", 10 * n, 5 * n, 0.1, 0.1) for n in range(1, 4)]
    drawing = committee_report._chart(rows, 480)[0]
    chart, legend = drawing.contents
    bars = [r for r in _flatten(chart.draw()) if isinstance(r, Rect) and r.width > 0 and r.fillColor]
    by_colour: dict[str, float] = {}
    for bar in bars:
        key = bar.fillColor.hexval()
        by_colour[key] = max(by_colour.get(key, 0), bar.y)
    top_to_bottom = sorted(by_colour, key=lambda key: -by_colour[key])
    legend_colours = [colour.hexval() for colour, _name in legend.colorNamePairs]
    assert [name for _colour, name in legend.colorNamePairs] == ["Demand", "Seats"]
    assert top_to_bottom[:2] == legend_colours


def _flatten(group):
    for item in getattr(group, "contents", []):
        yield item
        yield from _flatten(item)


def text_sizes(page) -> list[tuple[str, float]]:
    found: list[tuple[str, float]] = []

    def visit(text, cm, tm, font, size) -> None:
        if text.strip():
            scale = (tm[0] ** 2 + tm[1] ** 2) ** 0.5 * (cm[0] ** 2 + cm[1] ** 2) ** 0.5
            found.append((text.strip(), size * scale))

    page.extract_text(visitor_text=visit)
    return found


def test_busy_week_key_stays_readable_and_goes_on_over_a_second_page(demo_store):
    from coursehub.scheduling.holidays import HolidayCalendar
    from coursehub.scheduling.week import iso_monday, plan_weeks
    from coursehub.services.catalogue import CatalogueService

    pdf = service(demo_store).week_calendar(DEMO_YEAR, 18)
    reader = PdfReader(io.BytesIO(pdf.data))
    assert pdf.pages == 2 and "Week 18, 2027: key (continued)" in pages_text(pdf.data)[1]
    entries = [
        (text, size)
        for page in reader.pages
        for text, size in text_sizes(page)
        if re.match(r"^\d+\. \S", text)
    ]
    courses = CatalogueService(demo_store).courses()
    providers = sorted({c.provider for c in courses})
    plan = plan_weeks(courses, HolidayCalendar(), iso_monday(DEMO_YEAR, 18), 1, providers)[0]
    numbers = {int(text.split(".")[0]) for text, _size in entries}
    assert numbers == set(range(1, len(plan.courses) + 1))
    assert min(size for _text, size in entries) >= 7


def test_calendar_block_times_and_holiday_names_are_whole(demo_store):
    text = " ".join(pages_text(service(demo_store).week_calendar(DEMO_YEAR, 18).data))
    assert "08:00–13:00" in text  # a Saturday block's times, once cut to "08:00–13:…"
    assert "International Workers' Day" in text or "Labour Day" in text
    heads = re.findall(r"\d{2}:\d{2}–\d{2}:…", text)
    assert heads == []


def test_planned_courses_are_marked_on_the_calendar_and_in_the_booklet(demo_store):
    calendar = " ".join(pages_text(service(demo_store).week_calendar(DEMO_YEAR, 38).data))
    assert "planned, not yet open" in calendar
    assert "Mekanik automjetesh (QFPD-MK-08)" in calendar.replace("\n", " ")
    booklet = pages_text(service(demo_store).catalogue_booklet().data)
    joined = " ".join(booklet)
    assert "QFPD-MK-08" in joined and "PLANNED, not yet open for enrolment" in joined


def test_booklet_pages_carry_their_municipality_in_the_header(demo_store):
    from coursehub.printing.styles import PORTRAIT

    pdf = service(demo_store).catalogue_booklet()
    reader = PdfReader(io.BytesIO(pdf.data))
    towns = {t for t in outline_titles(reader) if "·" not in t}
    _x, y, _w, height = PORTRAIT.frame()
    for page in reader.pages[1:]:
        header: list[str] = []

        def visit(text, cm, tm, font, size, header=header) -> None:
            if text.strip() and tm[5] > y + height:
                header.append(text.strip())

        page.extract_text(visitor_text=visit)
        assert "Course catalogue" in header
        assert towns & set(header), header


def test_every_attendance_page_names_its_holidays(demo_store):
    printouts = every_printout(demo_store)
    pages = pages_text(printouts["attendance"].data)
    with_holidays = [page for page in pages if "holiday" in page.split("No session on public holidays")[0]]
    assert len(with_holidays) >= 2
    for page in with_holidays:
        assert "No session on public holidays" in page
