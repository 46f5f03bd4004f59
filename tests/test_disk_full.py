"""The disk fills up during an import (a small tmpfs): the import says "the disk ... is full"
within seconds and stops, every report that was complete is kept, reading commands work
while the disk is full, and the index catches up once there is space. Skipped with a reason
where a tmpfs cannot be mounted (not root, no mount)."""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import time

import pytest
from conftest import ROOT, make_stress, run_cli


def _mount_tmpfs(target, size: str) -> str | None:
    if shutil.which("mount") is None:
        return "no mount command"
    r = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(target)],
                       capture_output=True)
    return None if r.returncode == 0 else \
        f"cannot mount a small tmpfs ({r.stderr.decode().strip()[:120]})"


@pytest.fixture
def small_disk(tmp_path):
    disk = tmp_path / "disk"
    disk.mkdir()
    why = _mount_tmpfs(disk, "3m")
    if why:
        pytest.skip(why)
    try:
        yield disk
    finally:
        subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_a_full_disk_stops_the_import_in_one_line_and_keeps_what_was_complete(
        small_disk, tmp_path):
    (tmp_path / "stress").mkdir()
    files = sorted(make_stress(tmp_path / "stress", 40, "txt", "--seed", "9").glob("*.txt"))
    folder = small_disk / "ws"
    t0 = time.monotonic()
    r = run_cli("--workspace", str(folder), "import", *map(str, files), timeout=120)
    took = time.monotonic() - t0
    err = r.stderr.decode()
    assert b"Traceback" not in r.stderr, err[-2000:]
    full = [line for line in err.splitlines() if "disk holding the workspace is full" in line]
    assert full and "failed" in full[0], err[-1000:]
    assert took < 60
    imported = err.count("] imported ")
    assert 0 < imported < len(files)
    db = sqlite3.connect(folder / "peelreview.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT count(*) FROM reports").fetchone()[0] == imported
    db.close()

    for command in (["list"], ["search", "police"], ["show", "1"]):   # while still full
        r = run_cli("--workspace", str(folder), *command)
        assert r.returncode == 0 and b"Traceback" not in r.stderr, (command, r.stderr)
        assert len(r.stderr.decode().splitlines()) <= 1

    subprocess.run(["mount", "-o", "remount,size=200m", str(small_disk)], check=True)
    check = subprocess.run(
        [sys.executable, "-c", "import sys\nfrom peelreview.workspace import Workspace\n"
         "ws = Workspace(sys.argv[1])\n"
         "print(sorted(ws.index.report_ids()) == sorted(ws.store.report_ids()))\n",
         str(folder)], capture_output=True, cwd=ROOT, timeout=120)
    assert check.stdout.split() == [b"True"], check.stderr.decode()[-1500:]
    found = run_cli("--workspace", str(folder), "search", "police")
    assert found.returncode == 0 and not found.stdout.startswith(b"0 matches")
