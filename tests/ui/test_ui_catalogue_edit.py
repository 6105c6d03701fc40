"""Editing courses in the dialog: live validation, save, undo and redo, conflicts."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import QTimer

from coursehub.ui.actions import ActionId
from coursehub.ui.pages import PageId
from tests.dialogs import when_shown

pytestmark = pytest.mark.ui


def _select(page, title: str):
    page.search.setText(title)
    page.table.selectRow(0)
    course = page.current_course()
    assert course is not None and course.title == title
    return course


def _when_dialog_opens(ctx, act) -> None:
    when_shown(lambda: ctx.dialogs.course, act)


def test_dialog_checks_as_you_type_with_the_validation_messages(window, workspace):
    from coursehub.domain.validation import course_problems
    from coursehub.ui.common import Button
    from coursehub.ui.course_dialog import CourseDialog

    course = workspace.catalogue.courses()[0]
    dialog = CourseDialog(workspace.reference, [course.provider], course)
    assert dialog.validate() == []
    dialog.title_edit.clear()
    dialog.occupation.setText("99999")
    messages = dialog.validate()
    expected = course_problems(dialog.course(), workspace.reference)
    assert expected[0].message in messages[0]
    assert len(messages) == len(expected) == 2
    assert not dialog.buttons.button(Button.Save).isEnabled()
    assert dialog.title_edit.property("invalid") is True
    dialog.title_edit.setText("Rrobaqepësi e avancuar")
    dialog.occupation.setText("7531 — Tailors")
    assert dialog.validate() == []


def test_edit_a_course_then_undo_and_redo(window, workspace, ctx, qtbot):
    page = window.show_page(PageId.CATALOGUE)
    course = _select(page, "Rrobaqepësi")

    def change(dialog) -> None:
        dialog.title_edit.setText("Rrobaqepësi (e re)")
        dialog.seats.setValue(21)
        dialog.accept()

    _when_dialog_opens(ctx, change)
    page.edit_course()
    stored = workspace.catalogue.course(course.id)
    assert (stored.title, stored.seats) == ("Rrobaqepësi (e re)", 21)
    assert page.current_course().title == "Rrobaqepësi (e re)"
    window.undo_stack.undo()
    assert workspace.catalogue.course(course.id).title == "Rrobaqepësi"
    window.undo_stack.redo()
    assert workspace.catalogue.course(course.id).seats == 21


def test_add_duplicate_and_cancel_with_undo(window, workspace, ctx):
    from coursehub.domain.model import CourseStatus

    page = window.show_page(PageId.CATALOGUE)
    course = _select(page, "Parukeri")
    before = workspace.catalogue.count()

    _when_dialog_opens(ctx, lambda dialog: dialog.accept())
    page.duplicate_course()
    assert workspace.catalogue.count() == before + 1
    copy = workspace.catalogue.find_course(course.provider, course.code + "-2")
    assert copy.title == course.title

    from PySide6.QtWidgets import QMessageBox

    QTimer.singleShot(50, lambda: _answer_yes())
    page.select_course(copy.id)
    page.cancel_course()
    assert workspace.catalogue.course(copy.id).status is CourseStatus.CANCELLED
    window.undo_stack.undo()
    assert workspace.catalogue.course(copy.id).status is not CourseStatus.CANCELLED
    del QMessageBox


def _answer_yes() -> None:
    from PySide6.QtWidgets import QApplication, QMessageBox

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            widget.button(QMessageBox.StandardButton.Yes).click()
            return
    QTimer.singleShot(20, _answer_yes)


def test_conflict_offers_overwrite_on_the_fresh_version(window, workspace, ctx):
    page = window.show_page(PageId.CATALOGUE)
    course = _select(page, "Hidraulikë")
    workspace.catalogue.save_course(replace(course, seats=11))  # someone else saves first

    def overwrite(box) -> None:
        next(b for b in box.buttons() if "Overwrite" in b.text()).click()

    when_shown(lambda: ctx.dialogs.conflict, overwrite)
    saved = page.save(course, replace(course, trainer="Ilir Hoxha"), "edit")
    assert saved is not None
    fresh = workspace.catalogue.course(course.id)
    assert fresh.trainer == "Ilir Hoxha"


def test_an_ngo_coordinator_may_edit_only_their_own_courses(window, ctx):
    from coursehub.domain.people import Actor, Role

    ctx.actor = Actor("drita", Role.NGO_COORDINATOR, "Shoqata Ura e Shpresës (demo)", 2)
    page = window.show_page(PageId.CATALOGUE)
    _select(page, "Rrobaqepësi")  # a QFP course
    assert not page.buttons[ActionId.EDIT_COURSE].isEnabled()
    assert not page.buttons[ActionId.CANCEL_COURSE].isEnabled()
    _select(page, "Kurs rrobaqepësie për gra")  # the coordinator's own
    assert page.buttons[ActionId.EDIT_COURSE].isEnabled()
