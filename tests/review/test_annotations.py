"""Annotations: create, edit, delete, restore (undo), tags, filters, CLI, crash safety."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import ROOT

from peelreview import store as store_module
from peelreview.review.annotations import COLOURS, AnnotationService
from peelreview.workspace import Workspace

PASSAGE = 'The force\'s "vetting" backlog is significant and must be fixed within six months'

REPORT = """PEEL 2021/22

Published 14 June 2022

Police effectiveness, efficiency and legitimacy

An inspection of Wessex Constabulary

Overall summary

Wessex Constabulary serves the towns of Casterbridge, Budmouth and Sandbourne and a rural area.

Investigating crime

Requires improvement

Wessex Constabulary requires improvement at investigating crime.

Area for improvement

The force should make sure that investigations go to officers with the training to carry them out

Main findings

{passage} by the vetting unit.

Victims told us that officers kept them informed about their cases. Victims told us so.
"""


def write_report(folder: Path, name: str = "wessex_2022.txt", passage: str = PASSAGE,
                 body: str = REPORT) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body.format(passage=passage), encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "ws")
    summary = w.import_paths([write_report(tmp_path / "files")])
    w.report_id = summary.imported[0].report_id
    yield w
    w.close()


def test_create_by_offsets_and_quote(ws):
    svc = AnnotationService(ws)
    text = ws.get_report(ws.report_id).report.text
    start = text.index(PASSAGE)
    a = svc.create(ws.report_id, start, start + len(PASSAGE), note="Check the plan",
                   tags=["vetting", " Vetting ", "backlog"], colour="pink")
    assert a.id and len(a.uuid) == 36
    assert (a.quote, a.start, a.end, a.colour) == (PASSAGE, start, start + len(PASSAGE), "pink")
    assert a.prefix == text[start - 32:start] and a.suffix == text[a.end:a.end + 32]
    assert a.tags == ("backlog", "vetting")           # duplicates ignoring case dropped
    assert a.created == a.modified and not a.orphaned
    assert svc.get(a.id) == a
    b = svc.create_by_quote(ws.report_id, "Victims told us", occurrence=2, note="again")
    assert text[b.start:b.end] == "Victims told us"
    assert b.start == text.index("Victims told us", text.index("Victims told us") + 1)
    assert [x.id for x in svc.list(ws.report_id)] == [a.id, b.id]   # by position


def test_readable_errors(ws):
    svc = AnnotationService(ws)
    with pytest.raises(ValueError, match="colour 'purple' is not one of: yellow"):
        svc.create_by_quote(ws.report_id, "Victims", colour="purple")
    with pytest.raises(ValueError, match="does not occur"):
        svc.create_by_quote(ws.report_id, "Metropolitan")
    with pytest.raises(ValueError, match="occurs 2 time"):
        svc.create_by_quote(ws.report_id, "Victims told us", occurrence=3)
    with pytest.raises(ValueError, match="cannot select"):
        svc.create(ws.report_id, 10, 5)
    with pytest.raises(LookupError, match="no report 99"):
        svc.create(99, 0, 5)
    assert svc.list() == []
    assert set(COLOURS) == {"yellow", "green", "blue", "pink", "orange"}


def test_update_returns_old_and_new(ws):
    svc = AnnotationService(ws)
    a = svc.create_by_quote(ws.report_id, PASSAGE, note="first", tags=["vetting"])
    old, new = svc.update(a.id, note="second", colour="green", tags=["risk", "vetting"])
    assert old == a
    assert (new.note, new.colour, new.tags) == ("second", "green", ("risk", "vetting"))
    assert new.modified > a.modified and new.created == a.created
    assert svc.get(a.id) == new
    # undo = update with the old values
    svc.update(a.id, note=old.note, colour=old.colour, tags=old.tags)
    back = svc.get(a.id)
    assert (back.note, back.colour, back.tags) == ("first", "yellow", ("vetting",))
    # nothing changed: nothing written
    o2, n2 = svc.update(a.id, note="first")
    assert o2 == n2 == back
    with pytest.raises(ValueError, match="colour"):
        svc.update(a.id, colour="mauve")
    with pytest.raises(LookupError):
        svc.update(12345, note="x")


def test_delete_and_restore_is_undo(ws):
    from peelreview.review.links import LinkService

    svc, links = AnnotationService(ws), LinkService(ws)
    a = svc.create_by_quote(ws.report_id, PASSAGE, note="note", tags=["vetting", "risk"])
    b = svc.create_by_quote(ws.report_id, "Victims told us")
    finding_id = ws.get_report(ws.report_id).finding_ids[0]
    links.create(("annotation", a.id), ("finding", finding_id), "same issue")
    links.create(("annotation", b.id), ("annotation", a.id), "follows up", comment="c")
    gone = svc.delete(a.id)
    assert gone == a and len(gone.links) == 2
    assert [x.id for x in svc.list()] == [b.id]
    assert links.for_item("annotation", b.id) == []
    with pytest.raises(LookupError):
        svc.get(a.id)
    back = svc.restore(gone)
    assert back == a                                      # same id, uuid, tags, everything
    assert {lk.link_type for lk in links.for_item("annotation", a.id)} == {"same issue",
                                                                           "follows up"}
    with pytest.raises(ValueError, match="already"):
        svc.restore(gone)


def test_tags_completion_and_filters(ws, tmp_path):
    svc = AnnotationService(ws)
    other = ws.import_paths([write_report(tmp_path / "files2", "other.txt",
                                          passage="Call handling is slow")]).imported[0]
    a = svc.create_by_quote(ws.report_id, PASSAGE, note="Ask the Chief about VETTING",
                            tags=["Vetting", "PCC brief"], colour="pink")
    b = svc.create_by_quote(ws.report_id, "Victims told us", tags=["victims"])
    c = svc.create_by_quote(other.report_id, "Call handling", note="slow", tags=["vetting"],
                            colour="blue")
    assert svc.tags() == ["PCC brief", "Vetting", "vetting", "victims"]
    ids = lambda xs: [x.id for x in xs]  # noqa: E731
    assert ids(svc.list()) == [a.id, b.id, c.id]
    assert ids(svc.list(report_id=ws.report_id)) == [a.id, b.id]
    assert ids(svc.list(tag="vetting")) == [a.id, c.id]
    assert ids(svc.list(colour="blue")) == [c.id]
    assert ids(svc.list(text="chief")) == [a.id]          # note
    assert ids(svc.list(text="HANDLING")) == [c.id]       # quote
    assert ids(svc.list(text="brief")) == [a.id]          # tag
    assert ids(svc.list(report_id=ws.report_id, text="vetting")) == [a.id]
    with pytest.raises(ValueError):
        svc.list(colour="black")
    svc.delete(b.id)
    assert "victims" not in svc.tags()


def test_place_an_annotation_by_hand(ws):
    svc = AnnotationService(ws)
    a = svc.create_by_quote(ws.report_id, PASSAGE)
    with ws.store.transaction() as db:   # as a re-import would leave an orphan
        db.execute('UPDATE annotations SET orphaned=1, start=NULL, "end"=NULL WHERE id=?',
                   (a.id,))
    orphan = svc.get(a.id)
    assert orphan.orphaned and orphan.start is None and orphan.quote == PASSAGE
    text = ws.get_report(ws.report_id).report.text
    s = text.index("Victims told us")
    old, new = svc.place(a.id, s, s + 15)
    assert old == orphan
    assert (new.start, new.end, new.orphaned, new.quote) == (s, s + 15, False,
                                                             "Victims told us")
    assert svc.get(a.id) == new


def test_core_imports_without_qt():
    code = textwrap.dedent("""
        import sys
        class Block:
            def find_spec(self, name, path=None, target=None):
                if name.split('.')[0] in ('PySide6', 'PyQt5', 'PyQt6'):
                    raise ImportError('Qt blocked: ' + name)
        sys.meta_path.insert(0, Block())
        import peelreview.review.annotations, peelreview.review.links, peelreview.review.sharing
        import peelreview.review.replace, peelreview.cli.annotations
        print('ok')
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT, timeout=60)
    assert out.stdout.strip() == "ok", out.stderr


