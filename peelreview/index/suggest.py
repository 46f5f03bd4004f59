""""Did you mean": replace query words the reports never (or hardly ever) use with a close,
frequent word, keeping the rest of the query exactly as typed.

Whoosh's own searcher.correct_query() corrects the *stemmed* query terms ("vettting" is
already "vettt" by then) and ranks every candidate within the edit limit alike, so this
module works on the words as typed, against the unstemmed spelling field, closest first
and then most frequent.
"""
from __future__ import annotations

from whoosh import query

from .rewrite import edit_distance, uncached_vocabulary
from .schema import SPELL_FIELD

#: A word found at most this many times in all the reports counts as rare...
RARE = 2
#: ...and is only replaced by a word at least this many times more frequent.
RATIO = 20


def _word_spans(q: query.Query, qstring: str) -> list[tuple[int, int]]:
    """(start, end) of each plain word or phrase word the query looks for in the text
    (wildcards and fuzzy terms are left as typed)."""
    spans = set()
    leaves = (leaf for leaf in q.leaves() if isinstance(leaf, (query.Term, query.Phrase)))
    tokens = (t for leaf in leaves for t in leaf.tokens())
    for token in tokens:
        if token.fieldname != "text" or token.startchar is None or token.endchar is None:
            continue
        word = qstring[token.startchar:token.endchar]
        if word.isalpha():
            spans.add((token.startchar, token.endchar))
    return sorted(spans)


def _best(reader, word: str, vocabulary) -> str | None:
    own = reader.frequency(SPELL_FIELD, word)
    if own > RARE:
        return None
    maxdist = 1 if len(word) <= 5 else 2
    found = set(vocabulary(SPELL_FIELD).within(word, maxdist, 1, limit=10_000))
    found.discard(word)
    need = 1 if own == 0 else own * RATIO
    ranked = sorted(((edit_distance(word, w), -reader.frequency(SPELL_FIELD, w), w)
                     for w in found), key=lambda t: (t[0], t[1], t[2]))
    for _, negfreq, w in ranked:
        if -negfreq >= need:
            return w
    return None


def _same_case(typed: str, word: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return word.upper()
    if typed[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def suggest(reader, q: query.Query, qstring: str, vocabulary=None) -> str | None:
    """The query string with misspelt words corrected, or None when nothing needs it.
    vocabulary(fieldname) gives a field's Vocabulary (default: read afresh)."""
    if vocabulary is None:
        vocabulary = uncached_vocabulary(reader)
    out, last, changed = [], 0, False
    for start, end in _word_spans(q, qstring):
        typed = qstring[start:end]
        if len(typed) < 4:
            continue
        better = _best(reader, typed.lower(), vocabulary)
        if better:
            out += [qstring[last:start], _same_case(typed, better)]
            last, changed = end, True
    if not changed:
        return None
    return "".join(out) + qstring[last:]
