"""Links between findings and annotations, within a report or across reports. No Qt.

A link joins two items, each ("finding" | "annotation", id), with a type from LINK_TYPES and
an optional comment. A link between the same two items with the same type is refused in
either direction (one "same issue" link between A and B is enough). `trace` follows links
from a finding to show how an issue ran across inspections and responses, oldest first.

The links table has no foreign keys (either end may be a finding or an annotation), so:
deleting an annotation through AnnotationService deletes its links (and returns them for
undo); a link whose end has gone (a report deleted) is ignored by every reader here.
"""
from __future__ import annotations

import sqlite3
import uuid as uuidlib
from collections import deque
from dataclasses import dataclass

from ..store import timestamp

LINK_TYPES = ("follows up", "same issue", "responds to", "supersedes")
KINDS = ("finding", "annotation")


@dataclass(frozen=True)
class Link:
    id: int
    uuid: str
    source_type: str
    source_id: int
    target_type: str
    target_id: int
    link_type: str
    comment: str
    created: str

    @property
    def source(self) -> tuple[str, int]:
        return (self.source_type, self.source_id)

    @property
    def target(self) -> tuple[str, int]:
        return (self.target_type, self.target_id)

    def other_end(self, kind: str, item_id: int) -> tuple[str, int]:
        return self.target if self.source == (kind, item_id) else self.source


@dataclass(frozen=True)
class TraceStep:
    kind: str                 # "finding" | "annotation"
    id: int
    report_id: int
    report_title: str
    force: str | None
    date: str | None          # the report's publication date (ISO), else its year
    text: str                 # a finding's text; an annotation's quote
    note: str = ""            # an annotation's note
    finding_kind: str | None = None   # e.g. "cause_of_concern" for a finding


_COLS = "id, uuid, source_type, source_id, target_type, target_id, link_type, comment, created"


def _link(row) -> Link:
    return Link(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8])


def item_exists(db: sqlite3.Connection, kind: str, item_id: int) -> bool:
    table = {"finding": "findings", "annotation": "annotations"}[kind]
    return db.execute(f"SELECT 1 FROM {table} WHERE id=?", (item_id,)).fetchone() is not None


def links_of(db: sqlite3.Connection, kind: str, item_id: int) -> list[Link]:
    rows = db.execute(f"SELECT {_COLS} FROM links WHERE (source_type=? AND source_id=?)"
                      " OR (target_type=? AND target_id=?) ORDER BY id",
                      (kind, item_id, kind, item_id)).fetchall()
    return [_link(r) for r in rows]


def delete_links_of(db: sqlite3.Connection, kind: str, item_id: int) -> list[Link]:
    """Delete (inside the caller's transaction) every link touching the item; returns them."""
    links = links_of(db, kind, item_id)
    db.executemany("DELETE FROM links WHERE id=?", [(lk.id,) for lk in links])
    return links


def restore_links(db: sqlite3.Connection, links, annotation_ids: dict[int, int]) -> int:
    """Put links back (inside the caller's transaction), re-pointing annotation ends through
    `annotation_ids` (old id -> new id); skips those whose other end has gone. Returns how
    many were restored."""
    n = 0
    for lk in links:
        src = (lk.source_type, annotation_ids.get(lk.source_id, lk.source_id)
               if lk.source_type == "annotation" else lk.source_id)
        tgt = (lk.target_type, annotation_ids.get(lk.target_id, lk.target_id)
               if lk.target_type == "annotation" else lk.target_id)
        if not (item_exists(db, *src) and item_exists(db, *tgt)):
            continue
        n += db.execute("INSERT OR IGNORE INTO links (uuid, source_type, source_id, target_type,"
                        " target_id, link_type, comment, created) VALUES (?,?,?,?,?,?,?,?)",
                        (lk.uuid, *src, *tgt, lk.link_type, lk.comment, lk.created)).rowcount
    return n


def check_item(item) -> tuple[str, int]:
    try:
        kind, item_id = item
    except (TypeError, ValueError):
        raise ValueError(f"a link end is (\"finding\" or \"annotation\", id), not {item!r}") \
            from None
    if kind not in KINDS:
        raise ValueError(f"a link joins findings and annotations, not {kind!r}")
    return kind, int(item_id)


def check_link_type(link_type: str) -> str:
    t = " ".join((link_type or "").split()).lower()
    if t not in LINK_TYPES:
        raise ValueError(f"the link type {link_type!r} is not one of: {', '.join(LINK_TYPES)}")
    return t


