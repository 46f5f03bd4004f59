"""Likely findings and grades in the reader: shown apart, reached with F7, confirmed or
rejected with one key, undone with Ctrl+Z (pytest-qt, a real workspace)."""
from __future__ import annotations

import os
import shutil
import signal

import pytest
from conftest import DATA, ROOT, as_if_read_by_an_older_extractor
from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QApplication

from tests.support.windows import open_window, run_window_then_kill

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
    assert "rejected grade" not in pane.text.toPlainText()  # out of the way ...
    w.act_show_rejected.setChecked(True)
    assert "rejected grade" in pane.text.toPlainText()  # ... and shown in its view
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


PASSAGE = "appeals take months"


def test_mark_change_grade_details_with_undo(qtbot, tmp_path, monkeypatch):
    w, pane = _window(qtbot, tmp_path)
    start = pane.report.text.index(PASSAGE)
    assert pane.select_span(start, start + len(PASSAGE))
    assert pane.mark_selection("recommendation")
    stored = w.workspace.get_report(1)
    f = next(x for x in stored.report.findings if x.text == PASSAGE)
    assert (f.kind, f.status, f.area) == ("recommendation", "added", "Vetting decisions")
    assert "Recommendation: " + PASSAGE in pane.text.toPlainText()
    pane.select_span(f.start, f.end)
    assert pane.change_finding(kind="cause_of_concern")
    assert "Cause of concern: " + PASSAGE in pane.text.toPlainText()
    assert w.workspace.search("kind:cause_of_concern").total == 1
    assert w.curator.set_grade(1, "Business interests", "Inadequate")
    assert w.workspace.list_reports()[0]["grades"]["Business interests"] == "Inadequate"

    from peelreview.ui.curation.dialogs import DetailsDialog

    def fill(dialog):
        dialog.force.setEditText("Wessex Constabulary")
        dialog.cycle.setText("2023\u201325")
        return DetailsDialog.Accepted
    monkeypatch.setattr(DetailsDialog, "exec", fill)
    assert pane.details_dialog()
    listing = w.workspace.list_reports()[0]
    assert (listing["force"], listing["cycle"]) == ("Wessex Constabulary", "2023\u201325")
    assert "Wessex Constabulary" in pane.header.facts.text()
    model = w.library.model  # the library shows the correction at once
    shown = [model.index(r, 0).data() for r in range(model.rowCount())]
    assert [x.split("  (")[0] for x in shown] == ["Wessex Constabulary"], shown
    w.undo_stack.undo()  # the details, as one step
    assert w.workspace.list_reports()[0]["force"] == "Fenland Constabulary"
    for _ in range(3):
        w.undo_stack.undo()
    assert all(x.text != PASSAGE for x in w.workspace.get_report(1).report.findings)


