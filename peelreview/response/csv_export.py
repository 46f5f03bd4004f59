"""The items of a PCC response as CSV rows for an OPCC's recommendation tracker."""
from __future__ import annotations

import csv
from pathlib import Path

from .draft import Response

COLUMNS = ["report", "area", "grade", "kind", "number", "finding", "reference", "owner",
           "status", "target_date", "no_action_reason", "cc_comments", "pcc_comments"]


def rows(response: Response) -> list[dict]:
    out = []
    for item in response.items:
        out.append({
            "report": response.report_title, "area": item.area or "", "grade": item.grade or "",
            "kind": item.label, "number": response.recommendation_number(item) or "",
            "finding": item.text, "reference": item.reference, "owner": item.owner,
            "status": item.status, "target_date": item.target_date or "",
            "no_action_reason": item.no_action_reason, "cc_comments": item.cc_comments,
            "pcc_comments": item.pcc_comments})
    return out


def export_items_csv(response: Response, path: str | Path) -> Path:
    """Write the items as UTF-8 CSV with a BOM (Excel opens it with the right characters)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=COLUMNS)
        w.writeheader()
        w.writerows(rows(response))
    return path
