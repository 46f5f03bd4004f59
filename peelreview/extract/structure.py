"""Intermediate form -> Report: the rules that find sections, judgments and findings.

Every rule works on whole blocks and their neighbours, never on words in running prose, so
that narrative such as "The force ... requires improvement." or "In 2017 we recommended ..."
is never mistaken for a badge or a finding. The same rules serve every format; where a
format knows its headings (PDF fonts, HTML tags, Word styles) they are used, and plain text
falls back to the shape of the line.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from ..grades import RUN_TOGETHER, grade_of, norm
from ..model import CERTAIN, LIKELY, Finding, FindingKind, Grade, Judgment, Section
from ..readers.blocks import HEADING, LIST_ITEM, PARAGRAPH, TABLE, Block, Document
from . import areas
from .vocabulary import (
    FINDING_HEADINGS,
    finding_heading,
    inline_finding,
    is_not_graded_statement,
    is_structural,
)

_META = re.compile(r"^(?:last updated|updated|published|publication date|date of publication|"
                   r"skip to (?:main )?content|back to top|print this page|page \d+)\b", re.I)
_NUMBER_ONLY = re.compile(r"^(?:question\s+)?\d{1,2}[.)]?$", re.I)
# A running header or footer left in a text capture: "PEEL 2016 | Page 3", "Page 3 of 40"
_PAGE_FURNITURE = re.compile(r"(?:^|\|\s*)page\s+\d{1,4}(?:\s+of\s+\d{1,4})?\s*$|^back to top$",
                             re.I)
# A paragraph that states what the force should do: a finding when it stands under a plural
# finding heading whose bullets a text capture lost
_STATES_ACTION = re.compile(r"^(?:the\s+force|forces|it|chief\s+constables|"
                            r"the\s+[\w'\u2019 ]{2,60}?|[A-Z][\w'\u2019 ]{2,40}?\s+"
                            r"(?:police|constabulary))\s+(?:should|must|needs?\s+to)\b", re.I)
_TOC_ENTRY = re.compile(r"(?:\s|\.{2,}|\u2026)\d{1,3}$")
_SENTENCE_END = re.compile(r"[.;,:!\u2026]['\"\u2019\u201d)]?$")
# "Responding to the public: requires improvement", "Legitimacy — Good"
_LABEL_SEPARATOR = re.compile(r"\s*(?::|\s[\u2014\u2013-])\s*")


_UNKNOWN = object()  # an answer not worked out yet


@dataclass
class Span:
    block: Block
    start: int
    end: int


def assemble(doc: Document) -> tuple[str, list[Span]]:
    """Lay the blocks out as one text; consecutive list items sit on adjacent lines."""
    parts: list[str] = []
    spans: list[Span] = []
    pos = 0
    prev: Block | None = None
    for b in doc.blocks:
        if not b.text.strip():
            continue
        if prev is not None:
            sep = "\n" if prev.kind == LIST_ITEM and b.kind == LIST_ITEM else "\n\n"
            parts.append(sep)
            pos += len(sep)
        parts.append(b.text)
        spans.append(Span(b, pos, pos + len(b.text)))
        pos += len(b.text)
        prev = b
    return "".join(parts), spans


class StructureExtractor:
    """Walks the blocks once and collects sections, judgments and findings."""

    def __init__(self, doc: Document, text: str, spans: list[Span]):
        self.doc = doc
        self.text = text
        self.spans = spans
        self.blocks = [s.block for s in spans]
        self.structured = doc.has_structure
        self.skip = self._contents_region()
        self.judgments: list[Judgment] = []
        self.table_judgments: list[Judgment] = []
        self.findings: list[Finding] = []
        self.consumed: set[int] = set()  # blocks that are finding texts, not headings
        self.block_area: list[str | None] = [None] * len(spans)  # the area each block is in
        self.area_names: list[str] = []  # headings that start an area, in order
        self._area_name_set: set[str] = set()
        self._area_norms: set[str] = set()
        self._judged: set[str] = set()  # norm() of every judgment's area add_named_judgment made
        self.starts = [s.start for s in spans]  # where each block starts, for bisect
        # what the walk and sections() both ask of every block, answered once
        self._heading_like: list[bool | None] = [None] * len(spans)
        self._starts_area: list[bool | None] = [None] * len(spans)
        self._finding_kind: list = [_UNKNOWN] * len(spans)
        self.heading_names: list[str] = []  # every heading, for sentences that name one
        self.aliases: set[str] = set()  # (normalised) headings graded under another name

    # ------------------------------------------------------------------ block shapes
    def _contents_region(self) -> set[int]:
        """Indexes of a table of contents: its entries repeat every heading of the report."""
        skip: set[int] = set()
        for i, b in enumerate(self.blocks[:400]):
            if b.kind != TABLE and len(b.text) < 30 and norm(b.text) in (
                    "contents", "table of contents"):
                j = i + 1
                while j < len(self.blocks) and j - i <= 120:
                    nb = self.blocks[j]
                    # (a match ends with at most 5 characters: the pattern searched over a
                    # whole long block took time squared)
                    if nb.kind == TABLE or _TOC_ENTRY.search(nb.text.strip()[-5:]):
                        skip.add(j)
                        j += 1
                    else:
                        break
                skip.add(i)
        return skip

    def is_meta(self, i: int) -> bool:
        t = self.blocks[i].text.strip()
        return bool(len(t) < 80 and (_META.match(t) or _NUMBER_ONLY.match(t)))

    def heading_like(self, i: int) -> bool:
        """Could this block be a heading? From the file's styles, else from its shape."""
        found = self._heading_like[i]
        if found is None:
            found = self._heading_like[i] = self._shaped_like_heading(i)
        return found

    def _shaped_like_heading(self, i: int) -> bool:
        b = self.blocks[i]
        if b.kind == HEADING:
            return True
        if b.kind != PARAGRAPH or i in self.skip or len(b.text) > 300:
            return False
        t = b.text.strip()
        if grade_of(t) or not t[:1].isupper() and not t[:1].isdigit():
            return False
        if self.structured:
            return b.bold and len(t.split()) <= 25 and not _SENTENCE_END.search(t)
        return len(t.split()) <= 40 and not _SENTENCE_END.search(t)

    def is_question(self, i: int) -> bool:
        t = self.blocks[i].text.strip()
        return self.blocks[i].kind in (HEADING, PARAGRAPH) and t.endswith("?") and len(t) < 300

    def prev_content(self, i: int, limit: int = 4) -> int | None:
        """The nearest block before i that is not a date line or a bare number."""
        j = i - 1
        while j >= 0 and i - j <= limit:
            if j not in self.skip and not self.is_meta(j):
                return j
            j -= 1
        return None

    # ------------------------------------------------------------------ judgments
    def area_for_grade(self, i: int) -> int | None:
        """The block naming the area a grade badge at i belongs to, or None.

        The heading just above the badge, past any date line or question number. A pillar's
        grade sits under its headline question, itself under the pillar name ("Legitimacy",
        then "How legitimately does the force ...?", then the badge): the area is the pillar.
        """
        j = self.prev_content(i)
        if j is None:
            return None
        if self.structured and self.blocks[j].kind != HEADING and self.is_question(j):
            k = self.prev_content(j)
            if k is not None and self.blocks[k].kind == HEADING:
                return k  # a lede question paragraph under the page heading
        if not (self.heading_like(j) or self.is_question(j)):
            return None
        k = self.prev_content(j)
        if k is not None and self.heading_like(k) and areas.is_pillar(self.blocks[k].text):
            # the headline question is the pillar's: a sentence naming it restates the grade
            self.aliases.add(norm(self.blocks[j].text))
            return k
        return j

    def add_judgment(self, area_block: int, grade: Grade, start: int, end: int,
                     basis: str = "badge") -> str:
        area = self.blocks[area_block].text.strip()
        self.add_named_judgment(area, grade, start, end, basis)
        if area not in self._area_name_set:
            self.add_area_name(area)
        return area

    def add_area_name(self, area: str) -> None:
        self.area_names.append(area)
        self._area_name_set.add(area)
        self._area_norms.add(norm(area))

    def add_named_judgment(self, area: str, grade: Grade, start: int, end: int, basis: str,
                           confidence: str = CERTAIN) -> None:
        """A judgment, unless one for the same area (by the same normalised name) is held.

        Two names with the same norm() are the same area whenever they have any word (what
        areas.same_area needs), so a set of norms answers at once what comparing with every
        judgment held would."""
        key = norm(area)
        if key in self._judged and areas.has_words(area):
            return
        self._judged.add(key)
        self.judgments.append(Judgment(area, grade.value, start, end, confidence, basis))

    def labelled_grade(self, i: int) -> tuple[str, Grade, int, int, str] | None:
        """"Responding to the public: requires improvement" (a label line) or "...treat
        the public?Good" (a table row run together): (area, grade, start, end, basis)."""
        b = self.blocks[i]
        t = b.text.rstrip()
        if b.kind not in (PARAGRAPH, HEADING, LIST_ITEM) or len(t) > 260 or "\n" in t:
            return None
        if not t.rstrip(" .").lower().endswith(_GRADE_ENDINGS):
            return None  # both forms end with the grade: a cheap test before the patterns
        m = RUN_TOGETHER.match(t)
        if m:
            g = grade_of(m.group("grade"))
            return (m.group("label").strip(), g[0], m.start("grade"), m.end("grade"),
                    "run-together") if g else None
        seps = list(_LABEL_SEPARATOR.finditer(t))
        if not seps:
            return None
        sep = seps[-1]
        label, rest = t[:sep.start()].strip(), t[sep.end():]
        g = grade_of(rest)
        if not g or not label or len(label.split()) > 14 or _SENTENCE_END.search(label):
            return None
        if not (label[:1].isupper() or label[:1].isdigit()):
            return None
        return label, g[0], sep.end() + g[1], sep.end() + g[2], "label-line"

    def label_confidence(self, label: str) -> str:
        """A label names an area for sure when it is a known PEEL area or pillar, or a
        heading of this document; any other label could be something else graded."""
        if areas.is_known_area(label) or areas.is_pillar(label) or label.endswith("?"):
            return CERTAIN
        if norm(label) in self._area_norms:
            return CERTAIN
        return LIKELY

    def area_at(self, offset: int) -> str | None:
        """The area the walk was in at this offset of the text."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return self.block_area[i] if 0 <= i < len(self.block_area) else None

    def table_grades(self, i: int) -> None:
        """Judgments a summary table states (kept only if the body does not repeat them)."""
        span = self.spans[i]
        rows = [r.split("\t") for r in span.block.text.split("\n")]
        offsets = _cell_offsets(span.block, span.start)
        header = [grade_of(c) for c in rows[0]] if rows else []
        if rows and sum(1 for g in header if g) >= 3:
            for r, row in enumerate(rows[1:], 1):
                for c, cell in enumerate(row):
                    if cell.strip() and c < len(header) and header[c] and not grade_of(cell):
                        s = offsets[r][c]
                        self.table_judgments.append(
                            Judgment(cell.strip(), header[c][0].value, s, s + len(cell.strip()),
                                     CERTAIN, "summary-table"))
            return
        for r, row in enumerate(rows):
            cells = [(c, x) for c, x in enumerate(row) if x.strip()]
            graded = [(c, grade_of(x)) for c, x in cells if grade_of(x)]
            named = [(c, x) for c, x in cells if not grade_of(x)]
            if len(graded) == 1 and len(named) == 1 and len(named[0][1]) < 200:
                c, (grade, gs, ge) = graded[0]
                s = offsets[r][c]
                self.table_judgments.append(
                    Judgment(named[0][1].strip(), grade.value, s + gs, s + ge, CERTAIN,
                             "summary-table"))

    def table_findings(self, i: int) -> None:
        """Findings a table lists under a header that names them (a tracker's "Ref | Type
        | Recommendation | Owner | Status", a response's "Recommendation | Response"): one
        per row, its kind from a Type column when there is one, else from the header."""
        span = self.spans[i]
        rows = [r.split("\t") for r in span.block.text.split("\n")]
        if len(rows) < 2:
            return
        header = [_squashed(c) for c in rows[0]]
        text_col = next((c for c, h in enumerate(header) if _kind_of(h)), None)
        if text_col is None:
            return
        type_col = next((c for c, h in enumerate(header) if h in _TYPE_HEADERS), None)
        offsets = _cell_offsets(span.block, span.start)
        for r, row in enumerate(rows[1:], 1):
            if text_col >= len(row):
                continue
            cell = row[text_col]
            kind = _kind_of(_squashed(row[type_col])) if type_col is not None and \
                type_col < len(row) else None
            kind = kind or _kind_of(header[text_col])
            if kind is None or len(cell.split()) < 4:
                continue
            start = offsets[r][text_col]  # where the cell's text starts (after its spaces)
            body = cell.strip()
            self.findings.append(Finding(kind.value, None, body, start, start + len(body),
                                         CERTAIN, "table-column"))
        self.consumed.add(i)

    def merge_table_judgments(self) -> None:
        """Report each judgment once, from the body; a table adds only what the body lacks.

        A table row matches a body judgment with the same grade whose area is the same PEEL
        area (known renamings, or the table's short name is the body name's first words).
        When most rows match that way, the remaining rows are paired with the remaining body
        judgments of the same grade: the table is a summary of the body.
        """
        table = self.table_judgments
        if not table:
            return
        # the body's judgments by grade, each grade's in order, indexed by area: a row finds
        # the first unmatched one of its grade and area without comparing with all of them
        by_grade: dict[str, tuple[areas.AreaIndex, list[Judgment]]] = {}
        for b in self.judgments:
            index, held = by_grade.setdefault(b.grade, (areas.AreaIndex(), []))
            index.add(b.area)
            held.append(b)
        matched: dict[str, set[int]] = {grade: set() for grade in by_grade}
        left = []
        for t in table:
            n = by_grade[t.grade][0].first(t.area) if t.grade in by_grade else None
            if n is not None:
                by_grade[t.grade][0].remove(n)
                matched[t.grade].add(n)
            else:
                left.append(t)
        if left and len(table) - len(left) >= len(table) / 2:
            # the rest pair with the remaining body judgments of the same grade, in order
            remaining = {grade: iter([n for n in range(len(held)) if n not in matched[grade]])
                         for grade, (_, held) in by_grade.items()}
            left = [t for t in left if next(remaining.get(t.grade, iter(())), None) is None]
        known = {norm(j.area) for j in self.judgments}
        for t in left:
            if norm(t.area) not in known:
                self.judgments.append(t)
                known.add(norm(t.area))
        self.judgments.sort(key=lambda j: j.start)

    # ------------------------------------------------------------------ findings
    def add_finding(self, kind: FindingKind, area: str | None, i: int, start_in_block: int = 0,
                    last: int | None = None, basis: str = "heading") -> None:
        first = self.spans[i]
        end = self.spans[last].end if last is not None else first.end
        start = first.start + start_in_block
        text = self.text[start:end].strip()
        if text:
            lead = len(self.text[start:end]) - len(self.text[start:end].lstrip())
            self.findings.append(Finding(kind.value, area, text, start + lead,
                                         start + lead + len(text), CERTAIN, basis))
        for k in range(i, (last if last is not None else i) + 1):
            self.consumed.add(k)

    def stops_findings(self, i: int) -> bool:
        t = self.blocks[i].text
        return bool(grade_of(t) or self.finding_kind(i) or is_structural(t)
                    or is_not_graded_statement(t) or i in self.skip)

    def collect_findings(self, i: int, kind: FindingKind, area: str | None) -> int:
        """Findings under the finding heading at i; returns the last block index used."""
        n = len(self.blocks)
        j = i + 1
        if j >= n or self.stops_findings(j) or self.blocks[j].kind == TABLE:
            return i
        if kind is FindingKind.INNOVATIVE_PRACTICE:
            return self.collect_practice(i, area)
        b = self.blocks[j]
        if b.kind == LIST_ITEM:
            return self.collect_list(j, kind, area)
        if b.text.rstrip().endswith(":") and j + 1 < n and self.blocks[j + 1].kind == LIST_ITEM:
            # "We recommend that, within six months, the force should:" + its points: each
            # point is one recommendation to answer; the lead-in gives their deadline and
            # addressee (report.py reads them from it)
            self.consumed.add(j)
            return self.collect_list(j + 1, kind, area)
        self.add_finding(kind, area, j)  # the statement; what follows explains it
        if _plural(self.blocks[i].text) and _STATES_ACTION.match(b.text.strip()):
            # "Areas for improvement" then one paragraph per item (a capture lost the
            # bullets): each paragraph that states an action is one; the first that does
            # not starts the explanation
            k = j + 1
            while k < n and self.blocks[k].kind == PARAGRAPH and len(self.blocks[k].text) < 600 \
                    and _STATES_ACTION.match(self.blocks[k].text.strip()):
                self.add_finding(kind, area, k)
                k += 1
            return k - 1
        if (kind is FindingKind.CAUSE_OF_CONCERN and j + 1 < n
                and self.blocks[j + 1].kind == LIST_ITEM):
            # The "Recommendations" heading is sometimes lost between a cause of concern
            # and its bullets; bullets straight after the statement are its recommendations.
            return self.collect_list(j + 1, FindingKind.RECOMMENDATION, area)
        return j

    def collect_list(self, j: int, kind: FindingKind, area: str | None) -> int:
        """Every item of the list from j; a page's running footer between two items (a
        text capture of a printed page) does not end the list."""
        last, n = j, len(self.blocks)
        while last < n:
            b = self.blocks[last]
            if b.kind == LIST_ITEM:
                self.add_finding(kind, area, last)
            elif not (_PAGE_FURNITURE.search(b.text.strip()) and len(b.text) < 120
                      and last + 1 < n and self.blocks[last + 1].kind == LIST_ITEM):
                break
            last += 1
        return last - 1

    def collect_practice(self, i: int, area: str | None) -> int:
        """Innovative practice: each item is a title followed by its description."""
        heading_level = self.blocks[i].level
        j, last, titled = i + 1, i, False
        while j < len(self.blocks):
            b = self.blocks[j]
            if self.stops_findings(j) or areas.is_known_area(b.text) or b.kind == TABLE:
                break
            nxt = j + 1 < len(self.blocks) and grade_of(self.blocks[j + 1].text)
            if nxt or (self.structured and b.kind == HEADING and heading_level
                       and b.level and b.level <= heading_level):
                break  # the next area's heading, or a heading at the practice heading's level
            if self.is_title(j):
                self.add_finding(FindingKind.INNOVATIVE_PRACTICE, area, j)
                titled = True
            elif not titled and b.kind in (PARAGRAPH, LIST_ITEM):
                self.add_finding(FindingKind.INNOVATIVE_PRACTICE, area, j)
                return j  # untitled: the first paragraph is the practice
            last = j
            j += 1
        return last

    def is_title(self, j: int) -> bool:
        b = self.blocks[j]
        if b.kind == HEADING:
            return True
        if b.kind != PARAGRAPH or _SENTENCE_END.search(b.text.strip()) or len(b.text) > 300:
            return False
        return j + 1 < len(self.blocks) and self.blocks[j + 1].kind in (PARAGRAPH, LIST_ITEM)

    # ------------------------------------------------------------------ main walk
    def run(self) -> None:
        area: str | None = None
        area_block: int | None = None
        n = len(self.blocks)
        i = 0
        filled = 0
        while i < n:
            b = self.blocks[i]
            t = b.text
            while filled <= i:  # blocks a finding list jumped over are in the same area
                self.block_area[filled] = area
                filled += 1
            if i in self.skip:
                i += 1
                continue
            if b.kind == TABLE:
                self.table_grades(i)
                self.table_findings(i)
                i += 1
                continue
            if b.kind == LIST_ITEM:
                labelled = self.labelled_grade(i)  # "The force's other grades are:" + items
                if labelled:
                    label, grade, gs, ge, basis = labelled
                    span = self.spans[i]
                    self.add_named_judgment(label, grade, span.start + gs, span.start + ge,
                                            basis, self.label_confidence(label))
                i += 1
                continue
            g = grade_of(t)
            if g:
                k = self.area_for_grade(i)
                if k is not None:
                    span = self.spans[i]
                    name = self.add_judgment(k, g[0], span.start + g[1], span.start + g[2])
                    if not (area and areas.parent_area(name) == norm(area)):
                        area, area_block = name, k
                i += 1
                continue
            if is_not_graded_statement(t):
                k = self.prev_content(i)
                if k is not None and self.heading_like(k):
                    span = self.spans[i]
                    sentence = re.match(r"[^.!?]*[.!?]?", t).group(0)
                    area = self.add_judgment(k, Grade.NOT_GRADED, span.start,
                                             span.start + len(sentence), "not-graded-statement")
                    area_block = k
                i += 1
                continue
            kind = self.finding_kind(i)
            if kind is not None:
                i = self.collect_findings(i, kind, area) + 1
                continue
            inline = inline_finding(t) if b.kind == PARAGRAPH else None
            if inline:
                self.add_finding(inline[0], area, i, start_in_block=inline[1], basis="label-line")
                i += 1
                continue
            labelled = self.labelled_grade(i)
            if labelled:
                label, grade, gs, ge, basis = labelled
                span = self.spans[i]
                self.add_named_judgment(label, grade, span.start + gs, span.start + ge, basis,
                                        self.label_confidence(label))
                self.block_area[i] = label
                if not (area and areas.parent_area(label) == norm(area)):
                    area, area_block = label, i
                i += 1
                continue
            if self.heading_like(i) or (b.kind == HEADING):
                self.heading_names.append(t.strip())
                if self.starts_area(i) and not (area and areas.parent_area(t) == norm(area)):
                    area, area_block = t.strip(), i
                    self.add_area_name(area)
                    self.block_area[i] = area
                elif (self.structured and b.kind == HEADING and area_block is not None
                      and self.blocks[area_block].kind == HEADING
                      and 0 < b.level <= self.blocks[area_block].level
                      and not is_structural(t)):
                    area, area_block = None, None  # left the area for an unrelated section
            i += 1
        while filled < n:
            self.block_area[filled] = area
            filled += 1
        self.merge_table_judgments()
        self.dedupe_findings()

    def starts_area(self, i: int) -> bool:
        """An area heading with no badge: a known PEEL area, or a question heading."""
        found = self._starts_area[i]
        if found is None:
            found = self._starts_area[i] = self._names_area(i)
        return found

    def finding_kind(self, i: int) -> FindingKind | None:
        """The finding kind block i is a heading for (vocabulary.finding_heading), if any."""
        found = self._finding_kind[i]
        if found is _UNKNOWN:
            found = self._finding_kind[i] = finding_heading(self.blocks[i].text)
        return found

    def _names_area(self, i: int) -> bool:
        t = self.blocks[i].text
        if areas.is_known_area(t):
            return True
        return self.is_question(i) and (self.blocks[i].kind == HEADING or not self.structured)

    def dedupe_findings(self) -> None:
        """Each finding once: the same words under the same area are one finding, and a
        copy outside any area (a summary list) gives way to the copy under its area."""
        placed = {(f.kind, norm(f.text)) for f in self.findings if f.area is not None}
        seen: set[tuple] = set()
        out = []
        for f in self.findings:
            key = (f.kind, norm(f.text), f.area)
            if key in seen or (f.area is None and key[:2] in placed):
                continue
            seen.add(key)
            out.append(f)
        self.findings = out

    # ------------------------------------------------------------------ sections
    def sections(self) -> list[Section]:
        """Headings with the span they govern. Plain text gets levels from their role."""
        judged = {norm(j.area) for j in self.judgments}
        heads: list[tuple[int, int]] = []
        for i, b in enumerate(self.blocks):
            if i in self.consumed or i in self.skip or not self.heading_like(i) and not (
                    self.is_question(i) and not self.structured):
                continue
            if self.structured and b.level:
                level = b.level
            elif norm(b.text) in judged or self.starts_area(i) or areas.is_pillar(b.text):
                level = 1
            elif self.finding_kind(i) or is_structural(b.text):
                level = 2
            else:
                level = 3
            heads.append((i, level))
        # a section ends where the next heading of its level or higher starts: one pass
        # with a stack of the sections still open (their levels rise towards the top)
        ends = [len(self.text)] * len(heads)
        open_: list[int] = []
        for n, (i, level) in enumerate(heads):
            while open_ and heads[open_[-1]][1] >= level:
                ends[open_.pop()] = self.spans[i].start
            open_.append(n)
        return [Section(self.blocks[i].text.strip(), level, self.spans[i].start, ends[n])
                for n, (i, level) in enumerate(heads)]


_GRADE_ENDINGS = ("outstanding", "good", "adequate", "improvement", "improvements",
                  "inadequate", "graded", "rating", "rated", "grade")
_TYPE_HEADERS = {"type", "kind", "category", "findingtype", "typeoffinding"}


def _squashed(cell: str) -> str:
    """A header or type cell as letters only: a narrow PDF column breaks words
    ("Recommendati on") and cells differ in case and spacing."""
    return re.sub(r"[^a-z]", "", norm(cell))


_SQUASHED_KINDS = {re.sub(r"[^a-z]", "", k): v for k, v in FINDING_HEADINGS.items()}


def _kind_of(squashed: str) -> FindingKind | None:
    return _SQUASHED_KINDS.get(squashed)


def _plural(heading: str) -> bool:
    return norm(heading).split(" ")[0].endswith("s")


def _cell_offsets(block: Block, start: int) -> list[list[int]]:
    """Start offset of every cell of a table block laid out as rows of tab-joined cells."""
    out = []
    pos = start
    for line in block.text.split("\n"):
        row = []
        for cell in line.split("\t"):
            lead = len(cell) - len(cell.lstrip())
            row.append(pos + lead)
            pos += len(cell) + 1
        out.append(row)
    return out
