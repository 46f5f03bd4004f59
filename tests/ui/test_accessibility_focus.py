"""Keyboard access to the main window (issue #17, WCAG 2.1 2.1.1, 2.4.3, 2.4.7, 2.1.4):
panels tabbed behind others take no focus, every panel shortcut shows, raises and focuses
its panel, F6 / Shift+F6 visit every region on screen, Tab reaches every control of a
reader pane, and no two mnemonics of the window clash. On a copy of the demo workspace,
offscreen, with real key presses."""
from __future__ import annotations

from collections import defaultdict

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QGroupBox,
    QLabel,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

from tests.support.windows import demo_copy, open_window

SHIFT_CTRL = Qt.ControlModifier | Qt.ShiftModifier


@pytest.fixture()
def window(qtbot, tmp_path, demo_template):
    w = open_window(qtbot, demo_copy(demo_template, tmp_path), tmp_path / "ui.ini")
    w.activateWindow()
    yield w
    w.workspace.close()


def report_id(w, force="Wessex Constabulary", year=2022):
    return next(r["id"] for r in w.workspace.list_reports()
                if r["force"] == force and r["year"] == year and r["kind"] == "peel-inspection")


def settle(qtbot) -> None:
    QApplication.processEvents()
    qtbot.wait(20)


def press(qtbot, w, key, modifiers=Qt.NoModifier) -> QWidget | None:
    """A key as the officer presses it: to whatever has the focus."""
    qtbot.keyClick(QApplication.focusWidget() or w, key, modifiers)
    settle(qtbot)
    return QApplication.focusWidget()


def dock_of(widget: QWidget | None) -> QDockWidget | None:
    while widget is not None and not isinstance(widget, QDockWidget):
        widget = widget.parentWidget()
    return widget


def on_screen(w, widget: QWidget) -> bool:
    """Really shown: visible, some of it painted, inside the window."""
    if not widget.isVisible() or widget.visibleRegion().isEmpty():
        return False
    top_left = widget.mapTo(w, widget.rect().topLeft())
    return w.rect().intersects(widget.rect().translated(top_left))


def describe(w, f: QWidget) -> str:
    dock = dock_of(f)
    return (f"{type(f).__name__} {f.accessibleName()!r} in "
            f"{dock.windowTitle() if dock else 'the middle'}")


def in_front(dock: QDockWidget) -> bool:
    """The dock is shown and not behind another tab (Qt keeps those outside the window)."""
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def tab_stops(qtbot, w, start: QWidget, limit: int = 400) -> tuple[list[QWidget], list[str]]:
    """Every widget Tab reaches from `start` until it comes round again, and those of them
    that were not on screen when they had the focus."""
    start.setFocus(Qt.TabFocusReason)
    settle(qtbot)
    first = QApplication.focusWidget()
    stops, off = [first], []
    for _ in range(limit):
        f = press(qtbot, w, Qt.Key_Tab)
        if f is stops[-1]:
            continue   # a date field's Tab moves between day, month and year first
        if f is None or f is first or f in stops:
            break
        stops.append(f)
        if not on_screen(w, f):
            off.append(describe(w, f))
    return stops, off


def open_with_editor(qtbot, w):
    w.open_report(report_id(w))
    settle(qtbot)
    assert w.open_response_editor()
    settle(qtbot)


def open_report_or_editor(qtbot, w, with_editor: bool) -> None:
    if with_editor:
        open_with_editor(qtbot, w)
    else:
        w.open_report(report_id(w))
        settle(qtbot)


def behind(w) -> list[QDockWidget]:
    """Docks in a tab group whose tab is not the front one."""
    return [d for d in w.findChildren(QDockWidget)
            if not d.isHidden() and w.tabifiedDockWidgets(d) and not d.isFloating()
            and not d.visibleRegion().intersects(d.rect())]


