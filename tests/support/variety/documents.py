"""Which documents the corpus holds: every kind of document in every format, each format's
layouts spread over them, and one report given twice (PDF and web page).

A plan entry is (builder, format, layout, options). Each document draws its own
``random.Random`` from (seed, builder, format, copy), so adding a copy never changes the
documents before it.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field

from . import kinds_inspection, kinds_peel, kinds_public
from .blocks import Doc
from .prose import Writer

BUILDERS = {
    "peel-2016": kinds_peel.peel_2016,
    "peel-2018": kinds_peel.peel_2018,
    "peel-2122": kinds_peel.peel_2122,
    "peel-2325": kinds_peel.peel_2325,
    "vetting": kinds_inspection.vetting,
    "crime-data": kinds_inspection.crime_data,
    "custody": kinds_inspection.custody,
    "child-protection": kinds_inspection.child_protection,
    "revisit": kinds_inspection.revisit,
    "thematic": kinds_inspection.thematic,
    "letter": kinds_inspection.letter,
    "press-single": kinds_public.press_single,
    "press-multi": kinds_public.press_multi,
    "pcc-response": kinds_public.responder("pcc"),
    "pfcc-response": kinds_public.responder("pfcc"),
    "mayor-response": kinds_public.responder("mayor"),
    "tracker": kinds_public.tracker,
    "minutes": kinds_public.minutes,
}

# The layout each builder is written in, per format (DEFAULT_LAYOUT unless SPECIAL names
# another), and the options a layout needs (which summary table a PEEL report has).
DEFAULT_LAYOUT = {"txt": "export", "html": "semantic", "docx": "headings", "pdf": "reportlab"}
SPECIAL = {
    ("peel-2018", "txt"): ("capture", {}),
    ("peel-2325", "txt"): ("capture", {"table": "rows"}),
    ("press-single", "txt"): ("capture", {}),
    ("mayor-response", "txt"): ("capture", {}),
    ("tracker", "txt"): ("capture", {}),
    ("peel-2018", "html"): ("tables", {}),
    ("peel-2325", "html"): ("tables", {"table": "rows"}),
    ("crime-data", "html"): ("tables", {}),
    ("tracker", "html"): ("tables", {}),
    ("press-single", "html"): ("news", {}),
    ("press-multi", "html"): ("news", {}),
    ("pcc-response", "html"): ("news", {}),
    ("peel-2122", "docx"): ("cell-paragraphs", {"table": "columns"}),
    ("peel-2325", "docx"): ("cell-paragraphs", {"table": "columns"}),
    ("pcc-response", "docx"): ("pcc-table", {}),
    ("pfcc-response", "docx"): ("pcc-table", {}),
    ("mayor-response", "docx"): ("pcc-table", {}),
    ("peel-2122", "pdf"): ("reportlab", {"table": "columns"}),
    ("peel-2325", "pdf"): ("libreoffice", {"table": "rows"}),
    ("crime-data", "pdf"): ("libreoffice", {}),
    ("vetting", "pdf"): ("libreoffice", {}),
    ("pcc-response", "pdf"): ("libreoffice", {}),
}
# One report as both a PDF and a web page ("same_as" in the answers).
PAIR = ("peel-2325", {"table": "columns"}, (("pdf", "reportlab"), ("html", "semantic")))


@dataclass
class Entry:
    builder: str
    fmt: str
    layout: str
    opts: dict = field(default_factory=dict)
    stem: str = ""
    copy: int = 0
    pair_of: str | None = None  # the other file of a same-report pair


def plan(formats, copies: int) -> list[Entry]:
    entries = []
    for copy in range(copies):
        for key in BUILDERS:
            for fmt in formats:
                layout, opts = SPECIAL.get((key, fmt), (DEFAULT_LAYOUT[fmt], {}))
                entries.append(Entry(key, fmt, layout, dict(opts), f"{key}-{layout}-{copy}",
                                     copy))
        key, opts, members = PAIR
        chosen = [(f, lay) for f, lay in members if f in formats]
        if len(chosen) == 2:
            stem = f"{key}-pair-{copy}"
            names = [f"{stem}.{f}" for f, _ in chosen]
            for (f, lay), other in zip(chosen, reversed(names), strict=True):
                entries.append(Entry(key, f, lay, dict(opts), stem, copy, pair_of=other))
    return entries


def build(entry: Entry, seed: int, copy: int) -> Doc:
    """The document of one plan entry (a pair's two files share one document)."""
    salt = "pair" if entry.pair_of else entry.fmt
    rng = random.Random(f"{seed}:{entry.builder}:{salt}:{copy}")
    return BUILDERS[entry.builder](Writer(rng), entry.opts)
