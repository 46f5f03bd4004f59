"""The PCC response editor (peelreview.ui.response.editor) on real workspaces, offscreen.

The 2018/19 report from ../shared/corpus is imported into a fresh workspace per test: what
the editor stores is checked by reopening that workspace from disk.
"""
from __future__ import annotations

import datetime as dt

import docx
import pytest
from conftest import corpus_path
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QApplication

from peelreview.ui.response.bullets import SourcePicker
from peelreview.ui.response.editor import DEBOUNCE_MS, ResponseEditor
from peelreview.ui.response.export import describe
from peelreview.ui.response.fields import countdown
from peelreview.workspace import Workspace

SEED_2018 = ("seeds", "001_5a90f104199f3858.txt")
PUBLISHED = dt.date(2019, 5, 2)   # the 2018/19 report's publication date
DEADLINE = dt.date(2019, 6, 26)


class Clock:
    """An injectable "today"."""

    def __init__(self, day: dt.date):
        self.day = day

    def __call__(self) -> dt.date:
        return self.day


@pytest.fixture
def ws2018(tmp_path):
    path = corpus_path(*SEED_2018)
    folder = tmp_path / "ws"
    ws = Workspace(folder)
    ws.report_id = ws.import_paths([path]).imported[0].report_id
    ws.folder_path = folder
    yield ws
    ws.close()


@pytest.fixture
def clock():
    return Clock(DEADLINE - dt.timedelta(days=23))


@pytest.fixture
def editor(qtbot, ws2018, clock):
    stack = QUndoStack()
    ed = ResponseEditor(ws2018, stack, today=clock)
    ed.stack = stack   # keep it alive as long as the editor
    qtbot.addWidget(ed)
    ed.resize(640, 860)
    assert ed.show_report(ws2018.report_id)
    ed.show()
    qtbot.waitExposed(ed)
    return ed


def stored(folder, report_id):
    """The response as a fresh workspace opened from disk holds it."""
    with Workspace(folder) as ws:
        return ws.responses.get(report_id)


def rec(editor):
    return editor.response.recommendations[0]


def type_into(qtbot, widget, text):
    widget.setFocus()
    qtbot.waitUntil(widget.hasFocus, timeout=2000)
    qtbot.keyClicks(widget, text)


# ---------------------------------------------------------------------------- saving
def test_typed_pcc_comments_are_stored_after_a_pause(qtbot, editor, ws2018):
    item = rec(editor)
    field = editor.field("item", item.id, "pcc_comments")
    gaps_before = editor.gaps_list.count()
    type_into(qtbot, field, "The PCC will review vetting monthly.")
    # the gaps follow the typing at once, before anything is stored
    assert editor.gaps_list.count() == gaps_before - 1
    assert not any("PCC explanation" in g for g in editor.response.gaps())
    assert ws2018.responses.get(ws2018.report_id).item(item.id).pcc_comments == ""
    qtbot.wait(DEBOUNCE_MS + 300)
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).pcc_comments == \
        "The PCC will review vetting monthly."


def test_leaving_a_field_or_closing_stores_it_at_once(qtbot, editor, ws2018):
    item = rec(editor)
    type_into(qtbot, editor.field("item", item.id, "owner"), "Deputy Chief Constable")
    editor.field("item", item.id, "cc_comments").setFocus()   # focus-out commits
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).owner == \
        "Deputy Chief Constable"
    type_into(qtbot, editor.field("item", item.id, "cc_comments"), "Agreed in full")
    editor.close()   # no pause: closing the window must not lose it
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).cc_comments == \
        "Agreed in full"


def test_gaps_shrink_as_they_are_filled_and_a_click_jumps_there(qtbot, editor):
    gaps = editor.response.gap_list()
    # every item's two comments, the two names and the overall comments
    assert len(gaps) == editor.gaps_list.count() == 2 * len(editor.response.items) + 3
    first = editor.gaps_list.item(0)
    rect = editor.gaps_list.visualItemRect(first)
    qtbot.mouseClick(editor.gaps_list.viewport(), Qt.LeftButton, pos=rect.center())
    target = editor.field("item", gaps[0].item_id, gaps[0].field)
    qtbot.waitUntil(target.hasFocus, timeout=2000)
    assert target.property("gap") is True
    rid = editor.response.report_id
    for n, gap in enumerate(gaps):
        field = editor.field("item", gap.item_id, gap.field) if gap.item_id else \
            editor.field("response", rid, gap.field)
        type_into(qtbot, field, f"Answer {n}")
        assert editor.gaps_list.count() == len(gaps) - n - 1
        assert not field.property("gap")
    assert "No gaps" in editor.gaps_box.title()


