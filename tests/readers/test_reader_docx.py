"""Word reader: zip-bomb guard, damaged files, blocks in document order, styles, badges.

Fixtures are small fictional documents built with python-docx (and a little raw XML for
what python-docx cannot write); the real rendered response and the hostile files come from
the shared corpus (skipped when it is not there).
"""
from __future__ import annotations

import io
import json
import re
import struct
import time
import tracemalloc
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import CORPUS, make_stress
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import RGBColor
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelreview.errors import ImportFailed
from peelreview.readers import docx_reader, read_document
from peelreview.readers.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Document
from peelreview.readers.docx_reader import read_docx
from peelreview.readers.textclean import squash

RENDERED_004 = CORPUS / "rendered" / "004_pcc_response_peel_2018-19.docx"
SEED_004 = CORPUS / "seeds" / "004_b1bbe43aebab7d37.txt"
BAD = CORPUS / "bad"
W_P = f'<w:p {nsdecls("w")}>{{}}</w:p>'


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"shared corpus file not found: {path}")
    return path


def to_bytes(document) -> bytes:
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def read(data: bytes, name: str = "response.docx") -> Document:
    return read_docx(Path(name), data)


def read_doc(document) -> Document:
    return read(to_bytes(document))


def triples(doc: Document) -> list[tuple[str, int, str]]:
    return [(b.kind, b.level, b.text) for b in doc.blocks]


def texts(doc: Document) -> list[str]:
    return [b.text for b in doc.blocks]


def append_xml(document, xml: str) -> None:
    """Add a raw body element (before the section properties)."""
    document.element.body.sectPr.addprevious(parse_xml(xml))


def rezip(data: bytes, replace: dict[str, bytes] | None = None,
          drop: tuple[str, ...] = (), add: dict[str, bytes] | None = None) -> bytes:
    """Copy a zip, replacing, dropping or adding members."""
    replace, add = replace or {}, add or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            if info.filename in drop:
                continue
            dst.writestr(info.filename, replace.get(info.filename, src.read(info.filename)))
        for name, blob in add.items():
            dst.writestr(name, blob)
    return out.getvalue()


@pytest.fixture(scope="module")
def minimal() -> bytes:
    d = docx.Document()
    d.add_paragraph("Wessex Constabulary response.")
    return to_bytes(d)


# ----------------------------------------------------------------------------- zip guard

def test_not_a_zip_is_damaged():
    with pytest.raises(ImportFailed) as e:
        read(b"PK\x03\x04 this is not really a zip archive")
    assert "damaged" in e.value.reason and "not a valid Word document" in e.value.reason


def test_zip_without_document_xml(minimal):
    with pytest.raises(ImportFailed) as e:
        read(rezip(minimal, drop=("word/document.xml",)))
    assert "damaged" in e.value.reason and "word/document.xml" in e.value.reason


def test_member_declared_too_large(minimal, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 500_000)  # styles.xml is 341 KB
    data = rezip(minimal, add={"word/media/blob.bin": bytes(range(256)) * 2400})
    with pytest.raises(ImportFailed) as e:
        read(data)
    assert "too large" in e.value.reason and "compressed" in e.value.reason
    assert "word/media/blob.bin" in e.value.reason


