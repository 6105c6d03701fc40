"""The catalogue table: a model over our own Course objects that sorts and filters itself.

A QSortFilterProxyModel over Python rows takes seconds at catalogue size (FACTS.md); here
sorting is one list sort on precomputed keys and filtering one pass over folded text.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from coursehub.domain.model import Course
from coursehub.domain.text import fold
from coursehub.i18n import N_, _

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

CourseRole = Qt.ItemDataRole.UserRole
_Index = QModelIndex | QPersistentModelIndex


class CatalogueModel(QAbstractTableModel):
    def __init__(self, courses: Sequence[Course] = (), parent: Any = None) -> None:
        super().__init__(parent)
        self._all: list[Course] = []
        self._search: list[str] = []
        self._rows: list[int] = []
        self._query = ""
        self._predicate: Callable[[Course], bool] | None = None
        self._sort_column = 5
        self._sort_order = Qt.SortOrder.AscendingOrder
        self.set_courses(courses)

    # Data in --------------------------------------------------------------------------
    def set_courses(self, courses: Sequence[Course]) -> None:
        self.beginResetModel()
        self._all = list(courses)
        self._search = [
            fold(f"{c.title} {c.provider} {c.occupation} {c.municipality} {c.venue} "
                 f"{c.trainer} {c.code}") for c in self._all
        ]
        self._rows = self._visible_rows()
        self.endResetModel()

    def course_at(self, row: int) -> Course:
        return self._all[self._rows[row]]

    @property
    def total(self) -> int:
        return len(self._all)

    # Filtering and sorting -------------------------------------------------------------
    def set_query(self, text: str) -> None:
        self._query = fold(text)
        self._refilter()

    def set_predicate(self, predicate: Callable[[Course], bool] | None) -> None:
        self._predicate = predicate
        self._refilter()

    def _refilter(self) -> None:
        self.beginResetModel()
        self._rows = self._visible_rows()
        self.endResetModel()

    def _visible_rows(self) -> list[int]:
        words = self._query.split()
        rows = range(len(self._all))
        if words:
            rows = [i for i in rows if all(w in self._search[i] for w in words)]
        if self._predicate is not None:
            rows = [i for i in rows if self._predicate(self._all[i])]
        return self._sorted(list(rows))

    def _sorted(self, rows: list[int]) -> list[int]:
        getter = COLUMNS[self._sort_column][1]

        def key(i: int) -> tuple[int, Any]:
            value = getter(self._all[i])
            return (0, fold(value)) if isinstance(value, str) else (0, value)

        rows.sort(key=key, reverse=self._sort_order == Qt.SortOrder.DescendingOrder)
        return rows

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.layoutAboutToBeChanged.emit()
        self._sort_column, self._sort_order = column, order
        self._rows = self._sorted(self._rows)
        self.layoutChanged.emit()

    # QAbstractTableModel ------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        course = self.course_at(index.row())
        if role == Qt.ItemDataRole.DisplayRole:
            value = COLUMNS[index.column()][1](course)
            return value.isoformat() if hasattr(value, "isoformat") else str(value)
        if role == CourseRole:
            return course
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == 8:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return _(COLUMNS[section][0])
        return None
