"""What the response editor asks of the core: gaps with the field that closes them, the
passages an area's bullets may quote, and the officer's chief constable's due days."""
from __future__ import annotations

import pytest
from conftest import corpus_path

from peelreview.response.draft import Gap
from peelreview.workspace import Workspace

SEED_2018 = ("seeds", "001_5a90f104199f3858.txt")


@pytest.fixture
def ws2018(tmp_path):
    ws = Workspace(tmp_path / "ws")
    ws.report_id = ws.import_paths([corpus_path(*SEED_2018)]).imported[0].report_id
    yield ws
    ws.close()


def test_gaps_name_the_field_that_closes_them(ws2018):
    svc, rid = ws2018.responses, ws2018.report_id
    r = svc.get(rid)
    gaps = r.gap_list()
    assert r.gaps() == [g.message for g in gaps]
    rec = r.recommendations[0]
    cause = next(i for i in r.items if i.kind == "cause_of_concern")
    expected = {(f, i.id) for i in r.items for f in ("cc_comments", "pcc_comments")}
    expected |= {("opcc_name", None), ("pcc_name", None), ("overall", None)}
    assert {(g.field, g.item_id) for g in gaps} == expected
    assert ("pcc_comments", rec.id) in expected and ("cc_comments", cause.id) in expected
    afi = next(i for i in r.items if i.kind == "area_for_improvement")
    svc.update_item(afi.id, status="no action")
    svc.update_response(rid, published=None)
    gaps = svc.get(rid).gap_list()
    assert Gap(gaps[0].message, "published") == gaps[0]
    assert any(g.field == "no_action_reason" and g.item_id == afi.id for g in gaps)


def test_sources_of_an_area_are_its_findings_then_its_passages(ws2018):
    svc, rid = ws2018.responses, ws2018.report_id
    stored = ws2018.get_report(rid)
    report = stored.report
    r = svc.get(rid)
    area = next(a for a in r.areas() if a.items)
    sources = svc.sources(rid, area.name)
    findings = [s for s in sources if s.source_type == "finding"]
    passages = [s for s in sources if s.source_type == "passage"]
    # every finding of the area (innovative practice too), with its id and offsets
    expected = [(fid, f.start) for fid, f in zip(stored.finding_ids, report.findings,
                                                 strict=True) if f.area == area.name]
    assert [(s.source_id, s.start) for s in findings] == expected
    assert sources[:len(findings)] == findings
    # passages: in report order, inside the area's section, not findings, whole words
    section = next(s for s in report.sections if s.title == area.name)
    assert passages and [p.start for p in passages] == sorted(p.start for p in passages)
    for p in passages:
        assert section.start <= p.start < section.end
        assert p.text == " ".join(report.text[p.start:p.end].split())
        assert len(p.text.split()) >= 4
        assert not any(f.start <= p.start and p.end <= f.end for f in report.findings)
    # another area's passages are not offered here
    other = next(a for a in r.areas() if a.name != area.name and a.grade)
    assert not {p.start for p in passages} & {s.start for s in svc.sources(rid, other.name)}


def test_due_days_setting_applies_to_a_new_draft_only(ws2018):
    svc, rid = ws2018.responses, ws2018.report_id
    assert svc.get(rid, cc_due_days=21).cc_due_days == 21
    assert svc.get(rid, cc_due_days=10).cc_due_days == 21   # a draft keeps its own
    svc.update_response(rid, cc_due_days=14)
    assert svc.get(rid).cc_due_days == 14
