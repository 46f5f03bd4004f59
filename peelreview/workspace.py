"""The one facade the CLI and the desktop app call: a workspace folder and what it holds.

A workspace is a folder with the SQLite database (the source of truth), a copy of every
imported original, and the Whoosh index (rebuilt from the database whenever it is missing,
damaged or behind). Nothing here imports Qt; long work is offered as generators that yield
progress events, so the app can run them on a worker thread and cancel between steps.
"""
from __future__ import annotations

import gc
import hashlib
import os
import re
import shutil
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import ImportFailed, ReadOnlyWorkspace, StoreError, is_disk_full
from .kill_points import kill_point
from .paths import DB_NAME, INDEX_DIR, ORIGINALS_DIR, is_read_only, readable
from .readers import SUPPORTED, read_document
from .store import Store, StoredReport

if TYPE_CHECKING:  # the index (Whoosh) is imported when first needed: it is slow to import
    from .index import IndexedReport, SearchIndex, SearchResult

# An import commits to the index in batches: each commit writes one segment, and segments
# of a few thousand documents or more are never merged (index/merging.py: merging rewrote
# every document several times). So a batch should be large -- but it is held in memory
# until its commit (~100 bytes per posting), and the index should not lag far behind.
INDEX_BATCH = 100              # reports per index commit during an import
INDEX_BATCH_SECONDS = 30.0     # ... or this long, whichever comes first
INDEX_BATCH_CHARS = 5_000_000  # ... or this much report text


@contextmanager
def collector_paused():
    """Hold off the cyclic garbage collector while a batch goes into the index.

    Whoosh buffers postings as millions of small Python objects; a full collection over them
    holds the GIL for a few hundred milliseconds, which froze the desktop app's UI thread in
    the middle of an import. Reference counting still frees what the batch lets go of.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def default_folder() -> Path:
    """--workspace wins (handled by callers), then $PEELREVIEW_WORKSPACE, then the user's
    data folder."""
    env = os.environ.get("PEELREVIEW_WORKSPACE")
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("peelreview", appauthor=False)) / "workspace"


@dataclass
class ImportEvent:
    """Progress of an import: one per file, after it is done."""
    n: int                      # 1-based position of this file
    total: int                  # files in this import
    path: Path
    status: str                 # "imported", "source", "duplicate" or "failed"
    report_id: int | None = None
    title: str | None = None
    reason: str | None = None   # why it failed, or which report it duplicates
    judgments: int = 0
    findings: int = 0


@dataclass
class ImportSummary:
    imported: list[ImportEvent] = field(default_factory=list)
    sources: list[ImportEvent] = field(default_factory=list)  # another file of a report held
    duplicates: list[ImportEvent] = field(default_factory=list)
    failed: list[ImportEvent] = field(default_factory=list)
    cancelled: bool = False

    def add(self, e: ImportEvent) -> None:
        {"imported": self.imported, "source": self.sources, "duplicate": self.duplicates,
         "failed": self.failed}[e.status].append(e)


# Found in folders, these are usually notes about the reports rather than reports; a file
# named explicitly is always tried.
NOT_REPORTS_IN_FOLDERS = {".md"}


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named directly, plus every supported file found (recursively) in folders."""
    out: list[Path] = []
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = [f for f in sorted(p.rglob("*"))
                     if f.is_file() and f.suffix.lower() in SUPPORTED
                     and f.suffix.lower() not in NOT_REPORTS_IN_FOLDERS
                     and not any(part.startswith(".") for part in f.relative_to(p).parts)]
            out.extend(found)
        else:
            out.append(p)
    return out


