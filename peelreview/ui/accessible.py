"""What a screen reader hears (#17): labels that say their value, named clear buttons, and
announcements of results shown only in the status bar.

A QLabel's accessible name *replaces* its text for a screen reader, so a value label named
"Last day to publish" was heard as just that, never the date. ValueLabel keeps its name as
"<what>: <text>" on every setText. On Linux a combo box's accessible name is its current
text ("Any tag"); its purpose is heard from the label whose buddy it is (AT-SPI's
labelled-by relation, found among the combo's siblings), so `buddy_label` makes one.

announce(widget, text) asks the screen reader to speak `text` now (Qt's
QAccessibleAnnouncementEvent, AT-SPI's Announcement); tests see it through `listeners`.
"""
from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAction, QTextDocument
from PySide6.QtWidgets import QLabel, QLineEdit, QToolButton, QWidget

try:  # Qt 6.8 and later
    from PySide6.QtGui import QAccessibleAnnouncementEvent
except ImportError:  # pragma: no cover -- older Qt: the name of the status label changes
    QAccessibleAnnouncementEvent = None

#: Test hooks: called with (widget, text) for every announcement.
listeners: list[Callable[[QWidget, str], None]] = []


def plain(text: str, rich: bool | None = None) -> str:
    """A label's text as heard: rich text (or, with rich None, what looks like it) without
    its tags, white space folded."""
    if text and (rich if rich is not None else QtGui.Qt.mightBeRichText(text)):
        doc = QTextDocument()
        doc.setHtml(text)
        text = doc.toPlainText()
    return " ".join((text or "").split())


def value_name(what: str, value: str, rich: bool | None = None) -> str:
    value = plain(value, rich)
    return f"{what}: {value}" if value else what


class ValueLabel(QLabel):
    """A label showing a value (a date, a count, a title): heard as "<what>: <value>"."""

    def __init__(self, what: str, text: str = "", parent: QWidget | None = None):
        super().__init__(parent)
        self.what = what
        self.setText(text)

    def setText(self, text: str) -> None:  # noqa: N802 -- Qt's name
        super().setText(text)
        fmt = self.textFormat()
        name = value_name(self.what, text, None if fmt == Qt.TextFormat.AutoText
                          else fmt == Qt.TextFormat.RichText)
        if name != self.accessibleName():
            self.setAccessibleName(name)   # Qt tells the screen reader the name changed


def buddy_label(text: str, control: QWidget, parent: QWidget | None = None) -> QLabel:
    """A visible label for `control`: its buddy, so a screen reader hears it with the
    control (add it to the same parent as the control: Qt looks among siblings)."""
    label = QLabel(text, parent)
    label.setBuddy(control)
    return label


def name_clear_button(edit: QLineEdit, name: str) -> None:
    """Name the clear button QLineEdit.setClearButtonEnabled adds (Qt leaves it nameless)."""
    for action in edit.findChildren(QAction):
        if action.objectName() == "_q_qlineeditclearaction":
            action.setText(name)
            action.setToolTip(name)
    for button in edit.findChildren(QToolButton):
        if button.defaultAction() is not None and \
                button.defaultAction().objectName() == "_q_qlineeditclearaction":
            button.setAccessibleName(name)
            button.setToolTip(name)


def announce(widget: QWidget | None, text: str) -> None:
    """Have a screen reader say `text` (politely: after what it is saying)."""
    text = plain(text)
    if widget is None or not text:
        return
    for listener in list(listeners):
        listener(widget, text)
    if QAccessibleAnnouncementEvent is not None and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))