def test_total_declared_too_large(minimal, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_TOTAL_BYTES", 10_000)
    with pytest.raises(ImportFailed) as e:
        read(minimal)
    assert "too large" in e.value.reason and "compressed" in e.value.reason


def test_compression_ratio_over_limit(minimal):
    data = rezip(minimal, add={"word/media/zeros.bin": bytes(2 * 1024 * 1024)})
    with pytest.raises(ImportFailed) as e:
        read(data)
    assert "too large" in e.value.reason and ":1" in e.value.reason


def test_high_ratio_allowed_for_small_members(minimal):
    data = rezip(minimal, add={"word/media/zeros.bin": bytes(500_000)})
    assert texts(read(data)) == ["Wessex Constabulary response."]


def test_main_part_is_inflated_in_counted_chunks(minimal, monkeypatch):
    monkeypatch.setattr(docx_reader, "MAX_MEMBER_BYTES", 100)
    with zipfile.ZipFile(io.BytesIO(minimal)) as archive, pytest.raises(ImportFailed) as e:
        docx_reader._inflate_counted(Path("x.docx"), archive, "word/document.xml")
    assert "too large" in e.value.reason


def test_lying_declared_size_is_caught(minimal):
    data = bytearray(minimal)
    name = b"word/document.xml"
    at = data.find(b"PK\x01\x02")
    while at >= 0:  # shrink the central directory's uncompressed size for document.xml
        name_len = struct.unpack_from("<H", data, at + 28)[0]
        if bytes(data[at + 46:at + 46 + name_len]) == name:
            struct.pack_into("<I", data, at + 24, 50)
        at = data.find(b"PK\x01\x02", at + 4)
    with pytest.raises(ImportFailed) as e:
        read(bytes(data))
    assert "damaged" in e.value.reason


def test_corpus_zip_bomb_fails_fast_without_inflating():
    path = need(BAD / "docx_bomb.docx")
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with pytest.raises(ImportFailed) as e:
            read_document(path)
        elapsed = time.perf_counter() - start
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert "too large" in e.value.reason and "compressed" in e.value.reason
    assert elapsed < 2
    assert peak < 20 * 1024 * 1024


# ----------------------------------------------------------------------------- damaged XML

def test_malformed_xml_is_damaged(minimal):
    broken = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
              b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
              b"<w:body><w:p><w:r><w:t>Wessex <oops></w:t></w:r></w:body>")
    with pytest.raises(ImportFailed) as e:
        read(rezip(minimal, replace={"word/document.xml": broken}))
    assert "damaged" in e.value.reason and "XML" in e.value.reason


def test_corpus_malformed_xml():
    with pytest.raises(ImportFailed) as e:
        read_document(need(BAD / "malformed_xml.docx"))
    assert "damaged" in e.value.reason and "XML" in e.value.reason


def test_entities_in_document_xml_are_not_expanded(minimal):
    bomb = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "hahahahaha">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;">]>'
            b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
            b"<w:body><w:p><w:r><w:t>Wessex &c;</w:t></w:r></w:p></w:body></w:document>")
    try:
        doc = read(rezip(minimal, replace={"word/document.xml": bomb}))
    except ImportFailed as e:
        assert "damaged" in e.value.reason
        return
    assert "hahaha" not in "".join(texts(doc))


# ----------------------------------------------------------------------------- blocks

def test_headings_by_style():
    d = docx.Document()
    d.add_heading("Wessex response", 0)  # Title
    for level in (1, 2, 3):
        d.add_heading(f"Heading at {level}", level)
    d.add_paragraph("Body text.")
    assert triples(read_doc(d)) == [
        (HEADING, 1, "Wessex response"), (HEADING, 1, "Heading at 1"),
        (HEADING, 2, "Heading at 2"), (HEADING, 3, "Heading at 3"),
        (PARAGRAPH, 0, "Body text.")]


def test_headings_by_localized_id_base_style_and_outline_level():
    d = docx.Document()
    d.styles["Heading 1"].element.set(qn("w:styleId"), "Kop1")  # name stays "heading 1"
    d.add_paragraph("By name", style="Heading 1")
    custom = d.styles.add_style("Wessex Title", WD_STYLE_TYPE.PARAGRAPH)
    custom.element.set(qn("w:styleId"), "Heading2")  # an id that says what it is
    d.add_paragraph("By id", style="Wessex Title")
    derived = d.styles.add_style("Area Heading", WD_STYLE_TYPE.PARAGRAPH)
    derived.base_style = d.styles["Heading 3"]
    d.add_paragraph("By base style", style="Area Heading")
    append_xml(d, W_P.format('<w:pPr><w:outlineLvl w:val="3"/></w:pPr>'
                             "<w:r><w:t>By outline level</w:t></w:r>"))
    assert triples(read_doc(d)) == [
        (HEADING, 1, "By name"), (HEADING, 2, "By id"), (HEADING, 3, "By base style"),
        (HEADING, 4, "By outline level")]


