"""Report -> HTML for the reader (reading/render.py): no Qt, exact and always well formed."""
from __future__ import annotations

import re
import subprocess
import sys
import time
from html.parser import HTMLParser
from itertools import pairwise

import pytest
from conftest import ROOT, corpus_path
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelreview.model import BlockSpan, Finding, Judgment, Report, Section
from peelreview.reading.render import (
    FINDING_COLOURS,
    FINDING_COLOURS_DARK,
    FINDING_LABELS,
    GRADE_COLOURS,
    HIGHLIGHT_COLOURS,
    TERM_COLOURS,
    Mark,
    anchor_name,
    block_for_offset,
    layout_blocks,
    legend_html,
    render_report,
    section_at,
    term_spans,
)


# ---------------------------------------------------------------------------- helpers
def make_report(parts: list[tuple[str, int, str]], **kw) -> Report:
    """A report laid out like extract.structure: (kind, level, text) blocks, list items on
    adjacent lines, everything else a blank line apart."""
    text, blocks, pos, prev = "", [], 0, None
    for kind, level, body in parts:
        if prev is not None:
            sep = "\n" if prev == kind == "list_item" else "\n\n"
            text += sep
            pos += len(sep)
        blocks.append(BlockSpan(kind, level, pos, pos + len(body)))
        text += body
        pos += len(body)
        prev = kind
    return Report(kind="peel-inspection", title="T", force="Wessex Constabulary",
                  published=None, report_published=None, text=text, blocks=blocks, **kw)


def span_of(report: Report, needle: str) -> tuple[int, int]:
    i = report.text.index(needle)
    return i, i + len(needle)


class Structure(HTMLParser):
    """Checks nesting and gives back each block's text (cells joined by tab, rows by
    newline), leaving out what the renderer added (class="deco")."""

    VOID = {"br"}
    BLOCKS = {"p", "h1", "h2", "h3", "h4", "li"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.deco_at: int | None = None
        self.blocks: list[str] = []
        self.current: list[str] | None = None
        self.rows: list[list[str]] | None = None
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            if self.current is not None and self.deco_at is None:
                self.current.append("\n")
            return
        self.stack.append(tag)
        if tag == "span" and ("class", "deco") in attrs and self.deco_at is None:
            self.deco_at = len(self.stack)
        if tag in self.BLOCKS:
            if self.current is not None:
                self.errors.append(f"<{tag}> inside a block")
            self.current = []
        elif tag == "table":
            self.rows = []
        elif tag == "tr":
            self.rows.append([])
        elif tag == "td":
            self.current = []

    def handle_startendtag(self, tag, attrs):
        if tag not in self.VOID:
            self.errors.append(f"self-closing <{tag}/>")
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in self.VOID:
            return
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1] if self.stack else None}")
            return
        if self.deco_at == len(self.stack):
            self.deco_at = None
        self.stack.pop()
        if tag in self.BLOCKS:
            self.blocks.append("".join(self.current))
            self.current = None
        elif tag == "td":
            self.rows[-1].append("".join(self.current))
            self.current = None
        elif tag == "table":
            self.blocks.append("\n".join("\t".join(r) for r in self.rows))
            self.rows = None

    def handle_data(self, data):
        if self.deco_at is not None:
            return
        if self.current is None:
            if data.strip():
                self.errors.append(f"text outside a block: {data!r}")
            return
        self.current.append(data)

    def check(self, html: str) -> list[str]:
        self.feed(html)
        self.close()
        assert not self.errors, self.errors[:5]
        assert not self.stack, f"unclosed: {self.stack}"
        return self.blocks


def rendered_blocks(html: str) -> list[str]:
    return Structure().check(html)


# ---------------------------------------------------------------------------- the basics
SAMPLE = make_report([
    ("heading", 1, "An inspection of Wessex Constabulary"),
    ("heading", 3, "Responding to the public"),
    ("paragraph", 0, "Requires improvement"),
    ("paragraph", 0, "The force <b>requires</b> improvement & must act on \"vetting\"."),
    ("heading", 5, "Recommendations"),
    ("list_item", 0, "Within three months, the force should vet every officer."),
    ("list_item", 0, "Within six months, the force should review its vetting unit."),
    ("paragraph", 0, "Vetting is behind. We do not grade forces on this question. More."),
    ("table", 0, "Area\tGrade\nInvestigating crime\tGood"),
    ("heading", 8, "A very deep heading"),
])


