"""The links panel, the trace view and suggestions in the main window (pytest-qt).

On a copy of the fictional demo workspace (Wessex: a 2018/19 cause of concern about vetting,
its PCC's 2019 response restating it; Mercia Vale: another force), and for the screenshot on
the real corpus (skipped without it).
"""
from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from peelreview.workspace import Workspace
from tests.support.windows import demo_copy, open_window


def make_window(qtbot, tmp_path, folder):
    return open_window(qtbot, folder, tmp_path / "ui.ini")


@pytest.fixture()
def window(qtbot, tmp_path, demo_template):
    w = make_window(qtbot, tmp_path, demo_copy(demo_template, tmp_path))
    yield w
    wait_idle(qtbot, w)
    w.workspace.close()


def wait_idle(qtbot, w):
    qtbot.waitUntil(lambda: not w.links_panel.busy, timeout=20000)


def report(w, force, kind, year=None):
    return next(r["id"] for r in w.workspace.list_reports()
                if r["force"] == force and r["kind"] == kind
                and (year is None or r["year"] == year))


def finding(w, report_id, kind, word):
    return next(r["id"] for r in w.workspace.store.db.execute(
        "SELECT id, kind, text FROM findings WHERE report_id=? ORDER BY ord", (report_id,))
        if r["kind"] == kind and word in r["text"].lower())


def choose(pane, finding_id):
    """The officer clicks the finding in the pane's findings list."""
    pane.findings.findingChosen.emit(pane.stored.finding_ids.index(finding_id))


def shows(pane, start, end, quote) -> bool:
    """The pane marks text[start:end]: highlighted by go_to, or flashed by go_to_item."""
    flashed = [sel.cursor.selectedText() for sel in pane.text.extraSelections()]
    return pane.highlighted == (start, end) or quote in flashed


def wessex(w):
    old = report(w, "Wessex Constabulary", "peel-inspection", 2019)
    pcc = report(w, "Wessex Constabulary", "pcc-response")
    return (old, finding(w, old, "cause_of_concern", "vetting"),
            pcc, finding(w, pcc, "cause_of_concern", "vetting"))


