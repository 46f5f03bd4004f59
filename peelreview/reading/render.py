"""A Report as HTML for a QTextBrowser (Qt's rich-text subset). No Qt here.

One pass over the report's blocks. Everything drawn inside the text -- judgment chips,
findings, the search hit, search terms, later annotations -- is a `Mark` over
[start, end) of report.text. The marks cut each block (and each table cell) into segments;
every segment is written as a complete, self-contained run of nested <span>s, so marks that
overlap however they like can never produce badly nested HTML.

Every block starts with an anchor `<a name="b{start}"></a>` so a viewer can scroll to any
offset: `block_for_offset` finds the block, `anchor_name` its anchor.

Words the renderer adds (finding labels, chip padding, the "Not graded" chip, the note
marker after an annotation) sit in spans with class="deco", so a test (or a screen-reader
export) can tell them from the report's own text: strip those, strip tags, unescape, and you
get the blocks' text back exactly.

A viewer that lets the officer select text needs more than block anchors: it must turn a
selection back into exact report offsets. Pass `pieces=[]` to render_report to get the
document-order list of what was written (report text spans and decorations), and give it with
the viewer's plain text to `align_document`, which maps every character the viewer shows to
its report offset (or to none, for decorations).
"""
from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from html import escape
from itertools import pairwise

from ..model import BlockSpan, Report, Section

# ---------------------------------------------------------------------------- palette
# grade -> chip background; the chip's word is always shown, colour is never the only cue.
GRADE_COLOURS: dict[str, str] = {
    "Outstanding": "#1b5e20",           # dark green
    "Good": "#2e7d32",                  # green
    "Adequate": "#ffb300",              # amber (dark text)
    "Requires improvement": "#bf360c",  # orange-red
    "Inadequate": "#8b0000",            # dark red
    "Not graded": "#5f6368",            # grey
}
# grade -> chip text colour (every pair is at least 4.5:1)
GRADE_TEXT_COLOURS: dict[str, str] = {g: "#ffffff" for g in GRADE_COLOURS}
GRADE_TEXT_COLOURS["Adequate"] = "#1a1a1a"
NOT_GRADED = "Not graded"

# report kind (model.ReportKind values) -> the name shown to the officer
KIND_NAMES: dict[str, str] = {"peel-inspection": "PEEL inspection",
                              "inspection": "Inspection (not PEEL)",
                              "thematic": "Thematic report", "letter": "Letter",
                              "pcc-response": "PCC response",
                              "press-release": "Press release", "other": "Other document"}

# finding kind (model.FindingKind values) -> the label shown before it
FINDING_LABELS: dict[str, str] = {
    "cause_of_concern": "Cause of concern",
    "recommendation": "Recommendation",
    "area_for_improvement": "Area for improvement",
    "innovative_practice": "Innovative practice",
}
# finding kind -> (background tint, label colour), light and dark
FINDING_COLOURS: dict[str, tuple[str, str]] = {
    "cause_of_concern": ("#fbe0e0", "#8b0000"),
    "recommendation": ("#dde9f8", "#0d3c87"),
    "area_for_improvement": ("#fdf0cf", "#6d4300"),
    "innovative_practice": ("#dcf1dc", "#1b5e20"),
}
FINDING_COLOURS_DARK: dict[str, tuple[str, str]] = {
    "cause_of_concern": ("#4a2020", "#ffb4b4"),
    "recommendation": ("#1d3553", "#a8cdf7"),
    "area_for_improvement": ("#4a3a14", "#ffd68a"),
    "innovative_practice": ("#1d4024", "#a9dfab"),
}
_OTHER_FINDING = ("#e8e8e8", "#303030")
_OTHER_FINDING_DARK = ("#3a3a3a", "#e0e0e0")

HIGHLIGHT_COLOURS = ("#fff3a3", "#000000")      # the search hit / jump target
TERM_COLOURS = ("#ffe44d", "#000000")           # matched search words (bold too)
TEXT_DARK = "#e6e6e6"                           # body text on a dark background

