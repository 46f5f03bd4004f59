"""Likely findings and grades in the reader: shown apart, reached with F7, confirmed or
rejected with one key, undone with Ctrl+Z (pytest-qt, a real workspace)."""
from __future__ import annotations

import shutil

from conftest import DATA
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication

from tests.support.windows import open_window

FIXTURE = DATA / "fenland_vetting_2024.txt"
CONCERN = "The size of the unreviewed register is a cause of concern."


def _window(qtbot, tmp_path):
    src = tmp_path / "files" / FIXTURE.name
    src.parent.mkdir()
    shutil.copy(FIXTURE, src)
    from peelreview.workspace import Workspace

    with Workspace(tmp_path / "ws") as ws:
        ws.import_paths([src])
    w = open_window(qtbot, tmp_path / "ws", tmp_path / "ui.ini")
    pane = w.open_report(1)
    return w, pane


def _underline_at(pane, start: int) -> QTextCharFormat.UnderlineStyle:
    cursor = pane.text.cursor_for_span(start, start + 1)
    cursor.setPosition(cursor.selectionEnd())
    return cursor.charFormat().underlineStyle()


def test_likely_items_are_marked_and_decided_from_the_keyboard(qtbot, tmp_path):
    w, pane = _window(qtbot, tmp_path)
    report = pane.report
    concern = next(f for f in report.findings if f.text == CONCERN)
    shown = pane.text.toPlainText()
    assert "Cause of concern (likely): " + CONCERN in shown
    assert "likely grade, to confirm" in shown
    dash = QTextCharFormat.UnderlineStyle.DashUnderline
    assert _underline_at(pane, concern.start) == dash
    certain = next(f for f in report.findings if f.confidence == "certain")
    assert _underline_at(pane, certain.start) != dash

    w.activateWindow()
    pane.text.setFocus()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    qtbot.keyClick(pane.text, Qt.Key_F7)  # the first likely item: the overall grade
    target = pane.decision_target()
    assert target == ("judgment", 0)
    qtbot.keyClick(pane.text, Qt.Key_F7)
    assert pane.decision_target() == ("finding", report.findings.index(concern))
    qtbot.keyClick(pane.text, Qt.Key_Y, Qt.ControlModifier | Qt.ShiftModifier)
    qtbot.waitUntil(lambda: pane.report.findings[0].status == "confirmed")
    assert "Cause of concern: " + CONCERN in pane.text.toPlainText()
    assert _underline_at(pane, concern.start) != dash
    assert w.workspace.search("kind:cause_of_concern").total == 1
    assert "confirm" in w.statusBar().currentMessage().lower()

    w.undo_stack.undo()
    assert pane.report.findings[0].status == "extracted"
    assert w.workspace.search("kind:cause_of_concern").total == 0
    w.undo_stack.redo()
    assert pane.report.findings[0].status == "confirmed"


def test_reject_a_certain_grade_keeps_it_visible_as_rejected(qtbot, tmp_path):
    w, pane = _window(qtbot, tmp_path)
    j = next(j for j in pane.report.judgments if j.area == "Vetting decisions")
    pane.select_span(j.start, j.end)
    assert pane.decide("reject")
    assert pane.report.judgments[1].status == "rejected"
    assert "Vetting decisions" not in w.workspace.list_reports()[0]["grades"]
    assert "rejected grade" in pane.text.toPlainText()
    w.undo_stack.undo()
    assert w.workspace.list_reports()[0]["grades"]["Vetting decisions"] == \
        "Requires improvement"


def test_response_editor_follows_a_confirmation(qtbot, tmp_path):
    w, pane = _window(qtbot, tmp_path)
    assert w.open_response_editor()
    editor = w.response_editor
    assert [i.kind for i in editor.response.items] == ["recommendation"]
    assert len(editor.response.to_confirm) == 4
    concern = next(i for i, f in enumerate(pane.report.findings) if f.text == CONCERN)
    pane._decision_target = ("finding", concern)
    pane.text.moveCursor(pane.text.textCursor().MoveOperation.Start)  # in no item
    assert pane.decide("confirm")
    assert "cause_of_concern" in [i.kind for i in editor.response.items]
    assert len(editor.response.to_confirm) == 3
