"""Import in the background with progress (file n of N, current file), cancel, and a list of
failures with their reasons at the end. Non-modal: the rest of the app stays usable."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QProgressBar,
    QVBoxLayout,
)

from ...paths import readable
from ..tasks import run_task


class ImportDialog(QDialog):
    """Runs workspace.iter_import on a worker thread and shows how it goes."""

    finishedImport = Signal(object)  # the list of ImportEvents

    def __init__(self, workspace, paths, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Importing reports")
        self.setModal(False)
        self.setMinimumWidth(520)
        self.workspace = workspace
        self.events = []
        self.count = QLabel("Looking for files\u2026")
        self.current = QLabel("")
        self.current.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.current.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, 0)
        self.bar.setAccessibleName("Import progress")
        self.failures = QPlainTextEdit()
        self.failures.setReadOnly(True)
        self.failures.setAccessibleName("Files that could not be imported")
        self.failures.hide()
        self.buttons = QDialogButtonBox(QDialogButtonBox.Cancel)
        self.buttons.rejected.connect(self.cancel)
        layout = QVBoxLayout(self)
        for w in (self.count, self.current, self.bar, self.failures, self.buttons):
            layout.addWidget(w)
        self.task = run_task(workspace.iter_import, list(paths),
                             on_progress=self._on_event, on_done=self._on_done,
                             on_error=self._on_error,
                             cancelled=lambda: self.task is not None and self.task.cancelled)

    task = None

    def cancel(self) -> None:
        if self.task is not None and not self.task.finished:
            self.task.cancel()
            self.count.setText("Stopping after the current file\u2026")
            self.buttons.setEnabled(False)
        else:
            self.reject()

    def _on_event(self, e) -> None:
        self.events.append(e)
        self.bar.setRange(0, e.total)
        self.bar.setValue(e.n)
        self.count.setText(f"File {e.n} of {e.total}")
        verb = {"imported": "Imported", "duplicate": "Already held",
                "source": "Another source of a report held",
                "failed": "Could not import"}[e.status]
        self.current.setText(f"{verb}: {readable(os.path.basename(e.path))}")
        if e.status == "failed":
            self.failures.show()
            self.failures.appendPlainText(f"{readable(e.path.name)}: {e.reason}")

    def _on_done(self, _result) -> None:
        imported = sum(e.status == "imported" for e in self.events)
        dup = sum(e.status == "duplicate" for e in self.events)
        sources = sum(e.status == "source" for e in self.events)
        failed = sum(e.status == "failed" for e in self.events)
        stopped = " (stopped early)" if self.task.cancelled else ""
        also = f", {sources} another source of a report held" if sources else ""
        self.count.setText(f"Finished{stopped}: {imported} imported{also}, {dup} already "
                           f"held, {failed} could not be imported.")
        self.current.setText("")
        self.bar.setRange(0, 1)
        self.bar.setValue(1)
        self.buttons.setEnabled(True)
        self.buttons.setStandardButtons(QDialogButtonBox.Close)
        self.buttons.rejected.connect(self.accept)
        self.finishedImport.emit(self.events)
        if not failed:
            self.accept()

    def _on_error(self, message: str) -> None:
        self.count.setText(f"The import stopped: {message}")
        self.buttons.setEnabled(True)
        self.buttons.setStandardButtons(QDialogButtonBox.Close)
        self.finishedImport.emit(self.events)
