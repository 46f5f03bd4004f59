"""Officers' annotations on report text: highlight, note, tags, colour. No Qt.

An annotation is stored the W3C Web Annotation way (see peelreview.anchoring): the exact
quote with some prefix/suffix context plus the offsets in the report text, so it can be found
again in a new version of the report (peelreview.replace) or in another workspace holding the
same report (peelreview.sharing). While it cannot be placed it is "orphaned": start/end are
NULL but the quote, note and tags are kept, and the officer can place it by hand (`place`).

Every change is one transaction, committed before the method returns (nothing is lost on a
crash), and returns what changed so the UI can build undo commands:

    create / create_by_quote -> the new Annotation        (undo: delete)
    update                   -> (old, new)                (undo: update with old's values)
    delete                   -> the Annotation as it was, with the links it had (undo: restore)
    restore                  -> the Annotation again, same uuid (and same id when still free)
    place                    -> (old, new)
"""
from __future__ import annotations

import sqlite3
import uuid as uuidlib
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from ..store import timestamp
from .anchoring import make_selector, selector_for_occurrence
from .links import delete_links_of, restore_links

#: The colours an officer can pick; anything else is refused.
COLOURS = ("yellow", "green", "blue", "pink", "orange")
DEFAULT_COLOUR = "yellow"


def check_colour(colour: str) -> str:
    c = (colour or "").strip().lower()
    if c not in COLOURS:
        raise ValueError(f"the colour {colour!r} is not one of: {', '.join(COLOURS)}")
    return c


def clean_tags(tags: Iterable[str] | str | None) -> tuple[str, ...]:
    """Tags stripped, inner whitespace collapsed, empties and duplicates (ignoring case)
    dropped (the first spelling kept), sorted ignoring case (as they are stored)."""
    if tags is None:
        return ()
    if isinstance(tags, str):
        tags = [tags]
    out: list[str] = []
    seen: set[str] = set()
    for t in tags:
        t = " ".join(str(t).split())
        if t and t.casefold() not in seen:
            seen.add(t.casefold())
            out.append(t)
    return tuple(sorted(out, key=lambda t: (t.casefold(), t)))


@dataclass(frozen=True)
class Annotation:
    id: int
    uuid: str
    report_id: int
    quote: str
    prefix: str
    suffix: str
    start: int | None          # None while orphaned
    end: int | None
    orphaned: bool
    colour: str
    note: str
    tags: tuple[str, ...]
    created: str
    modified: str
    # the links this annotation had when it was deleted (so restore can put them back)
    links: tuple = field(default=(), compare=False)


_COLUMNS = 'id, uuid, report_id, quote, prefix, suffix, start, "end", orphaned, colour, note,' \
           ' created, modified'


def _row_to_annotation(db: sqlite3.Connection, row) -> Annotation:
    tags = tuple(sorted((r[0] for r in db.execute(
        "SELECT tag FROM annotation_tags WHERE annotation_id=?", (row["id"],))),
                        key=lambda t: (t.casefold(), t)))
    return Annotation(row["id"], row["uuid"], row["report_id"], row["quote"], row["prefix"],
                      row["suffix"], row["start"], row["end"], bool(row["orphaned"]),
                      row["colour"], row["note"], tags, row["created"], row["modified"])


def load_annotation(db: sqlite3.Connection, annotation_id: int) -> Annotation | None:
    row = db.execute(f"SELECT {_COLUMNS} FROM annotations WHERE id=?",
                     (annotation_id,)).fetchone()
    return _row_to_annotation(db, row) if row else None


def set_tags(db: sqlite3.Connection, annotation_id: int, tags: tuple[str, ...]) -> None:
    db.execute("DELETE FROM annotation_tags WHERE annotation_id=?", (annotation_id,))
    db.executemany("INSERT INTO annotation_tags (annotation_id, tag) VALUES (?,?)",
                   [(annotation_id, t) for t in tags])


