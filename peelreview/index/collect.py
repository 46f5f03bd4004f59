"""A search's matches across segments: totals, facet counts and the order of the hits.

Every match is found and scored once (evaluate.py); facets and totals then come from
cached columns and only the page of hits is ever read from the stored fields.
"""
from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import dataclass

from .evaluate import SegmentEval
from .schema import META_PARTS
from .segcache import Meta, SegmentCache

FACETS = ("kind", "grade", "force", "year")
_POS = {name: i for i, name in enumerate(META_PARTS)}


@dataclass
class Leaf:
    """One segment's part of a search: docnum offset, meta column, scores of matches."""
    offset: int
    meta: Meta
    scores: dict[int, float]
    _counts: Counter[int] | None = None

    def code_counts(self) -> Counter[int]:
        """How many matches carry each meta code (facets and date order both use it)."""
        if self._counts is None:
            self._counts = Counter(map(self.meta.codes.__getitem__, self.scores))
        return self._counts


def find_leaves(searcher, q, cache: SegmentCache) -> list[Leaf]:
    leaves = []
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if not reader.doc_count_all():
            continue  # an empty index has a placeholder reader and nothing to match
        data = cache.for_reader(reader)
        scores = SegmentEval(searcher, sub, data).run(q)
        leaves.append(Leaf(offset, data.meta, scores))
    return leaves


def facet_counts(leaves: list[Leaf]) -> dict[str, dict[str, int]]:
    """Counts per facet value over every match; documents without a value are left out.
    The kind facet counts findings only, since only findings have a kind."""
    totals: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for leaf in leaves:
        for code, n in leaf.code_counts().items():
            values = leaf.meta.values[code]
            for name in FACETS:
                value = values[_POS[name]]
                if value:
                    totals[name][value] += n
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
            for name, c in totals.items()}


def _by_date(leaves: list[Leaf], needed: int) -> list[tuple[float, int]]:
    """Newest first; within a date, best score first. Only the newest dates that can
    fill the page are looked at closely."""
    date_at = _POS["date"]
    per_date: Counter[str] = Counter()
    for leaf in leaves:
        for code, n in leaf.code_counts().items():
            per_date[leaf.meta.values[code][date_at]] += n
    chosen, running = set(), 0
    for date in sorted(per_date, reverse=True):
        if running >= needed:
            break
        chosen.add(date)
        running += per_date[date]
    rows = []
    for leaf in leaves:
        values, codes, off = leaf.meta.values, leaf.meta.codes, leaf.offset
        keep = {i for i, v in enumerate(values) if v[date_at] in chosen}
        rows.extend((values[codes[d]][date_at], s, -(off + d))
                    for d, s in leaf.scores.items() if codes[d] in keep)
    return [(s, -neg) for _, s, neg in heapq.nlargest(needed, rows)]


def ranked(leaves: list[Leaf], needed: int, sort: str) -> list[tuple[float, int]]:
    """(score, global docnum) of the first `needed` matches in the order asked for. By
    relevance, equal scores keep index order; when every match scores the same (a query
    of filters only, such as grade:good) relevance means nothing and date order is used."""
    if sort == "date":
        return _by_date(leaves, needed)
    best = heapq.nlargest(needed, ((s, -(leaf.offset + d)) for leaf in leaves
                                   for d, s in leaf.scores.items()))
    if best and best[0][0] == best[-1][0] and _all_equal(leaves, best[0][0]):
        return _by_date(leaves, needed)
    return [(s, -neg) for s, neg in best]


def _all_equal(leaves: list[Leaf], score: float) -> bool:
    return all(s == score for leaf in leaves for s in leaf.scores.values())
