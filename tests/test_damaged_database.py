"""A damaged database (each way in support.hostile_db.DB_DAMAGE): no command gives a
traceback, a command that meets the damage says so in one line naming `peelreview repair`,
a command that would write never writes into the damaged file, and repair brings the work
back from the backup."""
from __future__ import annotations

import hashlib
import shutil

import pytest
from conftest import DATA, ROOT, run_cli
from support.hostile_db import DB_DAMAGE

from peelreview.backup import make_backup
from peelreview.workspace import Workspace

FILES = [DATA / "fenland_vetting_2024.txt", ROOT / "resources" / "demo" /
         "merciavale_peel_2021-22.txt"]
READING = [["list"], ["search", "vetting"], ["show", "1"], ["show", "2"]]
WRITING = [["import", str(ROOT / "resources" / "demo" / "wessex_peel_2018-19.html")],
           ["annotate", "1", "--quote", "Constabulary"],
           ["response", "set", "1", "--opcc-name", "A fictional office"]]


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("db") / "ws"
    with Workspace(folder) as ws:
        ws.import_paths(FILES)
        make_backup(ws.store.db, folder, "test")
    listed = run_cli("--workspace", str(folder), "list")
    assert listed.returncode == 0
    return folder, listed.stdout


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("name, damage", DB_DAMAGE, ids=[c[0] for c in DB_DAMAGE])
def test_a_damaged_database_is_never_written_and_repair_brings_it_back(healthy, tmp_path,
                                                                      name, damage):
    source, listing = healthy
    folder = tmp_path / "ws"
    shutil.copytree(source, folder)
    db = folder / "peelreview.sqlite"
    damage(db)
    for command in READING + WRITING:
        before = _sha(db)
        r = run_cli("--workspace", str(folder), *command)
        err = r.stderr.decode()
        assert "Traceback" not in err, (command, err[-1500:])
        if command in WRITING or r.returncode:
            said = [line for line in err.splitlines() if "damaged" in line]
            assert r.returncode == 2 and len(said) == 1 and "peelreview repair" in said[0], \
                (command, r.returncode, err)
        if command in WRITING:
            assert _sha(db) == before, command      # not one byte written into it
    fixed = run_cli("--workspace", str(folder), "repair")
    assert fixed.returncode == 0, fixed.stderr.decode()
    again = run_cli("--workspace", str(folder), "list")
    assert again.returncode == 0 and again.stdout == listing
