"""PDF reader: structure rebuilt from layout, running lines dropped, tables, hostile files.

Fixtures are small fictional PDFs built here with reportlab ("Wessex Constabulary" is not a
real force); the real re-rendered PEEL report and the hostile files come from the shared
corpus beside the repo (those tests skip when it is not there).
"""
from __future__ import annotations

import io
import re
import time
from pathlib import Path

import pytest
from conftest import CORPUS
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    ListFlowable,
    ListItem,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

from peelreview.errors import ImportFailed
from peelreview.readers import pdf as pdf_reader
from peelreview.readers import read_document
from peelreview.readers.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE
from peelreview.readers.pdf import read_pdf

REPORT_002 = CORPUS / "rendered" / "002_peel_2021-22_west_midlands_report.pdf"
BAD = CORPUS / "bad"
GRADES = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
BODY = ("Wessex Constabulary has a clear plan for neighbourhood policing, and officers told "
        "us that they understood the priorities set by senior leaders in the county.")


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared corpus file not found: {path} (clone ../shared beside the repo)")
    return path


def read(path: Path):
    return read_pdf(path, path.read_bytes())


def texts(doc, kind=None):
    return [b.text for b in doc.blocks if kind is None or b.kind == kind]


def build_story(path: Path, story, header: str | None = None) -> Path:
    """A platypus document with an optional running header and a page-number footer."""
    def decorate(canv, doc):
        if header:
            canv.saveState()
            canv.setFont("Helvetica", 8)
            canv.drawString(56, A4[1] - 36, header)
            canv.drawRightString(A4[0] - 56, 30, f"Page {doc.page}")
            canv.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, title="Wessex fixture", invariant=1,
                            leftMargin=56, rightMargin=56, topMargin=60, bottomMargin=56)
    doc.build(story, onFirstPage=decorate, onLaterPages=decorate)
    return path


