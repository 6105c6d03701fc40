"""The user guide (docs/guide): the same pages in Albanian and English, every link and
picture present, and a page for every screen that F1 opens."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coursehub.paths import GUIDE_DIR
from coursehub.ui.help_window import CONTENTS, PAGE_FOR_SCREEN, guide_pages, search_guide

LANGUAGES = ("sq", "en")
LINK = re.compile(r"!?\[[^\]]*\]\(([^)#\s]+)\)")


def _pages(language: str) -> set[str]:
    return {path.name for path in (GUIDE_DIR / language).glob("*.md")}


def test_both_languages_have_the_same_pages() -> None:
    assert _pages("sq") == _pages("en")
    assert CONTENTS in _pages("en")
    assert len(_pages("en")) >= 12


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_is_in_the_contents_and_every_link_and_picture_exists(language: str) -> None:
    folder = GUIDE_DIR / language
    listed = {page.file for page in guide_pages(language)}
    assert listed == _pages(language)
    index = (folder / CONTENTS).read_text(encoding="utf-8")
    assert set(re.findall(r"\]\(([\w-]+\.md)\)", index)) == _pages(language) - {CONTENTS}
    for page in folder.glob("*.md"):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if not target.startswith("http"):
                assert (folder / target).resolve().is_file(), f"{page.name}: {target}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_pictures_are_of_the_program_in_the_pages_language(language: str) -> None:
    for page in (GUIDE_DIR / language).glob("*.md"):
        for target in LINK.findall(page.read_text(encoding="utf-8")):
            if target.endswith(".png"):
                assert Path(target).name.startswith(f"{language}-"), f"{page.name}: {target}"


def test_the_albanian_pages_are_written_with_e_and_c() -> None:
    text = " ".join(page.text for page in guide_pages("sq"))
    assert text.count("ë") > 500 and "ç" in text
    for plain, proper in (("dhe te ", "dhe të "), (" nje ", " një "), (" beni ", " bëni ")):
        assert plain not in text, f"write {proper!r}"


def test_every_screen_has_its_page() -> None:
    from coursehub.ui.pages import PAGES

    assert {spec.id for spec in PAGES} == set(PAGE_FOR_SCREEN)
    assert set(PAGE_FOR_SCREEN.values()) <= _pages("en")


def test_search_needs_every_word_and_ignores_link_targets() -> None:
    assert next(page.file for page, _ in search_guide("seat offers waiting", "en")) == "enrolment.md"
    assert search_guide("screenshots", "en") == []  # only in the pictures' paths
    assert search_guide("   ", "en") == []
