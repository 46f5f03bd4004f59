"""The response editor's field widgets and the small pieces of text the header shows.

Every field knows its Target (which item/response/bullet field it edits) and reports to one
FieldBus: `edited` on each change (the editor keeps the value and updates the gaps at once),
`finished` when the officer leaves the field (the editor commits it), `focused` when a new
editing session starts. Ctrl+Z / Ctrl+Shift+Z in a field go to the workspace's undo stack
(through `undoRequested`/`redoRequested`), not to the widget's own letter-by-letter undo, so
there is one history.
"""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QSizePolicy,
    QSpinBox,
    QWidget,
)

from ...response.draft import STATUSES
from .commands import Target

NO_DATE = QDate(1900, 1, 1)  # a date edit at this date shows "none"
GAP_STYLE = ("*[gap=\"true\"] { border: 2px solid #c62828; border-radius: 3px; }")


def long_date(d: dt.date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "not known"


def countdown(days_left: int | None) -> tuple[str, str]:
    """The countdown to the last day to publish and its level: "ok", "soon" (a week or
    less), "today", "overdue" or "unknown"."""
    if days_left is None:
        return "No deadline: the publication date is not known", "unknown"
    if days_left < 0:
        n = -days_left
        return f"Overdue by {n} day{'s' if n != 1 else ''}", "overdue"
    if days_left == 0:
        return "Due today", "today"
    return f"{days_left} day{'s' if days_left != 1 else ''} left", \
        "soon" if days_left <= 7 else "ok"


def _is_undo(event) -> str | None:
    if event.matches(QKeySequence.StandardKey.Undo):
        return "undo"
    ctrl, shift = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier
    if event.matches(QKeySequence.StandardKey.Redo) \
            or (event.key() == Qt.Key.Key_Y and event.modifiers() == ctrl) \
            or (event.key() == Qt.Key.Key_Z and event.modifiers() == ctrl | shift):
        return "redo"
    return None


class FieldBus(QObject):
    """Where every field of one editor reports (see the module docstring)."""

    edited = Signal(object, object)     # Target, value
    finished = Signal(object)           # Target
    focused = Signal(object)            # Target
    undoRequested = Signal()
    redoRequested = Signal()

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 -- Qt's name
        """Route the undo keys of a field to the workspace's undo stack."""
        kind = event.type()
        if kind in (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress):
            which = _is_undo(event)
            if which:
                event.accept()
                if kind == QEvent.Type.KeyPress:
                    (self.undoRequested if which == "undo" else self.redoRequested).emit()
                return True
        return False


class _Field:
    """Mixin: a field with a target on a bus."""

    target: Target
    bus: FieldBus

    def _attach(self, bus: FieldBus, target: Target, name: str, widget=None) -> None:
        self.bus, self.target = bus, target
        w = widget or self
        w.installEventFilter(bus)
        self.setAccessibleName(name)

    def _edited(self, *_):
        self.bus.edited.emit(self.target, self.value())

    def set_gap(self, on: bool, why: str = "") -> None:
        if bool(self.property("gap")) == on:
            return
        self.setProperty("gap", on)
        self.setToolTip(why)
        self.setAccessibleDescription(why)
        # a style sheet on the flagged field only: one on the whole editor would send
        # every widget through the (slow) style sheet style
        self.setStyleSheet(GAP_STYLE if on else "")


class _TypedField(_Field):
    """Mixin: a field typed into tells the bus when the officer enters and leaves it (the
    editor commits what was typed on leaving)."""

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.bus.focused.emit(self.target)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.bus.finished.emit(self.target)


class TextField(_TypedField, QPlainTextEdit):
    """Multi-line plain text that grows with its text (3 to 14 lines); Tab leaves it."""

    def __init__(self, bus: FieldBus, target: Target, name: str, placeholder: str = "",
                 min_lines: int = 2):
        QPlainTextEdit.__init__(self)
        self._attach(bus, target, name)
        self.min_lines = min_lines
        self.setTabChangesFocus(True)
        self.setUndoRedoEnabled(False)
        self.setPlaceholderText(placeholder)
        self.setSizePolicy(QSizePolicy.Expanding, QSizePolicy.Fixed)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarAsNeeded)
        self.textChanged.connect(self._edited)
        self.textChanged.connect(self._fit)
        self._fit()

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value) -> None:
        if self.toPlainText() != (value or ""):
            self.blockSignals(True)
            self.setPlainText(value or "")
            self.blockSignals(False)
            self._fit()

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        doc = self.document()
        lines = max(self.min_lines, min(14, round(doc.size().height())))
        margins = self.contentsMargins()
        h = lines * line + 2 * int(doc.documentMargin()) + margins.top() + margins.bottom() + 4
        if self.height() != h:
            self.setFixedHeight(h)

    def resizeEvent(self, event) -> None:  # noqa: N802 -- Qt's name
        super().resizeEvent(event)
        self._fit()


