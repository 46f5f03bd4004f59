"""The grade words of inspection reports, shared by the readers and the extractor.

A reader needs them to keep a wrapped badge ("Requires" / "improvement") together; the
extractor to read grades. Matching is on a whole block, never on words inside a sentence.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from .model import Grade

GRADE_WORDS = {
    "outstanding": Grade.OUTSTANDING,
    "good": Grade.GOOD,
    "adequate": Grade.ADEQUATE,
    "requires improvement": Grade.REQUIRES_IMPROVEMENT,
    "requires improvements": Grade.REQUIRES_IMPROVEMENT,
    "inadequate": Grade.INADEQUATE,
    "not graded": Grade.NOT_GRADED,
    "no rating": Grade.NOT_GRADED,
    "ungraded": Grade.NOT_GRADED,
    "no grade": Grade.NOT_GRADED,
    "not rated": Grade.NOT_GRADED,
}
_GRADE_PREFIX = re.compile(
    r"^(?:(?:overall\s+)?(?:grade|rating|judg(?:e)?ment|graded|rated)\s*[:\-\u2013]?\s*)", re.I)

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


@lru_cache(maxsize=16384)
def norm(text: str) -> str:
    """Lower-case, straight quotes, single spaces, no trailing punctuation or bullets."""
    s = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    s = re.sub(r"\s+", " ", s).strip()
    return s.strip(" :.\u2022-\u2013")


def grade_of(text: str) -> tuple[Grade, int, int] | None:
    """If the whole block is a grade badge, the grade and where its words stand in text."""
    if len(text) > 60:
        return None
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    m = _GRADE_PREFIX.match(stripped)
    body = stripped[m.end():] if m else stripped
    key = norm(body)
    grade = GRADE_WORDS.get(key)
    if grade is None:
        return None
    start = lead + (m.end() if m else 0)
    words = body.strip().rstrip(" .:")
    return grade, start, start + len(words)


# A table row whose cells ran together in a web page's text: the label, then the grade with no
# space between ("...treat the public?Good", "Responding to the publicRequires improvement").
RUN_TOGETHER = re.compile(r"^(?P<label>.{3,250}?[a-z?)\u2019'])(?P<grade>Outstanding|Good|"
                          r"Adequate|Requires improvement|Inadequate|Not graded)\s*$")
