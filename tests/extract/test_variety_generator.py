"""The fictional VARIETY corpus generator (tests/support/variety) and its scorer.

These test the generator, not the extractor: the corpus is deterministic, holds every form
of /work/shared/corpus/VARIETY.md in every format and layout, every answer is written in
its document as peelreview's readers see it, and the scorer gives a perfect extraction
full marks and reports exactly the mistakes of a wrong one.
"""
from __future__ import annotations

import copy
import datetime as dt
import html
import json
import re
import unicodedata

import pytest
from support.variety import (
    FORMATS,
    LAYOUTS,
    REQUIRED,
    as_extraction,
    formats_of,
    generate,
    score,
)
from support.variety.forms import NEEDS_SOFFICE
from support.variety.scoring import FURNITURE

from peelreview.readers import read_document

GRADES = {"Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate",
          "Not graded"}
KINDS = {"peel-inspection", "inspection", "thematic", "letter", "press-release",
         "pcc-response", "other"}
FINDING_KINDS = {"recommendation", "area_for_improvement", "cause_of_concern",
                 "innovative_practice"}
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@pytest.fixture(scope="module")
def corpus(variety_corpus):
    return variety_corpus


@pytest.fixture(scope="module")
def read(corpus):
    """Each file's text as peelreview's readers see it (blocks joined, whitespace squashed)."""
    out, answers, _, _ = corpus
    texts = {}
    for a in answers:
        doc = read_document(out / a["file"])
        texts[a["file"]] = squash(" \n".join(b.text for b in doc.blocks))
    return texts


