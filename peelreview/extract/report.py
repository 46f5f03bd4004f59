"""Document -> Report: structure plus what the document is (kind, title, force, dates)."""
from __future__ import annotations

import bisect
import re

from ..model import BlockSpan, FindingKind, Report, ReportKind
from ..readers.blocks import HEADING, LIST_ITEM, TABLE, Document
from .dates import document_year, own_date, report_published_date
from .forces import detect_force, force_names
from .kinds import classify, peel_cycle
from .recommendations import addressee, due_date
from .sentences import prose_findings, sentence_grades
from .structure import StructureExtractor, assemble

_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft word\b|document\d*$|title$)|\.(?:docx?|pdf)$",
                         re.I)
# Site furniture: never a title ("Skip to content", "Text size: A A A", cookie notices...)
_FURNITURE = re.compile(
    r"^(?:skip\s+to|jump\s+to|text\s+size|accessibility|cookies?\b|we\s+use\s+cookies|"
    r"accept\s+(?:all\s+)?cookies|reject\s+(?:all\s+)?cookies|cookie\s+settings|menu$|"
    r"main\s+menu|search$|search\s+this\s+site|home$|home\s*[>/\u203a|]|you\s+are\s+here|"
    r"breadcrumb|sign\s+in|log\s+in|share\s+(?:this|on)|print(?:\s+this\s+page)?$|"
    r"back\s+to\s+top|contents$|last\s+updated|published|news$|press\s+release$|"
    r"official(?:\s+sensitive)?$|change\s+(?:colour|contrast)|listen\b|translate\b|"
    r"related\s+(?:content|links)|on\s+this\s+page|new:|latest:|read\s+our\b|"
    r"(?:home|news|publications)\s*>|dear\s)", re.I)
_SITE_SUFFIX = re.compile(r"\s*(?:[-\u2013\u2014|:]\s*)(?:HMICFRS|HMIC|His\s+Majesty's\s+"
                          r"Inspectorate[^|\u2013-]*|GOV\.UK)\s*$|"
                          r"\s+\|\s+[^|]{2,40}$", re.I)  # "... | Saltmarsh OPCC"
# What a title says: the kind of document it heads (not a menu item, banner or address)
_TITLE_WORDS = re.compile(
    r"\b(?:PEEL|inspection|inspectorate|report|response|comments|assessment|review|revisit|"
    r"monitoring|thematic|spotlight|recommendations|tracker|minutes|outcome|letter|"
    r"effectiveness|efficiency|legitimacy|leadership|vetting|custody|corruption|says|"
    r"judged|must|publishes|published)\b", re.I)
_SENTENCE = re.compile(r"[.!?]['\"\u2019\u201d]?$")


def strip_site_suffix(title: str) -> str:
    """"PEEL 2023\u201325 \u2013 Wessex Constabulary \u2013 HMICFRS" without the site's name."""
    return _SITE_SUFFIX.sub("", title).strip()


def choose_title(doc: Document, lines: list[str]) -> str:
    """The file's own title when it has a real one, else the document's opening lines."""
    if doc.title:
        own = strip_site_suffix(re.sub(r"\s+", " ", doc.title).strip())
        if len(own) > 6 and not _JUNK_TITLE.search(own) and not _FURNITURE.match(own):
            return own
    candidates = [strip_site_suffix(line) for line in lines]
    candidates = [c for c in candidates if len(c) >= 2 and not _FURNITURE.match(c)
                  and not re.fullmatch(r"[\d./\s-]+", c)]
    # the first line that names what the document is; menus, banners, captions and a
    # letter's address lines before it are not the title
    first = next((i for i, c in enumerate(candidates[:12])
                  if _TITLE_WORDS.search(c) and len(c) <= 200 and not _SENTENCE.search(c)), 0)
    parts: list[str] = []
    for line in candidates[first:]:
        if len(line) > 250 or (parts and _SENTENCE.search(line)):
            break
        parts.append(line)
        if sum(len(p) for p in parts) > 40 or len(parts) == 3:
            break
    return " \u2013 ".join(parts) or "Untitled document"


