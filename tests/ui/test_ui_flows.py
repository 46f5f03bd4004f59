"""The officer's flows through the main window, on a real demo workspace (pytest-qt)."""
from __future__ import annotations

import gc
import shutil
import time

import pytest
from PySide6.QtCore import QElapsedTimer, QSettings, Qt, QTimer

from peelreview.ui.main_window import MainWindow
from peelreview.ui.tasks import Task
from tests.support.windows import demo_copy, open_window


@pytest.fixture()
def window(qtbot, tmp_path, demo_template):
    w = open_window(qtbot, demo_copy(demo_template, tmp_path), tmp_path / "ui.ini")
    yield w
    w.workspace.close()


def report_id(window, force, year, kind="peel-inspection"):
    return next(r["id"] for r in window.workspace.list_reports()
                if r["force"] == force and r["year"] == year and r["kind"] == kind)


def test_open_report_from_library(window, qtbot):
    rid = report_id(window, "Wessex Constabulary", 2022)
    window.library.reportActivated.emit(rid)
    pane = window.readers.active_pane()
    assert pane is not None and pane.report_id == rid
    assert window.central.currentWidget() is window.readers


def test_search_and_jump_to_hit(window, qtbot):
    hits = []
    window.search.hitActivated.connect(lambda *a: hits.append(a))
    window.focus_search()
    window.search.set_query("kind:recommendation vetting", run=True)
    qtbot.waitUntil(lambda: window.search.result is not None
                    and window.search.result.total > 0, timeout=10000)
    hit = window.search.result.hits[0]
    window.open_hit(hit.report_id, hit.start, hit.end, ["vetting"])
    pane = window.readers.active_pane()
    assert pane.report_id == hit.report_id
    assert "vetting" in pane.report.text[hit.start:hit.end].lower()


def test_compare_with_previous_and_pair_an_area(window, qtbot):
    new = report_id(window, "Wessex Constabulary", 2022)
    old = report_id(window, "Wessex Constabulary", 2019)
    window.open_report(new)
    assert window.compare_with_previous()
    left, right = window.readers.panes
    assert (left.report_id, right.report_id) == (new, old)
    assert left.go_to_section("Investigating crime")
    window.readers.set_active(0)
    assert window.readers.pair_current_area()
    # the 2018/19 counterpart of "Investigating crime" is its investigation question
    assert "investigat" in (right.current_section() or "").lower()


def test_grade_movement_view(window, qtbot):
    window.open_report(report_id(window, "Wessex Constabulary", 2022))
    window.show_grades()
    assert window.grades_dock.isVisible()


def test_import_with_progress_and_cancel(window, qtbot, tmp_path):
    src = tmp_path / "many"
    src.mkdir()
    sample = (window.workspace.folder / "originals").rglob("*.txt")
    text = next(sample).read_text(encoding="utf-8")
    for i in range(40):
        (src / f"copy{i:02d}.txt").write_text(text + f"\n\nCopy number {i}.\n", encoding="utf-8")
    dialog = window.import_paths([src])
    qtbot.waitUntil(lambda: len(dialog.events) >= 1, timeout=20000)
    dialog.cancel()
    # the worker's end and the UI thread's handling of it are two moments: wait for the latter
    qtbot.waitUntil(lambda: dialog.count.text().startswith("Finished"), timeout=20000)
    assert 1 <= len(dialog.events) < 40
    assert "stopped early" in dialog.count.text()
    # the copies read as further sources of the report they copy (same force, date and
    # words): every file the import finished is held, as a report or as a source of one
    held = window.workspace.store.report_ids
    qtbot.waitUntil(lambda: len(held(sources=True)) == 4 + len(dialog.events), timeout=5000)


