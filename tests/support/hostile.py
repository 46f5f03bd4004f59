"""Generators of hostile input, so that a new case costs one line: each table row is a name,
what to write, and the words the one-line refusal (or account) must hold."""
from __future__ import annotations

import json
import uuid

#: a W3C annotation item on the report with SHA256 `sha`, quoting `exact`, then changed by
#: `change` (a dict merged over the item; None values delete the key)


def w3c_item(sha: str, exact: str, **change) -> dict:
    item = {"type": "Annotation", "id": f"urn:uuid:{uuid.uuid4()}",
            "body": [{"type": "TextualBody", "value": "A fictional note."}],
            "target": {"source": f"urn:sha256:{sha}",
                       "selector": [{"type": "TextQuoteSelector", "exact": exact}]}}
    for key, value in change.items():
        if value is None:
            item.pop(key, None)
        else:
            item[key] = value
    return item


def w3c_file(*items: dict) -> str:
    return json.dumps({"type": "AnnotationCollection", "items": list(items)})


#: whole annotation files that must be refused with exit 2 and one line: (name, text, words)
BAD_ANNOTATION_FILES = [
    ("nested 100,000 deep", "[" * 100_000 + "]" * 100_000, "nested too deeply"),
    ("5,000-digit integer", '[{"type": "Annotation", "id": ' + "9" * 5000 + "}]",
     "thousands of digits"),
    ("not JSON", "{'type': 'Annotation'}", "not a JSON file"),
    ("JSON but not W3C", '{"hello": 1}', "not a W3C annotation file"),
]

#: items that must be rejected one by one, the rest of the file going in:
#: (name, change to a good item, words of the rejection)
BAD_ANNOTATION_ITEMS = [
    ("body is a number", {"body": 5}, "body"),
    ("body is a string", {"body": "a note"}, "body"),
    ("lone surrogate in a note",
     {"body": [{"type": "TextualBody", "value": "bad \ud800 note"}]}, "not valid Unicode"),
    ("target is a number", {"target": 7}, None),        # skipped: no place to put it
    ("selector is a number", {"target": {"source": "urn:sha256:0", "selector": 3}},
     "selector"),
]


def _written(path, data: bytes):
    path.write_bytes(data)
    return path


def _docx_with(src, path, change):
    """A copy of the Word file `src` at `path`, each part passed through change(name, data)
    (None drops it), extra parts from change("", b"") as a dict."""
    import zipfile

    with zipfile.ZipFile(src) as z, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in z.namelist():
            data = change(name, z.read(name))
            if data is not None:
                out.writestr(name, data)
        for name, data in (change("", b"") or {}).items():
            out.writestr(name, data)
    return path


