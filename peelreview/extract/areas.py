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


def has_words(name: str) -> bool:
    """Whether `same_area` can find the name the same as another (it has a word)."""
    return area_id(name) is not None or bool(_words(name))


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


class AreaIndex:
    """Area names held in order, answering "the first name held that is the same area as
    this one" (`same_area`) in time proportional to the name's words, not to how many names
    are held: a document with thousands of graded headings must not compare each with
    every other. Known names are found by their id; names are also kept word by word in
    a trie, where "one name is the other's leading words" is a walk along the name."""

    def __init__(self, names=()):
        self._by_id: dict[str, _Numbers] = {}
        self._all = _Trie()    # the words of every name
        self._plain = _Trie()  # the words of the names with no known id
        self._dead: set[int] = set()
        self._count = 0
        for name in names:
            self.add(name)

    def add(self, name: str) -> int:
        """Hold one more name; returns its number (0, 1, 2... in the order added)."""
        n = self._count
        self._count += 1
        ident, words = area_id(name), _words(name)
        if ident:
            self._by_id.setdefault(ident, _Numbers()).append(n)
        if words:
            self._all.add(words, n)
            if not ident:
                self._plain.add(words, n)
        return n

    def remove(self, n: int) -> None:
        """Forget the name numbered n (it is no longer found)."""
        self._dead.add(n)

    def first(self, name: str) -> int | None:
        """The number of the first name held (not removed) that is the same area as
        `name`, or None: what `next(i for i, h in enumerate(held) if same_area(h, name))`
        gives."""
        ident, words = area_id(name), _words(name)
        found = []
        if ident and ident in self._by_id:
            found.append(_first_live(self._by_id[ident], self._dead))
        if words:
            # a name with an id is compared by words only with names without one
            found.append((self._plain if ident else self._all).first_related(words,
                                                                             self._dead))
        found = [n for n in found if n is not None]
        return min(found) if found else None

    def __contains__(self, name: str) -> bool:
        return self.first(name) is not None


class _Numbers(list):
    """Ascending numbers, with the place of the first one that may still be live."""

    __slots__ = ("head",)

    def __init__(self):
        super().__init__()
        self.head = 0


def _first_live(numbers: _Numbers, dead: set[int]) -> int | None:
    """The first of `numbers` not in `dead`; the dead ones it passes are never looked at
    again (a number once removed stays removed), so the calls cost linear time together."""
    k = numbers.head
    while k < len(numbers) and numbers[k] in dead:
        k += 1
    numbers.head = k
    return numbers[k] if k < len(numbers) else None


class _Node:
    __slots__ = ("children", "ends", "below")

    def __init__(self):
        self.children: dict[str, _Node] = {}
        self.ends: _Numbers | None = None  # names whose words end here
        self.below = _Numbers()  # names whose words pass through or end here


class _Trie:
    """Word lists with their numbers, for `same_area`'s leading-words rule."""

    def __init__(self):
        self.root = _Node()

    def add(self, words: list[str], n: int) -> None:
        node = self.root
        for word in words:
            child = node.children.get(word)
            if child is None:
                child = node.children[word] = _Node()
            node = child
            node.below.append(n)
        if node.ends is None:
            node.ends = _Numbers()
        node.ends.append(n)

    def first_related(self, words: list[str], dead: set[int]) -> int | None:
        """The first number whose words are the leading words of `words`, or start with
        them."""
        best = None
        node = self.root
        for word in words:
            node = node.children.get(word)
            if node is None:
                return best
            if node.ends:
                n = _first_live(node.ends, dead)
                if n is not None and (best is None or n < best):
                    best = n
        n = _first_live(node.below, dead)
        if n is not None and (best is None or n < best):
            best = n
        return best
