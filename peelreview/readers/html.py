"""Read a saved web page (an inspectorate report page or a PCC response page) into blocks.

Web pages carry a lot of chrome around the report: cookie banners, site navigation, skip
links, breadcrumbs, footers. This reader keeps only the page's main content and turns it
into headings, paragraphs, list items and tables. Grades shown as badges (a styled span, a
``data-grade`` attribute, an image with a grade as its alt text) come out as their own
blocks marked ``badge=True`` so the extractor does not have to know any site's markup.

Hostile input: the parser never touches the network, never expands DTD entities (the
internal subset is removed before parsing); the tree is walked iteratively, so deeply nested
markup cannot overflow the Python stack. Reading takes time linear in the page: the tree is
built by our own parser target, which keeps at most MAX_ATTRIBUTES attributes of an element
(libxml2 appends each attribute by walking the ones before it) and nests at most MAX_DEPTH
levels (deeper elements' text joins the deepest kept element); whatever depends on an
element's ancestors or on all of its text is found in one walk over the page (_PageFacts,
_ContentFacts), never by asking each element in turn.
"""
from __future__ import annotations

import codecs
import re
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
    TooLarge,
    check_blocks,
)
from .textclean import collapse, squash

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


MAX_ATTRIBUTES = 200  # of one element; real pages use a handful
MAX_DEPTH = 256  # levels of nesting kept, as libxml2 keeps when it builds the tree itself
MAX_ELEMENTS = 400_000  # a saved report page has tens of thousands; each costs ~250 bytes


class _TreeTarget:
    """Builds the tree from the parser's events: libxml2 would append each attribute of an
    element by walking the ones before it (100,000 attributes on one tag took 12 s), and it
    drops whatever lies deeper than its depth limit; here the first MAX_ATTRIBUTES attributes
    are kept and elements deeper than MAX_DEPTH are not made (their text stays, in the
    deepest element kept)."""

    def __init__(self):
        self.builder = etree.TreeBuilder(parser=etree.HTMLParser())
        self.tags: list[str] = []  # the open elements made, as made
        self.flattened = 0  # open elements not made, being too deep
        self.made = 0

    def start(self, tag, attrib):
        if len(self.tags) >= MAX_DEPTH:
            self.flattened += 1
            return None
        self.made += 1
        if self.made > MAX_ELEMENTS:
            raise TooLarge(f"the file is too large to read (more than {MAX_ELEMENTS:,} HTML "
                           f"elements; the limit is {MAX_ELEMENTS:,})")
        if len(attrib) > MAX_ATTRIBUTES:
            attrib = dict(list(attrib.items())[:MAX_ATTRIBUTES])
        try:
            el = self.builder.start(tag, attrib)
        except ValueError:  # a name lxml refuses ("<p @{}>"): keep the element, not them
            try:
                el = self.builder.start(tag, {})
            except ValueError:
                tag = "span"
                el = self.builder.start(tag, {})
        self.tags.append(tag)
        return el

    def end(self, tag):
        if self.flattened:
            self.flattened -= 1
            return None
        return self.builder.end(self.tags.pop())

    def data(self, data):
        self.builder.data(data)

    def close(self):
        try:
            return self.builder.close()
        except (AssertionError, etree.XMLSyntaxError):  # no element at all
            return None


# What lxml cannot hold in a tree: C0 controls but tab, LF and CR (vertical tab and form
# feed are white space: a space), and U+FFFE/U+FFFF.
_NOT_XML = str.maketrans({**{chr(c): None for c in range(32) if chr(c) not in "\t\n\r"},
                          "\x0b": " ", "\x0c": " ", "\ufffe": None, "\uffff": None})


