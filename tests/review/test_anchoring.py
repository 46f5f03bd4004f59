"""Re-anchoring annotations in a new version of a report (peelreview.review.anchoring).

All text is fictional: an invented inspection of "Wessex Constabulary".
"""
from __future__ import annotations

import random
import time

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from peelreview.review.anchoring import (
    Anchor,
    Selector,
    anchor,
    make_selector,
    normalize,
    reanchor_all,
    selector_for_occurrence,
)

INTRO = ("Wessex Constabulary serves a largely rural county with two growing towns. "
         "This inspection looked at how well the force keeps people safe and reduces crime.\n\n")
PASSAGE = ('Officers told us the "early help" scheme gave them the confidence to file '
           "investigation plans promptly, and supervisors checked each plan within two days.")
AFTER = ("\n\nThe force should make sure that its control room records the needs of "
         "vulnerable callers at the first point of contact.\n")
OLD = INTRO + PASSAGE + AFTER

NEW_PARAGRAPHS = ("Since our last inspection the force has opened a new custody suite at "
                  "Hartcombe and recruited ninety additional officers.\n\n"
                  "We found that neighbourhood teams know their communities well.\n\n")


def norm_quote(s: str) -> str:
    return normalize(s).strip()


def passage_selector() -> Selector:
    return selector_for_occurrence(OLD, PASSAGE)


# --------------------------------------------------------------------------- selectors

def test_make_selector_context_and_length():
    sel = make_selector(OLD, 10, 30, context=5)
    assert sel.exact == OLD[10:30]
    assert sel.prefix == OLD[5:10] and sel.suffix == OLD[30:35]
    assert (sel.start, sel.end, sel.text_length) == (10, 30, len(OLD))
    edge = make_selector(OLD, 0, 6)
    assert edge.prefix == "" and edge.exact == "Wessex"


def test_selector_rejects_bad_input():
    with pytest.raises(ValueError, match="does not occur"):
        selector_for_occurrence(OLD, "Mercia Police")
    with pytest.raises(ValueError, match="occurs 1 time"):
        selector_for_occurrence(OLD, "Wessex Constabulary", occurrence=2)
    with pytest.raises(ValueError):
        selector_for_occurrence(OLD, "force", occurrence=0)
    with pytest.raises(ValueError):
        make_selector(OLD, 5, 5)
    with pytest.raises(ValueError):
        make_selector(OLD, 0, len(OLD) + 1)


# --------------------------------------------------------------------------- exact rules

def test_unchanged_text_keeps_position():
    sel = passage_selector()
    got = anchor(sel, OLD)
    assert got == Anchor(sel.start, sel.end, "position", 1.0)


def test_paragraphs_inserted_before_move_the_anchor():
    sel = passage_selector()
    new = NEW_PARAGRAPHS + OLD
    got = anchor(sel, new)
    assert got.method == "quote" and got.confidence == 1.0
    assert got.start == sel.start + len(NEW_PARAGRAPHS)
    assert new[got.start:got.end] == PASSAGE


def test_reflowed_passage_is_found_through_normalisation():
    reflowed = ("Officers told us the \u201cearly help\u201d scheme gave them the con\ufb01dence "
                "to \ufb01le inves-\ntigation plans\n   promptly,  and super\u00advisors "
                "checked\r\neach plan within two days.")
    new = NEW_PARAGRAPHS + INTRO + reflowed + AFTER
    got = anchor(passage_selector(), new)
    assert got.method == "quote" and got.confidence == 1.0
    found = new[got.start:got.end]
    assert found == reflowed
    assert norm_quote(found) == norm_quote(PASSAGE)


def test_straight_quotes_in_new_text_match_curly_quote_selector():
    old = OLD.replace('"early help"', "\u201cearly help\u201d")
    sel = selector_for_occurrence(old, "\u201cearly help\u201d scheme")
    got = anchor(sel, NEW_PARAGRAPHS + OLD)
    assert got.method == "quote"
    assert (NEW_PARAGRAPHS + OLD)[got.start:got.end] == '"early help" scheme'


def test_normalize_folds_typography():
    assert normalize("\ufb01rst \u2018a\u2019 \u201cb\u201d 2019\u201320") == \
        "first 'a' \"b\" 2019-20"
    assert normalize("inves-\ntigation") == normalize("investigation")
    assert normalize("super\u00advisor") == "supervisor"
    assert normalize("a \n\t b") == "a b"
    assert normalize("Wessex") == "Wessex"          # case kept


REPEATED_OLD = (
    "Wessex Constabulary: investigating crime. The force's approach to investigating "
    "crime is graded as Requires improvement. Victims wait too long for updates.\n\n"
    "Wessex Constabulary: protecting vulnerable people. The force's approach to "
    "protecting vulnerable people is graded as Requires improvement. Referrals to "
    "partner agencies are often late.\n")


