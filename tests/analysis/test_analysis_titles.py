"""Trades named by course titles, in Albanian and English."""

from __future__ import annotations

from coursehub.analysis.titles import shared_trades, similarity, trades


def test_tailoring_titles_in_both_languages_name_one_trade():
    for title in (
        "Rrobaqepësi",
        "Kurs rrobaqepësie për gra",
        "Qepje dhe modelim veshjesh",
        "Tailoring for women",
        "RROBAQEPES",
    ):
        assert "tailoring" in trades(title), title


def test_common_words_name_no_trade():
    assert trades("Kurs për gra") == frozenset()
    assert trades("Riparim kompjuterash") == frozenset({"computer repair"})


def test_similarity_and_shared_trades():
    assert shared_trades("Kuzhinier", "Gatim profesional") == ["cooking"]
    assert shared_trades("Elektricist", "Hidraulik") == []
    assert similarity({"a"}, set()) == 0.0
    assert similarity({"a", "b"}, {"a"}) == 0.5
