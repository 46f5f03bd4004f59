"""Dates a document states about itself.

Only a date with a day counts ("November 2021" alone gives nothing): the statutory 56 days
run from a day, and a guessed day would put a wrong deadline in front of an officer.
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august",
     "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9

_MONTH = (r"(January|February|March|April|May|June|July|August|September|October|November|"
          r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?")
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH},?\s+(\d{{4}})\b", re.I)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s*(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"\b(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")

# Labels that introduce the document's own date.
_OWN_DATE_LABEL = re.compile(
    r"^\s*(?:published(?: on)?|publication date|date of publication|date published|"
    r"last updated|updated|date|issued)\s*[:\-]?\s*", re.I)
_REPORT_PUBLISHED = re.compile(
    r"(?:HMICFRS|HMIC|inspectorate|report)[^.]{0,120}?\bpublished\b|\bpublished\b[^.]{0,80}?"
    r"(?:HMICFRS|HMIC|inspectorate|report)", re.I)


def _make(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str) -> list[tuple[int, dt.date]]:
    """Every full date in text as (position, date), in order. Numeric dates are D/M/Y."""
    out = []
    for m in _DAY_MONTH_YEAR.finditer(text):
        d = _make(int(m.group(3)), MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1)))
        if d:
            out.append((m.start(), d))
    for m in _MONTH_DAY_YEAR.finditer(text):
        d = _make(int(m.group(3)), MONTHS[m.group(1).lower().rstrip(".")], int(m.group(2)))
        if d:
            out.append((m.start(), d))
    for m in _NUMERIC.finditer(text):
        year = int(m.group(4))
        if year < 100:
            year += 2000
        d = _make(year, int(m.group(3)), int(m.group(1)))
        if d:
            out.append((m.start(), d))
    for m in _ISO.finditer(text):
        d = _make(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if d:
            out.append((m.start(), d))
    return sorted(out, key=lambda x: x[0])


def plausible(d: dt.date) -> bool:
    return dt.date(2000, 1, 1) <= d <= dt.date(2100, 1, 1)


def own_date(lines: list[str]) -> dt.date | None:
    """The document's own date from its opening lines.

    A labelled date ("Published 2 May 2019", "Last updated 02/05/2019") wins; otherwise a
    line that is nothing but a date (a letter's date line, "27.06.19").
    """
    for line in lines:
        if len(line) > 120:
            continue
        m = _OWN_DATE_LABEL.match(line)
        if m and m.end() > 0 and line[:m.end()].strip():
            dates = find_dates(line[m.end():])
            if dates and dates[0][0] < 4 and plausible(dates[0][1]):
                return dates[0][1]
    for line in lines:
        s = line.strip()
        if len(s) > 40:
            continue
        dates = find_dates(s)
        if len(dates) == 1 and plausible(dates[0][1]):
            rest = _strip_date_words(s)
            if not rest:
                return dates[0][1]
    return None


def _strip_date_words(s: str) -> str:
    s = re.sub(_DAY_MONTH_YEAR, "", s)
    s = re.sub(_MONTH_DAY_YEAR, "", s)
    s = re.sub(_NUMERIC, "", s)
    s = re.sub(_ISO, "", s)
    s = re.sub(r"(?i)\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", "", s)
    return re.sub(r"[\s,.]+", "", s)


_DAY_MONTH = re.compile(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\b(?!,?\s+\d{{4}})",
                        re.I)


def report_published_date(paragraphs: list[str], own: dt.date | None = None
                          ) -> dt.date | None:
    """For a PCC response: the day the inspectorate published the report it answers.

    "On 2 May 2019 HMICFRS published ..."; "On 2 May HMICFRS published ..." takes its year
    from the response's own date (the last 2 May on or before it)."""
    for p in paragraphs:
        for sentence in re.split(r"(?<=[.!?])\s+", p):
            if not _REPORT_PUBLISHED.search(sentence):
                continue
            dates = [d for _, d in find_dates(sentence) if plausible(d)]
            if dates:
                return dates[0]
            m = _DAY_MONTH.search(sentence)
            if m and own:
                month, day = MONTHS[m.group(2).lower().rstrip(".")], int(m.group(1))
                for year in (own.year, own.year - 1):
                    d = _make(year, month, day)
                    if d and d <= own:
                        return d
    return None


_MONTH_YEAR = re.compile(rf"\b{_MONTH}\s+(20\d\d|19\d\d)\b", re.I)
_YEAR = re.compile(r"\b(20\d\d)(?:[/\-\u2013](\d\d))?\b")


def document_year(own: dt.date | None, opening: list[str], closing: list[str]) -> int | None:
    """The year a document came out, for filtering by year when no day is stated.

    The document's own date if it has one; else a month and year it states about itself in
    its opening or closing lines ("November 2021 | (c) HMICFRS 2021"); else the year its
    title names (for "PEEL 2021/22" the later year, when such reports come out).
    """
    if own:
        return own.year
    for line in opening + closing:
        if len(line) < 120:
            m = _MONTH_YEAR.search(line)
            if m:
                return int(m.group(2))
    for line in opening[:4]:
        m = _YEAR.search(line)
        if m:
            year = int(m.group(1))
            return year + 1 if m.group(2) and int(m.group(2)) == (year + 1) % 100 else year
    return None
