"""Plain text in two layouts.

export   the inspectorate's text export: one block per line with blank lines between,
         "  \u2022 " bullets, "1. " numbers, tab-separated table rows, and the page footer
         where a printed page ends.
capture  a web page copied from a browser: a badge runs into its heading ("...the
         public?Good"), a table row's cells run together ("Responding to the
         publicRequires improvement"), no bullet marks, site furniture around the content.
"""
from __future__ import annotations

from .blocks import BADGE, BULLET, FURNITURE, HEADING, NUMBERED, PAGEBREAK, TABLE, Doc

_BOTTOM = ["Back to top", "Contact us",  # "Back to top" is in layouts.LAYOUTS' decoys
            "Privacy notice", "Cookies",
           "\u00a9 Crown copyright (fictional site)"]


def _furniture(b) -> list[str]:
    if b.style == "menu":
        return b.text.split(" | ")
    if b.style == "cookie":
        return b.text.split(" | ")
    return [b.text]


def render(doc: Doc, layout: str) -> bytes:
    blocks = [b for b in doc.blocks if b.shown_in("txt")]
    chunks: list[list[str]] = []
    page = 1
    prev = None
    for b in blocks:
        if b.kind == FURNITURE:
            chunks.append(_furniture(b))
        elif b.kind == PAGEBREAK:
            if layout == "export" and doc.footer:
                chunks.append([f"{doc.footer} | Page {page}"])
            page += 1
        elif b.kind == BADGE and layout == "capture" and prev is not None \
                and prev.kind == HEADING:
            chunks[-1][-1] += b.text
        elif b.kind == TABLE:
            if layout == "export":
                chunks.append(["\t".join(r) for r in b.rows])
            else:
                chunks.append(["".join(r) for r in b.rows])
        elif b.kind == BULLET:
            line = f"  \u2022 {b.text}" if layout == "export" else b.text
            if layout == "export" and prev is not None and prev.kind == BULLET:
                chunks[-1].append(line)
            else:
                chunks.append([line])
        elif b.kind == NUMBERED:
            line = f"{b.number}. {b.text}"
            if prev is not None and prev.kind == NUMBERED:
                chunks[-1].append(line)
            else:
                chunks.append([line])
        else:
            chunks.append([b.text])
        prev = b
    if layout == "capture":
        chunks += [[line] for line in _BOTTOM]
    return ("\n\n".join("\n".join(c) for c in chunks) + "\n").encode("utf-8")
