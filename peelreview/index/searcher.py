"""One search over one open Whoosh searcher: parse, match, count, rank, page, highlight."""
from __future__ import annotations

import heapq

from . import collect
from .errors import QueryError
from .query import fast_phrases, parse_query, widen
from .results import Hit, SearchResult
from .segcache import SegmentColumns
from .snippets import make_snippet, mark_terms
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


def _ranked(searcher, q, leaves, needed: int, sort: str) -> list[tuple[float, int]]:
    """(score, global docnum) of the best `needed` matches, best first."""
    if sort == "relevance":
        results = searcher.search(q, limit=needed, terms=False)
        return [(score, docnum) for score, docnum in results.top_n]
    # By date: newest dates first, then by score among documents of the same date.
    candidates = collect.newest_candidates(leaves, needed)
    context = searcher.context()
    scored = []
    by_leaf: dict[int, list[int]] = {}
    for _, leaf, d in candidates:
        by_leaf.setdefault(id(leaf), []).append(d)
    scores: dict[tuple[int, int], float] = {}
    for leaf in leaves:
        docs = by_leaf.get(id(leaf))
        if docs:
            for d, s in collect.score_docs(q, leaf, docs, context).items():
                scores[(id(leaf), d)] = s
    for date, leaf, d in candidates:
        scored.append((date, scores.get((id(leaf), d), 0.0), leaf.offset + d))
    best = heapq.nlargest(needed, scored, key=lambda t: (t[0], t[1], -t[2]))
    return [(score, docnum) for _, score, docnum in best]


def _hit(searcher, docnum: int, score: float, terms, analyzer) -> Hit:
    f = searcher.stored_fields(docnum)
    return Hit(report_id=int(f["report_id"]), report_title=f.get("title", ""),
               force=f.get("force"), year=f.get("year"),
               kind=f.get("kind"), area=f.get("area"), grade=f.get("grade"),
               snippet=make_snippet(f.get("text", ""), terms, analyzer),
               start=int(f.get("start", 0)), end=int(f.get("end", 0)), score=float(score),
               doc_type=f.get("doc_type", ""), finding_id=f.get("finding_id"),
               section=f.get("section"))


def run_search(searcher, parser, cache: SegmentColumns, qstring: str, limit: int = 20,
               sort: str = "relevance", offset: int = 0) -> SearchResult:
    _check_page(limit, offset, sort)
    typed, _ = parse_query(parser, qstring)
    analyzer = searcher.schema["text"].analyzer
    q = widen(fast_phrases(typed), searcher.reader(), analyzer, qstring)
    leaves = collect.find_leaves(searcher, q, cache)
    cache.keep_only(leaf.searcher.reader() for leaf in leaves)
    total = sum(len(leaf.ids) for leaf in leaves)
    facets = collect.facet_counts(leaves)
    hits: list[Hit] = []
    if total and offset < total:
        ranked = _ranked(searcher, q, leaves, offset + limit, sort)[offset:]
        terms = mark_terms(q, searcher.reader(), analyzer)
        hits = [_hit(searcher, d, s, terms, analyzer) for s, d in ranked]
    # The normalised string only lower-cased field names, so offsets match the original.
    suggestion = suggest(searcher.reader(), typed, qstring)
    return SearchResult(query=qstring, total=total, hits=hits, facets=facets,
                        suggestion=suggestion)
