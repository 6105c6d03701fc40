"""Compile the translation sources (resources/locale/*/LC_MESSAGES/*.po) to .mo files.

    python -m coursehub.i18n_build            # compile
    python -m coursehub.i18n_build --check    # exit 1 if a .mo is missing or out of date
    python -m coursehub.i18n_build --missing  # list source strings with no Albanian yet

Needs Babel (in the `test` extra); the program itself only reads the compiled .mo files.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from coursehub.paths import LOCALE_DIR, PACKAGE_DIR


def po_files(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    return sorted(locale_dir.glob("*/LC_MESSAGES/*.po"))


def compiled(po: Path) -> bytes:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as handle:
        catalog = read_po(handle)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def stale_catalogues(locale_dir: Path = LOCALE_DIR) -> list[Path]:
    stale = []
    for po in po_files(locale_dir):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.read_bytes() != compiled(po):
            stale.append(po)
    return stale


def source_messages(package_dir: Path = PACKAGE_DIR) -> dict[str, str]:
    """Every string marked with _(), N_() or ngettext() in the code, with where it is."""
    from babel.messages.extract import extract_from_dir

    keywords = {"_": None, "N_": None, "ngettext": (1, 2)}
    found: dict[str, str] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
        str(package_dir),
        method_map=[("**.py", "python")],
        keywords=keywords,
    ):
        for text in message if isinstance(message, tuple) else (message,):
            if text:
                found.setdefault(text, f"{filename}:{lineno}")
    return found


def translated_messages(language: str = "sq", locale_dir: Path = LOCALE_DIR) -> set[str]:
    from babel.messages.pofile import read_po

    done: set[str] = set()
    for po in sorted((locale_dir / language / "LC_MESSAGES").glob("*.po")):
        with po.open("rb") as handle:
            for message in read_po(handle):
                if message.id and message.string and not message.fuzzy:
                    ids = message.id if isinstance(message.id, tuple) else (message.id,)
                    done.update(str(one) for one in ids)
    return done


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m coursehub.i18n_build")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--missing", action="store_true")
    args = parser.parse_args(argv)
    if args.missing:
        done = translated_messages()
        missing = {m: w for m, w in source_messages().items() if m not in done}
        for message, where in sorted(missing.items(), key=lambda kv: kv[1]):
            print(f"{where}\t{message}")
        return 1 if missing else 0
    if args.check:
        stale = stale_catalogues()
        for po in stale:
            print(f"out of date: {po}")
        return 1 if stale else 0
    from coursehub.fileio import write_bytes_atomic

    for po in po_files():
        # A temporary file renamed into place: a running program never reads half a catalogue.
        write_bytes_atomic(po.with_suffix(".mo"), compiled(po), private=False)
        print(f"compiled {po.with_suffix('.mo')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
