"""Importing course lists and labour-market needs: one file, one transaction.

Read top to bottom, in one direction: open the file (importing.readers) -> map headers and
detect the layout (importing.layout) -> parse and validate each row (importing.rows) ->
plan it against the catalogue (added, updated, unchanged) -> write, all or nothing.
The first three stages are pure (coursehub.importing); planning and writing are here.

A failed or dry-run import leaves the database file byte for byte as it was: dry runs only
read, and a real import that meets an invalid row rolls its one write transaction back
(nothing reaches the main file in WAL mode).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path
from typing import Any

from coursehub import gc_policy
from coursehub.domain.course_record import ELIGIBILITY_FIELDS, RECORD_FIELDS, CourseRecord, course_record
from coursehub.domain.errors import CourseHubError, PermissionDenied
from coursehub.domain.model import Course, CourseStatus, Need, Provider
from coursehub.domain.people import SYSTEM, Actor, Role
from coursehub.domain.reference import Reference, load_reference
from coursehub.domain.text import fold
from coursehub.i18n import _, ngettext
from coursehub.importing.headers import COURSE_FIELDS, NEED_FIELDS, FieldSpec, Layout
from coursehub.importing.layout import (
    LocatedHeader,
    RowKind,
    explicit_mapping,
    layout_warnings,
    locate_header,
    missing_column_problems,
    no_header_message,
    required_layout,
    row_position,
)
from coursehub.importing.problems import CellProblem, UnreadableFile
from coursehub.importing.readers import Row, open_table
from coursehub.importing.rows import CourseRowReader, CourseRows, FileRows, ItemReader, NeedRowReader
from coursehub.importing.values import cell_text
from coursehub.services.catalogue import SeatsAdded, ensure_provider
from coursehub.services.ports import Store, UnitOfWork

MAX_REPORTED_ERRORS = 1_000
MAX_REPORTED_UPDATES = 1_000
_BATCH = 2_000

Progress = Callable[[int], None]
ShouldStop = Callable[[], bool]


class ImportStopped(CourseHubError):
    """The person stopped the import; nothing was written."""


@dataclass(frozen=True, slots=True)
class UpdatedRow:
    row: int
    code: str
    fields: tuple[str, ...]


@dataclass
class ImportReport:
    """What an import did (or, in a dry run or when stopped by invalid rows, would do)."""

    file: str
    sheet: str = ""
    provider: str = ""
    dry_run: bool = False
    written: bool = False
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    missing: list[str] = field(default_factory=list)
    cancelled: list[str] = field(default_factory=list)
    changes: list[UpdatedRow] = field(default_factory=list)
    errors: list[CellProblem] = field(default_factory=list)
    error_count: int = 0
    warnings: list[str] = field(default_factory=list)
    header_row: int = 0
    mapping: dict[str, str] = field(default_factory=dict)
    seats_offered: int | None = None  # course lists: seats added, handed at once to people waiting

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    def add_error(self, problem: CellProblem) -> None:
        self.error_count += 1
        if len(self.errors) < MAX_REPORTED_ERRORS:
            self.errors.append(problem)

    def as_dict(self) -> dict[str, Any]:
        """The JSON shape of `coursehub import --json`."""
        warnings = list(self.warnings)
        if self.error_count > len(self.errors):
            warnings.append(
                _("Only the first {shown} of {total} problems are listed.").format(
                    shown=len(self.errors), total=self.error_count
                )
            )
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "missing": len(self.missing),
            "skipped": self.skipped,
            "errors": [e.as_dict() for e in self.errors],
            "warnings": warnings,
        } | ({} if self.seats_offered is None else {"seats_offered": self.seats_offered})


@dataclass(frozen=True, slots=True)
class PreviewCell:
    text: str
    field: str = ""  # the field this column feeds ("" if none)
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PreviewRow:
    number: int
    kind: RowKind
    cells: tuple[PreviewCell, ...]
    problems: tuple[str, ...] = ()  # problems not tied to one cell


@dataclass
class ImportPreview:
    """What the import wizard shows before anything is written."""

    file: str
    sheet_names: list[str]
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[str, str]  # header -> field as detected or given
    fields: list[tuple[str, str, bool]]  # (name, label, required) to choose from
    unknown: list[str]
    missing: list[str]
    rows: list[PreviewRow]
    notes: list[str]
    valid_rows: int = 0
    invalid_rows: int = 0


class ImportService:
    def __init__(
        self, store: Store, reference: Reference | None = None, seats_added: SeatsAdded | None = None
    ) -> None:
        self.store = store
        self.reference = reference or load_reference()
        self.seats_added = seats_added  # as for a course edit (CatalogueService): the waiting list

    # Courses --------------------------------------------------------------------------
    def import_courses(
        self,
        path: Path | str,
        provider: str,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        cancel_missing: bool = False,
        actor: Actor = SYSTEM,
        progress: Progress | None = None,
        should_stop: ShouldStop | None = None,
    ) -> ImportReport:
        """Import a provider's course list; see the module docstring for the guarantees.

        Raises UnreadableFile (exit code 2) when the file cannot be read as a course list.
        """
        _check_may_import(actor, provider)
        if not provider.strip():
            raise CourseHubError(_("Name the provider whose course list this is."))
        path = Path(path)
        table = open_table(path, sheet)
        located = locate_header(
            table,
            COURSE_FIELDS,
            explicit_mapping(table, mapping, self._saved_mapping(provider), COURSE_FIELDS),
        )
        layout = required_layout(located, COURSE_FIELDS)
        report = _started_report(located, layout, COURSE_FIELDS, dry_run, provider.strip())
        report.seats_offered = 0
        if not layout.is_complete:
            return report
        rows = located.rows_below_header(layout)
        reader = CourseRowReader(layout, self.reference, report.provider)
        run = _CourseRun(reader, report, layout, rows, skip_invalid, cancel_missing, progress, should_stop)
        transaction = self.store.read() if dry_run else self.store.write()
        try:
            # The rows make no reference cycles; with 100,000 courses alive every automatic
            # collection would walk them all again (about a tenth of the import's time).
            with gc_policy.pause(), transaction as uow:
                run.execute(uow, write=not dry_run)
                if run.must_roll_back:
                    raise _RollBack
                if not dry_run and self.seats_added is not None:
                    offers = [self.seats_added(uow, actor, uow.courses.get(c)) for c in run.raised]
                    report.seats_offered = sum(map(len, offers))  # more seats: offered as freed ones
        except _RollBack:
            report.written = False
        else:
            report.written = not dry_run
        return report

    def _saved_mapping(self, provider: str) -> dict[str, str] | None:
        with self.store.read() as uow:
            found = uow.providers.find(provider)
            return uow.import_mappings.get(int(found.id or 0)) if found else None

    def preview_courses(
        self,
        path: Path | str,
        provider: str | None = None,
        *,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
        limit: int | None = None,
    ) -> ImportPreview:
        """Sheets, the header row found, the mapping, and every row with its problems.

        Writes nothing. `limit` caps the rows returned (all rows are still checked).
        """
        saved = self._saved_mapping(provider) if provider else None
        return self._preview(
            path,
            COURSE_FIELDS,
            sheet,
            mapping,
            saved,
            limit,
            lambda layout: CourseRowReader(layout, self.reference, provider or "-"),
        )

    def preview_needs(
        self,
        path: Path | str,
        *,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
        limit: int | None = None,
    ) -> ImportPreview:
        """The same preview for a labour-market needs file."""
        return self._preview(
            path,
            NEED_FIELDS,
            sheet,
            mapping,
            None,
            limit,
            lambda layout: NeedRowReader(layout, self.reference),
        )

    def _preview(
        self,
        path: Path | str,
        fields: tuple[FieldSpec, ...],
        sheet: str | None,
        mapping: Mapping[str, str] | None,
        saved: Mapping[str, str] | None,
        limit: int | None,
        make_reader: Callable[[Layout], Any],
    ) -> ImportPreview:
        table = open_table(Path(path), sheet)
        located = locate_header(table, fields, explicit_mapping(table, mapping, saved, fields))
        layout = located.layout
        preview = ImportPreview(
            file=Path(path).name,
            sheet_names=table.sheet_names,
            sheet=table.sheet,
            header_row=layout.header_row if layout else 0,
            headers=layout.headers if layout else [],
            mapping=layout.mapping if layout else {},
            fields=[(f.name, _(f.label), f.required) for f in fields],
            unknown=layout.unknown if layout else [],
            missing=layout.missing if layout else [],
            rows=[],
            notes=list(table.notes),
        )
        if layout is None:
            preview.notes.append(no_header_message(fields))
            preview.rows = [_plain_row(n, cells, RowKind.ABOVE) for n, cells in located.head[:limit]]
            return preview
        if not layout.is_complete:
            # The wizard asks for the missing columns first: the rows are shown as read.
            shown = islice(located.all_rows(), limit)
            preview.rows = [_plain_row(n, cells, row_position(n, layout)) for n, cells in shown]
            return preview
        _fill_preview(preview, layout, make_reader(layout), located.all_rows(), limit)
        return preview

    # Needs -----------------------------------------------------------------------------
    def import_needs(
        self,
        path: Path | str,
        sheet: str | None = None,
        mapping: Mapping[str, str] | None = None,
        dry_run: bool = False,
        skip_invalid: bool = False,
        actor: Actor = SYSTEM,
    ) -> ImportReport:
        """Import labour-market needs; a need for the same occupation, area and period
        replaces the stored demand."""
        if actor.role not in (Role.ADMINISTRATOR, Role.OFFICE_STAFF):
            raise PermissionDenied(_("Only Employment Office staff may import labour-market needs."))
        path = Path(path)
        table = open_table(path, sheet)
        located = locate_header(table, NEED_FIELDS, explicit_mapping(table, mapping, None, NEED_FIELDS))
        layout = required_layout(located, NEED_FIELDS)
        report = _started_report(located, layout, NEED_FIELDS, dry_run)
        if not layout.is_complete:
            return report
        rows = located.rows_below_header(layout)
        reader = NeedRowReader(layout, self.reference)
        transaction = self.store.read() if dry_run else self.store.write()
        try:
            with transaction as uow:
                _import_need_rows(uow, reader, rows, report, write=not dry_run)
                if report.error_count and not skip_invalid:
                    raise _RollBack
        except _RollBack:
            report.written = False
        else:
            report.written = not dry_run
        if reader.repaired_cells:
            report.warnings.append(_repaired_warning(reader.repaired_cells))
        return report


class _RollBack(Exception):
    """Raised inside the write transaction to undo it (invalid rows, nothing written)."""


def _check_may_import(actor: Actor, provider: str) -> None:
    if actor.role is Role.VIEWER:
        raise PermissionDenied(_("Your role may only view the catalogue, not import."))
    if actor.role is Role.NGO_COORDINATOR and fold(actor.organisation or "") != fold(provider):
        raise PermissionDenied(
            _("You may import only the course list of {organisation}.").format(
                organisation=actor.organisation or "-"
            )
        )


def _started_report(
    located: LocatedHeader, layout: Layout, fields: tuple[FieldSpec, ...], dry_run: bool, provider: str = ""
) -> ImportReport:
    """The report as the layout makes it: its warnings, and an error per missing column."""
    report = ImportReport(
        file=located.table.path.name,
        sheet=located.table.sheet,
        provider=provider,
        dry_run=dry_run,
        header_row=layout.header_row,
        mapping=layout.mapping,
        warnings=layout_warnings(layout),
    )
    for problem in missing_column_problems(layout, fields):
        report.add_error(problem)
    return report


def _repaired_warning(count: int) -> str:
    return ngettext(
        "{n} cell had broken letters (UTF-8 read as another encoding) and was repaired.",
        "{n} cells had broken letters (UTF-8 read as another encoding) and were repaired.",
        count,
    ).format(n=count)


@dataclass
class _CourseRun:
    """One pass over the rows: parse and validate each, plan it against the stored courses
    (added, updated, unchanged), write in batches while every row so far is valid."""

    reader: CourseRowReader
    report: ImportReport
    layout: Layout
    rows: Iterator[Row]
    skip_invalid: bool
    cancel_missing: bool
    progress: Progress | None
    should_stop: ShouldStop | None
    must_roll_back: bool = False
    created_provider: bool = False
    writing: bool = False  # true while rows may still be written (a dry run never writes)
    provider_id: int = 0
    batch: list[CourseRecord] = field(default_factory=list)
    raised: list[int] = field(default_factory=list)  # courses whose seats the list raised
    checked: CourseRows = field(init=False)

    def __post_init__(self) -> None:
        self.checked = CourseRows(self.reader)

    def execute(self, uow: UnitOfWork, *, write: bool) -> None:
        provider = self._provider(uow, write)
        if provider is not None:
            self.report.provider = provider.name
            self.provider_id = int(provider.id or 0)
        stored = (
            {c.code: c for c in uow.courses.list(provider=provider.name)}
            if provider and self.provider_id
            else {}
        )
        self.writing = write
        new_record = self.checked.new_record
        for count, (number, cells) in enumerate(self.rows, start=1):
            if count % 1000 == 0:
                self._tick(count)
            record = new_record(number, cells, stored)  # most rows: made of parts seen valid
            if record is not None:
                self._add(uow, record)
                continue
            course = self._valid_course(number, cells)
            if course is not None:
                self._plan(uow, course, stored.get(course.code), number)
        self.must_roll_back = write and not self.writing
        self._write_batch(uow)
        self.report.missing = sorted(code for code in stored if not self.checked.was_given((code,)))
        if self.writing:
            self._finish(uow, stored)
        self._closing_warnings()

    def _provider(self, uow: UnitOfWork, write: bool) -> Provider | None:
        found = uow.providers.find(self.report.provider)
        if found is None and write:
            self.created_provider = True
            return ensure_provider(uow, self.report.provider)
        return found

    def _tick(self, count: int) -> None:
        if self.progress is not None:
            self.progress(count)
        if self.should_stop is not None and self.should_stop():
            raise ImportStopped(_("The import was stopped; nothing was changed."))

    def _valid_course(self, number: int, cells: list[Any]) -> Course | None:
        """The row's course, or None after reporting its problems (blank rows have none)."""
        course, problems = self.checked.check(number, cells)
        if course is None and problems:
            self._reject(problems)
        return course

    def _reject(self, problems: list[CellProblem]) -> None:
        self.report.skipped += 1
        for problem in problems:
            self.report.add_error(problem)
        self.writing = self.writing and self.skip_invalid

    def _plan(self, uow: UnitOfWork, course: Course, old: Course | None, number: int) -> None:
        if old is not None:
            self._compare(uow, old, course, number)
        else:
            self._add(uow, course_record(course))

    def _add(self, uow: UnitOfWork, record: CourseRecord) -> None:
        self.report.added += 1
        if self.writing:
            self.batch.append(record)
            if len(self.batch) >= _BATCH:
                self._write_batch(uow)

    def _write_batch(self, uow: UnitOfWork) -> None:
        if self.writing and self.batch:
            uow.course_import.insert_records(self.provider_id, self.batch)
        self.batch.clear()

    def _compare(self, uow: UnitOfWork, old: Course, new: Course, number: int) -> None:
        if self.reader.keeps_status:
            new = replace(new, status=old.status)
        changed = changed_fields(old, new)
        if not changed:
            self.report.unchanged += 1
            return
        self.report.updated += 1
        if len(self.report.changes) < MAX_REPORTED_UPDATES:
            self.report.changes.append(UpdatedRow(number, new.code, changed))
        if self.writing:
            uow.courses.update(replace(new, provider=old.provider, id=old.id, version=old.version))
            if new.seats > old.seats:
                self.raised.append(int(old.id or 0))

    def _finish(self, uow: UnitOfWork, stored: dict[str, Course]) -> None:
        if self.provider_id:
            if self.cancel_missing:
                self._cancel_missing(uow, stored)
            uow.import_mappings.save(self.provider_id, self.layout.mapping)
            uow.providers.touch_list(self.provider_id)
        if self.created_provider:
            self.report.warnings.append(
                _("The provider {name} was added to the catalogue.").format(name=self.report.provider)
            )

    def _cancel_missing(self, uow: UnitOfWork, stored: dict[str, Course]) -> None:
        for code in self.report.missing:
            course = stored[code]
            if course.status is not CourseStatus.CANCELLED and course.id is not None:
                uow.courses.set_status(course.id, CourseStatus.CANCELLED)
                self.report.cancelled.append(code)

    def _closing_warnings(self) -> None:
        if self.reader.repaired_cells:
            self.report.warnings.append(_repaired_warning(self.reader.repaired_cells))
        if self.report.error_count and self.skip_invalid:
            self.report.warnings.append(
                ngettext(
                    "{n} invalid row was skipped.", "{n} invalid rows were skipped.", self.report.skipped
                ).format(n=self.report.skipped)
            )


