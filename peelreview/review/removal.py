"""Removing a report from the workspace, and putting it back (undo). No Qt.

A report carries the officer's work: annotations, links, corrections, a response draft.
`what_hangs_on(report_id)` says what would go with it, for the confirmation; `remove` takes
a snapshot of every row that belongs to the report or points at it, deletes the report (one
transaction; the tables' foreign keys take its parts, links are deleted by hand as they
have none), and returns the snapshot; `restore(snapshot)` puts every row back with its id,
so links, response items and search find them again. The original file stays in
`originals/` (it is what restore reads nothing from, but a re-import of the same file finds
it there).
"""
from __future__ import annotations

from dataclasses import dataclass, field

# Tables whose rows belong to a report through report_id, parents before children.
_OWN = ("reports", "sections", "judgments", "findings", "blocks", "annotations",
        "corrections", "responses")


class RemovalError(LookupError):
    """The report cannot be removed or restored; str() is for the officer."""


@dataclass
class Snapshot:
    """Every row a removed report took with it, table -> rows (column -> value)."""
    report_id: int
    title: str
    rows: dict[str, list[dict]] = field(default_factory=dict)


@dataclass(frozen=True)
class Dependents:
    annotations: int
    links: int
    corrections: int
    response_items: int
    answered_items: int   # items with comments typed in

    def describe(self) -> str:
        """What would be lost with the report, in words, or "" when nothing."""
        parts = []
        for n, one, many in ((self.annotations, "annotation", "annotations"),
                             (self.links, "link", "links"),
                             (self.corrections, "correction", "corrections")):
            if n:
                parts.append(f"{n} {one if n == 1 else many}")
        if self.response_items:
            parts.append(f"a response draft ({self.answered_items} of "
                         f"{self.response_items} items answered)")
        return ", ".join(parts)


