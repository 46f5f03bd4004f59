"""The window an officer lives in: library, search, reader panes, grade movement.

It wires widgets to each other and to the Workspace facade; it holds no business logic.
"""
from __future__ import annotations

import logging
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QStackedWidget,
    QWidget,
)

from ..reading.compare import previous_inspection
from ..workspace import default_folder
from .accessible import announce
from .library.import_dialog import ImportDialog
from .library.view import LibraryView
from .reading.grades import GradeHistoryWidget
from .reading.side_by_side import SideBySide
from .search.panel import SearchPanel
from .tab_order import next_stop

log = logging.getLogger("peelreview.ui")
SUPPORTED_FILTER = "Reports (*.pdf *.html *.htm *.docx *.txt *.md);;All files (*)"


class DockTabs(QObject):
    """Panels tabbed behind another panel are hidden, not just out of sight.

    Qt does not hide a dock widget whose tab is behind another: it moves it outside the
    window (QWidgetAnimator parks it at -500 - width, -500 - height) and leaves it visible,
    so its fields took Tab focus, F8 put the cursor in a field under another panel, and a
    screen reader listed every control of every panel. This watches each dock's moves and
    hides its contents while the dock is off the window, showing them again when its tab
    comes to the front (the contents keep their size hints meanwhile, so the layout does
    not jump)."""

    def __init__(self, window: QMainWindow):
        super().__init__(window)
        self.window = window

    def watch(self, dock: QDockWidget) -> None:
        content = dock.widget()
        policy = content.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        content.setSizePolicy(policy)
        dock.installEventFilter(self)
        self.sync(dock)

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 -- Qt's name
        if event.type() in (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show) \
                and isinstance(obj, QDockWidget):
            self.sync(obj)
        return False

    def on_screen(self, dock: QDockWidget) -> bool:
        """False for a dock tabbed behind another (Qt keeps it outside the window)."""
        if dock.isHidden():
            return False
        return dock.isFloating() or dock.geometry().intersects(self.window.rect())

    TITLE_BUTTONS = ("qt_dockwidget_closebutton", "qt_dockwidget_floatbutton")

    def sync(self, dock: QDockWidget) -> None:
        content = dock.widget()
        if content is None or dock.isHidden():
            return   # a closed dock keeps its contents as they were for when it comes back
        shown = self.on_screen(dock)
        if content.isHidden() == shown:
            content.setVisible(shown)
        # its title bar's Close and Float buttons too: a screen reader listed them, showing,
        # at the parked position outside the screen
        for button in dock.findChildren(QAbstractButton,
                                        options=Qt.FindChildOption.FindDirectChildrenOnly):
            if button.objectName() not in self.TITLE_BUTTONS:
                continue
            if not shown and not button.isHidden():
                button.setProperty("hiddenBehindTab", True)
                button.hide()
            elif shown and button.property("hiddenBehindTab"):
                button.setProperty("hiddenBehindTab", False)
                button.show()


def focus_into(widget: QWidget) -> QWidget | None:
    """Give the keyboard to `widget` if it takes it (or has a focus proxy), else to its
    first control that Tab reaches; returns the widget that has it."""
    if widget.focusProxy() is not None or widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        widget.setFocus(Qt.FocusReason.OtherFocusReason)
        return QApplication.focusWidget()
    w = widget.nextInFocusChain()
    while w is not None and w is not widget:
        if widget.isAncestorOf(w) and w.isVisible() and w.isEnabled() \
                and w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.focusProxy() is None:
            w.setFocus(Qt.FocusReason.OtherFocusReason)
            return w
        w = w.nextInFocusChain()
    return None


