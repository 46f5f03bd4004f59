"""Per-segment data held in memory: the meta column as a code array, field lengths, and
the segment's fast postings file (mapped, see fastpostings.py).

A segment never changes once written (deletions are kept apart), so its meta column is
read once (one to four bytes per document) and reused by every later search; counting
facets over 100,000 matches is then a C-speed Counter over small integers instead of
100,000 stored-field reads.
"""
from __future__ import annotations

import sys
import threading
from array import array
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from whoosh import columns

from . import fastpostings
from .errors import IndexDamaged
from .schema import META_COLUMN, META_PARTS, META_SEP
from .vocabulary import Vocabulary, merged

_EMPTY = ("",) * len(META_PARTS)


@dataclass
class Meta:
    """codes[docnum] indexes values; values[i] holds schema.META_PARTS as strings, ''
    where a document has none."""
    codes: array
    values: list[tuple[str, ...]]
    _groups: dict[int, tuple[np.ndarray, list[str]]] = field(default_factory=dict)

    def groups(self, position: int) -> tuple[np.ndarray, list[str]]:
        """For one part of the values (a force, a year...): the distinct strings, and for
        each code the index of its string among them; facets add counts up by it."""
        found = self._groups.get(position)
        if found is None:
            names: dict[str, int] = {}
            index = np.array([names.setdefault(v[position], len(names)) for v in self.values]
                             or [0], dtype=np.intp)
            found = self._groups[position] = (index, list(names) or [""])
        return found


@dataclass
class SegmentData:
    """What is kept per segment: its meta column, its fast postings (None when it has
    none), and the field lengths and BM25 length norms the evaluator derives as fields
    are first scored."""
    meta: Meta
    fast: fastpostings.FastPostings | None = None
    lengths: dict[str, bytes] = field(default_factory=dict)
    norms: dict[tuple, np.ndarray] = field(default_factory=dict)
    terms: dict[str, list[bytes]] = field(default_factory=dict)
    _codes: np.ndarray | None = None

    def codes(self) -> np.ndarray:
        """The meta codes as a numpy array (a view of the same memory)."""
        if self._codes is None:
            self._codes = np.asarray(memoryview(self.meta.codes)).astype(np.intp)
        return self._codes


def _parse(value: bytes) -> tuple[str, ...]:
    if not value:
        return _EMPTY
    parts = tuple(value.decode("utf-8", "replace").split(META_SEP))
    if len(parts) != len(META_PARTS) or not parts[0].isdigit():
        raise IndexDamaged("a value of the meta column is garbled")
    return parts


def read_meta(reader) -> Meta:
    creader = reader.column_reader(META_COLUMN, translate=False)
    doccount = reader.doc_count_all()
    if isinstance(creader, columns.RefBytesColumn.Reader):
        size = creader._itemsize
        if creader._typecode not in "BHiIlLqQ":
            raise IndexDamaged("the meta column of a segment is garbled")
        codes = array(creader._typecode)
        if codes.itemsize == size:
            codes.frombytes(creader._dbfile.get(creader._basepos, doccount * size))
            if size > 1 and sys.byteorder == "little":
                codes.byteswap()  # stored big-endian ("!" struct format)
            values = [_parse(u) for u in creader._uniques]
            if codes and max(codes) >= len(values):
                raise IndexDamaged("the meta column of a segment points past its values")
            return Meta(codes, values)
    # Slow but general path: a segment without the column, or an unexpected column type.
    index: dict[bytes, int] = {}
    codes = array("I", (index.setdefault(v or b"", len(index)) for v in creader))
    return Meta(codes, [_parse(v) for v in index])


def _key(reader) -> str:
    """Segments never change once written (deletions live elsewhere), so the id is enough."""
    return reader._segment.segment_id()


class SegmentCache:
    """SegmentData per segment id; segments that left the index are dropped. folder is the
    index folder, where the segments' fast postings files are (None: read Whoosh's own
    postings only)."""

    def __init__(self, folder: Path | None = None):
        self._lock = threading.Lock()
        self._cache: dict[str, SegmentData] = {}
        self._folder = folder
        self._vocabularies: dict[tuple, Vocabulary] = {}

    def for_reader(self, reader) -> SegmentData:
        """reader is one segment's reader (a leaf of the searcher)."""
        key = _key(reader)
        with self._lock:
            data = self._cache.get(key)
        if data is None:
            fast = fastpostings.open_for(self._folder, key, reader.doc_count_all())
            data = SegmentData(read_meta(reader), fast)
            with self._lock:
                data = self._cache.setdefault(key, data)
        return data

    def vocabulary(self, reader, fieldname: str) -> Vocabulary:
        """The field's sorted terms across the segments of a (top-level) reader, kept
        until the segments change."""
        leaves = [leaf for leaf, _ in reader.leaf_readers()
                  if leaf.doc_count_all() and hasattr(leaf, "_segment")]
        key = (fieldname, tuple(_key(leaf) for leaf in leaves))
        with self._lock:
            found = self._vocabularies.get(key)
        if found is not None:
            return found
        lists = []
        for leaf in leaves:
            data = self.for_reader(leaf)
            terms = data.terms.get(fieldname)
            if terms is None:
                if data.fast is not None and data.fast.has_field(fieldname):
                    terms = data.fast.terms(fieldname)
                else:
                    terms = list(leaf.lexicon(fieldname)) if fieldname in leaf.schema else []
                data.terms[fieldname] = terms
            lists.append(terms)
        found = merged(lists)
        with self._lock:
            for old in [k for k in self._vocabularies if k[0] == fieldname]:
                del self._vocabularies[old]  # (under the lock)
            self._vocabularies[key] = found
        return found

    def vocabularies(self, reader):
        """vocabulary(fieldname) for one (top-level) reader, the form widen() and
        suggest() take."""
        return lambda fieldname: self.vocabulary(reader, fieldname)

    def keep_only(self, readers) -> None:
        """Forget segments that are no longer part of the index (merged away)."""
        live = {_key(r) for r in readers if hasattr(r, "_segment")}
        with self._lock:
            # Not closed here: a search on an older commit may still be reading it. The
            # mapping goes when the last reference does.
            for key in [k for k in self._cache if k not in live]:
                del self._cache[key]
