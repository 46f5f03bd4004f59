"""Every match of a query in one segment, with its BM25F score, in one pass over postings.

Whoosh's matchers advance one document at a time through a tree of Python objects (about
20 µs per match): scoring 26,000 matches of a common word took a quarter of a second, and
exact totals and facets needed a second pass. Here postings are read a block at a time
into dictionaries, which yields the total, the facet input and the ranking together:

- the parts of an AND run rarest first, and each later part only scores the documents
  still in play;
- filters on values the meta column holds (kind, grade, force, year, type, report kind)
  are merged and checked there in one pass, instead of reading long postings lists.

Scores follow Whoosh's BM25F (same idf, average field length and length encoding). No
field keeps word positions: phrases are looked up as adjacent-word pairs (rewrite.py).
"""
from __future__ import annotations

from itertools import accumulate
from operator import add

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


_norms: dict[tuple[float, float, float], list[float]] = {}


def _norm_table(avgfl: float, K1: float, B: float) -> list[float]:
    """K1 * (1 - B + B * length / average) for each of the 256 encoded lengths."""
    key = (avgfl, K1, B)
    table = _norms.get(key)
    if table is None:
        if len(_norms) > 64:
            _norms.clear()
        table = _norms[key] = [K1 * ((1 - B) + B * (byte_to_length(b) or 1) / avgfl)
                               for b in range(256)]
    return table


