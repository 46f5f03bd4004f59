"""The index is a cache of the database: damaged in any of the ways in
support.hostile.INDEX_DAMAGE, every command goes on (no traceback), finds what an undamaged
index finds, and says in one line when it rebuilt the index."""
from __future__ import annotations

import shutil

import pytest
from conftest import TWO_REPORTS, run_cli, search_counts
from support.hostile import INDEX_DAMAGE

QUERIES = ["vetting", '"the force"', "vet*", "kind:recommendation"]
ANNOTATE = ["annotate", "1", "--quote", "Constabulary", "--note", "fictional"]


def counts(folder) -> dict:
    return search_counts(folder, QUERIES)


@pytest.fixture(scope="module")
def healthy(tmp_path_factory):
    folder = tmp_path_factory.mktemp("healthy") / "ws"
    r = run_cli("--workspace", str(folder), "import", *map(str, TWO_REPORTS))
    assert r.returncode == 0
    before = counts(folder)
    annotated = folder.parent / "annotated"
    shutil.copytree(folder, annotated)
    assert run_cli("--workspace", str(annotated), *ANNOTATE).returncode == 0
    return folder, before, counts(annotated)


@pytest.mark.parametrize("name, damage", INDEX_DAMAGE, ids=[c[0] for c in INDEX_DAMAGE])
def test_a_damaged_index_heals_and_every_command_goes_on(healthy, tmp_path, name, damage):
    source, want, want_annotated = healthy
    folder = tmp_path / "ws"
    shutil.copytree(source, folder)
    damage(folder / "index")
    listed = run_cli("--workspace", str(folder), "list")
    assert listed.returncode == 0 and b"Traceback" not in listed.stderr
    assert b"Fenland" in listed.stdout
    assert counts(folder) == want
    for command in (ANNOTATE, ["reindex"]):
        r = run_cli("--workspace", str(folder), *command)
        assert r.returncode == 0 and b"Traceback" not in r.stderr, \
            (command, r.stderr.decode()[-1500:])
    assert counts(folder) == want_annotated
    notes = [line for line in listed.stderr.decode().splitlines() if "index" in line]
    assert len(notes) <= 1          # at most one line about it, never a wall of text
