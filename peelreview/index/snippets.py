"""Snippets: ~200 characters around the matched words, marked <b>…</b>, everything else
HTML-escaped, so a caller can show them as rich text without trusting the report."""
from __future__ import annotations

from html import escape

from whoosh import highlight, query
from whoosh.analysis import Analyzer

from .schema import PAIRS_FIELD, SPELL_FIELD

SNIPPET_CHARS = 200
#: Fields analysed like the text, whose matched terms are worth marking in it.
_MARKABLE = {"text", "area", "section", "title"}


class BoldFormatter(highlight.Formatter):
    """Exactly <b>word</b> for a match; other text escaped; an ellipsis where text is cut."""

    between = " … "

    def _text(self, text: str) -> str:
        return escape(text, quote=False)

    def format_token(self, text, token, replace=False):
        return "<b>" + escape(highlight.get_text(text, token, replace), quote=False) + "</b>"

    def format_fragment(self, fragment, replace=False):
        out = super().format_fragment(fragment, replace)
        if fragment.startchar > 0:
            out = "…" + out.lstrip()
        if fragment.endchar < len(fragment.text):
            out = out.rstrip() + "…"
        return out


def positive_leaves(q: query.Query):
    """Leaf queries that must match (terms under NOT are not worth marking)."""
    if isinstance(q, query.Not):
        return
    if isinstance(q, query.AndNot):
        yield from positive_leaves(q.a)
        return
    if q.is_leaf():
        yield q
        return
    for child in q.children():
        yield from positive_leaves(child)


def mark_terms(q: query.Query, reader, analyzer: Analyzer) -> frozenset[str]:
    """The analysed (stemmed) words to mark in a hit's text, wildcards and fuzzy terms
    expanded against the index vocabulary."""
    terms: set[str] = set()
    for leaf in positive_leaves(q):
        if getattr(leaf, "fieldname", None) not in _MARKABLE | {SPELL_FIELD, PAIRS_FIELD}:
            continue  # numeric ranges, filters on kind, force, grade...
        for fieldname, btext in leaf.existing_terms(reader, phrases=True, expand=True):
            word = btext.decode("utf-8", "replace") if isinstance(btext, bytes) else btext
            if fieldname in _MARKABLE:
                terms.add(word)
            elif fieldname == PAIRS_FIELD:
                terms.update(word.split(" "))
            elif fieldname == SPELL_FIELD:
                terms.update(t.text for t in analyzer(word, mode="query"))
    return frozenset(terms)


def make_snippet(text: str, terms: frozenset[str], analyzer: Analyzer) -> str:
    """The best ~200-character stretch of text with the terms marked; the opening of the
    text when none of them occurs in it (a hit on the area, force or kind alone)."""
    if terms:
        fragmenter = highlight.ContextFragmenter(maxchars=SNIPPET_CHARS, surround=70)
        out = highlight.highlight(text, terms, analyzer, fragmenter, BoldFormatter(), top=1,
                                  order=highlight.SCORE)
        if out:
            return out
    return _opening(text)


def _opening(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= SNIPPET_CHARS:
        return escape(text, quote=False)
    cut = text.rfind(" ", 0, SNIPPET_CHARS)
    return escape(text[:cut if cut > 0 else SNIPPET_CHARS], quote=False) + "…"
