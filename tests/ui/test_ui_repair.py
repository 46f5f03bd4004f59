"""The app's way back: a workspace whose database was deleted is not opened as an empty
one; the app offers Repair, runs it off the UI thread and the reports come back."""
from __future__ import annotations

from conftest import DATA
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from peelreview.backup import make_backup
from peelreview.errors import StoreError
from peelreview.ui.repair_dialog import can_repair, offer_repair
from peelreview.workspace import Workspace


def _answer_boxes(texts: list[str], choose: str) -> None:
    """Click `choose` on each message box that shows (checked every 50 ms), keeping what
    they said in texts."""
    def tick():
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QMessageBox) and w.isVisible() and w not in seen:
                seen.add(w)
                texts.append(w.text())
                wanted = [b for b in w.buttons() if b.text().replace("&", "") == choose]
                (wanted[0] if wanted else w.buttons()[0]).click()
    seen: set = set()
    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(50)
    _answer_boxes.timer = timer  # kept alive for the test


def test_the_app_offers_repair_and_brings_the_reports_back(qtbot, tmp_path):
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        ws.import_paths([DATA / "fenland_vetting_2024.txt"])
        make_backup(ws.store.db, folder, "test")
    for part in folder.glob("peelreview.sqlite*"):
        part.unlink()
    try:
        Workspace(folder, defer_index=True)
        raise AssertionError("a deleted database must not open as an empty workspace")
    except StoreError as e:
        error = e
    assert can_repair(error)
    said: list[str] = []
    _answer_boxes(said, "Repair")
    assert offer_repair(folder, error)
    _answer_boxes.timer.stop()
    assert "cannot be opened" in said[0] and "Restored the backup" in said[1]
    with Workspace(folder) as ws:
        assert [r["title"] for r in ws.list_reports()][0].startswith("Fenland")


def test_quit_leaves_the_workspace_as_it_was(qtbot, tmp_path):
    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        ws.import_paths([DATA / "fenland_vetting_2024.txt"])
    for part in folder.glob("peelreview.sqlite*"):
        part.unlink()
    said: list[str] = []
    _answer_boxes(said, "Quit")
    assert not offer_repair(folder, StoreError("the database is missing: run `peelreview "
                                               "repair`"))
    _answer_boxes.timer.stop()
    assert not (folder / "peelreview.sqlite").exists()


def test_a_change_that_waits_for_another_program_says_so_in_the_status_bar(qtbot, tmp_path):
    """Another process holds the index write lock: the app's index write waits on a worker
    thread and the status bar says so."""
    import subprocess
    import sys
    import threading

    from conftest import ROOT
    from support.windows import open_window

    from peelreview.ui.app import tell_waits_in_status_bar

    folder = tmp_path / "ws"
    with Workspace(folder) as ws:
        ws.import_paths([DATA / "fenland_vetting_2024.txt"])
    w = open_window(qtbot, folder, tmp_path / "ui.ini")
    tell_waits_in_status_bar(w.workspace, w)
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path\n"
         "from peelreview.index.writelock import index_write_lock\n"
         "with index_write_lock(Path(sys.argv[1])):\n"
         "    print('held', flush=True); time.sleep(3)\n",
         str(folder / "index.lock")], stdout=subprocess.PIPE, cwd=ROOT)
    assert holder.stdout.readline().strip() == b"held"
    worker = threading.Thread(target=w.workspace.index.delete_report, args=(999,))
    worker.start()
    qtbot.waitUntil(lambda: "waiting for another peelreview" in
                    w.statusBar().currentMessage().lower(), timeout=5000)
    worker.join(timeout=30)
    holder.wait(timeout=30)
    assert not worker.is_alive()
