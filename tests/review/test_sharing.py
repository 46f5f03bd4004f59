"""W3C Web Annotation export/import: round trip, merge by uuid, no duplicates."""
from __future__ import annotations

import json
import threading

import pytest
from test_annotations import PASSAGE, write_report

from peelreview.review.annotations import AnnotationService
from peelreview.review.links import LinkService
from peelreview.review.sharing import export_annotations, import_annotations
from peelreview.workspace import Workspace


@pytest.fixture
def pair(tmp_path):
    path = write_report(tmp_path / "files")
    a, b = Workspace(tmp_path / "a"), Workspace(tmp_path / "b")
    ra = a.import_paths([path]).imported[0].report_id
    rb = b.import_paths([path]).imported[0].report_id
    yield a, ra, b, rb, tmp_path
    a.close()
    b.close()


def _key(x):
    return (x.uuid, x.quote, x.prefix, x.suffix, x.note, x.tags, x.start, x.end, x.colour,
            x.orphaned, x.created, x.modified)


def _annotate(ws, rid):
    svc = AnnotationService(ws)
    one = svc.create_by_quote(rid, PASSAGE, note="Raise at the board", tags=["vetting", "PCC"],
                              colour="pink")
    two = svc.create_by_quote(rid, "Victims told us", occurrence=2)
    return one, two


def test_export_is_w3c(pair):
    a, ra, _, _, _ = pair
    one, two = _annotate(a, ra)
    fid = a.get_report(ra).finding_ids[0]
    LinkService(a).create(("annotation", one.id), ("finding", fid), "same issue", "c")
    data = json.loads(json.dumps(export_annotations(a, ra)))
    assert data["@context"][0] == "http://www.w3.org/ns/anno.jsonld"
    assert data["type"] == "AnnotationCollection" and data["total"] == 3
    item = data["items"][0]
    assert item["id"] == f"urn:uuid:{one.uuid}" and item["type"] == "Annotation"
    assert {"type": "TextualBody", "value": "Raise at the board", "purpose": "commenting",
            "format": "text/plain"} in item["body"]
    assert {"type": "TextualBody", "value": "vetting", "purpose": "tagging"} in item["body"]
    assert item["peelreview:colour"] == "pink"
    sha = a.get_report(ra).sha256
    assert item["target"]["source"] == f"urn:sha256:{sha}"
    assert item["target"]["peelreview:title"] == a.get_report(ra).report.title
    assert item["target"]["selector"] == [
        {"type": "TextQuoteSelector", "exact": one.quote, "prefix": one.prefix,
         "suffix": one.suffix},
        {"type": "TextPositionSelector", "start": one.start, "end": one.end}]
    link = data["items"][2]
    assert link["motivation"] == "linking" and link["peelreview:linkType"] == "same issue"
    assert link["target"]["peelreview:annotation"] == f"urn:uuid:{one.uuid}"
    assert link["body"]["peelreview:finding"]["kind"] == "area_for_improvement"


def test_round_trip_into_fresh_workspace(pair):
    a, ra, b, rb, _ = pair
    one, two = _annotate(a, ra)
    fid_a = a.get_report(ra).finding_ids[0]
    LinkService(a).create(("annotation", one.id), ("finding", fid_a), "same issue", "c")
    data = json.loads(json.dumps(export_annotations(a)))
    result = import_annotations(b, data)
    assert result == {"added": 2, "merged": 0, "orphaned": 0, "skipped": 0, "links": 1,
                      "corrections": 0, "rejected": []}
    got = AnnotationService(b).list()
    assert [_key(x) for x in got] == [_key(one), _key(two)]
    assert all(x.report_id == rb for x in got)
    fid_b = b.get_report(rb).finding_ids[0]
    [lk] = LinkService(b).for_item("finding", fid_b)
    assert (lk.link_type, lk.comment, lk.source) == ("same issue", "c",
                                                     ("annotation", got[0].id))
    # again: nothing new
    again = import_annotations(b, data)
    assert again == {"added": 0, "merged": 2, "orphaned": 0, "skipped": 0, "links": 0,
                     "corrections": 0, "rejected": []}
    assert len(AnnotationService(b).list()) == 2
    assert len(LinkService(b).for_item("finding", fid_b)) == 1


def test_merge_takes_newer_copy_only(pair):
    a, ra, b, rb, _ = pair
    one, _ = _annotate(a, ra)
    import_annotations(b, export_annotations(a))
    AnnotationService(a).update(one.id, note="newer note", tags=["changed"])
    import_annotations(b, export_annotations(a))
    held = AnnotationService(b).get_by_uuid(one.uuid)
    assert (held.note, held.tags) == ("newer note", ("changed",))
    # an older copy does not overwrite
    AnnotationService(b).update(held.id, note="b edited later")
    result = import_annotations(b, export_annotations(a))
    assert result["merged"] == 2
    assert AnnotationService(b).get_by_uuid(one.uuid).note == "b edited later"


def test_unheld_report_skipped_and_orphans_kept(pair):
    a, ra, b, rb, tmp_path = pair
    one, _ = _annotate(a, ra)
    data = export_annotations(a)
    item = data["items"][0]
    # a report b does not hold
    stranger = json.loads(json.dumps(item))
    stranger["id"] = "urn:uuid:00000000-0000-4000-8000-000000000001"
    stranger["target"]["source"] = "urn:sha256:" + "0" * 64
    # a passage not in b's copy: kept as an orphan with its quote and note
    lost = json.loads(json.dumps(item))
    lost["id"] = "urn:uuid:00000000-0000-4000-8000-000000000002"
    lost["target"]["selector"] = [{"type": "TextQuoteSelector",
                                   "exact": "A passage the report never contained at all",
                                   "prefix": "", "suffix": ""}]
    result = import_annotations(b, [stranger, lost])
    assert result == {"added": 0, "merged": 0, "orphaned": 1, "skipped": 1, "links": 0,
                      "corrections": 0, "rejected": []}
    [orphan] = AnnotationService(b).list()
    assert orphan.orphaned and orphan.start is None
    assert orphan.quote == "A passage the report never contained at all"
    assert orphan.note == one.note and orphan.tags == one.tags
    with pytest.raises(ValueError, match="not a W3C annotation file"):
        import_annotations(b, {"hello": 1})


def test_concurrent_imports_make_no_duplicates(pair):
    a, ra, b, rb, tmp_path = pair
    _annotate(a, ra)
    data = export_annotations(a)
    # two threads on one workspace, and two more on a second handle (as two processes would)
    other = Workspace(tmp_path / "b", defer_index=True)
    errors, results = [], []

    def go(ws):
        try:
            results.append(import_annotations(ws, data))
        except Exception as e:  # noqa: BLE001
            errors.append(e)

    threads = [threading.Thread(target=go, args=(w,)) for w in (b, b, other, other)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    other.close()
    assert errors == []
    assert sum(r["added"] for r in results) == 2
    assert sum(r["merged"] for r in results) == 6
    assert len(AnnotationService(b).list()) == 2
    uuids = [r[0] for r in b.store.db.execute("SELECT uuid FROM annotations")]
    assert len(uuids) == len(set(uuids)) == 2