def test_failed_import_reported_without_losing_the_rest(window, qtbot, tmp_path):
    src = tmp_path / "mixed"
    src.mkdir()
    (src / "broken.pdf").write_bytes(b"%PDF-1.7\nthis is not a PDF")
    (src / "good.txt").write_text("PEEL 2023\n\nAn inspection of Wessex Constabulary\n\n"
                                  "Responding to the public\n\nGood\n", encoding="utf-8")
    before = len(window.workspace.list_reports())
    dialog = window.import_paths([src])
    qtbot.waitUntil(lambda: dialog.task.finished, timeout=20000)
    qtbot.waitUntil(lambda: dialog.failures.isVisible(), timeout=5000)
    assert "broken.pdf" in dialog.failures.toPlainText()
    assert "damaged" in dialog.failures.toPlainText()
    assert len(window.workspace.list_reports()) == before + 1


def test_ui_thread_stays_responsive_during_import(window, qtbot, tmp_path):
    """A timer on the UI thread never stalls for more than 200 ms while 50 files import."""
    src = tmp_path / "fifty"
    src.mkdir()
    text = next((window.workspace.folder / "originals").rglob("*.txt")).read_text("utf-8")
    for i in range(50):
        (src / f"r{i:02d}.txt").write_text(text + f"\n\nVariant {i}.\n", encoding="utf-8")
    assert not Task.inline
    gaps = []
    clock = QElapsedTimer()
    clock.start()
    last = [clock.elapsed()]

    phases = []

    def tick():
        now = clock.elapsed()
        gaps.append(now - last[0])
        d = getattr(window, "import_dialog", None)
        phases.append((len(d.events) if d else -1, d.count.text()[:12] if d else ""))
        last[0] = now

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(tick)
    # As the app does after start-up (ui/app.py): objects from before (here, from every test
    # that ran earlier in this process) are not rescanned by a full collection mid-import.
    gc.collect()
    gc.freeze()
    timer.start()
    last[0] = clock.elapsed()  # measure from here, not from before the collection above
    try:
        dialog = window.import_paths([src])
        qtbot.waitUntil(lambda: dialog.count.text().startswith("Finished"), timeout=120000)
    finally:
        timer.stop()
        gc.unfreeze()
    assert len(dialog.events) == 50
    worst = max(range(len(gaps)), key=gaps.__getitem__)
    print(f"UI gaps: max {gaps[worst]} ms at tick {worst}/{len(gaps)} {phases[worst]}; "
          f"top: {sorted(gaps)[-5:]}")
    assert max(gaps) < 200, f"the UI thread stalled for {max(gaps)} ms"


def test_keyboard_shortcuts_exist(window):
    shortcuts = {a.text().replace("&", ""): a.shortcut().toString()
                 for a in window.actions()}
    assert shortcuts["Search"] == "Ctrl+F"
    assert shortcuts["Import files\u2026"] == "Ctrl+O"
    assert shortcuts["Next pane"] == "F6"
    assert shortcuts["Close pane"] == "Ctrl+W"
    assert shortcuts["Zoom in"] == "Ctrl++"
    assert shortcuts["Zoom out"] == "Ctrl+-"


def test_state_is_restored(qtbot, tmp_path, demo_template):
    from peelreview.settings import Settings
    from peelreview.workspace import Workspace

    folder = tmp_path / "ws"
    shutil.copytree(demo_template, folder)
    ini = QSettings(str(tmp_path / "ui.ini"), QSettings.IniFormat)
    settings_file = tmp_path / "settings.json"
    settings = Settings()
    ws = Workspace(folder)
    w = MainWindow(ws, settings=settings, qsettings=ini)
    qtbot.addWidget(w)
    w.show()
    rid = ws.list_reports()[0]["id"]
    w.open_report(rid)
    w.resize(701, 523)  # fits the offscreen screen (800 px wide)
    settings_path = settings_file
    w.settings.save = lambda path=None, s=settings: Settings.save(s, settings_path)
    w.close()
    ws.close()
    again = Settings.load(settings_file)
    assert again.open_reports == [rid]
    assert again.last_workspace == str(folder)
    ws2 = Workspace(folder)
    w2 = MainWindow(ws2, settings=again, qsettings=ini)
    qtbot.addWidget(w2)
    w2.restore_state()
    assert w2.readers.open_report_ids() == [rid]
    assert (w2.size().width(), w2.size().height()) == (701, 523)
    ws2.close()
    time.sleep(0)