def test_remove_report_with_confirmation_and_undo(qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    w, pane = _window(qtbot, tmp_path)
    start = pane.report.text.index(PASSAGE)
    w.annotator.create(1, start, start + len(PASSAGE), note="ask")
    asked = []

    def answer(_parent, _title, text, *args):
        asked.append(text)
        return QMessageBox.Yes
    monkeypatch.setattr(QMessageBox, "question", answer)
    assert w.remove_report()
    assert "1 annotation" in asked[0] and "Ctrl+Z" in asked[0]
    assert w.workspace.list_reports() == [] and pane.report is None
    assert "removed" in pane.header.title.text().lower()
    w.undo_stack.undo()
    assert [r["id"] for r in w.workspace.list_reports()] == [1]
    assert w.workspace.annotations.list(report_id=1)[0].note == "ask"


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_correction_made_in_the_window_survives_sigkill(tmp_path):
    from peelreview.workspace import Workspace

    src = tmp_path / "files" / FIXTURE.name
    src.parent.mkdir()
    shutil.copy(FIXTURE, src)
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        ws.import_paths([src])
    proc = run_window_then_kill(folder, tmp_path / "ui.ini", f"""
        pane = w.open_report(1)
        start = pane.report.text.index({PASSAGE!r})
        assert pane.select_span(start, start + {len(PASSAGE)})
        assert pane.mark_selection("recommendation")
        assert w.curator.set_grade(1, "Vetting decisions", "Good")
    """, ROOT)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()[-2000:]
    assert proc.stdout.decode().strip() == "done"
    with Workspace(folder) as ws:
        r = ws.get_report(1).report
        assert any(f.text == PASSAGE and f.status == "added" for f in r.findings)
        assert {j.area: j.grade for j in r.judgments}["Vetting decisions"] == "Good"


def test_merge_and_split_in_the_window(qtbot, tmp_path, monkeypatch, variety_corpus):
    """The PDF and the web page of one inspection, imported apart on purpose (split), are
    merged from the Review menu and split again; the header says where the text is from."""
    from PySide6.QtWidgets import QInputDialog

    from peelreview.workspace import Workspace

    folder, answers, _, _ = variety_corpus
    pdf = next(a for a in answers if a.get("same_as") and a["format"] == "pdf")
    with Workspace(tmp_path / "ws") as ws:
        ws.import_paths([folder / pdf["same_as"], folder / pdf["file"]])
        [other] = ws.split(1)
    w = open_window(qtbot, tmp_path / "ws", tmp_path / "ui.ini")
    pane = w.open_report(1)
    assert pane.header.facts.text().endswith("from HTML") and not pane.is_pdf()
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (a[3][0], True))
    assert w.merge_report()
    assert len(w.workspace.list_reports()) == 1
    assert pane.header.facts.text().endswith("from HTML and PDF") and pane.is_pdf()
    assert w.split_report() and len(w.workspace.list_reports()) == 2
    assert other in [r["id"] for r in w.workspace.list_reports()]


def test_window_corrections_survive_reindex_reextraction_and_a_new_version(qtbot, tmp_path):
    """Corrections made through the window's commands, then the index rebuilt, a newer
    extractor re-reading the report and a new version of the file: the reader still shows
    each of them."""

    from peelreview.review.replace import replace_report

    w, pane = _window(qtbot, tmp_path)
    start = pane.report.text.index(PASSAGE)
    pane.select_span(start, start + len(PASSAGE))
    assert pane.mark_selection("recommendation")
    assert w.curator.set_grade(1, "Vetting decisions", "Good")
    concern = next(f for f in pane.report.findings if f.text == CONCERN)
    pane.select_span(concern.start, concern.end)
    assert pane.decide("reject")

    def shown() -> tuple:
        pane.refresh_report()
        text = pane.text.toPlainText()
        return ("Recommendation: " + PASSAGE in text, "Good (corrected by you)" in text,
                not any(label + CONCERN in text for label in (
                    "Cause of concern (likely): ", "Cause of concern: ")))

    assert shown() == (True, True, True)
    w.workspace.reindex()
    assert shown() == (True, True, True)
    as_if_read_by_an_older_extractor(w.workspace.folder)
    w.workspace._reextract_outdated()
    assert shown() == (True, True, True)
    edited = tmp_path / "edited.txt"
    edited.write_text(FIXTURE.read_text(encoding="utf-8").replace(
        "Summary\n", "Summary\n\nThis version adds a paragraph at the top.\n"), encoding="utf-8")
    replace_report(w.workspace, 1, edited)
    assert shown() == (True, True, True)
    gone = tmp_path / "gone.txt"
    gone.write_text(FIXTURE.read_text(encoding="utf-8").replace(PASSAGE, "appeals wait"),
                    encoding="utf-8")
    replace_report(w.workspace, 1, gone)
    pane.refresh_report()
    assert "lost its passage" in pane.header.facts.text()
    assert PASSAGE in pane.header.facts.toolTip()
    assert "Recommendation: " not in pane.text.toPlainText().split("appeals wait")[0][-20:]
