"""Building blocks shared by the printouts: title block, facts table, data tables."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth

from coursehub.printing.fonts import SANS, SANS_BOLD
from coursehub.printing.markup import esc
from coursehub.printing.styles import INK, MUTED, WHITE, ZEBRA, stylesheet, table_style

_CELL_PADDING = 4  # the "grid" look's left and right padding
# A value longer than this gets a row of its own in a facts table.
_WIDE_VALUE = 38


def para(text: object, style: str = "body") -> Any:
    """A Paragraph showing `text` literally (escaped)."""
    from reportlab.platypus import Paragraph

    return Paragraph(esc(text), stylesheet()[style])


def markup(raw_markup: str, style: str = "body") -> Any:
    """A Paragraph from markup built by our own code (values inside already escaped)."""
    from reportlab.platypus import Paragraph

    return Paragraph(raw_markup, stylesheet()[style])


def title_block(kicker: str, title: str, subtitle: str = "") -> list[Any]:
    """Document kind in small caps colour, the title (wrapped), an optional subtitle."""
    blocks = [para(kicker.upper(), "kicker"), para(title, "title")]
    if subtitle:
        blocks.append(para(subtitle, "subtitle"))
    return blocks


def facts_table(facts: Sequence[tuple[str, str]], width: float) -> Any:
    """Label/value pairs two to a row; long values take a whole row."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table

    label_w = 30 * mm
    value_w = width / 2 - label_w
    rows: list[list[Any]] = []
    spans: list[tuple[Any, ...]] = []
    pending: list[Any] = []
    for label, value in facts:
        wide = len(value) > _WIDE_VALUE
        cells = _fact_cells(label, value, label_w, width - label_w if wide else value_w)
        if wide:
            rows.append([*cells, "", ""])
            spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
            continue
        pending += cells
        if len(pending) == 4:
            rows.append(pending)
            pending = []
    if pending:
        rows.append([*pending, "", ""])
    # FONT sets name, size and leading in one pass over the cells (a table applies each
    # command cell by cell).
    fonts = [
        ("FONT", (1, 0), (1, -1), SANS, 9, 11.5),
        ("FONT", (3, 0), (3, -1), SANS, 9, 11.5),
        ("FONT", (0, 0), (0, -1), SANS_BOLD, 7.5, 11.5),
        ("FONT", (2, 0), (2, -1), SANS_BOLD, 7.5, 11.5),
        ("TEXTCOLOR", (1, 0), (1, -1), INK),
        ("TEXTCOLOR", (3, 0), (3, -1), INK),
        ("TEXTCOLOR", (0, 0), (0, -1), MUTED),
        ("TEXTCOLOR", (2, 0), (2, -1), MUTED),
        # Smaller labels start lower, so they share the values' baseline.
        ("TOPPADDING", (0, 0), (0, -1), 4.5),
        ("TOPPADDING", (2, 0), (2, -1), 4.5),
    ]
    return Table(
        rows,
        colWidths=[label_w, value_w, label_w, value_w],
        style=table_style("facts", *fonts, *spans),
        hAlign="LEFT",
    )


def _fact_cells(label: str, value: str, label_w: float, value_w: float) -> list[Any]:
    """Plain strings when both fit on one line (the common case), else Paragraphs."""
    if _fits(label, label_w + 2, "label") and _fits(value, value_w + 4, "value"):
        return [label, value]
    return [para(label, "label"), para(value, "value")]


def data_table(
    header: Sequence[Any],
    rows: Sequence[Sequence[Any]],
    widths: Sequence[float],
    *,
    row_height: float | None = None,
    zebra: bool = True,
    extra: Sequence[tuple[Any, ...]] = (),
) -> Any:
    """A table with a coloured heading row repeated on every page.

    Cells that are not flowables are escaped into Paragraphs of style "cell".
    """
    from reportlab.platypus import Flowable, Table

    body = [
        [
            c if isinstance(c, Flowable) or _fits(c, w, "cell") else para(c, "cell")
            for c, w in zip(row, widths, strict=True)
        ]
        for row in rows
    ]
    heads = [
        h if isinstance(h, Flowable) or _fits(h, w, "head") else para(h, "head")
        for h, w in zip(header, widths, strict=True)
    ]
    heights = None if row_height is None else [None] + [row_height] * len(body)
    # Plain cells (numbers, blanks) skip the Paragraph machinery: most cells of a sheet.
    commands: list[tuple[Any, ...]] = [
        # Plain strings get the font, size and leading of the Paragraph styles they stand in
        # for (FONT sets the three in one pass over the cells).
        ("FONT", (0, 1), (-1, -1), SANS, 8.5, 10.5),
        ("TEXTCOLOR", (0, 1), (-1, -1), INK),
        ("FONT", (0, 0), (-1, 0), SANS_BOLD, 8, 10),
        ("TEXTCOLOR", (0, 0), (-1, 0), WHITE),
        *extra,
    ]
    if zebra:
        commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(body) + 1, 2)]
    return Table(
        [heads, *body],
        colWidths=list(widths),
        rowHeights=heights,
        repeatRows=1,
        style=table_style("grid", *commands),
        hAlign="LEFT",
    )


def _fits(cell: object, width: float, style: str) -> bool:
    """Text that fits its cell on one line is drawn as a plain string: no markup parsing and
    nothing to escape (ReportLab draws strings literally), and most cells are like that."""
    if not isinstance(cell, str):
        return False
    if cell == "":
        return True
    if "\n" in cell or "\r" in cell:
        return False
    look = stylesheet()[style]
    return _width(cell, look.fontName, look.fontSize) <= width - 2 * _CELL_PADDING


@lru_cache(maxsize=16384)
def _width(text: str, font: str, size: float) -> float:
    """A measured string width, kept: row numbers, headings and labels recur on every sheet."""
    return float(stringWidth(text, font, size))
