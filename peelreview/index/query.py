"""The officer's query string -> a Whoosh query, or a QueryError saying what is wrong.

Whoosh's parser forgives almost anything (an unknown field becomes plain words, an
unclosed bracket silently empties the query), so the string is checked first and the
officer is told, in one sentence, what to fix.
"""
from __future__ import annotations

import re

from whoosh import qparser, query
from whoosh.fields import Schema

from .errors import QueryError
from .schema import DEFAULT_FIELDS, USER_FIELDS

MAX_QUERY_CHARS = 1000

_FIELD_RE = re.compile(r"(?<![\w.:\-])([A-Za-z_][\w\-]*):")
_YEAR_RE = re.compile(r"\byear:\s*(\([^)]*\)|[\[{][^\]}]*[\]}]|[<>]=?\s*\S*|\S*)", re.I)
_YEAR_WORDS = {"to", "and", "or", "not", "*", ""}
_KNOWN = ", ".join(sorted(set(USER_FIELDS) - {"doc_type", "tags"}))


def make_parser(schema: Schema) -> qparser.QueryParser:
    """Words search text, area and section; upper-case AND/OR/NOT are the only operators."""
    parser = qparser.MultifieldParser(list(DEFAULT_FIELDS), schema, fieldboosts=DEFAULT_FIELDS,
                                      group=qparser.AndGroup)
    parser.add_plugin(qparser.FuzzyTermPlugin())
    parser.add_plugin(qparser.GtLtPlugin())
    parser.add_plugin(qparser.FieldAliasPlugin({"doc_type": ["type"], "tag": ["tags"]}))
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


def parse_query(parser: qparser.QueryParser, qstring: str) -> tuple[query.Query, str]:
    """Returns the query and the normalised string it was parsed from (same offsets)."""
    if qstring is None or not qstring.strip():
        raise QueryError("Type one or more words to search for.")
    if len(qstring) > MAX_QUERY_CHARS:
        raise QueryError(f"The query is too long; keep it under {MAX_QUERY_CHARS} characters.")
    if any("\ud800" <= c <= "\udfff" for c in qstring):  # lone surrogates: not text
        raise QueryError("The query holds characters that are not text; type it again.")
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