# ---------------------------------------------------------------------------- hidden panels
@pytest.mark.parametrize("with_editor", [False, True], ids=["report", "report+editor"])
def test_panels_behind_another_tab_take_no_focus_and_are_not_visible(window, qtbot,
                                                                     with_editor):
    w = window
    open_report_or_editor(qtbot, w, with_editor)
    hidden = behind(w)
    assert hidden, "some right-hand panels share a tab group"
    for dock in hidden:   # the content of a tab behind another is not shown, so not exposed
        assert not dock.widget().isVisible(), dock.windowTitle()
        assert not any(c.isVisible() for c in dock.widget().findChildren(QWidget))
    stops, off = tab_stops(qtbot, w, w.readers.active_pane().text)
    assert len(stops) > 8
    assert off == [], f"{len(off)} of {len(stops)} Tab stops are not on screen"


def test_tab_switch_shows_the_front_panel_only(window, qtbot):
    w = window
    w.show_annotations()
    settle(qtbot)
    assert w.annotations_panel.isVisible() and on_screen(w, w.annotations_panel.view)
    assert not w.search.isVisible() and not w.links_panel.isVisible()
    w.focus_search()
    settle(qtbot)
    assert w.search.isVisible() and not w.annotations_panel.isVisible()
    assert QApplication.focusWidget() is w.search.query_edit


def test_focus_put_into_a_panel_out_of_sight_brings_it_to_the_front(window, qtbot):
    w = window
    w.open_report(report_id(w))
    settle(qtbot)
    assert not w.links_panel.isVisible()       # behind the search panel
    w.links_panel.link_list.setFocus()          # e.g. a panel's own code does
    settle(qtbot)
    assert QApplication.focusWidget() is w.links_panel.link_list
    assert in_front(w.links_dock) and on_screen(w, w.links_panel.link_list)


def test_f8_brings_the_response_editor_to_the_front_before_typing(window, qtbot):
    w = window
    open_with_editor(qtbot, w)
    press(qtbot, w, Qt.Key_L, SHIFT_CTRL)    # the links panel in front of the editor
    assert not w.response_editor.isVisible()
    f = press(qtbot, w, Qt.Key_F8)           # next gap
    assert f is not None and w.response_editor.isAncestorOf(f)
    assert on_screen(w, f), "the field F8 chose must be in sight"
    assert in_front(w.response_dock) and not w.links_panel.isVisible()


# ---------------------------------------------------------------------------- panel keys
PANEL_KEYS = [
    ("links", Qt.Key_L, SHIFT_CTRL, "links_dock"),
    ("annotations", Qt.Key_A, SHIFT_CTRL, "annotations_dock"),
    ("suggestions", Qt.Key_M, SHIFT_CTRL, "links_dock"),
    ("trace", Qt.Key_T, SHIFT_CTRL, "links_dock"),
    ("search", Qt.Key_F, Qt.ControlModifier, "search_dock"),
    ("response", Qt.Key_R, Qt.ControlModifier, "response_dock"),
    ("grades", Qt.Key_G, Qt.ControlModifier, "grades_dock"),
]


@pytest.mark.parametrize("name,key,mods,dock", PANEL_KEYS, ids=[k[0] for k in PANEL_KEYS])
def test_panel_shortcut_shows_raises_and_focuses_every_time(window, qtbot, name, key, mods,
                                                             dock):
    w = window
    w.open_report(report_id(w))
    settle(qtbot)
    w.readers.active_pane().text.setFocus()
    for attempt in (1, 2):   # a second press never hides it
        f = press(qtbot, w, key, mods)
        d = getattr(w, dock)
        assert d.isVisible() and in_front(d), (name, attempt)
        assert d.widget().isVisible(), (name, attempt)
        assert f is not None and d.isAncestorOf(f), (name, attempt, f)
        assert on_screen(w, f), (name, attempt)
    if name == "links":   # the View menu's tick still hides it
        w.links_dock.toggleViewAction().trigger()
        settle(qtbot)
        assert not w.links_dock.isVisible()
        f = press(qtbot, w, key, mods)
        assert w.links_panel.isVisible() and w.links_panel.isAncestorOf(f)


# ---------------------------------------------------------------------------- F6
def region_of(regions, widget):
    return next((r for r in regions if r is widget or r.isAncestorOf(widget)), None)