def test_no_action_without_reason_is_a_gap_and_flags_the_reason(qtbot, editor, ws2018):
    item = next(i for i in editor.response.items if i.kind == "area_for_improvement")
    reason = editor.field("item", item.id, "no_action_reason")
    assert not reason.isEnabled()
    editor.field("item", item.id, "status").setCurrentText("no action")
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).status == "no action"
    assert reason.isEnabled() and reason.property("gap") is True
    assert "reason" in reason.toolTip()
    assert any("without a reason" in editor.gaps_list.item(n).text()
               for n in range(editor.gaps_list.count()))
    type_into(qtbot, reason, "Already covered by the force's 2019 vetting plan.")
    assert not reason.property("gap")
    assert not any("without a reason" in g for g in editor.response.gaps())


# ---------------------------------------------------------------------------- undo
def test_undo_and_redo_an_item_edit_as_one_step(qtbot, editor, ws2018):
    item = rec(editor)
    field = editor.field("item", item.id, "pcc_comments")
    type_into(qtbot, field, "First thoughts")
    qtbot.wait(DEBOUNCE_MS + 200)            # a pause commits ...
    qtbot.keyClicks(field, ", then more")    # ... and the same session goes on
    qtbot.wait(DEBOUNCE_MS + 200)
    assert editor.stack.count() == 1          # one command for the whole session
    assert "PCC's comments" in editor.stack.undoText()
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier)   # routed to the shared stack
    assert field.toPlainText() == ""
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).pcc_comments == ""
    assert any("PCC explanation" in g for g in editor.response.gaps())
    qtbot.keyClick(field, Qt.Key_Z, Qt.ControlModifier | Qt.ShiftModifier)
    assert field.toPlainText() == "First thoughts, then more"
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).pcc_comments == \
        "First thoughts, then more"


def test_undo_of_status_and_publication_date(qtbot, editor, ws2018):
    item = rec(editor)
    editor.field("item", item.id, "status").setCurrentText("in progress")
    editor.field("item", item.id, "status").setCurrentText("complete")
    assert editor.stack.count() == 2          # each choice is its own step
    editor.undo()
    assert editor.field("item", item.id, "status").currentText() == "in progress"
    published = editor.header.published
    published.edit.setDate(published.edit.date().addDays(10))
    editor.flush()
    assert editor.header.deadline.text() == "6 July 2019"
    assert stored(ws2018.folder_path, ws2018.report_id).published == dt.date(2019, 5, 12)
    editor.undo()
    assert editor.header.deadline.text() == "26 June 2019"
    assert stored(ws2018.folder_path, ws2018.report_id).published == PUBLISHED


# ---------------------------------------------------------------------------- dates
@pytest.mark.parametrize(("left", "text", "level"), [
    (23, "23 days left", "ok"), (1, "1 day left", "soon"), (0, "Due today", "today"),
    (-4, "Overdue by 4 days", "overdue"), (-1, "Overdue by 1 day", "overdue"),
    (None, "No deadline: the publication date is not known", "unknown")])
def test_countdown_words(left, text, level):
    assert countdown(left) == (text, level)


def test_header_dates_and_countdown_follow_the_calendar(editor, clock):
    h = editor.header
    assert h.deadline.text() == "26 June 2019"
    assert h.cc_due.text() == "30 May 2019"      # 28 days after publication by default
    assert h.countdown.text().startswith("23 days left")
    clock.day = DEADLINE
    h.tick()                                     # what the minute/midnight timer calls
    assert h.countdown.text().startswith("Due today")
    clock.day = DEADLINE + dt.timedelta(days=4)
    assert h.countdown.text().startswith("Due today")   # nothing until the timer fires
    h.tick()
    assert h.countdown.text().startswith("Overdue by 4 days")
    assert "bold" in h.countdown.styleSheet() and "#b71c1c" in h.countdown.styleSheet()
    assert not h.icon.pixmap().isNull()
    assert h.minute.isActive() and h.midnight.isActive()
    editor.header.days.setValue(14)
    assert h.cc_due.text() == "16 May 2019"


