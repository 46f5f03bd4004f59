"""Grades and findings stated in sentences: always *likely*, for the officer to confirm.

Older web pages, press releases, letters and PCC statements often give no badge or heading:
"Fenland Constabulary is good at investigating crime.", "The size of the backlog is a cause
of concern.", "We identified two areas for improvement:" and then bullets. These rules read
such sentences, but a sentence can be read two ways, so everything found here is marked
likely and kept out of the response draft until the officer confirms it. They only fill
gaps: an area the document already grades with a badge, or a kind of finding it already
lists under headings, is never read again from prose.
"""
from __future__ import annotations

import heapq
import re
from collections.abc import Iterable
from functools import lru_cache

from ..grades import norm
from ..model import CERTAIN, LIKELY, Finding, FindingKind, Grade, Judgment
from ..readers.blocks import HEADING, LIST_ITEM, PARAGRAPH
from . import areas

_Q = "['\u2018\u2019\"\u201c\u201d]?"
_GRADE = r"outstanding|good|adequate|inadequate"
_FORCE_NAME = (r"[A-Z][\w'\u2019&-]*(?:\s+(?:and\s+|of\s+)?[A-Z][\w'\u2019&-]*){0,4}\s+"
               r"(?:Police(?:\s+Service)?|Constabulary)")
_SUBJECT = rf"(?P<subj>(?:the\s+force|{_FORCE_NAME}))"
_VERB = (r"(?:is|was|remains|continues\s+to\s+be|has\s+been|had\s+been|is\s+still|"
         r"has\s+been\s+judged(?:\s+to\s+be|\s+as)?|was\s+judged(?:\s+to\s+be|\s+as)?|"
         r"is\s+judged(?:\s+to\s+be|\s+as)?|has\s+been\s+graded(?:\s+as)?|was\s+graded(?:\s+as)?|"
         r"is\s+graded(?:\s+as)?|is\s+rated(?:\s+as)?|was\s+rated(?:\s+as)?|"
         r"judged(?:\s+to\s+be|\s+as)?|graded(?:\s+as)?|rated(?:\s+as)?)")
_AREA = r"(?P<area>[^.;:!?]{3,140}?)(?=\s*(?:[.;:!?]|,\s|\s+and\s+(?:is|was|has|requires)\b|$))"
_AT = r"\s+(?:at|in|for)\s+"

GRADE_SENTENCES = [
    # "Fenland Constabulary is good at investigating crime."
    # "Mercia Vale Police has been judged 'good' at treating the public fairly."
    # "... has been judged 'requires improvement' at ..." (the grade quoted as a label)
    re.compile(rf"(?:^|overall,?\s+|\.\s+){_SUBJECT}\s+{_VERB}\s+{_Q}(?P<g>{_GRADE}|"
               rf"(?<=[\u2018'\"\u201c])requires?\s+improvement){_Q}{_AT}{_AREA}", re.I),
    # "Northmoor Police requires improvement at responding to the public."
    re.compile(rf"(?:^|overall,?\s+|\.\s+){_SUBJECT}\s+(?:still\s+|continues\s+to\s+)?"
               rf"(?P<g>requires?\s+improvement){_AT}{_AREA}", re.I),
    # "The force is judged to require improvement at ..."
    re.compile(rf"(?:^|overall,?\s+|\.\s+){_SUBJECT}\s+(?:is|was|has\s+been)\s+(?:judged|graded|"
               rf"rated|assessed)\s+(?:as\s+|to\s+)(?P<g>requir(?:e|es|ing)\s+improvement)"
               rf"{_AT}{_AREA}", re.I),
    # "We graded the force as inadequate at protecting vulnerable people."
    # "I have judged Wessex Police to be good at ..."
    re.compile(rf"\b(?:we|I|HMICFRS|HMIC|the\s+inspectorate)\s+(?:have\s+|has\s+)?(?:graded|"
               rf"judged|rated|assessed)\s+{_SUBJECT}\s+(?:as|to\s+be)\s+{_Q}(?P<g>{_GRADE}|"
               rf"requiring\s+improvement){_Q}{_AT}{_AREA}", re.I),
    # "The extent to which the force is efficient at keeping people safe is judged to
    #  require improvement." / "... is judged to be good."
    re.compile(rf"\bthe\s+extent\s+to\s+which\s+{_SUBJECT}\s+is\s+(?P<area>[^.;]{{3,120}}?)\s+"
               rf"(?:is|was|has\s+been)\s+(?:judged|graded|assessed|rated)\s+(?:to\s+be\s+|as\s+|"
               rf"to\s+)?{_Q}(?P<g>{_GRADE}|require\s+improvement|requiring\s+improvement){_Q}"
               r"\s*[.;]", re.I),
]
# What every grade sentence holds: the force (or a named one) then a verb of being or
# judging, or "we graded ... as", or "the extent to which" -- a cheap test before the patterns
_GRADE_SENTENCE_HINT = re.compile(
    r"(?:force|Police|Constabulary|Service)\s+(?:is|was|remains|continues|has|had|requires?|"
    r"still|judged|graded|rated)\b|\b(?:graded|judged|rated|assessed)\s+(?:the\s+force|[A-Z])|"
    r"\bextent\s+to\s+which", re.I)
