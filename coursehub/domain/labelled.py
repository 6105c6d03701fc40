"""Enums whose members carry the label people read, declared beside the member."""

from __future__ import annotations

from enum import StrEnum
from typing import Self

from coursehub.i18n import _


class LabelledEnum(StrEnum):
    """A StrEnum declared as `NGO = "ngo", N_("NGO")`: the value is what is stored and
    compared, the label (marked for translation) what people read, translated when asked."""

    _label: str

    # The label defaults to "" only so that a look-up by value, `ProviderKind("ngo")`,
    # type-checks: every member is declared with one.
    def __new__(cls, value: str, label: str = "") -> Self:
        member = str.__new__(cls, value)
        member._value_ = value
        member._label = label
        return member

    @property
    def label(self) -> str:
        return _(self._label)
