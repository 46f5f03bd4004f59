"""The fast indexing paths give exactly the terms Whoosh's own analysis gives."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import CORPUS
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


@pytest.mark.parametrize("merge", [False, True])
def test_fast_postings_hold_every_posting_whoosh_holds(tmp_path, merge):
    """Each segment's .pfp gives, for every term of the fast fields, exactly the document
    numbers and weights of Whoosh's own postings (new segments and merged ones; the
    merge also drops a deleted document)."""
    from whoosh import index

    from peelreview.index.bulkwrite import GroupingWriter
    from peelreview.index.fastpostings import FAST_FIELDS, open_for

    _segment_files(GroupingWriter, tmp_path / "ix", _docs(), merge)
    ix = index.open_dir(str(tmp_path / "ix"), indexname="MAIN")
    checked = 0
    with ix.reader() as reader:
        for leaf, _ in reader.leaf_readers():
            fast = open_for(tmp_path / "ix", leaf._segment.segment_id(), leaf.doc_count_all())
            assert fast is not None
            for fieldname in FAST_FIELDS:
                terms = list(leaf.lexicon(fieldname))
                assert fast.terms(fieldname) == terms
                for btext in terms:
                    m = leaf.postings(fieldname, btext)
                    ids, weights = [], []
                    while m.is_active():
                        ids.append(m.id())
                        weights.append(m.weight())
                        m.next()
                    # The file keeps deleted documents (as Whoosh's postings do; the
                    # evaluator leaves them out at the end); Whoosh's matcher skips them.
                    got = [(d, w) for d, w in zip(*(a.tolist() for a in
                                                    fast.postings(fieldname, btext)),
                                                  strict=True) if not leaf.is_deleted(d)]
                    assert [d for d, _ in got] == ids, (fieldname, btext)
                    assert [w for _, w in got] == pytest.approx(weights), (fieldname, btext)
                    checked += len(ids)
            assert fast.postings("text", b"no-such-term")[0].size == 0
    assert checked > 10_000


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(
    st.binary(min_size=1, max_size=8).filter(lambda b: b"\x00" not in b),
    st.lists(st.tuples(st.integers(0, 200_000), st.one_of(
        st.integers(1, 70_000).map(float), st.floats(0.5, 1e6, width=32))),
        min_size=1, max_size=40, unique_by=lambda p: p[0]),
    max_size=12))
def test_fast_postings_file_round_trip(tmp_path_factory, postings):
    """Whatever the gaps between documents (1-, 2- or 4-byte deltas) and the weights
    (small whole numbers or fractions), the file gives back what was written."""
    from peelreview.index.fastpostings import FastPostings, FastPostingsWriter

    writer = FastPostingsWriter(doccount=200_001)
    for btext in sorted(postings):
        pairs = sorted(postings[btext])
        writer.add("text", btext, [d for d, _ in pairs], [w for _, w in pairs])
    path = tmp_path_factory.mktemp("pfp") / "x.pfp"
    path.write_bytes(writer.to_bytes())
    fast = FastPostings(path, 200_001)
    for btext, pairs in postings.items():
        pairs = sorted(pairs)
        ids, weights = fast.postings("text", btext)
        assert ids.tolist() == [d for d, _ in pairs]
        assert weights.tolist() == pytest.approx([w for _, w in pairs], rel=1e-6)
    with pytest.raises(ValueError):
        FastPostings(path, 5)  # written for another segment
