"""The reader pane (peelreview.ui.reading.reader) on the demo workspace, offscreen."""
from __future__ import annotations

import sys

import pypdfium2 as pdfium
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QWidget

from peelreview.demo import build_demo_workspace, demo_files
from peelreview.reading.pages import page_for_offset
from peelreview.reading.render import FINDING_COLOURS_DARK, TERM_COLOURS, section_at
from peelreview.ui.reading.reader import ReaderPane

pytestmark = pytest.mark.usefixtures("qtbot")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    ws = build_demo_workspace(tmp_path_factory.mktemp("demo") / "ws")
    yield ws
    ws.close()


def report_id(ws, *, fmt: str) -> int:
    return next(r["id"] for r in ws.list_reports() if r["format"] == fmt)


@pytest.fixture
def pane(qtbot, workspace):
    p = ReaderPane(workspace)
    qtbot.addWidget(p)
    p.resize(1100, 800)
    p.show()
    qtbot.waitExposed(p)
    return p


def click_item(qtbot, tree, item):
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.LeftButton, pos=rect.center())


def section_index(report, title: str) -> int:
    return next(i for i, s in enumerate(report.sections) if s.title == title)


# ---------------------------------------------------------------------------- showing
def test_each_demo_report_is_shown(pane, workspace):
    listed = workspace.list_reports()
    assert {r["format"] for r in listed} == {"html", "pdf", "docx", "txt"}
    for row in listed:
        assert pane.show_report(row["id"])
        report = pane.report
        assert pane.report_id == row["id"]
        assert pane.header.title.text() == report.title
        assert row["force"] in pane.header.facts.text()
        assert pane.outline.topLevelItemCount() > 0
        shown = sum(pane.findings.topLevelItem(i).childCount()
                    for i in range(pane.findings.topLevelItemCount()))
        assert shown == len(report.findings) > 0
        first = report.text[report.blocks[0].start:report.blocks[0].end]
        assert pane.text.toPlainText().startswith(first[:20])
        assert pane.page_button.isEnabled() == (row["format"] == "pdf")
        top = section_at(report, report.blocks[0].start)
        assert pane.current_section() == (top.title if top else None)


def test_missing_report_and_clear(pane, workspace):
    assert not pane.show_report(99_999)
    assert pane.report is None and pane.report_id is None
    assert "not found" in pane.header.title.text().lower()
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.clear()
    assert pane.report is None and pane.current_section() is None
    assert pane.text.toPlainText() == ""
    assert not pane.page_button.isEnabled()
    pane.go_to(10)  # harmless with nothing shown
    assert not pane.go_to_section("Responding to the public")