def insert_annotation(db: sqlite3.Connection, a: Annotation, *, keep_id: bool = False) -> int:
    """Insert `a` (its id too when keep_id and that id is free); returns the row id."""
    cols = ("uuid, report_id, quote, prefix, suffix, start, \"end\", orphaned, colour, note,"
            " created, modified")
    values = (a.uuid, a.report_id, a.quote, a.prefix, a.suffix, a.start, a.end,
              int(a.orphaned), a.colour, a.note, a.created, a.modified)
    if keep_id and a.id and db.execute("SELECT 1 FROM annotations WHERE id=?",
                                       (a.id,)).fetchone() is None:
        db.execute(f"INSERT INTO annotations (id, {cols}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
                   (a.id, *values))
        rid = a.id
    else:
        rid = db.execute(f"INSERT INTO annotations ({cols}) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                         values).lastrowid
    set_tags(db, rid, a.tags)
    return rid


class AnnotationService:
    """The annotations of one workspace (`Workspace.annotations`)."""

    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    # ------------------------------------------------------------------ reading
    def get(self, annotation_id: int) -> Annotation:
        with self.store._lock:
            a = load_annotation(self.store.db, annotation_id)
        if a is None:
            raise LookupError(f"there is no annotation {annotation_id}")
        return a

    def get_by_uuid(self, uuid: str) -> Annotation | None:
        with self.store._lock:
            row = self.store.db.execute(f"SELECT {_COLUMNS} FROM annotations WHERE uuid=?",
                                        (uuid,)).fetchone()
            return _row_to_annotation(self.store.db, row) if row else None

    def list(self, report_id: int | None = None, tag: str | None = None,
             colour: str | None = None, text: str | None = None) -> list[Annotation]:
        """Annotations, by report then position (orphans of a report last).

        tag: has this tag (ignoring case); colour: this colour; text: occurs (ignoring case)
        in the note, the quote or a tag."""
        sql = f"SELECT {_COLUMNS} FROM annotations WHERE 1=1"
        params: list = []
        if report_id is not None:
            sql += " AND report_id=?"
            params.append(report_id)
        if colour is not None:
            sql += " AND colour=?"
            params.append(check_colour(colour))
        sql += " ORDER BY report_id, orphaned, start, id"
        with self.store._lock:
            db = self.store.db
            items = [_row_to_annotation(db, r) for r in db.execute(sql, params).fetchall()]
        if tag is not None:
            wanted = " ".join(tag.split()).casefold()
            items = [a for a in items if any(t.casefold() == wanted for t in a.tags)]
        if text:
            needle = text.casefold()
            items = [a for a in items
                     if needle in a.note.casefold() or needle in a.quote.casefold()
                     or any(needle in t.casefold() for t in a.tags)]
        return items

    def tags(self) -> list[str]:
        """Every tag in use (for completion), sorted ignoring case."""
        with self.store._lock:
            rows = self.store.db.execute("SELECT DISTINCT tag FROM annotation_tags").fetchall()
        return sorted({r[0] for r in rows}, key=lambda t: (t.casefold(), t))

    # ------------------------------------------------------------------ changes
    def _report_text(self, db, report_id: int) -> str:
        row = db.execute("SELECT text FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            raise LookupError(f"there is no report {report_id}")
        return row[0]

    def create(self, report_id: int, start: int, end: int, note: str = "",
               tags: Iterable[str] = (), colour: str = DEFAULT_COLOUR) -> Annotation:
        """Annotate text[start:end] of the report. ValueError for a bad span or colour."""
        colour = check_colour(colour)
        tags = clean_tags(tags)
        with self.store.transaction() as db:
            sel = make_selector(self._report_text(db, report_id), start, end)
            return self._insert_new(db, report_id, sel, note, tags, colour)

    def create_by_quote(self, report_id: int, quote: str, occurrence: int = 1,
                        note: str = "", tags: Iterable[str] = (),
                        colour: str = DEFAULT_COLOUR) -> Annotation:
        """Annotate the `occurrence`-th (from 1) occurrence of `quote` in the report."""
        colour = check_colour(colour)
        tags = clean_tags(tags)
        with self.store.transaction() as db:
            sel = selector_for_occurrence(self._report_text(db, report_id), quote, occurrence)
            return self._insert_new(db, report_id, sel, note, tags, colour)

    def _insert_new(self, db, report_id, sel, note, tags, colour) -> Annotation:
        t = timestamp()
        a = Annotation(0, str(uuidlib.uuid4()), report_id, sel.exact, sel.prefix, sel.suffix,
                       sel.start, sel.end, False, colour, note or "", tags, t, t)
        return replace(a, id=insert_annotation(db, a))

    def update(self, annotation_id: int, *, note: str | None = None,
               colour: str | None = None, tags: Iterable[str] | None = None
               ) -> tuple[Annotation, Annotation]:
        """Change the note, colour and/or tags; returns (old, new)."""
        colour = check_colour(colour) if colour is not None else None
        with self.store.transaction() as db:
            old = self._load(db, annotation_id)
            new = replace(old, note=old.note if note is None else note,
                          colour=old.colour if colour is None else colour,
                          tags=old.tags if tags is None else clean_tags(tags))
            if new == old:
                return old, old
            new = replace(new, modified=timestamp())
            db.execute("UPDATE annotations SET note=?, colour=?, modified=? WHERE id=?",
                       (new.note, new.colour, new.modified, annotation_id))
            if new.tags != old.tags:
                set_tags(db, annotation_id, new.tags)
            return old, new

    def place(self, annotation_id: int, start: int, end: int
              ) -> tuple[Annotation, Annotation]:
        """The officer places an (orphaned) annotation by hand on text[start:end] of its
        report: the quote and context become that passage's. Returns (old, new)."""
        with self.store.transaction() as db:
            old = self._load(db, annotation_id)
            sel = make_selector(self._report_text(db, old.report_id), start, end)
            new = replace(old, quote=sel.exact, prefix=sel.prefix, suffix=sel.suffix,
                          start=sel.start, end=sel.end, orphaned=False, modified=timestamp())
            db.execute('UPDATE annotations SET quote=?, prefix=?, suffix=?, start=?, "end"=?,'
                       " orphaned=0, modified=? WHERE id=?",
                       (new.quote, new.prefix, new.suffix, new.start, new.end, new.modified,
                        annotation_id))
            return old, new

    def delete(self, annotation_id: int) -> Annotation:
        """Delete it and the links touching it; returns it as it was (with those links in
        `.links`) so that `restore` can undo this."""

        with self.store.transaction() as db:
            old = self._load(db, annotation_id)
            links = delete_links_of(db, "annotation", annotation_id)
            db.execute("DELETE FROM annotations WHERE id=?", (annotation_id,))
            return replace(old, links=tuple(links))

    def restore(self, annotation: Annotation) -> Annotation:
        """Undo of delete: put it back with the same uuid (and id, when still free), and its
        links whose other end still exists."""

        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM annotations WHERE uuid=?",
                          (annotation.uuid,)).fetchone():
                raise ValueError(f"annotation {annotation.uuid} is already in the workspace")
            self._report_text(db, annotation.report_id)
            rid = insert_annotation(db, annotation, keep_id=True)
            restore_links(db, annotation.links, {annotation.id: rid})
            return load_annotation(db, rid)

    def _load(self, db, annotation_id: int) -> Annotation:
        a = load_annotation(db, annotation_id)
        if a is None:
            raise LookupError(f"there is no annotation {annotation_id}")
        return a