class LineField(_TypedField, QLineEdit):
    """One line of text (names, the action owner)."""

    def __init__(self, bus: FieldBus, target: Target, name: str, placeholder: str = ""):
        QLineEdit.__init__(self)
        self._attach(bus, target, name)
        self.setPlaceholderText(placeholder)
        self.textEdited.connect(self._edited)

    def value(self) -> str:
        return self.text()

    def set_value(self, value) -> None:
        if self.text() != (value or ""):
            self.setText(value or "")


class StatusField(_Field, QComboBox):
    """The item's status; a choice is committed at once."""

    def __init__(self, bus: FieldBus, target: Target, name: str):
        QComboBox.__init__(self)
        self._attach(bus, target, name)
        self.addItems(list(STATUSES))
        self.currentTextChanged.connect(self._chosen)

    def _chosen(self, _text: str) -> None:
        self.bus.focused.emit(self.target)   # each choice is its own undo step
        self._edited()
        self.bus.finished.emit(self.target)

    def value(self) -> str:
        return self.currentText()

    def set_value(self, value) -> None:
        if self.currentText() != value:
            self.blockSignals(True)
            self.setCurrentText(value)
            self.blockSignals(False)


class DaysField(_TypedField, QSpinBox):
    """The chief constable's due days (days after publication)."""

    def __init__(self, bus: FieldBus, target: Target, name: str, maximum: int):
        QSpinBox.__init__(self)
        self._attach(bus, target, name)
        self.setRange(0, maximum)
        self.setSuffix(" days after publication")
        self.valueChanged.connect(self._edited)

    def set_value(self, value) -> None:
        if self.value() != int(value):
            self.blockSignals(True)
            self.setValue(int(value))
            self.blockSignals(False)


class _DateEdit(QDateEdit):
    def __init__(self, owner: DateField):
        super().__init__()
        self.owner = owner

    def focusInEvent(self, event) -> None:  # noqa: N802
        super().focusInEvent(event)
        self.owner.bus.focused.emit(self.owner.target)

    def focusOutEvent(self, event) -> None:  # noqa: N802
        super().focusOutEvent(event)
        self.owner.bus.finished.emit(self.owner.target)


class DateField(_Field, QWidget):
    """An optional date: a tick box ("a date is set") and the date. value() is an ISO date
    or None."""

    def __init__(self, bus: FieldBus, target: Target, name: str, check_text: str = "",
                 default: dt.date | None = None):
        QWidget.__init__(self)
        self.setAttribute(Qt.WA_StyledBackground, True)  # so a gap's border shows
        self.check = QCheckBox(check_text)
        self.edit = _DateEdit(self)
        self._attach(bus, target, name, self.edit)
        self.check.setAccessibleName(f"{name}: set")
        self.edit.setAccessibleName(name)
        self.edit.setCalendarPopup(True)
        self.edit.setDisplayFormat("d MMM yyyy")
        self.default = default
        self.edit.setMinimumDate(NO_DATE)
        self.edit.setSpecialValueText("none")   # what the minimum shows: no date set
        self.edit.setDate(NO_DATE)
        self.edit.setEnabled(False)
        self.setFocusProxy(self.edit)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(2, 2, 2, 2)  # room for the gap border
        layout.addWidget(self.check)
        layout.addWidget(self.edit, 1)
        self.check.toggled.connect(self._toggled)
        self.edit.dateChanged.connect(self._edited)
        self.check.installEventFilter(bus)

    def _toggled(self, on: bool) -> None:
        self.edit.blockSignals(True)
        self.edit.setDate(QDate(self.default or dt.date.today()) if on else NO_DATE)
        self.edit.blockSignals(False)
        self.edit.setEnabled(on)
        self.bus.focused.emit(self.target)
        self._edited()
        self.bus.finished.emit(self.target)

    def value(self) -> str | None:
        if not self.check.isChecked():
            return None
        return self.edit.date().toPython().isoformat()

    def set_value(self, value) -> None:
        if value == self.value():
            return
        for w in (self.check, self.edit):
            w.blockSignals(True)
        if value:
            d = value if isinstance(value, dt.date) else dt.date.fromisoformat(value)
            self.edit.setDate(QDate(d))
        else:
            self.edit.setDate(NO_DATE)
        self.check.setChecked(bool(value))
        self.edit.setEnabled(bool(value))
        for w in (self.check, self.edit):
            w.blockSignals(False)