def build_report(doc: Document) -> Report:
    """Extract everything the workspace stores about one document."""
    text, spans = assemble(doc)
    ex = StructureExtractor(doc, text, spans)
    ex.run()
    blocks = [s.block for s in spans]
    first = [b.text.strip()[:300] for i, b in enumerate(blocks[:40])
             if i not in ex.skip and b.kind != TABLE][:14]
    opening = "\n".join(first)
    title = choose_title(doc, first)
    force = detect_force(opening, text[:300_000], title)
    named = len(force_names(opening + "\n" + text[:8_000]))
    kind = classify(opening, len(ex.judgments), force, named, text[:400_000],
                    titled_force=len(force_names(title)) == 1)
    if kind is ReportKind.THEMATIC and not force_names(title):
        force = None  # a national report is about no one force
    published = own_date(first) or own_date([b.text.strip() for b in blocks[-5:]
                                             if b.kind != HEADING and len(b.text) < 120
                                             and re.match(r"(?i)\s*(published|last updated|"
                                                          r"publication date|date)", b.text)])
    closing = [b.text.strip() for b in blocks[-6:] if b.kind != TABLE]
    year = document_year(published, first, closing)
    report_published = None
    if kind is ReportKind.PCC_RESPONSE:
        report_published = report_published_date([b.text for b in blocks[:60]], published)

    judgments = list(ex.judgments)
    if kind is not ReportKind.THEMATIC:
        judgments += sentence_grades(ex, force, judgments, title)
        judgments.sort(key=lambda j: j.start)
    listed = {f.kind for f in ex.findings}
    held = {_words(f.text) for f in ex.findings}
    prose = [f for f in prose_findings(ex, listed) if _words(f.text) not in held]
    findings = sorted(ex.findings + prose, key=lambda f: f.start)
    list_starts = _list_starts(ex.blocks)
    for f in findings:
        if f.kind == FindingKind.RECOMMENDATION.value:
            lead = _lead_in(ex, f.start, list_starts)
            due = due_date(f.text, published) or due_date(lead, published)
            f.due = due.isoformat() if due else None
            f.addressee = addressee(f.text) or addressee(lead)
    return Report(
        kind=kind.value,
        title=title,
        force=force,
        published=published.isoformat() if published else None,
        report_published=report_published.isoformat() if report_published else None,
        text=text,
        year=year,
        cycle=peel_cycle(opening) or (None if kind is ReportKind.THEMATIC
                                       else peel_cycle(text[:4000])),
        sections=ex.sections(),
        judgments=judgments,
        findings=findings,
        blocks=[BlockSpan(s.block.kind, s.block.level, s.start, s.end, s.block.page,
                          doc.page_labels.get(s.block.page))
                for s in spans],
    )


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


def _list_starts(blocks) -> list[int]:
    """For each block, the index of the first item of the run of list items it is in (its
    own index when it is not a list item)."""
    out: list[int] = []
    for i, b in enumerate(blocks):
        out.append(out[i - 1] if i and b.kind == LIST_ITEM and blocks[i - 1].kind == LIST_ITEM
                   else i)
    return out


def _lead_in(ex, start: int, list_starts: list[int]) -> str:
    """The sentence that introduces a list item's list ("We recommend that, within three
    months, the force should:"): the block before the list, when it ends with a colon."""
    i = bisect.bisect_right(ex.starts, start) - 1
    if i < 0 or ex.blocks[i].kind != LIST_ITEM:
        return ""
    i = list_starts[i]
    before = ex.blocks[i - 1].text.strip() if i > 0 else ""
    return before if before.endswith(":") else ""


__all__ = ["build_report", "choose_title", "classify", "strip_site_suffix"]
