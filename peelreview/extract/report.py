"""Document -> Report: structure plus what the document is (kind, title, force, dates)."""
from __future__ import annotations

import re

from ..model import BlockSpan, Report, ReportKind
from ..readers.blocks import HEADING, TABLE, Document
from .dates import document_year, own_date, report_published_date
from .forces import detect_force
from .structure import StructureExtractor, assemble

_RESPONSE = re.compile(
    r"(?:commissioner|\bPCC\b|\bPFCC\b|\bOPCC\b)[^\n]{0,120}\bresponse\b|"
    r"\bresponse\b[^\n]{0,80}(?:HMICFRS|HMIC\b|inspectorate)", re.I)
_PRESS = re.compile(r"\bpress release\b|\bnews release\b|\bpublished today\b|"
                    r"\bfor immediate release\b|\bnotes to editors\b", re.I)
_SAID = re.compile(r"\b(?:said|says|commented)\s*:\s*$", re.I | re.M)
_PEEL = re.compile(r"\bPEEL\b|police effectiveness, efficiency and legitimacy|"
                   r"\b(?:effectiveness|efficiency|legitimacy)\b[^\n]{0,40}\b20\d\d", re.I)
_JUNK_TITLE = re.compile(r"^(?:untitled|microsoft word\b|document\d*$|title$)|\.(?:docx?|pdf)$",
                         re.I)


def classify(opening: str, n_judgments: int) -> ReportKind:
    """What sort of document this is, from its opening and whether it grades anything."""
    head = opening[:2500]
    if _RESPONSE.search(head):
        return ReportKind.PCC_RESPONSE
    if _PRESS.search(head) and _SAID.search(opening[:6000]):
        return ReportKind.PRESS_RELEASE
    if _PEEL.search(head) or n_judgments:
        return ReportKind.PEEL_INSPECTION
    return ReportKind.OTHER


def choose_title(doc: Document, lines: list[str]) -> str:
    """The file's own title when it has a real one, else the document's opening lines."""
    if doc.title and len(doc.title.strip()) > 6 and not _JUNK_TITLE.search(doc.title.strip()):
        return re.sub(r"\s+", " ", doc.title).strip()
    parts: list[str] = []
    for line in lines:
        if re.match(r"(?i)^(skip to|contents$|last updated|published)", line) or re.fullmatch(
                r"[\d./\s-]+", line):
            continue
        if len(line) > 250:
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
    sections = ex.sections()
    blocks = [s.block for s in spans]
    first = [b.text.strip()[:300] for i, b in enumerate(blocks[:40])
             if i not in ex.skip and b.kind != TABLE][:14]
    opening = "\n".join(first)
    kind = classify(opening, len(ex.judgments))
    force = detect_force(opening, text[:300_000])
    published = own_date(first) or own_date([b.text.strip() for b in blocks[-5:]
                                             if b.kind != HEADING and len(b.text) < 120
                                             and re.match(r"(?i)\s*(published|last updated|"
                                                          r"publication date|date)", b.text)])
    closing = [b.text.strip() for b in blocks[-6:] if b.kind != TABLE]
    year = document_year(published, first, closing)
    report_published = None
    if kind is ReportKind.PCC_RESPONSE:
        report_published = report_published_date([b.text for b in blocks[:60]])
    return Report(
        kind=kind.value,
        title=choose_title(doc, first),
        force=force,
        published=published.isoformat() if published else None,
        report_published=report_published.isoformat() if report_published else None,
        text=text,
        year=year,
        sections=sections,
        judgments=ex.judgments,
        findings=ex.findings,
        blocks=[BlockSpan(s.block.kind, s.block.level, s.start, s.end, s.block.page)
                for s in spans],
    )


__all__ = ["build_report", "classify"]
