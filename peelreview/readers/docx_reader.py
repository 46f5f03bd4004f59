"""Read a Word (.docx) file (typically a PCC response) into blocks.

The zip container is checked before python-docx sees it: a .docx is a zip archive, and a
small archive can declare (or really hold) gigabytes of XML. Then the body is read in
document order -- paragraphs and tables as they come, content controls and text boxes
opened -- and Word's own styles say what is a heading (Heading N, Title, outline level) or a
list item (List styles, numbering). Headers and footers live in other parts and are never
read: they only repeat running text such as "OFFICIAL".
"""
from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from lxml import etree

from ..errors import ImportFailed
from .blocks import (
    HEADING,
    LIST_ITEM,
    PARAGRAPH,
    TABLE,
    Block,
    Budget,
    Document,
    check_blocks,
    too_large,
)
from .html import match_grade
from .textclean import squash

MB = 1024 * 1024
MAX_MEMBER_BYTES = 64 * MB  # any one part, inflated
MAX_TOTAL_BYTES = 256 * MB  # all parts together, inflated
MAX_RATIO = 100  # inflated/compressed, checked for parts over RATIO_FLOOR
RATIO_FLOOR = 1 * MB
MAIN_PART = "word/document.xml"
# The body's XML is parsed whole (python-docx): ~8 bytes of memory for each byte of XML, and
# reading + extraction run at ~2 MB of XML a second at worst (docs/PERFORMANCE.md). A long
# report's document.xml is a few MB.
MAX_DOCUMENT_XML = 24 * MB
BADGE_MAX_CHARS = 40

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DAMAGED_ZIP = "the file is damaged (not a valid Word document)"
_OFF = {"0", "false", "off", "none"}
_PLAIN_COLOURS = {"auto", "000000", "ffffff"}


def _w(tag: str) -> str:
    """Clark name of a WordprocessingML element or attribute."""
    return f"{{{_W}}}{tag}"


def _val(el) -> str | None:
    """The w:val attribute of an element that may be missing."""
    return None if el is None else el.get(_w("val"))


def _on(el) -> bool | None:
    """Word's on/off properties: absent -> None, <w:b/> -> True, <w:b w:val="0"/> -> False."""
    if el is None:
        return None
    val = _val(el)
    return val is None or val.lower() not in _OFF


def _int(text: str | None) -> int | None:
    """int() that returns None for junk (damaged files carry any attribute value)."""
    try:
        return int(text) if text is not None else None
    except ValueError:
        return None


# ----------------------------------------------------------------------------- zip guard

def _too_large(what: str) -> str:
    return f"the file is too large when uncompressed ({what}): possibly a zip bomb"


def _size(n: int) -> str:
    """Bytes as the officer would say them."""
    return f"{n // MB} MB" if n >= MB else f"{max(1, n // 1024)} KB"


