"""The PCC response draft: items from findings, s.55 dates, gaps, persistence, CLI."""
from __future__ import annotations

import argparse
import datetime as dt
import json

import pytest
from conftest import corpus_path

from peelreview.cli import responses as cli_responses
from peelreview.response.draft import Response, ResponseError, last_day
from peelreview.workspace import Workspace

SEED_2018 = ("seeds", "001_5a90f104199f3858.txt")
PDF_2021 = ("rendered", "002_peel_2021-22_west_midlands_report.pdf")


@pytest.fixture
def ws2018(tmp_path):
    path = corpus_path(*SEED_2018)
    ws = Workspace(tmp_path / "ws")
    summary = ws.import_paths([path])
    ws.report_id = summary.imported[0].report_id
    yield ws
    ws.close()


def test_last_day_counts_publication_day_as_day_one():
    assert last_day(dt.date(2019, 5, 2)) == dt.date(2019, 6, 26)


def test_draft_from_2018_report(ws2018):
    r = ws2018.responses.get(ws2018.report_id)
    kinds = [i.kind for i in r.items]
    assert sorted(kinds) == sorted(["cause_of_concern", "recommendation",
                                    "area_for_improvement", "area_for_improvement",
                                    "area_for_improvement"])
    # grouped by area in the report's order; within an area cause, recommendation, AFIs
    order = [a for a, _ in r.grades]
    positions = [order.index(i.area) for i in r.items]
    assert positions == sorted(positions)
    ethical = [i for i in r.items if i.area.startswith("How well does the force ensure")]
    assert [i.kind for i in ethical] == ["cause_of_concern", "recommendation",
                                         "area_for_improvement", "area_for_improvement"]
    assert all(i.grade == "Requires improvement" for i in ethical)
    assert all(i.text and i.start is not None and i.reference for i in r.items)
    assert "p." not in r.items[0].reference  # a text file has no pages
    # dates
    assert r.published == dt.date(2019, 5, 2)
    assert r.deadline == dt.date(2019, 6, 26)
    assert r.chief_constable_due == dt.date(2019, 5, 30)
    assert r.days_left(dt.date(2019, 6, 26)) == 0
    assert not r.overdue(dt.date(2019, 6, 26))
    assert r.overdue(dt.date(2019, 6, 27))
    # the draft is made once
    again = ws2018.responses.get(ws2018.report_id)
    assert [i.id for i in again.items] == [i.id for i in r.items]


def test_no_innovative_practice_and_unknown_date_pdf(tmp_path):
    path = corpus_path(*PDF_2021)
    with Workspace(tmp_path / "ws") as ws:
        rid = ws.import_paths([path]).imported[0].report_id
        r = ws.responses.get(rid)
        assert r.items and all(i.kind == "area_for_improvement" for i in r.items)
        assert all(", p. " in i.reference for i in r.items)
        assert r.published is None and r.deadline is None and r.days_left() is None
        assert any("publication date" in g for g in r.gaps())
        ws.responses.update_response(rid, published="2022-09-01")
        assert ws.responses.get(rid).deadline == dt.date(2022, 10, 26)


def test_updates_persist_and_gaps_shrink(ws2018, tmp_path):
    svc = ws2018.responses
    r = svc.get(ws2018.report_id)
    gaps0 = r.gaps()
    rec = r.recommendations[0]
    cause = next(i for i in r.items if i.kind == "cause_of_concern")
    old, new = svc.update_item(rec.id, pcc_comments="The PCC will review vetting monthly.",
                               owner="Head of Vetting", status="in progress",
                               target_date="2019-09-30")
    assert old == {"pcc_comments": "", "owner": "", "status": "not started",
                   "target_date": None}
    assert new["target_date"] == "2019-09-30"
    gaps1 = svc.get(ws2018.report_id).gaps()
    assert len(gaps1) == len(gaps0) - 1
    svc.update_item(rec.id, cc_comments="A vetting recovery plan is in place.")
    svc.update_item(cause.id, cc_comments="Backlog reduced by a third.")
    # every item needs both comments, and the names and overall comments are needed too
    left = svc.get(ws2018.report_id)
    assert not left.to_json()["ready"]
    assert {g.field for g in left.gap_list()} == {"cc_comments", "pcc_comments", "opcc_name",
                                                  "pcc_name", "overall"}
    for item in r.items:
        svc.update_item(item.id, cc_comments=f"CC on {item.id}.", pcc_comments=f"PCC {item.id}.")
    svc.update_response(ws2018.report_id, opcc_name="Westshire OPCC", pcc_name="Sam Rowe",
                        overall="Overall comments.")
    assert svc.get(ws2018.report_id).gaps() == []
    assert svc.get(ws2018.report_id).to_json()["ready"] is True
    # no action needs a reason
    afi = next(i for i in r.items if i.kind == "area_for_improvement")
    svc.update_item(afi.id, status="no action")
    assert any("no action" in g for g in svc.get(ws2018.report_id).gaps())
    svc.update_item(afi.id, no_action_reason="Already covered by the 2019 strategy.")
    assert svc.get(ws2018.report_id).gaps() == []
    svc.update_response(ws2018.report_id, overall="Overall comments.", cc_due_days=21)
    folder = ws2018.folder
    ws2018.close()
    with Workspace(folder) as again:
        r2 = again.responses.get(ws2018.report_id)
        item = r2.item(rec.id)
        assert item.owner == "Head of Vetting" and item.status == "in progress"
        assert item.target_date == "2019-09-30"
        assert r2.overall == "Overall comments."
        assert r2.chief_constable_due == dt.date(2019, 5, 23)
        assert r2.gaps() == []