def _parse(path: Path, text: str):
    """Parse with a parser that cannot reach the network or build huge trees."""
    parser = etree.HTMLParser(target=_TreeTarget(), encoding="utf-8", no_network=True,
                              huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        return etree.fromstring(text.translate(_NOT_XML).encode("utf-8"), parser)
    except (etree.ParserError, etree.XMLSyntaxError) as e:
        raise ImportFailed(path, f"the web page is damaged ({e})") from None


class _PageFacts:
    """What reading the page asks about elements' attributes, ancestors and whole texts,
    found in one walk over the parsed page (asking each element its ancestors or its
    subtree in turn would cost the depth of nesting times the size of the page):

    title      -- the first <title> not inside an <svg>, or None;
    mains      -- <main> and role=main elements not hidden, in document order;
    articles   -- page-level <article>s (in no section, list item, cell...), in order;
    has_text   -- for mains and articles: whether any visible character is inside;
    text_len   -- for every element that can be the content (the root, body, mains and
                  articles): the length of its text (all of it: what itertext() gives);
    chrome     -- (element, place, site chrome?) of every element that is site chrome
                  or soft chrome, in document order; `place` is its number in document
                  order, `span` gives where each such element's subtree ends;
    soft_len   -- the text length of each soft-chrome element (cookie banner...);
    attr       -- the grade a data-grade (data-rating...) attribute gives, where one does;
    candidates -- the elements that may be grade badges (a badge class or a grade
                  attribute);
    layout     -- the tables holding a table or a heading (read as flow, not as a table).
    """

    def __init__(self, root):
        self.title = None
        self.mains: list = []
        self.articles: list = []
        self.has_text: dict = {}
        self.text_len: dict = {}
        self.chrome: list = []
        self.soft_len: dict = {}
        self.attr: dict = {}
        self.candidates: set = set()
        self.layout: set = set()
        self.place: dict = {}  # place in document order of the elements kept above
        self.span: dict = {}   # ... and the place of the last element inside each
        svg = page_level = sectioning = 0  # open <svg>s, _NOT_PAGE_LEVEL and _SECTIONING
        length = visible = 0  # characters, and pieces of visible text, so far
        place = 0
        tables: list = []  # open tables
        starts = []  # (length, visible, what to keep) at each open element's start
        for event, el in etree.iterwalk(root, events=("start", "end")):
            tag = el.tag
            if event == "start":
                place += 1
                keep = 0
                items = el.items()
                attrs = dict(items) if items else _NO_ATTRS
                if tag == "title" and not svg and self.title is None:
                    self.title = el
                if (tag == "main" or attrs.get("role") == "main") and "hidden" not in attrs:
                    self.mains.append(el)
                    keep |= _TEXT | _LEN
                if tag == "article" and not page_level:
                    self.articles.append(el)
                    keep |= _TEXT | _LEN
                if el is root or tag == "body":
                    keep |= _LEN
                if keep & _LEN:
                    keep |= _PLACE  # it may be the content: what lies inside it counts
                # (most elements have no attribute and a tag that is never chrome)
                site = (attrs or tag in _CHROME_TAGS) and _is_site_chrome(el, attrs,
                                                                          bool(sectioning))
                if site or (attrs and _is_soft_chrome(attrs)):
                    self.chrome.append((el, place, bool(site)))
                    keep |= _PLACE | (0 if site else _SOFT)
                if attrs:
                    grade = _attr_grade(attrs)
                    if grade is not None:
                        self.attr[el] = grade
                    if tag != "img" and (grade is not None or _has_badge_class(attrs)):
                        self.candidates.add(el)
                if tag == "table" or tag in _HEADING_LEVELS:
                    if tables:
                        self.layout.add(tables[-1])
                    if tag == "table":
                        tables.append(el)
                if keep & _PLACE:
                    self.place[el] = place
                svg += tag == "svg"
                page_level += tag in _NOT_PAGE_LEVEL
                sectioning += tag in _SECTIONING
                starts.append((length, visible, keep))
                text = el.text
                if text:
                    length += len(text)
                    visible += not text.isspace()
            else:
                length0, visible0, keep = starts.pop()
                if keep & _TEXT:
                    self.has_text[el] = visible > visible0
                if keep & _LEN:
                    self.text_len[el] = length - length0
                if keep & _SOFT:
                    self.soft_len[el] = length - length0
                if keep & _PLACE:
                    self.span[el] = place
                if tag == "table":
                    tables.pop()
                    if tables:
                        self.layout.add(tables[-1])
                svg -= tag == "svg"
                page_level -= tag in _NOT_PAGE_LEVEL
                sectioning -= tag in _SECTIONING
                tail = el.tail
                if tail and el is not root:
                    length += len(tail)
                    visible += not tail.isspace()

    def title_text(self) -> str | None:
        """The page's <title>, collapsed, or None."""
        if self.title is None:
            return None
        return squash("".join(self.title.itertext())) or None

    def inside(self, outer, place: int, itself: bool = False) -> bool:
        """Whether the element at `place` lies in outer's subtree (outer itself only when
        `itself`)."""
        return self.place[outer] + (not itself) <= place <= self.span[outer]


_TEXT, _LEN, _SOFT, _PLACE = 1, 2, 4, 8  # what _PageFacts keeps of an element
_CHROME_TAGS = _DROP_TAGS | {"header", "footer", "a"}  # chrome even with no attribute
_NO_ATTRS: dict = {}


def _content_root(root, facts: _PageFacts):
    """The element holding the report: <main> (or role=main), a lone <article>, or <body>."""
    for el in facts.mains:
        if facts.has_text[el]:
            return el
    # a page-level article only: one nested in a section or list is part of the content
    if len(facts.articles) == 1 and facts.has_text[facts.articles[0]]:
        return facts.articles[0]
    body = root.find("body")
    return body if body is not None else root


# ----------------------------------------------------------------------------- page chrome

def _classes(attrs: dict) -> str:
    """Class, id and aria-label in one lower-case string, for chrome detection."""
    return " ".join(filter(None, (attrs.get("class"), attrs.get("id"),
                                  attrs.get("aria-label")))).lower()


def _is_disclosure_toggle(attrs: dict) -> bool:
    """An accordion/disclosure button: its label is a section title, not a form control."""
    return "aria-expanded" in attrs or "aria-controls" in attrs


def _is_skip_link(el, attrs: dict) -> bool:
    """A "Skip to content" link that only exists for keyboard users."""
    if el.tag != "a":
        return False
    if _SKIP_CLASS.search(attrs.get("class") or ""):
        return True
    if not (attrs.get("href") or "").startswith("#"):
        return False
    label = squash("".join(el.itertext())).lower()
    return label.startswith(("skip to", "skip navigation", "jump to"))


def _is_site_chrome(el, attrs: dict, in_sectioning: bool) -> bool:
    """Elements that are never report content: scripts, forms, navigation, hidden parts,
    the site's header and footer, skip links."""
    tag = el.tag
    if tag in _DROP_TAGS:
        return not (tag == "button" and _is_disclosure_toggle(attrs))
    if "hidden" in attrs:
        return True
    if _HIDDEN_STYLE.search(attrs.get("style") or ""):
        return True
    if (attrs.get("role") or "").lower() in _NOISE_ROLES:
        return True
    if tag in ("header", "footer"):
        # only the site's header/footer; an article's own <header> holds its title
        return not in_sectioning
    return _is_skip_link(el, attrs)


def _is_soft_chrome(attrs: dict) -> bool:
    """Cookie banners and breadcrumbs (by class, id or aria-label) and aria-hidden parts.

    These signals can also sit on a wrapper holding the whole page (a class "cookies-ok",
    aria-hidden set while a modal was open when the page was saved), so they are only
    trusted on elements that are small next to the content.
    """
    if not attrs:
        return False
    names = _classes(attrs)
    return ("cookie" in names or "breadcrumb" in names
            or (attrs.get("aria-hidden") or "").lower() == "true")


def _drop_chrome(content, facts: _PageFacts) -> bool:
    """Remove page chrome inside the content element (never the content element itself);
    True when anything was removed.

    An element's tail text stays where it was, joined to the previous sibling's tail (or
    the parent's text): the tails meeting at one place are joined once at the end, so a
    run of thousands of removed siblings costs no more than their text."""
    total = facts.text_len[content] or 1
    doomed = [el for el, place, site in facts.chrome if facts.inside(content, place)
              and (site or facts.soft_len[el] < total / 2)]
    joins: dict = {}  # (element, "tail" or "text") -> the texts to add there, in order
    for el in doomed:
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:
            prev = el.getprevious()
            key = (prev, "tail") if prev is not None else (parent, "text")
            joins.setdefault(key, []).append(el.tail)
        parent.remove(el)
    for (el, attr), texts in joins.items():
        setattr(el, attr, (getattr(el, attr) or "") + "".join(texts))
    return bool(doomed)


# ----------------------------------------------------------------------------- badges

def _has_badge_class(attrs: dict) -> bool:
    """class="rating rating--good", "grade grade-good", "judgment", "c-badge"..."""
    for token in (attrs.get("class") or "").lower().split():
        if _BADGE_CLASS_PARTS.intersection(p for p in re.split(r"[-_]+", token) if p):
            return True
    return False


def _attr_grade(attrs: dict) -> str | None:
    """The grade in a data-grade / data-rating attribute (slugs like requires-improvement)."""
    for name in _GRADE_ATTRS:
        value = attrs.get(name)
        if value:
            grade = match_grade(value.replace("-", " ").replace("_", " "))
            if grade:
                return grade
    return None


class _ContentFacts:
    """What the walk over the content asks about whole subtrees, after the chrome is
    dropped:

    badge   -- for each element with a badge class or a grade attribute: the grade when the
               element is a grade badge whose whole text is the grade (or, with no text,
               whose attribute gives one), else None;
    attr    -- the grade a data-grade / data-rating... attribute gives, where one does;
    layout  -- the tables holding a table or a heading (read as flow, not as a table).

    A badge's text is gathered from one stream of text pieces, white space collapsed as
    squash() does, walking each outermost candidate once when the walk over the content
    meets it; a candidate with more than 60 visible characters is no badge whatever else it
    holds, so nested candidates do not each read their whole subtree.
    """

    def __init__(self, content, facts: _PageFacts, dropped: bool):
        self.attr = facts.attr
        self.candidates = facts.candidates
        self.badge: dict = {}
        if dropped:  # a heading inside dropped chrome made a table a layout table
            self.layout = _layout_tables(content)
        else:
            self.layout = facts.layout

    def _walk(self, top) -> None:
        """Find the grade of `top`, a candidate the walk over the content meets, and of
        every candidate inside it."""
        open_: list = []  # (element, index of its first piece, visible before it)
        pieces: list[str] = []
        visible = 0
        for event, el in etree.iterwalk(top, events=("start", "end")):
            if event == "start":
                if el in self.candidates:
                    open_.append((el, len(pieces), visible))
                text = el.text
            else:
                if open_ and open_[-1][0] is el:
                    _, first, visible0 = open_.pop()
                    self.badge[el] = self._grade(el, pieces, first, visible - visible0)
                text = el.tail if el is not top else None
            if text and open_:
                piece = collapse(text)
                if piece == " ":
                    if pieces and pieces[-1] != " ":
                        pieces.append(piece)
                elif piece:
                    pieces.append(piece)
                    visible += len(piece) - piece.count(" ")

    def _grade(self, el, pieces: list[str], first: int, visible: int) -> str | None:
        """The grade the element's whole text is, else its attribute's grade when it has no
        text."""
        if visible > 60:
            return None  # the text is longer than any grade
        text = squash("".join(pieces[first:]))
        if text:
            return match_grade(text)
        return self.attr.get(el)

    def badge_grade(self, el) -> str | None:
        """The grade when this element is a grade badge whose whole text is the grade."""
        if el.tag == "img":
            return match_grade(el.get("alt"))
        if el in self.candidates and el not in self.badge:
            self._walk(el)  # the outermost candidate: the ones inside it are found with it
        return self.badge.get(el)


def _layout_tables(content) -> set:
    """The tables under `content` holding a table or a heading (one walk, only tables and
    headings reported)."""
    layout: set = set()
    tables: list = []
    for event, el in etree.iterwalk(content, events=("start", "end"),
                                    tag=("table", *_HEADING_LEVELS)):
        if event == "start":
            if tables:
                layout.add(tables[-1])
            if el.tag == "table":
                tables.append(el)
        elif el.tag == "table":
            tables.pop()
            if tables:
                layout.add(tables[-1])
    return layout


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


def _is_layout_table(table, facts: _ContentFacts) -> bool:
    """A table used to lay out the page (headings or tables inside): read it as flow."""
    if (table.get("role") or "").lower() in ("presentation", "none"):
        return True
    return table in facts.layout


def _table_rows(table) -> list[list[str]]:
    """Rows of th/td texts belonging to this table (not to a table nested in a cell)."""
    rows = []
    nested = 0  # tables open inside this one
    for event, el in etree.iterwalk(table, events=("start", "end"), tag=("table", "tr")):
        if el.tag == "table":
            if el is not table:
                nested += 1 if event == "start" else -1
        elif event == "start" and not nested:
            cells = [_spaced_text(c) for c in el if c.tag in ("th", "td")]
            if any(cells):
                rows.append(cells)
                check_blocks(len(rows))
    return rows


# ----------------------------------------------------------------------------- walking

class _Walker:
    """Turns the content element into blocks in one iterative pass (start/end events).

    Inline text collects in ``buf``; every block boundary flushes it as one block whose kind
    comes from the innermost open heading or list item (``ctx``). Inside a heading or list
    item, block boundaries only add a space: a <p> inside an <li> belongs to the item.
    """

    def __init__(self, root, facts: _ContentFacts):
        self.root = root
        self.facts = facts
        self.blocks: list[Block] = []
        self.budget = Budget()
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
        elif tag == "table" and not _is_layout_table(el, self.facts):
            self._flush()
            self._table(el)
            return True
        elif not _is_inline(tag):
            self._boundary()
        grade = self.facts.badge_grade(el)
        if grade:
            self._badge(grade)
            return True
        if tag == "img":
            return True
        grade = self.facts.attr.get(el)  # the element holds more than the grade
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
                self._flush()  # which emits the pending badge when it flushes any text
                if self.pending is not None:
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
                self._append(block)
                self._emit_badge(grade)
                return
            self._emit_badge(grade)
        self._append(block)

    def _append(self, block: Block) -> None:
        self.blocks.append(self.budget.add(block))

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
        self._append(Block(PARAGRAPH, grade, badge=True))

    def _table(self, table) -> None:
        """One TABLE block; a <caption> comes first as a paragraph."""
        caption = table.find("caption")
        if caption is not None:
            text = _spaced_text(caption)
            if text:
                self._append(Block(PARAGRAPH, text))
        rows = _table_rows(table)
        if rows:
            self._append(Block(TABLE, "", rows=rows))


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
    facts = _PageFacts(root)
    title = facts.title_text()
    content = _content_root(root, facts)
    dropped = _drop_chrome(content, facts)
    walker = _Walker(content, _ContentFacts(content, facts, dropped))
    del facts  # it holds the dropped chrome
    return Document(format="html", blocks=walker.run(), title=title, has_structure=True)
