"""Plain domain objects shared by every layer. No Qt, no I/O."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from enum import Enum


class Grade(str, Enum):
    OUTSTANDING = "Outstanding"
    GOOD = "Good"
    ADEQUATE = "Adequate"
    REQUIRES_IMPROVEMENT = "Requires improvement"
    INADEQUATE = "Inadequate"
    NOT_GRADED = "Not graded"


class FindingKind(str, Enum):
    RECOMMENDATION = "recommendation"
    AREA_FOR_IMPROVEMENT = "area_for_improvement"
    CAUSE_OF_CONCERN = "cause_of_concern"
    INNOVATIVE_PRACTICE = "innovative_practice"


class ReportKind(str, Enum):
    PEEL_INSPECTION = "peel-inspection"   # a PEEL report of one force
    INSPECTION = "inspection"             # another inspection of one force (vetting, custody...)
    THEMATIC = "thematic"                 # national, or many forces
    LETTER = "letter"                     # a letter from the inspectorate
    PRESS_RELEASE = "press-release"
    PCC_RESPONSE = "pcc-response"
    OTHER = "other"


# How sure the extractor is of a judgment or finding. "certain": a heading, badge, grade table
# or labelled line says so. "likely": read from a sentence or inferred -- shown to the officer
# to confirm, and kept out of facets, grade movement and the response draft until confirmed.
CERTAIN = "certain"
LIKELY = "likely"


@dataclass
class Section:
    """A heading and the span of text it governs (start..end of the whole section)."""
    title: str
    level: int
    start: int
    end: int


@dataclass
class Judgment:
    """A graded area; text[start:end] is the grade as written (or the not-graded statement).

    basis names the rule that found it ("badge", "summary-table", "label-line",
    "summary-sentence", ...).
    """
    area: str
    grade: str
    start: int
    end: int
    confidence: str = CERTAIN
    basis: str = "badge"
    status: str = "extracted"  # or "confirmed" / "rejected" by the officer (corrections.py)


@dataclass
class Finding:
    """A recommendation, cause of concern, area for improvement or innovative practice.

    area is the graded area the finding sits under, or None when it sits under none.
    due: the ISO date a recommendation gives ("By 31 October 2023"; "within three months"
    counts from publication), else None. addressee: who should act ("the force", "chief
    constables", "the College of Policing"), else None.
    """
    kind: str
    area: str | None
    text: str
    start: int
    end: int
    confidence: str = CERTAIN
    basis: str = "heading"
    due: str | None = None
    addressee: str | None = None
    status: str = "extracted"  # or "confirmed" / "rejected" by the officer (corrections.py)


@dataclass
class BlockSpan:
    """Where a reader block landed in the report text (used to display it faithfully)."""
    kind: str
    level: int
    start: int
    end: int
    page: int | None = None
    #: the number printed on that page ("4" on the PDF's 6th page), when known
    page_label: str | None = None


@dataclass
class Report:
    kind: str
    title: str
    force: str | None
    published: str | None
    report_published: str | None
    text: str
    year: int | None = None  # the year it came out: from published, else a stated month/year
    cycle: str | None = None  # the PEEL cycle the document states ("2023\u201325"), else None
    sections: list[Section] = field(default_factory=list)
    judgments: list[Judgment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    blocks: list[BlockSpan] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
