"""The catalogue table: a model over our own Course objects that sorts and filters itself.

A QSortFilterProxyModel over Python rows takes seconds at catalogue size (measured:
sorting 100,000 rows 6 s, a filter keystroke 0.3 s). Here
the model keeps every course in one sequence, a folded search text per course, and one
order per sorted column; a keystroke is one pass over that order, with no sorting at all.

The sequence may be the catalogue service's lazy one (`courses_for_table`): the courses as
the database gave them, made into Course objects only for the rows on screen, the course
selected, or a filter. Search texts, the first order and the filter choices then come from
its raw columns (`column(name)`), so 100,000 courses fill the table without making
100,000 objects first.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from datetime import date, timedelta
from typing import Any, Protocol, TypeGuard

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont

from coursehub.domain.model import Course, CourseStatus
from coursehub.domain.text import fold
from coursehub.i18n import N_, _
from coursehub.ui.common import format_date, format_number
from coursehub.ui.style import STALE_TEXT
from coursehub.ui.widgets import column_title

COLUMNS: list[tuple[str, Callable[[Course], Any]]] = [
    (N_("Title"), lambda c: c.title),
    (N_("Provider"), lambda c: c.provider),
    (N_("ISCO"), lambda c: c.occupation),
    (N_("Municipality"), lambda c: c.municipality),
    (N_("Venue"), lambda c: c.venue),
    (N_("Start"), lambda c: c.start),
    (N_("End"), lambda c: c.end),
    (N_("Schedule"), lambda c: c.schedule_text()),
    (N_("Seats"), lambda c: c.seats),
    (N_("Status"), lambda c: c.status.label),
]
_TITLES = [title for title, _cell in COLUMNS]
TITLE, PROVIDER, ISCO, MUNICIPALITY, VENUE, START, END, SCHEDULE, SEATS, STATUS = range(len(COLUMNS))
# The stored column that sorts as each table column does (dates as ISO text sort as dates).
_STORED = {
    TITLE: "title",
    PROVIDER: "name",
    ISCO: "occupation",
    MUNICIPALITY: "municipality",
    VENUE: "venue",
    START: "start_date",
    END: "end_date",
    SEATS: "seats",
}
# Stored columns that sort as they are (ISO dates, digits, numbers): no folding for their keys.
_SORTED_RAW = {ISCO, START, END, SEATS}
# The stored columns a course is searched by, in the order of `_search_text`.
_SEARCHED = ("title", "name", "occupation", "municipality", "venue", "trainer", "code")

CourseRole = Qt.ItemDataRole.UserRole


class StoredCourses(Protocol):
    """The lazy sequence of `courses_for_table` (storage's `CourseRows`), as this model uses it."""

    read_order: list[int]  # positions in the order read: by start date, provider, code
    in_start_order: bool  # whether `read_order` is still sorted by start date

    def __len__(self) -> int: ...
    def __getitem__(self, position: int) -> Course: ...
    def __iter__(self) -> Iterator[Course]: ...
    def column(self, name: str) -> list[Any]: ...
    def replace(self, position: int, course: Course) -> None: ...
    def append(self, course: Course) -> None: ...


SortRole = Qt.ItemDataRole.UserRole + 1
_ANSWERED_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.FontRole,
        Qt.ItemDataRole.ToolTipRole,
        CourseRole,
        SortRole,
    }
)
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
_Index = QModelIndex | QPersistentModelIndex

STALE_AFTER = timedelta(days=183)  # a provider list older than six months is stale


def _sort_key(value: Any) -> Any:
    return fold(value) if isinstance(value, str) else value


