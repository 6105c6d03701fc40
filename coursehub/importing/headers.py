"""Column headers: the synonyms of docs/importing.md, header-row detection and mappings.

Headers compare after folding case, accents, punctuation and spaces, and must match a
synonym exactly ("Kodi" and "Kodi ISCO" are different headers).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from coursehub.domain.text import fold_compact
from coursehub.i18n import N_, _

HEADER_SEARCH_ROWS = 20
MIN_HEADER_MATCHES = 3


@dataclass(frozen=True, slots=True)
class FieldSpec:
    name: str
    label: str  # N_() marked; shown through _()
    required: bool
    synonyms: tuple[str, ...]
    derived_when_missing: bool = False  # a required field the reader can make up (the course code)


COURSE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "code",
        N_("Code"),
        True,
        ("Code", "Course code", "Ref", "Kodi", "Kodi i kursit", "Nr. ref"),
        derived_when_missing=True,
    ),
    FieldSpec(
        "title",
        N_("Course"),
        True,
        ("Course", "Course title", "Title", "Name", "Kursi", "Emri i kursit", "Emertimi i kursit", "Titulli"),
    ),
    FieldSpec(
        "occupation",
        N_("ISCO code"),
        True,
        ("ISCO", "ISCO code", "Occupation code", "Kodi ISCO", "Kodi i profesionit"),
    ),
    FieldSpec("municipality", N_("Municipality"), True, ("Municipality", "Town", "Bashkia", "Qyteti")),
    FieldSpec(
        "venue",
        N_("Venue"),
        False,
        ("Venue", "Address", "Location", "Room", "Adresa", "Vendi", "Mjedisi", "Salla"),
    ),
    FieldSpec("start", N_("Start date"), True, ("Start", "Start date", "Data e fillimit", "Fillimi")),
    FieldSpec("end", N_("End date"), True, ("End", "End date", "Data e mbarimit", "Mbarimi", "Perfundimi")),
    FieldSpec("days", N_("Days"), True, ("Days", "Weekdays", "Ditet", "Ditet e javes")),
    FieldSpec("time", N_("Time"), True, ("Time", "Hours", "Schedule", "Orari", "Ora")),
    FieldSpec(
        "seats", N_("Seats"), True, ("Seats", "Places", "Capacity", "Vende", "Nr. vendesh", "Kapaciteti")
    ),
    FieldSpec("age", N_("Age"), False, ("Age", "Mosha")),
    FieldSpec("min_age", N_("Min age"), False, ("Min age", "Mosha min")),
    FieldSpec("max_age", N_("Max age"), False, ("Max age", "Mosha max")),
    FieldSpec("gender", N_("Gender"), False, ("Gender", "Gjinia")),
    FieldSpec(
        "education", N_("Education"), False, ("Education", "Minimum education", "Arsimi", "Arsimi minimal")
    ),
    FieldSpec(
        "groups",
        N_("Target groups"),
        False,
        (
            "Target group",
            "Target groups",
            "Eligible groups",
            "Grupi i synuar",
            "Grupet e synuara",
            "Perfituesit",
        ),
    ),
    FieldSpec("trainer", N_("Trainer"), False, ("Trainer", "Instructor", "Trajneri", "Instruktori")),
    FieldSpec("status", N_("Status"), False, ("Status", "Statusi")),
    FieldSpec("fee", N_("Fee"), False, ("Fee", "Tarifa")),
    FieldSpec("notes", N_("Notes"), False, ("Notes", "Comments", "Shenime", "Komente")),
)

NEED_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "occupation",
        N_("ISCO code"),
        True,
        ("ISCO", "ISCO code", "Occupation code", "Kodi ISCO", "Kodi i profesionit"),
    ),
    FieldSpec("occupation_title", N_("Occupation"), False, ("Occupation", "Profesioni")),
    FieldSpec(
        "area",
        N_("Area"),
        True,
        ("Area", "Municipality", "Qark", "Bashkia", "Qarku", "Zona", "Bashkia/Qarku"),
    ),
    FieldSpec("period", N_("Period"), True, ("Year", "Period", "Viti", "Periudha")),
    FieldSpec("demand", N_("Demand"), True, ("Demand", "Needed", "Vacancies", "Kerkesa", "Nevoja")),
    FieldSpec("source", N_("Source"), False, ("Source", "Burimi")),
)


def header_key(text: Any) -> str:
    return fold_compact(str(text)) if text is not None else ""


def synonym_index(fields: Sequence[FieldSpec]) -> dict[str, str]:
    return {header_key(s): f.name for f in fields for s in (*f.synonyms, f.name)}


@dataclass
class Column:
    index: int
    header: str  # the header text as written in the file
    field: str  # the field it feeds


@dataclass
class Layout:
    """Where the header row is and which column feeds which field."""

    header_row: int  # spreadsheet row number of the header row
    columns: list[Column]
    headers: list[str]  # every header cell as written
    unknown: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # required fields with no column
    duplicates: list[str] = field(default_factory=list)
    derived: list[str] = field(default_factory=list)  # required fields with no column, made up per row

    @property
    def is_complete(self) -> bool:
        """Every required field has a column (or is derived): only then can rows be read."""
        return not self.missing

    @property
    def mapping(self) -> dict[str, str]:
        """header -> field, the form remembered per provider and given with --map."""
        return {c.header: c.field for c in self.columns}


class MappingError(ValueError):
    """An explicit mapping names a field that does not exist."""


def normalise_mapping(mapping: Mapping[str, str] | None, fields: Sequence[FieldSpec]) -> dict[str, str]:
    """`mapping` keyed by folded header, checked against the known field names."""
    if not mapping:
        return {}
    known = {f.name for f in fields} | {""}
    result = {}
    for header, target in mapping.items():
        name = str(target).strip()
        if name.lower() in ("ignore", "skip", "-"):
            name = ""
        if name not in known:
            raise MappingError(
                _(
                    "The mapping sends column «{header}» to «{field}», which is not "
                    "a field. Fields: {fields}."
                ).format(header=header, field=target, fields=", ".join(f.name for f in fields))
            )
        result[header_key(header)] = name
    return result


def detect_layout(
    rows: Sequence[tuple[int, list[Any]]],
    fields: Sequence[FieldSpec],
    mapping: Mapping[str, str] | None = None,
) -> Layout | None:
    """The first of the first 20 rows with at least 3 header matches, mapped to fields.

    `mapping` (already normalised) takes precedence over the synonyms; a field mapped to ""
    means "ignore this column".
    """
    synonyms = synonym_index(fields)
    explicit = dict(mapping or {})
    for number, cells in rows[:HEADER_SEARCH_ROWS]:
        keys = [header_key(c) for c in cells]
        matches = sum(1 for k in keys if k and (explicit.get(k) or synonyms.get(k)))
        if matches >= MIN_HEADER_MATCHES:
            return _layout(number, cells, keys, fields, synonyms, explicit)
    return None


def _layout(
    number: int,
    cells: list[Any],
    keys: list[str],
    fields: Sequence[FieldSpec],
    synonyms: dict[str, str],
    explicit: dict[str, str],
) -> Layout:
    headers = ["" if c is None else str(c).strip() for c in cells]
    layout = Layout(number, [], headers)
    taken: set[str] = set()
    for index, (header, key) in enumerate(zip(headers, keys, strict=True)):
        if not key:
            continue
        target = explicit[key] if key in explicit else synonyms.get(key)
        if target is None:
            layout.unknown.append(header)
        elif target == "":
            continue
        elif target in taken:
            layout.duplicates.append(header)
        else:
            taken.add(target)
            layout.columns.append(Column(index, header, target))
    absent = [f for f in fields if f.required and f.name not in taken]
    layout.missing = [f.name for f in absent if not f.derived_when_missing]
    layout.derived = [f.name for f in absent if f.derived_when_missing]
    return layout


def field_label(name: str, fields: Sequence[FieldSpec]) -> str:
    spec = next((f for f in fields if f.name == name), None)
    return _(spec.label) if spec else name
