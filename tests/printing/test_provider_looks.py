"""Provider colours derived from the provider (issue 14, item 13): the same look on every
printout whatever the filter, and a pattern and outline that differ in black and white."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from coursehub.domain.provider_style import Pattern, provider_look
from coursehub.printing.styles import colour
from coursehub.services.catalogue import CatalogueService
from coursehub.services.course_filter import CourseFilter
from tests.printing.test_printouts import service


def fill_colours(data: bytes) -> set[tuple[float, float, float]]:
    content = PdfReader(io.BytesIO(data)).pages[0].get_contents().get_data().decode("latin-1")
    found = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) rg", content)
    return {tuple(round(float(v), 3) for v in rgb) for rgb in found}


def rgb(hex_colour: str) -> tuple[float, float, float]:
    value = colour(hex_colour)
    return (round(value.red, 3), round(value.green, 3), round(value.blue, 3))


def test_the_look_depends_on_the_provider_only():
    assert provider_look("QFP Durrës") == provider_look("qfp durres")
    looks = {provider_look(f"Provider {n}") for n in range(60)}
    assert len({look.fill for look in looks}) >= 8 and len({look.pattern for look in looks}) >= 6


def test_a_provider_keeps_its_colour_whatever_the_filter(demo_store):
    printing = service(demo_store)
    everyone = printing.week_calendar(2027, 18)
    one = printing.week_calendar(2027, 18, course_filter=CourseFilter(provider="QFP Elbasan"))
    look = provider_look("QFP Elbasan")
    assert rgb(look.fill) in fill_colours(everyone.data)
    assert rgb(look.fill) in fill_colours(one.data)
    others = {provider_look(p.name).fill for p in CatalogueService(demo_store).providers()} - {look.fill}
    assert not {rgb(f) for f in others} & fill_colours(one.data)


def test_demo_providers_differ_in_black_and_white():
    names = [
        "Bashkia Shijak",
        "Fondacioni Hapa të Rinj (demo)",
        "Qendra Dritare për Gratë (demo)",
        "QFP Durrës",
        "QFP Elbasan",
        "Shoqata Ura e Shpresës (demo)",
        "Zyra Vendore e Punësimit Durrës",
        "Zyra Vendore e Punësimit Elbasan",
    ]
    marks = [(provider_look(n).pattern, provider_look(n).outline) for n in names]
    assert len(set(marks)) == len(names)
    assert sum(1 for pattern, _outline in marks if pattern is not Pattern.SOLID) >= len(names) - 2
