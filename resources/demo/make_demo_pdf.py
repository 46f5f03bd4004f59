#!/usr/bin/env python3
"""Build the demo PEEL 2021/22 report PDF from its plain-text source.

    python resources/demo/make_demo_pdf.py [OUT.pdf]

Reads ``src/wessex_peel_2021-22.txt`` (blank line between paragraphs, "- " bullets, the
summary table as tab-separated rows) and lays it out the way the inspectorate's PEEL
2021/22 reports look: cover, contents with page numbers, running header and footer, area
headings with the grade in a coloured box, sentence-style subheadings, bullet lists and the
five-column "Our judgments" table. Wessex Constabulary and everything in the report are
fictional.

The output is reproducible: reportlab's invariant mode fixes the dates and document id, and
the contents page numbers come from a first build.
"""
from __future__ import annotations

import io
import sys
from pathlib import Path
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

HERE = Path(__file__).resolve().parent
SOURCE = HERE / "src" / "wessex_peel_2021-22.txt"
DEFAULT_OUT = HERE / "wessex_peel_2021-22.pdf"

RUNNING_HEADER = "PEEL 2021/22 \u2013 An inspection of Wessex Constabulary"
PDF_TITLE = "PEEL 2021/22 \u2013 An inspection of Wessex Constabulary"

GRADES = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate")
GRADE_COLOURS = {
    "Outstanding": "#0a6b3d",
    "Good": "#2f7f3b",
    "Adequate": "#a8740a",
    "Requires improvement": "#c2361f",
    "Inadequate": "#7d1111",
}
# Sections that are not inspection areas; an area heading is known by what follows it
# (its grade, or the sentence saying the area is not graded).
TOP_HEADINGS = {"Overall summary", "HM Inspector's observations", "Performance in context"}
NOT_GRADED = "We do not grade forces on this question."
SUB_HEADINGS = {"Our judgments", "Important changes to PEEL", "Crime data integrity",
                "Area for improvement", "Cause of concern", "Recommendations",
                "Innovative practice", "Main findings", "Progress on national recommendation"}
SIGNATURE_TITLE = "HM Inspector of Constabulary"
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December")

NAVY = colors.HexColor("#1c2a52")
TEAL = colors.HexColor("#0b6577")
GREY = colors.HexColor("#5b6670")
RULE = colors.HexColor("#9aa5b1")


# ----------------------------------------------------------------------------- source

def read_blocks(path: Path = SOURCE) -> list[list[str]]:
    """The source as blank-line separated blocks of lines."""
    blocks, cur = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            cur.append(line.rstrip())
        elif cur:
            blocks.append(cur)
            cur = []
    if cur:
        blocks.append(cur)
    return blocks


def classify(blocks: list[list[str]]) -> list[tuple[str, object]]:
    """Blocks -> (kind, payload) items: cover, h1, h2, h3, grade, table, bullets, p..."""
    items: list[tuple[str, object]] = []
    i = 0
    cover = []
    while i < len(blocks) and blocks[i][0] != "Overall summary":
        cover.append(" ".join(blocks[i]))
        i += 1
    items.append(("cover", cover))
    for n in range(i, len(blocks)):
        lines = blocks[n]
        text = " ".join(x.strip() for x in lines)
        nxt = " ".join(blocks[n + 1]) if n + 1 < len(blocks) else ""
        if lines[0].startswith("Outstanding\t"):
            header = lines[0].split("\t")
            rows = [(r.split("\t") + [""] * len(header))[:len(header)] for r in lines[1:]]
            items.append(("table", (header, rows)))
        elif all(x.startswith("- ") for x in lines):
            items.append(("bullets", [x[2:].strip() for x in lines]))
        elif text in GRADES:
            items.append(("grade", text))
        elif text in SUB_HEADINGS:
            items.append(("h2", text))
        elif text in TOP_HEADINGS or nxt in GRADES or nxt == NOT_GRADED:
            items.append(("h1", text))
        elif nxt == SIGNATURE_TITLE:
            items.append(("signature", text))
        elif text == SIGNATURE_TITLE:
            items.append(("p", text))
        elif text.split(" ")[0] in MONTHS and " | " in text:
            items.append(("colophon", text))
        elif len(text) < 300 and not text.rstrip().endswith((".", ":", ";", "?", "!")):
            items.append(("h3", text))
        else:
            items.append(("p", text))
    return items


# ----------------------------------------------------------------------------- styles

