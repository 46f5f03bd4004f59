"""The database is the officer's work: backed up, never shown as an empty workspace when it
is gone, and brought back by `peelreview repair` (from a backup, else from originals/)."""
from __future__ import annotations

import json
import os

from conftest import DATA, ROOT, run_cli

from peelreview.backup import KEEP, backups, make_backup
from peelreview.workspace import Workspace

FILES = [DATA / "fenland_vetting_2024.txt", ROOT / "resources" / "demo" /
         "merciavale_peel_2021-22.txt"]


def held(folder) -> list[str]:
    out = run_cli("--workspace", str(folder), "list", "--json")
    assert out.returncode == 0, out.stderr.decode()
    return sorted(r["title"] for r in json.loads(out.stdout))


def workspace_with_a_note(folder):
    """Two reports, an annotation, and a backup taken after it."""
    with Workspace(folder) as ws:
        ws.import_paths(FILES)
        rid = ws.list_reports()[0]["id"]
        text = ws.get_report(rid).report.text
        start = text.index("Constabulary")
        ws.annotations.create(rid, start, start + len("Constabulary"), note="kept")
        make_backup(ws.store.db, folder, "test")
    return held(folder)


def notes(folder) -> list[str]:
    with Workspace(folder) as ws:
        return [a.note for a in ws.annotations.list()]


def test_a_deleted_database_is_never_an_empty_workspace_and_repair_restores_it(tmp_path):
    folder = tmp_path / "ws"
    titles = workspace_with_a_note(folder)
    for part in folder.glob("peelreview.sqlite*"):
        part.unlink()
    out = run_cli("--workspace", str(folder), "list")
    err = out.stderr.decode()
    assert out.returncode == 2 and "peelreview repair" in err and len(err.splitlines()) == 1
    assert "Traceback" not in err
    fixed = run_cli("--workspace", str(folder), "repair")
    assert fixed.returncode == 0 and b"Restored the backup" in fixed.stdout
    assert held(folder) == titles and notes(folder) == ["kept"]
    search = run_cli("--workspace", str(folder), "search", "vetting")
    assert search.returncode == 0 and not search.stdout.startswith(b"0 matches")


def test_a_damaged_database_is_kept_aside_and_the_backup_restored(tmp_path):
    folder = tmp_path / "ws"
    titles = workspace_with_a_note(folder)
    db = folder / "peelreview.sqlite"
    data = bytearray(db.read_bytes())
    data[4096:len(data)] = os.urandom(len(data) - 4096)
    db.write_bytes(bytes(data))
    out = run_cli("--workspace", str(folder), "list")
    assert out.returncode == 2 and b"damaged" in out.stderr and b"Traceback" not in out.stderr
    fixed = run_cli("--workspace", str(folder), "repair")
    assert fixed.returncode == 0, fixed.stderr.decode()
    assert list(folder.glob("peelreview.sqlite.damaged-*"))
    assert held(folder) == titles and notes(folder) == ["kept"]


def test_with_no_backup_repair_reads_every_report_again_from_originals(tmp_path):
    folder = tmp_path / "ws"
    titles = workspace_with_a_note(folder)
    for p in backups(folder):
        p.unlink()
    (folder / "peelreview.sqlite").write_bytes(b"")   # emptied
    for extra in ("-wal", "-shm"):
        (folder / f"peelreview.sqlite{extra}").unlink(missing_ok=True)
    fixed = run_cli("--workspace", str(folder), "repair")
    assert fixed.returncode == 0 and b"No good backup" in fixed.stdout
    assert b"Read 2 report(s) again" in fixed.stdout
    assert held(folder) == titles
    assert run_cli("--workspace", str(folder), "search", "vetting").stdout.startswith(b"11 ")


def test_backups_roll_daily_and_keep_the_last_few(tmp_path):
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        ws.import_paths(FILES[:1])
    assert not backups(folder)            # nothing to lose when it was opened
    with Workspace(folder):
        pass
    assert len(backups(folder)) == 1      # the first opening with reports
    with Workspace(folder):
        pass
    assert len(backups(folder)) == 1      # at most daily
    with Workspace(folder) as ws:
        for n in range(KEEP + 3):
            make_backup(ws.store.db, folder, f"n{n}")
    assert len(backups(folder)) == KEEP
    assert backups(folder)[0].name.endswith(f"n{KEEP + 2}.sqlite")
