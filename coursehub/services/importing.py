"""Importing course lists and labour-market needs: one file, one transaction.

The file is checked and read by coursehub.importing (pure); this service compares it with
the catalogue and writes it all or nothing. A failed or dry-run import leaves the database
file byte for byte as it was: dry runs only read, and a real import that meets an invalid
row rolls its one write transaction back (nothing reaches the main file in WAL mode).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from itertools import chain, islice
from pathlib import Path
from typing import Any

from coursehub.domain.errors import CourseHubError, PermissionDenied
from coursehub.domain.model import Course, CourseStatus, Need, Provider
from coursehub.domain.people import SYSTEM, Actor, Role
from coursehub.domain.reference import Reference, load_reference
from coursehub.domain.text import fold
from coursehub.i18n import _, ngettext
from coursehub.importing.headers import (
    COURSE_FIELDS,
    HEADER_SEARCH_ROWS,
    NEED_FIELDS,
    FieldSpec,
    Layout,
    MappingError,
    detect_layout,
    field_label,
    normalise_mapping,
)
from coursehub.importing.problems import CellProblem, UnreadableFile
from coursehub.importing.readers import Row, Table, open_table
from coursehub.importing.rows import CourseRowReader, NeedRowReader
from coursehub.importing.safety import refuse
from coursehub.importing.values import cell_text
from coursehub.services.catalogue import ensure_provider
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
        }


@dataclass(frozen=True, slots=True)
class PreviewCell:
    text: str
    field: str = ""  # the field this column feeds ("" if none)
    problems: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PreviewRow:
    number: int
    kind: str  # "above" (title rows), "header", "course", "blank", "invalid"
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
    def __init__(self, store: Store, reference: Reference | None = None) -> None:
        self.store = store
        self.reference = reference or load_reference()

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
        saved = self._saved_mapping(provider)
        layout, rows = _layout_or_refuse(table, COURSE_FIELDS, mapping, saved)
        report = ImportReport(
            file=path.name,
            sheet=table.sheet,
            provider=provider.strip(),
            dry_run=dry_run,
            header_row=layout.header_row,
            mapping=layout.mapping,
        )
        _layout_warnings(report, layout)
        if not layout.is_complete:
            _report_missing_columns(report, layout, COURSE_FIELDS)
            return report
        run = _CourseRun(self, report, layout, rows, skip_invalid, cancel_missing, progress, should_stop)
        transaction = self.store.read() if dry_run else self.store.write()
        try:
            with transaction as uow:
                run.execute(uow, write=not dry_run)
                if run.must_roll_back:
                    raise _RollBack
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
        rows_iter = iter(table.rows)
        head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows_iter, strict=False)]
        layout = detect_layout(head, fields, _explicit_mapping(table, mapping, saved, fields))
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
            preview.notes.append(_no_header_message(fields))
            preview.rows = [_plain_row(n, cells, "above") for n, cells in head[:limit]]
            return preview
        if not layout.is_complete:
            # The wizard asks for the missing columns first: the rows are shown as read.
            rows = chain(head, rows_iter)
            preview.rows = [_plain_row(n, cells, _position(n, layout)) for n, cells in islice(rows, limit)]
            return preview
        _fill_preview(preview, layout, make_reader(layout), chain(head, rows_iter), limit)
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
        layout, rows = _layout_or_refuse(table, NEED_FIELDS, mapping, None)
        report = ImportReport(
            file=path.name,
            sheet=table.sheet,
            dry_run=dry_run,
            header_row=layout.header_row,
            mapping=layout.mapping,
        )
        _layout_warnings(report, layout)
        if not layout.is_complete:
            _report_missing_columns(report, layout, NEED_FIELDS)
            return report
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


def _explicit_mapping(
    table: Table,
    given: Mapping[str, str] | None,
    saved: Mapping[str, str] | None,
    fields: tuple[FieldSpec, ...],
) -> dict[str, str]:
    try:
        remembered = normalise_mapping(saved, fields) if saved else {}
    except MappingError:
        remembered = {}  # a mapping saved by an older version with other field names
    try:
        return remembered | normalise_mapping(given, fields)
    except MappingError as error:
        raise refuse(table.path, str(error)) from error


def _layout_or_refuse(
    table: Table,
    fields: tuple[FieldSpec, ...],
    given: Mapping[str, str] | None,
    saved: Mapping[str, str] | None,
) -> tuple[Layout, Iterator[Row]]:
    """The header row and the rows below it; UnreadableFile if no header row is found."""
    explicit = _explicit_mapping(table, given, saved, fields)
    rows_iter = iter(table.rows)
    head = [row for _, row in zip(range(HEADER_SEARCH_ROWS), rows_iter, strict=False)]
    if not head:
        raise refuse(table.path, _("it has no rows."))
    layout = detect_layout(head, fields, explicit)
    if layout is None:
        message = _no_header_message(fields)
        if len(table.sheet_names) > 1:
            message += " " + _("This was sheet «{sheet}»; the file's sheets are: {names}.").format(
                sheet=table.sheet, names=", ".join(table.sheet_names)
            )
        raise refuse(table.path, message)
    below = [row for row in head if row[0] > layout.header_row]
    return layout, chain(below, rows_iter)


def _no_header_message(fields: tuple[FieldSpec, ...]) -> str:
    examples = ", ".join(s for f in fields if f.required for s in f.synonyms[:1] + f.synonyms[-1:])
    return _(
        "no header row was found in the first {n} rows (a row with at least three known "
        "column names, such as {examples}). Give a mapping of your column names."
    ).format(n=HEADER_SEARCH_ROWS, examples=examples)


def _layout_warnings(report: ImportReport, layout: Layout) -> None:
    for header in layout.unknown:
        report.warnings.append(
            _(
                "Column «{header}» is not a known column and was not imported; give a mapping to use it."
            ).format(header=header)
        )
    for header in layout.duplicates:
        report.warnings.append(
            _(
                "Column «{header}» feeds a field already taken by an earlier column and was not imported."
            ).format(header=header)
        )
    if "code" in layout.derived:
        report.warnings.append(
            _(
                "The file has no course code column: each course is known by "
                "a key made from its title, start date and venue. Changing one "
                "of these makes it a new course at the next import."
            )
        )


def _report_missing_columns(report: ImportReport, layout: Layout, fields: tuple[FieldSpec, ...]) -> None:
    for name in layout.missing:
        spec = next(f for f in fields if f.name == name)
        report.add_error(
            CellProblem(
                layout.header_row,
                field_label(name, fields),
                "",
                _("This required column was not found. Name it one of: {names}; or give a mapping.").format(
                    names=", ".join(spec.synonyms)
                ),
            )
        )


def _repaired_warning(count: int) -> str:
    return ngettext(
        "{n} cell had broken letters (UTF-8 read as another encoding) and was repaired.",
        "{n} cells had broken letters (UTF-8 read as another encoding) and were repaired.",
        count,
    ).format(n=count)


class _CourseRun:
    """One pass over the rows: parse, compare with the stored courses, write in batches."""

    def __init__(
        self,
        service: ImportService,
        report: ImportReport,
        layout: Layout,
        rows: Iterator[Row],
        skip_invalid: bool,
        cancel_missing: bool,
        progress: Progress | None,
        should_stop: ShouldStop | None,
    ) -> None:
        self.report = report
        self.layout = layout
        self.rows = rows
        self.skip_invalid = skip_invalid
        self.cancel_missing = cancel_missing
        self.progress = progress
        self.should_stop = should_stop
        self.reader = CourseRowReader(layout, service.reference, report.provider)
        self.must_roll_back = False
        self.created_provider = False

    def execute(self, uow: UnitOfWork, *, write: bool) -> None:
        report = self.report
        provider = self._provider(uow, write)
        report.provider = provider.name if provider else report.provider
        existing = (
            {c.code: c for c in uow.courses.list(provider=provider.name)} if provider and provider.id else {}
        )
        seen: dict[str, int] = {}
        batch: list[Course] = []
        writing = write
        for count, (number, cells) in enumerate(self.rows, start=1):
            if count % 1000 == 0:
                self._tick(count)
            course, problems = self.reader.read(number, cells)
            if course is not None and course.code in seen:
                problems = [
                    CellProblem(
                        number,
                        self.reader.column_name("code"),
                        course.code,
                        _("This course code is already used in row {row} of this file.").format(
                            row=seen[course.code]
                        ),
                    )
                ]
                course = None
            if course is None:
                if problems:
                    report.skipped += 1
                    for problem in problems:
                        report.add_error(problem)
                    writing = writing and self.skip_invalid
                continue
            seen[course.code] = number
            old = existing.get(course.code)
            if old is None:
                report.added += 1
                if writing:
                    batch.append(course)
                    if len(batch) >= _BATCH:
                        uow.course_import.insert_courses(int(provider.id or 0), batch)
                        batch.clear()
            else:
                self._compare(uow, old, course, number, writing)
        self.must_roll_back = write and not writing
        if writing and batch:
            uow.course_import.insert_courses(int(provider.id or 0), batch)
        report.missing = sorted(code for code in existing if code not in seen)
        if writing:
            self._finish(uow, provider, existing)
            if self.created_provider:
                report.warnings.append(
                    _("The provider {name} was added to the catalogue.").format(name=report.provider)
                )
        if self.reader.repaired_cells:
            report.warnings.append(_repaired_warning(self.reader.repaired_cells))
        if report.error_count and self.skip_invalid:
            report.warnings.append(
                ngettext(
                    "{n} invalid row was skipped.", "{n} invalid rows were skipped.", report.skipped
                ).format(n=report.skipped)
            )

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

    def _compare(self, uow: UnitOfWork, old: Course, new: Course, number: int, writing: bool) -> None:
        if self.reader.keeps_status:
            new = replace(new, status=old.status)
        changed = changed_fields(old, new)
        if not changed:
            self.report.unchanged += 1
            return
        self.report.updated += 1
        if len(self.report.changes) < MAX_REPORTED_UPDATES:
            self.report.changes.append(UpdatedRow(number, new.code, changed))
        if writing:
            uow.courses.update(replace(new, provider=old.provider, id=old.id, version=old.version))

    def _finish(self, uow: UnitOfWork, provider: Provider | None, existing: dict[str, Course]) -> None:
        if provider is None or provider.id is None:
            return
        if self.cancel_missing:
            for code in self.report.missing:
                course = existing[code]
                if course.status is not CourseStatus.CANCELLED and course.id is not None:
                    uow.courses.set_status(course.id, CourseStatus.CANCELLED)
                    self.report.cancelled.append(code)
        uow.import_mappings.save(provider.id, self.layout.mapping)
        uow.providers.touch_list(provider.id)


_COMPARED = (
    "title",
    "occupation",
    "municipality",
    "venue",
    "trainer",
    "start",
    "end",
    "seats",
    "fee",
    "status",
    "notes",
)
_COMPARED_ELIGIBILITY = ("min_age", "max_age", "gender", "education", "groups")


def changed_fields(old: Course, new: Course) -> tuple[str, ...]:
    """The fields (DATA.md names) in which `new` differs from `old`."""
    changed = [name for name in _COMPARED if getattr(old, name) != getattr(new, name)]
    if sorted(old.sessions) != sorted(new.sessions):
        changed.append("sessions")
    changed.extend(
        name
        for name in _COMPARED_ELIGIBILITY
        if getattr(old.eligibility, name) != getattr(new.eligibility, name)
    )
    return tuple(changed)


def _import_need_rows(
    uow: UnitOfWork, reader: NeedRowReader, rows: Iterator[Row], report: ImportReport, *, write: bool
) -> None:
    seen: dict[tuple[Any, ...], int] = {}
    stored = {(n.occupation, n.area, n.period.start, n.period.end): n for n in uow.needs.list()}
    for number, cells in rows:
        need, problems = reader.read(number, cells)
        if need is not None:
            key = (need.occupation, need.area, need.period.start, need.period.end)
            if key in seen:
                problems = [
                    CellProblem(
                        number,
                        reader.column_name("occupation"),
                        need.occupation,
                        _("Row {row} already gives the need for this occupation, area and period.").format(
                            row=seen[key]
                        ),
                    )
                ]
                need = None
            else:
                seen[key] = number
        if need is None:
            if problems:
                report.skipped += 1
                for problem in problems:
                    report.add_error(problem)
            continue
        _store_need(uow, need, stored.get(key), report, write)


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
def _plain_row(number: int, cells: list[Any], kind: str) -> PreviewRow:
    return PreviewRow(number, kind, tuple(PreviewCell(cell_text(c)) for c in cells))


def _position(number: int, layout: Layout) -> str:
    """A row's kind by where it stands: above the header row, the header row, or below it."""
    return "above" if number < layout.header_row else "header" if number == layout.header_row else "course"