def test_list_items_by_style_and_numbering():
    d = docx.Document()
    d.add_paragraph("Bullet item", style="List Bullet")
    d.add_paragraph("Number item", style="List Number")
    d.add_paragraph("Paragraph item", style="List Paragraph")
    append_xml(d, W_P.format('<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/>'
                             "</w:numPr></w:pPr><w:r><w:t>Numbered Normal</w:t></w:r>"))
    d.add_paragraph("Plain paragraph.")
    assert triples(read_doc(d)) == [
        (LIST_ITEM, 0, "Bullet item"), (LIST_ITEM, 0, "Number item"),
        (LIST_ITEM, 0, "Paragraph item"), (LIST_ITEM, 0, "Numbered Normal"),
        (PARAGRAPH, 0, "Plain paragraph.")]


def test_tables_stay_in_document_order():
    d = docx.Document()
    d.add_paragraph("Before the table.")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "Area", "Grade"
    t.cell(1, 0).text = "Investigating crime"
    t.cell(1, 1).text = "Requires"
    t.cell(1, 1).add_paragraph("improvement")
    d.add_paragraph("After the table.")
    doc = read_doc(d)
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, TABLE, PARAGRAPH]
    assert doc.blocks[1].rows == [["Area", "Grade"],
                                  ["Investigating crime", "Requires improvement"]]
    assert doc.blocks[1].text == "Area\tGrade\nInvestigating crime\tRequires improvement"


def test_horizontally_merged_cells_are_not_repeated():
    d = docx.Document()
    t = d.add_table(rows=2, cols=3)
    merged = t.cell(0, 0).merge(t.cell(0, 2))
    merged.text = "Wessex judgments"
    for i, text in enumerate(("A", "", "C")):
        t.cell(1, i).text = text
    assert read_doc(d).blocks[0].rows == [["Wessex judgments"], ["A", "", "C"]]


def test_bold():
    d = docx.Document()
    d.add_paragraph().add_run("All bold here").bold = True
    p = d.add_paragraph()
    p.add_run("Part bold").bold = True
    p.add_run(" and part not")
    d.add_paragraph().add_run("Strong style").style = d.styles["Strong"]
    bold_style = d.styles.add_style("Wessex Bold", WD_STYLE_TYPE.PARAGRAPH)
    bold_style.font.bold = True
    d.add_paragraph("Style bold", style="Wessex Bold")
    p = d.add_paragraph(style="Wessex Bold")
    p.add_run("Switched off").bold = False
    got = {b.text: b.bold for b in read_doc(d).blocks}
    assert got["All bold here"] is True
    assert got["Part bold and part not"] is False
    assert got["Strong style"] is True
    assert got["Style bold"] is True
    assert got["Switched off"] is False


def test_grade_badges():
    d = docx.Document()
    d.add_heading("Investigating crime", 2)
    d.add_paragraph().add_run("Requires improvement").bold = True
    d.add_heading("Preventing crime", 2)
    run = d.add_paragraph().add_run("Good")
    run.font.color.rgb = RGBColor(0x3F, 0x8E, 0x3A)
    d.add_paragraph("Good")  # plain: the extractor decides
    d.add_paragraph().add_run("The force is good at preventing crime.").bold = True
    d.add_heading("Good", 3)
    got = [(b.kind, b.text, b.badge) for b in read_doc(d).blocks]
    assert got == [
        (HEADING, "Investigating crime", False), (PARAGRAPH, "Requires improvement", True),
        (HEADING, "Preventing crime", False), (PARAGRAPH, "Good", True),
        (PARAGRAPH, "Good", False), (PARAGRAPH, "The force is good at preventing crime.", False),
        (HEADING, "Good", False)]


def test_empty_paragraphs_are_skipped_and_whitespace_collapsed():
    d = docx.Document()
    d.add_paragraph("")
    d.add_paragraph("   ")
    p = d.add_paragraph("Wessex\u00a0 Constabulary")
    p.add_run().add_break()
    p.add_run("second\tline")
    assert texts(read_doc(d)) == ["Wessex Constabulary second line"]


def test_header_and_footer_are_left_out():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "OFFICIAL"
    d.sections[0].footer.paragraphs[0].text = "Wessex OPCC footer"
    d.add_paragraph("Body only.")
    assert texts(read_doc(d)) == ["Body only."]


def test_title_from_core_properties():
    d = docx.Document()
    d.add_paragraph("Text.")
    d.core_properties.title = "  Wessex PCC response  "
    assert read_doc(d).title == "Wessex PCC response"
    d.core_properties.title = ""
    assert read_doc(d).title is None
    assert read_doc(d).format == "docx" and read_doc(d).has_structure