# "the force requires improvement in one area" names no area: not a judgment
_NO_AREA = re.compile(r"^(?:one|two|three|four|some|several|many|most|all|a\s+number\s+of|"
                      r"other|certain|these|those|its|their|a\s+few|each|every|an?)\b", re.I)
_GRADE_VALUE = {"outstanding": Grade.OUTSTANDING, "good": Grade.GOOD, "adequate": Grade.ADEQUATE,
                "inadequate": Grade.INADEQUATE}

_SENTENCE = re.compile(r"[^.!?]+(?:[.!?]+['\"\u2019\u201d)]?|$)")
_CONCERN = re.compile(r"\b(?:is|are|remains?|as|this|was|were|constitutes?|represents?)\s+"
                      r"(?:a\s+|an\s+|another\s+)?(?:significant\s+|serious\s+)?"
                      r"causes?\s+of\s+concern\b", re.I)
_BACK_REFERENCE = re.compile(r"^\s*(?:we\s+(?:consider|regard|see|judge|find)\s+this|"
                             r"this\s+(?:is|was|remains|represents|constitutes))\b", re.I)
_NOT_FINDING_CONCERN = re.compile(r"\b(?:no|not|any|previous|last|earlier|national|former)\s+"
                                  r"(?:a\s+)?causes?\s+of\s+concern\b|"
                                  r"\bcauses?\s+of\s+concern\s+(?:from|in|we|that\s+we|raised)",
                                  re.I)

_KIND_WORDS = [
    (re.compile(r"\bareas?\s+for\s+improvement\b", re.I), FindingKind.AREA_FOR_IMPROVEMENT),
    (re.compile(r"\bcauses?\s+of\s+concern\b", re.I), FindingKind.CAUSE_OF_CONCERN),
    (re.compile(r"\brecommend(?:ations?|s|ed)?\b", re.I), FindingKind.RECOMMENDATION),
    (re.compile(r"\binnovative\s+practices?\b", re.I), FindingKind.INNOVATIVE_PRACTICE),
]
# "We identified two areas for improvement:" / "We recommend that, within three months, the
# force should:" -- a sentence that announces the kind, ending in a colon.
_LEAD_IN = re.compile(r"^(?:we|hmicfrs|hmic|the\s+inspectorate|in\s+addition,?\s+we)\s+(?:have\s+|"
                      r"also\s+)*(?:identified|found|made|set\s+out|recommend|give|gave|"
                      r"highlighted|noted)\b[^:]{0,200}:\s*$", re.I)
def grade_from_words(words: str) -> Grade:
    w = norm(words)
    return _GRADE_VALUE.get(w, Grade.REQUIRES_IMPROVEMENT)


_SITE = re.compile(r"\s+[-\u2013\u2014|]\s+(?:HMICFRS|HMIC|GOV\.UK)\s*$", re.I)
_PILLAR_STEMS = {"legitima": "Legitimacy", "effective": "Effectiveness",
                 "efficien": "Efficiency", "leadership": "Leadership"}
