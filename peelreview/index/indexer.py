"""SearchIndex: the one object callers use to build, update and search the index folder.

The index is a cache rebuilt from the store; every failure to read it is IndexDamaged so
the caller knows to rebuild. Writers take the workspace's index write lock (writelock.py:
threads of this process and other processes alike, waited for with a message), then
Whoosh's own lock inside the folder. A rebuild is made in a folder beside the index and
swapped in (swap.py), so a kill never leaves a half-built index in its place.
"""
from __future__ import annotations

import json
import os
import pickle
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable
from contextlib import suppress
from pathlib import Path

from whoosh import index
from whoosh.index import LockError
from whoosh.query import Term
from whoosh.scoring import BM25F

from . import collect
from .bulkwrite import GroupingWriter
from .documents import (
    IndexedAnnotation,
    IndexedReport,
    annotation_doc_id,
    annotation_document,
    report_documents,
)
from .errors import IndexBusy, IndexDamaged, QueryError
from .merging import merge_policy
from .query import make_parser
from .querycache import QueryCache
from .results import SearchResult
from .schema import MARKER_FILE, SCHEMA_VERSION, build_schema, schema_matches
from .searcher import run_search
from .segcache import SegmentCache
from .writelock import index_write_lock, lock_path_for

INDEX_NAME = "MAIN"
#: Seconds to wait for another program's writer before giving up with IndexBusy.
WRITE_TIMEOUT = 120.0

#: What a damaged or vanished index file raises while being read.
_READ_ERRORS = (OSError, EOFError, struct.error, pickle.UnpicklingError, zlib.error,
                index.IndexError)

def _raised_in_whoosh(exc: BaseException) -> bool:
    """True when the deepest frame of Whoosh or of this package that the error passed
    through is Whoosh's: Whoosh keeps no checksums, so a damaged file shows up as whatever
    its decoders trip on (a bug of ours must not pass for damage)."""
    last = None
    tb = exc.__traceback__
    while tb is not None:
        parts = Path(tb.tb_frame.f_code.co_filename).parts
        if "whoosh" in parts or "peelreview" in parts:
            last = "whoosh" if "whoosh" in parts else "peelreview"
        tb = tb.tb_next
    return last == "whoosh"


def _cancel(writer) -> None:
    """Throw a failed write away; its lock is let go even when throwing away fails too (a
    full disk), so the next writer of this process does not wait for it in vain."""
    try:
        writer.cancel()
    except Exception:  # noqa: BLE001 -- the first error is the one to report
        with suppress(Exception):
            writer.writelock.release()


def _weighting() -> BM25F:
    return BM25F(B=0.75, K1=1.2)


def _clean(doc: dict) -> dict:
    return {k: v for k, v in doc.items() if v is not None}


