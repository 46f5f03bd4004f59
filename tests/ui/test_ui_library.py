"""The report library: tree model, filter, and opening a report by mouse or keyboard."""
from __future__ import annotations

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

import shiboken6  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt, QThreadPool  # noqa: E402

from peelreview.ui.library.view import (  # noqa: E402
    COL_FINDINGS,
    COL_GRADES,
    COL_KIND,
    NO_FORCE,
    NO_YEAR,
    ForceRole,
    KindRole,
    LibraryFilterProxy,
    LibraryModel,
    LibraryView,
    ReportIdRole,
    SortRole,
    YearRole,
    findings_summary,
    grades_summary,
)


@pytest.fixture()
def make_view(qtbot):
    """LibraryView factory. The test keeps a strong reference until teardown: qtbot only
    holds a weak one, and a widget collected by the garbage collector in the middle of Qt's
    event processing can crash the interpreter."""
    views = []

    def make(rows):
        view = LibraryView(rows)
        qtbot.addWidget(view)
        views.append(view)
        return view
    yield make
    for view in views:  # qtbot closes them first; the rest go here
        if shiboken6.isValid(view):
            view.close()
            view.deleteLater()
    qtbot.wait(1)


def _ids(reports, **match):
    return [r["id"] for r in reports if all(r.get(k) == v for k, v in match.items())]


def _visible_report_ids(view: LibraryView) -> set[int]:
    out, todo = set(), [QModelIndex()]
    while todo:
        parent = todo.pop()
        for row in range(view.proxy.rowCount(parent)):
            idx = view.proxy.index(row, 0, parent)
            if idx.data(ReportIdRole) is not None:
                out.add(idx.data(ReportIdRole))
            todo.append(idx)
    return out


def _click(qtbot, view: LibraryView, index, double=False):
    rect = view.tree.visualRect(index)
    assert rect.isValid()
    # a real double-click is a press/release followed by a double-click event
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    if double:
        qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


# ---------------------------------------------------------------------- the model
def test_model_passes_qtmodeltester(qtmodeltester, reports):
    model = LibraryModel(reports)
    qtmodeltester.check(model)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_filter_text("wessex good")
    qtmodeltester.check(proxy)


def test_model_survives_refresh_under_the_tester(qtmodeltester, reports):
    model = LibraryModel([])
    qtmodeltester.check(model)
    model.refresh(reports)
    qtmodeltester.check(model)
    model.refresh(reports[:1])
    assert len(model.report_ids()) == 1


def test_tree_is_force_then_year_then_report(reports):
    model = LibraryModel(reports)
    forces = [model.index(r, 0).data(ForceRole) for r in range(model.rowCount())]
    assert forces == ["Mercia Vale Police", "Wessex Constabulary"]   # alphabetical
    wessex = model.index(1, 0)
    years = [model.index(r, 0, wessex).data(YearRole) for r in range(model.rowCount(wessex))]
    assert years == [2022, 2019]                                      # newest first
    y2019 = model.index(1, 0, wessex)
    titles = [model.index(r, 0, y2019).data() for r in range(model.rowCount(y2019))]
    ids = [model.index(r, 0, y2019).data(ReportIdRole) for r in range(model.rowCount(y2019))]
    # within 2019 the PCC response (July) is newer than the inspection (May)
    assert ids == _ids(reports, kind="pcc-response") + _ids(reports, kind="peel-inspection",
                                                             year=2019)
    assert titles[0].startswith("PCC response")
    # the report rows carry their roles
    rid = ids[0]
    idx = model.index_for_report(rid)
    assert idx.isValid() and idx.data(ReportIdRole) == rid
    assert idx.data(KindRole) == "pcc-response"
    assert idx.data(ForceRole) == "Wessex Constabulary" and idx.data(YearRole) == 2019
    assert idx.siblingAtColumn(COL_KIND).data() == "PCC response"
    assert model.parent(idx) == y2019
    assert not model.index_for_report(999_999).isValid()


def test_sort_role_ascending_is_the_library_order(reports):
    model = LibraryModel(reports)
    proxy = LibraryFilterProxy()
    proxy.setSourceModel(model)
    before = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == before
    wessex = proxy.index(1, 0)
    assert [proxy.index(r, 0, wessex).data(YearRole)
            for r in range(proxy.rowCount(wessex))] == [2022, 2019]
    assert isinstance(proxy.index(0, 0).data(SortRole), str)


def test_grade_and_finding_summaries(reports):
    model = LibraryModel(reports)
    wessex_2022 = _ids(reports, force="Wessex Constabulary", year=2022)[0]
    idx = model.index_for_report(wessex_2022)
    grades = idx.siblingAtColumn(COL_GRADES).data().replace("\u00a0", " ")
    assert grades == "2 Outstanding · 3 Good · 4 Adequate · 2 Requires improvement"
    tip = idx.siblingAtColumn(COL_GRADES).data(Qt.ItemDataRole.ToolTipRole)
    assert "Protecting vulnerable people: Requires improvement" in tip
    assert "Meeting the strategic policing requirement: Not graded" in tip
    findings = idx.siblingAtColumn(COL_FINDINGS)
    assert findings.data() == "2 rec · 1 CoC · 6 AFI · 4 IP"
    assert findings.data(Qt.ItemDataRole.ToolTipRole).splitlines() == [
        "2 recommendations", "1 cause of concern", "6 areas for improvement",
        "4 innovative practices"]
    assert findings_summary({}) == "" and grades_summary({}) == ""


