"""PDFs in two layouts.

reportlab    drawn directly: headings by size, grades in coloured badge boxes, the
             judgments table as a real grid (five grade columns or area | grade), lists,
             a running header and footer, printed-web-page furniture at the top.
libreoffice  a Word file whose tables have narrow fixed columns (render_docx "narrow"),
             converted by LibreOffice in one batch, so table cells wrap word by word.
             Without soffice on PATH the layout is skipped (see SKIPPED_LAYOUTS in
             corpus.py).
"""
from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import render_docx
from .blocks import BADGE, BULLET, FURNITURE, HEADING, NUMBERED, PAGEBREAK, PARAGRAPH, TABLE, Doc

e = html.escape
BADGE_FILL = {"Outstanding": "#1b5e20", "Good": "#2e7d32", "Adequate": "#8d6e00",
              "Requires improvement": "#b34700", "Inadequate": "#c62828",
              "Not graded": "#616161"}


def _styles():
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    ss = getSampleStyleSheet()
    return {
        1: ss["Title"], 2: ss["Heading1"], 3: ss["Heading2"], 4: ss["Heading3"],
        "body": ss["BodyText"],
        "quote": ParagraphStyle("quote", parent=ss["BodyText"], leftIndent=18,
                                fontName="Helvetica-Oblique"),
        "chrome": ParagraphStyle("chrome", parent=ss["BodyText"], fontSize=7,
                                 textColor=colors.grey, leading=9),
        "cell": ParagraphStyle("cell", parent=ss["BodyText"], fontSize=8.5, leading=10.5),
        "badge": ParagraphStyle("badge", parent=ss["BodyText"], fontName="Helvetica-Bold",
                                fontSize=12, textColor=colors.white, leading=15),
    }


def _badge(grade, st):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    t = Table([[_para(grade, st["badge"])]], colWidths=[170], hAlign="LEFT")
    t.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1),
                            colors.HexColor(BADGE_FILL.get(grade, "#333333"))),
                           ("TOPPADDING", (0, 0), (-1, -1), 4),
                           ("BOTTOMPADDING", (0, 0), (-1, -1), 5)]))
    return t


def _para(text, style):
    from reportlab.platypus import Paragraph

    return Paragraph(e(text), style)


def _table(b, st):
    from reportlab.lib import colors
    from reportlab.platypus import Table, TableStyle

    head, *_ = b.rows
    widths = {"columns": [96] * 5, "rows": [300, 150], "contents": [380, 40],
              "findings": [30, 70, 70, 180, 70, 60]}.get(b.style)
    data = [[_para(c, st["cell"]) for c in r] for r in b.rows]
    t = Table(data, colWidths=widths, hAlign="LEFT", repeatRows=1)
    if b.style != "contents":
        t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#dde4ee")),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return t


def _list(items, numbered, st):
    from reportlab.platypus import ListFlowable, ListItem

    kw = {"bulletType": "1", "start": items[0].number} if numbered else {
        "bulletType": "bullet", "start": "\u2022"}
    return ListFlowable([ListItem(_para(i.text, st["body"])) for i in items], **kw)


def render_reportlab(doc: Doc, path: Path) -> None:
    from reportlab.lib.pagesizes import A4
    from reportlab.platypus import PageBreak, SimpleDocTemplate, Spacer

    st = _styles()
    story = []
    blocks = [b for b in doc.blocks if b.shown_in("pdf")]
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if b.kind in (BULLET, NUMBERED):
            j = i
            while j < len(blocks) and blocks[j].kind == b.kind:
                j += 1
            story.append(_list(blocks[i:j], b.kind == NUMBERED, st))
            i = j
            continue
        if b.kind == HEADING:
            story.append(_para(b.text, st[b.level]))
        elif b.kind == PARAGRAPH:
            story.append(_para(b.text, st["quote" if b.style == "quote" else "body"]))
        elif b.kind == BADGE:
            story += [_badge(b.text, st), Spacer(1, 6)]
        elif b.kind == TABLE:
            story += [_table(b, st), Spacer(1, 8)]
        elif b.kind == FURNITURE:
            story.append(_para(b.text, st["chrome"]))
        elif b.kind == PAGEBREAK:
            story.append(PageBreak())
        i += 1

    def decorate(canvas, d):
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(56, A4[1] - 34, doc.title[:90])
        if doc.footer:
            canvas.drawString(56, 28, doc.footer)
        canvas.drawRightString(A4[0] - 56, 28, f"Page {d.page}")
        canvas.restoreState()

    SimpleDocTemplate(str(path), pagesize=A4, title=doc.title, author="Fictional fixture",
                      invariant=1, leftMargin=56, rightMargin=56, topMargin=56,
                      bottomMargin=52).build(story, onFirstPage=decorate,
                                             onLaterPages=decorate)


def soffice() -> str | None:
    return shutil.which("soffice")


def convert_with_libreoffice(jobs: list[tuple[Doc, Path]]) -> None:
    """Write each document as a narrow-table Word file and convert them all to PDF in one
    soffice call (it is slow to start); the PDFs land at the given paths."""
    if not jobs:
        return
    exe = soffice()
    if exe is None:
        raise RuntimeError("soffice is not on PATH")
    with tempfile.TemporaryDirectory(prefix="variety-lo-") as tmp:
        tmpdir = Path(tmp)
        sources = []
        for doc, target in jobs:
            src = tmpdir / f"{target.stem}.docx"
            render_docx.render(doc, "narrow", src, fmt="pdf")
            sources.append(src)
        outdir = tmpdir / "pdf"
        subprocess.run([exe, f"-env:UserInstallation={(tmpdir / 'lo-profile').as_uri()}",
                        "--headless", "--convert-to", "pdf", "--outdir", str(outdir),
                        *map(str, sources)], check=True, capture_output=True, timeout=180)
        for (_, target), src in zip(jobs, sources, strict=True):
            produced = outdir / f"{src.stem}.pdf"
            if not produced.exists():
                raise RuntimeError(f"LibreOffice did not convert {src.name}")
            shutil.move(str(produced), target)
