"""A rebuild is made beside the index and swapped in: killed at any of its moments (a
deterministic kill point, SIGKILL, no clean-up), every search afterwards finds what it found
before, and the next opening tidies what the kill left. Writers in two processes take the
index write lock in turn, the waiting one saying so."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, TWO_REPORTS, make_stress, run_cli, search_counts

QUERIES = ["vetting", '"the force"', "kind:recommendation", "tag:fictional"]
KILL_POINTS = ["reindex-filled", "reindex-built", "reindex-swap-halfway", "reindex-swapped"]


def killed_at(point: str) -> dict:
    return {**os.environ, "PEELREVIEW_KILL_AT": point}


def counts(folder) -> dict:
    return search_counts(folder, QUERIES)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("kill") / "ws"
    r = run_cli("--workspace", str(folder), "import", *map(str, TWO_REPORTS))
    assert r.returncode == 0
    r = run_cli("--workspace", str(folder), "annotate", "1", "--quote", "Constabulary",
                "--note", "a fictional note", "--tag", "fictional")
    assert r.returncode == 0, r.stderr
    return folder, counts(folder)


def test_kill_points_are_reached_by_a_reindex(workspace, tmp_path):
    """Each kill point really is on the path of `reindex` (else the test below proves
    nothing)."""
    source, _ = workspace
    for point in KILL_POINTS:
        folder = tmp_path / point
        shutil.copytree(source, folder)
        r = run_cli("--workspace", str(folder), "reindex", env=killed_at(point))
        assert r.returncode == -signal.SIGKILL, (point, r.returncode, r.stderr)


@pytest.mark.parametrize("point", KILL_POINTS)
def test_a_reindex_killed_at_any_moment_loses_no_search(workspace, tmp_path, point):
    source, before = workspace
    folder = tmp_path / "ws"
    shutil.copytree(source, folder)
    r = run_cli("--workspace", str(folder), "reindex", env=killed_at(point))
    assert r.returncode == -signal.SIGKILL
    assert counts(folder) == before
    left = sorted(p.name for p in folder.iterdir() if p.name.startswith("index"))
    assert left == ["index", "index.lock"], left       # the next opening tidied up
    again = run_cli("--workspace", str(folder), "reindex")
    assert again.returncode == 0 and b"Traceback" not in again.stderr
    assert counts(folder) == before


def test_a_writer_waits_for_the_index_lock_and_says_so(workspace, tmp_path):
    """Another process holds the index write lock: an import waits, says so once on
    stderr, and finishes when the lock is let go."""
    source, _ = workspace
    folder = tmp_path / "ws"
    shutil.copytree(source, folder)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path\n"
         "from peelreview.index.writelock import index_write_lock\n"
         "with index_write_lock(Path(sys.argv[1])):\n"
         "    print('held', flush=True); time.sleep(float(sys.argv[2]))\n",
         str(folder / "index.lock"), "4"], stdout=subprocess.PIPE, cwd=ROOT)
    assert holder.stdout.readline().strip() == b"held"
    t0 = time.monotonic()
    r = run_cli("--workspace", str(folder), "import",
                str(ROOT / "resources" / "demo" / "wessex_peel_2018-19.html"))
    waited = time.monotonic() - t0
    holder.wait(timeout=30)
    assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr.decode()
    said = [line for line in r.stderr.decode().splitlines() if "waiting for another" in line]
    assert len(said) == 1, r.stderr.decode()
    assert waited > 2
    found = run_cli("--workspace", str(folder), "search", "Wessex")
    assert b"Wessex" in found.stdout


def test_reindex_and_import_at_once_both_finish(tmp_path):
    """The case that crashed the importer (FileNotFoundError on a segment file the rebuild
    removed): a reindex and imports run at the same time, again and again."""
    (tmp_path / "stress").mkdir()
    stress = make_stress(tmp_path / "stress", 24, "txt", "--seed", "5")
    files = sorted(stress.rglob("*.txt"))
    folder = tmp_path / "ws"
    assert run_cli("--workspace", str(folder), "import", *map(str, files[:16])).returncode == 0
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    for round_, batch in enumerate((files[16:20], files[20:24])):
        cmd = [sys.executable, "-m", "peelreview", "--workspace", str(folder)]
        rebuild = subprocess.Popen(cmd + ["reindex"], env=env, cwd=ROOT,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        time.sleep(0.3 * round_)
        imp = subprocess.run(cmd + ["import", *map(str, batch)], env=env, cwd=ROOT,
                             capture_output=True, timeout=300)
        out, err = rebuild.communicate(timeout=300)
        assert rebuild.returncode == 0 and b"Traceback" not in err, err.decode()[-2000:]
        assert imp.returncode == 0 and b"Traceback" not in imp.stderr, imp.stderr.decode()[-2000:]
    listed = run_cli("--workspace", str(folder), "list", "--json")
    reports = json.loads(listed.stdout)
    ids = [r["id"] for r in (reports["reports"] if isinstance(reports, dict) else reports)]
    assert len(ids) == 24
    check = subprocess.run([sys.executable, "-c",
                            "import sys\nfrom peelreview.workspace import Workspace\n"
                            "ws = Workspace(sys.argv[1])\n"
                            "print(sorted(ws.index.report_ids()) == sorted(ws.store.report_ids()),"
                            " len(ws.notices))\n", str(folder)],
                           env=env, cwd=ROOT, capture_output=True, timeout=120)
    assert check.stdout.split() == [b"True", b"0"], (check.stdout, check.stderr)
