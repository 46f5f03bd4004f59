"""The gaps list of the response editor: what must be closed before publication, always in
view under the form, updated as the officer types; choosing a gap asks the editor to go to
the field that closes it."""
from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGroupBox, QListWidget, QListWidgetItem, QVBoxLayout

from ...response.draft import Gap
from ..palette import readable_on_window


class GapsPanel(QGroupBox):
    """The gaps, counted in the title (red while any remain, green when none do)."""

    gapChosen = Signal(object)   # Gap

    def __init__(self):
        super().__init__()
        self.gaps: list[Gap] | None = None
        self.list = QListWidget()
        self.list.setWordWrap(True)
        self.list.setAlternatingRowColors(True)
        self.list.setMinimumHeight(48)
        self.list.setAccessibleName("Gaps to close before publication")
        self.list.setToolTip("Click a gap (or press Enter) to go to the field that closes "
                             "it; F8 goes to the next gap")
        self.list.itemActivated.connect(self._chosen)
        self.list.itemClicked.connect(self._chosen)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.list)

    def show_gaps(self, gaps: list[Gap]) -> None:
        if gaps == self.gaps:
            return   # typing that changes no gap redraws nothing
        self.gaps = list(gaps)
        self.list.clear()
        for g in gaps:
            item = QListWidgetItem(g.message)
            item.setData(Qt.UserRole, g)
            self.list.addItem(item)
        if gaps:
            self.setTitle(f"Gaps to close before publication ({len(gaps)})")
            self.setStyleSheet("QGroupBox { font-weight: bold; color: "
                               f"{readable_on_window(self, '#b71c1c')} }}")
        else:
            self.setTitle("No gaps: every recommendation is answered; ready to publish")
            self.setStyleSheet("QGroupBox { font-weight: bold; color: "
                               f"{readable_on_window(self, '#1b5e20')} }}")

    def count(self) -> int:
        return self.list.count()

    def next_gap(self) -> Gap | None:
        """The gap after the current one (round to the first); None when there are none."""
        if not self.gaps:
            return None
        row = (self.list.currentRow() + 1) % len(self.gaps)
        self.list.setCurrentRow(row)
        return self.gaps[row]

    def _chosen(self, item: QListWidgetItem) -> None:
        self.gapChosen.emit(item.data(Qt.UserRole))
