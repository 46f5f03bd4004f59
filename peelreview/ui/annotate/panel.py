"""The annotations panel: every annotation of the workspace (or of the report being read),
filtered by tag, colour and text, with its quote, note and tags; orphaned ones are shown as
such, never hidden, and can be placed by hand on the text selected in the reader.

Display only: the rows come from ws.annotations.list (which filters), changes go through the
Annotator (undoable), and jumping to a passage is a signal the main window handles.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QAbstractListModel, QEvent, QModelIndex, QRect, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFontMetrics
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QVBoxLayout,
    QWidget,
)

from ...reading.render import KIND_NAMES
from ...review.annotations import COLOURS
from ..accessible import ValueLabel, buddy_label, name_clear_button
from .editor import colour_icon, edit_existing, excerpt

ANNOTATION_ID_ROLE = Qt.UserRole + 1
REPORT_ID_ROLE = Qt.UserRole + 2
ORPHANED_ROLE = Qt.UserRole + 3
ANNOTATION_ROLE = Qt.UserRole + 4
ORPHAN_TINT = ("#fdecea", "#4a2020")    # light, dark row background for orphans


class AnnotationListModel(QAbstractListModel):
    """Annotations as rows: report, quote excerpt, note, tags; swatch as decoration."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list = []
        self._titles: dict[int, tuple[str, str]] = {}   # report id -> (short label, title)
        self.dark = False

    def set_rows(self, annotations: list, titles: dict[int, tuple[str, str]]) -> None:
        self.beginResetModel()
        self._rows, self._titles = list(annotations), dict(titles)
        self.endResetModel()

    def annotation(self, row: int):
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, annotation_id: int) -> int | None:
        return next((i for i, a in enumerate(self._rows) if a.id == annotation_id), None)

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008 -- Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: QModelIndex, role: int = Qt.DisplayRole):
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        a = self._rows[index.row()]
        label, title = self._titles.get(a.report_id, (f"Report {a.report_id}",) * 2)
        if role == Qt.DisplayRole:
            head = f"ORPHANED \u2014 {label}" if a.orphaned else label
            lines = [head, f"\u201c{excerpt(a.quote, 110)}\u201d"]
            if a.note:
                lines.append("Note: " + excerpt(a.note, 160))
            if a.tags:
                lines.append("Tags: " + ", ".join(a.tags))
            return "\n".join(lines)
        if role == Qt.DecorationRole:
            return colour_icon(a.colour, 16)
        if role == Qt.ToolTipRole:
            tip = [f"{title} \u2014 {a.colour}", f"\u201c{a.quote}\u201d"]
            if a.note:
                tip.append(f"Note: {a.note}")
            if a.tags:
                tip.append("Tags: " + ", ".join(a.tags))
            if a.orphaned:
                tip.append("Orphaned: this passage was not found in the report's current "
                           "text. Select where it belongs in the reader and choose Place at "
                           "current selection.")
            return "\n".join(tip)
        if role == Qt.AccessibleTextRole:
            state = "orphaned annotation" if a.orphaned else f"{a.colour} annotation"
            return f"{state} in {title}: {a.quote}. " + (f"Note: {a.note}. " if a.note else "") \
                + (f"Tags: {', '.join(a.tags)}" if a.tags else "")
        if role == Qt.BackgroundRole and a.orphaned:
            return QColor(ORPHAN_TINT[1] if self.dark else ORPHAN_TINT[0])
        if role == ANNOTATION_ID_ROLE:
            return a.id
        if role == REPORT_ID_ROLE:
            return a.report_id
        if role == ORPHANED_ROLE:
            return a.orphaned
        if role == ANNOTATION_ROLE:
            return a
        return None


