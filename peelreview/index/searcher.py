"""One search over one open Whoosh searcher: parse, match, count, rank, page, highlight."""
from __future__ import annotations

from . import collect
from .errors import IndexDamaged, QueryError
from .query import parse_query
from .querycache import QueryCache
from .results import Hit, SearchResult
from .rewrite import fast_phrases, widen
from .schema import SCORED_FIELDS
from .segcache import SegmentCache
from .snippets import make_snippet, mark_terms, positive_leaves
from .suggest import suggest

SORTS = ("relevance", "date")
MAX_LIMIT = 1000


def _check_page(limit: int, offset: int, sort: str) -> None:
    if sort not in SORTS:
        raise QueryError(f"Results can be sorted by relevance or by date, not by {sort!r}.")
    if not 0 < limit <= MAX_LIMIT:
        raise QueryError(f"Ask for between 1 and {MAX_LIMIT} results at a time.")
    if offset < 0:
        raise QueryError("The results page cannot start before the first result.")


def _scores_words(leaf) -> bool:
    return getattr(leaf, "fieldname", None) in SCORED_FIELDS


def _hit(searcher, docnum: int, score: float, terms, analyzer) -> Hit:
    f = searcher.stored_fields(docnum)
    if not isinstance(f.get("report_id"), int):
        raise IndexDamaged("a document in the search index has lost its report id")
    doc_type = f.get("doc_type", "")
    if doc_type == "annotation":  # an orphaned annotation has no offsets at all
        start = f.get("start")
        end = f.get("end") if start is not None else None
    else:
        start, end = int(f.get("start", 0)), int(f.get("end", 0))
    return Hit(report_id=f["report_id"], report_title=f.get("title", ""),
               force=f.get("force"), year=f.get("year"),
               kind=f.get("kind"), area=f.get("area"), grade=f.get("grade"),
               snippet=make_snippet(f.get("text", ""), terms, analyzer),
               start=start, end=end, score=float(score),
               doc_type=doc_type, finding_id=f.get("finding_id"),
               section=f.get("section"), annotation_id=f.get("annotation_id"),
               tags=tuple(t for t in (f.get("tag") or "").split("\x1f") if t),
               quote=f.get("quote"))


def run_search(searcher, parser, cache: SegmentCache, recent: QueryCache, qstring: str,
               limit: int = 20, sort: str = "relevance", offset: int = 0) -> SearchResult:
    _check_page(limit, offset, sort)
    key = (searcher.reader().generation(), qstring)
    found = recent.get(key)
    if found is None:
        found = _find(searcher, parser, cache, qstring)
        recent.put(key, found, sum(len(leaf.scores) for leaf in found[1]))
    q, leaves, suggestion = found
    total = sum(len(leaf.scores) for leaf in leaves)
    hits: list[Hit] = []
    if total and offset < total:
        # A query of filters only (grade:good) scores every match alike: newest first.
        order = sort if any(_scores_words(leaf) for leaf in positive_leaves(q)) else "date"
        ranked = collect.ranked(leaves, offset + limit, order)[offset:]
        analyzer = searcher.schema["text"].analyzer
        terms = mark_terms(q, searcher.reader(), analyzer)
        hits = [_hit(searcher, d, s, terms, analyzer) for s, d in ranked]
    return SearchResult(query=qstring, total=total, hits=hits,
                        facets=collect.facet_counts(leaves), suggestion=suggestion)


def _find(searcher, parser, cache: SegmentCache, qstring: str):
    """(rewritten query, matches per segment, spelling suggestion) for a query string."""
    typed, _ = parse_query(parser, qstring)
    reader = searcher.reader()
    vocabulary = cache.vocabularies(reader)
    q = widen(fast_phrases(typed), reader, searcher.schema["text"].analyzer, qstring,
              vocabulary=vocabulary)
    leaves = collect.find_leaves(searcher, q, cache)
    cache.keep_only(r for r, _ in reader.leaf_readers())
    # Parsed from the string with field names lower-cased: its offsets are the typed ones.
    return q, leaves, suggest(reader, typed, qstring, vocabulary)
