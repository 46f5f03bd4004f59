"""PDF limits: a file asking for millions of text objects or characters is refused in one
line, quickly and in little memory, before pdfium builds the page (issue "the workspace heals
itself": 777 KB of ten million tiny texts took 6.1 GB and 40 s, a form drawing itself twice
kills the process). Real reports and the test fixtures read as before.

The hostile files are rows of tests/support/hostile.py (BAD_PDFS); each is read in a child
process whose address space is capped at 1.5 GB, so a regression fails the test instead of
taking the machine's memory.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest
from conftest import CORPUS
from support.hostile import BAD_PDFS, chain, draws, long_texts, pdf_bytes, tiny_texts

from peelreview.errors import ImportFailed
from peelreview.readers import pdf as pdf_reader
from peelreview.readers import pdf_census
from peelreview.readers.pdf import read_pdf

REPORT_002 = CORPUS / "rendered" / "002_peel_2021-22_west_midlands_report.pdf"
TINY_LINES = CORPUS / "bad" / "tiny_lines_2000.pdf"
SECONDS, MEMORY = 20, 1536 << 20

CHILD = """
import json, resource, sys, time
resource.setrlimit(resource.RLIMIT_AS, ({memory}, {memory}))
from pathlib import Path
from peelreview.errors import ImportFailed
from peelreview.readers import read_document
t0 = time.perf_counter()
try:
    doc = read_document(Path(sys.argv[1]))
    reason = "read: %d blocks" % len(doc.blocks)
except ImportFailed as e:
    reason = e.reason
print(json.dumps({{"reason": reason, "seconds": time.perf_counter() - t0,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}}))
"""


def read_in_child(path: Path) -> dict:
    """read_document in a child capped at MEMORY bytes of address space."""
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.run([sys.executable, "-c", CHILD.format(memory=MEMORY), str(path)],
                          capture_output=True, text=True, timeout=120, cwd=root)
    assert proc.returncode == 0, f"child died ({proc.returncode}): {proc.stderr[-800:]}"
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("name,make,words", BAD_PDFS, ids=[row[0] for row in BAD_PDFS])
def test_too_complex_pdf_is_refused_quickly_in_little_memory(tmp_path, name, make, words):
    path = make(tmp_path / "hostile.pdf")
    t0 = time.perf_counter()
    got = read_in_child(path)
    seconds = time.perf_counter() - t0
    reason = got["reason"]
    assert reason.startswith("the PDF is too complex to read: "), reason
    assert words in reason and "\n" not in reason, reason
    assert seconds < SECONDS, (name, seconds)
    assert got["mb"] < 1024, (name, got)


# --------------------------------------------------------------------------- the census

def census(data: bytes):
    """(text pieces, characters) the census expects on each page."""
    pdf_reader._init_library()
    found = pdf_census._Census(pdf_census._plain_copy(data))
    return [found.page(refs)[:2] for refs in found.pages()]


def pdfium_counts(path: Path, data: bytes):
    """(text objects, characters) pdfium makes of each page: the reader's own counts."""
    reader = pdf_reader._PageReader(path)
    doc = pdf_reader._open_document(path, data)
    got = []
    try:
        for index in range(pdf_reader.pdfium.FPDF_GetPageCount(doc)):
            before = reader.file_text, reader.file_chars
            reader.read(doc, index)
            got.append((reader.file_text - before[0], reader.file_chars - before[1]))
    finally:
        pdf_reader.pdfium.FPDF_CloseDocument(doc)
    return got


