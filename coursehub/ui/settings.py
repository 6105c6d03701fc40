"""Every remembered setting declared once, with its type and default (as Picard's options).

User preferences (language) are kept apart from window state (geometry, splitters, last
folders). Tests give Settings an .ini file in a temporary folder, so they never touch a
real profile.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QByteArray, QSettings

T = TypeVar("T")


@dataclass(frozen=True)
class Setting(Generic[T]):
    key: str
    default: T
    kind: type


# Preferences ----------------------------------------------------------------------
LANGUAGE: Setting[str] = Setting("preferences/language", "", str)
LAST_USER: Setting[str] = Setting("preferences/last_user", "", str)
# The last server connected to (never its password: that is for the keyring, if ticked)
SERVER_HOST: Setting[str] = Setting("server/host", "", str)
SERVER_PORT: Setting[int] = Setting("server/port", 5432, int)
SERVER_DATABASE: Setting[str] = Setting("server/database", "coursehub", str)
SERVER_USER: Setting[str] = Setting("server/user", "", str)
SERVER_TLS_REQUIRED: Setting[bool] = Setting("server/tls_required", True, bool)
SERVER_KEEP_PASSWORD: Setting[bool] = Setting("server/keep_password_in_keyring", False, bool)
# Window state ---------------------------------------------------------------------
WINDOW_GEOMETRY: Setting[QByteArray] = Setting("window/geometry", QByteArray(), QByteArray)
CATALOGUE_SPLITTER: Setting[QByteArray] = Setting("window/catalogue_splitter", QByteArray(), QByteArray)
CATALOGUE_HEADER: Setting[QByteArray] = Setting("window/catalogue_header", QByteArray(), QByteArray)
LAST_PAGE: Setting[int] = Setting("window/last_page", 0, int)
SIDEBAR_SHOWN: Setting[bool] = Setting("window/sidebar_shown", True, bool)
# Folders --------------------------------------------------------------------------
IMPORT_FOLDER: Setting[str] = Setting("folders/import", "", str)
EXPORT_FOLDER: Setting[str] = Setting("folders/export", "", str)


class Settings:
    """Typed access to QSettings: `settings.get(LANGUAGE)` is a str, never a QVariant."""

    def __init__(self, path: Path | None = None) -> None:
        if path is None:
            self._qt = QSettings("CourseHub", "CourseHub")
        else:
            self._qt = QSettings(str(path), QSettings.Format.IniFormat)

    def get(self, setting: Setting[T]) -> T:
        value: Any = self._qt.value(setting.key, setting.default)
        if value is None:
            return setting.default
        if setting.kind is int:
            try:
                return int(value)  # type: ignore[return-value]  # T is int here (setting.kind)
            except (TypeError, ValueError):
                return setting.default
        if setting.kind is bool:
            return (str(value).lower() not in ("false", "0", "")) if isinstance(value, str) else bool(value)  # type: ignore[return-value]  # T is bool
        if setting.kind is QByteArray and not isinstance(value, QByteArray):
            return setting.default
        if setting.kind is str:
            return str(value)  # type: ignore[return-value]  # T is str here
        return value

    def set(self, setting: Setting[T], value: T) -> None:
        self._qt.setValue(setting.key, value)

    def sync(self) -> None:
        self._qt.sync()
