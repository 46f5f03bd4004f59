"""Time `peelreview extract FILE --json` on the slow inputs of tests/support/hostile.py.

    .venv/bin/python benchmarks/slow_inputs.py [--scale 1.0] [--only NAME-PART] [--runs 1]
                                               [--pythonpath DIR]

Each row of SLOW_INPUTS is written at its size (times --scale) to a temporary folder and
read by the command line in a fresh process, as an officer would run it, under a 3 GB
address-space limit and a 120 s timeout. Printed per input: the file's size, the outcome
(imported, or the one-line refusal), wall seconds (best of --runs), MB/s of the file, the
peak resident memory of the process (VmHWM) and its ratio to the file's size.
--pythonpath runs another checkout's code (e.g. `git archive` of an older commit) for a
before/after comparison.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from support.child import run_measured  # noqa: E402
from support.hostile import SLOW_INPUTS  # noqa: E402

LIMIT_AS = 3 * 1024 ** 3
TIMEOUT = 120

def run_cli(path: Path, pythonpath: str | None = None) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak RSS bytes) of `peelreview extract PATH --json`."""
    try:
        r = run_measured(["extract", str(path), "--json"], limit_as=LIMIT_AS,
                         timeout=TIMEOUT, pythonpath=pythonpath)
    except subprocess.TimeoutExpired:
        return -1, f"did not finish in {TIMEOUT} s", float(TIMEOUT), 0
    return r.returncode, r.stderr.decode("utf-8", "replace").strip(), r.seconds, r.peak


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--only", default="")
    ap.add_argument("--runs", type=int, default=1)
    ap.add_argument("--pythonpath", default=None)
    args = ap.parse_args()
    print(f"{'input':36} {'MB':>6} {'outcome':10} {'s':>7} {'MB/s':>7} {'peak MB':>8} "
          f"{'x file':>6}")
    with tempfile.TemporaryDirectory() as tmp:
        for name, filename, make, mb in SLOW_INPUTS:
            if args.only and args.only.lower() not in name.lower():
                continue
            path = Path(tmp) / filename
            path.write_bytes(make(mb * args.scale))
            size = path.stat().st_size
            best = None
            for _ in range(args.runs):
                result = run_cli(path, args.pythonpath)
                if best is None or result[2] < best[2]:
                    best = result
            code, err, seconds, peak = best
            outcome = ("imported" if code == 0 else "timeout" if code == -1
                       else "too large" if "too large" in err else f"exit {code}")
            print(f"{name:36.36} {size / 1e6:6.2f} {outcome:10} {seconds:7.2f} "
                  f"{size / 1e6 / seconds:7.2f} {peak / 1e6:8.0f} {peak / size:6.1f}",
                  flush=True)
            if code not in (0, -1) and "too large" not in err:
                print(f"    {err.splitlines()[-1] if err else ''}")
            path.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
