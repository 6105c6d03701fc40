"""SQLite storage through sqlite-utils. All SQL of CourseHub lives in this package."""

from coursehub.storage.unit_of_work import SqliteStore, open_store

__all__ = ["SqliteStore", "open_store"]
