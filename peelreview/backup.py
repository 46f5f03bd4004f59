"""Rolling backups of the workspace database, and finding the newest good one. No Qt.

The database is the officer's work (annotations, links, corrections, responses); the index
is only a cache. So the database is copied with SQLite's online backup API (a consistent
copy even while another connection writes) into backups/: when a workspace is opened and
the newest copy is a day old, and before every schema migration. The last KEEP copies are
kept. `peelreview repair` (repair.py) restores from them.
"""
from __future__ import annotations

import datetime as dt
import os
import sqlite3
from contextlib import suppress
from pathlib import Path

from .paths import DB_NAME, ORIGINALS_DIR

BACKUP_DIR = "backups"
KEEP = 5
DAILY = dt.timedelta(hours=24)
_PREFIX = "peelreview-"
_SUFFIX = ".sqlite"


def backups(folder: Path) -> list[Path]:
    """The workspace's backup files, newest first (their names sort by time)."""
    where = Path(folder) / BACKUP_DIR
    if not where.is_dir():
        return []
    return sorted((p for p in where.glob(f"{_PREFIX}*{_SUFFIX}") if p.is_file()),
                  key=lambda p: p.name, reverse=True)


def make_backup(db: sqlite3.Connection, folder: Path, reason: str,
                now: dt.datetime | None = None) -> Path:
    """Copy the open database `db` into backups/ (whole or not at all); prune old ones."""
    now = now or dt.datetime.now()
    where = Path(folder) / BACKUP_DIR
    where.mkdir(exist_ok=True)
    target = where / f"{_PREFIX}{now:%Y%m%d-%H%M%S-%f}-{reason}{_SUFFIX}"
    part = target.with_name(target.name + ".part")
    copy = sqlite3.connect(part)
    try:
        db.backup(copy)
    except BaseException:
        copy.close()
        part.unlink(missing_ok=True)  # a full disk keeps no half backup
        raise
    copy.close()
    os.replace(part, target)
    for old in backups(folder)[KEEP:]:
        with suppress(OSError):
            old.unlink()
    return target


def backup_due(folder: Path, now: dt.datetime | None = None) -> bool:
    """True when no backup is younger than a day."""
    newest = next(iter(backups(folder)), None)
    if newest is None:
        return True
    now = now or dt.datetime.now()
    return now - dt.datetime.fromtimestamp(newest.stat().st_mtime) >= DAILY


def is_good(path: Path) -> bool:
    """The file is a readable SQLite database that passes SQLite's quick check and holds
    peelreview's tables."""
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return False
    try:
        ok = db.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
        return ok and "reports" in tables
    except sqlite3.Error:
        return False
    finally:
        db.close()


def newest_good(folder: Path) -> Path | None:
    return next((p for p in backups(folder) if is_good(p)), None)


def originals(folder: Path) -> list[Path]:
    where = Path(folder) / ORIGINALS_DIR
    return sorted(p for p in where.rglob("*") if p.is_file() and not p.name.endswith(".part")) \
        if where.is_dir() else []


def database_state(folder: Path) -> str:
    """"missing", "empty" (no tables: a new or emptied file), "damaged" or "good"."""
    path = Path(folder) / DB_NAME
    if not path.exists():
        return "missing"
    if path.stat().st_size == 0:
        return "empty"
    if is_good(path):
        return "good"
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]
        finally:
            db.close()
        return "empty" if tables == 0 else "damaged"
    except sqlite3.Error:
        return "damaged"


def _has_tables(path: Path) -> bool:
    try:
        db = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return db.execute("SELECT count(*) FROM sqlite_master").fetchone()[0] > 0
        finally:
            db.close()
    except sqlite3.Error:
        return True   # unreadable is "damaged": the store says so when it opens


def needs_repair(folder: Path) -> str | None:
    """Why the workspace must not be opened as it is (a missing or empty database beside
    imported originals would look like an empty workspace), else None. Runs on every
    opening, so it only looks at the file's size and table list (no integrity check, no
    walk of originals/ unless the database is missing or empty)."""
    path = Path(folder) / DB_NAME
    if not path.exists():
        state = "missing"
    elif path.stat().st_size == 0 or not _has_tables(path):
        state = "empty"
    else:
        return None
    held = len(originals(folder))
    if held:
        return (f"the workspace database in {folder} is {state}, but originals/ holds "
                f"{held} imported file(s): run `peelreview repair` to restore it from its "
                "backup or read the reports again")
    return None