def _row_key(item: Course | Need) -> tuple[Any, ...]:
    if isinstance(item, Course):
        return (item.code,)
    return (item.occupation, item.area, item.period.start, item.period.end)


def _fill_preview(
    preview: ImportPreview,
    layout: Layout,
    reader: CourseRowReader | NeedRowReader,
    rows: Iterator[Row],
    limit: int | None,
) -> None:
    field_of = {c.index: c.field for c in layout.columns}
    index_of = {c.header: c.index for c in layout.columns}
    seen: dict[tuple[Any, ...], int] = {}
    for number, cells in rows:
        kind = _position(number, layout)
        by_cell: dict[int, list[str]] = {}
        loose: list[str] = []
        if kind == "course":
            course, problems = reader.read(number, cells)
            key = _row_key(course) if course is not None else None
            if key is not None and key in seen:
                problems = [_duplicate_problem(reader, course, number, seen[key])]
            elif key is not None:
                seen[key] = number
            for problem in problems:
                where = index_of.get(problem.column)
                (by_cell.setdefault(where, []) if where is not None else loose).append(problem.message)
            if course is None and not problems:
                kind = "blank"
            elif problems:
                kind = "invalid"
                preview.invalid_rows += 1
            else:
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


def _duplicate_problem(
    reader: CourseRowReader | NeedRowReader, item: Course | Need, number: int, first: int
) -> CellProblem:
    if isinstance(item, Course):
        return CellProblem(
            number,
            reader.column_name("code"),
            item.code,
            _("This course code is already used in row {row} of this file.").format(row=first),
        )
    return CellProblem(
        number,
        reader.column_name("occupation"),
        item.occupation,
        _("Row {row} already gives the need for this occupation, area and period.").format(row=first),
    )


__all__ = [
    "ImportPreview",
    "ImportReport",
    "ImportService",
    "ImportStopped",
    "UnreadableFile",
    "changed_fields",
]
