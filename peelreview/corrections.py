"""The officer's corrections, laid over what the extractor read. No Qt, no I/O.

What the extractor produced stays in the judgments and findings tables, as it produced
it; what the officer decided is kept apart, in the corrections table (store.py), and laid
over the extraction whenever a report is read. So a correction survives a rebuild of the
index, a newer extractor re-reading the report and a new version of the file: it is looked
up again each time, and one that no longer finds its item is an orphan, listed, never
applied to another item.

A finding's correction finds its item by the finding's id (ids survive re-extraction when
the text is the same), else by the finding's text; a judgment's by its area.
"""
from __future__ import annotations

from dataclasses import dataclass

from .extract.areas import same_area
from .grades import norm
from .model import CERTAIN, Finding, Judgment

# A finding's or judgment's status, as `show --json` gives it.
EXTRACTED, CONFIRMED, REJECTED = "extracted", "confirmed", "rejected"
ACTIONS = ("confirm", "reject")


@dataclass
class Correction:
    """One officer decision. target: "finding" or "judgment"; action: "confirm" or
    "reject"; finding_id and quote name a finding, area a judgment."""
    id: int
    uuid: str
    report_id: int
    target: str
    action: str
    finding_id: int | None = None
    quote: str = ""
    area: str | None = None
    created: str = ""


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
    if c.finding_id is not None and c.finding_id in finding_ids:
        return finding_ids.index(c.finding_id)
    key = norm(c.quote)
    if key:
        for i, f in enumerate(findings):
            if norm(f.text) == key:
                return i
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


def apply_corrections(judgments: list[Judgment], findings: list[Finding],
                      finding_ids: list[int], corrections: list[Correction]
                      ) -> list[Correction]:
    """Set each item's status from the corrections (in the order made: the last word
    counts); returns the corrections that found no item (orphans)."""
    orphans = []
    for c in corrections:
        if c.target == "finding":
            i = finding_for(c, findings, finding_ids)
            item = findings[i] if i is not None else None
        else:
            i = judgment_for(c, judgments)
            item = judgments[i] if i is not None else None
        if item is None:
            orphans.append(c)
            continue
        item.status = CONFIRMED if c.action == "confirm" else REJECTED
    return orphans


__all__ = ["ACTIONS", "CONFIRMED", "Correction", "EXTRACTED", "REJECTED", "apply_corrections",
           "counts", "waiting"]
