"""Help where people look: the guide inside the program, F1, search, the language switch,
error dialogs that link the guide, tooltips, and the crash report dialog."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from coursehub.paths import GUIDE_DIR
from coursehub.ui.actions import ActionId
from coursehub.ui.help_window import PAGE_FOR_SCREEN, open_guide_window
from coursehub.ui.pages import PageId
from tests.dialogs import when_shown

INDEX_TITLES = {"sq": "Udhëzuesi i përdoruesit të CourseHub", "en": "CourseHub user guide"}


def _title(language: str, file: str) -> str:
    return (GUIDE_DIR / language / file).read_text(encoding="utf-8").splitlines()[0].removeprefix("# ")


def _shown_language(guide) -> str:
    return Path(guide.browser.source().toLocalFile()).parent.name


@pytest.mark.parametrize("language", ["sq", "en"])
def test_the_help_menu_opens_the_guide_in_the_interface_language(window, language: str) -> None:
    window.switch_language(language)
    window.actions_by_id[ActionId.GUIDE].trigger()
    guide = open_guide_window()
    assert guide is not None and guide.isVisible()
    assert guide.current_file() == "index.md"
    assert _shown_language(guide) == language
    assert guide.browser.toPlainText().startswith(INDEX_TITLES[language])
    assert guide.pages_list.count() == len(list((GUIDE_DIR / language).glob("*.md")))


def test_f1_on_each_screen_opens_its_page(window) -> None:
    action = window.actions_by_id[ActionId.CONTEXT_HELP]
    assert action.shortcut().toString() == "F1"
    for key in (spec.id for spec in window.specs):
        window.show_page(key)
        action.trigger()
        guide = open_guide_window()
        assert guide.current_file() == PAGE_FOR_SCREEN[key], key
        assert guide.browser.toPlainText().startswith(_title("en", PAGE_FOR_SCREEN[key])), key


def test_f1_in_the_import_wizard_opens_the_page_on_row_errors(window) -> None:
    from coursehub.ui.import_wizard import ImportWizard

    wizard = ImportWizard(window.ctx, window)
    wizard.show()
    wizard.helpRequested.emit()
    guide = open_guide_window()
    assert guide.current_file() == "importing.md"
    assert "What to do with each kind of row error" in guide.browser.toPlainText()
    wizard.reject()


def test_search_finds_a_word_on_its_pages_and_marks_it(window) -> None:
    window.actions_by_id[ActionId.GUIDE].trigger()
    guide = open_guide_window()
    guide.search.setText("pseudonym")
    found = [guide.pages_list.item(row).data(256) for row in range(guide.pages_list.count())]
    assert found[0] == "trainees.md"
    assert "index.md" in found and "gaps.md" not in found
    guide.search.returnPressed.emit()
    assert guide.current_file() == "trainees.md"
    assert guide.browser.textCursor().selectedText().lower() == "pseudonym"
    guide.search.setText("xylophone")
    assert guide.pages_list.count() == 0
    assert guide.found_label.text() == "No page holds these words."


def test_albanian_search_matches_words_typed_without_e_and_c(window) -> None:
    window.switch_language("sq")
    window.actions_by_id[ActionId.GUIDE].trigger()
    guide = open_guide_window()
    guide.search.setText("pelqimin")  # "pëlqimin" typed on a keyboard without ë
    found = [guide.pages_list.item(row).data(256) for row in range(guide.pages_list.count())]
    assert found and found[0] == "trainees.md"


def test_switching_the_language_switches_the_open_guide(window) -> None:
    window.switch_language("sq")
    window.open_guide("importing.md")
    guide = open_guide_window()
    assert guide.browser.toPlainText().startswith("Importimi i listës së kurseve të një ofruesi")
    assert guide.windowTitle() == "Udhëzuesi i CourseHub"
    window.switch_language("en")
    assert open_guide_window() is guide
    assert guide.current_file() == "importing.md"
    assert _shown_language(guide) == "en"
    assert guide.browser.toPlainText().startswith("Importing a provider's course list")
    assert guide.windowTitle() == "CourseHub guide"


def _answer_next_message_box(qtbot, button: QMessageBox.StandardButton, seen: list[str]) -> None:
    """Press a button of the message box that is about to open modally, after reading it."""

    def press() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, press)
            return
        seen.append(box.text() + "\n" + box.informativeText())
        box.button(button).click()

    QTimer.singleShot(0, press)


def test_a_damaged_database_error_links_the_guide(window, qtbot, tmp_path: Path) -> None:
    from coursehub.domain.safety import DatabaseDamaged
    from coursehub.ui.common import show_error

    error = DatabaseDamaged("The database file is damaged.", tmp_path / "x.db", None)
    seen: list[str] = []
    _answer_next_message_box(qtbot, QMessageBox.StandardButton.Help, seen)
    show_error(window, error)
    assert "The database file is damaged." in seen[0]
    assert open_guide_window().current_file() == "database-problems.md"


def test_an_unreadable_import_file_links_the_importing_page(window, qtbot, tmp_path: Path) -> None:
    import zipfile

    from coursehub.ui.import_wizard import ImportWizard

    broken = tmp_path / "list.xlsx"
    with zipfile.ZipFile(broken, "w") as archive:  # a zip archive, but not a spreadsheet
        archive.writestr("notes.txt", "not a course list")
    wizard = ImportWizard(window.ctx, window)
    wizard.show()
    wizard.file_page.path.setText(str(broken))
    wizard.file_page.provider.setCurrentText("Qendra Dritare për Gratë (demo)")
    seen: list[str] = []
    _answer_next_message_box(qtbot, QMessageBox.StandardButton.Help, seen)
    assert not wizard.refresh_preview()
    assert "list.xlsx" in seen[0]
    assert open_guide_window().current_file() == "importing.md"
    wizard.reject()


def test_an_error_without_a_fix_page_has_no_help_button(window, qtbot) -> None:
    from coursehub.domain.errors import NotFound
    from coursehub.ui.common import show_error

    seen: list[str] = []
    _answer_next_message_box(qtbot, QMessageBox.StandardButton.Ok, seen)
    show_error(window, NotFound("No such course."))
    assert "Help opens the guide" not in seen[0]


@pytest.mark.parametrize("language", ["sq", "en"])
def test_every_button_of_every_screen_has_a_tooltip(window, language: str) -> None:
    from PySide6.QtWidgets import QPushButton

    window.switch_language(language)
    for spec in window.specs:
        page = window.show_page(spec.id)
        for button in page.findChildren(QPushButton):
            if button.text().strip():
                assert button.toolTip().strip(), (spec.id, button.text())
    new_course = next(b for b in window.pages[PageId.CATALOGUE].findChildren(QPushButton) if "&" in b.text())
    assert "(Alt+" in new_course.toolTip()


def test_every_menu_action_has_a_tooltip_naming_its_keys(window) -> None:
    for key, action in window.actions_by_id.items():
        assert action.toolTip().strip(), key
        keys_text = action.shortcut().toString()
        if keys_text and key not in ("undo", "redo"):
            assert keys_text in action.toolTip(), key


def test_the_crash_report_holds_no_name_and_can_be_sent(
    window, qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import platformdirs
    from PySide6.QtGui import QDesktopServices

    from coursehub.domain.model import Education, Gender
    from coursehub.domain.trainees import Trainee
    from coursehub.ui import application

    monkeypatch.setattr(platformdirs, "user_log_path", lambda *args, **kwargs: tmp_path / "logs")
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()) or True)
    people = window.ctx.workspace.people
    people.auth.setup("admin", "a long enough password")
    actor = window.ctx.workspace.login("admin", "a long enough password")
    person = Trainee("Blerina Kolaveri", date(1998, 9, 14), Gender.FEMALE, Education.BASIC, "Elbasan")
    registered = people.trainees.register(actor, person)

    def failing_enrolment(trainee: Trainee) -> None:
        raise RuntimeError(f"could not enrol {trainee.name}, born {trainee.birth_date}")

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    application.install_error_hook()
    checked: list[str] = []

    def check_dialog(dialog) -> None:
        shown = dialog.text.toPlainText()
        dialog.copy_button.click()
        dialog.folder_button.click()
        checked.append(shown)
        checked.append(QApplication.clipboard().text())
        dialog.reject()

    when_shown(lambda: application.last_crash_dialog, check_dialog, every_ms=20)
    try:
        failing_enrolment(registered)
    except RuntimeError as error:
        sys.excepthook(type(error), error, error.__traceback__)
    reports = list((tmp_path / "logs").glob("crash-*.txt"))
    assert len(reports) == 1
    written = reports[0].read_text(encoding="utf-8")
    assert "RuntimeError" in written and "failing_enrolment" in written
    shown, clipboard = checked
    assert registered.pseudonym  # a real record of the database took part
    for text in (written, shown, clipboard):
        assert "Blerina" not in text and "Kolaveri" not in text and "1998" not in text
    assert reports[0].name in clipboard and "failing_enrolment" in clipboard
    assert opened == [str(tmp_path / "logs")]


def test_the_damaged_database_dialog_opens_the_guide(qapp, tmp_path: Path) -> None:
    from coursehub.domain.safety import DatabaseDamaged
    from coursehub.ui.database_problems import DamagedDatabaseDialog

    dialog = DamagedDatabaseDialog(DatabaseDamaged("damaged", tmp_path / "x.db", None))
    dialog.show()
    dialog.help_button.click()
    guide = open_guide_window()
    assert guide.current_file() == "database-problems.md"
    assert guide.isVisible()
    dialog.reject()


def test_the_crash_report_does_not_name_the_home_folder(tmp_path: Path, monkeypatch) -> None:
    from coursehub.crash import write_crash_report

    home = tmp_path / "Arta Hoxha"
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: home))
    source = home / "CourseHub" / "plugin.py"
    source.parent.mkdir(parents=True)
    source.write_text("def run():\n    raise ValueError('x')\n", encoding="utf-8")
    namespace: dict[str, object] = {}
    exec(compile(source.read_text(encoding="utf-8"), str(source), "exec"), namespace)
    try:
        run = namespace["run"]
        assert callable(run)
        run()
    except ValueError as error:
        report = write_crash_report(error, tmp_path / "logs").read_text(encoding="utf-8")
    assert "Arta" not in report and "~/CourseHub/plugin.py" in report.replace("\\", "/")


def test_pressing_f1_opens_the_page_of_the_screen_in_front(window, qtbot) -> None:
    from PySide6.QtCore import Qt

    window.open_guide("index.md")
    open_guide_window().close()
    window.show_page(PageId.OVERLAPS)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=2000)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    qtbot.waitUntil(lambda: open_guide_window().isVisible(), timeout=2000)
    assert open_guide_window().current_file() == "overlaps.md"
