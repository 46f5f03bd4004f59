"""Page images of the original PDF and the page a place in the text came from."""
from __future__ import annotations

import shutil
import threading

import pytest
from conftest import ROOT

from peelreview.extract import extract_file
from peelreview.model import BlockSpan, Report
from peelreview.reading.pages import (
    MAX_PIXELS,
    PageImage,
    PageRenderError,
    page_count,
    page_for_offset,
    printed_page,
    render_page,
)

DEMO_PDF = ROOT / "resources" / "demo" / "wessex_peel_2021-22.pdf"


def report_with(blocks: list[BlockSpan]) -> Report:
    end = max((b.end for b in blocks), default=0)
    return Report("peel-inspection", "T", None, None, None, "x" * (end + 5), blocks=blocks)


def test_page_for_offset_uses_the_block_or_the_nearest_earlier_page():
    r = report_with([BlockSpan("paragraph", 0, 0, 10, None),
                     BlockSpan("paragraph", 0, 12, 20, 2),
                     BlockSpan("paragraph", 0, 22, 30, None),
                     BlockSpan("table", 0, 32, 40, 3),
                     BlockSpan("paragraph", 0, 42, 50, 5)])
    assert page_for_offset(r, 12) == 2
    assert page_for_offset(r, 19) == 2
    assert page_for_offset(r, 21) == 2   # between blocks: the block before
    assert page_for_offset(r, 25) == 2   # a block without a page: the nearest earlier
    assert page_for_offset(r, 35) == 3
    assert page_for_offset(r, 49) == 5
    assert page_for_offset(r, 10_000) == 5
    assert page_for_offset(r, 3) == 2    # nothing earlier has a page: the first that does


def test_page_for_offset_without_pages_is_none():
    assert page_for_offset(report_with([BlockSpan("paragraph", 0, 0, 10)]), 4) is None
    assert page_for_offset(report_with([]), 0) is None


def test_page_for_offset_on_the_demo_pdf():
    report, fmt = extract_file(DEMO_PDF)
    assert fmt == "pdf"
    assert page_for_offset(report, 0) == 1
    judged = {j.area: page_for_offset(report, j.start) for j in report.judgments}
    assert judged["Providing a service to the victims of crime"] == 6
    pages = [page_for_offset(report, j.start) for j in report.judgments]
    assert pages == sorted(pages) and pages[-1] <= page_count(DEMO_PDF)


def _pixel(image: PageImage, x: int, y: int) -> bytes:
    i = y * image.stride + x * 4
    return image.data[i:i + 4]


def test_render_page_gives_raw_pixels_of_the_asked_width():
    image = render_page(DEMO_PDF, 6, 600)
    assert image.width == 600
    assert 800 < image.height < 900            # A4 proportions
    assert image.stride >= image.width * 4
    assert len(image.data) == image.stride * image.height
    assert image.format in ("BGRA", "RGBA")
    assert (image.page_number, image.page_count) == (6, page_count(DEMO_PDF))
    assert _pixel(image, 2, 2) == b"\xff\xff\xff\xff"  # white, opaque margin
    dark = sum(1 for y in range(0, image.height, 7) for x in range(0, image.width, 7)
               if _pixel(image, x, y)[0] < 128)
    assert dark > 50  # there is text on the page


def test_render_page_width_is_clamped():
    assert render_page(DEMO_PDF, 1, 1).width == 16


def test_render_page_errors_are_clear(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        render_page(tmp_path / "gone.pdf", 1, 200)
    for page in (0, 999):
        with pytest.raises(ValueError, match=f"no page {page}"):
            render_page(DEMO_PDF, page, 200)
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a PDF")
    with pytest.raises(PageRenderError, match="bad.pdf"):
        render_page(bad, 1, 200)


def test_render_page_closes_the_file(tmp_path):
    copy = tmp_path / "copy.pdf"
    shutil.copyfile(DEMO_PDF, copy)
    render_page(copy, 1, 100)
    copy.unlink()  # nothing still holds it open (this would fail on Windows otherwise)
    assert not copy.exists()


def test_a_very_tall_page_stays_within_the_pixel_budget(tmp_path):
    canvas = pytest.importorskip("reportlab.pdfgen.canvas")
    path = tmp_path / "tall.pdf"
    c = canvas.Canvas(str(path), pagesize=(200, 20_000))
    c.drawString(20, 19_900, "A very long scroll of a page")
    c.showPage()
    c.save()
    image = render_page(path, 1, 4000)
    assert image.width * image.height <= MAX_PIXELS * 1.01
    assert image.height > image.width * 50


def test_pages_draw_while_another_thread_reads_pdfs():
    from peelreview.readers import read_document

    errors: list[BaseException] = []

    def read_many():
        try:
            for _ in range(4):
                read_document(DEMO_PDF)
        except BaseException as e:  # reported below
            errors.append(e)

    worker = threading.Thread(target=read_many)
    worker.start()
    for n in range(1, 9):
        assert render_page(DEMO_PDF, n, 300).width == 300
    worker.join(60)
    assert not worker.is_alive() and errors == []


def test_printed_page_is_the_number_on_the_page_else_its_place_in_the_pdf():
    r = report_with([BlockSpan("paragraph", 0, 0, 10, 1),
                     BlockSpan("paragraph", 0, 12, 20, 2, "1"),
                     BlockSpan("paragraph", 0, 22, 30, 3, "2")])
    assert printed_page(r, 5) == "1"     # the cover: no number printed, its place instead
    assert printed_page(r, 15) == "1"
    assert printed_page(r, 25) == "2" and page_for_offset(r, 25) == 3
    assert printed_page(report_with([]), 0) is None


def test_the_demo_pdf_is_referenced_by_its_printed_page_numbers():
    """The demo's cover is unnumbered: its 6th sheet says "Page 5", as its contents table."""
    report, _fmt = extract_file(DEMO_PDF)
    start = next(s.start for s in report.sections
                 if s.title == "Providing a service to the victims of crime")
    assert page_for_offset(report, start) == 6
    assert printed_page(report, start) == "5"
