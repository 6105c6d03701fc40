"""Repositories: the only place that knows the tables. Each works inside the caller's
transaction (see Database.transaction) and speaks domain objects."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, date, datetime, time
from functools import lru_cache
from typing import Any, overload

from coursehub.domain.collation import albanian_key
from coursehub.domain.course_record import RECORD_FIELDS, course_record
from coursehub.domain.errors import ConflictError
from coursehub.domain.model import (
    Area,
    AreaKind,
    Course,
    CourseStatus,
    Education,
    Eligibility,
    Gender,
    HolidayAdjustment,
    Need,
    Period,
    Provider,
    ProviderKind,
    TargetGroup,
    Weekday,
    WeeklySession,
)
from coursehub.domain.text import fold
from coursehub.i18n import N_, _
from coursehub.storage.repository import Repository


@lru_cache(maxsize=4096)
def sessions_from_text(text: str) -> tuple[WeeklySession, ...]:
    """Decode stored sessions; cached because a catalogue repeats a few schedules many times."""
    sessions = []
    for part in filter(None, text.split(";")):
        day, span = part.split(" ")
        start, end = span.split("-")
        sessions.append(WeeklySession(Weekday[day], time.fromisoformat(start), time.fromisoformat(end)))
    return tuple(sessions)


@lru_cache(maxsize=4096)
def _eligibility(
    min_age: int | None, max_age: int | None, gender: str, education: str, groups: str
) -> Eligibility:
    """Decode stored eligibility; frozen and shared, so equal rows share one object."""
    return Eligibility(
        min_age=min_age,
        max_age=max_age,
        gender=Gender(gender),
        education=Education.from_code(education),
        groups=frozenset(TargetGroup(g) for g in groups.split(",") if g),
    )


_STATUSES = {status.value: status for status in CourseStatus}


def _day_text(day: date | None) -> str | None:
    return day.isoformat() if day else None


def _now() -> str:
    return datetime.now().strftime("%Y-%m-%dT%H:%M:%S")


class ProviderRepository(Repository):
    _MISSING = N_("There is no provider number {id} in the database; it may have been deleted meanwhile.")

    @staticmethod
    def _from_row(row: sqlite3.Row | tuple[Any, ...]) -> Provider:
        pid, name, kind, licence, contact, version, issuer, valid_until = row
        return Provider(
            name=name,
            kind=ProviderKind(kind),
            licence_number=licence,
            contact=contact,
            id=pid,
            version=version,
            licence_issuer=issuer or "",
            licence_valid_until=date.fromisoformat(str(valid_until)[:10]) if valid_until else None,
        )

    _COLUMNS = "id, name, kind, licence_number, contact, version, licence_issuer, licence_valid_until"

    def list(self) -> list[Provider]:
        """In Albanian alphabetical order (SQLite's order would put "Ç…" after "Z…")."""
        rows = self.conn.execute(f"SELECT {self._COLUMNS} FROM providers")
        return sorted((self._from_row(r) for r in rows), key=lambda p: albanian_key(p.name))

    def find(self, name: str) -> Provider | None:
        row = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM providers WHERE name_key = ?", (fold(name),)
        ).fetchone()
        return self._from_row(row) if row else None

    def get(self, provider_id: int) -> Provider:
        return self._from_row(
            self._row_by_id(f"SELECT {self._COLUMNS} FROM providers WHERE id = ?", provider_id)
        )

    @staticmethod
    def _values(provider: Provider) -> dict[str, object]:
        return {
            "name": provider.name.strip(),
            "name_key": fold(provider.name),
            "kind": provider.kind.value,
            "licence_number": provider.licence_number,
            "contact": provider.contact,
            "licence_issuer": provider.licence_issuer,
            "licence_valid_until": _day_text(provider.licence_valid_until),
        }

    def add(self, provider: Provider) -> Provider:
        return self.get(self._insert("providers", self._values(provider)))

    def update(self, provider: Provider) -> Provider:
        if not self._update_unless_changed(
            "providers", self._values(provider), provider.id, provider.version
        ):
            raise ConflictError(
                _("The provider {name} was changed by someone else since you opened it.").format(
                    name=provider.name
                )
            )
        return self.get(int(provider.id or 0))

    def touch_list(self, provider_id: int) -> None:
        """Record that the provider's course list was brought up to date (import, edit)."""
        self.conn.execute("UPDATE providers SET list_updated_at = ? WHERE id = ?", (_now(), provider_id))

    def list_updated(self) -> dict[str, date | None]:
        rows = self.conn.execute("SELECT name, list_updated_at FROM providers")
        return {name: (datetime.fromisoformat(at).date() if at else None) for name, at in rows}


