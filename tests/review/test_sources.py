"""One report, two sources: the PDF and the web page of one inspection are one report in
listings, grade movement and search; merged and split by hand without loss."""
from __future__ import annotations

import json

import pytest
from conftest import run_cli

from peelreview.reading.compare import grade_history
from peelreview.reading.pages import page_for_offset
from peelreview.review.sources import SourceError, merge, similarity, split
from peelreview.workspace import Workspace


@pytest.fixture
def pair(variety_corpus):
    folder, answers, _, _ = variety_corpus
    pdf = next(a for a in answers if a.get("same_as") and a["format"] == "pdf")
    html = next(a for a in answers if a["file"] == pdf["same_as"])
    return folder / pdf["file"], folder / html["file"], pdf


def test_pdf_and_web_page_import_as_one_report(tmp_path, pair):
    pdf, html, answer = pair
    with Workspace(tmp_path / "ws") as ws:
        first = ws.import_paths([html])
        second = ws.import_paths([pdf])
        assert [e.status for e in second.sources] == ["source"]
        rid = first.imported[0].report_id
        [listed] = ws.list_reports()
        assert listed["id"] == rid and listed["sources"] == ["html", "pdf"]
        history = grade_history(ws.list_reports(), answer["force"])
        assert len(history.reports) == 1  # one column in grade movement
        assert {h.report_id for h in ws.search("force").hits} == {rid}
        # the web page's text, the PDF's pages
        stored = ws.get_report(rid)
        assert stored.format == "html"
        f = stored.report.findings[-1]
        assert page_for_offset(stored.report, f.start) is not None
        assert [s["format"] for s in ws.sources(rid)] == ["html", "pdf"]
        [other] = split(ws, rid)
        assert len(ws.list_reports()) == 2 and other != rid
        assert page_for_offset(ws.get_report(rid).report, f.start) is None
        merge(ws, rid, other)
        assert len(ws.list_reports()) == 1
        with pytest.raises(SourceError, match="already a source"):
            merge(ws, other, rid)


def test_other_reports_stay_apart(tmp_path, variety_corpus):
    folder, answers, _, _ = variety_corpus
    files = [folder / a["file"] for a in answers if a["format"] == "html"
             and a["kind"] == "peel-inspection" and not a.get("same_as")][:3]
    with Workspace(tmp_path / "ws") as ws:
        summary = ws.import_paths(files)
        assert len(summary.imported) == len(files) and not summary.sources


def test_similarity_of_texts():
    words = " ".join(f"word{i}" for i in range(200))
    assert similarity(words, words) == 1.0
    assert similarity(words, words.replace("word5 ", "")) > 0.9
    assert similarity(words, " ".join(f"other{i}" for i in range(200))) == 0.0


def test_cli_merge_split_contract(tmp_path, pair):
    pdf, html, _ = pair
    folder = str(tmp_path / "ws")
    w = ["--workspace", folder]
    out = run_cli("import", str(html), str(pdf), "--json", *w)
    data = json.loads(out.stdout)
    rid = data["imported"][0]["id"]
    assert [s["id"] for s in data["sources"]] == [rid]
    shown = json.loads(run_cli("show", str(rid), "--json", *w).stdout)
    assert [s["format"] for s in shown["sources"]] == ["html", "pdf"]
    parts = json.loads(run_cli("report", "split", str(rid), "--json", *w).stdout)["reports"]
    assert len(json.loads(run_cli("list", "--json", *w).stdout)) == 2
    merged = run_cli("report", "merge", str(rid), str(parts[0]), "--json", *w)
    assert merged.returncode == 0 and len(json.loads(run_cli("list", "--json", *w).stdout)) == 1
    for args in (["report", "merge", str(rid), str(rid)], ["report", "merge", "99", "1"],
                 ["report", "split", "99"], ["report", "split", str(parts[0])]):
        bad = run_cli(*args, *w)
        if args[1] == "split" and args[2] == str(parts[0]):
            assert bad.returncode == 0  # a source can be split off by its own id
            continue
        assert bad.returncode == 2, args
        assert len(bad.stderr.decode().strip().splitlines()) == 1


def test_prefer_the_other_sources_text_keeps_the_officers_work(tmp_path, pair):
    pdf, html, _ = pair
    with Workspace(tmp_path / "ws") as ws:
        rid = ws.import_paths([html]).imported[0].report_id
        ws.import_paths([pdf])
        [src] = [s["id"] for s in ws.sources(rid) if s["id"] != rid]
        f = ws.get_report(rid).report.findings[0]
        words = f.text[:40]
        a = ws.annotations.create(rid, f.start, f.start + len(words), note="keep me")
        area = ws.get_report(rid).report.judgments[0].area
        ws.curation.set_grade(rid, area, "Inadequate")
        ws.prefer_source(rid, src)
        stored = ws.get_report(rid)
        assert stored.format == "pdf" and [s["format"] for s in ws.sources(rid)] == [
            "pdf", "html"]
        again = ws.annotations.get(a.id)
        assert stored.report.text[again.start:again.end] == words  # re-anchored on the PDF
        assert {j.area: j.grade for j in stored.report.judgments}[area] == "Inadequate"
        assert len(ws.list_reports()) == 1
        assert {h.report_id for h in ws.search("force").hits} == {rid}