def check_zip(path: Path, data: bytes) -> None:
    """Refuse archives that are not Word documents or would inflate beyond the limits.

    Runs before python-docx so a zip bomb is rejected from its directory alone; the main
    part is then inflated in chunks and counted, since declared sizes can lie.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError,
            NotImplementedError):
        raise ImportFailed(path, _DAMAGED_ZIP) from None
    with archive:
        infos = archive.infolist()
        if MAIN_PART not in {i.filename for i in infos}:
            raise ImportFailed(path, "the file is damaged or not a Word document "
                                     f"(it has no {MAIN_PART})")
        total = 0
        for info in infos:
            total += info.file_size
            if info.file_size > MAX_MEMBER_BYTES:
                raise ImportFailed(path, _too_large(
                    f"{info.filename} inflates to {_size(info.file_size)}"))
            if info.file_size > RATIO_FLOOR and \
                    info.file_size > MAX_RATIO * max(info.compress_size, 1):
                ratio = info.file_size // max(info.compress_size, 1)
                raise ImportFailed(path, _too_large(
                    f"{info.filename} is compressed {ratio}:1"))
        if total > MAX_TOTAL_BYTES:
            raise ImportFailed(path, _too_large(f"its parts inflate to {_size(total)}"))
        size = _inflate_counted(path, archive, MAIN_PART)
        if size > MAX_DOCUMENT_XML:
            raise ImportFailed(path, str(too_large(size, MAX_DOCUMENT_XML, "of Word XML")))


def _inflate_counted(path: Path, archive: zipfile.ZipFile, name: str) -> int:
    """Inflate one part chunk by chunk and stop as soon as it passes the limit; returns
    its inflated size."""
    size = 0
    try:
        with archive.open(name) as fh:
            while chunk := fh.read(MB):
                size += len(chunk)
                if size > MAX_MEMBER_BYTES:
                    raise ImportFailed(path, _too_large(f"{name} inflates past "
                                                        f"{_size(MAX_MEMBER_BYTES)}"))
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError,
            NotImplementedError, RuntimeError) as e:
        raise ImportFailed(path, f"the file is damaged ({name} cannot be unpacked: {e})") \
            from None
    return size


# ----------------------------------------------------------------------------- opening

def open_word_document(path: Path, data: bytes):
    """A python-docx Document from `data` after the same guards an imported Word file
    passes (a zip bomb, a damaged zip, malformed XML, a file that is not Word at all);
    ImportFailed with the reason otherwise. The response export opens templates with it."""
    check_zip(path, data)
    return _open(path, data)


def _open(path: Path, data: bytes):
    """python-docx Document, with its failures turned into reasons an officer can read."""
    import docx
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError, PackageNotFoundError

    try:
        return docx.Document(io.BytesIO(data))
    except etree.XMLSyntaxError as e:
        raise ImportFailed(path, f"the Word document is damaged (its XML is malformed: {e})") \
            from None
    except PackageNotFoundError:
        raise ImportFailed(path, _DAMAGED_ZIP) from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise ImportFailed(path, f"the file is damaged (a part cannot be unpacked: {e})") \
            from None
    except ValueError as e:
        if "content type" in str(e):
            raise ImportFailed(path, "unsupported kind of Word file (a macro-enabled document "
                                     "or a template?): save it as a .docx document") from None
        raise ImportFailed(path, f"the Word document is damaged (its XML is malformed or "
                                 f"incomplete: {e})") from None
    except (PythonDocxError, OpcError, LookupError, AttributeError, TypeError, OSError,
            NotImplementedError, etree.LxmlError) as e:
        # the many ways python-docx meets a broken package
        raise ImportFailed(path, f"the Word document is damaged (its XML is malformed or "
                                 f"incomplete: {type(e).__name__}: {e})") from None


# ----------------------------------------------------------------------------- styles

@dataclass
class _Style:
    """What this reader needs from one w:style (None: the style does not say)."""

    style_id: str
    name: str
    based_on: str | None
    outline: int | None
    numbered: bool | None
    bold: bool | None
    coloured: bool | None


_HEADING_NAME = re.compile(r"heading\s*([1-9])", re.I)
_LIST_NAME = re.compile(r"list\b|.*\bbullet", re.I)


def _coloured(rpr, ppr=None) -> bool | None:
    """True when run or paragraph properties give text a colour, shading or highlight."""
    found = None
    for props in (rpr, ppr):
        if props is None:
            continue
        color = props.find(_w("color"))
        if color is not None and (_val(color) or "auto").lower() not in _PLAIN_COLOURS:
            return True
        shd = props.find(_w("shd"))
        if shd is not None and (shd.get(_w("fill")) or "auto").lower() not in _PLAIN_COLOURS:
            return True
        highlight = props.find(_w("highlight"))
        if highlight is not None and (_val(highlight) or "none").lower() != "none":
            return True
        if color is not None:
            found = False
    return found


def _numbered(ppr) -> bool | None:
    """numPr with a real numId means numbered/bulleted; numId 0 switches numbering off."""
    if ppr is None:
        return None
    num = ppr.find(_w("numPr"))
    if num is None:
        return None
    num_id = _val(num.find(_w("numId")))
    return num_id is not None and num_id != "0"


def _outline(ppr) -> int | None:
    """0-based outline level from paragraph properties (9 means body text)."""
    return None if ppr is None else _int(_val(ppr.find(_w("outlineLvl"))))


def _read_style(el) -> _Style:
    """The properties of one w:style element that matter here."""
    style_id = el.get(_w("styleId")) or ""
    ppr, rpr = el.find(_w("pPr")), el.find(_w("rPr"))
    return _Style(style_id=style_id, name=_val(el.find(_w("name"))) or style_id,
                  based_on=_val(el.find(_w("basedOn"))), outline=_outline(ppr),
                  numbered=_numbered(ppr),
                  bold=_on(rpr.find(_w("b"))) if rpr is not None else None,
                  coloured=_coloured(rpr, ppr))


class _Styles:
    """The styles part, with look-ups that follow w:basedOn chains (cycle-safe)."""

    def __init__(self, styles_el):
        self.by_id: dict[str, _Style] = {}
        self.default_paragraph: str | None = None
        self._cache: dict[tuple, object] = {}  # answers by (question, style id): every
        # paragraph asks them again of the few styles a document uses
        for el in styles_el.iterchildren(_w("style")) if styles_el is not None else ():
            style = _read_style(el)
            self.by_id[style.style_id] = style
            is_default = (el.get(_w("default")) or "").lower() in ("1", "true", "on")
            if is_default and el.get(_w("type")) == "paragraph":
                self.default_paragraph = style.style_id

    def chain(self, style_id: str | None) -> list[_Style]:
        """The style and the styles it is based on, nearest first."""
        out, seen = [], set()
        while style_id and style_id in self.by_id and style_id not in seen and len(out) < 30:
            seen.add(style_id)
            style = self.by_id[style_id]
            out.append(style)
            style_id = style.based_on
        return out

    def _cached(self, question: str, style_id: str | None, answer):
        key = (question, style_id)
        if key not in self._cache:
            self._cache[key] = answer(style_id)
        return self._cache[key]

    def first(self, style_id: str | None, attr: str):
        """The first value of ``attr`` that is not None along the chain."""
        return self._cached(attr, style_id, lambda sid: next(
            (v for v in (getattr(style, attr) for style in self.chain(sid)) if v is not None),
            None))

    def heading_level(self, style_id: str | None) -> int | None:
        """Heading N / Title by name or id, else the style's outline level."""
        return self._cached("heading", style_id, self._heading_level)

    def _heading_level(self, style_id: str | None) -> int | None:
        for style in self.chain(style_id):
            for label in (style.name, style.style_id):
                m = _HEADING_NAME.fullmatch(label.strip())
                if m:
                    return min(6, int(m.group(1)))
                if label.strip().lower() == "title":
                    return 1
            if style.outline is not None:
                return min(6, style.outline + 1) if 0 <= style.outline < 9 else None
        return None

    def is_list(self, style_id: str | None) -> bool:
        """List Bullet / List Number / List Paragraph styles, or numbering in the style."""
        return self._cached("list", style_id, self._is_list)

    def _is_list(self, style_id: str | None) -> bool:
        if any(_LIST_NAME.match(s.name.strip()) for s in self.chain(style_id)):
            return True
        return bool(self.first(style_id, "numbered"))