_COURSE_COLUMNS = (
    "c.id, p.name, c.code, c.title, c.occupation, c.municipality, c.venue, c.trainer, "
    "c.start_date, c.end_date, c.sessions, c.seats, c.fee, c.status, c.min_age, c.max_age, "
    "c.gender, c.education, c.groups, c.notes, c.version"
)
_COURSE_FROM = "FROM courses c JOIN providers p ON p.id = c.provider_id"


def course_from_row(row: tuple[Any, ...]) -> Course:
    (
        cid,
        provider,
        code,
        title,
        occupation,
        municipality,
        venue,
        trainer,
        start,
        end,
        sessions,
        seats,
        fee,
        status,
        min_age,
        max_age,
        gender,
        education,
        groups,
        notes,
        version,
    ) = row
    return Course(
        provider=provider,
        code=code,
        title=title,
        occupation=occupation,
        municipality=municipality,
        venue=venue,
        trainer=trainer,
        start=date.fromisoformat(start),
        end=date.fromisoformat(end),
        sessions=sessions_from_text(sessions),
        seats=seats,
        fee=fee,
        status=_STATUSES[status],
        eligibility=_eligibility(min_age, max_age, gender, education, groups),
        notes=notes,
        id=cid,
        version=version,
    )


_COURSE_POSITIONS = {
    name.strip().split(".")[-1]: position for position, name in enumerate(_COURSE_COLUMNS.split(","))
}
# The catalogue table's read (`list_lazily`), column by column: one list per column the table
# sorts, searches or filters by, and the rest, needed only to make a Course of a row shown, as
# one JSON array per course. Each column is one aggregate of one scan (the same row order in
# every aggregate), so the database hands over a dozen strings instead of 2 million values, and
# does its share without holding Python's lock.
_LISTED = (
    "id", "provider_id", "code", "title", "occupation", "municipality", "venue", "trainer",
    "start_date", "end_date", "seats",
)  # fmt: skip
_PACKED = tuple(name for name in _COURSE_POSITIONS if name not in {*_LISTED, "name"})
UNIT_SEPARATOR = "\x1f"  # never inside JSON text: JSON writes control characters escaped


def course_columns_sql(as_list: str, joined: str) -> str:
    """The read of `_LISTED` and `_PACKED` in one query, in a dialect's spelling ({} marks
    the column): `as_list` makes a column's JSON list, `joined` the per-course JSON arrays
    of the packed columns joined by `UNIT_SEPARATOR`."""
    listed = ", ".join(as_list.format(name) for name in _LISTED)
    return f"SELECT {listed}, {joined.format(', '.join(_PACKED))} FROM courses"


class CourseRows(Sequence[Course]):
    """Every course of one read, one list per column (`list_lazily`), each course made into a
    Course only when it is asked for: a table of 100,000 courses shows a few dozen at a time,
    and sorts and searches on the stored columns (`column`). Made courses are kept; `replace`
    and `append` take a saved course in (its columns then hold what the database now holds).

    The courses stay in the order read; `read_order` lists their positions sorted as `list`
    sorts them (start date, provider, code)."""

    def __init__(self, columns: dict[str, list[Any]], packed: list[str], read_order: list[int]) -> None:
        self._columns = columns  # `_COURSE_POSITIONS` names but the packed ones
        self._packed = packed
        self._made: list[Course | None] = [None] * len(packed)
        self.read_order = read_order
        # Whether `read_order` is still sorted by start date: a table sorted by start needs no
        # sort of its own until a saved course comes in.
        self.in_start_order = True

    def __len__(self) -> int:
        return len(self._packed)

    @overload
    def __getitem__(self, position: int) -> Course: ...

    @overload
    def __getitem__(self, position: slice) -> list[Course]: ...

    def __getitem__(self, position: int | slice) -> Course | list[Course]:
        if isinstance(position, slice):
            return [self[i] for i in range(*position.indices(len(self)))]
        course = self._made[position]
        if course is None:
            course = self._made[position] = course_from_row(self._row(position))
        return course

    def _row(self, position: int) -> tuple[Any, ...]:
        values = dict(zip(_PACKED, json.loads(self._packed[position]), strict=True))
        for name, column in self._columns.items():
            values[name] = column[position]
        return tuple(values[name] for name in _COURSE_POSITIONS)

    def column(self, name: str) -> list[Any]:
        """One stored column for every course, as stored: `start_date` is ISO text (which
        sorts as the dates do), `status` the status's value, `name` the provider's name. A
        copy, so that a worker may read it while the table takes a saved course in."""
        column = self._columns.get(name)
        if column is not None:
            return list(column)
        index = _PACKED.index(name)
        return [json.loads(values)[index] for values in self._packed]

    def distinct(self, name: str) -> set[Any]:
        """The different values of one stored column."""
        column = self._columns.get(name)
        return set(column) if column is not None else set(self.column(name))

    def replace(self, position: int, course: Course) -> None:
        self._made[position] = course
        self._store(position, course)
        self.in_start_order = False  # its start date may have changed

    def append(self, course: Course) -> None:
        position = len(self)
        self._made.append(course)
        self._packed.append("")
        for column in self._columns.values():
            column.append(None)
        self._store(position, course)
        self.read_order.append(position)
        self.in_start_order = False

    def _store(self, position: int, course: Course) -> None:
        """What the database holds for a course saved since the read, at `position`."""
        stored = course_values(course)
        stored.update(id=course.id, name=course.provider, version=course.version)
        for name, column in self._columns.items():
            column[position] = stored[name]
        self._packed[position] = json.dumps([stored[name] for name in _PACKED])


