"""Read a PDF into blocks: text in reading order with the style cues headings need.

PDFs have no paragraphs, only positioned text. We rebuild the structure from layout:

1. ``_open_document``    load with pdfium; load errors become ImportFailed reasons.
2. ``_PageReader.read``  one *run* per pdfium text object (a line or a piece of one) with
                         its position, effective font size and boldness; plus thin rules and
                         filled boxes (path objects) and a count of images. Working per text
                         object, not per character, keeps the ctypes traffic small.
3. ``_make_lines``       runs on one baseline become a line; wide gaps split it into segments.
4. ``_drop_running``     running headers, footers and page numbers go.
5. ``_page_items``       runs of aligned multi-segment lines become tables.
6. ``_assemble``         lines become paragraphs / list items (also across page breaks).
7. ``_classify``         headings (size rank, bold), grade badges, final Block objects.

Only general layout rules live here: nothing is keyed to one producer or one report.

Limits: a file asking for far more work than its size suggests (millions of tiny text
objects) is refused in one line; see pdf_census.py, which counts before any page loads,
and ``_PageReader``, which counts again as it reads.
"""
from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from itertools import pairwise
from pathlib import Path

try:
    # The raw bindings that ``pypdfium2.raw`` re-exports, without pypdfium2's helper layer,
    # whose imports cost ~25 ms per run (the library is initialised in _init_library).
    import pypdfium2_raw as pdfium
except ImportError:  # pragma: no cover - a pypdfium2 without the split-out bindings package
    import pypdfium2.raw as pdfium

from ..errors import ImportFailed
from .blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, Document
from .pdf_census import (
    FILE_CHAR_LIMIT,
    FILE_TEXT_LIMIT,
    MAX_PAGES,
    PAGE_CHAR_LIMIT,
    PAGE_TEXT_LIMIT,
    census,
    over_limit,
)
from .textclean import squash

_CROWDED = 400  # text objects on a page beyond which one pass over its characters is cheaper

# pdfium is not thread-safe; the GUI may import from a worker thread.
_LOCK = threading.Lock()
_READY = False

GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate",
          "Not graded", "No rating")
_GRADE_KEYS = {g.casefold(): g for g in GRADES}

# Glyphs that mark a bullet wherever they start a line; dashes only when set apart.
_BULLET_GLYPHS = set("•●▪■◦‣∙○◆◾▸►✓✔➢➤⁃")
_DASHES = set("-–—")
_SENTENCE_END = re.compile(r"[.!?:;][\"'”’)\]]*$")
_DIGITS = re.compile(r"\d+")
_PAGE_NUMBER = re.compile(
    r"^(?:page\s*)?[(\[\-–—]?\s*\d{1,4}\s*[)\]\-–—]?(?:\s*(?:of|/)\s*\d{1,4})?$"
    r"|^(?=[ivxlc])(?:x?c|l?x{0,3})?(?:ix|iv|v?i{0,3})$", re.IGNORECASE)
_BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demi", re.IGNORECASE)
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_HYPHEN_MARK = "\x02"  # pdfium's "hyphen at a line break" (soft or hard: it cannot tell)
_WORDS = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


# --------------------------------------------------------------------------- data

class _Run:
    """One pdfium text object: a line or a piece of a line in one font."""

    __slots__ = ("text", "x0", "x1", "origin", "base", "size", "bold")

    def __init__(self, text, x0, x1, origin, base, size, bold):
        self.text, self.x0, self.x1, self.origin = text, x0, x1, origin
        self.base, self.size, self.bold = base, size, bold


class _Line:
    """Runs sharing a baseline, with the style the block rules look at."""

    __slots__ = ("runs", "page", "text", "x0", "x1", "base", "size", "bold", "style", "top",
                 "bottom", "segs", "bullet", "dash")

    def __init__(self, runs, page):
        self.runs = runs
        self.page = page
        self.bullet = False  # starts with a bullet glyph (already removed from runs/text)
        self.dash = False    # starts with "- " / "– ": a bullet only if it opens a block


class _Seg:
    """Part of a line between two wide gaps: a table cell candidate."""

    __slots__ = ("x0", "x1", "text")

    def __init__(self, x0, x1, text):
        self.x0, self.x1, self.text = x0, x1, text


class _Table:
    """A detected table on one page: rows of cell strings."""

    __slots__ = ("rows", "page", "ncols", "end")

    def __init__(self, rows, page, ncols, end):
        self.rows, self.page, self.ncols, self.end = rows, page, ncols, end


class _Page:
    """What one page contributes: lines plus the graphics the layout rules consult."""

    __slots__ = ("number", "lines", "x0", "y0", "x1", "y1", "rules", "boxes", "images",
                 "items")

    def __init__(self, number):
        self.number = number
        self.lines = []
        self.rules = []   # y of thin horizontal strokes/edges: (y, x0, x1)
        self.boxes = []   # filled, coloured rectangles: (x0, y0, x1, y1)
        self.images = 0
        self.items = []


# --------------------------------------------------------------------------- entry point

def read_pdf(path: Path, data: bytes) -> Document:
    """Read PDF bytes into a Document (raises ImportFailed with a reason an officer can act on)."""
    with _LOCK:
        try:
            _init_library()
            pages, count, title, labels = _extract(path, data)
        except ImportFailed:
            raise
        except MemoryError:
            raise ImportFailed(path, "the PDF is too large to read in memory") from None
        except Exception as e:  # noqa: BLE001 -- pdfium/ctypes trouble on a hostile file
            raise ImportFailed(path, f"the PDF is damaged or truncated ({_brief(e)})") from None
    if not any(p.lines for p in pages):
        what = ("it looks like a scanned image" if any(p.images for p in pages)
                else "its pages hold no selectable text")
        raise ImportFailed(path, f"the PDF has no text layer ({what}); run it through OCR "
                                 "(text recognition) first")
    printed: dict[int, str] = {}
    blocks = _layout(pages, printed)
    return Document(format="pdf", blocks=blocks, title=title, has_structure=True,
                    page_count=count, page_labels=labels or printed)


