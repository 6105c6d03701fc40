"""Albanian alphabetical order (issue 14, item 15)."""

from __future__ import annotations

import random

import pytest

from coursehub.domain.collation import ALPHABET, albanian_key


def test_the_36_letters_sort_in_the_order_of_the_alphabet():
    letters = [letter for letter in ALPHABET if letter != "w"]
    assert len(letters) == 36
    shuffled = random.Random(14).sample(letters, len(letters))
    assert sorted(shuffled, key=albanian_key) == letters


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("Cani", "Çela"),  # ç is a letter after c
        ("Czaja", "Çela"),
        ("Duka", "Dhimitri"),  # dh after every other d…
        ("Dyrmishi", "Dhimitri"),
        ("Ezra", "Ëngjëll"),  # ë after e
        ("Gurra", "Gjoka"),  # gj after g
        ("Lulja", "Llazi"),  # ll after l
        ("Nuri", "Njeri"),  # nj after n
        ("Rusi", "Rrapi"),  # rr after r
        ("Sula", "Shehu"),  # sh after s
        ("Tushi", "Thaçi"),  # th after t
        ("Xuxa", "Xhafa"),  # xh after x
        ("Zuna", "Zhulieta"),  # zh after z
        ("Ana Çela", "Anastasia"),  # the space sorts first
        ("Elektricist 1", "Elektricist 2"),
        ("ana", "Ana"),  # case only breaks ties
        ("Çelik", "Dhora"),
    ],
)
def test_pairs_in_albanian_order(before, after):
    assert albanian_key(before) < albanian_key(after)
    assert sorted([after, before], key=albanian_key) == [before, after]


def test_names_list_as_an_albanian_register_does():
    names = ["Zhupa", "Çela", "Shehu", "Dhima", "Elezi", "Ërmira", "Cara", "Sula", "Dema", "Llaka", "Lala"]
    assert sorted(names, key=albanian_key) == [
        "Cara",
        "Çela",
        "Dema",
        "Dhima",
        "Elezi",
        "Ërmira",
        "Lala",
        "Llaka",
        "Sula",
        "Shehu",
        "Zhupa",
    ]


def test_code_point_order_would_get_it_wrong():
    names = ["Çela", "Dema", "Cara", "Zogu"]
    assert sorted(names) != sorted(names, key=albanian_key)
    assert sorted(names, key=albanian_key) == ["Cara", "Çela", "Dema", "Zogu"]


def test_other_accents_sort_as_their_base_letter_and_decomposed_text_as_composed():
    assert albanian_key("Émile")[0] == albanian_key("Emile")[0]
    assert albanian_key("C\u0327ela")[0] == albanian_key("Çela")[0]


def test_providers_are_listed_in_albanian_order(store):
    from coursehub.domain.model import Provider
    from coursehub.services.catalogue import CatalogueService

    catalogue = CatalogueService(store)
    for name in ("Zëri", "Çelësi", "Dhoma e Zanateve", "Cani", "Dita"):
        catalogue.save_provider(Provider(name, licence_number="L-1"))
    assert [p.name for p in catalogue.providers()] == ["Cani", "Çelësi", "Dita", "Dhoma e Zanateve", "Zëri"]
