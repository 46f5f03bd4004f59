"""Replacing a report by a new version: annotations re-anchored, links kept, atomic."""
from __future__ import annotations

import pytest
from test_annotations import PASSAGE, REPORT, write_report

from peelreview.errors import ImportFailed
from peelreview.review.annotations import AnnotationService
from peelreview.review.links import LinkService
from peelreview.review.replace import replace_report
from peelreview.workspace import Workspace

INSERTED = REPORT.replace(
    "Main findings\n\n",
    "Main findings\n\nA new paragraph about the control room, added in the second edition.\n\n"
    "Another new paragraph about neighbourhood policing in Sandbourne.\n\n")
REFLOWED = ('The force\u2019s \u201cvetting\u201d backlog is significant\nand must be '
            '\ufb01xed within six months')


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "ws")
    w.report_id = w.import_paths([write_report(tmp_path / "v1")]).imported[0].report_id
    yield w
    w.close()


def _setup(ws):
    svc = AnnotationService(ws)
    a = svc.create_by_quote(ws.report_id, PASSAGE, note="vetting!", tags=["vetting"])
    b = svc.create_by_quote(ws.report_id, "Wessex Constabulary serves the towns")
    fid = ws.get_report(ws.report_id).finding_ids[0]
    lk = LinkService(ws).create(("annotation", a.id), ("finding", fid), "same issue")
    return svc, a, b, fid, lk


def test_paragraphs_inserted_before(ws, tmp_path):
    svc, a, b, fid, lk = _setup(ws)
    result = replace_report(ws, ws.report_id, write_report(tmp_path / "v2", body=INSERTED))
    assert result == {"moved": 1, "stayed": 1, "orphaned": 0, "links_dropped": 0}
    text = ws.get_report(ws.report_id).report.text
    moved = svc.get(a.id)
    assert moved.start > a.start and text[moved.start:moved.end] == PASSAGE
    assert svc.get(b.id).start == b.start
    stored = ws.get_report(ws.report_id)
    assert stored.version == 2 and "control room" in stored.report.text
    assert stored.finding_ids == [fid]                   # same finding kept its id
    assert LinkService(ws).for_item("finding", fid) == [lk]
    assert ws.store.report_ids(unindexed_only=True) == []
    hits = ws.search("control room")
    assert hits.total >= 1 and {h.report_id for h in hits.hits} == {ws.report_id}


def test_passage_reflowed(ws, tmp_path):
    svc, a, *_ = _setup(ws)
    result = replace_report(ws, ws.report_id,
                            write_report(tmp_path / "v2", passage=REFLOWED, body=INSERTED))
    assert result["orphaned"] == 0 and result["moved"] >= 1
    text = ws.get_report(ws.report_id).report.text
    placed = svc.get(a.id)
    assert not placed.orphaned
    assert "backlog is significant" in text[placed.start:placed.end]
    assert text[placed.start:placed.end].endswith("within six months")
    assert placed.note == "vetting!"


def test_passage_deleted_is_orphaned_and_listed(ws, tmp_path):
    svc, a, b, fid, lk = _setup(ws)
    gone_body = REPORT.replace("{passage} by the vetting unit.\n\n", "")
    gone_body = gone_body.replace(
        "The force should make sure that investigations go to officers with the "
        "training to carry them out", "The force should answer 999 calls more quickly")
    result = replace_report(ws, ws.report_id, write_report(tmp_path / "v2", body=gone_body))
    assert result == {"moved": 0, "stayed": 1, "orphaned": 1, "links_dropped": 1}
    [orphan] = [x for x in svc.list(ws.report_id) if x.orphaned]
    assert orphan.id == a.id and orphan.start is None
    assert (orphan.quote, orphan.note, orphan.tags) == (PASSAGE, "vetting!", ("vetting",))
    assert svc.list(text="vetting!")[0].id == a.id
    assert LinkService(ws).for_item("annotation", a.id) == []   # the finding went
    assert fid not in ws.get_report(ws.report_id).finding_ids


def test_bad_file_leaves_workspace_untouched(ws, tmp_path):
    svc, a, *_ = _setup(ws)
    before = ws.get_report(ws.report_id)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with pytest.raises(ImportFailed):
        replace_report(ws, ws.report_id, bad)
    with pytest.raises(ImportFailed):
        replace_report(ws, ws.report_id, tmp_path / "missing.txt")
    after = ws.get_report(ws.report_id)
    assert (after.sha256, after.version, after.report.text) == (before.sha256, 1,
                                                                before.report.text)
    assert svc.get(a.id) == a
    with pytest.raises(LookupError):
        replace_report(ws, 999, tmp_path / "v1" / "wessex_2022.txt")
