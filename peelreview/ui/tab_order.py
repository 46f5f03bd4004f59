"""Tab in reading order across the window's regions.

Qt chains Tab through widgets in the order they were made, so a reader pane opened after the
panels came after them: from the library Tab went to the search panel, not to the report.
Within a region (the library, a reader pane, a panel: the F6 regions of the main window)
Qt's own order stands; when Tab would leave a region, it goes to the first control of the
next region in F6 order (Shift+Tab: the last control of the previous one).
"""
from __future__ import annotations

import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget


def _key(w: QWidget) -> int:
    """The C++ object's address: Python wrappers of one widget may differ (so may id())."""
    return shiboken6.getCppPointer(w)[0]


def takes_tab(w: QWidget) -> bool:
    return (w.isVisible() and w.isEnabled() and w.focusProxy() is None
            and bool(w.focusPolicy() & Qt.FocusPolicy.TabFocus))


def chain_positions(window: QWidget) -> dict[int, int]:
    """Each widget of the window (by address) and its place in Qt's focus chain."""
    out: dict[int, int] = {}
    w, n = window.nextInFocusChain(), 0
    while w is not None and w is not window and _key(w) not in out:
        out[_key(w)] = n
        w, n = w.nextInFocusChain(), n + 1
    return out


def _stops(region: QWidget, positions: dict[int, int]) -> list[QWidget]:
    found = [w for w in region.findChildren(QWidget)
             if takes_tab(w) and _key(w) in positions]
    if takes_tab(region) and _key(region) in positions:
        found.append(region)
    return sorted(found, key=lambda w: positions[_key(w)])


def next_stop(regions: list[QWidget], focus: QWidget | None, forward: bool) -> QWidget | None:
    """Where Tab (forward) or Shift+Tab should go from `focus`, or None to let Qt decide
    (the focus is in no region, or Qt's next stop is in the same region)."""
    if focus is None or not regions:
        return None
    here = next((i for i, r in enumerate(regions) if r is focus or r.isAncestorOf(focus)),
                None)
    if here is None:
        return None
    window = focus.window()
    positions = chain_positions(window)
    stops = _stops(regions[here], positions)
    keys = [_key(w) for w in stops]
    if _key(focus) not in keys:
        return None
    at = keys.index(_key(focus))
    if (forward and at + 1 < len(stops)) or (not forward and at > 0):
        return None                     # still inside the region: Qt's order
    step = 1 if forward else -1
    for k in range(1, len(regions) + 1):
        region = regions[(here + step * k) % len(regions)]
        found = _stops(region, positions)
        if found:
            return found[0] if forward else found[-1]
    return None
