"""The officer's query string -> a Whoosh query, or a QueryError saying what is wrong.

Whoosh's parser forgives almost anything (an unknown field becomes plain words, an
unclosed bracket silently empties the query), so the string is checked first and the
officer is told, in one sentence, what to fix.
"""
from __future__ import annotations

import copy
import re

from whoosh import qparser, query
from whoosh.fields import Schema

from .errors import QueryError
from .schema import DEFAULT_FIELDS, USER_FIELDS

SPELL_FIELD = "words"
PAIRS_FIELD = "pairs"
MAX_QUERY_CHARS = 1000

_FIELD_RE = re.compile(r"(?<![\w.:\-])([A-Za-z_][\w\-]*):")
_YEAR_RE = re.compile(r"\byear:\s*(\([^)]*\)|[\[{][^\]}]*[\]}]|[<>]=?\s*\S*|\S*)", re.I)
_YEAR_WORDS = {"to", "and", "or", "not", "*", ""}
_KNOWN = ", ".join(sorted(set(USER_FIELDS) - {"doc_type"}))


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Words search text, area and section; upper-case AND/OR/NOT are the only operators."""
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=DEFAULT_FIELDS,
                                      group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin({"doc_type": ["type"]}))
    return parser


def _outside_quotes(qstring: str) -> str:
    """The string with every quoted stretch blanked out (same length, so offsets hold)."""
    return re.sub(r'"[^"]*"', lambda m: " " * len(m.group()), qstring)


def _check_brackets(bare: str) -> None:
    pairs = {")": "(", "]": "[", "}": "{"}
    stack: list[str] = []
    for ch in bare:
        if ch in "([{":
            stack.append(ch)
        elif ch in pairs:
            if not stack or stack[-1] != pairs[ch]:
                raise QueryError(f"The query has a closing '{ch}' without a matching opening one.")
            stack.pop()
    if stack:
        closing = {"(": ")", "[": "]", "{": "}"}[stack[-1]]
        raise QueryError(f"The query opens a '{stack[-1]}' but never closes it with '{closing}'.")


def _normalise_fields(qstring: str, bare: str) -> str:
    """Lower-case known field names (same length, so offsets hold); reject unknown ones."""
    out = list(qstring)
    for m in _FIELD_RE.finditer(bare):
        name = m.group(1)
        if name.lower() not in USER_FIELDS:
            raise QueryError(f"'{name}' is not a field you can search; "
                             f"use one of: {_KNOWN}.")
        out[m.start(1):m.end(1)] = name.lower()
    return "".join(out)


def _check_years(bare: str) -> None:
    for m in _YEAR_RE.finditer(bare):
        value = m.group(1).strip()
        words = re.split(r"[\s\[\]{}()<>=]+", value)
        bad = [w for w in words if w.lower() not in _YEAR_WORDS and not re.fullmatch(r"\d{1,4}", w)]
        if not value or bad:
            shown = value or "nothing"
            raise QueryError(f"year: needs a year such as year:2021 or a range such as "
                             f"year:[2018 TO 2021], not {shown}.")


def _errors(q: query.Query) -> str | None:
    stack = [q]
    while stack:
        node = stack.pop()
        if getattr(node, "error", None):
            return str(node.error)
        stack.extend(node.children())
    return None


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance."""
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        prev2, prev = prev, cur
    return prev[-1]


def _expansions(q: query.Query, reader, limit: int) -> list[str]:
    """Unstemmed index words a wildcard or fuzzy term matches, segment by segment (the
    multi-segment reader's fuzzy expansion scans the whole vocabulary)."""
    plain = copy.copy(q)
    plain.fieldname = SPELL_FIELD
    found: set[str] = set()
    for leaf, _ in reader.leaf_readers():
        for btext in plain._btexts(leaf):
            found.add(btext.decode("utf-8") if isinstance(btext, bytes) else btext)
            if len(found) >= limit:
                return sorted(found)
    return sorted(found)


_STEMMED = ("text", "area", "section", "title")


def _typed(q: query.Query, qstring: str) -> str:
    """The word as the officer typed it (the parser hands fuzzy terms over stemmed)."""
    start, end = getattr(q, "startchar", None), getattr(q, "endchar", None)
    if start is not None and end is not None and qstring[start:end].isalpha():
        return qstring[start:end].lower()
    return q.text


def widen(q: query.Query, reader, analyzer, qstring: str = "", limit: int = 200) -> query.Query:
    """Wildcards and fuzzy terms are matched against the unstemmed words, then searched
    as the stems of the words they fit: "vettin~" reaches "vetting" (stem "vett", three
    edits from "vettin"). A fuzzy term prefers the closest words: "vetting~" ranks
    vetting far above getting."""
    if isinstance(q, (query.FuzzyTerm, query.Prefix, query.Wildcard)) and q.fieldname in _STEMMED:
        fuzzy = isinstance(q, query.FuzzyTerm)
        probe = copy.copy(q)
        if fuzzy:
            probe.text = _typed(q, qstring)
        boosts: dict[str, float] = {}
        for word in _expansions(probe, reader, limit):
            boost = q.boost * (0.25 ** edit_distance(probe.text, word) if fuzzy else 1.0)
            for token in analyzer(word, mode="query"):
                boosts[token.text] = max(boost, boosts.get(token.text, 0.0))
        if not boosts:
            return q
        terms = [query.Term(q.fieldname, s, boost=b) for s, b in sorted(boosts.items())]
        return query.Or(terms if fuzzy else [q, *terms])
    return q.apply(lambda child: widen(child, reader, analyzer, qstring, limit))


def fast_phrases(q: query.Query) -> query.Query:
    """Phrases as term lookups. In the text: adjacent-stem pairs (a longer phrase keeps
    its exact position check, now run only on documents holding every pair). In force
    and grade, whose values are a few fixed words, all the words (force:"west midlands",
    grade:"requires improvement")."""
    if isinstance(q, query.Phrase) and q.slop <= 1 and len(q.words) > 1:
        if q.fieldname == "text":
            pairs = [query.Term(PAIRS_FIELD, f"{a} {b}", boost=q.boost)
                     for a, b in zip(q.words, q.words[1:], strict=False)]
            return pairs[0] if len(pairs) == 1 else query.And([*pairs, q])
        if q.fieldname in ("force", "grade"):
            return query.And([query.Term(q.fieldname, w, boost=q.boost) for w in q.words])
    return q.apply(fast_phrases)


def parse_query(parser: qparser.QueryParser, qstring: str) -> tuple[query.Query, str]:
    """Returns the query and the normalised string it was parsed from (same offsets)."""
    if qstring is None or not qstring.strip():
        raise QueryError("Type one or more words to search for.")
    if len(qstring) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long; keep it under {MAX_QUERY_CHARS} characters.")
    if qstring.count('"') % 2:
        raise QueryError('The query opens a quotation mark (") but never closes it.')
    bare = _outside_quotes(qstring)
    _check_brackets(bare)
    normal = _normalise_fields(qstring, bare)
    _check_years(_outside_quotes(normal))
    try:
        q = parser.parse(normal)
    except Exception as e:  # noqa: BLE001 -- Whoosh raises assorted errors on odd syntax
        raise QueryError(f"The query could not be understood ({e}).") from None
    problem = _errors(q)
    if problem:
        raise QueryError(f"The query could not be understood: {problem}.")
    if q is query.NullQuery or isinstance(q, query.qcore._NullQuery):
        raise QueryError("The query has nothing left to search for: very common words "
                         "(such as 'the', 'and', 'not') and single letters are ignored.")
    return q, normal
