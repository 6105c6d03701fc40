"""The main window: navigation, counts, language switch, remembered layout."""

from __future__ import annotations

import pytest

from coursehub.ui.pages import PageId
from tests.ui.run_program import main_window_shown, run_program_and_close

pytestmark = pytest.mark.ui


def test_every_screen_opens_and_the_status_bar_counts(window, workspace):
    for spec in window.specs:
        page = window.show_page(spec.id)
        assert window.stack.currentWidget() is page
    assert len(window.specs) == 7
    total = workspace.catalogue.count()
    assert f"of {total}" in window.count_label.text()


def test_search_as_you_type_updates_table_and_status(window, qtbot):
    page = window.show_page(PageId.CATALOGUE)
    qtbot.keyClicks(page.search, "rrobaqepesi")
    assert 0 < page.model.rowCount() < page.model.total
    assert f"{page.model.rowCount()} of {page.model.total}" in page.count_label.text()


def test_language_switch_retranslates_the_window(window):
    window.switch_language("sq")
    try:
        texts = [window.navigation.item(i).text() for i in range(window.navigation.count())]
        assert "Katalogu" in texts
        assert window.menuBar().actions()[0].text() == "&Skedari"
    finally:
        window.switch_language("en")
    assert window.navigation.item(0).text() == "Catalogue"


def test_window_remembers_size_and_page(window, settings, workspace, ctx, qtbot):
    from coursehub.ui.main_window import MainWindow

    window.resize(1000, 720)
    expected = window.size()
    window.show_page(PageId.NEEDS)
    window.close()
    again = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(again)
    assert again.current_page() is PageId.NEEDS
    assert again.height() == expected.height() == 720  # the offscreen screen caps the width


def test_every_control_on_the_main_screens_is_labelled(window):
    from PySide6.QtWidgets import QAbstractSpinBox, QComboBox, QLineEdit, QPushButton

    for key in (PageId.CATALOGUE, PageId.CALENDAR, PageId.PROVIDERS, PageId.NEEDS):
        page = window.show_page(key)
        for widget in page.findChildren(QComboBox) + page.findChildren(QLineEdit):
            if isinstance(widget.parent(), QComboBox | QAbstractSpinBox):
                continue  # the line edit inside an editable combo box or a date box
            assert (
                widget.accessibleName() or widget.placeholderText()
                if isinstance(widget, QLineEdit)
                else widget.accessibleName()
            ), f"{key}: unlabelled {type(widget).__name__}"
        for button in page.findChildren(QPushButton):
            assert button.text() or button.accessibleName()


def test_tab_goes_from_the_search_box_through_the_filters(window, qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QApplication

    page = window.show_page(PageId.CATALOGUE)
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isActiveWindow(), timeout=2000)
    page.search.setFocus()
    for expected in (page.municipality, page.provider, page.occupation):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is expected


def test_the_program_starts_on_the_demo_and_quits(qapp, db_path, monkeypatch):
    assert run_program_and_close(monkeypatch, ready=main_window_shown, db_path=db_path, demo=True) == 0
    assert not db_path.exists()  # the demo has its own file


def test_the_program_starts_on_a_new_database_and_quits(qapp, db_path, monkeypatch):
    assert run_program_and_close(monkeypatch, ready=main_window_shown, db_path=db_path) == 0


def test_the_catalogue_can_load_behind_the_first_paint(qtbot, workspace, settings, ctx):
    from coursehub.ui.main_window import MainWindow

    ctx.load_in_background = True
    shown = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(shown)
    page = shown.pages[PageId.CATALOGUE]
    qtbot.waitUntil(lambda: page.model.total == workspace.catalogue.count(), timeout=20_000)
    page.search.setText("rrobaqepesi")  # the search texts may still be folded in a worker
    qtbot.waitUntil(lambda: 0 < page.model.rowCount() < page.model.total, timeout=20_000)
