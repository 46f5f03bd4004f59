"""Colour facts about the running palette, shared by every part of the window.

Widgets pick their tints (grade chips, finding styles, links in results) by whether the
officer's desktop is light or dark, so they stay readable in both.

The application's palette is made readable whatever the desktop gives (WCAG 2.1 AA,
docs/ACCESSIBILITY.md): `install()` (the main window calls it) keeps

- selected rows' text on their highlight at 4.5:1 at least (Fusion's white on #308cc6 was
  3.69:1): the highlight is darkened (or lightened) until it is;
- placeholder text, the only label of some fields, at 4.5:1 against the field and the
  window (Qt's half-transparent text was #7f7f7f on white, 4.0:1);
- a focus colour (the Accent role) at 3:1 against the field and the window, drawn by
  `FocusStyle` as a 2-pixel frame wherever the style marks the keyboard focus (a tree's
  current row was a 1.1-1.7:1 wash), and around widgets that set the "focusFrame" property
  (the report text, which showed its focus only as a one-pixel caret);

and does it again when the desktop's palette changes (a dark theme switched on).
"""
from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen
from PySide6.QtWidgets import QApplication, QProxyStyle, QStyle, QStyleOptionFocusRect, QWidget

TEXT_RATIO = 4.5    # WCAG 1.4.3: text against its background
FOCUS_RATIO = 3.0   # WCAG 1.4.11 / 2.4.7: a focus mark against what is around it
MARGIN = 0.1        # aim a little above, so rounding and anti-aliasing never dip under
FOCUS_WIDTH = 2     # pixels
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
R = QPalette.ColorRole
BLACK, WHITE = QColor("#000000"), QColor("#ffffff")


def is_dark(widget: QWidget) -> bool:
    """True when the widget's window background is dark (a dark desktop theme)."""
    return widget.palette().window().color().lightness() < 128


def base_is_dark(palette: QPalette) -> bool:
    """True when text fields and lists (the Base role) are dark."""
    return palette.color(QPalette.ColorRole.Base).lightness() < 128


