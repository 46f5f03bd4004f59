"""How much work a PDF asks for, counted before pdfium builds any page.

Limits. A PDF can ask for far more work than its size suggests: 777 KB of compressed content
holds ten million tiny text objects, and pdfium builds every object of a page when the page
loads (about 0.5 KB each, so 4.7 GB for that page, and an abort when memory runs out) and
every character when its text page loads (about 0.15 KB each). So a file is refused, in one
line, when it holds more than

    PAGE_TEXT_LIMIT   200,000 text objects ("text pieces") on one page
    PAGE_CHAR_LIMIT 1,000,000 characters on one page
    FILE_TEXT_LIMIT 1,000,000 text pieces in the whole file
    FILE_CHAR_LIMIT 20,000,000 characters in the whole file

Measured (pdfium's own counts): the re-rendered PEEL 2021/22 report (37 pages) has at most
220 text pieces and 4,486 characters on a page, 1,612 pieces and 95,735 characters in all;
the variety corpus's PDFs (ReportLab and LibreOffice) at most 81 and 3,221 on a page; the
stress file of 2,000 tiny lines 2,000 pieces and 117,998 characters on its one page. So the
page limits are 900x and 220x over a real report's densest page (100x and 8x over the stress
file), the file limits 600x and 200x over the whole report: a real report ten times longer
and ten times denser still reads. At the limits pdfium needs ~100 MB for a page's objects and
~150 MB for its characters; reading 200,000 pieces takes ~6 s.

The limits are checked twice. ``census`` estimates every page before pdfium parses any (see
there): it reads the content streams of a copy pdfium writes (decrypted, object streams
undone), counts text-showing operators and the bytes of their strings, multiplies forms by
the times they are drawn, and stops a stream as soon as it is over a limit. Then the walk
counts the real text objects (inside forms too) and pdfium's characters as it reads, so a
page the estimate missed still stops before the reader's own memory grows.
"""
from __future__ import annotations

import binascii
import ctypes
import re
import zlib
from collections import Counter

try:
    import pypdfium2_raw as pdfium
except ImportError:  # pragma: no cover - a pypdfium2 without the split-out bindings package
    import pypdfium2.raw as pdfium

from ..errors import ImportFailed

MAX_PAGES = 2000               # pages a PDF may have (pdf.py refuses more)
PAGE_TEXT_LIMIT = 200_000      # text objects on one page (module docstring: "Limits")
PAGE_CHAR_LIMIT = 1_000_000    # characters on one page
FILE_TEXT_LIMIT = 1_000_000    # text objects in the whole file
FILE_CHAR_LIMIT = 20_000_000   # characters in the whole file
CONTENT_LIMIT = 64 << 20       # decoded bytes of one content stream the census will read
_TOO_COMPLEX = "the PDF is too complex to read"


def over_limit(where, what, limit, per):
    """The one-line reason for a file over a limit: `where` is "page 3" or "its pages"."""
    unit = "characters" if "character" in what else "text pieces"
    verb = "hold" if where.startswith("its") else "holds"
    return f"{_TOO_COMPLEX}: {where} {verb} {what} (the limit is {limit:,} {unit} {per})"