# ---------------------------------------------------------------------------- moving about
def test_outline_click_jumps_and_the_section_becomes_current(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    report = pane.report
    title = "Responding to the public"
    item = pane.outline.item_for(section_index(report, title))
    with qtbot.waitSignal(pane.sectionChanged) as signal:
        click_item(qtbot, pane.outline, item)
    assert signal.args == [title]
    assert pane.current_section() == title
    assert pane.text.verticalScrollBar().value() > 0
    top = pane.text.offset_at_top()
    section = report.sections[section_index(report, title)]
    assert section.start <= top < section.end
    assert pane.outline.currentItem() is item


def test_outline_follows_scrolling(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    bar = pane.text.verticalScrollBar()
    with qtbot.waitSignal(pane.sectionChanged):
        bar.setValue(bar.maximum())
    last_area = "Strategic planning, organisational management and value for money"
    assert pane.current_section() != pane.report.sections[0].title
    assert pane.outline.currentItem() is not None
    assert any(s.title == last_area and s.start <= pane.current_offset() < s.end
               for s in pane.report.sections)


def test_finding_click_jumps_and_highlights(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    report = pane.report
    group = next(pane.findings.topLevelItem(i) for i in range(pane.findings.topLevelItemCount())
                 if pane.findings.topLevelItem(i).text(0).startswith("Recommendations"))
    item = group.child(1)
    finding = report.findings[item.data(0, Qt.UserRole)]
    assert finding.kind == "recommendation"
    click_item(qtbot, pane.findings, item)
    assert pane.highlighted == (finding.start, finding.end)
    assert pane.current_offset() == finding.start
    assert pane.current_section() == "Recommendations"  # the heading above it
    assert "#fff3a3" in pane.text.toHtml().lower()
    assert not pane.text.textCursor().hasSelection()


def test_go_to_with_terms(pane, workspace):
    pane.show_report(report_id(workspace, fmt="pdf"))
    text = pane.report.text
    area = pane.report.sections[section_index(pane.report, "Progress on national recommendation")]
    start = text.index("vetting", area.start)
    pane.go_to(start, start + 7, ["vet"])
    assert pane.highlighted == (start, start + 7)
    assert pane.terms == ("vet",)
    assert pane.current_offset() == start
    assert pane.current_section() == "Progress on national recommendation"
    html = pane.text.toHtml().lower()
    assert html.count(TERM_COLOURS[0]) >= text.lower().count("vetting")
    pane.go_to(start)  # no end, no terms: the highlight goes
    assert pane.highlighted is None and TERM_COLOURS[0] not in pane.text.toHtml().lower()


def test_go_to_section(pane, workspace):
    pane.show_report(report_id(workspace, fmt="html"))
    areas = [s.title for s in pane.report.sections if s.level <= 3][-3:]
    for title in areas:
        assert pane.go_to_section(title)
        assert pane.current_section() == title
    assert pane.go_to_section(areas[0].upper())
    assert not pane.go_to_section("No such section")


def test_place_survives_reflow(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.go_to_section("Investigating crime")
    pane.resize(700, 800)
    qtbot.wait(50)
    assert pane.current_section() == "Investigating crime"
    pane.resize(1100, 800)
    qtbot.wait(50)
    assert pane.current_section() == "Investigating crime"


def test_scroll_fraction(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    with qtbot.assertNotEmitted(pane.scrollFractionChanged):
        pane.set_scroll_fraction(0.5)
    assert pane.scroll_fraction() == pytest.approx(0.5, abs=0.01)
    with qtbot.waitSignal(pane.scrollFractionChanged) as signal:
        pane.text.verticalScrollBar().setValue(0)
    assert signal.args == [0.0]


# ---------------------------------------------------------------------------- original pages
def test_original_page_for_a_pdf(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.go_to_section("Providing a service to the victims of crime")
    assert pane.page_button.isEnabled()
    qtbot.mouseClick(pane.page_button, Qt.LeftButton)
    assert pane.page_button.isChecked() and pane.page_view.isVisible()
    qtbot.waitUntil(pane.page_view.has_image, timeout=10_000)
    assert pane.page_view.page_number == 6
    demo_pdf = next(p for p in demo_files() if p.suffix == ".pdf")
    pages = len(pdfium.PdfDocument(str(demo_pdf)))  # the demo PDF's own page count
    # the caption gives the number printed on the page (the cover is unnumbered) first
    assert pane.page_view.caption.text() == f"Page 5 (page 6 of {pages} in the PDF)"
    assert pane.current_section() == "Providing a service to the victims of crime"
    # jumping elsewhere brings that page
    pane.go_to_section("Strategic planning, organisational management and value for money")
    want = page_for_offset(pane.report, pane.current_offset())
    assert want > 6
    qtbot.waitUntil(lambda: pane.page_view.page_number == want, timeout=10_000)
    qtbot.mouseClick(pane.page_button, Qt.LeftButton)
    assert not pane.page_view.isVisible()


def test_original_page_zooms_fits_the_width_and_fills_the_pane(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.go_to_section("Providing a service to the victims of crime")
    pane.page_button.setChecked(True)
    view = pane.page_view
    qtbot.waitUntil(view.has_image, timeout=10_000)
    fit = view.image.pixmap().width()
    assert not view.fit_width.isEnabled()          # already fitted to the width

    qtbot.mouseClick(view.zoom_in, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.image.pixmap().width() > fit * 1.2, timeout=10_000)
    # wider than the view: it scrolls (the range follows once the layout has run)
    qtbot.waitUntil(lambda: view.scroll.horizontalScrollBar().maximum() > 0, timeout=5000)
    qtbot.mouseClick(view.fit_width, Qt.LeftButton)
    qtbot.waitUntil(lambda: abs(view.image.pixmap().width() - fit) <= 2, timeout=10_000)
    qtbot.mouseClick(view.zoom_out, Qt.LeftButton)
    qtbot.waitUntil(lambda: view.image.pixmap().width() < fit * 0.8, timeout=10_000)
    view.set_zoom(1.0)

    page = view.page_number
    qtbot.mouseClick(view.full_pane, Qt.LeftButton)
    assert not pane.text.isVisible() and not pane.findings_panel.isVisible()
    qtbot.waitUntil(lambda: view.image.pixmap().width() > fit * 1.3, timeout=10_000)
    assert view.page_number == page                  # the same page, now over the pane
    qtbot.keyClick(view.scroll, Qt.Key_Escape)       # Escape brings the text back
    assert pane.text.isVisible() and not view.full_pane.isChecked()
    assert pane.current_section() == "Providing a service to the victims of crime"
    pane.page_button.setChecked(False)
    assert not view.isVisible()


def test_original_page_is_disabled_for_other_formats(pane, workspace):
    for fmt in ("html", "docx", "txt"):
        pane.show_report(report_id(workspace, fmt=fmt))
        assert not pane.page_button.isEnabled()
        assert "PDF" in pane.page_button.toolTip()


def test_switching_from_pdf_to_text_report_hides_the_page(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.page_button.setChecked(True)
    qtbot.waitUntil(pane.page_view.has_image, timeout=10_000)
    pane.show_report(report_id(workspace, fmt="txt"))
    assert not pane.page_button.isChecked() and not pane.page_view.isVisible()


# ---------------------------------------------------------------------------- display
def test_zoom(pane, workspace):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.go_to_section("Investigating crime")
    base = pane.text.font().pointSizeF()
    pane.zoom_in()
    pane.zoom_in()
    assert pane.text.font().pointSizeF() == base + 2 and pane.zoom_level == 2
    assert pane.current_section() == "Investigating crime"
    pane.zoom_out()
    assert pane.text.font().pointSizeF() == base + 1
    pane.zoom_reset()
    assert pane.text.font().pointSizeF() == base and pane.zoom_level == 0
    for _ in range(50):
        pane.zoom_out()
    assert pane.text.font().pointSizeF() > 3


def dark_palette() -> QPalette:
    pal = QPalette()
    for role, colour in [(QPalette.Window, "#202124"), (QPalette.WindowText, "#e8eaed"),
                         (QPalette.Base, "#17181a"), (QPalette.Text, "#e8eaed"),
                         (QPalette.Button, "#303134"), (QPalette.ButtonText, "#e8eaed")]:
        pal.setColor(role, QColor(colour))
    return pal


def test_dark_palette_renders_dark(pane, workspace):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.go_to_section("Responding to the public")
    dark_tint = FINDING_COLOURS_DARK["recommendation"][0]
    assert dark_tint not in pane.text.toHtml().lower()
    pane.setPalette(dark_palette())
    assert dark_tint in pane.text.toHtml().lower()
    assert dark_tint in pane.legend.text()
    assert pane.current_section() == "Responding to the public"
    pane.setPalette(QPalette())
    assert dark_tint not in pane.text.toHtml().lower()


def test_shown_dark_from_the_start(qtbot, workspace):
    p = ReaderPane(workspace)
    qtbot.addWidget(p)
    p.setPalette(dark_palette())
    p.show_report(report_id(workspace, fmt="html"))
    assert FINDING_COLOURS_DARK["area_for_improvement"][0] in p.text.toHtml().lower()


def test_every_control_has_an_accessible_name(pane, workspace):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.page_button.setChecked(True)
    unnamed = [w for w in pane.findChildren(QWidget)
               if w.focusPolicy() & Qt.TabFocus and not w.accessibleName()]
    assert unnamed == []
    for w in (pane.outline, pane.text, pane.findings, pane.legend, pane.page_button,
              pane.zoom_in_button):
        assert w.accessibleDescription()


def test_tab_order_header_outline_text_findings(pane, workspace):
    pane.show_report(report_id(workspace, fmt="pdf"))
    wanted = [pane.zoom_out_button, pane.zoom_in_button, pane.zoom_reset_button,
              pane.page_button, pane.outline, pane.text, pane.findings]
    seen, w = [], pane.zoom_out_button
    for _ in range(200):
        if w in wanted and w not in seen:
            seen.append(w)
        w = w.nextInFocusChain()
    assert seen == wanted


def test_minimum_sizes(pane):
    """Small enough that two panes, the library and the response editor fit a 1366 px
    laptop; big enough that the text never goes below a readable width."""
    assert 300 <= pane.minimumWidth() <= 340 and pane.minimumHeight() >= 300
    assert pane.text.minimumWidth() >= 200


def test_screenshot_of_the_pdf_report(pane, workspace, qtbot):
    pane.show_report(report_id(workspace, fmt="pdf"))
    pane.go_to_section("Responding to the public")
    qtbot.wait(20)
    image = pane.grab()
    assert (image.width(), image.height()) == (1100, 800)
    assert image.save("/tmp/reader.png")
    pane.page_button.setChecked(True)
    qtbot.waitUntil(pane.page_view.has_image, timeout=10_000)
    qtbot.wait(20)
    assert pane.grab().save("/tmp/reader_page.png")


def test_scrolling_a_long_time_is_safe(pane, workspace):
    """Every scroll step emits signals; on PySide6 6.12 with Python 3.11 each emit from
    Python used to cost True a reference, and the app aborted after a few hundred."""
    pane.show_report(report_id(workspace, fmt="pdf"))
    bar = pane.text.verticalScrollBar()
    fractions = []
    pane.scrollFractionChanged.connect(fractions.append)
    before = sys.getrefcount(True)
    for i in range(1500):
        bar.setValue((i * 97) % bar.maximum())
    assert len(fractions) > 1000
    assert sys.getrefcount(True) > before - 50
