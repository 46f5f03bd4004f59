"""The matches (and spelling hint) of recent queries, kept until the next commit.

Paging through results, switching to date order or re-running a search all ask again for
the same matches; finding and scoring them is most of a search's cost, ranking and
highlighting a page is little. Entries are keyed by the index generation, so a commit
makes them unreachable, and the cache is bounded by the number of matches it holds.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

#: At most this many matches are held (about 100 bytes each).
MAX_MATCHES = 1_000_000
MAX_ENTRIES = 32


class QueryCache:
    def __init__(self, max_matches: int = MAX_MATCHES, max_entries: int = MAX_ENTRIES):
        self._lock = threading.Lock()
        self._entries: OrderedDict[tuple, tuple[object, int]] = OrderedDict()
        self._held = 0
        self.max_matches, self.max_entries = max_matches, max_entries

    def get(self, key: tuple):
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                return None
            self._entries.move_to_end(key)
            return entry[0]

    def put(self, key: tuple, value, size: int) -> None:
        if size > self.max_matches:
            return
        generation = key[0]
        with self._lock:
            for old in [k for k in self._entries if k[0] != generation]:
                self._held -= self._entries.pop(old)[1]
            if key in self._entries:
                return
            self._entries[key] = (value, size)
            self._held += size
            while self._held > self.max_matches or len(self._entries) > self.max_entries:
                self._held -= self._entries.popitem(last=False)[1][1]