class WrappedRowDelegate(QStyledItemDelegate):
    """Rows as tall as their lines wrapped to the list's width (QListView alone sizes them
    for unwrapped text and cuts off the note and tags)."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        width = view.viewport().width() - view.iconSize().width() - 16
        font = index.data(Qt.FontRole) or option.font
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, max(width, 80), 100000),
                                               Qt.TextWordWrap, index.data() or "")
        return QSize(max(80, width), max(hint.height(), rect.height() + 8))


class AnnotationsPanel(QWidget):
    """Filters above, the list, and buttons for the chosen annotation.

    openRequested(report_id, annotation_id): the officer wants to see it in the text."""

    openRequested = Signal(int, int)

    def __init__(self, workspace, annotator, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self.annotator = annotator
        #: the reader pane whose selection "Place at current selection" uses (set by the
        #: main window); returns a ReaderPane or None
        self.active_pane: Callable[[], object] = lambda: None
        self.current_report_id: int | None = None
        self._titles: dict[int, tuple[str, str]] = {}

        self.scope = QComboBox()
        self.scope.addItems(["All reports", "This report"])
        self.scope.setAccessibleName("Which reports")
        self.scope.setToolTip("Annotations of every report, or of the report being read")
        self.tag = QComboBox()
        self.tag.setAccessibleName("Tag filter")
        self.tag.setToolTip("Only annotations with this tag")
        self.tag.setSizeAdjustPolicy(QComboBox.AdjustToMinimumContentsLengthWithIcon)
        self.tag.setMinimumContentsLength(8)
        self.colour = QComboBox()
        self.colour.setAccessibleName("Colour filter")
        self.colour.addItem("Any colour", None)
        for c in COLOURS:
            self.colour.addItem(colour_icon(c), c.capitalize(), c)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Filter by words in the quote, note or tags")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Text filter")
        name_clear_button(self.search, "Clear the text filter")

        self.model = AnnotationListModel(self)
        self.view = QListView()
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setUniformItemSizes(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSpacing(1)
        self.view.setIconSize(QSize(16, 16))
        self.view.setTextElideMode(Qt.ElideNone)
        self.view.setResizeMode(QListView.Adjust)
        self.view.setItemDelegate(WrappedRowDelegate(self.view))
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.view.setAccessibleName("Annotations")
        self.view.setAccessibleDescription("Press Enter to go to the passage, F2 to edit, "
                                           "Delete to delete.")
        self.count = ValueLabel("Number of annotations")

        self.go_button = self._button("G&o to", "Show the passage in the reader (Enter)",
                                      self.open_current)
        self.edit_button = self._button("Edi&t\u2026", "Edit note, tags and colour (F2)",
                                        self.edit_current)
        self.delete_button = self._button("&Delete", "Delete the annotation (Delete; Ctrl+Z "
                                          "brings it back)", self.delete_current)
        self.place_button = self._button("&Place at current selection",
                                         "Put this orphaned annotation on the text selected "
                                         "in the reader", self.place_current)
        self.place_button.setIcon(self.style().standardIcon(QStyle.SP_MessageBoxWarning))

        # visible labels, buddies of their combo boxes: on Linux a combo box is heard as its
        # value ("Any tag"); its label says what it chooses
        filters = QHBoxLayout()
        filters.setSpacing(4)
        for label, box, stretch in (("Show:", self.scope, 0), ("Tag:", self.tag, 1),
                                    ("Colour:", self.colour, 0)):
            filters.addWidget(buddy_label(label, box))
            filters.addWidget(box, stretch)
        buttons = QHBoxLayout()
        buttons.setSpacing(4)
        for b in (self.go_button, self.edit_button, self.delete_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(filters)
        layout.addWidget(self.search)
        layout.addWidget(self.count)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.place_button)
        self.setAccessibleName("Annotations panel")

        self.scope.currentIndexChanged.connect(self.refresh)
        self.tag.currentIndexChanged.connect(self.refresh)
        self.colour.currentIndexChanged.connect(self.refresh)
        self.search.textChanged.connect(self.refresh)
        self.view.activated.connect(lambda _i: self.open_current())
        self.view.doubleClicked.connect(lambda _i: self.open_current())
        self.view.selectionModel().currentChanged.connect(lambda *_: self._update_buttons())
        self.view.installEventFilter(self)
        annotator.changed.connect(lambda _rid: self.refresh())
        self.refresh()

    def eventFilter(self, obj, event) -> bool:
        """Delete deletes and F2 edits the chosen annotation (keys of the list only)."""
        keys = (Qt.Key_Delete, Qt.Key_Backspace, Qt.Key_F2)
        if (obj is self.view and event.type() == QEvent.ShortcutOverride
                and not event.modifiers() and event.key() in keys):
            event.accept()   # these keys are the list's own, whatever window shortcuts say
            return True
        if obj is self.view and event.type() == QEvent.KeyPress and not event.modifiers():
            if event.key() in (Qt.Key_Delete, Qt.Key_Backspace):
                self.delete_current()
                return True
            if event.key() == Qt.Key_F2:
                self.edit_current()
                return True
        return super().eventFilter(obj, event)

    def _button(self, text: str, tip: str, slot) -> QPushButton:
        b = QPushButton(text)
        b.setToolTip(tip)
        b.setAccessibleName(text.replace("&", "").rstrip("\u2026"))
        b.setAccessibleDescription(tip)
        b.clicked.connect(slot)
        return b

    def set_workspace(self, workspace) -> None:
        self.workspace = workspace
        self.current_report_id = None
        self._titles = {}
        self.refresh()

    def set_current_report(self, report_id: int | None) -> None:
        """The report being read (what "This report" shows)."""
        if report_id != self.current_report_id:
            self.current_report_id = report_id
            if self.scope.currentIndex() == 1:
                self.refresh()

    # ------------------------------------------------------------------ rows
    def _refresh_tags(self) -> None:
        chosen = self.tag.currentData()
        tags = self.workspace.annotations.tags()
        self.tag.blockSignals(True)
        try:
            self.tag.clear()
            self.tag.addItem("Any tag", None)
            for t in tags:
                self.tag.addItem(t, t)
            if chosen is not None:
                i = self.tag.findData(chosen)
                self.tag.setCurrentIndex(max(i, 0))
        finally:
            self.tag.blockSignals(False)

    def _report_labels(self, report_ids) -> dict[int, tuple[str, str]]:
        """(short label, title) per report, read again only when a report is new to it."""
        if any(rid not in self._titles for rid in report_ids):
            self._titles = {}
            for r in self.workspace.list_reports():
                kind = KIND_NAMES.get(r["kind"], r["kind"] or "")
                when = r["year"] or (r["published"] or "")[:4]
                short = " \u00b7 ".join(str(x) for x in (r["force"], when, kind) if x)
                self._titles[r["id"]] = (short or r["title"], r["title"])
        return self._titles

    def refresh(self) -> None:
        """Re-read the annotations with the filters, keeping the chosen one chosen."""
        current = self.current_annotation()
        self._refresh_tags()
        this_report = self.scope.currentIndex() == 1
        if this_report and self.current_report_id is None:
            rows = []
        else:
            rows = self.workspace.annotations.list(
                report_id=self.current_report_id if this_report else None,
                tag=self.tag.currentData(), colour=self.colour.currentData(),
                text=self.search.text().strip() or None)
        titles = self._report_labels({a.report_id for a in rows})
        self.model.dark = self.palette().base().color().lightness() < 128
        self.model.set_rows(rows, titles)
        orphans = sum(1 for a in rows if a.orphaned)
        text = f"{len(rows)} annotation{'s' if len(rows) != 1 else ''}"
        if orphans:
            text += f" ({orphans} orphaned: select the passage, then Place)"
        if this_report and self.current_report_id is None:
            text = "No report is open."
        self.count.setText(text)
        if current is not None:
            self.select_annotation(current.id)
        self._update_buttons()

    def current_annotation(self):
        index = self.view.currentIndex()
        return index.data(ANNOTATION_ROLE) if index.isValid() else None

    def select_annotation(self, annotation_id: int) -> bool:
        row = self.model.row_of(annotation_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.view.setCurrentIndex(index)
        self.view.scrollTo(index)
        return True

    def _update_buttons(self) -> None:
        a = self.current_annotation()
        for b in (self.go_button, self.edit_button, self.delete_button):
            b.setEnabled(a is not None)
        self.place_button.setEnabled(a is not None and a.orphaned)
        self.place_button.setVisible(a is not None and a.orphaned
                                     or any(r.orphaned for r in self.model._rows))

    # ------------------------------------------------------------------ actions
    def open_current(self) -> None:
        a = self.current_annotation()
        if a is not None:
            self.openRequested.emit(a.report_id, a.id)

    def edit_current(self):
        a = self.current_annotation()
        return edit_existing(self, self.annotator, a) if a is not None else None

    def delete_current(self) -> bool:
        a = self.current_annotation()
        return a is not None and self.annotator.delete(a.id)

    def place_current(self) -> bool:
        """Place the chosen orphan on the text selected in the reader (of its report)."""
        a = self.current_annotation()
        if a is None or not a.orphaned:
            return False
        pane = self.active_pane()
        if pane is None or pane.report_id != a.report_id:
            self.openRequested.emit(a.report_id, a.id)
            self.annotator.message.emit("Select the passage this annotation belongs to in "
                                        "its report, then choose Place at current selection.")
            return False
        return pane.place_orphan(a.id)


__all__ = ["AnnotationsPanel", "AnnotationListModel", "ANNOTATION_ID_ROLE", "REPORT_ID_ROLE",
           "ORPHANED_ROLE", "ANNOTATION_ROLE"]
