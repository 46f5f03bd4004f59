"""Annotating in the reader and the annotations panel (pytest-qt, real workspaces).

Selection -> exact report offsets is checked independently of the mapping under test: the
reader highlights a finding (render's jump-target colour), the test selects exactly the
characters painted in that colour, and the selection must come back as the finding's
[start, end) -- on the demo reports and on the real corpus (PDF, HTML, DOCX)."""
from __future__ import annotations

import os
import shutil
import signal
from itertools import pairwise
from pathlib import Path

import pytest
from conftest import ROOT, corpus_path
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QApplication

from peelreview.reading.render import ANNOTATION_COLOURS, HIGHLIGHT_COLOURS, NOTE_MARKER
from peelreview.review.annotations import COLOURS
from peelreview.review.replace import replace_report
from peelreview.ui.annotate.editor import AnnotationEditor, TagsEdit
from peelreview.ui.annotate.panel import ANNOTATION_ID_ROLE
from peelreview.ui.reading.reader import ReaderPane
from peelreview.workspace import Workspace
from tests.support.windows import open_window, run_window_then_kill

# ---------------------------------------------------------------------------- fictional report
PASSAGE = "The records unit kept a backlog of untriaged requests for eleven weeks"
REPORT = """PEEL 2022/23

Published 3 March 2023

An inspection of Loamshire Constabulary

Overall summary

Loamshire Constabulary serves the market towns of Ashby Parva and Netherfold.

Managing records

Adequate

Main findings

{passage}, and supervisors did not review them.

Officers told us that training on the records system was useful.
"""


