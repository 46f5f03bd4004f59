"""The report reader: one report's text with its outline, findings, key and page images.

Display only. What to draw comes from the core (peelreview.render, peelreview.pages); this
module lays it out, keeps the view and the outline in step, and forwards the officer's
intent (jump to a section or finding, zoom, show the original page).

    pane = ReaderPane(workspace)
    pane.show_report(report_id)
    pane.go_to(start, end, terms)          # e.g. from a search hit
"""
from __future__ import annotations

import bisect
import datetime as dt
from html import escape
from itertools import pairwise
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QIcon,
    QImage,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShortcut,
    QTextCharFormat,
    QTextCursor,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QToolTip,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...model import Finding, Report, Section
from ...reading.pages import PageImage, page_for_offset, page_label, render_page
from ...reading.render import (
    FINDING_COLOURS,
    FINDING_COLOURS_DARK,
    FINDING_LABELS,
    KIND_NAMES,
    NOT_GRADED,
    align_document,
    anchor_name,
    annotation_marks,
    block_for_offset,
    finding_label,
    layout_blocks,
    legend_html,
    render_report,
    section_at,
    span_for_positions,
    waiting_spans,
)
from ...review.annotations import COLOURS
from ..accessible import ValueLabel
from ..annotate.editor import SelectionBar, colour_icon, edit_existing, edit_new, excerpt
from ..palette import is_dark
from ..tasks import run_task

FINDING_GROUPS = [("cause_of_concern", "Causes of concern"),
                  ("recommendation", "Recommendations"),
                  ("area_for_improvement", "Areas for improvement"),
                  ("innovative_practice", "Innovative practice")]
ROLE = Qt.UserRole
ZOOM_MIN, ZOOM_MAX = -4, 14  # steps of one point from the base size


def _long_date(iso: str | None) -> str | None:
    if not iso:
        return None
    try:
        d = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{d.day} {d.strftime('%B %Y')}"


def _bold(font: QFont) -> QFont:
    font = QFont(font)
    font.setBold(True)
    return font


def _accessible(widget: QWidget, name: str, description: str = "") -> QWidget:
    widget.setAccessibleName(name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


# ---------------------------------------------------------------------------- pieces
class ReportHeader(QWidget):
    """Title and one line of facts (force, kind, date, format), plus the pane's buttons."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.title = ValueLabel("Report title")   # heard "Report title: <the title>"
        self.title.setWordWrap(True)
        self.title.setTextFormat(Qt.PlainText)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title.setFont(font)
        self.title.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.title.setFocusPolicy(Qt.NoFocus)
        self.facts = ValueLabel("Report details")
        self.facts.setWordWrap(True)
        self.facts.setTextFormat(Qt.PlainText)
        self.facts.setTextInteractionFlags(Qt.TextSelectableByMouse)
        self.facts.setAccessibleDescription("Force, kind of document, date and format")
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(4)
        self.row = row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.facts, 1)
        row.addLayout(self.buttons)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 2)
        layout.setSpacing(2)
        layout.addWidget(self.title)
        layout.addLayout(row)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)

    def set_report(self, report: Report | None, fmt: str | None = None) -> None:
        if report is None:
            self.title.setText("No report open")
            self.facts.setText("Choose a report in the library to read it here.")
            self.title.setAccessibleDescription("")
            return
        facts = [report.force or "Force not stated", KIND_NAMES.get(report.kind, report.kind)]
        published = _long_date(report.published)
        facts.append(f"published {published}" if published else
                     (str(report.year) if report.year else "date not stated"))
        if report.kind == "pcc-response" and report.report_published:
            facts.append(f"responds to the report of {_long_date(report.report_published)}")
        if fmt:
            # "pdf", or the sources already named ("HTML and PDF")
            facts.append(f"from {fmt if fmt != fmt.lower() else fmt.upper()}")
        self.title.setText(report.title)
        self.facts.setText(" \u00b7 ".join(facts))
        self.title.setAccessibleDescription(self.facts.text())
        self._arrange()

    def _arrange(self) -> None:
        """Buttons beside the facts when both fit on one line, else under them (a narrow
        pane squeezed the facts into a column of single words)."""
        need = (self.facts.fontMetrics().horizontalAdvance(self.facts.text()) + 12
                + self.buttons.sizeHint().width())
        direction = (QBoxLayout.LeftToRight if need <= self.contentsRect().width()
                     else QBoxLayout.TopToBottom)
        if self.row.direction() != direction:
            self.row.setDirection(direction)
            self.row.setAlignment(self.buttons, Qt.AlignLeft
                                  if direction == QBoxLayout.TopToBottom else Qt.Alignment())

    def resizeEvent(self, event) -> None:  # noqa: N802 -- Qt's name
        super().resizeEvent(event)
        self._arrange()


class OutlineTree(QTreeWidget):
    """The report's sections nested by heading level; choosing one jumps to it."""

    sectionChosen = Signal(int)  # index into report.sections

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setUniformRowHeights(True)
        self.setMinimumWidth(140)
        self.setTextElideMode(Qt.ElideRight)
        self.setIndentation(12)
        _accessible(self, "Outline",
                    "Sections of the report. Press Enter or click a section to go to it.")
        self._items: dict[int, QTreeWidgetItem] = {}
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def set_sections(self, sections: list[Section]) -> None:
        self.clear()
        self._items = {}
        stack: list[tuple[int, QTreeWidgetItem]] = []
        for i, s in enumerate(sections):
            while stack and stack[-1][0] >= s.level:
                stack.pop()
            parent = stack[-1][1] if stack else self.invisibleRootItem()
            item = QTreeWidgetItem(parent, [s.title])
            item.setData(0, ROLE, i)
            item.setToolTip(0, s.title)
            self._items[i] = item
            stack.append((s.level, item))
        for i, item in self._items.items():
            if item.childCount() and sections[i].level <= 3:
                item.setExpanded(True)

    def select_section(self, index: int | None) -> None:
        """Show where the reader is, without jumping."""
        item = self._items.get(index) if index is not None else None
        self.blockSignals(True)
        try:
            if item is None:
                self.clearSelection()
                self.setCurrentItem(None)
            else:
                self.setCurrentItem(item)
                self.scrollToItem(item)
        finally:
            self.blockSignals(False)

    def item_for(self, index: int) -> QTreeWidgetItem | None:
        return self._items.get(index)

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, ROLE)
        if index is not None:
            self.sectionChosen.emit(int(index))


def _swatch(fill: str, edge: str, size: int = 12) -> QIcon:
    pm = QPixmap(size, size)
    pm.fill(QColor(fill))
    painter = QPainter(pm)
    painter.setPen(QColor(edge))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pm)


class WrappingDelegate(QStyledItemDelegate):
    """Rows as tall as their text wrapped to the column (QTreeView alone does not)."""

    def sizeHint(self, option, index) -> QSize:
        hint = super().sizeHint(option, index)
        view = self.parent()
        depth, parent = 1, index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        margin = view.style().pixelMetric(QStyle.PM_FocusFrameHMargin, None, view) + 1
        width = view.viewport().width() - view.indentation() * depth - 2 * margin
        if index.data(Qt.DecorationRole) is not None:
            width -= view.style().pixelMetric(QStyle.PM_SmallIconSize, None, view) + 4
        width = max(width, 60)
        font = index.data(Qt.FontRole) or option.font
        rect = QFontMetrics(font).boundingRect(QRect(0, 0, width, 100000),
                                               Qt.TextWordWrap, index.data() or "")
        return QSize(hint.width(), max(hint.height(), rect.height() + 6))


