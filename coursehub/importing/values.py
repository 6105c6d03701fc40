"""Parsing one cell's value as docs/importing.md describes it, in Albanian and English.

Each parser takes the raw cell (str from CSV; str, float, int, bool, date, datetime or time
from a spreadsheet) and returns the value or raises BadValue with a plain message.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time
from typing import Any

from coursehub.domain.model import (
    CourseStatus,
    Education,
    Gender,
    Period,
    TargetGroup,
    Weekday,
)
from coursehub.domain.text import fold, strip_accents
from coursehub.i18n import N_, _


class BadValue(ValueError):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def cell_text(value: Any) -> str:
    """The cell as the person sees it (for messages and text fields)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y") if value.time() == time() else value.isoformat(" ")
    if isinstance(value, date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value).strip()


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


# Whole numbers --------------------------------------------------------------------------
_DIGITS = re.compile(r"^\d+$")


def whole_number(value: Any) -> int:
    """Digits only ("dhjetë" and "12 vende" are errors); spreadsheet numbers must be whole."""
    if isinstance(value, bool):
        raise BadValue(_("Write a whole number in digits, e.g. 15."))
    if isinstance(value, int):
        number = value
    elif isinstance(value, float):
        if not value.is_integer():
            raise BadValue(_("Write a whole number in digits, e.g. 15."))
        number = int(value)
    else:
        text = str(value).strip()
        if not _DIGITS.match(text):
            raise BadValue(_("Write a whole number in digits, e.g. 15."))
        number = int(text)
    return number


_THOUSANDS = re.compile(r"^\d{1,3}(?:[.,' ]\d{3})+$")
_FREE_WORDS = {"falas", "free", "pa pagese", "0", "none", "asnje", "gratis"}
_CURRENCY = re.compile(r"\s*(lek[eë]?|all|l)\.?\s*$", re.IGNORECASE)


def fee(value: Any) -> int:
    if is_blank(value):
        return 0
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if value < 0 or (isinstance(value, float) and not value.is_integer()):
            raise BadValue(_("Write the fee in whole lek, e.g. 5000, or «falas»."))
        return int(value)
    text = str(value).strip().replace("\u00a0", " ")
    if fold(text) in _FREE_WORDS:
        return 0
    text = _CURRENCY.sub("", text).strip()
    if _DIGITS.match(text):
        return int(text)
    if _THOUSANDS.match(text):
        return int(re.sub(r"\D", "", text))
    raise BadValue(_("Write the fee in whole lek, e.g. 5000, or «falas»."))