# ----------------------------------------------------------------------------- paragraphs

_SKIP = {f"{{{_MC}}}Fallback", _w("del"), _w("moveFrom"), _w("pPr"), _w("rPr"),
         _w("instrText"), _w("delText"), _w("txbxContent")}
_CHARS = {_w("tab"): "\t", _w("ptab"): "\t", _w("br"): "\n", _w("cr"): "\n",
          _w("noBreakHyphen"): "-"}


@dataclass
class _Para:
    """A paragraph's visible text, the runs that carry it and any text boxes inside it."""

    text: str
    runs: list
    textboxes: list


def _read_paragraph(p) -> _Para:
    """Collect visible text, skipping deleted text, field codes, hidden runs and the
    fallback copy of drawings; text boxes are returned to be read as blocks of their own."""
    parts, runs, boxes = [], [], []
    run = None
    walker = etree.iterwalk(p, events=("start", "end"))
    for event, el in walker:
        tag = el.tag
        if event == "end":
            if tag == _w("r"):
                run = None
            continue
        if tag in _SKIP:
            if tag == _w("txbxContent"):
                boxes.append(el)
            walker.skip_subtree()
        elif tag == _w("r"):
            rpr = el.find(_w("rPr"))
            if rpr is not None and _on(rpr.find(_w("vanish"))):
                walker.skip_subtree()
            else:
                run = el
        elif tag == _w("t"):
            if el.text:
                parts.append(el.text)
                if run is not None and el.text.strip() and (not runs or runs[-1] is not run):
                    runs.append(run)
        elif tag in _CHARS:
            parts.append(_CHARS[tag])
    return _Para(squash("".join(parts)), runs, boxes)


def _paragraphs_in(el):
    """Every w:p under ``el`` in document order (nested tables and text boxes included),
    skipping deleted content and fallback copies."""
    walker = etree.iterwalk(el, events=("start",))
    for _, node in walker:
        if node.tag in (f"{{{_MC}}}Fallback", _w("del"), _w("moveFrom")):
            walker.skip_subtree()
        elif node.tag == _w("p"):
            yield node


# ----------------------------------------------------------------------------- tables

def _children(el, tag: str):
    """Direct children with ``tag``, looking through content controls and custom XML."""
    stack = [iter(el)]
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
        elif child.tag == tag:
            yield child
        elif child.tag == _w("sdt"):
            content = child.find(_w("sdtContent"))
            if content is not None:
                stack.append(iter(content))
        elif child.tag == _w("customXml"):
            stack.append(iter(child))


def _cell_text(tc) -> str:
    """All paragraphs of a cell joined with spaces."""
    return squash(" ".join(_read_paragraph(p).text for p in _paragraphs_in(tc)))


