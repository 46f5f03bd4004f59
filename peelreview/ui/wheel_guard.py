"""The mouse wheel scrolls the form; it never changes a field the officer has not clicked.

Qt gives a wheel turn over a combo box, spin box or date field to that field, so scrolling
down the response form under the pointer cycled a Status box through "not started ->
complete -> no action" and saved it. This filter, installed once on the application, hands
such a turn to the nearest scrolling area instead while the field does not have the focus;
once the officer has clicked into (or tabbed to) the field, the wheel works on it as usual.
"""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox


def _guarded(obj) -> bool:
    return isinstance(obj, (QComboBox, QAbstractSpinBox))


class WheelGuard(QObject):
    def eventFilter(self, obj, event) -> bool:  # noqa: N802 -- Qt's name
        kind = event.type()
        if kind == QEvent.Type.Polish and _guarded(obj):
            # the focus by click or Tab only: Qt's default lets a wheel turn give it
            obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if kind != QEvent.Type.Wheel or not _guarded(obj) or obj.hasFocus():
            return False
        area = obj.parentWidget()
        while area is not None and not isinstance(area, QAbstractScrollArea):
            area = area.parentWidget()
        if area is not None:
            viewport = area.viewport()
            pos = QPointF(viewport.mapFromGlobal(event.globalPosition().toPoint()))
            forwarded = QWheelEvent(pos, event.globalPosition(), event.pixelDelta(),
                                    event.angleDelta(), event.buttons(), event.modifiers(),
                                    event.phase(), event.inverted(), event.source())
            QApplication.sendEvent(viewport, forwarded)
        return True  # the field keeps its value


_installed: WheelGuard | None = None


def install() -> WheelGuard:
    """Install the guard on the application (once): guarded fields take the focus by click
    or Tab only, and a wheel turn over one without the focus scrolls the form."""
    global _installed
    app = QApplication.instance()
    if _installed is None and app is not None:
        _installed = WheelGuard(app)
        app.installEventFilter(_installed)
    return _installed
