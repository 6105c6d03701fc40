"""Building blocks shared by the printouts: title block, facts table, data tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from coursehub.printing.markup import esc
from coursehub.printing.styles import INK, ZEBRA, stylesheet, table_style

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
        cells = [para(label, "label"), para(value, "value")]
        if len(value) > _WIDE_VALUE:
            rows.append([*cells, "", ""])
            spans.append(("SPAN", (1, len(rows) - 1), (3, len(rows) - 1)))
            continue
        pending += cells
        if len(pending) == 4:
            rows.append(pending)
            pending = []
    if pending:
        rows.append([*pending, "", ""])
    return Table(rows, colWidths=[label_w, value_w, label_w, value_w],
                 style=table_style("facts", *spans), hAlign="LEFT")


def data_table(header: Sequence[Any], rows: Sequence[Sequence[Any]], widths: Sequence[float],
               *, row_height: float | None = None, zebra: bool = True,
               extra: Sequence[tuple[Any, ...]] = ()) -> Any:
    """A table with a coloured heading row repeated on every page.

    Cells that are not flowables are escaped into Paragraphs of style "cell".
    """
    from reportlab.platypus import Flowable, Table

    body = [[c if isinstance(c, Flowable) or _plain(c) else para(c, "cell") for c in row]
            for row in rows]
    heads = [h if isinstance(h, Flowable) else para(h, "head") for h in header]
    heights = None if row_height is None else [None] + [row_height] * len(body)
    # Plain cells (numbers, blanks) skip the Paragraph machinery: most cells of a sheet.
    commands: list[tuple[Any, ...]] = [("FONTSIZE", (0, 1), (-1, -1), 8.5),
                                       ("TEXTCOLOR", (0, 1), (-1, -1), INK), *extra]
    if zebra:
        commands += [("BACKGROUND", (0, i), (-1, i), ZEBRA) for i in range(2, len(body) + 1, 2)]
    return Table([heads, *body], colWidths=list(widths), rowHeights=heights, repeatRows=1,
                 style=table_style("grid", *commands), hAlign="LEFT")


def _plain(cell: object) -> bool:
    """Text that needs no wrapping or escaping: empty, or a short number."""
    return isinstance(cell, str) and (cell == "" or (cell.isdigit() and len(cell) < 8))
