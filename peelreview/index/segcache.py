"""Per-segment data held in memory: the meta column as a code array, and field lengths.

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

from whoosh import columns

from .errors import IndexDamaged
from .schema import META_COLUMN, META_PARTS, META_SEP

_EMPTY = ("",) * len(META_PARTS)


@dataclass
class Meta:
    """codes[docnum] indexes values; values[i] holds schema.META_PARTS as strings, ''
    where a document has none."""
    codes: array
    values: list[tuple[str, ...]]


@dataclass
class SegmentData:
    """What is kept per segment: its meta column, and the encoded field lengths the
    evaluator reads as fields are first scored."""
    meta: Meta
    lengths: dict[str, bytes] = field(default_factory=dict)


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
    """SegmentData per segment id; segments that left the index are dropped."""

    def __init__(self):
        self._lock = threading.Lock()
        self._cache: dict[str, SegmentData] = {}

    def for_reader(self, reader) -> SegmentData:
        """reader is one segment's reader (a leaf of the searcher)."""
        key = _key(reader)
        with self._lock:
            data = self._cache.get(key)
        if data is None:
            data = SegmentData(read_meta(reader))
            with self._lock:
                data = self._cache.setdefault(key, data)
        return data

    def keep_only(self, readers) -> None:
        """Forget segments that are no longer part of the index (merged away)."""
        live = {_key(r) for r in readers if hasattr(r, "_segment")}
        with self._lock:
            for key in list(self._cache):
                if key not in live:
                    del self._cache[key]
