"""The trace of a finding drawn as a small diagram: one box per step (date, report, kind,
excerpt), oldest at the top, joined by arrows labelled with the link between them.

Boxes are clicked (or chosen with Up/Down and Enter) to open the step in the reader. The
steps come from LinkService.trace; the labels from the links among them.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ...reading.render import FINDING_COLOURS, FINDING_COLOURS_DARK, FINDING_LABELS
from ..palette import is_dark

ANNOTATION_COLOURS = ("#fff7c2", "#5a4a00")
ANNOTATION_COLOURS_DARK = ("#45401a", "#ffe98a")
MARGIN = 10
GAP = 42           # vertical room between boxes, for the arrow and its label
EXCERPT = 150
#: How a link reads from its source to its target, and back.
FORWARD = {"follows up": "follows up", "same issue": "same issue as",
           "responds to": "responds to", "supersedes": "supersedes"}
BACKWARD = {"follows up": "followed up by", "same issue": "same issue as",
            "responds to": "responded to by", "supersedes": "superseded by"}


def step_label(kind: str, finding_kind: str | None) -> str:
    if kind == "annotation":
        return "Annotation"
    return FINDING_LABELS.get(finding_kind or "", (finding_kind or "finding").replace("_", " "))


def excerpt(text: str, n: int = EXCERPT) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= n else text[:n - 1].rstrip() + "\u2026"


def colours(kind: str, finding_kind: str | None, dark: bool) -> tuple[str, str]:
    if kind == "annotation":
        return ANNOTATION_COLOURS_DARK if dark else ANNOTATION_COLOURS
    table = FINDING_COLOURS_DARK if dark else FINDING_COLOURS
    return table.get(finding_kind or "", ("#3a3a3a", "#e0e0e0") if dark else
                     ("#eeeeee", "#303030"))


class _Box(QGraphicsRectItem):
    def __init__(self, index: int, step, width: float, dark: bool, current: bool):
        super().__init__()
        self.index, self.step = index, step
        fill, ink = colours(step.kind, step.finding_kind, dark)
        self.setBrush(QBrush(QColor(fill)))
        self.setPen(QPen(QColor(ink), 3 if current else 1))
        self.setCursor(Qt.PointingHandCursor)
        # kept: without a Python reference PySide deletes the child item
        self.text_item = text = QGraphicsTextItem(self)
        text.setTextWidth(width - 16)
        body = "#e6e6e6" if dark else "#1a1a1a"
        html = (f"<div style='color:{body}'><b>{escape(step.date or 'undated')}</b> \u00b7 "
                f"<b style='color:{ink}'>{escape(step_label(step.kind, step.finding_kind))}"
                f"</b><br><i>{escape(excerpt(step.report_title, 90))}</i><br>"
                f"{escape(excerpt(step.text))}")
        if step.note:
            html += f"<br>\u270e {escape(excerpt(step.note, 100))}"
        text.setHtml(html + "</div>")
        text.setPos(8, 6)
        text.setAcceptedMouseButtons(Qt.NoButton)
        self.setRect(0, 0, width, text.boundingRect().height() + 12)
        self.setToolTip(f"{step.report_title}\n\n{step.text}" + (f"\n\nNote: {step.note}"
                                                                   if step.note else ""))
        self.setFlag(QGraphicsItem.ItemIsSelectable, True)

    def paint(self, painter, option, widget=None):
        painter.setRenderHint(QPainter.Antialiasing)
        painter.setBrush(self.brush())
        pen = QPen(self.pen())
        if self.isSelected():
            pen.setStyle(Qt.DashLine)
            pen.setWidth(max(2, pen.width()))
        painter.setPen(pen)
        painter.drawRoundedRect(self.rect(), 6, 6)


class TraceView(QGraphicsView):
    """The chain of a finding through inspections and responses, oldest at the top."""

    stepActivated = Signal(object)   # a links.TraceStep
    stepSelected = Signal(int)       # the index chosen with Up/Down or a click
    stepsChanged = Signal()          # new steps (or a message) are shown

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setScene(QGraphicsScene(self))
        self.setRenderHint(QPainter.Antialiasing)
        self.setAlignment(Qt.AlignHCenter | Qt.AlignTop)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.StrongFocus)
        self.setAccessibleName("Trace")
        self.steps: list = []
        self.links: list = []
        self.current: tuple[str, int] | None = None
        self.boxes: list[_Box] = []
        self._message = "Choose a finding to see its trace."
        self._layout()

    # ------------------------------------------------------------------ content
    def set_trace(self, steps, links, current: tuple[str, int] | None) -> None:
        """Show `steps` (oldest first); `links` are the links among them (for the labels)."""
        self.steps, self.links, self.current = list(steps), list(links), current
        self._message = ("Nothing is linked to this finding yet." if len(self.steps) <= 1
                         else "")
        self._layout()
        self.stepsChanged.emit()

    def show_message(self, message: str) -> None:
        self.steps, self.links, self.current = [], [], None
        self._message = message
        self._layout()
        self.stepsChanged.emit()

    def arrow(self, a, b) -> tuple[str, int]:
        """How step a relates to step b (the next one down): the link types between them
        and the direction (-1: the arrow points up, b → a; 1: down, a → b; 0: no direct
        link, the two are joined through other steps)."""
        words, direction = [], 0
        for lk in self.links:
            ends = (lk.source, lk.target)
            if ends == ((a.kind, a.id), (b.kind, b.id)):
                words.append(lk.link_type)
                direction = direction or 1
            elif ends == ((b.kind, b.id), (a.kind, a.id)):
                words.append(lk.link_type)
                direction = direction or -1
        return " \u00b7 ".join(words), direction

    def distant_label(self, b) -> str:
        """b's links to steps further up than the one just above it, e.g. "follows up the
        2019-05-02 cause of concern" (the arrow drawn joins neighbours only)."""
        index = next((i for i, s in enumerate(self.steps) if s is b), 0)
        words = []
        for a in self.steps[:max(0, index - 1)]:
            label, direction = self.arrow(a, b)
            if label:
                what = f"{a.date or 'undated'} {step_label(a.kind, a.finding_kind).lower()}"
                words.append(f"{label} the {what}" if direction < 0 else f"{what}: {label}")
        return "; ".join(words)

    def _layout(self) -> None:
        scene = self.scene()
        scene.clear()
        self.boxes = []
        dark = is_dark(self)
        width = max(220, self.viewport().width() - 2 * MARGIN)
        if not self.steps or self._message:
            note = QGraphicsSimpleTextItem(self._message or "")
            note.setBrush(QBrush(self.palette().text().color()))
            scene.addItem(note)
            note.setPos(MARGIN, MARGIN)
            if not self.steps:
                scene.setSceneRect(scene.itemsBoundingRect().adjusted(-MARGIN, -MARGIN,
                                                                       MARGIN, MARGIN))
                self._describe()
                return
        y = MARGIN + (28 if self._message else 0)
        ink = QColor("#d0d0d0" if dark else "#404040")
        previous = None
        for i, step in enumerate(self.steps):
            if previous is not None:
                label = self._label(self.steps[i - 1], step, width, ink)
                y += max(GAP, label.boundingRect().height() + 8)
                self._arrow(scene, previous, y, label, ink, self.steps[i - 1], step)
            box = _Box(i, step, width, dark, (step.kind, step.id) == self.current)
            box.setPos(MARGIN, y)
            scene.addItem(box)
            self.boxes.append(box)
            y += box.rect().height()
            previous = box
        scene.setSceneRect(QRectF(0, 0, width + 2 * MARGIN, y + MARGIN))
        self._describe()

    def _label(self, a, b, width: float, ink: QColor) -> QGraphicsTextItem:
        """The words beside the arrow from a to b, wrapped to the room right of it."""
        label, _direction = self.arrow(a, b)
        far = self.distant_label(b)
        text = " ; ".join(w for w in (label, far) if w) or "linked through other steps"
        item = QGraphicsTextItem()
        item.setTextWidth(max(120, width - 50))
        font = QFont(self.font())
        font.setItalic(not label)
        item.setFont(font)
        item.setDefaultTextColor(ink)
        item.setPlainText(text)
        return item

    def _arrow(self, scene, above: _Box, bottom: float, label: QGraphicsTextItem, ink: QColor,
               a, b) -> None:
        """A line from the box above to `bottom` (the next box's top), its head at the
        link's target, with its label beside it."""
        x = MARGIN + 28
        top = above.pos().y() + above.rect().height()
        words, direction = self.arrow(a, b)
        path = QPainterPath(QPointF(x, top + 1))
        path.lineTo(QPointF(x, bottom - 1))
        line = QGraphicsPathItem(path)
        line.setPen(QPen(ink, 1.6, Qt.SolidLine if words else Qt.DotLine))
        scene.addItem(line)
        if direction:
            tip = bottom - 1 if direction > 0 else top + 1
            back = tip - 9 * direction
            head = QPolygonF([QPointF(x - 5, back), QPointF(x + 5, back), QPointF(x, tip)])
            scene.addPolygon(head, QPen(ink), QBrush(ink))
        label.setPos(x + 8, top + (bottom - top - label.boundingRect().height()) / 2)
        scene.addItem(label)

    def _describe(self) -> None:
        self.setAccessibleName("Trace")
        if not self.steps:
            self.setAccessibleDescription(self._message)
            return
        parts = [f"{s.date or 'undated'}: {step_label(s.kind, s.finding_kind)} in "
                 f"{s.report_title}" for s in self.steps]
        self.setAccessibleDescription("Trace, oldest first. " + "; ".join(parts))

    def step_words(self, index: int) -> str:
        """Step `index` as a screen reader hears it when Up/Down reaches it: where it is in
        the chain, its date, kind, report, how it links to the step above, its text."""
        step = self.steps[index]
        words = [f"Step {index + 1} of {len(self.steps)}: {step.date or 'undated'}, "
                 f"{step_label(step.kind, step.finding_kind)} in {step.report_title}"]
        if index > 0:
            label, direction = self.arrow(self.steps[index - 1], step)
            if label:
                verbs = " and ".join(FORWARD.get(w, w) for w in label.split(" \u00b7 "))
                words.append(f"This {verbs} the step above" if direction < 0 else
                             f"The step above {verbs} this")
            else:
                words.append("linked to the step above through other steps")
        far = self.distant_label(step)
        if far:
            words.append(far)
        words.append(excerpt(step.text, 400))
        if step.note:
            words.append(f"Note: {excerpt(step.note, 200)}")
        return ". ".join(words)

    # ------------------------------------------------------------------ choosing
    def selected_index(self) -> int | None:
        for box in self.boxes:
            if box.isSelected():
                return box.index
        return None

    def select(self, index: int) -> None:
        if not self.boxes:
            return
        index = max(0, min(index, len(self.boxes) - 1))
        self.scene().clearSelection()
        self.boxes[index].setSelected(True)
        self.ensureVisible(self.boxes[index])
        # the diagram has no accessible parts: the step chosen is the view's name, so a
        # screen reader hears it as Up/Down moves (Qt sends the name change)
        self.setAccessibleName(f"Trace. {self.step_words(index)}")
        self.stepSelected.emit(index)

    def activate(self, index: int) -> None:
        if 0 <= index < len(self.steps):
            self.select(index)
            self.stepActivated.emit(self.steps[index])

    def mousePressEvent(self, event) -> None:
        item = self.itemAt(event.position().toPoint())
        while item is not None and not isinstance(item, _Box):
            item = item.parentItem()
        if isinstance(item, _Box) and event.button() == Qt.LeftButton:
            self.activate(item.index)
            event.accept()
            return
        super().mousePressEvent(event)

    def keyPressEvent(self, event) -> None:
        key = event.key()
        current = self.selected_index()
        if key in (Qt.Key_Down, Qt.Key_Up) and self.boxes:
            step = 1 if key == Qt.Key_Down else -1
            self.select(0 if current is None else current + step)
        elif key in (Qt.Key_Return, Qt.Key_Enter, Qt.Key_Space) and current is not None:
            self.activate(current)
        else:
            super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.oldSize().width() != event.size().width():
            selected = self.selected_index()
            self._layout()
            if selected is not None:
                self.select(selected)


