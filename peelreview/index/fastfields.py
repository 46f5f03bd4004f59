"""Text fields that index the way their Whoosh analyzers do, at a fraction of the cost.

Whoosh analyses each field value through a chain of generators that pass one Token object
along (tokenizer | lowercase | stop words | stemmer): profiled over the stress corpus, that
was over half of `add_document`. Our text is also analysed twice, since ``pairs`` holds the
adjacent stems of the very string ``text`` holds. These field types produce the same terms
with the same frequencies (and so the same field lengths) from a list comprehension over
one regular expression, stemming each distinct word once, and share one analysis between
``text`` and ``pairs`` when they are given the same string object.

Only indexing takes the fast path; query parsing and highlighting still use the field's own
Whoosh analyzer, and tests/test_index_fast.py checks that both give the same terms.
"""
from __future__ import annotations

import re
import threading
from collections import Counter

from whoosh import formats
from whoosh.analysis import STOP_WORDS
from whoosh.fields import TEXT, FieldType
from whoosh.lang.porter import stem
from whoosh.system import pack_uint

#: RegexTokenizer's default expression (whoosh.analysis.tokenizers.default_pattern) without
#: its capturing group, so that findall returns whole matches.
_WORD = re.compile(r"[\w\*]+(?:\.?[\w\*]+)*", re.UNICODE)
_STOPS = frozenset(STOP_WORDS)
_MINSIZE = 2


#: Strings analysed lately per thread: a document's fields are indexed in name order, so
#: area and section come between its pairs and its text.
_RECENT = 4


class _Recent(threading.local):
    def __init__(self):
        self.items: list[tuple[str, list[str]]] = []


_recent = _Recent()
_stem_cache: dict[str, str] = {}


def _words(value: str) -> list[str]:
    """Lower-cased words less stop words and one-letter words (StopFilter's defaults)."""
    return [w for w in map(str.lower, _WORD.findall(value))
            if len(w) >= _MINSIZE and w not in _STOPS]


def stems(value: str) -> list[str]:
    """StemmingAnalyzer's terms for value, in order (positions are not needed)."""
    recent = _recent.items
    for seen, found in recent:
        if seen is value:
            return found
    cache = _stem_cache
    out = []
    for w in _words(value):
        s = cache.get(w)
        if s is None:
            s = cache[w] = stem(w)
        out.append(s)
    recent.append((value, out))
    if len(recent) > _RECENT:
        del recent[0]
    return out


def pairs(value: str) -> list[str]:
    """BiWordFilter(sep=" ") over the stems: each two adjacent stems; a lone stem alone.
    (Whoosh's own filter fails on a value with no word at all; this yields nothing.)"""
    s = stems(value)
    if len(s) < 2:
        return s
    return [f"{a} {b}" for a, b in zip(s, s[1:], strict=False)]


_encoded: dict[tuple[int, float], tuple[float, bytes]] = {}


def _postings(terms: list[str], boost: float):
    """What Frequency.word_values yields, encoded as FieldType.index does. The weight and
    the packed frequency of each (frequency, boost) are made once and shared, so the
    millions of postings a batch buffers share a few hundred objects."""
    encoded = _encoded
    for word, freq in Counter(terms).items():
        found = encoded.get((freq, boost))
        if found is None:
            found = encoded[(freq, boost)] = (freq * boost, pack_uint(freq))
        yield word.encode("utf-8"), freq, found[0], found[1]


class _Fast:
    """Mixin: index str values through `self._terms` when the format is plain Frequency."""

    def _terms(self, value: str) -> list[str]:
        raise NotImplementedError

    def index(self, value, **kwargs):
        if isinstance(value, str) and type(self.format) is formats.Frequency and not kwargs:
            return _postings(self._terms(value), self.format.field_boost)
        return super().index(value, **kwargs)


class StemmedText(_Fast, TEXT):
    """TEXT with StemmingAnalyzer and no positions."""

    def _terms(self, value: str) -> list[str]:
        return stems(value)


class StemPairs(_Fast, TEXT):
    """TEXT with StemmingAnalyzer | BiWordFilter(sep=" ") and no positions."""

    def _terms(self, value: str) -> list[str]:
        return pairs(value)


class PlainWords(_Fast, FieldType):
    """Frequency field with RegexTokenizer | LowercaseFilter | StopFilter: words as typed."""

    def _terms(self, value: str) -> list[str]:
        return _words(value)
