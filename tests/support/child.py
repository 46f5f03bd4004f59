"""Run the `peelreview` command in a child process under an address-space limit and learn
its peak memory: the slow-input tests and benchmarks/slow_inputs.py measure the same way."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The child runs the command line and leaves its own peak resident memory (VmHWM; the
# ru_maxrss of a child counts the forked parent too) in the file named by PEAK_FILE.
CHILD = """
import atexit, os, runpy, sys

def _peak():
    with open("/proc/self/status") as f:
        hwm = next((ln.split()[1] for ln in f if ln.startswith("VmHWM")), "0")
    with open(os.environ["PEAK_FILE"], "w") as out:
        out.write(hwm)

atexit.register(_peak)
sys.argv = ["peelreview", *sys.argv[1:]]
runpy.run_module("peelreview", run_name="__main__")
"""


@dataclass
class Measured:
    returncode: int
    stdout: bytes
    stderr: bytes
    seconds: float
    peak: int          # bytes of resident memory at the peak (0 if unknown)


def run_measured(args: list[str], *, limit_as: int, timeout: float,
                 pythonpath: str | None = None) -> Measured:
    """`peelreview ARGS` in a child capped at limit_as bytes of address space.
    TimeoutExpired escapes for the caller to report."""
    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (limit_as, limit_as))

    with tempfile.NamedTemporaryFile(suffix=".peak", delete=False) as f:
        peak_file = Path(f.name)
    env = dict(os.environ, PEAK_FILE=str(peak_file))
    if pythonpath:
        env["PYTHONPATH"] = pythonpath
    t0 = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-c", CHILD, *args], capture_output=True,
                              env=env, cwd=pythonpath or ROOT, timeout=timeout,
                              preexec_fn=limit)
        seconds = time.perf_counter() - t0
        try:
            peak = int(peak_file.read_text() or 0) * 1024
        except (OSError, ValueError):
            peak = 0
    finally:
        peak_file.unlink(missing_ok=True)
    return Measured(proc.returncode, proc.stdout, proc.stderr, seconds, peak)