# annotation colour name (annotations.COLOURS) -> (background light, background dark); the
# text on them is always dark, so each pair keeps 4.5:1 with #1a1a1a.
ANNOTATION_COLOURS: dict[str, tuple[str, str]] = {
    "yellow": ("#fff176", "#e6d44a"),
    "green": ("#b9f6ca", "#8fd9a4"),
    "blue": ("#b3e5fc", "#8ccbe8"),
    "pink": ("#f8bbd0", "#e59ab5"),
    "orange": ("#ffcc80", "#f0b360"),
}
NOTE_MARKER = "\u270e"   # after an annotation that has a note (a pencil)


# ---------------------------------------------------------------------------- marks
@dataclass(frozen=True)
class Mark:
    """A styled span over report.text[start:end].

    kind orders nesting (lower = outer) and picks the decorations: "finding" gets a bold
    `label` before it; "judgment" is a chip with padding; "judgment_note" is text followed
    by a chip reading `label`; "annotation" is followed by `label` (the note marker) when it
    has one; anything else is just styled.
    """
    start: int
    end: int
    kind: str
    style: str
    label: str = ""
    label_style: str = ""
    priority: int = 50


def finding_label(kind: str, status: str = "extracted", confidence: str = "certain") -> str:
    """The words shown before a finding: its kind, and whether it waits for the officer
    ("Recommendation (likely)") or was rejected ("Rejected recommendation")."""
    label = FINDING_LABELS.get(kind, kind.replace("_", " ").capitalize())
    if status == "rejected":
        return "Rejected " + label[:1].lower() + label[1:]
    if confidence != "certain" and status == "extracted":
        return label + " (likely)"
    return label


def _finding_marks(report: Report, dark: bool) -> list[Mark]:
    colours = FINDING_COLOURS_DARK if dark else FINDING_COLOURS
    other = _OTHER_FINDING_DARK if dark else _OTHER_FINDING
    fg = TEXT_DARK if dark else "#1a1a1a"
    out = []
    for f in report.findings:
        bg, label_fg = colours.get(f.kind, other)
        status = getattr(f, "status", "extracted")
        label = finding_label(f.kind, status, f.confidence)
        style = f"background-color:{bg};color:{fg}"
        if status == "rejected":  # kept visible, struck through, never silently gone
            style = f"color:{fg};text-decoration:line-through"
        out.append(Mark(f.start, f.end, "finding", style, label=label + ": ",
                        label_style=f"font-weight:bold;font-size:small;color:{label_fg}",
                        priority=10))
    return out


def waiting_spans(report: Report) -> list[tuple[int, int]]:
    """Spans of the likely judgments and findings the officer has not decided on (the
    reader draws them with a dashed underline)."""
    return sorted([(j.start, j.end) for j in report.judgments if _waits(j)]
                  + [(f.start, f.end) for f in report.findings if _waits(f)])


def _waits(item) -> bool:
    return item.confidence != "certain" and getattr(item, "status", "extracted") == "extracted"


def annotation_marks(annotations: Iterable, dark: bool = False) -> list[Mark]:
    """Marks for placed annotations (anything with start, end, colour, note; orphans, whose
    start is None, are skipped): the colour as background, dark text, and the note marker
    after the passage when there is a note."""
    out = []
    for a in annotations:
        if a.start is None or a.end is None or a.end <= a.start:
            continue
        light, deep = ANNOTATION_COLOURS.get(a.colour, ANNOTATION_COLOURS["yellow"])
        bg = deep if dark else light
        label = NOTE_MARKER if (a.note or "").strip() else ""
        out.append(Mark(a.start, a.end, "annotation", f"background-color:{bg};color:#1a1a1a",
                        label=label,
                        label_style=f"background-color:{bg};color:#1a1a1a;font-weight:bold",
                        priority=40))
    return out


def chip_style(grade: str) -> str:
    bg = GRADE_COLOURS.get(grade, GRADE_COLOURS[NOT_GRADED])
    fg = GRADE_TEXT_COLOURS.get(grade, "#ffffff")
    return f"background-color:{bg};color:{fg};font-weight:bold"


def chip_html(grade: str) -> str:
    """A stand-alone grade chip (for other widgets' rich text); it never breaks a line."""
    word = escape(grade).replace(" ", "&nbsp;")
    return f'<span style="{chip_style(grade)}">&nbsp;{word}&nbsp;</span>'


def norm_grade(words: str) -> str:
    return " ".join(words.split()).casefold()


