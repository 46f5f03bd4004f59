"""The fixed words of inspection reports: grades, finding headings, not-graded statements.

Matching is on whole blocks, never on words inside a running sentence: "The scrutiny of
stop and search is good." is prose, not a badge; "This is an area for improvement." is
prose, not a finding heading.
"""
from __future__ import annotations

import re

from ..grades import norm
from ..model import FindingKind

FINDING_HEADINGS = {
    "area for improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "areas for improvement": FindingKind.AREA_FOR_IMPROVEMENT,
    "cause of concern": FindingKind.CAUSE_OF_CONCERN,
    "causes of concern": FindingKind.CAUSE_OF_CONCERN,
    "recommendation": FindingKind.RECOMMENDATION,
    "recommendations": FindingKind.RECOMMENDATION,
    "innovative practice": FindingKind.INNOVATIVE_PRACTICE,
    "innovative practices": FindingKind.INNOVATIVE_PRACTICE,
    "innovative practice examples": FindingKind.INNOVATIVE_PRACTICE,
}
# "Area for improvement 2", "Recommendation 1:", "Cause of concern:" (the number is the item's)
_NUMBERED = re.compile(r"^(.*?)(?:\s+(?:no\.?\s*)?\d{1,2})?\s*[:.]?$", re.I)

_ARTICLE = re.compile(r"^(?:the|our|an?|new|further)\s+")

# Headings that close whatever finding list is open, without opening another.
STRUCTURAL_HEADINGS = {
    "main findings", "summary", "our judgments", "our judgements", "overall summary",
    "contents", "progress on national recommendation", "progress on national recommendations",
    "hm inspector's observations", "the force's response", "pcc response",
    "chief constable's response", "findings", "our findings", "key findings",
    "introduction", "background", "conclusion", "conclusions", "next steps", "methodology",
    "about this inspection", "about this report", "terms of reference", "notes to editors",
    "glossary", "annex", "appendix",
}

_NOT_GRADED_STATEMENT = re.compile(
    r"^(?:we|hmicfrs|hmic)\s+(?:do\s+not|don't|don\u2019t|did\s+not|didn't|didn\u2019t)\s+"
    r"(?:grade|make\s+(?:a\s+)?grad(?:ed|ing)\s+judg(?:e)?ments?|give\s+(?:a\s+)?grade|"
    r"make\s+(?:a\s+)?judg(?:e)?ment)", re.I)
# "This area/question is not graded." as the first words under a heading
_NOT_GRADED_PASSIVE = re.compile(
    r"^(?:this|the)\s+(?:area|question|section)\s+(?:is|was)\s+not\s+graded", re.I)


def finding_heading(text: str) -> FindingKind | None:
    """The finding kind this heading introduces, if it is one of the finding headings."""
    if len(text) > 60:
        return None
    key = _ARTICLE.sub("", norm(text))  # "The cause of concern", "Our recommendations"
    kind = FINDING_HEADINGS.get(key)
    if kind is None:
        m = _NUMBERED.match(key)
        kind = FINDING_HEADINGS.get(m.group(1).strip()) if m else None
    return kind


def inline_finding(text: str) -> tuple[FindingKind, int] | None:
    """"Area for improvement: The force should ..." in one block -> (kind, offset of text)."""
    m = re.match(r"^\s*([A-Za-z ]{6,40}?)(?:\s+\d{1,2})?\s*:\s+(?=\S)", text)
    if not m:
        return None
    kind = FINDING_HEADINGS.get(norm(m.group(1)))
    return (kind, m.end()) if kind else None


def is_structural(text: str) -> bool:
    return len(text) <= 60 and norm(text) in STRUCTURAL_HEADINGS


def is_not_graded_statement(text: str) -> bool:
    head = text[:200]
    return bool(_NOT_GRADED_STATEMENT.match(head) or _NOT_GRADED_PASSIVE.match(head))
