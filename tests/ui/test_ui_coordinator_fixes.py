"""What a newcomer tripped over in the desktop program (issue 14): the Overlaps page as a
model with a stoppable check, window sizes, filters, forms, sorting, the import wizard's
buttons, Qt's own texts in Albanian, and the small things on the calendar and status bar."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from coursehub.ui.actions import ActionId
from coursehub.ui.pages import PageId
from tests.dialogs import when_shown
from tests.ui.conftest import administrator_and_a_trainee, wait_for_workers

pytestmark = pytest.mark.ui


@pytest.fixture
def trainees_page(window, workspace, ctx):
    """The trainees page with an administrator logged in and one person registered."""
    ctx.actor = administrator_and_a_trainee(workspace)
    page = window.show_page(PageId.TRAINEES)
    page.reload()
    page.table.selectRow(0)
    return page


def _findings_shown(page, qtbot) -> None:
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: bool(page.findings), timeout=10_000)


def test_overlaps_are_a_table_model_sorted_and_filtered_inside_it(window, qtbot, qtmodeltester):
    from coursehub.domain.findings import FindingKind

    page = window.show_page(PageId.OVERLAPS)
    _findings_shown(page, qtbot)
    qtmodeltester.check(page.model)
    assert page.model.rowCount() == len(page.findings)
    page.table.sortByColumn(2, Qt.SortOrder.DescendingOrder)
    firsts = [f.dates[0] for f in page.model.shown if f.dates]
    assert firsts == sorted(firsts, reverse=True)
    clashes = page.kind_filter.findData(FindingKind.VENUE_CLASH.value)
    page.kind_filter.setCurrentIndex(clashes)
    assert page.model.rowCount() > 0
    assert {f.kind for f in page.model.shown} == {FindingKind.VENUE_CLASH}
    page.kind_filter.setCurrentIndex(0)
    assert page.model.rowCount() == len(page.findings)


def test_a_duplicate_offer_shows_its_period_not_one_date_and_more(window, qtbot):
    from coursehub.domain.findings import FindingKind
    from coursehub.ui.common import format_date

    page = window.show_page(PageId.OVERLAPS)
    _findings_shown(page, qtbot)
    row = next(r for r, f in enumerate(page.model.shown) if f.kind is FindingKind.DUPLICATE_OFFER)
    finding = page.model.shown[row]
    text = page.model.index(row, 2).data()
    assert format_date(finding.dates[0]) in text and format_date(finding.dates[-1]) in text
    assert "1 more" not in text and "edhe 1" not in text


def test_the_overlap_check_runs_in_a_worker_and_can_be_stopped(window, qtbot, monkeypatch):
    from coursehub.services.analysis import AnalysisService

    page = window.show_page(PageId.OVERLAPS)
    _findings_shown(page, qtbot)
    before = list(page.findings)
    release = threading.Event()

    def slow_overlaps(self, *args, **kwargs):  # a check that would find nothing, if not stopped
        release.wait(10)
        return []

    monkeypatch.setattr(AnalysisService, "overlaps", slow_overlaps)
    page.reload()
    assert page.cancel_button.isVisibleTo(page) and page.progress.isVisibleTo(page)
    assert not page.refresh_button.isEnabled()
    qtbot.wait(50)  # the GUI thread is free while the worker waits
    page.cancel_check()
    release.set()
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: not page.cancel_button.isVisibleTo(page), timeout=5_000)
    assert page.findings == before
    assert page.refresh_button.isEnabled()


def _outside(window) -> list[str]:
    """Visible widgets that stick out of the window's area (cut off on a 1024x768 screen)."""
    from PySide6.QtCore import QPoint, QRect
    from PySide6.QtWidgets import QWidget

    area = QRect(QPoint(0, 0), window.size())
    found = []
    for child in window.findChildren(QWidget):
        if not child.isVisibleTo(window) or child.isWindow() or child.width() <= 1:
            continue
        if child.parentWidget() is not None and child.parentWidget().inherits("QAbstractScrollArea"):
            continue  # scrolled contents may lie beyond their viewport by design
        place = QRect(child.mapTo(window, QPoint(0, 0)), child.size())
        if not area.contains(place) and not _inside_scroll_area(child):
            found.append(f"{type(child).__name__} {child.accessibleName()!r} at {place.getRect()}")
    return found