class RemovalService:
    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    def what_hangs_on(self, report_id: int) -> Dependents:
        with self.store._lock:
            db = self.store.db
            if db.execute("SELECT 1 FROM reports WHERE id=?", (report_id,)).fetchone() is None:
                raise RemovalError(f"there is no report {report_id}")
            one = lambda sql: db.execute(sql, (report_id,)).fetchone()[0]  # noqa: E731
            links = len(self._links(db, report_id))
            return Dependents(
                annotations=one("SELECT COUNT(*) FROM annotations WHERE report_id=?"),
                links=links,
                corrections=one("SELECT COUNT(*) FROM corrections WHERE report_id=?"),
                response_items=one("SELECT COUNT(*) FROM response_items i JOIN responses r"
                                   " ON r.id=i.response_id WHERE r.report_id=?"),
                answered_items=one("SELECT COUNT(*) FROM response_items i JOIN responses r"
                                   " ON r.id=i.response_id WHERE r.report_id=? AND"
                                   " (i.cc_comments != '' OR i.pcc_comments != '')"))

    def remove(self, report_id: int) -> Snapshot:
        """Delete the report and everything of it; returns what restore needs."""
        with self.store.transaction() as db:
            row = db.execute("SELECT title FROM reports WHERE id=?", (report_id,)).fetchone()
            if row is None:
                raise RemovalError(f"there is no report {report_id}")
            snap = Snapshot(report_id, row["title"])
            for table in _OWN:
                key = "id" if table == "reports" else "report_id"
                snap.rows[table] = _rows(db, f"SELECT * FROM {table} WHERE {key}=?",
                                         (report_id,))
            ann_ids = [r["id"] for r in snap.rows["annotations"]]
            snap.rows["annotation_tags"] = [
                r for a in ann_ids for r in _rows(
                    db, "SELECT * FROM annotation_tags WHERE annotation_id=?", (a,))]
            resp_ids = [r["id"] for r in snap.rows["responses"]]
            for table in ("response_items", "response_bullets"):
                snap.rows[table] = [r for rid in resp_ids for r in _rows(
                    db, f"SELECT * FROM {table} WHERE response_id=?", (rid,))]
            fids = [r["id"] for r in snap.rows["findings"]]
            snap.rows["rejected_suggestions"] = _rows(
                db, "SELECT * FROM rejected_suggestions WHERE finding_id IN (SELECT id FROM"
                " findings WHERE report_id=?) OR other_finding_id IN (SELECT id FROM findings"
                " WHERE report_id=?)", (report_id, report_id))
            snap.rows["rejected_annotation_suggestions"] = _rows(
                db, "SELECT * FROM rejected_annotation_suggestions WHERE annotation_id IN"
                " (SELECT id FROM annotations WHERE report_id=?) OR finding_id IN (SELECT id"
                " FROM findings WHERE report_id=?)", (report_id, report_id))
            # response items of OTHER reports' responses that name this report's findings
            snap.rows["foreign_items"] = [dict(id=r["id"], finding_id=r["finding_id"]) for r
                                          in _rows(db, "SELECT id, finding_id FROM"
                                                   " response_items WHERE finding_id IN (" +
                                                   (",".join("?" * len(fids)) or "NULL") + ")"
                                                   " AND response_id NOT IN (SELECT id FROM"
                                                   " responses WHERE report_id=?)",
                                                   (*fids, report_id))]
            snap.rows["links"] = self._links(db, report_id)
            for link in snap.rows["links"]:
                db.execute("DELETE FROM links WHERE id=?", (link["id"],))
            db.execute("DELETE FROM reports WHERE id=?", (report_id,))
        self._unindex(report_id)
        return snap

    def restore(self, snap: Snapshot) -> None:
        """Put a removed report back exactly as it was (same ids)."""
        order = ("reports", "sections", "judgments", "findings", "blocks", "annotations",
                 "annotation_tags", "corrections", "responses", "response_items",
                 "response_bullets", "rejected_suggestions", "rejected_annotation_suggestions",
                 "links")
        with self.store.transaction() as db:
            if db.execute("SELECT 1 FROM reports WHERE id=?", (snap.report_id,)).fetchone():
                raise RemovalError(f"report {snap.report_id} is already in the workspace")
            for table in order:
                for row in snap.rows.get(table, []):
                    cols = ", ".join(f'"{k}"' for k in row)
                    db.execute(f"INSERT OR IGNORE INTO {table} ({cols}) VALUES "
                               f"({', '.join('?' * len(row))})", tuple(row.values()))
            for item in snap.rows.get("foreign_items", []):
                db.execute("UPDATE response_items SET finding_id=? WHERE id=?",
                           (item["finding_id"], item["id"]))
            db.execute("UPDATE reports SET indexed=0 WHERE id=?", (snap.report_id,))
        self._index(snap.report_id)

    # ------------------------------------------------------------------ helpers
    @staticmethod
    def _links(db, report_id: int) -> list[dict]:
        """Links with an end in the report (links have no foreign keys: either end may be a
        finding or an annotation)."""
        return _rows(db, "SELECT * FROM links WHERE"
                     " (source_type='finding' AND source_id IN (SELECT id FROM findings WHERE"
                     " report_id=?)) OR (target_type='finding' AND target_id IN (SELECT id FROM"
                     " findings WHERE report_id=?)) OR (source_type='annotation' AND source_id"
                     " IN (SELECT id FROM annotations WHERE report_id=?)) OR"
                     " (target_type='annotation' AND target_id IN (SELECT id FROM annotations"
                     " WHERE report_id=?))", (report_id,) * 4)

    def _unindex(self, report_id: int) -> None:
        self.ws.drop_from_index(report_id)

    def _index(self, report_id: int) -> None:
        self.ws.refresh_index([report_id])


def _rows(db, sql: str, args: tuple) -> list[dict]:
    return [dict(r) for r in db.execute(sql, args)]


__all__ = ["Dependents", "RemovalError", "RemovalService", "Snapshot"]
