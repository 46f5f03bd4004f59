"""A Whoosh segment writer that groups postings by term instead of sorting them.

Whoosh's SegmentWriter buffers every posting as a tuple (field, term, docnum, weight,
value), sorts them all at commit (one C call over millions of tuples, holding the GIL: the
desktop app's UI froze for it) and then hands them one at a time to the codec, which looks
up each posting's field length and checks its types. Profiled over the stress corpus, that
commit was over half of indexing.

Here postings are grouped by (field, term) as they arrive; documents come in docnum order,
so each term's postings are already sorted. At commit only the distinct terms are sorted
(in slices, merged lazily, so no single call holds the GIL for long) and each term's
postings go to the codec a block at a time, with the field lengths read once per field.
The files written are byte for byte those of Whoosh's own writer (tests/test_index_fast.py).
"""
from __future__ import annotations

import heapq

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter

from .fastpostings import EXTENSION, FAST_FIELDS, FastPostingsWriter

#: Terms sorted per call: bounds how long one sort holds the GIL (~10 ms).
SORT_SLICE = 20_000
#: Field values up to this long are analysed once per writer: force, grade, kind, area,
#: section and title repeat on every document of a report.
CACHE_CHARS = 200


class GroupingPool:
    """Stands in for Whoosh's PostingPool: postings per (field, term), in arrival order.

    Each term's postings are one flat list, docnum, weight, value, docnum, ... (about 25
    bytes a posting, where Whoosh's tuples took over 130), read back a block at a time by
    slicing."""

    def __init__(self):
        self.terms: dict[tuple[str, bytes], list] = {}
        # Whoosh numbers documents in the order they are added (merged segments too), so
        # a term's postings arrive sorted; any that did not are sorted at commit.
        self.unsorted: set[tuple[str, bytes]] = set()

    def add(self, item) -> None:
        fieldname, tbytes, docnum, weight, vbytes = item
        key = (fieldname, tbytes)
        found = self.terms.get(key)
        if found is None:
            self.terms[key] = [docnum, weight, vbytes]
            return
        if found[-3] >= docnum:
            self.unsorted.add(key)
        found += (docnum, weight, vbytes)

    def sorted_terms(self):
        """(field, term) keys in the codec's order, sorted slice by slice."""
        keys = list(self.terms)
        if len(keys) <= SORT_SLICE:
            return iter(sorted(keys))
        slices = [sorted(keys[i:i + SORT_SLICE]) for i in range(0, len(keys), SORT_SLICE)]
        return heapq.merge(*slices)

    def iter_postings(self):
        """Whoosh's interface: every posting, sorted (for code that expects a pool)."""
        for key in self.sorted_terms():
            flat = self.postings(key)
            for i in range(0, len(flat), 3):
                yield (*key, *flat[i:i + 3])

    def postings(self, key: tuple[str, bytes], take: bool = False) -> list:
        """A term's flat postings in docnum order; take=True also lets the pool forget
        them, so that millions of postings are freed a term at a time while they are
        written rather than all at once when the writer goes (which held the GIL)."""
        flat = self.terms.pop(key) if take else self.terms[key]
        if key in self.unsorted:
            triples = sorted(zip(flat[0::3], flat[1::3], flat[2::3], strict=True),
                             key=_docnum)
            flat[:] = [x for t in triples for x in t]
            self.unsorted.discard(key)
        return flat

    def cleanup(self) -> None:
        self.terms = {}
        self.unsorted = set()


def _docnum(posting) -> int:
    return posting[0]


