"""The PCC response as a Word document (python-docx), built only from a Response.

The look comes from a template (resources/templates/response.docx unless the OPCC gives its
own): named styles Title, Heading 1, Heading 2, Normal, List Bullet, Quote and the table
style "Grades Table". The template's body is discarded; its styles, page set-up and
numbering are kept. A style missing from a user's template falls back to Normal / Table Grid.
"""
from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from ..model import FindingKind
from ..paths import RESOURCES, write_atomically
from .draft import Response, ResponseItem

DEFAULT_TEMPLATE = RESOURCES / "templates" / "response.docx"
TABLE_STYLE = "Grades Table"
NOT_PROVIDED = "[Not yet provided]"


def long_date(d: dt.date | None) -> str:
    return f"{d.day} {d:%B %Y}" if d else "not known"


def _style(doc, name: str, fallback: str | None = "Normal") -> str | None:
    try:
        doc.styles[name]
        return name
    except KeyError:
        return fallback


RESPONSE_MARKER = "{{response}}"  # in a template: the letterhead above, the signature below


def _clear_body(doc) -> tuple[list, list]:
    """Empty the template's body, keeping what an OPCC put around the marker paragraph
    {{response}}: the elements above it (a letterhead) and below it (a signature block),
    returned to be put back around the response. A template without the marker keeps
    nothing of its body (only its styles, header and footer)."""
    body = doc.element.body
    children = [c for c in body if c.tag != qn("w:sectPr")]
    marker = next((i for i, c in enumerate(children)
                   if c.tag == qn("w:p") and RESPONSE_MARKER in "".join(
                       t.text or "" for t in c.iter(qn("w:t")))), None)
    above, below = ([], []) if marker is None else (children[:marker], children[marker + 1:])
    for child in children:
        body.remove(child)
    return above, below


def _fill(elements: list, values: dict[str, str]) -> None:
    """Replace {opcc_name}, {pcc_name}, {date} in the letterhead and signature text."""
    for el in elements:
        for t in el.iter(qn("w:t")):
            if t.text and "{" in t.text:
                for key, value in values.items():
                    t.text = t.text.replace("{" + key + "}", value)


def _repeat_header(table) -> None:
    """The table's first row repeats at the top of every page it runs onto."""
    tr_pr = table.rows[0]._tr.get_or_add_trPr()
    mark = OxmlElement("w:tblHeader")
    mark.set(qn("w:val"), "true")
    tr_pr.append(mark)


def _field(paragraph, instr: str) -> None:
    """A complex field (e.g. PAGE) Word and LibreOffice update when they lay out pages."""
    def fld(kind):
        r = OxmlElement("w:r")
        c = OxmlElement("w:fldChar")
        c.set(qn("w:fldCharType"), kind)
        r.append(c)
        return r
    paragraph._p.append(fld("begin"))
    r = OxmlElement("w:r")
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r.append(t)
    paragraph._p.append(r)
    paragraph._p.append(fld("separate"))
    paragraph.add_run("1")
    paragraph._p.append(fld("end"))


def _labelled(doc, label: str, text: str):
    p = doc.add_paragraph(style=_style(doc, "Normal"))
    p.add_run(label).bold = True
    p.add_run(" " + (text.strip() or NOT_PROVIDED))
    return p


def _item(doc, response: Response, item: ResponseItem, internal: bool = True) -> None:
    n = response.recommendation_number(item)
    doc.add_heading(item.label + (f" {n}" if n else ""), level=2)
    quote = doc.add_paragraph(item.text, style=_style(doc, "Quote"))
    if item.reference and internal:
        quote.add_run(f" ({item.reference})").italic = True
    _labelled(doc, "Chief constable's response:", item.cc_comments)
    _labelled(doc, "PCC's response:", item.pcc_comments)
    if item.status == "no action":
        _labelled(doc, "Why no action is taken:", item.no_action_reason)
    if not internal:
        return  # owner, status and target date are the OPCC's working fields
    target = dt.date.fromisoformat(item.target_date) if item.target_date else None
    p = doc.add_paragraph(style=_style(doc, "Normal"))
    for label, value in (("Owner:", item.owner or "not assigned"),
                         ("Status:", item.status),
                         ("Target date:", long_date(target) if target else "none set")):
        p.add_run(label).bold = True
        p.add_run(f" {value}    ")


def statutory_paragraph(response: Response) -> str:
    recs = len(response.recommendations)
    made = (f"The report makes {recs} recommendation{'s' if recs != 1 else ''}."
            if recs else "The report makes no recommendations.")
    rule = ("Under section 55 of the Police Act 1996 the Police and Crime Commissioner must "
            "publish comments on an HMICFRS report, with any comments of the chief constable "
            "and an explanation of the action taken or proposed on each recommendation (or "
            "why none is), within 56 days of the report's publication")
    if response.published is None:
        return (f"{rule}. The publication date of this report is not yet recorded, so the "
                f"deadline cannot be given. {made}")
    return (f"HMICFRS published the report on {long_date(response.published)}. {rule}: for "
            f"this report, by {long_date(response.deadline)}. {made}")


