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
    PEEL_INSPECTION = "peel-inspection"
    PCC_RESPONSE = "pcc-response"
    PRESS_RELEASE = "press-release"
    OTHER = "other"


@dataclass
class Section:
    """A heading and the span of text it governs (start..end of the whole section)."""
    title: str
    level: int
    start: int
    end: int


@dataclass
class Judgment:
    """A graded area; text[start:end] is the grade as written (or the not-graded statement)."""
    area: str
    grade: str
    start: int
    end: int


@dataclass
class Finding:
    """A recommendation, cause of concern, area for improvement or innovative practice.

    area is the graded area the finding sits under, or None when it sits under none.
    """
    kind: str
    area: str | None
    text: str
    start: int
    end: int


@dataclass
class BlockSpan:
    """Where a reader block landed in the report text (used to display it faithfully)."""
    kind: str
    level: int
    start: int
    end: int
    page: int | None = None


@dataclass
class Report:
    kind: str
    title: str
    force: str | None
    published: str | None
    report_published: str | None
    text: str
    year: int | None = None  # the year it came out: from published, else a stated month/year
    sections: list[Section] = field(default_factory=list)
    judgments: list[Judgment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    blocks: list[BlockSpan] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)
