"""Report -> Whoosh documents: one per finding, one per passage, one for the report itself;
and one per annotation (an officer's note and tags on a passage of a report).

The granularity is what lets a hit land on the right place: a finding hit carries the
finding's span, a passage hit the span of its paragraph, list item or table, an annotation
hit the span it is anchored to (none while it is orphaned).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from ..corrections import counts
from ..model import Judgment, Report, Section
from .schema import TAG_SEP, meta_value

PASSAGE_BLOCKS = frozenset({"paragraph", "list_item", "table"})
MIN_PASSAGE_WORDS = 3

#: Words the report's own document adds to its title, so "press release" finds one.
REPORT_KIND_WORDS = {"peel-inspection": "PEEL inspection report",
                     "inspection": "inspection report", "thematic": "thematic report",
                     "letter": "letter", "pcc-response": "Police and Crime Commissioner response",
                     "press-release": "press release", "other": "document"}


@dataclass
class IndexedReport:
    """A stored report as the caller hands it in: its database id and its findings' ids."""
    report_id: int
    report: Report
    finding_ids: list[int] = field(default_factory=list)


@dataclass(frozen=True)
class IndexedAnnotation:
    """An annotation as the index needs it. start/end are None while it is orphaned; key
    changes whenever anything indexed about it changes (the index keeps it, to follow the
    database)."""
    annotation_id: int
    report_id: int
    note: str
    tags: tuple[str, ...]
    quote: str
    start: int | None
    end: int | None
    key: str


def annotation_doc_id(annotation_id: int) -> str:
    return f"a{annotation_id}"


def _norm(s: str | None) -> str:
    return re.sub(r"\s+", " ", s or "").strip().casefold()


def _date_key(report: Report) -> str:
    """Sortable date: the published ISO date, else the year, else empty (sorts oldest)."""
    if report.published and re.fullmatch(r"\d{4}-\d{2}-\d{2}", report.published):
        return report.published
    if report.year:
        return f"{report.year:04d}-00-00"
    return ""


class _Grades:
    """Answers "which area and grade does offset X sit under?" for one report."""

    def __init__(self, judgments: list[Judgment]):
        self.by_area: dict[str, Judgment] = {}
        for j in judgments:
            self.by_area.setdefault(_norm(j.area), j)
        self.ordered = sorted(judgments, key=lambda j: j.start)
        self.starts = [j.start for j in self.ordered]

    def for_area(self, area: str | None) -> Judgment | None:
        return self.by_area.get(_norm(area)) if area else None

    def for_position(self, enclosing: list[Section], pos: int) -> Judgment | None:
        """The judgment named by the nearest enclosing section, else the last one before."""
        for sec in reversed(enclosing):
            j = self.by_area.get(_norm(sec.title))
            if j is not None:
                return j
        i = bisect.bisect_right(self.starts, pos)
        return self.ordered[i - 1] if i else None


def _enclosing_sections(sections: list[Section], spans: list[tuple[int, int]]
                        ) -> list[list[Section]]:
    """For each (start, end) span, in ascending start order, the sections containing it,
    outermost first. One sweep with a stack, since sections nest."""
    secs = sorted(sections, key=lambda s: (s.start, -s.end))
    out: list[list[Section]] = []
    stack: list[Section] = []
    i = 0
    for start, end in spans:
        while i < len(secs) and secs[i].start <= start:
            while stack and stack[-1].end <= secs[i].start:
                stack.pop()
            stack.append(secs[i])
            i += 1
        while stack and stack[-1].end <= start:
            stack.pop()
        out.append([s for s in stack if s.start <= start and end <= s.end])
    return out


def report_documents(item: IndexedReport) -> Iterator[dict]:
    """Every Whoosh document for one report (field name -> value)."""
    report, rid = item.report, item.report_id
    year = int(report.year) if report.year else None
    common = {"report_id": rid, "report_kind": report.kind, "title": report.title or "",
              "force": report.force or None, "year": year}
    # likely items the officer has not confirmed (and rejected ones) are not facts yet: no
    # kind or grade facet counts them; their words are found as ordinary passages
    grades = _Grades([j for j in report.judgments if counts(j)])
    words = " — ".join(w for w in (report.title, report.force,
                                    REPORT_KIND_WORDS.get(report.kind, "")) if w)
    meta_doc = {**common, "doc_id": f"r{rid}/meta", "doc_type": "report", "text": words,
                "words": f"{words}\n{report.text}", "start": 0, "end": 0}
    date = _date_key(report)
    for doc in (*_finding_documents(item, common, grades),
                *_passage_documents(item, common, grades), meta_doc):
        doc["pairs"] = doc["text"]
        doc["meta"] = meta_value(rid, date, doc["doc_type"], report.kind, doc.get("kind"),
                                 doc.get("grade"), report.force, year)
        yield {k: v for k, v in doc.items() if v is not None}