def _kept(ids, weights, within: Scores):
    """The ids (and their weights) of one postings block that are in `within`. The
    intersection is taken in C; only the documents kept are then looked at one by one (a
    later part of an AND reads long postings lists for the few documents still in play)."""
    hit = within.keys() & ids
    if len(hit) == len(ids):
        return ids, weights
    if not hit:
        return (), ()
    weight_of = dict(zip(ids, weights, strict=True))
    return hit, [weight_of[d] for d in hit]


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

    def _blocks(self, fieldname: str, btext: bytes):
        """(ids, weights) of each postings block of a term, deleted documents included."""
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

    def _term(self, fieldname: str, text, boost: float, within: Scores | None) -> Scores:
        if fieldname not in self.schema or within == {}:
            return {}
        field = self.schema[fieldname]
        btext = text if isinstance(text, bytes) else field.to_bytes(text)
        out: Scores = {}
        if fieldname not in SCORED_FIELDS or not field.scorable:
            for ids, weights in self._blocks(fieldname, btext):
                if within is not None:
                    ids, weights = _kept(ids, weights, within)
                out.update((d, w * boost) for d, w in zip(ids, weights, strict=True))
            return out
        idf = self.top.idf(fieldname, btext) * boost
        avgfl = self.top.avg_field_length(fieldname) or 1
        # BM25: idf * tf*(K1+1) / (tf + K1*(1-B + B*len/avg)), len from its encoded byte.
        # (Plain loops: map/zip pipelines and tuple-keyed tables measured slower here.)
        norm = _norm_table(avgfl, self.K1, self.B)
        lengths = self._lengths(fieldname)
        k1p = self.K1 + 1
        for ids, weights in self._blocks(fieldname, btext):
            if within is not None:
                ids, weights = _kept(ids, weights, within)
            for d, w in zip(ids, weights, strict=True):
                out[d] = idf * w * k1p / (w + norm[lengths[d]])
        return out

    # ------------------------------------------------------------------ meta filters

    def _allowed(self, q: query.Query) -> set[int] | None:
        """For a filter the meta column can answer (a kind, grade, force, type or year
        term, a year range): the meta codes it accepts. None for any other query."""
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

    def _codes_where(self, fieldname: str, test) -> set[int]:
        at = _META_AT[fieldname]
        values = self.data.meta.values
        fits = {value for value in {v[at] for v in values} if test(value)}
        return {i for i, v in enumerate(values) if v[at] in fits}

    def _accepted(self, allowed: set[int], within: Scores | None) -> list[int]:
        """The documents (of `within`, else all) whose meta code is allowed."""
        codes = self.data.meta.codes
        if within is None:
            return [d for d, c in enumerate(codes) if c in allowed]
        return [d for d in within if codes[d] in allowed]

    # ------------------------------------------------------------------ query tree

    def _all(self, within: Scores | None) -> Scores:
        return dict.fromkeys(within if within is not None else range(self.doccount), 0.0)

    def _eval(self, q: query.Query, within: Scores | None) -> Scores:
        """{doc: q's score} for the documents of `within` (all when None) q matches."""
        if isinstance(q, query.Term):
            return self._term(q.fieldname, q.text, q.boost, within)
        allowed = self._allowed(q)
        if allowed is not None:  # a year range
            return dict.fromkeys(self._accepted(allowed, within), 0.0)
        if isinstance(q, query.And):
            return self._and(q.subqueries, within)
        if isinstance(q, query.DisjunctionMax):
            return _union([self._eval(s, within) for s in q.subqueries], max)
        if isinstance(q, query.Or):
            return _union([self._eval(s, within) for s in q.subqueries])
        if isinstance(q, query.Not):
            base = self._all(within)
            return _minus(base, self._matching(q.query, base))
        if isinstance(q, query.AndNot):
            a = self._eval(q.a, within)
            return _minus(a, self._matching(q.b, a)) if a else a
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
        if isinstance(q, query.MultiTerm) and not isinstance(q, query.RangeMixin):
            parts = [self._term(q.fieldname, b, q.boost, within) for b in self._expand(q)]
            return _union(parts, max)  # a document scores by its best-fitting word
        return self._by_matcher(q, within)

    def _matching(self, q: query.Query, within: Scores):
        """The documents of `within` that q matches, unscored: what NOT x needs. Terms
        and ORs of terms are intersected block by block in C; the rest is evaluated."""
        if isinstance(q, query.Term) and q.fieldname in self.schema:
            field = self.schema[q.fieldname]
            btext = q.text if isinstance(q.text, bytes) else field.to_bytes(q.text)
            keys, out = within.keys(), set()
            for ids, _ in self._blocks(q.fieldname, btext):
                out |= keys & ids
            return out
        if isinstance(q, query.Or | query.DisjunctionMax):
            out = set()
            for sub in q.subqueries:
                out |= self._matching(sub, within)
            return out
        return self._eval(q, within).keys()

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
        positive = [s for s in subqueries if not isinstance(s, query.Not)]
        # Filters the meta column answers are merged into one set of accepted codes and
        # applied in one pass, after the (rarest first) searching parts.
        allowed: set[int] | None = None
        searching, filters = [], []
        for part in positive:
            codes = self._allowed(part)
            if codes is None:
                searching.append(part)
            else:
                filters.append(part)
                allowed = codes if allowed is None else allowed & codes
        searching.sort(key=self._estimate)
        # A filter term rarer than every searching part is read from its postings first
        # (kind:recommendation before vetting); the filter pass still checks it.
        terms = [f for f in filters if isinstance(f, query.Term)]
        if terms and searching:  # (filters alone: one scan of the meta column is faster)
            rarest = min(terms, key=self._estimate)
            if self._estimate(rarest) < self._estimate(searching[0]):
                searching.insert(0, rarest)
        acc: Scores | None = None
        for part in searching:
            scores = self._eval(part, acc if acc is not None else within)
            acc = scores if acc is None else dict(zip(scores, map(add, map(acc.__getitem__,
                                                                          scores),
                                                                   scores.values()), strict=False))
            if not acc:
                return {}
        if allowed is not None:
            if acc is None:
                acc = dict.fromkeys(self._accepted(allowed, within), 0.0)
            else:
                kept = self._accepted(allowed, acc)
                acc = dict(zip(kept, map(acc.__getitem__, kept), strict=False))
        if acc is None:
            acc = self._all(within)
        for neg in negative:
            acc = _minus(acc, self._matching(neg, acc))
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


def _in_range(year: int, q: query.NumericRange) -> bool:
    if q.start is not None and (year < q.start or (q.startexcl and year == q.start)):
        return False
    return not (q.end is not None and (year > q.end or (q.endexcl and year == q.end)))


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