def census(path, data, count):
    """Refuse the file if a page, or the whole, is over a limit, before pdfium parses a page.

    FPDF_LoadPage builds every object of a page at once, so the count has to come from the
    content streams themselves. pdfium writes a plain copy of the file (FPDF_SaveAsCopy:
    decrypted, object streams undone, one object after another); _Census reads the page tree
    and the content streams from it. Estimates err upwards (a ``Tj`` inside a string counts),
    so a refusal says "more than" the limit; a file whose copy cannot be made or read is
    left to the counts taken while reading."""
    try:
        copy = _plain_copy(data)
        if not copy:
            return
        census = _Census(copy)
        pages = census.pages()
        named = len(pages) == count
        estimates = [census.page(refs) for refs in (pages if named else census.loose_pages())]
    except MemoryError:
        raise
    except Exception:  # noqa: BLE001 -- a copy we cannot make sense of: the walk still counts
        return
    total_text = total_chars = 0
    for number, (text, chars, big) in enumerate(estimates, 1):
        where = f"page {number}" if named else "one of its pages"
        if text > PAGE_TEXT_LIMIT:
            raise ImportFailed(path, over_limit(where, f"more than {PAGE_TEXT_LIMIT:,} text pieces",
                                           PAGE_TEXT_LIMIT, "per page"))
        if chars > PAGE_CHAR_LIMIT:
            raise ImportFailed(path, over_limit(where, f"more than {PAGE_CHAR_LIMIT:,} characters",
                                           PAGE_CHAR_LIMIT, "per page"))
        if big:
            raise ImportFailed(path, f"{_TOO_COMPLEX}: {where} holds more than "
                                     f"{CONTENT_LIMIT >> 20} MB of drawing instructions")
        total_text, total_chars = total_text + text, total_chars + chars
    if total_text > FILE_TEXT_LIMIT:
        raise ImportFailed(path, over_limit("its pages", f"more than {FILE_TEXT_LIMIT:,} text "
                                       "pieces in all", FILE_TEXT_LIMIT, "per file"))
    if total_chars > FILE_CHAR_LIMIT:
        raise ImportFailed(path, over_limit("its pages", f"more than {FILE_CHAR_LIMIT:,} "
                                       "characters in all", FILE_CHAR_LIMIT, "per file"))


def _plain_copy(data):
    """The document as pdfium writes it (security removed), or None. A document of its own:
    saving loads every object, which pdfium then keeps until the document closes."""
    copy = bytearray()

    def write(_self, block, size):
        copy.extend(ctypes.string_at(block, size))
        return 1

    doc = pdfium.FPDF_LoadMemDocument64(data, len(data), None)
    if not doc:
        return None
    try:
        writer = pdfium.FPDF_FILEWRITE()
        writer.version = 1
        writer.WriteBlock = type(writer.WriteBlock)(write)
        return copy if pdfium.FPDF_SaveAsCopy(doc, writer, pdfium.FPDF_REMOVE_SECURITY) \
            else None
    finally:
        pdfium.FPDF_CloseDocument(doc)


_CAP = FILE_CHAR_LIMIT + 1       # estimates saturate here (no giant numbers from forms)
_SLICE = 1 << 20                 # decoded content is counted a slice at a time
_DELIM = rb"\s()<>\[\]{}/%"
_OBJ = re.compile(rb"(\d+) (\d+) obj\r\n")
_REF = re.compile(rb"(\d+) \d+ R")
_NAMED_REF = re.compile(rb"/([^" + _DELIM + rb"]+)\s*(\d+) \d+ R")
_SHOWS = (b"Tj", b"TJ", b"'", b'"')  # the operators that show text
_DO = re.compile(rb"/([^" + _DELIM + rb"]+)\s*Do(?![^" + _DELIM + rb"])")
_HEX = re.compile(rb"<([0-9A-Fa-f\s]*)>")
_LITERAL = re.compile(rb"\\[\s\S]?|[()]")
_FLAT = re.compile(rb"\([^()\\]*(?:\\[\s\S][^()\\]*)*\)")  # a string, no ( ) inside
_FORM = re.compile(rb"/Subtype\s*/Form(?![^" + _DELIM + rb"])")
_PREDICTOR = re.compile(rb"/Predictor\s*(\d+)")
_NAME = re.compile(rb"/([^" + _DELIM + rb"]+)")
_FILTERS = {b"FlateDecode": "flate", b"Fl": "flate", b"LZWDecode": "lzw", b"LZW": "lzw",
            b"ASCII85Decode": "a85", b"A85": "a85", b"ASCIIHexDecode": "ahx", b"AHx": "ahx",
            b"RunLengthDecode": "rl", b"RL": "rl"}


