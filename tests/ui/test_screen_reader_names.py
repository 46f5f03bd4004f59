"""What a screen reader hears (#17), read from Qt's accessibility interfaces offscreen, so it
runs everywhere (tests/ui/test_screen_reader.py reads the same over AT-SPI in Xvfb):
labels say their values, combo boxes have labels, clear buttons have names, moving in the
trace says the step, and results shown in the status bar are announced."""
from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QToolButton

from peelreview.review.links import TraceStep
from peelreview.ui import accessible
from peelreview.ui.accessible import ValueLabel, name_clear_button
from peelreview.ui.annotate.editor import AnnotationEditor
from peelreview.ui.links.trace import TraceView
from peelreview.ui.response.fields import long_date
from tests.support.windows import demo_copy, open_window


def name(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Name)


def description(widget) -> str:
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Description)


def labels_of(widget) -> list[str]:
    """The labels AT-SPI's labelled-by relation gives for `widget`."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return [other.text(QAccessible.Name) for other, _ in iface.relations(QAccessible.Label)]


def clear_button(edit: QLineEdit) -> QToolButton:
    return next(b for b in edit.findChildren(QToolButton)
                if b.defaultAction() is not None
                and b.defaultAction().objectName() == "_q_qlineeditclearaction")


@pytest.fixture()
def window(qtbot, tmp_path, demo_template):
    w = open_window(qtbot, demo_copy(demo_template, tmp_path), tmp_path / "ui.ini")
    yield w
    w.workspace.close()


@pytest.fixture()
def heard():
    """Every announcement made while the test runs."""
    said: list[str] = []

    def hook(_widget, text: str) -> None:
        said.append(text)
    accessible.listeners.append(hook)
    yield said
    accessible.listeners.remove(hook)


def wessex_2022(w) -> int:
    return next(r["id"] for r in w.workspace.list_reports()
                if r["force"] == "Wessex Constabulary" and r["year"] == 2022
                and r["kind"] == "peel-inspection")


# ---------------------------------------------------------------------------- 1. values
def test_a_value_label_is_heard_with_its_value_and_follows_it(qtbot):
    label = ValueLabel("Last day to publish")
    qtbot.addWidget(label)
    assert name(label) == "Last day to publish"
    label.setText("12 March 2027")
    assert name(label) == "Last day to publish: 12 March 2027"
    label.setText("<b>13</b> March 2027")
    assert name(label) == "Last day to publish: 13 March 2027"
    label.setText("")
    assert name(label) == "Last day to publish"


def test_the_response_dates_and_title_are_heard_and_follow_the_publication_date(window,
                                                                               qtbot):
    w = window
    w.open_report(wessex_2022(w))
    assert w.open_response_editor()
    header = w.response_editor.header
    r = header.response
    assert r.deadline is not None and r.chief_constable_due is not None
    assert name(header.deadline) == f"Last day to publish: {long_date(r.deadline)}"
    assert name(header.cc_due) == \
        f"Chief constable's comments due: {long_date(r.chief_constable_due)}"
    assert name(header.title) == f"Report: {r.report_title}"
    assert name(header.countdown).startswith("Time left to publish: ")
    assert header.countdown.text() in name(header.countdown)
    # a new publication date: both dates move, and so does what is heard
    before = name(header.deadline)
    r.published = r.published + dt.timedelta(days=10)
    header.refresh()   # what the editor calls after every change
    assert name(header.deadline) == f"Last day to publish: {long_date(r.deadline)}" != before
    assert name(header.cc_due) == \
        f"Chief constable's comments due: {long_date(r.chief_constable_due)}"


def test_what_the_report_says_is_heard_in_each_response_item(window):
    w = window
    w.open_report(wessex_2022(w))
    w.open_response_editor()
    editor = w.response_editor
    said = [lab for lab in editor.findChildren(ValueLabel)
            if lab.what.endswith("what the report says")]
    assert said
    for lab in said:
        assert lab.text() and " ".join(lab.text().split())[:40] in name(lab)


def test_the_search_count_and_the_report_title_are_heard(window, qtbot, heard):
    w = window
    w.search.set_query("vetting", run=True)
    qtbot.waitUntil(lambda: "match" in w.search.status_label.text(), timeout=10000)
    count = w.search.status_label.text()
    assert name(w.search.status_label) == f"Search status: {count}"
    assert count in heard    # and said the moment it came
    pane = w.open_report(wessex_2022(w))
    assert name(pane.header.title) == f"Report title: {pane.report.title}"
    assert pane.header.facts.text() in name(pane.header.facts)


def test_the_note_dialogs_quoted_passage_is_heard(qtbot):
    dialog = AnnotationEditor("The force has improved how it answers emergency calls.")
    qtbot.addWidget(dialog)
    assert name(dialog.quote).startswith("Quoted passage: \u201cThe force has improved")


# ---------------------------------------------------------------------------- 2. labels
def test_every_combo_box_of_the_window_has_a_label(window, qtbot):
    """On Linux a combo box's name is its value ("Any tag"): its purpose comes from its
    label (the labelled-by relation), so each one shown needs one."""
    w = window
    w.open_report(wessex_2022(w))
    w.open_response_editor()
    w.show_annotations()
    panel = w.annotations_panel
    assert labels_of(panel.scope) == ["Show:"]
    assert labels_of(panel.tag) == ["Tag:"]
    assert labels_of(panel.colour) == ["Colour:"]
    assert name(panel.tag) == panel.tag.currentText()   # the value, as Qt on Linux says it
    for dock in (w.search_dock, w.annotations_dock, w.response_dock):
        dock.raise_()
        QApplication.processEvents()
        for box in w.findChildren(QComboBox):
            if box.isVisible():
                assert labels_of(box), f"{box.accessibleName()!r} has no label"


def test_clear_buttons_are_named(window, qtbot):
    w = window
    assert name(clear_button(w.search.query_edit)) == "Clear search"
    assert name(clear_button(w.library.filter_edit)) == "Clear filter"
    assert name(clear_button(w.annotations_panel.search)) == "Clear the text filter"
    edit = QLineEdit()
    qtbot.addWidget(edit)
    edit.setClearButtonEnabled(True)
    name_clear_button(edit, "Clear it")
    assert name(clear_button(edit)) == "Clear it"


def test_library_group_rows_have_no_nameless_cells(window):
    tree = window.library.tree
    model = tree.model()
    group = model.index(0, 0)
    for col in range(model.columnCount()):
        assert model.index(0, col).data(Qt.ItemDataRole.AccessibleTextRole), col
    assert "report" in group.data(Qt.ItemDataRole.AccessibleTextRole)


# ---------------------------------------------------------------------------- 3. grades
def test_the_reader_lists_the_grades_as_a_table(window, qtbot):
    w = window
    pane = w.open_report(wessex_2022(w))
    table = pane.grades
    judgments = pane.report.judgments
    assert table.rowCount() == len(judgments) > 0
    iface = QAccessible.queryAccessibleInterface(table)
    assert iface.role() == QAccessible.Table and name(table) == "Grades"
    assert [table.horizontalHeaderItem(c).text() for c in range(2)] == ["Area", "Grade"]
    assert [table.item(r, 0).text() for r in range(table.rowCount())] == \
        [j.area for j in judgments]
    assert judgments[0].grade in table.item(0, 1).text()
    # Enter on a row goes to that grade in the text, highlighted
    j = judgments[-1]
    table.setFocus()
    table.setCurrentCell(table.rowCount() - 1, 0)
    qtbot.keyClick(table, Qt.Key_Return)
    assert pane._highlight == (j.start, j.end)


def test_findings_shown_beside_two_panes_get_room(window, qtbot):
    w = window
    w.open_report(wessex_2022(w))
    w.compare_with_previous()
    pane = w.readers.panes[0]
    pane.set_compact(True)   # side by side: the findings fold away, with no room left
    QApplication.processEvents()
    assert not pane.findings_button.isChecked() and pane.splitter.sizes()[2] == 0
    pane.findings_button.setChecked(True)
    QApplication.processEvents()
    assert pane.findings_panel.isVisible() and pane.findings_panel.width() > 100


# ---------------------------------------------------------------------------- 4. trace
def steps():
    def step(i, date, kind):
        return TraceStep(kind="finding", id=i, report_id=i, report_title=f"Report {date[:4]}",
                         force="Wessex Constabulary", date=date,
                         text=f"Text of the {kind.replace('_', ' ')} of {date}.",
                         finding_kind=kind)
    return [step(1, "2019-05-02", "cause_of_concern"), step(2, "2022-06-14", "recommendation")]


def test_moving_in_the_trace_says_the_step(qtbot):
    view = TraceView()
    qtbot.addWidget(view)
    view.resize(400, 500)
    a, b = steps()
    link = SimpleNamespace(source=("finding", 2), target=("finding", 1),
                           link_type="follows up")
    view.set_trace([a, b], [link], ("finding", 1))
    assert name(view) == "Trace" and "Trace, oldest first" in description(view)
    view.show()
    view.setFocus()
    qtbot.keyClick(view, Qt.Key_Down)
    first = name(view)
    assert first.startswith("Trace. Step 1 of 2: 2019-05-02, Cause of concern in Report 2019")
    assert "Text of the cause of concern" in first
    qtbot.keyClick(view, Qt.Key_Down)
    second = name(view)
    assert second.startswith("Trace. Step 2 of 2: 2022-06-14, Recommendation")
    assert "This follows up the step above" in second
    view.show_message("Choose a finding to see its trace.")
    assert name(view) == "Trace"


# ---------------------------------------------------------------------------- 5. announced
def test_status_bar_results_are_announced(window, heard):
    w = window
    w.statusBar().showMessage("Wrote /tmp/response.docx", 5000)
    assert "Wrote /tmp/response.docx" in heard


def test_a_highlight_made_is_said(window, qtbot, heard):
    w = window
    pane = w.open_report(wessex_2022(w))
    f = pane.report.findings[0]
    assert pane.select_span(f.start, f.end)
    heard.clear()
    qtbot.keyClick(pane.text, Qt.Key_H, Qt.ControlModifier | Qt.ShiftModifier)
    assert w.undo_stack.count() == 1
    assert any(t.startswith("Highlighted in ") for t in heard), heard
    assert any(t.startswith("Highlighted in ") for t in [w.statusBar().currentMessage()])


def test_an_export_written_is_announced(window, qtbot, heard, tmp_path):
    w = window
    w.open_report(wessex_2022(w))
    w.open_response_editor()
    editor = w.response_editor
    out = tmp_path / "items.csv"
    with qtbot.waitSignal(editor.exports.exported, timeout=20000):
        editor.exports.export_csv(out)
    assert any(t.startswith("Wrote ") and "items.csv" in t for t in heard), heard
