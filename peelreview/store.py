"""The SQLite workspace database: schema, migrations, transactions. The source of truth.

WAL mode so the app can read while an import writes; foreign keys on so deleting a report
takes its sections, judgments, findings and everything hanging off them. The schema version
is SQLite's user_version; each migration is a script run once, in order, in a transaction.
The index (peelreview/index) is rebuilt from here whenever it is missing or stale.
"""
from __future__ import annotations

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path

from .corrections import Correction, apply_corrections, counts, waiting
from .errors import DiskFull, ReadOnlyWorkspace, StoreError, is_disk_full
from .model import BlockSpan, Finding, Judgment, Report, Section

# Migration N brings the database from version N to N+1. Never edit a released one: add.
MIGRATIONS: list[str] = [
    # 0 -> 1: the first release. Tables for what later features store are here from the
    # start (annotations, links, responses) so that every workspace has one shape.
    """
    CREATE TABLE reports (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE,          -- of the original file: duplicates are skipped
        kind TEXT NOT NULL,
        title TEXT NOT NULL,
        force TEXT,
        published TEXT,                       -- ISO date the document states, or NULL
        report_published TEXT,                -- for a PCC response: the report's date
        year INTEGER,
        text TEXT NOT NULL,
        source_name TEXT NOT NULL,            -- the file name as the officer had it
        source_path TEXT NOT NULL,            -- where it was imported from
        format TEXT NOT NULL,
        original TEXT NOT NULL,               -- copy inside the workspace, relative path
        imported_at TEXT NOT NULL,
        version INTEGER NOT NULL DEFAULT 1,   -- bumped by a re-import of a new version
        indexed INTEGER NOT NULL DEFAULT 0    -- 1 once the search index holds this version
    );
    CREATE INDEX reports_force ON reports(force, year);
    CREATE TABLE sections (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, title TEXT NOT NULL, level INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL
    );
    CREATE INDEX sections_report ON sections(report_id, ord);
    CREATE TABLE judgments (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, area TEXT NOT NULL, grade TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL
    );
    CREATE INDEX judgments_report ON judgments(report_id, ord);
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, kind TEXT NOT NULL, area TEXT, text TEXT NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL
    );
    CREATE INDEX findings_report ON findings(report_id, ord);
    CREATE TABLE blocks (
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        ord INTEGER NOT NULL, kind TEXT NOT NULL, level INTEGER NOT NULL,
        start INTEGER NOT NULL, "end" INTEGER NOT NULL, page INTEGER,
        PRIMARY KEY (report_id, ord)
    ) WITHOUT ROWID;
    CREATE TABLE annotations (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,            -- stable across workspaces (sharing, merging)
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        quote TEXT NOT NULL, prefix TEXT NOT NULL DEFAULT '', suffix TEXT NOT NULL DEFAULT '',
        start INTEGER, "end" INTEGER,         -- NULL while orphaned
        orphaned INTEGER NOT NULL DEFAULT 0,
        colour TEXT NOT NULL DEFAULT 'yellow',
        note TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL, modified TEXT NOT NULL
    );
    CREATE INDEX annotations_report ON annotations(report_id);
    CREATE TABLE annotation_tags (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        tag TEXT NOT NULL,
        PRIMARY KEY (annotation_id, tag)
    ) WITHOUT ROWID;
    CREATE TABLE links (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        source_type TEXT NOT NULL CHECK (source_type IN ('finding', 'annotation')),
        source_id INTEGER NOT NULL,
        target_type TEXT NOT NULL CHECK (target_type IN ('finding', 'annotation')),
        target_id INTEGER NOT NULL,
        link_type TEXT NOT NULL,              -- follows up, same issue, responds to, supersedes
        comment TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL,
        UNIQUE (source_type, source_id, target_type, target_id, link_type)
    );
    CREATE TABLE rejected_suggestions (
        finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        other_finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        PRIMARY KEY (finding_id, other_finding_id)
    ) WITHOUT ROWID;
    CREATE TABLE responses (
        id INTEGER PRIMARY KEY,
        report_id INTEGER NOT NULL UNIQUE REFERENCES reports(id) ON DELETE CASCADE,
        published TEXT,                       -- the report's publication date as confirmed
        cc_due_days INTEGER NOT NULL DEFAULT 28,
        introduction TEXT NOT NULL DEFAULT '', overall TEXT NOT NULL DEFAULT '',
        closing TEXT NOT NULL DEFAULT '',
        created TEXT NOT NULL, modified TEXT NOT NULL
    );
    CREATE TABLE response_items (
        id INTEGER PRIMARY KEY,
        response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        finding_id INTEGER REFERENCES findings(id) ON DELETE SET NULL,
        ord INTEGER NOT NULL,
        cc_comments TEXT NOT NULL DEFAULT '', pcc_comments TEXT NOT NULL DEFAULT '',
        owner TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL DEFAULT 'not started',
        no_action_reason TEXT NOT NULL DEFAULT '',
        target_date TEXT
    );
    CREATE TABLE response_bullets (
        id INTEGER PRIMARY KEY,
        response_id INTEGER NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
        area TEXT NOT NULL,
        part TEXT NOT NULL CHECK (part IN ('states', 'highlighted')),
        ord INTEGER NOT NULL, text TEXT NOT NULL,
        source_type TEXT, source_id INTEGER, start INTEGER, "end" INTEGER
    );
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 1 -> 2: PCC responses keep a copy of each finding they answer (a re-import or a
    # deleted finding must not empty a drafted response), and the names for the header.
    """
    ALTER TABLE response_items ADD COLUMN kind TEXT NOT NULL DEFAULT '';
    ALTER TABLE response_items ADD COLUMN area TEXT;
    ALTER TABLE response_items ADD COLUMN text TEXT NOT NULL DEFAULT '';
    ALTER TABLE response_items ADD COLUMN start INTEGER;
    ALTER TABLE response_items ADD COLUMN "end" INTEGER;
    ALTER TABLE responses ADD COLUMN opcc_name TEXT NOT NULL DEFAULT '';
    ALTER TABLE responses ADD COLUMN pcc_name TEXT NOT NULL DEFAULT '';
    CREATE INDEX response_items_response ON response_items(response_id, ord);
    CREATE INDEX response_bullets_response ON response_bullets(response_id, area, part, ord);
    """,
    # 2 -> 3: link suggestions are also made for annotated passages (the officer's mark on
    # a paragraph that is not a finding); a suggestion rejected for one is kept here, as
    # rejected_suggestions can only name findings.
    """
    CREATE TABLE rejected_annotation_suggestions (
        annotation_id INTEGER NOT NULL REFERENCES annotations(id) ON DELETE CASCADE,
        finding_id INTEGER NOT NULL REFERENCES findings(id) ON DELETE CASCADE,
        PRIMARY KEY (annotation_id, finding_id)
    ) WITHOUT ROWID;
    """,
    # 3 -> 4: the extractor says how sure it is of each judgment and finding and by which
    # rule it found it; recommendations carry a due date and an addressee; reports their
    # PEEL cycle and the version of the extractor that read them (a newer one re-reads them).
    """
    ALTER TABLE judgments ADD COLUMN confidence TEXT NOT NULL DEFAULT 'certain';
    ALTER TABLE judgments ADD COLUMN basis TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN confidence TEXT NOT NULL DEFAULT 'certain';
    ALTER TABLE findings ADD COLUMN basis TEXT NOT NULL DEFAULT '';
    ALTER TABLE findings ADD COLUMN due TEXT;
    ALTER TABLE findings ADD COLUMN addressee TEXT;
    ALTER TABLE reports ADD COLUMN cycle TEXT;
    ALTER TABLE reports ADD COLUMN extractor INTEGER NOT NULL DEFAULT 1;
    """,
    # 4 -> 5: the officer's corrections, kept apart from what the extractor read so that
    # they survive re-extraction and new versions (corrections.py lays them over it).
    # target finding: confirm | reject | add | change; judgment: confirm | reject | set;
    # report: set (field, value). A finding's correction finds its item by finding_id, else
    # by its quote (with prefix/suffix and where it was, re-anchored like annotations).
    # Findings the officer adds also get a row in findings (basis 'officer'), so links and
    # response items can name them; a new version never deletes those rows.
    """
    CREATE TABLE corrections (
        id INTEGER PRIMARY KEY,
        uuid TEXT NOT NULL UNIQUE,
        report_id INTEGER NOT NULL REFERENCES reports(id) ON DELETE CASCADE,
        target TEXT NOT NULL CHECK (target IN ('finding', 'judgment', 'report')),
        action TEXT NOT NULL,
        finding_id INTEGER,
        quote TEXT NOT NULL DEFAULT '', prefix TEXT NOT NULL DEFAULT '',
        suffix TEXT NOT NULL DEFAULT '', start INTEGER, "end" INTEGER,
        orphaned INTEGER NOT NULL DEFAULT 0,
        area TEXT, kind TEXT, grade TEXT,
        field TEXT, value TEXT,
        created TEXT NOT NULL
    );
    CREATE INDEX corrections_report ON corrections(report_id, id);
    """,
    # 5 -> 6: one report, several sources. A report read from another file of the same
    # inspection (the PDF and the web page) is kept whole, with merged_into naming the
    # report it is a source of; listings, grade movement, suggestions and search show only
    # the report it is merged into. Splitting clears merged_into.
    """
    ALTER TABLE reports ADD COLUMN merged_into INTEGER REFERENCES reports(id) ON DELETE SET NULL;
    """,
    # 6 -> 7: the page number printed on a PDF page (its label, else the footer's number),
    # for references an officer can find in the printed report. Filled by re-extraction
    # (EXTRACTOR_VERSION 3).
    """
    ALTER TABLE blocks ADD COLUMN page_label TEXT;
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


@dataclass
class StoredReport:
    """A report as held in the workspace, with the database ids of its findings and the
    officer's corrections laid over it (orphans: corrections that found no item)."""
    id: int
    report: Report
    finding_ids: list[int]
    sha256: str
    source_name: str
    format: str
    original: str
    imported_at: str
    version: int
    orphans: list[Correction] = field(default_factory=list)


# The stored columns of a finding after (report_id, ord), in the order finding_values gives.
FINDING_COLUMNS = 'kind, area, text, start, "end", confidence, basis, due, addressee'


def finding_values(f: Finding) -> tuple:
    return (f.kind, f.area, f.text, f.start, f.end, f.confidence, f.basis, f.due, f.addressee)


def finding_from_row(r) -> Finding:
    return Finding(r["kind"], r["area"], r["text"], r["start"], r["end"], r["confidence"],
                   r["basis"], r["due"], r["addressee"])


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def timestamp() -> str:
    """Now, UTC, ISO 8601 with microseconds (so two edits in one second still order)."""
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="microseconds")


