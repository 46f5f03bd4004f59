"""Two reader panes side by side, with area pairing across inspection cycles and optional
synchronised scrolling. The pairing itself is core logic (peelreview.compare)."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QApplication, QSplitter, QVBoxLayout, QWidget

from ...reading.compare import pair_section
from .reader import ReaderPane


class SideBySide(QWidget):
    """Holds one or two ReaderPanes; the active pane is where keyboard intent goes."""

    activePaneChanged = Signal(int)
    status = Signal(str)
    #: A new ReaderPane exists (e.g. for the links panel to follow its itemFocused).
    paneCreated = Signal(object)

    def __init__(self, workspace, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setAccessibleName("Reader panes")
        self.panes: list[ReaderPane] = []
        self.active = 0
        self.sync_scrolling = False
        self._pairing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.splitter)
        # A click or Tab into a pane makes it the active one, so Ctrl+R, annotate and
        # every report action go where the officer is looking.
        QApplication.instance().focusChanged.connect(self._focus_moved)

    def _focus_moved(self, _old, new) -> None:
        if new is None or len(self.panes) < 2:
            return
        for index, pane in enumerate(self.panes):
            if pane is new or pane.isAncestorOf(new):
                if index != self.active:
                    self.active = index
                    self._mark_active()
                    self.activePaneChanged.emit(index)
                return

    def _mark_active(self) -> None:
        """Frame the active pane (a thick border, not colour alone) and say so in its
        accessible name, but only when there are two panes to tell apart."""
        two = len(self.panes) > 1
        for index, pane in enumerate(self.panes):
            side = "Left" if index == 0 else "Right"
            active = two and index == self.active
            pane.set_active_mark(active, two)
            pane.setAccessibleName(f"{side} reader pane" + (", active" if active else ""))

    def set_workspace(self, workspace) -> None:
        self.close_all()
        self.workspace = workspace

    # ------------------------------------------------------------------ panes
    def _new_pane(self) -> ReaderPane:
        pane = ReaderPane(self.workspace)
        pane.sectionChanged.connect(lambda title, p=pane: self._paired(p, title))
        pane.scrollFractionChanged.connect(lambda f, p=pane: self._scrolled(p, f))
        self.panes.append(pane)
        self.splitter.addWidget(pane)
        self.paneCreated.emit(pane)
        return pane

    def open_report(self, report_id: int, pane: int | None = None) -> ReaderPane:
        """Show a report in the given pane (default: the active one; a new one if none)."""
        if not self.panes:
            target = self._new_pane()
        elif pane is None:
            target = self.panes[self.active]
        elif pane >= len(self.panes):
            target = self._new_pane()
        else:
            target = self.panes[pane]
        target.show_report(report_id)
        for p in self.panes:
            p.set_compact(len(self.panes) > 1)
        self.set_active(self.panes.index(target))
        return target

    def open_pair(self, left_id: int, right_id: int) -> None:
        """Left: `left_id`, right: `right_id` (e.g. this year's and the previous inspection)."""
        # a pane already showing its report keeps the officer's place in it
        for index, report_id in enumerate((left_id, right_id)):
            if not (len(self.panes) > index and self.panes[index].report_id == report_id):
                self.open_report(report_id, index)
        for p in self.panes:
            p.set_compact(len(self.panes) > 1)
        self.splitter.setSizes([1, 1])
        self.set_active(0)

    def close_pane(self, index: int | None = None) -> None:
        index = self.active if index is None else index
        if not (0 <= index < len(self.panes)):
            return
        pane = self.panes.pop(index)
        pane.setParent(None)
        pane.deleteLater()
        self.active = max(0, min(self.active, len(self.panes) - 1))
        for p in self.panes:
            p.set_compact(len(self.panes) > 1)
        self._mark_active()
        if self.panes:
            self.panes[self.active].setFocus()

    def close_all(self) -> None:
        while self.panes:
            self.close_pane(0)

    def set_active(self, index: int) -> None:
        if 0 <= index < len(self.panes):
            self.active = index
            self._mark_active()
            self.panes[index].setFocus()
            self.activePaneChanged.emit(index)

    def next_pane(self) -> None:
        if self.panes:
            self.set_active((self.active + 1) % len(self.panes))

    def active_pane(self) -> ReaderPane | None:
        return self.panes[self.active] if self.panes else None

    def open_report_ids(self) -> list[int]:
        return [p.report_id for p in self.panes if p.report_id is not None]

    def open_item_beside(self, kind: str, item_id: int, report_id: int,
                         start: int | None, end: int | None, beside=None) -> ReaderPane:
        """Open a finding or annotation (a link's other end): side by side, in the pane
        other than `beside` (the pane the link was followed from); else in the active one."""
        other = self._other(beside) if beside in self.panes else None
        index = self.panes.index(other) if other is not None else None
        target = self.panes[index] if index is not None else self.active_pane()
        if target is None or target.report_id != report_id:
            target = self.open_report(report_id, index)
        else:
            self.set_active(self.panes.index(target))
        go_to_item = getattr(target, "go_to_item", None)
        if not (go_to_item and go_to_item(kind, item_id)) and start is not None:
            target.go_to(start, end)
        return target

    # ------------------------------------------------------------------ linking the panes
    def _other(self, pane: ReaderPane) -> ReaderPane | None:
        if len(self.panes) != 2:
            return None
        return self.panes[1] if pane is self.panes[0] else self.panes[0]

    def _paired(self, pane: ReaderPane, title: str) -> None:
        """Choosing an area in one pane brings its counterpart into view in the other."""
        other = self._other(pane)
        if other is None or other.report is None or self._pairing or not title:
            return
        section = pair_section(title, other.report)
        if section is None:
            return
        self._pairing = True
        try:
            if other.current_section() != section.title:
                other.go_to_section(section.title)
                self.status.emit(f"Paired \u201c{title}\u201d with \u201c{section.title}\u201d")
        finally:
            self._pairing = False

    def pair_current_area(self) -> bool:
        """Bring the other pane to the area the active pane shows; False if none pairs."""
        pane = self.active_pane()
        other = pane and self._other(pane)
        title = pane.current_section() if pane else None
        if not other or other.report is None or not title:
            return False
        section = pair_section(title, other.report)
        if section:
            other.go_to_section(section.title)
        return section is not None

    def _scrolled(self, pane: ReaderPane, fraction: float) -> None:
        other = self._other(pane)
        if not self.sync_scrolling or other is None or self._pairing:
            return
        self._pairing = True
        try:
            other.set_scroll_fraction(fraction)
        finally:
            self._pairing = False

    # ------------------------------------------------------------------ zoom
    def zoom(self, step: int) -> None:
        for p in self.panes:
            {1: p.zoom_in, -1: p.zoom_out, 0: p.zoom_reset}[step]()