def draw_pages(path: Path, pages, font="Helvetica", size=10, leading=14,
               header: str | None = None, footer: str | None = None) -> Path:
    """Pages of lines at exact positions: each page a list of lines, None for a blank line."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for number, lines in enumerate(pages, 1):
        if header:
            c.setFont("Helvetica", 8)
            c.drawString(56, A4[1] - 34, header)
        if footer:
            c.setFont("Helvetica", 8)
            c.drawString(56, 28, footer.format(n=number))
        c.setFont(font, size)
        y = A4[1] - 80
        for line in lines:
            if line is not None:
                c.drawString(56, y, line)
            y -= leading
        c.showPage()
    c.save()
    return path


# --------------------------------------------------------------------------- structure

def test_headings_get_levels_by_size_and_bold_lines_stand_alone(tmp_path):
    ss = getSampleStyleSheet()
    bold_body = ParagraphStyle("bb", parent=ss["BodyText"], fontName="Helvetica-Bold")
    story = [Paragraph("An inspection of Wessex Constabulary", ss["Heading1"]),
             Paragraph("Investigating crime", ss["Heading2"]),
             Paragraph(BODY + " " + BODY, ss["BodyText"]),
             Paragraph("Supervisors review open investigations", bold_body),
             Paragraph("The force reviews <b>most</b> open cases every month. " + BODY,
                       ss["BodyText"])]
    doc = read(build_story(tmp_path / "h.pdf", story))
    got = [(b.kind, b.level, b.text) for b in doc.blocks]
    assert got[0] == (HEADING, 1, "An inspection of Wessex Constabulary")
    assert got[1] == (HEADING, 2, "Investigating crime")
    assert got[2] == (PARAGRAPH, 0, BODY + " " + BODY)  # three wrapped lines, one block
    assert got[3] == (HEADING, 3, "Supervisors review open investigations")
    assert got[4][0] == PARAGRAPH and got[4][2].startswith("The force reviews most open")
    assert doc.format == "pdf" and doc.has_structure and doc.page_count == 1
    assert doc.title == "Wessex fixture"
    assert all(b.page == 1 for b in doc.blocks)


def test_paragraph_broken_by_a_page_is_joined_and_running_lines_go(tmp_path):
    filler = [f"Line {i} of the fictional Wessex Constabulary findings." for i in range(1, 4)]
    page1 = filler + [None, "We have expanded the previous four-tier system of reviews to"]
    page2 = ["five tiers. As a result, the force can state more precisely where it must act.",
             None, "A new paragraph starts after the gap."]
    page3 = ["The third page closes the fictional report."]
    path = draw_pages(tmp_path / "p.pdf", [page1, page2, page3],
                      header="Wessex Constabulary \u2013 fictional inspection",
                      footer="HMICFRS                                   Page {n}")
    doc = read(path)
    got = texts(doc)
    assert ("We have expanded the previous four-tier system of reviews to five tiers. As a "
            "result, the force can state more precisely where it must act.") in got
    joined = next(b for b in doc.blocks if b.text.startswith("We have expanded"))
    assert joined.page == 1
    assert "A new paragraph starts after the gap." in got
    assert not any("Wessex Constabulary \u2013" in t or "HMICFRS" in t or "Page" in t
                   for t in got)
    assert doc.page_count == 3


def test_page_break_after_a_full_stop_keeps_paragraphs_apart(tmp_path):
    page1 = ["The first page ends with a whole sentence."]
    page2 = ["The second page starts a paragraph of its own."]
    doc = read(draw_pages(tmp_path / "s.pdf", [page1, page2]))
    assert texts(doc) == page1 + page2


def test_lone_page_number_goes_but_body_numbers_stay(tmp_path):
    c = canvas.Canvas(str(tmp_path / "n.pdf"), pagesize=A4, invariant=1)
    c.setFont("Helvetica", 10)
    c.drawString(56, 760, "1")
    c.drawString(56, 740, "Wessex Constabulary answered 96 percent of emergency calls.")
    c.setFont("Helvetica", 8)
    c.drawRightString(A4[0] - 56, 30, "3")
    c.showPage()
    c.save()
    doc = read(tmp_path / "n.pdf")
    assert texts(doc) == ["1", "Wessex Constabulary answered 96 percent of emergency calls."]


def test_numbers_that_do_not_count_the_pages_are_not_page_numbers(tmp_path):
    pages = [[number, None, f"Question {number} asks how well the fictional force works."]
             for number in ("2", "5", "7")]
    path = draw_pages(tmp_path / "q.pdf", pages, footer="Page {n}")
    assert texts(read(path)) == [line for page in pages for line in page if line]


def test_ligatures_soft_hyphens_and_hard_hyphens(tmp_path):
    fonts = Path(pdfmetrics.__file__).resolve().parents[1] / "fonts" / "Vera.ttf"
    pdfmetrics.registerFont(TTFont("VeraFixture", str(fonts)))
    lines = ["The \ufb01nal review of inves\u00ad",  # ligature, then a soft hyphen at the end
             "tigation \ufb02ow found that anti-",  # a real compound split at its hyphen
             "social behaviour cases were logged. Each investigation had a plan."]
    doc = read(draw_pages(tmp_path / "l.pdf", [lines], font="VeraFixture"))
    assert texts(doc) == ["The final review of investigation flow found that anti-social "
                          "behaviour cases were logged. Each investigation had a plan."]


def test_line_break_hyphen_kept_when_the_document_never_joins_the_word(tmp_path):
    lines = ["Officers described the new self-", "assessment process as helpful."]
    doc = read(draw_pages(tmp_path / "k.pdf", [lines]))
    assert texts(doc) == ["Officers described the new self-assessment process as helpful."]


def test_bullets_become_list_items_and_wrapped_items_stay_whole(tmp_path):
    ss = getSampleStyleSheet()
    long_item = "the force should make sure that " + BODY
    story = [Paragraph("HMICFRS found that the force:", ss["BodyText"]),
             ListFlowable([ListItem(Paragraph("reviews its crime screening policy;",
                                              ss["BodyText"])),
                           ListItem(Paragraph(long_item, ss["BodyText"]))],
                          bulletType="bullet"),
             Paragraph("After the list the text goes on as a paragraph.", ss["BodyText"])]
    doc = read(build_story(tmp_path / "b.pdf", story))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "HMICFRS found that the force:"),
        (LIST_ITEM, "reviews its crime screening policy;"),
        (LIST_ITEM, long_item),
        (PARAGRAPH, "After the list the text goes on as a paragraph.")]


def test_bullet_glyph_at_the_start_of_a_line_of_text(tmp_path):
    lines = ["The force should:", None, "\u2022 review open investigations every month;",
             "\u2022 record the direction it gives."]
    doc = read(draw_pages(tmp_path / "g.pdf", [lines]))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (PARAGRAPH, "The force should:"),
        (LIST_ITEM, "review open investigations every month;"),
        (LIST_ITEM, "record the direction it gives.")]


def test_two_column_table_comes_out_as_rows(tmp_path):
    ss = getSampleStyleSheet()
    rows = [["Area", "Grade"], ["Investigating crime", "Good"],
            ["Protecting vulnerable people", "Requires improvement"],
            ["Responding to the public", "Adequate"]]
    table = Table(rows, colWidths=[300, 130])
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                               ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                               ("FONTSIZE", (0, 0), (-1, -1), 9)]))
    story = [Paragraph(BODY, ss["BodyText"]), Spacer(1, 6), table, Spacer(1, 6),
             Paragraph("The table above repeats the fictional grades.", ss["BodyText"])]
    doc = read(build_story(tmp_path / "t.pdf", story))
    kinds = [b.kind for b in doc.blocks]
    assert kinds == [PARAGRAPH, TABLE, PARAGRAPH]
    assert doc.blocks[1].rows == rows
    assert doc.blocks[1].text.split("\n")[1] == "Investigating crime\tGood"


def test_table_continued_on_the_next_page_is_one_table(tmp_path):
    ss = getSampleStyleSheet()
    rows = [["Recommendation", "Status"]] + [
        [f"Fictional recommendation {i}", "Complete" if i % 2 else "In progress"]
        for i in range(1, 80)]
    table = Table(rows, colWidths=[300, 130], repeatRows=1)
    table.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.grey)]))
    story = [Paragraph("Annex A", ss["Heading1"]), table,
             Paragraph("End of the fictional annex.", ss["BodyText"])]
    doc = read(build_story(tmp_path / "long.pdf", story, header="Wessex annex"))
    assert doc.page_count > 1
    assert [b.kind for b in doc.blocks] == [HEADING, TABLE, PARAGRAPH]
    assert doc.blocks[1].rows == rows  # the header repeated on page 2 is not a row


def test_crowded_pages_read_the_same_way(tmp_path, monkeypatch):
    """Pages with many text objects take a one-pass route to their text: same result."""
    ss = getSampleStyleSheet()
    story = [Paragraph("Investigating crime", ss["Heading1"]),
             Paragraph(BODY + " The self-", ss["BodyText"]),
             ListFlowable([ListItem(Paragraph(BODY, ss["BodyText"]))], bulletType="bullet")]
    path = build_story(tmp_path / "c.pdf", story, header="Wessex Constabulary")
    normal = [(b.kind, b.text) for b in read(path).blocks]
    monkeypatch.setattr(pdf_reader, "_CROWDED", 0)
    assert [(b.kind, b.text) for b in read(path).blocks] == normal


def test_boxed_grade_split_over_two_lines_is_one_badge(tmp_path):
    ss = getSampleStyleSheet()
    grade_style = ParagraphStyle("g", fontName="Helvetica-Bold", fontSize=12, leading=14,
                                 textColor=colors.white)
    badge = Table([[Paragraph("Requires<br/>improvement", grade_style)]], colWidths=[90])
    badge.hAlign = "LEFT"
    badge.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#d4351c"))]))
    story = [Paragraph("Investigating crime", ss["Heading1"]), badge, Spacer(1, 8),
             Paragraph("Wessex Constabulary requires improvement at investigating crime.",
                       ss["BodyText"])]
    doc = read(build_story(tmp_path / "badge.pdf", story))
    got = [(b.kind, b.text, b.badge, b.bold) for b in doc.blocks]
    assert got == [
        (HEADING, "Investigating crime", False, True),
        (PARAGRAPH, "Requires improvement", True, True),
        (PARAGRAPH, "Wessex Constabulary requires improvement at investigating crime.",
         False, False)]


def test_bold_grade_line_is_a_paragraph_not_a_heading(tmp_path):
    ss = getSampleStyleSheet()
    grade = ParagraphStyle("grade", parent=ss["BodyText"], fontName="Helvetica-Bold",
                           fontSize=12)
    story = [Paragraph("Responding to the public", ss["Heading1"]), Paragraph("Good", grade),
             Paragraph("Wessex Constabulary is good at responding to the public.",
                       ss["BodyText"])]
    doc = read(build_story(tmp_path / "good.pdf", story))
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "Responding to the public"), (PARAGRAPH, "Good"),
        (PARAGRAPH, "Wessex Constabulary is good at responding to the public.")]
    assert doc.blocks[1].bold and not doc.blocks[1].badge


# --------------------------------------------------------------------------- real report

@pytest.fixture(scope="module")
def report_002():
    return read(need(REPORT_002))


def test_real_report_judgments_table_puts_areas_under_their_grade(report_002):
    tables = [b for b in report_002.blocks if b.kind == TABLE]
    judgments = next(t for t in tables if t.rows[0] == GRADES)  # header cell wraps in the PDF
    row = next(r for r in judgments.rows if "Investigating crime" in r)
    assert row.index("Investigating crime") == GRADES.index("Requires improvement")
    assert all(len(r) == 5 for r in judgments.rows)
    assert all(r[0] == "" and r[4] == "" for r in judgments.rows[1:])


def test_real_report_split_grade_is_one_badge_after_its_heading(report_002):
    blocks = report_002.blocks
    i = next(i for i, b in enumerate(blocks)
             if b.kind == HEADING and b.text == "Investigating crime")
    grade = blocks[i + 1]
    assert (grade.kind, grade.text, grade.badge, grade.bold) == (
        PARAGRAPH, "Requires improvement", True, True)
    assert blocks[i + 2].kind == PARAGRAPH and blocks[i + 2].text != grade.text


def test_real_report_has_no_running_lines_and_sane_structure(report_002):
    doc = report_002
    assert doc.page_count == 37 and doc.title
    got = texts(doc)
    assert not any(re.search(r"HMICFRS Page \d|^Page \d+$", t) for t in got)
    assert not any(t.startswith("PEEL 2021/22 \u2013 An inspection") for t in got)
    levels = {b.level for b in doc.blocks if b.kind == HEADING}
    assert levels and levels <= set(range(1, 7))
    assert sum(b.kind == LIST_ITEM for b in doc.blocks) >= 20
    assert all(b.text for b in doc.blocks)
    pages = [b.page for b in doc.blocks]
    assert pages == sorted(pages)


# --------------------------------------------------------------------------- hostile files

@pytest.mark.parametrize("name,words", [
    ("truncated.pdf", ["damaged"]),
    ("pdf_header_garbage.pdf", ["damaged"]),
    ("encrypted_password.pdf", ["encrypted", "password"]),
    ("image_only.pdf", ["no text layer", "ocr"]),
])
def test_hostile_pdfs_fail_with_a_clear_reason(name, words):
    path = need(BAD / name)
    t0 = time.perf_counter()
    with pytest.raises(ImportFailed) as err:
        read(path)
    assert time.perf_counter() - t0 < 10
    reason = err.value.reason.lower()
    assert all(w in reason for w in words), reason
    assert "\n" not in reason


def test_empty_pdf_is_refused_by_the_dispatcher():
    with pytest.raises(ImportFailed, match="empty"):
        read_document(need(BAD / "zero_bytes.pdf"))


def test_pdf_named_docx_is_read_as_pdf():
    doc = read_document(need(BAD / "renamed_pdf.docx"))
    assert doc.format == "pdf"
    got = [(b.kind, b.text) for b in doc.blocks]
    assert (HEADING, "Investigating crime") in got
    i = got.index((HEADING, "Investigating crime"))
    assert got[i + 1] == (PARAGRAPH, "Good")


def test_tiny_lines_are_all_kept_in_order():
    t0 = time.perf_counter()
    doc = read(need(BAD / "tiny_lines_2000.pdf"))
    assert time.perf_counter() - t0 < 10
    numbers = [int(n) for n in re.findall(r"Tiny line (\d{4}) of 2000", " ".join(texts(doc)))]
    assert numbers == list(range(1, 2001))


def test_random_bytes_after_a_pdf_header_fail_cleanly():
    with pytest.raises(ImportFailed, match="damaged"):
        read_pdf(Path("x.pdf"), b"%PDF-1.4\n" + bytes(range(256)) * 8)


def test_too_many_pages_is_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(pdf_reader, "MAX_PAGES", 2)
    path = draw_pages(tmp_path / "long.pdf", [["One."], ["Two."], ["Three."]])
    with pytest.raises(ImportFailed, match="too large"):
        read(path)


def test_pages_without_any_text_ask_for_ocr(tmp_path):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=A4, invariant=1)
    c.rect(100, 100, 200, 200, fill=1)
    c.showPage()
    c.save()
    with pytest.raises(ImportFailed, match="no text layer"):
        read_pdf(tmp_path / "blank.pdf", buf.getvalue())


# --------------------------------------------------------------------------- printed pages

def footed_pages(path: Path, rows, labels=()) -> Path:
    """One page per (body line, footer or None); labels: (page index, addPageLabel
    keywords) for the PDF's own page labels."""
    c = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    for index, options in labels:
        c.addPageLabel(index, **options)
    for body, footer in rows:
        c.setFont("Helvetica", 10)
        c.drawString(56, A4[1] - 80, body)
        if footer:
            c.setFont("Helvetica", 8)
            c.drawString(56, 28, footer)
        c.showPage()
    c.save()
    return path