def test_missing_force_and_year_are_grouped_last():
    rows = [
        {"id": 1, "title": "Untitled notes", "force": None, "kind": "other", "published": None,
         "year": None, "grades": {}, "findings": {}},
        {"id": 2, "title": "Zed report", "force": "Zed Police", "kind": "press-release",
         "published": None, "year": None, "grades": {}, "findings": {}},
        {"id": 3, "title": "Alpha", "force": "Avon Police", "kind": "peel-inspection",
         "published": "2020-01-02", "year": 2020, "grades": {"Legitimacy": "Good"},
         "findings": {"recommendation": 1}},
    ]
    model = LibraryModel(rows)
    labels = [model.index(r, 0).data(ForceRole) for r in range(model.rowCount())]
    assert labels == ["Avon Police", "Zed Police", None]
    assert model.index(2, 0).data().startswith(NO_FORCE)
    zed = model.index(1, 0)
    assert model.index(0, 0, zed).data().startswith(NO_YEAR)
    assert model.index_for_report(2).siblingAtColumn(COL_KIND).data() == "Press release"
    assert model.index_for_report(1).siblingAtColumn(COL_KIND).data() == "Other"


# ---------------------------------------------------------------------- filtering
@pytest.mark.parametrize("text, expected", [
    ("", {"all"}),
    ("wessex", {"Wessex Constabulary"}),
    ("WESSEX 2019", {"wessex-2019"}),
    ("response", {"pcc"}),
    ("mercia inspection", {"Mercia Vale Police"}),
    ("outstanding", {"wessex-2022"}),
    ("inadequate 2022", {"Mercia Vale Police"}),
    ("nothing-like-this", set()),
])
def test_filter_matches_every_word_in_row_or_ancestors(qtbot, make_view, reports, text, expected):
    view = make_view(reports)
    view.filter_edit.setText(text)
    want: set[int] = set()
    for e in expected:
        if e == "all":
            want |= {r["id"] for r in reports}
        elif e == "wessex-2019":
            want |= set(_ids(reports, force="Wessex Constabulary", year=2019))
        elif e == "wessex-2022":
            want |= set(_ids(reports, force="Wessex Constabulary", year=2022))
        elif e == "pcc":
            want |= set(_ids(reports, kind="pcc-response"))
        else:
            want |= set(_ids(reports, force=e))
    assert _visible_report_ids(view) == want
    # the groups shown are expanded, so every match is on screen
    for rid in want:
        idx = view.proxy.mapFromSource(view.model.index_for_report(rid))
        assert view.tree.isExpanded(idx.parent())


# ---------------------------------------------------------------------- the view
def test_double_click_opens_report_and_group_does_not(qtbot, make_view, reports):
    view = make_view(reports)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    rid = _ids(reports, force="Mercia Vale Police")[0]
    idx = view.proxy.mapFromSource(view.model.index_for_report(rid))
    with qtbot.waitSignal(view.reportActivated, timeout=1000) as blocker:
        _click(qtbot, view, idx, double=True)
    assert blocker.args == [rid]
    group = view.proxy.index(0, 0)
    with qtbot.assertNotEmitted(view.reportActivated):
        _click(qtbot, view, group, double=True)


def test_enter_opens_report_and_toggles_group(qtbot, make_view, reports):
    view = make_view(reports)
    view.show()
    qtbot.waitExposed(view)
    rid = _ids(reports, kind="pcc-response")[0]
    with qtbot.waitSignal(view.currentReportChanged, timeout=1000) as changed:
        assert view.select_report(rid)
    assert changed.args == [rid]
    assert view.current_report_id() == rid
    view.tree.setFocus()
    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        with qtbot.waitSignal(view.reportActivated, timeout=1000) as blocker:
            qtbot.keyClick(view.tree, key)
        assert blocker.args == [rid]
    group = view.proxy.index(1, 0)  # Wessex Constabulary
    view.tree.setCurrentIndex(group)
    assert view.current_report_id() is None
    assert view.tree.isExpanded(group)
    with qtbot.assertNotEmitted(view.reportActivated):
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert not view.tree.isExpanded(group)
    qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert view.tree.isExpanded(group)


def test_keyboard_path_from_filter_to_report(qtbot, make_view, reports):
    view = make_view(reports)
    view.show()
    qtbot.waitExposed(view)
    qtbot.keyClicks(view.filter_edit, "mercia")
    qtbot.keyClick(view.filter_edit, Qt.Key.Key_Down)
    rid = _ids(reports, force="Mercia Vale Police")[0]
    assert view.current_report_id() == rid
    with qtbot.waitSignal(view.reportActivated, timeout=1000) as blocker:
        qtbot.keyClick(view.tree, Qt.Key.Key_Return)
    assert blocker.args == [rid]


