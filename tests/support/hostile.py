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