class FindingsList(QTreeWidget):
    """The report's findings grouped by kind; choosing one jumps to it and highlights it."""

    findingChosen = Signal(int)  # index into report.findings
    PREVIEW = 150

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setHeaderHidden(True)
        self.setColumnCount(1)
        self.setWordWrap(True)
        self.setUniformRowHeights(False)
        self.setTextElideMode(Qt.ElideNone)
        self.header().setSectionResizeMode(QHeaderView.Stretch)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setMinimumWidth(180)
        self.setIndentation(14)
        self.setItemDelegate(WrappingDelegate(self))
        self._laid_out_width = 0
        _accessible(self, "Findings",
                    "Recommendations, causes of concern, areas for improvement and innovative "
                    "practice in this report. Press Enter or click one to go to it.")
        self.itemClicked.connect(self._chosen)
        self.itemActivated.connect(self._chosen)

    def set_findings(self, findings: list[Finding], dark: bool = False) -> None:
        self.clear()
        colours = FINDING_COLOURS_DARK if dark else FINDING_COLOURS
        if not findings:
            item = QTreeWidgetItem(self, ["No findings were found in this report."])
            item.setFlags(Qt.ItemIsEnabled)
            return
        kinds = [k for k, _ in FINDING_GROUPS]
        groups = FINDING_GROUPS + [(k, FINDING_LABELS.get(k, k)) for k in
                                   dict.fromkeys(f.kind for f in findings) if k not in kinds]
        for kind, name in groups:
            members = [(i, f) for i, f in enumerate(findings) if f.kind == kind]
            if not members:
                continue
            group = QTreeWidgetItem(self, [f"{name} ({len(members)})"])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            group.setFlags(Qt.ItemIsEnabled)
            if kind in colours:
                group.setIcon(0, _swatch(*colours[kind]))
            group.setToolTip(0, f"{len(members)} {name.lower()}")
            for i, f in sorted(members, key=lambda m: m[1].start):
                text = " ".join(f.text.split())
                short = text if len(text) <= self.PREVIEW else \
                    text[:self.PREVIEW].rsplit(" ", 1)[0].rstrip(".,;:") + "\u2026"
                state = {"rejected": "Rejected: "}.get(f.status, "")
                if f.confidence != "certain" and f.status == "extracted":
                    state = "Likely: "
                item = QTreeWidgetItem(group, [state + short])
                item.setData(0, ROLE, i)
                label = finding_label(f.kind, f.status, f.confidence)
                item.setToolTip(0, f"{label}" + (f" \u2014 {f.area}" if f.area else "")
                                + f"\n\n{text}")
            group.setExpanded(True)

    def _chosen(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        index = item.data(0, ROLE)
        if index is not None:
            self.findingChosen.emit(int(index))

    def sizeHint(self) -> QSize:
        return QSize(260, 300)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if abs(self.viewport().width() - self._laid_out_width) > 4:
            self._laid_out_width = self.viewport().width()
            self.doItemsLayout()  # row heights follow the new wrapping


class GradesTable(QTableWidget):
    """The report's graded areas as a table a screen reader reads as one: Area, Grade.

    The report text reaches a screen reader as plain lines (Qt gives a text view's content
    as text, without its tables), so the "Our judgments" table, whose columns are the
    grades, lost which grade each area sits under. Enter or a double-click goes to the
    grade in the text."""

    judgmentChosen = Signal(int)   # index into report.judgments
    MAX_HEIGHT = 240

    def __init__(self, parent=None):
        super().__init__(0, 2, parent)
        self.setHorizontalHeaderLabels(["Area", "Grade"])
        self.verticalHeader().hide()
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)   # Tab leaves the table, arrows move in it
        self.setWordWrap(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        head = self.horizontalHeader()
        head.setSectionResizeMode(0, QHeaderView.Stretch)
        head.setSectionResizeMode(1, QHeaderView.ResizeToContents)
        self.setSizePolicy(QSizePolicy.Preferred, QSizePolicy.Maximum)
        self.setMinimumWidth(120)
        _accessible(self, "Grades",
                    "Each graded area of the report and its grade. Press Enter or "
                    "double-click a row to go to the grade in the text.")
        self._rows: list[int] = []
        self.cellActivated.connect(lambda row, _c: self._chosen(row))
        self.cellDoubleClicked.connect(lambda row, _c: self._chosen(row))

    def set_judgments(self, judgments) -> None:
        self.setRowCount(0)
        self._rows = []
        for i, j in enumerate(judgments):
            grade = j.grade or NOT_GRADED
            if j.confidence != "certain" and j.status == "extracted":
                grade += " (likely)"
            elif j.status == "rejected":
                grade += " (rejected)"
            row = self.rowCount()
            self.insertRow(row)
            for col, text in enumerate((j.area, grade)):
                item = QTableWidgetItem(text)
                item.setToolTip(f"{j.area}: {grade}")
                self.setItem(row, col, item)
            self._rows.append(i)
        self.resizeRowsToContents()
        self.updateGeometry()

    def _chosen(self, row: int) -> None:
        if 0 <= row < len(self._rows):
            self.judgmentChosen.emit(self._rows[row])

    def sizeHint(self) -> QSize:
        rows = sum(self.rowHeight(r) for r in range(self.rowCount()))
        height = rows + self.horizontalHeader().height() + 2 * self.frameWidth() + 2
        return QSize(260, min(self.MAX_HEIGHT, height))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            self.resizeRowsToContents()


class ReportTextView(QTextBrowser):
    """The rendered report. Knows where each block's anchor landed in the document (to scroll
    to a block) and, character by character, which report offset each document position
    shows (render.align_document), so a selection becomes exact report offsets and back."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setReadOnly(True)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setMinimumSize(260, 200)
        self.setTextInteractionFlags(Qt.TextSelectableByMouse | Qt.TextSelectableByKeyboard)
        self.document().setDocumentMargin(12)
        # a 2-pixel frame in the focus colour while it has the keyboard (palette.FocusStyle);
        # setting the shape again makes the frame take the style's 2-pixel width
        self.setProperty("focusFrame", True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        _accessible(self, "Report text",
                    "The text of the report. Grades are shown as labelled chips and each "
                    "finding starts with its kind in bold. Select text to annotate it.")
        self._positions: list[int] = []  # document position of each block's anchor
        self._offsets: list[int] = []    # the report offset of that block
        self._position_offsets: list[int] = []  # per document position: offset or -1
        self._mapped_positions: list[int] = []  # positions showing report text, ascending
        self._mapped_offsets: list[int] = []    # ... and their offsets (ascending too)
        self._report_text = ""

    def set_report_html(self, html: str, pieces=None, text: str = "") -> None:
        """Show the HTML; with render_report's `pieces` and the report text, also learn the
        position of every character (else only block anchors are known)."""
        self.setHtml(html)
        positions, offsets = [], []
        block = self.document().begin()
        while block.isValid():
            it = block.begin()
            if not it.atEnd():
                for name in it.fragment().charFormat().anchorNames():
                    if name.startswith("b") and name[1:].isdigit():
                        positions.append(block.position())
                        offsets.append(int(name[1:]))
                        break
            block = block.next()
        self._positions, self._offsets = positions, offsets
        self._report_text = text
        if pieces is None:
            self._position_offsets, self._mapped_positions, self._mapped_offsets = [], [], []
            return
        table = align_document(self.document().toRawText(), text, pieces)
        self._position_offsets = table
        self._mapped_positions = [q for q, o in enumerate(table) if o >= 0]
        self._mapped_offsets = [table[q] for q in self._mapped_positions]

    def clear_report(self) -> None:
        self.clear()
        self._positions, self._offsets = [], []
        self._position_offsets, self._mapped_positions, self._mapped_offsets = [], [], []
        self._report_text = ""

    def position_for_anchor(self, name: str) -> int | None:
        if not name.startswith("b") or not name[1:].isdigit():
            return None
        offset = int(name[1:])
        i = bisect.bisect_left(self._offsets, offset)
        if i < len(self._offsets) and self._offsets[i] == offset:
            return self._positions[i]
        return None

    def offset_at(self, y: int) -> int | None:
        """The report offset of the block at viewport height y."""
        if not self._positions:
            return None
        pos = self.cursorForPosition(QPoint(8, y)).position()
        i = bisect.bisect_right(self._positions, pos) - 1
        return self._offsets[max(i, 0)]

    def offset_at_top(self) -> int | None:
        return self.offset_at(6)

    # ---------------------------------------------------------------- exact offsets
    def offset_for_position(self, position: int) -> int | None:
        """The report offset shown at this document position; None for decorations and
        the space between blocks."""
        if 0 <= position < len(self._position_offsets):
            o = self._position_offsets[position]
            return o if o >= 0 else None
        return None

    def position_for_offset(self, offset: int) -> int | None:
        """The document position showing report offset `offset`, else the next shown one
        (offsets between blocks are not shown); None past the end or without a map."""
        i = bisect.bisect_left(self._mapped_offsets, offset)
        return self._mapped_positions[i] if i < len(self._mapped_positions) else None

    def span_for_cursor(self, cursor: QTextCursor) -> tuple[int, int] | None:
        """The report span [start, end) a cursor's selection covers; None when nothing of
        the report's own text is selected."""
        if not cursor.hasSelection() or not self._position_offsets:
            return None
        return span_for_positions(self._position_offsets, cursor.selectionStart(),
                                  cursor.selectionEnd())

    def cursor_for_span(self, start: int, end: int) -> QTextCursor | None:
        """A cursor selecting exactly the characters showing text[start:end]."""
        i = bisect.bisect_left(self._mapped_offsets, start)
        j = bisect.bisect_left(self._mapped_offsets, end) - 1
        if i >= len(self._mapped_offsets) or j < i:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(self._mapped_positions[i])
        cursor.setPosition(self._mapped_positions[j] + 1, QTextCursor.KeepAnchor)
        return cursor

    def offsets_at_point(self, point: QPoint) -> list[int]:
        """Report offsets of the characters either side of the viewport point (the click
        lands between two characters); empty where no report text is."""
        pos = self.cursorForPosition(point).position()
        return [o for o in (self.offset_for_position(pos), self.offset_for_position(pos - 1))
                if o is not None]

    def scroll_to_position(self, position: int) -> None:
        """Put the document position at the top of the view (as far as scrolling allows)."""
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(position, self.document().characterCount() - 1))
        bar = self.verticalScrollBar()
        bar.setValue(bar.value() + self.cursorRect(cursor).top() - 4)
        cursor.clearSelection()
        self.setTextCursor(cursor)