def _layout(pages, printed=None):
    """Lines on pages -> blocks: drop running lines, find tables, join, classify. The page
    numbers printed in the running lines land in `printed` (page -> number as printed)."""
    found = _drop_running(pages)
    if printed is not None:
        printed.update(found)
    for page in pages:
        page.items = _page_items(page)
    return _classify(_assemble(pages), pages)


def _brief(error):
    """An exception as one short line for an ImportFailed reason."""
    text = " ".join(str(error).split())[:160]
    return f"{type(error).__name__}: {text}" if text else type(error).__name__


def _init_library():
    """Initialise pdfium once (a no-op inside pdfium if pypdfium2's helpers already did)."""
    global _READY
    if not _READY:
        config = pdfium.FPDF_LIBRARY_CONFIG(version=2, m_pUserFontPaths=None,
                                            m_pIsolate=None, m_v8EmbedderSlot=0)
        pdfium.FPDF_InitLibraryWithConfig(config)
        _READY = True


def _extract(path, data):
    """Open the document and read every page; always closes pdfium handles."""
    doc = _open_document(path, data)
    try:
        count = pdfium.FPDF_GetPageCount(doc)
        if count <= 0:
            raise ImportFailed(path, "the PDF is damaged or truncated (it has no pages)")
        if count > MAX_PAGES:
            raise ImportFailed(path, f"the PDF is too large ({count} pages; "
                                     f"the limit is {MAX_PAGES})")
        census(path, data, count)
        reader = _PageReader(path)
        pages, failed = [], 0
        for index in range(count):
            page = reader.read(doc, index)
            if page is None:
                failed += 1
            else:
                pages.append(page)
        if not pages:
            raise ImportFailed(path, f"the PDF is damaged or truncated (none of its {failed} "
                                     "pages can be read)")
        return pages, count, _meta_text(doc, b"Title"), _page_labels(doc, count)
    finally:
        pdfium.FPDF_CloseDocument(doc)


def _open_document(path, data):
    """Load the bytes; map pdfium's error code to a reason (encrypted, damaged)."""
    doc = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if doc:
        return doc
    err = pdfium.FPDF_GetLastError()
    if err == pdfium.FPDF_ERR_PASSWORD:
        raise ImportFailed(path, "the PDF is encrypted (password protected); save an "
                                 "unprotected copy and import that")
    if err == pdfium.FPDF_ERR_SECURITY:
        raise ImportFailed(path, "the PDF is encrypted with an unsupported security handler "
                                 "(password protected); save an unprotected copy")
    detail = {pdfium.FPDF_ERR_FORMAT: "not a valid PDF structure",
              pdfium.FPDF_ERR_FILE: "the file cannot be read"}.get(err, f"pdfium error {err}")
    raise ImportFailed(path, f"the PDF is damaged or truncated ({detail})")


def _page_labels(doc, count):
    """The PDF's own page labels ("iv", "12"), page -> label, or {} when the file sets none
    (most do not: then the footer's printed numbers are used, see _drop_running)."""
    labels = {}
    for index in range(count):
        size = pdfium.FPDF_GetPageLabel(doc, index, None, 0)
        if size <= 2:
            continue
        buf = ctypes.create_string_buffer(size)
        pdfium.FPDF_GetPageLabel(doc, index, buf, size)
        label = squash(buf.raw[:size - 2].decode("utf-16-le", "replace"))
        if label and len(label) <= 12:
            labels[index + 1] = label
    return labels


def _meta_text(doc, key):
    """A document info string (e.g. Title), or None when absent or blank."""
    size = pdfium.FPDF_GetMetaText(doc, key, None, 0)
    if size <= 2:
        return None
    buf = ctypes.create_string_buffer(size)
    pdfium.FPDF_GetMetaText(doc, key, buf, size)
    text = squash(buf.raw[:size - 2].decode("utf-16-le", "replace"))
    return text or None


