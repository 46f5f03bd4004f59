"""Colour contrast of the running application (issue #17, WCAG 2.1 1.4.3, 1.4.11, 2.4.7):
computed with WCAG's relative luminance from the palette actually in use once the main
window is up, on the light desktop palette and on a dark one applied as a desktop would;
and the report text's focus frame as painted."""
from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from peelreview.ui import palette
from tests.support.windows import demo_copy, open_window

R = QPalette.ColorRole
GROUPS = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)
TEXT, NON_TEXT = 4.5, 3.0


def luminance(c: QColor) -> float:
    """WCAG 2.1 relative luminance (written out here, apart from the code under test)."""
    def linear(v: int) -> float:
        s = v / 255
        return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4
    return 0.2126 * linear(c.red()) + 0.7152 * linear(c.green()) + 0.0722 * linear(c.blue())


def contrast(a: QColor, b: QColor) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def over(fg: QColor, bg: QColor) -> QColor:
    """A half-transparent colour as painted on an opaque one."""
    a = fg.alpha() / 255
    return QColor(*(round(f * a + b * (1 - a)) for f, b in
                    ((fg.red(), bg.red()), (fg.green(), bg.green()), (fg.blue(), bg.blue()))))


def dark_palette() -> QPalette:
    """A dark desktop palette of the usual kind (Fusion's dark colours): white selected
    text on a mid blue, placeholder as half-transparent text."""
    p = QPalette()
    for role, colour in ((R.Window, "#353535"), (R.WindowText, "#ffffff"),
                         (R.Base, "#2a2a2a"), (R.AlternateBase, "#353535"),
                         (R.Text, "#ffffff"), (R.Button, "#353535"),
                         (R.ButtonText, "#ffffff"), (R.Highlight, "#2a82da"),
                         (R.HighlightedText, "#ffffff"), (R.Link, "#56a0e6"),
                         (R.Mid, "#5a5a5a"), (R.ToolTipBase, "#353535"),
                         (R.ToolTipText, "#ffffff")):
        p.setColor(role, QColor(colour))
    placeholder = QColor("#ffffff")
    placeholder.setAlpha(128)
    p.setColor(R.PlaceholderText, placeholder)
    return p


@pytest.fixture()
def window(qtbot, tmp_path, demo_template):
    app = QApplication.instance()
    before = QPalette(app.palette())
    w = open_window(qtbot, demo_copy(demo_template, tmp_path), tmp_path / "ui.ini")
    w.activateWindow()
    yield w
    w.workspace.close()
    app.setPalette(before)   # the next tests see the palette they always saw


def use_dark(qtbot) -> QPalette:
    QApplication.instance().setPalette(dark_palette())   # as a desktop switching theme
    QApplication.processEvents()
    return QApplication.instance().palette()


def ratios(p: QPalette, group) -> dict[str, float]:
    """What the officer sees, as WCAG contrast ratios."""
    base, window = p.color(group, R.Base), p.color(group, R.Window)
    placeholder = over(p.color(group, R.PlaceholderText), base)
    focus = p.color(group, R.Accent)
    return {
        "selected text on its highlight": contrast(p.color(group, R.HighlightedText),
                                                   p.color(group, R.Highlight)),
        "placeholder on a field": contrast(placeholder, base),
        "placeholder on the window": contrast(over(p.color(group, R.PlaceholderText),
                                                   window), window),
        "focus mark on a field": contrast(focus, base),
        "focus mark on the window": contrast(focus, window),
    }


NEEDED = {"selected text on its highlight": TEXT, "placeholder on a field": TEXT,
          "placeholder on the window": TEXT, "focus mark on a field": NON_TEXT,
          "focus mark on the window": NON_TEXT}


def check(p: QPalette) -> dict[str, float]:
    low = {}
    for group in GROUPS:
        for name, ratio in ratios(p, group).items():
            if ratio < NEEDED[name]:
                low[f"{group.name} {name}"] = round(ratio, 2)
    return low


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_palette_in_use_meets_wcag_aa(window, qtbot, theme):
    p = use_dark(qtbot) if theme == "dark" else QApplication.instance().palette()
    assert check(p) == {}
    assert check(window.palette()) == {}          # what the window's widgets paint with
    if theme == "dark":   # still dark: only what was unreadable changed
        assert p.color(R.Base).lightness() < 128 and p.color(R.Text) == QColor("#ffffff")


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_focus_mark_on_a_selected_row_stands_out(window, qtbot, theme):
    p = use_dark(qtbot) if theme == "dark" else QApplication.instance().palette()
    style = QApplication.instance().style()
    assert isinstance(style, palette.FocusStyle)
    row = p.color(R.Highlight)
    mark = style._focus(p, row)
    assert contrast(mark, row) >= NON_TEXT and contrast(mark, p.color(R.Base)) >= NON_TEXT


