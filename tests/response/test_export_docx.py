"""The Word export of a PCC response, read back with python-docx (and LibreOffice if present)."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import docx
import pytest
from conftest import ROOT, corpus_path
from docx.oxml.ns import qn
from docx.shared import RGBColor

from peelreview.reading.pages import page_for_offset
from peelreview.response.csv_export import export_items_csv
from peelreview.response.docx_export import DEFAULT_TEMPLATE, export_response
from peelreview.workspace import Workspace

SEED_2018 = ("seeds", "001_5a90f104199f3858.txt")
PDF_2021 = ("rendered", "002_peel_2021-22_west_midlands_report.pdf")
OPCC = "Office of the Police and Crime Commissioner for Testshire"


@pytest.fixture
def workspace(tmp_path):
    ws = Workspace(tmp_path / "ws")
    yield ws
    ws.close()


def _import(ws, parts):
    return ws.import_paths([corpus_path(*parts)]).imported[0].report_id


def _texts(d):
    return [p.text for p in d.paragraphs]


def _is_bullet(d, paragraph) -> bool:
    """The paragraph's style (or the paragraph) is numbered with a bullet format."""
    def num_id(el):
        ppr = el.find(qn("w:pPr"))
        numpr = ppr.find(qn("w:numPr")) if ppr is not None else None
        return numpr.find(qn("w:numId")).get(qn("w:val")) if numpr is not None else None
    nid = num_id(paragraph._p) or num_id(paragraph.style.element)
    if nid is None:
        return False
    numbering = d.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.get(qn("w:numId")) == nid)
    abstract = num.find(qn("w:abstractNumId")).get(qn("w:val"))
    absn = next(a for a in numbering.findall(qn("w:abstractNum"))
                if a.get(qn("w:abstractNumId")) == abstract)
    lvl0 = absn.find(qn("w:lvl"))
    return lvl0.find(qn("w:numFmt")).get(qn("w:val")) == "bullet"


def _header_text(d):
    return " ".join(p.text for s in d.sections for p in s.header.paragraphs)


def _check_common(d, response):
    assert d.paragraphs[0].style.name == "Title"
    assert response.report_title in d.paragraphs[0].text
    assert d.core_properties.title == d.paragraphs[0].text
    assert d.core_properties.author == OPCC
    footer_xml = "".join(s.footer._element.xml for s in d.sections)
    assert "PAGE" in footer_xml and "fldChar" in footer_xml
    table = d.tables[0]
    assert table.style.name == "Grades Table"
    rows = [(r.cells[0].text, r.cells[1].text) for r in table.rows]
    assert rows[0] == ("Area", "Grade")
    assert rows[1:] == response.grades
    bullets = [p for p in d.paragraphs if p.style.name == "List Bullet"]
    assert bullets and all(_is_bullet(d, p) for p in bullets)
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    for area, _ in response.grades:
        assert area in headings


def test_export_2018_recommendation_and_draft_header(workspace, tmp_path):
    rid = _import(workspace, SEED_2018)
    svc = workspace.responses
    r = svc.get(rid)
    area = r.recommendations[0].area
    svc.add_bullet(rid, area, "states", "has a clear counter-corruption policy")
    svc.add_bullet(rid, area, "highlighted", "needs to reduce its vetting backlog")
    out = export_response(svc.get(rid), workspace.get_report(rid).report, tmp_path / "a.docx",
                          opcc_name=OPCC, today=dt.date(2019, 6, 1))
    d = docx.Document(str(out))
    r = svc.get(rid)
    _check_common(d, r)
    text = "\n".join(_texts(d))
    assert "26 June 2019" in text and "2 May 2019" in text
    assert "The report makes 1 recommendation." in text
    assert "DRAFT" in _header_text(d) and OPCC in _header_text(d)
    assert "Gaps to close before publication" in text
    rec = r.recommendations[0]
    assert "Recommendation 1" in text and rec.text in text
    assert f"({rec.reference})" in text
    assert "The report states that the force:" in text
    assert "The report highlighted that the force:" in text
    bullets = [p.text for p in d.paragraphs if p.style.name == "List Bullet"]
    assert "has a clear counter-corruption policy" in bullets

    # close every gap: no DRAFT, no gaps list, responses present
    for item in r.items:
        svc.update_item(item.id, cc_comments=f"CC answer {item.id}.",
                        pcc_comments=f"PCC answer {item.id}.", owner="ACC Crime",
                        status="in progress", target_date="2019-12-31")
    svc.update_response(rid, overall="The PCC will hold the force to account.",
                        opcc_name="Westshire OPCC", pcc_name="Sam Rowe")
    r = svc.get(rid)
    assert r.gaps() == []
    out = export_response(r, None, tmp_path / "b.docx", opcc_name=OPCC)
    d = docx.Document(str(out))
    text = "\n".join(_texts(d))
    assert "DRAFT" not in _header_text(d)
    assert "Gaps to close before publication" not in text
    assert f"CC answer {rec.id}." in text and f"PCC answer {rec.id}." in text
    assert "ACC Crime" in text and "31 December 2019" in text
    assert "The PCC will hold the force to account." in text
    csv_text = export_items_csv(r, tmp_path / "t.csv").read_text(encoding="utf-8-sig")
    assert "ACC Crime" in csv_text and "Recommendation" in csv_text