def test_chief_constable_days_setting_applies_to_a_new_draft(qtbot, ws2018, clock):
    stack = QUndoStack()
    ed = ResponseEditor(ws2018, stack, cc_due_days=21, today=clock)
    qtbot.addWidget(ed)
    ed.show_report(ws2018.report_id)
    assert ed.header.days.value() == 21
    assert ed.header.cc_due.text() == "23 May 2019"


# ---------------------------------------------------------------------------- bullets
def area_with_items(editor):
    return next(a for a in editor.response.areas() if a.items)


def bullets(ws, report_id, area, part="states"):
    return [b.text for b in ws.responses.get(report_id).areas() if b.name == area
            for b in getattr(b, part)]


def test_add_points_from_a_finding_the_picker_and_the_reader(qtbot, editor, ws2018):
    area = area_with_items(editor).name
    sources = ws2018.responses.sources(ws2018.report_id, area)
    finding = next(s for s in sources if s.source_type == "finding")
    editor.add_bullet(area, "highlighted", finding.text, finding.source_type,
                      finding.source_id, finding.start, finding.end)
    b = ws2018.responses.get(ws2018.report_id).bullets[0]
    assert (b.text, b.source_type, b.source_id) == (finding.text, "finding",
                                                    finding.source_id)

    # the picker: filter to a passage, choose it
    passage = next(s for s in sources if s.source_type == "passage")
    word = max(passage.text.split(), key=len)

    def pick():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, SourcePicker)
        dialog.filter.setText(word)
        shown = [dialog.list.item(n) for n in range(dialog.list.count())
                 if not dialog.list.item(n).isHidden()]
        assert shown and all(word.casefold() in i.text().casefold() for i in shown)
        match = next(i for i in shown if i.data(Qt.UserRole).text == passage.text)
        match.setSelected(True)
        dialog.accept()
    QTimer.singleShot(100, pick)
    editor.add_from(area, "states", "source")
    assert bullets(ws2018, ws2018.report_id, area) == [passage.text]

    # the reader's selection, through the callable the window gives
    report = ws2018.get_report(ws2018.report_id).report
    start = report.text.index(passage.text.split()[0], passage.start)
    end = start + 40
    editor.selection = lambda: (ws2018.report_id, start, end, report.text[start:end])
    editor.add_from(area, "states", "selection")
    got = ws2018.responses.get(ws2018.report_id)
    last = [b for b in got.bullets if b.part == "states"][-1]
    assert (last.source_type, last.start, last.end) == ("selection", start, end)
    assert last.text == " ".join(report.text[start:end].split())
    # the new point has the cursor, ready to reword
    field = editor.field("bullet", last.id, "text")
    editor.activateWindow()   # offscreen, nothing gives the window back after the picker
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    field.selectAll()
    qtbot.keyClicks(field, "Reworded point")
    editor.flush()
    assert bullets(ws2018, ws2018.report_id, area)[-1] == "Reworded point"
    # nothing selected, or selected in another report: a message, no point
    messages = []
    editor.status.connect(messages.append)
    editor.selection = lambda: None
    assert editor.add_from(area, "states", "selection") == []
    editor.selection = lambda: (ws2018.report_id + 99, 0, 5, "other")
    assert editor.add_from(area, "states", "selection") == []
    assert len(messages) == 2 and "another report" in messages[1]


def test_add_a_point_from_an_annotation(qtbot, editor, ws2018):
    area = area_with_items(editor).name
    item = area_with_items(editor).items[0]
    note = ws2018.annotations.create(ws2018.report_id, item.start, item.start + 30,
                                     note="Quote this in the response")

    def pick():
        dialog = QApplication.activeModalWidget()
        assert dialog.list.count() == 1
        assert "Quote this in the response" in dialog.list.item(0).text()
        dialog.list.item(0).setSelected(True)
        dialog.accept()
    QTimer.singleShot(100, pick)
    editor.add_from(area, "highlighted", "annotation")
    b = ws2018.responses.get(ws2018.report_id).bullets[0]
    assert (b.source_type, b.source_id, b.part) == ("annotation", note.id, "highlighted")