def write_report(folder: Path, passage: str = PASSAGE, name: str = "loamshire.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(REPORT.format(passage=passage), encoding="utf-8")
    return path


# ---------------------------------------------------------------------------- fixtures
make_window = open_window


@pytest.fixture()
def window(qtbot, tmp_path, demo_template):
    folder = tmp_path / "ws"
    shutil.copytree(demo_template, folder)
    w = make_window(qtbot, folder, tmp_path / "ui.ini")
    yield w
    w.workspace.close()


def pdf_report(ws) -> int:
    return next(r["id"] for r in ws.list_reports() if r["format"] == "pdf")


def other_report(ws, not_id: int) -> int:
    return next(r["id"] for r in ws.list_reports() if r["id"] != not_id)


def painted(pane: ReaderPane, colour: str):
    """(start, end) document positions of each text fragment drawn on `colour`, in order."""
    block = pane.text.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.charFormat().background().color().name() == colour:
                yield frag.position(), frag.position() + frag.length()
            it += 1
        block = block.next()


def highlighted_span(pane: ReaderPane) -> tuple[int, int] | None:
    """Document positions [first, last+1) painted in the jump-target colour."""
    spans = list(painted(pane, HIGHLIGHT_COLOURS[0]))
    return (spans[0][0], spans[-1][1]) if spans else None


def select_positions(pane: ReaderPane, first: int, last: int) -> None:
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(first)
    cursor.setPosition(last, QTextCursor.KeepAnchor)
    pane.text.setTextCursor(cursor)


def check_findings_select_exactly(pane: ReaderPane, report_id: int, limit: int = 60) -> int:
    assert pane.show_report(report_id)
    report = pane.report
    checked = 0
    findings = report.findings
    step = max(1, len(findings) // limit)
    spans = [(f.start, f.end) for f in findings[::step]]
    # across blocks and the labels the reader puts before each finding
    spans += [(f.start, g.end) for f, g in pairwise(findings[::step]) if g.start > f.end]
    spans += [(s.start, s.start + len(s.title)) for s in report.sections[::5]
              if report.text[s.start:s.start + len(s.title)] == s.title]
    for start, end in spans:
        pane.go_to(start, end)
        span = highlighted_span(pane)
        assert span is not None, f"span at {start} not drawn"
        select_positions(pane, *span)
        got = pane.selection_span()
        assert got == (start, end, report.text[start:end]), (start, end)
        checked += 1
    return checked


def annotation_positions(pane: ReaderPane, colour: str) -> list[int]:
    """Document positions drawn with an annotation colour's background."""
    return [p for start, end in painted(pane, ANNOTATION_COLOURS[colour][0])
            for p in range(start, end)]


def point_of_offset(pane: ReaderPane, offset: int) -> QPoint:
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(pane.text.position_for_offset(offset))
    rect = pane.text.cursorRect(cursor)
    return QPoint(rect.left() + 3, rect.center().y())


# ---------------------------------------------------------------------------- offsets
def test_selection_gives_exact_offsets_on_every_demo_format(qtbot, demo_template, tmp_path):
    ws = Workspace(demo_template)
    try:
        pane = ReaderPane(ws)
        qtbot.addWidget(pane)
        pane.resize(1100, 800)
        pane.show()
        formats = set()
        for r in ws.list_reports():
            if check_findings_select_exactly(pane, r["id"]):
                formats.add(r["format"])
        assert formats >= {"pdf", "html", "docx", "txt"}
    finally:
        ws.close()


@pytest.fixture(scope="module")
def real_ws(tmp_path_factory):
    rendered = corpus_path("rendered")
    ws = Workspace(tmp_path_factory.mktemp("real") / "ws")
    ws.import_paths(sorted(p for p in rendered.iterdir() if p.suffix in
                           (".pdf", ".html", ".docx")))
    yield ws
    ws.close()


def test_selection_gives_exact_offsets_on_the_real_corpus(qtbot, real_ws):
    pane = ReaderPane(real_ws)
    qtbot.addWidget(pane)
    pane.resize(1100, 800)
    pane.show()
    seen = {}
    for r in real_ws.list_reports():
        seen[r["format"]] = check_findings_select_exactly(pane, r["id"], limit=200)
    assert seen.get("pdf", 0) >= 10 and seen.get("html", 0) >= 5, seen


def test_offsets_map_both_ways_on_the_real_pdf(qtbot, real_ws):
    """Every character shown maps to the same report character, and back."""
    pane = ReaderPane(real_ws)
    qtbot.addWidget(pane)
    rid = next(r["id"] for r in real_ws.list_reports() if r["format"] == "pdf")
    pane.show_report(rid)
    text, view = pane.report.text, pane.text
    raw = view.document().toRawText()
    mapped = 0
    for q in range(0, len(raw), 7):
        o = view.offset_for_position(q)
        if o is None:
            continue
        mapped += 1
        assert raw[q] == text[o] or (text[o] == "\n" and raw[q] == "\u2028") \
            or (text[o].isspace() and raw[q] in " \u00a0")
        assert view.position_for_offset(o) == q
    assert mapped > len(text) // 10


# ---------------------------------------------------------------------------- highlight
def test_highlight_selection_stores_offsets_and_quote_and_undoes(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    f = pane.report.findings[2]
    assert pane.select_span(f.start, f.end)
    window.annotator.set_colour("green")
    window.act_highlight.trigger()
    [a] = ws.annotations.list(report_id=rid)
    assert (a.start, a.end, a.quote, a.colour) == (f.start, f.end, f.text, "green")
    # exactly the finding's characters are drawn green (all that the view shows of them)
    view = pane.text
    shown = {o for o in range(f.start, f.end)
             if view.offset_for_position(view.position_for_offset(o)) == o}
    drawn = {view.offset_for_position(q) for q in annotation_positions(pane, "green")}
    assert drawn - {None} == shown and len(shown) > (f.end - f.start) * 0.9
    assert window.act_undo.text().endswith("Highlight")
    window.act_undo.trigger()
    assert ws.annotations.list(report_id=rid) == []
    assert annotation_positions(pane, "green") == []
    window.act_redo.trigger()
    [b] = ws.annotations.list(report_id=rid)
    assert (b.id, b.uuid, b.start, b.end) == (a.id, a.uuid, a.start, a.end)
    assert annotation_positions(pane, "green")


def test_shortcuts_are_declared(window):
    shortcuts = {a.shortcut().toString() for a in window.actions()}
    assert {"Ctrl+Shift+H", "Ctrl+Shift+N", "Ctrl+Shift+G", "Ctrl+Shift+A"} <= shortcuts
    texts = [a.shortcut().toString() for a in window.actions() if not a.shortcut().isEmpty()]
    assert len(texts) == len(set(texts)), "two actions share a shortcut"


def test_highlight_key_in_the_text_uses_the_current_colour(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    f = pane.report.findings[0]
    pane.select_span(f.start, f.end)
    window.activateWindow()
    pane.text.setFocus()
    qtbot.keyClick(pane.text, Qt.Key_H, Qt.ControlModifier | Qt.ShiftModifier)
    [a] = ws.annotations.list(report_id=rid)
    assert (a.start, a.end, a.colour) == (f.start, f.end, window.annotator.colour)


def test_nothing_selected_says_so_and_pushes_nothing(window, qtbot):
    pane = window.open_report(pdf_report(window.workspace))
    messages = []
    window.annotator.message.connect(messages.append)
    pane.text.setTextCursor(QTextCursor(pane.text.document()))
    assert not pane.highlight_selection()
    assert window.undo_stack.count() == 0 and messages
    # a refused change is one readable line and leaves no step to undo
    assert window.annotator.create(pane.report_id, 10, 5) is None
    assert window.undo_stack.count() == 0
    assert "\n" not in messages[-1] and "Traceback" not in messages[-1]


def test_rerender_keeps_the_place(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    bar = pane.text.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    value = bar.value()
    f = pane.report.findings[-1]
    window.annotator.create(rid, f.start, f.end, note="later")
    assert len(pane.annotations) == 1
    assert bar.value() == value


# ---------------------------------------------------------------------------- note and tags
def test_add_note_and_tags_through_the_editor(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    f = pane.report.findings[1]
    pane.select_span(f.start, f.end)
    dialog = pane.edit_annotation("note")
    assert isinstance(dialog, AnnotationEditor) and dialog.isVisible()
    dialog.note.setPlainText("Ask the chief about this\nbefore the board")
    dialog.tags.setText("budget,  for the chief constable , budget")
    dialog.colour.set_colour("pink")
    dialog.accept()
    [a] = ws.annotations.list(report_id=rid)
    assert a.note == "Ask the chief about this\nbefore the board"
    assert a.tags == ("budget", "for the chief constable") and a.colour == "pink"
    assert (a.start, a.end) == (f.start, f.end)
    # the note marker follows the passage, and the tooltip says note and tags
    raw = pane.text.document().toRawText()
    end = pane.text.position_for_offset(f.end - 1)
    assert NOTE_MARKER in raw[end:end + 3]
    tip = pane.annotation_tooltip(pane.annotations_at([f.start]))
    assert "before the board" in tip and "budget" in tip
    assert window.act_undo.text().endswith("Add note")
    window.act_undo.trigger()
    assert ws.annotations.list(report_id=rid) == []
    window.act_redo.trigger()
    assert ws.annotations.list(report_id=rid)[0].note.endswith("board")


def test_edit_existing_note_tags_colour_and_undo(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    f = pane.report.findings[3]
    a = window.annotator.create(rid, f.start, f.end, note="first", tags=["budget"])
    # the cursor inside the annotation: Ctrl+Shift+N edits it
    cursor = QTextCursor(pane.text.document())
    cursor.setPosition(pane.text.position_for_offset(f.start + 2))
    pane.text.setTextCursor(cursor)
    window.act_note.trigger()
    dialog = pane.findChild(AnnotationEditor)
    assert dialog is not None and dialog.note.toPlainText() == "first"
    dialog.note.setPlainText("second")
    dialog.tags.setText("budget, repeat finding")
    dialog.colour.set_colour("blue")
    dialog.accept()
    b = ws.annotations.get(a.id)
    assert (b.note, b.tags, b.colour) == ("second", ("budget", "repeat finding"), "blue")
    assert annotation_positions(pane, "blue")
    window.act_undo.trigger()
    c = ws.annotations.get(a.id)
    assert (c.note, c.tags, c.colour) == ("first", ("budget",), "yellow")
    assert annotation_positions(pane, "yellow") and not annotation_positions(pane, "blue")
    window.act_redo.trigger()
    assert ws.annotations.get(a.id).note == "second"


def test_context_menu_colour_and_delete_with_undo_keeping_links(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    f = pane.report.findings[4]
    a = window.annotator.create(rid, f.start, f.end)
    other_finding = pane.stored.finding_ids[0]
    ws.links.create(("annotation", a.id), ("finding", other_finding), "same issue")
    pane.go_to_item("annotation", a.id)
    point = point_of_offset(pane, f.start + 1)
    menu = pane.context_menu(point)
    actions = {act.text(): act for act in menu.actions()}
    assert "&Edit annotation\u2026" in actions and "&Delete annotation" in actions
    colour_menu = actions["&Colour"].menu()
    next(act for act in colour_menu.actions() if act.text() == "Orange").trigger()
    assert ws.annotations.get(a.id).colour == "orange"
    menu = pane.context_menu(point_of_offset(pane, f.start + 1))
    next(act for act in menu.actions() if act.text() == "&Delete annotation").trigger()
    assert ws.annotations.list(report_id=rid) == []
    assert ws.links.for_item("finding", other_finding) == []
    window.act_undo.trigger()
    b = ws.annotations.get(a.id)
    assert b.uuid == a.uuid and b.colour == "orange"
    assert [(link.source_type, link.source_id) for link in
            ws.links.for_item("annotation", a.id)] == [("annotation", a.id)]
    window.act_undo.trigger()
    assert ws.annotations.get(a.id).colour == "yellow"


def test_menu_on_a_selection_offers_highlight_note_tags(window, qtbot):
    pane = window.open_report(pdf_report(window.workspace))
    f = pane.report.findings[0]
    pane.select_span(f.start, f.end)
    menu = pane.context_menu(point_of_offset(pane, f.start))
    texts = [act.text() for act in menu.actions()]
    assert "&Highlight" in texts and "Add &note\u2026" in texts and "Add &tags\u2026" in texts
    highlight = next(act for act in menu.actions() if act.text() == "&Highlight").menu()
    assert [act.text() for act in highlight.actions()] == [c.capitalize() for c in COLOURS]


def test_selection_bar_appears_after_selecting_with_the_mouse(window, qtbot):
    pane = window.open_report(pdf_report(window.workspace))
    f = pane.report.findings[0]
    pane.go_to(f.start)
    start, end = point_of_offset(pane, f.start), point_of_offset(pane, f.start + 12)
    qtbot.mousePress(pane.text.viewport(), Qt.LeftButton, pos=start)
    qtbot.mouseMove(pane.text.viewport(), end)
    qtbot.mouseRelease(pane.text.viewport(), Qt.LeftButton, pos=end)
    qtbot.waitUntil(pane.selection_bar.isVisible, timeout=2000)
    span = pane.selection_span()
    assert span is not None and span[0] >= f.start - 1
    pane.selection_bar.colour_buttons["blue"].click()
    [a] = window.workspace.annotations.list(report_id=pane.report_id)
    assert a.colour == "blue" and (a.start, a.end) == span[:2]


def test_clicking_annotation_or_finding_focuses_it(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    f, g = pane.report.findings[5], pane.report.findings[6]
    a = window.annotator.create(rid, f.start, f.start + 20)
    focused = []
    pane.itemFocused.connect(lambda kind, item: focused.append((kind, item)))
    pane.go_to(f.start)
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of_offset(pane, f.start + 5))
    qtbot.waitUntil(lambda: bool(focused), timeout=2000)
    assert focused[-1] == ("annotation", a.id)
    pane.go_to(g.start)
    qtbot.mouseClick(pane.text.viewport(), Qt.LeftButton, pos=point_of_offset(pane, g.start + 5))
    qtbot.waitUntil(lambda: len(focused) > 1, timeout=2000)
    assert focused[-1] == ("finding", pane.stored.finding_ids[6])
    # and the panel follows an annotation clicked in the text
    window.show_annotations()
    pane.itemFocused.emit("annotation", a.id)
    assert window.annotations_panel.current_annotation().id == a.id


# ---------------------------------------------------------------------------- the panel
def test_panel_filters_and_jumps(window, qtbot, qtmodeltester):
    ws = window.workspace
    rid = pdf_report(ws)
    other = other_report(ws, rid)
    findings = ws.get_report(rid).report.findings
    ann = window.annotator
    a1 = ann.create(rid, findings[0].start, findings[0].end, note="vetting delay",
                    tags=["budget"], colour="green")
    a2 = ann.create(rid, findings[1].start, findings[1].end, tags=["repeat finding"],
                    colour="pink")
    o = ws.get_report(other).report.findings[0]
    a3 = ann.create(other, o.start, o.end, note="compare", tags=["budget"], colour="green")
    panel = window.annotations_panel
    window.show_annotations()
    qtmodeltester.check(panel.model)

    def ids():
        return [panel.model.index(i, 0).data(ANNOTATION_ID_ROLE)
                for i in range(panel.model.rowCount())]

    assert sorted(ids()) == sorted([a1.id, a2.id, a3.id])
    panel.tag.setCurrentIndex(panel.tag.findData("budget"))
    assert sorted(ids()) == sorted([a1.id, a3.id])
    panel.tag.setCurrentIndex(0)
    panel.colour.setCurrentIndex(panel.colour.findData("pink"))
    assert ids() == [a2.id]
    panel.colour.setCurrentIndex(0)
    panel.search.setText("VETTING")
    assert ids() == [a1.id]
    panel.search.clear()
    window.open_report(other)
    panel.scope.setCurrentIndex(1)
    assert ids() == [a3.id]
    panel.scope.setCurrentIndex(0)
    # jump: the other report is open; Enter on a1 opens its report and flashes the passage
    assert panel.select_annotation(a1.id)
    qtbot.keyClick(panel.view, Qt.Key_Return)
    pane = window.readers.active_pane()
    assert pane.report_id == rid
    flashes = pane.text.extraSelections()
    assert len(flashes) == 1
    flashed = QTextCursor(flashes[0].cursor)
    assert pane.text.span_for_cursor(flashed) == (a1.start, a1.end)
    # edits anywhere show in the panel at once, undo too
    ann.edit(a2.id, note="now with a note")
    assert "now with a note" in panel.model.index(ids().index(a2.id), 0).data()
    window.act_undo.trigger()
    assert "now with a note" not in panel.model.index(ids().index(a2.id), 0).data()
    # Delete in the panel, then undo
    panel.select_annotation(a3.id)
    panel.view.setFocus()     # the officer is in the list
    qtbot.keyClick(panel.view, Qt.Key_Delete)
    assert a3.id not in ids()
    window.act_undo.trigger()
    assert a3.id in ids()
    qtmodeltester.check(panel.model)


# ---------------------------------------------------------------------------- orphans
@pytest.fixture()
def small_window(qtbot, tmp_path):
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        rid = ws.import_paths([write_report(tmp_path / "v1")]).imported[0].report_id
    w = make_window(qtbot, folder, tmp_path / "ui.ini")
    w.report_id = rid
    yield w
    w.workspace.close()


def test_orphan_is_shown_and_placed_by_hand_with_undo(small_window, qtbot, tmp_path):
    window = small_window
    ws, rid = window.workspace, window.report_id
    a = ws.annotations.create_by_quote(rid, PASSAGE, note="chase this", tags=["records"])
    result = replace_report(ws, rid, write_report(
        tmp_path / "v2", passage="The records unit now triages requests within a day"))
    assert result["orphaned"] == 1
    pane = window.open_report(rid)
    panel = window.annotations_panel
    window.show_annotations()
    panel.refresh()
    assert panel.select_annotation(a.id)
    row = panel.view.currentIndex()
    assert row.data().startswith("ORPHANED") and "chase this" in row.data()
    assert "orphaned" in panel.count.text()
    assert panel.place_button.isVisible() and panel.place_button.isEnabled()
    assert not pane.go_to_item("annotation", a.id)     # no place in the text
    assert window.annotations_panel.grab().save("/tmp/annotations_orphan.png")
    # place it on the new sentence
    text = pane.report.text
    start = text.index("The records unit now")
    end = start + len("The records unit now triages requests within a day")
    pane.select_span(start, end)
    panel.place_button.click()
    b = ws.annotations.get(a.id)
    assert (b.orphaned, b.start, b.end, b.note) == (False, start, end, "chase this")
    assert not panel.view.currentIndex().data().startswith("ORPHANED")
    assert annotation_positions(pane, "yellow")
    window.act_undo.trigger()
    c = ws.annotations.get(a.id)
    assert c.orphaned and c.start is None and c.uuid == a.uuid and c.quote == PASSAGE
    window.act_redo.trigger()
    assert ws.annotations.get(a.id).start == start


# ---------------------------------------------------------------------------- tags completion
def test_tag_completion_offers_existing_tags(qtbot, small_window):
    ws, rid = small_window.workspace, small_window.report_id
    ws.annotations.create_by_quote(rid, PASSAGE, tags=["budget", "for the chief constable"])
    edit = TagsEdit(ws.annotations.tags())
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit, "bu")
    assert edit.suggestions() == ["budget"]
    edit.completer.activated[str].emit("budget")
    assert edit.text() == "budget,"
    qtbot.keyClicks(edit, " CHIEF")
    assert edit.suggestions() == ["for the chief constable"]
    edit.completer.activated[str].emit("for the chief constable")
    assert edit.tags() == ("budget", "for the chief constable")


# ---------------------------------------------------------------------------- crash safety
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_annotation_made_in_the_window_survives_sigkill(tmp_path):
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        rid = ws.import_paths([write_report(tmp_path / "files")]).imported[0].report_id
    proc = run_window_then_kill(folder, tmp_path / "ui.ini", f"""
        pane = w.open_report({rid})
        start = pane.report.text.index({PASSAGE!r})
        assert pane.select_span(start, start + {len(PASSAGE)})
        pane.edit_annotation("note")
        from peelreview.ui.annotate.editor import AnnotationEditor
        dialog = pane.findChild(AnnotationEditor)
        dialog.note.setPlainText("kept after a crash")
        dialog.tags.setText("crash")
        dialog.accept()
    """, ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    assert proc.stdout.decode().strip() == "done"
    with Workspace(folder) as ws:
        [a] = ws.annotations.list(report_id=rid)
        assert (a.quote, a.note, a.tags) == (PASSAGE, "kept after a crash", ("crash",))


# ---------------------------------------------------------------------------- screenshot
def test_screenshot_reader_with_annotations_and_panel(window, qtbot):
    ws = window.workspace
    rid = pdf_report(ws)
    pane = window.open_report(rid)
    report, text, ann = pane.report, pane.report.text, window.annotator
    # the section with the most findings, annotated four ways
    section = next(s for s in report.sections if s.title == "Responding to the public")
    inside = [f for f in report.findings if section.start <= f.start < section.end]
    f = inside[0]
    first_sentence = text.index(".", section.start + len(section.title) + 2) + 1
    body = text.index("\n\n", section.start) + 2
    ann.create(rid, body, first_sentence, colour="blue", tags=["context"])
    ann.create(rid, f.start, f.start + (f.end - f.start) // 2, colour="yellow",
               note="Ask the chief constable for the timetable",
               tags=["for the chief constable"])
    if len(inside) > 1:
        ann.create(rid, inside[1].start, inside[1].end, colour="pink", tags=["repeat finding"])
    ann.create(rid, f.end - 25, f.end, colour="green", tags=["budget"])
    assert len(pane.annotations) >= 3
    pane.findings_button.setChecked(False)
    window.show_annotations()
    pane.go_to_section(section.title)
    QApplication.processEvents()
    qtbot.wait(50)
    image = window.grab()
    assert (image.width(), image.height()) == (1400, 900)
    assert image.save("/tmp/annotations.png")