_PILLAR_QUESTION = re.compile(r"keep(?:s|ing)?\s+people\s+safe|reduc(?:es|ing)\s+crime", re.I)


def clean_area(phrase: str) -> str:
    phrase = _SITE.sub("", re.sub(r"\s+", " ", phrase))
    phrase = phrase.strip(" ,'\"\u2018\u2019\u201c\u201d")
    phrase = re.sub(r"^(?:the\s+way\s+(?:it|the\s+force)\s+|how\s+(?:well\s+)?(?:it|the\s+force)"
                    r"\s+)", "", phrase, flags=re.I)
    return phrase[:1].upper() + phrase[1:]


def subject_is(subject: str, force: str | None) -> bool:
    """Does the sentence speak of the document's own force? ("the force" always does; a
    named force only when it is the document's.)"""
    s = norm(subject)
    if s == "the force":
        return True
    if not force:
        return False
    f = norm(force)
    return s == f or f.startswith(s) or s.startswith(f)


def sentence_grades(ex, force: str | None, held: list[Judgment], title: str = ""
                    ) -> list[Judgment]:
    """Likely judgments from summary sentences, for areas the document grades no other way.

    A summary sentence often restates a badge's grade in other words ("is good at
    prevention and deterrence" under "Preventing crime and anti-social behaviour"). So in a
    document graded by badges or tables, a sentence counts only when it names an area the
    document knows -- one of its own headings, a PEEL area, or what its title is about
    ("adequate at counter-corruption and vetting" in a vetting inspection) -- that no
    badge grades. In a document with no badges, any area a sentence names counts.
    """
    blocks, spans = ex.blocks, ex.spans
    badges = any(j.confidence == CERTAIN for j in held)
    out: list[Judgment] = []
    graded = graded_norms = names = None  # indexes of held + out and of the names, built
    for i, b in enumerate(blocks):          # when the first sentence needs them
        if i in ex.skip or b.kind not in (PARAGRAPH, HEADING, LIST_ITEM) or len(b.text) > 2000:
            continue
        low = b.text.lower()
        if not any(w in low for w in ("good", "outstanding", "adequate", "inadequate",
                                      "improvement")) or not any(
                w in low for w in ("force", "police", "constabulary")):
            continue  # every pattern needs a grade word and the force as its subject
        if not _GRADE_SENTENCE_HINT.search(b.text):
            continue
        here = ex.block_area[i]
        for pattern in GRADE_SENTENCES:
            for m in pattern.finditer(b.text):
                if not subject_is(m.group("subj"), force):
                    continue
                phrase = m.group("area")
                if _NO_AREA.match(phrase.strip()) or len(phrase.split()) > 18:
                    continue
                if names is None:
                    graded = areas.AreaIndex(j.area for j in held)
                    graded_norms = {norm(j.area) for j in held}
                    names = AreaNames(ex.area_names, ex.heading_names)
                area, known = resolve_area(phrase, names, here)
                known = known or _names_subject(phrase, title)
                if badges and not known:
                    continue
                if norm(area) in ex.aliases or norm(area) in graded_norms or area in graded:
                    continue  # graded already: this restates it
                start = spans[i].start + m.start("g")
                end = spans[i].start + m.end("g")
                out.append(Judgment(area, grade_from_words(m.group("g")).value, start, end,
                                    LIKELY, "summary-sentence"))
                graded.add(area)
                graded_norms.add(norm(area))
    return out


def _names_subject(phrase: str, title: str) -> bool:
    words = _content_words(phrase)
    return bool(words) and len(words & _content_words(title)) * 5 >= len(words) * 3


@lru_cache(maxsize=4096)
def _content_words(text: str) -> frozenset[str]:
    return frozenset(w for w in re.findall(r"[a-z]+", norm(text)) if len(w) > 3) - _STOP


_STOP = {"force", "does", "well", "with", "that", "this", "their", "what", "extent", "from",
         "they", "them", "keep", "keeping", "people", "police", "about", "into", "there"}


