"""Reference data: ISCO-08 occupations and Albania's qarks and municipalities.

Loaded once from resources/reference (see resources/reference/README.md) and looked up by
folded text, so "Durres" finds "Durrës" and "Qarku Elbasan" finds the qark.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from coursehub.domain.text import fold
from coursehub.i18n import current_language
from coursehub.paths import REFERENCE_DIR


@dataclass(frozen=True, slots=True)
class Occupation:
    code: str
    level: int
    parent: str
    title_en: str
    title_sq: str = ""

    @property
    def title(self) -> str:
        """The title in the current language (English where no Albanian title exists)."""
        return self.title_sq if current_language() == "sq" and self.title_sq else self.title_en


@dataclass(frozen=True, slots=True)
class Municipality:
    name: str
    qark: str
    iso_qark: str
    lau_code: str


_QARK_PREFIX = re.compile(r"^(qarku i|qarku|qark|qarkut|county of|county)\s+|\s+(county|qark)$")

# "Qarku i Durrësit": Albanian names the qark in the genitive after "Qarku i".
_QARK_GENITIVES = {
    "beratit": "Berat",
    "dibres": "Dibër",
    "durresit": "Durrës",
    "elbasanit": "Elbasan",
    "fierit": "Fier",
    "gjirokastres": "Gjirokastër",
    "korces": "Korçë",
    "kukesit": "Kukës",
    "lezhes": "Lezhë",
    "shkodres": "Shkodër",
    "tiranes": "Tiranë",
    "vlores": "Vlorë",
}


class Reference:
    def __init__(
        self,
        occupations: dict[str, Occupation],
        municipalities: dict[str, Municipality],
        aliases: dict[str, str],
    ) -> None:
        self.occupations = occupations
        self.municipalities = municipalities
        self._municipality_by_fold = {fold(name): name for name in municipalities}
        for alias, target in aliases.items():
            self._municipality_by_fold.setdefault(fold(alias), target)
        self.qarks = sorted({m.qark for m in municipalities.values()})
        self._qark_by_fold = {fold(q): q for q in self.qarks}

    # Occupations ------------------------------------------------------------------
    def occupation(self, code: str) -> Occupation | None:
        return self.occupations.get(code.strip())

    def occupation_title(self, code: str) -> str:
        occupation = self.occupation(code)
        return occupation.title if occupation else ""

    def unit_groups(self) -> list[Occupation]:
        return [o for o in self.occupations.values() if o.level == 4]

    def search_occupations(self, text: str) -> list[Occupation]:
        """Occupations whose code starts with `text` or whose title contains it (folded)."""
        wanted = fold(text)
        return [
            o
            for o in self.occupations.values()
            if o.code.startswith(text.strip())
            or wanted in fold(o.title_en)
            or (o.title_sq and wanted in fold(o.title_sq))
        ]

    # Places -----------------------------------------------------------------------
    def municipality(self, text: str) -> str | None:
        """The official municipality name for `text` (accents, case and aliases forgiven)."""
        return self._municipality_by_fold.get(fold(text))

    def qark_of(self, municipality: str) -> str | None:
        found = self.municipalities.get(municipality)
        return found.qark if found else None

    def qark(self, text: str) -> str | None:
        """The qark named by `text` only when written as one: "Qarku Durrës", "Qarku i Durrësit",
        "Durrës County"; a bare "Durrës" is the municipality."""
        folded = fold(text)
        stripped = _QARK_PREFIX.sub("", folded).strip()
        if stripped == folded:
            return None
        return self._qark_by_fold.get(stripped) or _QARK_GENITIVES.get(stripped)

    def municipalities_of(self, qark: str) -> list[str]:
        return sorted(m.name for m in self.municipalities.values() if m.qark == qark)


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@cache
def load_reference(folder: Path = REFERENCE_DIR) -> Reference:
    titles_sq = {row["code"]: row["title_sq"] for row in _read_csv(folder / "isco08_titles_sq.csv")}
    occupations = {
        row["code"]: Occupation(
            code=row["code"],
            level=int(row["level"]),
            parent=row["parent_code"],
            title_en=row["title_en"],
            title_sq=titles_sq.get(row["code"], ""),
        )
        for row in _read_csv(folder / "isco08_structure.csv")
    }
    municipalities = {
        row["municipality_sq"]: Municipality(
            name=row["municipality_sq"],
            qark=row["qark_sq"],
            iso_qark=row["qark_iso3166_2"],
            lau_code=row["eurostat_lau"],
        )
        for row in _read_csv(folder / "albania_qarks_municipalities.csv")
    }
    aliases = {row["alias"]: row["municipality"] for row in _read_csv(folder / "municipality_aliases.csv")}
    return Reference(occupations, municipalities, aliases)