def frame_colours(view, width: int) -> set[str]:
    """The colours of the outermost `width` pixel rings of the view, corners aside."""
    img = view.grab().toImage()
    w, h = img.width(), img.height()
    out = set()
    for i in range(width):
        for x in range(4, w - 4, 7):
            out |= {img.pixelColor(x, i).name(), img.pixelColor(x, h - 1 - i).name()}
        for y in range(4, h - 4, 7):
            out |= {img.pixelColor(i, y).name(), img.pixelColor(w - 1 - i, y).name()}
    return out


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_report_text_shows_a_two_pixel_focus_frame(window, qtbot, theme):
    w = window
    p = use_dark(qtbot) if theme == "dark" else QApplication.instance().palette()
    w.open_report(w.workspace.list_reports()[0]["id"])
    view = w.readers.active_pane().text
    w.library.tree.setFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    unfocused = frame_colours(view, 2)
    view.setFocus(Qt.TabFocusReason)
    qtbot.waitUntil(view.hasFocus)
    focused = frame_colours(view, 2)
    assert len(focused) == 1, focused          # one solid colour, 2 pixels all round
    colour = QColor(focused.pop())
    assert colour.name() not in unfocused       # and it comes with the focus
    around = view.parentWidget().palette().color(R.Window)
    assert contrast(colour, around) >= NON_TEXT
    assert contrast(colour, p.color(R.Base)) >= NON_TEXT


# ---------------------------------------------------------------------------- chips, styles
def test_grade_chips_and_finding_styles_are_readable():
    from peelreview.reading import render
    from peelreview.ui.reading import grades

    low = {}
    for grade, bg in render.GRADE_COLOURS.items():
        ratio = contrast(QColor(bg), QColor(render.GRADE_TEXT_COLOURS[grade]))
        if ratio < TEXT:
            low[f"chip {grade}"] = ratio
    for theme, table in (("light", render.FINDING_COLOURS), ("dark",
                                                             render.FINDING_COLOURS_DARK)):
        for kind, (bg, fg) in table.items():
            if contrast(QColor(bg), QColor(fg)) < TEXT:
                low[f"{theme} {kind}"] = contrast(QColor(bg), QColor(fg))
    for grade, bg in grades.GRADE_COLOURS.items():   # the grade movement table
        if contrast(bg, grades.text_colour(bg)) < TEXT:
            low[f"table {grade}"] = contrast(bg, grades.text_colour(bg))
    for name, (light, dark) in render.ANNOTATION_COLOURS.items():
        for bg in (light, dark):
            if contrast(QColor(bg), QColor("#1a1a1a")) < TEXT:
                low[f"annotation {name} {bg}"] = contrast(QColor(bg), QColor("#1a1a1a"))
    assert low == {}


def test_contrast_is_wcags():
    """The formula: black on white is 21:1, Fusion's old selection 3.69:1."""
    assert round(contrast(QColor("#000000"), QColor("#ffffff")), 2) == 21.0
    assert round(contrast(QColor("#ffffff"), QColor("#308cc6")), 2) == 3.69
    half = QColor(0, 0, 0, 128)
    assert round(contrast(over(half, QColor("#ffffff")), QColor("#ffffff")), 2) == 4.0


@pytest.mark.parametrize("theme", ["light", "dark"])
def test_deadline_and_gaps_colours_are_readable_on_the_window(window, qtbot, theme):
    """The countdown's warning colours and the gaps box's title stay 4.5:1 on the window in
    both palettes (they were fixed light-theme colours: 1.6-2.8:1 on a dark window)."""
    from peelreview.response.draft import Gap
    from peelreview.ui.response.gaps import GapsPanel
    from peelreview.ui.response.header import LEVEL_STYLE, level_style

    if theme == "dark":
        use_dark(qtbot)
    panel = GapsPanel()
    qtbot.addWidget(panel)
    bg = panel.palette().window().color()
    for level in LEVEL_STYLE:
        style = level_style(level, panel)
        if "color:" in style and "background" not in style:
            colour = QColor(style.split("color:")[1].split(";")[0].strip())
            assert contrast(colour, bg) >= 4.5, (theme, level, colour.name())
    for gaps in ([Gap("A fictional gap.", "cc_comments", 1)], []):
        panel.gaps = None
        panel.show_gaps(gaps)
        colour = QColor(panel.styleSheet().split("color:")[1].split("}")[0].strip())
        assert contrast(colour, bg) >= 4.5, (theme, colour.name())
