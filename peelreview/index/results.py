"""What a search hands back, and the JSON shape other tools rely on."""
from __future__ import annotations

from dataclasses import dataclass, field

#: Keys every hit carries in to_json(), in this order (other tools depend on them).
HIT_KEYS = ("report_id", "report_title", "force", "year", "kind", "area", "grade", "snippet",
            "start", "end", "score")
FACET_KEYS = ("kind", "grade", "force", "year")


@dataclass
class Hit:
    """One place in one report: a finding, a passage, the report as a whole, or an
    officer's annotation (doc_type "annotation": kind None, its note and tags as snippet).

    start/end index the report's text (0, 0 for the report as a whole; None for an orphaned
    annotation, which has no place until the officer places it); snippet is HTML-escaped
    with the matched words as <b>…</b>.
    """
    report_id: int
    report_title: str
    force: str | None
    year: int | None
    kind: str | None
    area: str | None
    grade: str | None
    snippet: str
    start: int | None
    end: int | None
    score: float
    doc_type: str
    finding_id: int | None = None
    section: str | None = None
    annotation_id: int | None = None
    tags: tuple[str, ...] = ()
    quote: str | None = None

    @property
    def orphaned(self) -> bool:
        """An annotation that lost its place (its report was replaced without the passage)."""
        return self.doc_type == "annotation" and self.start is None

    def to_json(self) -> dict:
        out = {k: getattr(self, k) for k in HIT_KEYS}
        out["score"] = round(float(self.score), 4)
        out["doc_type"] = self.doc_type
        out["finding_id"] = self.finding_id
        out["section"] = self.section
        if self.doc_type == "annotation":
            out["annotation_id"] = self.annotation_id
            out["tags"] = list(self.tags)
            out["quote"] = self.quote
            out["orphaned"] = self.orphaned
        return out


@dataclass
class SearchResult:
    query: str
    total: int
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None

    def grouped(self) -> list[tuple[int, list[Hit]]]:
        """Hits by report, reports in the order of their best-ranked hit."""
        groups: dict[int, list[Hit]] = {}
        for hit in self.hits:
            groups.setdefault(hit.report_id, []).append(hit)
        return list(groups.items())

    def to_json(self) -> dict:
        return {
            "query": self.query,
            "total": self.total,
            "hits": [h.to_json() for h in self.hits],
            "facets": {k: dict(self.facets.get(k, {})) for k in FACET_KEYS},
            "suggestion": self.suggestion,
        }
