"""GUI fixtures: a demo workspace on a file, settings in a temporary .ini, a main window."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.builders import a_course_running_today
from tests.conftest import DEMO_YEAR
from tests.dialogs import when_shown

TODAY = date(DEMO_YEAR, 3, 1)


@pytest.fixture(autouse=True)
def garbage_collected_on_gui_thread(qapp):
    """As in the program: Python's cyclic GC never runs in a worker thread (qt_fixes)."""
    from coursehub.ui.qt_fixes import collect_garbage_on_gui_thread, stop_collecting_on_gui_thread

    collect_garbage_on_gui_thread()
    yield
    stop_collecting_on_gui_thread()  # a full collection here, on the GUI thread


@pytest.fixture
def settings(tmp_path: Path):
    from coursehub.ui.settings import Settings

    return Settings(tmp_path / "settings.ini")


@pytest.fixture
def cheap_passwords(monkeypatch: pytest.MonkeyPatch) -> None:
    from argon2 import PasswordHasher

    from coursehub.services.people_wiring import PeopleServices

    monkeypatch.setattr(
        PeopleServices, "password_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )


@pytest.fixture
def workspace(db_path: Path, cheap_passwords: None):
    from coursehub.services.demo import load_demo
    from coursehub.services.workspace import Workspace

    opened = Workspace.open(db_path)
    load_demo(opened.store, DEMO_YEAR)
    yield opened
    opened.close()


@pytest.fixture
def ctx(workspace, settings, qapp):
    from PySide6.QtGui import QUndoStack

    from coursehub.ui.context import UiContext

    return UiContext(workspace, settings, QUndoStack(), today=lambda: TODAY)


@pytest.fixture
def window(qtbot, workspace, settings, ctx):
    from coursehub.ui.main_window import MainWindow

    shown = MainWindow(workspace, settings, ctx=ctx)
    qtbot.addWidget(shown)
    shown.show()
    return shown


def wait_for_workers(qtbot) -> None:
    from PySide6.QtCore import QThreadPool

    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=20_000)
    qtbot.wait(20)


def write_course_list(path) -> None:
    """A provider's list of three courses, the second with seats written in words."""
    path.write_text(
        "Lista e kurseve 2027\n"
        "Kodi,Kursi,Kodi ISCO,Bashkia,Data e fillimit,Data e mbarimit,Ditet,Orari,Vende\n"
        "NV-01,Rrobaqepësi për të rinj,7531,Durrës,01.04.2027,30.06.2027,E hënë - e mërkurë,9-12,12\n"
        "NV-02,Parukeri,5141,Durrës,01.04.2027,30.06.2027,Mar,9-12,dhjetë\n"
        "NV-03,Kuzhinë,5120,Durres,01.05.2027,30.07.2027,Enj,14-17,10\n",
        encoding="utf-8",
    )


def administrator_and_a_trainee(workspace):
    """Accounts set up, the administrator logged in (returned) and one person registered."""
    from coursehub.domain.model import Education, Gender
    from coursehub.domain.trainees import Trainee

    workspace.people.auth.setup("admin", "a-long-password")
    admin = workspace.login("admin", "a-long-password")
    workspace.people.trainees.register(
        admin,
        Trainee(
            "Arta Hoxha", date(2001, 4, 2), Gender.FEMALE, Education.SECONDARY, "Durrës", consent_given=True
        ),
    )
    return admin


def save_running_course(workspace, admin, provider: str = "", **course):
    """a_course_running_today(**course) saved for `provider` (by default the demo's first
    course's provider); returns the saved course."""
    provider = provider or workspace.catalogue.courses()[0].provider
    return workspace.catalogue.save_course(a_course_running_today(provider=provider, **course), admin)


def log_in_when_asked(ctx, username: str, password: str) -> None:
    """Fill in and accept the login dialog as soon as it is shown (it runs modal)."""

    def log_in(dialog) -> None:
        dialog.username.setText(username)
        dialog.password.setText(password)
        dialog.try_accept()

    when_shown(lambda: ctx.dialogs.login, log_in)


def import_wizard_on(qtbot, ctx, window, source, provider: str = "Qendra Dritare për Gratë (demo)"):
    """The import wizard shown, its first page filled in with `source` and `provider`."""
    from coursehub.ui.import_wizard import ImportWizard

    wizard = ImportWizard(ctx, window)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.file_page.path.setText(str(source))
    wizard.file_page.provider.setCurrentText(provider)
    return wizard
