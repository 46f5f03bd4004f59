"""Page images of an original PDF, and which page a place in the text came from. No Qt.

render_page returns raw pixels (BGRA, 4 bytes a pixel, rows `stride` bytes apart) that the
UI wraps as a QImage (Format_ARGB32 on a little-endian machine, which is BGRA in memory;
"RGBA" pixels, used on a big-endian machine, are Format_RGBA8888).
"""
from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from ..model import Report
from .render import block_for_offset, layout_blocks

MAX_WIDTH_PX = 6000  # a page image wider than this is not useful and costs a lot of memory
MAX_PIXELS = 24_000_000  # ~96 MB of BGRA: a strip of a page, however tall, stays bounded


class PageRenderError(Exception):
    """The page cannot be drawn; str() is one sentence for the officer."""


@dataclass(frozen=True)
class PageImage:
    width: int
    height: int
    stride: int          # bytes per row
    data: bytes
    format: str = "BGRA"  # byte order of each pixel in memory: "BGRA" or "RGBA"
    page_number: int = 0  # 1-based
    page_count: int = 0


def page_for_offset(report: Report, offset: int) -> int | None:
    """The 1-based page of the block holding offset, else of the nearest earlier block with
    a page, else of the first block with one; None when no block knows its page."""
    block = _paged_block(report, offset)
    return block.page if block is not None else None


def printed_page(report: Report, offset: int) -> str | None:
    """The page number an officer finds printed on the page holding offset ("4"), else the
    page's place in the PDF ("6") when the page carries no number we could read."""
    block = _paged_block(report, offset)
    if block is None:
        return None
    return block.page_label or page_label(report, block.page) or str(block.page)


def page_label(report: Report, page: int) -> str | None:
    """The number printed on PDF page `page` (1-based), or None when unknown."""
    return next((b.page_label for b in report.blocks if b.page == page and b.page_label),
                None)


def _paged_block(report: Report, offset: int):
    blocks = layout_blocks(report)
    here = block_for_offset(blocks, offset)
    if here is None:
        return None
    i = blocks.index(here)
    for b in reversed(blocks[:i + 1]):
        if b.page is not None:
            return b
    return next((b for b in blocks[i + 1:] if b.page is not None), None)


def render_page(pdf_path: str | Path, page_number: int, width_px: int) -> PageImage:
    """Draw page `page_number` (1-based) of the PDF `width_px` pixels wide, on white.

    Safe to call from a worker thread: every pdfium call happens under the lock the PDF
    reader also takes, so a page can be drawn while an import reads another PDF."""
    path = Path(pdf_path)
    if not path.is_file():
        raise FileNotFoundError(f"the original PDF is missing: {path}")
    width_px = max(16, min(int(width_px), MAX_WIDTH_PX))
    # pdfium is not thread-safe: one lock for all (imported here: pdfium loads on first use)
    from ..readers.pdf import _LOCK as PDFIUM_LOCK

    with PDFIUM_LOCK:
        return _render(path, page_number, width_px)


def _render(path: Path, page_number: int, width_px: int) -> PageImage:
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as e:
        raise PageRenderError(f"cannot open {path.name} as a PDF ({e})") from None
    try:
        count = len(pdf)
        if not 1 <= page_number <= count:
            raise ValueError(f"{path.name} has no page {page_number} (it has {count})")
        page = pdf[page_number - 1]
        try:
            page_width = max(page.get_width(), 1.0)
            page_height = max(page.get_height(), 1.0)
            scale = width_px / page_width
            if page_width * page_height * scale * scale > MAX_PIXELS:  # a very tall page
                scale = (MAX_PIXELS / (page_width * page_height)) ** 0.5
            little = sys.byteorder == "little"
            bitmap = page.render(scale=scale, fill_color=(255, 255, 255, 255),
                                 force_bitmap_format=pdfium_c.FPDFBitmap_BGRA,
                                 rev_byteorder=not little)
            try:
                data = bytes(bitmap.buffer)
                image = PageImage(bitmap.width, bitmap.height, bitmap.stride, data,
                                  "BGRA" if little else "RGBA", page_number, count)
            finally:
                bitmap.close()
        except pdfium.PdfiumError as e:
            raise PageRenderError(f"cannot draw page {page_number} of {path.name} ({e})"
                                  ) from None
        finally:
            page.close()
    finally:
        pdf.close()
    return image


def page_count(pdf_path: str | Path) -> int:
    path = Path(pdf_path)
    if not path.is_file():
        raise FileNotFoundError(f"the original PDF is missing: {path}")
    from ..readers.pdf import _LOCK as PDFIUM_LOCK

    with PDFIUM_LOCK:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(str(path))
        except pdfium.PdfiumError as e:
            raise PageRenderError(f"cannot open {path.name} as a PDF ({e})") from None
        try:
            return len(pdf)
        finally:
            pdf.close()
