"""Rewrites of a parsed query before it is run, so that it matches what the officer meant
and runs fast on the index as built (schema.py): quoted phrases become term lookups, and
wildcards and fuzzy terms are matched against the words as typed, not their stems.
"""
from __future__ import annotations

import copy

from whoosh import query

from .schema import PAIRS_FIELD, SPELL_FIELD
from .vocabulary import Vocabulary, merged


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _expansions(q: query.Query, vocabulary, limit: int, fieldname: str = SPELL_FIELD) -> list[str]:
    """Index words of a field (the unstemmed words by default) that a wildcard or fuzzy
    term matches, from the field's vocabulary across the index (vocabulary.py)."""
    words = vocabulary(fieldname)
    if isinstance(q, query.FuzzyTerm):
        return words.within(q.text, q.maxdist, q.prefixlength, limit)
    if isinstance(q, query.Prefix):
        return words.prefixed(q.text, limit)
    return words.matching(q._get_pattern(), q._find_prefix(q.text), limit)


def uncached_vocabulary(reader):
    """vocabulary(fieldname) read afresh from every segment (callers without a cache)."""
    def vocabulary(fieldname: str) -> Vocabulary:
        return merged([list(leaf.lexicon(fieldname)) if fieldname in leaf.schema else []
                       for leaf, _ in reader.leaf_readers()])
    return vocabulary


_STEMMED = ("text", "area", "section", "title")


def _typed(q: query.Query, qstring: str) -> str:
    """The word as the officer typed it (the parser hands fuzzy terms over stemmed)."""
    start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
    if start is not None and end is not None and qstring[start:end].isalpha():
        return qstring[start:end].lower()
    return q.text


def widen(q: query.Query, reader, analyzer, qstring: str = "", limit: int = 200,
          vocabulary=None, _seen: dict | None = None) -> query.Query:
    """Wildcards and fuzzy terms are matched against the unstemmed words, then searched
    as the stems of the words they fit: "vettin~" reaches "vetting" (stem "vett", three
    edits from "vettin"). A fuzzy term prefers the closest words: "vetting~" ranks
    vetting far above getting. A plain word is searched in several fields, so the same
    probe of the vocabulary comes up once per field: it is made once (_seen)."""
    seen = {} if _seen is None else _seen
    if vocabulary is None:
        vocabulary = uncached_vocabulary(reader)
    if isinstance(q, (query.FuzzyTerm, query.Prefix, query.Wildcard)) and q.fieldname in _STEMMED:
        fuzzy = isinstance(q, query.FuzzyTerm)
        probe = copy.copy(q)
        if fuzzy:  # the first letter is kept: the vocabulary scan is then ~20x shorter
            probe.text = _typed(q, qstring)
            probe.prefixlength = max(q.prefixlength, 1)
        boosts: dict[str, float] = {}
        key = (type(probe), probe.text, getattr(probe, "maxdist", None),
               getattr(probe, "prefixlength", None))
        if key not in seen:
            seen[key] = _expansions(probe, vocabulary, limit)
        for word in seen[key]:
            boost = q.boost * (0.25 ** edit_distance(probe.text, word) if fuzzy else 1.0)
            for token in analyzer(word, mode="query"):
                boosts[token.text] = max(boost, boosts.get(token.text, 0.0))
        if not fuzzy:  # the pattern also matches stems directly ("vet*" -> vet)
            for stem in _expansions(q, vocabulary, limit, q.fieldname):
                boosts.setdefault(stem, q.boost)
        if not boosts:
            return q
        terms = [query.Term(q.fieldname, s, boost=b) for s, b in sorted(boosts.items())]
        return terms[0] if len(terms) == 1 else query.Or(terms)
    return q.apply(lambda child: widen(child, reader, analyzer, qstring, limit, vocabulary,
                                       seen))


#: Short fields: a phrase there means all of its words.
_WORDS_ONLY = ("force", "grade", "area", "section", "title")


def fast_phrases(q: query.Query) -> query.Query:
    """Phrases as term lookups (no field keeps word positions, which made Whoosh slow to
    read and to match). In the text: its adjacent-stem pairs ("domestic abuse" is one
    term; a longer phrase needs all of its pairs, so it may match a passage holding them
    apart). In the short fields (force:"west midlands", grade:"requires improvement",
    headings) and for a phrase with slop ("a b"~3): all of its words."""
    if isinstance(q, query.Phrase) and len(q.words) > 1:
        if q.fieldname == "text" and q.slop <= 1:
            pairs = [query.Term(PAIRS_FIELD, f"{a} {b}", boost=q.boost)
                     for a, b in zip(q.words, q.words[1:], strict=False)]
            return pairs[0] if len(pairs) == 1 else query.And(pairs)
        if q.fieldname in _WORDS_ONLY or q.fieldname == "text":
            return query.And([query.Term(q.fieldname, w, boost=q.boost) for w in q.words])
    return q.apply(fast_phrases)