# Dates ---------------------------------------------------------------------------------
_DAY_FIRST = re.compile(r"^(\d{1,2})\s*[./-]\s*(\d{1,2})\s*[./-]\s*(\d{4}|\d{2})\.?$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_NAMED = re.compile(r"^(\d{1,2})\s*\.?\s*([a-z]+)\.?,?\s+(\d{4}|\d{2})$")
_MONTHS = {
    "janar": 1,
    "shkurt": 2,
    "mars": 3,
    "prill": 4,
    "maj": 5,
    "qershor": 6,
    "korrik": 7,
    "gusht": 8,
    "shtator": 9,
    "tetor": 10,
    "nentor": 11,
    "dhjetor": 12,
    "january": 1,
    "february": 2,
    "march": 3,
    "april": 4,
    "may": 5,
    "june": 6,
    "july": 7,
    "august": 8,
    "september": 9,
    "october": 10,
    "november": 11,
    "december": 12,
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# Albanian inflected forms: "janari", "janarit", "shkurtit", "marsit" ...
_MONTHS.update(
    {f"{name}{ending}": month for name, month in list(_MONTHS.items())[:12] for ending in ("i", "it")}
)


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make_date(year: int, month: int, day: int) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise BadValue(_("This date does not exist in the calendar.")) from None


def parse_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        raise BadValue(_("Write a date such as 03.04.2027 (day first) or format the cell as a date."))
    text = str(value).strip()
    if match := _DAY_FIRST.match(text):
        day, month, year = match.groups()
        return _make_date(_year(year), int(month), int(day))
    if match := _ISO.match(text):
        year, month, day = match.groups()
        return _make_date(int(year), int(month), int(day))
    if match := _NAMED.match(strip_accents(text).casefold()):
        day, month_name, year = match.groups()
        month = _MONTHS.get(month_name)
        if month is not None:
            return _make_date(_year(year), month, int(day))
    raise BadValue(_("Write a date such as 03.04.2027 (day first), 2027-04-03 or «3 prill 2027»."))


# Weekdays ------------------------------------------------------------------------------
_DAY_NAMES = {
    "monday": Weekday.MO,
    "mon": Weekday.MO,
    "hene": Weekday.MO,
    "hen": Weekday.MO,
    "tuesday": Weekday.TU,
    "tue": Weekday.TU,
    "tues": Weekday.TU,
    "marte": Weekday.TU,
    "mar": Weekday.TU,
    "wednesday": Weekday.WE,
    "wed": Weekday.WE,
    "merkure": Weekday.WE,
    "mer": Weekday.WE,
    "thursday": Weekday.TH,
    "thu": Weekday.TH,
    "thur": Weekday.TH,
    "thurs": Weekday.TH,
    "enjte": Weekday.TH,
    "enj": Weekday.TH,
    "friday": Weekday.FR,
    "fri": Weekday.FR,
    "premte": Weekday.FR,
    "pre": Weekday.FR,
    "saturday": Weekday.SA,
    "sat": Weekday.SA,
    "shtune": Weekday.SA,
    "sht": Weekday.SA,
    "sunday": Weekday.SU,
    "sun": Weekday.SU,
    "diel": Weekday.SU,
    "die": Weekday.SU,
    # inflected forms: "nga e hëna deri të premten"
    "hena": Weekday.MO,
    "henen": Weekday.MO,
    "marta": Weekday.TU,
    "marten": Weekday.TU,
    "merkura": Weekday.WE,
    "merkuren": Weekday.WE,
    "enjtja": Weekday.TH,
    "enjten": Weekday.TH,
    "premtja": Weekday.FR,
    "premten": Weekday.FR,
    "shtuna": Weekday.SA,
    "shtunen": Weekday.SA,
    "diela": Weekday.SU,
    "dielen": Weekday.SU,
}
_ARTICLE = re.compile(r"\b(?:e|te)\s+(?=(?:" + "|".join(k for k in _DAY_NAMES if len(k) > 3) + r")\b)")
_LIST_SEPARATORS = re.compile(r"\s*(?:[,;/+&]|\band\b|\bdhe\b)\s*")
_RANGE = re.compile(r"^(?:nga\s+|from\s+)?(\w+)\s*(?:-|\bto\b|\bderi\b(?:\s+(?:ne|te)\b)?)\s*(\w+)$")


def _weekday(token: str) -> Weekday:
    day = _DAY_NAMES.get(token.strip(" ."))
    if day is None:
        raise BadValue(
            _(
                "«{day}» is not a weekday. Write e.g. «Mon, Wed, Fri», «E hënë - e premte» or «Hën, Mër»."
            ).format(day=token.strip())
        )
    return day


def needs_value_message() -> str:
    """Said of an empty cell in a required column, whatever the column."""
    return _("This column needs a value.")


def parse_weekdays(value: Any) -> tuple[Weekday, ...]:
    text = strip_accents(str(value)).casefold().replace("–", "-").replace("—", "-")
    text = _ARTICLE.sub("", text).strip()
    if not text:
        raise BadValue(needs_value_message())
    days: list[Weekday] = []
    for item in filter(None, _LIST_SEPARATORS.split(text)):
        item = item.strip()
        if match := _RANGE.match(item):
            first, last = _weekday(match.group(1)), _weekday(match.group(2))
            span = (last - first) % 7
            days.extend(Weekday((first + step) % 7) for step in range(span + 1))
        else:
            days.extend(_weekday(token) for token in item.split())
    return tuple(sorted(set(days)))


# Times ---------------------------------------------------------------------------------
_TIME_RANGE = re.compile(
    r"^(?:ora|nga ora|nga|from)?\s*(\d{1,2})(?:[:.h](\d{2}))?\s*(?:-|–|—|deri(?: ne| në)?|to)\s*"
    r"(\d{1,2})(?:[:.h](\d{2}))?\s*(?:h)?$",
    re.IGNORECASE,
)


def parse_time_range(value: Any) -> tuple[time, time]:
    text = str(value).strip()
    match = _TIME_RANGE.match(text)
    if not match:
        raise BadValue(_("Write the time as «09:00-12:00», «9.00–12.00» or «9-12»."))
    h1, m1, h2, m2 = match.groups()
    try:
        start, end = time(int(h1), int(m1 or 0)), time(int(h2), int(m2 or 0))
    except ValueError:
        raise BadValue(_("This time does not exist (hours 0-23, minutes 0-59).")) from None
    if end <= start:
        raise BadValue(_("The session must end after it starts."))
    return start, end


# Ages ----------------------------------------------------------------------------------
_AGE = re.compile(r"^(\d{1,3})?\s*(-|–|\+)?\s*(\d{1,3})?$")
_AGE_WORDS = re.compile(r"\s*(vjec|vjet|vjeç|years?|yrs|vje)\.?\s*$", re.IGNORECASE)


def parse_age(value: Any) -> tuple[int | None, int | None]:
    """ "16-35", "18-", "16+", "-25"; empty means any age."""
    if is_blank(value):
        return None, None
    text = _AGE_WORDS.sub("", strip_accents(cell_text(value))).strip()
    match = _AGE.match(text)
    if not match or not (match.group(1) or match.group(3)):
        raise BadValue(_("Write the age as «16-35», «18-», «16+» or «-25»."))
    low, sign, high = match.groups()
    if sign == "+" and high:
        raise BadValue(_("Write the age as «16-35», «18-», «16+» or «-25»."))
    if sign is None:
        raise BadValue(_("Write the age as a range: «16-35», «18-», «16+» or «-25»."))
    return (int(low) if low else None), (int(high) if high else None)


def optional_whole(value: Any) -> int | None:
    return None if is_blank(value) else whole_number(value)


# Words ---------------------------------------------------------------------------------
def _words(table: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {fold(word): code for code, words in table.items() for word in (code, *words)}


_GENDERS = _words(
    {
        "all": (
            "any",
            "both",
            "te gjitha",
            "të gjithë",
            "te gjithe",
            "gjitha",
            "femra dhe meshkuj",
            "m/f",
            "f/m",
        ),
        "female": ("f", "women", "woman", "femra", "femer", "femër", "gra", "vajza"),
        "male": ("m", "men", "man", "meshkuj", "mashkull", "burra", "djem"),
    }
)

_EDUCATION = _words(
    {
        "none": ("pa arsim", "no schooling"),
        "primary": ("fillor", "arsim fillor", "primary school"),
        "basic": (
            "lower secondary",
            "9-vjeçar",
            "9 vjecar",
            "9 vjeçar",
            "arsim bazë",
            "arsim baze",
            "arsimi bazë",
            "i detyruar",
        ),
        "secondary": ("upper secondary", "i mesëm", "arsim i mesëm", "mesem", "e mesme"),
        "higher": ("university", "i lartë", "arsim i lartë", "universitar", "e larte", "bachelor"),
    }
)

_STATUS = _words(
    {
        "planned": ("planifikuar", "i planifikuar", "ne plan", "në plan", "plan"),
        "open": ("hapur", "i hapur", "aktiv", "active", "ongoing"),
        "cancelled": ("canceled", "anuluar", "i anuluar", "anulluar"),
    }
)


def _chosen(value: Any, words: dict[str, str], blank: str, message: str) -> str:
    """The code of the word in the cell (`blank` for an empty cell); BadValue with
    `message` (marked with N_, translated here) for a word not in `words`."""
    if is_blank(value):
        return blank
    code = words.get(fold(str(value)))
    if code is None:
        raise BadValue(_(message))
    return code


def parse_gender(value: Any) -> Gender:
    message = N_("Write the gender as «Të gjitha», «Femra» or «Meshkuj» (all, female, male).")
    return Gender(_chosen(value, _GENDERS, "all", message))


def parse_education(value: Any) -> Education:
    message = N_(
        "Write the minimum education as one of: pa arsim, fillor, 9-vjeçar, "
        "i mesëm, i lartë (none, primary, basic, secondary, higher)."
    )
    return Education.from_code(_chosen(value, _EDUCATION, "none", message))


def parse_status(value: Any) -> CourseStatus:
    message = N_("Write the status as «Planifikuar», «Hapur» or «Anuluar» (planned, open, cancelled).")
    return CourseStatus(_chosen(value, _STATUS, "open", message))


_GROUP_WORDS = {
    TargetGroup.TRAFFICKING_SURVIVOR: (
        "viktima të trafikimit",
        "viktimë e trafikimit",
        "viktima e trafikimit",
        "trafficking survivors",
        "trafficking survivor",
        "victims of trafficking",
        "survivors of trafficking",
    ),
    TargetGroup.AT_RISK: ("në rrezik trafikimi", "at risk of trafficking", "at risk"),
    TargetGroup.SCHOOL_DROPOUT: (
        "braktisës të shkollës",
        "school dropouts",
        "school dropout",
        "braktisës së shkollës",
    ),
    TargetGroup.JOBSEEKER: (
        "punëkërkues",
        "punëkërkues të regjistruar",
        "registered jobseekers",
        "jobseekers",
        "registered jobseeker",
    ),
    TargetGroup.ROMA_EGYPTIAN: ("romë dhe egjiptianë", "roma and egyptians", "romë", "roma", "egjiptianë"),
    TargetGroup.DISABILITY: (
        "PAK",
        "persona me aftësi të kufizuara",
        "persons with disabilities",
        "disabilities",
    ),
    TargetGroup.SOCIAL_ASSISTANCE: (
        "përfitues të ndihmës ekonomike",
        "families on economic aid",
        "ndihmë ekonomike",
        "economic aid",
    ),
    TargetGroup.RETURNED_MIGRANT: (
        "emigrantë të kthyer",
        "returned migrants",
        "returned migrant",
        "migrantë të kthyer",
    ),
}
_GROUP_BY_WORDS = {
    fold(w): g for g, words in _GROUP_WORDS.items() for w in (*words, g.value.replace("_", " "))
}
_GROUP_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(w) for w in sorted(_GROUP_BY_WORDS, key=len, reverse=True)) + r")\b"
)
_GROUP_GLUE = re.compile(r"\b(and|dhe|e|si dhe|or|ose)\b")


def parse_groups(value: Any) -> frozenset[TargetGroup]:
    """Synonyms matched longest first ("romë dhe egjiptianë" is one group)."""
    if is_blank(value):
        return frozenset()
    text = fold(str(value))
    found = {_GROUP_BY_WORDS[m.group(1)] for m in _GROUP_PATTERN.finditer(text)}
    leftover = _GROUP_GLUE.sub(" ", _GROUP_PATTERN.sub(" ", text)).split()
    if leftover:
        raise BadValue(
            _("«{group}» is not a known target group. Known groups: {groups}.").format(
                group=" ".join(leftover), groups=", ".join(g.label for g in TargetGroup)
            )
        )
    return frozenset(found)


# Codes ---------------------------------------------------------------------------------
_ISCO = re.compile(r"^(\d{1,4})(?:\s*[-–:]\s*.*|\s+\D.*)?$")


def isco_code(value: Any) -> str:
    """ "7531", 7531.0 from a spreadsheet, or "7531 - Rrobaqepës" (the title is ignored)."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    match = _ISCO.match(str(value).strip())
    if not match:
        raise BadValue(_("Write an ISCO-08 occupation code of 1 to 4 digits, e.g. 7531."))
    return match.group(1)


# Needs ---------------------------------------------------------------------------------
_QUARTER = re.compile(r"^(\d{4})\s*[-/ ]?\s*(?:q|tm|t|k)\s*([1-4])$", re.IGNORECASE)
_QUARTER_FIRST = re.compile(r"^(?:q|tm|t|k)\s*([1-4])\s*[-/ ]?\s*(\d{4})$", re.IGNORECASE)
_RANGE_SEPARATOR = re.compile(r"\s*(?:–|—|-|/|\bderi\b|\bto\b)\s*")


def _date_range(text: str) -> tuple[date, date] | None:
    """The two dates of "01.04.2027-30.06.2027", "01/04/2027 - 30/06/2027", "2027-04-01/...":
    every separator is tried, since "-" and "/" also sit inside dates."""
    for match in _RANGE_SEPARATOR.finditer(text):
        try:
            return parse_date(text[: match.start()]), parse_date(text[match.end() :])
        except BadValue:
            continue
    return None


def parse_period(value: Any) -> Period:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    text = cell_text(value)
    if re.fullmatch(r"\d{4}", text):
        return Period.year(int(text))
    if match := _QUARTER.match(text):
        return Period.quarter(int(match.group(1)), int(match.group(2)))
    if match := _QUARTER_FIRST.match(text):
        return Period.quarter(int(match.group(2)), int(match.group(1)))
    if found := _date_range(text):
        start, end = found
        if end < start:
            raise BadValue(_("The period ends before it starts."))
        return Period(start, end, f"{start:%d.%m.%Y}-{end:%d.%m.%Y}")
    raise BadValue(
        _("Write the period as a year (2027), a quarter (2027-Q2) or a date range (01.04.2027-30.06.2027).")
    )