def _judgment_marks(report: Report) -> list[Mark]:
    out = []
    for j in report.judgments:
        status = getattr(j, "status", "extracted")
        if status == "rejected" or _waits(j):
            # not (yet) a grade: the words, with what they may be, for the officer to decide
            word = "rejected grade" if status == "rejected" else "likely grade, to confirm"
            out.append(Mark(j.start, j.end, "judgment_note",
                            "font-weight:bold" + (";text-decoration:line-through"
                                                  if status == "rejected" else ""),
                            label=word, label_style="font-style:italic;font-size:small",
                            priority=30))
        elif status in ("changed", "added") and norm_grade(report.text[j.start:j.end]) != \
                norm_grade(j.grade):
            # the officer's grade: the words as written struck through (a heading the officer
            # graded stays as it is), then a chip with the grade they set
            label = j.grade if j.grade in GRADE_COLOURS else NOT_GRADED
            struck = "text-decoration:line-through" if status == "changed" else ""
            out.append(Mark(j.start, j.end, "judgment_note", struck,
                            label=f"{label} (corrected by you)", label_style=chip_style(label),
                            priority=30))
        elif j.grade in GRADE_COLOURS and j.grade != NOT_GRADED:
            out.append(Mark(j.start, j.end, "judgment", chip_style(j.grade), priority=90))
        else:
            label = j.grade if j.grade in GRADE_COLOURS else NOT_GRADED
            out.append(Mark(j.start, j.end, "judgment_note", "font-style:italic",
                            label=label, label_style=chip_style(label), priority=30))
    return out


def _term_pattern(terms: Iterable[str]) -> re.Pattern | None:
    """Each term as a word prefix, case-insensitive ("vet" marks "vetting")."""
    words = []
    for t in terms:
        t = re.sub(r"[\"*?()^~]", " ", str(t)).strip()
        t = re.sub(r"\s+", " ", t)
        if t and t.upper() not in {"AND", "OR", "NOT"}:
            words.append(re.escape(t).replace(r"\ ", r"\s+"))
    if not words:
        return None
    words.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(words) + r")\w*", re.IGNORECASE)


def term_spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    pattern = _term_pattern(terms)
    if pattern is None:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(text) if m.end() > m.start()]


# ---------------------------------------------------------------------------- blocks
def layout_blocks(report: Report) -> list[BlockSpan]:
    """The report's blocks sorted, clipped to the text and to each other, with any text the
    blocks do not cover (or a report without blocks) added as paragraphs. This is what
    render_report draws and what the anchors name."""
    text = report.text
    n = len(text)
    out: list[BlockSpan] = []
    pos = 0

    def gap(a: int, b: int) -> None:
        # uncovered text: paragraphs split on blank lines
        for m in re.finditer(r"\S(?:.*?\S)?(?=\s*\n\s*\n|\s*$)", text[a:b], re.S):
            out.append(BlockSpan("paragraph", 0, a + m.start(), a + m.end(), None))

    for b in sorted(report.blocks, key=lambda b: (b.start, b.end)):
        start, end = max(b.start, pos, 0), min(b.end, n)
        if end <= start:
            continue
        if text[pos:start].strip():
            gap(pos, start)
        out.append(BlockSpan(b.kind, b.level, start, end, b.page, b.page_label))
        pos = end
    if text[pos:].strip():
        gap(pos, n)
    return out


def block_for_offset(blocks: Sequence[BlockSpan], offset: int) -> BlockSpan | None:
    """The block containing offset, else the nearest block before it (else the first)."""
    if not blocks:
        return None
    starts = [b.start for b in blocks]
    i = bisect.bisect_right(starts, offset) - 1
    return blocks[max(i, 0)]


def anchor_name(block: BlockSpan) -> str:
    return f"b{block.start}"


def section_at(report: Report, offset: int, *, unique: bool = True) -> Section | None:
    """The most specific section containing offset. With unique=True a title the report uses
    more than once ("Main findings") does not identify a place, so its parent is taken."""
    counts: dict[str, int] = {}
    if unique:
        for s in report.sections:
            counts[s.title] = counts.get(s.title, 0) + 1
    best: Section | None = None
    for s in report.sections:
        if s.start <= offset < s.end or (s.start == offset == s.end):
            if unique and counts[s.title] > 1:
                continue
            if best is None or (s.start, -s.end, s.level) >= (best.start, -best.end, best.level):
                best = s
    if best is None:  # before the first section: nothing; after: the last one started
        earlier = [s for s in report.sections if s.start <= offset
                   and (not unique or counts[s.title] == 1)]
        best = earlier[-1] if earlier and offset >= len(report.text) else None
    return best