# ---------------------------------------------------------------------------- contrast
def luminance(c: QColor) -> float:
    """WCAG 2.1 relative luminance (0 black to 1 white) of an opaque colour."""
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio between two opaque colours (1 to 21)."""
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def over(fg: QColor, bg: QColor) -> QColor:
    """The colour a (partly transparent) `fg` shows as, painted on an opaque `bg`."""
    a = fg.alphaF()
    return QColor.fromRgbF(*(f * a + b * (1 - a) for f, b in
                             ((fg.redF(), bg.redF()), (fg.greenF(), bg.greenF()),
                              (fg.blueF(), bg.blueF()))))


def mix(a: QColor, b: QColor, t: float) -> QColor:
    """`a` moved the fraction t of the way to `b`."""
    return QColor.fromRgbF(a.redF() + (b.redF() - a.redF()) * t,
                           a.greenF() + (b.greenF() - a.greenF()) * t,
                           a.blueF() + (b.blueF() - a.blueF()) * t)


def _toward(colour: QColor, target: QColor, good) -> QColor:
    """The least change of `colour` toward `target` that is `good` (target itself at worst)."""
    for step in range(51):
        c = mix(colour, target, step / 50)
        if good(c):
            return QColor(c.name())   # whole 8-bit channels, as it will be painted
    return QColor(target)


def _nearest(colour: QColor, good) -> QColor | None:
    """The least darkening or lightening of `colour` that is `good`, or None."""
    for step in range(51):
        for target in (BLACK, WHITE):
            c = QColor(mix(colour, target, step / 50).name())
            if good(c):
                return c
    return None


def readable_on_window(widget: QWidget, colour: str, ratio: float = 4.5) -> str:
    """`colour` (a "#rrggbb" meant for a light window), darkened or lightened as little as
    needed to stand `ratio`:1 against the widget's window colour: a warning's red stays
    red, and stays readable on a dark desktop."""
    window = widget.palette().window().color()
    wanted = QColor(colour)
    if contrast(wanted, window) >= ratio:
        return wanted.name()
    found = _nearest(wanted, lambda c: contrast(c, window) >= ratio)
    return (found or farther(window)).name()


def farther(c: QColor) -> QColor:
    """Black or white, whichever contrasts more with `c`."""
    return BLACK if contrast(c, BLACK) >= contrast(c, WHITE) else WHITE


def focus_colour(palette: QPalette,
                 group: QPalette.ColorGroup = QPalette.ColorGroup.Active) -> QColor:
    """The highlight, darkened or lightened until it stands 3:1 against the field (Base)
    and the window around it: the colour of every focus mark."""
    base, window = palette.color(group, R.Base), palette.color(group, R.Window)
    return _toward(palette.color(group, R.Highlight), farther(base),
                   lambda c: min(contrast(c, base), contrast(c, window))
                   >= FOCUS_RATIO + MARGIN)


def readable(palette: QPalette) -> QPalette:
    """A copy of the palette with selection, placeholder and focus colours that meet
    WCAG AA (see the module's docstring); other roles are left as the desktop gave them."""
    p = QPalette(palette)
    for g in GROUPS:
        ink = p.color(g, R.HighlightedText)
        p.setColor(g, R.Highlight, _toward(p.color(g, R.Highlight), farther(ink),
                                            lambda c, ink=ink: contrast(c, ink)
                                            >= TEXT_RATIO + MARGIN))
        base, window, text = p.color(g, R.Base), p.color(g, R.Window), p.color(g, R.Text)
        shown = over(p.color(g, R.PlaceholderText), base)
        p.setColor(g, R.PlaceholderText, _toward(
            shown, text, lambda c, base=base, window=window:
            min(contrast(c, base), contrast(c, window)) >= TEXT_RATIO + MARGIN))
        p.setColor(g, R.Accent, focus_colour(p, g))
    return p


def apply_readable(app: QApplication | None = None) -> bool:
    """Make the application's palette readable; True if it had to change."""
    app = app or QApplication.instance()
    fixed = readable(app.palette())
    if fixed == app.palette():
        return False
    app.setPalette(fixed)
    return True


# ---------------------------------------------------------------------------- focus marks
class FocusStyle(QProxyStyle):
    """The desktop's style, with every keyboard focus mark drawn as a solid 2-pixel frame
    in the focus colour (on a selected row, darker or lighter still, to stand 3:1 against
    the row and the field), and a focus frame around widgets with the "focusFrame"
    property while they have the focus."""

    def __init__(self, base: QStyle | None = None):
        super().__init__(base)
        self._colours: dict[tuple, QColor] = {}

    def _focus(self, palette: QPalette, behind: QColor | None = None) -> QColor:
        key = (palette.color(R.Highlight).rgba(), palette.color(R.Base).rgba(),
               palette.color(R.Window).rgba(), behind.rgba() if behind else None)
        colour = self._colours.get(key)
        if colour is None:
            colour = focus_colour(palette)
            if behind is not None:   # e.g. a selected row: 3:1 against it and the field
                base = palette.color(R.Base)
                colour = _nearest(colour, lambda c: min(contrast(c, behind), contrast(
                    c, base)) >= FOCUS_RATIO + MARGIN) or farther(behind)
            self._colours[key] = colour
        return colour

    @staticmethod
    def _frame(painter: QPainter, rect, colour: QColor) -> None:
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        pen = QPen(colour, FOCUS_WIDTH)
        pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        half = FOCUS_WIDTH / 2
        painter.drawRect(QRectF(rect).adjusted(half, half, -half, -half))
        painter.restore()

    def drawPrimitive(self, element, option, painter, widget=None):  # noqa: N802
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            behind = None
            if isinstance(option, QStyleOptionFocusRect) and option.backgroundColor.isValid():
                behind = option.backgroundColor
            self._frame(painter, option.rect, self._focus(option.palette, behind))
            return
        super().drawPrimitive(element, option, painter, widget)

    def drawControl(self, element, option, painter, widget=None):  # noqa: N802
        super().drawControl(element, option, painter, widget)
        if element == QStyle.ControlElement.CE_ShapedFrame and widget is not None \
                and widget.property("focusFrame") \
                and option.state & QStyle.StateFlag.State_HasFocus:
            self._frame(painter, option.rect, self._focus(option.palette))

    def pixelMetric(self, metric, option=None, widget=None):  # noqa: N802
        if metric == QStyle.PixelMetric.PM_DefaultFrameWidth and widget is not None \
                and widget.property("focusFrame"):
            return max(FOCUS_WIDTH, super().pixelMetric(metric, option, widget))
        return super().pixelMetric(metric, option, widget)


_style: FocusStyle | None = None


def install(app: QApplication | None = None) -> None:
    """Once per application: the focus style and the readable palette, kept readable when
    the desktop's palette changes."""
    app = app or QApplication.instance()
    if app is None or app.property("peelreviewReadable"):
        return
    app.setProperty("peelreviewReadable", True)
    global _style
    if not isinstance(app.style(), FocusStyle):
        _style = FocusStyle()   # (kept: the application holds the C++ side only)
        app.setStyle(_style)
    apply_readable(app)
    # (deprecated in Qt 6 but the one signal for it: the desktop switching theme, or a
    # palette set by someone else, comes here)
    app.paletteChanged.connect(lambda _p: apply_readable(app))
