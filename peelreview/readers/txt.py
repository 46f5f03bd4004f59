"""Plain-text captures: decode robustly, then cut into blocks at blank lines.

Text captures of inspection pages (like the corpus seeds) put one paragraph per line with
blank lines between, bullets as "-" or "•", and tables as tab-separated or "| a | b |" rows.
A grade badge may have been wrapped over two lines ("Requires" / "improvement"): lines of
one blank-separated chunk are joined with a space, so it comes back as one block.
"""
from __future__ import annotations

import codecs
import re
from pathlib import Path

from ..errors import ImportFailed
from ..grades import RUN_TOGETHER, grade_of
from .blocks import (
    HEADING,
    LIST_ITEM,
    MAX_BLOCKS,
    PARAGRAPH,
    TABLE,
    Block,
    Budget,
    Document,
    check_blocks,
)
from .textclean import clean_chars

_BULLET = re.compile(r"^(?:[-*\u2022\u25cf\u25aa\u25e6\u2023\u2043\u00b7\u2013]|\d{1,2}[.)])\s+")
_MD_HEADING = re.compile(r"^(#{1,6})\s+")  # its text: the rest, less closing #s and spaces
_MD_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?$")
# C0 controls other than tab, LF, VT, FF, CR; and the C1 block. Real text never holds them.
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\x80-\x9f]")
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16/32 with BOM, else Windows-1252; reject binary."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding)
            except UnicodeDecodeError as e:
                raise ImportFailed(path, f"not a text file: the {encoding} encoding its "
                                         f"byte-order mark announces does not decode ({e.reason})"
                                   ) from None
            return _reject_controls(path, text)
    if b"\x00" in data:
        raise ImportFailed(path, "not a text file: it holds NUL bytes (binary data or an "
                                 "unknown encoding)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError:
            raise ImportFailed(path, "not a text file: its bytes are neither UTF-8 nor "
                                     "Windows-1252 (binary data or an unknown encoding)"
                               ) from None
    return _reject_controls(path, text)


def _reject_controls(path: Path, text: str) -> str:
    sample = text[:65536]
    bad = len(_CONTROL.findall(sample))
    if bad and bad > max(2, len(sample) // 1000):
        raise ImportFailed(path, f"not a text file: it holds {bad} control characters "
                                 "(binary data or a wrong encoding)")
    return _CONTROL.sub("", text)


def _table_row(line: str) -> list[str] | None:
    """Cells of a tab-separated or "| a | b |" line; None when the line is not a row."""
    s = line.strip()
    if s.startswith("|") and s.count("|") >= 2:
        return [c.strip() for c in s.strip("|").split("|")]
    if "\t" in line.strip(" "):
        return [c.strip() for c in line.strip("\r\n").split("\t")]
    return None


def _line_ends_paragraph(prev: str, line: str, width: int) -> bool:
    """Does the line break after prev end a paragraph (rather than wrap one)?

    In a wrapped paragraph every line but the last fills most of the width; a short line
    followed by more text is a line of its own ("Last updated 02/05/2019" above a grade).
    A grade badge wrapped over two lines ("Requires" / "improvement") is joined back.
    """
    if grade_of(f"{prev} {line}"):
        return False
    if RUN_TOGETHER.match(prev) or RUN_TOGETHER.match(line):
        return True  # each row of a table whose cells ran together is a line of its own
    if width < 45:
        return True
    return len(prev) < 0.6 * width


def chunk_blocks(lines: list[str]) -> list[Block]:
    """Blocks of one blank-line-separated chunk of text lines."""
    rows = [_table_row(ln) for ln in lines]
    if all(r is not None for r in rows) and any(len(r) > 1 for r in rows):
        kept = [r for r, ln in zip(rows, lines, strict=True) if not _MD_RULE.match(ln.strip())]
        check_blocks(len(kept))
        return [Block(TABLE, "", rows=kept)] if kept else []
    blocks: list[Block] = []
    para: list[str] = []

    def flush():
        if para:
            blocks.append(Block(PARAGRAPH, " ".join(para)))
            para.clear()

    width = max(len(ln.strip()) for ln in lines)
    more: dict[int, list[str]] = {}  # list item -> its indented continuation lines
    for n, raw in enumerate(lines):
        line = raw.strip()
        if para and _line_ends_paragraph(lines[n - 1].strip(), line, width):
            flush()
        m = _BULLET.match(line)
        h = _MD_HEADING.match(line)
        # "# Title #": the closing #s and the spaces before them are not the title's (a
        # pattern with a lazy title before them took time squared on a long line)
        title = line[h.end():].rstrip("#").rstrip() if h else ""
        if m:
            flush()
            blocks.append(Block(LIST_ITEM, line[m.end():].strip()))
        elif title:
            flush()
            blocks.append(Block(HEADING, title, level=len(h.group(1))))
        elif blocks and blocks[-1].kind == LIST_ITEM and not para and raw[:1] in " \t":
            more.setdefault(len(blocks) - 1, []).append(line)  # a wrapped bullet goes on
        else:
            para.append(line)
        if len(blocks) > MAX_BLOCKS:
            check_blocks(len(blocks))  # a file of one long chunk stops here
    flush()
    for i, lines_after in more.items():
        blocks[i].text = " ".join([blocks[i].text, *lines_after])
    return blocks


def text_to_blocks(text: str) -> list[Block]:
    """Cut decoded text into blocks (blank lines separate chunks)."""
    text = clean_chars(text.replace("\r\n", "\n").replace("\r", "\n"))
    blocks: list[Block] = []
    chunk: list[str] = []
    budget = Budget()

    def add(found: list[Block]) -> None:
        budget.add_all(found)
        blocks.extend(found)

    for line in text.split("\n"):
        if line.replace("\u00a0", " ").strip():
            chunk.append(line)
        elif chunk:
            add(chunk_blocks(chunk))
            chunk = []
    if chunk:
        add(chunk_blocks(chunk))
    return blocks


def read_txt(path: Path, data: bytes) -> Document:
    """Read a plain-text capture (structure is inferred later by the extractor)."""
    text = decode_text(path, data)
    blocks = text_to_blocks(text)
    has_md = any(b.kind == HEADING for b in blocks)
    return Document(format="txt", blocks=blocks, title=None, has_structure=has_md)