# ---------------------------------------------------------------------------- rendering
_HEADING_TAG = {1: "h1", 2: "h2", 3: "h3"}


def _esc(s: str) -> str:
    return escape(s, quote=False).replace("\n", "<br/>")


class _Writer:
    """Writes segments of visible text with the marks active over them."""

    def __init__(self, text: str, marks: list[Mark], visible: list[tuple[int, int]],
                 pieces: list | None = None):
        self.text = text
        self.pieces = pieces
        self.marks = sorted(marks, key=lambda m: (m.start, m.priority))
        self.next_mark = 0
        self.active: list[Mark] = []
        points = set()
        for m in marks:
            points.add(m.start)
            points.add(m.end)
        self.points = sorted(points)
        # where each mark's visible text starts and ends (decorations go there)
        vstarts = [a for a, _ in visible]
        self.first: dict[int, int] = {}
        self.last: dict[int, int] = {}
        for i, m in enumerate(self.marks):
            j = max(bisect.bisect_right(vstarts, m.start) - 1, 0)
            first = last = None
            while j < len(visible) and visible[j][0] < m.end:
                a, b = visible[j]
                lo, hi = max(a, m.start), min(b, m.end)
                if lo < hi:
                    if first is None:
                        first = lo
                    last = hi
                j += 1
            if first is not None:
                self.first[i], self.last[i] = first, last
        self.index = {id(m): i for i, m in enumerate(self.marks)}

    def run(self, a: int, b: int, out: list[str]) -> None:
        """Write text[a:b] (one cell or one block) cut at mark boundaries."""
        i = bisect.bisect_right(self.points, a)
        cuts = [a]
        while i < len(self.points) and self.points[i] < b:
            cuts.append(self.points[i])
            i += 1
        cuts.append(b)
        for s, e in pairwise(cuts):
            if s < e:
                self.segment(s, e, out)

    def segment(self, s: int, e: int, out: list[str]) -> None:
        marks = self.marks
        while self.next_mark < len(marks) and marks[self.next_mark].start <= s:
            self.active.append(marks[self.next_mark])
            self.next_mark += 1
        if self.active:
            self.active = [m for m in self.active if m.end > s]
        active = sorted(self.active, key=lambda m: m.priority)
        pieces = self.pieces
        if not active:
            out.append(_esc(self.text[s:e]))
            if pieces is not None:
                pieces.append(("t", s, e))
            return
        after: list[tuple[str, str]] = []  # (html, the characters it shows)
        for m in active:
            i = self.index[id(m)]
            if self.first.get(i) == s:
                if m.kind == "finding" and m.label:
                    out.append(f'<span class="deco" style="{m.label_style}">'
                               f"{escape(m.label)}</span>")
                    if pieces is not None:
                        pieces.append(("d", m.label))
                elif m.kind == "judgment":
                    out.append(f'<span class="deco" style="{m.style}">&nbsp;</span>')
                    if pieces is not None:
                        pieces.append(("d", "\u00a0"))
            if self.last.get(i) == e:
                if m.kind == "judgment":
                    after.append((f'<span class="deco" style="{m.style}">&nbsp;</span>',
                                  "\u00a0"))
                elif m.kind == "judgment_note":
                    after.append((f'<span class="deco"> <span style="{m.label_style}">'
                                  f"&nbsp;{escape(m.label)}&nbsp;</span></span>",
                                  f" \u00a0{m.label}\u00a0"))
                elif m.kind == "annotation" and m.label:
                    after.append((f'<span class="deco" style="{m.label_style}">'
                                  f"{escape(m.label)}</span>", m.label))
        out.append("".join(f'<span style="{m.style}">' for m in active))
        out.append(_esc(self.text[s:e]))
        out.append("</span>" * len(active))
        if pieces is not None:
            pieces.append(("t", s, e))
        for html, shown in reversed(after):
            out.append(html)
            if pieces is not None:
                pieces.append(("d", shown))


def _visible_ranges(text: str, blocks: list[BlockSpan]) -> list[tuple[int, int]]:
    out = []
    for b in blocks:
        if b.kind == "table":
            for a, e in _cells(text, b):
                if a < e:
                    out.append((a, e))
        else:
            out.append((b.start, b.end))
    return out


