"""A field's sorted vocabulary across the whole index, to expand wildcards and fuzzy terms.

Whoosh expands "vettin~" or "supervis*" segment by segment: it builds the Levenshtein
automaton again for each segment and walks each segment's term file with a seek and a read
per step. At 1,000 reports (31 segments) that was most of a fuzzy search: ~100 ms. Here
the field's terms are read once per segment (from the fast postings file's term list when
there is one: one C-speed split), merged into one sorted list that is kept until the
segments change, and every expansion is then one automaton walk or one bisection of that
list.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton


class Vocabulary:
    """The distinct terms of one field, sorted, as text."""

    def __init__(self, words: list[str]):
        self.words = words

    def _first_at_or_after(self, key: str) -> str | None:
        i = bisect_left(self.words, key)
        return self.words[i] if i < len(self.words) else None

    def prefixed(self, prefix: str, limit: int) -> list[str]:
        """Words starting with prefix, at most limit of them."""
        i = bisect_left(self.words, prefix)
        out = []
        for word in self.words[i:i + limit + 1]:
            if not word.startswith(prefix):
                break
            out.append(word)
        return out[:limit]

    def matching(self, pattern: str, prefix: str, limit: int) -> list[str]:
        """Words a (regular expression) pattern matches whole, among those with prefix."""
        exp = re.compile(pattern)
        i = bisect_left(self.words, prefix)
        out = []
        for word in self.words[i:]:
            if not word.startswith(prefix) or len(out) >= limit:
                break
            if exp.match(word):
                out.append(word)
        return out

    def within(self, word: str, maxdist: int, prefix: int, limit: int) -> list[str]:
        """Words at most maxdist edits from word that share its first `prefix` letters."""
        dfa = levenshtein_automaton(word, maxdist, prefix).to_dfa()
        out = []
        for found in find_all_matches(dfa, self._first_at_or_after):
            out.append(found)
            if len(out) >= limit:
                break
        return out


def merged(per_segment: list[list[bytes]]) -> Vocabulary:
    """One sorted vocabulary from the term lists of several segments."""
    distinct: set[bytes] = set()
    for terms in per_segment:
        distinct.update(terms)
    return Vocabulary(sorted(t.decode("utf-8", "replace") for t in distinct))
