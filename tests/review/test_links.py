"""Links between findings and annotations; trace across the demo reports."""
from __future__ import annotations

import pytest

from peelreview.demo import build_demo_workspace
from peelreview.review.annotations import AnnotationService
from peelreview.review.links import LINK_TYPES, LinkService


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    ws = build_demo_workspace(tmp_path_factory.mktemp("demo") / "ws")
    yield ws
    ws.close()


def _finding(ws, title_part, kind):
    for r in ws.list_reports():
        if title_part in r["title"]:
            s = ws.get_report(r["id"])
            for fid, f in zip(s.finding_ids, s.report.findings, strict=True):
                if f.kind == kind:
                    return r["id"], fid, f
    raise AssertionError(title_part)


def test_links_both_ends_duplicates_and_delete(demo):
    links = LinkService(demo)
    _, cause, _ = _finding(demo, "Wessex PEEL 2018/19", "cause_of_concern")
    _, rec, _ = _finding(demo, "Wessex PEEL 2018/19", "recommendation")
    rid21, _, _ = _finding(demo, "An inspection of Wessex", "recommendation")
    note = AnnotationService(demo).create_by_quote(rid21, "vetting backlog", note="progress")
    lk = links.create(("finding", rec), ("finding", cause), "follows up", comment="why")
    lk2 = links.create(("annotation", note.id), ("finding", rec), "follows up")
    assert lk.link_type == "follows up" and lk.comment == "why" and len(lk.uuid) == 36
    assert [x.id for x in links.for_item("finding", rec)] == [lk.id, lk2.id]
    assert [x.id for x in links.for_item("finding", cause)] == [lk.id]
    assert [x.id for x in links.for_item("annotation", note.id)] == [lk2.id]
    with pytest.raises(ValueError, match="already linked"):
        links.create(("finding", rec), ("finding", cause), "follows up")
    with pytest.raises(ValueError, match="already linked"):   # reverse direction too
        links.create(("finding", cause), ("finding", rec), "follows up")
    other = links.create(("finding", cause), ("finding", rec), "same issue")  # other type ok
    with pytest.raises(ValueError, match="not one of"):
        links.create(("finding", cause), ("finding", rec), "related")
    with pytest.raises(ValueError, match="itself"):
        links.create(("finding", cause), ("finding", cause), "same issue")
    with pytest.raises(ValueError, match="no finding 999999"):
        links.create(("finding", cause), ("finding", 999999), "same issue")
    with pytest.raises(ValueError):
        links.create(("report", 1), ("finding", cause), "same issue")
    gone = links.delete(other.id)
    assert gone == other
    assert links.for_item("finding", cause) == [lk]
    assert links.restore(gone) == other
    links.delete(other.id)
    links.delete(lk.id)
    links.delete(lk2.id)
    assert links.for_item("finding", rec) == []
    with pytest.raises(LookupError):
        links.delete(lk.id)
    assert set(LINK_TYPES) == {"follows up", "same issue", "responds to", "supersedes"}


def test_trace_orders_by_date_across_reports(demo):
    links = LinkService(demo)
    rid18, cause, cause_f = _finding(demo, "Wessex PEEL 2018/19", "cause_of_concern")
    _, rec, rec_f = _finding(demo, "Wessex PEEL 2018/19", "recommendation")
    rid19, pcc_rec, pcc_f = _finding(demo, "PCC response", "recommendation")
    rid21, _, _ = _finding(demo, "An inspection of Wessex", "recommendation")
    progress = AnnotationService(demo).create_by_quote(
        rid21, "The force has almost cleared the vetting backlog", note="2021 progress")
    # linked in no particular order or direction
    made = [links.create(("annotation", progress.id), ("finding", pcc_rec), "follows up"),
            links.create(("finding", pcc_rec), ("finding", rec), "responds to"),
            links.create(("finding", cause), ("finding", rec), "same issue")]
    steps = links.trace(cause)
    assert [(s.kind, s.id) for s in steps] == [("finding", cause), ("finding", rec),
                                               ("finding", pcc_rec), ("annotation", progress.id)]
    assert [s.report_id for s in steps] == [rid18, rid18, rid19, rid21]
    assert [s.date for s in steps] == ["2019-05-21", "2019-05-21", "2019-07-09", "2022-06-14"]
    assert steps[0].text == cause_f.text and steps[0].finding_kind == "cause_of_concern"
    assert steps[2].text == pcc_f.text and "PCC response" in steps[2].report_title
    assert steps[3].note == "2021 progress" and steps[3].force == "Wessex Constabulary"
    # the same chain whichever end it starts from
    assert [(s.kind, s.id) for s in links.trace(pcc_rec)] == [(s.kind, s.id) for s in steps]
    # an unlinked finding traces to itself alone
    lone = demo.get_report(rid21).finding_ids[0]
    assert [(s.kind, s.id) for s in links.trace(lone)] == [("finding", lone)]
    with pytest.raises(LookupError):
        links.trace(999999)
    for lk in made:
        links.delete(lk.id)
