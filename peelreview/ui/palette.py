"""Colour facts about the running palette, shared by every part of the window.

Widgets pick their tints (grade chips, finding styles, links in results) by whether the
officer's desktop is light or dark, so they stay readable in both.
"""
from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QWidget


def is_dark(widget: QWidget) -> bool:
    """True when the widget's window background is dark (a dark desktop theme)."""
    return widget.palette().window().color().lightness() < 128


def base_is_dark(palette: QPalette) -> bool:
    """True when text fields and lists (the Base role) are dark."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128
