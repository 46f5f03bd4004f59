"""Every match of a query in one segment, with its BM25F score, in one pass over postings.

Whoosh's matchers advance one document at a time through a tree of Python objects (about
20 µs per match): scoring 26,000 matches of a common word took a quarter of a second, and
exact totals and facets needed a second pass. Here postings are read a block at a time
into dictionaries, which yields the total, the facet input and the ranking together:

- the parts of an AND run rarest first, and each later part only looks at the documents
  still in play (skipping whole postings blocks that hold none of them);
- filters on values kept in the meta column (kind, grade, force, year, type...) are checked there
  once documents are in play, instead of reading their long postings lists.

Scores follow Whoosh's BM25F (same idf, average field length and length encoding). No
field keeps word positions: phrases are looked up as adjacent-word pairs (query.py).
"""
from __future__ import annotations

from itertools import accumulate

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

Scores = dict[int, float]


def _deleted(reader) -> frozenset[int]:
    return reader.deleted_docs_set if reader.has_deletions() else frozenset()


class SegmentEval:
    """Evaluates queries against one segment (sub-searcher) of a top-level searcher."""

    def __init__(self, top, sub, data: SegmentData, B: float = 0.75, K1: float = 1.2):
        self.top = top
        self.schema = top.schema
        self.sub = sub
        self.reader = sub.reader()
        self.doccount = self.reader.doc_count_all()
        self.deleted = _deleted(self.reader)
        self.data = data
        self.B, self.K1 = B, K1
        self._expansions: dict[int, list[bytes]] = {}

    def run(self, q: query.Query) -> Scores:
        """Scores of every non-deleted document of the segment that q matches."""
        out = self._eval(q, None)
        for d in self.deleted.intersection(out):
            del out[d]
        return out

    # ------------------------------------------------------------------ postings

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
            raw = raw + bytes(self.doccount - len(raw))
            self.data.lengths[fieldname] = raw
        return raw

    def _blocks(self, fieldname: str, btext: bytes, within: Scores | None):
        """(ids, weights) of the postings blocks of a term that may hold a document of
        `within` (all blocks when None); deleted documents included."""
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
        lo, hi = (min(within), max(within)) if within else (0, self.doccount)
        while m.is_active():
            if m._maxid >= lo:  # else the whole block lies before the first candidate
                ids, weights = _block(m)
                if ids[0] > hi:
                    return
                yield ids, weights
            if m._lastblock:
                return
            m._next_block()

    def _term(self, fieldname: str, text, boost: float, within: Scores | None) -> Scores:
        if fieldname not in self.schema or within == {}:
            return {}
        field = self.schema[fieldname]
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
        if within is not None and fieldname in _META_AT:
            return self._meta_filter(fieldname, btext, boost, within)
        out: Scores = {}
        if fieldname not in SCORED_FIELDS or not field.scorable:
            for ids, weights in self._blocks(fieldname, btext, within):
                block = zip(ids, weights, strict=True)
                if within is None:
                    out.update((d, w * boost) for d, w in block)
                else:
                    out.update((d, w * boost) for d, w in block if d in within)
            return out
        idf = self.top.idf(fieldname, btext) * boost
        avgfl = self.top.avg_field_length(fieldname) or 1
        K1, B = self.K1, self.B
        # BM25: idf * tf*(K1+1) / (tf + K1*(1-B + B*len/avg)), len from its encoded byte
        norm = [K1 * ((1 - B) + B * (byte_to_length(b) or 1) / avgfl) for b in range(256)]
        lengths = self._lengths(fieldname)
        k1p = K1 + 1
        for ids, weights in self._blocks(fieldname, btext, within):
            if within is None:
                for d, w in zip(ids, weights, strict=True):
                    out[d] = idf * w * k1p / (w + norm[lengths[d]])
            else:
                block = dict(zip(ids, weights, strict=True))
                for d in block.keys() & within.keys():
                    w = block[d]
                    out[d] = idf * w * k1p / (w + norm[lengths[d]])
        return out

    # ------------------------------------------------------------------ meta filters

    def _meta_filter(self, fieldname: str, btext: bytes, boost: float,
                     within: Scores) -> Scores:
        """A filter term checked against the meta column of documents already in play."""
        field = self.schema[fieldname]
        at = _META_AT[fieldname]
        meta = self.data.meta
        word = str(field.from_bytes(btext))
        if fieldname == "year":
            fits = {word}
        else:  # the distinct values are few (forces, grades, kinds): analyse each once
            fits = {value for value in {v[at] for v in meta.values}
                    if word in {t.text for t in field.analyzer(value)}}
        allowed = {i for i, v in enumerate(meta.values) if v[at] in fits}
        codes = meta.codes
        return {d: boost for d in within if codes[d] in allowed}

    def _year_range(self, q: query.NumericRange, within: Scores | None) -> Scores:
        at = _META_AT["year"]
        meta = self.data.meta
        allowed = set()
        for i, v in enumerate(meta.values):
            if not v[at].isdigit():
                continue
            year = int(v[at])
            if q.start is not None and (year < q.start or (q.startexcl and year == q.start)):
                continue
            if q.end is not None and (year > q.end or (q.endexcl and year == q.end)):
                continue
            allowed.add(i)
        codes = meta.codes
        docs = within if within is not None else range(self.doccount)
        return {d: 0.0 for d in docs if codes[d] in allowed}

    # ------------------------------------------------------------------ query tree

    def _all(self, within: Scores | None) -> Scores:
        return dict.fromkeys(within if within is not None else range(self.doccount), 0.0)

    def _eval(self, q: query.Query, within: Scores | None) -> Scores:
        """{doc: q's score} for the documents of `within` (all when None) q matches."""
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, q.boost, within)
        if isinstance(q, query.And):
            return self._and(q.subqueries, within)
        if isinstance(q, query.DisjunctionMax):
            return _union([self._eval(s, within) for s in q.subqueries], max)
        if isinstance(q, query.Or):
            return _union([self._eval(s, within) for s in q.subqueries])
        if isinstance(q, query.Not):
            base = self._all(within)
            return _minus(base, self._eval(q.query, base))
        if isinstance(q, query.AndNot):
            a = self._eval(q.a, within)
            return _minus(a, self._eval(q.b, a)) if a else a
        if isinstance(q, query.AndMaybe):
            a = self._eval(q.a, within)
            b = self._eval(q.b, a) if a else {}
            return {d: s + b.get(d, 0.0) for d, s in a.items()}
        if isinstance(q, query.Require):
            a = self._eval(q.a, within)
            b = self._eval(q.b, a) if a else {}
            return {d: s for d, s in a.items() if d in b}
        if isinstance(q, query.Every):
            return self._all(within)
        if isinstance(q, query.qcore._NullQuery):
            return {}
        if isinstance(q, query.Phrase):  # no field keeps positions: all of its words
            words = [query.Term(q.fieldname, w, boost=q.boost) for w in q.words]
            return self._and(words, within)
        if isinstance(q, query.NumericRange) and q.fieldname == "year":
            return self._year_range(q, within)
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.RangeMixin):
            parts = [self._term(q.fieldname, b, q.boost, within) for b in self._expand(q)]
            return _union(parts, max)  # a document scores by its best-fitting word
        return self._by_matcher(q, within)

    def _estimate(self, q: query.Query) -> int:
        """Roughly how many documents q matches here, to run the rarest part first."""
        if isinstance(q, query.Term):
            if q.fieldname not in self.schema:
                return 0
            return self.reader.doc_frequency(q.fieldname, q.text)
        if isinstance(q, query.And):
            parts = [s for s in q.subqueries if not isinstance(s, query.Not)]
            return min((self._estimate(s) for s in parts), default=self.doccount)
        if isinstance(q, query.Or | query.DisjunctionMax):
            return min(self.doccount, sum(self._estimate(s) for s in q.subqueries))
        if isinstance(q, query.Phrase):
            return min((self.reader.doc_frequency(q.fieldname, w) for w in q.words), default=0)
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.RangeMixin):
            return min(self.doccount, sum(self.reader.doc_frequency(q.fieldname, b)
                                          for b in self._expand(q)))
        return self.doccount

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

    def _and(self, subqueries, within: Scores | None) -> Scores:
        negative = [s.query for s in subqueries if isinstance(s, query.Not)]
        positive = sorted((s for s in subqueries if not isinstance(s, query.Not)),
                          key=self._estimate)
        acc: Scores | None = None
        for part in positive:
            scores = self._eval(part, acc if acc is not None else within)
            acc = scores if acc is None else {d: acc[d] + s for d, s in scores.items()}
            if not acc:
                return {}
        if acc is None:
            acc = self._all(within)
        for neg in negative:
            acc = _minus(acc, self._eval(neg, acc))
            if not acc:
                return {}
        return acc

    def _by_matcher(self, q: query.Query, within: Scores | None) -> Scores:
        """Anything else (other ranges...): Whoosh finds the documents, they score 0."""
        matcher = q.matcher(self.sub, self.sub.context(needs_current=True, weighting=None))
        if not matcher.is_active():
            return {}
        ids = matched_ids(matcher, self.reader)
        if within is not None:
            ids = [d for d in ids if d in within]
        return dict.fromkeys(ids, 0.0)


def _block(m) -> tuple:
    """A Whoosh 3 postings block's ids and weights, decoded at C speed (Whoosh's own
    _read_ids undoes the delta coding with a Python generator)."""
    if m._data is None:
        m._read_data()
    ids, weights = m._data[0], m._data[1]
    if not m._byteids:
        ids = tuple(accumulate(ids))
    if weights is None or isinstance(weights, float):
        weights = [1.0 if weights is None else weights] * len(ids)
    return ids, weights


def _union(parts: list[Scores], combine=None) -> Scores:
    parts = [p for p in parts if p]
    if not parts:
        return {}
    parts.sort(key=len, reverse=True)
    out = dict(parts[0])
    for part in parts[1:]:
        if combine is None:
            for d, s in part.items():
                out[d] = out.get(d, 0.0) + s
        else:
            for d, s in part.items():
                old = out.get(d)
                out[d] = s if old is None else combine(old, s)
    return out


def _minus(a: Scores, b: Scores) -> Scores:
    if not b:
        return a
    return {d: s for d, s in a.items() if d not in b}
