"""The Whoosh schema: which fields exist, how each is analysed, and what is a column.

Choices made for speed at 1,000 reports (~400,000 documents):

- Facet and sort values live in one reference column, ``meta``: a small integer per
  document pointing at "report id, date, kind, grade, force, year". Counting facets over
  100,000 matches is one Counter over integers, never a stored-field read.
- ``pairs`` indexes each two adjacent stems of the text as one term ("domest abus"), so a
  quoted phrase is a term lookup instead of Whoosh's position check on every candidate
  (pure Python, seconds on common phrases).
- ``words`` holds a report's vocabulary unstemmed, on its report document only. It serves
  "did you mean" (whole words and how often they occur) and lets wildcards and fuzzy
  terms reach the words as typed ("vettin~" is one edit from "vetting" but three from its
  stem "vett"). Whoosh's own spelling=True field was tried: it writes a posting per word
  occurrence, which cost 40% of indexing time.
- No field keeps word positions: Whoosh stores them inside every postings block, and
  unpickling them dominated the reading of common words. Phrases use ``pairs``; in the
  short headings (area, section, title) and filters a quoted phrase means all its words.
- Only text, pairs, area, section and title are scored (and so keep field lengths).
- Annotations (an officer's note and tags on a passage) are documents too, doc_type
  "annotation": their text is the note and the tags, ``tag`` holds each tag whole (so
  ``tag:"for the chief constable"`` is one term), and ``akey`` records which version of the
  annotation the document was made from, so the index can follow the database.
- Numeric fields have no precision tiers (shift_step=0): year ranges span a few dozen
  values and report ids are only looked up exactly.
"""
from __future__ import annotations

from whoosh import columns, formats
from whoosh.analysis import (
    BiWordFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, FieldType, Schema

from .fastfields import PlainWords, StemmedText, StemPairs

#: Bump when the schema or the way documents are cut changes: an index with another
#: version is reported as damaged, and the caller rebuilds it from the store.
SCHEMA_VERSION = 5
#: Small file beside Whoosh's own files recording which version wrote the index.
MARKER_FILE = "peelreview-index.json"

#: The unstemmed vocabulary (report documents only) and the adjacent-stem pairs.
SPELL_FIELD = "words"
PAIRS_FIELD = "pairs"

#: The reference column and the order of the values packed into it.
META_COLUMN = "meta"
META_PARTS = ("report_id", "date", "doc_type", "report_kind", "kind", "grade", "force", "year")
META_SEP = "\x1f"

#: Fields scored with BM25F (the others are filters and score a constant).
SCORED_FIELDS = frozenset({"text", "pairs", "area", "section", "title"})

#: Fields searched when the officer types plain words, with their boosts. The report title
#: is not among them: it would match every passage of a report; the report's metadata
#: document carries the title in its text instead, and ``title:`` filters by it.
DEFAULT_FIELDS = {"text": 1.0, "area": 1.6, "section": 1.3}

#: Field names an officer may type before a colon, mapped to schema field names.
USER_FIELDS = {"text": "text", "title": "title", "area": "area", "section": "section",
               "force": "force", "year": "year", "kind": "kind", "grade": "grade",
               "type": "doc_type", "doc_type": "doc_type", "report_kind": "report_kind",
               "tag": "tag", "tags": "tag"}

#: Separates the tags of one annotation in the ``tag`` field's value.
TAG_SEP = "\x1f"


def _words():
    """Lower-cased words, no stemming and no stop words ("not graded" must stay whole)."""
    return RegexTokenizer() | LowercaseFilter()


def _filter_words(stored: bool) -> FieldType:
    """Words to filter on: counted per document, not scored, no positions."""
    return FieldType(formats.Frequency(), _words(), scorable=False, stored=stored)


def _tags() -> FieldType:
    """Each tag one whole, lower-cased term: tag:budget, tag:"for the chief constable"."""
    return FieldType(formats.Existence(), RegexTokenizer(r"[^\x1f]+") | LowercaseFilter(),
                     scorable=False, stored=True)


def build_schema() -> Schema:
    # An unbounded stem cache: the vocabulary is bounded, and Whoosh's default LFU cache
    # costs more per word than it saves.
    stem = StemmingAnalyzer(cachesize=-1)
    return Schema(
        doc_id=ID(unique=True, stored=True),
        report_id=NUMERIC(int, bits=64, stored=True, signed=False, shift_step=0),
        doc_type=KEYWORD(stored=True, lowercase=True),
        report_kind=KEYWORD(stored=True, lowercase=True),
        force=_filter_words(stored=True),
        year=NUMERIC(int, stored=True, shift_step=0),
        kind=KEYWORD(stored=True, lowercase=True),
        grade=_filter_words(stored=True),
        area=StemmedText(analyzer=stem, stored=True, phrase=False),
        section=StemmedText(analyzer=stem, stored=True, phrase=False),
        title=StemmedText(analyzer=stem, stored=True, phrase=False),
        text=StemmedText(analyzer=stem, stored=True, phrase=False),
        pairs=StemPairs(analyzer=stem | BiWordFilter(sep=" "), phrase=False),
        words=PlainWords(formats.Frequency(), _words() | StopFilter(), scorable=False),
        tag=_tags(),
        finding_id=STORED(),
        annotation_id=STORED(),
        akey=STORED(),
        quote=STORED(),
        start=STORED(),
        end=STORED(),
        meta=COLUMN(columns.RefBytesColumn()),
    )


def meta_value(report_id: int, date: str, doc_type: str, report_kind: str,
               kind: str | None, grade: str | None, force: str | None,
               year: int | None) -> bytes:
    parts = (str(report_id), date, doc_type, report_kind, kind or "", grade or "",
             force or "", str(year) if year else "")
    return META_SEP.join(p.replace(META_SEP, " ") for p in parts).encode("utf-8")


def schema_matches(schema: Schema) -> bool:
    """True when an opened index was written with this module's schema."""
    return sorted(schema.names()) == sorted(build_schema().names())
