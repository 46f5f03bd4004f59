"""The fast indexing paths give exactly the terms Whoosh's own analysis gives."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from whoosh import formats
from whoosh.analysis import (
    BiWordFilter,
    LowercaseFilter,
    RegexTokenizer,
    StemmingAnalyzer,
    StopFilter,
)
from whoosh.fields import TEXT, FieldType

from peelreview.index.schema import build_schema

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus"

_stem = StemmingAnalyzer(cachesize=-1)
#: Whoosh's own field of the same shape, for each of our fast ones.
REFERENCE = {
    "text": TEXT(analyzer=_stem, phrase=False),
    "area": TEXT(analyzer=_stem, phrase=False),
    "pairs": TEXT(analyzer=_stem | BiWordFilter(sep=" "), phrase=False),
    "words": FieldType(formats.Frequency(), RegexTokenizer() | LowercaseFilter() | StopFilter(),
                       scorable=False),
}


def _same(fieldname: str, value: str) -> None:
    if fieldname == "pairs" and len(list(_stem(value))) < 2:
        # Whoosh's BiWordFilter fails on a value without words, and on one word yields
        # whatever the tokenizer saw last (its shared Token, even a stop word); phrases
        # only ever look up two-word pairs, so the lone stem is indexed instead.
        return
    ours = sorted(build_schema()[fieldname].index(value))
    theirs = sorted(REFERENCE[fieldname].index(value))
    assert ours == theirs, (fieldname, value[:80])


WORDS = st.sampled_from(["the", "vetting", "Vetting", "domestic", "abuse", "a", "of", "it's",
                         "3.5", "co-operation", "police", "FORCE's", "réseau", "İstanbul",
                         "ﬁxed", "e.g.", "*", "x", "2021/22", "…", "\u00a0"])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(WORDS, st.text(max_size=12)), max_size=30).map(" ".join))
def test_same_terms_as_whoosh(value):
    for fieldname in REFERENCE:
        _same(fieldname, value)


def test_same_terms_on_real_reports():
    seeds = CORPUS / "seeds"
    if not seeds.exists():
        pytest.skip(f"real corpus not available at {seeds}")
    for path in sorted(seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        for fieldname in REFERENCE:
            _same(fieldname, text)
            for para in text.split("\n\n")[:200]:
                _same(fieldname, para)


def test_text_and_pairs_of_one_string_share_one_analysis():
    from peelreview.index import fastfields

    schema = build_schema()
    value = "Domestic abuse risk assessments were late"
    assert sorted(t for t, *_ in schema["pairs"].index(value)) == [
        b"abus risk", b"assess were", b"domest abus", b"risk assess", b"were late"]
    first = fastfields.stems(value)
    schema["area"].index("Investigating crime")   # another field's value in between
    assert fastfields.stems(value) is first        # the text is not analysed again
    assert fastfields.stems("".join(value)) is not first


def _docs():
    from peelreview.demo import demo_files
    from peelreview.extract import extract_file
    from peelreview.index.documents import IndexedReport, report_documents

    docs = []
    for rid, path in enumerate(demo_files(), 1):
        docs += report_documents(IndexedReport(rid, extract_file(path)[0], []))
    return docs


def _segment_files(writer_class, folder: Path, docs, merge: bool) -> dict[str, bytes]:
    """Postings and term files written by writer_class for docs (in two commits, the second
    merging the first segment in when merge is true)."""
    from whoosh import index
    from whoosh.writing import NO_MERGE, OPTIMIZE

    folder.mkdir()
    ix = index.create_in(str(folder), build_schema(), indexname="MAIN")
    half = len(docs) // 2
    for part, policy in ((docs[:half], NO_MERGE), (docs[half:], OPTIMIZE if merge else NO_MERGE)):
        w = writer_class(ix, compound=False)
        for d in part:
            w.add_document(**d)
        w.delete_by_term("doc_id", docs[0]["doc_id"])
        w.commit(mergetype=policy)
    out = {}
    for path in sorted(folder.iterdir()):
        if path.suffix in (".pst", ".trm"):
            out.setdefault(path.suffix, []).append(path.read_bytes())
    return {k: b"".join(sorted(v)) for k, v in out.items()}


@pytest.mark.parametrize("merge", [False, True])
def test_grouping_writer_writes_what_whoosh_writes(tmp_path, merge):
    """Byte for byte the same postings and terms as Whoosh's own SegmentWriter, for new
    documents and for segments merged in."""
    from whoosh.writing import SegmentWriter

    from peelreview.index.bulkwrite import GroupingWriter

    docs = _docs()
    assert len(docs) > 100
    ours = _segment_files(GroupingWriter, tmp_path / "ours", docs, merge)
    theirs = _segment_files(SegmentWriter, tmp_path / "theirs", docs, merge)
    assert set(ours) == {".pst", ".trm"}
    assert ours == theirs
