"""Full-text search over every report held (Whoosh). Rebuilt from the store; no Qt.

    ix = SearchIndex.create(folder)            # or SearchIndex.open(folder)
    ix.add_reports([IndexedReport(report_id, report, finding_ids)])
    result = ix.search('kind:recommendation vetting')
    result.to_json()
"""
from __future__ import annotations

from .documents import IndexedReport
from .errors import IndexBusy, IndexDamaged, QueryError
from .indexer import SearchIndex
from .results import Hit, SearchResult

__all__ = ["Hit", "IndexBusy", "IndexDamaged", "IndexedReport", "QueryError", "SearchIndex",
           "SearchResult"]