def _inside_scroll_area(widget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if parent.inherits("QAbstractScrollArea"):
            return True
        parent = parent.parentWidget()
    return False


@pytest.fixture(params=["sq", "en"])
def window_1024_by_768(request, window):
    """The main window at 1024x768 in Albanian, then in English."""
    from coursehub.i18n import set_language

    set_language(request.param)
    try:
        window.retranslate()
        window.resize(1024, 768)
        yield window
    finally:
        set_language("en")


def test_every_page_fits_a_1024_by_768_screen(window_1024_by_768, qtbot):
    window = window_1024_by_768
    for spec in window.specs:  # all pages visited: no minimum width creeping up afterwards
        window.show_page(spec.id)
        wait_for_workers(qtbot)
    for spec in window.specs:
        window.show_page(spec.id)
        qtbot.wait(10)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1024 and hint.height() <= 700, (spec.id, hint.toTuple())
        assert window.width() <= 1024, (spec.id, window.width())
        assert _outside(window) == [], spec.id


def test_the_window_opens_within_the_available_screen(workspace, settings, ctx, qtbot):
    from coursehub.ui.common import available_screen_size
    from coursehub.ui.main_window import MainWindow

    window = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(window)
    width, height = available_screen_size(window)
    assert window.width() <= width and window.height() <= height
    assert (window.width(), window.height()) != (1280, 780) or (width, height) >= (1280, 780)


def test_the_side_bar_can_be_collapsed_and_stays_so(workspace, settings, ctx, qtbot):
    from coursehub.ui.main_window import MainWindow

    window = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(window)
    window.show()
    assert window.navigation.isVisible()
    window.actions_by_id[ActionId.SIDEBAR].trigger()
    assert not window.navigation.isVisible()
    window.show_page(PageId.GAPS)  # screens still switch from the menu and shortcuts
    assert window.current_page() is PageId.GAPS
    again = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(again)
    again.show()
    assert not again.navigation.isVisible()
    assert not again.actions_by_id[ActionId.SIDEBAR].isChecked()


def _click_header(qtbot, view, column: int) -> None:
    from PySide6.QtCore import QPoint

    header = view.horizontalHeader()
    spot = QPoint(header.sectionViewportPosition(column) + 5, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=spot)


def _column(model, column: int, key=None) -> list:
    return [key(item) if key else model.index(row, column).data() for row, item in enumerate(model.items)]


def _assert_sorted_by_click(qtbot, view, column: int, key) -> None:
    model = view.model()
    assert model.rowCount() > 1
    _click_header(qtbot, view, column)
    values = _column(model, column, key)
    order = view.horizontalHeader().sortIndicatorOrder()
    assert values == sorted(values, reverse=order == Qt.SortOrder.DescendingOrder)
    _click_header(qtbot, view, column)
    values = _column(model, column, key)
    assert values == sorted(values, reverse=order != Qt.SortOrder.DescendingOrder)
    model.set_items(list(reversed(model.items)))  # rows set again keep the arrow's order
    assert _column(model, column, key) == values


def test_needs_gaps_shares_and_may_join_sort_on_a_header_click(window, qtbot, trainees_page):
    needs = window.show_page(PageId.NEEDS)
    wait_for_workers(qtbot)
    _assert_sorted_by_click(qtbot, needs.table, 4, lambda n: n.demand)
    _assert_sorted_by_click(qtbot, needs.table, 3, lambda n: n.period.start)
    gaps = window.show_page(PageId.GAPS)
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: gaps.report is not None, timeout=10_000)
    _assert_sorted_by_click(qtbot, gaps.table, 6, lambda r: r.gap)
    shares_view = next(v for v in gaps.findChildren(type(gaps.table)) if v.model() is gaps.shares)
    _assert_sorted_by_click(qtbot, shares_view, 4, lambda r: r.demand_share)
    window.show_page(PageId.TRAINEES)
    _assert_sorted_by_click(qtbot, trainees_page.eligible_table, 3, lambda c: c.start)