class MainWindow(QMainWindow):
    """Library on the left, search on the right, one or two readers in the middle."""

    workspaceChanged = Signal(object)

    def __init__(self, workspace, *, is_demo: bool = False, settings=None,
                 qsettings: QSettings | None = None):
        super().__init__()
        from . import palette
        from .wheel_guard import install

        install()  # the wheel never changes a field the officer has not clicked
        palette.install()  # readable selection, placeholders and focus marks (WCAG AA)
        self.workspace = workspace
        self.is_demo = is_demo
        self.settings = settings
        self.qsettings = qsettings or QSettings("peelreview", "peelreview")
        self.import_dialog = None
        self.setWindowTitle(self._title())
        self.setAcceptDrops(True)
        self.resize(1400, 900)
        # One undo history for every change the officer makes to the workspace (annotations,
        # links, response edits): each QUndoCommand calls the facade, which commits at once.
        self.undo_stack = QUndoStack(self)
        self.dock_tabs = DockTabs(self)
        self._region_focus: dict[QWidget, QWidget] = {}   # F6 goes back to these

        self.readers = SideBySide(workspace)
        self.placeholder = QLabel("Open a report from the library (double-click or Enter), "
                                  "or search with Ctrl+F.")
        self.placeholder.setAlignment(Qt.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.central = QStackedWidget()
        self.central.addWidget(self.placeholder)
        self.central.addWidget(self.readers)
        self.setCentralWidget(self.central)

        self.library = LibraryView(workspace)
        self.search = SearchPanel(workspace)
        self.grades = GradeHistoryWidget(workspace)
        self.library_dock = self._dock("Library", self.library, Qt.LeftDockWidgetArea)
        self.search_dock = self._dock("Search", self.search, Qt.RightDockWidgetArea)
        self.grades_dock = self._dock("Grade movement", self.grades, Qt.BottomDockWidgetArea)
        self.grades_dock.hide()
        self.library_dock.setMinimumWidth(200)
        self.search_dock.setMinimumWidth(300)

        self.library.reportActivated.connect(self.open_report)
        self.search.hitActivated.connect(self.open_hit)
        self.search.reportActivated.connect(self.open_report)
        self.grades.reportActivated.connect(self.open_report)
        self.readers.status.connect(lambda m: self.statusBar().showMessage(m, 5000))
        self._make_actions()
        self._make_links_ui()
        self._make_annotation_ui()
        self._make_curation_ui()
        self.refresh_library()
        QApplication.instance().focusChanged.connect(self._remember_focus)
        # what the status bar says (an export written, a report opened, why something
        # cannot be done) is said to a screen reader too: nobody hears a status bar
        self.statusBar().messageChanged.connect(lambda m: announce(self.statusBar(), m))
        self.statusBar().showMessage(self._welcome(), 15000)  # never a message that stays

    # ------------------------------------------------------------------ building
    def _title(self) -> str:
        where = "demo workspace (fictional reports)" if self.is_demo else str(
            self.workspace.folder)
        if getattr(self.workspace, "read_only", False):
            where += " (read-only: you can read and search, not change)"
        return f"peelreview \u2013 {where}"

    def _welcome(self) -> str:
        if self.is_demo:
            return ("This is the demo workspace: every report in it is fictional. Import your "
                    "own reports with Ctrl+O.")
        return f"Workspace: {self.workspace.folder}"

    def _dock(self, title: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(title.replace(" ", "_").lower())
        dock.setWidget(widget)
        dock.setAccessibleName(title)
        self.addDockWidget(area, dock)
        self.dock_tabs.watch(dock)
        return dock

    def reveal_dock(self, dock: QDockWidget, focus: QWidget | None = None, *,
                    take_focus: bool = True) -> None:
        """Show a panel, bring its tab to the front and put the keyboard in it (in `focus`,
        else its first control; not at all if not `take_focus`, for a caller that focuses
        a field itself). Every panel shortcut comes here: pressing it again never hides the
        panel (the View menu's ticks do that)."""
        dock.show()
        dock.raise_()
        if not self.dock_tabs.on_screen(dock):  # shown just now: the layout is pending
            QApplication.sendPostedEvents(self, QEvent.Type.LayoutRequest)
            dock.raise_()
        self.dock_tabs.sync(dock)
        if take_focus:
            focus_into(focus or dock.widget())

    def _action(self, menu, text: str, slot, shortcut=None, checkable=False) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcuts(shortcut if isinstance(shortcut, list) else [shortcut])
        action.setCheckable(checkable)
        (action.toggled if checkable else action.triggered).connect(slot)
        menu.addAction(action)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        bar = self.menuBar()
        f = bar.addMenu("&File")
        self.act_import = self._action(f, "&Import files\u2026", self.choose_files,
                                       QKeySequence("Ctrl+O"))
        self._action(f, "Import &folder\u2026", self.choose_folder, QKeySequence("Ctrl+Shift+O"))
        f.addSeparator()
        self._action(f, "&Quit", self.close, QKeySequence("Ctrl+Q"))
        e = bar.addMenu("&Edit")
        self.act_undo = self.undo_stack.createUndoAction(self, "&Undo")
        self.act_undo.setShortcuts([QKeySequence("Ctrl+Z")])
        self.act_redo = self.undo_stack.createRedoAction(self, "&Redo")
        self.act_redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (self.act_undo, self.act_redo):
            e.addAction(action)
            self.addAction(action)
        v = bar.addMenu("&View")
        self._action(v, "Zoom &in", lambda: self.readers.zoom(1),
                     [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        self._action(v, "Zoom &out", lambda: self.readers.zoom(-1), QKeySequence("Ctrl+-"))
        self._action(v, "&Reset zoom", lambda: self.readers.zoom(0), QKeySequence("Ctrl+0"))
        v.addSeparator()
        self._action(v, "&Next pane", lambda: self.next_pane(1), QKeySequence("F6"))
        self._action(v, "Pre&vious pane", self.previous_pane, QKeySequence("Shift+F6"))
        self._action(v, "&Close pane", self.close_pane, QKeySequence("Ctrl+W"))
        self.act_sync = self._action(v, "&Synchronised scrolling", self.set_sync, None,
                                     checkable=True)
        v.addSeparator()
        for dock in (self.library_dock, self.search_dock, self.grades_dock):
            v.addAction(dock.toggleViewAction())
        g = bar.addMenu("&Go")
        self._action(g, "&Search", self.focus_search, QKeySequence("Ctrl+F"))
        self._action(g, "&Compare with previous inspection", self.compare_with_previous,
                     QKeySequence("Ctrl+Shift+C"))
        self._action(g, "&Pair this area in the other pane", self.pair_area,
                     QKeySequence("Ctrl+Shift+P"))
        self._action(g, "&Grade movement for this force", self.show_grades,
                     QKeySequence("Ctrl+G"))
        self.response_menu = bar.addMenu("&Response")
        self._action(self.response_menu, "Draft PCC &response", self.open_response_editor,
                     QKeySequence("Ctrl+R"))
        h = bar.addMenu("&Help")
        self._action(h, "&Help and keyboard shortcuts", self.show_shortcuts, QKeySequence("F1"))
        self._action(h, "&About peelreview", self.show_about)

    def _make_links_ui(self) -> None:
        """The links panel (links, trace, suggestions of the item last chosen in a reader
        pane) as a dock, its View-menu toggle and shortcuts."""
        from .links.panel import LinksPanel

        self.links_panel = LinksPanel(self.workspace, self.undo_stack)
        self.links_dock = self._dock("Links", self.links_panel, Qt.RightDockWidgetArea)
        self.links_dock.setMinimumWidth(300)
        # A tab beside Search and Annotations: split under them it left the search results
        # a few lines high at 900 px.
        self.tabifyDockWidget(self.search_dock, self.links_dock)
        self.search_dock.raise_()
        for pane in self.readers.panes:
            self.links_panel.connect_pane(pane)
        self.readers.paneCreated.connect(self.links_panel.connect_pane)
        self.workspaceChanged.connect(self.links_panel.set_workspace)
        self.links_panel.status.connect(lambda m: self.statusBar().showMessage(m, 6000))

        def open_end(info, beside) -> None:
            self.central.setCurrentWidget(self.readers)
            self.readers.open_item_beside(info.kind, info.id, info.report_id, info.start,
                                          info.end, beside)

        def show_tab(index: int | None = None) -> None:
            if index is not None:
                self.links_panel.tabs.setCurrentIndex(index)
            self.reveal_dock(self.links_dock, self.links_panel.tabs.currentWidget())

        self.links_panel.openRequested.connect(open_end)
        menu = next(a.menu() for a in self.menuBar().actions() if a.text() == "&View")
        toggle = self.links_dock.toggleViewAction()   # View: the tick shows or hides it
        toggle.setText("Links &panel")
        menu.addAction(toggle)
        # the key only ever shows it, in front, with the keyboard in it (a toggle hid it
        # when pressed again, leaving the focus nowhere)
        go = next(a.menu() for a in self.menuBar().actions() if a.text() == "&Go")
        self.act_links_panel = self._action(go, "&Links panel", lambda: show_tab(),
                                            QKeySequence("Ctrl+Shift+L"))
        self.act_add_link = self._action(menu, "Add &link\u2026",
                                         lambda: self.links_panel.add_link_dialog(),
                                         QKeySequence("Ctrl+L"))
        self._action(menu, "&Trace of this finding", lambda: show_tab(1),
                     QKeySequence("Ctrl+Shift+T"))
        self._action(menu, "Suggested lin&ks (more like this)", lambda: show_tab(2),
                     QKeySequence("Ctrl+Shift+M"))

    def _on_active_pane(self, method: str, *args, missing: str):
        """A menu action's slot: call `method` of the active reader pane, or say `missing`
        when no report is open."""
        def run():
            pane = self.readers.active_pane()
            if pane is None or pane.report_id is None:
                self.statusBar().showMessage(missing, 6000)
                return
            getattr(pane, method)(*args)
        return run

    def _make_curation_ui(self) -> None:
        """Confirming and rejecting what the extractor read: the Curator (undoable commands,
        one "changed" signal the readers, library and response editor follow) and the
        Review menu with its keys."""
        from .curation.commands import Curator

        self.curator = Curator(self.workspace, self.undo_stack, self)

        def pane_created(pane) -> None:
            pane.curator = self.curator
            pane.show_rejected = getattr(self, "act_show_rejected", None) is not None \
                and self.act_show_rejected.isChecked()

        def changed(report_id: int) -> None:
            for pane in self.readers.panes:
                pane.refresh_report(report_id)
            self.refresh_library()
            editor = getattr(self, "response_editor", None)
            if editor is not None and editor.response is not None \
                    and editor.response.report_id == report_id:
                editor.rebuild()

        self.readers.paneCreated.connect(pane_created)
        for pane in self.readers.panes:
            pane_created(pane)
        self.curator.changed.connect(changed)
        self.curator.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.workspaceChanged.connect(self.curator.set_workspace)

        def on_pane(method: str, *args):
            return self._on_active_pane(method, *args, missing="Open a report first.")

        bar = self.menuBar()
        help_menu = next(a for a in bar.actions() if a.text() == "&Help")
        menu = bar.addMenu("Rev&iew")
        bar.insertMenu(help_menu, menu)
        self._action(menu, "&Next likely item to confirm", on_pane("next_to_confirm"),
                     QKeySequence("F7"))
        self._action(menu, "&Confirm this finding or grade", on_pane("decide", "confirm"),
                     QKeySequence("Ctrl+Shift+Y"))
        self._action(menu, "&Reject this finding or grade", on_pane("decide", "reject"),
                     QKeySequence("Ctrl+Shift+X"))
        menu.addSeparator()
        self._action(menu, "&Mark selection as finding\u2026", on_pane("mark_selection"),
                     QKeySequence("Ctrl+Shift+K"))
        self._action(menu, "Set a &grade\u2026", on_pane("grade_dialog"))
        self._action(menu, "Report &details\u2026", on_pane("details_dialog"))
        self.act_show_rejected = self._action(menu, "&Show rejected findings and grades",
                                              self.set_show_rejected, checkable=True)
        menu.addSeparator()
        self._action(menu, "Merge with another &file of this report\u2026", self.merge_report)
        self._action(menu, "S&plit its sources apart", self.split_report)
        self._action(menu, "Read its text from &another source", self.prefer_source)
        self._action(menu, "Remo&ve report\u2026", self.remove_report)

    def set_show_rejected(self, on: bool) -> None:
        for pane in self.readers.panes:
            pane.set_show_rejected(on)

    def merge_report(self) -> bool:
        """Make another held report (the same inspection in another format) a source of
        the active pane's report."""
        from PySide6.QtWidgets import QInputDialog

        from ..review.sources import SourceError

        pane = self.readers.active_pane()
        if pane is None or pane.report_id is None:
            self.statusBar().showMessage("Open the report to merge into first.", 6000)
            return False
        me = next((r for r in self.workspace.list_reports() if r["id"] == pane.report_id), None)
        others = [r for r in self.workspace.list_reports() if r["id"] != pane.report_id
                  and (me is None or r["force"] == me["force"])]
        if not others:
            self.statusBar().showMessage("No other report of this force to merge.", 6000)
            return False
        labels = [f"{r['title']} ({', '.join(r['sources'])}, {r['published'] or r['year']})"
                  for r in others]
        label, ok = QInputDialog.getItem(self, "Merge", "&Another file of the same "
                                         "inspection:", labels, 0, False)
        if not ok:
            return False
        other = others[labels.index(label)]
        try:
            self.workspace.merge(pane.report_id, other["id"])
        except SourceError as e:
            self.statusBar().showMessage(f"Cannot merge: {e}", 8000)
            return False
        self.refresh_library()
        pane.refresh_report()
        self.statusBar().showMessage(f"Merged: {other['title']} is now a source of this "
                                     "report (Review > Split undoes it).", 8000)
        return True

    def prefer_source(self) -> bool:
        """Take the active report's text from another of its sources (e.g. the web page
        rather than the PDF); annotations and corrections are re-anchored."""
        from PySide6.QtWidgets import QInputDialog

        pane = self.readers.active_pane()
        if pane is None or pane.report_id is None:
            self.statusBar().showMessage("Open the report first.", 6000)
            return False
        others = self.workspace.sources(pane.report_id)[1:]
        if not others:
            self.statusBar().showMessage("This report has only one source.", 6000)
            return False
        labels = [f"{s['source_name']} ({s['format'].upper()})" for s in others]
        label, ok = QInputDialog.getItem(self, "Read the text from", "&Source:", labels, 0,
                                         False)
        if not ok:
            return False
        try:
            result = self.workspace.prefer_source(pane.report_id,
                                                  others[labels.index(label)]["id"])
        except Exception as e:  # noqa: BLE001 -- one line for the officer, the rest logged
            log.warning("prefer source failed", exc_info=True)
            self.statusBar().showMessage(f"Cannot read the other source: {e}", 8000)
            return False
        pane.show_report(pane.report_id)
        self.refresh_library()
        self.statusBar().showMessage(f"The text is now read from {label}; annotations "
                                     f"moved {result['moved']}, orphaned "
                                     f"{result['orphaned']}.", 8000)
        return True

    def split_report(self) -> bool:
        from ..review.sources import SourceError

        pane = self.readers.active_pane()
        if pane is None or pane.report_id is None:
            self.statusBar().showMessage("Open the report to split first.", 6000)
            return False
        try:
            ids = self.workspace.split(pane.report_id)
        except SourceError as e:
            self.statusBar().showMessage(f"Cannot split: {e}", 8000)
            return False
        self.refresh_library()
        pane.refresh_report()
        self.statusBar().showMessage(f"Split: {len(ids)} source(s) are reports of their own "
                                     "again.", 8000)
        return True

    def remove_report(self) -> bool:
        """Remove the active pane's report after a confirmation naming what hangs on it;
        Ctrl+Z puts it back."""
        from PySide6.QtWidgets import QMessageBox

        pane = self.readers.active_pane()
        if pane is None or pane.report_id is None:
            self.statusBar().showMessage("Open the report to remove first.", 6000)
            return False
        rid, title = pane.report_id, pane.report_title()
        hangs = self.workspace.removal.what_hangs_on(rid).describe()
        text = f"Remove \u201c{title}\u201d from the workspace?"
        if hangs:
            text += f"\n\nWith it go {hangs}."
        text += "\n\nEdit > Undo (Ctrl+Z) puts it back."
        answer = QMessageBox.question(self, "Remove report", text,
                                      QMessageBox.Yes | QMessageBox.Cancel,
                                      QMessageBox.Cancel)
        if answer != QMessageBox.Yes:
            return False
        return self.curator.remove_report(rid)

    def _make_annotation_ui(self) -> None:
        """Annotating: the Annotator (undoable commands, one "changed" signal), the
        annotations panel as a dock, the Annotate menu and its shortcuts."""
        from ..review.annotations import COLOURS
        from .annotate.commands import Annotator
        from .annotate.editor import colour_icon
        from .annotate.panel import AnnotationsPanel

        self.annotator = Annotator(self.workspace, self.undo_stack, self)
        self.annotations_panel = AnnotationsPanel(self.workspace, self.annotator)
        self.annotations_panel.active_pane = self.readers.active_pane
        self.annotations_dock = self._dock("Annotations", self.annotations_panel,
                                           Qt.RightDockWidgetArea)
        self.tabifyDockWidget(self.search_dock, self.annotations_dock)
        self.search_dock.raise_()

        def pane_created(pane) -> None:
            pane.annotator = self.annotator
            pane.itemFocused.connect(lambda kind, item_id: kind == "annotation"
                                     and self.annotations_panel.select_annotation(item_id))

        def active_changed(_index: int) -> None:
            pane = self.readers.active_pane()
            self.annotations_panel.set_current_report(pane.report_id if pane else None)

        def workspace_changed(workspace) -> None:
            self.undo_stack.clear()   # its commands belong to the old workspace
            self.annotator.set_workspace(workspace)
            self.annotations_panel.set_workspace(workspace)

        self.readers.paneCreated.connect(pane_created)
        for pane in self.readers.panes:
            pane_created(pane)
        self.readers.activePaneChanged.connect(active_changed)
        self.annotator.changed.connect(
            lambda rid: [p.refresh_annotations(rid) for p in self.readers.panes])
        self.annotator.message.connect(lambda m: self.statusBar().showMessage(m, 8000))
        self.annotations_panel.openRequested.connect(self.open_annotation)
        self.workspaceChanged.connect(workspace_changed)

        def on_pane(method: str, *args):
            return self._on_active_pane(method, *args, missing="Open a report and select "
                                        "some of its text to annotate it.")

        bar = self.menuBar()
        help_menu = next(a for a in bar.actions() if a.text() == "&Help")
        menu = bar.addMenu("&Annotate")
        bar.insertMenu(help_menu, menu)
        self.act_highlight = self._action(menu, "&Highlight selection",
                                          on_pane("highlight_selection"),
                                          QKeySequence("Ctrl+Shift+H"))
        self.act_note = self._action(menu, "Add or edit &note\u2026",
                                     on_pane("edit_annotation", "note"),
                                     QKeySequence("Ctrl+Shift+N"))
        self.act_tags = self._action(menu, "Add or edit ta&gs\u2026",
                                     on_pane("edit_annotation", "tags"),
                                     QKeySequence("Ctrl+Shift+G"))
        colours = menu.addMenu("Highlight &colour")
        group = QActionGroup(self)
        self.colour_actions = {}
        for c in COLOURS:
            action = colours.addAction(colour_icon(c), c.capitalize())
            action.setCheckable(True)
            action.setChecked(c == self.annotator.colour)
            action.triggered.connect(lambda _=False, c=c: self.annotator.set_colour(c))
            group.addAction(action)
            self.colour_actions[c] = action
        self.annotator.colourChanged.connect(lambda c: self.colour_actions[c].setChecked(True))
        menu.addSeparator()
        self._action(menu, "&Annotations panel", self.show_annotations,
                     QKeySequence("Ctrl+Shift+A"))
        view = next(a.menu() for a in bar.actions() if a.text() == "&View")
        view.addAction(self.annotations_dock.toggleViewAction())

    def show_annotations(self) -> None:
        self.reveal_dock(self.annotations_dock, self.annotations_panel.view)

    def open_annotation(self, report_id: int, annotation_id: int) -> bool:
        """Show an annotation's passage: in the pane already showing its report, else in
        the active pane. False (and a status line) for an orphan, which has no place."""
        panes = self.readers.panes
        pane = next((p for p in panes if p.report_id == report_id), None)
        if pane is None:
            pane = self.open_report(report_id)
        else:
            self.central.setCurrentWidget(self.readers)
            self.readers.set_active(panes.index(pane))
        if pane.go_to_item("annotation", annotation_id):
            pane.itemFocused.emit("annotation", annotation_id)
            return True
        self.statusBar().showMessage("This annotation is orphaned: select the passage it "
                                     "belongs to, then choose Place at current selection in "
                                     "the annotations panel.", 10000)
        return False

    def open_response_editor(self) -> bool:
        """Response > Draft PCC response (Ctrl+R): the response editor for the active
        reader's report, in a dock tabbed with the right-hand panels (the reader stays in
        view to quote from). Built on first use."""
        pane = self.readers.active_pane()
        if pane is None or pane.report_id is None:
            self.statusBar().showMessage("Open a report first, then draft the PCC's response "
                                         "to it (Ctrl+R).", 6000)
            return False
        if getattr(self, "response_editor", None) is None:
            from .response.editor import ResponseEditor

            def selection():
                p = self.readers.active_pane()
                if p is None or p.report_id is None:
                    return None
                span = p.selection_span()
                return (p.report_id, *span) if span else None

            due = self.settings.chief_constable_due_days if self.settings is not None else None
            self.response_editor = ResponseEditor(self.workspace, self.undo_stack,
                                                  selection=selection, cc_due_days=due,
                                                  settings=self.settings)
            self.response_dock = self._dock("Response", self.response_editor,
                                            Qt.RightDockWidgetArea)
            self.response_dock.setMinimumWidth(360)
            right = [d for d in (self.search_dock, getattr(self, "annotations_dock", None),
                                 getattr(self, "links_dock", None))
                     if d is not None and not d.isFloating()
                     and self.dockWidgetArea(d) == Qt.RightDockWidgetArea]
            if right:  # one full-height tab group
                for d in right[1:] + [self.response_dock]:
                    self.tabifyDockWidget(right[0], d)
            self.response_editor.status.connect(
                lambda m: self.statusBar().showMessage(m, 8000))
            # F8 and the gaps list put the cursor in a field: the editor comes to the front
            # first, never typing into a field under another panel
            self.response_editor.revealRequested.connect(
                lambda: self.reveal_dock(self.response_dock, take_focus=False))
            self.workspaceChanged.connect(self.response_editor.set_workspace)
            view = next(a.menu() for a in self.menuBar().actions() if a.text() == "&View")
            toggle = self.response_dock.toggleViewAction()
            toggle.setText("Response &editor")
            view.addAction(toggle)
            self.response_menu.addSeparator()
            for action in self.response_editor.menu_actions():
                self.response_menu.addAction(action)
                self.addAction(action)
        width_before = self.width()
        self.reveal_dock(self.response_dock)
        if not self.response_editor.show_report(pane.report_id):
            return False
        self.response_editor.focus_first()
        self.resizeDocks([self.response_dock], [640], Qt.Horizontal)
        pane.set_compact(True)  # the reader's text keeps the room beside the editor
        self.fit_layout()
        if self.width() > width_before and self.minimumSizeHint().width() <= width_before:
            self.resize(width_before, self.height())  # the editor never widens the window
            QTimer.singleShot(0, self.fit_layout)
        self.statusBar().showMessage(f"Drafting the PCC's response to "
                                     f"{self.response_editor.response.report_title}", 6000)
        return True

    # ------------------------------------------------------------------ fitting the screen
    READING_CHARS = 60  # the narrowest reading line an officer can work with

    def fit_layout(self) -> None:
        """Keep the report readable on a small screen (a 1366x768 laptop with two reports
        and the response editor): the library folds away first, then each pane's contents
        list; View > Library and the Contents button bring them back. Nothing is made to
        exceed the window's width."""
        panes = [p for p in self.readers.panes if p.isVisible()] if \
            self.central.currentWidget() is self.readers else []
        if not panes:
            return
        QApplication.processEvents()
        if min(p.text_chars() for p in panes) >= self.READING_CHARS:
            return
        if self.library_dock.isVisible() and not self.library_dock.isFloating():
            self.library_dock.hide()
            self.statusBar().showMessage("The library folded away to give the report room "
                                         "(View \u25b8 Library brings it back).", 8000)
            QApplication.processEvents()
        for p in panes:
            if p.text_chars() < self.READING_CHARS and p.contents_button.isChecked():
                p.contents_button.setChecked(False)
        QApplication.processEvents()
        dock = getattr(self, "response_dock", None)
        if dock is not None and dock.isVisible() and not dock.isFloating() \
                and min(p.text_chars() for p in panes) < self.READING_CHARS:
            self.resizeDocks([dock], [dock.minimumWidth()], Qt.Horizontal)  # editor narrows
            QApplication.processEvents()

    def resizeEvent(self, event) -> None:  # noqa: N802 -- Qt's name
        super().resizeEvent(event)
        if event.oldSize().width() > event.size().width():
            QTimer.singleShot(0, self.fit_layout)

    # ------------------------------------------------------------------ library and reading
    def refresh_library(self) -> None:
        reports = self.workspace.list_reports()
        self.library.refresh(reports)
        self.grades.set_reports(reports)
        self.placeholder.setText(self._empty_state(len(reports)))

    def _empty_state(self, held: int) -> str:
        """What the middle of the window says before a report is open: the demo is
        fictional; an empty workspace says how to bring reports in."""
        bring = ("File \u25b8 Import (Ctrl+O), or drag PDF, web page, Word or text files and "
                 "folders onto this window")
        if self.is_demo:
            return ("This is the demo workspace: every report in it is fictional (invented "
                    f"forces, invented findings).\n\nTo work on your own reports: {bring}."
                    "\n\nOpen a report from the library (double-click or Enter), or search "
                    "with Ctrl+F. F1 shows the help.")
        if not held:
            return (f"This workspace holds no reports yet.\n\nImport reports: {bring}."
                    "\n\nF1 shows the help.")
        return ("Open a report from the library (double-click or Enter), or search with "
                "Ctrl+F. F1 shows the help.")

    def open_report(self, report_id: int, pane: int | None = None):
        self.central.setCurrentWidget(self.readers)
        reader = self.readers.open_report(report_id, pane)
        self.statusBar().showMessage(f"Opened {reader.report_title()}"
                                     if hasattr(reader, "report_title") else "Opened report",
                                     4000)
        return reader

    def open_hit(self, report_id: int, start: int, end: int, terms) -> None:
        reader = self.open_report(report_id)
        reader.go_to(start, end, list(terms))

    def compare_with_previous(self) -> bool:
        pane = self.readers.active_pane()
        if pane is None or pane.report_id is None:
            self.statusBar().showMessage("Open a report first, then compare it with the "
                                         "previous inspection.", 6000)
            return False
        reports = self.workspace.list_reports()
        current = next((r for r in reports if r["id"] == pane.report_id), None)
        previous = previous_inspection(reports, current) if current else None
        if previous is None:
            self.statusBar().showMessage("No earlier inspection of this force is held in the "
                                         "workspace.", 6000)
            return False
        self.central.setCurrentWidget(self.readers)
        self.readers.open_pair(current["id"], previous["id"])
        self.fit_layout()   # two panes on a laptop: fold what the text needs room from
        self.statusBar().showMessage(f"Comparing with the previous inspection: "
                                     f"{previous['title']}", 6000)
        return True

    def pair_area(self) -> None:
        if not self.readers.pair_current_area():
            self.statusBar().showMessage("The other pane has no matching area.", 4000)

    def show_grades(self) -> None:
        pane = self.readers.active_pane()
        force = pane.report.force if pane is not None and pane.report is not None else None
        if force:
            self.grades.show_force(force)
        self.reveal_dock(self.grades_dock, self.grades)

    def regions(self) -> list[QWidget]:
        """What F6 visits, in order: the library, each reader pane, then each panel on
        screen (the front tab of the right-hand panels, grade movement, floating ones)."""
        docks = [self.library_dock]
        if self.central.currentWidget() is self.readers:
            docks.append(None)   # the reader panes go here
        docks += [d for d in self.findChildren(QDockWidget) if d not in docks]
        out: list[QWidget] = []
        for d in docks:
            if d is None:
                out += [p for p in self.readers.panes if p.isVisible()]
            elif self.dock_tabs.on_screen(d) and d.widget() is not None:
                out.append(d.widget())
        return out

    def next_pane(self, step: int = 1) -> QWidget | None:
        """F6 (Shift+F6 backwards) moves the keyboard to the next region on screen, back
        to where it was in it last; returns the region reached."""
        order = self.regions()
        if not order:
            return None
        focus = QApplication.focusWidget()
        current = next((i for i, w in enumerate(order)
                        if w is focus or w.isAncestorOf(focus)), None)
        if current is None:
            index = 0 if step > 0 else len(order) - 1
        else:
            index = (current + step) % len(order)
        target = order[index]
        last = self._region_focus.get(target)
        if target in self.readers.panes:
            self.readers.set_active(self.readers.panes.index(target))
        if last is not None and shiboken6.isValid(last) and last.isVisible() \
                and last.isEnabled() and target.isAncestorOf(last):
            last.setFocus(Qt.FocusReason.OtherFocusReason)
        elif target not in self.readers.panes:
            focus_into(target)
        return target

    def previous_pane(self) -> QWidget | None:
        return self.next_pane(-1)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Tab leaves a region for the next one in reading order (ui/tab_order.py)."""
        target = next_stop(self.regions(), QApplication.focusWidget(), forward)
        if target is None:
            return super().focusNextPrevChild(forward)
        pane = next((p for p in self.readers.panes if p.isAncestorOf(target)), None)
        if pane is not None:
            self.readers.set_active(self.readers.panes.index(pane))
        target.setFocus(Qt.FocusReason.TabFocusReason if forward
                        else Qt.FocusReason.BacktabFocusReason)
        return True

    def _remember_focus(self, _old, new) -> None:
        """Where the keyboard was last in each region, for F6 to go back to. And the
        keyboard is never in a panel out of sight: a panel something puts the focus in
        (Tab never does) comes to the front."""
        if new is None or not shiboken6.isValid(self):
            return
        dock = new.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        if dock is not None and dock.parentWidget() is self and dock.widget() is not None \
                and dock.widget().isAncestorOf(new) and not new.isVisible():
            self.reveal_dock(dock, take_focus=False)
        for gone in [r for r in self._region_focus if not shiboken6.isValid(r)]:
            del self._region_focus[gone]   # a closed pane
        for region in self.regions():
            if region.isAncestorOf(new):
                self._region_focus[region] = new
                return

    def close_pane(self) -> None:
        self.readers.close_pane()
        if not self.readers.panes:
            self.central.setCurrentWidget(self.placeholder)

    def set_sync(self, on: bool) -> None:
        self.readers.sync_scrolling = on

    def focus_search(self) -> None:
        self.reveal_dock(self.search_dock, self.search.query_edit)
        self.search.focus_query()

    # ------------------------------------------------------------------ import
    def choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, "Import reports", str(Path.home()),
                                                SUPPORTED_FILTER)
        if paths:
            self.import_paths(paths)

    def choose_folder(self) -> None:
        path = QFileDialog.getExistingDirectory(self, "Import every report in a folder",
                                                str(Path.home()))
        if path:
            self.import_paths([path])

    def import_paths(self, paths) -> ImportDialog | None:
        if self.import_dialog is not None and self.import_dialog.isVisible():
            self.statusBar().showMessage("An import is already running.", 4000)
            return None
        if self.is_demo and not self._leave_demo_for_import():
            return None
        self.import_dialog = ImportDialog(self.workspace, paths, self)
        self.import_dialog.finishedImport.connect(self._imported)
        self.import_dialog.show()
        return self.import_dialog

    def _leave_demo_for_import(self) -> bool:
        """Real reports never go into the demo workspace: switch to the officer's own."""
        from ..workspace import Workspace

        folder = default_folder()
        answer = QMessageBox.question(
            self, "Import into your own workspace",
            "The demo workspace holds fictional reports only. Your reports will be imported "
            f"into your own workspace:\n\n{folder}\n\nContinue?")
        if answer != QMessageBox.Yes:
            return False
        self.set_workspace(Workspace(folder, defer_index=True), is_demo=False)
        return True

    def set_workspace(self, workspace, *, is_demo: bool) -> None:
        old = self.workspace
        self.workspace, self.is_demo = workspace, is_demo
        for w in (self.readers, self.library, self.search, self.grades):
            w.set_workspace(workspace)
        self.central.setCurrentWidget(self.placeholder)
        self.setWindowTitle(self._title())
        self.refresh_library()
        self.workspaceChanged.emit(workspace)
        if old is not workspace:
            old.close()

    def _imported(self, events) -> None:
        self.refresh_library()
        self.search.refresh()
        imported = [e for e in events if e.status == "imported"]
        failed = [e for e in events if e.status == "failed"]
        msg = f"Imported {len(imported)} report(s)"
        if failed:
            msg += f"; {len(failed)} could not be imported (see the import window)"
        self.statusBar().showMessage(msg, 8000)
        if len(imported) == 1:
            QTimer.singleShot(0, lambda: self.open_report(imported[0].report_id))

    def dragEnterEvent(self, event):
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event):
        paths = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.import_paths(paths)
            event.acceptProposedAction()

    # ------------------------------------------------------------------ help
    def show_shortcuts(self) -> None:
        """F1: the help page (the day step by step, shortcuts grouped by task)."""
        from .help import HelpDialog

        dialog = HelpDialog(self.menuBar(), self)
        dialog.setAttribute(Qt.WA_DeleteOnClose)
        dialog.show()
        self.help_dialog = dialog

    def show_about(self) -> None:
        from .. import __version__

        QMessageBox.about(self, "About peelreview",
                          f"peelreview {__version__}\n\nReview HMICFRS inspection reports and "
                          "draft the PCC's response. Everything stays on this computer.")

    # ------------------------------------------------------------------ state
    def save_state(self) -> None:
        self.qsettings.setValue("geometry", self.saveGeometry())
        self.qsettings.setValue("windowState", self.saveState())
        self.qsettings.setValue("splitter", self.readers.splitter.saveState())
        if self.settings is not None:
            self.settings.open_reports = self.readers.open_report_ids()
            self.settings.sync_scrolling = self.readers.sync_scrolling
            if not self.is_demo:
                self.settings.last_workspace = str(self.workspace.folder)
            try:
                self.settings.save()
            except OSError as e:
                log.warning("could not save settings: %s", e)

    def restore_state(self) -> None:
        geometry = self.qsettings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.qsettings.value("windowState")
        if state is not None:
            self.restoreState(state)
        splitter = self.qsettings.value("splitter")
        if self.settings is not None:
            held = {r["id"] for r in self.workspace.list_reports()}
            for i, rid in enumerate(r for r in self.settings.open_reports if r in held):
                self.open_report(rid, i)
            self.act_sync.setChecked(self.settings.sync_scrolling)
        if splitter is not None:
            self.readers.splitter.restoreState(splitter)

    def showEvent(self, event):
        super().showEvent(event)
        if not getattr(self, "_docks_sized", False):  # docks take sizes once laid out
            self._docks_sized = True
            QTimer.singleShot(0, lambda: self.resizeDocks(
                [self.library_dock, self.search_dock], [260, 330], Qt.Horizontal))

    def closeEvent(self, event):
        self.save_state()
        super().closeEvent(event)
