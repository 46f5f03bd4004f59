"""Every hostile file in ../shared/corpus/bad gets the outcome EXPECTED.json names, in under
10 s and 1 GiB, through the real command line. A file added to that folder is covered by
itself: one without an entry must still import or fail with one clean line.
"""
from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT, corpus_path

LIMIT_SECONDS = 10
LIMIT_BYTES = 1024 ** 3
BAD = CORPUS / "bad"
SKIP_NAMES = {"README.md", "EXPECTED.json"}


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES + 512 * 1024 ** 2,) * 2)


def run_extract(path: Path):
    """Run `peelreview extract PATH --json`; returns (process, seconds, peak RSS bytes)."""
    t0 = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    proc = subprocess.run([sys.executable, "-m", "peelreview", "extract", str(path), "--json"],
                          capture_output=True, timeout=LIMIT_SECONDS * 3, cwd=ROOT,
                          preexec_fn=_limit_memory)
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    return proc, seconds, max(peak, before * 1024)


def check_outcome(path: Path, expected: dict) -> None:
    proc, seconds, peak = run_extract(path)
    stderr = proc.stderr.decode("utf-8", errors="replace")
    assert seconds < LIMIT_SECONDS, f"{path.name} took {seconds:.1f}s"
    assert peak < LIMIT_BYTES, f"{path.name} used {peak / 1e6:.0f} MB"
    assert "Traceback" not in stderr
    outcome = expected.get("outcome", "error_or_import")
    if proc.returncode == 2:
        assert outcome in ("error", "error_or_import"), f"{path.name}: {stderr}"
        lines = stderr.strip().splitlines()
        assert len(lines) == 1, stderr
        assert lines[0].startswith(f"peelreview: cannot import {path}: "), lines[0]
        reason = lines[0].split(f"{path}: ", 1)[1].lower()
        words = expected.get("reason_any")
        if words:
            assert any(w.lower() in reason for w in words), f"{path.name}: {reason}"
        assert proc.stdout == b""
        return
    assert proc.returncode == 0, f"{path.name}: exit {proc.returncode}: {stderr}"
    assert outcome in ("import", "error_or_import"), f"{path.name} imported but should fail"
    got = json.loads(proc.stdout)
    want = expected.get("if_import", expected) if outcome == "error_or_import" else expected
    check_import(got, want, path)


def _pairs(items):
    return sorted((i["area"], i["grade"]) for i in items)


def check_import(got: dict, want: dict, path: Path) -> None:
    text = got["text"]
    assert got["source"]["path"] == str(path)
    if "format" in want:
        assert got["source"]["format"] == want["format"]
    for s in want.get("text_contains", []):
        assert s in text, f"{path.name}: {s!r} missing"
    for s in want.get("text_not_contains", []):
        assert s not in text, f"{path.name}: {s!r} present"
    if "text_max_chars" in want:
        assert len(text) <= want["text_max_chars"]
    if "text_length" in want:
        assert len(text) == want["text_length"]
    if "published" in want:
        assert got["published"] == want["published"]
    if "judgments" in want:
        assert _pairs(got["judgments"]) == _pairs(want["judgments"])
    if "findings" in want:
        assert [(f["kind"], f.get("area"), f["text"]) for f in got["findings"]] == [
            (f["kind"], f.get("area"), f["text"]) for f in want["findings"]]
    for f in want.get("findings_prefix", []):
        assert any(g["kind"] == f["kind"] and g["text"].startswith(f["text"])
                   for g in got["findings"]), f"{path.name}: no finding like {f}"
    if "Northmoor" in text:  # a fictional force: never mistaken for a real one
        assert got["force"] in (None, "Northmoor Constabulary"), got["force"]
    if "tiny_lines" in path.name:
        numbers = [int(n) for n in __import__("re").findall(r"Tiny line (\d{4}) of 2000", text)]
        assert numbers == list(range(1, 2001))


def bad_files():
    if not BAD.exists():
        return []
    return sorted(p for p in BAD.iterdir() if p.is_file() and p.name not in SKIP_NAMES)


@pytest.mark.parametrize("path", bad_files(), ids=lambda p: p.name)
def test_hostile_file(path):
    expected = json.loads((BAD / "EXPECTED.json").read_text(encoding="utf-8"))
    check_outcome(path, expected.get(path.name, {}))


def test_hostile_folder_present():
    corpus_path("bad", "EXPECTED.json")


def test_generated_big_hostile_files(tmp_path):
    tool = corpus_path("tools", "make_bad_inputs.py")
    expected = json.loads(corpus_path("bad", "EXPECTED.json").read_text(encoding="utf-8"))
    subprocess.run([sys.executable, str(tool), "--big", "--out", str(tmp_path)], check=True,
                   capture_output=True)
    big = [name for name, e in expected.items() if e.get("big")]
    assert big, "EXPECTED.json names no big file"
    for name in big:
        check_outcome(tmp_path / name, expected[name])
