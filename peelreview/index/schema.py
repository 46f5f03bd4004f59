"""The Whoosh schema: which fields exist, how each is analysed, and which are columns.

Facet and sort values live in compact reference columns (one small integer per document)
so counting facets over a whole result set never unpickles stored fields.
"""
from __future__ import annotations

from whoosh import columns
from whoosh.analysis import (
    BiWordFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import COLUMN, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

#: Bump when the schema or the way documents are cut changes: an index with another
#: version is reported as damaged, and the caller rebuilds it from the store.
SCHEMA_VERSION = 1
#: Small file beside Whoosh's own files recording which version wrote the index.
MARKER_FILE = "peelreview-index.json"

#: Column fields used for facets and date sorting (values are UTF-8 bytes).
FACET_COLUMNS = {"kind": "kind_col", "grade": "grade_col", "force": "force_col",
                 "year": "year_col"}
DATE_COLUMN = "date_col"
REPORT_COLUMN = "report_col"

#: ``words`` holds a report's vocabulary unstemmed, on its report document only. It serves
#: "did you mean" (whole words and how often they occur) and lets wildcards and fuzzy terms
#: reach the words as typed ("vettin~" is one edit from "vetting" but three from its stem
#: "vett"): they are expanded there, stemmed, and searched in ``text``. Whoosh's own
#: spelling=True field was tried: it writes a posting per word occurrence, which cost 40%
#: of indexing time. Numeric fields have no precision tiers (shift_step=0): year ranges
#: span a few dozen values and report ids are only looked up exactly.

#: ``pairs`` indexes each two adjacent stems of the text as one term ("domest abus"), so a
#: quoted phrase is a term lookup instead of Whoosh's position check on every candidate
#: (which is pure Python and took seconds on common phrases over 1,000 reports).

#: Fields searched when the officer types plain words, with their boosts. The report title
#: is not among them: it would match every passage of a report; the report's metadata
#: document carries the title in its text instead, and ``title:`` filters by it.
DEFAULT_FIELDS = {"text": 1.0, "area": 1.6, "section": 1.3}

#: Field names an officer may type before a colon, mapped to schema field names.
USER_FIELDS = {"text": "text", "title": "title", "area": "area", "section": "section",
               "force": "force", "year": "year", "kind": "kind", "grade": "grade",
               "type": "doc_type", "doc_type": "doc_type", "report_kind": "report_kind"}


def _words():
    """Lower-cased words, no stemming and no stop words ("not graded" must stay whole)."""
    return RegexTokenizer() | LowercaseFilter()


def build_schema() -> Schema:
    # An unbounded stem cache: the vocabulary is bounded, and Whoosh's default LFU cache
    # costs more per word than it saves.
    stem = StemmingAnalyzer(cachesize=-1)
    return Schema(
        doc_id=ID(unique=True, stored=True),
        report_id=NUMERIC(int, bits=64, stored=True, signed=False, shift_step=0),
        doc_type=KEYWORD(stored=True, lowercase=True),
        report_kind=KEYWORD(stored=True, lowercase=True),
        force=TEXT(analyzer=_words(), stored=True, phrase=True),
        year=NUMERIC(int, stored=True, shift_step=0),
        kind=KEYWORD(stored=True, lowercase=True),
        grade=TEXT(analyzer=_words(), stored=True, phrase=True),
        area=TEXT(analyzer=stem, stored=True, phrase=True),
        section=TEXT(analyzer=stem, stored=True, phrase=True),
        title=TEXT(analyzer=stem, stored=True, phrase=True),
        text=TEXT(analyzer=stem, stored=True, phrase=True),
        pairs=TEXT(analyzer=stem | BiWordFilter(sep=" "), phrase=False),
        words=TEXT(analyzer=_words() | StopFilter(), phrase=False),
        finding_id=STORED(),
        start=STORED(),
        end=STORED(),
        kind_col=COLUMN(columns.RefBytesColumn()),
        grade_col=COLUMN(columns.RefBytesColumn()),
        force_col=COLUMN(columns.RefBytesColumn()),
        year_col=COLUMN(columns.RefBytesColumn()),
        date_col=COLUMN(columns.RefBytesColumn()),
        report_col=COLUMN(columns.RefBytesColumn()),
    )


def schema_matches(schema: Schema) -> bool:
    """True when an opened index was written with this module's schema."""
    return sorted(schema.names()) == sorted(build_schema().names())