def test_repeated_quote_context_decides_the_occurrence():
    first = selector_for_occurrence(REPEATED_OLD, "Requires improvement", 1)
    second = selector_for_occurrence(REPEATED_OLD, "Requires improvement", 2)
    new = NEW_PARAGRAPHS + REPEATED_OLD
    a1, a2 = reanchor_all([first, second], new)
    shift = len(NEW_PARAGRAPHS)
    assert (a1.method, a1.start, a1.confidence) == ("quote", first.start + shift, 1.0)
    assert (a2.method, a2.start, a2.confidence) == ("quote", second.start + shift, 1.0)
    assert new[a2.start:a2.end] == "Requires improvement"


def test_repeated_quote_with_unchanged_text_keeps_position():
    second = selector_for_occurrence(REPEATED_OLD, "Requires improvement", 2)
    assert anchor(second, REPEATED_OLD).method == "position"


def test_repeated_quote_without_context_midway_is_orphaned():
    # neither occurrence's neighbours agree, and the old position is halfway between them
    occurrences = [i for i in range(len(REPEATED_OLD))
                   if REPEATED_OLD.startswith("Requires improvement", i)]
    middle = sum(occurrences) // 2
    sel = Selector("Requires improvement", "zzzz zzzz zzzz", "qqqq qqqq", middle,
                   middle + 20, len(REPEATED_OLD))
    assert anchor(sel, REPEATED_OLD) == Anchor(None, None, "orphan", 0.0)


def test_repeated_quote_without_context_clearly_near_one_is_a_guess():
    first = REPEATED_OLD.index("Requires improvement")
    sel = Selector("Requires improvement", "zzzz zzzz zzzz", "qqqq qqqq", first,
                   first + 20, len(REPEATED_OLD))
    got = anchor(sel, REPEATED_OLD)
    assert got.method == "quote" and got.start == first and got.confidence < 1.0


# --------------------------------------------------------------------------- orphans

def test_deleted_passage_is_orphaned():
    got = anchor(passage_selector(), NEW_PARAGRAPHS + INTRO + AFTER)
    assert got == Anchor(None, None, "orphan", 0.0)


def test_short_quote_never_matches_fuzzily():
    sel = selector_for_occurrence(REPEATED_OLD, "Requires improvement", 1)
    new = REPEATED_OLD.replace("Requires improvement", "Require improvements")
    assert anchor(sel, new).method == "orphan"


# --------------------------------------------------------------------------- fuzzy

FILLER = "".join(
    f"Paragraph {i}: the Wessex Constabulary {topic} review covered cases from "
    f"{2015 + i % 7} and found {3 + i} matters that needed attention from leaders.\n\n"
    for i, topic in enumerate(["custody", "call handling", "stop and search", "vetting",
                               "training", "estates", "fleet", "digital forensics"] * 3))


def test_long_quote_with_a_few_words_changed_is_fuzzy():
    old = INTRO + FILLER + PASSAGE + AFTER + FILLER
    sel = selector_for_occurrence(old, PASSAGE)
    changed = PASSAGE.replace("promptly", "quickly").replace("two days", "three days")
    new = NEW_PARAGRAPHS + INTRO + FILLER + changed + AFTER + FILLER
    got = anchor(sel, new)
    assert got.method == "fuzzy"
    assert 0.85 <= got.confidence < 1.0
    assert new[got.start:got.end].startswith("Officers told us")
    assert new[got.start:got.end].endswith("three days.")


def test_changed_quote_moved_far_without_context_is_orphaned():
    old = INTRO + PASSAGE + AFTER + FILLER + FILLER
    sel = selector_for_occurrence(old, PASSAGE)
    changed = PASSAGE.replace("promptly", "quickly").replace("two days", "three days")
    new = NEW_PARAGRAPHS + FILLER + FILLER + "In an unrelated annex: " + changed + " (annex ends)"
    assert anchor(sel, new).method == "orphan"


def test_fuzzy_needs_context():
    old = INTRO + FILLER + PASSAGE + AFTER + FILLER
    sel = selector_for_occurrence(old, PASSAGE)
    changed = PASSAGE.replace("promptly", "quickly")
    # same place, but everything either side of it rewritten
    new = (INTRO + FILLER + "Zyx wvu tsr qpo nml kji hgf edc ba. " + changed
           + " Qqq rrr sss ttt uuu vvv www xxx yyy." + FILLER)
    assert anchor(sel, new).method == "orphan"


def test_deleted_boilerplate_paragraph_does_not_jump_to_its_neighbour():
    paragraphs = FILLER.split("\n\n")[:-1]
    old = "\n\n".join(paragraphs)
    sel = selector_for_occurrence(old, paragraphs[5])
    deleted = "\n\n".join(paragraphs[:5] + paragraphs[6:])
    assert anchor(sel, deleted).method == "orphan"
    edited = paragraphs[5].replace("found", "identified")
    new = "\n\n".join(paragraphs[:5] + [edited] + paragraphs[6:])
    got = anchor(sel, new)
    assert got.method == "fuzzy" and got.confidence >= 0.85
    assert new[got.start:got.end] == edited