def test_export_2021_pdf_report(workspace, tmp_path):
    rid = _import(workspace, PDF_2021)
    r = workspace.responses.get(rid)
    out = export_response(r, None, tmp_path / "c.docx", opcc_name=OPCC)
    d = docx.Document(str(out))
    _check_common(d, r)
    assert len(r.grades) == 13
    text = "\n".join(_texts(d))
    assert "The report makes no recommendations." in text
    assert "deadline cannot be given" in text
    assert "DRAFT" in _header_text(d)
    report = workspace.get_report(rid).report
    for item in r.items:
        assert item.text in text and ", p. " in item.reference
        # its cover is unnumbered: the page printed "Page 4" is the PDF's 5th sheet, and
        # the reference gives the printed number, as the report's own contents table does
        assert item.reference.endswith(f", p. {page_for_offset(report, item.start) - 1}")
    assert "detective academy" not in text  # innovative practice is not answered


def test_restyled_template_carries_into_output(workspace, tmp_path):
    rid = _import(workspace, SEED_2018)
    t = docx.Document(str(DEFAULT_TEMPLATE))
    t.styles["Heading 1"].font.name = "Georgia"
    t.styles["Heading 1"].font.color.rgb = RGBColor(0xAA, 0x00, 0x33)
    t.styles["Grades Table"].font.name = "Courier New"
    custom = tmp_path / "opcc.docx"
    t.save(str(custom))
    out = export_response(workspace.responses.get(rid), None, tmp_path / "d.docx",
                          template=custom, opcc_name=OPCC)
    d = docx.Document(str(out))
    h1 = d.styles["Heading 1"]
    assert h1.font.name == "Georgia" and h1.font.color.rgb == RGBColor(0xAA, 0x00, 0x33)
    assert d.tables[0].style.name == "Grades Table"
    assert d.tables[0].style.font.name == "Courier New"


def test_template_is_what_the_script_makes(tmp_path):
    out = tmp_path / "t.docx"
    subprocess.run([sys.executable, str(ROOT / "resources/templates/make_template.py"),
                    str(out)], check=True, capture_output=True)
    assert out.read_bytes() == DEFAULT_TEMPLATE.read_bytes()
    d = docx.Document(str(out))
    for name in ("Title", "Heading 1", "Heading 2", "Normal", "List Bullet", "Grades Table"):
        assert d.styles[name] is not None
    assert d.styles["Grades Table"].base_style.name == "Table Grid"


def test_libreoffice_renders_title_and_deadline(workspace, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install "
                    "libreoffice-writer-nogui")
    rid = _import(workspace, SEED_2018)
    out = export_response(workspace.responses.get(rid), None, tmp_path / "lo.docx",
                          opcc_name=OPCC)
    profile = tmp_path / "lo-profile"
    subprocess.run([soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(out)],
                   check=True, capture_output=True, timeout=180)
    pdf = tmp_path / "lo.pdf"
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True,
                          text=True).stdout
    flat = " ".join(text.split())
    assert "Response to the HMICFRS report" in flat
    assert "West Midlands PEEL 2018" in flat
    assert "26 June 2019" in flat and "DRAFT" in flat
    if shutil.which("pdftoppm"):
        subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1",
                        "-singlefile", str(pdf), str(Path("/tmp/response_page1"))],
                       check=True, capture_output=True)


def test_export_for_publication_options(tmp_path, workspace):
    """The published version: no owner, status, target date or references; no area with
    nothing to say; the template's letterhead and signature around the response with the
    names filled in; the grades table's header repeated on every page; no site suffix."""
    from docx import Document as Open

    from peelreview.response.docx_export import DEFAULT_TEMPLATE, RESPONSE_MARKER

    svc, rid = workspace.responses, _import(workspace, SEED_2018)
    r = svc.get(rid)
    svc.update_item(r.items[0].id, cc_comments="Agreed.", pcc_comments="Noted.",
                    owner="ACC Crime", status="in progress", target_date="2019-12-31")
    svc.update_response(rid, pcc_name="Sam Rowe", opcc_name="Westshire OPCC")
    template = tmp_path / "letterhead.docx"
    t = Open(str(DEFAULT_TEMPLATE))
    t.add_paragraph("{opcc_name} \u2013 letterhead")
    t.add_paragraph(RESPONSE_MARKER)
    t.add_paragraph("Signed: {pcc_name}, {date}")
    t.save(str(template))
    r = svc.get(rid)
    r.report_title += " \u2013 HMICFRS"
    full = Open(str(export_response(r, path=tmp_path / "full.docx", template=template)))
    public = Open(str(export_response(r, path=tmp_path / "public.docx", template=template,
                                      internal=False, empty_areas=False)))

    def texts(d):
        return [p.text for p in d.paragraphs]

    assert any("Owner:" in x for x in texts(full)) and not any(
        "Owner:" in x or "Target date:" in x for x in texts(public))
    assert texts(public)[0] == "Westshire OPCC \u2013 letterhead"
    assert any(x.startswith("Signed: Sam Rowe, ") for x in texts(public))
    assert RESPONSE_MARKER not in "\n".join(texts(public))
    title = next(x for x in texts(public) if x.startswith("Response to the HMICFRS report"))
    assert not title.endswith("HMICFRS")
    areas_full = {p.text for p in full.paragraphs if p.style.name == "Heading 1"}
    areas_public = {p.text for p in public.paragraphs if p.style.name == "Heading 1"}
    assert areas_public < areas_full  # graded areas with nothing to say are left out
    grades = public.tables[0]
    assert grades.rows[0]._tr.trPr.find(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tblHeader") is not None
