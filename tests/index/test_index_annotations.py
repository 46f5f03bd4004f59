"""Notes and tags are searchable: the index follows the annotations in the database.

A real workspace in tmp_path (SQLite + Whoosh), fictional report text, no mocks.
"""
from __future__ import annotations

import json

import pytest

from peelreview.review.replace import replace_report
from peelreview.workspace import Workspace

QUOTE = "the control room answered most emergency calls within the target time"

REPORT = """PEEL 2022/23

Published 3 May 2023

Police effectiveness, efficiency and legitimacy

An inspection of Lyonesse Constabulary

Overall summary

Lyonesse Constabulary covers the coast of Lyonesse and the islands beyond it.

Responding to the public

Good

Lyonesse Constabulary is good at responding to the public.

Main findings

We found that {quote} during our fieldwork.

Officers in the islands told us about the ferry timetable and its effect on patrols.
"""


def _write(folder, quote: str = QUOTE):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "lyonesse_2023.txt"
    path.write_text(REPORT.format(quote=quote), encoding="utf-8")
    return path


@pytest.fixture
def ws(tmp_path):
    w = Workspace(tmp_path / "ws")
    w.report_id = w.import_paths([_write(tmp_path / "v1")]).imported[0].report_id
    yield w
    w.close()


def _notes(ws, query: str):
    return [h for h in ws.search(query).hits if h.doc_type == "annotation"]


def test_note_and_tags_found_with_offsets(ws):
    a = ws.annotations.create_by_quote(ws.report_id, QUOTE, note="Ask about the overtime "
                                       "budget for dispatchers",
                                       tags=["budget", "For the Chief Constable"])
    text = ws.get_report(ws.report_id).report.text
    for query in ("dispatchers", "overtime", "tag:budget", 'tag:"for the chief constable"',
                  "type:annotation", "tags:BUDGET", "dispatch*", "dispatchers type:annotation"):
        [hit] = _notes(ws, query)
        assert hit.annotation_id == a.id, query
        assert (hit.start, hit.end) == (a.start, a.end), query
        assert text[hit.start:hit.end] == QUOTE
        assert hit.kind is None and hit.report_id == ws.report_id
        assert hit.area == "Responding to the public" and hit.grade == "Good"
    hit = _notes(ws, "dispatchers")[0]
    assert "<b>dispatchers</b>" in hit.snippet
    assert hit.tags == ("budget", "For the Chief Constable")
    # a tag is matched whole: one word of it is not the tag
    assert _notes(ws, "tag:chief") == []
    # the passage the note quotes is still found as the report's own passage
    result = ws.search('"emergency calls"')
    assert {h.doc_type for h in result.hits} == {"passage"}


def test_json_contract_of_an_annotation_hit(ws):
    a = ws.annotations.create_by_quote(ws.report_id, QUOTE, note="Dispatchers", tags=["x"])
    out = ws.search("dispatchers").to_json()
    assert set(out) == {"query", "total", "hits", "facets", "suggestion"}
    [hit] = out["hits"]
    assert {"report_id", "report_title", "force", "year", "kind", "area", "grade", "snippet",
            "start", "end", "score"} <= set(hit)
    assert hit["kind"] is None and hit["doc_type"] == "annotation"
    assert hit["annotation_id"] == a.id and hit["orphaned"] is False
    assert (hit["start"], hit["end"]) == (a.start, a.end)
    assert hit["tags"] == ["x"] and hit["quote"] == QUOTE
    assert out["facets"]["kind"] == {}  # the kind facet counts findings only
    json.dumps(out)


def test_edit_delete_and_undo_follow_the_database(ws):
    notes = ws.annotations
    a = notes.create_by_quote(ws.report_id, QUOTE, note="Check the rota", tags=["staffing"])
    assert [h.annotation_id for h in _notes(ws, "rota")] == [a.id]
    notes.update(a.id, note="Check the ferry schedule", tags=["islands"])
    assert _notes(ws, "rota") == [] and _notes(ws, "tag:staffing") == []
    assert [h.annotation_id for h in _notes(ws, "schedule")] == [a.id]
    assert [h.annotation_id for h in _notes(ws, "tag:islands")] == [a.id]
    old = notes.delete(a.id)
    assert _notes(ws, "schedule") == [] and ws.search("type:annotation").total == 0
    back = notes.restore(old)
    [hit] = _notes(ws, "schedule")
    assert hit.annotation_id == back.id and (hit.start, hit.end) == (a.start, a.end)
    # no edit, no index write: the index generation stays as it is
    generation = ws.index._with_searcher(lambda s: s.reader().generation())
    assert ws.sync_annotations() == 0
    ws.search("schedule")
    assert ws.index._with_searcher(lambda s: s.reader().generation()) == generation


