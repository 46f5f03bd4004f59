"""Link suggestions ("more like this") on the real corpus, and the link CLI commands.

The Bar of issue #6: for the 2021/22 West Midlands report, the passage on vetting progress
is suggested the 2018/19 cause of concern about the vetting backlog. The passage and the
findings are found by their words at run time (no report text is copied here). A second
force (the fictional Mercia Vale demo report, which also has a vetting finding) must never
be suggested.
"""
from __future__ import annotations

import json
import shutil

import pytest

from peelreview.demo import DEMO_FOLDER
from peelreview.review.suggestions import INNOVATIVE, area_at, describe_item
from peelreview.workspace import Workspace
from tests.conftest import corpus_path, run_cli

WM = "West Midlands Police"


@pytest.fixture(scope="module")
def corpus_template(tmp_path_factory):
    seeds = corpus_path("seeds")
    files = [next(seeds.glob(f"{n}_*.txt")) for n in ("001", "002", "004")]
    folder = tmp_path_factory.mktemp("links-corpus")
    with Workspace(folder) as ws:
        summary = ws.import_paths([*files, DEMO_FOLDER / "merciavale_peel_2021-22.txt"])
        assert len(summary.imported) == 4, [e.reason for e in summary.failed]
    return folder


@pytest.fixture()
def ws(tmp_path, corpus_template):
    folder = tmp_path / "ws"
    shutil.copytree(corpus_template, folder)
    with Workspace(folder) as w:
        yield w


def report_of(ws, force, kind, year=None):
    return next(r for r in ws.list_reports() if r["force"] == force and r["kind"] == kind
                and (year is None or r["year"] == year))


def findings(ws, report_id, kind=None, word=None):
    rows = ws.store.db.execute("SELECT id, kind, text FROM findings WHERE report_id=?"
                               " ORDER BY ord", (report_id,)).fetchall()
    return [r["id"] for r in rows if (kind is None or r["kind"] == kind)
            and (word is None or word in r["text"].lower())]


def ids(ws):
    old = report_of(ws, WM, "peel-inspection", 2019)["id"]
    new = report_of(ws, WM, "peel-inspection", 2021)["id"]
    pcc = report_of(ws, WM, "pcc-response")["id"]
    return old, new, pcc


def vetting_progress(ws, report_id):
    """The 2021/22 paragraph that measures vetting progress against the 2018/19 finding:
    a block naming both "vetting" and the 2018/19 inspection."""
    stored = ws.get_report(report_id)
    text = stored.report.text
    for b in stored.report.blocks:
        body = text[b.start:b.end]
        if "vetting" in body.lower() and "2018/19" in body and b.kind == "paragraph":
            return b.start, b.end
    pytest.fail("the 2021/22 report has no paragraph on vetting progress since 2018/19")


def progress_annotation(ws):
    _old, new, _pcc = ids(ws)
    start, end = vetting_progress(ws, new)
    return ws.annotations.create(new, start, end, note="progress since the last inspection")


# ---------------------------------------------------------------------------- the Bar
def test_vetting_progress_passage_is_suggested_the_2018_cause_of_concern(ws):
    old, new, _pcc = ids(ws)
    concern = findings(ws, old, "cause_of_concern", "vetting")
    assert concern, "the 2018/19 report should hold a cause of concern about vetting"
    a = progress_annotation(ws)
    found = ws.suggestions.for_item("annotation", a.id)
    hits = [s for s in found if s.finding_id in concern]
    assert hits, [(s.kind, s.report_title, s.text[:60]) for s in found]
    assert hits[0].kind == "cause_of_concern" and "vetting" in hits[0].why
    # the same passage as selected text (no annotation) finds it too
    start, end = vetting_progress(ws, new)
    text = ws.get_report(new).report.text[start:end]
    assert set(concern) & {s.finding_id for s in ws.suggestions.for_text(new, text, start)}


def test_only_the_same_force_and_other_reports_are_suggested(ws):
    old, new, _pcc = ids(ws)
    mercia = report_of(ws, "Mercia Vale Police", "peel-inspection")["id"]
    mercia_vetting = findings(ws, mercia, word="vetting")
    assert mercia_vetting, "the demo's other force should have a vetting finding"
    a = progress_annotation(ws)
    sources = [("annotation", a.id)] + [("finding", f) for r in (old, new)
                                         for f in findings(ws, r)]
    for kind, item_id in sources:
        src = describe_item(ws, kind, item_id)
        for s in ws.suggestions.for_item(kind, item_id, limit=20):
            assert s.report_id != src.report_id
            assert s.finding_id not in mercia_vetting
            assert ws.get_report(s.report_id).report.force == WM
            if src.finding_kind != INNOVATIVE:
                assert s.kind != INNOVATIVE
    # the other force's vetting finding is never offered West Midlands' (its only report)
    assert ws.suggestions.for_item("finding", mercia_vetting[0]) == []


def test_renamed_area_counts_as_the_same_area(ws):
    old, _new, pcc = ids(ws)
    concern = findings(ws, old, "cause_of_concern", "vetting")[0]
    restated = findings(ws, pcc, "cause_of_concern", "vetting")
    found = ws.suggestions.for_item("finding", concern)
    assert found[0].finding_id in restated
    # "How well does the force ensure … ethically and lawfully?" is the PCC's "Ethical and
    # lawful workforce behaviour": different words, the same area
    assert found[0].same_area and found[0].area != describe_item(ws, "finding", concern).area


