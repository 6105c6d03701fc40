"""The main window: for now the catalogue with search as you type."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from coursehub.i18n import _
from coursehub.services.catalogue import CatalogueService
from coursehub.ui.catalogue_model import CatalogueModel


class MainWindow(QMainWindow):
    def __init__(self, catalogue: CatalogueService) -> None:
        super().__init__()
        self.catalogue = catalogue
        self.model = CatalogueModel(catalogue.courses())
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search courses (title, provider, town, ISCO)…"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self._on_search)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSortingEnabled(True)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        self.table.verticalHeader().setVisible(False)
        self.table.resizeColumnsToContents()
        label = QLabel(_("&Search:"))
        label.setBuddy(self.search)
        central = QWidget()
        layout = QVBoxLayout(central)
        layout.addWidget(label)
        layout.addWidget(self.search)
        layout.addWidget(self.table)
        self.setCentralWidget(central)
        self.resize(1200, 700)
        self._update_status()

    def _on_search(self, text: str) -> None:
        self.model.set_query(text)
        self._update_status()

    def _update_status(self) -> None:
        self.statusBar().showMessage(_("{shown} of {total} courses").format(
            shown=self.model.rowCount(), total=self.model.total))