class GroupingWriter(SegmentWriter):
    """SegmentWriter with a GroupingPool and a block-at-a-time postings flush."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool.cleanup()  # Whoosh's own pool (nothing in it yet)
        self.pool = GroupingPool()
        self._analysed: dict[tuple[str, object], list] = {}

    def add_document(self, **fields):
        """SegmentWriter.add_document without its per-posting detour through the pool's
        add(), and analysing each short value (a force, an area heading) once."""
        schema = self.schema
        if any(name.startswith("_") for name in fields) or any(
                schema[name].separate_spelling() or schema[name].vector
                for name in fields if name in schema):
            return super().add_document(**fields)  # boosts, spelling, vectors: Whoosh's way
        self._check_state()
        fieldnames = sorted(fields)
        self._check_fields(schema, fieldnames)
        perdocwriter = self.perdocwriter
        docnum = self.docnum
        pool = self.pool
        terms, unsorted, analysed = pool.terms, pool.unsorted, self._analysed
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields[fieldname]
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    short = isinstance(value, (int, str)) and (
                        not isinstance(value, str) or len(value) <= CACHE_CHARS)
                    items = analysed.get((fieldname, value)) if short else None
                    if items is None:
                        items = list(field.index(value))
                        if short:
                            analysed[(fieldname, value)] = items
                    scorable = field.scorable
                    for tbytes, freq, weight, vbytes in items:
                        if scorable:
                            length += freq
                        key = (fieldname, tbytes)
                        found = terms.get(key)
                        if found is None:
                            terms[key] = [docnum, weight, vbytes]
                            continue
                        if found[-3] >= docnum:
                            unsorted.add(key)
                        found += (docnum, weight, vbytes)
                perdocwriter.add_field(fieldname, field, value if field.stored else None,
                                       length)
                column = field.column_type
                if column:
                    perdocwriter.add_column_value(fieldname, column,
                                                  field.to_column_value(value))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        fast = FastPostingsWriter(self.docnum)
        try:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool, fast)
        finally:
            self.fieldwriter.close()
            if lengths is not None:
                lengths.close()
        # Beside the segment's own files, before the commit makes the segment visible.
        out = self.newsegment.create_file(self.storage, EXTENSION)
        try:
            out.write(fast.to_bytes())
        finally:
            out.close()


def _length_table(lengths, fieldname: str, doccount: int) -> list[int] | None:
    """Each document's length in a field, decoded once (what Whoosh looks up per posting);
    None when the field keeps no lengths."""
    if lengths is None:
        return None
    reader = lengths._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
    if reader is None:
        return None
    decode = [byte_to_length(b) if b else 0 for b in range(256)]
    return [decode[reader[d]] for d in range(doccount)]


def _block_writer_ok(pw) -> bool:
    """True when the postings writer is the Whoosh 3 one this module knows the insides of."""
    return (type(pw).__name__ == "W3PostingsWriter"
            and all(hasattr(pw, a) for a in ("_blocklimit", "_ids", "_weights", "_values",
                                              "_maxweight", "_minlength", "_maxlength",
                                              "_write_block", "_byteids")))


def _add_block_wise(pw, flat: list, table) -> None:
    """What W3PostingsWriter.add_posting does for each posting, a block at a time."""
    limit = pw._blocklimit
    n = len(flat) // 3
    for i in range(0, n, limit):
        if i:
            pw._write_block()
        a, b = 3 * i, 3 * min(n, i + limit)
        ids = flat[a:b:3]
        weights = flat[a + 1:b:3]
        pw._ids.extend(ids)
        pw._weights.extend(weights)
        pw._values.extend(filter(None, flat[a + 2:b:3]))
        top = max(weights)
        if top > pw._maxweight:
            pw._maxweight = top
        if table is not None:
            lens = [x for x in map(table.__getitem__, ids) if x]
            if lens:
                low, high = min(lens), max(lens)
                if pw._minlength is None or low < pw._minlength:
                    pw._minlength = low
                if high > pw._maxlength:
                    pw._maxlength = high


def write_postings(fw, schema, lengths, pool: GroupingPool,
                   fast: FastPostingsWriter | None = None) -> None:
    """FieldWriter.add_postings for a GroupingPool: the same calls, in the same order.
    The postings of FAST_FIELDS are also handed to `fast` (fastpostings.py)."""
    doccount = lengths.doc_count_all() if lengths is not None else 0
    field, table, fieldobj = None, None, None
    for fieldname, btext in pool.sorted_terms():
        if fieldname != field:
            if field is not None:
                fw.finish_field()
            field, fieldobj = fieldname, schema[fieldname]
            fw.start_field(fieldname, fieldobj)
            table = _length_table(lengths, fieldname, doccount)
        flat = pool.postings((fieldname, btext), take=True)
        if fast is not None and fieldname in FAST_FIELDS:
            fast.add(fieldname, btext, flat[0::3], flat[1::3])
        fw.start_term(btext)
        pw = fw._postwriter
        if _block_writer_ok(pw) and not pw._byteids and not pw._ids:
            _add_block_wise(pw, flat, table)
        else:
            for i in range(0, len(flat), 3):
                docnum, weight, vbytes = flat[i:i + 3]
                length = table[docnum] if table is not None else 0
                fw.add(docnum, weight, vbytes or b"", length)
        fw.finish_term()
    if field is not None:
        fw.finish_field()