def test_select_report_clears_a_filter_that_hides_it(qtbot, make_view, reports):
    view = make_view(reports)
    view.filter_edit.setText("mercia")
    rid = _ids(reports, kind="pcc-response")[0]
    assert view.select_report(rid)
    assert view.filter_edit.text() == ""
    assert view.current_report_id() == rid
    assert not view.select_report(424242)


def test_refresh_keeps_selection_and_shows_new_reports(qtbot, make_view, reports):
    view = make_view(reports[:2])
    keep = reports[0]["id"]
    view.select_report(keep)
    view.refresh(reports)
    assert _visible_report_ids(view) == {r["id"] for r in reports}
    assert view.current_report_id() == keep
    with qtbot.waitSignal(view.currentReportChanged, timeout=1000) as blocker:
        view.refresh([r for r in reports if r["id"] != keep])
    assert blocker.args == [-1]


def test_controls_have_accessible_names_and_tab_order(qtbot, make_view, reports):
    view = make_view(reports)
    for w in (view.filter_edit, view.tree):
        assert w.accessibleName() and w.accessibleDescription()
    assert view.filter_edit.placeholderText() == "Filter reports…"
    assert view.filter_edit.isClearButtonEnabled()
    nxt = view.filter_edit.nextInFocusChain()
    while not nxt.focusPolicy() & Qt.FocusPolicy.TabFocus:
        nxt = nxt.nextInFocusChain()
    assert nxt is view.tree
    idx = view.model.index_for_report(reports[0]["id"])
    for col in range(view.model.columnCount()):
        assert idx.siblingAtColumn(col).data(Qt.ItemDataRole.AccessibleTextRole)


def test_filtered_groups_count_what_is_left(qtbot, make_view, reports):
    view = make_view(reports)
    view.filter_edit.setText("outstanding")
    wessex = view.proxy.index(0, 0)
    assert wessex.data() == "Wessex Constabulary  (1 of 3)"
    view.filter_edit.clear()
    assert view.proxy.index(1, 0).data() == "Wessex Constabulary  (3)"


def test_built_from_a_workspace_reads_the_listing_off_the_ui_thread(qtbot, make_view, demo_ws,
                                                                     reports, tmp_path):
    view = make_view(demo_ws)
    qtbot.waitUntil(lambda: _visible_report_ids(view) == {r["id"] for r in reports},
                    timeout=5000)
    # another workspace (empty): its listing replaces the old one
    from peelreview.workspace import Workspace
    with Workspace(tmp_path / "empty") as empty:
        view.set_workspace(empty)
        qtbot.waitUntil(lambda: not _visible_report_ids(view), timeout=5000)
        QThreadPool.globalInstance().waitForDone(10_000)


def test_an_explicit_listing_wins_over_one_still_loading(qtbot, make_view, demo_ws, reports):
    view = make_view(demo_ws)          # starts reading the full listing in the background
    view.refresh(reports[:1])          # ...but the caller's newer listing is what shows
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(50)
    assert _visible_report_ids(view) == {reports[0]["id"]}


def test_same_titles_are_told_apart_and_kinds_fit(qtbot, make_view):
    """Two reports of one title (the PDF and the web page, kept apart) say which is which;
    every kind's name fits its column."""
    rows = [{"id": 1, "title": "PEEL 2023 - Wessex", "force": "Wessex Constabulary",
             "year": 2023, "published": "2023-06-14", "kind": "peel-inspection",
             "format": "pdf", "sources": ["pdf"], "grades": {}, "findings": {}},
            {"id": 2, "title": "PEEL 2023 - Wessex", "force": "Wessex Constabulary",
             "year": 2023, "published": "2023-06-14", "kind": "peel-inspection",
             "format": "html", "sources": ["html"], "grades": {}, "findings": {}},
            {"id": 3, "title": "Stalking", "force": None, "year": 2023,
             "published": None, "kind": "thematic", "format": "pdf", "sources": ["pdf"],
             "grades": {}, "findings": {}}]
    view = make_view(rows)
    model = view.model
    labels = set()
    todo = [QModelIndex()]
    while todo:
        parent = todo.pop()
        for row in range(model.rowCount(parent)):
            idx = model.index(row, 0, parent)
            if idx.data(ReportIdRole) is not None:
                labels.add(idx.data(Qt.ItemDataRole.DisplayRole))
            todo.append(idx)
    assert "PEEL 2023 - Wessex (PDF, 14 June 2023, report 1)" in labels
    assert "PEEL 2023 - Wessex (HTML, 14 June 2023, report 2)" in labels
    assert "Stalking" in labels  # a title held once is shown as it is
    fm = view.fontMetrics()
    from peelreview.ui.library.view import KIND_LABELS

    width = view.tree.header().sectionSize(COL_KIND)
    assert all(fm.horizontalAdvance(k) < width for k in KIND_LABELS.values())
