"""Certificates from the course page: issue (or reprint) and preview them.

The certificate service decides whose certificates the user may print and records each
print; the preview then offers Print, Save and Open like every printout. A certificate in the
interface's language is made in a worker thread; one in the other language on the GUI thread,
because switching the language for a document is process-wide (coursehub.i18n) and must not
change the words of a screen being drawn meanwhile.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget

from coursehub.domain.errors import CourseHubError
from coursehub.domain.model import Course
from coursehub.i18n import _, current_language, ngettext
from coursehub.services.workspace import Workspace
from coursehub.ui.common import show_error
from coursehub.ui.context import UiContext
from coursehub.ui.workers import run_task


def print_certificates(parent: QWidget, ctx: UiContext, course: Course | None, language: str) -> None:
    if course is None or course.id is None:
        show_error(parent, CourseHubError(_("Choose a course first.")))
        return
    actor, course_id = ctx.actor, course.id

    def job(workspace: Workspace) -> tuple[Any, int]:
        batch = workspace.people.certificates.issue(actor, course_id)
        return workspace.printing.certificates(actor, batch.pages, language), batch.left_out

    def done(result: tuple[Any, int]) -> None:
        from coursehub.ui.pdf_preview import PdfPreviewDialog

        pdf, left_out = result
        if left_out:
            ctx.status(_left_out_text(left_out))
        title = _("Certificates: {title}").format(title=course.title)
        dialog = PdfPreviewDialog(ctx, pdf.data, pdf.pages, title, f"certificates-{course.code}.pdf", parent)
        ctx.dialogs.pdf = dialog
        dialog.open()

    if language == current_language():
        run_task(
            parent,
            ctx.workspace,
            _("Preparing the certificates…"),
            lambda workspace, _progress, _cancelled: job(workspace),
            done,
            lambda message: show_error(parent, CourseHubError(message)),
        )
        return
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        result = job(ctx.workspace)
    except CourseHubError as error:
        QApplication.restoreOverrideCursor()
        show_error(parent, error)
        return
    QApplication.restoreOverrideCursor()
    done(result)


def _left_out_text(count: int) -> str:
    return ngettext(
        "{n} person who completed the course was registered by another organisation: they or the "
        "Employment Office print that certificate.",
        "{n} people who completed the course were registered by another organisation: they or the "
        "Employment Office print those certificates.",
        count,
    ).format(n=count)
