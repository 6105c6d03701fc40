"""Print and export from any screen: the PDF is made in a worker thread, then previewed;
exports ask where to save and remember the folder."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QMenu, QPushButton, QWidget

from coursehub.domain.errors import CourseHubError, os_reason
from coursehub.i18n import _, ngettext
from coursehub.services.course_filter import CourseFilter
from coursehub.services.workspace import Workspace
from coursehub.ui import settings as keys
from coursehub.ui.common import name, show_error
from coursehub.ui.context import UiContext
from coursehub.ui.workers import run_task

PdfJob = Callable[[Workspace], Any]  # returns a RenderedPdf


def print_preview(
    parent: QWidget, ctx: UiContext, label: str, job: PdfJob, title: str, filename: str
) -> None:
    """Make the PDF off the GUI thread, then show it with Print, Save and Open buttons."""

    def done(pdf: Any) -> None:
        from coursehub.ui.pdf_preview import PdfPreviewDialog

        dialog = PdfPreviewDialog(ctx, pdf.data, pdf.pages, title, filename, parent)
        ctx.dialogs.pdf = dialog
        dialog.open()

    run_task(
        parent,
        ctx.workspace,
        label,
        lambda ws, _progress, _cancelled: job(ws),
        done,
        lambda message: show_error(parent, CourseHubError(message)),
    )


EXPORT_KINDS = {
    "ics": ("ics", "coursehub.ics"),
    "csv": ("csv", "coursehub.csv"),
    "xlsx": ("xlsx", "coursehub.xlsx"),
}


def export_courses(parent: QWidget, ctx: UiContext, kind: str, course_filter: CourseFilter) -> Path | None:
    """Ask where, then write the courses the filter selects as .ics, .csv or .xlsx."""
    suffix, default_name = EXPORT_KINDS[kind]
    folder = ctx.settings.get(keys.EXPORT_FOLDER) or str(Path.home())
    patterns = {"ics": _("iCalendar (*.ics)"), "csv": _("CSV (*.csv)"), "xlsx": _("Excel (*.xlsx)")}
    chosen, _filter = QFileDialog.getSaveFileName(
        parent, _("Export courses"), str(Path(folder) / default_name), patterns[kind]
    )
    if not chosen:
        return None
    target = Path(chosen) if chosen.endswith(f".{suffix}") else Path(f"{chosen}.{suffix}")
    ctx.settings.set(keys.EXPORT_FOLDER, str(target.parent))
    exchange = ctx.workspace.exchange
    try:
        if kind == "ics":
            count = exchange.export_ics(target, course_filter)
        elif kind == "csv":
            count = exchange.export_csv(target, course_filter)
        else:
            count = exchange.export_xlsx(target, course_filter, source=ctx.actor.username)
    except CourseHubError as error:
        show_error(parent, error)
        return None
    except OSError as error:
        show_error(
            parent,
            CourseHubError(_("The file could not be written: {reason}").format(reason=os_reason(error))),
        )
        return None
    ctx.status(
        ngettext("Exported {n} course to {path}", "Exported {n} courses to {path}", count).format(
            n=count, path=target
        )
    )
    return target


def menu_button(text: str, entries: list[tuple[str, Callable[[], object]]]) -> QPushButton:
    button = QPushButton(text)
    name(button, text.replace("&", "").rstrip("…"))
    menu = QMenu(button)
    for label, slot in entries:
        action = menu.addAction(label)
        action.triggered.connect(lambda _checked=False, slot=slot: slot())
    button.setMenu(menu)
    return button