def test_f6_and_shift_f6_cycle_every_region_on_screen(window, qtbot):
    w = window
    w.open_report(report_id(w))
    assert w.compare_with_previous()
    w.show_annotations()        # annotations in front: search is behind it
    w.show_grades()
    w.library_dock.show()       # (two panes on this screen folded it away)
    settle(qtbot)
    left, right = w.readers.panes
    expected = [w.library, left, right, w.annotations_panel, w.grades]
    w.library.filter_edit.setFocus()
    settle(qtbot)
    seen = []
    for _ in range(len(expected)):
        f = press(qtbot, w, Qt.Key_F6)
        assert f is not None and on_screen(w, f)
        seen.append(region_of(expected, f))
    assert seen == expected[1:] + expected[:1]
    back = []
    for _ in range(len(expected)):
        f = press(qtbot, w, Qt.Key_F6, Qt.ShiftModifier)
        assert f is not None and on_screen(w, f)
        back.append(region_of(expected, f))
    assert back == list(reversed(expected))
    # the search panel behind the annotations is never reached
    assert None not in seen + back     # (the search panel behind the annotations is not
    assert not w.search.isVisible()    # among them, nor shown)


def test_f6_returns_to_where_the_keyboard_was_in_a_region(window, qtbot):
    w = window
    w.open_report(report_id(w))
    settle(qtbot)
    pane = w.readers.active_pane()
    pane.outline.setFocus()
    settle(qtbot)
    while QApplication.focusWidget() is pane.outline or pane.isAncestorOf(
            QApplication.focusWidget()):
        press(qtbot, w, Qt.Key_F6)
    while not pane.isAncestorOf(QApplication.focusWidget()):
        press(qtbot, w, Qt.Key_F6)
    assert QApplication.focusWidget() is pane.outline


# ---------------------------------------------------------------------------- reader Tab
def test_tab_reaches_the_readers_buttons_and_contents_in_reading_order(window, qtbot):
    w = window
    w.open_report(report_id(w))
    settle(qtbot)
    pane = w.readers.active_pane()
    w.library.tree.setFocus()
    settle(qtbot)
    reached = []
    for _ in range(40):
        f = press(qtbot, w, Qt.Key_Tab)
        if pane.isAncestorOf(f):
            reached.append(f)
        elif reached:
            break
    want = [pane.zoom_out_button, pane.zoom_in_button, pane.zoom_reset_button,
            pane.contents_button, pane.findings_button, pane.outline, pane.text,
            pane.findings]
    assert [x for x in reached if x in want] == want
    # and Shift+Tab walks the same stops backwards
    back = []
    for _ in range(len(reached) + 1):
        f = press(qtbot, w, Qt.Key_Backtab)
        if pane.isAncestorOf(f):
            back.append(f)
    assert back[:len(reached)] == list(reversed(reached))


# ---------------------------------------------------------------------------- mnemonics
def mnemonic(text: str) -> str:
    return QKeySequence.mnemonic(text).toString()


def window_mnemonics(w) -> dict[str, list[str]]:
    """Alt+key -> what owns it, for everything a mnemonic fires in the main window: the
    menu bar's menus and every visible button, buddied label, group box and tab."""
    owners: dict[str, list[str]] = defaultdict(list)
    for action in w.menuBar().actions():
        if action.isVisible() and mnemonic(action.text()):
            owners[mnemonic(action.text())].append(f"menu {action.text()!r}")
    for widget in w.findChildren(QWidget):
        if not widget.isVisible() or widget.window() is not w:
            continue
        texts = []
        if isinstance(widget, QAbstractButton) or (isinstance(widget, QLabel)
                                                   and widget.buddy() is not None):
            texts = [widget.text()]
        elif isinstance(widget, QGroupBox):
            texts = [widget.title()]
        elif isinstance(widget, QTabBar):
            texts = [widget.tabText(i) for i in range(widget.count())
                     if widget.isTabVisible(i) and widget.isTabEnabled(i)]
        for text in texts:
            if mnemonic(text):
                owners[mnemonic(text)].append(f"{type(widget).__name__} {text!r}")
    for action in w.actions():
        for keys in action.shortcuts():
            s = keys.toString()
            if s.startswith("Alt+") and len(s) == 5:
                owners[s].append(f"action {action.text()!r}")
    return owners