def _name(raw):
    """A PDF name with its #xx escapes undone (the copy may spell it otherwise)."""
    if b"#" not in raw:
        return raw
    return re.sub(rb"#([0-9A-Fa-f]{2})", lambda m: bytes([int(m[1], 16)]), raw)


def _add(a, b, times=1):
    return min(_CAP, a + b * times)


class _Census:
    """Objects of pdfium's plain copy, and per stream what its content asks pdfium to make."""

    def __init__(self, data):
        self.data = data
        self.bodies = {}   # object number -> its body (a stream's: the dictionary)
        self.streams = {}  # object number -> (start, end) of its raw data
        pos = 0
        while (m := _OBJ.search(data, pos)) is not None:
            number, start = int(m[1]), m.end()
            end = data.find(b"endobj\r\n", start)
            if end < 0:
                break
            mark = data.find(b">>stream\r\n", start, end)
            if 0 <= mark < end:
                head = data[start:mark + 2]
                first = mark + 10
                length = re.search(rb"/Length (\d+)", head)
                stop = first + int(length[1]) if length else -1
                if not length or data[stop:stop + 11] != b"\r\nendstream":
                    stop = data.find(b"\r\nendstream", first)
                    if stop < 0:
                        break
                self.bodies[number], self.streams[number] = head, (first, stop)
                pos = stop
            else:
                self.bodies[number] = data[start:end]
                pos = end
        self.forms = {n for n in self.streams if _FORM.search(self.bodies[n])}
        self.named = {}  # resource name -> form streams some dictionary gives that name
        for body in self.bodies.values():
            for name, number in _NAMED_REF.findall(body):
                if int(number) in self.forms:
                    self.named.setdefault(_name(name), set()).add(int(number))
        self.counted = {}   # stream -> (text, chars, oversized, draws)
        self.expanded = {}  # stream -> (text, chars, oversized) with the forms it draws

    def pages(self):
        """Each page's content stream numbers, in page order (page tree, depth first)."""
        trailer = self.data.rfind(b"trailer")
        root = re.compile(rb"/Root\s*(\d+) \d+ R").search(self.data, max(trailer, 0))
        catalog = self.bodies.get(int(root[1]), b"") if root else b""
        top = re.search(rb"/Pages\s*(\d+) \d+ R", catalog)
        out, seen = [], set()
        stack = [int(top[1])] if top else []
        while stack and len(out) <= MAX_PAGES:
            number = stack.pop()
            if number in seen:
                continue
            seen.add(number)
            body = self.bodies.get(number, b"")
            kids = self._array(body, b"Kids")
            if kids is not None:
                stack.extend(reversed(kids))
            else:
                out.append(self._array(body, b"Contents") or [])
        return out

    def loose_pages(self):
        """Content stream numbers of every page dictionary, when the tree gave no order."""
        return [self._array(body, b"Contents") or [] for number, body in
                sorted(self.bodies.items()) if number not in self.streams
                and re.search(rb"/Type\s*/Page(?![^" + _DELIM + rb"])", body)]

    def _array(self, body, key):
        """Object numbers a key refers to (one reference, or an array, direct or not);
        None when the key is absent. Every occurrence counts (more is the safe side)."""
        found = None
        for m in re.finditer(rb"/" + key + rb"\s*(?:\[([^\]]*)\]|(\d+) \d+ R)", body):
            found = found or []
            if m[1] is not None:
                found += [int(n) for n in _REF.findall(m[1])]
            elif int(m[2]) in self.streams:
                found.append(int(m[2]))
            else:
                target = self.bodies.get(int(m[2]), b"").strip()
                found += [int(n) for n in _REF.findall(target)] if target[:1] == b"[" else []
        return found

    def page(self, refs):
        """(text pieces, characters, oversized) a page's content streams make, at most _CAP."""
        text = chars = 0
        big = False
        for ref in refs:
            if ref in self.streams:
                t, c, b = self._expand(ref, ())
                text, chars, big = _add(text, t), _add(chars, c), big or b
        return text, chars, big

    def _expand(self, number, inside):
        """A stream's counts with every form it draws, times the times it draws it."""
        if number in self.expanded:
            return self.expanded[number]
        if number in inside or len(inside) > 64:
            return _CAP, _CAP, False  # a form drawing itself, or nested beyond reason
        text, chars, big, draws = self._count(number)
        inside = (*inside, number)
        for name, times in draws.items():
            targets = self.forms if name is None else self.named.get(name, ())
            best = (0, 0, False)
            for form in targets:
                t, c, b = self._expand(form, inside)
                best = (max(best[0], t), max(best[1], c), best[2] or b)
            text, chars = _add(text, best[0], times), _add(chars, best[1], times)
            big = big or best[2]
        self.expanded[number] = text, chars, big
        return text, chars, big

    def _count(self, number):
        """(text-showing operators, characters, oversized, form name -> times drawn) of
        one stream, from its decoded content (see _tokens)."""
        if number in self.counted:
            return self.counted[number]
        first, stop = self.streams[number]
        data, opaque = _decode(self.data[first:stop], self.bodies[number], self)
        big = len(data) > CONTENT_LIMIT
        if opaque:  # every 3 bytes could be a "()'", every 5 a "/a Do" of the largest form
            size = min(len(data), CONTENT_LIMIT)
            result = (size // 3, size, big, Counter({None: size // 5}))
        else:
            text, chars, draws = _tokens(memoryview(data)[:CONTENT_LIMIT])
            result = (text, chars, big, draws)
        self.counted[number] = result
        return result


def _tokens(data):
    """(text operators, characters, Counter of form names drawn) in decoded content. A
    string counts by its bytes (a hex one by half), and each text operator two more for
    the line break pdfium may add after it. Counting stops once over a page limit, the
    count over it then being _CAP."""
    text = chars = depth = start = skip = 0
    draws = Counter()
    for offset in range(0, len(data), _SLICE):
        piece = bytes(data[offset:offset + _SLICE])
        text += sum(map(piece.count, _SHOWS))  # also inside strings: more is the safe side
        draws.update(_name(n) for n in _DO.findall(piece))
        chars += sum(map(len, _HEX.findall(piece))) // 2
        if not depth and not skip:
            rest, strings = _FLAT.subn(b"", piece)
            if b"(" not in rest and b")" not in rest:  # no nesting: C speed, same count
                chars += len(piece) - len(rest) - 2 * strings
                if text > PAGE_TEXT_LIMIT:
                    return _CAP, chars, draws
                if chars + 2 * text > PAGE_CHAR_LIMIT:
                    return text, _CAP, draws
                continue
        skip_next = 0
        for m in _LITERAL.finditer(piece, skip):
            token = m[0]
            if token == b"(":
                if not depth:
                    start = offset + m.start()
                depth += 1
            elif token == b")":
                if depth:
                    depth -= 1
                    if not depth:
                        chars += offset + m.start() - start - 1
            elif token == b"\\" and m.end() == len(piece):
                skip_next = 1  # the escaped byte starts the next slice
        skip = skip_next
        open_string = offset + len(piece) - start if depth else 0
        if text > PAGE_TEXT_LIMIT:
            return _CAP, chars + open_string, draws
        if chars + open_string + 2 * text > PAGE_CHAR_LIMIT:
            return text, _CAP, draws
    if depth:
        chars += len(data) - start - 1
    return text, chars + 2 * text, draws


def _decode(raw, head, census):
    """A stream's data through its filters (at most CONTENT_LIMIT + 1 bytes), and whether it
    is opaque (a predictor: bytes we cannot tokenise). Decoding stops at a filter pdfium does
    not apply to content (an image codec) or at damage, keeping what came out, as pdfium
    does."""
    names = []
    spec = re.search(rb"/Filter\s*(\[[^\]]*\]|/[^" + _DELIM + rb"]+|\d+ \d+ R)", head)
    if spec:
        value = spec[1]
        if value[:1].isdigit():
            value = census.bodies.get(int(value.split()[0]), b"")
        names = [_name(n) for n in _NAME.findall(value)]
    data = raw
    for name in names:
        kind = _FILTERS.get(name)
        if kind is None:
            break
        try:
            data = _DECODERS[kind](data, CONTENT_LIMIT + 1)
        except Exception:  # noqa: BLE001 -- damage: keep what came before, as pdfium would
            break
    predictor = _PREDICTOR.search(head)
    return data, bool(predictor and int(predictor[1]) > 1)


def _inflate(data, limit):
    """Flate, at most `limit` bytes out; what came out before any damage is kept (the
    damaged 64 KB is fed again a byte at a time, from a copy of the state before it)."""
    z, out = zlib.decompressobj(), bytearray()
    view = memoryview(data)
    for at in range(0, len(data), 1 << 16):
        saved, size = z.copy(), len(out)
        if not _feed(z, view[at:at + (1 << 16)], out, limit):
            z = saved
            del out[size:]
            for byte in range(at, min(at + (1 << 16), len(data))):
                if not _feed(z, view[byte:byte + 1], out, limit):
                    break
            break
        if len(out) >= limit or z.eof:
            break
    return out


def _feed(z, chunk, out, limit):
    """Inflate one chunk into out (up to limit); False at damage."""
    try:
        while chunk and len(out) < limit:
            out += z.decompress(chunk, limit - len(out))
            chunk = z.unconsumed_tail
    except zlib.error:
        return False
    return True


def _lzw(data, limit):
    """LZW as PDF uses it (early change), stopping after `limit` bytes."""
    table = [bytes([i]) for i in range(256)] + [b"", b""]
    out, prev, bits, acc, width = bytearray(), b"", 0, 0, 9
    for byte in data:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= width:
            bits -= width
            code = (acc >> bits) & ((1 << width) - 1)
            if code == 256:
                table, prev, width = table[:258], b"", 9
                continue
            if code == 257:
                return bytes(out)
            if code < len(table):
                entry = table[code]
            elif code == len(table) and prev:
                entry = prev + prev[:1]
            else:
                return bytes(out)
            out += entry
            if len(out) > limit:
                return bytes(out)
            if prev:
                table.append(prev + entry[:1])
            prev = entry
            if len(table) + 1 >= 1 << width and width < 12:
                width += 1
    return bytes(out)


def _run_length(data, limit):
    out, i = bytearray(), 0
    while i < len(data) and len(out) <= limit:
        n = data[i]
        if n == 128:
            break
        if n < 128:
            out += data[i + 1:i + 2 + n]
            i += n + 2
        else:
            out += data[i + 1:i + 2] * (257 - n)
            i += 2
    return bytes(out)


def _ascii85(data, limit):
    """ASCII85 (ReportLab writes it over Flate), as whole arrays: base64.a85decode runs a
    Python loop per 5 characters: a third of the time it takes to read such a file."""
    import numpy as np  # only for files that use the filter

    end = data.find(b"~>")
    body = re.sub(rb"[^!-uz]", b"", data if end < 0 else data[:end]).replace(b"z", b"!!!!!")
    pad = -len(body) % 5
    digits = np.frombuffer(body + b"u" * pad, np.uint8).reshape(-1, 5).astype(np.uint64) - 33
    values = digits @ (np.uint64(85) ** np.arange(4, -1, -1, dtype=np.uint64))
    out = (values & 0xFFFFFFFF).astype(">u4").tobytes()
    return out[:len(out) - pad][:limit + 1]


def _ascii_hex(data, limit):
    end = data.find(b">")
    digits = re.sub(rb"[^0-9A-Fa-f]", b"", data if end < 0 else data[:end])
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))[:limit + 1]


_DECODERS = {"flate": _inflate, "lzw": _lzw, "rl": _run_length, "a85": _ascii85,
             "ahx": _ascii_hex}


# --------------------------------------------------------------------------- page objects