class CatalogueModel(QAbstractTableModel):
    def __init__(
        self,
        courses: Sequence[Course] = (),
        parent: Any = None,
        extra_text: Callable[[Course], str] | None = None,
    ) -> None:
        super().__init__(parent)
        self._extra_text = extra_text
        self._all: list[Course] | StoredCourses = []
        self._search: list[str] | None = []  # None: to be made (see set_courses)
        self._saved_texts: dict[int, str] = {}  # position -> text, saved while None (put_course)
        self._orders: dict[int, list[int]] = {}
        self._rows: list[int] = []
        self._query = ""
        self._query_rows: list[int] | None = None  # rows matching the query, in sort order
        self._predicate: Callable[[Course], bool] | None = None
        self._sort_column = START
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._today = date.today()
        self._list_dates: dict[str, date | None] = {}
        self._distinct: dict[int, set[Any]] = {}
        self.set_courses(courses)

    # Data in --------------------------------------------------------------------------
    def set_courses(
        self,
        courses: Sequence[Course],
        search: list[str] | None = None,
        search_later: bool = False,
        distinct: dict[int, set[Any]] | None = None,
    ) -> None:
        """Show `courses`; `search` may bring their search texts already made (in a worker),
        `distinct` the different values of some columns (`distinct_values`, made there too).
        With `search_later` the table is filled first and the texts come by
        `set_search_texts`: a search typed before they come waits for them
        (`search_pending`) rather than making them on the GUI thread."""
        self.beginResetModel()
        self._all = courses if _is_lazy(courses) else list(courses)
        self._saved_texts.clear()
        if search is not None:
            self._search = search
        else:
            self._search = None if search_later else self.search_texts(self._all)
        self._distinct = dict(distinct or {})
        self._orders.clear()
        self._rows = self._visible_rows()
        self.endResetModel()

    def search_texts(self, courses: Sequence[Course] | StoredCourses) -> list[str]:
        """The folded text each course is found by (safe to call from a worker thread)."""
        if _is_lazy(courses):
            return self._search_texts_from_columns(courses)
        return [self._search_text(c) for c in courses]

    def _search_texts_from_columns(self, courses: StoredCourses) -> list[str]:
        """`_search_text` of every course, from the stored columns, column by column: each
        distinct value is folded once, and the extra text (which depends on the ISCO code
        only) is asked for once per code, of the first course with it. An empty part leaves
        two spaces where `_search_text` leaves one, which no search word (never a space)
        can tell apart."""
        columns = [courses.column(name) for name in _SEARCHED]
        count = min(map(len, columns))  # a course saved meanwhile: its text comes by put_course
        columns = [column[:count] for column in columns]
        folded = _FoldedValues()
        parts = [list(map(folded.__getitem__, column)) for column in columns]
        if self._extra_text is not None:
            codes = columns[2]
            extra: dict[str, str] = {}
            for position, code in enumerate(codes):
                if code not in extra:
                    extra[code] = folded[self._extra_text(courses[position])]
            parts.append(list(map(extra.__getitem__, codes)))
        return list(map(" ".join, zip(*parts, strict=True)))

    def _search_text(self, c: Course) -> str:
        parts = (
            c.title,
            c.provider,
            c.occupation,
            c.municipality,
            c.venue,
            c.trainer,
            c.code,
            self._extra_text(c) if self._extra_text else "",
        )
        return " ".join(_folded(part) for part in parts if part)

    def set_search_texts(self, courses: Sequence[Course] | StoredCourses, search: list[str]) -> None:
        """The search texts of `courses`, made in a worker after the table was filled; kept
        only if the table still shows those very courses and has none yet. The texts of
        courses saved meanwhile replace theirs (the worker may have read them before or
        after the save). A search typed meanwhile is run now."""
        if courses is self._all and self._search is None:
            for position, text in sorted(self._saved_texts.items()):
                _put_text(search, position, text)
            self._saved_texts.clear()
            self._search = search
            if self._query:
                self._refilter()

    @property
    def search_pending(self) -> bool:
        """A search was typed and waits for the search texts (folded in a worker)."""
        return self._search is None and bool(self._query.split())

    def set_staleness(self, today: date, list_dates: dict[str, date | None]) -> None:
        """Mark courses that have ended and providers whose list is months old."""
        self._today = today
        self._list_dates = dict(list_dates)
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, len(COLUMNS) - 1))

    def put_course(self, course: Course) -> None:
        """Show a saved course: replace the one with its id, or add it. Its search text is
        folded now; while the others' are still being folded in a worker, it waits beside
        them (`set_search_texts` puts it in)."""
        position = next((i for i, found in enumerate(self._ids()) if found == course.id), None)
        self.beginResetModel()
        self._distinct.clear()
        if position is None:
            position = len(self._all)
            self._all.append(course)
        elif isinstance(self._all, list):
            self._all[position] = course
        else:
            self._all.replace(position, course)
        text = self._search_text(course)
        if self._search is None:
            self._saved_texts[position] = text
        else:
            _put_text(self._search, position, text)
        self._orders.clear()
        self._rows = self._visible_rows()
        self.endResetModel()

    def course_at(self, row: int) -> Course:
        return self._all[self._rows[row]]

    def row_of(self, course_id: int) -> int | None:
        ids = self._ids()
        for row, i in enumerate(self._rows):
            if ids[i] == course_id:
                return row
        return None

    def _ids(self) -> Sequence[int | None]:
        if _is_lazy(self._all):
            return self._all.column("id")
        return [c.id for c in self._all]

    def distinct_values(self, column: int) -> set[Any]:
        """The different values of a column (MUNICIPALITY, PROVIDER, ...) over every course."""
        known = self._distinct.get(column)
        if known is not None:
            return set(known)
        if _is_lazy(self._all) and column in _STORED:
            return set(self._all.column(_STORED[column]))
        getter = COLUMNS[column][1]
        return {getter(c) for c in self._all}

    def visible_courses(self) -> list[Course]:
        return [self._all[i] for i in self._rows]

    def all_courses(self) -> list[Course]:
        return list(self._all)

    @property
    def total(self) -> int:
        return len(self._all)

    # Staleness --------------------------------------------------------------------------
    def has_ended(self, course: Course) -> bool:
        return course.has_ended(self._today)

    def provider_list_is_stale(self, provider: str) -> bool:
        updated = self._list_dates.get(provider)
        return updated is not None and self._today - updated > STALE_AFTER

    # Filtering and sorting -------------------------------------------------------------
    def set_query(self, text: str) -> None:
        folded = fold(text)
        if folded == self._query:
            return
        narrower = bool(self._query) and _narrows(self._query, folded)
        self._query = folded
        self.beginResetModel()
        self._rows = self._visible_rows(narrower_query=narrower)
        self.endResetModel()

    def set_predicate(self, predicate: Callable[[Course], bool] | None) -> None:
        self._predicate = predicate
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = self._visible_rows()
        self.endResetModel()

    def _order(self) -> list[int]:
        order = self._orders.get(self._sort_column)
        if order is None:
            order = self._sorted_order()
            self._orders[self._sort_column] = order
        if self._sort_order == Qt.SortOrder.DescendingOrder:
            return order[::-1]
        return order

    def _sorted_order(self) -> list[int]:
        """The positions of the courses sorted by the sort column; equal ones in the order
        read (by start date, provider and code, on a lazy sequence)."""
        if not _is_lazy(self._all):
            getter = COLUMNS[self._sort_column][1]
            keys = [_sort_key(getter(c)) for c in self._all]
            return sorted(range(len(keys)), key=keys.__getitem__)
        read_order = self._all.read_order
        if self._sort_column == START and self._all.in_start_order:
            return list(read_order)  # read in this order: a stable sort keeps it
        if self._sort_column in _STORED:
            stored = self._all.column(_STORED[self._sort_column])
            keys = stored if self._sort_column in _SORTED_RAW else [_sort_key(v) for v in stored]
        else:
            getter = COLUMNS[self._sort_column][1]
            keys = [_sort_key(getter(c)) for c in self._all]
        return sorted(read_order, key=keys.__getitem__)

    def _visible_rows(self, narrower_query: bool = False) -> list[int]:
        # Typing one more letter can only narrow the match: search the last matches only.
        rows = self._query_rows if narrower_query and self._query_rows is not None else self._order()
        words = self._query.split()
        if words and self._search is None:  # the texts are being folded: wait for them
            self._query_rows = None
            return []
        search = self._search or []
        if len(words) == 1:
            word = words[0]
            rows = [i for i in rows if word in search[i]]
        elif words:
            rows = [i for i in rows if all(w in search[i] for w in words)]
        self._query_rows = rows
        predicate = self._predicate
        if predicate is not None:
            everything = self._all
            rows = [i for i in rows if predicate(everything[i])]
        return list(rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(COLUMNS):
            return
        self.layoutAboutToBeChanged.emit()
        persistent = self.persistentIndexList()
        ids = [(self._rows[p.row()], p.column()) for p in persistent]
        self._sort_column, self._sort_order = column, order
        self._rows = self._visible_rows()
        where = {i: row for row, i in enumerate(self._rows)}
        self.changePersistentIndexList(
            persistent, [self.index(where[i], col) if i in where else QModelIndex() for i, col in ids]
        )
        self.layoutChanged.emit()

    # QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks about seven roles of every cell it paints: the others end here, before
        # the course is looked up.
        if role not in _ANSWERED_ROLES or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        column = index.column()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT_ALIGNED if column == SEATS else None
        course = self.course_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(course, column)
        if role == CourseRole:
            return course
        if role == SortRole:
            return COLUMNS[column][1](course)
        if role == Qt.ItemDataRole.ForegroundRole:
            return self._foreground(course, column)
        if role == Qt.ItemDataRole.FontRole:
            return _struck_out() if course.status is CourseStatus.CANCELLED else None
        return self._tooltip(course, column)  # ToolTipRole

    def _display(self, course: Course, column: int) -> str:
        value = COLUMNS[column][1](course)
        if isinstance(value, date):
            return format_date(value)
        if isinstance(value, int):
            return format_number(value)
        if column == TITLE and self.has_ended(course):
            return _("{title} (ended)").format(title=value)
        return str(value)

    def _foreground(self, course: Course, column: int) -> QColor | None:
        if self.has_ended(course) or course.status is CourseStatus.CANCELLED:
            return QColor(STALE_TEXT)
        if column == PROVIDER and self.provider_list_is_stale(course.provider):
            return QColor("#b35c00")
        return None

    def _tooltip(self, course: Course, column: int) -> str | None:
        if column == PROVIDER and self.provider_list_is_stale(course.provider):
            updated = self._list_dates.get(course.provider)
            return _("This provider's list was last updated on {day}: it may be out of date.").format(
                day=format_date(updated)
            )
        if self.has_ended(course):
            return _("This course ended on {day}.").format(day=format_date(course.end))
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        title = column_title(_TITLES, section, orientation, role)
        return None if title is None else _(title)  # translated here: the language may change


def _put_text(texts: list[str], position: int, text: str) -> None:
    """The search text of the course at `position`: one just added comes last."""
    if position == len(texts):
        texts.append(text)
    else:
        texts[position] = text


def _struck_out() -> QFont:
    font = QFont()
    font.setStrikeOut(True)
    return font


def _is_lazy(courses: object) -> TypeGuard[StoredCourses]:
    """Whether `courses` is a lazy sequence with stored columns (see the module's text)."""
    return hasattr(courses, "column")


def _narrows(old: str, new: str) -> bool:
    """True when every course matching `new` also matches `old` (each old word lies inside
    the new word at the same place), so the search can start from the old matches."""
    old_words, new_words = old.split(), new.split()
    return len(new_words) >= len(old_words) and all(
        o in n for o, n in zip(old_words, new_words, strict=False)
    )


class _FoldedValues(dict[str, str]):
    """Value -> `_folded(value)`, for a column at a time."""

    def __missing__(self, value: str) -> str:
        found = self[value] = _folded(value) if value else ""
        return found


_FOLDED: dict[str, str] = {}
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def _folded(text: str) -> str:
    """`fold`, remembered: titles, providers, towns and venues repeat across a catalogue, and
    folding each of 100,000 courses afresh took seconds."""
    found = _FOLDED.get(text)
    if found is None:
        # Plain ASCII (most codes) needs no accent stripping: the same result, ten times faster.
        found = _NON_ALNUM.sub(" ", text.lower()).strip() if text.isascii() else fold(text)
        if len(_FOLDED) < 500_000:
            _FOLDED[text] = found
    return found