def test_bad_values_are_refused(ws2018):
    svc = ws2018.responses
    item = svc.get(ws2018.report_id).items[0]
    with pytest.raises(ResponseError):
        svc.update_item(item.id, status="done")
    with pytest.raises(ResponseError):
        svc.update_item(item.id, target_date="next week")
    with pytest.raises(ResponseError):
        svc.update_item(item.id, colour="red")
    with pytest.raises(ResponseError):
        svc.update_response(ws2018.report_id, published="2 May 2019")
    with pytest.raises(ResponseError):
        svc.get(9999)
    assert svc.get(ws2018.report_id).items[0].status == "not started"


def test_bullets_add_move_update_delete(ws2018):
    svc, rid = ws2018.responses, ws2018.report_id
    area = svc.get(rid).grades[0][0]
    a = svc.add_bullet(rid, area, "states", "alpha")
    b = svc.add_bullet(rid, area, "states", "beta", source_type="finding", source_id=1,
                       start=10, end=20)
    c = svc.add_bullet(rid, area, "highlighted", "gamma")
    with pytest.raises(ResponseError):
        svc.add_bullet(rid, area, "praised", "x")

    def texts(part):
        sec = next(s for s in svc.get(rid).areas() if s.name == area)
        return [x.text for x in getattr(sec, part)]

    assert texts("states") == ["alpha", "beta"] and texts("highlighted") == ["gamma"]
    assert svc.move_bullet(b, 0) == (1, 0)
    assert texts("states") == ["beta", "alpha"]
    assert svc.update_bullet(a, text="ALPHA") == ({"text": "alpha"}, {"text": "ALPHA"})
    gone = svc.delete_bullet(b)
    assert texts("states") == ["ALPHA"]
    svc.add_bullet(rid, gone.area, gone.part, gone.text, index=gone.ord)  # undo
    assert texts("states") == ["beta", "ALPHA"]
    svc.delete_bullet(c)
    assert texts("highlighted") == []


def _parser():
    p = argparse.ArgumentParser(prog="peelreview")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", default=argparse.SUPPRESS)
    sub = p.add_subparsers(dest="command")
    cli_responses.add_parsers(sub, common)
    return p