def test_tracked_changes_field_codes_and_hidden_text():
    d = docx.Document()
    append_xml(d, W_P.format(
        "<w:r><w:t xml:space=\"preserve\">Kept </w:t></w:r>"
        "<w:del w:id=\"1\" w:author=\"x\"><w:r><w:delText>deleted </w:delText></w:r></w:del>"
        "<w:ins w:id=\"2\" w:author=\"x\"><w:r><w:t xml:space=\"preserve\">inserted </w:t>"
        "</w:r></w:ins>"
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText>PAGE</w:instrText>"
        "</w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r><w:r><w:t>3</w:t></w:r>"
        "<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>"
        "<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>"))
    assert texts(read_doc(d)) == ["Kept inserted 3"]


def test_content_controls_are_opened():
    d = docx.Document()
    append_xml(d, f'<w:sdt {nsdecls("w")}><w:sdtContent><w:p><w:r><w:t>Inside a control'
                  "</w:t></w:r></w:p></w:sdtContent></w:sdt>")
    d.add_paragraph("After.")
    assert texts(read_doc(d)) == ["Inside a control", "After."]


# ----------------------------------------------------------------------------- random input

@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000))
def test_random_bytes_only_import_failed(data):
    try:
        doc = read(data)
    except ImportFailed:
        return
    assert isinstance(doc, Document)


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.text(max_size=200), st.booleans())
def test_random_document_text_only_import_failed(minimal, text, raw):
    body = text if raw else text.replace("&", "&amp;").replace("<", "&lt;")
    xml = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document '
           'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
           f"<w:p><w:r><w:t>{body}</w:t></w:r></w:p></w:body></w:document>")
    data = rezip(minimal, replace={"word/document.xml": xml.encode("utf-8", "surrogatepass")})
    try:
        doc = read(data)
    except ImportFailed:
        return
    assert isinstance(doc, Document)
    assert all(b.text == squash(b.text) for b in doc.blocks)


# ----------------------------------------------------------------------------- real files

def _seed_units(path: Path) -> list:
    """Seed lines (bullet markers removed) and table rows, in order."""
    units = []
    for line in path.read_text(encoding="utf-8").split("\n"):
        s = squash(line)
        if not s:
            continue
        if s.startswith("|"):
            cells = [c.strip() for c in s.strip("|").split("|")]
            if any(cells) and not all(set(c) <= set("-") for c in cells):
                units.append(cells)
            continue
        units.append(re.sub(r"^[-\u2022*]\s+", "", s))
    return units


def test_rendered_004_keeps_every_seed_line_in_order():
    doc = read_document(need(RENDERED_004))
    stream = []
    for b in doc.blocks:
        stream += b.rows if b.kind == TABLE else [b.text]
    at = 0
    for unit in _seed_units(need(SEED_004)):
        assert unit in stream[at:], f"missing or out of order: {unit!r}"
        at = stream.index(unit, at) + 1


def test_rendered_004_structure():
    doc = read_document(need(RENDERED_004))
    assert doc.format == "docx" and doc.title
    kinds = [b.kind for b in doc.blocks]
    assert kinds.count(TABLE) == 1 and kinds.count(LIST_ITEM) >= 20
    levels = {b.level for b in doc.blocks if b.kind == HEADING}
    assert levels == {1, 2, 3}
    badges = [i for i, b in enumerate(doc.blocks) if b.badge]
    assert len(badges) >= 5
    assert all(doc.blocks[i - 1].kind == HEADING for i in badges)
    assert not any("OFFICIAL" in b.text for b in doc.blocks)  # running header


@pytest.fixture(scope="module")
def stress(tmp_path_factory):
    out = make_stress(tmp_path_factory.mktemp("stress_docx"), 2, "docx")
    return sorted(out.glob("*.docx"))


def test_stress_documents(stress):
    assert stress
    for path in stress:
        truth = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        doc = read_document(path)
        got = [b.text for b in doc.blocks]
        cells = {c for b in doc.blocks if b.kind == TABLE for r in b.rows for c in r}
        for j in truth["judgments"]:
            assert j["area"] in got or j["area"] in cells
        badges = [b for b in doc.blocks if b.badge]
        assert badges and all(b.bold for b in badges)
        assert HEADING in {b.kind for b in doc.blocks} and doc.title
