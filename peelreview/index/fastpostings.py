"""A segment's postings for the searched fields, in a file numpy reads without decoding.

Whoosh keeps postings in blocks of 128, each a zlib-compressed pickle behind a pickled
header: reading one block costs tens of microseconds of Python, and a three-word query at
1,000 reports reads ~350,000 postings (3,000 blocks) before any scoring. Decoding and
BM25 scoring one posting at a time in Python put a floor of 100-200 ms under such queries.

So every segment our writer makes also gets ``<segment>.pfp`` beside Whoosh's files: for
each term of the fields in FAST_FIELDS, its document numbers (delta coded, 1, 2 or 4 bytes
each) and weights (1 or 2 bytes when they are whole numbers, else 4-byte floats), one
contiguous run per term. A search maps the file and reads a term's postings as two numpy
arrays in microseconds (evaluate.py scores them as whole arrays).

The file is derived data. Its name carries the segment id, so Whoosh deletes it with its
segment. A segment without one (written before it existed) or with one that does not fit
the segment is searched through Whoosh's own postings, as before.
"""
from __future__ import annotations

import json
import mmap
import struct
import sys
from array import array
from contextlib import suppress
from operator import sub
from pathlib import Path

import numpy as np

from .errors import IndexDamaged

#: Fields whose postings get the fast copy: the ones plain words are searched in, the
#: adjacent-stem pairs quoted phrases are looked up in, the report title, and the
#: unstemmed vocabulary (whose sorted term list wildcards, fuzzy terms and "did you mean"
#: scan: vocabulary.py).
FAST_FIELDS = frozenset({"text", "pairs", "area", "section", "title", "words"})
#: File extension, after the segment id (Whoosh's clean-up removes it with the segment).
EXTENSION = ".pfp"
MAGIC = b"PRFP\x01\n\x00\x00"
_HEAD = struct.Struct("<Q")
# Native byte order, written by the array module and read by numpy alike.
_ID_TYPES = (np.uint8, np.uint16, np.uint32)
_WEIGHT_TYPES = (np.uint8, np.uint16, np.float32)
_ARRAY_CODES = ("B", "H", "I" if array("I").itemsize == 4 else "L")


def _narrowest(top: int) -> int:
    """0, 1 or 2: the narrowest of 1-, 2- and 4-byte unsigned integers holding top."""
    return 0 if top < 0x100 else 1 if top < 0x10000 else 2


class FastPostingsWriter:
    """Collects each term's postings (as they are written to Whoosh) and writes the file."""

    def __init__(self, doccount: int):
        self.doccount = doccount
        self._fields: dict[str, dict] = {}
        self._chunks: list[bytes] = []
        self._size = 0
        self._dropped: set[str] = set()

    def add(self, fieldname: str, btext: bytes, ids: list[int], weights: list[float]) -> None:
        """One term's postings, ids ascending (Whoosh's order). Packed with the array
        module: most terms have a few postings, and numpy's cost per call outweighed its
        speed per element here (this runs for every term an import writes)."""
        if fieldname not in FAST_FIELDS or fieldname in self._dropped or not ids:
            return
        if b"\x00" in btext:  # terms are stored NUL-separated: leave the field to Whoosh
            self._dropped.add(fieldname)
            self._fields.pop(fieldname, None)
            return
        f = self._fields.setdefault(fieldname, {"terms": [], "offsets": [], "counts": [],
                                                "firsts": [], "kinds": []})
        deltas = list(map(sub, ids[1:], ids[:-1]))
        if deltas and min(deltas) <= 0:
            raise ValueError(f"postings of {fieldname}:{btext!r} are not in document order")
        id_code = _narrowest(max(deltas, default=0))
        floats = list(map(float, weights))
        whole = min(floats) >= 0 and all(map(float.is_integer, floats))
        w_code = _narrowest(int(max(floats))) if whole else 2
        f["terms"].append(btext)
        f["offsets"].append(self._size)
        f["counts"].append(len(ids))
        f["firsts"].append(ids[0])
        f["kinds"].append(id_code * 4 + w_code)
        packed_weights = (array(_ARRAY_CODES[w_code], map(int, floats)) if w_code < 2
                          else array("f", floats))
        for chunk in (array(_ARRAY_CODES[id_code], deltas).tobytes(),
                      packed_weights.tobytes()):
            self._chunks.append(chunk)
            self._size += len(chunk)

    def to_bytes(self) -> bytes:
        """The whole file: magic, header length, JSON header, arrays, postings data."""
        parts: list[bytes] = []
        fields_head: dict[str, dict] = {}
        position = 0

        def put(blob: bytes) -> int:
            nonlocal position
            pad = (-position) % 8
            parts.append(b"\x00" * pad + blob)
            position += pad
            at = position
            position += len(blob)
            return at

        for name, f in sorted(self._fields.items()):
            fields_head[name] = {
                "n": len(f["terms"]),
                "terms": [put(b"\x00".join(f["terms"])), sum(map(len, f["terms"]))
                          + len(f["terms"]) - 1],
                "offsets": put(np.asarray(f["offsets"], dtype="<u8").tobytes()),
                "counts": put(np.asarray(f["counts"], dtype="<u4").tobytes()),
                "firsts": put(np.asarray(f["firsts"], dtype="<u4").tobytes()),
                "kinds": put(np.asarray(f["kinds"], dtype="u1").tobytes()),
            }
        data_at = put(b"".join(self._chunks))
        head = json.dumps({"doccount": self.doccount, "byteorder": sys.byteorder,
                           "fields": fields_head,
                           "data": [data_at, self._size]}).encode("utf-8")
        start = len(MAGIC) + _HEAD.size + len(head)
        start += (-start) % 8
        prefix = MAGIC + _HEAD.pack(start - len(MAGIC) - _HEAD.size) + head
        prefix += b"\x00" * (start - len(prefix))
        return prefix + b"".join(parts)


