"""Errors a user sees: one line naming the file and the cause."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A file could not be ingested. ``str()`` is the one-line message for the user."""

    def __init__(self, path: str | Path, cause: str, kind: str = "unreadable") -> None:
        self.path = str(path)
        self.cause = cause
        self.kind = kind  # short machine-readable category, written to errors.csv
        super().__init__(f"{self.path}: {cause}")