def test_rejected_is_not_proposed_again_either_way(ws):
    old, _new, pcc = ids(ws)
    concern = findings(ws, old, "cause_of_concern", "vetting")[0]
    restated = findings(ws, pcc, "cause_of_concern", "vetting")[0]
    assert restated in {s.finding_id for s in ws.suggestions.for_item("finding", concern)}
    ws.suggestions.reject(("finding", concern), restated)
    assert restated not in {s.finding_id for s in ws.suggestions.for_item("finding", concern)}
    assert concern not in {s.finding_id for s in ws.suggestions.for_item("finding", restated)}
    ws.suggestions.unreject(("finding", concern), restated)
    assert restated in {s.finding_id for s in ws.suggestions.for_item("finding", concern)}
    # rejected for an annotated passage (stored in its own table)
    a = progress_annotation(ws)
    ws.suggestions.reject(("annotation", a.id), concern)
    assert concern not in {s.finding_id for s in ws.suggestions.for_item("annotation", a.id)}
    assert ws.suggestions.rejected(("annotation", a.id)) == {concern}
    with pytest.raises(ValueError):
        ws.suggestions.reject(("finding", concern), concern)
    with pytest.raises(ValueError):
        ws.suggestions.reject(("finding", concern), 999_999)


def test_accepted_becomes_a_link_newer_to_older_and_is_not_proposed_again(ws):
    old, _new, _pcc = ids(ws)
    concern = findings(ws, old, "cause_of_concern", "vetting")[0]
    a = progress_annotation(ws)
    link = ws.suggestions.accept(("annotation", a.id), concern, "follows up")
    assert link.source == ("annotation", a.id) and link.target == ("finding", concern)
    assert concern not in {s.finding_id for s in ws.suggestions.for_item("annotation", a.id)}
    assert [lk.id for lk in ws.links.for_item("finding", concern)] == [link.id]
    steps = ws.links.trace(concern)
    assert [(s.kind, s.id) for s in steps] == [("finding", concern), ("annotation", a.id)]


def test_accept_from_the_older_end_points_the_link_from_the_newer(ws):
    old, _new, pcc = ids(ws)
    concern = findings(ws, old, "cause_of_concern", "vetting")[0]
    restated = findings(ws, pcc, "cause_of_concern", "vetting")[0]
    link = ws.suggestions.accept(("finding", concern), restated, "responds to")
    assert link.source == ("finding", restated) and link.target == ("finding", concern)
    with pytest.raises(ValueError):
        ws.suggestions.accept(("finding", concern), restated, "responds to")


def test_area_at_names_the_area_a_place_sits_under(ws):
    _old, new, _pcc = ids(ws)
    start, _end = vetting_progress(ws, new)
    with ws.store._lock:
        area = area_at(ws.store.db, new, start)
        assert area_at(ws.store.db, new, None) is None
    assert area == "Building, supporting and protecting the workforce"


# ---------------------------------------------------------------------------- CLI
def cli(*args, folder):
    return run_cli(*args, "--workspace", str(folder))


def test_cli_suggest_link_trace(ws):
    old, _new, pcc = ids(ws)
    concern = findings(ws, old, "cause_of_concern", "vetting")[0]
    restated = findings(ws, pcc, "cause_of_concern", "vetting")[0]
    folder = ws.folder
    ws.close()

    r = cli("suggest", str(concern), "--json", "--limit", "3", folder=folder)
    assert r.returncode == 0, r.stderr
    found = json.loads(r.stdout)
    assert 0 < len(found) <= 3 and found[0]["finding_id"] == restated
    assert {"finding_id", "report_title", "kind", "area", "score", "why"} <= set(found[0])

    r = cli("link", f"finding:{restated}", f"finding:{concern}", "--type", "responds to",
            "--comment", "restated in the PCC's response", folder=folder)
    assert r.returncode == 0, r.stderr
    link_id = int(r.stdout)
    assert link_id > 0
    r = cli("link", f"finding:{restated}", f"finding:{concern}", "--type", "responds to",
            folder=folder)
    assert r.returncode == 2 and b"already linked" in r.stderr and b"Traceback" not in r.stderr

    r = cli("suggest", f"finding:{concern}", "--json", folder=folder)
    assert restated not in [s["finding_id"] for s in json.loads(r.stdout)]

    r = cli("trace", str(restated), "--json", folder=folder)
    steps = json.loads(r.stdout)
    assert [s["id"] for s in steps] == [concern, restated]
    assert steps[0]["date"] <= steps[1]["date"]
    r = cli("trace", str(concern), folder=folder)
    assert r.returncode == 0 and "responds to" in r.stdout.decode()

    r = cli("suggest", str(concern), folder=folder)
    assert r.returncode == 0 and b"shares:" in r.stdout


@pytest.mark.parametrize("args, message", [
    (("suggest", "999999"), b"there is no finding 999999"),
    (("suggest", "report:1"), b"not an item"),
    (("suggest", "1", "--limit", "0"), b"--limit"),
    (("link", "finding:1", "finding:1", "--type", "same issue"), b"itself"),
    (("link", "finding:1", "finding:2", "--type", "relates"), b"not one of"),
    (("trace", "annotation:1"), b"starts from a finding"),
    (("trace", "999999"), b"there is no finding"),
])
def test_cli_errors_are_one_line(tmp_path, args, message):
    folder = tmp_path / "ws"
    with Workspace(folder) as w:
        w.import_paths([DEMO_FOLDER / "merciavale_peel_2021-22.txt"])
    r = run_cli(*args, "--workspace", str(folder))
    assert r.returncode == 2, r.stdout
    assert message in r.stderr and b"Traceback" not in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
