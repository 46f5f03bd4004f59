"""Write a corpus: every planned document rendered, its answer beside it in manifest.json."""
from __future__ import annotations

import json
import subprocess
from dataclasses import replace
from pathlib import Path

from . import render_docx, render_html, render_pdf, render_txt
from .answers import answer
from .blocks import Doc
from .documents import Entry, build, plan
from .layouts import EXTENSIONS, FORMATS, layout

# Layouts left out of the last generate() call: [{"format", "layout", "file", "reason",
# "instead"}]. Only the LibreOffice PDF layout can be skipped (no soffice, or it failed);
# its documents are then drawn with reportlab, so every kind of document stays in the set.
SKIPPED_LAYOUTS: list[dict] = []


def generate(out: Path, seed: int = 0, formats: tuple[str, ...] = FORMATS,
             copies: int = 1) -> list[dict]:
    """Write the documents and out/manifest.json (the list of answers); return the answers.

    The same seed gives the same files (LibreOffice PDFs: the same text; their metadata
    carries a creation time); a larger ``copies`` adds documents with other forces, areas,
    wording and numbers, and keeps the earlier ones unchanged.
    """
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown format(s): {', '.join(sorted(unknown))}")
    SKIPPED_LAYOUTS.clear()
    no_soffice = None if render_pdf.soffice() else "soffice (LibreOffice) is not on PATH"
    answers: list[dict] = []
    lo: list[tuple[int, Entry, Doc]] = []  # (index in answers, entry, document)
    pairs: dict[str, Doc] = {}
    for entry in plan(tuple(formats), copies):
        if entry.layout == "libreoffice" and no_soffice:
            entry = _fall_back(entry, no_soffice)
        doc = pairs.get(entry.stem) if entry.pair_of else None
        if doc is None:
            doc = build(entry, seed, entry.copy)
            if entry.pair_of:
                pairs[entry.stem] = doc
        if entry.layout == "libreoffice":
            lo.append((len(answers), entry, doc))
        else:
            _render(entry, doc, out / _file(entry))
        answers.append(_answer(entry, doc))
    if lo:
        try:
            render_pdf.convert_with_libreoffice([(doc, out / _file(e)) for _, e, doc in lo])
        except (OSError, RuntimeError, subprocess.SubprocessError) as exc:
            for i, entry, doc in lo:  # LibreOffice is there but failed: say so, draw them
                (out / _file(entry)).unlink(missing_ok=True)
                entry = _fall_back(entry, f"LibreOffice failed ({exc})")
                _render(entry, doc, out / _file(entry))
                answers[i] = _answer(entry, doc)
    (out / "manifest.json").write_text(json.dumps(answers, indent=1, ensure_ascii=False)
                                       + "\n", encoding="utf-8")
    return answers


def _file(entry: Entry) -> str:
    return f"{entry.stem}.{EXTENSIONS[entry.fmt]}"


def _fall_back(entry: Entry, reason: str) -> Entry:
    """Draw a LibreOffice-layout document with reportlab instead, and record the skip: the
    kind of document stays in the PDF set, only the wrapped-cells form is lost."""
    SKIPPED_LAYOUTS.append({"format": entry.fmt, "layout": entry.layout,
                            "file": _file(entry), "reason": reason,
                            "instead": "reportlab"})
    stem = entry.stem.replace("-libreoffice-", "-reportlab-")
    return replace(entry, layout="reportlab", stem=stem)


def _answer(entry: Entry, doc: Doc) -> dict:
    a = answer(doc, _file(entry), layout(entry.fmt, entry.layout))
    if entry.pair_of:
        a["same_as"] = entry.pair_of
        a["forms"] = sorted(set(a["forms"]) | {"meta:same-report"})
    return a


def _render(entry: Entry, doc: Doc, path: Path) -> None:
    if entry.fmt == "txt":
        path.write_bytes(render_txt.render(doc, entry.layout))
    elif entry.fmt == "html":
        path.write_bytes(render_html.render(doc, entry.layout))
    elif entry.fmt == "docx":
        render_docx.render(doc, entry.layout, path)
    else:
        render_pdf.render_reportlab(doc, path)
