"""Re-anchoring officers' annotations when a report is re-imported as a new version.

An annotation is stored the way the W3C Web Annotation model stores a target: a
TextQuoteSelector (the exact quote with ~32 characters of prefix and suffix context) together
with a TextPositionSelector (start and end offsets in the old text). Both live in `Selector`.

When the text changes (paragraphs inserted, a passage reflowed, ligatures, curly quotes, soft
hyphens, words hyphenated at line ends, or the passage deleted) `anchor` finds the passage
again, in this order:

1. position - the old offsets still hold the quote (and, for a short or repeated quote, the
   stored prefix and suffix still sit next to it);
2. quote    - the quote occurs in the new text, compared on a normalised form (see
   `normalize`); among several occurrences the one whose neighbours agree best with the
   stored prefix/suffix wins; a tie is broken by the old position (scaled by the change in
   length) only when one occurrence is clearly nearer, and is then reported with a lower
   confidence; otherwise the annotation is orphaned rather than guessed;
3. fuzzy    - only when the quote occurs nowhere, only for long quotes (at least five words
   and 25 characters, at most FUZZY_MAX_CHARS), only for a match at least 85 % similar
   (the lower of character and word similarity, so a sibling paragraph of boilerplate with
   other figures does not count), whose prefix or suffix context also fits, which lies
   within a quarter of the document of where it is expected, and which no similar passage
   elsewhere rivals;
4. orphan   - otherwise. An annotation is never dropped silently.

A wrong confident placement is worse than an orphan, so every rule prefers to give up.
Standard library only; no Qt, no I/O.
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_left
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache

POSITION, QUOTE, FUZZY, ORPHAN = "position", "quote", "fuzzy", "orphan"

#: Fuzzy matches below this similarity are rejected.
FUZZY_THRESHOLD = 0.85
#: A fuzzy match also needs its prefix or suffix context at least this similar.
CONTEXT_THRESHOLD = 0.5
#: A fuzzy match (or a tie broken by position) must lie this fraction of the document length
#: (at least `_MIN_DISTANCE` characters) from the expected position.
PLAUSIBLE_FRACTION = 0.25
#: A quote with fewer characters or fewer words than this is "short": never matched fuzzily,
#: and needs agreeing context (or the old position) to be placed.
SHORT_CHARS = 25
SHORT_WORDS = 5
#: A quote longer than this is never matched fuzzily (it is placed exactly or orphaned):
#: the cost of placing one annotation stays bounded (well under a second).
FUZZY_MAX_CHARS = 10_000
#: Confidence of an exact quote placed by its position rather than by its context.
GUESS_CONFIDENCE = 0.8

_MIN_DISTANCE = 64       # floor of the plausibility window, for tiny documents
_MIN_CONTEXT = 6         # characters of agreeing context that count as "the context matches"
_TIE_SLACK = 3           # context scores this close count as a tie (" the" vs " a")
_CLEAR_MARGIN = 32       # nearest must beat the runner-up by 2x its distance plus this
_SEED = 10               # length of the quote pieces used to find fuzzy candidates
_MAX_SEEDS = 16
_MAX_HITS = 32           # occurrences of one seed considered
_MAX_WINDOWS = 4         # candidate windows compared with SequenceMatcher per quote
_CHUNK = 320             # a longer quote is aligned a chunk at a time (bounded cost)
_AMBIGUITY_MARGIN = 0.03  # a fuzzy match this close to one elsewhere is ambiguous


@dataclass(frozen=True)
class Selector:
    """What is stored for an annotation: a TextQuoteSelector plus a TextPositionSelector.

    `text_length` is the length of the text the offsets refer to; it lets the old position be
    scaled to a new text of different length. It is optional (older records lack it).
    """

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    text_length: int | None = None


@dataclass(frozen=True)
class Anchor:
    """Where an annotation lies in the new text; start/end are None when it is orphaned."""

    start: int | None
    end: int | None
    method: str          # "position" | "quote" | "fuzzy" | "orphan"
    confidence: float    # 1.0 exact; lower for a fuzzy match or a position guess; 0 orphan

    @property
    def orphaned(self) -> bool:
        return self.start is None


_ORPHAN = Anchor(None, None, ORPHAN, 0.0)


# --------------------------------------------------------------------------- selectors

def make_selector(text: str, start: int, end: int, context: int = 32) -> Selector:
    """The selector for text[start:end] with `context` characters either side."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"cannot select [{start}:{end}] in a text of {len(text)} characters "
                         "(need 0 <= start < end <= length)")
    if context < 0:
        raise ValueError(f"context must not be negative (got {context})")
    return Selector(exact=text[start:end], prefix=text[max(0, start - context):start],
                    suffix=text[end:end + context], start=start, end=end,
                    text_length=len(text))