def _styles() -> dict[str, ParagraphStyle]:
    body = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=14,
                          spaceAfter=7)
    return {
        "body": body,
        "h1": ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=20, leading=24,
                             textColor=NAVY, spaceBefore=4, spaceAfter=10),
        "h2": ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=14, leading=18,
                             textColor=TEAL, spaceBefore=10, spaceAfter=6),
        "h3": ParagraphStyle("h3", fontName="Helvetica-Bold", fontSize=12, leading=15,
                             textColor=NAVY, spaceBefore=8, spaceAfter=5),
        "grade": ParagraphStyle("grade", fontName="Helvetica-Bold", fontSize=12, leading=14,
                                textColor=colors.white),
        "cell": ParagraphStyle("cell", fontName="Helvetica", fontSize=8.5, leading=10.5),
        "cellhead": ParagraphStyle("cellhead", fontName="Helvetica-Bold", fontSize=8.5,
                                   leading=10.5, textColor=colors.white),
        "series": ParagraphStyle("series", fontName="Helvetica-Bold", fontSize=30,
                                 leading=36, textColor=NAVY, spaceAfter=8),
        "date": ParagraphStyle("date", fontName="Helvetica", fontSize=12, leading=16,
                               textColor=GREY, spaceAfter=70 * mm),
        "subtitle": ParagraphStyle("subtitle", fontName="Helvetica", fontSize=16, leading=21,
                                   textColor=NAVY, spaceAfter=12),
        "title": ParagraphStyle("title", fontName="Helvetica-Bold", fontSize=22, leading=27,
                                textColor=TEAL),
        "toc": ParagraphStyle("toc", fontName="Helvetica", fontSize=9.5, leading=11.5),
        "tocbold": ParagraphStyle("tocbold", fontName="Helvetica-Bold", fontSize=9.5,
                                  leading=11.5),
        "signature": ParagraphStyle("signature", parent=body, fontName="Helvetica-Bold",
                                    spaceBefore=10, spaceAfter=2),
        "colophon": ParagraphStyle("colophon", parent=body, fontSize=8, leading=10,
                                   textColor=GREY, spaceBefore=14),
    }


class _Heading(Paragraph):
    """A heading paragraph that knows its contents entry (text and level)."""

    def __init__(self, text: str, style: ParagraphStyle, level: int):
        super().__init__(escape(text), style)
        self.toc_entry = (text, level)


def _grade_box(grade: str, st) -> Table:
    """The grade in a coloured one-cell box; 'Requires improvement' on two lines."""
    two_lines = grade == "Requires improvement"
    label = "Requires<br/>improvement" if two_lines else escape(grade)
    width = 33 * mm if two_lines else (10 + 2.3 * len(grade)) * mm
    box = Table([[Paragraph(label, st["grade"])]], colWidths=[width])
    box.hAlign = "LEFT"
    box.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor(GRADE_COLOURS[grade])),
        ("LEFTPADDING", (0, 0), (-1, -1), 7),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
    ]))
    return box


def _judgments_table(header, rows, st) -> Table:
    data = [[Paragraph(escape(h), st["cellhead"]) for h in header]]
    data += [[Paragraph(escape(c), st["cell"]) for c in row] for row in rows]
    table = Table(data, colWidths=[32 * mm] * len(header))
    style = [("GRID", (0, 0), (-1, -1), 0.5, RULE),
             ("VALIGN", (0, 0), (-1, -1), "TOP"),
             ("TOPPADDING", (0, 0), (-1, -1), 4),
             ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]
    for col, grade in enumerate(header):
        style.append(("BACKGROUND", (col, 0), (col, 0),
                      colors.HexColor(GRADE_COLOURS.get(grade, "#1c2a52"))))
    table.setStyle(TableStyle(style))
    return table


