"""Certificates from the course page's Print menu: previewed like every printout, in the
interface's language or in English, and only for people the user may print for."""

from __future__ import annotations

from coursehub.ui.pages import PageId
from tests.ui.conftest import administrator_and_a_trainee, save_running_course


def _running_course_with_a_graduate(workspace):
    admin = administrator_and_a_trainee(workspace)
    provider = workspace.catalogue.providers()[0].name
    course = save_running_course(
        workspace,
        admin,
        provider,
        code="CERT-UI",
        title="Rrobaqepësi certifikuese",
        days_before=60,
        days_after=30,
        seats=5,
    )
    (trainee,) = workspace.people.trainees.list(admin)
    workspace.people.enrolment.enrol(admin, trainee.id, course.id)
    workspace.people.enrolment.complete(admin, trainee.id, course.id)
    return admin, course


def _choose(window, qtbot, code: str):
    from tests.ui.conftest import wait_for_workers

    page = window.show_page(PageId.CATALOGUE)
    page.reload()
    wait_for_workers(qtbot)
    page.search.setText(code)
    page.table.selectRow(0)
    assert page.current_course().code == code
    return page


def _text(data: bytes) -> str:
    import io

    from pypdf import PdfReader

    return " ".join(PdfReader(io.BytesIO(data)).pages[0].extract_text().split())


def test_certificates_are_previewed_from_the_print_menu(window, workspace, ctx, qtbot):
    ctx.actor, course = _running_course_with_a_graduate(workspace)
    page = _choose(window, qtbot, course.code)
    page.print_certificates("sq")  # the other language than the interface's: made at once
    assert ctx.dialogs.pdf is not None
    qtbot.waitUntil(lambda: ctx.dialogs.pdf is not None, timeout=20_000)
    dialog = ctx.dialogs.pdf
    assert "Arta Hoxha" in _text(dialog.data) and "CERTIFIKATË" in _text(dialog.data)
    dialog.close()
    ctx.dialogs.pdf = None
    page.print_certificates("en")  # a reprint now (the tests' interface is in English)
    qtbot.waitUntil(lambda: ctx.dialogs.pdf is not None, timeout=20_000)
    english = _text(ctx.dialogs.pdf.data)
    assert "CERTIFICATE" in english and "DUPLICATE" in english
    ctx.dialogs.pdf.close()
    (entry,) = workspace.people.certificates.register(ctx.actor)
    assert entry.duplicates == 1 and entry.issued_by == "admin"


def test_a_viewer_is_told_plainly_and_gets_no_preview(window, workspace, ctx, qtbot, monkeypatch):
    from coursehub.domain.people import Actor, Role
    from coursehub.ui import certificate_actions

    _admin, course = _running_course_with_a_graduate(workspace)
    ctx.actor = Actor("viewer", Role.VIEWER, user_id=99)
    shown: list[str] = []
    monkeypatch.setattr(certificate_actions, "show_error", lambda _parent, error: shown.append(error.message))
    page = _choose(window, qtbot, course.code)
    page.print_certificates("en")
    qtbot.waitUntil(lambda: bool(shown), timeout=20_000)
    assert shown and "viewer" in shown[0] and ctx.dialogs.pdf is None
