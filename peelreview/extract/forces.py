"""Which force a document is about, by its normalised name.

Known forces are matched by their full names first (any place in the opening of the
document), then by short aliases ("WMP", "West Midlands") in the opening lines only. A
force the list does not know (the fictional "Northmoor Constabulary" of our fixtures, or a
renamed force) is taken from the title pattern "An inspection of X Police|Constabulary" or
"... – X Police".
"""
from __future__ import annotations

import bisect
import re
from functools import lru_cache

from ..paths import load_json_resource

_SUFFIX = r"(?:Police(?: Service)?|Constabulary)"
_NAME = r"(?:[A-Z][\w'&-]*(?:\s+(?:and|of|&|the)\s+|\s+))*?[A-Z][\w'&-]*"
_TITLE_FORCE = re.compile(
    rf"(?:inspection of|\u2013|—|-|:|report on|for)\s+(?:the\s+)?({_NAME}\s+{_SUFFIX})\b")
_NOT_A_FORCE = re.compile(r"^(?:The|His|Her|All|Our|National|Every|Each)\b")


@lru_cache(maxsize=1)
def _patterns():
    full, short = [], []
    for names in load_json_resource("forces.json")["forces"]:
        canonical = names[0]
        for i, name in enumerate(names):
            pat = re.compile(r"(?<![\w-])" + re.escape(name).replace(r"\ ", r"\s+") + r"(?![\w-])",
                             re.IGNORECASE if not name.isupper() else 0)
            (full if i == 0 or re.search(_SUFFIX + "$", name) else short).append(
                (pat, canonical))
    return full, short


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name).casefold()


@lru_cache(maxsize=1)
def _combined_full():
    """Every known force's full names as one pattern (one pass over a text, not 52), and
    the canonical name of each."""
    names: dict[str, str] = {}
    for group in load_json_resource("forces.json")["forces"]:
        for i, name in enumerate(group):
            if i == 0 or re.search(_SUFFIX + "$", name):
                names.setdefault(_key(name), group[0])
    alternatives = sorted(names, key=len, reverse=True)
    pattern = "|".join(re.escape(n).replace(r"\ ", r"\s+") for n in alternatives)
    return re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.I), names


def known_forces() -> list[str]:
    return [names[0] for names in load_json_resource("forces.json")["forces"]]


_LEADING_WORDS = re.compile(r"^(?:(?:The|His|Her|All|Our|National|Every|Each|Unlike|Like|"
                            r"With|And|For|In|At|By|Of|On|To|From|A|An|When|While|Both|How|"
                            r"Why|What|Response|Report|Inspection|PEEL|HMICFRS|HMIC|Dear|News|"
                            r"Press|Release|Published|Commissioner|Crime|Fire|Police|Chief|"
                            r"Constable|Mayor|Office)\s+)+", re.I)


# "Her Majesty's Inspectorate of Constabulary" is the inspectorate, not a force
_INSPECTORATE = re.compile(r"\binspector|\bmajesty", re.I)
_SUFFIX_AT = re.compile(rf"\b{_SUFFIX}\b(?!,?\s+(?:Fire\s+)?(?:and|&)\s+(?:Fire\s+and\s+)?Crime)")
_NAME_BEFORE = re.compile(r"((?:(?!(?:Police|Constabulary|Service)\b)[A-Z][\w'&-]*\s+"
                          r"(?:(?:and|of|&|the)\s+)?){1,5})$")


def force_names(text: str) -> list[str]:
    """Every force name the text uses, canonical where known, in order of first use."""
    combined, canonical_of = _combined_full()
    seen: dict[str, int] = {}
    for m in combined.finditer(text):
        seen.setdefault(canonical_of[_key(m.group(0))], m.start())
    # any "<Name> Police|Constabulary": find the suffix, then the capitalised words before
    # it (a pattern that tries every start is slow on long texts)
    reversed_seen = reversed_set = None
    for m in _SUFFIX_AT.finditer(text):
        before = _NAME_BEFORE.search(text, max(0, m.start() - 80), m.start())
        if not before:
            continue
        name = _LEADING_WORDS.sub("", re.sub(r"\s+", " ", before.group(1) + m.group(0)))
        if len(name.split()) < 2 or _NOT_A_FORCE.match(name) or combined.fullmatch(name) \
                or _INSPECTORATE.search(name):
            continue  # a known force's other spelling was counted above
        if reversed_seen is None:  # the names so far, spelt backwards, in order
            reversed_seen = sorted(k[::-1] for k in seen)
            reversed_set = set(reversed_seen)
        backwards = name[::-1]
        # not when a name seen ends with this one, or this one ends with a name seen
        i = bisect.bisect_left(reversed_seen, backwards)
        if i < len(reversed_seen) and reversed_seen[i].startswith(backwards) or any(
                backwards[:n] in reversed_set for n in range(1, len(backwards) + 1)):
            continue
        seen.setdefault(name, before.start())
        bisect.insort(reversed_seen, backwards)
        reversed_set.add(backwards)
    return sorted(seen, key=seen.get)


def detect_force(opening: str, body: str, title: str = "") -> str | None:
    """The force a document is about.

    title -- the document's title lines, where the subject force stands ("Wessex
    Constabulary: counter-corruption and vetting inspection"); opening -- the first few
    blocks (title page); body -- the text to count mentions in. A title that names one force
    decides; a title that names none while the opening names several gives the force named
    most in the body. Returns None when the document names no force (a national report).
    """
    in_title = force_names(title) if title else []
    if len(in_title) == 1:
        return in_title[0]
    full, short = _patterns()
    best = _earliest(full, opening)
    if best:
        return best
    m = _TITLE_FORCE.search(opening)
    if m and not _NOT_A_FORCE.match(m.group(1)):
        return re.sub(r"\s+", " ", m.group(1))
    best = _earliest(short, opening)
    if best:
        return best
    counts: dict[str, int] = {}
    for pat, canonical in full:
        n = len(pat.findall(body, 0, 100_000))
        if n:
            counts[canonical] = counts.get(canonical, 0) + n
    if counts:
        return max(counts, key=counts.get)
    return _named_in_title(title, body[:60_000])


def _named_in_title(title: str, body: str) -> str | None:
    """A force the list does not know, whose place the title names ("Ashmere PEEL 2018/19",
    "Saltmarsh OPCC - recommendations") and the text names in full ("Ashmere Constabulary");
    the most named such force."""
    words = set(re.findall(r"[A-Z][\w'-]+", title))
    counts: dict[str, int] = {}
    for name in force_names(body):
        place = name.rsplit(" ", 1)[0].replace(" Police", "")
        if set(place.split()) <= words:
            counts[name] = len(re.findall(re.escape(name), body))
    # a title naming several forces' places ("reports on Brackenmoor, Saltmarsh and
    # Ashmere") is about no one of them
    return next(iter(counts)) if len(counts) == 1 else None


def _earliest(patterns, text: str) -> str | None:
    found = []
    for pat, canonical in patterns:
        m = pat.search(text)
        if m:
            found.append((m.start(), -len(m.group(0)), canonical))
    return min(found)[2] if found else None