def small_object_stream_pdf() -> bytes:
    """A PDF 1.5 whose page tree and page sit in a compressed object stream."""
    inner = {1: b"<< /Type /Catalog /Pages 2 0 R >>",
             2: b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
             3: b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font "
                b"<< /F1 4 0 R >> >> /Contents 5 0 R >>",
             4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"}
    heads, body = [], b""
    for number, text in inner.items():
        heads.append(b"%d %d" % (number, len(body)))
        body += text + b"\n"
    head = b" ".join(heads) + b"\n"
    packed = zlib.compress(head + body)
    content = zlib.compress(b"".join(tiny_texts(500)))
    out = bytearray(b"%PDF-1.5\n")
    offsets = {5: len(out)}
    out += b"5 0 obj\n<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream\nendobj\n" % (
        len(content), content)
    offsets[6] = len(out)
    out += (b"6 0 obj\n<< /Type /ObjStm /N 4 /First %d /Length %d /Filter /FlateDecode >>\n"
            b"stream\n%s\nendstream\nendobj\n" % (len(head), len(packed), packed))
    offsets[7] = len(out)
    rows = [b"\0\0\0\0\0\xff"] + [b"\2\0\0\0\6" + bytes([n - 1]) for n in range(1, 5)]
    rows += [b"\1" + offsets[n].to_bytes(4, "big") + b"\0" for n in (5, 6, 7)]
    xref = b"".join(rows)
    out += (b"7 0 obj\n<< /Type /XRef /Size 8 /W [1 4 1] /Root 1 0 R /Length %d >>\nstream\n"
            b"%s\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % (len(xref), xref, offsets[7]))
    return bytes(out)


SAMPLES = {
    "forms in forms": lambda: pdf_bytes([draws(3)], forms=[
        chain(draws(4, 1), tiny_texts(7)), long_texts(900, 9)]),
    "encrypted": lambda: pdf_bytes([tiny_texts(300), draws(2)], forms=[tiny_texts(40)],
                                   encrypt=True),
    "shared streams": lambda: pdf_bytes([[0, 1, 0], [1]], shared=[tiny_texts(50),
                                                                   long_texts(600, 3)]),
    "hex and nested strings": lambda: pdf_bytes([long_texts(3000, 10, hexa=True),
                                                 long_texts(3000, 10, nested=True)]),
    "object streams": small_object_stream_pdf,
}


@pytest.mark.parametrize("name", [*SAMPLES, "real report", "2,000 tiny lines"])
def test_census_never_expects_less_than_pdfium_makes(tmp_path, name):
    """The estimate errs only upwards (so no page slips past a limit), and stays close on
    real files (so no real report is refused)."""
    if name in SAMPLES:
        data = SAMPLES[name]()
    else:
        path = REPORT_002 if name == "real report" else TINY_LINES
        if not path.exists():
            pytest.skip(f"shared corpus file not found: {path}")
        data = path.read_bytes()
    expected = census(data)
    actual = pdfium_counts(tmp_path / "x.pdf", data)
    assert len(expected) == len(actual) and any(t for t, _c in actual)
    for (text, chars), (real_text, real_chars) in zip(expected, actual, strict=True):
        assert text >= real_text and chars >= real_chars, (expected, actual)
        if name in ("real report", "2,000 tiny lines"):  # apostrophes, "( ) Tj" indents
            assert text <= real_text * 1.5 + 20 and chars <= real_chars * 1.5 + 100


def test_real_report_is_far_below_every_limit():
    if not REPORT_002.exists():
        pytest.skip(f"shared corpus file not found: {REPORT_002}")
    pages = census(REPORT_002.read_bytes())
    assert max(t for t, _c in pages) * 20 < pdf_reader.PAGE_TEXT_LIMIT
    assert max(c for _t, c in pages) * 20 < pdf_reader.PAGE_CHAR_LIMIT
    assert sum(t for t, _c in pages) * 20 < pdf_reader.FILE_TEXT_LIMIT
    assert sum(c for _t, c in pages) * 20 < pdf_reader.FILE_CHAR_LIMIT


@pytest.mark.parametrize("name,encode,decode", [
    ("LZW", lambda d: lzw_encode(d), pdf_census._lzw),
    ("run length", lambda d: run_length_encode(d), pdf_census._run_length),
    ("ASCII85", lambda d: __import__("base64").a85encode(d) + b"~>", pdf_census._ascii85),
    ("ASCII hex", lambda d: d.hex().encode() + b">", pdf_census._ascii_hex),
    ("Flate", zlib.compress, pdf_census._inflate),
])
def test_decoders_undo_the_filters_and_stop_at_the_cap(name, encode, decode):
    data = b"".join(tiny_texts(2000)) + bytes(range(256)) * 3
    assert bytes(decode(encode(data), 10 ** 9)) == data
    assert len(decode(encode(data), 1000)) <= 1001 + 4096


def test_damaged_flate_keeps_what_came_before_the_damage():
    data = b"".join(tiny_texts(5000))
    packed = zlib.compress(data)
    got = bytes(pdf_census._inflate(packed[:len(packed) // 2] + b"\xff" * 50, 10 ** 9))
    kept = int(0.3 * len(data))  # then a little garbage, as zlib (and pdfium) gives it
    assert kept < len(got) < len(data) and data.startswith(got[:kept])


def lzw_encode(data: bytes) -> bytes:
    """LZW with PDF's early change (the reverse of pdf_census._lzw), for the test above."""
    table = {bytes([i]): i for i in range(256)}
    codes, word, width, bits, out, acc = [256], b"", 9, 0, bytearray(), 0
    for byte in data:
        grown = word + bytes([byte])
        if grown in table:
            word = grown
            continue
        codes.append((table[word], width))
        table[grown] = len(table) + 2
        if len(table) + 2 >= 1 << width and width < 12:
            width += 1
        if len(table) + 2 >= 4094:
            codes.append((256, width))
            table, width = {bytes([i]): i for i in range(256)}, 9
        word = bytes([byte])
    codes = [(256, 9)] + codes[1:] + ([(table[word], width)] if word else []) + [(257, width)]
    for code, size in codes:
        acc, bits = (acc << size) | code, bits + size
        while bits >= 8:
            bits -= 8
            out.append((acc >> bits) & 0xFF)
    if bits:
        out.append((acc << (8 - bits)) & 0xFF)
    return bytes(out)


def run_length_encode(data: bytes) -> bytes:
    out = bytearray()
    for i in range(0, len(data), 128):
        chunk = data[i:i + 128]
        if chunk == chunk[:1] * len(chunk) and len(chunk) > 1:
            out += bytes([257 - len(chunk)]) + chunk[:1]
        else:
            out += bytes([len(chunk) - 1]) + chunk
    return bytes(out + b"\x80")


# --------------------------------------------------------------------------- while reading

def no_census(monkeypatch, **limits):
    """Leave the limits to the counts taken while reading (as for a file the census cannot
    see into), with small limits."""
    monkeypatch.setattr(pdf_reader, "census", lambda *a: None)
    for name, value in limits.items():
        monkeypatch.setattr(pdf_reader, name, value)


def test_reading_stops_at_the_page_limit_counting_inside_forms(monkeypatch):
    no_census(monkeypatch, PAGE_TEXT_LIMIT=150)
    data = pdf_bytes([chain(tiny_texts(20), draws(2))], forms=[tiny_texts(100)])
    with pytest.raises(ImportFailed) as err:
        read_pdf(Path("forms.pdf"), data)
    assert err.value.reason == ("the PDF is too complex to read: page 1 holds more than 150 "
                                "text pieces (the limit is 150 text pieces per page)")


def test_reading_stops_at_the_page_character_limit(monkeypatch):
    no_census(monkeypatch, PAGE_CHAR_LIMIT=5000)
    data = pdf_bytes([tiny_texts(20), long_texts(6000, 3)])
    with pytest.raises(ImportFailed, match=r"page 2 holds 6,\d{3} characters \(the limit is "
                                           r"5,000 characters per page\)"):
        read_pdf(Path("long.pdf"), data)


@pytest.mark.parametrize("limit,value,words", [
    ("FILE_TEXT_LIMIT", 250, "its pages up to page 3 hold more than 250 text pieces"),
    ("FILE_CHAR_LIMIT", 2500, "its pages up to page 3 hold 2,"),
])
def test_reading_stops_at_the_file_limits(monkeypatch, limit, value, words):
    no_census(monkeypatch, **{limit: value})
    data = pdf_bytes([chain(tiny_texts(90), long_texts(900, 3)) for _ in range(3)])
    with pytest.raises(ImportFailed) as err:
        read_pdf(Path("many.pdf"), data)
    assert words in err.value.reason and "per file" in err.value.reason


def test_a_page_just_under_the_limits_reads(monkeypatch):
    for name in ("PAGE_TEXT_LIMIT", "FILE_TEXT_LIMIT"):
        monkeypatch.setattr(pdf_reader, name, 400)
    doc = read_pdf(Path("ok.pdf"), pdf_bytes([tiny_texts(400)]))
    assert doc.page_count == 1 and doc.blocks
