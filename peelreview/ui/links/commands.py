"""Undoable link changes: each command calls the workspace's services (which commit at once).

The first action is done by the caller before the command is pushed (so an error — a
duplicate link, an end that has gone — reaches the officer as a message, not a half-pushed
command); the command's first redo() is then skipped. Later undo/redo failures (say a report
deleted in between) are reported through `report` and make the command obsolete.
"""
from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

log = logging.getLogger("peelreview.ui")


class _Command(QUndoCommand):
    def __init__(self, ws, text: str, changed: Callable[[], None],
                 report: Callable[[str], None] | None = None):
        super().__init__(text)
        self.ws = ws
        self._changed = changed
        self._report = report or (lambda _m: None)
        self._first = True

    def redo(self) -> None:
        if self._first:
            self._first = False
        else:
            self._safely(self._redo, "redo")
        self._changed()

    def undo(self) -> None:
        self._safely(self._undo, "undo")
        self._changed()

    def _safely(self, fn, what: str) -> None:
        try:
            fn()
        except Exception as e:  # noqa: BLE001 -- the officer gets one line, the log the rest
            log.warning("cannot %s %s: %s", what, self.text(), e)
            self._report(f"Cannot {what} \u201c{self.text()}\u201d: {e}")
            self.setObsolete(True)

    def _redo(self) -> None:
        raise NotImplementedError

    def _undo(self) -> None:
        raise NotImplementedError


class CreateLinkCommand(_Command):
    """A new link (also an accepted suggestion). Undo deletes it, redo puts it back."""

    def __init__(self, ws, link, changed, report=None, text: str = "Add link"):
        super().__init__(ws, text, changed, report)
        self.link = link

    def _undo(self) -> None:
        self.link = self.ws.links.delete(self.link.id)

    def _redo(self) -> None:
        self.link = self.ws.links.restore(self.link)


class DeleteLinkCommand(_Command):
    """A deleted link (as it was). Undo restores it (same uuid), redo deletes it again."""

    def __init__(self, ws, link, changed, report=None):
        super().__init__(ws, "Delete link", changed, report)
        self.link = link

    def _undo(self) -> None:
        self.link = self.ws.links.restore(self.link)

    def _redo(self) -> None:
        self.link = self.ws.links.delete(self.link.id)


class RejectSuggestionCommand(_Command):
    """A rejected suggestion: undo lets it be proposed again."""

    def __init__(self, ws, source, finding_id: int, changed, report=None):
        super().__init__(ws, "Reject suggestion", changed, report)
        self.source, self.finding_id = source, finding_id

    def _undo(self) -> None:
        self.ws.suggestions.unreject(self.source, self.finding_id)

    def _redo(self) -> None:
        self.ws.suggestions.reject(self.source, self.finding_id)
