"""A search's matches across segments: totals, facet counts and the order of the hits.

Every match is found and scored once (evaluate.py, as numpy arrays); facets and totals
then come from cached columns and only the page of hits is ever read from the stored
fields.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np

from .evaluate import IndexStats, SegmentEval
from .schema import META_PARTS
from .segcache import Meta, SegmentCache

FACETS = ("kind", "grade", "force", "year")
_POS = {name: i for i, name in enumerate(META_PARTS)}


@dataclass
class Leaf:
    """One segment's part of a search: docnum offset, meta column, and the segment's
    matching document numbers (ascending) with their scores."""
    offset: int
    meta: Meta
    ids: np.ndarray
    scores: np.ndarray
    codes: np.ndarray  # the segment's meta code per document
    _per_code: np.ndarray | None = None

    def per_code(self) -> np.ndarray:
        """How many matches carry each meta code (facets and date order both use it)."""
        if self._per_code is None:
            self._per_code = np.bincount(self.codes[self.ids],
                                         minlength=len(self.meta.values))
        return self._per_code

    def code_counts(self) -> Counter[int]:
        """per_code() as {code: count} for the codes that occur."""
        counts = self.per_code()
        return Counter({int(c): int(counts[c]) for c in np.flatnonzero(counts)})

    def items(self):
        """(document number within the segment, score) of each match, as Python numbers."""
        return zip(self.ids.tolist(), self.scores.tolist(), strict=True)


def find_leaves(searcher, q, cache: SegmentCache) -> list[Leaf]:
    leaves = []
    stats = IndexStats(searcher)
    for sub, offset in searcher.leaf_searchers():
        reader = sub.reader()
        if not reader.doc_count_all():
            continue  # an empty index has a placeholder reader and nothing to match
        data = cache.for_reader(reader)
        ids, scores = SegmentEval(searcher, sub, data, stats=stats).run(q)
        leaves.append(Leaf(offset, data.meta, ids, scores, data.codes()))
    return leaves


def facet_counts(leaves: list[Leaf]) -> dict[str, dict[str, int]]:
    """Counts per facet value over every match; documents without a value are left out.
    The kind facet counts findings only, since only findings have a kind."""
    totals: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for leaf in leaves:
        per_code = leaf.per_code()
        for name in FACETS:
            index, values = leaf.meta.groups(_POS[name])
            sums = np.bincount(index, weights=per_code, minlength=len(values))
            for i in np.flatnonzero(sums):
                if values[i]:
                    totals[name][values[i]] += int(sums[i])
    return {name: dict(sorted(c.items(), key=lambda kv: (-kv[1], kv[0])))
            for name, c in totals.items()}


def _first(keys: list[np.ndarray], needed: int) -> np.ndarray:
    """Positions of the `needed` smallest rows by keys (the last key sorts first)."""
    order = np.lexsort(keys)
    return order[:needed]


def _gathered(leaves: list[Leaf]) -> tuple[np.ndarray, np.ndarray]:
    """(global document numbers, scores) of every match."""
    if not leaves:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    docs = np.concatenate([leaf.ids + leaf.offset for leaf in leaves])
    scores = np.concatenate([leaf.scores for leaf in leaves])
    return docs, scores


def _by_date(leaves: list[Leaf], needed: int) -> list[tuple[float, int]]:
    """Newest first; within a date, best score first, then index order. Only the newest
    dates that can fill the page are looked at closely."""
    date_at = _POS["date"]
    per_date: Counter[str] = Counter()
    for leaf in leaves:
        index, dates = leaf.meta.groups(date_at)
        sums = np.bincount(index, weights=leaf.per_code(), minlength=len(dates))
        for i in np.flatnonzero(sums):
            per_date[dates[i]] += int(sums[i])
    chosen: list[str] = []
    running = 0
    for date in sorted(per_date, reverse=True):
        if running >= needed:
            break
        chosen.append(date)
        running += per_date[date]
    rank = {date: i for i, date in enumerate(chosen)}  # 0 = newest
    docs, scores, ranks = [], [], []
    for leaf in leaves:
        index, dates = leaf.meta.groups(date_at)
        code_rank = np.array([rank.get(d, -1) for d in dates])[index]
        match_rank = code_rank[leaf.codes[leaf.ids]]
        keep = match_rank >= 0
        docs.append(leaf.ids[keep] + leaf.offset)
        scores.append(leaf.scores[keep])
        ranks.append(match_rank[keep])
    if not docs:
        return []
    docs_a, scores_a = np.concatenate(docs), np.concatenate(scores)
    top = _first([docs_a, -scores_a, np.concatenate(ranks)], needed)
    return list(zip(scores_a[top].tolist(), docs_a[top].tolist(), strict=True))


def ranked(leaves: list[Leaf], needed: int, sort: str) -> list[tuple[float, int]]:
    """(score, global docnum) of the first `needed` matches in the order asked for. By
    relevance, equal scores keep index order; when every match scores the same (a query
    of filters only, such as grade:good) relevance means nothing and date order is used."""
    if sort == "date":
        return _by_date(leaves, needed)
    docs, scores = _gathered(leaves)
    if not len(docs):
        return []
    if scores.min() == scores.max():
        return _by_date(leaves, needed)
    if len(scores) > needed:  # only scores reaching the needed-th best can be on the page
        kth = np.partition(scores, len(scores) - needed)[len(scores) - needed]
        near = np.flatnonzero(scores >= kth)
        docs, scores = docs[near], scores[near]
    top = _first([docs, -scores], needed)
    return list(zip(scores[top].tolist(), docs[top].tolist(), strict=True))
