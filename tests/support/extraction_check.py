"""Compare an extracted report with ground truth, strictly (used by tests and by hand).

The shared scorer (corpus/tools/score_extraction.py) matches texts fuzzily and does not look
at the area a finding sits under; this check wants every judgment and finding exactly, with
its area, so a regression shows at once.

    python tests/support/extraction_check.py TRUTH.json FILE [FILE...]
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata

_Q = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                    "\u2013": "-", "\u2014": "-", "\u00a0": " "})


def n(s: str | None) -> str:
    s = unicodedata.normalize("NFKC", s or "").translate(_Q).lower()
    return re.sub(r"\s+", " ", s).strip(" .")


def grade(s: str) -> str:
    s = n(s)
    return "not graded" if s in ("no rating", "not graded", "ungraded") else s


def compare(truth: dict, got: dict, check_areas: bool = True) -> list[str]:
    """Differences between truth and an `extract --json` object (empty list: all right)."""
    problems = []
    for field in ("kind", "force", "published", "report_published"):
        if field in truth and truth[field] is not None and truth[field] != got.get(field):
            problems.append(f"{field}: expected {truth[field]!r}, got {got.get(field)!r}")
    tj = sorted((n(j["area"]), grade(j["grade"])) for j in truth.get("judgments", []))
    gj = sorted((n(j["area"]), grade(j["grade"])) for j in got.get("judgments", []))
    for j in sorted(set(tj) - set(gj)):
        problems.append(f"missed judgment {j}")
    for j in sorted(set(gj) - set(tj)):
        problems.append(f"extra judgment {j}")
    if len(gj) != len(set(gj)):
        problems.append("a judgment is reported twice")

    def fkey(f):
        return (f["kind"], n(f["text"])) + ((n(f.get("area")),) if check_areas else ())

    optional = {fkey(f) for f in truth.get("optional_findings", [])}
    tf = [fkey(f) for f in truth.get("findings", [])]
    gf = [fkey(f) for f in got.get("findings", [])]
    for f in tf:
        if f not in gf:
            problems.append(f"missed finding {f}")
    for f in gf:
        if f not in tf and f not in optional:
            problems.append(f"extra finding {f}")
    text = got.get("text", "")
    for f in got.get("findings", []):
        if text[f["start"]:f["end"]] != f["text"]:
            problems.append(f"offsets of finding {f['text'][:40]!r} point at "
                            f"{text[f['start']:f['end']][:40]!r}")
    for j in got.get("judgments", []):
        written = n(text[j["start"]:j["end"]])
        if grade(written) != grade(j["grade"]) and not (
                j["grade"] == "Not graded" and re.search(r"grade|rating|judg", written)):
            problems.append(f"offsets of judgment {j['area'][:40]!r} point at {written[:40]!r}")
    return problems


def main(argv: list[str]) -> int:
    import subprocess

    with open(argv[0], encoding="utf-8") as f:
        truth = json.load(f)
    bad = 0
    for path in argv[1:]:
        out = subprocess.run([sys.executable, "-m", "peelreview", "extract", path, "--json"],
                             capture_output=True, text=True)
        if out.returncode:
            print(f"{path}: exit {out.returncode}: {out.stderr.strip()}")
            bad += 1
            continue
        problems = compare(truth, json.loads(out.stdout))
        print(f"{path}: {'ok' if not problems else ''}")
        for p in problems:
            print("  ", p)
        bad += bool(problems)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
