"""The officer's corrections of what the extractor read. No Qt.

Confirm or reject a finding or a grade; mark a passage as a finding; change a finding's
kind or area; set or remove an area's grade (a new judgment where the extractor found
none); correct a report's title, kind, force, publication date or cycle. Each is one row of
the corrections table (corrections.py lays them over the extraction whenever a report is
read), written in one transaction, and returns a Change that `undo` reverses (and whose
inverse redoes it). After each change the report's search documents are rewritten, so
facets follow at once.
"""
from __future__ import annotations

import datetime as dt
import uuid as uuidlib
from dataclasses import dataclass, field

from ..corrections import ACTIONS, DETAILS, Correction, judgment_for
from ..grades import norm
from ..model import FindingKind, Grade, ReportKind
from ..store import FINDING_COLUMNS, finding_values, timestamp
from .anchoring import make_selector

KINDS = tuple(k.value for k in FindingKind)
GRADES = tuple(g.value for g in Grade)
REPORT_KINDS = tuple(k.value for k in ReportKind)
_CORRECTION_COLUMNS = ("uuid", "report_id", "target", "action", "finding_id", "quote",
                       "prefix", "suffix", "start", "end", "orphaned", "area", "kind", "grade",
                       "field", "value", "created")


class CurationError(ValueError):
    """A correction that cannot be made (unknown id, area, kind or grade, a quote not in
    the text, a date that is not a date); str() is for the officer."""


@dataclass
class Change:
    """What one correction did: correction rows added and replaced, and finding rows the
    officer added (deleted again on undo, restored with the same id on redo)."""
    report_id: int
    added: list[Correction] = field(default_factory=list)
    removed: list[Correction] = field(default_factory=list)
    added_findings: list[dict] = field(default_factory=list)
    removed_findings: list[dict] = field(default_factory=list)
    finding_id: int | None = None


def check_kind(kind: str) -> str:
    k = (kind or "").strip().lower().replace(" ", "_").replace("-", "_")
    if k not in KINDS:
        raise CurationError(f"the kind {kind!r} is not one of: {', '.join(KINDS)}")
    return k


def check_grade(grade: str) -> str:
    for g in GRADES:
        if norm(grade or "") == norm(g):
            return g
    raise CurationError(f"the grade {grade!r} is not one of: {', '.join(GRADES)}")