def course_values(course: Course) -> dict[str, object]:
    return dict(zip(RECORD_FIELDS, course_record(course), strict=True))


class CourseRepository(Repository):
    _MISSING = N_("There is no course number {id} in the database; it may have been deleted meanwhile.")

    def list(self, *, provider: str | None = None) -> list[Course]:
        return list(self.iter(provider=provider))

    def iter(self, *, provider: str | None = None) -> Iterator[Course]:
        sql = f"SELECT {_COURSE_COLUMNS} {_COURSE_FROM}"
        params: tuple[Any, ...] = ()
        if provider is not None:
            sql += " WHERE p.name_key = ?"
            params = (fold(provider),)
        sql += " ORDER BY c.start_date, p.name_key, c.code"
        for row in self.conn.execute(sql, params):
            yield course_from_row(row)

    _COURSE_COLUMNS_SQL = course_columns_sql(
        "json_group_array({})", f"group_concat(json_array({{}}), '{UNIT_SEPARATOR}')"
    )

    def list_lazily(self) -> CourseRows:
        """Every course, read column by column in one query and made into Course objects only
        when asked for (see CourseRows), with the order `list` gives them."""
        *listed, packed = self.conn.execute(self._COURSE_COLUMNS_SQL).fetchone()
        columns = {name: json.loads(values or "[]") for name, values in zip(_LISTED, listed, strict=True)}
        names, keys = {}, {}
        for pid, name, key in self.conn.execute("SELECT id, name, name_key FROM providers"):
            names[pid], keys[pid] = name, key
        provider_ids = columns.pop("provider_id")
        columns["name"] = list(map(names.__getitem__, provider_ids))
        # Sorted here rather than by SQLite (its sort took longer than the whole read): three
        # stable sorts on one column each, the provider by its rank, no key tuple per course.
        ranks = {pid: rank for rank, pid in enumerate(sorted(keys, key=keys.__getitem__))}
        order = sorted(range(len(provider_ids)), key=columns["code"].__getitem__)
        order.sort(key=list(map(ranks.__getitem__, provider_ids)).__getitem__)
        order.sort(key=columns["start_date"].__getitem__)
        return CourseRows(columns, packed.split(UNIT_SEPARATOR) if packed else [], order)

    def count(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM courses").fetchone()[0])

    def get(self, course_id: int) -> Course:
        return course_from_row(
            self._row_by_id(f"SELECT {_COURSE_COLUMNS} {_COURSE_FROM} WHERE c.id = ?", course_id)
        )

    def find(self, provider: str, code: str) -> Course | None:
        row = self.conn.execute(
            f"SELECT {_COURSE_COLUMNS} {_COURSE_FROM} WHERE p.name_key = ? AND c.code = ?",
            (fold(provider), code.strip()),
        ).fetchone()
        return course_from_row(row) if row else None

    def add(self, course: Course, provider_id: int) -> int:
        return self._insert("courses", course_values(course) | {"provider_id": provider_id})

    def add_many(self, courses: Iterable[tuple[Course, int]]) -> None:
        """Bulk insert for imports and the demo (inside the caller's transaction)."""
        rows = [course_values(c) | {"provider_id": pid} for c, pid in courses]
        if not rows:
            return
        columns = list(rows[0])
        marks = ", ".join("?" for _ in columns)
        self.conn.executemany(
            f"INSERT INTO courses ({', '.join(columns)}) VALUES ({marks})",
            [tuple(r[c] for c in columns) for r in rows],
        )

    def update(self, course: Course) -> None:
        """Save `course` over the stored one, unless someone saved it since it was read."""
        if not self._update_unless_changed("courses", course_values(course), course.id, course.version):
            raise ConflictError(
                _("The course {code} ({title}) was changed by someone else since you opened it.").format(
                    code=course.code, title=course.title
                )
            )

    def modified_times(self) -> dict[int, datetime]:
        """When each course last changed (UTC), for calendar files' LAST-MODIFIED."""
        rows = self.conn.execute("SELECT id, updated_at FROM courses")
        # updated_at is written as the computer's local time (see _now, Repository._update_unless_changed)
        return {cid: datetime.fromisoformat(at).astimezone(UTC) for cid, at in rows}

    def set_status(self, course_id: int, status: CourseStatus) -> None:
        self.conn.execute(
            "UPDATE courses SET status = ?, version = version + 1, updated_at = ? WHERE id = ?",
            (status.value, _now(), course_id),
        )


class NeedRepository(Repository):
    def list(self) -> list[Need]:
        rows = self.conn.execute(
            "SELECT id, occupation, occupation_title, area_kind, area_name, period_start, "
            "period_end, period_label, demand, source FROM needs ORDER BY period_start, id"
        )
        return [
            Need(
                occupation=occ,
                occupation_title=title,
                area=Area(AreaKind(kind), area),
                period=Period(date.fromisoformat(ps), date.fromisoformat(pe), label),
                demand=demand,
                source=source,
                id=nid,
            )
            for nid, occ, title, kind, area, ps, pe, label, demand, source in rows
        ]

    def add(self, need: Need) -> None:
        self.conn.execute(
            "INSERT INTO needs (occupation, occupation_title, area_kind, area_name, "
            "period_start, period_end, period_label, demand, source) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                need.occupation,
                need.occupation_title,
                need.area.kind.value,
                need.area.name,
                need.period.start.isoformat(),
                need.period.end.isoformat(),
                need.period.label,
                need.demand,
                need.source,
            ),
        )

    def find_same(self, need: Need) -> int | None:
        """The id of a stored need for the same occupation, area and period, if any."""
        row = self.conn.execute(
            "SELECT id FROM needs WHERE occupation = ? AND area_kind = ? AND area_name = ? "
            "AND period_start = ? AND period_end = ?",
            (
                need.occupation,
                need.area.kind.value,
                need.area.name,
                need.period.start.isoformat(),
                need.period.end.isoformat(),
            ),
        ).fetchone()
        return int(row[0]) if row else None

    def set_demand(self, need_id: int, demand: int, source: str) -> None:
        self.conn.execute("UPDATE needs SET demand = ?, source = ? WHERE id = ?", (demand, source, need_id))

    def delete(self, need_id: int) -> None:
        self.conn.execute("DELETE FROM needs WHERE id = ?", (need_id,))


