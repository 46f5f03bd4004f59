"""The officer's corrections as undoable commands.

`Curator` is what widgets talk to: each method pushes one `Correct` command on the main
window's one QUndoStack and announces every change -- undo and redo too -- with
`changed(report_id)`, which the readers, the library and the response editor follow.

    curator = Curator(workspace, undo_stack)
    curator.decide_finding(report_id, finding_id, "confirm")
    curator.add_finding(report_id, "recommendation", start, end)
    curator.set_grade(report_id, "Investigating crime", "Good")
    curator.set_detail(report_id, "force", "Wessex Constabulary")
    curator.remove_report(report_id)
"""
from __future__ import annotations

import logging

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

log = logging.getLogger("peelreview.ui")
WORDS = {"confirm": "Confirm", "reject": "Reject"}


class Correct(QUndoCommand):
    """The first redo runs `first` (-> a change); undo runs `undo(change)` (-> its inverse);
    a later redo runs `undo` on that inverse. The services hand back each inverse."""

    def __init__(self, curator: Curator, report_id: int, text: str, first, undo=None):
        super().__init__(text)
        self.curator = curator
        self.report_id = report_id
        self.first = first
        self.reverse = undo or (lambda change: curator.workspace.curation.undo(change))
        self.change = None
        self.failed = False

    def _do(self, fn) -> None:
        try:
            self.change = fn()
        except Exception as e:  # noqa: BLE001 -- shown as one line, logged in full
            log.warning("%s failed", self.text(), exc_info=True)
            self.failed = True
            self.setObsolete(True)
            self.curator.message.emit(f"Could not {self.text()[:1].lower()}"
                                      f"{self.text()[1:]}: {e}")
            return
        self.curator.changed.emit(self.report_id)

    def redo(self) -> None:
        self._do(self.first if self.change is None else lambda: self.reverse(self.change))

    def undo(self) -> None:
        self._do(lambda: self.reverse(self.change))


class Curator(QObject):
    changed = Signal(int)     # report id whose corrections changed
    message = Signal(str)     # one line for the status bar (and screen readers)

    def __init__(self, workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack

    def set_workspace(self, workspace) -> None:
        self.workspace = workspace

    @property
    def service(self):
        return self.workspace.curation

    # ------------------------------------------------------------------ findings
    def decide_finding(self, report_id: int, finding_id: int, action: str,
                       label: str = "finding") -> bool:
        return self._push(Correct(self, report_id, f"{WORDS[action]} {label}",
                                  lambda: self.service.decide_finding(finding_id, action)))

    def add_finding(self, report_id: int, kind: str, start: int, end: int,
                    area: str | None = None) -> bool:
        return self._push(Correct(self, report_id, f"Mark as {kind.replace('_', ' ')}",
                                  lambda: self.service.add_finding(report_id, kind, start, end,
                                                                   area)))

    def change_finding(self, report_id: int, finding_id: int, kind: str | None = None,
                       area: str | None = None) -> bool:
        what = f"Make it {kind.replace('_', ' ')}" if kind else f"Move it to {area or 'no area'}"
        return self._push(Correct(self, report_id, what, lambda: self.service.change_finding(
            finding_id, kind, area)))

    # ------------------------------------------------------------------ grades and details
    def decide_judgment(self, report_id: int, area: str, action: str) -> bool:
        return self._push(Correct(self, report_id, f"{WORDS[action]} grade of {area}",
                                  lambda: self.service.decide_judgment(report_id, area,
                                                                       action)))

    def set_grade(self, report_id: int, area: str, grade: str) -> bool:
        return self._push(Correct(self, report_id, f"Grade {area}: {grade}",
                                  lambda: self.service.set_grade(report_id, area, grade)))

    def set_detail(self, report_id: int, field: str, value: str) -> bool:
        return self._push(Correct(self, report_id, f"Set the report's {field}",
                                  lambda: self.service.set_detail(report_id, field, value)))

    # ------------------------------------------------------------------ removal
    def remove_report(self, report_id: int) -> bool:
        removal = self.workspace.removal

        def undo(change):
            if hasattr(change, "rows"):   # a snapshot: put it back
                removal.restore(change)
                return ("restored", change)
            return removal.remove(change[1].report_id)  # redo after undo
        return self._push(Correct(self, report_id, "Remove report",
                                  lambda: removal.remove(report_id), undo))

    def _push(self, command: Correct) -> bool:
        self.undo_stack.push(command)
        if not command.failed:
            self.message.emit(f"{command.text()}: done (Ctrl+Z undoes it).")
        return not command.failed
