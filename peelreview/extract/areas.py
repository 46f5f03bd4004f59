"""PEEL areas: which names mean the same area, which graded parts belong to a parent.

The data lives in resources/peel_areas.json so a new inspection cycle's names are added
there, not in code.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..grades import norm
from ..paths import load_json_resource


@lru_cache(maxsize=1)
def _data():
    raw = load_json_resource("peel_areas.json")
    ids: dict[str, str] = {}
    for area in raw["areas"]:
        for name in area["names"]:
            key = _word_set(name)
            if ids.setdefault(key, area["id"]) != area["id"]:
                raise ValueError(f"peel_areas.json gives {name!r} to two areas")
    subs = {norm(k): norm(v) for k, v in raw["sub_areas"].items()}
    pillars = {norm(p) for p in raw["pillars"]}
    return ids, subs, pillars


@lru_cache(maxsize=8192)
def area_id(name: str) -> str | None:
    """The canonical id of a PEEL area name, or None if the name is not known."""
    return _data()[0].get(_word_set(name))


def is_known_area(name: str) -> bool:
    return area_id(name) is not None


def parent_area(name: str) -> str | None:
    """For a graded sub-area (e.g. crime data integrity), the normalised parent name."""
    return _data()[1].get(norm(name))


def is_pillar(name: str) -> bool:
    return norm(name) in _data()[2]


def _words(name: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", norm(name))


def _word_set(name: str) -> str:
    """A name as its distinct words in order: how names are matched. Order, case,
    punctuation and repeats do not matter, so the resource file keeps the inspectorate's
    long question titles as word lists rather than as their sentences."""
    return " ".join(sorted(set(_words(name))))


def same_area(a: str, b: str) -> bool:
    """Whether two area names denote the same area (same canonical id, or one name is the
    other's leading words, as summary tables shorten 'Managing offenders and suspects')."""
    ia, ib = area_id(a), area_id(b)
    if ia and ib:
        return ia == ib
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    short, long_ = sorted((wa, wb), key=len)
    return long_[:len(short)] == short
