"""The intermediate form every reader produces: a flat list of text blocks with style cues.

Readers keep all format quirks to themselves (PDF running headers, HTML cookie banners,
Word list styles) and hand the extractor the same simple shape, so the extractor has one
set of rules for every format.
"""
from __future__ import annotations

from dataclasses import dataclass, field

HEADING = "heading"
PARAGRAPH = "paragraph"
LIST_ITEM = "list_item"
TABLE = "table"
KINDS = (HEADING, PARAGRAPH, LIST_ITEM, TABLE)


@dataclass
class Block:
    """One unit of the document in reading order.

    kind   -- HEADING, PARAGRAPH, LIST_ITEM or TABLE.
    text   -- the block's text, whitespace inside it collapsed to single spaces (a paragraph
              split over lines or pages is joined back into one block). For a TABLE it is the
              rows joined by "\\n" with cells joined by "\\t".
    level  -- heading level 1 (highest) .. 6; 0 when the format cannot tell (plain text).
    rows   -- for a TABLE: the cells, row by row (a row may have empty cells: a PEEL
              2021/22 judgments table puts each area in its grade's column).
    page   -- 1-based page number for paged formats (PDF), else None.
    bold   -- the whole block is bold (a hint for headings and grade badges).
    badge  -- the reader knows this block is a grade badge (HTML rating span, img alt,
              coloured box); its text is the grade as written.
    """

    kind: str
    text: str
    level: int = 0
    rows: list[list[str]] | None = None
    page: int | None = None
    bold: bool = False
    badge: bool = False

    def __post_init__(self):
        if self.kind not in KINDS:
            raise ValueError(f"unknown block kind {self.kind!r}")
        if self.kind == TABLE and self.rows is not None and not self.text:
            self.text = "\n".join("\t".join(r) for r in self.rows)


@dataclass
class Document:
    """What a reader returns.

    format         -- "pdf", "html", "docx" or "txt".
    blocks         -- the content in reading order.
    title          -- the file's own metadata title (PDF info, HTML <title>, DOCX core
                      properties), or None; the extractor decides whether to trust it.
    has_structure  -- True when headings and their levels come from the file itself
                      (PDF fonts, HTML tags, Word styles); False for plain text, where the
                      extractor must infer headings.
    page_count     -- number of pages for paged formats, else None.
    page_labels    -- page (1-based, as in Block.page) -> the number printed on it, when
                      known (PDF page labels, else the footer's number); pages absent when
                      unknown.
    """

    format: str
    blocks: list[Block] = field(default_factory=list)
    title: str | None = None
    has_structure: bool = True
    page_count: int | None = None
    page_labels: dict[int, str] = field(default_factory=dict)


# ----------------------------------------------------------------------------- size limits
# Reading and extraction cost time and memory in proportion to the text (what the extractor
# finds in it, and the report it makes, grow with it: a text made only of findings gives a
# finding every 50 characters) and to the number of blocks (each passes every rule of the
# extractor and becomes objects in the report). Both are limited, far above any inspection
# report (the largest we know hold ~250,000 characters in under 1,000 blocks), so that any
# file is read in seconds and a few hundred MB (docs/PERFORMANCE.md).
MB = 1024 * 1024
MAX_BLOCKS = 50_000  # paragraphs, headings, list items and table rows
MAX_TEXT_CHARS = 8 * MB  # characters of text in the blocks


class TooLarge(Exception):
    """A reader met more than it will read; str() is the reason for the officer
    (read_document turns it into ImportFailed)."""


def too_large(size: int, limit: int, what: str = "of text") -> TooLarge:
    """The one-line refusal for a file over a size limit (bytes or characters)."""
    return TooLarge(f"the file is too large to read ({_mb(size)} {what}; "
                    f"the limit is {_mb(limit)})")


def _mb(n: int) -> str:
    return f"{n // MB} MB" if n % MB == 0 or n >= 10 * MB else f"{n / MB:.1f} MB"


def check_blocks(count: int) -> None:
    """Refuse a file once it has given more than MAX_BLOCKS blocks (tables count their
    rows)."""
    if count > MAX_BLOCKS:
        raise TooLarge(f"the file is too large to read (more than {MAX_BLOCKS:,} paragraphs, "
                       f"headings, list items and table rows; the limit is {MAX_BLOCKS:,})")


class Budget:
    """What a reader has made so far, against MAX_BLOCKS and MAX_TEXT_CHARS: the readers
    add each block as they make it, so a file over a limit costs no more than the limit."""

    def __init__(self):
        self.blocks = 0  # a table counts its rows
        self.chars = 0

    def add(self, block: Block) -> Block:
        self.blocks += max(1, len(block.rows)) if block.rows else 1
        self.chars += len(block.text)
        check_blocks(self.blocks)
        if self.chars > MAX_TEXT_CHARS:
            raise TooLarge(f"the file is too large to read (more than {_mb(MAX_TEXT_CHARS)} "
                           f"of text; the limit is {_mb(MAX_TEXT_CHARS)})")
        return block

    def add_all(self, blocks) -> None:
        for block in blocks:
            self.add(block)
