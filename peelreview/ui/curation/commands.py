"""Confirming and rejecting findings and grades as undoable commands.

`Curator` is what widgets talk to: it pushes a `Decide` command on the main window's one
QUndoStack and announces every change -- undo and redo too -- with `changed(report_id)`, which
the readers follow (they redraw the report with its new statuses).

    curator = Curator(workspace, undo_stack)
    curator.decide_finding(report_id, finding_id, "confirm")
    curator.decide_judgment(report_id, "Investigating crime", "reject")
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

log = logging.getLogger("peelreview.ui")
WORDS = {"confirm": "Confirm", "reject": "Reject"}


class Decide(QUndoCommand):
    """The first redo takes the decision; undo puts back what it replaced; a later redo
    undoes that undo (the service hands back each inverse change)."""

    def __init__(self, curator: Curator, report_id: int, what: str, action: str, run):
        super().__init__(f"{WORDS[action]} {what}")
        self.curator = curator
        self.report_id = report_id
        self.run = run            # () -> Change, the first time
        self.change = None        # what the last redo or undo did, to invert next time
        self.failed = False

    def _do(self, fn) -> None:
        try:
            self.change = fn()
        except Exception as e:  # noqa: BLE001 -- shown as one line, logged in full
            log.warning("%s failed", self.text(), exc_info=True)
            self.failed = True
            self.setObsolete(True)
            self.curator.message.emit(f"Could not {self.text().lower()}: {e}")
            return
        self.curator.changed.emit(self.report_id)

    def redo(self) -> None:
        service = self.curator.workspace.curation
        self._do(self.run if self.change is None else lambda: service.undo(self.change))

    def undo(self) -> None:
        self._do(lambda: self.curator.workspace.curation.undo(self.change))


class Curator(QObject):
    changed = Signal(int)     # report id whose statuses changed
    message = Signal(str)     # one line for the status bar (and screen readers)

    def __init__(self, workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack

    def set_workspace(self, workspace) -> None:
        self.workspace = workspace

    def decide_finding(self, report_id: int, finding_id: int, action: str,
                       label: str = "finding") -> bool:
        return self._push(Decide(self, report_id, label, action, lambda: (
            self.workspace.curation.decide_finding(finding_id, action))))

    def decide_judgment(self, report_id: int, area: str, action: str) -> bool:
        return self._push(Decide(self, report_id, f"grade of {area}", action, lambda: (
            self.workspace.curation.decide_judgment(report_id, area, action))))

    def _push(self, command: Decide) -> bool:
        self.undo_stack.push(command)
        if not command.failed:
            self.message.emit(f"{command.text()}: done (Ctrl+Z undoes it).")
        return not command.failed
