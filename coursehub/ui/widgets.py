"""Pieces several screens share: a page heading, a read-only table model over rows of
text, and a labelled row of controls."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QDate, QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coursehub.domain.model import TargetGroup
from coursehub.domain.text import fold

_Index = QModelIndex | QPersistentModelIndex
RowRole = Qt.ItemDataRole.UserRole


def heading(title: str, hint: str = "") -> QWidget:
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 4)
    label = QLabel(title)
    label.setObjectName("pageTitle")
    label.setAccessibleName(title)
    layout.addWidget(label)
    if hint:
        note = QLabel(hint)
        note.setObjectName("hint")
        note.setWordWrap(True)
        layout.addWidget(note)
    return box


class RowsModel(QAbstractTableModel):
    """A small sortable table of objects with one text function per column.

    For the short lists (providers, needs, findings, trainees); the catalogue has its own
    model because it must stay fast at 100,000 rows.
    """

    def __init__(
        self,
        headers: Sequence[str],
        cells: Sequence[Callable[[Any], Any]],
        parent: Any = None,
        colour: Callable[[Any], QColor | None] | None = None,
        sort_keys: dict[int, Callable[[Any], Any]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.headers = list(headers)
        self.cells = list(cells)
        self.colour = colour
        self.sort_keys = sort_keys or {}  # columns whose text does not sort (dates, percentages)
        self.items: list[Any] = []
        self.sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_items(self, items: Sequence[Any]) -> None:
        """New rows, in the order the header's sort arrow shows."""
        self.beginResetModel()
        self.items = list(items)
        if self.sorted_by is not None:
            self._sort_items(*self.sorted_by)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.headers)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self.items):
            return None
        item = self.items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            value = self.cells[index.column()](item)
            return "" if value is None else str(value)
        if role == RowRole:
            return item
        if role == Qt.ItemDataRole.BackgroundRole and self.colour is not None:
            return self.colour(item)
        return None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        return column_title(self.headers, section, orientation, role)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, inside the model (a sort proxy is far slower at catalogue size), and
        remembered so that rows set later keep the order the arrow shows."""
        if not 0 <= column < len(self.cells):
            self.sorted_by = None  # no arrow: the rows keep the order they came in
            return
        self.layoutAboutToBeChanged.emit()
        self.sorted_by = (column, order)
        self._sort_items(column, order)
        self.layoutChanged.emit()

    def _sort_items(self, column: int, order: Qt.SortOrder) -> None:
        cell = self.sort_keys.get(column, self.cells[column])

        def key(item: Any) -> tuple[int, Any]:
            value = cell(item)
            if isinstance(value, int | float):
                return (0, value)
            if isinstance(value, date):
                return (0, value.toordinal())
            return (1, fold(str(value or "")))

        self.items.sort(key=key, reverse=order == Qt.SortOrder.DescendingOrder)


def column_title(titles: Sequence[str], section: int, orientation: Qt.Orientation, role: int) -> str | None:
    """A table model's `headerData`: `titles[section]` as the column heading, nothing else."""
    if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
        return titles[section] if 0 <= section < len(titles) else None
    return None


class GroupBoxes(QWidget):
    """A tick box for each target group, `columns` to a row, named for screen readers;
    `grid` is left open for what the form shows under the boxes."""

    def __init__(self, columns: int = 1) -> None:
        super().__init__()
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[TargetGroup, QCheckBox] = {}
        for i, group in enumerate(TargetGroup):
            check = QCheckBox(group.label)
            check.setAccessibleName(group.label)
            self.boxes[group] = check
            self.grid.addWidget(check, i // columns, i % columns)


def search_box(placeholder: str, accessible: str, on_change: Callable[[], object]) -> QLineEdit:
    """A screen's filter box: a grey hint, a clear button, a name for screen readers, and
    `on_change` called as the user types."""
    box = QLineEdit()
    box.setPlaceholderText(placeholder)
    box.setClearButtonEnabled(True)
    box.setAccessibleName(accessible)
    box.textChanged.connect(lambda _text: on_change())
    return box


def table_view(model: QAbstractTableModel, accessible: str) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # no arrow until clicked
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setAlternatingRowColors(True)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().setVisible(False)
    view.horizontalHeader().setStretchLastSection(True)
    view.setWordWrap(False)
    view.verticalHeader().setDefaultSectionSize(24)
    view.setAccessibleName(accessible)
    return view


def fit_headers(view: QTableView) -> None:
    """Widen any column whose header text would be cut (Albanian headers run longer)."""
    header = view.horizontalHeader()
    for column in range(header.count()):
        view.setColumnWidth(column, max(view.columnWidth(column), header.sectionSizeHint(column)))


def fit_columns(view: QTableView, widest: int = 360) -> None:
    """Columns as wide as their contents, none wider than `widest` pixels."""
    view.resizeColumnsToContents()
    for column in range(view.model().columnCount()):
        view.setColumnWidth(column, min(view.columnWidth(column), widest))


class OptionalDateEdit(QDateEdit):
    """A date field that can be empty (a QDateEdit always holds a date): its lowest date
    stands for "no date" and shows as blank, so a form never starts with a made-up date.
    The calendar pop-up of an empty field opens at `suggested_page` instead of that date."""

    EMPTY = QDate(1800, 1, 1)

    def __init__(self, display_format: str, suggested_page: QDate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.suggested_page = suggested_page
        self.setDisplayFormat(display_format)
        self.setCalendarPopup(True)
        self.setMinimumDate(self.EMPTY)
        self.setSpecialValueText(" ")  # blank; the label and the problems line say what is missing
        self.setDate(self.EMPTY)
        self.calendarWidget().installEventFilter(self)

    def is_empty(self) -> bool:
        return self.date() == self.EMPTY

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Show and self.is_empty():
            self.calendarWidget().setCurrentPage(self.suggested_page.year(), self.suggested_page.month())
        return super().eventFilter(watched, event)


class _DownEntersResults(QObject):
    def __init__(self, box: QLineEdit, results: QAbstractItemView) -> None:
        super().__init__(box)
        self.results = results

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if not (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown)
            and not event.modifiers()
        ):
            return False
        model = self.results.model()
        if model is None or model.rowCount() == 0:
            return False
        self.results.setFocus(Qt.FocusReason.OtherFocusReason)
        if not self.results.currentIndex().isValid():
            self.results.setCurrentIndex(model.index(0, 0))
        return True


def down_enters_results(box: QLineEdit, results: QAbstractItemView) -> None:
    """Down (or Page Down) in a search box moves into its results, as in a browser's list."""
    box.installEventFilter(_DownEntersResults(box, results))


class _ArrowsOpenList(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and isinstance(watched, QComboBox)
            and event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up, Qt.Key.Key_PageDown, Qt.Key.Key_PageUp)
            and not event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            watched.showPopup()  # choose in the list: arrows alone never change a filter unseen
            return True
        return False


def arrows_open_list(*combos: QComboBox) -> None:
    """A filter combo reached with Tab changes only when a choice is made in its list: Up and
    Down open the list instead of silently stepping to the next value (and filtering)."""
    for combo in combos:
        combo.installEventFilter(_ArrowsOpenList(combo))
