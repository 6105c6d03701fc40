"""Certificates of completion: one A4 page per person, in the language chosen.

Every value from the database (the name above all) goes through `esc`: a name or course
title is text, never markup. A reprint carries the same number and says DUPLICATE, large
and across the page, so a copy cannot pass for a second certificate."""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from coursehub.domain.certificates import CertificatePage, hours_text
from coursehub.i18n import _
from coursehub.printing.document import Bookmark, CanvasMark, Imprint, RenderedPdf, format_date, render
from coursehub.printing.fonts import SANS, SANS_BOLD, register_fonts
from coursehub.printing.markup import esc
from coursehub.printing.styles import ACCENT, HOLIDAY_INK, INK, LIGHT_RULE, MUTED, PORTRAIT, colour


def certificates(pages: Sequence[CertificatePage], imprint: Imprint) -> RenderedPdf:
    """The PDF, in the current language (the caller switches it for an English copy)."""
    from reportlab.platypus import PageBreak

    register_fonts()
    story: list[Any] = []
    for index, page in enumerate(pages):
        if index:
            story.append(PageBreak())
        story += certificate_story(page)
    title = _("Certificate {number}").format(number=pages[0].number) if len(pages) == 1 else _("Certificates")
    return render(story, PORTRAIT, imprint, title=title)


def certificate_story(page: CertificatePage) -> list[Any]:
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    styles = _styles()
    story: list[Any] = [Bookmark(f"{page.number}")]
    if page.duplicate:
        story.append(_Watermark(_("DUPLICATE")))
    story += [
        Spacer(1, 14 * mm),
        _p(_("CERTIFICATE"), styles["heading"]),
        _p(_("of vocational training"), styles["subheading"]),
        Spacer(1, 12 * mm),
        _p(_("This certifies that"), styles["line"]),
        Spacer(1, 3 * mm),
        _p(page.full_name, styles["name"]),
    ]
    if page.birth_date is not None:
        story.append(_p(_("born on {day}").format(day=format_date(page.birth_date)), styles["line"]))
    story += [
        Spacer(1, 6 * mm),
        _p(_("has completed the vocational course"), styles["line"]),
        Spacer(1, 2 * mm),
        _p(page.course_title, styles["course"]),
        Spacer(1, 8 * mm),
        _facts(page),
        Spacer(1, 22 * mm),
        _signatures(page),
        Spacer(1, 14 * mm),
        *_reference_box(page),
    ]
    return story


def _facts(page: CertificatePage) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    styles = _styles()
    occupation = f"{page.occupation_code} {page.occupation_title}".strip()
    provider = page.provider
    if page.licence_number:
        provider += " · " + _("licence no. {number}").format(number=page.licence_number)
    rows = [
        (_("Occupation (ISCO-08)"), occupation),
        (_("Duration"), _("{hours} hours of training").format(hours=hours_text(page.hours))),
        (
            _("Dates"),
            _("from {start} to {end}").format(start=format_date(page.start), end=format_date(page.end)),
        ),
        (_("Training provider"), provider),
    ]
    table = Table(
        [[_p(label, styles["label"]), _p(value, styles["value"])] for label, value in rows],
        colWidths=[48 * mm, 112 * mm],
    )
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEABOVE", (0, 0), (-1, 0), 0.8, colour(ACCENT)),
                ("LINEBELOW", (0, -1), (-1, -1), 0.8, colour(ACCENT)),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, colour(LIGHT_RULE)),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _signatures(page: CertificatePage) -> Any:
    from reportlab.lib.units import mm
    from reportlab.platypus import Table, TableStyle

    styles = _styles()
    left = [
        _p(_("Director of the training provider"), styles["sign"]),
        _p(page.provider, styles["sign_small"]),
    ]
    right = [_p(_("Trainer"), styles["sign"]), _p(_("signature and stamp"), styles["sign_small"])]
    table = Table([[left, "", right]], colWidths=[72 * mm, 16 * mm, 72 * mm])
    table.setStyle(
        TableStyle(
            [
                ("LINEABOVE", (0, 0), (0, 0), 0.8, colour(INK)),
                ("LINEABOVE", (2, 0), (2, 0), 0.8, colour(INK)),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _reference_box(page: CertificatePage) -> Any:
    styles = _styles()
    issued = _("Issued on {day}").format(day=format_date(page.issued_on))
    lines = [
        "<b>{}</b> {}".format(esc(_("Certificate no.")), esc(page.number)),
        "<b>{}</b> {}".format(esc(_("Verification code:")), esc(page.verification_code)),
        esc(issued),
        esc(
            _(
                "An employer can have this certificate confirmed at the Employment Office with its "
                "number and verification code."
            )
        ),
    ]
    if page.duplicate:
        lines.insert(
            0, "<b>{}</b>".format(esc(_("DUPLICATE: a reprint of the certificate with the same number.")))
        )
    from reportlab.platypus import Paragraph

    return [Paragraph(line, styles["reference"]) for line in lines]


def _p(text: str, style: Any) -> Any:
    from reportlab.platypus import Paragraph

    return Paragraph(esc(text), style)


@cache
def _styles() -> dict[str, Any]:
    from reportlab.lib.enums import TA_CENTER
    from reportlab.lib.styles import ParagraphStyle

    def style(name: str, font: str, size: float, ink: str = INK, centred: bool = True) -> ParagraphStyle:
        return ParagraphStyle(
            f"certificate-{name}",
            fontName=font,
            fontSize=size,
            leading=size * 1.25,
            textColor=colour(ink),
            alignment=TA_CENTER if centred else 0,
        )

    return {
        "heading": style("heading", SANS_BOLD, 30, ACCENT),
        "subheading": style("subheading", SANS, 13, MUTED),
        "line": style("line", SANS, 11),
        "name": style("name", SANS_BOLD, 22),
        "course": style("course", SANS_BOLD, 15, ACCENT),
        "label": style("label", SANS_BOLD, 9, MUTED, centred=False),
        "value": style("value", SANS, 10, centred=False),
        "sign": style("sign", SANS_BOLD, 9),
        "sign_small": style("sign_small", SANS, 8, MUTED),
        "reference": style("reference", SANS, 8.5, INK, centred=False),
    }


class _Watermark(CanvasMark):
    """A large word across the middle of the page, behind the text; takes no room."""

    def drawOn(self, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        page_width, page_height = PORTRAIT.size
        canvas.saveState()
        canvas.setFillColor(colour(HOLIDAY_INK), alpha=0.16)
        canvas.setFont(SANS_BOLD, 80)
        canvas.translate(page_width / 2, page_height / 2)
        canvas.rotate(35)
        canvas.drawCentredString(0, -28, self.text)
        canvas.restoreState()