def test_demo_removes_its_temporary_folder_on_exit(tmp_path):
    """`peelreview --demo` works in a folder of its own and leaves nothing behind."""
    import os
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "TMPDIR": str(tmp_path), "PEELREVIEW_CONFIG":
           str(tmp_path / "settings.json"), "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, "-m", "peelreview", "--demo", "--screenshot",
                          str(tmp_path / "shot.png")], capture_output=True, cwd=ROOT,
                         env=env, timeout=120)
    assert out.returncode == 0, out.stderr.decode()[-2000:]
    assert (tmp_path / "shot.png").is_file()
    assert not list(tmp_path.glob("peelreview-demo-*"))


def test_search_down_then_enter_opens_the_report_at_that_hit(window, qtbot):
    """In the window: type, Down, Enter -- the report opens with the hit highlighted."""
    from peelreview.ui.search.panel import HitRole

    window.activateWindow()
    window.focus_search()
    panel = window.search
    qtbot.keyClicks(panel.query_edit, "vetting")
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=10000)
    qtbot.keyClick(panel.query_edit, Qt.Key.Key_Down)
    hit = panel.results.currentIndex().data(HitRole)
    assert hit is not None, "Down went to a report row, not to its first hit"
    qtbot.keyClick(panel.results, Qt.Key.Key_Return)
    pane = window.readers.active_pane()
    qtbot.waitUntil(lambda: pane.report_id == hit.report_id, timeout=5000)
    assert pane.highlighted == (hit.start, hit.end)


def test_empty_and_demo_workspaces_say_what_to_do(qtbot, tmp_path, demo_ws):
    """An empty workspace says how to import; the demo says it is fictional and how to
    bring in real reports."""
    from tests.support.windows import demo_copy, open_window

    empty = open_window(qtbot, tmp_path / "empty", tmp_path / "a.ini")
    text = empty.placeholder.text()
    assert "no reports yet" in text and "Ctrl+O" in text and "drag" in text
    from peelreview.ui.main_window import MainWindow
    from peelreview.workspace import Workspace

    demo = MainWindow(Workspace(demo_copy(demo_ws.folder, tmp_path)), is_demo=True,
                      qsettings=QSettings(str(tmp_path / "b.ini"), QSettings.IniFormat))
    qtbot.addWidget(demo)
    text = demo.placeholder.text()
    assert "fictional" in text and "Ctrl+O" in text


def test_compare_and_editor_fit_a_1366_by_768_laptop(qtbot, tmp_path, demo_ws):
    """Two reports side by side and the response editor on a 1366x768 screen: the window
    stays 1366 wide, every widget shown lies inside it, and each report's text keeps lines
    of at least 60 characters (the library and contents fold away to make room)."""
    from PySide6.QtWidgets import QApplication, QWidget

    from tests.support.windows import demo_copy, open_window

    w = open_window(qtbot, demo_copy(demo_ws.folder, tmp_path), tmp_path / "ui.ini")
    w.resize(1366, 768)
    reports = w.workspace.list_reports()
    new = max((r for r in reports if r["kind"] == "peel-inspection"
               and r["force"] == "Wessex Constabulary"), key=lambda r: r["year"])
    w.open_report(new["id"])
    assert w.compare_with_previous()
    assert w.open_response_editor()
    for _ in range(10):
        QApplication.processEvents()
    assert w.width() <= 1366 and w.minimumSizeHint().width() <= 1366
    outside = []
    for child in w.findChildren(QWidget):
        if child.isVisible() and not child.visibleRegion().isEmpty():
            corner = child.mapTo(w, child.visibleRegion().boundingRect().bottomRight())
            if corner.x() > w.width() or corner.y() > w.height():
                outside.append(type(child).__name__)
    assert outside == []
    assert [p.text_chars() >= 60 for p in w.readers.panes] == [True, True]
    assert w.response_dock.isVisible()
    w.library_dock.show()  # the officer brings the library back: still nothing runs off
    for _ in range(10):
        QApplication.processEvents()
    assert w.width() <= 1366