def _rows(text: str, b: BlockSpan) -> list[list[tuple[int, int]]]:
    rows = []
    pos = b.start
    for line in text[b.start:b.end].split("\n"):
        cells = []
        for cell in line.split("\t"):
            cells.append((pos, pos + len(cell)))
            pos += len(cell) + 1
        rows.append(cells)
    return rows


def _cells(text: str, b: BlockSpan) -> list[tuple[int, int]]:
    return [c for row in _rows(text, b) for c in row]


def render_report(report: Report, *, highlight: tuple[int, int] | None = None,
                  terms: Iterable[str] = (), dark: bool = False,
                  marks: Sequence[Mark] = (), pieces: list | None = None) -> str:
    """The report's text as HTML: headings, paragraphs, lists, tables, grade chips, findings,
    the highlighted span and search terms. `marks` adds more styled spans (annotations).
    `pieces`, when a list, receives what was written in document order: ("t", start, end)
    for report text and ("d", characters) for decorations (see align_document)."""
    text = report.text
    blocks = layout_blocks(report)
    all_marks = _finding_marks(report, dark) + _judgment_marks(report) + list(marks)
    if highlight is not None and highlight[1] > highlight[0]:
        bg, fg = HIGHLIGHT_COLOURS
        all_marks.append(Mark(highlight[0], highlight[1], "highlight",
                              f"background-color:{bg};color:{fg}", priority=60))
    bg, fg = TERM_COLOURS
    term_style = f"background-color:{bg};color:{fg};font-weight:bold"
    all_marks.extend(Mark(a, b, "term", term_style, priority=70)
                     for a, b in term_spans(text, terms))
    n = len(text)
    all_marks = [Mark(max(m.start, 0), min(m.end, n), m.kind, m.style, m.label, m.label_style,
                      m.priority) for m in all_marks if min(m.end, n) > max(m.start, 0)]
    writer = _Writer(text, all_marks, _visible_ranges(text, blocks), pieces)

    # a paragraph that is exactly a section's title (plain-text reports) reads as a heading
    titled = {(s.start, s.start + len(s.title)): s.level for s in report.sections
              if text[s.start:s.start + len(s.title)] == s.title}
    body_colour = TEXT_DARK if dark else "#1a1a1a"
    out: list[str] = [f'<html><body style="color:{body_colour}">']
    in_list = False
    for b in blocks:
        anchor = f'<a name="{anchor_name(b)}"></a>'
        if b.kind == "list_item":
            if not in_list:
                out.append('<ul style="margin-top:0px;margin-bottom:8px">')
                in_list = True
            out.append(f'<li style="margin-bottom:3px">{anchor}')
            writer.run(b.start, b.end, out)
            out.append("</li>")
            continue
        if in_list:
            out.append("</ul>")
            in_list = False
        level = b.level if b.kind == "heading" else titled.get((b.start, b.end))
        if level is not None and b.kind in ("heading", "paragraph"):
            tag = _HEADING_TAG.get(level, "h4")
            out.append(f"<{tag}>{anchor}")
            writer.run(b.start, b.end, out)
            out.append(f"</{tag}>")
        elif b.kind == "table":
            grid = "#5a5a5a" if dark else "#b0b0b0"
            out.append(f'<table border="1" cellspacing="0" cellpadding="5" '
                       f'style="border-color:{grid};border-style:solid;border-collapse:collapse;'
                       f'margin-bottom:8px">')
            for r, row in enumerate(_rows(text, b)):
                out.append("<tr>")
                for c, (a, e) in enumerate(row):
                    out.append("<td>")
                    if r == 0 and c == 0:
                        out.append(anchor)
                    writer.run(a, e, out)
                    out.append("</td>")
                out.append("</tr>")
            out.append("</table>")
        else:
            out.append(f"<p>{anchor}")
            writer.run(b.start, b.end, out)
            out.append("</p>")
    if in_list:
        out.append("</ul>")
    out.append("</body></html>")
    return "".join(out)


