"""Errors the core raises for the user to read (never a traceback)."""
from __future__ import annotations


class StoreError(Exception):
    """The workspace database cannot be used (newer schema, damaged file); str() is for
    the officer."""


class ReadOnlyWorkspace(StoreError):
    """A change was asked of a workspace on a read-only drive or share: reading works."""

    def __init__(self, folder, what: str = "change it"):
        super().__init__(f"the workspace {folder} is read-only (a read-only drive or a "
                         f"locked share): peelreview can read it but cannot {what}; copy "
                         "the folder somewhere writable to work on it")
        self.folder = folder


class DiskFull(StoreError):
    """The disk holding the workspace is full: what was complete is kept."""

    def __init__(self, folder):
        super().__init__(f"the disk holding the workspace {folder} is full: free some space "
                         "and try again (nothing that was complete has been lost)")
        self.folder = folder


def is_disk_full(error: BaseException) -> bool:
    """True for "no space left" in any of its guises: an OSError (ENOSPC, or a quota), or
    SQLite's "database or disk is full"."""
    import errno
    import sqlite3

    if isinstance(error, DiskFull):
        return True
    if isinstance(error, OSError):
        return error.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))
    return isinstance(error, sqlite3.OperationalError) and "disk is full" in str(error)


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