def changed_fields(old: Course, new: Course) -> tuple[str, ...]:
    """The fields (docs/importing.md names) in which `new` differs from `old`: the stored
    fields but the code, the timetable and the eligibility last."""
    differing = [
        name
        for name, before, after in zip(RECORD_FIELDS, course_record(old), course_record(new), strict=True)
        if before != after and name != "code"
    ]
    last = ("sessions", *ELIGIBILITY_FIELDS)
    ordered = [name for name in differing if name not in last] + [name for name in last if name in differing]
    return tuple(name.removesuffix("_date") for name in ordered)


def _import_need_rows(
    uow: UnitOfWork, reader: NeedRowReader, rows: Iterator[Row], report: ImportReport, *, write: bool
) -> None:
    stored = {reader.key(n): n for n in uow.needs.list()}
    checked = FileRows(reader)
    for number, cells in rows:
        need, problems = checked.check(number, cells)
        if need is not None:
            _store_need(uow, need, stored.get(reader.key(need)), report, write)
        elif problems:
            report.skipped += 1
            for problem in problems:
                report.add_error(problem)


def _store_need(uow: UnitOfWork, need: Need, old: Need | None, report: ImportReport, write: bool) -> None:
    if old is None:
        report.added += 1
        if write:
            uow.needs.add(need)
    elif old.demand == need.demand and old.source == need.source:
        report.unchanged += 1
    else:
        report.updated += 1
        if write and old.id is not None:
            uow.needs.set_demand(old.id, need.demand, need.source)


