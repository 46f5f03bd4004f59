"""Turn a file into the intermediate form (:class:`Document`), whatever its format.

The format is decided by content first (a PDF renamed .docx is still a PDF), then by the
file's extension. Every failure is an :class:`~peelreview.errors.ImportFailed` with a reason
an officer can act on; nothing else escapes.
"""
from __future__ import annotations

import zipfile
from pathlib import Path

from ..errors import ImportFailed
from .blocks import MB, Budget, Document, TooLarge, too_large

MAX_FILE_BYTES = 200 * MB  # larger than any inspection report we have seen, 10x over
# Files over these sizes are refused before they are read (every reader also stops at
# blocks.MAX_TEXT_CHARS of text and blocks.MAX_BLOCKS blocks; a Word document's limit is on
# its inflated XML, docx_reader.MAX_DOCUMENT_XML; PDF has its own limits on pages and
# objects). A web page carries markup, scripts and styles besides its text.
MAX_TEXT_BYTES = 8 * MB  # .txt, .md
MAX_HTML_BYTES = 32 * MB

TEXT_EXTENSIONS = {".txt", ".text", ".md"}
HTML_EXTENSIONS = {".html", ".htm", ".xhtml"}
DOCX_EXTENSIONS = {".docx"}
PDF_EXTENSIONS = {".pdf"}
SUPPORTED = sorted(TEXT_EXTENSIONS | HTML_EXTENSIONS | DOCX_EXTENSIONS | PDF_EXTENSIONS)

_IMAGE_MAGIC = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
}


def sniff_format(path: Path, head: bytes) -> str:
    """Return "pdf", "docx", "html" or "txt" for this file, or raise ImportFailed."""
    ext = path.suffix.lower()
    if head.lstrip(b"\x00\t\r\n ")[:5] == b"%PDF-" or head[:1024].find(b"%PDF-") >= 0:
        return "pdf"
    for magic, what in _IMAGE_MAGIC.items():
        if head.startswith(magic):
            raise ImportFailed(path, f"the file is {what}, not a text document "
                                     "(scanned pages need OCR first)")
    if head.startswith(b"PK\x03\x04"):
        if ext in DOCX_EXTENSIONS or ext not in TEXT_EXTENSIONS | HTML_EXTENSIONS | PDF_EXTENSIONS:
            return "docx"
        raise ImportFailed(path, f"the file is a zip archive, not a {ext} file")
    if head.startswith(b"{\\rtf"):
        raise ImportFailed(path, "unsupported file type (RTF): save it as Word (.docx) or PDF")
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFailed(path, "unsupported file type (old binary Word .doc): "
                                 "save it as .docx")
    if ext in PDF_EXTENSIONS:
        raise ImportFailed(path, "the file is damaged: it does not start like a PDF")
    if ext in DOCX_EXTENSIONS:
        raise ImportFailed(path, "the file is damaged: it is not a Word (.docx) document")
    if ext in HTML_EXTENSIONS:
        return "html"
    if ext in TEXT_EXTENSIONS:
        low = head[:2048].lower()
        if b"<!doctype html" in low or b"<html" in low:
            return "html"
        return "txt"
    shown = ext or "no extension"
    raise ImportFailed(path, f"unsupported file type ({shown}); peelreview reads "
                             + ", ".join(SUPPORTED))


def read_document(path: str | Path) -> Document:
    """Read any supported file into a Document (raises ImportFailed with a clear reason)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise ImportFailed(path, "no such file") from None
    except OSError as e:
        raise ImportFailed(path, f"cannot open the file ({e.strerror or e})") from None
    if path.is_dir():
        raise ImportFailed(path, "is a folder, not a file")
    if size == 0:
        raise ImportFailed(path, "the file is empty (0 bytes)")
    if size > MAX_FILE_BYTES:
        raise ImportFailed(path, f"the file is too large ({size // (1024 * 1024)} MB; "
                                 f"the limit is {MAX_FILE_BYTES // (1024 * 1024)} MB)")
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
            fmt = sniff_format(path, head)
            limit = {"txt": MAX_TEXT_BYTES, "html": MAX_HTML_BYTES}.get(fmt)
            if limit is not None and size > limit:
                raise ImportFailed(path, str(too_large(size, limit)))
            data = head + fh.read()
    except OSError as e:
        raise ImportFailed(path, f"cannot read the file ({e.strerror or e})") from None
    try:
        if fmt == "pdf":
            from .pdf import read_pdf
            doc = read_pdf(path, data)
        elif fmt == "docx":
            from .docx_reader import read_docx
            doc = read_docx(path, data)
        elif fmt == "html":
            from .html import read_html
            doc = read_html(path, data)
        else:
            from .txt import read_txt
            doc = read_txt(path, data)
    except ImportFailed:
        raise
    except TooLarge as e:
        raise ImportFailed(path, str(e)) from None
    except MemoryError:
        raise ImportFailed(path, "the file is too large to read in memory") from None
    except RecursionError:
        raise ImportFailed(path, "the file is damaged (nested too deeply to read)") from None
    except (zipfile.BadZipFile, ValueError, KeyError, OSError) as e:
        raise ImportFailed(path, f"the file is damaged ({type(e).__name__}: {e})") from None
    if not any(b.text.strip() for b in doc.blocks):
        raise ImportFailed(path, "the file is empty: it holds no text")
    try:
        Budget().add_all(doc.blocks)  # every reader's blocks, PDF's too
    except TooLarge as e:
        raise ImportFailed(path, str(e)) from None
    return doc


__all__ = ["read_document", "sniff_format", "Document"]
