"""Dates as documents write them, and the deadlines findings give."""
from __future__ import annotations

import calendar
import datetime as dt
import random

from .prose import MONTHS


def long(d: dt.date) -> str:
    """14 October 2022"""
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def day_month(d: dt.date) -> str:
    """2 May"""
    return f"{d.day} {MONTHS[d.month - 1]}"


def slashed(d: dt.date) -> str:
    """02/05/2019 (day first, as UK web pages write it)"""
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def dotted(d: dt.date) -> str:
    """27.06.19 (a letter's date line)"""
    return f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later (the month's last day if it is shorter)."""
    m = d.month - 1 + months
    year, month = d.year + m // 12, m % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def next_occurrence(day: int, month: int, after: dt.date) -> dt.date:
    """"By 31 October" with no year: that day in the publication year, or the next year
    when it would fall before publication."""
    d = dt.date(after.year, month, day)
    return d if d >= after else dt.date(after.year + 1, month, day)


def weekday_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A random working day in [start, end]."""
    d = start + dt.timedelta(days=rng.randint(0, (end - start).days))
    while d.weekday() >= 5:
        d += dt.timedelta(days=1)
    return d


def month_end(d: dt.date) -> dt.date:
    return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
