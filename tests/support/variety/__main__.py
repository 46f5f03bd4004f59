"""python -m tests.support.variety OUT [--seed N] [--copies N] [--formats txt,html,...]"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import SKIPPED_LAYOUTS, generate
from .layouts import FORMATS


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.support.variety",
                                 description="Write a corpus of fictional inspection "
                                             "documents with their answers (manifest.json).")
    ap.add_argument("out", type=Path)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--copies", type=int, default=1)
    ap.add_argument("--formats", default=",".join(FORMATS))
    args = ap.parse_args(argv)
    formats = tuple(f.strip() for f in args.formats.split(",") if f.strip())
    t0 = time.perf_counter()
    answers = generate(args.out, seed=args.seed, formats=formats, copies=args.copies)
    print(f"{len(answers)} documents -> {args.out} in {time.perf_counter() - t0:.1f}s",
          file=sys.stderr)
    for s in SKIPPED_LAYOUTS:
        print(f"skipped {s['file']} ({s['format']}/{s['layout']}): {s['reason']}",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