def sample() -> Report:
    r = SAMPLE
    rec1 = span_of(r, "Within three months, the force should vet every officer.")
    rec2 = span_of(r, "Within six months, the force should review its vetting unit.")
    ng = span_of(r, "We do not grade forces on this question.")
    good = r.text.rindex("Good")
    return Report(**{**r.__dict__,
                     "judgments": [Judgment("Responding to the public", "Requires improvement",
                                            *span_of(r, "Requires improvement")),
                                   Judgment("Armed threats", "Not graded", *ng),
                                   Judgment("Investigating crime", "Good", good, good + 4)],
                     "findings": [Finding("recommendation", "Responding to the public",
                                          r.text[rec1[0]:rec1[1]], *rec1),
                                  Finding("recommendation", "Responding to the public",
                                          r.text[rec2[0]:rec2[1]], *rec2)],
                     "sections": [Section("An inspection of Wessex Constabulary", 1, 0,
                                          len(r.text)),
                                  Section("Responding to the public", 3, r.text.index(
                                      "Responding"), len(r.text))]})


def test_blocks_become_headings_paragraphs_lists_and_tables():
    html = render_report(sample())
    assert "<h1><a name=\"b0\"></a>An inspection of Wessex Constabulary</h1>" in html
    assert re.search(r"<h3><a name=\"b\d+\"></a>Responding to the public</h3>", html)
    assert "A very deep heading</h4>" in html  # deeper levels are h4
    assert html.count("<ul") == 1 and html.count("<li") == 2  # one list, two items
    assert "<table" in html and html.count("<tr>") == 2 and html.count("<td>") == 4
    assert "<td>Investigating crime</td>" in html
    assert rendered_blocks(html) == [SAMPLE.text[b.start:b.end] for b in SAMPLE.blocks]


def test_text_is_escaped():
    html = render_report(sample())
    assert "<b>requires</b>" not in html
    assert "&lt;b&gt;requires&lt;/b&gt; improvement &amp; must act on \"vetting\"." in html


def test_every_block_has_an_anchor_and_offsets_find_their_block():
    report = sample()
    html = render_report(report)
    for b in report.blocks:
        assert f'<a name="{anchor_name(b)}"></a>' in html
    blocks = layout_blocks(report)
    third = report.blocks[3]
    assert block_for_offset(blocks, third.start) == third
    assert block_for_offset(blocks, third.start + 5) == third
    assert block_for_offset(blocks, third.end + 1) == third  # in the gap: the block before
    assert block_for_offset(blocks, -3) == blocks[0]
    assert block_for_offset([], 3) is None


def test_grades_are_labelled_chips_in_their_colour():
    html = render_report(sample())
    ri = GRADE_COLOURS["Requires improvement"]
    assert re.search(rf'<span style="background-color:{ri};color:#ffffff;font-weight:bold">'
                     r"Requires improvement</span>", html)
    good = GRADE_COLOURS["Good"]
    assert f'<span style="background-color:{good};color:#ffffff;font-weight:bold">Good' in html
    # the word is always there, padded inside the chip
    assert html.count(f'class="deco" style="background-color:{ri};') == 2


def test_adequate_chip_has_dark_text():
    r = make_report([("paragraph", 0, "Adequate")])
    r.judgments = [Judgment("Investigating crime", "Adequate", 0, 8)]
    html = render_report(r)
    assert f"background-color:{GRADE_COLOURS['Adequate']};color:#1a1a1a" in html


def test_not_graded_keeps_its_sentence_and_adds_a_chip():
    html = render_report(sample())
    grey = GRADE_COLOURS["Not graded"]
    m = re.search(r'<span style="font-style:italic">We do not grade forces on this question\.'
                  r'</span><span class="deco"> <span style="background-color:' + grey +
                  r'[^"]*">&nbsp;Not graded&nbsp;</span></span> More\.', html)
    assert m, html


def test_findings_have_a_tint_and_a_bold_label_before_them():
    html = render_report(sample())
    bg, label_fg = FINDING_COLOURS["recommendation"]
    label = (f'<span class="deco" style="font-weight:bold;font-size:small;color:{label_fg}">'
             "Recommendation: </span>")
    assert html.count(label) == 2
    assert label + f'<span style="background-color:{bg};color:#1a1a1a">Within three' in html