#: Word templates that must be refused in one line: (name, make(path, good_docx), words)
BAD_TEMPLATES = [
    ("a PDF", lambda p, good: _written(p, b"%PDF-1.4\n%fictional\n"),
     "not a valid Word document"),
    ("a damaged zip", lambda p, good: _written(p, b"PK\x03\x04garbage"),
     "not a valid Word document"),
    ("malformed XML", lambda p, good: _docx_with(
        good, p, lambda n, d: d[:len(d) // 2] if n == "word/document.xml" else
        (None if n == "" else d)), "malformed"),
    ("a zip bomb", lambda p, good: _docx_with(
        good, p, lambda n, d: {"word/media/zeros.bin": b"\0" * (200 * 1024 * 1024)}
        if n == "" else d), "zip bomb"),
]


# ----------------------------------------------------------------------------- index damage
def _garble(path, start_fraction=0.0, seed=1, share=0.5):
    """Overwrite a share of the bytes of `path` from start_fraction of its length on."""
    import random

    data = bytearray(path.read_bytes())
    rnd = random.Random(seed)
    for i in range(int(len(data) * start_fraction), len(data)):
        if rnd.random() < share:
            data[i] = rnd.randrange(256)
    path.write_bytes(bytes(data))


def _one(index, pattern):
    return sorted(index.glob(pattern))[0]


def _file_for_folder(index):
    import shutil

    shutil.rmtree(index)
    index.write_text("not an index")


#: ways to damage a search index folder: (name, damage(index_folder))
INDEX_DAMAGE = [
    ("stored column garbled", lambda ix: _garble(_one(ix, "*._stored.col"), 0.0, 1, 0.3)),
    ("meta column garbled", lambda ix: _garble(_one(ix, "*.meta.col"), 0.0, 1, 0.3)),
    ("a length column missing", lambda ix: _one(ix, "*._text_len.col").unlink()),
    ("term file garbled", lambda ix: _garble(_one(ix, "*.trm"), 0.0, 2, 0.3)),
    ("postings garbled", lambda ix: _garble(_one(ix, "*.pst"), 0.0, 2, 0.5)),
    ("fast postings garbled", lambda ix: _garble(_one(ix, "*.pfp"), 0.3, 3)),
    ("fast postings header garbled", lambda ix: _garble(_one(ix, "*.pfp"), 0.0, 4, 0.3)),
    ("table of contents garbled", lambda ix: _one(ix, "*.toc").write_bytes(b"garbage")),
    ("the folder replaced by a file", _file_for_folder),
    ("the folder gone", lambda ix: __import__("shutil").rmtree(ix)),
]


# ----------------------------------------------------------------------------- slow inputs
# Files that are not malformed, only shaped so that a reader or the extractor could take
# more than linear time on them. Each generator takes the size wanted in megabytes (of the
# file, or of the Word document's inflated XML) and returns the file's bytes; the words
# are made up.
MEGABYTE = 1024 * 1024


def _repeat_to(unit: bytes, mb: float, head: bytes = b"", tail: bytes = b"") -> bytes:
    """head + unit repeated up to about mb megabytes + tail."""
    count = max(1, int(mb * MEGABYTE - len(head) - len(tail)) // len(unit))
    return head + unit * count + tail


def _numbered_lines(template: str, mb: float) -> bytes:
    """Lines of `template` with n (0, 1, 2, ...) for each %d, up to about mb megabytes."""
    out, size, n, slots = [], 0, 0, template.count("%d")
    while size < mb * MEGABYTE:
        line = (template % ((n,) * slots)).encode("ascii")
        out.append(line)
        size += len(line)
        n += 1
    return b"".join(out)


def _attributes(mb: float) -> bytes:
    """One <p> tag carrying as many attributes as fit in mb megabytes (~100,000 at 2 MB)."""
    attrs = _numbered_lines(' data-a%d="v"', mb - 0.001)
    return b"<!DOCTYPE html><html><body><main><p" + attrs + b">Fictional text.</p>" \
        b"</main></body></html>"


_WORDS = ("panel", "custody", "review", "harbour", "lantern", "quarry", "meadow", "ledger",
          "signal", "orchard", "beacon", "canal", "timber", "willow", "granite", "parish")


def _docx_paragraphs(mb: float) -> bytes:
    """A Word document whose document.xml inflates to about mb megabytes of short
    paragraphs of made-up words (varied enough to stay under the zip-bomb ratio)."""
    import io
    import random
    import zipfile

    rnd = random.Random(7)
    w = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    head = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {w}><w:body>'
    tail = "</w:body></w:document>"
    # a pool wider than deflate's 32 KB window, cycled: fast to make, and it compresses
    # like prose rather than like a zip bomb
    pool = [f"<w:p><w:r><w:t>{' '.join(rnd.choice(_WORDS) for _ in range(rnd.randint(3, 12)))}"
            f" %d.</w:t></w:r></w:p>" for _ in range(2000)]
    parts, size, n = [head], len(head), 0
    while size < mb * MEGABYTE - len(tail):
        para = pool[n % len(pool)] % n
        parts.append(para)
        size += len(para)
        n += 1
    parts.append(tail)
    ct = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.'
          'openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType='
          '"application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
          'ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType='
          '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
          '</Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http:'
            '//schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="word/document.xml"/></Relationships>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", ct)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", "".join(parts))
    return buf.getvalue()


#: slow inputs: (name, file name, make(mb) -> bytes, megabytes the old code was slow at)
SLOW_INPUTS = [
    ("short lines", "short_lines.txt",
     lambda mb: _numbered_lines("Line %d of text\n", mb), 3.5),
    ("short lines between blank lines", "short_paragraphs.txt",
     lambda mb: _numbered_lines("Line %d of text\n\n", mb), 3.5),
    ("Markdown headings only", "headings.md", lambda mb: _repeat_to(b"# heading\n", mb), 3.9),
    ("numbered Markdown headings", "numbered_headings.md",
     lambda mb: _numbered_lines("# Heading %d\n", mb), 3.9),
    ("bullets only", "bullets.txt", lambda mb: _numbered_lines("- Item %d\n", mb), 3.5),
    ("one long line", "one_line.txt", lambda mb: _repeat_to(b"word ", mb), 3.5),
    ("a tag with 100,000 attributes", "attributes.html", _attributes, 2.0),
    ("a million paragraphs", "paragraphs.html",
     lambda mb: _repeat_to(b"<p>x</p>", mb, b"<!DOCTYPE html><html><body>",
                           b"</body></html>"), 8.0),
    ("a million list items", "list_items.html",
     lambda mb: _repeat_to(b"<li>x</li>", mb, b"<!DOCTYPE html><html><body><ul>",
                           b"</ul></body></html>"), 8.0),
    ("a million headings", "headings.html",
     lambda mb: _repeat_to(b"<h2>x</h2>", mb, b"<!DOCTYPE html><html><body>",
                           b"</body></html>"), 8.0),
    ("a table of a million cells", "table.html",
     lambda mb: _repeat_to(b"<tr><td>a</td><td>b</td></tr>", mb,
                           b"<!DOCTYPE html><html><body><table>", b"</table></body></html>"), 8.0),
    ("Word paragraphs inflating to 60 MB", "paragraphs.docx", _docx_paragraphs, 60.0),
]

# Text shaped to make each rule of the extractor fire on every block.
SLOW_INPUTS += [
    ("question headings", "questions.txt",
     lambda mb: _numbered_lines("How well does the force handle matter %d?\n\n", mb), 3.5),
    ("headings each with a badge", "badges.txt",
     lambda mb: _numbered_lines("Handling matter %d\n\nGood\n\n", mb), 3.5),
    ("label lines", "labels.txt",
     lambda mb: _numbered_lines("Handling matter %d: requires improvement\n\n", mb), 3.5),
    ("grade sentences", "grade_sentences.txt",
     lambda mb: _numbered_lines("The force is good at handling matter %d.\n\n", mb), 3.5),
    ("finding lists", "findings.txt",
     lambda mb: _numbered_lines("Areas for improvement\n\n- The force should fix thing %d.\n"
                                "- The force should fix thing %d too.\n\n", mb), 3.5),
    ("lead-in lists", "lead_ins.txt",
     lambda mb: _numbered_lines("We recommend that the force should:\n\n- act on matter %d.\n"
                                "\n", mb), 3.5),
    ("prose causes of concern", "concerns.txt",
     lambda mb: _numbered_lines("Matter %d is slow. This is a cause of concern.\n\n", mb), 3.5),
    ("numbered response items", "response_items.txt",
     lambda mb: _numbered_lines("%d. The force should act on it.\n\nThe chief constable's "
                                "response: agreed.\n\n", mb), 3.5),
    ("a table of graded rows", "graded_rows.txt",
     lambda mb: _numbered_lines("Matter %d\tGood\n", mb), 3.5),
    ("tracker rows", "tracker.txt",
     lambda mb: _numbered_lines("Ref\tType\tRecommendation\n%d\tRecommendation\tThe force "
                                "should act on this matter.\n\n", mb), 3.5),
]


def _deep(inner: bytes, mb: float, depth: int = 250) -> bytes:
    """`inner` repeated inside `depth` nested <div>s (libxml2 keeps 255 levels)."""
    return _repeat_to(inner, mb, b"<!DOCTYPE html><html><body>" + b"<div>" * depth,
                      b"</div>" * depth + b"</body></html>")


# Markup whose cost could grow with the depth of nesting times the number of elements.
SLOW_INPUTS += [
    ("headers deep down", "deep_headers.html",
     lambda mb: _deep(b"<header>x</header><p>y</p>", mb), 4.0),
    ("articles deep down", "deep_articles.html",
     lambda mb: _deep(b"<article><p>x</p></article>", mb), 4.0),
    ("nested cookie banners", "nested_cookies.html",
     lambda mb: _repeat_to(b"<p>x</p>", mb, b"<!DOCTYPE html><html><body><main>"
                           + b'<div class="cookie">' * 250, b"</div>" * 250 +
                           b"</main></body></html>"), 4.0),
    ("tables nested in cells", "nested_tables.html",
     lambda mb: _repeat_to(b"<tr><td>a</td><td>b</td></tr>", mb,
                           b"<!DOCTYPE html><html><body>" + b"<table><tr><td>" * 80
                           + b"<table>", b"</table>" + b"</td></tr></table>" * 80
                           + b"</body></html>"), 4.0),
    ("spans with a grade attribute", "grade_spans.html",
     lambda mb: _repeat_to(b'<p><span data-grade="good">x</span> y</p>', mb,
                           b"<!DOCTYPE html><html><body>", b"</body></html>"), 4.0),
    ("inline elements in one paragraph", "inline.html",
     lambda mb: _repeat_to(b"<b>x</b> ", mb, b"<!DOCTYPE html><html><body><p>",
                           b"</p></body></html>"), 4.0),
]


# ----------------------------------------------------------------------------- PDF bombs
def pdf_bytes(pages, forms=(), shared=(), encrypt=False) -> bytes:
    """A PDF written byte by byte, its content streams compressed as they are made, so that a
    page of millions of text objects costs a few hundred KB and never sits in memory whole.

    Each page is an iterable of byte chunks (its content stream) or a list of indexes into
    `shared` (content streams a page names in its /Contents array, as often as listed).
    `forms` are form XObjects /X0, /X1, ... that pages and forms may draw. `encrypt` locks
    the file with the standard security handler (RC4, empty user password: it opens without
    one, but every stream is ciphered)."""
    import hashlib
    import zlib

    objs, file_id = [], hashlib.md5(b"peelreview hostile pdf").digest()
    key = _rc4_key(file_id) if encrypt else None

    def stream(chunks, extra=b""):
        c = zlib.compressobj(6)
        data = b"".join([c.compress(bytes(ch)) for ch in chunks] + [c.flush()])
        if key:
            data = _rc4(hashlib.md5(key + (len(objs) + 1).to_bytes(3, "little") +
                                    b"\0\0").digest()[:10], data)
        objs.append(b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(data), extra)
                    + data + b"\nendstream")
        return len(objs)

    def add(body):
        objs.append(body)
        return len(objs)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    res = b"/Resources << /Font << /F1 %d 0 R >> /XObject << %s>> >>"
    names = b"".join(b"/X%d %d 0 R " % (i, len(objs) + 2 + i) for i in range(len(forms)))
    res = res % (font, names)
    add(b"<< >>")  # a spacer, so that the form numbers above are known before writing them
    for form in forms:
        stream(form, b"/Type /XObject /Subtype /Form /BBox [0 0 595 842] " + res + b" ")
    common = [stream(s) for s in shared]
    parent = len(objs) + 2 * len(pages) + 1 - sum(isinstance(p, list) for p in pages)
    kids = []
    for page in pages:
        refs = [common[i] for i in page] if isinstance(page, list) else [stream(page)]
        contents = b"[%s]" % b" ".join(b"%d 0 R" % r for r in refs)
        kids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] %s "
                        b"/Contents %s >>" % (parent, res, contents)))
    assert add(b"<< /Type /Pages /Kids [%s] /Count %d >>" % (
        b" ".join(b"%d 0 R" % k for k in kids), len(kids))) == parent
    root = add(b"<< /Type /Catalog /Pages %d 0 R >>" % parent)
    trailer = b"/Size %d /Root %d 0 R /ID [<%s> <%s>]" % (
        len(objs) + 2, root, file_id.hex().encode(), file_id.hex().encode())
    if key:
        owner, user = _rc4_owner_user(key)
        enc = add(b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (
            owner.hex().encode(), user.hex().encode()))
        trailer += b" /Encrypt %d 0 R" % enc
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< %s >>\nstartxref\n%d\n%%%%EOF\n" % (trailer, xref)
    return bytes(out)


