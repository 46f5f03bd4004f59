"""Run the extractor over a variety corpus and add up the scores, per format, per layout
and per form of VARIETY.md.

    python -m tests.support.variety.evaluate DIR   (DIR from python -m tests.support.variety)

Used by tests/extract/test_variety.py to hold the extractor to its bar, and by hand to see
where it stands.
"""
from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

from . import score

COUNTS = ("certain_tp", "certain_fp", "likely_tp", "likely_fp", "expected", "found",
          "overconfident", "wrong_due", "wrong_addressee", "decoy_hits")
META = ("kind_ok", "force_ok", "published_ok", "cycle_ok", "title_ok")


def extract(path: Path) -> dict:
    """`peelreview extract --json` for one file, in process."""
    from peelreview.cli.reports import extract_json
    from peelreview.extract import extract_file

    report, fmt = extract_file(path)
    return extract_json(path, report, fmt, "")


def evaluate(folder: Path, answers: list[dict]) -> dict:
    """{"formats": {fmt: totals}, "layouts": {...}, "forms": {form: [expected, found]},
    "documents": [{file, score}]} where totals count COUNTS and META (documents right)."""
    formats: dict = defaultdict(lambda: defaultdict(int))
    layouts: dict = defaultdict(lambda: defaultdict(int))
    forms: dict = defaultdict(lambda: [0, 0])
    documents = []
    for a in answers:
        s = score(a, extract(folder / a["file"]))
        for totals in (formats[a["format"]], formats["all"],
                       layouts[f"{a['format']}/{a['layout']}"]):
            totals["docs"] += 1
            for k in COUNTS:
                totals[k] += s[k]
            for k in META:
                totals[k] += bool(s[k])
        for form, (n, found) in s["by_form"].items():
            forms[form][0] += n
            forms[form][1] += found
        documents.append({"file": a["file"], "score": s})
    return {"formats": formats, "layouts": layouts, "forms": forms, "documents": documents}


def recall(t) -> float:
    return t["found"] / t["expected"] if t["expected"] else 1.0


def certain_precision(t) -> float:
    n = t["certain_tp"] + t["certain_fp"]
    return t["certain_tp"] / n if n else 1.0


def table(result: dict) -> str:
    lines = [f"{'':26}docs recall cert.prec  cert tp/fp likely tp/fp overconf due/addr wrong"
             "  kind force pub cycle title"]
    for group in ("formats", "layouts"):
        for name, t in sorted(result[group].items()):
            n = t["docs"]
            lines.append(
                f"{name:26}{n:4} {recall(t):6.1%} {certain_precision(t):8.1%} "
                f"{t['certain_tp']:5}/{t['certain_fp']:<4} {t['likely_tp']:5}/{t['likely_fp']:<5}"
                f" {t['overconfident']:6} {t['wrong_due']:4}/{t['wrong_addressee']:<4}"
                + "".join(f" {t[k]:2}/{n:<2}" for k in META))
        lines.append("")
    lines.append("per form: expected found recall")
    for form, (n, found) in sorted(result["forms"].items()):
        lines.append(f"  {form:46}{n:4}{found:5} {found / n if n else 1:6.1%}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    folder = Path(argv[0])
    answers = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    print(table(evaluate(folder, answers)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