def _table_rows(tbl) -> list[list[str]]:
    """Rows of cell texts. Each w:tc is read once, so a horizontally merged cell
    (gridSpan, or old-style hMerge continuation) is not repeated."""
    rows = []
    for tr in _children(tbl, _w("tr")):
        cells = []
        for tc in _children(tr, _w("tc")):
            tcpr = tc.find(_w("tcPr"))
            hmerge = tcpr.find(_w("hMerge")) if tcpr is not None else None
            if hmerge is not None and _val(hmerge) != "restart":
                continue
            cells.append(_cell_text(tc))
        if any(cells):
            rows.append(cells)
            check_blocks(len(rows))
    return rows


# ----------------------------------------------------------------------------- body

class _Body:
    """Turns the document body into blocks, in order, without recursion."""

    def __init__(self, styles: _Styles):
        self.styles = styles
        self.blocks: list[Block] = []
        self.budget = Budget()

    def _append(self, block: Block) -> None:
        self.blocks.append(self.budget.add(block))

    def run(self, body) -> list[Block]:
        stack = [iter(body)]
        while stack:
            el = next(stack[-1], None)
            if el is None:
                stack.pop()
                continue
            tag = el.tag
            if tag == _w("p"):
                boxes = self._paragraph(el)
                if boxes:
                    stack.append(iter([c for box in boxes for c in box]))
            elif tag == _w("tbl"):
                rows = _table_rows(el)
                if rows:
                    self._append(Block(TABLE, "", rows=rows))
            elif tag == _w("sdt"):
                content = el.find(_w("sdtContent"))
                if content is not None:
                    stack.append(iter(content))
            elif tag in (_w("customXml"), _w("ins"), _w("moveTo"), _w("smartTag")):
                stack.append(iter(el))
        return self.blocks

    def _paragraph(self, p) -> list:
        """Add one paragraph block (unless empty); return the text boxes found in it."""
        para = _read_paragraph(p)
        if not para.text:
            return para.textboxes
        ppr = p.find(_w("pPr"))
        style_id = _val(ppr.find(_w("pStyle"))) if ppr is not None else None
        style_id = style_id or self.styles.default_paragraph
        kind, level = self._kind(ppr, style_id)
        bold = bool(para.runs) and all(self._run_bold(r, style_id) for r in para.runs)
        coloured = bool(para.runs) and (
            bool(_coloured(None, ppr)) or all(self._run_coloured(r, style_id)
                                              for r in para.runs))
        badge = (kind == PARAGRAPH and (bold or coloured) and len(para.text) <= BADGE_MAX_CHARS
                 and match_grade(para.text, allow_label=False) is not None)
        self._append(Block(kind, para.text, level=level, bold=bold, badge=badge))
        return para.textboxes

    def _kind(self, ppr, style_id: str | None) -> tuple[str, int]:
        """Heading (direct outline level, then style), list item, or paragraph."""
        outline = _outline(ppr)
        if outline is not None and 0 <= outline < 9:
            return HEADING, min(6, outline + 1)
        if outline is None:
            level = self.styles.heading_level(style_id)
            if level:
                return HEADING, level
        numbered = _numbered(ppr)
        if numbered or (numbered is None and self.styles.is_list(style_id)):
            return LIST_ITEM, 0
        return PARAGRAPH, 0

    def _run_style(self, run) -> str | None:
        rpr = run.find(_w("rPr"))
        return _val(rpr.find(_w("rStyle"))) if rpr is not None else None

    def _run_bold(self, run, para_style: str | None) -> bool:
        """Direct bold, else the character style's, else the paragraph style's."""
        rpr = run.find(_w("rPr"))
        direct = _on(rpr.find(_w("b"))) if rpr is not None else None
        for value in (direct, self.styles.first(self._run_style(run), "bold"),
                      self.styles.first(para_style, "bold")):
            if value is not None:
                return value
        return False

    def _run_coloured(self, run, para_style: str | None) -> bool:
        """Direct colour/shading/highlight, else from the character or paragraph style."""
        for value in (_coloured(run.find(_w("rPr"))),
                      self.styles.first(self._run_style(run), "coloured"),
                      self.styles.first(para_style, "coloured")):
            if value is not None:
                return value
        return False


# ----------------------------------------------------------------------------- entry point

def read_docx(path: Path, data: bytes) -> Document:
    """Read a .docx file into a Document (raises ImportFailed with a plain reason)."""
    check_zip(path, data)
    doc = _open(path, data)
    try:
        styles = _Styles(doc.styles.element)
        blocks = _Body(styles).run(doc.element.body)
        title = squash(doc.core_properties.title or "") or None
    except (AttributeError, TypeError, ValueError, IndexError, KeyError) as e:
        raise ImportFailed(path, "the Word document is damaged (unexpected structure: "
                                 f"{type(e).__name__}: {e})") from None
    return Document(format="docx", blocks=blocks, title=title, has_structure=True)