def _grade_fields(j: Judgment | None) -> dict:
    if j is None or not j.grade:
        return {}
    return {"grade": j.grade}


def _finding_documents(item: IndexedReport, common: dict, grades: _Grades) -> Iterator[dict]:
    findings = item.report.findings
    order = sorted(range(len(findings)), key=lambda i: findings[i].start)
    enclosing = _enclosing_sections(item.report.sections,
                                    [(findings[i].start, findings[i].end) for i in order])
    for i, secs in zip(order, enclosing, strict=True):
        f = findings[i]
        if not counts(f):
            continue
        fid = item.finding_ids[i] if i < len(item.finding_ids) else None
        doc = {**common, "doc_id": f"r{item.report_id}/f{fid if fid is not None else f'x{i}'}",
               "doc_type": "finding", "kind": f.kind, "text": f.text, "start": f.start,
               "end": f.end, "finding_id": fid,
               **_grade_fields(grades.for_area(f.area))}
        if f.area:
            doc["area"] = f.area
        if secs:
            doc["section"] = secs[-1].title
        yield doc


def _passage_documents(item: IndexedReport, common: dict, grades: _Grades) -> Iterator[dict]:
    report = item.report
    text = report.text
    finding_spans = [(f.start, f.end) for f in report.findings if counts(f)]
    blocks = sorted(((n, b) for n, b in enumerate(report.blocks) if b.kind in PASSAGE_BLOCKS),
                    key=lambda nb: nb[1].start)
    enclosing = _enclosing_sections(report.sections, [(b.start, b.end) for _, b in blocks])
    for (n, b), secs in zip(blocks, enclosing, strict=True):
        body = text[b.start:b.end]
        if len(body.split()) < MIN_PASSAGE_WORDS:
            continue
        if any(fs <= b.start and b.end <= fe for fs, fe in finding_spans):
            continue  # the finding's own document covers it
        j = grades.for_position(secs, b.start)
        doc = {**common, "doc_id": f"r{item.report_id}/b{n}", "doc_type": "passage",
               "text": body, "start": b.start, "end": b.end, **_grade_fields(j)}
        if j is not None:
            doc["area"] = j.area
        if secs:
            doc["section"] = secs[-1].title
        yield doc


def annotation_document(ann: IndexedAnnotation, report: Report) -> dict:
    """The Whoosh document of one annotation on `report` (its stored version).

    Its text is the note and the tags only: the quoted passage is already indexed as the
    report's own passage or finding, and counting it again would put every note above the
    passage it quotes for words of the report. The quote is kept (stored) for display.
    Area, grade and section are those of where the annotation sits; none while orphaned.
    """
    year = int(report.year) if report.year else None
    # "note · tag · tag": ends on a word, so a snippet shows it whole
    text = " · ".join(part for part in (" ".join(ann.note.split()), *ann.tags) if part)
    doc = {"doc_id": annotation_doc_id(ann.annotation_id), "doc_type": "annotation",
           "report_id": ann.report_id, "report_kind": report.kind,
           "title": report.title or "", "force": report.force or None, "year": year,
           "text": text, "words": text, "pairs": text,
           "tag": TAG_SEP.join(ann.tags) or None,
           "annotation_id": ann.annotation_id, "akey": ann.key, "quote": ann.quote,
           "start": ann.start, "end": ann.end}
    j = None
    if ann.start is not None:
        secs = _enclosing_sections(report.sections, [(ann.start, ann.end or ann.start)])[0]
        j = _Grades([j for j in report.judgments if counts(j)]).for_position(secs, ann.start)
        if j is not None:
            doc["area"] = j.area
            doc.update(_grade_fields(j))
        if secs:
            doc["section"] = secs[-1].title
    doc["meta"] = meta_value(ann.report_id, _date_key(report), "annotation", report.kind,
                             None, doc.get("grade"), report.force, year)
    return {k: v for k, v in doc.items() if v is not None}
