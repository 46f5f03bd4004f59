"""Annotation changes as undoable commands, and the one object that pushes them.

Every annotation action the officer takes (highlight, note/tags/colour edit, delete, placing
an orphan by hand) is a QUndoCommand on the main window's QUndoStack whose redo and undo call
peelreview.annotations (which commits at once). Commands hold the annotation's uuid, never
only its id: an undone delete is restored with the same uuid and links (and its old id when
that is still free), and the uuid finds it again either way.

`Annotator` is what widgets talk to: it pushes the commands and announces every change --
including undo and redo -- with one signal, `changed(report_id)`, that the readers and the
annotations panel follow.

    annotator = Annotator(workspace, undo_stack)
    annotator.create(report_id, start, end, note="...", tags=["budget"], colour="green")
"""
from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ...review.annotations import COLOURS, DEFAULT_COLOUR, Annotation

log = logging.getLogger("peelreview.ui")


def _one_line(error: Exception) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else error.__class__.__name__


class _AnnotationCommand(QUndoCommand):
    """Runs service calls, turning a failure into one line for the officer (status bar)
    and an obsolete command (QUndoStack drops it) instead of a traceback."""

    def __init__(self, annotator: Annotator, text: str):
        super().__init__(text)
        self.annotator = annotator
        self.uuid: str | None = None
        self.report_id: int | None = None
        self.failed = False

    @property
    def service(self):
        return self.annotator.workspace.annotations

    def _current_id(self) -> int:
        a = self.service.get_by_uuid(self.uuid)
        if a is None:
            raise LookupError("the annotation is no longer in the workspace")
        return a.id

    def _run(self, action: str, fn) -> None:
        try:
            fn()
        except Exception as e:  # noqa: BLE001 -- shown as one line, logged in full
            log.warning("annotation %s failed", action, exc_info=True)
            self.failed = True
            self.setObsolete(True)
            self.annotator.message.emit(f"Could not {action}: {_one_line(e)}")
            return
        self.annotator.changed.emit(self.report_id if self.report_id is not None else -1)


class CreateAnnotation(_AnnotationCommand):
    """The first redo creates it; undo deletes it (keeping it and its links); later redos
    restore that, so id and uuid stay the same."""

    def __init__(self, annotator, report_id: int, start: int, end: int, note: str = "",
                 tags: Iterable[str] = (), colour: str = DEFAULT_COLOUR):
        super().__init__(annotator, "Add note" if note.strip() else "Highlight")
        self.report_id = report_id
        self.args = (report_id, start, end, note, tuple(tags), colour)
        self.annotation: Annotation | None = None   # as created, or as last deleted

    def redo(self) -> None:
        def do():
            if self.annotation is None:
                rid, start, end, note, tags, colour = self.args
                self.annotation = self.service.create(rid, start, end, note=note, tags=tags,
                                                      colour=colour)
            else:
                self.annotation = self.service.restore(self.annotation)
            self.uuid = self.annotation.uuid
        self._run("annotate", do)

    def undo(self) -> None:
        def do():
            self.annotation = self.service.delete(self._current_id())
        self._run("undo the annotation", do)


class EditAnnotation(_AnnotationCommand):
    """Change note, tags and/or colour (None = leave as is); undo puts the old values back."""

    def __init__(self, annotator, annotation: Annotation, *, note: str | None = None,
                 tags: Iterable[str] | None = None, colour: str | None = None):
        what = [w for w, v in (("note", note), ("tags", tags), ("colour", colour))
                if v is not None]
        super().__init__(annotator, "Edit annotation " + " and ".join(what)
                         if len(what) == 1 else "Edit annotation")
        self.uuid, self.report_id = annotation.uuid, annotation.report_id
        self.changes = {"note": note, "tags": None if tags is None else tuple(tags),
                        "colour": colour}
        self.old: Annotation | None = None

    def redo(self) -> None:
        def do():
            old, _new = self.service.update(self._current_id(), **self.changes)
            if self.old is None:
                self.old = old
        self._run("change the annotation", do)

    def undo(self) -> None:
        def do():
            self.service.update(self._current_id(), note=self.old.note, tags=self.old.tags,
                                colour=self.old.colour)
        self._run("undo the change", do)