def selector_for_occurrence(text: str, quote: str, occurrence: int = 1,
                            context: int = 32) -> Selector:
    """The selector for the `occurrence`-th (1-based) occurrence of `quote` in `text`."""
    if not quote:
        raise ValueError("cannot select an empty quote")
    if occurrence < 1:
        raise ValueError(f"occurrence is counted from 1 (got {occurrence})")
    found, pos = 0, text.find(quote)
    while pos != -1:
        found += 1
        if found == occurrence:
            return make_selector(text, pos, pos + len(quote), context)
        pos = text.find(quote, pos + 1)
    shown = quote if len(quote) <= 60 else quote[:57] + "..."
    if found == 0:
        raise ValueError(f"the quote {shown!r} does not occur in the text")
    raise ValueError(f"the quote {shown!r} occurs {found} time(s) in the text; "
                     f"occurrence {occurrence} was asked for")


# --------------------------------------------------------------------------- normalisation

_INVISIBLE = "\u00ad\u200b\u200c\u200d\u2060\ufeff"       # soft hyphen, zero-width marks
_JOINING = "\\-\u00ad\u2010\u2011"                       # hyphens that may split a word
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_SPECIAL = re.compile(
    # a hyphen between letters, optionally followed by a line break ("inves-\ntigation",
    # "well-\nknown", "well-known"): dropped, so every spelling compares alike
    rf"(?P<join>(?<=[^\W\d_])[{_JOINING}](?:[ \t]*\r?\n\s*)?(?=[^\W\d_]))"
    rf"|(?P<space>\s[\s{_INVISIBLE}]*)"                     # any whitespace run: one space
    rf"|(?P<drop>[{_INVISIBLE}]+)"                          # invisible characters: dropped
    rf"|(?P<fold>[^\x00-\x7f][{_COMBINING}]*)")             # other non-ASCII: NFKC and fold