class LinkService:
    """The links of one workspace (`Workspace.links`)."""

    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    def create(self, source, target, link_type: str, comment: str = "") -> Link:
        """Link two items; ValueError when an end does not exist, both ends are the same
        item, or the same link (either direction) exists already."""
        src, tgt = check_item(source), check_item(target)
        link_type = check_link_type(link_type)
        if src == tgt:
            raise ValueError("cannot link an item to itself")
        with self.store.transaction() as db:
            for kind, item_id in (src, tgt):
                if not item_exists(db, kind, item_id):
                    raise ValueError(f"there is no {kind} {item_id}")
            dup = db.execute("SELECT 1 FROM links WHERE link_type=? AND ((source_type=? AND"
                             " source_id=? AND target_type=? AND target_id=?) OR (source_type=?"
                             " AND source_id=? AND target_type=? AND target_id=?))",
                             (link_type, *src, *tgt, *tgt, *src)).fetchone()
            if dup:
                raise ValueError(f"these two items are already linked as {link_type!r}")
            created = timestamp()
            uid = str(uuidlib.uuid4())
            cur = db.execute("INSERT INTO links (uuid, source_type, source_id, target_type,"
                             " target_id, link_type, comment, created) VALUES (?,?,?,?,?,?,?,?)",
                             (uid, *src, *tgt, link_type, comment or "", created))
            return Link(cur.lastrowid, uid, *src, *tgt, link_type, comment or "", created)

    def get(self, link_id: int) -> Link:
        with self.store._lock:
            row = self.store.db.execute(f"SELECT {_COLS} FROM links WHERE id=?",
                                        (link_id,)).fetchone()
        if row is None:
            raise LookupError(f"there is no link {link_id}")
        return _link(row)

    def delete(self, link_id: int) -> Link:
        """Delete a link; returns it as it was (undo: `restore`)."""
        with self.store.transaction() as db:
            row = db.execute(f"SELECT {_COLS} FROM links WHERE id=?", (link_id,)).fetchone()
            if row is None:
                raise LookupError(f"there is no link {link_id}")
            db.execute("DELETE FROM links WHERE id=?", (link_id,))
            return _link(row)

    def restore(self, link: Link) -> Link:
        """Undo of delete: the same link again (same uuid)."""
        with self.store.transaction() as db:
            if not restore_links(db, [link], {}):
                raise ValueError("cannot restore the link: an end has gone or it exists")
            row = db.execute(f"SELECT {_COLS} FROM links WHERE uuid=?", (link.uuid,)).fetchone()
            return _link(row)

    def for_item(self, kind: str, item_id: int) -> list[Link]:
        """Every link with this item at either end (whose other end still exists)."""
        kind, item_id = check_item((kind, item_id))
        with self.store._lock:
            db = self.store.db
            return [lk for lk in links_of(db, kind, item_id)
                    if item_exists(db, *lk.other_end(kind, item_id))]

    def trace(self, finding_id: int) -> list[TraceStep]:
        """Every item reachable from the finding through links (either direction), the
        finding included, ordered by report date (oldest first), then report, then place
        in the text."""
        with self.store._lock:
            db = self.store.db
            start = ("finding", int(finding_id))
            if not item_exists(db, *start):
                raise LookupError(f"there is no finding {finding_id}")
            seen = {start}
            queue = deque([start])
            while queue:
                kind, item_id = queue.popleft()
                for lk in links_of(db, kind, item_id):
                    other = lk.other_end(kind, item_id)
                    if other not in seen and item_exists(db, *other):
                        seen.add(other)
                        queue.append(other)
            keyed = [self._step(db, kind, item_id) for kind, item_id in seen]
        keyed.sort(key=lambda k: k[0])
        return [step for _, step in keyed]

    @staticmethod
    def _step(db, kind: str, item_id: int):
        if kind == "finding":
            row = db.execute('SELECT report_id, text, kind, start FROM findings WHERE id=?',
                             (item_id,)).fetchone()
            text, note, fkind, pos = row["text"], "", row["kind"], row["start"]
        else:
            row = db.execute('SELECT report_id, quote, note, start FROM annotations WHERE id=?',
                             (item_id,)).fetchone()
            text, note, fkind, pos = row["quote"], row["note"], None, row["start"]
        rep = db.execute("SELECT title, force, published, year FROM reports WHERE id=?",
                         (row["report_id"],)).fetchone()
        date = rep["published"] or (str(rep["year"]) if rep["year"] else None)
        step = TraceStep(kind, item_id, row["report_id"], rep["title"], rep["force"], date,
                         text, note, fkind)
        # undated reports last; within a report, by place in the text (orphans last)
        key = (date is None, date or "", row["report_id"], pos is None, pos or 0,
               kind, item_id)
        return key, step
