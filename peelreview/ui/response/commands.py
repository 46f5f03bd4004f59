"""Undo commands for the PCC response editor: one QUndoCommand per committed change.

Each command calls the ResponseService (which commits at once) in redo() and calls it again
with the old values in undo(). A run of typing in one field is one command: commits of the
same field in the same editing session merge (mergeWith), so Ctrl+Z undoes the session, not
one pause of it.

After it has changed the database a command tells the editor through `notify(change)`; the
editor updates itself if it still shows that response (a command outlives the editor's view
of a report, and undo works on the database either way).

Deleting a bullet and undoing it re-adds the bullet under a new id, so commands address
bullets through a BulletIds map (first id -> current id).
"""
from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtGui import QUndoCommand

from ...response.draft import ResponseError

log = logging.getLogger("peelreview.ui")
EDIT_ID = 0x5245  # "RE": edits of response fields merge with each other (same field, session)


@dataclass(frozen=True)
class Target:
    """A field of the response: scope "item" (key = item id), "response" (key = report id)
    or "bullet" (key = bullet id), and the field's name."""
    scope: str
    key: int
    field: str


@dataclass(frozen=True)
class Change:
    """What a command did, for the editor: a field now holds value, or (field is None) the
    bullets of an area changed."""
    report_id: int
    target: Target | None = None
    value: object = None


class BulletIds:
    """Bullet ids as the commands first knew them -> the ids they have now."""

    def __init__(self):
        self._now: dict[int, int] = {}

    def __call__(self, bullet_id: int) -> int:
        seen = set()
        while bullet_id in self._now and bullet_id not in seen:
            seen.add(bullet_id)
            bullet_id = self._now[bullet_id]
        return bullet_id

    def moved(self, old: int, new: int) -> None:
        if old != new:
            self._now[old] = new


class _Command(QUndoCommand):
    def __init__(self, service, report_id: int, notify: Callable[[Change], None],
                 text: str):
        super().__init__(text)
        self.service = service
        self.report_id = report_id
        self.notify = notify
        self.error: str | None = None

    def _run(self, fn: Callable[[], Change]) -> None:
        try:
            change = fn()
        except (ResponseError, LookupError) as e:  # the row went away under us
            self.error = str(e)
            log.warning("response undo step failed: %s", e)
            change = Change(self.report_id)
        except Exception as e:  # noqa: BLE001 -- e.g. the workspace was closed
            self.error = f"{type(e).__name__}: {e}"
            log.warning("response undo step failed: %s", self.error)
            return
        self.notify(change)


class EditField(_Command):
    """Set one field of an item, of the response, or a bullet's text."""

    def __init__(self, service, report_id, notify, target: Target, old, new, session: int,
                 label: str, ids: BulletIds):
        super().__init__(service, report_id, notify, f"Edit {label}")
        self.target, self.old, self.new, self.session, self.ids = target, old, new, session, ids

    def id(self) -> int:  # noqa: A003 -- Qt's name
        return EDIT_ID

    def mergeWith(self, other) -> bool:  # noqa: N802 -- Qt's name
        if not isinstance(other, EditField) or other.target != self.target \
                or other.session != self.session:
            return False
        self.new = other.new
        if self.new == self.old:
            self.setObsolete(True)
        return True

    def redo(self) -> None:
        self._run(lambda: self._set(self.new))

    def undo(self) -> None:
        self._run(lambda: self._set(self.old))

    def _set(self, value) -> Change:
        t = self.target
        if t.scope == "item":
            self.service.update_item(t.key, **{t.field: value})
            return Change(self.report_id, t, value)
        if t.scope == "response":
            self.service.update_response(t.key, **{t.field: value})
            return Change(self.report_id, t, value)
        key = self.ids(t.key)
        self.service.update_bullet(key, **{t.field: value})
        return Change(self.report_id, Target("bullet", key, t.field), value)


class AddBullet(_Command):
    """Add a bullet under an area's "states" or "highlighted" list."""

    def __init__(self, service, report_id, notify, area: str, part: str, text: str,
                 source_type=None, source_id=None, start=None, end=None, ids=None):
        super().__init__(service, report_id, notify, "Add a point to the response")
        self.area, self.part, self.text_ = area, part, text
        self.source = (source_type, source_id, start, end)
        self.ids = ids or BulletIds()
        self.first_id: int | None = None

    def redo(self) -> None:
        def add():
            new = self.service.add_bullet(self.report_id, self.area, self.part, self.text_,
                                          *self.source)
            if self.first_id is None:
                self.first_id = new
            else:
                self.ids.moved(self.ids(self.first_id), new)
            return Change(self.report_id)
        self._run(add)

    def undo(self) -> None:
        def remove():
            self.service.delete_bullet(self.ids(self.first_id))
            return Change(self.report_id)
        self._run(remove)

    @property
    def bullet_id(self) -> int | None:
        return None if self.first_id is None else self.ids(self.first_id)


class DeleteBullet(_Command):
    """Delete a bullet; undo puts it back where it was, with its source."""

    def __init__(self, service, report_id, notify, bullet_id: int, ids: BulletIds):
        super().__init__(service, report_id, notify, "Delete a point from the response")
        self.bullet_id, self.ids = bullet_id, ids
        self.gone = None

    def redo(self) -> None:
        def delete():
            self.gone = self.service.delete_bullet(self.ids(self.bullet_id))
            return Change(self.report_id)
        self._run(delete)

    def undo(self) -> None:
        def restore():
            b = self.gone
            new = self.service.add_bullet(self.report_id, b.area, b.part, b.text,
                                          b.source_type, b.source_id, b.start, b.end,
                                          index=b.ord)
            self.ids.moved(self.ids(self.bullet_id), new)
            return Change(self.report_id)
        self._run(restore)


class MoveBullet(_Command):
    """Move a bullet to another place in its list."""

    def __init__(self, service, report_id, notify, bullet_id: int, index: int,
                 ids: BulletIds):
        super().__init__(service, report_id, notify, "Move a point of the response")
        self.bullet_id, self.index, self.ids = bullet_id, index, ids
        self.old: int | None = None

    def redo(self) -> None:
        def move():
            self.old, _ = self.service.move_bullet(self.ids(self.bullet_id), self.index)
            return Change(self.report_id)
        self._run(move)

    def undo(self) -> None:
        def back():
            self.service.move_bullet(self.ids(self.bullet_id), self.old)
            return Change(self.report_id)
        self._run(back)