def test_cli_show_json_and_export(ws2018, tmp_path, capsys):
    folder = str(ws2018.folder)
    rid = ws2018.report_id
    ws2018.close()
    args = _parser().parse_args(["response", "show", str(rid), "--json",
                                 "--workspace", folder])
    assert args.func(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["published"] == "2019-05-02"
    assert data["deadline"] == "2019-06-26"
    assert data["chief_constable_due"] == "2019-05-30"
    assert len(data["items"]) == 5 and data["gaps"]
    args = _parser().parse_args(["response", "show", str(rid), "--workspace", folder])
    assert args.func(args) == 0
    assert "2019-06-26" in capsys.readouterr().out
    out = tmp_path / "r.docx"
    csv_path = tmp_path / "r.csv"
    args = _parser().parse_args(["export-response", str(rid), "-o", str(out), "--csv",
                                 str(csv_path), "--workspace", folder])
    assert args.func(args) == 0
    assert out.stat().st_size > 0
    rows = csv_path.read_text(encoding="utf-8-sig").splitlines()
    assert rows[0].startswith("report,area,grade,kind") and len(rows) >= 6
    args = _parser().parse_args(["response", "show", "999", "--workspace", folder])
    assert args.func(args) == 2


def test_response_json_shape_without_workspace():
    r = Response(id=1, report_id=1, report_title="t", force=None, published=None)
    assert r.to_json()["deadline"] is None and r.gaps()


AFI_ONLY = """PEEL 2023\u201325: An inspection of Westshire Police

Published 4 March 2024

Responding to the public

Adequate

Areas for improvement

  \u2022 The force should answer non-emergency calls more quickly.
  \u2022 The force should tell callers how long they will wait.

Investigating crime

Good

Area for improvement

The force should supervise investigations of shoplifting more closely.
"""


def test_a_report_with_only_areas_for_improvement_is_not_ready_until_all_are_answered(
        tmp_path):
    """Each area for improvement needs the chief constable's and the PCC's comments; the
    Word export stays DRAFT, listing the gaps, until they and the names are there."""
    from docx import Document

    from peelreview.response.docx_export import export_response

    path = tmp_path / "afi.txt"
    path.write_text(AFI_ONLY, encoding="utf-8")
    with Workspace(tmp_path / "ws") as ws:
        rid = ws.import_paths([path]).imported[0].report_id
        svc = ws.responses
        r = svc.get(rid)
        assert [i.kind for i in r.items] == ["area_for_improvement"] * 3
        data = r.to_json()
        assert data["ready"] is False and len(data["gaps"]) == 3 * 2 + 3

        def text_of(response) -> str:
            """The body and the page header, where DRAFT stands beside the OPCC's name."""
            d = Document(str(export_response(response, path=tmp_path / "r.docx")))
            header = [p.text for s in d.sections for p in s.header.paragraphs]
            return "\n".join(header + [p.text for p in d.paragraphs])

        assert "DRAFT" in text_of(r)
        for item in r.items[:2]:
            svc.update_item(item.id, cc_comments="Accepted.", pcc_comments="Welcomed.")
        svc.update_response(rid, opcc_name="Westshire OPCC", pcc_name="Sam Rowe",
                            overall="Overall, good progress.")
        r = svc.get(rid)
        assert not r.to_json()["ready"] and len(r.gaps()) == 2
        assert "DRAFT" in text_of(r)
        svc.update_item(r.items[2].id, cc_comments="Accepted.", pcc_comments="Welcomed.")
        r = svc.get(rid)
        assert r.to_json()["ready"] and "DRAFT" not in text_of(r)


def test_cli_response_set_and_item_contract(tmp_path):
    """Scripted drafting: response set / response item, exit 2 and one line on bad input,
    nothing changed."""
    from conftest import run_cli

    path = tmp_path / "afi.txt"
    path.write_text(AFI_ONLY, encoding="utf-8")
    folder = str(tmp_path / "ws")
    w = ["--workspace", folder]
    assert run_cli("import", str(path), *w).returncode == 0

    def show() -> dict:
        return json.loads(run_cli("response", "show", "1", "--json", *w).stdout)

    items = [i["id"] for i in show()["items"]]
    ok = run_cli("response", "set", "1", "--opcc-name", "Westshire OPCC", "--pcc-name",
                 "Sam Rowe", "--introduction", "Intro.", "--overall", "Overall.",
                 "--closing", "Close.", "--published", "2024-03-05", *w)
    assert ok.returncode == 0, ok.stderr
    for i in items:
        done = run_cli("response", "item", "1", str(i), "--cc", "Accepted.", "--pcc",
                       "Welcomed.", "--owner", "ACC Crime", "--status", "in progress",
                       "--target", "2024-09-30", *w)
        assert done.returncode == 0, done.stderr
    data = show()
    assert (data["opcc_name"], data["pcc_name"], data["overall"], data["published"]) == (
        "Westshire OPCC", "Sam Rowe", "Overall.", "2024-03-05")
    assert data["ready"] is True and data["gaps"] == []
    assert {(i["owner"], i["status"], i["target_date"]) for i in data["items"]} == {
        ("ACC Crime", "in progress", "2024-09-30")}
    before = show()
    for args in (["response", "set", "9", "--overall", "x"],
                 ["response", "set", "1", "--published", "5 March"],
                 ["response", "item", "1", "999", "--cc", "x"],
                 ["response", "item", "9", str(items[0]), "--cc", "x"],
                 ["response", "item", "1", str(items[0]), "--status", "done"],
                 ["response", "item", "1", str(items[0]), "--target", "2024-02-30"]):
        bad = run_cli(*args, *w)
        assert bad.returncode == 2, (args, bad.stderr)
        lines = bad.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("peelreview: "), (args, lines)
    after = show()
    before.pop("days_left", None), after.pop("days_left", None)
    assert after == before
