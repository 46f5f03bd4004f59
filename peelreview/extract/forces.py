"""Which force a document is about, by its normalised name.

Known forces are matched by their full names first (any place in the opening of the
document), then by short aliases ("WMP", "West Midlands") in the opening lines only. A
force the list does not know (the fictional "Northmoor Constabulary" of our fixtures, or a
renamed force) is taken from the title pattern "An inspection of X Police|Constabulary" or
"... – X Police".
"""
from __future__ import annotations

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


def known_forces() -> list[str]:
    return [names[0] for names in load_json_resource("forces.json")["forces"]]


def detect_force(opening: str, body: str) -> str | None:
    """The force a document is about.

    opening -- the first few blocks (title page); body -- the text to count mentions in.
    Returns None when the document names no force (a national thematic report).
    """
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
        n = len(pat.findall(body))
        if n:
            counts[canonical] = counts.get(canonical, 0) + n
    if counts:
        return max(counts, key=counts.get)
    return None


def _earliest(patterns, text: str) -> str | None:
    found = []
    for pat, canonical in patterns:
        m = pat.search(text)
        if m:
            found.append((m.start(), -len(m.group(0)), canonical))
    return min(found)[2] if found else None