def squash(s: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", s)).strip()


def words(s: str) -> list[str]:
    return re.findall(r"[^\W_]+", unicodedata.normalize("NFKC", s).lower())


def words_nearby(needle: str, hay: list[str]) -> bool:
    """The needle's words in order, with at most a few other words between them (a table
    cell wrapped line by line interleaves the next cell's words)."""
    want = words(needle)
    slack = len(want) + 3
    for start, w in enumerate(hay):
        if w != want[0]:
            continue
        k, i = 1, start + 1
        while k < len(want) and i < len(hay) and i - start <= len(want) + slack:
            if hay[i] == want[k]:
                k += 1
            i += 1
        if k == len(want):
            return True
    return False


# ----------------------------------------------------------------------------- the corpus

def test_default_corpus_is_large_and_quick(corpus):
    _, answers, seconds, _ = corpus
    assert len(answers) >= 40
    assert seconds < 40, f"generation took {seconds:.1f}s"


def test_manifest_is_the_answers(corpus):
    out, answers, _, _ = corpus
    assert json.loads((out / "manifest.json").read_text(encoding="utf-8")) == answers
    files = {p.name for p in out.iterdir()} - {"manifest.json"}
    assert files == {a["file"] for a in answers}


def test_same_seed_same_files_other_seed_other_files(corpus, tmp_path):
    out, answers, _, _ = corpus
    again = generate(tmp_path / "again")
    assert again == answers
    for a in answers:
        first, second = out / a["file"], tmp_path / "again" / a["file"]
        if a["layout"] == "libreoffice":  # LibreOffice stamps a creation time: same text
            assert ([b.text for b in read_document(first).blocks]
                    == [b.text for b in read_document(second).blocks]), a["file"]
        else:
            assert first.read_bytes() == second.read_bytes(), a["file"]
    other = generate(tmp_path / "other", seed=1, formats=("txt",))
    mine = [a for a in answers if a["format"] == "txt"]
    assert [a["file"] for a in other] == [a["file"] for a in mine]
    assert sum(a["force"] != b["force"] or a["judgments"] != b["judgments"]
               for a, b in zip(other, mine, strict=True)) > len(mine) // 2


def test_copies_add_documents_and_keep_the_first(corpus, tmp_path):
    _, answers, _, _ = corpus
    two = generate(tmp_path / "two", formats=("txt", "html"), copies=2)
    # (the PDF + web page pair needs both formats, so it is not in this corpus)
    first = [a for a in answers if a["format"] in ("txt", "html") and "same_as" not in a]
    assert [a for a in two if a["file"].endswith(("-0.txt", "-0.html"))] == first
    second = [a for a in two if a["file"].endswith(("-1.txt", "-1.html"))]
    assert len(second) == len(first)
    for a, b in zip(first, second, strict=True):
        assert a["file"][:-6] == b["file"][:-6]
        assert (a["force"], a["title"], a["judgments"], a["findings"]) != (
            b["force"], b["title"], b["judgments"], b["findings"]), b["file"]
    assert len({a["force"] for a in second}) > 5


def test_every_form_in_every_format(corpus):
    _, answers, _, skipped = corpus
    seen: dict[str, set[str]] = {}
    for a in answers:
        for form in a["forms"]:
            seen.setdefault(form, set()).add(a["format"])
    missing = []
    for form in REQUIRED:
        if skipped and form in NEEDS_SOFFICE:
            continue
        lacking = formats_of(form) - seen.get(form, set())
        if lacking:
            missing.append(f"{form} not in {sorted(lacking)}")
    assert not missing, "\n".join(missing)
    unknown = set(seen) - set(REQUIRED) - {"docx:manual-headings", "meta:other-date-in-text",
                                           "meta:furniture-related", "meta:furniture-backtotop",
                                           "decoy:recommendation-mentioned"}
    assert not unknown, f"forms not in forms.REQUIRED: {sorted(unknown)}"


@pytest.mark.parametrize("fmt,layout", sorted(LAYOUTS))
def test_every_layout_is_written(corpus, fmt, layout):
    _, answers, _, skipped = corpus
    if any(s["layout"] == layout and s["format"] == fmt for s in skipped):
        pytest.skip(f"{fmt}/{layout}: {skipped[0]['reason']}")
    assert any(a["format"] == fmt and a["layout"] == layout for a in answers)


def test_every_kind_of_document_in_every_format(corpus):
    _, answers, _, _ = corpus
    for fmt in FORMATS:
        assert {a["kind"] for a in answers if a["format"] == fmt} == KINDS, fmt


# ----------------------------------------------------------------------------- the answers

def test_answers_follow_the_schema(corpus):
    _, answers, _, _ = corpus
    for a in answers:
        assert a["kind"] in KINDS
        assert a["format"] in FORMATS and (a["format"], a["layout"]) in LAYOUTS
        assert a["published"] is None or ISO.match(a["published"])
        assert a["report_published"] is None or ISO.match(a["report_published"])
        assert (a["report_published"] is not None) == (a["kind"] == "pcc-response")
        assert (a["force"] is None) == (a["kind"] == "thematic"
                                        or "kind:press-release-multi-force" in a["forms"])
        if a["cycle"]:
            assert re.fullmatch(r"20\d\d(?:/\d\d|\u2013\d\d)?", a["cycle"]), a["cycle"]
        areas = [squash(j["area"]).lower() for j in a["judgments"]]
        assert len(areas) == len(set(areas)), f"{a['file']}: an area twice"
        for j in a["judgments"]:
            assert j["grade"] in GRADES and j["confidence"] in ("certain", "likely")
        for f in a["findings"]:
            assert f["kind"] in FINDING_KINDS and f["confidence"] in ("certain", "likely")
            assert f["due"] is None or ISO.match(f["due"])
            if f["kind"] != "recommendation":
                assert f["due"] is None and f["addressee"] is None
            if f["addressee"]:
                assert f["addressee"][0].islower()
            assert not re.match(r"^(?:[\u2022\-*]|\d+[.)])\s", f["text"]), f["text"]
        assert not set(a["decoys"]) & {f["text"] for f in a["findings"]}


def test_deadlines_follow_the_policy(corpus):
    _, answers, _, _ = corpus
    checked = 0
    for a in answers:
        pub = dt.date.fromisoformat(a["published"])
        for f in a["findings"]:
            m = re.search(r"\bwithin (three|six) months\b", f["text"], re.I)
            if m and a["kind"] != "pcc-response" and f["form"] != "finding:table-rows":
                months = {"three": 3, "six": 6}[m.group(1).lower()]
                month = pub.month - 1 + months
                expect = dt.date(pub.year + month // 12, month % 12 + 1, 1)
                assert f["due"][:7] == expect.isoformat()[:7], f["text"]
                checked += 1
            m = re.match(r"By (\d+) (\w+)(?: (\d{4}))?,", f["text"])
            if m:
                due = dt.date.fromisoformat(f["due"])
                assert (due.day, due.strftime("%B")) == (int(m.group(1)), m.group(2))
                if m.group(3):
                    assert due.year == int(m.group(3))
                else:
                    assert pub <= due < dt.date(pub.year + 1, pub.month, 1) + dt.timedelta(31)
                checked += 1
    assert checked > 20


def test_lead_in_text_is_not_part_of_a_finding(corpus):
    _, answers, _, _ = corpus
    for a in answers:
        for f in a["findings"]:
            assert not re.match(r"(?i)(recommendation \d+|area for improvement|cause of "
                                r"concern)\s*:", f["text"]), f["text"]
            if f["form"] == "finding:inline":
                assert f["text"].startswith("the force should")


def test_pairs_are_the_same_report(corpus):
    _, answers, _, _ = corpus
    by_file = {a["file"]: a for a in answers}
    pairs = [a for a in answers if "same_as" in a]
    assert {a["format"] for a in pairs} == {"pdf", "html"}
    for a in pairs:
        b = by_file[a["same_as"]]
        assert b["same_as"] == a["file"]
        for k in ("kind", "force", "published", "cycle", "title", "judgments", "findings"):
            assert a[k] == b[k], k


def test_titles_are_never_furniture(corpus):
    out, answers, _, _ = corpus
    for a in answers:
        assert not FURNITURE.search(a["title"]), a["title"]
        if a["format"] == "html":  # the page's <title> adds the site's name
            page = (out / a["file"]).read_text(encoding="utf-8")
            shown = html.unescape(re.search(r"<title>(.*?)</title>", page).group(1))
            assert shown.startswith(a["title"]) and shown != a["title"]


def test_answers_are_written_in_the_documents(corpus, read):
    _, answers, _, _ = corpus
    problems = []
    for a in answers:
        text = read[a["file"]]
        low = text.lower()
        hay = words(text) if a["layout"] == "libreoffice" else None
        for f in a["findings"]:
            if squash(f["text"]) not in text:
                problems.append(f"{a['file']}: finding {f['text'][:60]!r}")
        for j in a["judgments"]:
            area = squash(j["area"]).lower()
            if area in low or (hay is not None and words_nearby(j["area"], hay)):
                continue
            problems.append(f"{a['file']}: area {j['area']!r}")
    assert not problems, "\n".join(problems)


def test_wrapped_table_cells_really_wrap(corpus, read):
    """The LibreOffice PDFs draw multi-word area names over several lines of their cells
    (read from the page's own text lines, not through our reader, which joins them)."""
    import pypdfium2

    out, answers, _, skipped = corpus
    if skipped:
        pytest.skip(skipped[0]["reason"])
    wrapped = 0
    for a in answers:
        if a["layout"] != "libreoffice":
            continue
        pdf = pypdfium2.PdfDocument(out / a["file"])
        try:
            lines = {squash(line) for page in pdf
                     for line in page.get_textpage().get_text_range().splitlines()}
        finally:
            pdf.close()
        for j in a["judgments"]:
            if j["form"] == "grade:wrapped-cells" and " " in j["area"]:
                wrapped += not any(j["area"] in line for line in lines)
    assert wrapped >= 3


# ----------------------------------------------------------------------------- the scorer

def test_a_perfect_extraction_scores_full_marks(corpus):
    _, answers, _, _ = corpus
    for a in answers:
        s = score(a, as_extraction(a))
        assert s["found"] == s["expected"], (a["file"], s["misses"])
        assert s["certain_fp"] == s["likely_fp"] == 0, (a["file"], s["extras"])
        assert s["overconfident"] == s["wrong_due"] == s["wrong_addressee"] == 0, s["wrong"]
        assert all(s[k] for k in ("kind_ok", "force_ok", "published_ok", "cycle_ok",
                                  "title_ok", "report_published_ok")), a["file"]
        assert s["certain_tp"] + s["likely_tp"] == s["expected"]


def test_schema_1_extraction_counts_as_certain(corpus):
    _, answers, _, _ = corpus
    a = next(a for a in answers if any(j["confidence"] == "likely" for j in a["judgments"]))
    e = as_extraction(a)
    for item in e["judgments"] + e["findings"]:
        del item["confidence"]
    s = score(a, e)
    likely = sum(i["confidence"] == "likely" for i in a["judgments"] + a["findings"])
    assert s["likely_tp"] == 0 and s["certain_tp"] == s["expected"]
    assert s["overconfident"] == likely


def test_a_wrong_extraction_is_caught(corpus):
    _, answers, _, _ = corpus
    a = next(a for a in answers
             if any(j["confidence"] == "certain" for j in a["judgments"])
             and any(f["confidence"] == "likely" for f in a["findings"])
             and any(f["kind"] == "recommendation" and f["due"] for f in a["findings"]))
    e = as_extraction(a)
    wrong_j = next(j for j in e["judgments"] if j["confidence"] == "certain")
    wrong_j["grade"] = "Inadequate" if wrong_j["grade"] != "Inadequate" else "Good"
    e["findings"].append({"kind": "cause_of_concern", "area": None,
                          "text": "Invented: the force has lost every file it ever held."})
    bold = next(f for f in e["findings"] if f.get("confidence") == "likely")
    bold["confidence"] = "certain"
    rec = next(f for f in e["findings"] if f["kind"] == "recommendation" and f["due"])
    rec["due"] = "1999-01-01"
    rec["addressee"] = "the Home Office" if rec["addressee"] != "the Home Office" else None
    e["title"] = "Skip to content"
    e["force"] = "Somewhere Else Police"
    s = score(a, e)
    assert s["expected"] == len(a["judgments"]) + len(a["findings"])
    assert s["found"] == s["expected"] - 1
    assert s["certain_fp"] == 2 and s["likely_fp"] == 0
    assert s["overconfident"] == 1
    assert s["wrong_due"] == 1 and s["wrong_addressee"] == 1
    assert len(s["misses"]) == 1 and wrong_j["area"] in s["misses"][0]
    assert len(s["extras"]) == 2 and any("Invented" in x for x in s["extras"])
    assert not s["title_ok"] and not s["force_ok"]
    assert s["kind_ok"] and s["published_ok"] and s["cycle_ok"]


def test_matching_is_one_to_one_and_tolerant(corpus):
    _, answers, _, _ = corpus
    a = next(a for a in answers if len(a["judgments"]) >= 2)
    e = as_extraction(a)
    j = e["judgments"][0]
    e["judgments"] = [dict(j, area=j["area"].upper() + "."), copy.deepcopy(j)]
    e["findings"] = []
    s = score(a, e)
    assert s["found"] == 1 and s["certain_fp"] + s["likely_fp"] == 1
