"""The search panel: search as you type off the UI thread, grouped hits, facets, errors."""
from __future__ import annotations

import threading
import time

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

import shiboken6  # noqa: E402
from PySide6.QtCore import QModelIndex, Qt, QThreadPool, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox  # noqa: E402

from peelreview.demo import build_demo_workspace  # noqa: E402
from peelreview.ui.search.panel import (  # noqa: E402
    EXAMPLE_QUERY,
    HitRole,
    ReportIdRole,
    RowTypeRole,
    SearchPanel,
    add_token,
    filter_token,
    plain,
    query_terms,
    remove_token,
)

WAIT = 5000  # ms: generous, a busy CI machine is slow


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    workspace = build_demo_workspace(tmp_path_factory.mktemp("demo"))
    try:
        yield workspace
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)
        workspace.close()


@pytest.fixture()
def make_panel(qtbot):
    """SearchPanel factory holding strong references until teardown (qtbot keeps only weak
    ones); waits for searches still running before the panels go."""
    panels = []

    def make(workspace):
        panel = SearchPanel(workspace)
        qtbot.addWidget(panel)
        panels.append(panel)
        panel.resize(900, 600)
        return panel
    yield make
    QThreadPool.globalInstance().waitForDone(10_000)
    qtbot.wait(10)
    for panel in panels:  # qtbot closes them first; the rest go here
        if shiboken6.isValid(panel):
            panel.close()
            panel.deleteLater()
    qtbot.wait(1)


class Spy:
    """Wraps ws.search: counts calls, can be slowed down for chosen queries."""

    def __init__(self, search, slow: dict[str, float] | None = None):
        self.search, self.slow = search, slow or {}
        self.calls: list[tuple[str, dict]] = []
        self.threads: set[int] = set()
        self.lock = threading.Lock()

    def __call__(self, query, **kw):
        with self.lock:
            self.calls.append((query, kw))
            self.threads.add(threading.get_ident())
        for word, seconds in self.slow.items():
            if word in query:
                time.sleep(seconds)
        return self.search(query, **kw)


@pytest.fixture()
def spy(ws, monkeypatch):
    s = Spy(ws.search)
    monkeypatch.setattr(ws, "search", s)
    return s


def _headers(panel):
    return [panel.model.index(r, 0) for r in range(panel.model.rowCount())]


def _hits(panel, header):
    return [panel.model.index(r, 0, header) for r in range(panel.model.rowCount(header))]


def _all_hits(panel):
    return [h.data(HitRole) for header in _headers(panel) for h in _hits(panel, header)]


def _shown(panel, query):
    r = panel.result
    return r is not None and r.query == query and not panel.is_searching()


def _search(qtbot, panel, query):
    panel.set_query(query)
    qtbot.waitUntil(lambda: _shown(panel, query), timeout=WAIT)


