"""Enums whose members have a label people read: one lookup for every such enum."""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum

from coursehub.i18n import _

# (enum class, value) -> untranslated label: members of two enums may share a value.
_LABELS: dict[tuple[type[StrEnum], str], str] = {}


class LabelledEnum(StrEnum):
    """A StrEnum whose members' labels are given once with `set_labels` (marked with N_)."""

    @property
    def label(self) -> str:
        return _(_LABELS[type(self), self.value])


def set_labels(labels: Mapping[LabelledEnum, str]) -> None:
    """Records the labels of an enum's members; each member needs one."""
    for member, label in labels.items():
        _LABELS[type(member), member.value] = label