class _Field:
    """One field's term directory, its term -> row dictionary built on first lookup."""

    def __init__(self, buf, base: int, head: dict, data_end: int):
        n = int(head["n"])
        t_at, t_len = head["terms"]
        self._terms_blob = (base + t_at, t_len)
        self.offsets = np.frombuffer(buf, "<u8", n, base + head["offsets"])
        self.counts = np.frombuffer(buf, "<u4", n, base + head["counts"])
        self.firsts = np.frombuffer(buf, "<u4", n, base + head["firsts"])
        self.kinds = np.frombuffer(buf, "u1", n, base + head["kinds"])
        self._buf = buf
        self._rows: dict[bytes, int] | None = None
        self.n = n
        if n and (int(self.offsets.max()) > data_end or (self.kinds % 4 > 2).any()
                  or (self.kinds // 4 > 2).any()):
            raise ValueError("term directory points outside the file")

    def terms(self) -> list[bytes]:
        """Every term of the field, sorted (Whoosh's order)."""
        at, length = self._terms_blob
        terms = bytes(self._buf[at:at + length]).split(b"\x00") if self.n else []
        if len(terms) != self.n:
            raise IndexDamaged("a fast postings file's term list does not fit its directory")
        return terms

    def row(self, btext: bytes) -> int | None:
        if self._rows is None:
            self._rows = dict(zip(self.terms(), range(self.n), strict=True))
        return self._rows.get(btext)


class FastPostings:
    """A mapped .pfp file: postings(field, term) -> (ids int64 array, weights float64)."""

    def __init__(self, path: Path, doccount: int):
        with open(path, "rb") as fh:
            self._mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        try:
            self._open(doccount)
        except Exception:
            # arrays made before the fault still point into the map (the traceback keeps
            # them alive): the map then closes when they go, not now
            with suppress(BufferError):
                self._mm.close()
            raise

    def _open(self, doccount: int) -> None:
        mm = self._mm
        if mm[:len(MAGIC)] != MAGIC:
            raise ValueError("not a fast postings file")
        (head_len,) = _HEAD.unpack_from(mm, len(MAGIC))
        at = len(MAGIC) + _HEAD.size
        head = json.loads(bytes(mm[at:at + head_len]).decode("utf-8").rstrip("\x00"))
        base = at + head_len
        if head.get("byteorder") != sys.byteorder:
            raise ValueError("written on a machine of the other byte order")
        if head["doccount"] != doccount:
            raise ValueError(f"written for {head['doccount']} documents, segment has {doccount}")
        data_at, data_len = head["data"]
        self._data = base + data_at
        if self._data + data_len > len(mm):
            raise ValueError("the file is shorter than its header says")
        self._end = data_len
        self.fields = {name: _Field(mm, base, f, data_len) for name, f in head["fields"].items()}

    def has_field(self, fieldname: str) -> bool:
        return fieldname in self.fields

    def terms(self, fieldname: str) -> list[bytes]:
        return self.fields[fieldname].terms()

    def postings(self, fieldname: str, btext: bytes) -> tuple[np.ndarray, np.ndarray]:
        """A term's document numbers (ascending) and weights; empty arrays if absent."""
        f = self.fields[fieldname]
        row = f.row(btext)
        if row is None:
            return _EMPTY_IDS, _EMPTY_WEIGHTS
        count = int(f.counts[row])
        kind = int(f.kinds[row])
        id_type, w_type = _ID_TYPES[kind // 4], _WEIGHT_TYPES[kind % 4]
        at = self._data + int(f.offsets[row])
        id_bytes = (count - 1) * np.dtype(id_type).itemsize
        if at + id_bytes + count * np.dtype(w_type).itemsize > self._data + self._end:
            raise IndexDamaged("a term's fast postings run past the end of their file")
        ids = np.empty(count, dtype=np.int64)
        ids[0] = int(f.firsts[row])
        if count > 1:
            np.cumsum(np.frombuffer(self._mm, id_type, count - 1, at), dtype=np.int64,
                      out=ids[1:])
            ids[1:] += ids[0]
        weights = np.frombuffer(self._mm, w_type, count, at + id_bytes).astype(np.float64)
        return ids, weights


_EMPTY_IDS = np.zeros(0, dtype=np.int64)
_EMPTY_WEIGHTS = np.zeros(0, dtype=np.float64)


def file_name(segment_id: str) -> str:
    return f"{segment_id}{EXTENSION}"


def open_for(folder: Path | None, segment_id: str, doccount: int) -> FastPostings | None:
    """The segment's fast postings, or None when it has none or they do not fit it (the
    caller then reads Whoosh's own postings)."""
    if folder is None:
        return None
    path = Path(folder) / file_name(segment_id)
    if not path.is_file():
        return None
    try:
        return FastPostings(path, doccount)
    except (OSError, ValueError, KeyError, TypeError, struct.error, BufferError,
            IndexDamaged):
        return None