def export_response(response: Response, report=None, path: str | Path = "response.docx",
                    template: str | Path | None = None, opcc_name: str | None = None,
                    today: dt.date | None = None, internal: bool = True,
                    empty_areas: bool = True) -> Path:
    """Write the response as a .docx at path; returns the path.

    report is accepted for callers that have it; everything is taken from response.
    internal=False leaves out the OPCC's working fields (owner, status, target date, section
    and page references); empty_areas=False leaves out areas with nothing to say (no items,
    no points). A template's letterhead and signature block stand around its {{response}}
    paragraph ({opcc_name}, {pcc_name} and {date} are filled in).
    """
    from ..extract.report import strip_site_suffix

    path = Path(path)
    today = today or dt.date.today()
    opcc = opcc_name or response.opcc_name or "Office of the Police and Crime Commissioner"
    gaps = response.gaps()
    doc = open_template(template) if template is not None else Document(str(DEFAULT_TEMPLATE))
    letterhead, signature = _clear_body(doc)
    _fill(letterhead + signature, {"opcc_name": opcc, "pcc_name": response.pcc_name or "",
                                   "date": long_date(today)})
    for el in letterhead:
        doc.element.body.insert(len(doc.element.body) - 1, el)
    title = f"Response to the HMICFRS report: {strip_site_suffix(response.report_title)}"

    # header and footer (every section of the template)
    for section in doc.sections:
        header = section.header
        header.is_linked_to_previous = False
        hp = header.paragraphs[0] if header.paragraphs else header.add_paragraph()
        hp.text = opcc + ("  \u2014  DRAFT" if gaps else "")
        footer = section.footer
        footer.is_linked_to_previous = False
        fp = footer.paragraphs[0] if footer.paragraphs else footer.add_paragraph()
        fp.text = ""
        fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
        fp.add_run("Page ")
        _field(fp, "PAGE")

    doc.add_paragraph(title, style=_style(doc, "Title"))
    _labelled(doc, "Date:", long_date(today))
    if response.pcc_name:
        _labelled(doc, "Police and Crime Commissioner:", response.pcc_name)
    if response.published is not None:
        _labelled(doc, "Deadline for publication:", long_date(response.deadline))

    doc.add_heading("Introduction", level=1)
    doc.add_paragraph(statutory_paragraph(response), style=_style(doc, "Normal"))
    for para in response.introduction.split("\n\n"):
        if para.strip():
            doc.add_paragraph(para.strip(), style=_style(doc, "Normal"))

    if response.grades:
        doc.add_heading("Summary of grades", level=1)
        table = doc.add_table(rows=1, cols=2)
        table.style = _style(doc, TABLE_STYLE, _style(doc, "Table Grid", None))
        hdr = table.rows[0].cells
        hdr[0].text, hdr[1].text = "Area", "Grade"
        _repeat_header(table)
        for area, grade in response.grades:
            cells = table.add_row().cells
            cells[0].text, cells[1].text = area, grade

    bullet = _style(doc, "List Bullet")
    for area in response.areas():
        has_words = area.items or area.states or area.highlighted
        if not (has_words or (area.grade and empty_areas)):
            continue
        doc.add_heading(area.name, level=1)
        if area.grade:
            _labelled(doc, "Grade:", area.grade)
        for part, lead in (("states", "The report states that the force:"),
                           ("highlighted", "The report highlighted that the force:")):
            bullets = getattr(area, part)
            if bullets:
                doc.add_paragraph(lead, style=_style(doc, "Normal"))
                for b in bullets:
                    doc.add_paragraph(b.text, style=bullet)
        for kind in (FindingKind.CAUSE_OF_CONCERN.value, FindingKind.RECOMMENDATION.value,
                     FindingKind.AREA_FOR_IMPROVEMENT.value):
            for item in area.items:
                if item.kind == kind:
                    _item(doc, response, item, internal)

    doc.add_heading("Overall comments of the Police and Crime Commissioner", level=1)
    doc.add_paragraph(response.overall.strip() or NOT_PROVIDED, style=_style(doc, "Normal"))
    for para in response.closing.split("\n\n"):
        if para.strip():
            doc.add_paragraph(para.strip(), style=_style(doc, "Normal"))

    for el in signature:
        doc.element.body.insert(len(doc.element.body) - 1, el)

    if gaps:
        doc.add_heading("Gaps to close before publication", level=1)
        for g in gaps:
            doc.add_paragraph(g, style=bullet)

    props = doc.core_properties
    props.title = title
    props.author = opcc
    props.last_modified_by = opcc
    props.subject = response.force or ""
    props.keywords = "HMICFRS; PCC response; s.55 Police Act 1996"
    props.comments = "DRAFT" if gaps else ""
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = now
    buffer = io.BytesIO()
    doc.save(buffer)
    write_atomically(path, buffer.getvalue())
    return path


class TemplateError(ValueError):
    """The template is not a Word document peelreview can use; str() says which and why."""

    def __init__(self, template: Path, reason: str):
        super().__init__(f"cannot use the template {template}: {reason}")
        self.template, self.reason = template, reason


#: a template is a letterhead and some styles: anything larger is not one
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024


def open_template(template) -> Document:
    """The officer's template, through the guards every imported Word file passes."""
    from ..errors import ImportFailed
    from ..readers.docx_reader import open_word_document

    template = Path(template)
    try:
        size = template.stat().st_size
        if size > MAX_TEMPLATE_BYTES:
            raise TemplateError(template, f"it is too large for a template "
                                          f"({size // (1024 * 1024)} MB)")
        data = template.read_bytes()
    except FileNotFoundError:
        raise TemplateError(template, "the file is not there any more") from None
    except OSError as e:
        raise TemplateError(template, e.strerror or str(e)) from None
    try:
        return open_word_document(template, data)
    except ImportFailed as e:
        raise TemplateError(template, e.reason) from None
