"""The response editor's bullet lists ("the report states that the force:" and "the report
highlighted that the force:") and the picker that chooses what to quote.

A list shows one editable row per bullet (reworded inline like any other field) with move
and delete buttons; "Add" offers the report's findings and passages, the officer's
annotations, or the text selected in the reader. The list only asks: the editor makes the
change (an undo command) and rebuilds the list.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ...response.draft import Bullet
from ..accessible import name_clear_button
from .commands import Target
from .fields import FieldBus, TextField

PART_LEADS = {"states": "The report states that the force:",
              "highlighted": "The report highlighted that the force:"}
ADD_WAYS = (("source", "From the report's findings and passages\u2026"),
            ("annotation", "From my annotations on this report\u2026"),
            ("selection", "The text selected in the reader"))


def _tool(text: str, tip: str, name: str) -> QToolButton:
    b = QToolButton()
    b.setText(text)
    b.setToolTip(tip)
    b.setAccessibleName(name)
    b.setAutoRaise(True)
    b.setFocusPolicy(Qt.ClickFocus)  # the keyboard uses the Response menu's shortcuts
    return b


class BulletRow(QWidget):
    """One bullet: its text (editable) and its move/delete buttons."""

    def __init__(self, bus: FieldBus, bullet: Bullet, position: int, count: int,
                 owner: BulletList):
        super().__init__()
        self.bullet = bullet
        where = f"point {position + 1} of {count}, {PART_LEADS[bullet.part]} ({bullet.area})"
        self.edit = TextField(bus, Target("bullet", bullet.id, "text"), f"Text of {where}",
                              min_lines=1)
        self.edit.set_value(bullet.text)
        self.edit.row = self
        marker = QLabel("\u2022")
        marker.setAlignment(Qt.AlignTop)
        self.up = _tool("\u2191", "Move this point up (Alt+Shift+Up)", f"Move {where} up")
        self.down = _tool("\u2193", "Move this point down (Alt+Shift+Down)",
                          f"Move {where} down")
        self.delete = _tool("\u2715", "Delete this point (Ctrl+Shift+Delete)",
                            f"Delete {where}")
        self.up.setEnabled(position > 0)
        self.down.setEnabled(position < count - 1)
        self.up.clicked.connect(lambda: owner.moveRequested.emit(bullet.id, position - 1))
        self.down.clicked.connect(lambda: owner.moveRequested.emit(bullet.id, position + 1))
        self.delete.clicked.connect(lambda: owner.deleteRequested.emit(bullet.id))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(marker)
        layout.addWidget(self.edit, 1)
        for b in (self.up, self.down, self.delete):
            layout.addWidget(b, 0, Qt.AlignTop)


class BulletList(QWidget):
    """The bullets of one area and part."""

    addRequested = Signal(str, str, str)     # area, part, way ("source", "annotation", ...)
    moveRequested = Signal(int, int)         # bullet id, new index
    deleteRequested = Signal(int)            # bullet id

    def __init__(self, bus: FieldBus, area: str, part: str):
        super().__init__()
        self.bus, self.area, self.part = bus, area, part
        self.rows: list[BulletRow] = []
        lead = QLabel(PART_LEADS[part])
        font = lead.font()
        font.setBold(True)
        lead.setFont(font)
        self.add_button = QToolButton()
        self.add_button.setText("Add point\u2026")
        self.add_button.setToolTip("Add a point from the report's findings, your annotations "
                                   "or the text selected in the reader")
        self.add_button.setAccessibleName(f"Add a point: {PART_LEADS[part]} ({area})")
        self.add_button.clicked.connect(self._add_menu)
        self.empty = QLabel("No points yet.")
        self.empty.setEnabled(False)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(lead)
        head.addStretch(1)
        head.addWidget(self.add_button)
        self.rows_layout = QVBoxLayout()
        self.rows_layout.setContentsMargins(8, 0, 0, 0)
        self.rows_layout.setSpacing(2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 2, 0, 2)
        layout.setSpacing(2)
        layout.addLayout(head)
        layout.addWidget(self.empty)
        layout.addLayout(self.rows_layout)

    def _add_menu(self) -> None:
        """The ways to add a point, under the button (built when asked: an editor has two
        lists per area)."""
        menu = QMenu(self)
        for way, text in ADD_WAYS:
            menu.addAction(text, lambda w=way: self.addRequested.emit(self.area, self.part, w))
        b = self.add_button
        menu.exec(b.mapToGlobal(b.rect().bottomLeft()))
        menu.deleteLater()

    def set_bullets(self, bullets: list[Bullet]) -> list[BulletRow]:
        for row in self.rows:
            self.rows_layout.removeWidget(row)
            row.hide()
            row.deleteLater()
        self.rows = [BulletRow(self.bus, b, n, len(bullets), self)
                     for n, b in enumerate(bullets)]
        for row in self.rows:
            self.rows_layout.addWidget(row)
            row.show()   # now, so the editor can put the cursor in a new point at once
        self.empty.setVisible(not bullets)
        return self.rows


@dataclass(frozen=True)
class Choice:
    """One line of the picker: what it says and what choosing it adds."""
    label: str
    text: str
    payload: object


class SourcePicker(QDialog):
    """Choose passages to quote: a filter box over a list; several may be chosen."""

    def __init__(self, title: str, choices: list[Choice], parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.choices = choices
        self.filter = QLineEdit()
        self.filter.setPlaceholderText("Filter: type words to narrow the list")
        self.filter.setAccessibleName("Filter the passages")
        self.filter.setClearButtonEnabled(True)
        name_clear_button(self.filter, "Clear the filter")
        self.list = QListWidget()
        self.list.setAccessibleName("Passages to quote")
        self.list.setWordWrap(True)
        self.list.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.list.setAlternatingRowColors(True)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollPerPixel)
        for c in choices:
            item = QListWidgetItem(f"{c.label}: {c.text}")
            item.setData(Qt.UserRole, c)
            item.setToolTip(c.text)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)
        hint = QLabel("Choose one or more (Ctrl+click, Shift+click), then Add. You can "
                      "reword each point afterwards." if choices else
                      "Nothing to choose from here.")
        hint.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        buttons.button(QDialogButtonBox.Ok).setText("Add")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.list.itemDoubleClicked.connect(lambda _i: self.accept())
        self.filter.textChanged.connect(self._filter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.filter)
        layout.addWidget(self.list, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def _filter(self, text: str) -> None:
        words = text.casefold().split()
        for n in range(self.list.count()):
            item = self.list.item(n)
            hay = item.text().casefold()
            item.setHidden(not all(w in hay for w in words))

    def chosen(self) -> list[Choice]:
        return [self.list.item(n).data(Qt.UserRole) for n in range(self.list.count())
                if self.list.item(n).isSelected() and not self.list.item(n).isHidden()]
