"""Score one `peelreview extract --json` object against one answer.

Judgments match on the same grade and a similar area; findings on the same kind and a
similar text (>= 0.85); greedy one-to-one, best pairs first. Extracted items are counted by
the confidence they claim (schema peelreview.extract/1 has none: "certain"). A certain item
that matches an answer item the answer only calls likely is "overconfident": the draft
would carry something the officer never confirmed.
"""
from __future__ import annotations

import difflib
import re
import unicodedata

from .blocks import CERTAIN, LIKELY, RECOMMENDATION

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"',
                         "\u00a0": " "})
FURNITURE = re.compile(r"skip to|text size|\ba a a\b|accessibility|cookie|\bmenu\b|"
                       r"back to top|breadcrumb|print this page|\bsearch\b|"
                       r"\s[-\u2013|]\s*(?:hmicfrs|[\w ]+ opcc)\s*$|library image", re.I)
AREA_RATIO, AREA_CONTAINED, TEXT_RATIO = 0.8, 0.6, 0.85


def norm(s: str | None) -> str:
    """NFKC, straight quotes, lower case, punctuation to spaces, single spaces."""
    s = unicodedata.normalize("NFKC", s or "").translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w]+", " ", s)).strip()


def _grade(s: str | None) -> str:
    g = norm(s)
    return "not graded" if g in ("no rating", "not graded", "ungraded", "not rated") else g


def area_similarity(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= AREA_CONTAINED * len(long_):
        return 0.95
    ratio = difflib.SequenceMatcher(None, a, b, autojunk=False).ratio()
    return ratio if ratio >= AREA_RATIO else 0.0


def text_similarity(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    if a == b:
        return 1.0
    m = difflib.SequenceMatcher(None, a, b, autojunk=False)
    if m.real_quick_ratio() < TEXT_RATIO or m.quick_ratio() < TEXT_RATIO:
        return 0.0
    ratio = m.ratio()
    return ratio if ratio >= TEXT_RATIO else 0.0


def _greedy(expected: list[dict], got: list[dict], sim) -> list[tuple[int, int]]:
    """One-to-one pairs (expected index, got index), the most similar first."""
    cands = []
    for i, e in enumerate(expected):
        for j, g in enumerate(got):
            s = sim(e, g)
            if s > 0:
                cands.append((-s, i, j))
    cands.sort()
    used_e, used_g, pairs = set(), set(), []
    for _, i, j in cands:
        if i not in used_e and j not in used_g:
            used_e.add(i)
            used_g.add(j)
            pairs.append((i, j))
    return pairs


def _judgment_sim(e, g) -> float:
    if _grade(e["grade"]) != _grade(g.get("grade")):
        return 0.0
    return area_similarity(e["area"], g.get("area") or "")


def _finding_sim(e, g) -> float:
    if e["kind"] != g.get("kind"):
        return 0.0
    return text_similarity(e["text"], g.get("text") or "")


def _show(item: dict, what: str) -> str:
    if what == "judgment":
        return f"judgment {item.get('area')!r} = {item.get('grade')} ({item.get('confidence')})"
    text = item.get("text") or ""
    if len(text) > 90:
        text = text[:90] + "\u2026"
    return f"{item.get('kind')} ({item.get('confidence')}): {text}"


def title_ok(answer_title: str, extracted_title: str | None) -> bool:
    """No site furniture in the extracted title, and >= 60% of the answer title's words."""
    got = extracted_title or ""
    if FURNITURE.search(got) and not FURNITURE.search(answer_title):
        return False
    want = set(norm(answer_title).split())
    have = set(norm(got).split())
    return bool(want) and len(want & have) >= 0.6 * len(want)


def score(answer: dict, extracted: dict) -> dict:
    """Counts of right and wrong items and metadata checks (see the module docstring)."""
    result = {"certain_tp": 0, "certain_fp": 0, "likely_tp": 0, "likely_fp": 0,
              "expected": 0, "found": 0, "overconfident": 0, "wrong_due": 0,
              "wrong_addressee": 0, "misses": [], "extras": [], "wrong": [],
              "by_form": {}}
    decoys = [norm(d) for d in answer.get("decoys", [])]
    result["decoy_hits"] = 0
    for what, sim in (("judgment", _judgment_sim), ("finding", _finding_sim)):
        exp = answer.get(what + "s", [])
        got = extracted.get(what + "s") or []
        pairs = _greedy(exp, got, sim)
        matched_e = {i for i, _ in pairs}
        matched_g = {j: i for i, j in pairs}
        result["expected"] += len(exp)
        result["found"] += len(pairs)
        for j, g in enumerate(got):
            conf = LIKELY if g.get("confidence") == LIKELY else CERTAIN
            hit = j in matched_g
            result[conf + ("_tp" if hit else "_fp")] += 1
            if not hit:
                result["extras"].append(_show({**g, "confidence": conf}, what))
                probe = norm(g.get("text") if what == "finding" else g.get("area"))
                if probe and any(probe in d or d in probe for d in decoys if len(d) > 3):
                    result["decoy_hits"] += 1
        for i, e in enumerate(exp):
            form = e.get("form", "?")
            counts = result["by_form"].setdefault(form, [0, 0])
            counts[0] += 1
            if i in matched_e:
                counts[1] += 1
            else:
                result["misses"].append(_show(e, what))
        for i, j in pairs:
            e, g = exp[i], got[j]
            conf = g.get("confidence") or CERTAIN
            if conf == CERTAIN and e.get("confidence") == LIKELY:
                result["overconfident"] += 1
                result["wrong"].append(f"overconfident {_show(e, what)}")
            if what == "finding" and e["kind"] == RECOMMENDATION:
                if e.get("due") != g.get("due"):
                    result["wrong_due"] += 1
                    result["wrong"].append(f"due {g.get('due')} instead of {e.get('due')}: "
                                           f"{e['text'][:60]}")
                if norm(e.get("addressee")) != norm(g.get("addressee")):
                    result["wrong_addressee"] += 1
                    result["wrong"].append(f"addressee {g.get('addressee')!r} instead of "
                                           f"{e.get('addressee')!r}: {e['text'][:60]}")
    result["kind_ok"] = extracted.get("kind") == answer.get("kind")
    result["force_ok"] = norm(extracted.get("force")) == norm(answer.get("force"))
    result["published_ok"] = extracted.get("published") == answer.get("published")
    result["cycle_ok"] = (unicodedata.normalize("NFKC", extracted.get("cycle") or "")
                          == unicodedata.normalize("NFKC", answer.get("cycle") or ""))
    result["title_ok"] = title_ok(answer.get("title") or "", extracted.get("title"))
    if "report_published" in answer:
        result["report_published_ok"] = (extracted.get("report_published")
                                         == answer.get("report_published"))
    return result


def as_extraction(answer: dict) -> dict:
    """The answer written as a perfect `extract --json` object (schema peelreview.extract/2)
    -- what the extractor should return for this document."""
    return {
        "schema": "peelreview.extract/2",
        "kind": answer["kind"], "title": answer["title"], "force": answer["force"],
        "published": answer["published"], "report_published": answer["report_published"],
        "cycle": answer["cycle"],
        "judgments": [{"area": j["area"], "grade": j["grade"], "confidence": j["confidence"],
                       "basis": j.get("form")} for j in answer["judgments"]],
        "findings": [{"kind": f["kind"], "area": f["area"], "text": f["text"],
                      "confidence": f["confidence"], "due": f["due"],
                      "addressee": f["addressee"], "basis": f.get("form")}
                     for f in answer["findings"]],
    }
