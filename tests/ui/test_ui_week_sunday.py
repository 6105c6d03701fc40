"""Sunday on the calendar screen: the grid gets a Sunday column exactly in the weeks a
course meets on Sunday, and its sessions are drawn in it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

import pytest

from coursehub.domain.model import Weekday, WeeklySession
from coursehub.ui.pages import PageId
from coursehub.ui.week_view import HOURS_WIDTH
from tests.conftest import DEMO_YEAR
from tests.ui.conftest import wait_for_workers

pytestmark = pytest.mark.ui


def test_sunday_column_appears_in_a_week_with_a_sunday_session(window, workspace, qtbot, tmp_path):
    course = workspace.catalogue.courses()[0]
    sunday = WeeklySession(Weekday.SU, time(10), time(12))
    first, last = date(DEMO_YEAR, 3, 15), date(DEMO_YEAR, 3, 21)  # ISO week 11, Monday to Sunday
    changed = replace(course, start=first, end=last, sessions=(*course.sessions, sunday))
    workspace.catalogue.save_course(changed)
    window.refresh()  # as after an import: every screen reads the catalogue again
    wait_for_workers(qtbot)
    page = window.show_page(PageId.CALENDAR)
    page.view.resize(1000, 600)

    page.show_week(first)
    page.view.repaint()
    assert page.plan.days_shown == 7 and page.plan.days[-1] == last
    on_sunday = [p for p in page.view.placed if p.block.day == last]
    assert [p.block.course.title for p in on_sunday] == [course.title]
    sunday_column = HOURS_WIDTH + 6 * (page.view.width() - HOURS_WIDTH - 1) / 7
    assert sunday_column < on_sunday[0].rect.left() < on_sunday[0].rect.right() < page.view.width()
    assert page.week_label.text().endswith("21 Mar 2027")
    page.window().grab().save(str(tmp_path / "sunday.png"))

    page.show_week(date(DEMO_YEAR, 3, 22))
    page.view.repaint()
    assert page.plan.days_shown == 6
    assert all(p.block.day.weekday() < Weekday.SU for p in page.view.placed)