# Preview --------------------------------------------------------------------------------
def _plain_row(number: int, cells: list[Any], kind: RowKind) -> PreviewRow:
    return PreviewRow(number, kind, tuple(PreviewCell(cell_text(c)) for c in cells))


def _fill_preview(
    preview: ImportPreview, layout: Layout, reader: ItemReader[Any], rows: Iterator[Row], limit: int | None
) -> None:
    field_of = {c.index: c.field for c in layout.columns}
    index_of = {c.header: c.index for c in layout.columns}
    checked = FileRows(reader)
    for number, cells in rows:
        kind = row_position(number, layout)
        by_cell: dict[int, list[str]] = {}
        loose: list[str] = []
        if kind is RowKind.COURSE:
            item, problems = checked.check(number, cells)
            for problem in problems:
                where = index_of.get(problem.column)
                (by_cell.setdefault(where, []) if where is not None else loose).append(problem.message)
            kind = _checked_kind(item is not None, problems)
            if kind is RowKind.INVALID:
                preview.invalid_rows += 1
            elif kind is RowKind.COURSE:
                preview.valid_rows += 1
        if limit is not None and len(preview.rows) >= limit:
            continue
        preview.rows.append(
            PreviewRow(
                number,
                kind,
                tuple(
                    PreviewCell(cell_text(c), field_of.get(i, ""), tuple(by_cell.get(i, ())))
                    for i, c in enumerate(cells)
                ),
                tuple(loose),
            )
        )
    if reader.repaired_cells:
        preview.notes.append(_repaired_warning(reader.repaired_cells))


def _checked_kind(read: bool, problems: list[CellProblem]) -> RowKind:
    if problems:
        return RowKind.INVALID
    return RowKind.COURSE if read else RowKind.BLANK


__all__ = [
    "ImportPreview",
    "ImportReport",
    "ImportService",
    "ImportStopped",
    "RowKind",
    "UnreadableFile",
    "changed_fields",
]
