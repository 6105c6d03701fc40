"""The letterhead: the office's name, address and logo on every printout, and providers' own
logos on their sheets and certificates. Set by an administrator, audited, kept in the
database's settings (so every copy and every user prints the same header).

A logo is a PNG or an SVG file. Each is checked before it is kept: a PNG must be a readable
image of 16 to 4000 pixels a side and at most 2 MB; an SVG must be a plain SVG document (no
DTD, no entities: defusedxml) that draws, and is kept drawn as a PNG, because ReportLab
draws PNGs. Drawing an SVG needs Qt's SVG module, which only the desktop side may import:
coursehub.app hands `svg_rasteriser` in at start.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path

from coursehub.domain.errors import NotFound, PermissionDenied, Problem, ValidationError
from coursehub.domain.letterhead import MAX_ADDRESS, MAX_NAME, Letterhead
from coursehub.domain.people import Actor, Role
from coursehub.domain.validation import text_problems
from coursehub.i18n import _
from coursehub.printing.logo import MAX_BYTES, png_problem
from coursehub.services.audit import Action, AuditTrail
from coursehub.services.ports import Store, UnitOfWork

NAME_KEY, ADDRESS_KEY, LOGO_KEY = "letterhead.name", "letterhead.address", "letterhead.logo"
PROVIDER_LOGO_KEY = "letterhead.provider_logo.{id}"
SVG_PIXELS = 600

# SVG bytes -> PNG bytes (raises ValueError when Qt cannot draw it); set by coursehub.app.
svg_rasteriser: Callable[[bytes, int], bytes] | None = None


class LetterheadService:
    def __init__(self, store: Store, trail: AuditTrail) -> None:
        self.store = store
        self.trail = trail

    def letterhead(self) -> Letterhead:
        with self.store.read() as uow:
            return letterhead_in(uow)

    def provider_logo(self, provider: str) -> bytes:
        with self.store.read() as uow:
            return provider_logo_in(uow, provider)

    def set_letterhead(
        self,
        actor: Actor,
        *,
        name: str | None = None,
        address: str | None = None,
        logo: Path | None = None,
        remove_logo: bool = False,
    ) -> Letterhead:
        """Change what is given (None keeps it); administrators only, audited."""
        _require_administrator(actor)
        problems = _text_problems(name, address)
        if problems:
            raise ValidationError(problems)
        png = read_logo(logo) if logo is not None else None
        with self.store.write() as uow:
            before = self._described(uow)
            if name is not None:
                uow.settings.set(NAME_KEY, name.strip())
            if address is not None:
                uow.settings.set(ADDRESS_KEY, address.strip())
            if png is not None or remove_logo:
                uow.settings.set(LOGO_KEY, base64.b64encode(png or b"").decode("ascii"))
            after = self._described(uow)
            self.trail.record(
                uow, actor, Action.SETTING_CHANGE, "letterhead", None, before=before, after=after
            )
        return self.letterhead()

    def set_provider_logo(self, actor: Actor, provider: str, logo: Path | None) -> None:
        """A provider's own logo (None removes it); administrators only, audited."""
        _require_administrator(actor)
        png = read_logo(logo) if logo is not None else b""
        with self.store.write() as uow:
            found = uow.providers.find(provider)
            if found is None:
                raise NotFound(_("No provider called {name}.").format(name=provider))
            uow.settings.set(PROVIDER_LOGO_KEY.format(id=found.id), base64.b64encode(png).decode("ascii"))
            self.trail.record(
                uow,
                actor,
                Action.SETTING_CHANGE,
                "provider",
                found.id,
                after={"logo": bool(png), "bytes": len(png)},
            )

    @staticmethod
    def _described(uow: UnitOfWork) -> dict[str, object]:
        logo = _decoded(uow.settings.get(LOGO_KEY, ""))
        return {
            "name": uow.settings.get(NAME_KEY, "") or "",
            "address": uow.settings.get(ADDRESS_KEY, "") or "",
            "logo_bytes": len(logo),
        }


def letterhead_in(uow: UnitOfWork) -> Letterhead:
    """The letterhead, inside the caller's snapshot (a printout reads it with its data)."""
    return Letterhead(
        name=uow.settings.get(NAME_KEY, "") or "",
        address=uow.settings.get(ADDRESS_KEY, "") or "",
        logo_png=_decoded(uow.settings.get(LOGO_KEY, "")),
    )


def provider_logo_in(uow: UnitOfWork, provider: str) -> bytes:
    found = uow.providers.find(provider)
    if found is None:
        return b""
    return _decoded(uow.settings.get(PROVIDER_LOGO_KEY.format(id=found.id), ""))


def read_logo(path: Path) -> bytes:
    """The logo file as a checked PNG, or ValidationError naming the file and what is wrong."""

    def refuse(reason: str) -> ValidationError:
        return ValidationError(
            [Problem(_("logo"), str(path), _("The logo cannot be used: {reason}.").format(reason=reason))]
        )

    if not path.is_file():
        raise refuse(_("there is no such file"))
    with path.open("rb") as handle:
        data = handle.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise refuse(_("the file is larger than 2 MB"))
    if _looks_like_svg(path, data):
        data = _svg_as_png(data, refuse)
    problem = png_problem(data)
    if problem is not None:
        raise refuse(problem)
    return data


def _looks_like_svg(path: Path, data: bytes) -> bool:
    start = data[:512].lstrip().lower()
    return path.suffix.lower() == ".svg" or start.startswith((b"<?xml", b"<svg"))


def _svg_as_png(data: bytes, refuse: Callable[[str], ValidationError]) -> bytes:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root = fromstring(data, forbid_dtd=True)
    except (ParseError, DefusedXmlException, ValueError):
        raise refuse(_("the SVG file is not a well-formed SVG document")) from None
    if not str(root.tag).endswith("svg"):
        raise refuse(_("the file is XML but not an SVG image"))
    if svg_rasteriser is None:
        raise refuse(_("this copy of CourseHub cannot draw SVG images; save the logo as PNG"))
    try:
        return svg_rasteriser(data, SVG_PIXELS)
    except ValueError:
        raise refuse(_("the SVG image cannot be drawn")) from None


def _require_administrator(actor: Actor) -> None:
    if actor.role is not Role.ADMINISTRATOR:
        raise PermissionDenied(_("Only an administrator can change the letterhead."))


def _text_problems(name: str | None, address: str | None) -> list[Problem]:
    problems: list[Problem] = []
    if name is not None:
        problems += text_problems(_("name"), name.strip(), MAX_NAME)
    if address is not None:
        problems += text_problems(_("address"), address.strip(), MAX_ADDRESS, one_line=False)
    return problems


def _decoded(text: str | None) -> bytes:
    if not text:
        return b""
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return b""  # a damaged value prints no logo rather than stopping every printout