class DeleteAnnotation(_AnnotationCommand):
    """Delete (with its links); undo restores it with the same uuid and its links."""

    def __init__(self, annotator, annotation: Annotation):
        super().__init__(annotator, "Delete annotation")
        self.uuid, self.report_id = annotation.uuid, annotation.report_id
        self.deleted: Annotation | None = None

    def redo(self) -> None:
        def do():
            self.deleted = self.service.delete(self._current_id())
        self._run("delete the annotation", do)

    def undo(self) -> None:
        def do():
            self.service.restore(self.deleted)
        self._run("undo the deletion", do)


class PlaceAnnotation(_AnnotationCommand):
    """Place an (orphaned) annotation by hand on text[start:end]. The service has no
    "unplace", so undo deletes the placed one and restores it as it was before (same uuid,
    id and links)."""

    def __init__(self, annotator, annotation: Annotation, start: int, end: int):
        super().__init__(annotator, "Place annotation")
        self.uuid, self.report_id = annotation.uuid, annotation.report_id
        self.span = (start, end)
        self.before: Annotation | None = None

    def redo(self) -> None:
        def do():
            old, _new = self.service.place(self._current_id(), *self.span)
            if self.before is None:
                self.before = old
        self._run("place the annotation", do)

    def undo(self) -> None:
        def do():
            placed = self.service.delete(self._current_id())
            self.service.restore(replace(self.before, links=placed.links))
        self._run("undo placing the annotation", do)


class Annotator(QObject):
    """Pushes annotation commands onto the undo stack and says when annotations changed.

    changed(report_id): annotations of that report changed (-1: unknown which), after every
    do, undo and redo. message(text): one readable line for the status bar (why something
    could not be done)."""

    changed = Signal(int)
    message = Signal(str)
    colourChanged = Signal(str)

    def __init__(self, workspace, undo_stack: QUndoStack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack
        self._colour = DEFAULT_COLOUR

    def set_workspace(self, workspace) -> None:
        self.workspace = workspace
        self.changed.emit(-1)

    @property
    def colour(self) -> str:
        """The colour a plain highlight gets (the officer's last choice)."""
        return self._colour

    def set_colour(self, colour: str) -> None:
        if colour in COLOURS and colour != self._colour:
            self._colour = colour
            self.colourChanged.emit(colour)

    def _push(self, command: _AnnotationCommand) -> bool:
        self.undo_stack.push(command)   # runs redo(); a failed one is dropped as obsolete
        return not command.failed

    # ------------------------------------------------------------------ actions
    def create(self, report_id: int, start: int, end: int, *, note: str = "",
               tags: Iterable[str] = (), colour: str | None = None) -> Annotation | None:
        """Annotate text[start:end] of the report; the new annotation, or None (the reason
        went out by `message`)."""
        command = CreateAnnotation(self, report_id, start, end, note, tags,
                                   colour or self._colour)
        return command.annotation if self._push(command) else None

    def edit(self, annotation_id: int, *, note: str | None = None,
             tags: Iterable[str] | None = None, colour: str | None = None) -> bool:
        a = self._get(annotation_id)
        if a is None:
            return False
        if ((note is None or note == a.note) and (colour is None or colour == a.colour)
                and (tags is None or tuple(tags) == a.tags)):
            return True   # nothing to change: no empty step in the undo history
        return self._push(EditAnnotation(self, a, note=note, tags=tags, colour=colour))

    def delete(self, annotation_id: int) -> bool:
        a = self._get(annotation_id)
        return a is not None and self._push(DeleteAnnotation(self, a))

    def place(self, annotation_id: int, start: int, end: int) -> bool:
        a = self._get(annotation_id)
        return a is not None and self._push(PlaceAnnotation(self, a, start, end))

    def _get(self, annotation_id: int) -> Annotation | None:
        try:
            return self.workspace.annotations.get(annotation_id)
        except LookupError as e:
            self.message.emit(_one_line(e))
            return None


__all__ = ["Annotator", "CreateAnnotation", "EditAnnotation", "DeleteAnnotation",
           "PlaceAnnotation"]
