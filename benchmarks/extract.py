"""Time `peelreview extract` on a PDF against poppler's `pdftotext` on the same file.

    .venv/bin/python benchmarks/extract.py [PDF] [--runs N]

Both are timed as whole processes (start-up included), as an officer would run them; the
best of N runs of each is compared, which is the least noisy figure on a shared machine.
Default PDF: the rendered PEEL 2021/22 report in ../shared/corpus/rendered.
"""
from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT = (ROOT.parent / "shared" / "corpus" / "rendered"
           / "002_peel_2021-22_west_midlands_report.pdf")


def best_of(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t0)
    return min(times)


def in_process(pdf: Path, runs: int) -> float:
    """Reading and extraction alone, without interpreter start-up and imports."""
    from peelreview.extract import extract_file

    extract_file(pdf)  # warm imports
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        extract_file(pdf)
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("pdf", nargs="?", type=Path, default=DEFAULT)
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    if not args.pdf.exists():
        print(f"no such PDF: {args.pdf}", file=sys.stderr)
        return 2
    if not shutil.which("pdftotext"):
        print("pdftotext (poppler-utils) is not installed", file=sys.stderr)
        return 2
    ours = best_of([sys.executable, "-m", "peelreview", "extract", str(args.pdf), "--json"],
                   args.runs)
    poppler = best_of(["pdftotext", "-layout", str(args.pdf), "-"], args.runs)
    startup = best_of([sys.executable, "-c", "pass"], args.runs)
    core = in_process(args.pdf, args.runs)
    size = args.pdf.stat().st_size
    print(f"file: {args.pdf.name} ({size / 1024:.0f} KB)")
    print(f"pdftotext -layout (process)      : {poppler * 1000:8.1f} ms")
    print(f"peelreview extract --json (proc.): {ours * 1000:8.1f} ms")
    print(f"  of which python start-up       : {startup * 1000:8.1f} ms")
    print(f"  read + extract in process      : {core * 1000:8.1f} ms")
    print(f"ratio peelreview / pdftotext     : {ours / poppler:8.2f}x (target <= 3x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
