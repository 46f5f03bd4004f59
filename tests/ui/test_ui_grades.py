"""The grade history table: compare.grade_history drawn with colours and movement marks."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

import shiboken6  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QColor  # noqa: E402

from peelreview.reading.compare import grade_history  # noqa: E402
from peelreview.ui.reading.grades import (  # noqa: E402
    GRADE_COLOURS,
    GradeHistoryModel,
    GradeHistoryWidget,
    GradeRole,
    MovementRole,
    ReportIdRole,
    contrast,
    short_title,
)

WESSEX = "Wessex Constabulary"


@pytest.fixture()
def make_widget(qtbot):
    """Widget factory with strong references until teardown (qtbot keeps weak ones)."""
    widgets = []

    def make(rows):
        w = GradeHistoryWidget(rows)
        qtbot.addWidget(w)
        widgets.append(w)
        w.resize(900, 600)
        return w
    yield make
    for w in widgets:  # qtbot closes them first; the rest go here
        if shiboken6.isValid(w):
            w.close()
            w.deleteLater()
    qtbot.wait(1)


def _cell(model, row_label, column):
    labels = [model.headerData(r, Qt.Orientation.Vertical, Qt.ItemDataRole.ToolTipRole)
              for r in range(model.rowCount())]
    return model.index(labels.index(row_label), column)


def test_model_passes_qtmodeltester(qtmodeltester, reports):
    model = GradeHistoryModel(grade_history(reports, WESSEX))
    qtmodeltester.check(model)
    model.set_history(None)
    qtmodeltester.check(model)


def test_wessex_rows_and_movements_match_compare(qtbot, make_widget, reports):
    expected = grade_history(reports, WESSEX)
    w = make_widget(reports)
    w.show_force(WESSEX)
    model = w.model
    assert model.rowCount() == len(expected.rows)
    assert model.columnCount() == len(expected.reports) == 2
    for r, row in enumerate(expected.rows):
        assert model.headerData(r, Qt.Orientation.Vertical,
                                Qt.ItemDataRole.ToolTipRole) == row.label
        for c, (grade, move) in enumerate(row.cells):
            idx = model.index(r, c)
            assert idx.data(GradeRole) == grade
            assert idx.data(MovementRole) == move
            assert idx.data(ReportIdRole) == expected.reports[c]["id"]
    # spot checks against the demo's story
    cell = _cell(model, "Protecting vulnerable people", 1)
    assert cell.data() == "Requires improvement\n▼ worse"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Good → Requires improvement (worse)"
    cell = _cell(model, "Preventing crime and anti-social behaviour", 1)
    assert cell.data() == "Outstanding\n▲ improved"
    assert cell.data(Qt.ItemDataRole.ToolTipRole) == "Good → Outstanding (improved)"
    cell = _cell(model, "Strategic planning, organisational management and value for money", 1)
    assert cell.data() == "Good\n= same"
    first = _cell(model, "Investigating crime", 0)
    assert first.data() == "Requires improvement"          # "new": no mark
    assert "▲" not in first.data() and "▼" not in first.data()
    missing = _cell(model, "Crime data integrity", 0)
    assert missing.data(GradeRole) is None and missing.data() == "—"
    assert missing.data(Qt.ItemDataRole.BackgroundRole) is None


def test_headers_show_year_and_short_title(qtbot, make_widget, reports):
    w = make_widget(reports)
    w.show_force(WESSEX)
    h = w.model.headerData
    assert h(0, Qt.Orientation.Horizontal) == "2019\nWessex PEEL 2018/19"
    assert h(1, Qt.Orientation.Horizontal) == "2022\nPEEL 2021/22"
    tip = h(0, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Wessex PEEL 2018/19 – Police effectiveness, efficiency and legitimacy\n")
    assert "Published 21 May 2019" in tip
    assert short_title("A very long title without any separator at all in it", 20) \
        == "A very long title w…"


def test_colours_and_marks_are_present_and_readable(qtbot, make_widget, reports):
    w = make_widget(reports)
    w.show_force(WESSEX)
    model = w.model
    seen_grades, seen_marks = set(), set()
    for r in range(model.rowCount()):
        for c in range(model.columnCount()):
            idx = model.index(r, c)
            grade = idx.data(GradeRole)
            if grade is None:
                continue
            seen_grades.add(grade)
            bg = idx.data(Qt.ItemDataRole.BackgroundRole).color()
            fg = idx.data(Qt.ItemDataRole.ForegroundRole).color()
            assert bg == GRADE_COLOURS[grade]
            assert contrast(bg, fg) >= 4.5, (grade, bg.name(), fg.name())
            seen_marks.update(m for m in ("▲ improved", "▼ worse", "= same") if m in idx.data())
    assert seen_grades == set(GRADE_COLOURS)            # the demo uses all six
    assert seen_marks == {"▲ improved", "▼ worse", "= same"}
    assert GRADE_COLOURS["Outstanding"].green() > GRADE_COLOURS["Outstanding"].red()
    assert GRADE_COLOURS["Inadequate"].red() > GRADE_COLOURS["Inadequate"].green()
    # the darker shades really are darker
    assert GRADE_COLOURS["Outstanding"].lightness() < GRADE_COLOURS["Good"].lightness()
    assert QColor(GRADE_COLOURS["Inadequate"]).lightness() < \
        GRADE_COLOURS["Requires improvement"].lightness()
    assert "not directly comparable" in w.note_label.text()
    assert "2021/22" in w.note_label.text()


def test_force_chooser(qtbot, make_widget, reports):
    w = make_widget(reports)
    assert w.forces() == ["Mercia Vale Police", WESSEX]
    assert not w.force_box.isHidden()
    w.force_box.setCurrentText(WESSEX)
    assert w.force() == WESSEX and w.model.columnCount() == 2
    w.force_box.setCurrentText("Mercia Vale Police")
    assert w.force() == "Mercia Vale Police" and w.model.columnCount() == 1
    w.show_force(WESSEX)
    assert w.force_box.currentText() == WESSEX
    # one force held: no chooser
    w.set_reports([r for r in reports if r["force"] == WESSEX])
    assert w.force_box.isHidden() and w.force() == WESSEX
    assert WESSEX in w.title_label.text()
    # none held: a notice instead of an empty table
    w.set_reports([])
    assert w.stack.currentWidget() is w.empty_label
    assert "No graded PEEL inspection" in w.empty_label.text()


def test_double_click_header_or_cell_opens_report(qtbot, make_widget, reports):
    w = make_widget(reports)
    w.show_force(WESSEX)
    w.show()
    qtbot.waitExposed(w)
    ids = [r["id"] for r in grade_history(reports, WESSEX).reports]
    with qtbot.waitSignal(w.reportActivated, timeout=1000) as blocker:
        w.table.horizontalHeader().sectionDoubleClicked.emit(1)
    assert blocker.args == [ids[1]]
    idx = w.model.index(2, 0)
    rect = w.table.visualRect(idx)
    qtbot.mouseClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(w.reportActivated, timeout=1000) as blocker:
        qtbot.mouseDClick(w.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert blocker.args == [ids[0]]
    w.table.setCurrentIndex(w.model.index(0, 1))
    with qtbot.waitSignal(w.reportActivated, timeout=1000) as blocker:
        qtbot.keyClick(w.table, Qt.Key.Key_Return)
    assert blocker.args == [ids[1]]


def test_header_double_click_by_mouse(qtbot, make_widget, reports):
    w = make_widget(reports)
    w.show_force(WESSEX)
    w.show()
    qtbot.waitExposed(w)
    header = w.table.horizontalHeader()
    x = header.sectionViewportPosition(0) + header.sectionSize(0) // 2
    pos = header.rect().center()
    pos.setX(x)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    with qtbot.waitSignal(w.reportActivated, timeout=1000) as blocker:
        qtbot.mouseDClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    assert blocker.args == [grade_history(reports, WESSEX).reports[0]["id"]]


def test_accessibility(qtbot, make_widget, reports):
    w = make_widget(reports)
    w.show_force(WESSEX)
    for c in (w.force_box, w.table):
        assert c.accessibleName() and c.accessibleDescription()
    assert w.note_label.accessibleName()
    idx = _cell(w.model, "Protecting vulnerable people", 1)
    spoken = idx.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken.startswith("Protecting vulnerable people, 2022")
    assert "Good → Requires improvement (worse)" in spoken


def test_built_from_a_workspace(qtbot, make_widget, demo_ws):
    w = make_widget(demo_ws)
    qtbot.waitUntil(lambda: w.forces() == ["Mercia Vale Police", WESSEX], timeout=5000)
    w.show_force(WESSEX)
    assert w.model.columnCount() == 2