class Workspace:
    """An open workspace. Close it (or use it as a context manager) when done."""

    def __init__(self, folder: str | Path, *, defer_index: bool = False, check: bool = True,
                 on_wait: Callable[[str], None] | None = None):
        """Open (creating if needed) the workspace at `folder`.

        defer_index: do not open the search index yet (the desktop app shows its window
        first and calls ensure_index() on a worker thread); search and import open it.
        check=False opens a workspace whose database is missing or empty beside imported
        originals (only `repair` does that).
        on_wait(message) hears that a write waits for another process (the CLI prints it).
        """
        self.on_wait = on_wait
        self.folder = Path(folder).expanduser()
        #: on a read-only drive or share: everything can be read, nothing changed
        self.read_only = is_read_only(self.folder)
        if not self.read_only:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                (self.folder / ORIGINALS_DIR).mkdir(exist_ok=True)
            except OSError as e:
                raise StoreError(f"cannot make the workspace folder {readable(self.folder)} "
                                 f"({e.strerror or e})") from None
        if check:
            from .backup import needs_repair

            why = needs_repair(self.folder)
            if why:
                raise StoreError(why)
        if self.read_only and not (self.folder / DB_NAME).exists():
            raise ReadOnlyWorkspace(self.folder, "make a workspace in it")
        self.store = Store(self.folder / DB_NAME, read_only=self.read_only,
                           on_wait=self._say_waiting)
        try:
            self._open_rest(defer_index)
        except sqlite3.DatabaseError as e:  # a damaged page met while opening
            from .store import damaged, is_damage

            self.store.close()
            if is_damage(e):
                raise damaged(self.store.path, e) from None
            raise

    def _open_rest(self, defer_index: bool) -> None:
        self.notices: list[str] = []  # things the officer should be told about opening
        self._waiting_for_space: list[str] = []  # upkeep a full disk holds back
        if not defer_index:   # the app makes it on its worker thread (daily_backup)
            self.daily_backup()
        self._index: SearchIndex | None = None
        self._index_lock = threading.RLock()
        self._annotation_sync_lock = threading.Lock()
        if not defer_index:
            try:
                self.ensure_index()
            except ReadOnlyWorkspace as e:  # listing and reading still work
                self.notices.append(f"{str(e)[0].upper()}{str(e)[1:]}.")

    def _say_waiting(self, message: str) -> None:
        if self.on_wait:
            self.on_wait(message)

    def check_for_writing(self) -> bool:
        """SQLite's quick check of the database now, instead of at the first change (the
        app calls it on its worker thread, so no click waits for it). False, with a notice
        naming repair, when the database is damaged; it is then never written to."""
        if self.read_only:
            return False
        try:
            self.store.check_before_writing()
        except StoreError as e:
            self.notices.append(f"{str(e)[0].upper()}{str(e)[1:]}.")
            return False
        return True

    def daily_backup(self) -> None:
        """A copy of the database in backups/ when the newest is a day old (backup.py)."""
        from .backup import backup_due, make_backup

        if self.read_only or not backup_due(self.folder):
            return
        with self.store._lock:
            if self.store.db.execute("SELECT 1 FROM reports LIMIT 1").fetchone() is None:
                return  # nothing to lose yet
            if not self.check_for_writing():  # a damaged file must not push good backups out
                return
            try:
                make_backup(self.store.db, self.folder, "daily")
            except (OSError, sqlite3.Error) as e:  # a full disk must not stop the work
                if is_disk_full(e):
                    self._note_disk_full("the daily backup")
                else:
                    self.notices.append(f"The daily backup of the database failed ({e}).")

    def _note_disk_full(self, what: str) -> None:
        """One notice, however many pieces of upkeep a full disk holds back."""
        old = self._disk_full_notice()
        self._waiting_for_space.append(what)
        if old in self.notices:
            self.notices.remove(old)
        self.notices.append(self._disk_full_notice())

    def _disk_full_notice(self) -> str:
        return ("The disk holding the workspace is full: "
                + " and ".join(self._waiting_for_space) + " wait until there is space.")

    @property
    def responses(self):
        """The PCC response drafts of this workspace (peelreview.responses)."""
        if getattr(self, "_responses", None) is None:
            from .response.draft import ResponseService

            self._responses = ResponseService(self)
        return self._responses

    @property
    def annotations(self):
        """Highlights, notes and tags on report passages (peelreview.annotations)."""
        if getattr(self, "_annotations", None) is None:
            from .review.annotations import AnnotationService

            self._annotations = AnnotationService(self)
        return self._annotations

    @property
    def links(self):
        """Typed links between findings and annotations (peelreview.links)."""
        if getattr(self, "_links", None) is None:
            from .review.links import LinkService

            self._links = LinkService(self)
        return self._links

    @property
    def curation(self):
        """The officer's decisions on likely findings and grades (review/curation.py)."""
        if getattr(self, "_curation", None) is None:
            from .review.curation import CurationService

            self._curation = CurationService(self)
        return self._curation

    @property
    def removal(self):
        """Removing a report with all that hangs on it, and undoing that (review/removal.py)."""
        if getattr(self, "_removal", None) is None:
            from .review.removal import RemovalService

            self._removal = RemovalService(self)
        return self._removal

    @property
    def suggestions(self):
        """"More like this" link suggestions and the officer's answers (peelreview.suggestions)."""
        if getattr(self, "_suggestions", None) is None:
            from .review.suggestions import SuggestionService

            self._suggestions = SuggestionService(self)
        return self._suggestions

    @property
    def index(self) -> SearchIndex:
        return self.ensure_index()

    def ensure_index(self) -> SearchIndex:
        """The search index, opened (and rebuilt or caught up if needed) on first use."""
        with self._index_lock:
            if self._index is None:
                self._index = self._open_index()
                self.sync_annotations()
            return self._index

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def close(self) -> None:
        if self._index is not None:
            self._index.close()
        self.store.close()

    # ------------------------------------------------------------------ index upkeep
    @property
    def index_folder(self) -> Path:
        return self.folder / INDEX_DIR

    def _open_index(self) -> SearchIndex:
        """Open the index; rebuild it if missing or damaged; catch it up if it is behind."""
        from .index import IndexDamaged, SearchIndex
        from .index.swap import finish_interrupted_swap
        from .index.writelock import index_write_lock_if_free

        if self.read_only:
            return self._open_index_read_only()
        with index_write_lock_if_free(self._index_lock_path) as free:
            if free:  # no other process is rebuilding: put together what a kill left
                done = finish_interrupted_swap(self.index_folder)
                if done:
                    self.notices.append(f"{done[0].upper()}{done[1:]}.")
            index = None
            try:
                index = self._adopt(SearchIndex.open(self.index_folder))
                self._index = index
                stored = set(self.store.report_ids())
                stale = index.report_ids() - stored   # reads every stored field: finds damage
            except IndexDamaged as e:
                if index is not None:
                    index.close()
                self._index = None
                return self._rebuild_damaged_index(e)
            if not free:  # another process is writing the index: it catches up, not us
                return index
            index.remove_leftovers()
            behind = self.store.report_ids(unindexed_only=True)
            try:
                for rid in stale:
                    index.delete_report(rid)
                if behind:
                    self._index_reports(behind)
                    self.notices.append(f"{len(behind)} report(s) imported before an "
                                        "interruption were added to the search index.")
                self._reextract_outdated()
            except Exception as e:  # reading must go on while the disk is full
                if not is_disk_full(e):
                    raise
                index.remove_leftovers()
                self._note_disk_full(f"{len(behind)} report(s) for the search index")
            return index

    def _open_index_read_only(self) -> SearchIndex:
        """The index of a read-only workspace as it is: it cannot be rebuilt, caught up or
        tidied, so damage is reported (ReadOnlyWorkspace) and a lag is one notice."""
        from .index import IndexDamaged, SearchIndex

        try:
            index = SearchIndex.open(self.index_folder, read_only=True)
            index.report_ids()  # reads every stored field: finds damage
        except IndexDamaged as e:
            raise ReadOnlyWorkspace(self.folder, f"search it, as its search index is "
                                                 f"damaged or missing ({e})") from None
        behind = self.store.report_ids(unindexed_only=True)
        if behind:
            self.notices.append(f"{len(behind)} report(s) are not in the search index yet: "
                                "searching finds them once the workspace is writable.")
        return self._adopt(index)

    def _rebuild_damaged_index(self, error) -> SearchIndex:
        """The index is a cache of the database: when it is damaged or missing it is built
        again from the store, with a one-line notice, and the command goes on."""
        folder = self.index_folder
        had_index = folder.exists() and (not folder.is_dir() or any(folder.iterdir()))
        n = self._rebuild_index()
        if had_index:
            self.notices.append(f"The search index was damaged ({error}); it has been rebuilt "
                                f"from the workspace ({n} reports).")
        elif n:
            self.notices.append(f"The search index was missing; it has been rebuilt "
                                f"from the workspace ({n} reports).")
        return self._index

    def heal_index(self, error) -> SearchIndex:
        """Damage met while searching: open the index again (another process may have
        swapped in a rebuild under this one), and rebuild it if that fails too."""
        from .index import IndexDamaged, SearchIndex

        with self._index_lock:
            if self._index is not None:
                with suppress(Exception):
                    self._index.close()
                self._index = None
            try:
                index = self._adopt(SearchIndex.open(self.index_folder))
                index.report_ids()  # reads every stored field
                self._index = index
            except IndexDamaged as e:
                self._index = self._rebuild_damaged_index(e)
            self.sync_annotations()
            return self._index

    def _primary_of(self, report_id: int) -> int:
        with self.store._lock:
            row = self.store.db.execute("SELECT merged_into FROM reports WHERE id=?",
                                        (report_id,)).fetchone()
        return row[0] if row and row[0] is not None else report_id

    def _reextract_outdated(self) -> None:
        """Reports read by an older extractor are read again from their originals (each in
        one transaction, annotations and links re-anchored, corrections kept), then indexed
        in batches. One notice says what happened."""
        from .extract.version import EXTRACTOR_VERSION
        from .review.replace import reextract_report

        with self.store._lock:
            ids = [r[0] for r in self.store.db.execute(
                "SELECT id FROM reports WHERE extractor < ? ORDER BY id", (EXTRACTOR_VERSION,))]
        if not ids:
            return
        done, moved, orphaned, kept = [], 0, 0, []
        for rid in ids:
            try:
                result = reextract_report(self, rid, index=False)
            except (ImportFailed, LookupError, OSError):
                kept.append(rid)
                with self.store.transaction() as db:  # keep it as read; do not retry forever
                    db.execute("UPDATE reports SET extractor=? WHERE id=?",
                               (EXTRACTOR_VERSION, rid))
                continue
            done.append(rid)
            moved += result["moved"]
            orphaned += result["orphaned"]
        listed = set(self.store.report_ids())  # sources merged into a report are not indexed
        self._index_reports([i for i in done if i in listed])
        from .review.sources import align_pages

        for rid in {self._primary_of(i) for i in done}:
            align_pages(self, rid)  # a web page's blocks learn their pages from its PDF again
        notice = (f"{len(done)} report(s) were read again by this version's extractor"
                  f" (annotations moved: {moved}, orphaned: {orphaned}).")
        if kept:
            notice += (f" {len(kept)} could not be read again from their original and are "
                       f"kept as read before (report {', '.join(map(str, kept[:5]))}).")
        self.notices.append(notice)

    def _index_reports(self, ids: list[int], into: SearchIndex | None = None,
                       progress: Callable[[int, int], None] | None = None) -> int:
        """Index the stored reports `ids` in commits of INDEX_BATCH_CHARS of text: into the
        index (each report marked indexed after its commit), or `into`, a rebuild beside
        it (the marks wait for the swap)."""
        from .index import IndexedReport

        items: list[IndexedReport] = []
        chars = 0
        for n, rid in enumerate(ids, 1):
            stored = self.store.get_report(rid)
            if stored:
                items.append(IndexedReport(rid, stored.report, stored.finding_ids))
                chars += len(stored.report.text)
            if items and (chars >= INDEX_BATCH_CHARS or len(items) >= INDEX_BATCH
                          or n == len(ids)):
                if into is None:
                    self._flush(items)
                else:
                    with collector_paused():
                        into.add_reports(items)
                    items.clear()
                chars = 0
                if progress:
                    progress(n, len(ids))
        return len(ids)

    def refresh_index(self, ids: Iterable[int]) -> None:
        """Rewrite these reports' search documents after a change of the officer's (a
        correction, a restore, a new version). A failure is one notice and leaves the
        reports marked unindexed: the index catches up when the workspace next opens."""
        ids = list(ids)
        if not ids:
            return
        self.store.set_indexed(ids, False)
        try:
            self._index_reports(ids)
            self.sync_annotations()
        except Exception as e:  # noqa: BLE001 -- the officer's change is stored; see above
            self.notices.append(f"report(s) {', '.join(map(str, ids))} will be brought up to "
                                f"date in the search index next time the workspace opens "
                                f"({type(e).__name__}: {e})")

    def drop_from_index(self, report_id: int) -> None:
        """Take a report out of search (removed, or merged into another); a failure is one
        notice: opening the workspace drops what the store no longer lists."""
        try:
            self.index.delete_report(report_id)
            self.sync_annotations()
        except Exception as e:  # noqa: BLE001 -- see above
            self.notices.append(f"the search index will drop report {report_id} next time the"
                                f" workspace opens ({type(e).__name__}: {e})")

    def reindex(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Rebuild the whole index from the database; returns the number of reports."""
        return self._rebuild_index(progress)

    def _rebuild_index(self, progress: Callable[[int, int], None] | None = None) -> int:
        """Build a new index beside the old one and swap it in (index/swap.py), holding the
        index write lock throughout: searches answer from the old index until the swap, a
        kill at any moment leaves a whole index, and the store's "indexed" marks are set
        only once the new index is in place."""
        from .index import SearchIndex
        from .index.swap import beside, mark_complete, swap_in

        self.require_writable("rebuild its search index")
        folder = self.index_folder
        with self._index_lock, self._index_writing("rebuilding it"):
            ids = self.store.report_ids()
            new_folder = beside(folder)
            shutil.rmtree(new_folder, ignore_errors=True)
            new = SearchIndex.create(new_folder, lock_path=self._index_lock_path)
            try:
                self._index_reports(ids, into=new, progress=progress)
                kill_point("reindex-filled")
                self.sync_annotations(into=new)
            except BaseException:
                new.close()
                shutil.rmtree(new_folder, ignore_errors=True)
                raise
            new.close()
            mark_complete(new_folder)
            kill_point("reindex-built")
            if self._index is not None:
                with suppress(Exception):  # a damaged index may fail to close cleanly
                    self._index.close()
                self._index = None
            swap_in(new_folder, folder)
            kill_point("reindex-swapped")
            self._index = self._adopt(SearchIndex.open(folder))
            self.store.set_indexed(ids, True)
            return len(ids)

    def require_writable(self, what: str) -> None:
        """Refuse a change of a read-only workspace in one line, before anything starts."""
        if self.read_only:
            raise ReadOnlyWorkspace(self.folder, what)

    @property
    def _index_lock_path(self) -> Path:
        from .index.writelock import lock_path_for

        return lock_path_for(self.index_folder)

    def _index_writing(self, what: str):
        """The index write lock, waited for with a message (see index/writelock.py)."""
        from .index.writelock import index_write_lock

        return index_write_lock(self._index_lock_path, self._say_waiting, what)

    def _adopt(self, index: SearchIndex) -> SearchIndex:
        index.on_wait = self._say_waiting  # follows self.on_wait, set now or later
        return index

    def _annotation_state(self) -> dict:
        """{annotation id: IndexedAnnotation} as the database holds them now (one query)."""
        from .index.documents import IndexedAnnotation

        sql = ('SELECT a.id, a.report_id, a.note, a.quote, a.start, a."end", a.orphaned,'
               " a.modified, r.version, (SELECT group_concat(t.tag, char(31))"
               " FROM annotation_tags t WHERE t.annotation_id = a.id) AS tags"
               " FROM annotations a JOIN reports r ON r.id = a.report_id")
        with self.store._lock:
            rows = self.store.db.execute(sql).fetchall()
        out = {}
        for r in rows:
            tags = tuple(sorted((r["tags"] or "").split("\x1f") if r["tags"] else (),
                                key=lambda t: (t.casefold(), t)))
            start, end = (None, None) if r["orphaned"] else (r["start"], r["end"])
            key = hashlib.blake2b(repr((r["note"], tags, r["quote"], start, end, r["modified"],
                                        r["version"])).encode("utf-8", "surrogatepass"),
                                  digest_size=12).hexdigest()
            out[r["id"]] = IndexedAnnotation(r["id"], r["report_id"], r["note"] or "", tags,
                                             r["quote"] or "", start, end, key)
        return out

    def sync_annotations(self, into: SearchIndex | None = None) -> int:
        """Bring the index's annotation documents in line with the database; returns how many
        were added, replaced or removed.

        Called before every search (and on opening and rebuilding the index), so every
        annotation change -- create, edit, delete, undo, placing by hand, the re-anchoring of
        a replaced report -- shows in search without its caller doing anything, and a crash
        between the SQLite commit and the index write loses nothing. When nothing changed
        it costs one SQL query and a comparison.
        """
        if self.read_only:
            return 0
        index = into or self.index  # first: opening takes _index_lock, then syncs too
        with self._annotation_sync_lock:
            wanted = self._annotation_state()
            have = index.annotation_keys()
            changed = [a for aid, a in wanted.items() if have.get(aid) != a.key]
            removed = [aid for aid in have if aid not in wanted]
            if not changed and not removed:
                return 0
            reports: dict = {}
            for a in changed:
                if a.report_id not in reports:
                    stored = self.store.get_report(a.report_id)
                    reports[a.report_id] = stored.report if stored else None
            index.put_annotations([(a, reports[a.report_id]) for a in changed
                                   if reports[a.report_id] is not None], removed)
            return len(changed) + len(removed)

    # ------------------------------------------------------------------ import
    def iter_import(self, paths: Iterable[str | Path],
                    cancelled: Callable[[], bool] = lambda: False) -> Iterator[ImportEvent]:
        """Import files and folders, yielding one event per file.

        One transaction per report: a failure or a kill never leaves half a report. The index
        is written in batches after the database; reports not yet indexed when the process
        dies are indexed the next time the workspace opens.
        """
        from .index import IndexedReport

        self.require_writable("import into it")
        files = expand_paths(paths)
        pending: list[IndexedReport] = []
        pending_chars = 0
        last_flush = time.monotonic()
        try:
            for n, path in enumerate(files, 1):
                if cancelled():
                    break
                try:
                    event = self._import_one(path, n, len(files))
                    if event.status == "imported":
                        stored = self.store.get_report(event.report_id)
                        pending.append(IndexedReport(event.report_id, stored.report,
                                                     stored.finding_ids))
                        pending_chars += len(stored.report.text)
                        if (len(pending) >= INDEX_BATCH or pending_chars >= INDEX_BATCH_CHARS
                                or time.monotonic() - last_flush > INDEX_BATCH_SECONDS):
                            self._flush(pending)
                            pending_chars = 0
                            last_flush = time.monotonic()
                except Exception as e:
                    if not is_disk_full(e):
                        raise
                    # every later file would fail the same way: stop here, in one line
                    yield ImportEvent(n, len(files), path, "failed", reason=(
                        "the disk holding the workspace is full: the import stopped here "
                        "(the reports imported before it are kept); free some space and "
                        "import the rest again"))
                    return
                yield event
        finally:
            self._flush_if_space(pending)

    def _flush(self, pending: list[IndexedReport]) -> None:
        if pending:
            with collector_paused():
                self.index.add_reports(pending)
            self.store.set_indexed([p.report_id for p in pending])
            pending.clear()

    def _flush_if_space(self, pending: list[IndexedReport]) -> None:
        """The last batch of an import; on a full disk the reports stay marked unindexed
        and are added when the workspace next opens with space to spare."""
        try:
            self._flush(pending)
        except Exception as e:
            if not is_disk_full(e):
                raise
            pending.clear()
            with suppress(Exception):
                self.index.remove_leftovers()

    def import_paths(self, paths: Iterable[str | Path],
                     on_event: Callable[[ImportEvent], None] | None = None,
                     cancelled: Callable[[], bool] = lambda: False) -> ImportSummary:
        summary = ImportSummary()
        for event in self.iter_import(paths, cancelled):
            summary.add(event)
            if on_event:
                on_event(event)
        summary.cancelled = cancelled()
        return summary

    def _import_one(self, path: Path, n: int, total: int) -> ImportEvent:
        try:
            data = path.read_bytes() if path.is_file() else None
        except OSError as e:
            return ImportEvent(n, total, path, "failed", reason=f"cannot read it ({e.strerror})")
        if data is None:
            reason = "no such file" if not path.exists() else "is not a file"
            return ImportEvent(n, total, path, "failed", reason=reason)
        sha = hashlib.sha256(data).hexdigest()
        existing = self.store.find_sha(sha)
        if existing is not None:
            return ImportEvent(n, total, path, "duplicate", report_id=existing,
                               reason=f"same file as report {existing}")
        from .extract.report import build_report  # the rules load with the first import

        try:
            doc = read_document(path)
            report = build_report(doc)
        except ImportFailed as e:
            return ImportEvent(n, total, path, "failed", reason=e.reason)
        except Exception as e:  # noqa: BLE001 -- a bug of ours on one file must not stop the rest
            return ImportEvent(n, total, path, "failed", reason="unexpected error while reading "
                                                                f"it ({type(e).__name__}: {e})")
        from .review.sources import align_pages, same_inspection

        primary = same_inspection(self.store, report)  # the same inspection, held already?
        held_before = (self.folder / self._original_name(path, sha)).exists()
        original = self._keep_original(path, sha)
        try:
            rid = self.store.add_report(report, sha256=sha, source_name=readable(path.name),
                                        source_path=readable(path.resolve()), fmt=doc.format,
                                        original=original)
        except sqlite3.IntegrityError:  # another process imported the same file meanwhile
            existing = self.store.find_sha(sha)
            return ImportEvent(n, total, path, "duplicate", report_id=existing,
                               reason=f"same file as report {existing}")
        except Exception:
            if not held_before:  # no stray copy of a file the workspace does not hold
                (self.folder / original).unlink(missing_ok=True)
            raise
        if primary is not None:
            # the same inspection in another format: a second source of the report held
            with self.store.transaction() as db:
                db.execute("UPDATE reports SET merged_into=? WHERE id=?", (primary, rid))
            align_pages(self, primary)
            return ImportEvent(n, total, path, "source", report_id=primary, title=report.title,
                               reason=f"another source ({doc.format}) of report {primary}: "
                                      f"peelreview report split {rid} keeps it apart")
        return ImportEvent(n, total, path, "imported", report_id=rid, title=report.title,
                           judgments=len(report.judgments), findings=len(report.findings))

    @staticmethod
    def _original_name(path: Path, sha: str) -> Path:
        """originals/ab/abcdef….pdf: named by content; the suffix kept only when plain."""
        suffix = path.suffix.lower()
        if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix):
            suffix = ""
        return Path(ORIGINALS_DIR) / sha[:2] / (sha + suffix)

    def _keep_original(self, path: Path, sha: str) -> str:
        """Copy the file into the workspace (atomically: a kill leaves no half file)."""
        rel = self._original_name(path, sha)
        dest = self.folder / rel
        if not dest.exists():
            dest.parent.mkdir(parents=True, exist_ok=True)
            tmp = dest.with_suffix(dest.suffix + ".part")
            try:
                shutil.copyfile(path, tmp)
                os.replace(tmp, dest)
            except OSError:
                tmp.unlink(missing_ok=True)  # no half copy left on a full disk
                raise
        return rel.as_posix()

    # ------------------------------------------------------------------ reading
    def list_reports(self) -> list[dict]:
        return self.store.list_reports()

    def get_report(self, report_id: int) -> StoredReport | None:
        return self.store.get_report(report_id)

    def merge(self, report_id: int, other_id: int) -> None:
        """Make `other_id` (another file of the same inspection) a source of `report_id`;
        review.sources.SourceError when it cannot be."""
        from .review.sources import merge

        merge(self, report_id, other_id)

    def split(self, report_id: int) -> list[int]:
        """Make a report's other sources reports of their own again; their ids."""
        from .review.sources import split

        return split(self, report_id)

    def prefer_source(self, report_id: int, source_id: int) -> dict:
        """Read the report's text from another of its sources (officer's work re-anchored)."""
        from .review.replace import prefer_source

        return prefer_source(self, report_id, source_id)

    def sources(self, report_id: int) -> list[dict]:
        """The files a report is read from (its own first; then the other formats of the
        same inspection merged into it): id, source_name, format, original, sha256."""
        return self.store.sources(report_id)

    def search(self, query: str, limit: int = 20, sort: str = "relevance",
               offset: int = 0) -> SearchResult:
        """Full-text search (raises index.QueryError for a malformed query). Thread-safe.
        Annotations changed since the last search are brought into the index first."""
        from .index import IndexBusy, IndexDamaged

        try:  # another program writing, or a full disk: search what the index holds
            self.sync_annotations()
        except Exception as e:
            if not (isinstance(e, IndexBusy) or is_disk_full(e)):
                raise
        try:
            return self.index.search(query, limit=limit, sort=sort, offset=offset)
        except IndexDamaged as e:   # swapped by another process, or damage only a search
            index = self.heal_index(e)  # reaches (a postings file): open it again first
        try:
            return index.search(query, limit=limit, sort=sort, offset=offset)
        except IndexDamaged as e:
            with self._index_lock:
                self._index = self._rebuild_damaged_index(e)
                self.sync_annotations()
            return self._index.search(query, limit=limit, sort=sort, offset=offset)
