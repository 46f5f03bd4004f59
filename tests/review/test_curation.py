"""Likely findings and grades wait for the officer: confirm or reject, kept apart from the
extraction, surviving reindex, re-extraction and a new version of the file."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import DATA, as_if_read_by_an_older_extractor, run_cli

from peelreview.workspace import Workspace

FIXTURE = DATA / "fenland_vetting_2024.txt"
OVERALL = "Counter-corruption and vetting"
CONCERN = "The size of the unreviewed register is a cause of concern."


@pytest.fixture
def ws(tmp_path):
    src = tmp_path / "files" / FIXTURE.name
    src.parent.mkdir()
    shutil.copy(FIXTURE, src)
    w = Workspace(tmp_path / "ws")
    w.import_paths([src])
    w.src = src
    yield w
    w.close()


def _finding_id(w, text: str) -> int:
    stored = w.get_report(1)
    return next(fid for fid, f in zip(stored.finding_ids, stored.report.findings, strict=True)
                if f.text == text)


def _statuses(w) -> dict:
    r = w.get_report(1).report
    return {**{("J", j.area): (j.confidence, j.status) for j in r.judgments},
            **{("F", f.text[:40]): (f.confidence, f.status) for f in r.findings}}


def test_fixture_reads_certain_and_likely_items(ws):
    r = ws.get_report(1).report
    assert r.kind == "inspection" and r.force == "Fenland Constabulary"
    assert [(j.area, j.grade, j.confidence, j.basis) for j in r.judgments] == [
        (OVERALL, "Adequate", "likely", "summary-sentence"),
        ("Vetting decisions", "Requires improvement", "certain", "badge")]
    assert [(f.kind, f.confidence, f.basis) for f in r.findings] == [
        ("cause_of_concern", "likely", "prose-concern"),
        ("area_for_improvement", "likely", "lead-in-list"),
        ("area_for_improvement", "likely", "lead-in-list"),
        ("recommendation", "certain", "heading")]
    rec = r.findings[-1]
    assert (rec.due, rec.addressee) == ("2024-09-30", "the force")


def test_likely_items_wait_outside_the_draft_and_facets(ws):
    listing = ws.list_reports()[0]
    assert listing["grades"] == {"Vetting decisions": "Requires improvement"}
    assert listing["findings"] == {"recommendation": 1} and listing["to_confirm"] == 4
    response = ws.responses.get(1)
    assert [i.kind for i in response.items] == ["recommendation"]
    assert [t["kind"] for t in response.to_confirm] == [
        "judgment", "cause_of_concern", "area_for_improvement", "area_for_improvement"]
    assert any("not yet confirmed" in g for g in response.gaps())
    assert ws.search("kind:cause_of_concern").total == 0
    assert ws.search('"unreviewed register"').total >= 1  # its words are still found


def test_confirm_and_reject_with_undo(ws):
    fid = _finding_id(ws, CONCERN)
    change = ws.curation.decide_finding(fid, "confirm")
    assert _statuses(ws)[("F", CONCERN[:40])] == ("likely", "confirmed")
    assert ws.search("kind:cause_of_concern").total == 1
    response = ws.responses.get(1)
    assert "cause_of_concern" in [i.kind for i in response.items]
    ws.curation.decide_judgment(1, OVERALL, "confirm")
    assert ws.list_reports()[0]["grades"][OVERALL] == "Adequate"
    rejected = ws.curation.decide_judgment(1, "vetting decisions", "reject")
    assert "Vetting decisions" not in ws.list_reports()[0]["grades"]
    assert _statuses(ws)[("J", "Vetting decisions")] == ("certain", "rejected")
    redo = ws.curation.undo(rejected)
    assert ws.list_reports()[0]["grades"]["Vetting decisions"] == "Requires improvement"
    ws.curation.undo(redo)
    assert "Vetting decisions" not in ws.list_reports()[0]["grades"]
    ws.curation.undo(change)  # the concern waits again
    assert _statuses(ws)[("F", CONCERN[:40])] == ("likely", "extracted")
    assert ws.search("kind:cause_of_concern").total == 0


def test_decisions_survive_reindex_reextraction_and_a_new_version(ws, tmp_path):
    fid = _finding_id(ws, CONCERN)
    ws.curation.decide_finding(fid, "confirm")
    ws.curation.decide_judgment(1, OVERALL, "reject")
    expected = _statuses(ws)
    ws.reindex()
    assert _statuses(ws) == expected and ws.search("kind:cause_of_concern").total == 1
    folder = ws.folder
    ws.close()
    as_if_read_by_an_older_extractor(folder)
    with Workspace(folder) as w2:
        assert any("read again" in n for n in w2.notices)
        assert _statuses(w2) == expected
        edited = tmp_path / "edited.txt"
        edited.write_text(FIXTURE.read_text(encoding="utf-8").replace(
            "Summary\n", "Summary\n\nThis version adds a paragraph before the findings.\n"),
            encoding="utf-8")
        from peelreview.review.replace import replace_report

        replace_report(w2, 1, edited)
        assert _statuses(w2) == expected
        assert w2.search("kind:cause_of_concern").total == 1
        # a version without the concern: the decision is an orphan, never moved elsewhere
        gone = tmp_path / "gone.txt"
        gone.write_text(FIXTURE.read_text(encoding="utf-8").replace(CONCERN, ""),
                        encoding="utf-8")
        replace_report(w2, 1, gone)
        stored = w2.get_report(1)
        assert [c.quote for c in stored.orphans] == [CONCERN]
        assert all(f.status == "extracted" for f in stored.report.findings)


def test_cli_confirm_reject_and_errors(ws):
    folder = str(ws.folder)
    fid = _finding_id(ws, CONCERN)
    ws.close()
    out = run_cli("finding", "confirm", str(fid), "--json", "--workspace", folder)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout) == {"finding_id": fid, "status": "confirmed"}
    out = run_cli("grade", "reject", "1", "--area", OVERALL, "--workspace", folder)
    assert out.returncode == 0, out.stderr
    shown = json.loads(run_cli("response", "show", "1", "--json", "--workspace", folder).stdout)
    assert [t["kind"] for t in shown["to_confirm"]] == ["area_for_improvement"] * 2
    for args in (["finding", "confirm", "999"], ["grade", "confirm", "1", "--area", "Nope"],
                 ["grade", "confirm", "7", "--area", OVERALL]):
        bad = run_cli(*args, "--workspace", folder)
        assert bad.returncode == 2
        lines = bad.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("peelreview: "), lines
    again = json.loads(run_cli("response", "show", "1", "--json", "--workspace", folder).stdout)
    assert again["to_confirm"] == shown["to_confirm"]


def test_word_export_carries_only_confirmed_items(ws, tmp_path):
    """The draft's Word file holds certain and confirmed findings and grades, never a likely
    one the officer has not confirmed (read back from the written .docx)."""
    from docx import Document

    from peelreview.response.docx_export import export_response

    def words(path) -> str:
        doc = Document(str(path))
        cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
        return "\n".join([p.text for p in doc.paragraphs] + cells)

    def stated(text: str, what: str) -> list[str]:
        """Lines that carry `what` as content (the DRAFT's gap list only names it)."""
        return [ln for ln in text.splitlines() if what in ln and "read as likely" not in ln]

    before = words(export_response(ws.responses.get(1), path=tmp_path / "before.docx"))
    assert stated(before, "clear its backlog of vetting appeals")  # a certain recommendation
    assert stated(before, CONCERN) == [] and stated(before, OVERALL) == []
    assert "read as likely" in before  # ... and the gap list says what waits
    ws.curation.decide_finding(_finding_id(ws, CONCERN), "confirm")
    ws.curation.decide_judgment(1, OVERALL, "confirm")
    after = words(export_response(ws.responses.get(1), path=tmp_path / "after.docx"))
    assert stated(after, CONCERN) and stated(after, OVERALL)


def test_annotations_follow_a_reextraction(ws):
    """A newer extractor re-reads the report: an annotation stays on its passage."""
    report = ws.get_report(1).report
    start = report.text.index("appeals take months")
    a = ws.annotations.create(1, start, start + len("appeals take months"), note="ask")
    folder = ws.folder
    ws.close()
    as_if_read_by_an_older_extractor(folder)
    with Workspace(folder) as w2:
        again = w2.annotations.get(a.id)
        text = w2.get_report(1).report.text
        assert not again.orphaned and text[again.start:again.end] == "appeals take months"
        assert w2.search("ask").total >= 1


# ---------------------------------------------------------------------------- corrections
PASSAGE = "appeals take months"


def _show(folder) -> dict:
    out = run_cli("show", "1", "--json", "--workspace", str(folder))
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_corrections_through_the_facade_and_undo(ws):
    cur = ws.curation
    ws.responses.get(1)  # a draft made before the corrections follows them
    added = cur.add_finding_by_quote(1, "recommendation", PASSAGE)
    fid = added.finding_id
    stored = ws.get_report(1)
    f = stored.report.findings[stored.finding_ids.index(fid)]
    assert (f.kind, f.status, f.area, f.text) == ("recommendation", "added",
                                                 "Vetting decisions", PASSAGE)
    changed = cur.change_finding(fid, kind="cause_of_concern", area="Appeals")
    cur.set_grade(1, "Vetting decisions", "Good")
    cur.set_grade(1, "Business interests", "Inadequate")
    cur.set_detail(1, "force", "Wessex Constabulary")
    cur.set_detail(1, "published", "2024-04-01")
    listing = ws.list_reports()[0]
    assert listing["force"] == "Wessex Constabulary" and listing["published"] == "2024-04-01"
    assert listing["grades"]["Vetting decisions"] == "Good"
    assert listing["grades"]["Business interests"] == "Inadequate"
    assert ws.search('force:"wessex constabulary"').total > 0
    assert ws.search("kind:cause_of_concern").total == 1  # the officer's, now a concern
    items = ws.responses.get(1).items
    assert [(i.kind, i.area) for i in items if i.text == PASSAGE] == [
        ("cause_of_concern", "Appeals")]
    cur.undo(changed)
    stored = ws.get_report(1)
    assert stored.report.findings[stored.finding_ids.index(fid)].kind == "recommendation"
    cur.undo(added)
    assert fid not in ws.get_report(1).finding_ids
    with pytest.raises(ValueError, match="not one of"):
        cur.set_grade(1, "X", "Great")
    with pytest.raises(ValueError, match="does not contain"):
        cur.add_finding_by_quote(1, "recommendation", "no such words here")
    with pytest.raises(ValueError, match="occurs 2 times"):
        cur.add_finding_by_quote(1, "recommendation", "The force should")
    with pytest.raises(ValueError, match="not a date"):
        cur.set_detail(1, "published", "yesterday")


def test_corrections_survive_reindex_reextraction_and_a_new_version(ws, tmp_path):
    cur = ws.curation
    fid = cur.add_finding_by_quote(1, "recommendation", PASSAGE).finding_id
    cur.change_finding(_finding_id(ws, CONCERN), kind="area_for_improvement")
    cur.set_grade(1, "Vetting decisions", "Good")
    cur.set_grade(1, "Business interests", "Inadequate")
    cur.set_detail(1, "title", "Fenland vetting inspection (corrected)")

    def state(w):
        s = w.get_report(1)
        r = s.report
        return (r.title, sorted((j.area, j.grade, j.status) for j in r.judgments),
                sorted((f.kind, f.text[:30], f.status) for f in r.findings))

    expected = state(ws)
    ws.reindex()
    assert state(ws) == expected
    folder = ws.folder
    ws.close()
    as_if_read_by_an_older_extractor(folder)
    from peelreview.review.replace import replace_report

    with Workspace(folder) as w2:
        assert state(w2) == expected
        edited = tmp_path / "edited.txt"
        edited.write_text(FIXTURE.read_text(encoding="utf-8").replace(
            "Summary\n", "Summary\n\nA paragraph this version adds before everything else.\n"),
            encoding="utf-8")
        replace_report(w2, 1, edited)
        assert state(w2) == expected
        stored = w2.get_report(1)
        f = stored.report.findings[stored.finding_ids.index(fid)]
        assert stored.report.text[f.start:f.end] == PASSAGE  # moved with its passage
        gone = tmp_path / "gone.txt"
        gone.write_text(FIXTURE.read_text(encoding="utf-8").replace(PASSAGE, "appeals wait"),
                        encoding="utf-8")
        replace_report(w2, 1, gone)
        stored = w2.get_report(1)
        assert fid not in stored.finding_ids  # never shown at a wrong place ...
        assert PASSAGE in [c.quote for c in stored.orphans]  # ... but listed


def test_remove_and_restore_keep_the_officers_work(ws):
    fid = _finding_id(ws, CONCERN)
    other = ws.get_report(1).finding_ids[-1]
    ws.links.create(("finding", fid), ("finding", other), "same issue")
    report = ws.get_report(1).report
    start = report.text.index(PASSAGE)
    ws.annotations.create(1, start, start + len(PASSAGE), note="ask the unit")
    ws.responses.get(1)
    ws.curation.set_grade(1, "Vetting decisions", "Good")
    hangs = ws.removal.what_hangs_on(1)
    assert (hangs.annotations, hangs.links, hangs.corrections) == (1, 1, 1)
    assert "1 annotation" in hangs.describe() and "response draft" in hangs.describe()
    snap = ws.removal.remove(1)
    assert ws.get_report(1) is None and ws.list_reports() == []
    assert ws.search("unreviewed").total == 0 and ws.search("ask").total == 0
    ws.removal.restore(snap)
    assert ws.list_reports()[0]["grades"]["Vetting decisions"] == "Good"
    assert len(ws.links.for_item("finding", fid)) == 1
    assert ws.search("ask").total == 1 and ws.search("unreviewed").total >= 1


def test_cli_corrections_contract(ws):
    folder = str(ws.folder)
    ws.close()
    w = ["--workspace", folder]
    out = run_cli("finding", "add", "1", "--kind", "recommendation", "--quote", PASSAGE,
                  "--json", *w)
    assert out.returncode == 0, out.stderr
    fid = json.loads(out.stdout)["finding_id"]
    assert run_cli("finding", "set", str(fid), "--area", "Appeals", *w).returncode == 0
    assert run_cli("grade", "set", "1", "--area", "Vetting decisions", "--grade", "good",
                   *w).returncode == 0
    assert run_cli("grade", "remove", "1", "--area", OVERALL, *w).returncode == 0
    assert run_cli("report", "set", "1", "--kind", "inspection", "--cycle", "2023\u201325",
                   *w).returncode == 0
    shown = _show(folder)
    f = next(x for x in shown["findings"] if x["id"] == fid)
    assert (f["status"], f["area"], f["kind"]) == ("added", "Appeals", "recommendation")
    grades = {j["area"]: (j["grade"], j["status"]) for j in shown["judgments"]}
    assert grades["Vetting decisions"] == ("Good", "changed")
    assert grades[OVERALL][1] == "rejected"
    assert shown["schema"] == "peelreview.extract/2" and shown["cycle"] == "2023\u201325"
    assert all("id" in x and "status" in x for x in shown["findings"] + shown["judgments"])
    listed = json.loads(run_cli("list", "--json", *w).stdout)[0]
    assert listed["cycle"] == "2023\u201325" and "cycle" in listed["corrected"]
    before = _show(folder)
    for args in (["finding", "add", "1", "--kind", "recommendation", "--quote", "nowhere"],
                 ["finding", "add", "1", "--kind", "recommendation", "--quote",
                  "The force should"],
                 ["finding", "add", "1", "--kind", "opinion", "--quote", PASSAGE],
                 ["finding", "add", "9", "--kind", "recommendation", "--quote", PASSAGE],
                 ["finding", "set", "999", "--kind", "recommendation"],
                 ["grade", "set", "1", "--area", "X", "--grade", "great"],
                 ["grade", "remove", "1", "--area", "No such area"],
                 ["report", "set", "1", "--published", "31/02/2024"],
                 ["report", "set", "1", "--kind", "novel"],
                 ["report", "set", "7", "--title", "T"],
                 ["show", "7", "--json"], ["remove", "7", "--yes"], ["remove", "1"]):
        bad = run_cli(*args, *w, stdin=subprocess.DEVNULL)
        assert bad.returncode == 2, (args, bad.stderr)
        lines = bad.stderr.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("peelreview: "), (args, lines)
    assert _show(folder) == before  # nothing changed

    def statuses(shown: dict) -> list:
        return sorted([(j["area"], j["grade"], j["status"]) for j in shown["judgments"]]
                      + [(f["kind"], f["text"][:30], f["status"]) for f in shown["findings"]])

    assert run_cli("reindex", *w).returncode == 0
    assert statuses(_show(folder)) == statuses(before)
    as_if_read_by_an_older_extractor(Path(folder))
    assert statuses(_show(folder)) == statuses(before)  # read again on opening
    edited = Path(folder).parent / "edited.txt"
    edited.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "Summary\n", "Summary\n\nA new first paragraph in this version.\n"), encoding="utf-8")
    assert run_cli("import", "--replace", "1", str(edited), *w).returncode == 0
    assert statuses(_show(folder)) == statuses(before)
    gone = run_cli("remove", "1", "--yes", *w)
    assert gone.returncode == 0 and b"Removed report 1" in gone.stdout
    assert json.loads(run_cli("list", "--json", *w).stdout) == []


