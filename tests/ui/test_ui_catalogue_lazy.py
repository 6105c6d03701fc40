"""The catalogue table over the lazy course sequence (catalogue.courses_for_table): the same
rows, order, search matches and filter choices as over a plain list of courses, while only
the courses shown or asked for are made into Course objects."""

from __future__ import annotations

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt

pytestmark = pytest.mark.ui


def _models(workspace):
    from coursehub.ui.catalogue_model import CatalogueModel

    def extra(course):
        return f"ISCO-{course.occupation}"

    plain = CatalogueModel(workspace.catalogue.courses(), extra_text=extra)
    lazy_courses = workspace.catalogue.courses_for_table()
    lazy = CatalogueModel(lazy_courses, extra_text=extra)
    return plain, lazy, lazy_courses


def _shown(model):
    return [model.course_at(row) for row in range(model.rowCount())]


def test_the_lazy_sequence_gives_the_same_table_as_the_list(workspace):
    from coursehub.ui.catalogue_model import END, ISCO, MUNICIPALITY, PROVIDER, SEATS, START, TITLE

    plain, lazy, _courses = _models(workspace)
    assert plain.total == lazy.total > 10
    assert _shown(lazy) == _shown(plain)
    for column in (START, TITLE, SEATS, PROVIDER, END, ISCO, START):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            plain.sort(column, order)
            lazy.sort(column, order)
            assert _shown(lazy) == _shown(plain)
    for query in ("durres", "isco-7531", "rrobaqepesi qfp", "zzz"):
        plain.set_query(query)
        lazy.set_query(query)
        assert _shown(lazy) == _shown(plain)
    assert lazy.distinct_values(MUNICIPALITY) == plain.distinct_values(MUNICIPALITY)
    assert lazy.distinct_values(PROVIDER) == plain.distinct_values(PROVIDER)


def test_only_the_courses_asked_for_are_made(workspace):
    _plain, lazy, courses = _models(workspace)
    made = sum(course is not None for course in courses._made)
    # The search texts asked for one course per ISCO code (for its extra text), no more.
    assert made == len(set(courses.column("occupation"))) < len(courses)
    lazy.data(lazy.index(0, 0))
    assert courses._made[lazy._rows[0]] is not None


def test_a_saved_course_replaces_its_row_and_its_stored_columns(workspace):
    from coursehub.ui.catalogue_model import TITLE

    _plain, lazy, courses = _models(workspace)
    first = lazy.course_at(0)
    lazy.put_course(replace(first, title="Zzz renamed"))
    row = lazy.row_of(first.id)
    assert lazy.course_at(row).title == "Zzz renamed"
    assert "Zzz renamed" in courses.column("title")
    lazy.sort(TITLE, Qt.SortOrder.DescendingOrder)
    assert lazy.course_at(0).title == "Zzz renamed"
    lazy.set_query("zzz renamed")
    assert [c.id for c in _shown(lazy)] == [first.id]


def test_a_search_typed_before_the_texts_come_waits_for_them_off_the_gui_thread(workspace, monkeypatch):
    from coursehub.ui.catalogue_model import CatalogueModel

    plain, _lazy, courses = _models(workspace)
    later = CatalogueModel(extra_text=lambda course: f"ISCO-{course.occupation}")
    later.set_courses(courses, search_later=True)
    assert later.rowCount() == plain.rowCount()
    folded_here: list[int] = []
    fold = later.search_texts
    monkeypatch.setattr(later, "search_texts", lambda c: folded_here.append(1) or fold(c))
    later.set_query("durres")
    plain.set_query("durres")
    assert later.search_pending and later.rowCount() == 0
    later.set_query("durre")  # a keystroke meanwhile does not fold them either
    assert folded_here == []
    later.set_search_texts(courses, fold(courses))  # as the worker hands them over
    assert not later.search_pending
    plain.set_query("durre")
    assert _shown(later) == _shown(plain) != []
    later.set_query("durres")
    plain.set_query("durres")
    assert _shown(later) == _shown(plain)
    # Texts made meanwhile for these courses are not needed any more and are left aside.
    later.set_search_texts(courses, ["nothing"] * len(courses))
    assert _shown(later) == _shown(plain)


def test_filter_choices_made_in_the_worker_are_used(workspace):
    from coursehub.ui.catalogue_model import MUNICIPALITY, CatalogueModel

    _plain, _lazy, courses = _models(workspace)
    model = CatalogueModel()
    model.set_courses(courses, search_later=True, distinct={MUNICIPALITY: courses.distinct("municipality")})
    assert model.distinct_values(MUNICIPALITY) == {c.municipality for c in courses}


def test_search_texts_made_in_a_worker_are_taken_for_the_same_courses_only(workspace):
    from coursehub.ui.catalogue_model import CatalogueModel

    _plain, _lazy, courses = _models(workspace)
    model = CatalogueModel()
    model.set_courses(courses, search_later=True)
    model.set_search_texts(workspace.catalogue.courses_for_table(), ["x"] * len(courses))
    model.set_search_texts(courses, ["durres"] + [""] * (len(courses) - 1))
    model.set_query("durres")
    assert model.rowCount() == 1


def test_a_course_saved_while_the_texts_are_folded_is_found_once_they_come(workspace, monkeypatch):
    from coursehub.ui.catalogue_model import CatalogueModel

    plain, _lazy, courses = _models(workspace)
    later = CatalogueModel(extra_text=lambda course: f"ISCO-{course.occupation}")
    later.set_courses(courses, search_later=True)
    folded_by_worker = later.search_texts(courses)  # the worker read the courses before the saves
    folded_here: list[int] = []
    monkeypatch.setattr(later, "search_texts", lambda c: folded_here.append(1) or [])
    first = later.course_at(0)
    later.put_course(replace(first, title="Zzz renamed"))
    later.put_course(replace(first, id=None, code="NEW-1", title="Qqq added"))
    assert folded_here == [] and later.total == plain.total + 1
    later.set_search_texts(courses, folded_by_worker)
    for query, titles in (("zzz renamed", ["Zzz renamed"]), ("qqq added", ["Qqq added"])):
        later.set_query(query)
        assert [c.title for c in _shown(later)] == titles


@pytest.mark.parametrize("on_screen", [True, False])
def test_the_search_texts_are_folded_once_the_rows_are_painted(qtbot, workspace, ctx, monkeypatch, on_screen):
    """A worker folding them beside the table's first paint would slow that paint down; a
    table not on screen paints nothing, and the fold does not wait for it."""
    from PySide6.QtCore import QEvent, QObject

    from coursehub.ui.catalogue_page import CataloguePage, _read_catalogue

    page = CataloguePage(ctx)
    qtbot.addWidget(page)
    if on_screen:
        page.show()
        qtbot.waitExposed(page)
    painted_rows: list[int] = []

    class Paints(QObject):
        def eventFilter(self, _watched, event):
            if event.type() == QEvent.Type.Paint:
                painted_rows.append(page.model.rowCount())
            return False

    paints = Paints()
    page.table.viewport().installEventFilter(paints)
    folds: list[list[int]] = []
    monkeypatch.setattr(page, "_fold_search_texts", lambda _courses: folds.append(list(painted_rows)))
    loaded = _read_catalogue(workspace, ctx.actor)
    page._loaded(loaded)
    assert folds == [] and page.model.total == len(loaded.courses) > 0
    qtbot.waitUntil(lambda: folds != [], timeout=5_000)
    if on_screen:
        assert folds[0] and folds[0][-1] > 0  # after a paint with the rows
    else:
        assert folds == [[]]
