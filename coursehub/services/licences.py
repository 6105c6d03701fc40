"""Providers' licences: record them, and list the courses that start while their provider's
licence is missing or expired (`coursehub licences`, the Committee report). Kept apart from
`overlaps`, whose output stays as it was.

Who may change a licence: Employment Office staff and administrators. A coordinator edits
their own provider's name and contact, but the licence is what allows them to teach, so it
is checked by the office; every change is audited."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from coursehub.analysis.licences import licence_lapses
from coursehub.domain.errors import NotFound, PermissionDenied, ValidationError
from coursehub.domain.model import Provider
from coursehub.domain.outcomes import LicenceLapseRow
from coursehub.domain.people import Actor
from coursehub.domain.validation import provider_problems
from coursehub.i18n import _
from coursehub.services.audit import Action, AuditTrail
from coursehub.services.auth import Policy
from coursehub.services.ports import Store

Clock = Callable[[], datetime]


class LicenceService:
    def __init__(self, store: Store, trail: AuditTrail | None = None) -> None:
        self.store = store
        self.trail = trail or AuditTrail()

    def lapses(self, year: int | None = None) -> list[LicenceLapseRow]:
        """Live courses starting (in `year`, if given) without a valid licence."""
        with self.store.read() as uow:
            rows = licence_lapses(uow.courses.list(), uow.providers.list())
        return [r for r in rows if year is None or r.start.year == year]

    def set_licence(
        self,
        actor: Actor,
        provider_name: str,
        *,
        number: str | None = None,
        issuer: str | None = None,
        valid_until: date | None = None,
        clear_valid_until: bool = False,
    ) -> Provider:
        """Change what is given (None keeps a value); staff only, audited."""
        require_licence_editor(actor)
        with self.store.write() as uow:
            provider = uow.providers.find(provider_name)
            if provider is None:
                raise NotFound(_("No provider called {name}.").format(name=provider_name))
            changed = replace(
                provider,
                licence_number=provider.licence_number if number is None else number.strip(),
                licence_issuer=provider.licence_issuer if issuer is None else issuer.strip(),
                licence_valid_until=None
                if clear_valid_until
                else (valid_until or provider.licence_valid_until),
            )
            problems = provider_problems(changed)
            if problems:
                raise ValidationError(problems)
            saved = uow.providers.update(changed)
            self.trail.record(
                uow,
                actor,
                Action.PROVIDER_LICENCE,
                "provider",
                saved.id,
                before=licence_values(provider),
                after=licence_values(saved),
            )
            return saved


def require_licence_editor(actor: Actor) -> None:
    if not Policy.is_staff(actor):
        raise PermissionDenied(_("Only Employment Office staff can record or change a provider's licence."))


def licence_values(provider: Provider) -> dict[str, object]:
    return {
        "licence_number": provider.licence_number,
        "licence_issuer": provider.licence_issuer,
        "licence_valid_until": provider.licence_valid_until.isoformat()
        if provider.licence_valid_until
        else None,
    }
