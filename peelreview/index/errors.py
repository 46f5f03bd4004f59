"""Errors the search index raises for the caller (and, through it, the officer) to read."""
from __future__ import annotations


class IndexDamaged(Exception):
    """The index folder is missing, incomplete, unreadable or from another schema.

    The store is the source of truth, so the cure is always to rebuild the index from it.
    """


class IndexBusy(Exception):
    """Another program kept the index locked for writing longer than we were willing to wait."""


class QueryError(ValueError):
    """A query the officer typed cannot be searched; str(e) is one readable sentence."""