_PAD = bytes.fromhex("28bf4e5e4e758a4164004e56fffa01082e2e00b6d0683e802f0ca9fe6453697a")


def _rc4(key: bytes, data: bytes) -> bytes:
    s, j = list(range(256)), 0
    for i in range(256):
        j = (j + s[i] + key[i % len(key)]) % 256
        s[i], s[j] = s[j], s[i]
    out, i, j = bytearray(len(data)), 0, 0
    for n, byte in enumerate(data):
        i = (i + 1) % 256
        j = (j + s[i]) % 256
        s[i], s[j] = s[j], s[i]
        out[n] = byte ^ s[(s[i] + s[j]) % 256]
    return bytes(out)


def _rc4_owner_user(key):
    """The /O and /U entries of a revision 2 handler: owner password "owner", user ""."""
    import hashlib

    owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], _PAD)
    return owner, _rc4(key, _PAD)


def _rc4_key(file_id):
    import hashlib

    owner = _rc4(hashlib.md5((b"owner" + _PAD)[:32]).digest()[:5], _PAD)
    return hashlib.md5(_PAD + owner + (-4).to_bytes(4, "little", signed=True) +
                       file_id).digest()[:5]


def tiny_texts(n: int, places: int = 20):
    """n text objects of one character each, `BT /F1 1 Tf x y Td (a) Tj ET`, cycling over
    `places` places (1: all on one spot, like the 777 KB file of ten million), in chunks."""
    grid = [b"BT /F1 1 Tf %d %d Td (a) Tj ET\n" % (20 + i % 20 * 25, 20 + i // 20 % 40 * 20)
            for i in range(places)]
    reps = max(1, 8000 // places)
    block, size = b"".join(grid) * reps, places * reps
    while n > 0:
        yield block if n >= size else b"".join((grid * (n // places + 1))[:n])
        n -= size


def draws(n: int, form: int = 0):
    """Content drawing form /X<form> n times."""
    yield b"q 1 0 0 1 0 0 cm /X%d Do Q\n" % form * n


def long_texts(chars: int, pieces: int, hexa: bool = False, nested: bool = False):
    """`pieces` text objects holding `chars` characters between them: literal strings, hex
    strings (`hexa`) or strings of nested brackets "(a(a(a...)))" (`nested`)."""
    per = chars // pieces
    for i in range(pieces):
        yield b"BT /F1 1 Tf %d %d Td " % (20 + i % 20 * 25, 20 + i // 20 % 40 * 20)
        if hexa:
            yield b"<" + b"61" * per + b"> Tj ET\n"
        elif nested:
            yield b"(" + b"a(" * (per // 2) + b")" * (per // 2) + b") Tj ET\n"
        else:
            yield b"(" + b"a" * per + b") Tj ET\n"


def chain(*parts):
    """One content stream from several generators (e.g. a form drawing and writing)."""
    for part in parts:
        yield from part


def _pdf_to(path, *pages, **options):
    path.write_bytes(pdf_bytes(list(pages), **options))
    return path


_PAGE_TEXT = "page 1 holds more than 200,000 text pieces (the limit is 200,000"
_PAGE_CHARS = "page 1 holds more than 1,000,000 characters (the limit is 1,000,000"
_FILE_TEXT = "its pages hold more than 1,000,000 text pieces in all"

#: PDFs too complex to read, refused quickly and in little memory: (name, make(path), words)
BAD_PDFS = [
    ("10,000,000 tiny texts on one spot (the 777 KB file)",
     lambda p: _pdf_to(p, tiny_texts(10_000_000, 1)), _PAGE_TEXT),
    ("the same, encrypted (no password to open)",
     lambda p: _pdf_to(p, tiny_texts(10_000_000, 1), encrypt=True), _PAGE_TEXT),
    ("250,000 tiny texts in 20 places", lambda p: _pdf_to(p, tiny_texts(250_000)), _PAGE_TEXT),
    ("a form of 10,000 texts drawn 1,000 times",
     lambda p: _pdf_to(p, draws(1000), forms=[tiny_texts(10_000)]), _PAGE_TEXT),
    ("forms in forms, 100 x 100 x 100 x 100 texts", lambda p: _pdf_to(
        p, draws(100), forms=[draws(100, 1), draws(100, 2), tiny_texts(100)]), _PAGE_TEXT),
    ("a form that draws itself twice (pdfium: gigabytes, minutes)", lambda p: _pdf_to(
        p, draws(1), forms=[chain(draws(2), tiny_texts(10))]), _PAGE_TEXT),
    ("a page naming one stream of 100,000 texts 40 times",
     lambda p: _pdf_to(p, [0] * 40, shared=[tiny_texts(100_000)]), _PAGE_TEXT),
    ("300 strings of 30,000 characters", lambda p: _pdf_to(p, long_texts(9_000_000, 300)),
     _PAGE_CHARS),
    ("300 hex strings of 30,000 characters",
     lambda p: _pdf_to(p, long_texts(9_000_000, 300, hexa=True)), _PAGE_CHARS),
    ("300 strings of 30,000 nested brackets",
     lambda p: _pdf_to(p, long_texts(9_000_000, 300, nested=True)), _PAGE_CHARS),
    ("12 pages of 100,000 tiny texts",
     lambda p: _pdf_to(p, *[tiny_texts(100_000) for _ in range(12)]), _FILE_TEXT),
    ("40 pages showing one stream of 100,000 texts",
     lambda p: _pdf_to(p, *[[0]] * 40, shared=[tiny_texts(100_000)]), _FILE_TEXT),
    ("40 pages of 30 strings of 20,000 characters", lambda p: _pdf_to(
        p, *[long_texts(600_000, 30) for _ in range(40)]), "more than 20,000,000 characters"),
]


def _paragraphs_of(sentence: str, per: int, mb: float, head: bytes = b"", tail: bytes = b"",
                   sep: bytes = b"\n\n") -> bytes:
    """Paragraphs of `per` sentences (`sentence` with n for each %d), up to mb megabytes."""
    out, size, n = [head], len(head), 0
    while size < mb * MEGABYTE - len(tail):
        para = "".join(sentence.replace("%d", str(n + k)) for k in range(per)).encode()
        out += [para, sep]
        size += len(para) + len(sep)
        n += per
    return b"".join(out) + tail


# Long paragraphs where the extractor finds something in every sentence: what it finds, and
# the report, grow with the text.
SLOW_INPUTS += [
    ("causes of concern in long paragraphs", "long_concerns.txt",
     lambda mb: _paragraphs_of("Matter %d is slow. This is a cause of concern. ", 2000, mb),
     4.0),
    ("inline findings in long paragraphs", "long_inline.txt",
     lambda mb: _paragraphs_of("We identified an area for improvement: fix thing %d. ", 2000,
                               mb), 4.0),
    ("tracker rows run together", "glued.txt",
     lambda mb: _paragraphs_of("%dCustody inspection RecommendationBy 30 April the force "
                               "should act on this.ACC CrimeNot started ", 150, mb), 4.0),
    ("a page of 12 MB of text", "long_text.html",
     lambda mb: _paragraphs_of("Matter %d is slow. This is a cause of concern. ", 2000, mb,
                               b"<!DOCTYPE html><html><body><p>", b"</p></body></html>",
                               b"</p><p>"), 12.0),
]

# Patterns and joins that took time squared on one long line or one long run of lines.
SLOW_INPUTS += [
    ("a heading line of spaces", "long_heading.md",
     lambda mb: _repeat_to(b" ", mb, b"# a", b"b\n"), 2.0),
    ("a bullet wrapped over many lines", "wrapped_bullet.txt",
     lambda mb: _repeat_to(b"  and more words on it\n", mb, b"- An item\n"), 2.0),
    ("dots after a contents heading", "contents_dots.txt",
     lambda mb: _repeat_to(b".", mb, b"Contents\n\n", b"x\n"), 2.0),
]