def _click_index(qtbot, panel, index):
    panel.show()
    qtbot.waitExposed(panel)
    panel.results.scrollTo(index)
    rect = panel.results.visualRect(index)
    assert rect.isValid()
    qtbot.mouseClick(panel.results.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _facet(panel, prefix):
    found = [b for b in panel._facet_buttons if b.text().startswith(prefix)]
    assert found, [b.text() for b in panel._facet_buttons]
    return found[0]


# ---------------------------------------------------------------------- query helpers
def test_query_terms_are_the_plain_words():
    assert query_terms(EXAMPLE_QUERY) == ["vetting"]
    q = '"domestic abuse" AND vett* NOT custody force:"wessex constabulary" year:[2018 TO 2021]'
    assert query_terms(q) == ["domestic", "abuse", "vett"]
    assert query_terms("(stalking OR harassment) kind:recommendation") == ["stalking",
                                                                          "harassment"]
    assert query_terms("vettin~ area:workforce") == ["vettin"]
    assert query_terms("") == []


def test_filter_tokens():
    assert filter_token("kind", "recommendation") == "kind:recommendation"
    assert filter_token("kind", "area_for_improvement") == "kind:area_for_improvement"
    assert filter_token("grade", "Requires improvement") == 'grade:"requires improvement"'
    assert filter_token("grade", "Good") == "grade:good"
    assert filter_token("force", "Wessex Constabulary") == 'force:"wessex constabulary"'
    assert filter_token("year", "2022") == "year:2022"
    q = add_token("vetting", "year:2022")
    assert q == "vetting  year:2022" and add_token(q, "year:2022") == q
    assert remove_token(q, "year:2022") == "vetting"
    assert plain("…the <b>vetting</b> &amp; checks") == "…the vetting & checks"


# ---------------------------------------------------------------------- searching
def test_typing_searches_once_after_the_pause(qtbot, make_panel, ws, spy):
    panel = make_panel(ws)
    qtbot.keyClicks(panel.query_edit, "vetting")
    assert spy.calls == []                       # nothing while typing
    assert panel.model.rowCount() == 0
    qtbot.waitUntil(lambda: _shown(panel, "vetting"), timeout=WAIT)
    assert [c[0] for c in spy.calls] == ["vetting"]  # one search for seven key presses
    assert threading.main_thread().ident not in spy.threads  # and not on the UI thread
    assert panel.model.rowCount() > 0
    assert "matches in" in panel.status_label.text()


def test_enter_searches_at_once(qtbot, make_panel, ws, spy):
    panel = make_panel(ws)
    panel.set_query("backlog", run=False)
    assert spy.calls == [] and panel.result is None
    started = time.monotonic()
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Return)
    assert panel.is_searching()
    qtbot.waitUntil(lambda: _shown(panel, "backlog"), timeout=WAIT)
    assert len(spy.calls) == 1
    assert time.monotonic() - started < SearchPanel.DEBOUNCE_MS / 1000 + 2


def test_hits_are_grouped_by_report(qtbot, make_panel, ws):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    result = panel.result
    groups = result.grouped()
    headers = _headers(panel)
    assert [h.data(ReportIdRole) for h in headers] == [rid for rid, _ in groups]
    for header, (rid, hits) in zip(headers, groups, strict=True):
        assert header.data(RowTypeRole) == "report"
        first = hits[0]
        text = header.data()
        assert first.report_title in text and first.force in text and str(first.year) in text
        assert f"{len(hits)} hit" in text
        children = _hits(panel, header)
        assert [c.data(HitRole) for c in children] == hits
        for c in children:
            assert c.data(RowTypeRole) == "hit" and c.data(ReportIdRole) == rid
            # screen readers get plain text, never markup
            spoken = c.data(Qt.ItemDataRole.AccessibleTextRole)
            assert "<b>" not in spoken and plain(c.data(HitRole).snippet) in spoken
    n_reports = len(groups)
    assert panel.status_label.text() == f"{result.total} matches in {n_reports} reports"
    kinds = {c.data() .split(".")[0] for h in headers for c in _hits(panel, h)}
    assert {"Passage", "Recommendation", "Cause of concern"} <= {k.split(":")[0] for k in kinds}


def test_clicking_a_hit_emits_its_place(qtbot, make_panel, ws):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting kind:recommendation")
    header = _headers(panel)[0]
    index = _hits(panel, header)[0]
    hit = index.data(HitRole)
    with qtbot.waitSignal(panel.hitActivated, timeout=WAIT) as blocker:
        _click_index(qtbot, panel, index)
    rid, start, end, terms = blocker.args
    assert (rid, start, end) == (hit.report_id, hit.start, hit.end)
    assert terms == ["vetting"]
    text = ws.get_report(rid).report.text
    assert "vetting" in text[start:end].lower()


def test_enter_on_hit_and_click_on_report_header(qtbot, make_panel, ws):
    panel = make_panel(ws)
    _search(qtbot, panel, "backlog")
    header = _headers(panel)[1]
    hit_index = _hits(panel, header)[-1]
    panel.results.setCurrentIndex(hit_index)
    panel.results.setFocus()
    hit = hit_index.data(HitRole)
    with qtbot.waitSignal(panel.hitActivated, timeout=WAIT) as blocker:
        qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    assert blocker.args[:3] == [hit.report_id, hit.start, hit.end]
    assert "backlog" in ws.get_report(hit.report_id).report.text[hit.start:hit.end].lower()
    with qtbot.waitSignal(panel.reportActivated, timeout=WAIT) as blocker:
        _click_index(qtbot, panel, header)
    assert blocker.args == [header.data(ReportIdRole)]
    panel.results.setCurrentIndex(header)
    with qtbot.waitSignal(panel.reportActivated, timeout=WAIT) as blocker:
        qtbot.keyClick(panel.results, Qt.Key.Key_Enter)
    assert blocker.args == [header.data(ReportIdRole)]


