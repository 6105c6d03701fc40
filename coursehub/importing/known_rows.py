"""Course rows made only of parts already seen in valid rows, turned straight into records.

Every check the import makes on a row looks at one of these parts of it, never across
them: the place (occupation, municipality), the dates (start, end), the timetable (days,
time), the numbers (seats, fee, status), the eligibility (the age columns, gender,
education, target groups), and each text on its own (title, venue, trainer, notes); the
code, which differs on every row, is the only cell checked for itself. So once a row has
passed every check (CourseRowReader.read), each of its parts is valid wherever the same
cells appear again, and is stored with the same values. A course list repeats its parts
many times: a row whose parts are all known, and whose code is plain printable text, needs
no parsing, no Course and no checks; its record (domain/course_record.py) is put together
from the remembered parts. Any other row goes through CourseRowReader.read, which finds
every problem exactly as before, and teaches the parts of a valid row.

Dates repeat less: most courses start and end on days of their own. A start and an end
seen in valid rows, each on its own, are a valid pair when the course's own check of the
pair (RepeatedCourseChecks.date_problems, the part of the checks about dates) finds nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from datetime import date
from operator import itemgetter
from typing import Any

from coursehub.domain.course_record import CourseRecord
from coursehub.domain.validation import MAX_TEXT

REMEMBERED = 50_000  # distinct cell combinations remembered per part

# each part: the fields whose cells make it up, and where its values go in a record
_TEXTS = {"title": 1, "venue": 4, "trainer": 5, "notes": 17}
_PARTS = {
    "place": (("occupation", "municipality"), slice(2, 4)),
    "dates": (("start", "end"), slice(6, 8)),
    "timetable": (("days", "time"), slice(8, 9)),
    "numbers": (("seats", "fee", "status"), slice(9, 12)),
    "eligibility": (("age", "min_age", "max_age", "gender", "education", "groups"), slice(12, 17)),
}
_DAYS = {"start": 6, "end": 7}  # each date on its own, for pairs not seen together yet

Key = Callable[[Sequence[Any]], Hashable]
Dates = tuple[Any, Any, date]  # the start and end as stored, and the start date
DatesValid = Callable[[date, date], bool]


def _no_cells(cells: Sequence[Any]) -> None:
    """The key of a part whose columns the file does not have: always the same."""
    return None


def _key(indexes: list[int]) -> Key:
    return itemgetter(*indexes) if indexes else _no_cells


def _learnable(key: Hashable) -> bool:
    """False for cells equal to 0 or 1 that are not text: True == 1 and False == 0, so a
    spreadsheet's TRUE could otherwise be taken for a part learnt from the number 1."""
    cells = key if isinstance(key, tuple) else (key,)
    return all(c.__class__ is str or not (c == 0 or c == 1) for c in cells)


def _remember(memo: dict[Hashable, Any], key: Hashable, value: Any) -> None:
    if key not in memo and len(memo) < REMEMBERED and _learnable(key):
        memo[key] = value


class KnownRows:
    """The parts of the valid rows read so far, and the records of rows made only of them."""

    def __init__(
        self,
        index: dict[str, int],
        derive_code: Callable[[str, date, str], str] | None,
        dates_valid: DatesValid,
    ) -> None:
        self.derive_code = derive_code  # None: the file has a code column
        self.dates_valid = dates_valid
        self.code_at = index.get("code", -1)
        self.keys = {name: _key([index[name]] if name in index else []) for name in (*_TEXTS, *_DAYS)}
        self.keys |= {
            name: _key([index[f] for f in fields if f in index]) for name, (fields, _) in _PARTS.items()
        }
        # text, date and part -> remembered cells -> stored values (dates keep the start date)
        self.memos: dict[str, dict[Hashable, Any]] = {name: {} for name in self.keys}
        self._record = self._known_record()

    def record(self, cells: Sequence[Any]) -> CourseRecord | None:
        """The row's record, or None unless every part of it is known (read it then)."""
        return self._record(cells)

    def _known_record(self) -> Callable[[Sequence[Any]], CourseRecord | None]:
        """`record` with its memos and keys bound as locals: it runs once per row."""
        title_of, venue_of, trainer_of, notes_of = (self.keys[n] for n in _TEXTS)
        place_of, dates_of, timetable_of, numbers_of, eligibility_of = (self.keys[n] for n in _PARTS)
        titles, venues, trainers, notes_memo = (self.memos[n] for n in _TEXTS)
        places, dates_memo, timetables, numbers_memo, eligibilities = (self.memos[n] for n in _PARTS)
        derive_code, code_at, new_dates = self.derive_code, self.code_at, self._new_dates

        def record(cells: Sequence[Any]) -> CourseRecord | None:
            try:
                title = titles[title_of(cells)]
                venue = venues[venue_of(cells)]
                trainer = trainers[trainer_of(cells)]
                notes = notes_memo[notes_of(cells)]
                place = places[place_of(cells)]
                timetable = timetables[timetable_of(cells)]
                numbers = numbers_memo[numbers_of(cells)]
                eligibility = eligibilities[eligibility_of(cells)]
                dates = dates_memo.get(dates_of(cells)) or new_dates(cells)
            except (KeyError, IndexError, TypeError):  # a new part, a short row, an odd cell
                return None
            if dates is None:
                return None
            if derive_code is not None:
                code = derive_code(title, dates[2], venue)
            else:
                code = cells[code_at]
                # what needs no checking: text with no formula guard to undo, nothing
                # invisible, not too long (domain/validation.py's text_problems)
                if code.__class__ is not str:
                    return None
                code = code.strip()
                if not (code and code[0] != "'" and code.isascii() and code.isprintable()):
                    return None
                if len(code) > MAX_TEXT:
                    return None
            return (
                code,
                title,
                *place,
                venue,
                trainer,
                dates[0],
                dates[1],
                *timetable,
                *numbers,
                *eligibility,
                notes,
            )

        return record

    def _new_dates(self, cells: Sequence[Any]) -> Dates | None:
        """A start and an end each seen in valid rows, not yet together: their stored values
        if the pair passes the course's check of its dates (then remembered), else None."""
        start = self.memos["start"][self.keys["start"](cells)]
        end = self.memos["end"][self.keys["end"](cells)]
        if not self.dates_valid(start[1], end[1]):
            return None
        dates = (start[0], end[0], start[1])
        _remember(self.memos["dates"], self.keys["dates"](cells), dates)
        return dates

    def learn(
        self, cells: Sequence[Any], record: CourseRecord, start: date, end: date, *, texts: bool
    ) -> None:
        """Remember the parts of a row that passed every check; `texts` False when one of
        its texts was repaired (a repair is counted, so such a row must be read again)."""
        learnt: dict[str, Any] = {name: record[where] for name, (_, where) in _PARTS.items()}
        learnt |= {"dates": (*record[6:8], start), "start": (record[6], start), "end": (record[7], end)}
        if texts:
            learnt |= {name: record[where] for name, where in _TEXTS.items()}
        for name, value in learnt.items():
            _remember(self.memos[name], self.keys[name](cells), value)