_FOLD_TABLE = str.maketrans(
    {**{c: "'" for c in "\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4"},
     **{c: '"' for c in "\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb"},
     **{c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"}})
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)
def _fold(cluster: str) -> str:
    out = unicodedata.normalize("NFKC", cluster).translate(_FOLD_TABLE)
    return _SPACES.sub(" ", out)


class _Mapped:
    """A normalised text with, for each of its characters, the span of the original text it
    came from: normalised [a, b) is original [starts[a], ends[b - 1]).

    Built on first use (a quote still at its old position never needs it) and shared by
    every annotation placed in one text (see `AnchorText`)."""

    __slots__ = ("original", "_norm", "_starts", "_ends")

    def __init__(self, original: str):
        self.original = original
        self._norm: str | None = None
        self._starts: list[int] = []
        self._ends: list[int] = []

    @property
    def norm(self) -> str:
        if self._norm is None:
            self._build()
        return self._norm

    @property
    def starts(self) -> list[int]:
        if self._norm is None:
            self._build()
        return self._starts

    @property
    def ends(self) -> list[int]:
        if self._norm is None:
            self._build()
        return self._ends

    def _build(self) -> None:
        original = self.original
        pieces: list[str] = []
        starts: list[int] = []
        ends: list[int] = []
        pos = 0
        for m in _SPECIAL.finditer(original):
            a, b = m.span()
            if a > pos:
                pieces.append(original[pos:a])
                starts.extend(range(pos, a))
                ends.extend(range(pos + 1, a + 1))
            kind = m.lastgroup
            out = " " if kind == "space" else _fold(m.group()) if kind == "fold" else ""
            if out:
                pieces.append(out)
                starts.extend([a] * len(out))
                ends.extend([b] * len(out))
            pos = b
        if pos < len(original):
            pieces.append(original[pos:])
            starts.extend(range(pos, len(original)))
            ends.extend(range(pos + 1, len(original) + 1))
        self._starts = starts
        self._ends = ends
        self._norm = "".join(pieces)

    def to_original(self, a: int, b: int) -> tuple[int, int]:
        return self.starts[a], self.ends[b - 1]

    def to_norm(self, offset: int) -> int:
        """The normalised offset of the first character at or after an original offset."""
        return bisect_left(self.starts, offset)


def normalize(text: str) -> str:
    """The form quotes are compared on: NFKC (so ligatures become letters), curly quotes made
    straight, dashes made "-", soft hyphens and zero-width marks removed, a hyphen between two
    letters removed (which also joins a word hyphenated across a line), every whitespace run
    made one space. Case is kept."""
    return _Mapped(text).norm


@dataclass(frozen=True)
class _Quote:
    """A selector's prefix, quote and suffix, normalised together (so that a hyphen or a space
    on a boundary is treated as it is in the full text); the quote carries no outer spaces."""

    prefix: str
    quote: str
    suffix: str

    @staticmethod
    def of(sel: Selector) -> _Quote:
        mapped = _Mapped(sel.prefix + sel.exact + sel.suffix)
        i = mapped.to_norm(len(sel.prefix))
        j = mapped.to_norm(len(sel.prefix) + len(sel.exact))
        whole = mapped.norm
        q = whole[i:j]
        quote = q.strip(" ")
        if not quote:
            return _Quote(whole[:i], "", whole[j:])
        lead = len(q) - len(q.lstrip(" "))
        trail = len(q) - len(q.rstrip(" "))
        return _Quote(whole[:i + lead], quote, whole[j - trail:])


def _is_short(quote: str) -> bool:
    return len(quote.strip()) < SHORT_CHARS or len(quote.split()) < SHORT_WORDS


# --------------------------------------------------------------------------- anchoring

#: A text prepared once for placing many annotations in it: AnchorText(text), then
#: anchor(selector, prepared) for each (normalising a long report costs far more than
#: placing one quote in it).
AnchorText = _Mapped


def anchor(selector: Selector, text: str | AnchorText) -> Anchor:
    """Where the annotation described by `selector` lies in `text` (see the module doc)."""
    return _anchor(selector, text if isinstance(text, _Mapped) else _Mapped(text))


def reanchor_all(selectors: list[Selector], text: str) -> list[Anchor]:
    """`anchor` for every selector, normalising the new text once. One Anchor per selector,
    in order; orphans included."""
    mapped = _Mapped(text)
    return [_anchor(sel, mapped) for sel in selectors]


def _anchor(sel: Selector, target: _Mapped) -> Anchor:
    found = _by_position(sel, target.original)
    if found is not None:
        return found
    parts = _Quote.of(sel)
    if not parts.quote:
        return _ORPHAN
    text_len = len(target.original)
    if sel.text_length:
        expected = round(sel.start * text_len / sel.text_length)
    else:
        expected = sel.start
    expected = min(max(expected, 0), text_len)
    occurrences = _occurrences(target.norm, parts.quote)
    if occurrences:
        # an exact occurrence exists: never fall back to fuzzy (it would only find a worse one)
        return _by_quote(parts, target, occurrences, expected)
    if _is_short(parts.quote) or len(parts.quote) > FUZZY_MAX_CHARS:
        return _ORPHAN
    return _by_fuzzy(parts, target, target.to_norm(expected)) or _ORPHAN


def _by_position(sel: Selector, text: str) -> Anchor | None:
    start, end = sel.start, sel.end
    if not (0 <= start < end <= len(text)) or text[start:end] != sel.exact:
        return None
    repeated = text.find(sel.exact) != start or text.find(sel.exact, start + 1) != -1
    if (_is_short(sel.exact) or repeated) and (
            text[max(0, start - len(sel.prefix)):start] != sel.prefix
            or text[end:end + len(sel.suffix)] != sel.suffix):
        return None
    return Anchor(start, end, POSITION, 1.0)


def _occurrences(haystack: str, needle: str, lo: int = 0, hi: int | None = None,
                 cap: int | None = None) -> list[int]:
    hi = len(haystack) if hi is None else hi
    out: list[int] = []
    pos = haystack.find(needle, lo, hi)
    while pos != -1:
        out.append(pos)
        if cap is not None and len(out) >= cap:
            break
        pos = haystack.find(needle, pos + 1, hi)
    return out


def _common_suffix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    k = 0
    while k < n and a[-1 - k] == b[-1 - k]:
        k += 1
    return k


def _common_prefix(a: str, b: str) -> int:
    n = min(len(a), len(b))
    k = 0
    while k < n and a[k] == b[k]:
        k += 1
    return k


def _context_score(parts: _Quote, norm: str, start: int, end: int) -> int:
    """How many characters of the stored prefix and suffix agree with the neighbours of
    norm[start:end] (longest common suffix of the prefix, longest common prefix of the
    suffix)."""
    lp, ls = len(parts.prefix), len(parts.suffix)
    before = norm[max(0, start - lp):start]
    after = norm[end:end + ls]
    left = lp if before == parts.prefix else _common_suffix(parts.prefix, before)
    right = ls if after == parts.suffix else _common_prefix(parts.suffix, after)
    return left + right


def _by_quote(parts: _Quote, target: _Mapped, occurrences: list[int],
              expected: int) -> Anchor:
    size = len(parts.quote)
    scores = [_context_score(parts, target.norm, p, p + size) for p in occurrences]
    best = max(scores)
    needed = min(_MIN_CONTEXT, len(parts.prefix) + len(parts.suffix))
    if best >= needed:
        contenders = [p for p, s in zip(occurrences, scores, strict=True) if s >= best - _TIE_SLACK]
        if len(contenders) == 1:
            return _quote_anchor(target, contenders[0], size, 1.0)
    else:
        # no context agrees anywhere: a long quote found once is still the passage (moved);
        # anything else is placed only if one occurrence is clearly where it used to be
        if len(occurrences) == 1 and not _is_short(parts.quote):
            return _quote_anchor(target, occurrences[0], size, 1.0)
        contenders = occurrences
    chosen = _clearly_nearest(target, contenders, expected)
    if chosen is None:
        return _ORPHAN
    return _quote_anchor(target, chosen, size, GUESS_CONFIDENCE)


def _quote_anchor(target: _Mapped, pos: int, size: int, confidence: float) -> Anchor:
    start, end = target.to_original(pos, pos + size)
    return Anchor(start, end, QUOTE, confidence)


def _plausible_distance(length: int) -> float:
    return max(PLAUSIBLE_FRACTION * length, _MIN_DISTANCE)


def _clearly_nearest(target: _Mapped, candidates: list[int], expected: int) -> int | None:
    """The candidate nearest the expected original offset, if it is plausibly near and
    clearly nearer than any other; None when that would be a guess."""
    ranked = sorted((abs(target.starts[p] - expected), p) for p in candidates)
    nearest, pos = ranked[0]
    if nearest > _plausible_distance(len(target.original)):
        return None
    if len(ranked) > 1 and ranked[1][0] < 2 * nearest + _CLEAR_MARGIN:
        return None
    return pos


# --------------------------------------------------------------------------- fuzzy

def _by_fuzzy(parts: _Quote, target: _Mapped, expected: int) -> Anchor | None:
    """The best approximate match near where the quote is expected or where its context or
    pieces of it are found; None unless it is similar, in context and plausibly placed."""
    norm, quote = target.norm, parts.quote
    size, length = len(quote), len(norm)
    if length == 0:
        return None
    reach = _plausible_distance(length)
    lo = max(0, int(expected - reach))
    hi = min(length, int(expected + reach) + size)
    slack = size // 4 + 8

    votes: dict[int, int] = {expected: 1}
    tail = parts.prefix[-16:]
    if len(tail) >= 8:
        for p in _occurrences(norm, tail, lo, hi, _MAX_HITS):
            votes[p + len(tail)] = votes.get(p + len(tail), 0) + 3
    head = parts.suffix[:16]
    if len(head) >= 8:
        for p in _occurrences(norm, head, lo, hi, _MAX_HITS):
            votes[p - size] = votes.get(p - size, 0) + 3
    if size >= _SEED:
        count = min(_MAX_SEEDS, max(2, size // _SEED))
        step = max(1, (size - _SEED) // max(1, count - 1))
        for off in range(0, size - _SEED + 1, step):
            for p in _occurrences(norm, quote[off:off + _SEED], lo, hi, _MAX_HITS):
                votes[p - off] = votes.get(p - off, 0) + 1

    # group nearby candidate starts; keep the best-supported groups
    groups: list[list[int]] = []           # [weight, first, best position, its votes]
    for pos in sorted(votes):
        if groups and pos - groups[-1][1] <= slack:
            group = groups[-1]
            group[0] += votes[pos]
            if votes[pos] > group[3]:
                group[2], group[3] = pos, votes[pos]
        else:
            groups.append([votes[pos], pos, pos, votes[pos]])
    groups.sort(key=lambda g: (-g[0], abs(g[2] - expected)))

    # the passage's own location collects votes from most seeds at one offset; stray hits
    # of common words scatter. Compare only the well-supported windows.
    top = groups[0][0]
    found: list[tuple[float, int, int]] = []
    for group in groups[:_MAX_WINDOWS]:
        if group[0] * 2 < top:
            break
        match = _align(quote, norm, group[2], slack)
        if match is not None and match[0] >= FUZZY_THRESHOLD - _AMBIGUITY_MARGIN:
            found.append((match[3], match[1], match[2]))
    if not found:
        return None
    found.sort(key=lambda m: (-m[0], abs(m[1] - expected)))
    similarity, start, end = found[0]
    if similarity < FUZZY_THRESHOLD or abs(start - expected) > reach:
        return None
    for other, o_start, o_end in found[1:]:
        # a similar passage elsewhere (boilerplate repeated with other figures): a guess
        if (o_end <= start or o_start >= end) and other >= similarity - _AMBIGUITY_MARGIN:
            return None
    if not _context_fits(parts, norm, start, end):
        return None
    a, b = target.to_original(start, end)
    return Anchor(a, b, FUZZY, round(similarity, 4))


def _align(quote: str, norm: str, at: int,
           slack: int) -> tuple[float, int, int, float] | None:
    """(character similarity, start, end, the lower of character and word similarity) of
    the best match of quote starting near `at`, or None.

    A quote up to _CHUNK characters is compared whole. A longer one is compared a chunk at
    a time along a band: each chunk is sought within a small slack of where the previous
    one ended, so the cost grows linearly with the quote (SequenceMatcher on the whole of a
    5,000-character quote took seconds per window) and stays bounded per annotation."""
    if len(quote) <= _CHUNK:
        match = _best_in_window(quote, norm, at, slack)
        if match is None:
            return None
        return (*match, _word_similarity(quote, norm[match[1]:match[2]], match[0]))
    pos, first_slack = at, slack
    matched = words = 0.0
    start = end = None
    for off in range(0, len(quote), _CHUNK):
        piece = quote[off:off + _CHUNK]
        if len(piece) < _CHUNK and off:       # a short tail joins the alignment's end
            piece_slack = len(piece) // 4 + 8
        else:
            piece_slack = first_slack if start is None else _CHUNK // 4 + 8
        match = _best_in_window(piece, norm, pos, piece_slack)
        if match is None or (start is None and off >= 2 * _CHUNK):
            if start is None and off >= 2 * _CHUNK:
                return None                   # the head of the quote is nowhere near
            pos += len(piece)
            continue
        ratio, s, e = match
        matched += ratio * (len(piece) + e - s) / 2
        words += _word_similarity(piece, norm[s:e], ratio) * len(piece)
        if start is None:
            start = s
        end, pos = e, e
    if start is None or end <= start:
        return None
    ratio = 2.0 * matched / (len(quote) + end - start)
    return ratio, start, end, min(ratio, words / len(quote))


def _best_in_window(quote: str, norm: str, at: int,
                    slack: int) -> tuple[float, int, int] | None:
    size = len(quote)
    ws = max(0, at - slack)
    we = min(len(norm), at + size + slack)
    window = norm[ws:we]
    if not window:
        return None
    matcher = SequenceMatcher(None, quote, window, autojunk=False)
    all_blocks = matcher.get_matching_blocks()[:-1]
    blocks = [b for b in all_blocks if b.size >= 3]
    if not blocks:
        return None
    first, last = blocks[0], blocks[-1]
    # the quote's ends aligned as the first and last matching blocks suggest, and the tight
    # span of the matching blocks themselves; whichever reads more like the quote
    spans = {(max(0, first.b - first.a),
              min(len(window), last.b + last.size + size - (last.a + last.size))),
             (first.b, last.b + last.size)}
    best: tuple[float, int, int] | None = None
    for s, e in spans:
        while s < e and window[s] == " ":
            s += 1
        while e > s and window[e - 1] == " ":
            e -= 1
        if e <= s:
            continue
        # similarity as SequenceMatcher.ratio() computes it, from the blocks already found
        # that fall inside the span (a slight underestimate at most: no second pass)
        matched = sum(max(0, min(b.b + b.size, e) - max(b.b, s)) for b in all_blocks)
        ratio = 2.0 * matched / (size + e - s)
        if best is None or ratio > best[0]:
            best = (ratio, ws + s, ws + e)
    return best


def _word_similarity(quote: str, found: str, char_similarity: float) -> float:
    """The lower of the character similarity and the similarity of the word sequences: a
    passage that differs in a few characters but in many words (another paragraph of the same
    boilerplate, with other figures) is not the same passage."""
    if char_similarity < FUZZY_THRESHOLD - _AMBIGUITY_MARGIN:
        return char_similarity
    words = SequenceMatcher(None, quote.split(), found.split(), autojunk=False).ratio()
    return min(char_similarity, words)


def _similar(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _context_fits(parts: _Quote, norm: str, start: int, end: int) -> bool:
    """The stored prefix or suffix is at least CONTEXT_THRESHOLD similar to the neighbours of
    the match; an empty stored context fits only at the same edge of the document."""
    if parts.prefix:
        before = norm[max(0, start - len(parts.prefix)):start]
        if _similar(parts.prefix, before) >= CONTEXT_THRESHOLD:
            return True
    elif not norm[:start].strip():
        return True
    if parts.suffix:
        after = norm[end:end + len(parts.suffix)]
        if _similar(parts.suffix, after) >= CONTEXT_THRESHOLD:
            return True
    elif not norm[end:].strip():
        return True
    return False