def test_choosing_a_finding_shows_it_and_its_links(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    panel = window.links_panel
    window.workspace.links.create(("finding", restated), ("finding", concern), "responds to",
                                  "restated")
    pane = window.open_report(old)
    choose(pane, concern)
    assert panel.item == ("finding", concern)
    assert "Cause of concern" in panel.header.text()
    assert panel.link_list.count() == 1
    line = panel.link_list.item(0).text()
    assert line.startswith("responded to by \u2190") and "restated" in line
    assert panel.tabs.tabText(0) == "Links (1)"
    wait_idle(qtbot, window)


def test_create_link_shows_on_both_ends(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    panel = window.links_panel
    pane = window.open_report(pcc)
    choose(pane, restated)
    link = panel.add_link(("finding", concern), "responds to", "in the PCC's answer")
    assert link is not None and panel.link_list.count() == 1
    assert panel.link_list.item(0).text().startswith("responds to \u2192")
    # a duplicate is refused with one line in the status bar
    assert panel.add_link(("finding", concern), "responds to") is None
    assert "already linked" in window.statusBar().currentMessage()
    pane = window.open_report(old)
    choose(pane, concern)
    assert panel.link_list.count() == 1
    assert panel.link_list.item(0).text().startswith("responded to by \u2190")
    wait_idle(qtbot, window)


def test_follow_opens_the_other_end_in_the_other_pane(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    window.workspace.links.create(("finding", restated), ("finding", concern), "responds to")
    left = window.open_report(old, 0)
    window.open_report(report(window, "Wessex Constabulary", "peel-inspection", 2022), 1)
    right = window.readers.panes[1]
    choose(left, concern)
    panel = window.links_panel
    panel.link_list.setCurrentRow(0)
    panel.follow_selected()
    assert right.report_id == pcc and left.report_id == old
    f = window.workspace.get_report(pcc).report.findings[
        window.workspace.get_report(pcc).finding_ids.index(restated)]
    assert right.highlighted == (f.start, f.end)
    assert panel.item == ("finding", concern)  # the panel stays on the chosen item
    wait_idle(qtbot, window)


def test_delete_then_ctrl_z_restores_the_link(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    window.workspace.links.create(("finding", restated), ("finding", concern), "responds to")
    pane = window.open_report(old)
    choose(pane, concern)
    panel = window.links_panel
    panel.link_list.setFocus()
    panel.link_list.setCurrentRow(0)
    qtbot.keyClick(panel.link_list, Qt.Key_Delete)
    assert panel.link_list.count() == 0
    assert window.workspace.links.for_item("finding", concern) == []
    window.act_undo.trigger()
    assert panel.link_list.count() == 1
    assert len(window.workspace.links.for_item("finding", concern)) == 1
    window.act_redo.trigger()
    assert panel.link_list.count() == 0
    wait_idle(qtbot, window)


def test_delete_elsewhere_in_the_window_leaves_the_link(window, qtbot):
    """Delete removes a link only while the links list has the focus."""
    old, concern, pcc, restated = wessex(window)
    window.workspace.links.create(("finding", restated), ("finding", concern), "responds to")
    pane = window.open_report(old)
    choose(pane, concern)
    window.links_panel.link_list.setCurrentRow(0)
    window.library.setFocus()
    qtbot.keyClick(window.library, Qt.Key_Delete)
    pane.text.setFocus()
    qtbot.keyClick(pane.text, Qt.Key_Delete)
    assert len(window.workspace.links.for_item("finding", concern)) == 1
    wait_idle(qtbot, window)


def test_suggestions_accept_and_reject_through_the_panel(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    recommendation = finding(window, pcc, "recommendation", "vetting")
    pane = window.open_report(old)
    choose(pane, concern)
    panel = window.links_panel
    wait_idle(qtbot, window)
    offered = [s.finding_id for s in panel.suggestions]
    assert restated in offered and recommendation in offered
    mercia = report(window, "Mercia Vale Police", "peel-inspection")
    assert all(s.report_id != mercia for s in panel.suggestions)

    panel.suggestion_list.setCurrentRow(offered.index(restated))
    panel.accept_type.setCurrentText("responds to")
    panel.accept_button.click()
    wait_idle(qtbot, window)
    links = window.workspace.links.for_item("finding", concern)
    assert [(lk.source, lk.link_type) for lk in links] == [(("finding", restated),
                                                            "responds to")]
    assert restated not in [s.finding_id for s in panel.suggestions]
    assert panel.link_list.count() == 1

    row = [s.finding_id for s in panel.suggestions].index(recommendation)
    panel.suggestion_list.setCurrentRow(row)
    panel.reject_button.click()
    wait_idle(qtbot, window)
    assert recommendation not in [s.finding_id for s in panel.suggestions]
    assert window.workspace.suggestions.rejected(("finding", concern)) == {recommendation}
    window.act_undo.trigger()  # the rejection
    wait_idle(qtbot, window)
    assert recommendation in [s.finding_id for s in panel.suggestions]
    window.act_undo.trigger()  # the acceptance
    wait_idle(qtbot, window)
    assert window.workspace.links.for_item("finding", concern) == []
    assert restated in [s.finding_id for s in panel.suggestions]


def test_stale_suggestions_are_dropped(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    pane = window.open_report(old)
    panel = window.links_panel
    choose(pane, concern)
    first = panel._serial
    other = pane.stored.finding_ids[0]
    choose(pane, other)  # before the first answer is in
    panel._suggested(first, ["stale"])  # a late answer for the first item
    assert "stale" not in panel.suggestions
    wait_idle(qtbot, window)
    assert [s.finding_id for s in panel.suggestions] == [
        s.finding_id for s in window.workspace.suggestions.for_item("finding", other, 8)]


def test_trace_shows_the_dated_chain_and_opens_a_step(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    ws = window.workspace
    new = report(window, "Wessex Constabulary", "peel-inspection", 2022)
    text = ws.get_report(new).report.text
    start = text.index("vetting") if "vetting" in text else 100
    note = ws.annotations.create(new, start, start + 7, note="progress on the backlog")
    ws.links.create(("finding", restated), ("finding", concern), "responds to")
    ws.links.create(("annotation", note.id), ("finding", restated), "follows up")
    pane = window.open_report(old)
    choose(pane, concern)
    trace = window.links_panel.trace_view
    assert [(s.kind, s.id) for s in trace.steps] == [
        ("finding", concern), ("finding", restated), ("annotation", note.id)]
    dates = [s.date for s in trace.steps]
    assert dates == sorted(dates)
    assert trace.arrow(trace.steps[0], trace.steps[1]) == ("responds to", -1)
    assert "Trace, oldest first" in trace.accessibleDescription()
    window.links_panel.tabs.setCurrentWidget(window.links_panel.trace_pane)
    steps = window.links_panel.trace_pane.steps_list     # one accessible item per step
    assert steps.count() == 3 and steps.isVisibleTo(window.links_panel.trace_pane)
    heard = steps.item(1).data(Qt.AccessibleTextRole)
    assert heard.startswith("Step 2 of 3") and "responds to" in heard
    steps.setCurrentRow(1)
    assert trace.selected_index() == 1                   # the diagram follows the list
    trace.select(2)
    assert steps.currentRow() == 2                       # and the list the diagram
    out = Path(__file__).resolve().parents[1] / "output"
    out.mkdir(exist_ok=True)
    from peelreview.ui.links.trace import TracePane

    look = TracePane()
    qtbot.addWidget(look)
    look.view.set_trace(trace.steps, trace.links, trace.current)
    look.resize(380, 560)
    look.show()
    look.grab().save(str(out / "trace-pane.png"))   # to look at
    trace.setFocus()
    qtbot.keyClick(trace, Qt.Key_Down)
    qtbot.keyClick(trace, Qt.Key_Down)
    qtbot.keyClick(trace, Qt.Key_Down)
    qtbot.keyClick(trace, Qt.Key_Return)
    assert window.readers.active_pane().report_id == new
    assert shows(window.readers.active_pane(), start, start + 7, note.quote)
    wait_idle(qtbot, window)


def test_add_link_dialog_offers_the_other_panes_item_and_filters(window, qtbot):
    old, concern, pcc, restated = wessex(window)
    left = window.open_report(old, 0)
    right = window.open_report(pcc, 1)
    choose(right, restated)
    choose(left, concern)
    dialog = window.links_panel.make_add_dialog()
    qtbot.addWidget(dialog)
    assert dialog.target() == ("finding", restated)  # the other pane's item comes first
    mercia = report(window, "Mercia Vale Police", "peel-inspection")
    listed = {dialog.proxy.index(r, 0).data(Qt.UserRole + 1)
              for r in range(dialog.proxy.rowCount())}
    assert ("finding", concern) not in listed
    assert not {("finding", f) for f in window.workspace.get_report(mercia).finding_ids} & listed
    dialog.filter.setText("call handlers")
    assert 0 < dialog.proxy.rowCount() < len(listed)
    assert dialog.choose(dialog.proxy.index(0, 0).data(Qt.UserRole + 1))
    wait_idle(qtbot, window)


def test_links_panel_screenshot_on_the_real_corpus(qtbot, tmp_path):
    """A 3-step chain on the real corpus: 2018/19 cause of concern -> the PCC's 2019
    response restating it -> the 2021/22 passage on vetting progress."""
    from tests.conftest import corpus_path

    seeds = corpus_path("seeds")
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        ws.import_paths([next(seeds.glob(f"{n}_*.txt")) for n in ("001", "002", "004")])
    w = make_window(qtbot, tmp_path, folder)
    try:
        ws = w.workspace
        wm = "West Midlands Police"
        old = report(w, wm, "peel-inspection", 2019)
        new = report(w, wm, "peel-inspection", 2021)
        pcc = report(w, wm, "pcc-response")
        concern = finding(w, old, "cause_of_concern", "vetting")
        restated = finding(w, pcc, "cause_of_concern", "vetting")
        stored = ws.get_report(new)
        block = next(b for b in stored.report.blocks if b.kind == "paragraph"
                     and "2018/19" in stored.report.text[b.start:b.end]
                     and "vetting" in stored.report.text[b.start:b.end])
        note = ws.annotations.create(new, block.start, block.end,
                                     note="Progress since the 2018/19 cause of concern")
        ws.links.create(("finding", restated), ("finding", concern), "responds to",
                        "The PCC's 2019 response restates it")
        ws.links.create(("annotation", note.id), ("finding", concern), "follows up")
        w.open_report(new, 0)
        left = w.open_report(old, 1)
        w.readers.panes[0].go_to(block.start, block.end)
        choose(left, concern)
        wait_idle(qtbot, w)
        w.links_panel.tabs.setCurrentWidget(w.links_panel.trace_pane)
        steps = w.links_panel.trace_view.steps
        assert [s.id for s in steps] == [concern, restated, note.id]
        # room for the whole chain at 1400x900: the library folds away, the links dock
        # takes most of the right-hand column
        w.library_dock.hide()
        w.resizeDocks([w.search_dock, w.links_dock], [160, 700], Qt.Vertical)
        qtbot.wait(50)
        w.resize(1400, 900)
        qtbot.wait(100)
        assert "follows up the 2019-05-02 cause of concern" in \
            w.links_panel.trace_view.distant_label(steps[2])
        w.grab().save("/tmp/links-trace.png")
    finally:
        wait_idle(qtbot, w)
        w.workspace.close()