def test_down_from_query_box_goes_to_first_hit(qtbot, make_panel, ws):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Down)
    current = panel.results.currentIndex()
    assert current.data(RowTypeRole) == "hit"
    assert current.parent() == panel.model.index(0, 0)


# ---------------------------------------------------------------------- facets
@pytest.mark.parametrize("label, token, check", [
    ("Recommendation (", "kind:recommendation", lambda h: h.kind == "recommendation"),
    ("Requires improvement (", 'grade:"requires improvement"',
     lambda h: h.grade == "Requires improvement"),
    ("Wessex Constabulary (", 'force:"wessex constabulary"',
     lambda h: h.force == "Wessex Constabulary"),
    ("2022 (", "year:2022", lambda h: h.year == 2022),
])
def test_facet_click_adds_the_filter(qtbot, make_panel, ws, label, token, check):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    button = _facet(panel, label)
    expected = int(button.text().rsplit("(", 1)[1].rstrip(")"))
    assert not button.isChecked()
    button.click()
    assert panel.query() == f"vetting  {token}"
    qtbot.waitUntil(lambda: _shown(panel, f"vetting  {token}"), timeout=WAIT)
    assert panel.result.total == expected
    hits = _all_hits(panel)
    assert hits and all(check(h) for h in hits)
    # the facet now shows as chosen; pressing it again takes the filter off
    button = _facet(panel, label)
    assert button.isChecked()
    button.click()
    assert panel.query() == "vetting"
    qtbot.waitUntil(lambda: _shown(panel, "vetting"), timeout=WAIT)


def test_facets_have_accessible_names(qtbot, make_panel, ws):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    assert panel._facet_buttons
    for b in panel._facet_buttons:
        assert b.accessibleName() and b.accessibleDescription()


# ---------------------------------------------------------------------- problems
def test_malformed_query_shows_inline_error_and_keeps_results(qtbot, make_panel, ws):
    panel = make_panel(ws)
    panel.show()
    _search(qtbot, panel, "vetting")
    before = panel.model.rowCount()
    panel.set_query('vetting "requires')
    qtbot.waitUntil(lambda: bool(panel.error_text()), timeout=WAIT)
    assert "quotation mark" in panel.error_text()
    assert panel.error_label.isVisible()
    assert panel.error_label.palette().color(panel.error_label.foregroundRole()).red() > 150
    assert "quotation mark" in panel.query_edit.accessibleDescription()
    # the last good results stay, and the status line says whose they are
    assert panel.model.rowCount() == before
    assert panel.status_label.text() == "Still showing the results for: vetting"
    assert QApplication.activeModalWidget() is None
    assert not [w for w in QApplication.topLevelWidgets()
                if isinstance(w, QMessageBox) and w.isVisible()]
    _search(qtbot, panel, 'vetting "requires improvement"')
    assert panel.error_text() == "" and not panel.error_label.isVisible()


def test_unexpected_failure_is_shown_inline(qtbot, make_panel, ws, monkeypatch):
    def broken(query, **kw):
        raise RuntimeError("index is on fire")
    monkeypatch.setattr(ws, "search", broken)
    panel = make_panel(ws)
    panel.set_query("vetting")
    qtbot.waitUntil(lambda: bool(panel.error_text()), timeout=WAIT)
    assert "could not be run" in panel.error_text() and "on fire" in panel.error_text()


def test_did_you_mean(qtbot, make_panel, ws):
    panel = make_panel(ws)
    panel.show()
    _search(qtbot, panel, "vettign")
    assert panel.result.total == 0
    assert panel.suggestion_button.isVisible()
    assert panel.suggestion_button.text() == "Did you mean: vetting?"
    panel.suggestion_button.click()
    assert panel.query() == "vetting"
    qtbot.waitUntil(lambda: _shown(panel, "vetting"), timeout=WAIT)
    assert panel.result.total > 0
    assert not panel.suggestion_button.isVisible()