def _mostly_in(phrase: str, name: str) -> bool:
    words = _content_words(phrase)
    return bool(words) and len(words & _content_words(name)) * 3 >= len(words) * 2


class AreaNames:
    """A document's area names and headings, indexed once for `resolve_area`, so that each
    sentence costs time by its own words, not by the number of headings."""

    #: candidates tried for the mostly-the-same-words rule, per sentence: a real document
    #: has tens of area names; thousands sharing a sentence's words are not a report's
    FUZZY_TRIES = 64

    def __init__(self, area_names: list[str], headings: list[str] = ()):
        self.names = list(area_names)
        self.heading_by_norm: dict[str, str] = {}
        for name in headings:
            self.heading_by_norm.setdefault(norm(name), name)
        self.first_by_norm: dict[str, int] = {}
        self.first_by_id: dict[str, int] = {}
        self.index = areas.AreaIndex()
        self.by_word: dict[str, list[int]] = {}  # content word -> names holding it, in order
        seen_words: set[frozenset] = set()
        for n, name in enumerate(self.names):
            self.first_by_norm.setdefault(norm(name), n)
            ident = areas.area_id(name)
            if ident:
                self.first_by_id.setdefault(ident, n)
            self.index.add(name)
            words = _content_words(name)
            if words and words not in seen_words:  # a later name with the same words never
                seen_words.add(words)                # comes first
                for w in words:
                    self.by_word.setdefault(w, []).append(n)

    def exact(self, phrase: str, ident: str | None) -> int | None:
        """The first name with the phrase's norm, or its PEEL area."""
        found = [n for n in (self.first_by_norm.get(norm(phrase)),
                             self.first_by_id.get(ident) if ident else None) if n is not None]
        return min(found) if found else None

    def near(self, phrase: str) -> int | None:
        """The first name that is the same area (`same_area`) or shares most of its words
        with the phrase both ways."""
        best = self.index.first(phrase)
        words = _content_words(phrase)
        if not words:
            return best
        # a name sharing 2/3 of the phrase's words holds one of the phrase's len - need + 1
        # rarest words (need = the fewest shared words allowed)
        need = -(-2 * len(words) // 3)
        rarest = sorted(words, key=lambda w: len(self.by_word.get(w, ())))[:len(words) - need + 1]
        tried, last = 0, None
        for n in heapq.merge(*(self.by_word.get(w, ()) for w in rarest)):
            if best is not None and n >= best or tried >= self.FUZZY_TRIES:
                break
            if n == last:
                continue  # a name holding two of the rarest words
            tried, last = tried + 1, n
            name = self.names[n]
            if _mostly_in(phrase, name) and _mostly_in(name, phrase):
                best = n
        return best


def resolve_area(phrase: str, area_names: AreaNames | list[str], here: str | None = None,
                 headings: list[str] = ()) -> tuple[str, bool]:
    """The document's own name for the area a sentence names, and whether the area is
    known (a heading of the document, a PEEL area or pillar): a heading of the same area,
    else the area the sentence sits in when the phrase is about it, else the phrase.
    `area_names` may be built once as AreaNames(area names, headings) for many phrases."""
    names = area_names if isinstance(area_names, AreaNames) else AreaNames(area_names,
                                                                             headings)
    phrase = clean_area(phrase)
    ident = areas.area_id(phrase)
    heading = names.heading_by_norm.get(norm(phrase))
    if heading is not None:
        return heading, True
    for n in (names.exact(phrase, ident), names.near(phrase)):
        if n is not None:
            return names.names[n], True
    if here and (areas.same_area(here, phrase) or _mostly_in(phrase, here)):
        return here, True
    if ident:
        return phrase, True
    if _PILLAR_QUESTION.search(phrase):
        # "how legitimately it keeps people safe and reduces crime": a 2014-17 pillar
        stems = {p for stem, p in _PILLAR_STEMS.items() if stem in phrase.lower()}
        if len(stems) == 1:
            return stems.pop(), True
    return phrase, False


def sentences(text: str) -> Iterable[tuple[int, int]]:
    """(start, end) of each sentence of a paragraph, without surrounding spaces."""
    for m in _SENTENCE.finditer(text):
        s, e = m.start(), m.end()
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            yield s, e


def kind_named(sentence: str) -> FindingKind | None:
    found = [(m.start(), kind) for pattern, kind in _KIND_WORDS
             for m in [pattern.search(sentence)] if m]
    return min(found)[1] if found else None


def prose_findings(ex, listed_kinds: set[str]) -> list[Finding]:
    """Likely findings from lead-in sentences, inline statements, numbered items of a
    response and prose causes of concern, in blocks no heading rule has used. A cause of
    concern in prose is not read when the document lists its causes of concern under
    headings (its summary then restates them); the caller drops any finding whose words a
    heading rule already found."""
    out: list[Finding] = []
    blocks, spans, text = ex.blocks, ex.spans, ex.text
    n = len(blocks)
    i = 0
    while i < n:
        b = blocks[i]
        if i in ex.consumed or i in ex.skip or b.kind not in (PARAGRAPH, HEADING, LIST_ITEM):
            i += 1
            continue
        t = b.text.strip()
        lead = _LEAD_IN.match(t) if b.kind != LIST_ITEM and len(t) < 300 \
            and t.endswith(":") else None
        kind = kind_named(t) if lead else None
        if kind and i + 1 < n and blocks[i + 1].kind == LIST_ITEM:
            j = i + 1
            while j < n and blocks[j].kind == LIST_ITEM:
                out.append(_finding(kind, ex.area_at(spans[j].start), text, spans[j].start,
                                    spans[j].end, "lead-in-list"))
                ex.consumed.add(j)
                j += 1
            i = j
            continue
        numbered = _numbered_item(ex, i)
        if numbered:
            out.append(numbered)
            i += 1
            continue
        if b.kind == LIST_ITEM:
            i += 1
            continue
        if ":" in t:
            out.extend(_inline(ex, i))
        if "Recommendation" in t or "improvement" in t or "concern" in t:
            out.extend(_run_together_row(ex, i))
        if b.kind == PARAGRAPH and FindingKind.CAUSE_OF_CONCERN.value not in listed_kinds \
                and "concern" in t.lower():
            out.extend(_prose_concerns(ex, i))
        i += 1
    return out


# "1. The force should ..." -- an item a response answers, followed by the comments on it
_NUMBERED_ITEM = re.compile(r"^\s*(?:\(?\d{1,2}[.)]?|[a-z][.)])\s+(?=[A-Z(])")
_COMMENTS = re.compile(r"^(?:the\s+)?(?:chief\s+constable|force|pcc|pfcc|commissioner|mayor|"
                       r"police\s+and\s+crime\s+commissioner|deputy\s+mayor|local\s+policing\s+"
                       r"body)(?:'s|\u2019s|s')?\s+(?:comments?|response)\b", re.I)


def _numbered_item(ex, i: int) -> Finding | None:
    """A numbered paragraph stating what the force should do, with the chief constable's
    or the PCC's comments after it: an item of a response. Its kind is the one the
    response names before its list ("The report sets out three areas for improvement"), else
    an area for improvement (what a bare "the force needs to" usually is)."""
    blocks, spans = ex.blocks, ex.spans
    b = blocks[i]
    m = _NUMBERED_ITEM.match(b.text)
    # readers turn "1. ..." into a list item without its number
    skip = m.end() if m else 0 if b.kind == LIST_ITEM else None
    if skip is None or len(b.text) > 800:
        return None
    if not any(_COMMENTS.match(blocks[k].text.strip())
               for k in range(i + 1, min(i + 3, len(blocks)))):
        return None
    kind = None
    k = i - 1
    while k >= 0 and i - k <= 12 and kind is None:
        if blocks[k].kind != LIST_ITEM and not _NUMBERED_ITEM.match(blocks[k].text) \
                and not _COMMENTS.match(blocks[k].text):
            kind = kind_named(blocks[k].text)
        k -= 1
    kind = kind or FindingKind.AREA_FOR_IMPROVEMENT
    start = spans[i].start + skip
    return _finding(kind, ex.area_at(start), ex.text, start, spans[i].end, "numbered-response")


# "... which is a welcome change. We have identified an area for improvement: the force
# should ..." -- anywhere a sentence starts
_INLINE_ANYWHERE = re.compile(r"(?:^|(?<=[.!?]\s))(?:we|hmicfrs|hmic)\s+(?:have\s+|also\s+)*"
                              r"(?:identified|found|made|set\s+out)\s+(?:an?|one|another|"
                              r"a\s+further|the\s+following)\s+(?:area\s+for\s+improvement|"
                              r"cause\s+of\s+concern|recommendation)\s*:\s*", re.I)


# A tracker row whose cells ran together in a web page's text: "13Custody inspection 2023
# RecommendationBy 30 April 2023, the force should ... practice.ACC CrimeNot started"
_GLUED_KIND = re.compile(r"(?<=[a-z0-9])(Recommendation|Area for improvement|Cause of concern)"
                         r"(?=[A-Z])")
_GLUED_END = re.compile(r"[.;](?=[A-Z])")
_FOUR_WORDS = re.compile(r"\s*(?:\S+\s+){3}\S")  # what .split() makes 4 words or more of


def _run_together_row(ex, i: int) -> list[Finding]:
    """Findings of tracker rows whose cells ran together (each after its glued Type word,
    up to the sentence end glued to the next cell); several rows may share a paragraph."""
    b, span = ex.blocks[i], ex.spans[i]
    if len(b.text) > 20_000:
        return []
    out = []
    end = None
    for m in _GLUED_KIND.finditer(b.text):
        kind = kind_named(m.group(1))
        if end is None or (end and end.start() < m.end()):  # else the last search serves
            end = _GLUED_END.search(b.text, m.end()) or False
        body_end = end.end() if end else len(b.text)
        if kind is None or not _FOUR_WORDS.match(b.text, m.end(), body_end):
            continue
        s = span.start + m.end()
        out.append(_finding(kind, ex.area_at(s), ex.text, s, span.start + body_end,
                            "run-together-row"))
    return out


def _inline(ex, i: int) -> list[Finding]:
    b, span = ex.blocks[i], ex.spans[i]
    out = []
    bounds = iter(sentences(b.text))  # walked once: the matches come in order
    here = next(bounds, None)
    for m in _INLINE_ANYWHERE.finditer(b.text):
        kind = kind_named(m.group(0))
        while here is not None and here[1] <= m.end():
            here = next(bounds, None)
        end = here[1] if here is not None and here[0] <= m.end() else len(b.text)
        if kind and end > m.end():
            s = span.start + m.end()
            out.append(_finding(kind, ex.area_at(s), ex.text, s, span.start + end,
                                "inline-sentence"))
    return out


def _prose_concerns(ex, i: int) -> list[Finding]:
    b, span, text = ex.blocks[i], ex.spans[i], ex.text
    found = []
    bounds = list(sentences(b.text))
    for k, (s, e) in enumerate(bounds):
        sentence = b.text[s:e]
        if not _CONCERN.search(sentence) or _NOT_FINDING_CONCERN.search(sentence):
            continue
        if re.match(r"(?i)^(?:in|at)\s+(?:our|the|its)\s+(?:last|previous|20\d\d)", sentence):
            continue  # history: "In our 2019 inspection, we found a cause of concern..."
        first = s
        if _BACK_REFERENCE.match(sentence) and k > 0:
            first = bounds[k - 1][0]  # "We consider this a cause of concern." needs its "this"
        found.append(_finding(FindingKind.CAUSE_OF_CONCERN, ex.area_at(span.start + first),
                              text, span.start + first, span.start + e, "prose-concern"))
    return found


def _finding(kind: FindingKind, area: str | None, text: str, start: int, end: int,
             basis: str) -> Finding:
    body = text[start:end]
    lead = len(body) - len(body.lstrip())
    body = body.strip()
    return Finding(kind.value, area, body, start + lead, start + lead + len(body), LIKELY, basis)


__all__ = ["prose_findings", "sentence_grades"]
