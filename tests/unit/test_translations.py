"""The Albanian catalogue: compiled, complete, placeholders intact, and really used.

The source strings are English; resources/locale/sq/LC_MESSAGES/*.po hold the Albanian
(one file per area) and `python -m coursehub.i18n_build` compiles them to .mo files.
"""

from __future__ import annotations

import string
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from coursehub import i18n_build
from coursehub.i18n import _, current_language, ngettext, set_language
from coursehub.paths import LOCALE_DIR

ALBANIAN_PO_FILES = sorted((LOCALE_DIR / "sq" / "LC_MESSAGES").glob("*.po"))


def _read(po: Path):
    with po.open("rb") as handle:
        return read_po(handle)


def _pairs(message: Message) -> Iterator[tuple[str, str]]:
    """(source, translation) for each form; every Albanian plural form answers the English plural."""
    if isinstance(message.id, tuple):
        singular, plural = message.id
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for index, translated in enumerate(strings):
            yield (singular if index == 0 else plural), translated
    else:
        yield message.id, message.string


def _placeholders(text: str) -> Counter[str]:
    """The {fields} of a str.format template, with conversion and format spec ("{n:,}")."""
    fields: Counter[str] = Counter()
    for _literal, name, spec, conversion in string.Formatter().parse(text):
        if name is not None:
            fields[f"{{{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}}}"] += 1
    return fields


def test_the_albanian_catalogue_exists() -> None:
    assert ALBANIAN_PO_FILES, f"no .po files in {LOCALE_DIR / 'sq' / 'LC_MESSAGES'}"
    assert any(po.name == "core.po" for po in ALBANIAN_PO_FILES)


def test_compiled_catalogues_are_up_to_date() -> None:
    stale = i18n_build.stale_catalogues()
    assert not stale, (
        "these .po files have no .mo or an out-of-date one; run `python3 -m coursehub.i18n_build` "
        "and commit the .mo files: " + ", ".join(str(po.relative_to(LOCALE_DIR)) for po in stale)
    )


@pytest.mark.parametrize("po", ALBANIAN_PO_FILES, ids=lambda po: po.name)
def test_each_po_file_declares_albanian_utf8_and_two_plural_forms(po: Path) -> None:
    catalog = _read(po)
    assert str(catalog.locale) == "sq", f"{po.name}: the header must say Language: sq"
    assert catalog.charset.lower() == "utf-8", f"{po.name}: the header must say charset=utf-8"
    assert catalog.num_plurals == 2, f"{po.name}: Plural-Forms must be nplurals=2; plural=(n != 1);"
    assert catalog.plural_expr.replace(" ", "") in ("(n!=1)", "n!=1"), po.name


def test_every_source_string_has_an_albanian_translation() -> None:
    translated = i18n_build.translated_messages("sq")
    missing = {text: where for text, where in i18n_build.source_messages().items() if text not in translated}
    report = "\n".join(
        f"  {where}  {text!r}" for text, where in sorted(missing.items(), key=lambda item: item[1])
    )
    assert not missing, (
        f"{len(missing)} source strings have no Albanian translation "
        f"(add them to your area's .po file):\n{report}"
    )


def test_translations_keep_the_placeholders_of_their_source() -> None:
    broken = []
    for po in ALBANIAN_PO_FILES:
        for message in _read(po):
            if not message.id:
                continue
            for source, translated in _pairs(message):
                if not translated:
                    continue
                try:
                    if _placeholders(translated) != _placeholders(source):
                        broken.append(f"{po.name}:{message.lineno}: {source!r} -> {translated!r}")
                except ValueError as error:  # unbalanced braces would raise in .format() at run time
                    broken.append(f"{po.name}:{message.lineno}: {translated!r} ({error})")
    assert not broken, "translations whose {placeholders} differ from the source:\n" + "\n".join(broken)


def test_one_source_string_has_one_albanian_translation_across_files() -> None:
    """With several .po files, which one wins for a shared string depends on load order."""
    seen: dict[object, tuple[str, object]] = {}
    conflicts = []
    for po in ALBANIAN_PO_FILES:
        for message in _read(po):
            if not message.id or not message.string or message.fuzzy:
                continue
            earlier = seen.setdefault(message.id, (po.name, message.string))
            if earlier[1] != message.string:
                conflicts.append(
                    f"{message.id!r}: {earlier[0]} {earlier[1]!r} vs {po.name} {message.string!r}"
                )
    assert not conflicts, "the same source string is translated differently:\n" + "\n".join(conflicts)


def test_set_language_switches_between_albanian_and_english() -> None:
    from coursehub.domain.model import ProviderKind, Weekday

    set_language("sq")
    assert current_language() == "sq"
    assert _("Employment Office") == "Zyra e Punësimit"
    assert _("Error: {message}").format(message="x") == "Gabim: x"
    assert Weekday.WE.short_label == "Mër"
    assert ProviderKind.EMPLOYMENT_OFFICE.label == "Zyra e Punësimit"

    set_language("en")
    assert current_language() == "en"
    assert _("Employment Office") == "Employment Office"
    assert Weekday.WE.short_label == "Wed"
    assert ProviderKind.EMPLOYMENT_OFFICE.label == "Employment Office"


def test_untranslated_text_and_plurals_fall_back_to_english() -> None:
    set_language("sq")
    assert _("A sentence no catalogue contains.") == "A sentence no catalogue contains."
    assert ngettext("{n} apple nobody sells", "{n} apples nobody sells", 2) == "{n} apples nobody sells"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        set_language("de")