class HolidayRepository(Repository):
    def list(self) -> list[HolidayAdjustment]:
        rows = self.conn.execute("SELECT day, name, closed FROM holiday_adjustments ORDER BY day")
        return [HolidayAdjustment(date.fromisoformat(d), n, bool(c)) for d, n, c in rows]

    def save(self, adjustment: HolidayAdjustment) -> None:
        self.conn.execute(
            "INSERT INTO holiday_adjustments (day, name, closed) VALUES (?, ?, ?) "
            "ON CONFLICT (day) DO UPDATE SET name = excluded.name, closed = excluded.closed",
            (adjustment.day.isoformat(), adjustment.name, bool(adjustment.closed)),
        )

    def delete(self, day: date) -> None:
        self.conn.execute("DELETE FROM holiday_adjustments WHERE day = ?", (day.isoformat(),))


class SettingsRepository(Repository):
    def get(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


class ImportMappingRepository(Repository):
    def get(self, provider_id: int) -> dict[str, str] | None:
        row = self.conn.execute(
            "SELECT mapping FROM import_mappings WHERE provider_id = ?", (provider_id,)
        ).fetchone()
        return dict(json.loads(row[0])) if row else None

    def save(self, provider_id: int, mapping: dict[str, str]) -> None:
        self.conn.execute(
            "INSERT INTO import_mappings (provider_id, mapping, updated_at) VALUES (?, ?, ?) "
            "ON CONFLICT (provider_id) DO UPDATE SET mapping = excluded.mapping, "
            "updated_at = excluded.updated_at",
            (provider_id, json.dumps(mapping, ensure_ascii=False), _now()),
        )