# The real command line, in a child process (as an officer's shell would run it).
_RUNNER = textwrap.dedent("""
    import sys
    from peelreview.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def _cli(ws_folder, *args):
    return subprocess.run([sys.executable, "-c", _RUNNER, "--workspace", str(ws_folder), *args],
                          capture_output=True, timeout=60, cwd=ROOT)


def test_cli_annotate_prints_id_and_errors(tmp_path):
    path = write_report(tmp_path / "files")
    folder = tmp_path / "ws"
    with Workspace(folder) as w:
        rid = w.import_paths([path]).imported[0].report_id
    out = _cli(folder, "annotate", str(rid), "--quote", "Victims told us", "--occurrence", "2",
               "--note", "Good news", "--tag", "victims", "--tag", "comms", "--colour", "green")
    assert out.returncode == 0, out.stderr
    aid = int(out.stdout.decode().strip())
    with Workspace(folder) as w:
        a = AnnotationService(w).get(aid)
        assert (a.note, a.tags, a.colour) == ("Good news", ("comms", "victims"), "green")
    bad = _cli(folder, "annotate", str(rid), "--quote", "no such words")
    assert bad.returncode == 2 and bad.stdout == b""
    err = bad.stderr.decode().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("peelreview: cannot annotate")
    bad = _cli(folder, "annotate", str(rid), "--quote", "Victims", "--colour", "red")
    assert bad.returncode == 2 and "colour" in bad.stderr.decode()


def test_cli_export_and_import_json(tmp_path):
    path = write_report(tmp_path / "files")
    a_folder, b_folder = tmp_path / "a", tmp_path / "b"
    for folder in (a_folder, b_folder):
        with Workspace(folder) as w:
            rid = w.import_paths([path]).imported[0].report_id
    assert _cli(a_folder, "annotate", str(rid), "--quote", PASSAGE, "--note", "n").returncode == 0
    out_file = tmp_path / "notes.json"
    ex = _cli(a_folder, "annotations", "export", "--report", str(rid), "-o", str(out_file))
    assert ex.returncode == 0, ex.stderr
    assert json.loads(out_file.read_text("utf-8"))["type"] == "AnnotationCollection"
    im = _cli(b_folder, "annotations", "import", str(out_file), "--json")
    assert im.returncode == 0, im.stderr
    assert json.loads(im.stdout) == {"added": 1, "merged": 0, "orphaned": 0, "corrections": 0,
                                     "rejected": []}
    im = _cli(b_folder, "annotations", "import", str(out_file))
    assert im.returncode == 0 and "0 added, 1 merged, 0 orphaned" in im.stdout.decode()
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    bad = _cli(b_folder, "annotations", "import", str(tmp_path / "bad.json"), "--json")
    assert bad.returncode == 2 and len(bad.stderr.decode().strip().splitlines()) == 1
    bad = _cli(b_folder, "annotations", "import", str(tmp_path / "none.json"))
    assert bad.returncode == 2


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_annotation_survives_sigkill(tmp_path):
    folder = tmp_path / "ws"
    with Workspace(folder) as w:
        rid = w.import_paths([write_report(tmp_path / "files")]).imported[0].report_id
    code = textwrap.dedent(f"""
        import sys, time
        from peelreview.workspace import Workspace
        from peelreview.review.annotations import AnnotationService
        ws = Workspace({str(folder)!r})
        a = AnnotationService(ws).create_by_quote({rid}, {PASSAGE!r}, note="kept",
                                                  tags=["crash"])
        print(a.uuid, flush=True)
        time.sleep(60)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, cwd=ROOT)
    try:
        uid = proc.stdout.readline().decode().strip()
        assert uid
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.stdout.close()
    assert proc.returncode == -signal.SIGKILL
    with Workspace(folder) as w:
        a = AnnotationService(w).get_by_uuid(uid)
        assert a is not None and a.note == "kept" and a.tags == ("crash",)
        assert a.quote == PASSAGE


def test_timestamps_order():
    t1 = store_module.timestamp()
    t2 = store_module.timestamp()
    assert store_module.parse_time(t1) <= store_module.parse_time(t2)
    assert store_module.parse_time("garbage").year == 1970