def parse_time(value: str | None) -> dt.datetime:
    """An ISO timestamp as an aware datetime (naive ones are taken as UTC); the epoch if
    it cannot be read."""
    try:
        t = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except (TypeError, ValueError):
        return dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    return t if t.tzinfo else t.replace(tzinfo=dt.timezone.utc)


#: SQLite waits this long for another writer before Store._begin says it is waiting (and
#: goes on waiting).
BUSY_MS = 2000
WAIT_REMIND_SECONDS = 60.0


def is_damage(error: BaseException) -> bool:
    """True for SQLite's ways of saying the file is damaged (not busy, not full)."""
    text = str(error)
    return isinstance(error, sqlite3.DatabaseError) and (
        "malformed" in text or "not a database" in text or "corrupt" in text)


def damaged(path: Path, why) -> StoreError:
    """The one line for a damaged database, naming the way back."""
    why = " ".join(str(why).replace("*** in database main ***", "").split())[:200]
    return StoreError(f"the workspace database {path} is damaged ({why}): nothing more is "
                      "written to it; run `peelreview repair` to restore its newest good "
                      "backup (the damaged file is kept aside)")


class Store:
    """One workspace database. Writes go through one connection under one lock."""

    def __init__(self, path: Path, *, read_only: bool = False,
                 on_wait: Callable[[str], None] | None = None):
        """read_only: the workspace is on a read-only drive; the database is opened for
        reading only and every transaction refuses with ReadOnlyWorkspace.
        on_wait(message): told when a change waits for another program's (it keeps
        waiting: an officer's change must not die because a colleague's import is long)."""
        self.path = Path(path)
        self.read_only = read_only
        self.on_wait = on_wait
        self._checked_for_writing = read_only  # see check_before_writing
        self._lock = threading.RLock()
        try:
            self.db = self._connect_read_only() if read_only else self._connect()
            if read_only:
                self._check_version_read_only()
            else:
                self._migrate()
        except sqlite3.DatabaseError as e:
            raise damaged(self.path, e) from None

    def _connect_read_only(self) -> sqlite3.Connection:
        """Read-only opening. A WAL database needs its -shm file, which a read-only folder
        cannot hold: then it is read as immutable (a read-only drive does not change)."""
        uri = self.path.resolve().as_uri()
        for mode in ("mode=ro", "immutable=1"):
            db = sqlite3.connect(f"{uri}?{mode}", uri=True, timeout=30,
                                 check_same_thread=False, isolation_level=None)
            try:
                db.execute("SELECT count(*) FROM sqlite_master").fetchone()
            except sqlite3.OperationalError:
                db.close()
                if mode == "immutable=1":
                    raise
                continue
            db.row_factory = sqlite3.Row
            db.execute("PRAGMA foreign_keys=ON")
            return db
        raise AssertionError("unreachable")

    def _check_version_read_only(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the workspace {self.path.parent} was made by a newer peelreview "
                             f"(schema {version}; this one knows {SCHEMA_VERSION})")
        if version < SCHEMA_VERSION:
            raise StoreError(f"the workspace {self.path.parent} was made by an older "
                             "peelreview and is read-only, so it cannot be brought up to date:"
                             " open it once where it can be written")

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False,
                             isolation_level=None)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(f"PRAGMA busy_timeout={BUSY_MS}")
        return db

    def reader(self) -> sqlite3.Connection:
        """A separate read connection, for a worker thread (WAL lets it read while we write)."""
        if self.read_only:
            return self._connect_read_only()
        db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"the workspace {self.path.parent} was made by a newer peelreview "
                             f"(schema {version}; this one knows {SCHEMA_VERSION})")
        if 0 < version < SCHEMA_VERSION:  # the officer's work is copied before it changes
            from .backup import make_backup

            make_backup(self.db, self.path.parent, f"before-schema-{SCHEMA_VERSION}")
        for n in range(version, SCHEMA_VERSION):
            with self.transaction() as db:
                for statement in _statements(MIGRATIONS[n]):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={n + 1}")

    @contextmanager
    def transaction(self):
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any exception (all or nothing)."""
        if self.read_only:
            raise ReadOnlyWorkspace(self.path.parent)
        with self._lock:
            self.check_before_writing()
            self._begin()
            try:
                yield self.db
                self.db.execute("COMMIT")
            except BaseException as e:
                if self.db.in_transaction:  # a failed COMMIT (a full disk) may leave it open
                    with suppress(sqlite3.Error):
                        self.db.execute("ROLLBACK")
                if is_disk_full(e):
                    raise DiskFull(self.path.parent) from None
                if is_damage(e):
                    self._checked_for_writing = False
                    raise damaged(self.path, e) from None
                raise

    def check_before_writing(self) -> None:
        """A damaged database is never written to: SQLite's quick check runs before this
        connection's first change (about a second per GB; reading needs no check) and
        again after a change failed on a damaged page."""
        if self._checked_for_writing:
            return
        try:
            result = self.db.execute("PRAGMA quick_check(1)").fetchone()[0]
        except sqlite3.DatabaseError as e:
            raise damaged(self.path, e) from None
        if result != "ok":
            raise damaged(self.path, result)
        self._checked_for_writing = True

    def _begin(self) -> None:
        """BEGIN IMMEDIATE, waiting for as long as another program writes, and saying so
        (once, then every WAIT_REMIND_SECONDS)."""
        told = None
        while True:
            try:
                self.db.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e) and "busy" not in str(e):
                    raise
            now = time.monotonic()
            if self.on_wait and (told is None or now - told >= WAIT_REMIND_SECONDS):
                self.on_wait("waiting for another peelreview to finish writing to the "
                             "workspace…")
                told = now

    def close(self) -> None:
        with self._lock:
            self.db.close()

    # ------------------------------------------------------------------ reports
    def find_sha(self, sha256: str) -> int | None:
        with self._lock:
            row = self.db.execute("SELECT id FROM reports WHERE sha256=?", (sha256,)).fetchone()
        return row[0] if row else None

    def add_report(self, report: Report, *, sha256: str, source_name: str, source_path: str,
                   fmt: str, original: str) -> int:
        """Insert a report and all its parts in one transaction; returns its id."""
        from .extract.version import EXTRACTOR_VERSION

        with self.transaction() as db:
            cur = db.execute(
                "INSERT INTO reports (sha256, kind, title, force, published, report_published,"
                " year, cycle, text, source_name, source_path, format, original, imported_at,"
                " extractor) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (sha256, report.kind, report.title, report.force, report.published,
                 report.report_published, report.year, report.cycle, report.text, source_name,
                 source_path, fmt, original, now(), EXTRACTOR_VERSION))
            rid = cur.lastrowid
            self.insert_parts(db, rid, report)
            return rid

    def insert_parts(self, db, rid: int, report: Report, *, findings: bool = True) -> None:
        """Write a report's sections, judgments, blocks (and findings) inside the caller's
        transaction. A new version of a report keeps its findings' ids, so the caller that
        replaces one writes findings itself (findings=False)."""
        db.executemany('INSERT INTO sections (report_id, ord, title, level, start, "end")'
                       " VALUES (?,?,?,?,?,?)",
                       [(rid, i, s.title, s.level, s.start, s.end)
                        for i, s in enumerate(report.sections)])
        db.executemany('INSERT INTO judgments (report_id, ord, area, grade, start, "end",'
                       " confidence, basis) VALUES (?,?,?,?,?,?,?,?)",
                       [(rid, i, j.area, j.grade, j.start, j.end, j.confidence, j.basis)
                        for i, j in enumerate(report.judgments)])
        if findings:
            db.executemany(f"INSERT INTO findings (report_id, ord, {FINDING_COLUMNS})"
                           " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           [(rid, i, *finding_values(f)) for i, f in enumerate(report.findings)])
        db.executemany('INSERT INTO blocks (report_id, ord, kind, level, start, "end", page,'
                       " page_label) VALUES (?,?,?,?,?,?,?,?)",
                       [(rid, i, b.kind, b.level, b.start, b.end, b.page, b.page_label)
                        for i, b in enumerate(report.blocks)])

    def set_indexed(self, report_ids, value: bool = True) -> None:
        ids = list(report_ids)
        if not ids:
            return
        with self.transaction() as db:
            db.executemany("UPDATE reports SET indexed=? WHERE id=?",
                           [(int(value), i) for i in ids])

    def report_ids(self, *, unindexed_only: bool = False, sources: bool = False) -> list[int]:
        """Ids of the reports held (sources merged into another report only when asked:
        the search index and the listings hold the report they are merged into)."""
        where = [] if sources else ["merged_into IS NULL"]
        if unindexed_only:
            where.append("indexed=0")
        sql = "SELECT id FROM reports" + (" WHERE " + " AND ".join(where) if where else "")
        with self._lock:
            return [r[0] for r in self.db.execute(sql + " ORDER BY id")]

    def sources(self, report_id: int) -> list[dict]:
        """The files a report is read from: its own first, then those merged into it."""
        with self._lock:
            return [dict(r) for r in self.db.execute(
                "SELECT id, source_name, format, original, sha256, merged_into FROM reports"
                " WHERE id=? OR merged_into=? ORDER BY merged_into IS NOT NULL, id",
                (report_id, report_id))]

    def delete_report(self, report_id: int) -> None:
        with self.transaction() as db:
            db.execute("DELETE FROM reports WHERE id=?", (report_id,))

    def get_report(self, report_id: int, db: sqlite3.Connection | None = None
                   ) -> StoredReport | None:
        """The report with all its parts (reads under the write lock unless given its own
        connection, so a reader never sees half of another thread's transaction)."""
        if db is None:
            with self._lock:
                return self.get_report(report_id, self.db)
        row = db.execute("SELECT * FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            return None
        q = ' FROM {} WHERE report_id=? ORDER BY ord'
        sections = [Section(r["title"], r["level"], r["start"], r["end"]) for r in db.execute(
            'SELECT title, level, start, "end"' + q.format("sections"), (report_id,))]
        judgments = [Judgment(r["area"], r["grade"], r["start"], r["end"], r["confidence"],
                              r["basis"])
                     for r in db.execute('SELECT area, grade, start, "end", confidence, basis'
                                         + q.format("judgments"), (report_id,))]
        frows = db.execute(f"SELECT id, {FINDING_COLUMNS}" + q.format("findings"),
                           (report_id,)).fetchall()
        blocks = [BlockSpan(r["kind"], r["level"], r["start"], r["end"], r["page"],
                            r["page_label"])
                  for r in db.execute('SELECT kind, level, start, "end", page, page_label'
                                      + q.format("blocks"), (report_id,))]
        report = Report(kind=row["kind"], title=row["title"], force=row["force"],
                        published=row["published"], report_published=row["report_published"],
                        text=row["text"], year=row["year"], cycle=row["cycle"],
                        sections=sections, judgments=judgments,
                        findings=[finding_from_row(r) for r in frows],
                        blocks=blocks)
        ids = [r["id"] for r in frows]
        orphans = apply_corrections(report, ids, self.corrections(report_id, db))
        return StoredReport(row["id"], report, ids, row["sha256"], row["source_name"],
                            row["format"], row["original"], row["imported_at"], row["version"],
                            orphans)

    def corrections(self, report_id: int, db: sqlite3.Connection | None = None
                    ) -> list[Correction]:
        """The officer's corrections of a report, oldest first."""
        if db is None:
            with self._lock:
                return self.corrections(report_id, self.db)
        return [Correction.from_row(r)
                for r in db.execute("SELECT * FROM corrections WHERE report_id=? ORDER BY id",
                                    (report_id,))]

    def list_reports(self, db: sqlite3.Connection | None = None) -> list[dict]:
        """Every report with its grades (area -> grade) and finding counts (kind -> n)."""
        if db is None:
            with self._lock:
                return self.list_reports(self.db)
        out = []
        rows = db.execute("SELECT id, title, force, kind, published, report_published, year,"
                          " cycle, source_name, format, imported_at FROM reports"
                          " WHERE merged_into IS NULL"
                          " ORDER BY force, year, id").fetchall()
        judgments: dict[int, list[Judgment]] = {}
        for r in db.execute('SELECT report_id, area, grade, start, "end", confidence, basis'
                            " FROM judgments ORDER BY report_id, ord"):
            judgments.setdefault(r[0], []).append(Judgment(*tuple(r)[1:]))
        findings: dict[int, tuple[list[Finding], list[int]]] = {}
        for r in db.execute(f"SELECT report_id, id, {FINDING_COLUMNS} FROM findings"
                            " ORDER BY report_id, ord"):
            fs, ids = findings.setdefault(r["report_id"], ([], []))
            fs.append(finding_from_row(r))
            ids.append(r["id"])
        formats: dict[int, list[str]] = {}
        for r in db.execute("SELECT COALESCE(merged_into, id), format FROM reports"
                            " ORDER BY merged_into IS NOT NULL, id"):
            formats.setdefault(r[0], []).append(r[1])
        corrections: dict[int, list[Correction]] = {}
        for c in db.execute("SELECT * FROM corrections ORDER BY id"):
            corrections.setdefault(c["report_id"], []).append(Correction.from_row(c))
        for r in rows:
            fs, ids = findings.get(r["id"], ([], []))
            report = Report(kind=r["kind"], title=r["title"], force=r["force"],
                            published=r["published"], report_published=r["report_published"],
                            text="", year=r["year"], cycle=r["cycle"],
                            judgments=judgments.get(r["id"], []), findings=fs)
            apply_corrections(report, ids, corrections.get(r["id"], []))
            js, fs = report.judgments, report.findings
            d = dict(r)
            d.update(title=report.title, kind=report.kind, force=report.force,
                     published=report.published, year=report.year, cycle=report.cycle)
            d["sources"] = formats.get(r["id"], [r["format"]])
            d["corrected"] = sorted({c.field for c in corrections.get(r["id"], [])
                                     if c.target == "report"})
            d["grades"] = {j.area: j.grade for j in js if counts(j)}
            kinds: dict[str, int] = {}
            for f in fs:
                if counts(f):
                    kinds[f.kind] = kinds.get(f.kind, 0) + 1
            d["findings"] = kinds
            d["to_confirm"] = sum(1 for x in [*js, *fs] if waiting(x))
            out.append(d)
        # the officer's details may move a report to another force or year
        out.sort(key=lambda d: (d["force"] is not None, d["force"] or "",
                                d["year"] is not None, d["year"] or 0, d["id"]))
        return out


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit on its own)."""
    out, buf = [], []
    for line in script.splitlines():
        buf.append(line)
        if sqlite3.complete_statement("\n".join(buf)):
            stmt = "\n".join(buf).strip()
            if stmt:
                out.append(stmt)
            buf = []
    return out
