"""Labour-market needs: what the Employment Office says employers need, by occupation, area
and period, with the seats the catalogue offers against each row."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from coursehub.domain.model import Need
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.ui.common import format_number, name
from coursehub.ui.context import UiContext
from coursehub.ui.widgets import RowsModel, heading, table_view


class NeedsPage(QWidget):
    def __init__(self, ctx: UiContext) -> None:
        super().__init__()
        self.ctx = ctx
        self.catalogue = ctx.workspace.catalogue
        self.reference = ctx.workspace.reference
        self._all: list[Need] = []
        self.model = RowsModel(
            [_("ISCO"), _("Occupation"), _("Area"), _("Period"), _("Demand"), _("Source")],
            [lambda n: n.occupation,
             lambda n: self.reference.occupation_title(n.occupation) or n.occupation_title,
             lambda n: str(n.area), lambda n: str(n.period), lambda n: n.demand, lambda n: n.source],
            self)
        self.table = table_view(self.model, _("Labour-market needs"))
        for column, width in enumerate((60, 320, 160, 110, 80)):
            self.table.setColumnWidth(column, width)
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Filter by occupation, area or source…"))
        self.search.setClearButtonEnabled(True)
        name(self.search, _("Filter needs"))
        self.search.textChanged.connect(self._filter)
        search_label = QLabel(_("&Filter:"))
        search_label.setBuddy(self.search)
        self.total = QLabel()
        self.gaps_button = QPushButton(_("See the &gaps against these needs"))
        name(self.gaps_button, _("See the gaps against these needs"))
        self.gaps_button.clicked.connect(lambda: ctx.extras["window"].show_page("gaps"))
        bar = QHBoxLayout()
        bar.addWidget(search_label)
        bar.addWidget(self.search, 1)
        for button in ctx.extras.get("needs_buttons", []):
            bar.addWidget(button)
        bar.addWidget(self.gaps_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(_("Labour-market needs"), _(
            "Demand per occupation (ISCO), area and period, as reported by the Employment Office. "
            "A qark row counts the courses of all its municipalities.")))
        layout.addLayout(bar)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)
        self.reload()

    def reload(self) -> None:
        self._all = self.catalogue.needs()
        self._filter()

    def _filter(self) -> None:
        words = fold(self.search.text()).split()
        shown = [n for n in self._all if all(w in self._text(n) for w in words)]
        self.model.set_items(shown)
        self.total.setText(_("{shown} of {total} rows · total demand {demand}").format(
            shown=format_number(len(shown)), total=format_number(len(self._all)),
            demand=format_number(sum(n.demand for n in shown))))

    def _text(self, need: Need) -> str:
        return fold(f"{need.occupation} {self.reference.occupation_title(need.occupation)} "
                    f"{need.occupation_title} {need.area} {need.period} {need.source}")
