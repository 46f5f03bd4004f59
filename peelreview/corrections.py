"""The officer's corrections, laid over what the extractor read. No Qt, no I/O.

What the extractor produced stays in the judgments and findings tables, as it produced
it; what the officer decided is kept apart, in the corrections table (store.py), and laid
over the extraction whenever a report is read. So a correction survives a rebuild of the
index, a newer extractor re-reading the report and a new version of the file: it is looked
up again each time, and one that no longer finds its item is an orphan, listed, never
applied to another item.

Corrections, by target and action:
  finding  confirm | reject          a finding's status
           add                       a passage the officer marked (its row in findings has
                                     basis "officer"; the correction anchors it)
           change                    its kind and/or area
  judgment confirm | reject          an area's grade counts, or not ("remove" is reject)
           set                       the area's grade is `grade` (a new judgment if the
                                     report has none for the area)
  report   set                       a detail: title, kind, force, published, cycle

A finding's correction finds its item by its id (ids survive re-extraction when the text is
the same; replace.py re-anchors the rest), else by its quote where it was; a judgment's by
its area. Statuses, as `show --json` gives them: extracted, added, confirmed, changed,
rejected.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .extract.areas import same_area
from .grades import norm
from .model import CERTAIN, Finding, Judgment, Report

EXTRACTED, ADDED, CONFIRMED, CHANGED, REJECTED = (
    "extracted", "added", "confirmed", "changed", "rejected")
ACTIONS = ("confirm", "reject")
DETAILS = ("title", "kind", "force", "published", "cycle")


@dataclass
class Correction:
    """One officer decision (see the module doc)."""
    id: int
    uuid: str
    report_id: int
    target: str
    action: str
    finding_id: int | None = None
    quote: str = ""
    prefix: str = ""
    suffix: str = ""
    start: int | None = None
    end: int | None = None
    orphaned: bool = False
    area: str | None = None
    kind: str | None = None
    grade: str | None = None
    field: str | None = None
    value: str | None = None
    created: str = ""

    @classmethod
    def from_row(cls, r) -> Correction:
        keys = r.keys()
        return cls(**{k: (bool(r[k]) if k == "orphaned" else r[k])
                      for k in cls.__dataclass_fields__ if k in keys})


def counts(item: Judgment | Finding) -> bool:
    """Does this item stand in facets, grade movement and the response draft? Certain ones
    do unless rejected; likely ones only once the officer has confirmed them."""
    status = getattr(item, "status", EXTRACTED)
    if status == REJECTED:
        return False
    return item.confidence == CERTAIN or status != EXTRACTED


def waiting(item: Judgment | Finding) -> bool:
    """A likely item the officer has not yet confirmed or rejected."""
    return item.confidence != CERTAIN and getattr(item, "status", EXTRACTED) == EXTRACTED


def finding_for(c: Correction, findings: list[Finding], finding_ids: list[int]) -> int | None:
    """Index of the finding a correction names, or None (an orphan)."""
    if c.orphaned:
        return None
    if c.finding_id is not None and c.finding_id in finding_ids:
        return finding_ids.index(c.finding_id)
    key = norm(c.quote)
    if key:
        hits = [i for i, f in enumerate(findings) if norm(f.text) == key]
        if hits:
            return min(hits, key=lambda i: abs(findings[i].start - (c.start or 0)))
    return None


def judgment_for(c: Correction, judgments: list[Judgment]) -> int | None:
    """Index of the judgment of the correction's area, or None (an orphan)."""
    if not c.area:
        return None
    for i, j in enumerate(judgments):
        if norm(j.area) == norm(c.area):
            return i
    for i, j in enumerate(judgments):
        if same_area(j.area, c.area):
            return i
    return None


def apply_corrections(report: Report, finding_ids: list[int], corrections: list[Correction]
                      ) -> list[Correction]:
    """Lay the corrections over the report (in the order made: the last word counts) and
    return those that found no item (orphans). An officer's finding whose passage is gone
    is taken out of the report (never shown at a wrong place) and listed as an orphan."""
    orphans = []
    hidden: set[int] = set()
    for c in corrections:
        if c.target == "report":
            _set_detail(report, c.field, c.value)
            continue
        if c.target == "judgment":
            if not _apply_judgment(report, c):
                orphans.append(c)
            continue
        i = finding_for(c, report.findings, finding_ids)
        if i is None:
            orphans.append(c)
            if c.action == "add" and c.finding_id in finding_ids:
                hidden.add(finding_ids.index(c.finding_id))
            continue
        f = report.findings[i]
        if c.action == "add":
            f.status = ADDED
        elif c.action == "confirm":
            f.status = CONFIRMED if f.status != ADDED else ADDED
        elif c.action == "reject":
            f.status = REJECTED
        elif c.action == "change":
            f.kind = c.kind or f.kind
            if c.area is not None:
                f.area = c.area or None
            f.status = ADDED if f.status == ADDED else CHANGED
    if hidden:
        keep = [n for n in range(len(report.findings)) if n not in hidden]
        report.findings[:] = [report.findings[n] for n in keep]
        finding_ids[:] = [finding_ids[n] for n in keep]
    return orphans


def _apply_judgment(report: Report, c: Correction) -> bool:
    i = judgment_for(c, report.judgments)
    if c.action == "set":
        if i is None:
            start, end = _heading_span(report, c)
            report.judgments.append(Judgment(c.area, c.grade, start, end, CERTAIN, "officer",
                                             ADDED))
            report.judgments.sort(key=lambda j: j.start)
            return True
        j = report.judgments[i]
        j.status = ADDED if j.status == ADDED else (
            CHANGED if (j.grade != c.grade or j.status == REJECTED or j.confidence != CERTAIN)
            else j.status)
        j.grade = c.grade
        return True
    if i is None:
        return False
    j = report.judgments[i]
    if c.action == "confirm":
        j.status = CONFIRMED if j.status == EXTRACTED else j.status
    elif c.action == "reject":
        j.status = REJECTED
    return True


def _heading_span(report: Report, c: Correction) -> tuple[int, int]:
    """Where an area the officer graded is named: its section heading, else where the
    correction was made, else the start of the report."""
    for s in report.sections:
        if norm(s.title) == norm(c.area or ""):
            return s.start, s.start + len(s.title)
    if c.start is not None and c.end is not None and c.end <= len(report.text):
        return c.start, c.end
    return 0, 0


def _set_detail(report: Report, field: str | None, value: str | None) -> None:
    if field not in DETAILS:
        return
    setattr(report, field, value or None if field != "title" else (value or report.title))
    if field == "published":
        m = re.match(r"(\d{4})-\d{2}-\d{2}$", value or "")
        report.year = int(m.group(1)) if m else report.year


__all__ = ["ACTIONS", "ADDED", "CHANGED", "CONFIRMED", "Correction", "DETAILS", "EXTRACTED",
           "REJECTED", "apply_corrections", "counts", "waiting"]
