"""Which documents a Whoosh matcher matches, read as sets where its tree allows.

Used for the rare query parts the evaluator leaves to Whoosh (term ranges and the like):
walking a matcher one match at a time costs microseconds per document, reading its
postings a block at a time and combining sets costs a fraction of that.
"""
from __future__ import annotations


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
        deleted = reader.deleted_docs_set if reader.has_deletions() else frozenset()
        return set(range(m._id, m.limit)) - _ids(m.child, reader) - deleted
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