def menu_clashes(w) -> dict[str, list[str]]:
    """Within each menu of the menu bar (and its submenus), letters used twice."""
    out = {}

    def walk(menu: QMenu, path: str) -> None:
        seen = defaultdict(list)
        for a in menu.actions():
            if a.isSeparator() or not a.isVisible():
                continue
            if mnemonic(a.text()):
                seen[mnemonic(a.text())].append(a.text())
            if a.menu() is not None:
                walk(a.menu(), f"{path} > {a.text()}")
        out.update({f"{path}: {k}": v for k, v in seen.items() if len(v) > 1})

    for top in w.menuBar().actions():
        if top.menu() is not None:
            walk(top.menu(), top.text())
    return out


def clashes(owners: dict[str, list[str]]) -> dict[str, list[str]]:
    """Keys owned by two different things. The same label repeated (each response item's
    "Chief &constable:") is one group Qt cycles through, not a clash; anything sharing
    a key with a menu of the menu bar is (the menu would no longer open)."""
    out = {}
    for key, names in owners.items():
        distinct = set(names)
        if len(distinct) > 1 or (len(names) > 1 and any(n.startswith("menu ") for n in names)):
            out[key] = sorted(distinct)
    return out


@pytest.mark.parametrize("with_editor", [False, True], ids=["report", "report+editor"])
def test_no_two_mnemonics_clash(window, qtbot, with_editor):
    w = window
    open_report_or_editor(qtbot, w, with_editor)
    w.show_grades()   # the bottom panel too
    settle(qtbot)
    docks = [d for d in w.findChildren(QDockWidget) if not d.isHidden()]
    found = {}
    for front in docks:  # each panel in front in turn, each of its tabs: its mnemonics
        front.raise_()   # meet the menus' and the reader's
        settle(qtbot)
        tab_widgets = [t for t in front.findChildren(QTabWidget) if t.isVisible()] or [None]
        for tabs in tab_widgets:
            for index in range(tabs.count() if tabs is not None else 1):
                if tabs is not None:
                    tabs.setCurrentIndex(index)
                    settle(qtbot)
                where = front.windowTitle() + (f" > {tabs.tabText(index)}" if tabs else "")
                found.update({f"{where}: {k}": v
                              for k, v in clashes(window_mnemonics(w)).items()})
    assert not found, "\n".join(f"{k}: {v}" for k, v in sorted(found.items()))
    assert menu_clashes(w) == {}


def test_annotations_panel_buttons_leave_alt_g_and_alt_e_to_the_menus(window, qtbot):
    w = window
    w.open_report(report_id(w))
    w.show_annotations()
    settle(qtbot)
    owners = window_mnemonics(w)
    assert owners["Alt+G"] == ["menu '&Go'"]
    assert owners["Alt+E"] == ["menu '&Edit'"]


# ---------------------------------------------------------------------------- reading order
def test_tab_goes_in_reading_order_from_region_to_region(window, qtbot):
    """From the library Tab goes to the report, not to the panels made before the report's
    pane (Qt's creation order); Shift+Tab comes back; from the report's last control Tab
    goes to the next region F6 would visit."""
    w = window
    w.open_report(report_id(w))
    settle(qtbot)
    pane = w.readers.panes[0]
    w.library.tree.setFocus(Qt.TabFocusReason)
    settle(qtbot)
    assert w.library.isAncestorOf(QApplication.focusWidget())
    f = press(qtbot, w, Qt.Key_Tab)
    assert pane.isAncestorOf(f), describe(w, f)
    back = press(qtbot, w, Qt.Key_Backtab)
    assert w.library.isAncestorOf(back), describe(w, back)
    stops, off = tab_stops(qtbot, w, w.library.tree)
    regions = w.regions()

    def region_of(widget):
        return next(i for i, r in enumerate(regions) if r.isAncestorOf(widget))
    order = [region_of(s) for s in stops if any(r.isAncestorOf(s) for r in regions)]
    visited = [r for i, r in enumerate(order) if i == 0 or order[i - 1] != r]
    # from the library's tree: the report, each panel in F6 order, then the library again
    # (its filter box comes before the tree)
    assert visited[:-1] == sorted(set(visited[:-1])) and visited[-1] == visited[0] == 0, \
        visited
    assert len(set(visited)) == len(regions), (visited, len(regions))
    assert not off
