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
