"""Word documents (python-docx) in three layouts, plus the narrow-table variant that the
LibreOffice PDF layout converts.

headings         Title / Heading 1-3 styles, List Bullet / List Number, grid tables.
cell-paragraphs  as headings, but a five-column judgments table is one header row and ONE
                 row whose cell under each grade holds one paragraph per area.
pcc-table        an OPCC's own document: headings are bold Normal paragraphs, the grades
                 table has two shaded columns, the findings are a numbered list.
narrow           (for render_pdf's libreoffice layout) tables with fixed narrow columns, so
                 that cells wrap word by word ("Treatment of the" / "public").
The file is made byte-for-byte repeatable: fixed core properties, fixed zip timestamps.
"""
from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from .blocks import BADGE, BULLET, FURNITURE, HEADING, NUMBERED, PAGEBREAK, PARAGRAPH, TABLE, Doc

_FIXED = dt.datetime(2020, 1, 1, 9, 0, 0)
GRADE_COLOURS = {"Outstanding": "1B5E20", "Good": "2E7D32", "Adequate": "F9A825",
                 "Requires improvement": "EF6C00", "Inadequate": "C62828",
                 "Not graded": "616161"}


def _shade(cell, fill: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shd)


def _fixed_widths(table, widths) -> None:
    """Column widths LibreOffice keeps: a fixed layout, the grid and every cell's width."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    table.autofit = False
    tblpr = table._tbl.tblPr
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    tblpr.append(layout)
    for col, width in zip(table.columns, widths, strict=True):
        col.width = width
        for cell in col.cells:
            cell.width = width


def _heading(d, b, manual: bool) -> None:
    from docx.shared import Pt

    if manual:
        p = d.add_paragraph()
        run = p.add_run(b.text)
        run.bold = True
        run.font.size = Pt({1: 16, 2: 13, 3: 11, 4: 11}[b.level])
    else:
        d.add_heading(b.text, 0 if b.level == 1 else b.level - 1)


def _table(d, b, layout: str) -> None:
    from docx.shared import Cm, Pt

    head, *rows = b.rows
    if b.style == "columns" and layout == "cell-paragraphs":
        t = d.add_table(rows=2, cols=len(head))
        t.style = "Table Grid"
        for c, grade in enumerate(head):
            t.cell(0, c).text = grade
            areas = [r[c] for r in rows if r[c]]
            cell = t.cell(1, c)
            cell.text = areas[0] if areas else ""
            for area in areas[1:]:
                cell.add_paragraph(area)
        return
    t = d.add_table(rows=len(b.rows), cols=len(head))
    t.style = "Table Grid"
    for r, row in enumerate(b.rows):
        for c, value in enumerate(row):
            t.cell(r, c).text = value
    if layout == "pcc-table":
        for c in range(len(head)):
            _shade(t.cell(0, c), "D9E2F3")
        if b.style == "rows":
            for r, row in enumerate(rows, 1):
                _shade(t.cell(r, 1), GRADE_COLOURS.get(row[1], "FFFFFF"))
    if layout == "narrow" and b.style in ("rows", "columns"):
        widths = [Cm(3.2), Cm(2.8)] if b.style == "rows" else [Cm(2.9)] * len(head)
        _fixed_widths(t, widths)
        for row in t.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    for run in p.runs:
                        run.font.size = Pt(10)


def build(doc: Doc, layout: str, fmt: str = "docx"):
    import docx
    from docx.enum.text import WD_BREAK
    from docx.shared import Pt, RGBColor

    d = docx.Document()
    props = d.core_properties
    props.title, props.author, props.last_modified_by = doc.title, "Fictional fixture", ""
    props.created = props.modified = props.last_printed = _FIXED
    props.revision = 1
    if doc.footer:
        d.sections[0].footer.paragraphs[0].text = doc.footer
    manual = layout == "pcc-table"
    for b in doc.blocks:
        if not b.shown_in(fmt):
            continue
        if b.kind == FURNITURE:  # a printed web page's chrome (only for the PDF layout)
            run = d.add_paragraph().add_run(b.text)
            run.font.size = Pt(7)
            run.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        elif b.kind == HEADING:
            _heading(d, b, manual)
        elif b.kind == PARAGRAPH:
            p = d.add_paragraph(b.text)
            if b.style == "quote":
                p.paragraph_format.left_indent = Pt(24)
        elif b.kind == BADGE:
            run = d.add_paragraph().add_run(b.text)
            run.bold = True
            run.font.size = Pt(13)
            run.font.color.rgb = RGBColor.from_string(GRADE_COLOURS.get(b.text, "000000"))
        elif b.kind == BULLET:
            d.add_paragraph(b.text, style="List Bullet")
        elif b.kind == NUMBERED:
            d.add_paragraph(b.text, style="List Number")
        elif b.kind == TABLE:
            _table(d, b, layout)
        elif b.kind == PAGEBREAK:
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    return d


def repeatable(data: bytes) -> bytes:
    """The same zip with every member's timestamp fixed (python-docx stamps 'now')."""
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()


def render(doc: Doc, layout: str, path: Path, fmt: str = "docx") -> None:
    """Write the Word file (fmt "pdf": the blocks a PDF shows, for LibreOffice)."""
    buf = io.BytesIO()
    build(doc, layout, fmt).save(buf)
    path.write_bytes(repeatable(buf.getvalue()))