def test_empty_query_clears(qtbot, make_panel, ws):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    panel.set_query("   ")
    assert panel.model.rowCount() == 0 and panel.result is None
    assert not panel._facet_buttons


# ---------------------------------------------------------------------- threading
def test_stale_results_are_dropped(qtbot, make_panel, ws, monkeypatch):
    slow = Spy(ws.search, slow={"backlog": 0.8})
    monkeypatch.setattr(ws, "search", slow)
    panel = make_panel(ws)
    shown = []
    panel.searchFinished.connect(lambda r: shown.append(r.query))
    panel.set_query("backlog")       # slow: still running when the next query starts
    panel.set_query("vetting")
    qtbot.waitUntil(lambda: _shown(panel, "vetting"), timeout=WAIT)
    QThreadPool.globalInstance().waitForDone(10_000)   # the old search finishes too...
    qtbot.wait(50)
    assert sorted(c[0] for c in slow.calls) == ["backlog", "vetting"]  # both ran
    assert shown == ["vetting"]                        # ...but its results never show
    assert panel.result.query == "vetting"
    assert all(h.report_id for h in _all_hits(panel))
    assert any("vetting" in plain(h.snippet).lower() for h in _all_hits(panel))


def test_ui_thread_stays_responsive_during_a_search(qtbot, make_panel, ws, monkeypatch):
    monkeypatch.setattr(ws, "search", Spy(ws.search, slow={"vetting": 1.0}))
    panel = make_panel(ws)
    ticks = []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()
    started = time.monotonic()
    panel.set_query("vetting")
    assert time.monotonic() - started < 0.3      # set_query does not wait for the index
    qtbot.waitUntil(lambda: panel.status_label.text() == "Searching…", timeout=WAIT)
    assert panel.is_searching()
    qtbot.waitUntil(lambda: _shown(panel, "vetting"), timeout=WAIT)
    timer.stop()
    during = [t for t in ticks if t - started < 0.9]
    assert len(during) >= 10                     # the event loop kept running


def test_sort_choice_and_refresh(qtbot, make_panel, ws, spy):
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    panel.set_sort("date")
    qtbot.waitUntil(lambda: len(spy.calls) == 2 and _shown(panel, "vetting"), timeout=WAIT)
    assert spy.calls[-1][1]["sort"] == "date"
    years = [h.year for h in _all_hits(panel)]
    assert years[0] == max(years)
    assert panel.sort_box.currentText() == "Newest first"
    panel.refresh()
    qtbot.waitUntil(lambda: len(spy.calls) == 3 and _shown(panel, "vetting"), timeout=WAIT)
    assert spy.calls[-1][1]["sort"] == "date"


def test_focus_query_selects_all(qtbot, make_panel, ws):
    panel = make_panel(ws)
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_query("vetting", run=False)
    panel.focus_query()
    assert panel.query_edit.selectedText() == "vetting"


def test_controls_are_named_for_screen_readers(qtbot, make_panel, ws):
    panel = make_panel(ws)
    for w in (panel.query_edit, panel.sort_box, panel.results, panel.facet_area,
              panel.more_button):
        assert w.accessibleName() and w.accessibleDescription(), w
    assert panel.error_label.accessibleName() and panel.status_label.accessibleName()
    assert EXAMPLE_QUERY in panel.query_edit.placeholderText()
    assert panel.results.currentIndex() == QModelIndex()


def test_set_workspace_searches_the_new_one(qtbot, make_panel, ws, tmp_path):
    from peelreview.workspace import Workspace
    panel = make_panel(ws)
    _search(qtbot, panel, "vetting")
    with Workspace(tmp_path / "empty") as empty:
        panel.set_workspace(empty)
        qtbot.waitUntil(lambda: _shown(panel, "vetting"), timeout=WAIT)
        assert panel.result.total == 0 and panel.model.rowCount() == 0
        QThreadPool.globalInstance().waitForDone(10_000)
