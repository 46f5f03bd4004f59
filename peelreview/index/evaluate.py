"""Every match of a query in one segment, with its BM25F score, computed on whole arrays.

Whoosh's matchers advance one document at a time through a tree of Python objects (about
20 µs per match), and even reading its postings a block at a time and scoring them in a
Python loop cost ~0.5 µs per posting: 100-300 ms for three common words at 1,000 reports.
Here a term's postings come from the segment's fast postings file (fastpostings.py) as
numpy arrays, BM25 is computed over the whole array at once, and the query tree combines
per-document arrays (a match mask and a score for every document of the segment) with
vectorised AND, OR and NOT. The total, the facet input and the ranking all come from that
one pass.

- Filters on values the meta column holds (kind, grade, force, year, type, report kind)
  are answered from it: one table lookup per document, not a postings list.
- Terms of fields without fast postings (pairs, tags...), and whole segments written
  before the fast postings existed, are read from Whoosh's postings blocks.

Scores follow Whoosh's BM25F (same idf, average field length and length encoding). No
field keeps word positions: phrases are looked up as adjacent-word pairs (rewrite.py).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from whoosh import query
from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.reading import TermNotFound
from whoosh.util.numeric import byte_to_length

from .collect_ids import matched_ids
from .schema import META_PARTS, SCORED_FIELDS
from .segcache import SegmentData

#: Wildcards matching more words than this are cut off (a search, not a dump).
MAX_EXPANSION = 2000
#: Filter fields whose values the meta column holds, and where.
_META_AT = {name: META_PARTS.index(name)
            for name in ("doc_type", "report_kind", "kind", "grade", "force", "year")}
_BYTE_LENGTHS = np.array([byte_to_length(b) or 1 for b in range(256)], dtype=np.float64)


@dataclass
class Dense:
    """A query's result over every document of a segment: which match, and their scores
    (0 where they do not match)."""
    mask: np.ndarray
    score: np.ndarray

    def any(self) -> bool:
        return bool(self.mask.any())


class IndexStats:
    """Whole-index figures BM25 needs (a term's idf, a field's average length), asked of
    Whoosh once per search: each is a sum over every segment, and every segment needs the
    same values (31 segments x 31 sums took ~20 ms of a three-word search)."""

    def __init__(self, top):
        self.top = top
        self._idf: dict[tuple[str, bytes], float] = {}
        self._avg: dict[str, float] = {}

    def idf(self, fieldname: str, btext: bytes) -> float:
        key = (fieldname, btext)
        if key not in self._idf:
            self._idf[key] = self.top.idf(fieldname, btext)
        return self._idf[key]

    def avg_field_length(self, fieldname: str) -> float:
        if fieldname not in self._avg:
            self._avg[fieldname] = self.top.avg_field_length(fieldname) or 1
        return self._avg[fieldname]


class SegmentEval:
    """Evaluates queries against one segment (sub-searcher) of a top-level searcher."""

    def __init__(self, top, sub, data: SegmentData, B: float = 0.75, K1: float = 1.2,
                 stats: IndexStats | None = None):
        self.stats = stats or IndexStats(top)
        self.schema = top.schema
        self.sub = sub
        self.reader = sub.reader()
        self.doccount = self.reader.doc_count_all()
        self.data = data
        self.B, self.K1 = B, K1
        self._expansions: dict[int, list[bytes]] = {}

    def run(self, q: query.Query) -> tuple[np.ndarray, np.ndarray]:
        """(document numbers, scores) of every non-deleted document of the segment that q
        matches, in document order."""
        result = self._eval(q)
        mask = result.mask
        if self.reader.has_deletions():
            deleted = np.fromiter(self.reader.deleted_docs_set, dtype=np.int64)
            mask = mask.copy()
            mask[deleted[deleted < self.doccount]] = False
        ids = np.flatnonzero(mask)
        return ids, result.score[ids]

    # ------------------------------------------------------------------ arrays

    def _empty(self) -> Dense:
        return Dense(np.zeros(self.doccount, dtype=bool), np.zeros(self.doccount))

    def _all(self) -> Dense:
        return Dense(np.ones(self.doccount, dtype=bool), np.zeros(self.doccount))

    def _sparse_to_dense(self, ids: np.ndarray, scores: np.ndarray) -> Dense:
        out = self._empty()
        out.mask[ids] = True
        out.score[ids] = scores
        return out

    # ------------------------------------------------------------------ postings

    def _norms(self, fieldname: str, avgfl: float) -> np.ndarray:
        """K1 * (1 - B + B * length / average) for every document of the segment."""
        key = (fieldname, avgfl, self.K1, self.B)
        norms = self.data.norms.get(key)
        if norms is None:
            raw = self._lengths(fieldname)
            lengths = _BYTE_LENGTHS[np.frombuffer(raw, dtype=np.uint8)]
            norms = self.K1 * ((1 - self.B) + self.B * lengths / avgfl)
            for old in [k for k in list(self.data.norms) if k[0] == fieldname]:
                self.data.norms.pop(old, None)  # the average moved: the index grew
            self.data.norms[key] = norms
        return norms

    def _lengths(self, fieldname: str) -> bytes:
        """The segment's encoded field length of every document (one byte each)."""
        raw = self.data.lengths.get(fieldname)
        if raw is None:
            perdoc = self.reader._perdoc
            lenfield = _lenfield(fieldname)
            raw = b""
            if perdoc.has_column(lenfield):
                col = perdoc.column_reader(lenfield, LENGTHS_COLUMN)
                raw = bytes(col._dbfile.get(col._basepos, col._count))
            raw = raw[:self.doccount] + bytes(max(0, self.doccount - len(raw)))
            self.data.lengths[fieldname] = raw
        return raw

    def _postings(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """A term's document numbers and weights, deleted documents included."""
        fast = self.data.fast
        if fast is not None and fast.has_field(fieldname):
            return fast.postings(fieldname, btext)
        ids: list[int] = []
        weights: list[float] = []
        for block_ids, block_weights in self._blocks(fieldname, btext):
            ids.extend(block_ids)
            weights.extend(block_weights)
        return np.asarray(ids, dtype=np.int64), np.asarray(weights, dtype=np.float64)

    def _blocks(self, fieldname: str, btext: bytes):
        """(ids, weights) of each Whoosh postings block of a term."""
        try:
            m = self.reader.postings(fieldname, btext)
        except TermNotFound:
            return
        if type(m).__name__ == "FilterMatcher":
            m = m.child
        if not hasattr(m, "_read_ids"):  # not Whoosh 3 postings: one at a time
            ids = list(m.all_ids())
            yield ids, [1.0] * len(ids)
            return
        while m.is_active():
            yield _block(m)
            if m._lastblock:
                return
            m._next_block()

    def _term_scores(self, fieldname: str, text, boost: float) -> tuple[np.ndarray, np.ndarray]:
        """(ids, scores) of a term's postings: BM25 in the scored fields, else its
        weight times the boost."""
        if fieldname not in self.schema:
            return _NO_IDS, _NO_SCORES
        field = self.schema[fieldname]
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
        ids, weights = self._postings(fieldname, btext)
        if not len(ids):
            return _NO_IDS, _NO_SCORES
        if fieldname not in SCORED_FIELDS or not field.scorable:
            return ids, weights * boost
        idf = self.stats.idf(fieldname, btext) * boost
        avgfl = self.stats.avg_field_length(fieldname)
        # BM25: idf * tf*(K1+1) / (tf + K1*(1-B + B*len/avg)), len from its encoded byte.
        norms = self._norms(fieldname, avgfl)
        return ids, idf * weights * (self.K1 + 1) / (weights + norms[ids])

    def _term(self, fieldname: str, text, boost: float) -> Dense:
        return self._sparse_to_dense(*self._term_scores(fieldname, text, boost))

    # ------------------------------------------------------------------ meta filters

    def _allowed(self, q: query.Query) -> np.ndarray | None:
        """For a filter the meta column can answer (a kind, grade, force, type or year
        term, a year range): a table saying, per meta code, whether it passes. None for
        any other query."""
        if isinstance(q, query.NumericRange) and q.fieldname == "year":
            return self._codes_where("year", lambda v: v.isdigit() and _in_range(int(v), q))
        if not isinstance(q, query.Term) or q.fieldname not in _META_AT:
            return None
        field = self.schema[q.fieldname]
        btext = q.text if isinstance(q.text, bytes) else field.to_bytes(q.text)
        word = str(field.from_bytes(btext))
        if q.fieldname == "year":
            return self._codes_where("year", lambda v: v == word)
        # The distinct values are few (forces, grades, kinds): analyse each once.
        return self._codes_where(q.fieldname,
                                 lambda v: word in {t.text for t in field.analyzer(v)})

    def _codes_where(self, fieldname: str, test) -> np.ndarray:
        at = _META_AT[fieldname]
        values = self.data.meta.values
        fits = {value for value in {v[at] for v in values} if test(value)}
        return np.array([v[at] in fits for v in values] or [False], dtype=bool)

    def _filtered(self, allowed: np.ndarray) -> Dense:
        codes = self.data.codes()
        mask = allowed[codes] if len(codes) else np.zeros(0, dtype=bool)
        return Dense(mask, np.zeros(self.doccount))

    # ------------------------------------------------------------------ query tree

    def _eval(self, q: query.Query) -> Dense:
        """q's matches and scores over the whole segment."""
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, q.boost)
        allowed = self._allowed(q)
        if allowed is not None:  # a year range
            return self._filtered(allowed)
        if isinstance(q, query.And):
            return self._and(q.subqueries)
        if isinstance(q, query.DisjunctionMax):
            return self._union(q.subqueries, np.maximum)
        if isinstance(q, query.Or):
            return self._union(q.subqueries, np.add)
        if isinstance(q, query.Not):
            out = self._all()
            out.mask &= ~self._eval(q.query).mask
            return out
        if isinstance(q, query.AndNot):
            a = self._eval(q.a)
            if a.any():
                a.mask &= ~self._eval(q.b).mask
                a.score[~a.mask] = 0.0
            return a
        if isinstance(q, query.AndMaybe):
            a = self._eval(q.a)
            if a.any():
                b = self._eval(q.b)
                a.score += np.where(a.mask, b.score, 0.0)
            return a
        if isinstance(q, query.Require):
            a = self._eval(q.a)
            if a.any():
                a.mask &= self._eval(q.b).mask
                a.score[~a.mask] = 0.0
            return a
        if isinstance(q, query.Every):
            return self._all()
        if isinstance(q, query.qcore._NullQuery):
            return self._empty()
        if isinstance(q, query.Phrase):  # no field keeps positions: all of its words
            return self._and([query.Term(q.fieldname, w, boost=q.boost) for w in q.words])
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.RangeMixin):
            out = self._empty()  # a document scores by its best-fitting word
            for btext in self._expand(q):
                ids, scores = self._term_scores(q.fieldname, btext, q.boost)
                out.mask[ids] = True
                out.score[ids] = np.maximum(out.score[ids], scores)
            return out
        return self._by_matcher(q)

    def _union(self, subqueries, combine) -> Dense:
        """OR (scores added) or a disjunction-max (the best score kept). Terms, the usual
        parts (a word in text, area and section), go straight into the arrays."""
        out = self._empty()
        for sub in subqueries:
            if isinstance(sub, query.Term):
                ids, scores = self._term_scores(sub.fieldname, sub.text, sub.boost)
                out.mask[ids] = True
                out.score[ids] = combine(out.score[ids], scores)
            else:
                part = self._eval(sub)
                out.mask |= part.mask
                combine(out.score, part.score, out=out.score)
        return out

    def _expand(self, q: query.MultiTerm) -> list[bytes]:
        key = id(q)
        if key not in self._expansions:
            words = []
            for n, btext in enumerate(q._btexts(self.reader)):
                if n >= MAX_EXPANSION:
                    break
                words.append(btext)
            self._expansions[key] = words
        return self._expansions[key]

    def _and(self, subqueries) -> Dense:
        negative = [s.query for s in subqueries if isinstance(s, query.Not)]
        positive = [s for s in subqueries if not isinstance(s, query.Not)]
        # Filters the meta column answers are merged into one table of accepted codes.
        allowed: np.ndarray | None = None
        searching = []
        for part in positive:
            codes = self._allowed(part)
            if codes is None:
                searching.append(part)
            else:
                allowed = codes if allowed is None else allowed & codes
        acc = self._filtered(allowed) if allowed is not None else None
        for part in searching:
            if acc is not None and not acc.any():
                return acc
            scores = self._eval(part)
            if acc is None:
                acc = scores
            else:
                acc.mask &= scores.mask
                acc.score += scores.score
        if acc is None:
            acc = self._all()
        for neg in negative:
            if not acc.any():
                break
            acc.mask &= ~self._eval(neg).mask
        acc.score[~acc.mask] = 0.0
        return acc

    def _by_matcher(self, q: query.Query) -> Dense:
        """Anything else (other ranges...): Whoosh finds the documents, they score 0."""
        matcher = q.matcher(self.sub, self.sub.context(needs_current=True, weighting=None))
        if not matcher.is_active():
            return self._empty()
        ids = np.asarray(matched_ids(matcher, self.reader), dtype=np.int64)
        return self._sparse_to_dense(ids, np.zeros(len(ids)))


_NO_IDS = np.zeros(0, dtype=np.int64)
_NO_SCORES = np.zeros(0, dtype=np.float64)


def _in_range(year: int, q: query.NumericRange) -> bool:
    if q.start is not None and (year < q.start or (q.startexcl and year == q.start)):
        return False
    return not (q.end is not None and (year > q.end or (q.endexcl and year == q.end)))


def _block(m) -> tuple:
    """A Whoosh 3 postings block's ids and weights (Whoosh's own _read_ids undoes the
    delta coding with a Python generator; numpy's cumsum does it in C)."""
    if m._data is None:
        m._read_data()
    ids, weights = m._data[0], m._data[1]
    if not m._byteids:
        ids = np.cumsum(np.asarray(ids, dtype=np.int64)).tolist()
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * len(ids)
    return ids, weights
