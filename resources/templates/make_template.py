"""Make resources/templates/response.docx, the Word template of a PCC response.

Run: python resources/templates/make_template.py [OUT.docx]

The output is deterministic (fixed document properties and zip timestamps), so the
committed file only changes when this script does. An OPCC restyles the named styles in
Word (Title, Heading 1, Heading 2, Normal, List Bullet, Quote, and the table style
"Grades Table") and passes its copy with --template; the export uses whichever it is given.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

HERE = Path(__file__).resolve().parent
OUT = HERE / "response.docx"
FIXED = dt.datetime(2024, 1, 1, tzinfo=dt.timezone.utc)
TABLE_STYLE = "Grades Table"


def _shade_first_row(style) -> None:
    """Give the table style a shaded, bold header row (w:tblStylePr firstRow)."""
    el = style.element
    pr = OxmlElement("w:tblStylePr")
    pr.set(qn("w:type"), "firstRow")
    rpr = OxmlElement("w:rPr")
    rpr.append(OxmlElement("w:b"))
    pr.append(rpr)
    tcpr = OxmlElement("w:tcPr")
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), "D9E2F3")
    tcpr.append(shd)
    pr.append(tcpr)
    el.append(pr)


def _drop_theme_fonts(style) -> None:
    """Theme fonts outrank the named font; drop them so the style's font shows."""
    rpr = style.element.rPr
    fonts = rpr.find(qn("w:rFonts")) if rpr is not None else None
    if fonts is not None:
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonts.attrib.pop(qn(attr), None)


def build() -> bytes:
    doc = Document()
    styles = doc.styles
    normal = styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    for name, size in (("Title", 22), ("Heading 1", 15), ("Heading 2", 12)):
        s = styles[name]
        s.font.name = "Arial"
        s.font.size = Pt(size)
        s.font.color.rgb = RGBColor(0x1F, 0x3A, 0x5F)
        _drop_theme_fonts(s)
    styles["List Bullet"].font.name = "Arial"
    quote = styles["Quote"]
    quote.font.name = "Arial"
    table = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.TABLE)
    table.base_style = styles["Table Grid"]
    table.font.name = "Arial"
    table.font.size = Pt(10)
    _shade_first_row(table)
    props = doc.core_properties
    props.title = "Police and Crime Commissioner response to an HMICFRS report"
    props.author = "peelreview"
    props.last_modified_by = "peelreview"
    props.created = props.modified = FIXED.replace(tzinfo=None)
    props.revision = 1
    buf = io.BytesIO()
    doc.save(buf)
    return _fixed_zip(buf.getvalue())


def _fixed_zip(data: bytes) -> bytes:
    """The same bytes every run: rewrite the zip with fixed timestamps, sorted names."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = src.namelist()
        # [Content_Types].xml first, as Word writes it
        names.sort(key=lambda n: (n != "[Content_Types].xml", n))
        for name in names:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(name))
    return out.getvalue()


def main(argv: list[str]) -> int:
    out = Path(argv[0]) if argv else OUT
    out.write_bytes(build())
    print(out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
