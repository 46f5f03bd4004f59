"""Read a saved web page (an inspectorate report page or a PCC response page) into blocks.

Web pages carry a lot of chrome around the report: cookie banners, site navigation, skip
links, breadcrumbs, footers. This reader keeps only the page's main content and turns it
into headings, paragraphs, list items and tables. Grades shown as badges (a styled span, a
``data-grade`` attribute, an image with a grade as its alt text) come out as their own
blocks marked ``badge=True`` so the extractor does not have to know any site's markup.

Hostile input: the parser never touches the network, never expands DTD entities (the
internal subset is removed before parsing) and keeps libxml2's depth limit; the tree is
walked iteratively, so deeply nested markup cannot overflow the Python stack.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree
from lxml import html as lxml_html

from ..errors import ImportFailed
from .blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, Document
from .textclean import squash

# ----------------------------------------------------------------------------- grades

_GRADE_WORDS = (r"outstanding|good|adequate|requires\s+improvement|inadequate|"
                r"not\s+graded|no\s+rating|not\s+rated|ungraded")
_GRADE_RE = re.compile(
    r"(?:(?:overall\s+)?(?:rating|grade|graded|judg(?:e)?ment)\s*[:\-\u2013]?\s*)?"
    rf"({_GRADE_WORDS})\s*\.?", re.IGNORECASE)
_STRICT_GRADE_RE = re.compile(rf"({_GRADE_WORDS})\s*\.?", re.IGNORECASE)


def match_grade(text: str | None, allow_label: bool = True) -> str | None:
    """The grade as written when the whole of ``text`` is a grade, else None.

    With ``allow_label`` a leading "Rating:" / "Grade:" is accepted (image alt texts and
    badge spans often say "Rating: Good"); the label is not part of the result.
    """
    if not text:
        return None
    text = squash(text)
    if len(text) > 60:
        return None
    m = (_GRADE_RE if allow_label else _STRICT_GRADE_RE).fullmatch(text)
    return squash(m.group(1)) if m else None


# ----------------------------------------------------------------------------- element sets

_HEADING_LEVELS = {f"h{n}": n for n in range(1, 7)}
# Elements that flow inside a paragraph; every other element starts a new block.
_INLINE = {
    "a", "abbr", "acronym", "b", "bdi", "bdo", "big", "br", "cite", "code", "data", "del", "dfn",
    "em", "font", "i", "img", "ins", "kbd", "label", "mark", "meter", "nobr", "output",
    "progress", "q", "rp", "rt", "ruby", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr",
}
_BOLD = {"b", "strong"}
# Never content: code, forms, embedded media, site navigation.
_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "frame", "frameset",
    "object", "embed", "canvas", "audio", "video", "map", "form", "button", "input",
    "select", "option", "optgroup", "textarea", "datalist", "nav", "dialog", "head", "link",
    "meta", "base", "title",
}
_NOISE_ROLES = {"banner", "navigation", "contentinfo", "search", "alertdialog"}
_SECTIONING = {"main", "article", "section", "aside"}
_NOT_PAGE_LEVEL = _SECTIONING | {"blockquote", "li", "td", "th", "details", "dd"}
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_BADGE_CLASS_PARTS = {"rating", "grade", "grading", "judgment", "judgement", "badge", "tag"}
_GRADE_ATTRS = ("data-grade", "data-rating", "data-judgment", "data-judgement")
_SKIP_CLASS = re.compile(r"skip[-_]?(?:link|to|nav|main|content)", re.IGNORECASE)


def _is_inline(tag) -> bool:
    """Inline elements, plus namespaced ones (Word's <o:p>, <st1:place> in saved pages)."""
    return tag in _INLINE or (isinstance(tag, str) and ":" in tag)


# ----------------------------------------------------------------------------- decoding

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(rb"<meta[^>]{0,512}?charset\s*=\s*[\"']?\s*([A-Za-z0-9._:-]{1,40})",
                           re.IGNORECASE)
_XML_ENCODING = re.compile(rb"<\?xml[^>]{0,200}?encoding\s*=\s*[\"']([A-Za-z0-9._-]{1,40})",
                           re.IGNORECASE)
_CONTROL = re.compile(r"[\x01-\x08\x0b\x0e-\x1f\x7f-\x9f]")
_NOT_TEXT = "not a text file (its bytes are not readable text; is it binary?)"


def _declared_encoding(data: bytes) -> str | None:
    """The charset named by <meta charset>, http-equiv or the XML declaration, if usable."""
    head = data[:4096]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    if not m:
        return None
    try:
        name = codecs.lookup(m.group(1).decode("ascii")).name
    except (LookupError, UnicodeDecodeError):
        return None
    if name in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"  # browsers read these labels as Windows-1252
    if name.startswith(("utf-16", "utf-32")):
        return "utf-8"  # found by an ASCII search, so the bytes are not really UTF-16
    return name


def decode_html(path: Path, data: bytes) -> str:
    """Bytes to text: BOM first, then the declared charset, UTF-8, Windows-1252."""
    text = None
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise ImportFailed(path, _NOT_TEXT) from None
            break
    if text is None:
        for encoding in dict.fromkeys((_declared_encoding(data), "utf-8", "cp1252")):
            if encoding is None:
                continue
            try:
                text = data.decode(encoding)
                break
            except (UnicodeDecodeError, LookupError):
                continue
        else:
            raise ImportFailed(path, _NOT_TEXT)
    if "\x00" in text or len(_CONTROL.findall(text[:200_000])) > len(text[:200_000]) // 100:
        raise ImportFailed(path, _NOT_TEXT)
    return text


# ----------------------------------------------------------------------------- parsing

_XML_DECL = re.compile(r"\A\s*<\?xml[^>]{0,300}\?>", re.IGNORECASE)
_DOCTYPE_SUBSET = re.compile(r"<!DOCTYPE[^\[>]{0,1000}\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)


def _strip_prolog(text: str) -> str:
    """Remove the XML declaration and any internal DTD subset.

    HTML never needs an internal subset; removing it means no entity it declares can ever
    be expanded (billion laughs) and its text does not leak into the page.
    """
    text = _XML_DECL.sub("", text, count=1)
    start = text[:1000].upper().find("<!DOCTYPE")
    if start >= 0 and "[" in text[start:start + 1000].split(">", 1)[0]:
        m = _DOCTYPE_SUBSET.match(text, start)
        if m:
            text = text[:start] + "<!DOCTYPE html>" + text[m.end():]
    return text


def _parse(path: Path, text: str):
    """Parse with a parser that cannot reach the network or build huge trees."""
    parser = lxml_html.HTMLParser(encoding="utf-8", no_network=True, huge_tree=False,
                                  remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(text.encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError) as e:
        raise ImportFailed(path, f"the web page is damaged ({e})") from None


def _title(root) -> str | None:
    """The page's <title>, collapsed, or None."""
    for el in root.iter("title"):
        if any(a.tag == "svg" for a in el.iterancestors()):
            continue
        title = squash("".join(el.itertext()))
        return title or None
    return None


def _has_text(el) -> bool:
    """True when the element holds any visible character."""
    return any(t.strip() for t in el.itertext())


def _content_root(root):
    """The element holding the report: <main> (or role=main), a lone <article>, or <body>."""
    mains = [el for el in root.iter(etree.Element)
             if (el.tag == "main" or el.get("role") == "main") and el.get("hidden") is None]
    for el in mains:
        if _has_text(el):
            return el
    # a page-level article only: one nested in a section or list is part of the content
    articles = [el for el in root.iter("article")
                if not any(a.tag in _NOT_PAGE_LEVEL for a in el.iterancestors())]
    if len(articles) == 1 and _has_text(articles[0]):
        return articles[0]
    body = root.find("body")
    return body if body is not None else root


# ----------------------------------------------------------------------------- page chrome

def _classes(el) -> str:
    """Class, id and aria-label in one lower-case string, for chrome detection."""
    return " ".join(filter(None, (el.get("class"), el.get("id"),
                                  el.get("aria-label")))).lower()


def _is_disclosure_toggle(el) -> bool:
    """An accordion/disclosure button: its label is a section title, not a form control."""
    return el.get("aria-expanded") is not None or el.get("aria-controls") is not None


def _is_skip_link(el) -> bool:
    """A "Skip to content" link that only exists for keyboard users."""
    if el.tag != "a":
        return False
    if _SKIP_CLASS.search(el.get("class") or ""):
        return True
    href = el.get("href") or ""
    label = squash("".join(el.itertext())).lower()
    return href.startswith("#") and label.startswith(("skip to", "skip navigation", "jump to"))


def _is_site_chrome(el) -> bool:
    """Elements that are never report content: scripts, forms, navigation, hidden parts,
    the site's header and footer, skip links."""
    tag = el.tag
    if tag in _DROP_TAGS:
        return not (tag == "button" and _is_disclosure_toggle(el))
    if el.get("hidden") is not None:
        return True
    if _HIDDEN_STYLE.search(el.get("style") or ""):
        return True
    if (el.get("role") or "").lower() in _NOISE_ROLES:
        return True
    if tag in ("header", "footer"):
        # only the site's header/footer; an article's own <header> holds its title
        return not any(a.tag in _SECTIONING for a in el.iterancestors())
    return _is_skip_link(el)


def _is_soft_chrome(el) -> bool:
    """Cookie banners and breadcrumbs (by class, id or aria-label) and aria-hidden parts.

    These signals can also sit on a wrapper holding the whole page (a class "cookies-ok",
    aria-hidden set while a modal was open when the page was saved), so they are only
    trusted on elements that are small next to the content.
    """
    names = _classes(el)
    return ("cookie" in names or "breadcrumb" in names
            or (el.get("aria-hidden") or "").lower() == "true")


def _remove(el) -> None:
    """Detach an element but keep its tail text where it was."""
    parent = el.getparent()
    if parent is None:
        return
    if el.tail:
        prev = el.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + el.tail
        else:
            parent.text = (parent.text or "") + el.tail
    parent.remove(el)


def _drop_chrome(content) -> None:
    """Remove page chrome inside the content element (never the content element itself)."""
    total = sum(len(t) for t in content.itertext()) or 1
    doomed = []
    for el in content.iter(etree.Element):
        if el is content:
            continue
        if _is_site_chrome(el) or (_is_soft_chrome(el)
                                   and sum(len(t) for t in el.itertext()) < total / 2):
            doomed.append(el)
    for el in doomed:
        _remove(el)


# ----------------------------------------------------------------------------- badges

def _has_badge_class(el) -> bool:
    """class="rating rating--good", "grade grade-good", "judgment", "c-badge"..."""
    for token in (el.get("class") or "").lower().split():
        if _BADGE_CLASS_PARTS.intersection(p for p in re.split(r"[-_]+", token) if p):
            return True
    return False


def _attr_grade(el) -> str | None:
    """The grade in a data-grade / data-rating attribute (slugs like requires-improvement)."""
    for name in _GRADE_ATTRS:
        value = el.get(name)
        if value:
            grade = match_grade(value.replace("-", " ").replace("_", " "))
            if grade:
                return grade
    return None


def _badge_grade(el) -> str | None:
    """The grade when this element is a grade badge whose whole text is the grade."""
    if el.tag == "img":
        return match_grade(el.get("alt"))
    attr = _attr_grade(el)
    if attr is None and not _has_badge_class(el):
        return None
    text = squash("".join(el.itertext()))
    if text:
        return match_grade(text)
    return attr


# ----------------------------------------------------------------------------- tables

def _spaced_text(el) -> str:
    """Text of an element with a space at every block boundary (cells hold <p>s)."""
    parts = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        inline = _is_inline(node.tag)
        if event == "start":
            if node.tag == "img":
                parts.append(" " + (match_grade(node.get("alt")) or "") + " ")
            elif node.tag == "br" or not inline:
                parts.append(" ")
            parts.append(node.text or "")
        else:
            if not inline:
                parts.append(" ")
            if node is not el:
                parts.append(node.tail or "")
    return squash("".join(parts))


def _is_layout_table(table) -> bool:
    """A table used to lay out the page (headings or tables inside): read it as flow."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    return any(d is not table for d in table.iter("table", *_HEADING_LEVELS))


def _table_rows(table) -> list[list[str]]:
    """Rows of th/td texts belonging to this table (not to a table nested in a cell)."""
    rows = []
    for tr in table.iter("tr"):
        owner = next(tr.iterancestors("table"), None)
        if owner is not table:
            continue
        cells = [_spaced_text(c) for c in tr if c.tag in ("th", "td")]
        if any(cells):
            rows.append(cells)
    return rows


# ----------------------------------------------------------------------------- walking

class _Walker:
    """Turns the content element into blocks in one iterative pass (start/end events).

    Inline text collects in ``buf``; every block boundary flushes it as one block whose kind
    comes from the innermost open heading or list item (``ctx``). Inside a heading or list
    item, block boundaries only add a space: a <p> inside an <li> belongs to the item.
    """

    def __init__(self, root):
        self.root = root
        self.blocks: list[Block] = []
        self.buf: list[tuple[str, bool]] = []
        self.ctx: list[tuple[object, str, int]] = []
        self.bold_depth = 0
        self.skipped: set = set()
        self.deferred: list[str] = []  # badges inside a heading, emitted after it
        self.pending: tuple[object, str] | None = None  # grade attribute on a container

    def run(self) -> list[Block]:
        walker = etree.iterwalk(self.root, events=("start", "end"))
        for event, el in walker:
            if event == "start":
                if self._start(el):
                    self.skipped.add(el)
                    walker.skip_subtree()
            else:
                self._end(el)
        self._flush()
        return self.blocks

    # -- events

    def _start(self, el) -> bool:
        """Handle an opening tag; True when the subtree has been consumed."""
        tag = el.tag
        if tag in _HEADING_LEVELS or tag == "li" or el.get("role") == "heading":
            self._flush()
        elif tag == "table" and not _is_layout_table(el):
            self._flush()
            self._table(el)
            return True
        elif not _is_inline(tag):
            self._boundary()
        grade = _badge_grade(el)
        if grade:
            self._badge(grade)
            return True
        if tag == "img":
            return True
        grade = _attr_grade(el)  # the element holds more than the grade
        if grade and _is_inline(tag):
            self._badge(grade)
        elif grade and self.pending is None:
            self.pending = (el, grade)
        if tag in _HEADING_LEVELS or el.get("role") == "heading":
            self.ctx.append((el, HEADING, _heading_level(el)))
        elif tag == "li":
            self.ctx.append((el, LIST_ITEM, 0))
        elif tag == "br":
            self._add(" ")
        if tag in _BOLD:
            self.bold_depth += 1
        self._add(el.text)
        return False

    def _end(self, el) -> None:
        """Handle a closing tag: close blocks, then add the tail text to the parent."""
        if el in self.skipped:
            self.skipped.discard(el)
        else:
            if self.ctx and self.ctx[-1][0] is el:
                self._flush()
                kind = self.ctx.pop()[1]
                if kind == HEADING:
                    for grade in self.deferred:
                        self._emit_badge(grade)
                    self.deferred.clear()
            elif not _is_inline(el.tag):
                self._boundary()
            if el.tag in _BOLD:
                self.bold_depth -= 1
            if self.pending is not None and self.pending[0] is el:
                self._flush()
                grade = self.pending[1]
                self.pending = None
                self._emit_badge(grade)
        if el is not self.root:
            self._add(el.tail)

    # -- text and blocks

    def _add(self, text: str | None) -> None:
        if text:
            self.buf.append((text, self.bold_depth > 0))

    def _in_flow_block(self) -> bool:
        """Inside a heading or list item, where inner blocks join the same block."""
        return bool(self.ctx)

    def _boundary(self) -> None:
        if self._in_flow_block():
            self._add(" ")
        else:
            self._flush()

    def _flush(self) -> None:
        """Emit the collected inline text as one block of the current kind."""
        text = squash("".join(t for t, _ in self.buf))
        bold = all(b for t, b in self.buf if t.strip())
        self.buf.clear()
        if not text:
            return
        kind, level = (self.ctx[-1][1], self.ctx[-1][2]) if self.ctx else (PARAGRAPH, 0)
        block = Block(kind, text, level=level, bold=bold)
        if self.pending is not None:
            # a grade attribute on a container labels its heading, so it follows one
            grade = self.pending[1]
            self.pending = None
            if kind == HEADING:
                self.blocks.append(block)
                self._emit_badge(grade)
                return
            self._emit_badge(grade)
        self.blocks.append(block)

    def _badge(self, grade: str) -> None:
        """A badge inside a heading follows the heading; elsewhere it comes out at once,
        before the rest of the paragraph it sits in."""
        if self.pending is not None and self.pending[1].lower() == grade.lower():
            self.pending = None
        if any(kind == HEADING for _, kind, _ in self.ctx):
            self.deferred.append(grade)
        else:
            self._emit_badge(grade)

    def _emit_badge(self, grade: str) -> None:
        """Add a badge block unless the same badge was just added (text + attribute)."""
        last = self.blocks[-1] if self.blocks else None
        if last is not None and last.badge and last.text.lower() == grade.lower():
            return
        self.blocks.append(Block(PARAGRAPH, grade, badge=True))

    def _table(self, table) -> None:
        """One TABLE block; a <caption> comes first as a paragraph."""
        caption = table.find("caption")
        if caption is not None:
            text = _spaced_text(caption)
            if text:
                self.blocks.append(Block(PARAGRAPH, text))
        rows = _table_rows(table)
        if rows:
            self.blocks.append(Block(TABLE, "", rows=rows))


def _heading_level(el) -> int:
    """h1..h6 give their number; role=heading gives aria-level (default 2)."""
    if el.tag in _HEADING_LEVELS:
        return _HEADING_LEVELS[el.tag]
    try:
        return min(6, max(1, int(el.get("aria-level") or 2)))
    except ValueError:
        return 2


# ----------------------------------------------------------------------------- entry point

def read_html(path: Path, data: bytes) -> Document:
    """Read an HTML file into a Document (raises ImportFailed with a plain reason)."""
    text = decode_html(path, data)
    if not text.strip():
        return Document(format="html")
    root = _parse(path, _strip_prolog(text))
    if root is None:
        return Document(format="html")
    title = _title(root)
    content = _content_root(root)
    _drop_chrome(content)
    return Document(format="html", blocks=_Walker(content).run(), title=title,
                    has_structure=True)
