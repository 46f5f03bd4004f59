"""The officer's decisions on what the extractor read: confirm or reject a finding or a
judgment. No Qt.

A likely item (read from a sentence) waits for the officer; confirming it lets it into
facets, grade movement and the response draft, rejecting it keeps it out (it stays visible
as rejected). A decision is one row of the corrections table, one transaction, and returns
what it replaced so the UI can undo it (`undo`). After each change the report's search
documents are rewritten, so facets follow at once.
"""
from __future__ import annotations

import uuid as uuidlib
from dataclasses import dataclass, field

from ..corrections import ACTIONS, Correction, judgment_for
from ..grades import norm
from ..store import timestamp


class CurationError(ValueError):
    """A decision that cannot be taken (unknown id or area, unknown action); str() is for
    the officer."""


@dataclass
class Change:
    """What one decision did: the rows it added and the rows it replaced (for undo)."""
    report_id: int
    added: list[Correction] = field(default_factory=list)
    removed: list[Correction] = field(default_factory=list)


class CurationService:
    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    # ------------------------------------------------------------------ decisions
    def decide_finding(self, finding_id: int, action: str) -> Change:
        """Confirm or reject a finding (by its id)."""
        _check(action)
        with self.store._lock:
            row = self.store.db.execute("SELECT report_id, text FROM findings WHERE id=?",
                                        (finding_id,)).fetchone()
        if row is None:
            raise CurationError(f"there is no finding {finding_id}")
        new = Correction(0, str(uuidlib.uuid4()), row["report_id"], "finding", action,
                         finding_id=finding_id, quote=row["text"], created=timestamp())
        return self._replace(new, lambda c: c.target == "finding" and (
            c.finding_id == finding_id or norm(c.quote) == norm(row["text"])))

    def decide_judgment(self, report_id: int, area: str, action: str) -> Change:
        """Confirm or reject the judgment of an area of a report."""
        _check(action)
        stored = self.store.get_report(report_id)
        if stored is None:
            raise CurationError(f"there is no report {report_id}")
        probe = Correction(0, "", report_id, "judgment", action, area=area)
        i = judgment_for(probe, stored.report.judgments)
        if i is None:
            raise CurationError(f"report {report_id} has no judgment of the area {area!r}")
        name = stored.report.judgments[i].area
        new = Correction(0, str(uuidlib.uuid4()), report_id, "judgment", action, area=name,
                         created=timestamp())
        return self._replace(new, lambda c: c.target == "judgment"
                             and judgment_for(c, [stored.report.judgments[i]]) == 0)

    def undo(self, change: Change) -> Change:
        """Put back what a change replaced; returns the inverse change (for redo)."""
        with self.store.transaction() as db:
            for c in change.added:
                db.execute("DELETE FROM corrections WHERE uuid=?", (c.uuid,))
            for c in change.removed:
                _insert(db, c)
        self._reindex(change.report_id)
        return Change(change.report_id, added=list(change.removed), removed=list(change.added))

    # ------------------------------------------------------------------ helpers
    def _replace(self, new: Correction, same_item) -> Change:
        """Store `new` in place of every earlier decision on the same item (one row per
        item: the last word counts, and undo restores the one before)."""
        with self.store.transaction() as db:
            old = [c for c in self.store.corrections(new.report_id, db) if same_item(c)]
            for c in old:
                db.execute("DELETE FROM corrections WHERE id=?", (c.id,))
            new.id = _insert(db, new)
        self._reindex(new.report_id)
        return Change(new.report_id, added=[new], removed=old)

    def _reindex(self, report_id: int) -> None:
        """Rewrite the report's search documents (facets count confirmed items only)."""
        from ..index import IndexedReport

        stored = self.store.get_report(report_id)
        if stored is None:
            return
        self.store.set_indexed([report_id], False)
        try:
            self.ws.index.add_reports([IndexedReport(report_id, stored.report,
                                                     stored.finding_ids)])
            self.store.set_indexed([report_id])
        except Exception as e:  # noqa: BLE001 -- indexed=0: caught up on the next opening
            self.ws.notices.append(f"report {report_id} will be brought up to date in the "
                                   f"search index next time ({type(e).__name__}: {e})")


def _check(action: str) -> None:
    if action not in ACTIONS:
        raise CurationError(f"the action {action!r} is not one of: {', '.join(ACTIONS)}")


def _insert(db, c: Correction) -> int:
    return db.execute("INSERT INTO corrections (uuid, report_id, target, action, finding_id,"
                      " quote, area, created) VALUES (?,?,?,?,?,?,?,?)",
                      (c.uuid, c.report_id, c.target, c.action, c.finding_id, c.quote, c.area,
                       c.created)).lastrowid


__all__ = ["Change", "CurationError", "CurationService"]
