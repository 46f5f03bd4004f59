"""Time an annotations import and the placing of long near-miss quotes.

    .venv/bin/python benchmarks/annotations_import.py [--count N]

Builds a workspace holding the fictional Mercia Vale report, writes a W3C file of N exact
six-word quotes (no positions, as from another copy of the report) plus three 5,000-char
near misses, and times `peelreview annotations import` as a whole process, then times
`anchor` in process for near misses of 1,000 to 20,000 characters (1 change in 150
characters), printing figures and per-annotation costs.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPORT = ROOT / "resources" / "demo" / "merciavale_peel_2021-22.txt"
sys.path.insert(0, str(ROOT))


def item(sha: str, exact: str) -> dict:
    return {"type": "Annotation", "id": f"urn:uuid:{uuid.uuid4()}",
            "body": [{"type": "TextualBody", "value": "A fictional note."}],
            "target": {"source": f"urn:sha256:{sha}",
                       "selector": [{"type": "TextQuoteSelector", "exact": exact}]}}


def near_miss(text: str, every: int = 150) -> str:
    return "".join("x" if i % every == every - 1 else c for i, c in enumerate(text))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--count", type=int, default=1000)
    args = ap.parse_args()
    cli = [sys.executable, "-m", "peelreview"]
    with tempfile.TemporaryDirectory() as tmp:
        ws = Path(tmp) / "ws"
        subprocess.run(cli + ["--workspace", str(ws), "import", str(REPORT)], check=True,
                       capture_output=True, cwd=ROOT)
        sha = hashlib.sha256(REPORT.read_bytes()).hexdigest()
        words = REPORT.read_text(encoding="utf-8").split()
        items = [item(sha, " ".join(words[i % (len(words) - 6):][:6]))
                 for i in range(0, 2 * args.count, 2)]
        items += [
            item(sha, near_miss(" ".join(words[20:800]))) for _ in range(3)]
        path = Path(tmp) / "a.json"
        path.write_text(json.dumps({"type": "AnnotationCollection", "items": items}))
        t0 = time.perf_counter()
        r = subprocess.run(cli + ["--workspace", str(ws), "annotations", "import", str(path),
                                  "--json"], check=True, capture_output=True, cwd=ROOT)
        took = time.perf_counter() - t0
        result = json.loads(r.stdout)
        print(f"annotations import of {len(items)} items: {took:.2f} s "
              f"({1000 * took / len(items):.2f} ms each, start-up included); "
              f"added {result['added']}, orphaned {result['orphaned']}")
    from peelreview.review.anchoring import Selector, anchor

    text = " ".join(words)
    for n in (1000, 5000, 10000, 20000):
        start = 200
        quote = text[start:start + n]
        if len(quote) < n:
            quote = (text * (n // len(text) + 1))[:n]
        sel = Selector(near_miss(quote), text[start - 32:start], "", start + 9, start + n + 9)
        t0 = time.perf_counter()
        found = anchor(sel, text)
        print(f"near miss of {n:>6} characters: {time.perf_counter() - t0:.3f} s "
              f"({'orphan' if found.orphaned else found.method})")


if __name__ == "__main__":
    main()