def test_orphaned_annotation_found_by_note_without_offsets(ws, tmp_path):
    """An orphan (its passage gone from the new version of the report) is still found by
    its note; its hit has start/end None and says orphaned, with the quote it had."""
    a = ws.annotations.create_by_quote(ws.report_id, QUOTE, note="Dispatchers overtime")
    new = _write(tmp_path / "v2", quote="the force has moved its call centre inland")
    result = replace_report(ws, ws.report_id, new)
    assert result["orphaned"] == 1
    [hit] = _notes(ws, "dispatchers")
    assert hit.annotation_id == a.id
    assert hit.start is None and hit.end is None and hit.orphaned
    assert hit.quote == QUOTE and hit.area is None
    as_json = ws.search("dispatchers").to_json()["hits"][0]
    assert as_json["orphaned"] is True and as_json["start"] is None
    # placed by hand, it has offsets again
    text = ws.get_report(ws.report_id).report.text
    start = text.index("the force has moved")
    ws.annotations.place(a.id, start, start + 30)
    [hit] = _notes(ws, "dispatchers")
    assert (hit.start, hit.end) == (start, start + 30) and not hit.orphaned


def test_replacing_a_report_keeps_its_notes_at_their_new_place(ws, tmp_path):
    a = ws.annotations.create_by_quote(ws.report_id, QUOTE, note="Dispatchers")
    body = _write(tmp_path / "v2").read_text("utf-8").replace(
        "Main findings\n\n", "Main findings\n\nA paragraph added in the corrected edition.\n\n")
    (tmp_path / "v2" / "lyonesse_2023.txt").write_text(body, encoding="utf-8")
    replace_report(ws, ws.report_id, tmp_path / "v2" / "lyonesse_2023.txt")
    moved = ws.annotations.get(a.id)
    assert moved.start > a.start
    [hit] = _notes(ws, "dispatchers")
    assert (hit.start, hit.end) == (moved.start, moved.end)


def test_annotation_committed_but_never_indexed_is_found_on_reopen(tmp_path):
    """A crash between the SQLite commit and the index write: the annotation is in the
    database only (written here straight to SQLite, as the service's transaction does)."""
    folder = tmp_path / "ws"
    with Workspace(folder) as w:
        rid = w.import_paths([_write(tmp_path / "v1")]).imported[0].report_id
        text = w.get_report(rid).report.text
    from peelreview.store import Store

    start = text.index(QUOTE)
    store = Store(folder / "peelreview.sqlite")
    with store.transaction() as db:
        aid = db.execute(
            'INSERT INTO annotations (uuid, report_id, quote, start, "end", note, created,'
            " modified) VALUES ('u-1', ?, ?, ?, ?, 'Ferry overtime', 't', 't')",
            (rid, QUOTE, start, start + len(QUOTE))).lastrowid
        db.execute("INSERT INTO annotation_tags VALUES (?, 'islands')", (aid,))
    store.close()
    with Workspace(folder) as w:
        assert [h.annotation_id for h in w.search("ferry overtime").hits
                if h.doc_type == "annotation"] == [aid]
        # and a rebuilt index holds it too
        w.reindex()
        [hit] = [h for h in w.search("tag:islands").hits]
        assert hit.annotation_id == aid and hit.start == start


def test_search_on_a_worker_thread_while_notes_are_edited(ws):
    """The app searches on a worker thread while the UI thread commits edits."""
    import threading

    a = ws.annotations.create_by_quote(ws.report_id, QUOTE, note="word0")
    errors: list[BaseException] = []
    stop = threading.Event()

    def searching():
        try:
            while not stop.is_set():
                ws.search("type:annotation")
        except BaseException as e:  # noqa: BLE001 -- reported by the assertion below
            errors.append(e)

    t = threading.Thread(target=searching)
    t.start()
    try:
        for n in range(1, 15):
            ws.annotations.update(a.id, note=f"word{n}")
    finally:
        stop.set()
        t.join(30)
    assert not errors
    assert [h.annotation_id for h in _notes(ws, "word14")] == [a.id]
    assert _notes(ws, "word13") == []
    assert ws.search("type:annotation").total == 1