def legend_html(dark: bool = False) -> str:
    """The key to the colours: grade chips and finding styles, each with its words."""
    colours = FINDING_COLOURS_DARK if dark else FINDING_COLOURS
    fg = TEXT_DARK if dark else "#1a1a1a"
    chips = " ".join(chip_html(g) for g in GRADE_COLOURS)
    rows = []
    for kind, label in FINDING_LABELS.items():
        bg, label_fg = colours[kind]
        rows.append(f'<span style="background-color:{bg};color:{fg}">'
                    f'<span style="font-weight:bold;color:{label_fg}">&nbsp;'
                    f'{escape(label).replace(" ", "&nbsp;")}&nbsp;</span></span>')
    hb, hf = HIGHLIGHT_COLOURS
    tb, tf = TERM_COLOURS
    return (f'<div style="color:{fg}"><p style="margin:0px"><b>Grades:</b> {chips}</p>'
            f'<p style="margin-top:4px;margin-bottom:0px"><b>Findings:</b> '
            f'{" ".join(rows)}</p>'
            f'<p style="margin-top:4px;margin-bottom:0px"><b>Search:</b> '
            f'<span style="background-color:{hb};color:{hf}">&nbsp;jump target&nbsp;</span> '
            f'<span style="background-color:{tb};color:{tf};font-weight:bold">'
            f"&nbsp;matched word&nbsp;</span></p></div>")


# ---------------------------------------------------------------------------- selection
# characters a rich-text viewer puts between blocks and around tables (Qt: paragraph
# separator, frame start/end, object replacement) -- they show no report text.
_SEPARATORS = frozenset("\u2029\ufdd0\ufdd1\ufffc")
_BLANKS = frozenset(" \t\u00a0")
_LINE_BREAK = "\u2028"   # what <br/> becomes in the viewer's text


def align_document(shown: str, text: str, pieces: Sequence[tuple]) -> list[int]:
    """For each character of `shown` (the viewer's plain text, one character per document
    position), the report offset it shows, or -1 for decorations, separators and anything
    added. `pieces` is what render_report wrote (its `pieces` argument).

    The viewer may collapse runs of white space and turns a newline into a line separator;
    everything else of the report's visible text must come through character for character.
    A character that does not (which would be a viewer quirk) is left unmapped rather than
    mapped wrongly: the walk looks a few characters ahead to find its place again."""
    n = len(shown)
    out = [-1] * n
    p = 0

    def step(c: str) -> int | None:
        """Where shown[p:] shows c next (skipping separators and extra blanks), or None
        when c was collapsed away or cannot be found close by."""
        nonlocal p
        want = _LINE_BREAK if c == "\n" else c
        blank = c in _BLANKS or c == "\n" or c == "\r"
        q = p
        while q < n:
            ch = shown[q]
            if ch == want or (blank and c != "\n" and ch in _BLANKS):
                p = q + 1
                return q
            if ch in _SEPARATORS:
                if blank:
                    return None      # a blank never reaches into the next block
                q += 1
                continue
            if blank:
                return None          # collapsed away: nothing shows this blank
            if ch in _BLANKS or ch == _LINE_BREAK:
                q += 1               # a blank the viewer kept and the report had not
                continue
            break
        if not blank:                # a quirk: look a little ahead, else give up on c
            found = shown.find(want, q, q + 8)
            if found >= 0:
                p = found + 1
                return found
        return None

    for piece in pieces:
        if piece[0] == "t":
            a, b = piece[1], piece[2]
            exp = text[a:b].replace("\n", _LINE_BREAK)
            while p < n and shown[p] in _SEPARATORS:
                p += 1
            if shown.startswith(exp, p):          # the common case: verbatim
                out[p:p + len(exp)] = range(a, b)
                p += len(exp)
                continue
            for i in range(a, b):
                q = step(text[i])
                if q is not None:
                    out[q] = i
        else:
            for c in piece[1]:
                step(c)
    return out


def span_for_positions(position_offsets: Sequence[int], first: int, last: int
                       ) -> tuple[int, int] | None:
    """The report span [start, end) shown between document positions first and last
    (last exclusive), from align_document's list; None when only decorations lie there."""
    lo = max(first, 0)
    hi = min(last, len(position_offsets))
    start = next((position_offsets[q] for q in range(lo, hi) if position_offsets[q] >= 0),
                 None)
    if start is None:
        return None
    end = next(position_offsets[q] for q in range(hi - 1, lo - 1, -1)
               if position_offsets[q] >= 0)
    return start, end + 1