def test_reorder_delete_and_undo_points(qtbot, editor, ws2018):
    area = area_with_items(editor).name
    rid = ws2018.report_id
    for text in ("First point", "Second point", "Third point"):
        editor.add_bullet(area, "states", text)
    ids = [b.id for b in editor.response.bullets]
    editor.move_bullet(ids[2], 0)
    assert bullets(ws2018, rid, area) == ["Third point", "First point", "Second point"]
    # the keyboard: Alt+Shift+Up on the focused point (the Response menu's action)
    field = editor.field("bullet", ids[1], "text")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus, timeout=2000)
    editor.act_up.trigger()
    assert bullets(ws2018, rid, area) == ["Third point", "Second point", "First point"]
    # the buttons on screen follow
    blist = editor._areas[area].lists["states"]
    assert [r.edit.toPlainText() for r in blist.rows] == bullets(ws2018, rid, area)
    assert not blist.rows[0].up.isEnabled() and not blist.rows[-1].down.isEnabled()
    blist.rows[1].delete.click()
    assert bullets(ws2018, rid, area) == ["Third point", "First point"]
    editor.undo()
    assert bullets(ws2018, rid, area) == ["Third point", "Second point", "First point"]
    # an edit made before the delete can still be undone on the re-added point
    restored = editor._areas[area].lists["states"].rows[1].edit
    restored.setFocus()
    restored.selectAll()
    qtbot.keyClicks(restored, "Second point, reworded")
    editor.flush()
    editor.undo()
    assert bullets(ws2018, rid, area)[1] == "Second point"
    for _ in range(3):
        editor.undo()   # the Alt+Shift+Up, the move, the third add
    assert bullets(ws2018, rid, area) == ["First point", "Second point"]
    assert editor.stack.canRedo()


# ---------------------------------------------------------------------------- export
def test_export_to_word_from_the_editor(qtbot, editor, ws2018, tmp_path):
    item = rec(editor)
    area = area_with_items(editor).name
    editor.add_bullet(area, "states", "Has a clear code of ethics for its staff")
    type_into(qtbot, editor.field("item", item.id, "pcc_comments"),
              "The PCC has asked for a monthly vetting report.")
    messages = []
    editor.status.connect(messages.append)
    out = tmp_path / "out" / "response.docx"
    (tmp_path / "out").mkdir()
    with qtbot.waitSignal(editor.exported, timeout=20000) as done:
        task = editor.export_word(out)   # typed text not yet committed: export flushes
        assert task is not None and not editor.word_button.isEnabled()
    assert done.args == [out] and editor.word_button.isEnabled()
    assert messages[-1].startswith(f"Wrote {out}") and "DRAFT" in messages[-1]
    doc = docx.Document(str(out))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "The PCC has asked for a monthly vetting report." in text
    assert "Has a clear code of ethics for its staff" in text
    assert "26 June 2019" in text
    assert "DRAFT" in doc.sections[0].header.paragraphs[0].text
    bullet = next(p for p in doc.paragraphs if p.text == "Has a clear code of ethics for its "
                  "staff")
    assert bullet.style.name == "List Bullet"

    # CSV beside it
    csv_out = tmp_path / "out" / "items.csv"
    with qtbot.waitSignal(editor.exported, timeout=20000):
        editor.export_csv(csv_out)
    assert "The PCC has asked for a monthly vetting report." in \
        csv_out.read_text(encoding="utf-8-sig")


def test_export_errors_are_one_readable_line(qtbot, editor, tmp_path):
    messages = []
    editor.status.connect(messages.append)
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    editor.export_word(blocker / "response.docx")
    qtbot.waitUntil(lambda: editor.task is None, timeout=20000)
    assert messages[-1].startswith("Cannot write response.docx")
    assert "\n" not in messages[-1] and "Traceback" not in messages[-1]
    bad = tmp_path / "template.docx"
    bad.write_text("not a word file")
    editor.choose_template(bad)
    assert "template.docx" in editor.template_label.text()
    editor.export_word(tmp_path / "r.docx")
    qtbot.waitUntil(lambda: editor.task is None, timeout=20000)
    assert messages[-1] == ("Cannot use the template template.docx: the file is damaged "
                            "(not a valid Word document).")
    assert describe(PermissionError(13, "Permission denied"), tmp_path / "r.docx") \
        .startswith("Cannot write r.docx: it is open in another program")


