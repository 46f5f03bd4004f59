"""Errors the core raises for the user to read (never a traceback)."""
from __future__ import annotations


class StoreError(Exception):
    """The workspace database cannot be used (newer schema, damaged file); str() is for
    the officer."""


class ImportFailed(Exception):
    """A file could not be turned into a report.

    ``reason`` is one plain sentence fragment an OPCC officer can act on, e.g.
    "the PDF is encrypted (password protected)". The CLI prints
    ``peelreview: cannot import FILE: REASON``.
    """

    def __init__(self, path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason
