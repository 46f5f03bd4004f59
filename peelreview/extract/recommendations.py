"""When a recommendation is due and who should act on it, read from its own words.

"By 31 October 2023, the force should ..." is due 2023-10-31; "within three months" counts
from the document's publication day; "By 31 October" without a year is the next 31 October
on or after publication. Who should act is the subject of "should" ("the force", "chief
constables", "the College of Policing"), or of "We recommend that <subject> ...". Nothing is
guessed: no date or subject in the words gives None.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

from .dates import MONTHS, find_dates

_NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
                 "eighteen": 18, "twenty-four": 24, "a": 1, "an": 1}
_WITHIN = re.compile(r"\bwithin\s+(\d{1,2}|[a-z-]+)\s+(month|week|year)s?\b", re.I)
_MONTH_NAMES = (r"(January|February|March|April|May|June|July|August|September|October|"
                r"November|December)")
_BY_DAY_MONTH = re.compile(rf"\b(?:by|before|no later than)\s+(?:the\s+)?(\d{{1,2}})"
                           rf"(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH_NAMES}\b(?!,?\s+\d{{4}})",
                           re.I)
_BY_END_OF = re.compile(rf"\bby\s+the\s+end\s+of\s+{_MONTH_NAMES}\s+(\d{{4}})\b", re.I)
_BY = re.compile(r"\b(?:by|before|no later than)\s+(?:the\s+)?$", re.I)

# "<subject> should" -- the subject is a short noun phrase after a clause break
_SUBJECT_SHOULD = re.compile(
    r"(?:^|[,:;]\s+|\bthat\s+|\band\s+)"
    r"((?:the\s+|all\s+|each\s+|every\s+)?[A-Za-z][\w'\u2019&-]*(?:\s+[\w'\u2019&-]+){0,7}?)"
    r"\s+(?:should|must|needs?\s+to)\b")
_WE_RECOMMEND = re.compile(r"\bwe\s+recommend\s+that\s+(?:,[^,]{0,80},\s*)?"
                           r"((?:the\s+)?[A-Za-z][\w'\u2019&-]*(?:\s+[\w'\u2019&-]+){0,6}?)\s+"
                           r"(?:should|must|reviews?|introduces?|makes?|ensures?|develops?|"
                           r"works?|takes?|improves?|puts?|sets?|considers?|publishes?)\b", re.I)
# words that cannot start an addressee: the phrase before "should" was a clause, not a subject
_NOT_SUBJECT = re.compile(r"^(?:this|it|which|that|they|we|there|these|those|what|who|how|"
                          r"officers|staff|it's|so)\b", re.I)


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def due_date(text: str, published: dt.date | None) -> dt.date | None:
    """The date a recommendation's words set, or None."""
    for pos, d in find_dates(text):
        if _BY.search(text[max(0, pos - 20):pos]) or re.search(
                r"(?i)\b(?:by|before)\s+(?:the\s+)?$", text[max(0, pos - 12):pos]):
            return d
    m = _BY_END_OF.search(text)
    if m:
        year, month = int(m.group(2)), MONTHS[m.group(1).lower()]
        return dt.date(year, month, calendar.monthrange(year, month)[1])
    m = _BY_DAY_MONTH.search(text)
    if m and published:
        month, day = MONTHS[m.group(2).lower()], int(m.group(1))
        for year in (published.year, published.year + 1):
            try:
                d = dt.date(year, month, day)
            except ValueError:
                return None
            if d >= published:
                return d
    m = _WITHIN.search(text)
    if m and published:
        n = m.group(1).lower()
        count = int(n) if n.isdigit() else _NUMBER_WORDS.get(n)
        if count:
            unit = m.group(2).lower()
            if unit == "month":
                return _add_months(published, count)
            if unit == "year":
                return _add_months(published, 12 * count)
            return published + dt.timedelta(weeks=count)
    return None


def addressee(text: str) -> str | None:
    """Who the recommendation asks to act, as written (a leading "The" lower-cased)."""
    for pattern in (_WE_RECOMMEND, _SUBJECT_SHOULD):
        for m in pattern.finditer(text[:400]):
            subject = re.sub(r"\s+", " ", m.group(1)).strip()
            if _NOT_SUBJECT.match(subject) or len(subject) < 3:
                continue
            # "By 31 October 2023, chief constables should": drop a leading date clause
            subject = re.sub(r"^(?:by|within|before)\b.*?,\s*", "", subject, flags=re.I)
            if not subject or subject[0].isdigit():
                continue
            first = subject.split()[0]
            if first.lower() in ("the", "all", "each", "every") or first in ("Chief", "Forces",
                                                                          "Police"):
                subject = first.lower() + subject[len(first):]
            return subject
    return None


__all__ = ["addressee", "due_date"]
