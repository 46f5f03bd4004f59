"""Small pieces several widgets share: Enter activates in item views, and reading the
workspace's report listing off the UI thread."""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QTableView, QTreeView

from .tasks import run_task


def _enter_activating(base):
    class View(base):
        """Enter/Return on the current row emits enterPressed (opens it, like a
        double-click), whatever the platform's own activation key is."""

        enterPressed = Signal(QModelIndex)

        def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 -- Qt naming
            if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                    and self.currentIndex().isValid()):
                self.enterPressed.emit(self.currentIndex())
                event.accept()
                return
            super().keyPressEvent(event)

    View.__name__ = View.__qualname__ = f"Enter{base.__name__}"
    return View


EnterTreeView = _enter_activating(QTreeView)
EnterTableView = _enter_activating(QTableView)


class ListingLoader:
    """Mixin for widgets that show `workspace.list_reports()`: the listing is read on a
    worker thread and a newer request supersedes an older one. The widget implements
    `_show_listing(reports)`."""

    _workspace = None
    _load_seq = 0

    def set_workspace(self, workspace) -> None:
        """Show another workspace (its listing is read on a worker thread)."""
        self._workspace = workspace
        self.reload()

    def reload(self) -> None:
        """Read the workspace's listing again off the UI thread, then show it."""
        if self._workspace is None:
            return
        self._load_seq += 1
        seq = self._load_seq
        run_task(self._workspace.list_reports,
                 on_done=lambda reports, s=seq: self._loaded(s, reports))

    def _loaded(self, seq: int, reports: list[dict]) -> None:
        if seq == self._load_seq and shiboken6.isValid(self):
            self._show_listing(reports)

    def _show_given(self, reports: list[dict]) -> None:
        """Show a listing the caller already has; a listing still being read is older."""
        self._load_seq += 1
        self._show_listing(reports)