def test_footer_numbers_that_count_with_the_pages_become_page_labels(tmp_path):
    """A cover page without a number, then "Page 1", "Page 2"...: the PDF's 3rd page is the
    printed page 2, which is what the contents table and an officer's reference use."""
    words = ("Patrol", "Custody", "Vetting", "Training", "Wellbeing")
    rows = [(f"{word} is what this sheet of the fictional Wessex report is about.",
             f"HMICFRS                     Page {n - 1}" if n > 1 else None)
            for n, word in enumerate(words, 1)]
    doc = read(footed_pages(tmp_path / "f.pdf", rows))
    assert doc.page_labels == {2: "1", 3: "2", 4: "3", 5: "4"}
    assert not any("Page" in t for t in texts(doc))


def test_the_pdfs_own_page_labels_win_over_footer_numbers(tmp_path):
    rows = [(f"{letter}: a sheet of a fictional report.", f"Page {n}")
            for n, letter in enumerate("ABCD", 1)]
    labels = [(0, {"style": "ROMAN_LOWER"}), (2, {"style": "ARABIC", "start": 1})]
    doc = read(footed_pages(tmp_path / "l.pdf", rows, labels))
    assert doc.page_labels == {1: "i", 2: "ii", 3: "1", 4: "2"}


def test_a_page_whose_number_breaks_the_count_gets_no_label(tmp_path):
    rows = [("A line of the fictional Wessex Constabulary report.", f"Page {n}")
            for n in ("1", "2", "9", "4", "5")]
    doc = read(footed_pages(tmp_path / "b.pdf", rows))
    assert doc.page_labels == {1: "1", 2: "2", 4: "4", 5: "5"}


def test_real_report_pages_are_labelled_as_printed(report_002):
    doc = report_002
    assert doc.page_labels.get(1) is None            # the cover carries no number
    assert doc.page_labels[4] == "3"                 # the 4th sheet says "Page 3"