class SearchIndex:
    """Full-text search over every report held, one Whoosh index in one folder."""

    def __init__(self, folder: Path, ix, lock_path: Path | None = None):
        self.folder = Path(folder)
        self._ix = ix
        #: the write lock this index's writers take (a rebuild beside the index takes the
        #: lock of the index it will replace), and who hears that a writer is waiting
        self.lock_path = Path(lock_path) if lock_path else lock_path_for(self.folder)
        self.on_wait: Callable[[str], None] | None = None
        self._parser = make_parser(ix.schema)
        self._cache = SegmentCache(self.folder)
        self._recent = QueryCache()
        self._searchers: dict[int, tuple[threading.Thread, object]] = {}
        self._searchers_lock = threading.Lock()
        self._closed = False
        self._akeys: tuple[int, dict[int, str]] | None = None  # (generation, keys)

    # ------------------------------------------------------------------ opening

    @classmethod
    def open(cls, folder: Path, lock_path: Path | None = None,
             read_only: bool = False) -> SearchIndex:
        """Open an existing index; IndexDamaged if it is absent, incomplete or foreign.
        read_only: on a read-only drive (Whoosh then never tries to write a lock)."""
        folder = Path(folder)
        if not folder.is_dir():
            raise IndexDamaged(f"there is no search index at {folder}")
        try:
            marker = json.loads((folder / MARKER_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise IndexDamaged(f"{folder} does not hold a peelreview search index") from None
        if not isinstance(marker, dict) or marker.get("schema_version") != SCHEMA_VERSION:
            raise IndexDamaged(f"the search index at {folder} was built by another version")
        try:
            ix = index.open_dir(str(folder), indexname=INDEX_NAME, readonly=read_only)
            if not schema_matches(ix.schema):
                raise IndexDamaged(f"the search index at {folder} has an unexpected layout")
            with ix.reader() as reader:  # opens every segment: catches missing files
                reader.doc_count()
        except IndexDamaged:
            raise
        except Exception as e:  # noqa: BLE001 -- a damaged file can raise anything
            raise IndexDamaged(f"the search index at {folder} cannot be read "
                               f"({type(e).__name__}: {e})") from None
        return cls(folder, ix, lock_path)

    @classmethod
    def create(cls, folder: Path, lock_path: Path | None = None) -> SearchIndex:
        """A new, empty index in folder (any earlier index files there are removed; a file
        standing where the folder should be is moved aside as NAME.damaged)."""
        folder = Path(folder)
        lock_path = Path(lock_path) if lock_path else lock_path_for(folder)
        with index_write_lock(lock_path, what="making a new one"):
            if folder.exists() and not folder.is_dir():
                os.replace(folder, folder.with_name(folder.name + ".damaged"))
            folder.mkdir(parents=True, exist_ok=True)
            for path in folder.iterdir():
                name = path.name
                if path.is_file() and (name.startswith((f"{INDEX_NAME}_", f"_{INDEX_NAME}_"))
                                       or name == MARKER_FILE):
                    path.unlink()
            ix = index.create_in(str(folder), build_schema(), indexname=INDEX_NAME)
            marker = {"format": "peelreview-search-index", "schema_version": SCHEMA_VERSION}
            (folder / MARKER_FILE).write_text(json.dumps(marker), encoding="utf-8")
        return cls(folder, ix, lock_path)

    def remove_leftovers(self) -> None:
        """Delete what failed writes left (segment files no table of contents names, a
        writer's temporary folder): a full disk filled up further by every attempt. Call
        only while holding the index write lock."""
        import shutil

        with index_write_lock(self.lock_path, self.on_wait, "tidying it"):
            with suppress(OSError):
                index.clean_files(self._ix.storage, INDEX_NAME, self._ix.latest_generation(),
                                  self._ix._segments())
            shutil.rmtree(self.folder / f"{INDEX_NAME}.tmp", ignore_errors=True)

    def close(self) -> None:
        """Release the searchers (call once no search is running)."""
        self._closed = True
        with self._searchers_lock:
            searchers, self._searchers = list(self._searchers.values()), {}
        for _, searcher in searchers:
            searcher.close()
        self._ix.close()

    def __enter__(self) -> SearchIndex:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    # ------------------------------------------------------------------ writing

    def _check_open(self) -> None:
        if self._closed:
            raise RuntimeError(f"the search index at {self.folder} has been closed")

    def _write(self, work) -> None:
        """Run work(writer) under both locks and commit once; cancel on any error."""
        self._check_open()
        with index_write_lock(self.lock_path, self.on_wait, "writing to it"):
            try:
                # compound=False: Whoosh reads compound segments by copying each part
                # into memory (BytesIO over the mmap): 1.1 GB for a 540 MB index.
                writer = GroupingWriter(self._ix, timeout=WRITE_TIMEOUT, delay=0.25,
                                        compound=False)
            except LockError:
                raise IndexBusy(f"another program kept the search index at {self.folder} "
                                f"locked for over {WRITE_TIMEOUT:.0f} seconds") from None
            try:
                work(writer)
                writer.commit(mergetype=merge_policy)
            except BaseException:
                _cancel(writer)
                raise

    def add_reports(self, reports: Iterable[IndexedReport]) -> None:
        """Index a batch of reports in one commit, replacing any earlier copy of each."""
        batch = {item.report_id: item for item in reports}  # the last copy of an id wins
        if not batch:
            return

        def work(writer):
            for rid in batch:
                writer.delete_by_term("report_id", rid)
            for item in batch.values():
                for doc in report_documents(item):
                    writer.add_document(**_clean(doc))

        self._write(work)

    def delete_report(self, report_id: int) -> None:
        self._write(lambda writer: writer.delete_by_term("report_id", report_id))

    def put_annotations(self, changed: Iterable[tuple[IndexedAnnotation, object]],
                        removed: Iterable[int] = ()) -> None:
        """Add or replace annotation documents ((annotation, its report's Report) pairs) and
        remove those of the ids in `removed`, in one commit. Each is deleted before it is
        added inside the one writer, so two programs catching up at once leave one copy."""
        changed, removed = list(changed), list(removed)
        if not changed and not removed:
            return

        def work(writer):
            for aid in removed:
                writer.delete_by_term("doc_id", annotation_doc_id(aid))
            for ann, report in changed:
                writer.delete_by_term("doc_id", annotation_doc_id(ann.annotation_id))
                writer.add_document(**annotation_document(ann, report))

        self._write(work)

    def annotation_keys(self) -> dict[int, str]:
        """{annotation id: key} of the annotation documents the index holds now (read once
        per commit: comparing it with the database is then one SQL query)."""
        def keys(searcher):
            generation = searcher.reader().generation()
            cached = self._akeys
            if cached is not None and cached[0] == generation:
                return cached[1]
            out = {}
            for docnum in searcher.document_numbers(doc_type="annotation"):
                f = searcher.stored_fields(docnum)
                if isinstance(f.get("annotation_id"), int):
                    out[f["annotation_id"]] = f.get("akey", "")
            self._akeys = (generation, out)
            return out
        return dict(self._with_searcher(keys))

    # ------------------------------------------------------------------ reading

    def _searcher(self, fresh: bool = False):
        """This thread's searcher on the last commit. Opening one reads every segment's
        stored-field offsets, so it is kept until the next commit; one per thread, as a
        Whoosh searcher is not thread-safe. (Whoosh's own refresh() is not used: it keeps
        readers of merged-away segments and stale deletions, duplicating hits.)"""
        me = threading.current_thread()
        with self._searchers_lock:
            _, current = self._searchers.pop(me.ident, (None, None))
            for ident, (thread, old) in list(self._searchers.items()):
                if not thread.is_alive():  # searchers of finished threads
                    del self._searchers[ident]
                    old.close()
        if current is not None and (fresh or not current.up_to_date()):
            current.close()
            current = None
        searcher = current if current is not None else self._ix.searcher(weighting=_weighting())
        with self._searchers_lock:
            self._searchers[me.ident] = (me, searcher)
        return searcher

    def _with_searcher(self, fn):
        """fn(searcher) on the last commit. A commit that removed merged segments between
        reading the table of contents and opening them is retried on a new searcher;
        anything else unreadable is IndexDamaged."""
        self._check_open()
        for attempt in range(3):
            try:
                return fn(self._searcher(fresh=attempt > 0))
            except (QueryError, IndexDamaged):
                raise
            except FileNotFoundError as e:
                if attempt == 2:
                    raise IndexDamaged(f"the search index at {self.folder} is missing a file "
                                       f"({e})") from None
                time.sleep(0.05)
            except Exception as e:
                if not (isinstance(e, _READ_ERRORS) or _raised_in_whoosh(e)):
                    raise  # a bug of ours: let it show
                raise IndexDamaged(f"the search index at {self.folder} cannot be read "
                                   f"({type(e).__name__}: {e})") from None
        raise AssertionError("unreachable")

    def report_ids(self) -> set[int]:
        """Ids of the reports that have a metadata document in the index."""
        def ids(searcher):
            leaves = collect.find_leaves(searcher, Term("doc_type", "report"),
                                         self._cache)
            out = set()
            for leaf in leaves:
                out.update(int(leaf.meta.values[code][0]) for code in leaf.code_counts()
                           if leaf.meta.values[code][0])
            return out
        return self._with_searcher(ids)

    def doc_count(self) -> int:
        """Documents in the index (findings, passages and report documents)."""
        return self._with_searcher(lambda s: s.doc_count())

    def forget_recent(self) -> None:
        """Drop the matches kept from recent queries (benchmarks time queries afresh)."""
        self._recent = QueryCache()

    def search(self, query: str, limit: int = 20, sort: str = "relevance",
               offset: int = 0) -> SearchResult:
        """Ranked hits with snippets, facet counts over every match and a spelling hint.

        Raises QueryError (one readable sentence) for a query that cannot be searched.
        Safe from any thread, while this or another process writes.
        """
        def one(searcher):
            return run_search(searcher, self._parser, self._cache, self._recent, query,
                              limit=limit, sort=sort, offset=offset)
        return self._with_searcher(one)