class _PageReader:
    """Walks page objects; keeps ctypes buffers and a font cache across pages (speed)."""

    def __init__(self, path):
        self.path = path
        self.file_text = self.file_chars = 0  # counted on the pages read so far
        self.buf_len = 4096
        self.buf = (ctypes.c_ushort * (self.buf_len // 2))()
        self.box = [ctypes.c_float() for _ in range(4)]
        self.size = ctypes.c_float()
        self.matrix = pdfium.FS_MATRIX()
        self.fill_mode, self.stroke = ctypes.c_int(), pdfium.FPDF_BOOL()
        self.rgba = [ctypes.c_uint() for _ in range(4)]
        self.fonts = {}
        self.by_object = None  # text per object, once a page proves crowded
        self.seen = 0          # text objects met on the current page

    def read(self, doc, index):
        """One page's runs, rules, boxes and images; None when pdfium cannot load it."""
        handle = pdfium.FPDF_LoadPage(doc, index)
        if not handle:
            return None
        try:
            page = _Page(index + 1)
            box = pdfium.FS_RECTF()
            if pdfium.FPDF_GetPageBoundingBox(handle, box):
                page.x0, page.y0, page.x1, page.y1 = box.left, box.bottom, box.right, box.top
            else:
                page.x0, page.y0 = 0.0, 0.0
                page.x1 = pdfium.FPDF_GetPageWidthF(handle)
                page.y1 = pdfium.FPDF_GetPageHeightF(handle)
            textpage = pdfium.FPDFText_LoadPage(handle)
            if not textpage:
                return None
            try:
                self._count_chars(page.number, pdfium.FPDFText_CountChars(textpage))
                runs = []
                self.by_object, self.seen = None, 0
                self._walk(handle, pdfium.FPDFPage_CountObjects(handle),
                           pdfium.FPDFPage_GetObject, textpage, None, page, runs)
                self.file_text += self.seen
            finally:
                pdfium.FPDFText_ClosePage(textpage)
        finally:
            pdfium.FPDF_ClosePage(handle)
        page.lines = _make_lines(runs, page.number)
        return page

    def _count_chars(self, number, chars):
        """Refuse a page (or the file so far) holding more characters than the limits."""
        self.file_chars += max(chars, 0)
        if chars > PAGE_CHAR_LIMIT:
            raise ImportFailed(self.path, over_limit(f"page {number}", f"{chars:,} characters",
                                                PAGE_CHAR_LIMIT, "per page"))
        if self.file_chars > FILE_CHAR_LIMIT:
            raise ImportFailed(self.path, over_limit(f"its pages up to page {number}",
                                                f"{self.file_chars:,} characters",
                                                FILE_CHAR_LIMIT, "per file"))

    def _count_text(self, number):
        """One more text object on this page: refuse past the page or the file limit."""
        self.seen += 1
        if self.seen > PAGE_TEXT_LIMIT:
            raise ImportFailed(self.path, over_limit(f"page {number}",
                                                f"more than {PAGE_TEXT_LIMIT:,} text pieces",
                                                PAGE_TEXT_LIMIT, "per page"))
        if self.file_text + self.seen > FILE_TEXT_LIMIT:
            raise ImportFailed(self.path, over_limit(f"its pages up to page {number}",
                                                f"more than {FILE_TEXT_LIMIT:,} text pieces",
                                                FILE_TEXT_LIMIT, "per file"))

    def _walk(self, owner, count, get, textpage, form_matrix, page, runs, depth=0):
        """Visit the `count` objects of a page or form (get(owner, i) gives one), descending
        into form XObjects with their matrix. Objects are fetched one at a time and counted
        as they come, so a page over the limits stops before anything piles up."""
        get_type = pdfium.FPDFPageObj_GetType
        for i in range(count):
            obj = get(owner, i)
            kind = get_type(obj)
            if kind == pdfium.FPDF_PAGEOBJ_TEXT:
                self._count_text(page.number)
                run = self._text_run(obj, textpage, form_matrix)
                if run is not None:
                    runs.append(run)
            elif kind == pdfium.FPDF_PAGEOBJ_PATH:
                self._path(obj, form_matrix, page)
            elif kind == pdfium.FPDF_PAGEOBJ_IMAGE:
                page.images += 1
            elif kind == pdfium.FPDF_PAGEOBJ_FORM and depth < 8:
                pdfium.FPDFPageObj_GetMatrix(obj, self.matrix)
                m = _matrix(self.matrix)
                if form_matrix is not None:
                    m = _compose(m, form_matrix)
                self._walk(obj, pdfium.FPDFFormObj_CountObjects(obj),
                           pdfium.FPDFFormObj_GetObject, textpage, m, page, runs, depth + 1)

    def _text_run(self, obj, textpage, form_matrix):
        """A horizontal text object as a _Run (None for blank, rotated or invisible-size text)."""
        if self.by_object is None and self.seen > _CROWDED:
            self.by_object = _texts_by_object(textpage)
        if self.by_object is not None:
            text = self.by_object.get(ctypes.addressof(obj.contents), "")
        else:
            text = self._object_text(obj, textpage)
        if not text or text.isspace():
            return None
        m = self.matrix
        pdfium.FPDFPageObj_GetMatrix(obj, m)
        a, b, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
        if form_matrix is not None:
            a, b, c, d, e, f = _compose((a, b, c, d, e, f), form_matrix)
        if a <= 0 or abs(b) > 0.1 * a:
            return None  # rotated or mirrored text: margin labels, watermarks
        pdfium.FPDFTextObj_GetFontSize(obj, self.size)
        size = self.size.value * (c * c + d * d) ** 0.5
        if size < 0.05:
            return None
        left, bottom, right, top = self.box
        pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        x0, x1 = left.value, right.value
        if form_matrix is not None:
            x0, _, x1, _ = _transform_box(form_matrix, x0, bottom.value, x1, top.value)
        bold = self._font_bold(pdfium.FPDFTextObj_GetFont(obj))
        if not bold and pdfium.FPDFTextObj_GetTextRenderMode(obj) == \
                pdfium.FPDF_TEXTRENDERMODE_FILL_STROKE:
            bold = True  # "fake bold": outline stroked over the fill
        return _Run(text, x0, x1, e, f, size, bold)

    def _object_text(self, obj, textpage):
        """The text pdfium extracted for one text object."""
        n = pdfium.FPDFTextObj_GetText(obj, textpage, self.buf, self.buf_len)
        if n > self.buf_len:
            self.buf_len = n + 2
            self.buf = (ctypes.c_ushort * (self.buf_len // 2))()
            n = pdfium.FPDFTextObj_GetText(obj, textpage, self.buf, self.buf_len)
        return ctypes.string_at(self.buf, n - 2).decode("utf-16-le", "replace") if n > 2 else ""

    def _font_bold(self, font):
        """Whether a font is bold, by weight, descriptor flag or name (cached per font)."""
        if not font:
            return False
        key = ctypes.addressof(font.contents)  # far cheaper than ctypes.cast
        bold = self.fonts.get(key)
        if bold is None:
            weight = pdfium.FPDFFont_GetWeight(font)
            flags = pdfium.FPDFFont_GetFlags(font)
            name = ctypes.create_string_buffer(256)
            pdfium.FPDFFont_GetBaseFontName(font, name, 256)
            bold = (weight >= 600 or (flags > 0 and flags & _FORCE_BOLD) != 0
                    or bool(_BOLD_NAME.search(name.value.decode("latin-1"))))
            self.fonts[key] = bold
        return bold

    def _path(self, obj, form_matrix, page):
        """Record thin horizontal strokes (table rules) and coloured boxes (badges)."""
        left, bottom, right, top = self.box
        pdfium.FPDFPageObj_GetBounds(obj, left, bottom, right, top)
        x0, y0, x1, y1 = left.value, bottom.value, right.value, top.value
        if form_matrix is not None:
            x0, y0, x1, y1 = _transform_box(form_matrix, x0, y0, x1, y1)
        width, height = x1 - x0, y1 - y0
        if width < 8:
            return
        if height <= 2.5:
            page.rules.append(((y0 + y1) / 2, x0, x1))
            return
        page.rules.append((y0, x0, x1))
        page.rules.append((y1, x0, x1))
        pdfium.FPDFPath_GetDrawMode(obj, self.fill_mode, self.stroke)
        if self.fill_mode.value == pdfium.FPDF_FILLMODE_NONE:
            return
        r, g, b, a = self.rgba
        if not pdfium.FPDFPageObj_GetFillColor(obj, r, g, b, a) or a.value == 0:
            return
        if min(r.value, g.value, b.value) < 235:  # not white/near-white
            page.boxes.append((x0, y0, x1, y1))


def _texts_by_object(textpage):
    """Text of every text object on a crowded page, in one pass over its characters.

    FPDFTextObj_GetText scans the whole page on every call, which turns quadratic on a
    page of thousands of small objects (2000 lines of tiny text: ~0.6 s, and worse on
    hostile files); walking the characters once stays linear."""
    count = pdfium.FPDFText_CountChars(textpage)
    if count <= 0:
        return {}
    buf = (ctypes.c_ushort * (count + 1))()
    written = pdfium.FPDFText_GetText(textpage, 0, count, buf)
    units = ctypes.string_at(buf, 2 * max(written - 1, 0)).decode("utf-16-le", "replace")
    if len(units) != count:  # characters outside the BMP: ask for each one
        units = "".join(chr(pdfium.FPDFText_GetUnicode(textpage, i)) for i in range(count))
    units = units.replace("\ufffe", _HYPHEN_MARK)  # the page text marks line-end hyphens so
    get_object, addressof = pdfium.FPDFText_GetTextObject, ctypes.addressof
    texts, key, start = {}, None, 0
    for i in range(count):
        obj = get_object(textpage, i)
        here = addressof(obj.contents) if obj else key  # generated spaces join the run before
        if here != key:
            if key is not None:
                texts[key] = texts.get(key, "") + units[start:i]
            key, start = here, i
    if key is not None:
        texts[key] = texts.get(key, "") + units[start:]
    return texts


def _matrix(m):
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(m, n):
    """m then n (PDF row-vector convention): the matrix of an object inside a form."""
    a, b, c, d, e, f = m
    A, B, C, D, E, F = n
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D,
            e * A + f * C + E, e * B + f * D + F)


def _transform_box(m, x0, y0, x1, y1):
    """Bounding box of a rectangle after a matrix."""
    a, b, c, d, e, f = m
    xs, ys = [], []
    for x, y in ((x0, y0), (x0, y1), (x1, y0), (x1, y1)):
        xs.append(a * x + c * y + e)
        ys.append(b * x + d * y + f)
    return min(xs), min(ys), max(xs), max(ys)


# --------------------------------------------------------------------------- lines

def _make_lines(runs, page_number):
    """Group runs into lines by vertical overlap of their nominal boxes, top to bottom."""
    runs.sort(key=lambda r: (-r.base, r.x0))
    groups, anchor = [], None
    for run in runs:
        if anchor is not None and _same_line(anchor, run):
            groups[-1].append(run)
            if run.size > anchor.size:
                anchor = run
        else:
            groups.append([run])
            anchor = run
    lines = [ln for ln in (_finish_line(g, page_number) for g in groups) if ln is not None]
    lines.sort(key=lambda ln: -ln.base)
    return lines


def _same_line(anchor, run):
    """Two runs share a line when their nominal boxes overlap by half the smaller one.

    Boxes come from baseline and size (not ink), so a bullet drawn a point lower or a
    superscript still joins its line, while tightly packed tiny lines stay apart."""
    lo = max(anchor.base - 0.25 * anchor.size, run.base - 0.25 * run.size)
    hi = min(anchor.base + 0.75 * anchor.size, run.base + 0.75 * run.size)
    return hi - lo >= 0.5 * min(anchor.size, run.size)


def _finish_line(runs, page_number):
    """Order runs left to right, drop doubled runs, find the style, bullet and segments."""
    runs.sort(key=lambda r: r.x0)
    kept = [runs[0]]
    for run in runs[1:]:
        prev = kept[-1]
        if run.text == prev.text and abs(run.x0 - prev.x0) < 1 and abs(run.base - prev.base) < 1:
            prev.bold = True  # text painted twice with an offset is a fake-bold trick
            continue
        kept.append(run)
    line = _Line(kept, page_number)
    _take_bullet(line)
    if not line.runs:
        return None
    chars = {}
    bold_chars = total = 0
    longest = line.runs[0]
    for run in line.runs:
        n = len(run.text)
        size = round(run.size, 1)
        chars[size] = chars.get(size, 0) + n
        total += n
        if run.bold:
            bold_chars += n
        if n > len(longest.text):
            longest = run
    line.size = max(chars, key=chars.get)
    line.bold = bold_chars >= 0.9 * total
    line.style = (round(line.size * 2) / 2, line.bold)  # size to the half point, weight
    line.base = longest.base
    line.top = line.base + 0.8 * line.size
    line.bottom = line.base - 0.25 * line.size
    line.x0 = line.runs[0].x0
    line.x1 = max(r.x1 for r in line.runs)
    line.segs = _segments(line.runs, line.size)
    line.text = " ".join(s.text for s in line.segs)
    if not line.text:
        return None
    line.dash = not line.bullet and line.text[:1] in _DASHES and line.text[1:2] == " "
    return line


def _take_bullet(line):
    """Remove a leading bullet (separate glyph, or glyph + space) and flag the line."""
    first = line.runs[0]
    mark = first.text.strip()
    if len(line.runs) > 1 and len(mark) == 1:
        gap = line.runs[1].x0 - first.x1
        if mark in _BULLET_GLYPHS or "\ue000" <= mark <= "\uf8ff":
            line.runs.pop(0)
            line.bullet = True
            return
        if mark in _DASHES and gap >= 0.5 * first.size:
            line.runs.pop(0)
            line.bullet = True
            return
    text = first.text.lstrip()
    if text[:1] in _BULLET_GLYPHS or "\ue000" <= text[:1] <= "\uf8ff":
        rest = text[1:].lstrip()
        if rest:
            first.text = rest
            line.bullet = True
        elif len(line.runs) > 1:
            line.runs.pop(0)
            line.bullet = True


def _segments(runs, size):
    """Join runs into text, splitting where the gap is wider than about one em."""
    segs = []
    text, x0, x1 = runs[0].text, runs[0].x0, runs[0].x1
    for prev, run in pairwise(runs):
        gap = run.x0 - prev.x1
        if gap > max(size, 4.0):
            segs.append(_Seg(x0, x1, _tidy(text)))
            text, x0 = run.text, run.x0
        elif (run.origin - prev.x1 > 0.2 * min(prev.size, run.size)
              or text[-1:].isspace() or run.text[:1].isspace()):
            text += " " + run.text  # the next run starts a word's width away: a space
        else:
            text += run.text
        x1 = max(x1, run.x1)
    segs.append(_Seg(x0, x1, _tidy(text)))
    return [s for s in segs if s.text]


def _tidy(text):
    """Collapse white space but keep pdfium's hyphen mark for the block joiner."""
    return " ".join(text.split())


# --------------------------------------------------------------------------- running lines

def _drop_running(pages):
    """Remove running headers/footers and page numbers from the page margins.

    A candidate is a line among the few nearest the top or bottom edge, set apart from the
    body by a clear gap (body text packed into the margin is never a candidate). Candidates
    with the same text once digits are ignored go when they recur on several pages with the
    same text, or with a number that counts up with the pages ('Page 3', 'Page 4').
    Without repeats (a one-page document) only a bare page number at the very edge goes.

    Returns the page numbers as printed (page -> "4"), read from running lines whose number
    counts with the pages; a page whose number breaks the count gets none."""
    found = {}
    printed: dict[int, str] = {}
    for page in pages:
        for edge in (True, False):
            for line in _edge_group(page, top=edge):
                key = (edge, _DIGITS.sub("#", line.text.casefold()))
                found.setdefault(key, []).append((page, line))
    drop = set()
    for (top, _key), hits in found.items():
        if len({page.number for page, _line in hits}) >= 2 and _running(hits, len(pages)):
            drop.update(id(line) for _page, line in hits)
            for number, label in _printed_numbers(hits).items():
                printed.setdefault(number, label)
        elif len(pages) == 1:
            drop.update(id(line) for page, line in hits
                        if _is_page_number(line) and _at_edge(page, line, top))
    if drop:
        for page in pages:
            page.lines = [ln for ln in page.lines if id(ln) not in drop]
    return printed


def _printed_numbers(hits):
    """page -> printed number for running lines holding one number that counts with the
    pages at one steady offset (on at least 60% of them); other pages are left out rather
    than guessed, since a wrong page reference could reach a published response."""
    numbers = [_DIGITS.findall(line.text) for _page, line in hits]
    if any(len(n) != 1 for n in numbers):
        return {}
    offsets = Counter(int(n[0]) - page.number for n, (page, _line) in zip(numbers, hits,
                                                                        strict=True))
    offset, votes = offsets.most_common(1)[0]
    if votes < max(2, 0.6 * len(hits)):
        return {}
    return {page.number: str(int(n[0])) for n, (page, _line) in zip(numbers, hits, strict=True)
            if int(n[0]) - page.number == offset}


def _running(hits, npages):
    """Lines repeated on several pages: the same text, or numbers that count with pages."""
    if len({line.text for _page, line in hits}) == 1:
        return len(hits) >= (2 if npages <= 3 else 3)
    numbers = [[int(n) for n in _DIGITS.findall(line.text)] for _page, line in hits]
    if len({len(n) for n in numbers}) != 1:
        return False
    for i in range(len(numbers[0])):
        offsets = Counter(n[i] - page.number for n, (page, _line) in zip(numbers, hits,
                                                                          strict=True))
        if offsets.most_common(1)[0][1] >= max(2, 0.6 * len(hits)):
            return True
    return False


def _at_edge(page, line, top):
    """Within the outer 8% of the page height: where page numbers sit, not body text."""
    band = 0.08 * (page.y1 - page.y0)
    return line.bottom >= page.y1 - band if top else line.top <= page.y0 + band


def _is_page_number(line):
    """'3', 'Page 3', 'iv', or a short footer line ending or starting with one."""
    if _PAGE_NUMBER.match(line.text):
        return True
    ends = (line.segs[0].text, line.segs[-1].text)
    return len(line.segs) >= 2 and len(line.text.split()) <= 8 and \
        any(_PAGE_NUMBER.match(t) for t in ends)


def _edge_group(page, top):
    """The few lines nearest one page edge, if a clear gap separates them from the rest."""
    lines = page.lines if top else page.lines[::-1]
    band = 0.12 * (page.y1 - page.y0)
    group = []
    for line in lines:
        inside = line.bottom >= page.y1 - band if top else line.top <= page.y0 + band
        if not inside or (group and _apart(group[-1], line)):
            break
        group.append(line)
        if len(group) > 3:
            return []
    if not group or len(group) == len(lines):
        return group
    nxt = lines[len(group)]
    return group if _apart(group[-1], nxt) else []


def _apart(a, b):
    """A clear vertical gap between two lines (more than ~0.8 of the smaller font size)."""
    gap = a.bottom - b.top if a.base > b.base else b.bottom - a.top
    return gap >= max(0.8 * min(a.size, b.size), 3.0)


# --------------------------------------------------------------------------- tables

def _page_items(page):
    """The page's lines in reading order, with table regions replaced by _Table items."""
    items, lines, i = [], page.lines, 0
    while i < len(lines):
        table = None
        if len(lines[i].segs) >= 2 and not lines[i].bullet:
            table = _grow_table(page, i)
        if table is not None:
            items.append(table)
            i = table.end
        else:
            items.append(lines[i])
            i += 1
    return items


def _grow_table(page, start):
    """Extend a table downwards from a multi-segment line while lines fit its columns.

    Columns are the union of the x-intervals of segments; a line whose one segment spans
    two columns (a paragraph) ends the table. Lines with a single segment are kept when
    they sit inside one column (a wrapped cell, or a row with one filled cell)."""
    lines = page.lines
    first = lines[start]
    cols = sorted([s.x0, s.x1] for s in first.segs)
    members = [first]
    multi = 1
    for line in lines[start + 1:]:
        prev = members[-1]
        if line.bullet or prev.bottom - line.top > 3.0 * max(line.size, prev.size):
            break
        if len(line.segs) >= 2:
            merged = _merge_columns(cols, line.segs)
            if merged is None:
                break
            cols = merged
            multi += 1
        elif abs(line.size - first.size) > 0.6 or _column_of(cols, line.segs[0]) is None:
            break
        members.append(line)
    if multi < 2 or len(cols) < 2:
        return None
    members = _trim_tail(page, members, cols)
    rows = _rows(page, members, cols)
    return _Table(rows, page.number, len(cols), start + len(members))


def _trim_tail(page, members, cols):
    """Drop one-segment lines after the last full row that look like text after the table:
    below the table's bottom rule, or further from it than any row spacing inside it."""
    last_multi = max(i for i, ln in enumerate(members) if len(ln.segs) >= 2)
    pitches = [a.base - b.base for a, b in pairwise(members[:last_multi + 1])]
    widest = max(pitches) if pitches else 0.0
    left, right = cols[0][0], cols[-1][1]
    crossing = [y for y, x0, x1 in page.rules if x0 <= left + 2 and x1 >= right - 2
                and y <= members[0].top + 2]
    floor = min(crossing) if crossing else None
    end = last_multi + 1
    while end < len(members):
        line, prev = members[end], members[end - 1]
        if prev.base - line.base > widest + 1 or (floor is not None and line.bottom < floor - 1):
            break
        end += 1
    return members[:end]


def _merge_columns(cols, segs):
    """Add a line's segments to the column intervals; None if one segment spans two."""
    cols = [c[:] for c in cols]
    for seg in segs:
        hits = [c for c in cols if seg.x0 < c[1] and c[0] < seg.x1]
        if len(hits) > 1:
            return None
        if hits:
            hits[0][0] = min(hits[0][0], seg.x0)
            hits[0][1] = max(hits[0][1], seg.x1)
        else:
            cols.append([seg.x0, seg.x1])
    cols.sort()
    for a, b in pairwise(cols):
        if a[1] > b[0]:
            return None
    return cols


def _column_of(cols, seg):
    """Index of the column a segment sits in without reaching the next column, else None."""
    for i, (x0, x1) in enumerate(cols):
        nxt = cols[i + 1][0] if i + 1 < len(cols) else float("inf")
        if seg.x0 < x1 and seg.x1 > x0 and seg.x0 >= x0 - 12 and seg.x1 < nxt - 2:
            return i
    return None


def _rows(page, members, cols):
    """Split table lines into rows (at rules or wider-than-wrap spacing) and fill cells."""
    pitches = [a.base - b.base for a, b in pairwise(members)]
    # Wrapped cell lines sit closer than rows; with one spacing only, every line is a row.
    wrap = min(pitches) if pitches else 0.0
    split = 1.3 * wrap + 0.5 if pitches and max(pitches) > 1.3 * wrap + 0.5 else 0.0
    rows, cells = [], None
    rules = [i > 0 and _rule_between(page, members[i - 1], line, cols)
             for i, line in enumerate(members)]
    ruled = any(rules)
    for i, line in enumerate(members):
        # one spacing only: rules between rows say where rows end (LibreOffice pads cells
        # as tightly as lines); without rules, every line is a row
        by_pitch = i > 0 and (pitches[i - 1] > split if split or not ruled else False)
        if i == 0 or by_pitch or rules[i]:
            cells = [[] for _ in cols]
            rows.append(cells)
        for seg in line.segs:
            idx = _best_column(cols, seg)
            cells[idx].append(seg.text)
    rows = [[_finish_text(_join_pieces(c)) for c in row] for row in rows]
    if not split and not ruled:
        rows = _join_wrapped_cells(rows)
    return rows


def _join_wrapped_cells(rows):
    """Rows of a table whose every line came out as a row (cell padding as tight as the
    line spacing, no rules): a cell that starts in lower case under a cell that does not end
    a sentence is the rest of that cell, wrapped ("Treatment of the" / "public" / "Good"
    is one area). Left alone, each fragment became an area of its own."""
    out: list[list[str]] = []
    for row in rows:
        row = row[:]
        if out:
            above = out[-1]
            for c, cell in enumerate(row):
                if c < len(above) and _continues_cell(above[c], cell):
                    glue = "" if above[c].endswith("-") else " "
                    above[c] = above[c] + glue + cell
                    row[c] = ""
        if any(cell.strip() for cell in row):
            out.append(row)
    return out


def _continues_cell(above: str, cell: str) -> bool:
    return bool(cell[:1].islower() and above.strip() and above.rstrip()[-1:] not in ".;:!?")


def _rule_between(page, above, below, cols):
    """A horizontal rule across the table lies between two lines."""
    left, right = cols[0][0], cols[-1][1]
    for y, x0, x1 in page.rules:
        if below.top <= y <= above.bottom and x0 < right and x1 > left:
            return True
    return False


def _best_column(cols, seg):
    """The column with the widest horizontal overlap (nearest one if none overlaps)."""
    def score(i):
        x0, x1 = cols[i]
        overlap = min(x1, seg.x1) - max(x0, seg.x0)
        return overlap if overlap > 0 else -min(abs(seg.x0 - x1), abs(x0 - seg.x1))
    return max(range(len(cols)), key=score)


# --------------------------------------------------------------------------- assembly

class _Open:
    """A block being built from lines (or a table being built from page tables)."""

    __slots__ = ("kind", "lines", "pieces", "page", "rows", "ncols", "left")

    def __init__(self, kind, page, line=None, text=""):
        self.kind = kind
        self.page = page
        self.lines = [line] if line is not None else []
        self.pieces = [text] if line is not None else []
        self.left = line.x0 if line is not None else 0.0
        self.rows = None
        self.ncols = 0


def _assemble(pages):
    """Walk every page's items in order, joining lines into blocks."""
    pitch = _normal_pitch(pages)
    right = _right_edges(pages)
    out, cur, pending_bullet = [], None, False
    for page in pages:
        first_item = True
        for item in page.items:
            if isinstance(item, _Table):
                if first_item and cur is not None and cur.kind == TABLE and \
                        cur.ncols == item.ncols:
                    _extend_table(cur, item.rows)
                else:
                    cur = _Open(TABLE, item.page)
                    cur.rows, cur.ncols = [r[:] for r in item.rows], item.ncols
                    out.append(cur)
                first_item = pending_bullet = False
                continue
            line = item
            if len(line.text) == 1 and line.text in _BULLET_GLYPHS:
                pending_bullet = True  # a bullet drawn on its own baseline: marks the next line
                continue
            line.bullet = line.bullet or pending_bullet
            pending_bullet = False
            if cur is not None and cur.kind != TABLE and (
                    _continues_across(cur, line, right) if first_item and
                    cur.lines[-1].page != line.page else _continues(cur, line, pitch, right)):
                cur.lines.append(line)
                cur.pieces.append(line.text)
            else:
                cur = _start_block(cur, line)
                out.append(cur)
            first_item = False
    return out


def _start_block(cur, line):
    """Open a paragraph or list item with this line (a leading '- ' may be a bullet)."""
    if line.bullet:
        return _Open(LIST_ITEM, line.page, line, line.text)
    if line.dash and _opens_dash_item(cur, line):
        return _Open(LIST_ITEM, line.page, line, line.text[2:].lstrip())
    return _Open(PARAGRAPH, line.page, line, line.text)


def _extend_table(table, rows):
    """A table continued on the next page: append rows, skipping a repeated header row."""
    if rows and table.rows and rows[0] == table.rows[0]:
        rows = rows[1:]
    table.rows.extend(r[:] for r in rows)


def _normal_pitch(pages):
    """Usual baseline-to-baseline distance per style, as a ratio of the font size.

    Lines inside a paragraph sit at the smallest regular spacing of their style; gaps
    between paragraphs only add to it. So take the smallest spacing that occurs often,
    not the most common one (a letter of one-line paragraphs has more gaps than wraps).
    Styles with few samples fall back to the document-wide value."""
    per_style, overall = {}, Counter()
    for page in pages:
        for a, b in pairwise(page.lines):
            if a.bold != b.bold or abs(a.size - b.size) > 0.3:
                continue
            ratio = (a.base - b.base) / a.size
            if 0.8 <= ratio <= 3.0:
                r = round(ratio * 20) / 20
                per_style.setdefault(a.style, Counter())[r] += 1
                overall[r] += 1
    # 1.3 is single spacing, for when nothing repeats; 2.0 caps what counts as "normal":
    # even double-spaced text stays below it, while lines set apart by a blank line do not.
    default = min(_smallest_common(overall) or 1.3, 2.0)
    pitch = {k: min(_smallest_common(c) or default, 2.0) for k, c in per_style.items()}
    pitch[None] = default
    return pitch


def _smallest_common(counts):
    """The smallest value seen at least twice and a fifth as often as the mode, or None."""
    if sum(counts.values()) < 3:
        return None
    floor = max(2, 0.2 * max(counts.values()))
    return min((v for v, n in counts.items() if n >= floor), default=None)


def _right_edges(pages):
    """Rightmost text edge per page and style, and whether the body text is justified."""
    edges = {}
    for page in pages:
        for line in page.lines:
            key = (page.number, line.style)
            edges[key] = max(edges.get(key, 0.0), line.x1)
    flush = total = 0
    for page in pages:
        for line in page.lines:
            if len(line.text) > 40:
                total += 1
                flush += line.x1 >= edges[(page.number, line.style)] - 0.5 * line.size
    edges["justified"] = total >= 20 and flush >= 0.6 * total
    return edges


def _same_style(a, b):
    return a.bold == b.bold and abs(a.size - b.size) <= 0.6


def _continues(block, line, pitch, right):
    """Whether a line on the same page carries on the open block."""
    prev = block.lines[-1]
    if line.bullet or line.page != prev.page or not _same_style(prev, line):
        return False
    if _grade_prefix(block, line):
        return True
    if _is_grade_block(block) or _starts_grade(line.text):
        return False  # a grade label stands alone
    ratio = pitch.get(line.style, pitch[None])
    gap = prev.base - line.base
    if gap <= 0 or gap > ratio * line.size * 1.2 + 0.1 * line.size:
        return False
    if line.dash and _SENTENCE_END.search(prev.text):
        return False
    size = line.size
    if line.x0 < block.left - size and not (len(block.lines) == 1 and block.kind == PARAGRAPH):
        return False
    if line.text[:1].islower() and not _SENTENCE_END.search(prev.text) \
            and line.x0 <= prev.x0 + 4 * size:
        return True  # the rest of a sentence, under the text of a numbered item's first line
    centre_shift = abs((line.x0 + line.x1) / 2 - (prev.x0 + prev.x1) / 2)
    if line.x0 > prev.x0 + 1.5 * size and centre_shift > 2 * size:
        return False  # indented: a new paragraph (centred lines may wander)
    edge = right.get((prev.page, prev.style), prev.x1)
    width = edge - block.left
    # a short line ending a sentence closes its paragraph
    return not (_SENTENCE_END.search(prev.text) and width > 0 and prev.x1 < edge - 0.3 * width)


def _continues_across(block, line, right):
    """Whether the first line of a page continues the last block of the previous page.

    Yes when the style and left edge match and the page ended mid-sentence, or (in
    justified text, where only a paragraph's last line falls short) ended flush right."""
    prev = block.lines[-1]
    if block.kind not in (PARAGRAPH, LIST_ITEM) or line.bullet or line.dash:
        return False
    if not _same_style(prev, line) or _is_grade_block(block):
        return False
    if not block.left - 1.5 * line.size <= line.x0 <= block.left + 1.5 * line.size:
        return False
    if not _SENTENCE_END.search(prev.text):
        return True
    if not right.get("justified"):
        return False  # ragged right: a full last line says nothing
    edge = right.get((prev.page, prev.style), prev.x1)
    return prev.x1 >= edge - 0.5 * prev.size


def _is_grade_block(block):
    """The open block is a complete grade label (labels are one or two lines)."""
    return len(block.lines) <= 2 and _grade_of(" ".join(block.pieces)) is not None


def _grade_prefix(block, line):
    """'Requires' then 'improvement' on the next line: one wrapped grade label."""
    return (len(block.lines) == 1 and block.pieces[0] == "Requires"
            and line.text == "improvement")


def _starts_grade(text):
    """A capitalised line that is a grade label or its first word ('Requires')."""
    return text[:1].isupper() and (_grade_of(text) is not None or text == "Requires")


def _opens_dash_item(cur, line):
    """A line starting '- ' is a list item when it cannot be a wrapped sentence."""
    if cur is None or cur.kind == TABLE or cur.lines[-1].page != line.page:
        return True
    prev = cur.lines[-1]
    return cur.kind == LIST_ITEM or bool(_SENTENCE_END.search(prev.text)) or \
        prev.base - line.base > 1.6 * line.size


# --------------------------------------------------------------------------- blocks

def _classify(opens, pages):
    """Turn open blocks into Blocks: headings by size rank or bold, grades as badges."""
    body = _body_size(opens)
    vocab = _vocabulary(opens) if _has_hyphen_marks(opens) else set()
    boxes = {p.number: p.boxes for p in pages}
    drafts = []
    for blk in opens:
        if blk.kind == TABLE:
            rows = [[_resolve_hyphens(c, vocab) for c in row] for row in blk.rows]
            if any(any(c for c in row) for row in rows):
                drafts.append((Block(TABLE, "", rows=rows, page=blk.page), None))
            continue
        text = _finish_text(_resolve_hyphens(_join_pieces(blk.pieces), vocab))
        if not text:
            continue
        size = Counter(ln.size for ln in blk.lines).most_common(1)[0][0]
        bold = all(ln.bold for ln in blk.lines)
        grade = _grade_of(text)
        if grade and blk.kind == PARAGRAPH and len(blk.lines) <= 2:
            badge = _in_box(blk, boxes.get(blk.page, ()))
            drafts.append((Block(PARAGRAPH, grade, page=blk.page, bold=bold, badge=badge), None))
        elif blk.kind == LIST_ITEM:
            drafts.append((Block(LIST_ITEM, text, page=blk.page, bold=bold), None))
        elif _is_heading(text, size, bold, len(blk.lines), body):
            drafts.append((Block(HEADING, text, page=blk.page, bold=bold), size))
        else:
            drafts.append((Block(PARAGRAPH, text, page=blk.page, bold=bold), None))
    sizes = sorted({round(s * 2) / 2 for _b, s in drafts if s is not None}, reverse=True)
    rank = {s: min(i + 1, 6) for i, s in enumerate(sizes)}
    for block, size in drafts:
        if size is not None:
            block.level = rank[round(size * 2) / 2]
    return [b for b, _s in drafts]


def _body_size(opens):
    """The body text size: the most common size by character count."""
    chars = Counter()
    for blk in opens:
        for line in blk.lines:
            chars[round(line.size * 2) / 2] += len(line.text)
    return chars.most_common(1)[0][0] if chars else 10.0


def _is_heading(text, size, bold, nlines, body):
    """Clearly larger than body text, or a short bold block standing on its own."""
    if len(text) > 300 or nlines > 4:
        return False
    if size >= body * 1.15 or size >= body + 1.5:
        return True
    return (bold and size >= body - 0.5 and nlines <= 3 and len(text) <= 250
            and not text.endswith((".", ",", ";")))


def _grade_of(text):
    """The grade a short label names (case-insensitive), else None."""
    if len(text) > 24:
        return None
    return _GRADE_KEYS.get(" ".join(text.split()).casefold())


def _in_box(blk, boxes):
    """The block's lines sit inside one filled, coloured rectangle (a badge)."""
    x0 = min(ln.x0 for ln in blk.lines)
    x1 = max(ln.x1 for ln in blk.lines)
    top = max(ln.top for ln in blk.lines)
    bottom = min(ln.bottom for ln in blk.lines)
    height = top - bottom
    for bx0, by0, bx1, by1 in boxes:
        if (bx0 - 2 <= x0 and x1 <= bx1 + 2 and by0 - 2 <= bottom and top <= by1 + 2
                and by1 - by0 <= 4 * height + 20):
            return True
    return False


def _join_pieces(pieces):
    """Join line texts with spaces; hyphens at line ends join without one."""
    parts = []
    for piece in pieces:
        if not piece:
            continue
        last = parts[-1] if parts else ""
        if not parts:
            parts.append(piece)
        elif last.endswith("\u00ad"):
            parts[-1] = last[:-1]  # an explicit soft hyphen is only a break opportunity
            parts.append(piece)
        elif last.endswith(_HYPHEN_MARK):
            parts.append(piece)  # pdfium's line-end hyphen: decided by _resolve_hyphens
        elif last.endswith(("-", "\u2010")) and last[-2:-1].isalpha() and piece[:1].isalnum():
            parts.append(piece)  # a hard hyphen ("anti-" / "social"): keep it, no space
        else:
            parts.append(" ")
            parts.append(piece)
    return "".join(parts)


def _has_hyphen_marks(opens):
    """Any line-break hyphen for _resolve_hyphens to decide (most documents have none)."""
    return any(_HYPHEN_MARK in text for blk in opens
               for text in (blk.pieces if blk.kind != TABLE else
                            [c for row in blk.rows for c in row]))


def _vocabulary(opens):
    """Lower-case words (hyphenated compounds kept whole) used anywhere in the document."""
    words = set()
    for blk in opens:
        texts = blk.pieces if blk.kind != TABLE else [c for row in blk.rows for c in row]
        for text in texts:
            words.update(w.casefold() for w in _WORDS.findall(text.replace(_HYPHEN_MARK, " ")))
    return words


def _resolve_hyphens(text, vocab):
    """Decide each line-break hyphen pdfium reported (it cannot tell soft from hard).

    The document's own words decide: drop the hyphen when the joined word appears
    elsewhere ("inves-tigation" -> "investigation"), keep it when the hyphenated compound
    does or nothing says otherwise ("anti-social")."""
    if _HYPHEN_MARK not in text:
        return text
    pieces = text.split(_HYPHEN_MARK)
    out = [pieces[0]]
    for piece in pieces[1:]:
        left, right = _word_before(out[-1]), _word_after(piece)
        joined, hyphenated = (left + right).casefold(), f"{left}-{right}".casefold()
        keep = not (left and right and joined in vocab and hyphenated not in vocab)
        out.append(("-" if keep else "") + piece)
    return "".join(out)


def _word_before(text):
    """The letters (and inner hyphens) at the end of text; a plain loop, no backtracking."""
    i = len(text)
    while i > 0 and (text[i - 1].isalpha() or text[i - 1] == "-"):
        i -= 1
    return text[i:].lstrip("-")


def _word_after(text):
    """The letters at the start of text."""
    i = 0
    while i < len(text) and text[i].isalpha():
        i += 1
    return text[:i]


def _finish_text(text):
    """Undo ligatures and soft hyphens and collapse white space."""
    return squash(text)