def test_each_finding_kind_has_its_own_label_and_tint():
    kinds = list(FINDING_LABELS)
    r = make_report([("paragraph", 0, f"Finding number {i}.") for i in range(len(kinds))])
    r.findings = [Finding(k, None, r.text[b.start:b.end], b.start, b.end)
                  for k, b in zip(kinds, r.blocks, strict=True)]
    html = render_report(r)
    tints = set()
    for kind in kinds:
        assert f">{FINDING_LABELS[kind]}: </span>" in html
        tints.add(FINDING_COLOURS[kind][0])
        assert f"background-color:{FINDING_COLOURS[kind][0]}" in html
    assert len(tints) == len(kinds)


def test_finding_over_part_of_a_block_and_across_list_items():
    r = sample()
    a = r.text.index("three months")
    b = r.text.index("its vetting")
    r.findings = [Finding("cause_of_concern", None, r.text[a:b], a, b)]
    html = render_report(r)
    assert html.count(">Cause of concern: </span>") == 1  # one label, at the start
    bg = FINDING_COLOURS["cause_of_concern"][0]
    assert 'Within <span class="deco"' in html  # the label sits where the finding starts
    assert html.count(f"background-color:{bg}") == 2  # tinted in both list items
    assert rendered_blocks(html) == [r.text[x.start:x.end] for x in r.blocks]


def test_highlight_marks_the_exact_span():
    r = sample()
    start, end = span_of(r, "must act on")
    html = render_report(r, highlight=(start, end))
    bg, fg = HIGHLIGHT_COLOURS
    assert f'<span style="background-color:{bg};color:{fg}">must act on</span>' in html


def test_terms_mark_word_prefixes_case_insensitively():
    r = sample()
    assert [r.text[a:b] for a, b in term_spans(r.text, ["vet"])] == [
        "vetting", "vet", "vetting", "Vetting"]
    assert term_spans("privet vets", ["vet"]) == [(7, 11)]  # not inside a word
    assert term_spans("stop and search", ['"stop and search"']) == [(0, 15)]
    assert term_spans("anything", ["", "  ", "*"]) == []
    html = render_report(r, terms=["vet"])
    bg, _ = TERM_COLOURS
    assert html.count(f"background-color:{bg}") == 4
    assert 'font-weight:bold">Vetting</span>' in html


def test_overlapping_marks_nest_safely():
    r = sample()
    a, _ = span_of(r, "Within three")
    _, b = span_of(r, "review its")
    html = render_report(r, highlight=(a - 3, b), terms=["months", "force"],
                         marks=[Mark(a + 4, b + 40, "annotation",
                                     "background-color:#e0d0ff", priority=40)])
    assert rendered_blocks(html) == [r.text[x.start:x.end] for x in r.blocks]
    assert "#e0d0ff" in html


def test_dark_variant_uses_dark_tints_and_light_text():
    html = render_report(sample(), dark=True)
    assert "color:#e6e6e6" in html
    assert FINDING_COLOURS_DARK["recommendation"][0] in html
    assert FINDING_COLOURS["recommendation"][0] not in html
    # chips keep their own readable pair
    assert f"background-color:{GRADE_COLOURS['Good']};color:#ffffff" in html


def test_legend_names_every_grade_and_finding():
    for dark in (False, True):
        html = legend_html(dark)
        for grade, colour in GRADE_COLOURS.items():
            assert grade.replace(" ", "&nbsp;") in html and colour in html
        for label in FINDING_LABELS.values():
            assert label.replace(" ", "&nbsp;") in html
        Structure().check(html)


def test_report_without_blocks_is_split_into_paragraphs():
    text = "First para\nstill first.\n\n\nSecond <para>.\n\n   \n\nThird."
    r = Report("other", "T", None, None, None, text)
    html = render_report(r)
    assert rendered_blocks(html) == ["First para\nstill first.", "Second <para>.", "Third."]
    assert html.count("<a name=") == 3


def test_plain_text_section_titles_read_as_headings():
    r = make_report([("paragraph", 0, "Responding to the public"), ("paragraph", 0, "Body.")])
    r.sections = [Section("Responding to the public", 3, 0, len(r.text))]
    html = render_report(r)
    assert "<h3><a name=\"b0\"></a>Responding to the public</h3>" in html
    assert "<p><a name=\"b26\"></a>Body.</p>" in html