def test_the_active_pane_is_marked_and_every_action_goes_to_it(window, qtbot):
    """Clicking into a pane makes it the active one: it wears the thick highlight frame,
    a screen reader hears "active", and Ctrl+R drafts the response to *its* report."""
    from PySide6.QtGui import QPalette

    new = report_id(window, "Wessex Constabulary", 2022)
    old = report_id(window, "Wessex Constabulary", 2019)
    window.open_report(new)
    window.activateWindow()
    assert window.compare_with_previous()
    left, right = window.readers.panes
    window.readers.set_active(0)
    assert "active" in left.accessibleName() and "active" not in right.accessibleName()

    qtbot.mouseClick(right.text.viewport(), Qt.LeftButton)
    qtbot.waitUntil(lambda: window.readers.active == 1, timeout=3000)
    assert right.accessibleName() == "Right reader pane, active"
    assert left.accessibleName() == "Left reader pane"

    shot = right.grab().toImage()
    highlight = right.palette().color(QPalette.Highlight)
    assert shot.pixelColor(1, shot.height() // 2) == highlight
    assert left.grab().toImage().pixelColor(1, 200) != highlight

    ctrl_r = next(a for a in window.findChildren(type(window.menuBar().actions()[0]))
                  if a.shortcut().toString() == "Ctrl+R")
    ctrl_r.trigger()
    assert window.response_editor.report_id == old

    window.next_pane()          # F6: from the right pane on to the search panel
    window.readers.set_active(0)
    assert window.readers.active_pane() is left and "active" in left.accessibleName()
    window.close_pane()
    assert window.readers.panes[0].accessibleName() == "Left reader pane"


def test_opening_compare_keeps_the_reading_position(window, qtbot):
    new = report_id(window, "Wessex Constabulary", 2022)
    window.open_report(new)
    pane = window.readers.active_pane()
    assert pane.go_to_section("Investigating crime")
    qtbot.wait(50)
    before = pane.current_section()
    assert "investigating crime" in (before or "").lower()
    assert window.compare_with_previous()
    left, right = window.readers.panes
    assert left is pane
    # the pane narrows and its text reflows; the place is kept through it
    qtbot.waitUntil(lambda: left.current_section() == before, timeout=3000)
    qtbot.wait(200)
    assert left.current_section() == before
    # the officer reads on in the older report, then asks for the comparison again
    window.readers.set_active(1)
    assert right.go_to_section(right.report.sections[-1].title)
    qtbot.wait(100)
    places = (left.current_section(), right.current_section())  # the left may follow
    window.readers.set_active(0)
    assert window.compare_with_previous()
    qtbot.wait(100)
    assert window.readers.panes == [left, right]
    assert (left.current_section(), right.current_section()) == places


def test_ctrl_c_in_the_terminal_closes_the_app_cleanly(tmp_path):
    """Ctrl+C (SIGINT) closes the window as a click on its close box would: exit 0, the
    demo's temporary folder removed, no traceback."""
    import os
    import signal
    import subprocess
    import sys

    from conftest import ROOT

    env = {**os.environ, "TMPDIR": str(tmp_path), "PEELREVIEW_CONFIG":
           str(tmp_path / "settings.json"), "QT_QPA_PLATFORM": "offscreen"}
    app = subprocess.Popen([sys.executable, "-m", "peelreview", "--demo"], cwd=ROOT, env=env,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        # ready once the demo workspace holds its reports (the index folder exists)
        while not list(tmp_path.glob("peelreview-demo-*/index")):
            assert app.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(2)
        app.send_signal(signal.SIGINT)
        _out, err = app.communicate(timeout=30)
    finally:
        if app.poll() is None:
            app.kill()
    assert app.returncode == 0 and b"Traceback" not in err, err.decode()[-2000:]
    assert not list(tmp_path.glob("peelreview-demo-*"))
