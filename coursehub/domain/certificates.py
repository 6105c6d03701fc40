"""Certificates of completion: their numbers, verification codes and hours, and what a
printed page shows.

A certificate number reads like 007/2027/0012: the provider's number in CourseHub, the
year of issue and a running number within that provider and year. The verification code
(e.g. K7QM-4XTD) is random, stored with the certificate and printed on it: an employer who
brings a certificate in gives both, and nobody can work out a code from the number.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Protocol

# No 0/O, 1/I/L, U: read aloud over the phone and typed from paper without mix-ups.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 8
CERTIFICATE_LANGUAGES = ("sq", "en")


def certificate_number(provider_id: int, year: int, sequence: int) -> str:
    return f"{provider_id:03d}/{year:04d}/{sequence:04d}"


def new_verification_code() -> str:
    """Eight characters from 30 (about 6.5 * 10^11 codes), from the operating system's
    random source, shown as two groups of four."""
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:4]}-{raw[4:]}"


def normalised_code(text: str) -> str:
    """A code as typed (lower case, spaces, with or without the dash) in its stored form."""
    raw = re.sub(r"[\s\-]", "", text).upper()
    return f"{raw[:4]}-{raw[4:]}" if len(raw) == CODE_LENGTH else raw


class Session(Protocol):
    """A dated session as scheduling.recurrence lays them out."""

    @property
    def day(self) -> date: ...
    @property
    def start(self) -> time: ...
    @property
    def end(self) -> time: ...
    @property
    def is_held(self) -> bool: ...


def held_hours(sessions: Iterable[Session], until: date) -> float:
    """Hours of the sessions held up to `until`: public holidays and closures excluded."""
    minutes = 0
    for session in sessions:
        if session.is_held and session.day <= until:
            start = session.start.hour * 60 + session.start.minute
            end = session.end.hour * 60 + session.end.minute
            minutes += max(0, end - start)
    return minutes / 60


def hours_text(hours: float) -> str:
    return f"{hours:.0f}" if hours == int(hours) else f"{hours:.1f}"


@dataclass(frozen=True, slots=True)
class Certificate:
    """One entry of the certificate register (never the person's name)."""

    number: str
    provider: str
    course_id: int
    course_code: str
    course_title: str
    pseudonym: str
    trainee_id: int | None
    hours: float
    issued_at: datetime
    issued_by: str
    verification_code: str = ""
    duplicates: int = 0
    last_printed_at: datetime | None = None
    last_printed_by: str | None = None
    revoked_at: datetime | None = None
    revoked_by: str | None = None
    revoked_reason: str = ""
    id: int | None = None

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


@dataclass(frozen=True, slots=True)
class CertificateCheck:
    """What `verify` tells an employer: the course and provider, never the person."""

    number: str
    course_title: str
    occupation: str
    provider: str
    start: date
    end: date
    issued_on: date
    revoked: bool


@dataclass(frozen=True, slots=True)
class CertificatePage:
    """One printed certificate: everything the page shows, decided by the service."""

    number: str
    verification_code: str
    full_name: str
    birth_date: date | None
    course_title: str
    occupation_code: str
    occupation_title: str
    hours: float
    start: date
    end: date
    provider: str
    licence_number: str
    issued_on: date
    duplicate: bool