def test_a_new_trainee_starts_without_a_birth_date_which_is_required(workspace, qtbot):
    from datetime import date

    from PySide6.QtCore import QDate

    from coursehub.domain.model import Education
    from coursehub.ui.trainee_dialog import TraineeDialog

    dialog = TraineeDialog(workspace.reference, None, date(2027, 3, 1))
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(dialog.buttons.StandardButton.Save)
    dialog.name_edit.setText("Arta Hoxha")
    dialog.municipality.setCurrentText("Durrës")
    dialog.consent.setChecked(True)
    assert dialog.birth.is_empty() and dialog.birth.text().strip() == ""
    assert dialog.trainee().birth_date is None
    assert not save.isEnabled() and "birth date" in dialog.problems.text().lower()
    dialog.birth.setDate(QDate(2001, 4, 2))
    assert dialog.trainee().birth_date == date(2001, 4, 2)
    assert save.isEnabled(), dialog.problems.text()
    labels = [dialog.education.itemText(i) for i in range(dialog.education.count())]
    assert Education.NONE.label not in labels  # "no schooling required" is a course's wording
    assert all("required" not in label for label in labels)


def _sample_list(tmp_path):
    sample = tmp_path / "lista.csv"
    sample.write_text(
        "Kodi,Kursi,Kodi ISCO,Bashkia,Vendi,Data e fillimit,Data e mbarimit,Ditet,Orari,Vende\n"
        "NV-01,Rrobaqepësi,7531,Durrës,Rr. Egnatia 12,01.04.2027,30.06.2027,E hënë,9-12,12\n",
        encoding="utf-8",
    )
    return sample


def test_import_wizard_asks_for_the_provider_and_imports_only_on_its_import_button(
    window, ctx, workspace, qtbot, tmp_path
):
    from PySide6.QtWidgets import QWizard

    from coursehub.ui.import_wizard import ImportWizard

    before = workspace.catalogue.count()
    wizard = ImportWizard(ctx, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(_sample_list(tmp_path)))
    assert wizard.file_page.provider.currentText() == ""  # no provider chosen for the person
    assert not wizard.file_page.isComplete()
    wizard.file_page.provider.setCurrentText("Qendra Dritare për Gratë (demo)")
    assert wizard.file_page.isComplete()
    wizard.next()
    assert wizard.currentPage() is wizard.mapping_page
    assert wizard.mapping_page.notes.text() == ""  # information is not shown as an error
    assert wizard.mapping_page.info.objectName() != "problems"
    wizard.next()
    assert wizard.currentPage() is wizard.preview_page
    assert workspace.catalogue.count() == before  # Next wrote nothing
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isVisible() and commit.text().replace("&", "") in ("Import", "Importo")
    assert not wizard.button(QWizard.WizardButton.NextButton).isVisible()
    commit.click()
    qtbot.waitUntil(lambda: wizard.report_page.done, timeout=20_000)
    assert workspace.catalogue.count() == before + 1
    assert not wizard.button(QWizard.WizardButton.BackButton).isVisible()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isVisible()
    close = wizard.button(QWizard.WizardButton.FinishButton)
    assert close.isVisible() and close.isEnabled()
    assert close.text().replace("&", "") in ("Close", "Mbyll")


def test_the_trade_filter_matches_titles_as_you_type(trainees_page, qtbot):
    page = trainees_page
    everything = list(page.eligible.items)
    assert len({c.occupation for c in everything}) > 1
    wanted = everything[0]
    title = page.ctx.workspace.reference.occupation_title(wanted.occupation)
    qtbot.keyClicks(page.trade, title.split()[0])  # no Enter: the list follows the typing
    qtbot.waitUntil(lambda: page.eligible.items != everything, timeout=3_000)
    assert wanted in page.eligible.items
    codes = page._trade_codes()
    assert codes and all(any(c.occupation.startswith(code) for code in codes) for c in page.eligible.items)
    prefix = wanted.occupation[:2]
    page.trade.setText(prefix)  # an ISCO prefix still works
    qtbot.waitUntil(lambda: all(c.occupation.startswith(prefix) for c in page.eligible.items), timeout=3_000)


def test_down_from_a_search_box_enters_its_results(trainees_page, window, qtbot):
    page = trainees_page
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Down)
    assert page.table.hasFocus() and page.table.currentIndex().isValid()
    catalogue = window.show_page(PageId.CATALOGUE)
    wait_for_workers(qtbot)
    catalogue.search.setFocus()
    qtbot.keyClick(catalogue.search, Qt.Key.Key_Down)
    assert catalogue.table.hasFocus() and catalogue.table.currentIndex().isValid()


