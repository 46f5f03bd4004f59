"""Which documents match, how they count per facet, and which come first by date.

Whoosh's collectors either score every match (slow on big result sets) or skip blocks and
lose the exact total. Here the match set is enumerated once without scoring, facets and
totals come from cached columns, and only the page of hits is ever scored.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from whoosh.matching import ReadTooFar

from .segcache import Column, SegmentColumns

FACET_NAMES = {"kind": "kind_col", "grade": "grade_col", "force": "force_col",
               "year": "year_col"}


@dataclass
class Leaf:
    """One segment's part of a search: its searcher, docnum offset, columns and matches."""
    searcher: object
    offset: int
    columns: dict[str, Column]
    ids: list[int]


def _leaf_ids(matcher) -> list[int]:
    """All remaining ids of an on-disk postings matcher, a whole block at a time."""
    out: list[int] = []
    while matcher.is_active():
        if matcher._ids is None:
            matcher._read_ids()
        out.extend(matcher._ids[matcher._i:])
        if matcher._lastblock:
            break
        matcher._next_block()
    return out


# Matchers whose ids can be read as sets (the rest are walked one match at a time).
_WRAPPERS = {"WrappingMatcher", "ConstantScoreWrapperMatcher", "SingleTermMatcher",
             "CoordMatcher"}
_UNIONS = {"UnionMatcher", "DisjunctionMaxMatcher"}
_BOTHS = {"IntersectionMatcher", "RequireMatcher"}


def _kind(m) -> str:
    name = type(m).__name__
    if name == "W3LeafMatcher" and not hasattr(m, "_read_ids"):
        return "other"  # a Whoosh we do not know: be safe, walk it
    return name


def _cheap(m) -> bool:
    """True when m's ids can be gathered as sets (looked at, never advanced)."""
    if not m.is_active():
        return True
    kind = _kind(m)
    if kind in ("W3LeafMatcher", "ListMatcher"):
        return True
    if kind in _WRAPPERS or kind in ("FilterMatcher", "InverseMatcher"):
        return _cheap(m.child)
    if kind in _UNIONS:
        return _cheap(m.a) and _cheap(m.b)
    if kind in _BOTHS:
        return _cheap(m.a) or _cheap(m.b)
    if kind in ("AndNotMatcher", "AndMaybeMatcher"):
        return _cheap(m.a)
    return False


def _verify(candidates: set[int], m, keep: bool) -> set[int]:
    """Candidates that m matches (keep=True) or does not match (keep=False), found by
    skipping m straight to each: only the candidates are ever checked (phrases)."""
    out = set()
    for d in sorted(candidates):
        if m.is_active() and m.id() < d:
            m.skip_to(d)
        hit = m.is_active() and m.id() == d
        if hit == keep:
            out.add(d)
    return out


def _ids(m, reader) -> set[int]:
    """Ids of a cheap matcher (see _cheap), from its current position on."""
    if not m.is_active():
        return set()
    kind = _kind(m)
    if kind == "W3LeafMatcher":
        return set(_leaf_ids(m))
    if kind == "ListMatcher":
        return set(m._ids[m._i:])
    if kind in _WRAPPERS:
        return _ids(m.child, reader)
    if kind == "FilterMatcher":
        child = _ids(m.child, reader)
        return child - m._ids if m._exclude else child & m._ids
    if kind in _UNIONS:
        return _ids(m.a, reader) | _ids(m.b, reader)
    if kind == "AndMaybeMatcher":
        return _ids(m.a, reader)
    if kind == "InverseMatcher":
        return set(range(m._id, m.limit)) - _ids(m.child, reader) - set(reader.deleted_docs())
    if kind == "AndNotMatcher":
        return _minus(_ids(m.a, reader), m.b, reader)
    # An intersection: one side may be expensive (a phrase) or an inverse (NOT x).
    a, b = (m.a, m.b) if _cheap(m.a) else (m.b, m.a)
    if type(b).__name__ == "InverseMatcher":
        a, b = b, a
    if type(a).__name__ == "InverseMatcher" and _cheap(b):
        return _minus(_ids(b, reader), a.child, reader)
    left = _ids(a, reader)
    if _cheap(b):
        return left & _ids(b, reader)
    return _verify(left, b, keep=True)


def _minus(left: set[int], m, reader) -> set[int]:
    if _cheap(m):
        return left - _ids(m, reader)
    return _verify(left, m, keep=False)


def matched_ids(matcher, reader) -> list[int]:
    """Sorted ids of every document a fresh matcher matches, without scoring: as sets
    where the matcher tree allows, else one match at a time. reader is the segment's
    reader (an inverse, NOT x, must leave out its deleted documents)."""
    if _cheap(matcher):
        return sorted(_ids(matcher, reader))
    return list(matcher.all_ids())


def find_leaves(searcher, q, cache: SegmentColumns) -> list[Leaf]:
    leaves = []
    for sub, offset in searcher.leaf_searchers():
        if not sub.reader().doc_count_all():
            continue  # an empty index has a placeholder reader and nothing to match
        reader = sub.reader()
        cols = cache.for_reader(reader)
        # needs_current keeps Or as a tree of unions (not a preloaded array) so its ids
        # can be read as sets.
        matcher = q.matcher(sub, sub.context(needs_current=True, weighting=None))
        ids = matched_ids(matcher, reader) if matcher.is_active() else []
        leaves.append(Leaf(sub, offset, cols, ids))
    return leaves


def facet_counts(leaves: list[Leaf]) -> dict[str, dict[str, int]]:
    """Counts per facet value over every match; documents without a value are left out.
    The kind facet counts findings only, since only findings have a kind."""
    out: dict[str, dict[str, int]] = {}
    for facet, colname in FACET_NAMES.items():
        total: Counter[str] = Counter()
        for leaf in leaves:
            if not leaf.ids:
                continue
            col = leaf.columns[colname]
            counts = Counter(map(col.codes.__getitem__, leaf.ids))
            for code, n in counts.items():
                value = col.values[code]
                if value:
                    total[value] += n
        out[facet] = dict(sorted(total.items(), key=lambda kv: (-kv[1], kv[0])))
    return out


def newest_candidates(leaves: list[Leaf], needed: int) -> list[tuple[str, Leaf, int]]:
    """The matches on the newest dates, enough to fill `needed` places: every match of
    each date is kept until the count is reached (ties are then ordered by score)."""
    per_date: Counter[str] = Counter()
    for leaf in leaves:
        col = leaf.columns["date_col"]
        for code, n in Counter(map(col.codes.__getitem__, leaf.ids)).items():
            per_date[col.values[code]] += n
    chosen: set[str] = set()
    running = 0
    for date in sorted(per_date, reverse=True):
        if running >= needed:
            break
        chosen.add(date)
        running += per_date[date]
    out = []
    for leaf in leaves:
        col = leaf.columns["date_col"]
        keep = {i for i, v in enumerate(col.values) if v in chosen}
        codes = col.codes
        out.extend((col.values[codes[d]], leaf, d) for d in leaf.ids if codes[d] in keep)
    return out


def score_docs(q, leaf: Leaf, docnums: list[int], context) -> dict[int, float]:
    """BM25F scores of a few documents of one segment, skipping straight to each."""
    scores: dict[int, float] = {}
    matcher = q.matcher(leaf.searcher, context)
    for d in sorted(docnums):
        if not matcher.is_active():
            break
        try:
            matcher.skip_to(d)
        except ReadTooFar:
            break
        if matcher.is_active() and matcher.id() == d:
            scores[d] = matcher.score()
    return scores