# ---------------------------------------------------------------------------- the window
def test_draft_response_from_the_window(qtbot, ws2018, tmp_path, monkeypatch):
    from peelreview.ui.main_window import MainWindow

    w = MainWindow(ws2018, qsettings=QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    assert not w.open_response_editor()          # no report open yet: a message
    pane = w.open_report(ws2018.report_id)
    action = next(a for a in w.actions() if a.text() == "Draft PCC &response")
    assert action.shortcut().toString() == "Ctrl+R"
    action.trigger()
    ed = w.response_editor
    assert w.response_dock.isVisible() and ed.report_id == ws2018.report_id
    assert ed.width() >= 420
    # F1's help page lists the editor's shortcuts under their menu, and no undo history
    from peelreview.ui.help import shortcut_groups

    w.show_shortcuts()
    groups = dict(shortcut_groups(w.menuBar()))
    assert ("Draft PCC response", "Ctrl+R") in groups["Response"]
    assert ("Export response to Word", "Ctrl+Shift+E") in groups["Response"]
    assert ("Undo the last change", "Ctrl+Z") in groups["Edit"]
    page = w.help_dialog.text.toPlainText()
    assert "Your day, step by step" in page and "Draft PCC response" in page
    # the reader's selection becomes a point
    item = ed.response.recommendations[0]
    assert pane.select_span(item.start, item.start + 25)
    area = item.area
    ed.add_from(area, "highlighted", "selection")
    got = ws2018.responses.get(ws2018.report_id).bullets
    assert got[-1].start == item.start and got[-1].text == " ".join(item.text[:25].split())
    # the window's Ctrl+Z undoes it
    w.act_undo.trigger()
    assert ws2018.responses.get(ws2018.report_id).bullets == []
    w.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is w, timeout=2000)
    # the Response menu's shortcuts work from a point: Alt+Shift+Up moves it
    ed.add_bullet(area, "states", "Point A")
    second = ed.add_bullet(area, "states", "Point B")
    point = ed.field("bullet", second, "text")
    qtbot.waitUntil(point.hasFocus, timeout=2000)
    qtbot.keyClick(point, Qt.Key_Up, Qt.AltModifier | Qt.ShiftModifier)
    assert [b.text for b in ws2018.responses.get(ws2018.report_id).bullets] == \
        ["Point B", "Point A"]
    # typing, then closing the window at once: kept
    field = ed.field("item", item.id, "pcc_comments")
    type_into(qtbot, field, "Written just before closing")
    w.close()
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).pcc_comments == \
        "Written just before closing"


def test_tab_goes_down_the_page_and_fields_are_named(qtbot, editor):
    area = area_with_items(editor)
    item = area.items[0]
    cc = editor.field("item", item.id, "cc_comments")
    cc.setFocus()
    qtbot.waitUntil(cc.hasFocus, timeout=2000)
    qtbot.keyClick(cc, Qt.Key_Tab)
    assert QApplication.focusWidget() is editor.field("item", item.id, "pcc_comments")
    # a point added later still sits in the page's order, not at the end of the chain
    bid = editor.add_bullet(area.name, "states", "A point added later")
    point = editor.field("bullet", bid, "text")
    qtbot.waitUntil(point.hasFocus, timeout=2000)
    qtbot.keyClick(point, Qt.Key_Tab)
    assert QApplication.focusWidget() is editor._areas[area.name].lists["highlighted"] \
        .add_button
    # the first stop is the publication date; every field says what it is
    assert editor.header.published.check.accessibleName() == \
        "Publication date of the report: set"
    assert "PCC's comments on Recommendation 1" in \
        editor.field("item", editor.response.recommendations[0].id,
                     "pcc_comments").accessibleName()
    assert all(w.accessibleName() for w in editor._fields.values())


