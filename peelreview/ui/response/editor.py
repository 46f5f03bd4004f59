"""The PCC response editor: one report's statutory response, drafted beside the reader.

What is on screen is what is stored: every field commits through the ResponseService after
a short pause in typing (DEBOUNCE_MS), when the officer leaves the field, and before the
editor shows another report, hides or its window closes. Each commit is one QUndoCommand on
the window's undo stack (a run of typing in one field merges into one), so Ctrl+Z undoes
response edits alongside annotations and links. The gaps list is computed from what is on
screen, as it is typed. A commit is one small SQLite transaction (about 0.1 ms measured), so
it runs on the UI thread; the Word and CSV exports run through tasks.run_task.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...response.draft import Gap, Response, ResponseError, parse_date
from .bullets import BulletList
from .commands import (
    BulletIds,
    Change,
    EditField,
    Target,
)
from .export import ExportBar
from .fields import FieldBus, LineField, TextField
from .gaps import GapsPanel
from .header import ResponseHeader
from .items import AreaBox
from .points import PointsMixin

DEBOUNCE_MS = 500
GAPS_HEIGHT = 130  # initial height of the gaps list
#: What the officer's selection in the reader gives: (report id, start, end, text); start
#: and end are report-text offsets, or None when the reader cannot tell them.
Selection = tuple[int, int | None, int | None, str]


POLL_MS = 2000  # how often the editor looks for changes stored by another program


class ResponseEditor(PointsMixin, QWidget):
    """Edit the response to one report; see the module docstring."""

    status = Signal(str)          # a one-line message for the status bar
    exported = Signal(object)     # the Path written
    #: about to put the cursor in a field: the window brings the editor to the front first
    revealRequested = Signal()

    def __init__(self, workspace, undo_stack, *, selection: Callable[[], Selection | None]
                 | None = None, cc_due_days: int | None = None,
                 today: Callable[[], dt.date] = dt.date.today, settings=None, parent=None):
        super().__init__(parent)
        self.workspace, self.undo_stack = workspace, undo_stack
        self.selection, self.cc_due_days, self.today = selection, cc_due_days, today
        #: the officer's settings: a new draft starts with the OPCC's and PCC's names typed
        #: last time, and typing them remembers them (None: nothing remembered)
        self.settings = settings
        self.response: Response | None = None
        self._fields: dict[Target, QWidget] = {}
        self._stored: dict[Target, object] = {}
        self._pending: dict[Target, object] = {}
        self._flagged: set[Target] = set()
        self._session = 0
        self._ids = BulletIds()
        self._areas: dict[str, AreaBox] = {}
        self._watched = None
        self._sized = False
        self._first_stop: QWidget | None = None   # the first field Tab reaches
        self._pushing = False
        self.setAccessibleName("PCC response editor")

        self.bus = FieldBus(self)
        self.bus.edited.connect(self._edited)
        self.bus.finished.connect(self._finished)
        self.bus.focused.connect(self._focused)
        self.bus.undoRequested.connect(self.undo)
        self.bus.redoRequested.connect(self.redo)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.flush)
        self.undo_stack.indexChanged.connect(self._new_session)

        self.header = ResponseHeader(self.bus, today)
        self.exports = ExportBar(self._for_export)
        self.exports.status.connect(self.status)
        self.exports.exported.connect(self.exported)
        self.word_button, self.template_label = self.exports.word_button, \
            self.exports.template_label

        self.form = QWidget()
        self.form_layout = QVBoxLayout(self.form)
        self.form_layout.setContentsMargins(6, 6, 10, 6)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form)
        self.scroll.setFrameShape(QFrame.NoFrame)
        self.scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.scroll.setAccessibleName("Response")
        self.gaps_box = GapsPanel()
        self.gaps_box.gapChosen.connect(self.go_to_gap)
        self.gaps_list = self.gaps_box.list
        self.splitter = QSplitter(Qt.Vertical)
        self.splitter.addWidget(self.scroll)
        self.splitter.addWidget(self.gaps_box)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setCollapsible(1, False)

        page = QWidget()
        pl = QVBoxLayout(page)
        pl.setContentsMargins(6, 6, 6, 6)
        pl.addWidget(self.header)
        pl.addWidget(self.exports)
        pl.addWidget(self.splitter, 1)
        self.placeholder = QLabel("Open a report in the reader, then choose Response \u25b8 "
                                  "Draft PCC response (Ctrl+R).")
        self.placeholder.setWordWrap(True)
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.placeholder)
        self.pages.addWidget(page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.pages)
        self._make_actions()
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.flush)
        # a change made elsewhere (the command line, another window) shows without reopening
        self._seen_modified: str | None = None
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self.sync_from_store)
        self._poll.start()

    # ------------------------------------------------------------------ actions
    def _make_actions(self) -> None:
        def act(text, slot, keys=None):
            a = QAction(text, self)
            if keys:
                a.setShortcut(QKeySequence(keys))
            a.triggered.connect(slot)
            return a
        self.act_word, self.act_csv = self.exports.act_word, self.exports.act_csv
        self.act_gap = act("Go to the next &gap in the response", self.next_gap, "F8")
        self.act_up = act("Move response point &up", lambda: self.move_focused(-1),
                          "Alt+Shift+Up")
        self.act_down = act("Move response point &down", lambda: self.move_focused(1),
                            "Alt+Shift+Down")
        self.act_delete = act("De&lete response point", self.delete_focused,
                              "Ctrl+Shift+Delete")

    def menu_actions(self) -> list[QAction]:
        """The actions for the window's Response menu (their shortcuts show in F1)."""
        return [self.act_word, self.act_csv, self.act_gap, self.act_up, self.act_down,
                self.act_delete]

    # ------------------------------------------------------------------ showing
    @property
    def report_id(self) -> int | None:
        return self.response.report_id if self.response else None

    def set_workspace(self, workspace) -> None:
        """Another workspace: keep what was typed in the old one, then show nothing."""
        self.flush()
        self.workspace = workspace
        self.response = None
        self._clear_form()
        self.pages.setCurrentWidget(self.placeholder)

    def show_report(self, report_id: int) -> bool:
        """Show (drafting it if needed) the response to a report; False if it cannot be."""
        self.flush()
        if self.response is not None and self.response.report_id == report_id:
            return True   # already here, as typed
        try:
            names = ({"opcc_name": self.settings.opcc_name, "pcc_name": self.settings.pcc_name}
                     if self.settings is not None else {})
            response = self.workspace.responses.get(report_id, cc_due_days=self.cc_due_days,
                                                     **names)
        except ResponseError as e:
            self.status.emit(f"Cannot draft the response: {e}")
            return False
        self.response = response
        self._seen_modified = response.modified
        self._build()
        self.pages.setCurrentWidget(self.pages.widget(1))
        return True

    def rebuild(self) -> None:
        """Build the form again from the stored response: items join or leave it when the
        officer confirms or rejects a finding."""
        if self.response is None:
            return
        report_id = self.response.report_id
        self.flush()
        self.response = None
        self.show_report(report_id)

    def reload(self) -> None:
        """Read the response again (after a change to its bullets) and show its lists."""
        if self.response is None:
            return
        self.response = self.workspace.responses.get(self.response.report_id)
        for target in [t for t in self._fields if t.scope == "bullet"]:
            self._forget(target)
        areas = {a.name: a for a in self.response.areas()}
        for name, box in self._areas.items():
            for part, blist in box.lists.items():
                self._show_bullets(blist, getattr(areas[name], part) if name in areas else [])
            for card in box.cards:
                card.item = self.response.item(card.item.id)
        self._refresh()
        self._order_tabs()

    def _order_tabs(self) -> None:
        """Tab goes down the page as it reads: dates, export, the form top to bottom, the
        gaps. (Qt's default is creation order, and points are created as they are added.)"""
        chain: list[QWidget] = []

        def walk(layout) -> None:
            for n in range(layout.count()):
                item = layout.itemAt(n)
                w = item.widget()
                if w is not None and not w.isHidden():
                    if w.focusPolicy() & Qt.TabFocus and w.layout() is None:
                        chain.append(w)
                    if w.layout() is not None:
                        walk(w.layout())
                elif item.layout() is not None:
                    walk(item.layout())
        walk(self.pages.widget(1).layout())
        walk(self.form_layout)
        chain.append(self.gaps_list)
        for a, b in zip(chain, chain[1:], strict=False):
            QWidget.setTabOrder(a, b)
        self._first_stop = chain[0]

    def focus_first(self) -> None:
        """Put the keyboard in the first field (the window's Ctrl+R does)."""
        first = self._first_stop
        if self.response is None or first is None or not shiboken6.isValid(first):
            self.placeholder.setFocus(Qt.OtherFocusReason)
        else:
            first.setFocus(Qt.OtherFocusReason)

    def _clear_form(self) -> None:
        self.timer.stop()
        self._pending.clear()
        self._fields.clear()
        self._stored.clear()
        self._flagged.clear()
        self._areas.clear()
        while self.form_layout.count():
            w = self.form_layout.takeAt(0).widget()
            if w is not None:
                w.hide()
                w.deleteLater()

    def _build(self) -> None:
        self._clear_form()
        r = self.response
        self.header.set_response(r)
        self._register(self.header.published)
        self._register(self.header.days)

        about = QGroupBox("The response")
        fl = QVBoxLayout(about)

        def text(field, label, placeholder, lines=3):
            w = TextField(self.bus, Target("response", r.report_id, field), label,
                          placeholder, min_lines=lines)
            w.set_value(getattr(r, field))  # what is saved shows when the editor opens
            self._register(w)
            return w

        row = QHBoxLayout()
        for field, label, hint in (("opcc_name", "OPCC name", "Office of the Police and Crime "
                                    "Commissioner for \u2026"),
                                   ("pcc_name", "PCC name", "The Commissioner's name")):
            w = LineField(self.bus, Target("response", r.report_id, field), label, hint)
            w.set_value(getattr(r, field))
            self._register(w)
            cap = QLabel(f"{label}:")
            cap.setBuddy(w)
            row.addWidget(cap)
            row.addWidget(w, 1)
        fl.addLayout(row)
        intro = QLabel("Intro&duction:")
        fl.addWidget(intro)
        intro.setBuddy(text("introduction", "Introduction", "Opening words (the statutory "
                            "paragraph with the dates is added on export)"))
        fl.addWidget(intro.buddy())
        self.form_layout.addWidget(about)

        for area in r.areas():
            box = AreaBox(self.bus, r, area)
            self._areas[area.name] = box
            for blist in box.lists.values():
                self._wire_list(blist)
                for row_ in blist.rows:
                    self._register(row_.edit)
            for card in box.cards:
                for w in card.fields.values():
                    self._register(w)
            self.form_layout.addWidget(box)

        end = QGroupBox("Closing")
        el = QVBoxLayout(end)
        for field, label, hint in (("overall", "PCC's overall comments",
                                    "The PCC's overall comments on the report"),
                                   ("closing", "Closing", "Closing words")):
            cap = QLabel(f"{label}:")
            w = text(field, label, hint, 4 if field == "overall" else 2)
            cap.setBuddy(w)
            el.addWidget(cap)
            el.addWidget(w)
        self.form_layout.addWidget(end)
        self.form_layout.addStretch(1)
        self.gaps_box.gaps = None
        self._refresh()
        self._order_tabs()

    def _size_gaps(self) -> None:
        """The form takes the room; the gaps list keeps a few lines (the officer may drag)."""
        total = max(self.splitter.height(), 400)
        self.splitter.setSizes([total - GAPS_HEIGHT, GAPS_HEIGHT])

    def sync_from_store(self) -> int:
        """Show what another program (the command line, another window) stored meanwhile:
        every field the officer is not editing (no focus, nothing typed since the last
        store) takes the stored value. Cheap when nothing changed: one query for the
        response's modified time. Returns the fields updated."""
        r = self.response
        if r is None or not self.isVisible():
            return 0
        try:
            modified = self.workspace.responses.modified(r.report_id)
        except Exception:  # noqa: BLE001 -- the workspace is closing or busy: next time
            return 0
        if modified is None or modified == self._seen_modified:
            return 0
        self.flush()
        new = self.workspace.responses.get(r.report_id)
        if {i.id for i in new.items} != {i.id for i in r.items}:
            self._seen_modified = new.modified
            self.rebuild()  # items came or went: build the form again
            return len(self._fields)
        changed = 0
        for t, w in list(self._fields.items()):
            if t.scope == "response":
                value = getattr(new, t.field, None)
            elif t.scope == "item":
                value = getattr(new.item(t.key), t.field, None)
            else:
                continue
            if value is None and t.field not in ("published", "target_date"):
                continue
            if isinstance(value, dt.date):
                value = value.isoformat()
            editing = w.hasFocus() or any(c.hasFocus() for c in w.findChildren(QWidget))
            if editing or w.value() != self._stored.get(t) or w.value() == value:
                continue
            w.set_value(value)
            self._stored[t] = w.value()
            changed += 1
        self.response = new
        self._seen_modified = new.modified
        if changed:
            self._refresh()
            self.status.emit(f"The response was changed elsewhere: {changed} field(s) "
                             "brought up to date.")
        return changed

    def _register(self, widget) -> None:
        t = widget.target
        self._fields[t] = widget
        self._stored[t] = widget.value()
        if getattr(self.workspace, "read_only", False):  # shown, never edited in vain
            if hasattr(widget, "setReadOnly"):
                widget.setReadOnly(True)
            else:
                widget.setEnabled(False)

    def _forget(self, target: Target) -> None:
        self._fields.pop(target, None)
        self._stored.pop(target, None)
        self._pending.pop(target, None)
        self._flagged.discard(target)

    def _wire_list(self, blist: BulletList) -> None:
        blist.addRequested.connect(self.add_from)
        blist.moveRequested.connect(self.move_bullet)
        blist.deleteRequested.connect(self.delete_bullet)

    def _show_bullets(self, blist: BulletList, bullets) -> None:
        for row in blist.set_bullets(bullets):
            self._register(row.edit)

    # ------------------------------------------------------------------ editing
    def _focused(self, target: Target) -> None:
        self._session += 1

    def _new_session(self, _index: int) -> None:
        """Undo, redo or another widget's change: typing after it is a new step."""
        if not self._pushing:
            self._session += 1

    def _push(self, command) -> None:
        self._pushing = True
        try:
            self.undo_stack.push(command)
        finally:
            self._pushing = False

    def _edited(self, target: Target, value) -> None:
        if self.response is None or target not in self._fields:
            return
        self._pending[target] = value
        self._set_model(target, value)
        self._refresh()
        self.timer.start()

    def _finished(self, target: Target) -> None:
        if target in self._pending:
            self._commit(target)

    def flush(self) -> None:
        """Commit every edit not yet stored (the debounce timer, focus-out, closing)."""
        self.timer.stop()
        for target in list(self._pending):
            self._commit(target)

    def _commit(self, target: Target) -> None:
        value = self._pending.pop(target)
        old = self._stored.get(target)
        if value == old or self.response is None:
            return
        widget = self._fields.get(target)
        label = widget.accessibleName() if widget is not None else target.field
        self._stored[target] = value  # before the push: the command's notify compares
        command = EditField(self.workspace.responses, self.response.report_id, self._notify,
                            target, old, value, self._session, label, self._ids)
        self._push(command)
        if command.error:
            self.status.emit(f"Not saved: {command.error}")
        elif target.scope == "response" and target.field in ("opcc_name", "pcc_name") \
                and self.settings is not None:
            setattr(self.settings, target.field, str(value or ""))
            try:
                self.settings.save()  # the next response starts with these names
            except OSError as e:
                self.status.emit(f"The names could not be remembered: {e}")

    def undo(self) -> None:
        self.flush()
        self.undo_stack.undo()

    def redo(self) -> None:
        self.flush()
        self.undo_stack.redo()

    def _notify(self, change: Change) -> None:
        """A command changed the database: show it if this response is on screen."""
        if not shiboken6.isValid(self) or self.response is None \
                or change.report_id != self.response.report_id:
            return
        t = change.target
        if t is None:
            self.reload()
            return
        widget = self._fields.get(t)
        self._stored[t] = change.value
        self._pending.pop(t, None)
        self._set_model(t, change.value)
        if widget is not None:
            widget.set_value(change.value)
        self._refresh()

    def _set_model(self, t: Target, value) -> None:
        r = self.response
        if t.scope == "item":
            item = r.item(t.key)
            setattr(item, t.field, value)
            for box in self._areas.values():
                for card in box.cards:
                    if card.item.id == t.key:
                        card.item = item
                        card.update_state(item)
        elif t.scope == "response":
            if t.field == "published":
                value = parse_date(value)
            setattr(r, t.field, value)
        else:
            for b in r.bullets:
                if b.id == t.key:
                    b.text = value

    def _refresh(self) -> None:
        """Gaps, flags and dates from what is on screen."""
        r = self.response
        self.header.refresh()
        gaps = r.gap_list()
        targets = {self._gap_target(g) for g in gaps}
        for t in (targets | self._flagged):
            w = self._fields.get(t)
            if w is not None:
                why = "; ".join(g.message for g in gaps if self._gap_target(g) == t)
                w.set_gap(t in targets, why)
        self._flagged = targets
        self.gaps_box.show_gaps(gaps)

    def _gap_target(self, gap: Gap) -> Target:
        if gap.item_id is None:
            return Target("response", self.response.report_id, gap.field)
        return Target("item", gap.item_id, gap.field)

    def go_to_gap(self, gap: Gap) -> QWidget | None:
        """Scroll to the field that closes the gap and put the cursor in it."""
        widget = self._fields.get(self._gap_target(gap))
        if widget is None:
            return None
        self.revealRequested.emit()
        self.scroll.ensureWidgetVisible(widget, 40, 120)
        focus = widget
        if getattr(widget, "check", None) is not None and not widget.check.isChecked():
            focus = widget.check
        focus.setFocus(Qt.OtherFocusReason)
        return widget

    def next_gap(self) -> None:
        gap = self.gaps_box.next_gap()
        if gap is None:
            self.status.emit("No gaps: the response is ready to publish.")
        else:
            self.go_to_gap(gap)

    def field(self, scope: str, key: int, name: str):
        """The widget editing a field (tests and the gap list use it), or None."""
        return self._fields.get(Target(scope, key, name))

    # ------------------------------------------------------------------ export
    def _for_export(self) -> Response | None:
        """What the export writes: everything typed, stored first, read back."""
        if self.response is None:
            self.status.emit("Open a report and draft its response first (Ctrl+R).")
            return None
        self.flush()
        return self.workspace.responses.get(self.response.report_id)

    def export_word(self, path: str | Path | None = None):
        """Write the response as .docx off the UI thread; the task (None if not started)."""
        return self.exports.export_word(path)

    def export_csv(self, path: str | Path | None = None):
        return self.exports.export_csv(path)

    def choose_template(self, path: str | Path | None = None) -> None:
        self.exports.choose_template(path)

    @property
    def task(self):
        return self.exports.task

    # ------------------------------------------------------------------ never lose typing
    def showEvent(self, event) -> None:  # noqa: N802 -- Qt's name
        super().showEvent(event)
        if not self._sized:
            self._sized = True
            QTimer.singleShot(0, self._size_gaps)
        top = self.window()
        if top is not self and top is not self._watched:
            top.installEventFilter(self)
            self._watched = top

    def eventFilter(self, obj, event) -> bool:  # noqa: N802
        if obj is self._watched and event.type() == QEvent.Close:
            self.flush()
        return False

    def hideEvent(self, event) -> None:  # noqa: N802
        self.flush()
        super().hideEvent(event)

    def closeEvent(self, event) -> None:  # noqa: N802
        self.flush()
        super().closeEvent(event)