def _contents(items, pages: dict, st) -> list:
    """The contents page: top headings in bold, the sections under them indented."""
    rows = []
    for kind, text in items:
        if kind not in ("h1", "h2"):
            continue
        page = str(pages.get((text, len(rows)), ""))
        sub = kind == "h2"
        style = st["toc"] if sub else st["tocbold"]
        rows.append([Paragraph(("&nbsp;" * 6 if sub else "") + escape(text), style),
                     Paragraph(page, style)])
    table = Table(rows, colWidths=[150 * mm, 15 * mm])
    table.setStyle(TableStyle([("ALIGN", (1, 0), (1, -1), "RIGHT"),
                               ("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("TOPPADDING", (0, 0), (-1, -1), 1),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 1)]))
    return [Paragraph("Contents", st["h1"]), table]


def build_story(items, pages: dict) -> list:
    """Flowables for the whole report; ``pages`` maps contents entries to page numbers."""
    st = _styles()
    story: list = []
    entry = 0
    for kind, payload in items:
        if kind == "cover":
            series, date, subtitle, title = payload
            story += [Spacer(1, 25 * mm), Paragraph(escape(series), st["series"]),
                      Paragraph(escape(date), st["date"]),
                      Paragraph(escape(subtitle), st["subtitle"]),
                      Paragraph(escape(title), st["title"]), PageBreak()]
            story += _contents(items, pages, st)
            story.append(PageBreak())
        elif kind == "h1":
            if payload != "Overall summary":
                story.append(PageBreak())
            heading = _Heading(payload, st["h1"], 1)
            heading.toc_key = (payload, entry)
            entry += 1
            story.append(heading)
        elif kind == "h2":
            heading = _Heading(payload, st["h2"], 2)
            heading.toc_key = (payload, entry)
            entry += 1
            story.append(heading)
        elif kind == "h3":
            story.append(Paragraph(escape(payload), st["h3"]))
        elif kind == "grade":
            story += [_grade_box(payload, st), Spacer(1, 8)]
        elif kind == "table":
            header, rows = payload
            story += [_judgments_table(header, rows, st), Spacer(1, 10)]
        elif kind == "bullets":
            story.append(ListFlowable(
                [ListItem(Paragraph(escape(b), st["body"]), leftIndent=14) for b in payload],
                bulletType="bullet", start="\u2022", leftIndent=14, bulletFontSize=9))
            story.append(Spacer(1, 4))
        elif kind == "signature":
            story.append(Paragraph(escape(payload), st["signature"]))
        elif kind == "colophon":
            story.append(Paragraph(escape(payload), st["colophon"]))
        else:
            story.append(Paragraph(escape(payload), st["body"]))
    # keep each grade box with the heading above it
    out: list = []
    for flowable in story:
        if isinstance(flowable, Table) and out and isinstance(out[-1], _Heading) \
                and len(flowable._cellvalues) == 1:
            out[-1] = KeepTogether([out[-1], flowable])
        else:
            out.append(flowable)
    return out


# ----------------------------------------------------------------------------- document

class _Report(BaseDocTemplate):
    """A4 report: no header or footer on the cover; pages numbered from the contents."""

    def __init__(self, target, **kw):
        super().__init__(target, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm,
                         topMargin=22 * mm, bottomMargin=22 * mm, title=PDF_TITLE,
                         author="HMICFRS (fictional demonstration)",
                         subject="Police effectiveness, efficiency and legitimacy",
                         creator="peelreview resources/demo/make_demo_pdf.py",
                         invariant=1, **kw)
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="body")
        self.addPageTemplates([PageTemplate(id="page", frames=[frame],
                                            onPage=self._decorate)])
        self.heading_pages: dict = {}

    def afterFlowable(self, flowable):
        for f in getattr(flowable, "_content", [flowable]):
            key = getattr(f, "toc_key", None)
            if key is not None:
                self.heading_pages[key] = self.page - 1

    @staticmethod
    def _decorate(canv, doc):
        if doc.page == 1:
            return
        width, height = A4
        canv.saveState()
        canv.setFont("Helvetica", 8)
        canv.setFillColor(GREY)
        canv.setStrokeColor(RULE)
        canv.drawString(20 * mm, height - 13 * mm, RUNNING_HEADER)
        canv.line(20 * mm, height - 15 * mm, width - 20 * mm, height - 15 * mm)
        canv.line(20 * mm, 16 * mm, width - 20 * mm, 16 * mm)
        canv.drawString(20 * mm, 11 * mm, "HMICFRS")
        canv.drawRightString(width - 20 * mm, 11 * mm, f"Page {doc.page - 1}")
        canv.restoreState()


def build(out: Path = DEFAULT_OUT, source: Path = SOURCE) -> Path:
    """Write the PDF to ``out`` (contents page numbers settled by earlier builds)."""
    rl_config.invariant = 1
    items = classify(read_blocks(source))
    pages: dict = {}
    for _ in range(4):
        doc = _Report(io.BytesIO())
        doc.build(build_story(items, pages))
        if doc.heading_pages == pages:
            break
        pages = doc.heading_pages
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    _Report(str(out)).build(build_story(items, pages))
    return out


def main(argv: list[str]) -> int:
    out = build(Path(argv[0]) if argv else DEFAULT_OUT)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