def test_the_wheel_scrolls_the_form_and_changes_no_field(qtbot, editor, ws2018):
    """A wheel turn over a status, date or number field the officer has not clicked
    scrolls the form; the field keeps its value (and nothing is stored)."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication

    from peelreview.ui.wheel_guard import install

    install()
    item = rec(editor)
    original = item.status
    fields = [editor.field("item", item.id, "status"),
              editor.field("item", item.id, "target_date"),
              editor.field("response", editor.response.id, "cc_due_days")]
    fields = [f for f in fields if f is not None]
    assert len(fields) >= 2
    bar = editor.scroll.verticalScrollBar()

    def turn(widget, down: bool = True) -> None:
        centre = QPointF(widget.rect().center())
        glob = QPointF(widget.mapToGlobal(QPoint(int(centre.x()), int(centre.y()))))
        event = QWheelEvent(centre, glob, QPoint(0, 0), QPoint(0, -120 if down else 120),
                            Qt.NoButton, Qt.NoModifier, Qt.ScrollUpdate, False)
        QApplication.sendEvent(widget, event)

    for f in fields:
        editor.scroll.ensureWidgetVisible(f, 20, 200)
        before, where = f.value(), bar.value()
        editor.setFocus()
        for _ in range(3):
            turn(getattr(f, "edit", f))  # a date field's input box is what the pointer is over
        assert f.value() == before, f
        assert not getattr(f, "edit", f).hasFocus()
        if editor.scroll.isAncestorOf(f):  # the form under it scrolls instead
            assert bar.value() > where or bar.value() == bar.maximum(), type(f).__name__
    assert stored(ws2018.folder_path, ws2018.report_id).item(item.id).status == original
    status = fields[0]
    status.setFocus()  # clicked into: the wheel works on it as usual
    qtbot.waitUntil(status.hasFocus, timeout=2000)
    turn(status)
    assert status.value() != original


def test_reopening_shows_every_saved_field(qtbot, ws2018, clock):
    """OPCC and PCC names, introduction, overall comments and closing are shown when the
    editor opens again, as they are saved."""
    values = {"opcc_name": "Office of the PCC for Westshire", "pcc_name": "Sam Rowe",
              "introduction": "We welcome the report.", "overall": "Overall, progress.",
              "closing": "Signed on behalf of the Commissioner."}
    ws2018.responses.get(ws2018.report_id)
    ws2018.responses.update_response(ws2018.report_id, **values)
    stack = QUndoStack()
    ed = ResponseEditor(ws2018, stack, today=clock)
    qtbot.addWidget(ed)
    assert ed.show_report(ws2018.report_id)
    rid = ws2018.report_id
    shown = {k: ed.field("response", rid, k).value() for k in values}
    assert shown == values


def test_a_change_stored_elsewhere_shows_without_reopening(qtbot, editor, ws2018):
    """The command line (another program) changes the response: the open editor shows it
    within its polling interval; a field the officer is typing in is left alone."""
    rid = ws2018.report_id
    item = rec(editor)
    mine = editor.field("item", item.id, "cc_comments")
    type_into(qtbot, mine, "typing")
    with Workspace(ws2018.folder_path) as other:
        other.responses.update_response(rid, pcc_name="Alex Hartley", overall="From the CLI.")
        other.responses.update_item(item.id, owner="ACC Crime", cc_comments="theirs")
    qtbot.waitUntil(lambda: editor.field("response", rid, "pcc_name").value() == "Alex Hartley",
                    timeout=6000)
    assert editor.field("response", rid, "overall").value() == "From the CLI."
    assert editor.field("item", item.id, "owner").value() == "ACC Crime"
    assert mine.value() == "typing"  # never overwritten while the officer types


def test_names_are_remembered_for_the_next_response(qtbot, ws2018, clock, tmp_path,
                                                    monkeypatch):
    """The OPCC's and PCC's names typed in one response start the next one."""
    from conftest import DATA

    from peelreview.settings import Settings

    monkeypatch.setenv("PEELREVIEW_CONFIG", str(tmp_path / "settings.json"))
    settings = Settings()
    ed = ResponseEditor(ws2018, QUndoStack(), today=clock, settings=settings)
    qtbot.addWidget(ed)
    assert ed.show_report(ws2018.report_id)
    ed.show()
    rid = ws2018.report_id
    type_into(qtbot, ed.field("response", rid, "opcc_name"), "Westshire OPCC")
    type_into(qtbot, ed.field("response", rid, "pcc_name"), "Sam Rowe")
    ed.flush()
    assert (Settings.load().opcc_name, Settings.load().pcc_name) == ("Westshire OPCC",
                                                                   "Sam Rowe")
    other = ws2018.import_paths([DATA / "fenland_vetting_2024.txt"]).imported[0].report_id
    assert ed.show_report(other)
    assert ed.field("response", other, "opcc_name").value() == "Westshire OPCC"
    assert ed.field("response", other, "pcc_name").value() == "Sam Rowe"


def test_export_for_publication_from_the_editor(qtbot, editor, tmp_path):
    """The "For publication" box: the Word file has no owners, statuses or target dates."""
    editor.exports.public.setChecked(True)
    editor.exports.export_word(tmp_path / "public.docx")
    qtbot.waitUntil(lambda: editor.exports.task is None, timeout=20000)
    text = "\n".join(p.text for p in docx.Document(str(tmp_path / "public.docx")).paragraphs)
    assert "Chief constable's response:" in text
    assert "Owner:" not in text and "Target date:" not in text
