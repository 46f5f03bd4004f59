"""Adding, moving and deleting the points ("the report states that the force:" / "the
report highlighted that the force:") of the response editor.

A mixin of ResponseEditor, kept apart to keep the editor short: every change is an undo
command pushed through the editor's `_push`, after the editor has stored what was typed
(`flush`), and the editor's `_notify` rebuilds the lists from the database.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .bullets import Choice, SourcePicker
from .commands import AddBullet, DeleteBullet, MoveBullet, Target
from .fields import TextField


def clean(text: str) -> str:
    """Selected or quoted text as one line (Qt's selections use U+2029 between
    paragraphs)."""
    return " ".join(text.replace("\u2029", "\n").replace("\u2028", "\n").split())


class PointsMixin:
    """The editor's point operations (see the module docstring)."""

    def add_from(self, area: str, part: str, way: str) -> list[int]:
        """Add points to an area's list: from the report ("source"), from the officer's
        annotations ("annotation") or from the reader's selection ("selection")."""
        if self.response is None:
            return []
        rid = self.response.report_id
        if way == "selection":
            return self.add_selection(area, part)
        if way == "annotation":
            notes = self.workspace.annotations.list(report_id=rid)
            choices = [Choice("Note: " + a.note if a.note else "Highlight", a.quote,
                              ("annotation", a.id, a.start, a.end, clean(a.quote)))
                       for a in notes]
            title = "Add points from your annotations"
            if not choices:
                self.status.emit("You have no annotations on this report yet.")
                return []
        else:
            choices = [Choice(s.label, s.text, (s.source_type, s.source_id, s.start, s.end,
                                                s.text))
                       for s in self.workspace.responses.sources(rid, area)]
            title = f"Add points from the report: {area}"
        picker = SourcePicker(title, choices, self)
        if picker.exec() != SourcePicker.Accepted:
            return []
        return [self.add_bullet(area, part, c.payload[4], *c.payload[:4])
                for c in picker.chosen()]

    def add_selection(self, area: str, part: str) -> list[int]:
        chosen = self.selection() if self.selection else None
        if not chosen or not clean(chosen[3]):
            self.status.emit("Select some text of the report in the reader first.")
            return []
        rid, start, end, text = chosen
        if rid != self.response.report_id:
            self.status.emit("The text selected in the reader is from another report; "
                             "select text in this report.")
            return []
        return [self.add_bullet(area, part, clean(text), "selection", None, start, end)]

    def add_bullet(self, area: str, part: str, text: str, source_type=None, source_id=None,
                   start=None, end=None) -> int:
        """Add one point (an undo step) and put the cursor in it; returns its id."""
        self.flush()
        command = AddBullet(self.workspace.responses, self.response.report_id, self._notify,
                            area, part, text, source_type, source_id, start, end, self._ids)
        self._push(command)
        bid = command.bullet_id
        widget = self._fields.get(Target("bullet", bid, "text")) if bid else None
        if widget is not None:
            self.scroll.ensureWidgetVisible(widget, 40, 80)
            widget.setFocus(Qt.OtherFocusReason)
        return bid

    def delete_bullet(self, bullet_id: int) -> None:
        self.flush()
        self._push(DeleteBullet(self.workspace.responses, self.response.report_id,
                                          self._notify, bullet_id, self._ids))

    def move_bullet(self, bullet_id: int, index: int) -> None:
        self.flush()
        self._push(MoveBullet(self.workspace.responses, self.response.report_id,
                                        self._notify, bullet_id, index, self._ids))
        widget = self._fields.get(Target("bullet", bullet_id, "text"))
        if widget is not None:
            widget.setFocus(Qt.OtherFocusReason)

    def _focused_bullet(self):
        w = QApplication.focusWidget()
        return getattr(w, "row", None) if isinstance(w, TextField) else None

    def move_focused(self, step: int) -> None:
        row = self._focused_bullet()
        if row is None:
            self.status.emit("Put the cursor in a point of the response to move it.")
            return
        bullets = [b for b in self.response.bullets
                   if (b.area, b.part) == (row.bullet.area, row.bullet.part)]
        index = [b.id for b in bullets].index(row.bullet.id) + step
        if 0 <= index < len(bullets):
            self.move_bullet(row.bullet.id, index)

    def delete_focused(self) -> None:
        row = self._focused_bullet()
        if row is None:
            self.status.emit("Put the cursor in a point of the response to delete it.")
            return
        self.delete_bullet(row.bullet.id)
