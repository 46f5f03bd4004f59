"""Comparing inspections of one force: previous report, area pairing, grade movement.

PEEL areas were renamed between cycles (the 2018/19 "Treating the public fairly" has a longer
2021/22 name, and summary tables use short ones); resources/peel_areas.json says which
names are the same area, so a section in one report can be paired with its counterpart in
another. Grades are compared on the five-step scale; the inspectorate warns that 2021/22
grades are not directly comparable with earlier ones, which the caller shows alongside.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from ..extract import areas
from ..grades import norm
from ..model import Report, Section

GRADE_ORDER = {"Inadequate": 0, "Requires improvement": 1, "Adequate": 2, "Good": 3,
               "Outstanding": 4}
IMPROVED, SAME, WORSE, NEW, UNGRADED = "improved", "same", "worse", "new", "not graded"


def area_key(name: str) -> str:
    """A key equal for every name of the same area (the canonical id, else the name)."""
    return areas.area_id(name) or ("pillar:" + norm(name) if areas.is_pillar(name) else
                                   "name:" + norm(name))


def movement(before: str | None, after: str | None) -> str:
    """How a grade moved between two inspections."""
    if after is None or after not in GRADE_ORDER:
        return UNGRADED
    if before is None or before not in GRADE_ORDER:
        return NEW
    diff = GRADE_ORDER[after] - GRADE_ORDER[before]
    return IMPROVED if diff > 0 else WORSE if diff < 0 else SAME


def report_sort_key(r: dict) -> tuple:
    """Oldest first: the stated day, else the year, else import order."""
    return (r.get("published") or (f"{r['year']}-12-31" if r.get("year") else "9999"),
            r.get("id", 0))


def previous_inspection(reports: list[dict], current: dict) -> dict | None:
    """The same force's latest inspection report older than `current`, or None."""
    if not current.get("force"):
        return None
    older = [r for r in reports if r["id"] != current["id"] and r["force"] == current["force"]
             and r["kind"] == "peel-inspection"
             and report_sort_key(r) < report_sort_key(current)]
    return max(older, key=report_sort_key) if older else None


def pair_section(title: str, other: Report) -> Section | None:
    """The section of `other` that covers the same PEEL area as a section titled `title`."""
    key = area_key(title)
    exact = [s for s in other.sections if norm(s.title) == norm(title)]
    if exact:
        return exact[0]
    if key.startswith("name:"):
        return None
    same = [s for s in other.sections if area_key(s.title) == key]
    return min(same, key=lambda s: s.level) if same else None


@dataclass
class GradeRow:
    """One area across inspections: its label and, per inspection, (grade, movement)."""
    key: str
    label: str
    cells: list[tuple[str | None, str | None]] = field(default_factory=list)


@dataclass
class GradeHistory:
    force: str
    reports: list[dict]          # the inspections, oldest first (id, title, year, published)
    rows: list[GradeRow]


def grade_history(reports: list[dict], force: str) -> GradeHistory:
    """Each area's grade in every inspection of `force` held, oldest to newest.

    `reports` are workspace listings (id, force, kind, year, published, grades). The
    movement in a cell compares with the area's last graded inspection before it.
    """
    held = sorted((r for r in reports if r["force"] == force and r["kind"] == "peel-inspection"
                   and r.get("grades")), key=report_sort_key)
    order: list[str] = []
    labels: dict[str, str] = {}
    for r in held:
        for name in r["grades"]:
            key = area_key(name)
            if key not in labels:
                order.append(key)
            labels[key] = name  # the newest name is the one an officer knows today
    rows = []
    for key in order:
        row = GradeRow(key, labels[key])
        last = None
        for r in held:
            grade = next((g for n, g in r["grades"].items() if area_key(n) == key), None)
            if grade is None:
                row.cells.append((None, None))
                continue
            row.cells.append((grade, movement(last, grade) if last or grade in GRADE_ORDER
                              else UNGRADED))
            if grade in GRADE_ORDER:
                last = grade
        rows.append(row)
    return GradeHistory(force, [{k: r.get(k) for k in ("id", "title", "year", "published")}
                                for r in held], rows)
