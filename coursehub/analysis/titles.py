"""Which trade a course title names, in Albanian or English, explained in words people check.

A title is folded (case, accents, punctuation), split into words, and each word is mapped
to a trade: first by the synonym list below (a word belongs to a trade when it starts with
one of the trade's stems: "rrobaqepësi", "rrobaqepës" and "qepje" are all tailoring), then,
for other words of five letters or more, by their first six letters. Common words that name
no trade ("kurs", "për", "gra", "bazë", "kompjuter") are left out. Two titles are very
similar when their trade sets share at least half of their union (Jaccard >= 0.5) and at
least one trade. Deterministic, no model: the report says which trade they share.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from coursehub.domain.text import fold
from coursehub.i18n import N_, _

# trade -> word stems (folded). English and Albanian, including common misspellings.
TRADE_STEMS: dict[str, tuple[str, ...]] = {
    "tailoring": (
        "rrobaqep",
        "qepj",
        "qepes",
        "qepese",
        "tailor",
        "sewing",
        "seamst",
        "dressmak",
        "modelim",
        "veshj",
        "garment",
    ),
    "cooking": ("kuzhin", "guzhin", "gatim", "gatues", "cook", "kitchen", "chef", "culinar"),
    "pastry": ("embelsir", "pastic", "pastry", "brumer", "furrtar", "bakery", "baker"),
    "hairdressing": ("paruke", "floke", "hairdress", "barber", "berber"),
    "beauty care": ("estetik", "beauty", "kozmet", "cosmet", "manikur", "manicur"),
    "electrics": ("elektric", "elektrot", "electric", "elektroinst"),
    "plumbing": ("hidraul", "idraul", "plumb"),
    "mechanics": ("mekanik", "mechanic", "automjet", "motorr"),
    "welding": ("saldat", "saldim", "weld"),
    "waiting tables": ("kamarier", "waiter", "waitress"),
    "bar service": ("banakier", "barist", "bartend"),
    "call centre": ("thirrj", "callcent", "call"),
    "agriculture": ("bujqes", "agricult", "farming", "perime", "serra", "sera", "greenhouse", "kultivim"),
    "cleaning": ("pastrim", "pastrues", "cleaning", "cleaner", "housekeep"),
    "childcare": ("femij", "child", "babysit", "baby", "dado"),
    "carpentry": ("marangoz", "carpent", "zdrukth", "joiner", "woodwork"),
    "accounting": ("kontabil", "account", "llogarit", "bookkeep"),
    "sales": ("shites", "arketar", "cashier", "salesp", "shitj"),
    "languages": (
        "gjuh",
        "anglisht",
        "anglez",
        "english",
        "italisht",
        "italian",
        "gjermanisht",
        "german",
        "language",
    ),
    "networks": ("rrjet", "network"),
    "phone repair": ("telefon", "phone", "celular"),
    "food processing": ("perpunim i ushq", "ushqim", "food process", "ulli", "olive"),
    "computer repair": ("riparim kompjuter", "computer repair", "hardware"),
    "data entry": ("perpunim i te dhenave", "data entry", "dhenave"),
    "handicraft": ("punime dore", "handicraft", "artizan", "zanat", "tekstil", "textile"),
    "care work": ("kujdestar", "caregiver", "infermier", "nursing"),
}

# The trades as people read them (translated when shown).
TRADE_LABELS = {
    "tailoring": N_("tailoring"),
    "cooking": N_("cooking"),
    "pastry": N_("pastry"),
    "hairdressing": N_("hairdressing"),
    "beauty care": N_("beauty care"),
    "electrics": N_("electrics"),
    "plumbing": N_("plumbing"),
    "mechanics": N_("mechanics"),
    "welding": N_("welding"),
    "waiting tables": N_("waiting tables"),
    "bar service": N_("bar service"),
    "call centre": N_("call centre"),
    "agriculture": N_("agriculture"),
    "cleaning": N_("cleaning"),
    "childcare": N_("childcare"),
    "carpentry": N_("carpentry"),
    "accounting": N_("accounting"),
    "sales": N_("sales"),
    "languages": N_("languages"),
    "networks": N_("networks"),
    "phone repair": N_("phone repair"),
    "food processing": N_("food processing"),
    "computer repair": N_("computer repair"),
    "data entry": N_("data entry"),
    "handicraft": N_("handicraft"),
    "care work": N_("care work"),
}


def trade_label_key(trade: str) -> str:
    """What to show for a trade: its English name (a translation key, translated when shown)
    for a trade of the list; a word stem as “stem…”."""
    return TRADE_LABELS.get(trade) or f"“{trade}…”"


def trade_label(trade: str) -> str:
    """A trade in the current language; a word stem as “stem…”."""
    return _(trade_label_key(trade))


# Words that name no trade: course, for, women, youth, basic, with, and, ...
_STOPWORD_TEXT = """
    kurs kursi kurse course courses trajnim trajnimi training train per for dhe and ose or
    me with ne in i e te se nje a an the of to gra grave women woman burra men te rinj rinj
    youth young baze basic bazik avancuar advanced fillestar beginner profesional
    professional professionale industrial industriale aftesi skill skills kompjuter
    kompjuterash kompjuterike computer computers cikel module modul nivel level praktike
    practical hyrje introduction shkolla school qender qendra qendre qendres centre center
    punetor punetore worker workers operator operators operatore related other others
    general assistant assistants ndihmes helper helpers technician technicians teknik
    clerk clerks associate associates professional professionals specialist specialists
    machine machines plant equipment products product services service sherbim
    tjere tjera tjeret paklasifikuar gjetke classified elsewhere drejtues manager managers
    specialiste zyrtare zyrtar nepunes punonjes punonjese larte senior
    """
STOPWORDS = frozenset(fold(word) for word in _STOPWORD_TEXT.split())

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
_MIN_FREE_WORD = 5
_FREE_STEM = 6
SIMILARITY_THRESHOLD = 0.5


def _fold(text: str) -> str:
    """domain.text.fold, with a quicker path for plain ASCII titles (the same result)."""
    if text.isascii():
        return _NON_ALNUM.sub(" ", text.lower()).strip()
    return fold(text)


def _phrase_stems() -> list[tuple[str, str]]:
    """Stems with a space (several words) are matched on the whole folded title."""
    return [(stem, trade) for trade, stems in TRADE_STEMS.items() for stem in stems if " " in stem]


def _word_stems() -> list[tuple[str, str]]:
    pairs = [(stem, trade) for trade, stems in TRADE_STEMS.items() for stem in stems if " " not in stem]
    return sorted(pairs, key=lambda p: -len(p[0]))  # longest stem wins


_PHRASES = _phrase_stems()
_WORDS = _word_stems()


@lru_cache(maxsize=65536)
def trades(title: str) -> frozenset[str]:
    """The trades a title names: synonym-list trades, and six-letter stems of other long words."""
    folded = _fold(title)
    found: set[str] = set()
    consumed: set[str] = set()
    for stem, trade in _PHRASES:
        if stem in folded:
            found.add(trade)
            consumed.update(stem.split())
    for word in folded.split():
        if word in STOPWORDS or word in consumed:
            continue
        listed = _word_trade(word)
        if listed is not None:
            found.add(listed)
        elif len(word) >= _MIN_FREE_WORD and not word.isdigit():
            found.add(word[:_FREE_STEM])
    return frozenset(found)


_STEM_TRADE = {stem: trade for stem, trade in reversed(_WORDS)}  # longest stems first win
_STEM_LENGTHS = sorted({len(stem) for stem in _STEM_TRADE}, reverse=True)


@lru_cache(maxsize=65536)
def _word_trade(word: str) -> str | None:
    """The trade of the longest stem the word starts with (short stems must match whole)."""
    for length in _STEM_LENGTHS:
        trade = _STEM_TRADE.get(word[:length])
        if trade is not None and (length >= 4 or word == word[:length]):
            return trade
    return None


def similarity(a: Iterable[str], b: Iterable[str]) -> float:
    """Jaccard similarity of two trade sets (0 when either is empty)."""
    first, second = set(a), set(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)


def shared_trades(title_a: str, title_b: str) -> list[str]:
    """The trades both titles name, when they are very similar; otherwise empty."""
    first, second = trades(title_a), trades(title_b)
    if similarity(first, second) < SIMILARITY_THRESHOLD:
        return []
    return sorted(first & second)