class CurationService:
    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    # ------------------------------------------------------------------ findings
    def decide_finding(self, finding_id: int, action: str) -> Change:
        """Confirm or reject a finding (by its id)."""
        if action not in ACTIONS:
            raise CurationError(f"the action {action!r} is not one of: {', '.join(ACTIONS)}")
        row = self._finding_row(finding_id)
        return self._replace(self._new(row["report_id"], "finding", action,
                                       finding_id=finding_id, quote=row["text"],
                                       start=row["start"], end=row["end"]),
                             self._same_finding(finding_id, row["text"], ("confirm", "reject")))

    def change_finding(self, finding_id: int, kind: str | None = None,
                       area: str | None = None) -> Change:
        """Change a finding's kind and/or area (area "" puts it under no area)."""
        if kind is None and area is None:
            raise CurationError("give a kind or an area to change")
        kind = check_kind(kind) if kind is not None else None
        row = self._finding_row(finding_id)
        return self._replace(self._new(row["report_id"], "finding", "change",
                                       finding_id=finding_id, quote=row["text"],
                                       start=row["start"], end=row["end"], kind=kind,
                                       area=area.strip() if area is not None else None),
                             self._same_finding(finding_id, row["text"], ("change",)),
                             merge_previous=True)

    def add_finding(self, report_id: int, kind: str, start: int, end: int,
                    area: str | None = None) -> Change:
        """Mark text[start:end] of a report as a finding of `kind`; area defaults to the
        area the passage sits in. Change.finding_id is the new finding's id."""
        kind = check_kind(kind)
        stored = self._stored(report_id)
        text = stored.report.text
        try:
            sel = make_selector(text, start, end)
        except ValueError as e:
            raise CurationError(str(e)) from None
        body = text[start:end].strip()
        if not body:
            raise CurationError("the passage is empty")
        lead = len(text[start:end]) - len(text[start:end].lstrip())
        start, end = start + lead, start + lead + len(body)
        sel = make_selector(text, start, end)
        if area is None:
            from .suggestions import area_at

            with self.store._lock:
                area = area_at(self.store.db, report_id, start)
        with self.store.transaction() as db:
            order = db.execute("SELECT COALESCE(MAX(ord) + 1, 0) FROM findings"
                               " WHERE report_id=?", (report_id,)).fetchone()[0]
            from ..model import Finding

            f = Finding(kind, area or None, body, start, end, "certain", "officer")
            fid = db.execute(f"INSERT INTO findings (report_id, ord, {FINDING_COLUMNS})"
                             " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                             (report_id, order, *finding_values(f))).lastrowid
            row = dict(db.execute("SELECT * FROM findings WHERE id=?", (fid,)).fetchone())
            c = self._new(report_id, "finding", "add", finding_id=fid, quote=sel.exact,
                          prefix=sel.prefix, suffix=sel.suffix, start=start, end=end,
                          kind=kind, area=area)
            c.id = _insert(db, c)
        self._reindex(report_id)
        return Change(report_id, added=[c], added_findings=[row], finding_id=fid)

    def add_finding_by_quote(self, report_id: int, kind: str, quote: str,
                             occurrence: int | None = None, area: str | None = None) -> Change:
        """add_finding for the passage `quote` (its `occurrence`-th place, from 1, when it
        occurs more than once -- required then)."""
        text = self._stored(report_id).report.text
        if not quote or not quote.strip():
            raise CurationError("the quote is empty")
        places, pos = [], text.find(quote)
        while pos != -1:
            places.append(pos)
            pos = text.find(quote, pos + 1)
        if not places:
            raise CurationError(f"report {report_id} does not contain the quote {quote!r}")
        if occurrence is None and len(places) > 1:
            raise CurationError(f"the quote occurs {len(places)} times in report {report_id}: "
                                "say which with --occurrence N")
        n = occurrence or 1
        if not 1 <= n <= len(places):
            raise CurationError(f"the quote occurs {len(places)} time(s), not {n}")
        return self.add_finding(report_id, kind, places[n - 1], places[n - 1] + len(quote),
                                area)

    # ------------------------------------------------------------------ grades
    def decide_judgment(self, report_id: int, area: str, action: str) -> Change:
        """Confirm or reject (remove) the grade of an area of a report."""
        if action not in ACTIONS:
            raise CurationError(f"the action {action!r} is not one of: {', '.join(ACTIONS)}")
        stored = self._stored(report_id)
        probe = Correction(0, "", report_id, "judgment", action, area=area)
        i = judgment_for(probe, stored.report.judgments)
        if i is None:
            raise CurationError(f"report {report_id} has no grade for the area {area!r}")
        name = stored.report.judgments[i].area
        return self._replace(self._new(report_id, "judgment", action, area=name),
                             self._same_area(name))

    def set_grade(self, report_id: int, area: str, grade: str) -> Change:
        """The area's grade is `grade` (one of the five words or "Not graded"); a judgment
        is added when the report has none for the area."""
        grade = check_grade(grade)
        area = (area or "").strip()
        if not area:
            raise CurationError("name the area to grade")
        stored = self._stored(report_id)
        i = judgment_for(Correction(0, "", report_id, "judgment", "set", area=area),
                         stored.report.judgments)
        name = stored.report.judgments[i].area if i is not None else area
        span = next(((s.start, s.start + len(s.title)) for s in stored.report.sections
                     if norm(s.title) == norm(name)), (None, None))
        return self._replace(self._new(report_id, "judgment", "set", area=name, grade=grade,
                                       start=span[0], end=span[1]),
                             self._same_area(name))

    # ------------------------------------------------------------------ details
    def set_detail(self, report_id: int, field_name: str, value: str | None) -> Change:
        """Correct one of the report's details (title, kind, force, published, cycle)."""
        if field_name not in DETAILS:
            raise CurationError(f"a report has no detail {field_name!r} (one of: "
                                f"{', '.join(DETAILS)})")
        value = (value or "").strip()
        if field_name == "title" and not value:
            raise CurationError("a title cannot be empty")
        if field_name == "kind" and value not in REPORT_KINDS:
            raise CurationError(f"the kind {value!r} is not one of: {', '.join(REPORT_KINDS)}")
        if field_name == "published" and value:
            try:
                value = dt.date.fromisoformat(value).isoformat()
            except ValueError:
                raise CurationError(f"the date {value!r} is not a date (use YYYY-MM-DD)") \
                    from None
        self._stored(report_id)
        return self._replace(self._new(report_id, "report", "set", field=field_name,
                                       value=value),
                             lambda c: c.target == "report" and c.field == field_name)

    # ------------------------------------------------------------------ undo
    def undo(self, change: Change) -> Change:
        """Put back what a change replaced; returns the inverse change (for redo)."""
        with self.store.transaction() as db:
            for c in change.added:
                db.execute("DELETE FROM corrections WHERE uuid=?", (c.uuid,))
            for row in change.added_findings:
                db.execute("DELETE FROM findings WHERE id=?", (row["id"],))
            for row in change.removed_findings:
                cols = ", ".join(f'"{k}"' for k in row)
                db.execute(f"INSERT INTO findings ({cols}) VALUES "
                           f"({', '.join('?' * len(row))})", tuple(row.values()))
            for c in change.removed:
                c.id = _insert(db, c)
        self._reindex(change.report_id)
        return Change(change.report_id, added=list(change.removed),
                      removed=list(change.added), added_findings=list(change.removed_findings),
                      removed_findings=list(change.added_findings),
                      finding_id=change.finding_id)

    # ------------------------------------------------------------------ helpers
    def _stored(self, report_id: int):
        stored = self.store.get_report(report_id)
        if stored is None:
            raise CurationError(f"there is no report {report_id}")
        return stored

    def _finding_row(self, finding_id: int):
        with self.store._lock:
            row = self.store.db.execute('SELECT report_id, text, start, "end" FROM findings'
                                        " WHERE id=?", (finding_id,)).fetchone()
        if row is None:
            raise CurationError(f"there is no finding {finding_id}")
        return row

    @staticmethod
    def _same_finding(finding_id: int, text: str, actions: tuple[str, ...]):
        return lambda c: c.target == "finding" and c.action in actions and (
            c.finding_id == finding_id or norm(c.quote) == norm(text))

    @staticmethod
    def _same_area(area: str):
        return lambda c: c.target == "judgment" and judgment_for(
            Correction(0, "", c.report_id, "judgment", "", area=area), [_J(c.area)]) == 0

    @staticmethod
    def _new(report_id: int, target: str, action: str, **values) -> Correction:
        return Correction(0, str(uuidlib.uuid4()), report_id, target, action,
                          created=timestamp(), **values)

    def _replace(self, new: Correction, same_item, merge_previous: bool = False) -> Change:
        """Store `new` in place of earlier corrections of the same item (one row per item:
        the last word counts, and undo restores the one before). merge_previous keeps what
        an earlier change of the item set and this one leaves alone (kind, area)."""
        with self.store.transaction() as db:
            old = [c for c in self.store.corrections(new.report_id, db) if same_item(c)]
            if merge_previous and old:
                last = old[-1]
                new.kind = new.kind if new.kind is not None else last.kind
                new.area = new.area if new.area is not None else last.area
            for c in old:
                db.execute("DELETE FROM corrections WHERE id=?", (c.id,))
            new.id = _insert(db, new)
        self._reindex(new.report_id)
        return Change(new.report_id, added=[new], removed=old)

    def _reindex(self, report_id: int) -> None:
        """Rewrite the report's search documents (facets count corrected values)."""
        self.ws.refresh_index([report_id])


@dataclass
class _J:
    """The least of a judgment judgment_for needs: its area."""
    area: str | None


def _insert(db, c: Correction) -> int:
    values = [getattr(c, k) for k in _CORRECTION_COLUMNS]
    values[_CORRECTION_COLUMNS.index("orphaned")] = int(bool(c.orphaned))
    cols = ", ".join(f'"{k}"' for k in _CORRECTION_COLUMNS)
    return db.execute(f"INSERT INTO corrections ({cols}) VALUES "
                      f"({', '.join('?' * len(values))})", values).lastrowid


__all__ = ["Change", "CurationError", "CurationService", "GRADES", "KINDS", "check_grade",
           "check_kind"]