def test_down_on_a_filter_reached_with_tab_does_not_change_it(window, qtbot):
    page = window.show_page(PageId.CATALOGUE)
    wait_for_workers(qtbot)
    window.activateWindow()
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_Tab)
    assert page.municipality.hasFocus()
    before = page.municipality.currentIndex()
    shown = page.model.rowCount()
    qtbot.keyClick(page.municipality, Qt.Key.Key_Down)
    assert page.municipality.currentIndex() == before and page.model.rowCount() == shown
    page.municipality.hidePopup()


def test_the_status_bar_says_no_accounts_yet_before_any_exist(window, workspace, ctx):
    assert workspace.people.auth.needs_setup()
    window.update_counts()
    text = window.user_label.text()
    assert "system" not in text.lower() and ctx.actor.role.label not in text
    assert text in ("No user accounts yet", "Ende pa llogari përdoruesish")
    workspace.people.auth.setup("admin", "a-long-password")
    ctx.actor = workspace.login("admin", "a-long-password")
    window.update_counts()
    assert window.user_label.text().startswith("admin (")


def test_the_help_menu_lists_shortcuts_and_opens_the_docs(window, ctx, qtbot, monkeypatch):
    from PySide6.QtGui import QDesktopServices
    from PySide6.QtWidgets import QTableWidget

    shown: list[int] = []
    rows = dict((keys, what) for what, keys in window.shortcut_rows())
    assert "Ctrl+N" in rows and "F9" in rows and "Ctrl+1" in rows

    def count_and_close(dialog) -> None:
        shown.append(dialog.findChild(QTableWidget).rowCount())
        dialog.reject()

    when_shown(lambda: ctx.dialogs.shortcuts, count_and_close)
    window.actions_by_id[ActionId.SHORTCUTS].trigger()
    assert shown == [len(window.shortcut_rows())]
    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    window.actions_by_id[ActionId.DOCS].trigger()
    window.actions_by_id[ActionId.README].trigger()
    assert opened[0].endswith("docs") and opened[1].endswith("README.md")
    from pathlib import Path

    assert all(Path(path).exists() for path in opened)


def test_the_week_calendar_has_a_key_and_whole_numbers(window, qtbot):
    from datetime import date

    page = window.show_page(PageId.CALENDAR)
    page.show_week(date(2027, 3, 8))
    assert page.key.count() == len(page.plan.courses) > 0
    first = page.plan.courses[0]
    assert page.key.item(0).text().startswith(f"1. {first.title}")
    page.key.itemActivated.emit(page.key.item(0))
    assert window.current_page() is PageId.CATALOGUE
    assert window.pages[PageId.CATALOGUE].current_course().id == first.id


def test_a_narrow_block_shows_its_whole_number():
    from PySide6.QtGui import QFont, QFontMetricsF

    from coursehub.ui.week_view import fitted_font

    font = QFont()
    font.setPointSizeF(10)
    wide = QFontMetricsF(font).horizontalAdvance("128")
    fitted = fitted_font("128", wide * 0.7, font)
    assert fitted.pointSizeF() < 10
    assert QFontMetricsF(fitted).horizontalAdvance("128") <= wide * 0.7


def test_the_gaps_table_shows_enough_rows_with_whole_headers(window_1024_by_768, qtbot):
    window = window_1024_by_768
    page = window.show_page(PageId.GAPS)
    wait_for_workers(qtbot)
    qtbot.waitUntil(lambda: page.report is not None and page.gaps.rowCount() > 8, timeout=10_000)
    qtbot.wait(20)
    rows_seen = page.table.viewport().height() / page.table.verticalHeader().defaultSectionSize()
    assert rows_seen >= 8
    header = page.table.horizontalHeader()
    for column in range(header.count() - 1):  # the last one stretches
        assert page.table.columnWidth(column) >= header.sectionSizeHint(column), column