class TracePane(QWidget):
    """The trace diagram with the list of its steps beneath: the list gives screen readers
    (and keyboard users) one item per step, heard in full (where it sits in the chain, how
    it links to the step above, its text); choosing in either moves the other."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.view = TraceView()
        self.steps_list = QListWidget()
        self.steps_list.setAccessibleName("Steps of the trace, oldest first")
        self.steps_list.setMaximumHeight(self.steps_list.fontMetrics().height() * 7)
        self.steps_list.setWordWrap(False)
        self.steps_list.setTextElideMode(Qt.ElideRight)   # the full step is in its tooltip
        self.steps_list.setHorizontalScrollBarPolicy(Qt.ScrollBarAlwaysOff)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.view, 1)
        lay.addWidget(self.steps_list)
        self.setFocusProxy(self.view)
        self.view.stepsChanged.connect(self._fill)
        self.view.stepSelected.connect(self._follow_view)
        self.steps_list.currentRowChanged.connect(self._follow_list)
        self.steps_list.itemActivated.connect(
            lambda item: self.view.activate(self.steps_list.row(item)))
        self._fill()

    def _fill(self) -> None:
        self.steps_list.blockSignals(True)
        self.steps_list.clear()
        for i, step in enumerate(self.view.steps):
            item = QListWidgetItem(f"{step.date or 'undated'} \u00b7 "
                                   f"{step_label(step.kind, step.finding_kind)} \u00b7 "
                                   f"{step.report_title}")
            item.setData(Qt.AccessibleTextRole, self.view.step_words(i))
            item.setToolTip(f"{item.text()}\n{excerpt(step.text, 300)}")
            self.steps_list.addItem(item)
        self.steps_list.blockSignals(False)
        self.steps_list.setVisible(len(self.view.steps) > 1)

    def _follow_view(self, index: int) -> None:
        if self.steps_list.currentRow() != index:
            self.steps_list.blockSignals(True)
            self.steps_list.setCurrentRow(index)
            self.steps_list.blockSignals(False)

    def _follow_list(self, row: int) -> None:
        if row >= 0 and self.view.selected_index() != row:
            self.view.select(row)
