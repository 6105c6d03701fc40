"""Make the screenshots in docs/screenshots from the demo data, in Albanian and English
(those named *-1024-* are at 1024x768: the user guide in docs/guide shows them).

    python3 -m coursehub.ui.screenshots docs/screenshots

Runs offscreen on a fresh temporary database (the demo catalogue of 2027, a few made-up
trainees), with "today" fixed inside the demo year so every picture shows the same thing.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any  # the script drives pages and dialogs by their attributes

from coursehub.ui.pages import PageId

DEMO_YEAR = 2027
TODAY = date(DEMO_YEAR, 3, 1)
SIZE = (1400, 860)
SMALL_SCREEN = (1024, 768)

_SAMPLE_LIST = (
    "Lista e kurseve – Qendra Dritare, pranverë 2027\n"
    "\n"
    "Kodi,Kursi,Kodi ISCO,Bashkia,Vendi,Data e fillimit,Data e mbarimit,Ditet,Orari,Vende,Mosha\n"
    "QD-30,Rrobaqepësi për të reja,7531,Durrës,Rr. Egnatia 12,01.04.2027,30.06.2027,"
    "E hënë - e mërkurë,9-12,12,16-35\n"
    "QD-31,Parukeri,5141,Durrës,Rr. Egnatia 12,01.04.2027,30.06.2027,Mar,9-12,dhjetë,18+\n"
    "QD-32,Kuzhinë,5120,Durres,Rr. Egnatia 12,01.05.2027,30.04.2027,Enj,14-17,10,\n"
    "QD-33,Estetikë,5142,Durrës,Rr. Egnatia 12,03.05.2027,30.07.2027,Pre,10:00-13:00,8,18-40\n"
)


def _settle(workers: bool = True) -> None:
    from PySide6.QtCore import QThreadPool
    from PySide6.QtWidgets import QApplication

    settled = time.monotonic() + 0.3  # animations end too (a search box's clear button fades in)
    for _ in range(40):
        QApplication.processEvents()
        if workers:
            QThreadPool.globalInstance().waitForDone(50)
    while time.monotonic() < settled:
        QApplication.processEvents()
        time.sleep(0.01)
    QApplication.processEvents()


def _prepare_people(workspace: Any) -> Any:
    from coursehub.domain.model import Education, Gender, TargetGroup
    from coursehub.domain.trainees import Trainee

    people = workspace.people
    people.auth.setup("admin", "screenshots-only")
    actor = workspace.login("admin", "screenshots-only")
    made = [
        Trainee(
            "Arta Hoxha",
            date(2001, 4, 2),
            Gender.FEMALE,
            Education.SECONDARY,
            "Durrës",
            consent_given=True,
            groups=frozenset({TargetGroup.JOBSEEKER}),
        ),
        Trainee(
            "Blerina Kola",
            date(1998, 9, 14),
            Gender.FEMALE,
            Education.BASIC,
            "Elbasan",
            consent_given=True,
            groups=frozenset({TargetGroup.TRAFFICKING_SURVIVOR}),
        ),
        Trainee(
            "Ermal Dervishi",
            date(2004, 1, 20),
            Gender.MALE,
            Education.BASIC,
            "Shijak",
            consent_given=True,
            groups=frozenset({TargetGroup.SCHOOL_DROPOUT}),
        ),
    ]
    for trainee in made:
        people.trainees.register(actor, trainee)
    return actor


def make_screenshots(folder: Path) -> list[Path]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QUndoStack

    from coursehub.i18n import set_language
    from coursehub.services.demo import load_demo
    from coursehub.services.workspace import Workspace
    from coursehub.ui.application import prepare_application
    from coursehub.ui.context import UiContext
    from coursehub.ui.settings import Settings

    folder.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix="coursehub-shots-"))
    settings = Settings(scratch / "settings.ini")
    app = prepare_application(settings)
    workspace = Workspace.open(scratch / "demo.db")
    load_demo(workspace.store, DEMO_YEAR)
    actor = _prepare_people(workspace)
    sample = scratch / "lista-qendra-dritare.csv"
    sample.write_text(_SAMPLE_LIST, encoding="utf-8")
    made: list[Path] = []
    try:
        for language in ("sq", "en"):
            set_language(language)
            ctx = UiContext(workspace, settings, QUndoStack(), actor, today=lambda: TODAY)
            made += _language_shots(app, ctx, folder, language, sample)
            # A small office screen: every page and dialog must fit; the user guide shows these.
            made += _language_shots(app, ctx, folder, language, sample, SMALL_SCREEN, "1024-")
            made += _guide_shots(folder, language)
            made += _database_problem_shots(app, ctx, folder, language, scratch)
            made.append(_first_start_shot(settings, folder, language, scratch))
        made += _attendance(workspace, settings, actor, folder)  # last: it enrols the people
    finally:
        workspace.close()
    return made


def _language_shots(
    app: Any,
    ctx: Any,
    folder: Path,
    language: str,
    sample: Path,
    size: tuple[int, int] = SIZE,
    prefix: str = "",
) -> list[Path]:
    from coursehub.ui.main_window import MainWindow

    window = MainWindow(ctx.workspace, ctx.settings, ctx=ctx)
    window.resize(*size)
    window.show()
    made: list[Path] = []

    def shoot(name: str, widget: Any = None) -> None:
        if widget is not None and size == SMALL_SCREEN:
            _fit_small_screen(widget)
        _settle()
        path = folder / f"{language}-{prefix}{name}.png"
        (widget or window).grab().save(str(path))
        made.append(path)

    steps: list[tuple[str, Callable[[], object | None]]] = [
        ("catalogue", lambda: _catalogue(window)),
        ("calendar", lambda: _calendar(window)),
        ("overlaps", lambda: _overlaps(window)),
        ("gaps", lambda: window.show_page(PageId.GAPS)),
        ("trainees", lambda: _trainees(window)),
        ("providers", lambda: window.show_page(PageId.PROVIDERS)),
        ("needs", lambda: window.show_page(PageId.NEEDS)),
    ]
    for name, step in steps:
        step()
        shoot(name)
    dialog = _course_dialog(window)
    shoot("course-dialog", dialog)
    dialog.reject()
    if prefix:
        person = _trainee_dialog(window)
        shoot("trainee-dialog", person)
        person.reject()
    wizard = _wizard(window, sample)
    shoot("import-preview", wizard)
    wizard.reject()
    preview = _pdf_preview(window)
    if preview is not None:
        shoot("print-preview", preview)
        preview.reject()
    from coursehub.ui.login_dialog import LoginDialog

    login = LoginDialog(window.ctx.workspace, window, "admin")
    login.show()
    shoot("login", login)
    login.reject()
    window.close()
    return made


def _guide_shots(folder: Path, language: str) -> list[Path]:
    """The guide window at 1024x768: a page, and a search with its results."""
    from coursehub.ui.help_window import HelpWindow

    guide = HelpWindow()
    guide.resize(*SMALL_SCREEN)
    guide.show()
    guide.open_page("importing.md")
    _settle(workers=False)
    made = [folder / f"{language}-1024-guide.png"]
    guide.grab().save(str(made[-1]))
    guide.search.setText("pseudonim" if language == "sq" else "pseudonym")
    guide.search.returnPressed.emit()
    _settle(workers=False)
    made.append(folder / f"{language}-1024-guide-search.png")
    guide.grab().save(str(made[-1]))
    guide.close()
    made.append(_crash_report_shot(folder, language))
    return made


def _crash_report_shot(folder: Path, language: str) -> Path:
    """The dialog after an unexpected error, with a report as coursehub/crash.py writes one."""
    from coursehub.crash import write_crash_report
    from coursehub.ui.crash_dialog import CrashReportDialog

    def print_sheet() -> None:
        raise RuntimeError("an example for the guide")

    try:
        print_sheet()
    except RuntimeError as error:
        report = write_crash_report(error, Path(tempfile.mkdtemp(prefix="coursehub-logs-")))
    dialog = CrashReportDialog(report)
    dialog.show()
    _settle(workers=False)
    path = folder / f"{language}-crash-report.png"
    dialog.grab().save(str(path))
    dialog.reject()
    return path


def _database_problem_shots(app: Any, ctx: Any, folder: Path, language: str, scratch: Path) -> list[Path]:
    """The damaged-database dialog and the read-only banner of a second copy."""
    import shutil

    from PySide6.QtGui import QUndoStack

    from coursehub.domain.safety import DatabaseDamaged
    from coursehub.services.workspace import Workspace
    from coursehub.ui.context import UiContext
    from coursehub.ui.database_problems import DamagedDatabaseDialog
    from coursehub.ui.main_window import MainWindow

    made: list[Path] = []
    backup = scratch / "backups" / "coursehub-20270301-090000.db"
    backup.parent.mkdir(exist_ok=True)
    if not backup.exists():
        shutil.copy(scratch / "demo.db", backup)
        stamp = datetime(DEMO_YEAR, 3, 1, 9).timestamp()
        os.utime(backup, (stamp, stamp))
    error = DatabaseDamaged("", scratch / "coursehub.db", backup, ("database disk image is malformed",))
    dialog = DamagedDatabaseDialog(error)
    dialog.show()
    _settle()
    made.append(folder / f"{language}-damaged-database.png")
    dialog.grab().save(str(made[-1]))
    dialog.reject()
    second = Workspace.open(scratch / "demo.db")  # the first copy holds the writer lock
    try:
        second_ctx = UiContext(
            second,
            ctx.settings,
            QUndoStack(),
            ctx.actor,
            today=lambda: TODAY,
        )
        window = MainWindow(second, ctx.settings, ctx=second_ctx)
        window.resize(*SIZE)
        window.show()
        _settle()
        made.append(folder / f"{language}-read-only.png")
        window.grab().save(str(made[-1]))
        window.close()
        _settle()
    finally:
        second.close()
    return made


def _first_start_shot(settings: Any, folder: Path, language: str, scratch: Path) -> Path:
    """The first-start screen over the window on an empty database, as seen at 1024x768."""
    from PySide6.QtGui import QColor, QPainter, QUndoStack

    from coursehub.services.workspace import Workspace
    from coursehub.ui.context import UiContext
    from coursehub.ui.first_start import offer_first_start
    from coursehub.ui.main_window import MainWindow

    (scratch / language).mkdir(exist_ok=True)
    empty = Workspace.open(scratch / language / "coursehub.db")
    try:
        ctx = UiContext(empty, settings, QUndoStack(), today=lambda: TODAY)
        window = MainWindow(empty, settings, ctx=ctx)
        window.resize(*SMALL_SCREEN)
        window.show()
        dialog = offer_first_start(window)
        _settle()
        picture = window.grab()
        painter = QPainter(picture)  # the dialog where the window manager puts it: centred
        shown = dialog.grab()
        left, top = (picture.width() - shown.width()) // 2, (picture.height() - shown.height()) // 2
        painter.fillRect(left + 6, top + 6, shown.width(), shown.height(), QColor(0, 0, 0, 60))  # shadow
        painter.drawPixmap(left, top, shown)
        painter.setPen(QColor("#1f4e79"))
        painter.drawRect(left - 1, top - 1, shown.width() + 1, shown.height() + 1)
        painter.end()
        path = folder / f"{language}-1024-first-start.png"
        picture.save(str(path))
        dialog.reject()
        window.close()
        _settle()
    finally:
        empty.close()
    return path


def _attendance(workspace: Any, settings: Any, actor: Any, folder: Path) -> list[Path]:
    from PySide6.QtGui import QUndoStack

    from coursehub.i18n import set_language
    from coursehub.ui.attendance_screenshots import attendance_shots, prepare_attendance
    from coursehub.ui.context import UiContext

    prepared = prepare_attendance(workspace, actor)
    made: list[Path] = []
    for language in ("sq", "en"):
        set_language(language)
        ctx = UiContext(workspace, settings, QUndoStack(), actor, today=lambda: TODAY)
        made += attendance_shots(ctx, prepared, folder, language, _fit_small_screen, lambda: _settle(False))
    return made


def _fit_small_screen(widget: Any) -> None:
    """A dialog as fit_to_screen sizes it on a 1024x768 screen with a task bar (40 px)
    (the offscreen screen is smaller than that)."""
    screen_width, screen_height = SMALL_SCREEN[0], SMALL_SCREEN[1] - 40
    wanted = widget.property("wantedSize")
    if wanted:
        width, height, share = wanted
    else:
        width, height, share = widget.width(), widget.height(), 0.92
    widget.resize(min(int(width), int(screen_width * share)), min(int(height), int(screen_height * share)))


def _trainee_dialog(window: Any) -> Any:
    from coursehub.ui.trainee_dialog import TraineeDialog

    dialog = TraineeDialog(window.ctx.workspace.reference, None, TODAY, window)
    dialog.name_edit.setText("Arta Hoxha")
    dialog.show()
    return dialog


def _catalogue(window: Any) -> None:
    page = window.show_page(PageId.CATALOGUE)
    page.search.setText("rrobaqepesi")
    page.table.selectRow(0)


def _calendar(window: Any) -> None:
    page = window.show_page(PageId.CALENDAR)
    page.show_week(date(DEMO_YEAR, 3, 8))


def _overlaps(window: Any) -> None:
    page = window.show_page(PageId.OVERLAPS)
    _settle()
    if page.model.rowCount():
        page.table.selectRow(0)


def _trainees(window: Any) -> None:
    page = window.show_page(PageId.TRAINEES)
    page.reload()
    page.table.selectRow(0)


def _course_dialog(window: Any) -> Any:
    from coursehub.ui.course_dialog import CourseDialog

    page = window.show_page(PageId.CATALOGUE)
    page.search.setText("rrobaqepesi")
    page.table.selectRow(0)
    dialog = CourseDialog(page.reference, page._providers(), page.current_course(), parent=window)
    dialog.seats.setValue(0)  # show the check as you type
    dialog.show()
    return dialog


def _wizard(window: Any, sample: Path) -> Any:
    from coursehub.ui.import_wizard import ImportWizard

    wizard = ImportWizard(window.ctx, window)
    wizard.show()
    wizard.file_page.path.setText(str(sample))
    wizard.file_page.provider.setCurrentText("Qendra Dritare për Gratë (demo)")
    wizard.next()
    wizard.next()
    wizard.preview_page.view.setColumnWidth(0, 330)
    return wizard


def _pdf_preview(window: Any) -> Any:
    page = window.show_page(PageId.CALENDAR)
    page.show_week(date(DEMO_YEAR, 3, 8))
    page.print_weeks(1)
    for _ in range(200):
        _settle()
        dialog = window.ctx.dialogs.pdf
        if dialog is not None:
            if window.width() > SMALL_SCREEN[0]:
                dialog.resize(1100, 800)
            return dialog
    return None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path("docs/screenshots")
    for path in make_screenshots(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