@pytest.fixture
def qt_language_restored(qapp):
    """Tests that install Qt's translation leave the process as they found it."""
    from PySide6.QtCore import QLocale

    from coursehub.ui import language

    before = QLocale()
    yield
    if language._qt_translator is not None:
        qapp.removeTranslator(language._qt_translator)
        language._qt_translator = None
    QLocale.setDefault(before)


def test_qt_own_dialogs_and_buttons_speak_albanian(qapp, qtbot, qt_language_restored):
    from PySide6.QtCore import QCoreApplication
    from PySide6.QtWidgets import QFileDialog, QLabel, QMessageBox

    from coursehub.i18n import set_language
    from coursehub.ui.language import apply_qt_language

    set_language("sq")
    apply_qt_language(qapp)
    try:
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Anulo"
        box = QMessageBox(QMessageBox.Icon.Question, "CourseHub", "?", QMessageBox.StandardButton.Yes)
        qtbot.addWidget(box)
        box.addButton(QMessageBox.StandardButton.No)
        assert box.button(QMessageBox.StandardButton.Yes).text().replace("&", "") == "Po"
        assert box.button(QMessageBox.StandardButton.No).text().replace("&", "") == "Jo"
        files = QFileDialog(None, "", "", "")
        files.setOption(QFileDialog.Option.DontUseNativeDialog)
        qtbot.addWidget(files)
        labels = {label.text() for label in files.findChildren(QLabel)}
        assert "Kërko në:" in labels or "&Kërko në:" in labels, labels
        assert QCoreApplication.translate("QPrintDialog", "Print") == "Printo"
        assert QCoreApplication.translate("QPrintSettingsOutput", "Copies:") == "Kopje:"
        set_language("en")
        apply_qt_language(qapp)
        assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Cancel"
    finally:
        set_language("en")


def test_the_compiled_qt_translation_matches_its_source(tmp_path):
    import shutil
    import subprocess

    from coursehub.ui.language import QT_TRANSLATIONS

    lrelease = shutil.which("pyside6-lrelease")
    if lrelease is None:
        pytest.skip("pyside6-lrelease is not on PATH")
    compiled = tmp_path / "qtbase_sq.qm"
    subprocess.run(
        [lrelease, "-silent", str(QT_TRANSLATIONS / "qtbase_sq.ts"), "-qm", str(compiled)], check=True
    )
    assert compiled.read_bytes() == (QT_TRANSLATIONS / "qtbase_sq.qm").read_bytes()


def test_switching_language_live_renames_the_months_in_date_fields(
    workspace, settings, ctx, qapp, qtbot, qt_language_restored
):
    from datetime import date

    from PySide6.QtCore import QDate, QLocale

    from coursehub.i18n import set_language
    from coursehub.ui.language import apply_qt_language
    from coursehub.ui.main_window import MainWindow

    set_language("sq")
    apply_qt_language(qapp)  # as at start in Albanian: the window is made with the Albanian locale
    window = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(window)
    window.show()
    try:
        window.switch_language("en")
        page = window.show_page(PageId.CATALOGUE)
        page.date_from.setDate(QDate(2027, 5, 3))
        english = QLocale(QLocale.Language.English, QLocale.Country.UnitedKingdom)
        assert page.date_from.text() == english.toString(QDate(2027, 5, 3), "d MMM yyyy") == "3 May 2027"
        calendar = window.show_page(PageId.CALENDAR)
        calendar.show_week(date(2027, 5, 3))
        assert "maj" not in calendar.jump.text()
    finally:
        set_language("en")


def test_a_language_switch_during_the_overlap_check_is_harmless(window, qtbot, monkeypatch):
    from coursehub.services.analysis import AnalysisService

    page = window.show_page(PageId.OVERLAPS)
    _findings_shown(page, qtbot)
    release = threading.Event()
    real = AnalysisService.overlaps

    def slow_overlaps(self, *args, **kwargs):
        release.wait(10)
        return real(self, *args, **kwargs)

    monkeypatch.setattr(AnalysisService, "overlaps", slow_overlaps)
    page.reload()
    window.switch_language("sq")  # every page is built again while the old check still runs
    release.set()
    wait_for_workers(qtbot)
    qtbot.wait(50)
    fresh = window.pages[PageId.OVERLAPS]
    assert fresh is not page
    qtbot.waitUntil(lambda: bool(fresh.findings), timeout=10_000)