class PageImageView(QWidget):
    """The original PDF page: a caption, zoom / fit-width / full-pane controls, and the
    image in a scroll area."""

    #: the officer changed the page's zoom (a factor of the width that fits the view)
    zoomChanged = Signal(float)
    #: the officer asked for the page to fill the whole pane (True) or share it (False)
    fullPaneToggled = Signal(bool)
    ZOOMS = (0.5, 0.75, 1.0, 1.25, 1.5, 2.0, 3.0)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.zoom = 1.0   # 1.0: the page fits the view's width
        self.zoom_out = self._tool("\u2212", "Zoom page out", "Make the original page smaller")
        self.fit_width = self._tool("Fit width", "Fit page to width",
                                    "Make the original page exactly as wide as the view")
        self.zoom_in = self._tool("+", "Zoom page in", "Make the original page larger")
        self.full_pane = self._tool("Full pane", "Page fills the pane",
                                    "Show the original page alone, over the whole pane "
                                    "(press again to bring the text back)")
        self.full_pane.setCheckable(True)
        self.zoom_out.clicked.connect(lambda: self.set_zoom(self._step(-1)))
        self.zoom_in.clicked.connect(lambda: self.set_zoom(self._step(+1)))
        self.fit_width.clicked.connect(lambda: self.set_zoom(1.0))
        self.full_pane.toggled.connect(self.fullPaneToggled)
        self.caption = QLabel()
        self.caption.setTextFormat(Qt.PlainText)
        self.caption.setWordWrap(True)
        _accessible(self.caption, "Page caption")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.image.setBackgroundRole(self.backgroundRole())
        _accessible(self.image, "Original page image",
                    "A picture of the page of the original PDF that the text at the top of "
                    "the reader comes from.")
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.image)
        self.scroll.setWidgetResizable(True)
        self.scroll.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.scroll.setFocusPolicy(Qt.StrongFocus)
        _accessible(self.scroll, "Original page",
                    "The original PDF page; scroll to see all of it.")
        tools = QHBoxLayout()
        tools.setContentsMargins(0, 0, 0, 0)
        for b in (self.zoom_out, self.fit_width, self.zoom_in, self.full_pane):
            tools.addWidget(b)
        tools.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(tools)
        layout.addWidget(self.caption)
        layout.addWidget(self.scroll, 1)
        self.setMinimumWidth(220)
        self.page_number: int | None = None
        self._zoom_buttons()

    def _tool(self, text: str, name: str, description: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(description)
        b.setFocusPolicy(Qt.StrongFocus)
        return _accessible(b, name, description)

    def _step(self, direction: int) -> float:
        larger = [z for z in self.ZOOMS if z > self.zoom + 1e-6]
        smaller = [z for z in self.ZOOMS if z < self.zoom - 1e-6]
        if direction > 0:
            return larger[0] if larger else self.zoom
        return smaller[-1] if smaller else self.zoom

    def set_zoom(self, zoom: float) -> None:
        """Zoom the page (1.0 fits the width); the pane draws it again at that size."""
        zoom = min(max(zoom, self.ZOOMS[0]), self.ZOOMS[-1])
        if abs(zoom - self.zoom) > 1e-6:
            self.zoom = zoom
            self._zoom_buttons()
            self.zoomChanged.emit(zoom)

    def _zoom_buttons(self) -> None:
        self.zoom_out.setEnabled(self.zoom > self.ZOOMS[0])
        self.zoom_in.setEnabled(self.zoom < self.ZOOMS[-1])
        self.fit_width.setEnabled(abs(self.zoom - 1.0) > 1e-6)
        percent = f"{round(self.zoom * 100)}% of the width"
        self.fit_width.setAccessibleDescription(f"The page is shown at {percent}; press to "
                                                "fit it to the width")

    def available_width(self) -> int:
        """The width to draw the page at: the view's width times the zoom."""
        bar = self.scroll.verticalScrollBar().sizeHint().width()
        return int(max(100, self.scroll.viewport().width() - bar - 4) * self.zoom)

    def show_image(self, page: PageImage, printed: str | None = None) -> None:
        """Show the page; `printed` is the number printed on it, when it differs from its
        place in the PDF (a cover page is rarely numbered)."""
        fmt = QImage.Format_ARGB32 if page.format == "BGRA" else QImage.Format_RGBA8888
        image = QImage(page.data, page.width, page.height, page.stride, fmt).copy()
        pixmap = QPixmap.fromImage(image)
        ratio = self.devicePixelRatioF() or 1.0
        pixmap.setDevicePixelRatio(ratio)
        self.image.setPixmap(pixmap)
        self.page_number = page.page_number
        where = f"page {page.page_number} of {page.page_count} in the PDF"
        if printed and printed != str(page.page_number):
            caption = f"Page {printed} ({where})"
        else:
            caption = f"Page {page.page_number} of {page.page_count}"
        self.caption.setText(caption)
        self.image.setAccessibleDescription(f"{caption}, of the original PDF")

    def show_message(self, message: str) -> None:
        self.image.clear()
        self.page_number = None
        self.caption.setText(message)

    def has_image(self) -> bool:
        pm = self.image.pixmap()
        return pm is not None and not pm.isNull()

    def clear(self) -> None:
        self.image.clear()
        self.caption.clear()
        self.page_number = None


# ---------------------------------------------------------------------------- the pane
class ReaderPane(QWidget):
    """One report: header, outline, text, findings, key and (for a PDF) original pages."""

    sectionChanged = Signal(str)
    scrollFractionChanged = Signal(float)
    #: The officer chose an item of this report: ("finding", finding id) or
    #: ("annotation", annotation id). The links panel follows it.
    itemFocused = Signal(str, int)

    def __init__(self, workspace, parent=None):
        super().__init__(parent)
        self.workspace = workspace
        self._stored = None
        self._highlight: tuple[int, int] | None = None
        self._terms: tuple[str, ...] = ()
        self._dark = is_dark(self)
        self._rendered_dark: bool | None = None
        self._pin: tuple[int, int] | None = None      # (offset, scroll value) after a jump
        self._last_section: str | None = None
        self._syncing = False
        self._zoom = 0
        self._page_task = None
        self._page_serial = 0
        self._page_key: tuple[int, int] | None = None  # (page, width) shown or asked for
        self._resize_offset: int | None = None  # the place to keep while the text reflows
        self._rendering = False
        self._sizes_before_page: list[int] | None = None
        self._sizes_before_full: list[int] | None = None   # before the page filled the pane
        #: set by the main window (ui.annotate.commands.Annotator); without it the pane
        #: shows annotations but offers no way to change them
        self.annotator = None
        #: set by the main window (ui.curation.commands.Curator): confirm / reject
        self.curator = None
        self._sources: list[dict] = []  # the files the report is read from
        self._decision_target: tuple[str, int] | None = None  # the last item F7 reached
        #: rejected findings and grades are drawn (struck through) only in this view
        self.show_rejected = False
        self._annotations: list = []
        self._mark = (False, False)  # (active, two panes shown): see set_active_mark

        self.header = ReportHeader()
        self.outline = OutlineTree()
        self.text = ReportTextView()
        self.findings = FindingsList()
        self.grades = GradesTable()
        self.page_view = PageImageView()
        self.page_view.hide()
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.RichText)
        self.legend.setWordWrap(True)
        _accessible(self.legend, "Key",
                    "What the colours mean. Every grade chip shows its grade in words, and "
                    "every finding starts with its kind in bold.")
        self._base_point_size = self.text.font().pointSizeF()

        self.zoom_out_button = self._button("A\u2212", "Smaller text", self.zoom_out,
                                            "Make the report text smaller")
        self.zoom_in_button = self._button("A+", "Larger text", self.zoom_in,
                                           "Make the report text larger")
        self.zoom_reset_button = self._button("100%", "Normal text size", self.zoom_reset,
                                              "Return the report text to its normal size")
        self.page_button = self._button("Original page", "Original page", None,
                                        "Show the page of the original PDF beside the text")
        self.page_button.setCheckable(True)
        self.page_button.toggled.connect(self._page_toggled)
        self.findings_button = self._button("Findings", "Findings and key", None,
                                            "Show or hide the list of findings and the key")
        self.findings_button.setCheckable(True)
        self.findings_button.setChecked(True)
        self.contents_button = self._button("Contents", "Contents", None,
                                            "Show or hide the report's contents")
        self.contents_button.setCheckable(True)
        self.contents_button.setChecked(True)
        for b in (self.zoom_out_button, self.zoom_in_button, self.zoom_reset_button,
                  self.page_button, self.contents_button, self.findings_button):
            self.header.buttons.addWidget(b)

        key_box = QGroupBox("Key")
        key_box.setAccessibleName("Key")
        key_layout = QVBoxLayout(key_box)
        key_layout.setContentsMargins(6, 4, 6, 6)
        key_layout.addWidget(self.legend)
        findings_label = QLabel("Findings")
        findings_label.setBuddy(self.findings)
        findings_label.setFont(_bold(findings_label.font()))
        self.grades_label = QLabel("Grades")
        self.grades_label.setBuddy(self.grades)
        self.grades_label.setFont(_bold(self.grades_label.font()))
        outline_label = QLabel("Contents")
        outline_label.setBuddy(self.outline)
        outline_label.setFont(_bold(outline_label.font()))

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(2)
        left_layout.addWidget(outline_label)
        left_layout.addWidget(self.outline, 1)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.setSpacing(2)
        right_layout.addWidget(findings_label)
        right_layout.addWidget(self.findings, 1)
        right_layout.addWidget(self.grades_label)
        right_layout.addWidget(self.grades)
        right_layout.addWidget(key_box)

        self.text_splitter = QSplitter(Qt.Horizontal)
        self.text_splitter.setChildrenCollapsible(False)
        self.text_splitter.addWidget(self.text)
        self.text_splitter.addWidget(self.page_view)
        self.text_splitter.setStretchFactor(0, 3)
        self.text_splitter.setStretchFactor(1, 2)

        self.splitter = QSplitter(Qt.Horizontal)
        self.splitter.setAccessibleName("Reader layout")
        self.splitter.addWidget(left)
        self.splitter.addWidget(self.text_splitter)
        self.splitter.addWidget(right)
        self.splitter.setCollapsible(1, False)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([230, 560, 290])
        self.outline_panel, self.findings_panel = left, right
        self.findings_button.toggled.connect(self._show_findings_panel)
        self.contents_button.toggled.connect(left.setVisible)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.header)
        layout.addWidget(self.splitter, 1)
        self.setMinimumSize(320, 360)  # two panes, the library and the editor fit 1366 px
        _accessible(self, "Reader", "Shows one report")

        # Tab reads the pane as it is laid out: the header's buttons, the contents, the
        # text, the page's tools and the page, the findings. (No focus proxy on the pane:
        # Qt sends Tab into a widget straight to its proxy, which skipped every control
        # before the text; setFocus below gives the text the focus instead.)
        order = [self.header.title, self.zoom_out_button, self.zoom_in_button,
                 self.zoom_reset_button, self.page_button, self.contents_button,
                 self.findings_button, self.outline, self.text,
                 self.page_view.zoom_out, self.page_view.fit_width, self.page_view.zoom_in,
                 self.page_view.full_pane, self.page_view.scroll, self.findings,
                 self.grades]
        for a, b in pairwise(order):
            QWidget.setTabOrder(a, b)

        self.outline.sectionChosen.connect(self._section_chosen)
        self.findings.findingChosen.connect(self._finding_chosen)
        self.grades.judgmentChosen.connect(self._judgment_chosen)
        self.text.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._page_timer = QTimer(self)
        self._page_timer.setSingleShot(True)
        self._page_timer.setInterval(150)
        self._page_timer.timeout.connect(self._update_page)
        self.page_view.scroll.viewport().installEventFilter(self)
        self.page_view.zoomChanged.connect(self._page_zoomed)
        self.page_view.fullPaneToggled.connect(self._full_page)
        leave_full = QShortcut(QKeySequence(Qt.Key_Escape), self.page_view)
        leave_full.setContext(Qt.WidgetWithChildrenShortcut)
        leave_full.activated.connect(lambda: self.page_view.full_pane.setChecked(False))
        self.text.viewport().installEventFilter(self)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.setInterval(1600)
        self._flash_timer.timeout.connect(lambda: self.text.setExtraSelections([]))
        self.selection_bar = SelectionBar(self.text.viewport())
        self.selection_bar.highlight.connect(self.highlight_selection)
        self.selection_bar.noteRequested.connect(lambda: self.edit_annotation("note"))
        self.selection_bar.tagsRequested.connect(lambda: self.edit_annotation("tags"))
        self.text.selectionChanged.connect(self._selection_changed)
        self.text.setContextMenuPolicy(Qt.CustomContextMenu)
        self.text.customContextMenuRequested.connect(self._context_menu)
        self.clear()

    def setFocus(self, reason=Qt.FocusReason.OtherFocusReason) -> None:  # noqa: N802
        """Focusing the pane puts the keyboard in its text."""
        self.text.setFocus(reason)

    def text_chars(self) -> int:
        """How many average characters a line of the report text holds now."""
        fm = self.text.fontMetrics()
        sample = "the force should make sure that its officers record crime"
        per_char = fm.horizontalAdvance(sample) / len(sample)
        return int(self.text.viewport().width() / max(per_char, 1))

    def set_active_mark(self, active: bool, shown: bool) -> None:
        """With two panes, the active one wears a thick highlight frame and the other a
        thin grey one: the officer sees where keys and menu actions will go."""
        self._mark = (active, shown)
        self.update()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        active, shown = self._mark
        if not shown:
            return
        painter = QPainter(self)
        role = QPalette.Highlight if active else QPalette.Mid
        width = 3 if active else 1
        pen = painter.pen()
        pen.setColor(self.palette().color(role))
        pen.setWidth(width)
        painter.setPen(pen)
        inset = width // 2
        painter.drawRect(self.rect().adjusted(inset, inset, -inset - (width % 2),
                                              -inset - (width % 2)))
        painter.end()

    def _show_findings_panel(self, on: bool) -> None:
        """Show or hide the findings, grades and key; shown, they get room (side by side
        they had none: the panel was "shown" 0 pixels wide, to the eye nothing happened and
        a screen reader listed its rows outside the window)."""
        self.findings_panel.setVisible(on)
        sizes = self.splitter.sizes()
        if on and len(sizes) == 3 and sizes[2] == 0:
            room = min(260, max(0, sizes[1] - 200))
            if room:
                self.splitter.setSizes([sizes[0], sizes[1] - room, room])

    def set_compact(self, compact: bool) -> None:
        """Side by side, give the text the room: findings and key fold away (the Findings
        button brings them back) and the outline narrows."""
        self.findings_button.setChecked(not compact)
        total = max(1, sum(self.splitter.sizes()))
        outline = 150 if compact else 230
        findings = 0 if compact else 290
        self.splitter.setSizes([outline, max(200, total - outline - findings), findings])

    def _button(self, text: str, name: str, slot, description: str) -> QToolButton:
        b = QToolButton()
        b.setText(text)
        b.setToolTip(description)
        b.setToolButtonStyle(Qt.ToolButtonTextOnly)
        b.setFocusPolicy(Qt.StrongFocus)
        b.setMinimumHeight(26)
        _accessible(b, name, description)
        if slot is not None:
            b.clicked.connect(slot)
        return b

    # ------------------------------------------------------------------ what is shown
    @property
    def report_id(self) -> int | None:
        return self._stored.id if self._stored else None

    @property
    def report(self) -> Report | None:
        return self._stored.report if self._stored else None

    @property
    def stored(self):
        return self._stored

    @property
    def highlighted(self) -> tuple[int, int] | None:
        """The span shown highlighted (the last go_to's [start, end)), if any."""
        return self._highlight

    @property
    def terms(self) -> tuple[str, ...]:
        return self._terms

    def report_title(self) -> str:
        return self.report.title if self.report else ""

    def is_pdf(self) -> bool:
        """Whether the report has an original PDF to show pages of (its own file or another
        source of the same inspection)."""
        return self._pdf_source() is not None

    def _pdf_source(self) -> dict | None:
        return next((s for s in self._sources if s["format"] == "pdf"), None)

    def original_path(self) -> Path | None:
        pdf = self._pdf_source()
        if pdf is not None:
            return Path(self.workspace.folder) / pdf["original"]
        if not self._stored:
            return None
        return Path(self.workspace.folder) / self._stored.original

    def formats(self) -> str:
        """The report's sources as the header says them ("PDF and HTML")."""
        names = [s["format"].upper() for s in self._sources] or (
            [self._stored.format.upper()] if self._stored else [])
        return " and ".join(dict.fromkeys(names))

    def show_report(self, report_id: int) -> bool:
        """Show the report; False (and an empty pane saying so) if the workspace lacks it."""
        stored = self.workspace.get_report(report_id)
        if stored is None:
            self.clear()
            self.header.title.setText("Report not found")
            self.header.facts.setText(f"Report {report_id} is no longer in this workspace.")
            return False
        self._stored = stored
        self._sources = self.workspace.sources(report_id)
        report = stored.report
        self._highlight, self._terms, self._pin = None, (), None
        self._last_section = None
        self._page_key = None
        self._blocks = layout_blocks(report)
        self._dark = is_dark(self)
        self.header.set_report(report, self.formats())
        self._show_orphans(stored)
        self.setAccessibleDescription(f"Shows {report.title}")
        self.outline.set_sections(report.sections)
        self.findings.set_findings(report.findings, self._dark)
        self._show_grades()
        self.legend.setText(legend_html(self._dark))
        self._annotations = self._load_annotations()
        self._render()
        self.text.verticalScrollBar().setValue(0)
        pdf = self.is_pdf()
        self.page_button.setEnabled(pdf)
        self.page_button.setToolTip(
            "Show the page of the original PDF beside the text" if pdf else
            "Only reports imported from a PDF have original pages to show")
        self.page_button.setAccessibleDescription(self.page_button.toolTip())
        if not pdf and self.page_button.isChecked():
            self.page_button.setChecked(False)
        self.page_view.clear()
        if pdf and self.page_button.isChecked():
            self._page_timer.start(0)
        self._emit_place(force=True)
        return True

    def clear(self) -> None:
        self._stored = None
        self._sources = []
        self._blocks = []
        self._annotations = []
        self._highlight, self._terms, self._pin = None, (), None
        self._last_section = None
        self._page_serial += 1
        self._page_key = None
        self.header.set_report(None)
        self.outline.clear()
        self.findings.clear()
        self.grades.set_judgments([])
        self.grades_label.hide()
        self.grades.hide()
        self.text.clear_report()
        self.legend.setText(legend_html(is_dark(self)))
        self.page_button.setChecked(False)
        self.page_button.setEnabled(False)
        self.page_view.clear()

    def _render(self) -> None:
        self._dark = is_dark(self)
        pieces: list = []
        html = render_report(self.visible_report(), highlight=self._highlight,
                             terms=self._terms,
                             dark=self._dark,
                             marks=annotation_marks(self._annotations, self._dark),
                             pieces=pieces)
        self._rendering = True  # scroll bars come and go while the text is replaced
        try:
            self.selection_bar.hide()
            self.text.set_report_html(html, pieces, self.report.text)
            self._mark_waiting()
        finally:
            self._rendering = False
        self._rendered_dark = self._dark

    def visible_report(self):
        """The report as drawn: without rejected items unless "show rejected" is on."""
        report = self.report
        if self.show_rejected or report is None:
            return report
        from dataclasses import replace as dc_replace

        return dc_replace(report,
                          findings=[f for f in report.findings if f.status != "rejected"],
                          judgments=[j for j in report.judgments if j.status != "rejected"])

    def set_show_rejected(self, on: bool) -> None:
        if on != self.show_rejected:
            self.show_rejected = on
            self.refresh_report()

    def _mark_waiting(self) -> None:
        """Likely items the officer has not decided on get a dashed underline (the text
        engine draws no dashed box around a run of text; the label says "likely" too)."""
        colour = QColor("#ffb74d" if self._dark else "#8a4b00")
        for start, end in waiting_spans(self.report):
            cursor = self.text.cursor_for_span(start, end)
            if cursor is None:
                continue
            fmt = QTextCharFormat()
            fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DashUnderline)
            fmt.setUnderlineColor(colour)
            cursor.mergeCharFormat(fmt)

    # ------------------------------------------------------------------ moving about
    def go_to(self, start: int, end: int | None = None, terms=()) -> None:
        """Bring the block holding `start` to the top; highlight [start, end) and terms."""
        if self.report is None:
            return
        highlight = (start, end) if end is not None and end > start else None
        terms = tuple(t for t in terms if t)
        if (highlight, terms) != (self._highlight, self._terms):
            self._highlight, self._terms = highlight, terms
            self._render()
        self._scroll_to_offset(start)

    def go_to_section(self, title: str) -> bool:
        report = self.report
        if report is None or not title:
            return False
        index = next((i for i, s in enumerate(report.sections) if s.title == title), None)
        if index is None:
            low = title.casefold().strip()
            index = next((i for i, s in enumerate(report.sections)
                          if s.title.casefold().strip() == low), None)
        if index is None:
            return False
        self._scroll_to_offset(report.sections[index].start)
        return True

    def _scroll_to_offset(self, offset: int) -> None:
        block = block_for_offset(self._blocks, offset)
        if block is None:
            return
        position = self.text.position_for_anchor(anchor_name(block))
        if position is None:
            return
        self._resize_offset = None  # a jump replaces any place kept during a reflow
        self._pin = None
        self.text.scroll_to_position(position)
        self._pin = (offset, self.text.verticalScrollBar().value())
        self._emit_place()

    def current_offset(self) -> int | None:
        """The report offset of the reader's place: the last jump's target while the view
        has not moved since, else the block at the top of the view."""
        if self.report is None:
            return None
        if self._resize_offset is not None:
            return self._resize_offset
        if self._pin is not None and self._pin[1] == self.text.verticalScrollBar().value():
            return self._pin[0]
        return self.text.offset_at_top()

    def current_section(self) -> str | None:
        offset = self.current_offset()
        if offset is None:
            return None
        section = section_at(self.report, offset)
        return section.title if section else None

    def _section_chosen(self, index: int) -> None:
        report = self.report
        if report is not None and 0 <= index < len(report.sections):
            section = report.sections[index]
            self._scroll_to_offset(section.start)
            self.outline.select_section(index)

    def _finding_chosen(self, index: int) -> None:
        report = self.report
        if report is not None and 0 <= index < len(report.findings):
            f = report.findings[index]
            self.go_to(f.start, f.end, self._terms)
            if index < len(self._stored.finding_ids):
                self.itemFocused.emit("finding", self._stored.finding_ids[index])

    def _show_grades(self) -> None:
        judgments = self.visible_report().judgments
        self.grades.set_judgments(judgments)
        self.grades_label.setVisible(bool(judgments))
        self.grades.setVisible(bool(judgments))

    def _judgment_chosen(self, index: int) -> None:
        judgments = self.visible_report().judgments if self.report is not None else []
        if 0 <= index < len(judgments):
            j = judgments[index]
            self.go_to(j.start, j.end, self._terms)

    def _scrolled(self, _value: int) -> None:
        self.selection_bar.hide()
        if self._resize_offset is not None or self._rendering:
            return  # the text is reflowing; the place is put back once it has
        self._emit_place()
        if not self._syncing:
            self.scrollFractionChanged.emit(self.scroll_fraction())

    def _emit_place(self, force: bool = False) -> None:
        if self.report is None:
            return
        offset = self.current_offset()
        if offset is None:
            return
        section = section_at(self.report, offset)
        title = section.title if section else None
        deepest = section_at(self.report, offset, unique=False)
        if deepest is not None:
            self.outline.select_section(self.report.sections.index(deepest))
        if title != self._last_section or force:
            self._last_section = title
            if title:
                self.sectionChanged.emit(title)
        if self.page_button.isChecked():
            self._page_timer.start()

    # ------------------------------------------------------------------ annotations
    @property
    def annotations(self) -> list:
        """This report's annotations as last loaded (orphans too), by position."""
        return list(self._annotations)

    def _load_annotations(self) -> list:
        if self._stored is None:
            return []
        return self.workspace.annotations.list(report_id=self._stored.id)

    def refresh_report(self, report_id: int = -1) -> None:
        """Re-read the report (after a confirm or reject, or its undo) and redraw it where
        the reader is."""
        if self.report is None or report_id not in (-1, self.report_id):
            return
        report_id = self.report_id
        stored = self.workspace.get_report(report_id)
        if stored is None:  # removed
            self.clear()
            self.header.title.setText("Report removed")
            self.header.facts.setText(f"Report {report_id} was removed from this workspace "
                                      "(Ctrl+Z puts it back).")
            return
        self._stored = stored
        self._sources = self.workspace.sources(report_id)
        self.header.set_report(stored.report, self.formats())
        self._show_orphans(stored)
        bar = self.text.verticalScrollBar()
        value, pin = bar.value(), self._pin
        self.findings.set_findings(self.visible_report().findings, self._dark)
        self._show_grades()
        self._render()
        bar.setValue(value)
        self._pin = pin

    def _show_orphans(self, stored) -> None:
        """Corrections whose passage a new version no longer has are listed for the
        officer (never applied elsewhere): a note in the header, the passages in its tip."""
        if not stored.orphans:
            self.header.facts.setToolTip("")
            return
        n = len(stored.orphans)
        words = f"{n} of your corrections lost their passage" if n > 1 else \
            "1 of your corrections lost its passage"
        self.header.facts.setText(f"{self.header.facts.text()} \u00b7 {words}")
        lost = "\n".join(f"\u2013 {c.action} {c.target}: "
                         f"\u201c{(c.quote or c.area or '')[:80]}\u201d" for c in stored.orphans)
        self.header.facts.setToolTip(f"Corrections with no place in this version:\n{lost}")

    # ------------------------------------------------------------------ likely items
    def item_at_offset(self, offset: int) -> tuple[str, int] | None:
        """("finding", index) or ("judgment", index) of the item covering the offset (the
        innermost), else None."""
        report = self.report
        hits = [(f.end - f.start, "finding", i) for i, f in enumerate(report.findings)
                if f.start <= offset < f.end]
        hits += [(j.end - j.start, "judgment", i) for i, j in enumerate(report.judgments)
                 if j.start <= offset < max(j.end, j.start + 1)]
        return min(hits)[1:] if hits else None

    def decision_target(self) -> tuple[str, int] | None:
        """The item a confirm or reject acts on: the one at the text cursor, else the one
        F7 (next item to confirm) last reached."""
        if self.report is None:
            return None
        cursor = self.text.textCursor()
        for pos in (cursor.selectionStart(), cursor.position(), cursor.position() - 1):
            offset = self.text.offset_for_position(pos)
            if offset is not None:
                hit = self.item_at_offset(offset)
                if hit:
                    return hit
        return self._decision_target

    def next_to_confirm(self) -> bool:
        """Move to the next likely item after the cursor (wrapping round); False when none
        waits."""
        if self.report is None:
            return False
        spans = waiting_spans(self.report)
        if not spans:
            self._say("Nothing in this report waits to be confirmed.")
            return False
        cursor = self.text.textCursor()
        at = cursor.selectionEnd() - 1 if cursor.hasSelection() else cursor.position()
        here = None
        while here is None and at >= 0:  # decorations (labels, chips) show no offset
            here = self.text.offset_for_position(at)
            at -= 1
        here = -1 if here is None else here
        start, end = next(((a, b) for a, b in spans if a > here), spans[0])
        self._decision_target = self.item_at_offset(start)
        self.go_to(start, end, self._terms)
        self._ensure_visible(start)
        self.select_span(start, end)
        self._say(self.describe_item(self._decision_target)
                  + " – Ctrl+Shift+Y confirms, Ctrl+Shift+X rejects.")
        return True

    def describe_item(self, target: tuple[str, int] | None) -> str:
        if target is None or self.report is None:
            return ""
        kind, i = target
        if kind == "finding":
            f = self.report.findings[i]
            label = finding_label(f.kind, f.status, f.confidence)
            return f"{label}: “{' '.join(f.text.split())[:90]}”"
        j = self.report.judgments[i]
        state = {"rejected": " (rejected)", "confirmed": " (confirmed)"}.get(j.status, "")
        if j.confidence != "certain" and j.status == "extracted":
            state = " (likely)"
        return f"Grade of {j.area}: {j.grade}{state}"

    def decide(self, action: str) -> bool:
        """Confirm or reject the item at the cursor (or the one F7 reached)."""
        target = self.decision_target()
        if target is None or self.curator is None:
            self._say("Put the cursor in a finding or grade (F7 finds the next likely one), "
                      "then confirm or reject it.")
            return False
        kind, i = target
        self._decision_target = target
        if kind == "finding":
            f = self.report.findings[i]
            return self.curator.decide_finding(self.report_id, self._stored.finding_ids[i],
                                               action, finding_label(f.kind).lower())
        return self.curator.decide_judgment(self.report_id, self.report.judgments[i].area,
                                            action)

    def refresh_annotations(self, report_id: int = -1) -> None:
        """Re-read this report's annotations and redraw them where the reader is (after any
        change, undo or redo; report_id -1: whichever report changed)."""
        if self.report is None or report_id not in (-1, self.report_id):
            return
        annotations = self._load_annotations()
        if annotations == self._annotations:
            return
        self._annotations = annotations
        bar = self.text.verticalScrollBar()
        value, pin = bar.value(), self._pin
        self._render()
        bar.setValue(value)
        self._pin = pin

    def annotation(self, annotation_id: int):
        return next((a for a in self._annotations if a.id == annotation_id), None)

    def annotations_at(self, offsets) -> list:
        """Placed annotations covering any of the offsets, the shortest (innermost) first."""
        hits = [a for a in self._annotations if a.start is not None
                and any(a.start <= o < a.end for o in offsets)]
        return sorted(hits, key=lambda a: (a.end - a.start, a.id))

    def _annotations_at_cursor(self) -> list:
        pos = self.text.textCursor().position()
        return self.annotations_at([o for o in (self.text.offset_for_position(pos),
                                                self.text.offset_for_position(pos - 1))
                                    if o is not None])

    def selection_span(self) -> tuple[int, int, str] | None:
        """The selected text as report offsets (start, end) and the text[start:end] they
        cover (decorations the reader adds are never part of it); None if nothing of the
        report's text is selected."""
        if self.report is None:
            return None
        span = self.text.span_for_cursor(self.text.textCursor())
        if span is None:
            return None
        return span[0], span[1], self.report.text[span[0]:span[1]]

    def select_span(self, start: int, end: int) -> bool:
        """Select text[start:end] in the view (as the officer would with the mouse)."""
        cursor = self.text.cursor_for_span(start, end) if self.report is not None else None
        if cursor is None:
            return False
        self.text.setTextCursor(cursor)
        return True

    def go_to_item(self, kind: str, item_id: int) -> bool:
        """Scroll to and flash a finding or annotation of this report; False when it is
        not in it (or, for an orphaned annotation, has no place in the text)."""
        if self._stored is None:
            return False
        if kind == "finding":
            if item_id not in self._stored.finding_ids:
                return False
            f = self.report.findings[self._stored.finding_ids.index(item_id)]
            start, end = f.start, f.end
            self.go_to(start, end, self._terms)
        elif kind == "annotation":
            a = self.annotation(item_id)
            if a is None:
                self.refresh_annotations()
                a = self.annotation(item_id)
            if a is None or a.start is None:
                return False
            start, end = a.start, a.end
            self._scroll_to_offset(start)
        else:
            return False
        self._ensure_visible(start)
        self.flash(start, end)
        return True

    def _ensure_visible(self, offset: int) -> None:
        """A long block (a table) may put the passage below the view: bring it up."""
        position = self.text.position_for_offset(offset)
        if position is None:
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(position)
        rect = self.text.cursorRect(cursor)
        height = self.text.viewport().height()
        if rect.top() < 0 or rect.bottom() > height:
            bar = self.text.verticalScrollBar()
            bar.setValue(bar.value() + rect.top() - height // 4)
            self._pin = (offset, bar.value())

    def flash(self, start: int, end: int) -> None:
        """Mark text[start:end] for a moment, so the eye finds where a jump landed."""
        cursor = self.text.cursor_for_span(start, end)
        if cursor is None:
            return
        selection = QTextEdit.ExtraSelection()
        selection.cursor = cursor
        selection.format.setBackground(QColor("#ff9800"))
        selection.format.setForeground(QColor("#000000"))
        self.text.setExtraSelections([selection])
        self._flash_timer.start()

    def _say(self, message: str) -> None:
        if self.annotator is not None:
            self.annotator.message.emit(message)

    def highlight_selection(self, colour: str | None = None) -> bool:
        """Highlight the selected text (in `colour`, else the current colour)."""
        span = self.selection_span()
        if self.annotator is None or span is None:
            self._say("Select some of the report's text first, then highlight it.")
            return False
        if colour:
            self.annotator.set_colour(colour)
        made = self.annotator.create(self.report_id, span[0], span[1], colour=colour)
        if made is not None:   # said in the status bar, and so to a screen reader
            self._say(f"Highlighted in {made.colour}: \u201c{excerpt(made.quote, 60)}\u201d "
                      "(Ctrl+Z undoes it)")
        return made is not None

    def edit_annotation(self, focus: str = "note"):
        """Note/tags editor: for the selected text a new annotation, else for the annotation
        under the text cursor. Returns the dialog (None when there is nothing to edit)."""
        if self.annotator is None or self.report is None:
            return None
        span = self.selection_span()
        if span is not None:
            return edit_new(self, self.annotator, self.report_id, span[0], span[1], span[2],
                            focus)
        hits = self._annotations_at_cursor()
        if hits:
            return edit_existing(self, self.annotator, hits[0], focus)
        self._say("Select some text to annotate it, or click in an annotation to edit it.")
        return None

    def place_orphan(self, annotation_id: int) -> bool:
        """Place an orphaned annotation of this report on the selected text."""
        span = self.selection_span()
        if self.annotator is None or span is None:
            self._say("Select the passage the annotation belongs to, then place it.")
            return False
        return self.annotator.place(annotation_id, span[0], span[1])

    def _finding_index_at(self, offsets) -> int | None:
        report = self.report
        hits = [(f.end - f.start, i) for i, f in enumerate(report.findings)
                if any(f.start <= o < f.end for o in offsets)]
        return min(hits)[1] if hits else None

    def _clicked(self, point: QPoint) -> None:
        """After a click in the text: a selection offers the annotate bar; a click in an
        annotation or a finding makes it the focused item (the links panel follows)."""
        if self.report is None or not shiboken6.isValid(self):
            return
        if self.selection_span() is not None:
            self._show_selection_bar()
            return
        offsets = self.text.offsets_at_point(point)
        hits = self.annotations_at(offsets)
        if hits:
            self.itemFocused.emit("annotation", hits[0].id)
            return
        index = self._finding_index_at(offsets)
        if index is not None and index < len(self._stored.finding_ids):
            self.itemFocused.emit("finding", self._stored.finding_ids[index])

    def _show_selection_bar(self) -> None:
        if self.annotator is None:
            return
        cursor = QTextCursor(self.text.document())
        cursor.setPosition(self.text.textCursor().selectionEnd())
        self.selection_bar.show_near(self.text.cursorRect(cursor))

    def _selection_changed(self) -> None:
        if not self.text.textCursor().hasSelection():
            self.selection_bar.hide()

    def annotation_tooltip(self, annotations) -> str:
        parts = []
        for a in annotations:
            lines = [f"<b>Annotation</b> ({escape(a.colour)})"]
            if a.note:
                lines.append(escape(a.note).replace("\n", "<br/>"))
            if a.tags:
                lines.append("<i>Tags:</i> " + escape(", ".join(a.tags)))
            parts.append("<br/>".join(lines))
        parts.append("<small>Right-click to edit or delete.</small>")
        return "<p>" + "</p><p>".join(parts) + "</p>"

    def _tooltip(self, event) -> bool:
        offsets = self.text.offsets_at_point(event.pos())
        hits = self.annotations_at(offsets)
        if not hits:
            return self._item_tooltip(event, offsets)
        QToolTip.showText(event.globalPos(), self.annotation_tooltip(hits),
                          self.text.viewport())
        return True

    def _item_tooltip(self, event, offsets) -> bool:
        """What a finding or grade under the pointer is, and how sure the reading is."""
        if self.report is None or not offsets:
            return False
        target = self.item_at_offset(offsets[0])
        if target is None:
            return False
        kind, i = target
        item = (self.report.findings if kind == "finding" else self.report.judgments)[i]
        how = {"certain": "certain: read from a heading, badge, table or label",
               "likely": "likely: read from a sentence – confirm or reject it"}.get(
            item.confidence, item.confidence)
        status = {"confirmed": "Confirmed by you.", "rejected": "Rejected by you (kept "
                  "out of search facets, grade movement and the response).",
                  "added": "Added by you (corrected by you).",
                  "changed": "Corrected by you.", "extracted": ""}.get(item.status, "")
        lines = [f"<b>{escape(self.describe_item(target))}</b>",
                 f"Reading {escape(how)} (rule: {escape(item.basis or 'badge')})."]
        if status:
            lines.append(escape(status))
        if item.confidence != "certain" or item.status != "extracted":
            lines.append("<small>Ctrl+Shift+Y confirms, Ctrl+Shift+X rejects, F7 goes to the"
                         " next likely item.</small>")
        QToolTip.showText(event.globalPos(), "<p>" + "<br/>".join(lines) + "</p>",
                          self.text.viewport())
        return True

    def context_menu(self, pos: QPoint) -> QMenu:
        """The text's menu at a viewport point: Copy / Select all, then annotating the
        selection and editing the annotation under the pointer."""
        document_point = pos + QPoint(self.text.horizontalScrollBar().value(),
                                      self.text.verticalScrollBar().value())
        menu = self.text.createStandardContextMenu(document_point)
        annotator = self.annotator
        if annotator is None or self.report is None:
            return menu
        menu.addSeparator()
        if self.selection_span() is not None:
            colours = menu.addMenu("&Highlight")
            for c in COLOURS:
                colours.addAction(colour_icon(c), c.capitalize(),
                                  lambda c=c: self.highlight_selection(c))
            menu.addAction("Add &note\u2026", lambda: self.edit_annotation("note"))
            menu.addAction("Add &tags\u2026", lambda: self.edit_annotation("tags"))
            orphans = [a for a in self._annotations if a.orphaned]
            if orphans:
                place = menu.addMenu("&Place orphaned annotation here")
                for a in orphans:
                    place.addAction(excerpt(a.quote, 60),
                                    lambda a=a: self.place_orphan(a.id))
        self._correction_menu(menu, pos)
        for a in self.annotations_at(self.text.offsets_at_point(pos))[:1]:
            menu.addAction("&Edit annotation\u2026",
                           lambda a=a: edit_existing(self, annotator, a))
            colours = menu.addMenu("&Colour")
            for c in COLOURS:
                colours.addAction(colour_icon(c), c.capitalize(),
                                  lambda a=a, c=c: annotator.edit(a.id, colour=c))
            menu.addAction("&Delete annotation", lambda a=a: annotator.delete(a.id))
        return menu

    def _correction_menu(self, menu: QMenu, pos: QPoint) -> None:
        """Corrections of what was read: mark the selection as a finding; change, confirm or
        reject the finding or grade under the pointer."""
        if self.curator is None:
            return
        from ...model import FindingKind

        menu.addSeparator()
        if self.selection_span() is not None:
            mark = menu.addMenu("&Mark as finding")
            for kind in FindingKind:
                mark.addAction(finding_label(kind.value),
                               lambda k=kind.value: self.mark_selection(k))
        offsets = self.text.offsets_at_point(pos)
        target = self.item_at_offset(offsets[0]) if offsets else None
        if target is None:
            return
        kind, i = target
        self._decision_target = target
        if kind == "finding":
            f = self.report.findings[i]
            change = menu.addMenu("Change &kind")
            for k in FindingKind:
                if k.value != f.kind:
                    change.addAction(finding_label(k.value),
                                     lambda k=k.value: self.change_finding(kind=k))
            menu.addAction("Move to &area\u2026", self.move_finding)
        else:
            j = self.report.judgments[i]
            grades = menu.addMenu("Set &grade")
            from ..curation.dialogs import GRADE_WORDS

            for g in GRADE_WORDS:
                grades.addAction(g, lambda g=g, a=j.area: self.curator.set_grade(
                    self.report_id, a, g))
        menu.addAction("&Confirm (Ctrl+Shift+Y)", lambda: self.decide("confirm"))
        menu.addAction("&Reject (Ctrl+Shift+X)", lambda: self.decide("reject"))

    # ------------------------------------------------------------------ corrections
    def area_names(self) -> list[str]:
        """Areas an officer may file a finding or grade under: the report's graded areas,
        then its section headings."""
        if self.report is None:
            return []
        names = [j.area for j in self.report.judgments]
        names += [s.title for s in self.report.sections if s.level <= 2]
        return list(dict.fromkeys(n for n in names if n))

    def mark_selection(self, kind: str | None = None) -> bool:
        """Mark the selected passage as a finding (asking its kind and area when kind is
        None)."""
        span = self.selection_span()
        if span is None or self.curator is None:
            self._say("Select the passage to mark as a finding first.")
            return False
        from ...reading.render import section_at

        section = section_at(self.report, span[0])
        area = self.text_area_at(span[0]) or (section.title if section else None)
        if kind is None:
            from ..curation.dialogs import FindingDialog

            dialog = FindingDialog(span[2], self.area_names(), area, self)
            if dialog.exec() != FindingDialog.Accepted:
                return False
            kind, area = dialog.values()
        return self.curator.add_finding(self.report_id, kind, span[0], span[1], area)

    def text_area_at(self, offset: int) -> str | None:
        """The graded area an offset sits under (the last judgment before it)."""
        before = [j for j in self.report.judgments if j.start <= offset]
        return before[-1].area if before else None

    def change_finding(self, kind: str | None = None, area: str | None = None) -> bool:
        target = self.decision_target()
        if target is None or target[0] != "finding" or self.curator is None:
            self._say("Put the cursor in a finding first.")
            return False
        fid = self._stored.finding_ids[target[1]]
        return self.curator.change_finding(self.report_id, fid, kind, area)

    def move_finding(self) -> bool:
        target = self.decision_target()
        if target is None or target[0] != "finding":
            self._say("Put the cursor in a finding first.")
            return False
        from PySide6.QtWidgets import QInputDialog

        f = self.report.findings[target[1]]
        names = ["(no area)"] + self.area_names()
        current = names.index(f.area) if f.area in names else 0
        area, ok = QInputDialog.getItem(self, "Move to area", "&Area:", names, current, True)
        if not ok:
            return False
        return self.change_finding(area="" if area == "(no area)" else area.strip())

    def grade_dialog(self) -> bool:
        """Set or add the grade of an area (the one at the cursor, or chosen)."""
        if self.report is None or self.curator is None:
            return False
        from ..curation.dialogs import GradeDialog

        target = self.decision_target()
        current = self.report.judgments[target[1]] if target and target[0] == "judgment" \
            else None
        offset = self.text.offset_for_position(self.text.textCursor().position())
        area = current.area if current else (self.text_area_at(offset) if offset else None)
        dialog = GradeDialog(self.area_names(), area, current.grade if current else None, self)
        if dialog.exec() != GradeDialog.Accepted:
            return False
        area, grade = dialog.values()
        if not area:
            self._say("Name the area to grade.")
            return False
        return self.curator.set_grade(self.report_id, area, grade)

    def details_dialog(self) -> bool:
        if self.report is None or self.curator is None:
            return False
        from ..curation.dialogs import DetailsDialog

        forces = sorted({r["force"] for r in self.workspace.list_reports() if r["force"]})
        dialog = DetailsDialog(self.report, forces, self)
        if dialog.exec() != DetailsDialog.Accepted:
            return False
        changes = dialog.changes()
        ok = True
        self.curator.undo_stack.beginMacro("Correct the report's details")
        try:
            for name, value in changes.items():
                ok = self.curator.set_detail(self.report_id, name, value) and ok
        finally:
            self.curator.undo_stack.endMacro()
        return ok

    def _context_menu(self, pos: QPoint) -> None:
        menu = self.context_menu(pos)
        menu.setAttribute(Qt.WA_DeleteOnClose)
        menu.popup(self.text.viewport().mapToGlobal(pos))

    # ------------------------------------------------------------------ synchronised scrolling
    def scroll_fraction(self) -> float:
        bar = self.text.verticalScrollBar()
        return bar.value() / bar.maximum() if bar.maximum() > 0 else 0.0

    def set_scroll_fraction(self, fraction: float) -> None:
        """Scroll to a fraction of the text (0..1) without echoing scrollFractionChanged."""
        bar = self.text.verticalScrollBar()
        self._syncing = True
        try:
            bar.setValue(round(max(0.0, min(1.0, fraction)) * bar.maximum()))
        finally:
            self._syncing = False

    # ------------------------------------------------------------------ text size
    @property
    def zoom_level(self) -> int:
        return self._zoom

    def _apply_zoom(self) -> None:
        offset = self.current_offset()
        font = QFont(self.text.font())
        font.setPointSizeF(max(4.0, self._base_point_size + self._zoom))
        self.text.setFont(font)
        if offset is not None:
            self._scroll_to_offset(offset)

    def zoom_in(self) -> None:
        if self._zoom < ZOOM_MAX:
            self._zoom += 1
            self._apply_zoom()

    def zoom_out(self) -> None:
        if self._zoom > ZOOM_MIN:
            self._zoom -= 1
            self._apply_zoom()

    def zoom_reset(self) -> None:
        self._zoom = 0
        self._apply_zoom()

    # ------------------------------------------------------------------ original pages
    def _page_toggled(self, on: bool) -> None:
        if on and not self.page_view.isVisible():
            # make room for a readable page: fold the outline away while it is shown
            self._sizes_before_page = self.splitter.sizes()
            outline, centre, right = self._sizes_before_page
            self.page_view.show()
            self.splitter.setSizes([0, centre + outline, right])
            half = max(1, (centre + outline) // 2)
            self.text_splitter.setSizes([half, half])
        elif not on and self.page_view.isVisible():
            self.page_view.full_pane.setChecked(False)
            self.page_view.hide()
            if self._sizes_before_page:
                self.splitter.setSizes(self._sizes_before_page)
            self._sizes_before_page = None
        if on:
            self._page_key = None
            self._page_timer.start(0)
        else:
            self._page_timer.stop()

    def _page_zoomed(self, _zoom: float) -> None:
        self._page_key = None   # the same page, drawn again at the new size
        self._page_timer.start(0)

    def _full_page(self, on: bool) -> None:
        """The original page alone over the whole pane (to read a chart or a table as
        printed); the text, contents and findings come back as they were."""
        if on:
            self._sizes_before_full = self.splitter.sizes()
            for w in (self.text, self.outline_panel, self.findings_panel):
                w.hide()
            self.page_view.scroll.setFocus()
        else:
            self.text.show()
            self.outline_panel.setVisible(self.contents_button.isChecked())
            self.findings_panel.setVisible(self.findings_button.isChecked())
            if self._sizes_before_full:
                self.splitter.setSizes(self._sizes_before_full)
            self._sizes_before_full = None
        self._page_key = None
        self._page_timer.start(0)

    def _update_page(self) -> None:
        if not (self.page_button.isChecked() and self.is_pdf()):
            return
        offset = self.current_offset() or 0
        page = page_for_offset(self.report, offset)
        if page is None:
            self.page_view.show_message("This report does not say which page its text came "
                                        "from.")
            return
        width = self.page_view.available_width()
        key = (page, width)
        if self._page_key is not None and self._page_key[0] == page \
                and abs(self._page_key[1] - width) < 24:
            return
        if self._page_task is not None and not self._page_task.finished:
            self._page_timer.start()  # ask again when the page in hand is drawn
            return
        path = self.original_path()
        self._page_key = key
        self._page_serial += 1
        serial = self._page_serial
        ratio = self.devicePixelRatioF() or 1.0
        self.page_view.caption.setText(f"Drawing original page {page}\u2026")
        self._page_task = run_task(
            render_page, path, page, int(width * ratio),
            on_done=lambda image, s=serial: self._page_drawn(s, image),
            on_error=lambda message, s=serial: self._page_failed(s, message))

    def _page_drawn(self, serial: int, image: PageImage) -> None:
        if serial == self._page_serial and shiboken6.isValid(self):
            self.page_view.show_image(image, page_label(self.report, image.page_number))

    def _page_failed(self, serial: int, message: str) -> None:
        if serial == self._page_serial and shiboken6.isValid(self):
            self._page_key = None
            self.page_view.show_message(f"The original page could not be shown: {message}")

    def eventFilter(self, obj, event) -> bool:
        if obj is self.text.viewport():
            if event.type() == QEvent.MouseButtonRelease and event.button() == Qt.LeftButton:
                point = event.position().toPoint()
                QTimer.singleShot(0, lambda: self._clicked(point))
            elif event.type() == QEvent.ToolTip and self._tooltip(event):
                return True
        if event.type() == QEvent.Resize:
            if obj is self.page_view.scroll.viewport() and self.page_button.isChecked():
                self._page_timer.start()
            elif (obj is self.text.viewport() and self.report is not None
                  and not self._rendering and self._resize_offset is None
                  and 0 < event.oldSize().width() != event.size().width()):
                # seen before the text reflows: remember the place, put it back after
                self._resize_offset = self.current_offset()
                QTimer.singleShot(0, self._restore_place)
        return super().eventFilter(obj, event)

    def _restore_place(self) -> None:
        offset, self._resize_offset = self._resize_offset, None
        if offset is not None and self.report is not None:
            self._scroll_to_offset(offset)

    # ------------------------------------------------------------------ palette
    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.PaletteChange, QEvent.ApplicationPaletteChange):
            dark = is_dark(self)
            if dark != self._rendered_dark:
                self._dark = dark
                self.legend.setText(legend_html(dark))
                if self.report is not None:
                    offset = self.current_offset()
                    self.findings.set_findings(self.report.findings, dark)
                    self._render()
                    if offset is not None:
                        self._scroll_to_offset(offset)


__all__ = ["ReaderPane", "ReportTextView", "OutlineTree", "FindingsList", "GradesTable",
           "PageImageView", "ReportHeader"]