# --------------------------------------------------------------------------- property

WORDS = ["wessex", "force", "custody", "officer", "victim", "review", "patrol", "county",
         "warrant", "station", "harbour", "detective", "inspector", "response", "audit"]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(st.sampled_from(WORDS), min_size=3, max_size=80),
       data=st.data())
def test_random_insertion_never_misplaces(words, data):
    old = " ".join(words)
    start = data.draw(st.integers(0, len(old) - 1), label="start")
    end = data.draw(st.integers(start + 1, min(len(old), start + 120)), label="end")
    sel = make_selector(old, start, end)
    assume(sel.exact.strip())
    at = data.draw(st.integers(0, len(old)), label="insert at")
    inserted = "\u00a7 " + " ".join(data.draw(st.lists(st.sampled_from(WORDS), max_size=30),
                                              label="inserted")) + " \u00a7"
    new = old[:at] + inserted + old[at:]
    got = anchor(sel, new)

    if got.method in ("position", "quote"):
        assert norm_quote(new[got.start:got.end]) == norm_quote(sel.exact)
    elif got.method == "fuzzy":
        assert 0.85 <= got.confidence < 1.0
    else:
        assert got == Anchor(None, None, "orphan", 0.0)
    if start < at < end:
        return                                   # the span itself was cut: fuzzy or orphan
    shift = len(inserted) if at <= start else 0
    lo, hi = start + shift, end + shift
    core = sel.exact.strip()
    context_intact = at <= start - len(sel.prefix) or at >= end + len(sel.suffix)
    if got.confidence == 1.0 and context_intact:
        # with its context intact, an exact confident placement is the passage itself or an
        # indistinguishable copy (with the context cut, a copy whose context agrees better
        # may legitimately win: it still contains the quote, checked above)
        placed = lo <= got.start and got.end <= hi
        window = new[got.start - len(sel.prefix):got.end + len(sel.suffix)]
        assert placed or window == sel.prefix + sel.exact + sel.suffix
    normalised = normalize(new)
    unique = normalised.count(normalize(core)) == 1 and core not in inserted
    if unique and (context_intact or len(core) >= 25 and len(core.split()) >= 5):
        assert got.method in ("position", "quote")
        assert lo <= got.start and got.end <= hi and new[got.start:got.end].strip() == core


# --------------------------------------------------------------------------- speed

def test_speed_100k_characters_200_selectors():
    rng = random.Random(7)
    towns = ["Hartcombe", "Saltmarsh", "Eddleston", "Kingsbury", "Wexley", "Barrowden"]
    units = ["custody", "response", "neighbourhood", "public protection", "control room"]
    paragraphs = []
    while sum(len(p) for p in paragraphs) < 100_000:
        n = len(paragraphs)
        paragraphs.append(
            f"In {rng.choice(towns)} the {rng.choice(units)} team handled {rng.randint(10, 999)} "
            f"incidents during {rng.choice(['spring', 'summer', 'autumn', 'winter'])} "
            f"{rng.randint(2014, 2023)}; paragraph {n} notes that {rng.randint(2, 60)} officers "
            f"completed {rng.choice(['refresher', 'advanced', 'initial'])} training and "
            f"{rng.randint(1, 30)} cases were reviewed by a sergeant within "
            f"{rng.randint(1, 14)} days.")
    old = "\n\n".join(paragraphs)
    selectors = []
    while len(selectors) < 200:
        start = rng.randrange(0, len(old) - 300)
        start = old.index(" ", start) + 1
        end = old.index(" ", start + rng.randint(30, 200))
        selectors.append(make_selector(old, start, end))
    # new version: paragraphs inserted, some reflowed, some words changed
    new_paragraphs = []
    for i, p in enumerate(paragraphs):
        if i % 25 == 0:
            new_paragraphs.append(f"Inserted note {i}: the Wessex Constabulary response.")
        if i % 7 == 0:
            p = p.replace(" team ", "  team\n")
        if i % 11 == 0:
            p = p.replace("training", "courses")
        new_paragraphs.append(p)
    new = "\n\n".join(new_paragraphs)
    assert len(new) > 100_000

    began = time.perf_counter()
    anchors = reanchor_all(selectors, new)
    elapsed = time.perf_counter() - began
    counts: dict[str, int] = {}
    for a in anchors:
        counts[a.method] = counts.get(a.method, 0) + 1
    print(f"\nre-anchored {len(selectors)} selectors in {len(new):,} characters in "
          f"{elapsed:.3f} s: {counts}")
    assert len(anchors) == 200
    assert elapsed < 10
    for sel, a in zip(selectors, anchors, strict=True):
        if a.method in ("position", "quote"):
            assert norm_quote(new[a.start:a.end]) == norm_quote(sel.exact)
    assert counts.get("quote", 0) + counts.get("position", 0) >= 150
