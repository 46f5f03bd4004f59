"""Full-text search over every report held (Whoosh). Rebuilt from the store; no Qt.

    ix = SearchIndex.create(folder)            # or SearchIndex.open(folder)
    ix.add_reports([IndexedReport(report_id, report, finding_ids)])
    result = ix.search('kind:recommendation vetting')
    result.to_json()

Names are loaded on first use (PEP 562): importing Whoosh takes a large part of a second,
and the desktop app shows its window before it needs the index.
"""
from __future__ import annotations

from importlib import import_module

_WHERE = {"IndexedReport": ".documents", "IndexBusy": ".errors", "IndexDamaged": ".errors",
          "QueryError": ".errors", "SearchIndex": ".indexer", "Hit": ".results",
          "SearchResult": ".results"}

__all__ = sorted(_WHERE)


def __getattr__(name: str):
    if name in _WHERE:
        value = getattr(import_module(_WHERE[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
