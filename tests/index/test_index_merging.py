"""Segment merging: small segments are merged by tiers, big ones are left alone (merging
rewrites every document it takes), heavily deleted ones are rewritten. Real Whoosh index."""
from __future__ import annotations

import pytest
from whoosh import index

from peelreview.index import merging
from peelreview.index.bulkwrite import GroupingWriter
from peelreview.index.schema import build_schema, meta_value


@pytest.fixture
def small_tiers(monkeypatch):
    """Tiers of a few documents, so that the test needs no thousands of them."""
    monkeypatch.setattr(merging, "BASE", 2)
    monkeypatch.setattr(merging, "BIG", 16)


def _commit(ix, first: int, n: int, delete: list[str] = ()) -> None:
    w = GroupingWriter(ix, compound=False)
    for i in range(first, first + n):
        w.add_document(doc_id=f"d{i}", report_id=i, doc_type="passage",
                       text=f"passage number {i} about vetting", pairs="x y",
                       meta=meta_value(i, "2020-01-01", "passage", "peel-inspection",
                                       None, None, None, 2020))
    for doc_id in delete:
        w.delete_by_term("doc_id", doc_id)
    w.commit(mergetype=merging.merge_policy)


def _sizes(ix) -> list[int]:
    with ix.reader() as r:
        return sorted(sub.doc_count_all() for sub, _ in r.leaf_readers())


def test_big_segments_are_kept_small_ones_merged(tmp_path, small_tiers):
    ix = index.create_in(str(tmp_path), build_schema(), indexname="MAIN")
    n = 0
    for _ in range(10):  # ten batches of a bulk import, each BIG or more
        _commit(ix, n, 20)
        n += 20
    assert _sizes(ix) == [20] * 10  # none rewritten
    for _ in range(7):  # reports one at a time: seven small segments wait...
        _commit(ix, n, 1)
        n += 1
    assert _sizes(ix) == [1] * 7 + [20] * 10
    _commit(ix, n, 1)  # ...and the eighth commit takes them in
    n += 1
    assert _sizes(ix) == [8] + [20] * 10
    with ix.searcher() as s:
        assert s.doc_count() == n
    _assert_one_fast_postings_file_per_segment(ix, tmp_path)


def _assert_one_fast_postings_file_per_segment(ix, folder) -> None:
    """Each live segment has its .pfp; those of merged-away segments went with them."""
    with ix.reader() as r:
        live = {sub._segment.segment_id() for sub, _ in r.leaf_readers()}
    assert {p.name.removesuffix(".pfp") for p in folder.glob("*.pfp")} == live


def test_a_mostly_deleted_big_segment_is_rewritten(tmp_path, small_tiers):
    ix = index.create_in(str(tmp_path), build_schema(), indexname="MAIN")
    _commit(ix, 0, 20)
    _commit(ix, 100, 20)
    _commit(ix, 200, 1, delete=[f"d{i}" for i in range(10)])  # half of the first segment
    assert _sizes(ix) == [11, 20]  # the first, rewritten without its deletions, went in
    _assert_one_fast_postings_file_per_segment(ix, tmp_path)
