"""The app's way back when the workspace cannot be opened because its database is damaged,
emptied or deleted: the same repair as `peelreview repair`, offered in a dialog, run off
the UI thread with a busy indicator, and its outcome told in plain lines."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEventLoop, Qt
from PySide6.QtWidgets import QMessageBox, QProgressDialog, QWidget

from .tasks import run_task

#: words of a StoreError that `repair` can mend (see backup.needs_repair, store.damaged)
REPAIRABLE = ("peelreview repair",)


def can_repair(error: Exception) -> bool:
    return any(words in str(error) for words in REPAIRABLE)


def offer_repair(folder: Path, error: Exception, parent: QWidget | None = None) -> bool:
    """Ask whether to repair the workspace; run the repair if so. True when it was
    repaired (the caller opens the workspace again)."""
    box = QMessageBox(QMessageBox.Icon.Warning, "peelreview",
                      f"The workspace {folder} cannot be opened: {error}.", parent=parent)
    box.setInformativeText("Repair restores the newest good backup of the database (the "
                           "damaged file is kept aside), reads again every imported file the "
                           "backup does not hold, and rebuilds the search index.")
    repair_button = box.addButton("&Repair", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("&Quit", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(repair_button)
    box.exec()
    if box.clickedButton() is not repair_button:
        return False
    report, failure = run_repair(folder, parent)
    if failure:
        QMessageBox.critical(parent, "peelreview", f"The repair failed: {failure}")
        return False
    QMessageBox.information(parent, "peelreview", "\n".join(report.lines()))
    return True


def run_repair(folder: Path, parent: QWidget | None = None):
    """(RepairReport, None) or (None, reason): the repair on a worker thread while a busy
    dialog shows; the UI stays responsive."""
    from ..repair import repair

    progress = QProgressDialog("Repairing the workspace…", "", 0, 0, parent)
    progress.setCancelButton(None)          # a half-done repair is worse than waiting
    progress.setWindowModality(Qt.WindowModality.ApplicationModal)
    progress.setMinimumDuration(0)
    progress.setAccessibleName("Repairing the workspace")
    outcome: dict = {}
    loop = QEventLoop()

    def done(report):
        outcome["report"] = report
        loop.quit()

    def failed(message: str):
        outcome["failure"] = message
        loop.quit()

    task = run_task(repair, Path(folder), on_done=done, on_error=failed)
    progress.show()
    if not task.finished or not outcome:
        loop.exec()
    progress.close()
    return outcome.get("report"), outcome.get("failure")
