"""The shipped reference data: ISCO-08 with Albanian titles, Albania's qarks and municipalities."""

from __future__ import annotations

import csv
import re
from collections import Counter

import pytest

from coursehub.domain.reference import load_reference
from coursehub.i18n import set_language
from coursehub.paths import REFERENCE_DIR

ALBANIAN_LETTERS = re.compile(r"[ëçËÇ]")


def _titles_csv() -> list[list[str]]:
    with (REFERENCE_DIR / "isco08_titles_sq.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


# ISCO-08 ------------------------------------------------------------------------------


def test_isco08_has_619_groups_at_four_levels() -> None:
    occupations = load_reference().occupations
    assert len(occupations) == 619
    assert Counter(o.level for o in occupations.values()) == {1: 10, 2: 43, 3: 130, 4: 436}


def test_every_group_below_the_top_has_its_parent_one_level_up() -> None:
    occupations = load_reference().occupations
    for occupation in occupations.values():
        assert len(occupation.code) == occupation.level, occupation.code
        if occupation.level == 1:
            assert occupation.parent == ""
            continue
        parent = occupations[occupation.parent]
        assert parent.level == occupation.level - 1
        assert occupation.code.startswith(parent.code)


def test_codes_stay_text_with_their_leading_zeros() -> None:
    reference = load_reference()
    assert reference.occupation("01").title_en == "Commissioned armed forces officers"
    assert reference.occupation("0110").parent == "011"
    assert (reference.occupation("1").level, reference.occupation("01").level) == (1, 2)


def test_the_albanian_titles_file_is_well_formed_and_covers_every_code() -> None:
    header, *rows = _titles_csv()
    assert header == ["code", "title_sq"]
    assert all(len(row) == 2 for row in rows), "a title with a comma must be quoted"
    codes = [code for code, _title in rows]
    assert len(codes) == len(set(codes)), "a code appears twice"
    assert set(codes) == set(load_reference().occupations)
    for code, title in rows:
        assert code.isdigit() and 1 <= len(code) <= 4, code
        assert title == title.strip() and title, code


def test_every_code_has_an_albanian_title() -> None:
    occupations = load_reference().occupations
    missing = [o.code for o in occupations.values() if not o.title_sq]
    assert not missing, f"ISCO-08 codes without an Albanian title: {missing}"
    same_as_english = [o.code for o in occupations.values() if o.title_sq == o.title_en]
    assert not same_as_english, f"titles left in English: {same_as_english}"


def test_albanian_titles_are_written_with_albanian_letters() -> None:
    titles = [o.title_sq for o in load_reference().occupations.values()]
    # Most Albanian plurals and articles carry ë or ç; a file saved without them would fail here.
    assert sum(1 for title in titles if ALBANIAN_LETTERS.search(title)) > len(titles) * 0.8


@pytest.mark.parametrize(
    ("code", "albanian", "english"),
    [
        (
            "7531",
            "Rrobaqepës, modelistë, gëzofpunues dhe kapelabërës",
            "Tailors, dressmakers, furriers and hatters",
        ),
        ("1", "Drejtues", "Managers"),
        (
            "03",
            "Profesione të forcave të armatosura, grada të tjera",
            "Armed forces occupations, other ranks",
        ),
        (
            "9629",
            "Punëtorë elementarë të paklasifikuar gjetkë",
            "Elementary workers not elsewhere classified",
        ),
    ],
)
def test_the_title_follows_the_language(code: str, albanian: str, english: str) -> None:
    reference = load_reference()
    set_language("sq")
    assert reference.occupation(code).title == albanian
    assert reference.occupation_title(code) == albanian
    set_language("en")
    assert reference.occupation(code).title == english
    assert reference.occupation_title(code) == english


def test_one_english_title_has_one_albanian_title() -> None:
    """Consistency: one English title, one Albanian title (and the other way round)."""
    by_english: dict[str, set[str]] = {}
    by_albanian: dict[str, set[str]] = {}
    for o in load_reference().occupations.values():
        by_english.setdefault(o.title_en, set()).add(o.title_sq)
        by_albanian.setdefault(o.title_sq, set()).add(o.title_en)
    assert {k: v for k, v in by_english.items() if len(v) > 1} == {}
    assert {k: v for k, v in by_albanian.items() if len(v) > 1} == {}


def test_search_finds_occupations_by_albanian_words_without_accents() -> None:
    found = {o.code for o in load_reference().search_occupations("rrobaqepes")}
    assert "7531" in found


# Places -------------------------------------------------------------------------------


def test_albania_has_12_qarks_and_61_municipalities() -> None:
    reference = load_reference()
    assert len(reference.qarks) == 12
    assert len(reference.municipalities) == 61
    assert sum(len(reference.municipalities_of(q)) for q in reference.qarks) == 61


def test_the_project_qarks_and_their_municipalities() -> None:
    reference = load_reference()
    assert reference.municipalities_of("Durrës") == ["Durrës", "Krujë", "Shijak"]
    assert reference.municipalities_of("Elbasan") == [
        "Belsh",
        "Cërrik",
        "Elbasan",
        "Gramsh",
        "Librazhd",
        "Peqin",
        "Prrenjas",
    ]


@pytest.mark.parametrize(
    ("written", "municipality"),
    [
        ("Durres", "Durrës"),
        ("DURRËS", "Durrës"),
        ("Fushe Kruje", "Krujë"),
        ("Fushë-Krujë", "Krujë"),
        ("kruje", "Krujë"),
        ("Ura Vajgurore", "Dimal"),
        ("Korce", "Korçë"),
    ],
)
def test_municipality_names_forgive_accents_case_and_aliases(written: str, municipality: str) -> None:
    assert load_reference().municipality(written) == municipality


def test_an_unknown_place_is_no_municipality() -> None:
    assert load_reference().municipality("Atlantis") is None


@pytest.mark.parametrize(
    ("written", "qark"),
    [
        ("Qarku Elbasan", "Elbasan"),
        ("Qarku Durrës", "Durrës"),
        ("Durres County", "Durrës"),
        ("Elbasan", None),
        # the Albanian genitive
        ("Qarku i Durrësit", "Durrës"),
        ("qarku i elbasanit", "Elbasan"),
        ("Qarku i Gjirokastrës", "Gjirokastër"),
        ("Durrësit", None),
    ],
)
def test_a_qark_is_recognised_only_when_written_as_a_qark(written: str, qark: str | None) -> None:
    assert load_reference().qark(written) == qark


def test_a_municipality_named_like_its_qark_is_the_municipality() -> None:
    reference = load_reference()
    assert reference.municipality("Elbasan") == "Elbasan"
    assert reference.qark_of("Krujë") == "Durrës"
