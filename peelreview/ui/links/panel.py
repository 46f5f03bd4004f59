"""The links panel: for the item the officer last chose in a reader pane (a finding or an
annotation), its links, its trace through inspections and responses, and "more like this"
suggestions to accept or reject.

It only displays and forwards intent: links go through ws.links, suggestions through
ws.suggestions (computed on a worker with ui/tasks.py), every change through an undoable
command on the window's QUndoStack. Following a link asks the window (openRequested) to open
the other end, in the other pane when two are side by side.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QProgressBar,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...review.links import LINK_TYPES
from ...review.suggestions import ItemInfo, describe_item, force_findings
from ..tasks import run_task
from .commands import CreateLinkCommand, DeleteLinkCommand, RejectSuggestionCommand
from .trace import BACKWARD, FORWARD, TracePane, excerpt, step_label

SUGGESTIONS = 8
ITEM_ROLE = Qt.UserRole + 1


def _accessible(widget: QWidget, name: str, description: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
        widget.setToolTip(description)
    return widget


def item_title(info: ItemInfo) -> str:
    """"2019-05-02 cause of concern" — when and what, the way officers name them."""
    return f"{info.date or 'undated'} {step_label(info.kind, info.finding_kind).lower()}"


def link_wording(link, info_here: tuple[str, int], other: ItemInfo) -> str:
    """One link as seen from this item: "follows up → 2019-05-02 cause of concern: …"."""
    if link.source == info_here:
        words = f"{FORWARD.get(link.link_type, link.link_type)} \u2192"
    else:
        words = f"{BACKWARD.get(link.link_type, link.link_type)} \u2190"
    return f"{words} {item_title(other)}: {excerpt(other.text, 90)}"


def widget_shortcut(keys, widget, slot) -> QShortcut:
    """A shortcut that only acts while `widget` has the focus."""
    shortcut = QShortcut(keys, widget)
    shortcut.setContext(Qt.WidgetShortcut)
    shortcut.activated.connect(slot)
    return shortcut


class AddLinkDialog(QDialog):
    """Choose the other end of a new link: the item in focus in the other pane, or any
    finding of the force (filtered as you type); then the link type and a comment."""

    def __init__(self, ws, info: ItemInfo, other_item: tuple[str, int] | None, parent=None):
        super().__init__(parent)
        self.setWindowTitle("Add a link")
        self.setAccessibleName("Add a link")
        self.info = info
        self.model = QStandardItemModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setFilterCaseSensitivity(Qt.CaseInsensitive)
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter the force's findings (words, kind, date)")
        _accessible(self.filter, "Filter findings", "Type to narrow the list of findings")
        self.filter.textChanged.connect(self.proxy.setFilterFixedString)
        self.list = QListView()
        self.list.setModel(self.proxy)
        self.list.setWordWrap(True)
        self.list.setUniformItemSizes(False)
        _accessible(self.list, "Findings to link to", "The other end of the new link")
        self.type = QComboBox()
        self.type.addItems(LINK_TYPES)
        _accessible(self.type, "Link type", "How the chosen item relates to the other end")
        self.comment = QLineEdit()
        _accessible(self.comment, "Comment", "An optional comment on the link")
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.Ok)
        self.ok_button.setText("Link")

        head = QLabel(f"<b>Link</b> {escape(item_title(info))}: "
                      f"{escape(excerpt(info.text, 120))}<br><b>to:</b>")
        head.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Type:", self.type)
        form.addRow("&Comment:", self.comment)
        layout = QVBoxLayout(self)
        layout.addWidget(head)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(620, 520)

        self._fill(ws, other_item)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._enable())
        self.list.doubleClicked.connect(lambda _i: self.accept())
        self._enable()

    def _fill(self, ws, other_item) -> None:
        here = (self.info.kind, self.info.id)
        first = None
        if other_item is not None and other_item != here:
            other = describe_item(ws, *other_item)
            if other is not None:
                first = self._add(other, "In the other pane \u2014 ")
        for f in force_findings(ws, self.info.force):
            if (f.kind, f.id) != here and (f.kind, f.id) != other_item:
                self._add(f)
        start = first if first is not None else self.model.index(0, 0)
        if start is not None and start.isValid():
            self.list.setCurrentIndex(self.proxy.mapFromSource(start))

    def _add(self, info: ItemInfo, prefix: str = ""):
        row = QStandardItem(f"{prefix}{item_title(info)} \u2014 {excerpt(info.report_title, 60)}"
                            f"\n{excerpt(info.text, 160)}")
        row.setData((info.kind, info.id), ITEM_ROLE)
        row.setEditable(False)
        self.model.appendRow(row)
        return row.index()

    def _enable(self) -> None:
        self.ok_button.setEnabled(self.target() is not None)

    def target(self) -> tuple[str, int] | None:
        index = self.list.currentIndex()
        return index.data(ITEM_ROLE) if index.isValid() else None

    def choose(self, item: tuple[str, int]) -> bool:
        """Select the row of `item` (for keyboard users' scripts and tests)."""
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            if index.data(ITEM_ROLE) == item:
                self.list.setCurrentIndex(index)
                return True
        return False


class LinksPanel(QWidget):
    """Links, trace and suggestions of the chosen finding or annotation."""

    #: Open this item (an ItemInfo), beside the pane it was followed from (or None).
    openRequested = Signal(object, object)
    status = Signal(str)

    def __init__(self, workspace, undo_stack, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.undo_stack = undo_stack
        self.item: tuple[str, int] | None = None
        self.info: ItemInfo | None = None
        self.source_pane = None
        self.links: list = []
        self.suggestions: list = []
        self._pane_focus: dict[int, tuple[object, tuple[str, int]]] = {}
        self._serial = 0
        self._suggest_task = None
        self._following = False
        self.busy = False

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.RichText)
        self.header.setTextInteractionFlags(Qt.TextSelectableByMouse)
        _accessible(self.header, "Chosen item")

        # links
        self.link_list = QListWidget()
        self.link_list.setWordWrap(True)
        self.link_list.setAlternatingRowColors(True)
        _accessible(self.link_list, "Links", "Links of the chosen item; Enter opens the other "
                                             "end, Delete removes the link")
        self.link_list.itemActivated.connect(lambda _it: self.follow_selected())
        self.link_list.currentRowChanged.connect(lambda _r: self._enable())
        self.open_button = self._button("&Open", "Open the other end",
                                        "Open the other end of the link (Enter)",
                                        self.follow_selected)
        self.delete_button = self._button("&Delete", "Delete link",
                                          "Delete the selected link (Delete; Ctrl+Z undoes)",
                                          self.delete_selected)
        self.add_button = self._button("Add &link\u2026", "Add link",
                                       "Link the chosen item to another finding or "
                                       "annotation (Ctrl+L)", self.add_link_dialog)
        # The context is set after construction: given as a keyword, PySide6 left it at
        # WindowShortcut and Delete anywhere in the window removed the selected link.
        widget_shortcut(QKeySequence.Delete, self.link_list, self.delete_selected)
        links_tab = QWidget()
        lay = QVBoxLayout(links_tab)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.link_list, 1)
        row = QHBoxLayout()
        for b in (self.open_button, self.delete_button, self.add_button):
            row.addWidget(b)
        row.addStretch(1)
        lay.addLayout(row)

        # trace
        self.trace_pane = TracePane()
        self.trace_view = self.trace_pane.view
        self.trace_view.stepActivated.connect(self._open_step)

        # suggestions
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.setMaximumHeight(6)
        _accessible(self.busy_bar, "Looking for related findings")
        self.suggest_note = QLabel()
        self.suggest_note.setWordWrap(True)
        self.suggestion_list = QListWidget()
        self.suggestion_list.setWordWrap(True)
        self.suggestion_list.setAlternatingRowColors(True)
        _accessible(self.suggestion_list, "Suggested links",
                    "Findings of the same force's other reports that look related; accept "
                    "to link, reject never to see it again")
        self.suggestion_list.currentRowChanged.connect(lambda _r: self._enable())
        self.suggestion_list.itemActivated.connect(lambda _it: self.open_suggestion())
        self.accept_type = QComboBox()
        self.accept_type.addItems(LINK_TYPES)
        _accessible(self.accept_type, "Accept as", "The type of the link an accepted "
                                                   "suggestion becomes")
        self.accept_button = self._button("Acce&pt", "Accept suggestion",
                                          "Link the suggested finding (Ctrl+Return)",
                                          lambda: self.accept_suggestion())
        self.reject_button = self._button("Re&ject", "Reject suggestion",
                                          "Never suggest this finding for this item again",
                                          lambda: self.reject_suggestion())
        self.look_button = self._button("Vie&w", "View suggested finding",
                                        "Open the suggested finding to read it (Enter)",
                                        self.open_suggestion)
        widget_shortcut(QKeySequence("Ctrl+Return"), self.suggestion_list,
                        lambda: self.accept_suggestion())
        suggest_tab = QWidget()
        lay = QVBoxLayout(suggest_tab)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.busy_bar)
        lay.addWidget(self.suggest_note)
        lay.addWidget(self.suggestion_list, 1)
        row = QHBoxLayout()  # two rows: the dock stays narrow beside two reader panes
        as_label = QLabel("a&s")
        as_label.setBuddy(self.accept_type)
        row.addWidget(self.accept_button)
        row.addWidget(as_label)
        row.addWidget(self.accept_type, 1)
        lay.addLayout(row)
        row = QHBoxLayout()
        row.addWidget(self.reject_button)
        row.addWidget(self.look_button)
        row.addStretch(1)
        lay.addLayout(row)

        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Links, trace and suggestions")
        self.tabs.addTab(links_tab, "Links")
        self.tabs.addTab(self.trace_pane, "Trace")
        self.tabs.addTab(suggest_tab, "Suggestions")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.header)
        layout.addWidget(self.tabs, 1)
        _accessible(self, "Links panel")
        self.clear()

    def _button(self, text: str, name: str, description: str, slot) -> QPushButton:
        b = QPushButton(text)
        _accessible(b, name, description)
        b.clicked.connect(slot)
        return b

    # ------------------------------------------------------------------ following the panes
    def connect_pane(self, pane) -> None:
        """Follow the items the officer chooses in this reader pane."""
        key = id(pane)
        pane.itemFocused.connect(lambda kind, item_id, p=pane: self._focused(p, kind, item_id))
        pane.destroyed.connect(lambda *_a, k=key: self._pane_focus.pop(k, None))

    def _focused(self, pane, kind: str, item_id: int) -> None:
        self._pane_focus[id(pane)] = (pane, (kind, item_id))
        if not self._following:
            self.set_item(kind, item_id, pane)

    def other_pane_item(self) -> tuple[str, int] | None:
        """The item last chosen in a pane other than the one this item came from."""
        for pane, item in self._pane_focus.values():
            if pane is not self.source_pane and item != self.item:
                try:
                    if pane.report_id is not None:
                        return item
                except RuntimeError:  # the pane has been deleted
                    continue
        return None

    def set_workspace(self, workspace) -> None:
        self.workspace = workspace
        self._pane_focus.clear()
        self.clear()

    # ------------------------------------------------------------------ showing an item
    def clear(self) -> None:
        self._serial += 1
        self.item = self.info = None
        self.source_pane = None
        self.links, self.suggestions = [], []
        self.header.setText("<i>Choose a finding in a report (or an annotation) to see its "
                            "links, its trace and suggested links.</i>")
        self.link_list.clear()
        self.suggestion_list.clear()
        self.trace_view.show_message("Choose a finding to see its trace.")
        self.suggest_note.setText("")
        self._set_busy(False)
        self._enable()

    def set_item(self, kind: str, item_id: int, pane=None) -> bool:
        """Show the item's links, trace and suggestions; False if it no longer exists."""
        info = describe_item(self.workspace, kind, item_id)
        if info is None:
            self.clear()
            self.status.emit(f"That {kind} is no longer in the workspace.")
            return False
        self.item, self.info, self.source_pane = (kind, item_id), info, pane
        where = f" \u2014 {escape(info.area)}" if info.area else ""
        note = f"<br>\u270e {escape(excerpt(info.note, 160))}" if info.note else ""
        self.header.setText(f"<b>{escape(step_label(kind, info.finding_kind))}</b>{where}<br>"
                            f"<i>{escape(info.report_title)}</i> ({escape(info.date or 'undated')})"
                            f"<br>{escape(excerpt(info.text, 220))}{note}")
        self.header.setAccessibleDescription(f"{step_label(kind, info.finding_kind)} in "
                                             f"{info.report_title}: {info.text}")
        self.refresh()
        return True

    def refresh(self) -> None:
        """Reload links and trace, and compute the suggestions again (after any change)."""
        if self.item is None:
            return
        if describe_item(self.workspace, *self.item) is None:
            self.clear()
            return
        self._show_links()
        self._show_trace()
        self.compute_suggestions()

    def _show_links(self) -> None:
        kind, item_id = self.item
        self.links = []
        self.link_list.clear()
        for lk in self.workspace.links.for_item(kind, item_id):
            other = describe_item(self.workspace, *lk.other_end(kind, item_id))
            if other is None:
                continue
            self.links.append((lk, other))
            text = link_wording(lk, self.item, other)
            text += f"\n{excerpt(other.report_title, 70)} ({other.date or 'undated'})"
            if lk.comment:
                text += f"\n\u201c{excerpt(lk.comment, 120)}\u201d"
            row = QListWidgetItem(text)
            row.setToolTip(f"{other.report_title}\n\n{other.text}")
            self.link_list.addItem(row)
        if self.links:
            self.link_list.setCurrentRow(0)
        self.tabs.setTabText(0, f"Links ({len(self.links)})")
        self._enable()

    def _show_trace(self) -> None:
        kind, item_id = self.item
        if kind != "finding":
            # a trace starts from a finding: follow the annotation's linked findings
            findings = [lk.other_end(kind, item_id) for lk, _o in self.links
                        if lk.other_end(kind, item_id)[0] == "finding"]
            if not findings:
                self.trace_view.show_message("A trace starts from a finding: link this "
                                             "annotation to one to see its chain.")
                return
            start = findings[0][1]
        else:
            start = item_id
        try:
            steps = self.workspace.links.trace(start)
        except LookupError:
            self.trace_view.show_message("This finding is no longer in the workspace.")
            return
        ids = {(s.kind, s.id) for s in steps}
        links = {lk.id: lk for s in steps for lk in self.workspace.links.for_item(s.kind, s.id)
                 if lk.source in ids and lk.target in ids}
        self.trace_view.set_trace(steps, list(links.values()), self.item)

    # ------------------------------------------------------------------ suggestions
    def compute_suggestions(self) -> None:
        """Ask for suggestions on a worker; an answer for an item no longer shown is
        dropped."""
        self._serial += 1
        serial, item = self._serial, self.item
        if self._suggest_task is not None:
            self._suggest_task.cancel()
        self.suggestions = []
        self.suggestion_list.clear()
        self.suggest_note.setText("Looking for related findings in the force's other "
                                  "reports\u2026")
        self._set_busy(True)
        ws = self.workspace
        self._suggest_task = run_task(
            ws.suggestions.for_item, *item, limit=SUGGESTIONS,
            on_done=lambda found: self._suggested(serial, found),
            on_error=lambda message: self._suggest_failed(serial, message))

    def _suggested(self, serial: int, found) -> None:
        if serial != self._serial:
            return  # the officer has moved on to another item
        self._suggest_task = None
        self._set_busy(False)
        self.suggestions = list(found)
        self.suggestion_list.clear()
        for s in self.suggestions:
            shared = ", ".join(s.why) or "\u2013"
            row = QListWidgetItem(
                f"{s.date or 'undated'} {s.kind.replace('_', ' ')}"
                f"{' (same area)' if s.same_area else ''}: {excerpt(s.text, 110)}\n"
                f"{excerpt(s.report_title, 70)}\nshares: {shared}")
            row.setToolTip(f"{s.report_title}\n{s.area or ''}\n\n{s.text}")
            self.suggestion_list.addItem(row)
        if self.suggestions:
            self.suggestion_list.setCurrentRow(0)
            self.suggest_note.setText(f"{len(self.suggestions)} finding(s) of the force's "
                                      "other reports look related.")
        else:
            self.suggest_note.setText("No related findings found in the force's other reports "
                                      "(rejected and linked ones are not shown again).")
        self.tabs.setTabText(2, f"Suggestions ({len(self.suggestions)})")
        self._enable()

    def _suggest_failed(self, serial: int, message: str) -> None:
        if serial != self._serial:
            return
        self._suggest_task = None
        self._set_busy(False)
        self.suggest_note.setText(f"Could not look for suggestions: {message}")
        self.tabs.setTabText(2, "Suggestions")

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_bar.setVisible(busy)
        if busy:
            self.tabs.setTabText(2, "Suggestions (\u2026)")

    def selected_suggestion(self):
        row = self.suggestion_list.currentRow()
        return self.suggestions[row] if 0 <= row < len(self.suggestions) else None

    def accept_suggestion(self, suggestion=None, link_type: str | None = None):
        """Link the (selected) suggestion; returns the new link or None."""
        s = suggestion or self.selected_suggestion()
        if s is None or self.item is None:
            return None
        link_type = link_type or self.accept_type.currentText()
        try:
            link = self.workspace.suggestions.accept(self.item, s.finding_id, link_type)
        except ValueError as e:
            self.status.emit(f"Cannot link: {e}")
            return None
        self.undo_stack.push(CreateLinkCommand(self.workspace, link, self.refresh,
                                               self.status.emit, "Accept suggestion"))
        self.status.emit(f"Linked: {link_type} \u2014 {item_title_for(s)}")
        return link

    def reject_suggestion(self, suggestion=None) -> bool:
        s = suggestion or self.selected_suggestion()
        if s is None or self.item is None:
            return False
        try:
            self.workspace.suggestions.reject(self.item, s.finding_id)
        except ValueError as e:
            self.status.emit(f"Cannot reject: {e}")
            return False
        self.undo_stack.push(RejectSuggestionCommand(self.workspace, self.item, s.finding_id,
                                                     self.refresh, self.status.emit))
        self.status.emit("Suggestion rejected: it will not be proposed again (Ctrl+Z undoes).")
        return True

    def open_suggestion(self) -> None:
        s = self.selected_suggestion()
        if s is not None:
            self._open(describe_item(self.workspace, "finding", s.finding_id))

    # ------------------------------------------------------------------ links
    def selected_link(self):
        row = self.link_list.currentRow()
        return self.links[row] if 0 <= row < len(self.links) else None

    def follow_selected(self) -> None:
        chosen = self.selected_link()
        if chosen is not None:
            self._open(chosen[1])

    def _open_step(self, step) -> None:
        self._open(describe_item(self.workspace, step.kind, step.id))

    def _open(self, info: ItemInfo | None) -> None:
        if info is None:
            self.status.emit("That item is no longer in the workspace.")
            return
        self._following = True  # the panel stays on its item while the other end opens
        try:
            self.openRequested.emit(info, self.source_pane)
        finally:
            self._following = False

    def delete_selected(self) -> bool:
        chosen = self.selected_link()
        if chosen is None:
            return False
        try:
            link = self.workspace.links.delete(chosen[0].id)
        except LookupError as e:
            self.status.emit(f"Cannot delete the link: {e}")
            self.refresh()
            return False
        self.undo_stack.push(DeleteLinkCommand(self.workspace, link, self.refresh,
                                               self.status.emit))
        self.status.emit("Link deleted (Ctrl+Z undoes).")
        return True

    def add_link(self, target: tuple[str, int], link_type: str, comment: str = ""):
        """Link the chosen item to `target`; returns the link, or None (status says why)."""
        if self.item is None:
            return None
        try:
            link = self.workspace.links.create(self.item, target, link_type, comment)
        except ValueError as e:
            self.status.emit(f"Cannot link: {e}")
            return None
        self.undo_stack.push(CreateLinkCommand(self.workspace, link, self.refresh,
                                               self.status.emit))
        self.status.emit(f"Linked: {link_type}.")
        return link

    def make_add_dialog(self) -> AddLinkDialog | None:
        if self.info is None:
            self.status.emit("Choose a finding or an annotation first, then add a link.")
            return None
        return AddLinkDialog(self.workspace, self.info, self.other_pane_item(), self)

    def add_link_dialog(self) -> None:
        dialog = self.make_add_dialog()
        if dialog is not None and dialog.exec() == QDialog.Accepted and dialog.target():
            self.add_link(dialog.target(), dialog.type.currentText(), dialog.comment.text())

    def _enable(self) -> None:
        has_item = self.item is not None
        has_link = self.selected_link() is not None
        has_suggestion = self.selected_suggestion() is not None
        self.open_button.setEnabled(has_link)
        self.delete_button.setEnabled(has_link)
        self.add_button.setEnabled(has_item)
        for b in (self.accept_button, self.reject_button, self.look_button):
            b.setEnabled(has_suggestion)
        self.accept_type.setEnabled(has_suggestion)


def item_title_for(s) -> str:
    return f"{s.date or 'undated'} {s.kind.replace('_', ' ')}"
