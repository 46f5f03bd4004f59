"""The neutral document model: a list of blocks, each carrying what it states.

A builder (kinds_*.py) writes a :class:`Doc` through a :class:`Page`; the renderers turn the
blocks into a file; answers.py reads the judgments, findings and decoys off the same blocks.
Nothing is typed twice: a finding's text is the text of (or a part of) the block that shows
it.

Block kinds:
  heading    text, level 1 (the title) .. 4
  paragraph  text; style "date", "quote", "label", "note", "address", "signature"
  bullet     text (consecutive bullets form one list)
  numbered   text, number
  table      rows (first row is the header); style "rows" (area | grade),
             "columns" (one column per grade), "findings" (a tracker), "plain"
  badge      text is a grade shown on its own (a badge, a grade line, a coloured box)
  furniture  site chrome; style "skip", "textsize", "accessibility", "cookie", "menu",
             "breadcrumb", "caption", "backtotop", "related"
  pagebreak  where a printed page ends (txt export shows the page footer there)
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

HEADING, PARAGRAPH, BULLET, NUMBERED = "heading", "paragraph", "bullet", "numbered"
TABLE, BADGE, FURNITURE, PAGEBREAK = "table", "badge", "furniture", "pagebreak"
WEB = frozenset({"html", "txt", "pdf"})  # formats a web page's chrome survives in
BROWSER = frozenset({"html", "txt"})     # chrome only a browser or its text copy shows

CERTAIN, LIKELY = "certain", "likely"
RECOMMENDATION, AFI = "recommendation", "area_for_improvement"
CAUSE, INNOVATIVE = "cause_of_concern", "innovative_practice"


@dataclass
class Judgment:
    area: str
    grade: str
    confidence: str
    form: str


@dataclass
class Finding:
    kind: str
    text: str
    confidence: str
    form: str
    area: str | None = None
    due: dt.date | None = None
    addressee: str | None = None


@dataclass
class Block:
    kind: str
    text: str = ""
    level: int = 0
    number: int | None = None
    rows: list[list[str]] | None = None
    style: str = ""
    only: frozenset[str] | None = None
    judgments: list[Judgment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    decoys: list[str] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)

    def shown_in(self, fmt: str) -> bool:
        return self.only is None or fmt in self.only

    def all_text(self) -> str:
        if self.kind == TABLE:
            return "\n".join("\t".join(r) for r in self.rows or [])
        return self.text


@dataclass
class Doc:
    key: str
    kind: str
    title: str
    force: str | None
    published: dt.date | None
    report_published: dt.date | None = None
    cycle: str | None = None
    blocks: list[Block] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)
    footer: str | None = None      # running page footer (pdf, docx; a line in a txt export)
    site: str = "HMICFRS"          # the site name web pages append to <title>


class Page:
    """Appends blocks; the helpers attach what each block states."""

    def __init__(self):
        self.blocks: list[Block] = []

    def add(self, block: Block) -> Block:
        self.blocks.append(block)
        return block

    def furniture(self, style: str, text: str, only=WEB) -> Block:
        return self.add(Block(FURNITURE, text, style=style, only=only,
                              forms=[f"meta:furniture-{style}"]))

    def heading(self, level: int, text: str, forms=()) -> Block:
        return self.add(Block(HEADING, text, level=level, forms=list(forms)))

    def para(self, text: str, judgments=(), findings=(), decoys=(), forms=(), style="",
             only=None) -> Block:
        return self.add(Block(PARAGRAPH, text, style=style, only=only,
                              judgments=list(judgments), findings=list(findings),
                              decoys=list(decoys), forms=list(forms)))

    def badge(self, grade: str, area: str, form: str = "grade:badge") -> Block:
        return self.add(Block(BADGE, grade, judgments=[Judgment(area, grade, CERTAIN, form)],
                              forms=[form]))

    def bullet(self, text: str, finding: Finding | None = None, decoys=()) -> Block:
        return self.add(Block(BULLET, text, findings=[finding] if finding else [],
                              decoys=list(decoys)))

    def numbered(self, number: int, text: str, finding: Finding | None = None,
                 decoys=()) -> Block:
        return self.add(Block(NUMBERED, text, number=number,
                              findings=[finding] if finding else [], decoys=list(decoys)))

    def table(self, rows: list[list[str]], style: str, judgments=(), findings=(), decoys=(),
              forms=()) -> Block:
        return self.add(Block(TABLE, rows=[list(r) for r in rows], style=style,
                              judgments=list(judgments), findings=list(findings),
                              decoys=list(decoys), forms=list(forms)))

    def pagebreak(self) -> Block:
        return self.add(Block(PAGEBREAK, only=frozenset({"txt", "pdf", "docx"})))

    def prose(self, writer, n: int = 2, sentences: int = 3) -> None:
        for _ in range(n):
            self.para(writer.paragraph(sentences))
