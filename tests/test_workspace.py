"""The workspace: import, duplicates, listing, index upkeep, and surviving a kill."""
from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from conftest import ROOT, corpus_path, run_cli

from peelreview.extract import extract_file
from peelreview.workspace import Workspace


@pytest.fixture()
def seeds(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("001_5a90f104199f3858.txt", "002_abb4af555a15ef51.txt",
                 "004_b1bbe43aebab7d37.txt"):
        shutil.copy(corpus_path("seeds", name), folder / name)
    return folder


def test_import_stores_once_and_lists(tmp_path, seeds):
    ws_dir = tmp_path / "ws"
    with Workspace(ws_dir) as ws:
        s1 = ws.import_paths([seeds])
        s2 = ws.import_paths([seeds / "001_5a90f104199f3858.txt"])
        reports = ws.list_reports()
    assert len(s1.imported) == 3 and not s1.failed
    assert len(s2.duplicates) == 1 and not s2.imported
    assert len(reports) == 3
    r001 = next(r for r in reports if r["source_name"].startswith("001"))
    assert r001["force"] == "West Midlands Police"
    assert r001["grades"]["Legitimacy"] == "Good"
    assert r001["findings"] == {"area_for_improvement": 3, "cause_of_concern": 1,
                                "recommendation": 1}
    # the original is kept inside the workspace
    originals = list((ws_dir / "originals").rglob("*.txt"))
    assert len(originals) == 3


def test_stored_report_round_trips(tmp_path, seeds):
    path = seeds / "002_abb4af555a15ef51.txt"
    fresh, _ = extract_file(path)
    with Workspace(tmp_path / "ws") as ws:
        [event] = ws.import_paths([path]).imported
        stored = ws.get_report(event.report_id).report
    assert stored == fresh


def test_cli_import_list_search(tmp_path, seeds):
    ws = str(tmp_path / "ws")
    bad = seeds / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7 nothing else")
    out = run_cli("import", str(seeds), "--workspace", ws)
    err = out.stderr.decode()
    assert out.returncode == 1  # one file failed
    assert "[1/4]" in err and "failed" in err and "broken.pdf" in err
    assert "Import finished: 3 imported, 0 skipped as duplicates, 1 failed." in err
    again = run_cli("--workspace", ws, "import", str(seeds / "004_b1bbe43aebab7d37.txt"))
    assert again.returncode == 0 and "skipped" in again.stderr.decode()
    listed = json.loads(run_cli("list", "--json", "--workspace", ws).stdout)
    assert len(listed) == 3
    for r in listed:
        assert {"id", "title", "force", "kind", "published", "grades", "findings"} <= set(r)
    found = json.loads(run_cli("search", "kind:recommendation vetting", "--json",
                               "--workspace", ws).stdout)
    assert found["total"] >= 1
    assert "vetting" in found["hits"][0]["snippet"].lower()
    bad_query = run_cli("search", '"unbalanced', "--workspace", ws)
    assert bad_query.returncode == 2
    assert len(bad_query.stderr.decode().strip().splitlines()) == 1
    assert "Traceback" not in bad_query.stderr.decode()


def test_environment_variable_names_the_workspace(tmp_path, seeds):
    env = dict(os.environ, PEELREVIEW_WORKSPACE=str(tmp_path / "envws"))
    out = run_cli("import", str(seeds / "001_5a90f104199f3858.txt"), env=env)
    assert out.returncode == 0, out.stderr
    assert (tmp_path / "envws" / "peelreview.sqlite").exists()


def test_missing_or_damaged_index_is_rebuilt(tmp_path, seeds):
    ws_dir = tmp_path / "ws"
    with Workspace(ws_dir) as ws:
        ws.import_paths([seeds])
    shutil.rmtree(ws_dir / "index")
    with Workspace(ws_dir) as ws:
        assert any("rebuilt" in n for n in ws.notices)
        assert ws.search("vetting").total > 0
    for f in (ws_dir / "index").iterdir():
        if f.is_file():
            f.write_bytes(b"garbage")
    with Workspace(ws_dir) as ws:
        assert any("rebuilt" in n for n in ws.notices)
        assert ws.search("vetting").total > 0
    out = run_cli("reindex", "--workspace", str(ws_dir))
    assert out.returncode == 0 and "3 reports" in out.stderr.decode()


def test_kill_during_import_leaves_no_partial_report(tmp_path, stress_corpus):
    folder, manifest = stress_corpus
    src = tmp_path / "src"
    src.mkdir()
    for name in manifest:
        if name.endswith(".txt"):
            shutil.copy(folder / name, src / name)
    ws_dir = tmp_path / "ws"
    proc = subprocess.Popen([sys.executable, "-m", "peelreview", "import", str(src),
                             "--workspace", str(ws_dir)], cwd=ROOT,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL)
    seen = 0
    deadline = time.monotonic() + 60
    while seen < 3 and time.monotonic() < deadline:
        line = proc.stderr.readline().decode()
        if not line:
            break
        seen += line.startswith("[")
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert seen >= 3, "the import finished or failed before it could be killed"
    with Workspace(ws_dir) as ws:
        held = ws.list_reports()
        assert 3 <= len(held) < len(list(src.iterdir()))
        for r in held:
            stored = ws.get_report(r["id"])
            fresh, _ = extract_file(src / stored.source_name)
            assert stored.report == fresh  # complete: every section, judgment and finding
            hits = ws.search(f'force:"{fresh.force}"', limit=200)
            assert any(h.report_id == r["id"] for h in hits.hits)
        summary = ws.import_paths([src])
        assert len(summary.duplicates) == len(held)
        assert not summary.failed


def test_a_workspace_from_before_printed_page_numbers_gains_them_on_open(tmp_path):
    """Schema 6 and extractor 2 (no page labels): opening migrates the schema, reads the
    PDF again from its original, and the response references become printed pages."""
    import sqlite3

    from peelreview.reading.pages import printed_page

    demo_pdf = ROOT / "resources" / "demo" / "wessex_peel_2021-22.pdf"
    ws = Workspace(tmp_path / "ws")
    rid = ws.import_paths([demo_pdf]).imported[0].report_id
    ws.close()
    db = sqlite3.connect(tmp_path / "ws" / "peelreview.sqlite")
    db.execute("ALTER TABLE blocks DROP COLUMN page_label")
    db.execute("UPDATE reports SET extractor=2")
    db.execute("PRAGMA user_version=6")
    db.commit()
    db.close()

    ws = Workspace(tmp_path / "ws")
    try:
        from peelreview.backup import backups

        # the officer's work was copied before the schema changed
        assert any("before-schema-7" in p.name for p in backups(tmp_path / "ws"))
        report = ws.get_report(rid).report
        start = next(s.start for s in report.sections
                     if s.title == "Providing a service to the victims of crime")
        assert printed_page(report, start) == "5"   # the PDF's 6th sheet
        assert any("read again" in n.lower() or "re-read" in n.lower() or "newer" in n.lower()
                   for n in ws.notices), ws.notices
    finally:
        ws.close()


def test_a_file_name_that_is_not_utf8_does_not_stop_the_import(tmp_path):
    """A byte that is not UTF-8 in a name (an old share, a colleague's zip): the file is
    imported under a readable name, the rest of the folder too, no stray copy is left."""
    folder = tmp_path / "in"
    folder.mkdir()
    data = (ROOT / "tests" / "data" / "fenland_vetting_2024.txt").read_bytes()
    with open(os.path.join(os.fsencode(folder), b"vetting \xff\xfe.txt"), "wb") as f:
        f.write(data)
    shutil.copy(ROOT / "resources" / "demo" / "merciavale_peel_2021-22.txt", folder)
    out = run_cli("--workspace", str(tmp_path / "ws"), "import", "--json", str(folder))
    assert out.returncode == 0, out.stderr.decode()
    result = json.loads(out.stdout)
    assert len(result["imported"]) == 2 and not result["failed"]
    assert any("vetting \ufffd\ufffd.txt" in r["path"] for r in result["imported"])
    originals = [p for p in (tmp_path / "ws" / "originals").rglob("*") if p.is_file()]
    assert len(originals) == 2
    listed = run_cli("--workspace", str(tmp_path / "ws"), "list", "--json")
    assert listed.returncode == 0 and len(json.loads(listed.stdout)) == 2