def test_corrections_travel_with_the_w3c_export(ws, tmp_path):
    """A colleague importing the annotation file gets the corrections too, placed on their
    copy of the report; importing twice adds nothing."""
    from peelreview.review.sharing import export_annotations, import_annotations

    cur = ws.curation
    cur.add_finding_by_quote(1, "recommendation", PASSAGE)
    cur.decide_finding(_finding_id(ws, CONCERN), "confirm")
    cur.set_grade(1, "Vetting decisions", "Good")
    cur.set_detail(1, "cycle", "2023\u201325")
    data = json.loads(json.dumps(export_annotations(ws, 1)))
    kinds = [i["motivation"] for i in data["items"]]
    assert kinds.count("peelreview:correcting") == 4

    def state(w):
        r = w.get_report(1).report
        return (r.cycle, sorted((j.area, j.grade, j.status) for j in r.judgments),
                sorted((f.kind, f.text[:30], f.status) for f in r.findings))

    with Workspace(tmp_path / "colleague") as other:
        other.import_paths([ws.src])
        assert import_annotations(other, data)["corrections"] == 4
        assert state(other) == state(ws)
        again = import_annotations(other, data)
        assert again["corrections"] == 0 and state(other) == state(ws)
        bad = {"type": "AnnotationCollection", "items": [
            {"id": "urn:uuid:0b6e7c5e-0000-4000-8000-000000000001", "type": "Annotation",
             "motivation": "peelreview:correcting",
             "peelreview:correction": {"target": "judgment", "action": "set",
                                       "area": "X", "grade": "Superb"},
             "target": {"source": "urn:sha256:00"}}]}
        assert import_annotations(other, bad)["skipped"] == 1
