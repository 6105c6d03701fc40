"""Golden table of Albanian name variants: who is probably the same person, and who is not."""

from __future__ import annotations

from datetime import date

import pytest

from coursehub.domain.same_person import likely_matches, match_reason, name_key
from coursehub.domain.trainees import Trainee

BORN = date(1998, 4, 3)


def person(name: str, born: date | None = BORN, pseudonym: str = "DR-2027-0001") -> Trainee:
    return Trainee(name=name, birth_date=born, pseudonym=pseudonym)


MUST_MATCH = [
    ("Arbër Hoxha", "Arber Hoxha"),
    ("Arbër Hoxha", "Hoxha Arbër"),
    ("Arbër Hoxha", "ARBËR  HOXHA"),
    ("Arbër Hoxha", " arber   hoxha. "),
    ("Ana Çela", "Ana Cela"),
    ("Ilir Dulla", "Ilir Dula"),
    ("Mirela Kurri", "Mirela Kuri"),
    ("Ermal Gjoka", "Ermal Gjokka"),
    ("Besnik Marku", "Besnik Markku"),
    ("Elona Dervishi", "Elona Derviishi"),
    ("Valbona Krasniqi", "Valbona Krasnqi"),  # one letter dropped inside a long word...
    ("Gentiana Lika", "Gentjana Lika"),  # ...i/j typed the other way
    ("Ledio Kola-Meta", "Ledio Kola Meta"),
]

MUST_NOT_MATCH = [
    ("Arta Hoxha", "Arta Hoxhaj"),  # Hoxhaj is its own surname, not a slip
    ("Arta Hoxha", "Alda Hoxha"),  # short first names: one letter is another person
    ("Elda Shehu", "Alda Shehu"),
    ("Ana Lika", "Ana Likaj"),
    ("Arbër Hoxha", "Arbën Hoxha"),  # Arbër and Arbën are different names
    ("Ilir Dulla", "Ilir Dulla Meta"),  # a third name is a different record
    ("Ermal Gjoka", "Ermir Gjoka"),  # two letters differ
    ("Besa Marku", "Besi Marku"),
    ("Fatmir Shehu", "Fatmir Shehi"),  # a different last letter
]


@pytest.mark.parametrize(("one", "other"), MUST_MATCH)
def test_variants_of_one_name_match_with_the_same_birth_date(one: str, other: str) -> None:
    assert match_reason(person(one), person(other)) is not None
    assert match_reason(person(other), person(one)) is not None


@pytest.mark.parametrize(("one", "other"), MUST_NOT_MATCH)
def test_different_people_with_similar_names_do_not_match(one: str, other: str) -> None:
    assert match_reason(person(one), person(other)) is None
    assert match_reason(person(other), person(one)) is None


def test_folded_key_ignores_accents_doubled_letters_case_spaces_and_order() -> None:
    assert name_key("Hoxha  ARBËR") == name_key("arber hoxha") == "arber hoxha"
    assert name_key("Çela, Ana") == "ana cela"
    assert name_key("Ilir Dulla") == name_key("Ilir Dula")


def test_father_and_son_with_one_name_and_different_birth_dates_do_not_match() -> None:
    assert (
        match_reason(person("Agron Basha", date(1970, 5, 12)), person("Agron Basha", date(1996, 5, 12)))
        is None
    )


def test_birth_date_with_day_and_month_swapped_matches_the_same_name_only() -> None:
    assert match_reason(person("Arbër Hoxha", date(1998, 3, 4)), person("Arber Hoxha", BORN)) is not None
    assert match_reason(person("Arbër Hoxha", date(1998, 3, 5)), person("Arber Hoxha", BORN)) is None
    assert match_reason(person("Arbër Hoxha", date(1999, 3, 4)), person("Arber Hoxha", BORN)) is None
    # A near name and a swapped date together are two doubts: not reported.
    assert match_reason(person("Valbona Krasniqi", date(1998, 3, 4)), person("Valbona Krasnqi", BORN)) is None


def test_a_different_birth_date_is_a_different_person_even_with_the_same_name() -> None:
    assert (
        match_reason(person("Elda Shehu", date(2001, 1, 1)), person("Elda Shehu", date(2001, 1, 2))) is None
    )


def test_without_a_birth_date_or_name_nothing_matches() -> None:
    assert match_reason(person("Elda Shehu", None), person("Elda Shehu")) is None
    assert match_reason(person(""), person("")) is None


def test_likely_matches_skips_anonymised_records_and_lists_by_pseudonym() -> None:
    from datetime import datetime

    people = [
        person("Arber Hoxha", pseudonym="TR-2027-0009"),
        person("Hoxha Arbër", pseudonym="DR-2027-0002"),
        Trainee(name="", birth_date=BORN, pseudonym="DR-2027-0003", anonymised_at=datetime(2027, 1, 1)),
        person("Arta Hoxhaj", pseudonym="DR-2027-0004"),
    ]
    found = likely_matches(person("ARBËR HOXHA"), people)
    assert [m.pseudonym for m in found] == ["DR-2027-0002", "TR-2027-0009"]
    assert all("Hoxha" not in m.reason and "Arber" not in m.reason for m in found)