def test_section_at_prefers_the_most_specific_unique_title():
    r = sample()
    text = r.text
    r.sections = [Section("Area", 1, 0, len(text)), Section("Main findings", 5, 10, 40),
                  Section("Main findings", 5, 60, 90), Section("Deep", 6, 70, 80)]
    assert section_at(r, 5).title == "Area"
    assert section_at(r, 20).title == "Area"  # "Main findings" is not unique
    assert section_at(r, 20, unique=False).title == "Main findings"
    assert section_at(r, 75).title == "Deep"
    assert section_at(Report("other", "T", None, None, None, "x"), 0) is None


def test_render_and_pages_do_not_import_qt():
    code = ("import sys\n"
            "class Block:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
            "            raise ImportError(name)\n"
            "sys.meta_path.insert(0, Block())\n"
            "import peelreview.reading.render, peelreview.reading.pages\n"
            "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_real_seed_renders_quickly_and_completely():
    from peelreview.extract import extract_file

    path = corpus_path("seeds", "002_abb4af555a15ef51.txt")
    report, _ = extract_file(path)
    assert len(report.text) > 90_000
    best = min(_timed(lambda: render_report(report, highlight=(5000, 5200),
                                            terms=["vetting", "police"])) for _ in range(3))
    assert best < 0.1, f"rendering took {best * 1000:.0f} ms"
    html = render_report(report, highlight=(5000, 5200), terms=["vetting", "police"])
    blocks = layout_blocks(report)
    assert rendered_blocks(html) == [report.text[b.start:b.end] for b in blocks]
    for j in report.judgments:
        assert j.grade.replace(" ", "&nbsp;") in html or j.grade in html


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return time.perf_counter() - t


# ---------------------------------------------------------------------------- property test
ALPHABET = st.sampled_from(list("abc vetXYZ<>&\"';.\n\t") + ["\u00e9", "\u2019", "&amp;"])
KINDS = ["heading", "paragraph", "list_item", "table", "figure"]
GRADES = list(GRADE_COLOURS) + ["Excellent"]
FKINDS = list(FINDING_LABELS) + ["notable_practice"]


def texts(alphabet, min_size=0, max_size=30):
    return st.lists(alphabet, min_size=min_size, max_size=max_size).map("".join)


@st.composite
def random_reports(draw):
    parts = []
    for _ in range(draw(st.integers(0, 8))):
        kind = draw(st.sampled_from(KINDS))
        if kind == "table":
            cell = texts(ALPHABET.filter(lambda c: c not in "\t\n"), max_size=6)
            rows = draw(st.lists(st.lists(cell, min_size=1, max_size=3),
                                 min_size=1, max_size=3))
            body = "\n".join("\t".join(r) for r in rows)
        else:
            body = draw(texts(ALPHABET, min_size=1))
        parts.append((kind, draw(st.integers(0, 7)), body))
    report = make_report(parts)
    n = len(report.text)
    if draw(st.booleans()) and report.blocks:  # readers' blocks may overlap or repeat
        b = draw(st.sampled_from(report.blocks))
        report.blocks.append(BlockSpan("paragraph", 0, max(0, b.start - 2), b.end + 3))
    offsets = st.integers(-2, n + 2)
    spans = st.tuples(offsets, offsets)
    for a, b in draw(st.lists(spans, max_size=4)):
        report.judgments.append(Judgment("Area", draw(st.sampled_from(GRADES)), a, b))
    for a, b in draw(st.lists(spans, max_size=4)):
        report.findings.append(Finding(draw(st.sampled_from(FKINDS)), None, "", a, b))
    for a, b in draw(st.lists(spans, max_size=3)):
        report.sections.append(Section(report.text[max(a, 0):max(b, 0)], 3, a, b))
    highlight = draw(st.one_of(st.none(), spans))
    terms = draw(st.lists(st.sampled_from(["vet", "a", "<", "x y", "&amp;", "c*"]),
                          max_size=3))
    marks = [Mark(a, b, "annotation", "background-color:#ddd", priority=p)
             for (a, b), p in draw(st.lists(st.tuples(spans, st.integers(0, 99)),
                                            max_size=3))]
    return report, highlight, terms, marks


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(random_reports(), st.booleans())
def test_any_report_renders_well_formed_with_all_its_text_once(case, dark):
    report, highlight, terms, marks = case
    html = render_report(report, highlight=highlight, terms=terms, dark=dark, marks=marks)
    blocks = layout_blocks(report)
    got = rendered_blocks(html)
    assert got == [report.text[b.start:b.end] for b in blocks]
    # the blocks cover every visible character of the text, in order, once
    assert "".join("".join(got).split()) == "".join(report.text.split())
    for a, b in pairwise(blocks):
        assert a.end <= b.start
    assert html.count("<a name=") == len(blocks)


@pytest.mark.parametrize("highlight", [(0, 0), (5, 2), (-10, 3), (10, 10_000)])
def test_degenerate_highlights_are_harmless(highlight):
    html = render_report(sample(), highlight=highlight)
    assert rendered_blocks(html) == [SAMPLE.text[b.start:b.end] for b in SAMPLE.blocks]


# ---------------------------------------------------------------------------- annotations
class _Ann:
    def __init__(self, start, end, colour="yellow", note=""):
        self.start, self.end, self.colour, self.note = start, end, colour, note


def test_annotation_marks_colour_note_marker_and_orphans():
    from peelreview.reading.render import ANNOTATION_COLOURS, NOTE_MARKER, annotation_marks

    report = make_report([("paragraph", 0, "The force kept a long backlog of requests.")])
    a, b = span_of(report, "long backlog")
    marks = annotation_marks([_Ann(a, b, "green", note="ask why"), _Ann(None, None),
                              _Ann(0, 3, "pink")])
    assert [(m.start, m.end) for m in marks] == [(a, b), (0, 3)]
    assert ANNOTATION_COLOURS["green"][0] in marks[0].style and marks[0].label == NOTE_MARKER
    assert marks[1].label == ""
    html = render_report(report, marks=marks)
    # the marker is a decoration: the report's own text still comes back exactly
    assert NOTE_MARKER in html
    assert rendered_blocks(html) == [report.text]


def test_align_document_maps_shown_characters_to_offsets():
    from peelreview.reading.render import align_document, annotation_marks, span_for_positions

    report = make_report([("heading", 2, "Responding  to the public"),
                          ("paragraph", 0, "Calls wait\nlong. Really.")],
                         findings=[])
    a, b = span_of(report, "long.")
    pieces: list = []
    render_report(report, marks=annotation_marks([_Ann(a, b, note="n")]), pieces=pieces)
    # what a rich-text viewer shows: double space collapsed, newline as a line separator,
    # a paragraph separator between blocks, the note marker after the annotation
    shown = ("Responding to the public\u2029Calls wait\u2028long.\u270e Really.")
    table = align_document(shown, report.text, pieces)
    text = report.text
    for q, o in enumerate(table):
        if o >= 0:
            assert shown[q] == text[o] or (text[o] == "\n" and shown[q] == "\u2028") \
                or text[o] == " "
    assert table[shown.index("\u270e")] == -1 and table[shown.index("\u2029")] == -1
    q = shown.index("long.")
    assert span_for_positions(table, q, q + 6) == (a, b)   # the marker is not text
    assert span_for_positions(table, shown.index("\u270e"), shown.index("\u270e") + 1) is None
    r = shown.index("to the")
    assert text[table[r]:table[r] + 6] == "to the"


def test_corrected_grade_and_rejected_finding_are_shown_as_such():
    """The officer's grade is shown beside the struck words it replaces; a rejected finding
    is struck through and labelled; a likely one is labelled (likely)."""
    from peelreview.reading.render import waiting_spans

    text = "Investigating crime\n\nAdequate\n\nThe force should act.\n\nThe force must act."
    blocks = [BlockSpan("heading", 2, 0, 19), BlockSpan("paragraph", 0, 21, 29),
              BlockSpan("paragraph", 0, 31, 52), BlockSpan("paragraph", 0, 54, 73)]
    changed = Judgment("Investigating crime", "Good", 21, 29, status="changed")
    rejected = Finding("recommendation", None, "The force should act.", 31, 52,
                       status="rejected")
    likely = Finding("area_for_improvement", None, "The force must act.", 54, 73,
                     confidence="likely", basis="lead-in-list")
    report = Report("peel-inspection", "T", None, None, None, text, judgments=[changed],
                    findings=[rejected, likely], blocks=blocks)
    html = render_report(report)
    assert "Good (corrected by you)" in html and "line-through" in html
    assert "Rejected recommendation: " in html
    assert "Area for improvement (likely): " in html
    assert waiting_spans(report) == [(54, 73)]
