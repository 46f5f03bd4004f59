"""The search index on a real Whoosh index in a temporary folder (no mocks).

Real reports come from ../shared/corpus/seeds; fictional ones, with their ground truth,
from the corpus's make_stress_corpus.py. Tests needing them skip when the corpus is absent.
"""
from __future__ import annotations

import json
import re
import threading
from collections import Counter
from pathlib import Path

import pytest
from conftest import CORPUS, make_stress
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelreview.index import Hit, IndexDamaged, IndexedReport, QueryError, SearchIndex, SearchResult
from peelreview.index.documents import report_documents
from peelreview.model import BlockSpan, Finding, Judgment, Report, Section

HIT_KEYS = {"report_id", "report_title", "force", "year", "kind", "area", "grade", "snippet",
            "start", "end", "score"}


def _corpus(*parts: str) -> Path:
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpus not available at {path} (clone ../shared beside the repo)")
    return path


def _extract(path: Path) -> Report:
    from peelreview.extract import extract_file
    return extract_file(path)[0]


def _indexed(report_id: int, report: Report) -> IndexedReport:
    return IndexedReport(report_id, report,
                         [report_id * 1000 + i for i in range(len(report.findings))])


# ---------------------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def seeds() -> dict[int, Report]:
    """The real seed reports keyed 1..5 (000 -> 1, 001 -> 2, ...)."""
    files = sorted(_corpus("seeds").glob("*.txt"))
    return {int(p.name[:3]) + 1: _extract(p) for p in files}


@pytest.fixture(scope="module")
def generated(tmp_path_factory) -> dict[int, tuple[Report, dict]]:
    """Three fictional inspection reports keyed 101.., each with its ground truth and
    at least one area graded Requires improvement."""
    out = make_stress(tmp_path_factory.mktemp("gen"), 12, "txt")
    chosen = []
    for path in sorted(out.glob("*_peel.txt")):
        truth = json.loads(path.with_suffix(".json").read_text("utf-8"))
        if any(j["grade"] == "Requires improvement" for j in truth["judgments"]):
            chosen.append((_extract(path), truth))
    assert len(chosen) >= 3, "the generator no longer grades areas Requires improvement"
    return {101 + i: pair for i, pair in enumerate(chosen[:3])}


@pytest.fixture(scope="module")
def index(tmp_path_factory, seeds, generated) -> SearchIndex:
    ix = SearchIndex.create(tmp_path_factory.mktemp("ix") / "index")
    ix.add_reports([_indexed(rid, r) for rid, r in seeds.items()]
                   + [_indexed(rid, r) for rid, (r, _) in generated.items()])
    yield ix
    ix.close()


def _synthetic(title="Synthetic inspection", force="Northmoor Police", year=2022) -> Report:
    """A small invented report: two graded areas, a finding, passages, tricky characters."""
    parts = ["Investigating crime\n",  # 0: area heading
             "Requires improvement\n",  # judgment
             "Detectives <often> close cases & move on before victims are told.\n",
             "Area for improvement\n",
             "The force should tell victims when their case is closed.\n",  # finding
             "Responding to the public\n",
             "Good\n",
             "Call handlers answer emergency calls quickly and politely.\n",
             "Too short.\n"]
    text = "".join(parts)
    offs, pos = [], 0
    for p in parts:
        offs.append((pos, pos + len(p) - 1))
        pos += len(p)
    blocks = [BlockSpan("paragraph", 0, s, e) for s, e in offs]
    area1_end = offs[4][1] + 1
    return Report(
        kind="peel-inspection", title=title, force=force, published=f"{year}-03-01",
        report_published=None, text=text, year=year,
        sections=[Section("Investigating crime", 1, 0, area1_end),
                  Section("Responding to the public", 1, area1_end, len(text))],
        judgments=[Judgment("Investigating crime", "Requires improvement", *offs[1]),
                   Judgment("Responding to the public", "Good", *offs[6])],
        findings=[Finding("area_for_improvement", "Investigating crime",
                          text[offs[4][0]:offs[4][1]], *offs[4])],
        blocks=blocks)


@pytest.fixture()
def small(tmp_path) -> SearchIndex:
    ix = SearchIndex.create(tmp_path / "index")
    yield ix
    ix.close()


def _all(ix: SearchIndex, q: str) -> SearchResult:
    result = ix.search(q, limit=1000)
    assert result.total == len(result.hits), f"{q!r} matched more than one page"
    return result


def _places(result: SearchResult) -> set[tuple[int, int, int]]:
    return {(h.report_id, h.start, h.end) for h in result.hits}


# ---------------------------------------------------------------------------- documents


def test_documents_cover_findings_and_passages_once():
    docs = list(report_documents(_indexed(7, _synthetic())))
    types = Counter(d["doc_type"] for d in docs)
    assert types == {"finding": 1, "passage": 4, "report": 1}
    finding = next(d for d in docs if d["doc_type"] == "finding")
    assert (finding["kind"], finding["grade"], finding["finding_id"]) == (
        "area_for_improvement", "Requires improvement", 7000)
    passages = {d["text"].split()[0]: d for d in docs if d["doc_type"] == "passage"}
    assert "The" not in passages  # the finding's own block is covered by the finding
    assert "Too" not in passages  # under three words
    assert passages["Detectives"]["grade"] == "Requires improvement"
    assert passages["Call"]["area"] == "Responding to the public"
    assert passages["Call"]["grade"] == "Good"


def test_snippet_marks_words_and_escapes_html(small):
    small.add_reports([_indexed(7, _synthetic())])
    hit = small.search("detectives close").hits[0]
    assert "<b>Detectives</b>" in hit.snippet and "<b>close</b>" in hit.snippet
    assert "&lt;often&gt;" in hit.snippet and "&amp;" in hit.snippet
    assert "<often>" not in hit.snippet
    assert hit.force == "Northmoor Police" and hit.year == 2022


# ---------------------------------------------------------------------------- finding hits


def test_vetting_recommendation_of_2018_report_is_top_hit(index, seeds):
    result = index.search("kind:recommendation vetting")
    top = result.hits[0]
    assert top.report_id in (1, 2)  # seeds 000 and 001: the 2018 legitimacy reports
    report = seeds[top.report_id]
    assert report.year == 2019 and "2018" in report.title
    assert (top.doc_type, top.kind) == ("finding", "recommendation")
    finding = next(f for f in report.findings if (f.start, f.end) == (top.start, top.end))
    assert report.text[top.start:top.end] == finding.text
    assert "vetting" in finding.text.lower() and "<b>vetting</b>" in top.snippet
    assert top.area == finding.area
    assert top.grade == next(j.grade for j in report.judgments if j.area == finding.area)
    assert top.finding_id == top.report_id * 1000 + report.findings.index(finding)
    assert all(h.kind == "recommendation" for h in result.hits)


def test_grade_filter_reaches_every_area_so_graded(index, generated):
    for rid, (report, truth) in generated.items():
        wanted = {j["area"].casefold() for j in truth["judgments"]
                  if j["grade"] == "Requires improvement"}
        result = _all(index, f'force:"{report.force}" grade:"requires improvement"')
        mine = [h for h in result.hits if h.report_id == rid]
        assert wanted and mine
        assert all(h.grade == "Requires improvement" for h in result.hits)
        assert {h.area.casefold() for h in mine} == wanted, report.force


# ---------------------------------------------------------------------------- query language


def test_phrase_matches_adjacent_words_only(index, seeds, generated):
    phrase = _all(index, 'text:"domestic abuse"')
    assert phrase.total > 0
    texts = {**{rid: r.text for rid, r in seeds.items()},
             **{rid: r.text for rid, (r, _) in generated.items()}}
    for h in phrase.hits:
        assert re.search(r"domestic\W+abus", texts[h.report_id][h.start:h.end], re.I)
    reversed_ = _all(index, 'text:"abuse domestic"')
    both = _all(index, "text:domestic text:abuse")
    assert reversed_.total < phrase.total <= both.total


def test_boolean_operators_and_lower_case_words(index):
    a, b = _places(_all(index, "vetting")), _places(_all(index, "backlog"))
    assert a - b and a & b
    assert _places(_all(index, "vetting AND backlog")) == a & b
    assert _places(_all(index, "vetting OR backlog")) == a | b
    assert _places(_all(index, "vetting NOT backlog")) == a - b
    # lower-case and/or/not are words (and common ones), never operators
    assert _places(_all(index, "vetting or backlog")) == a & b
    assert _places(_all(index, "vetting not backlog")) == a & b


def test_wildcard_and_fuzzy_reach_unstemmed_words(index):
    exact = _places(_all(index, "vetting"))
    assert exact <= _places(_all(index, "vett*"))
    assert exact <= _places(_all(index, "vettin~"))
    assert exact <= _places(_all(index, "vetin~2"))
    assert any("<b>vetting</b>" in h.snippet.lower() for h in _all(index, "vettin~").hits)


def test_year_ranges_and_force_filters(index, seeds):
    ranged = _all(index, "vetting year:[2018 TO 2021]")
    assert ranged.total and all(2018 <= h.year <= 2021 for h in ranged.hits)
    assert _places(_all(index, "vetting year:[2018 to 2021]")) == _places(ranged)
    assert all(h.year == 2019 for h in _all(index, "vetting year:2019").hits)
    assert all(h.year > 2020 for h in _all(index, "vetting year:>2020").hits)
    wm = index.search('force:"west midlands"', limit=50)
    assert wm.total and all(h.force == "West Midlands Police" for h in wm.hits)
    assert index.search("force:MIDLANDS").total == wm.total
    other = next(r for r in seeds.values() if r.force)  # any force word, any case
    word = other.force.split()[0].upper()
    assert index.search(f"Force:{word}").total > 0


def test_type_and_report_kind_filters(index, seeds):
    findings = _all(index, "type:finding vetting")
    assert findings.total and all(h.doc_type == "finding" for h in findings.hits)
    pcc = [rid for rid, r in seeds.items() if r.kind == "pcc-response"]
    responses = _all(index, "report_kind:pcc-response vetting")
    assert responses.total and {h.report_id for h in responses.hits} <= set(pcc)
    reports = index.search("type:report", limit=50)
    assert reports.total == len(index.report_ids())


@pytest.mark.parametrize("q", [
    "vetting", "vetting AND backlog", "vetting OR backlog", "vetting NOT backlog", "NOT vetting",
    "kind:recommendation vetting", 'force:"west midlands" vetting', "grade:good",
    "year:[2018 TO 2021] vetting", "year:>2020", "vett*", "vettin~", "type:finding",
    'report_kind:pcc-response', '"domestic abuse"', '"child sexual abuse"',
    "(vetting OR backlog) AND NOT kind:recommendation", "title:legitimacy vetting"])
def test_own_evaluation_matches_and_scores_as_whoosh_does(index, q):
    """The index finds and scores matches itself (evaluate.py) for speed; Whoosh's own
    search over the same rewritten query is the reference."""
    from peelreview.index import collect
    from peelreview.index.query import parse_query
    from peelreview.index.rewrite import fast_phrases, widen

    searcher = index._searcher()
    typed, _ = parse_query(index._parser, q)
    rewritten = widen(fast_phrases(typed), searcher.reader(), searcher.schema["text"].analyzer,
                      q)
    ours = {leaf.offset + d: s for leaf in collect.find_leaves(searcher, rewritten, index._cache)
            for d, s in leaf.items()}
    theirs = {hit.docnum: hit.score for hit in searcher.search(rewritten, limit=None)}
    assert ours.keys() == theirs.keys()
    if not any(op in q for op in (":", "*", "~", "NOT")):  # plain words: same BM25F
        assert all(abs(ours[d] - theirs[d]) < 1e-6 * max(1.0, theirs[d]) for d in theirs)


def test_facets_count_every_match(index):
    result = _all(index, "vetting")
    hits = result.hits
    assert result.facets["kind"] == dict(Counter(h.kind for h in hits if h.kind))
    assert result.facets["grade"] == dict(Counter(h.grade for h in hits if h.grade))
    assert result.facets["force"] == dict(Counter(h.force for h in hits if h.force))
    assert result.facets["year"] == dict(Counter(str(h.year) for h in hits if h.year))
    page = index.search("vetting", limit=3)  # facets cover all matches, not the page
    assert page.facets == result.facets and page.total == result.total > 3


def test_did_you_mean(index):
    assert index.search("vettting").suggestion == "vetting"
    assert index.search("domestc abuse").suggestion == "domestic abuse"
    assert index.search("Vettting year:2019").suggestion == "Vetting year:2019"
    assert index.search("vetting").suggestion is None


def test_sort_by_date_newest_first(index, seeds, generated):
    dates = {rid: r.published or f"{r.year}" for rid, r in seeds.items()}
    dates.update({rid: r.published or f"{r.year}" for rid, (r, _) in generated.items()})
    result = index.search("force", limit=60, sort="date")
    keys = [dates[h.report_id] for h in result.hits]
    assert keys == sorted(keys, reverse=True)
    assert result.total == index.search("force").total
    assert index.search("force", sort="date", offset=10, limit=5).hits == result.hits[10:15]


def test_grouped_by_report_in_rank_order(index):
    result = index.search("vetting", limit=40)
    groups = result.grouped()
    assert [h for _, hs in groups for h in hs] == sorted(
        result.hits, key=lambda h: [rid for rid, _ in groups].index(h.report_id))
    firsts = [next(i for i, h in enumerate(result.hits) if h.report_id == rid)
              for rid, _ in groups]
    assert firsts == sorted(firsts)
    assert all(h.report_id == rid for rid, hs in groups for h in hs)


def test_to_json_contract(index):
    data = index.search("domestc abuse", limit=5).to_json()
    assert set(data) == {"query", "total", "hits", "facets", "suggestion"}
    assert data["suggestion"] == "domestic abuse"
    data = index.search("vetting", limit=5).to_json()
    assert set(data["facets"]) == {"kind", "grade", "force", "year"}
    assert data["hits"] and all(set(h) >= HIT_KEYS for h in data["hits"])
    assert all(isinstance(k, str) and isinstance(v, int)
               for facet in data["facets"].values() for k, v in facet.items())
    assert json.loads(json.dumps(data)) == data


@pytest.mark.parametrize("q, words", [
    ("", "Type"), ("   ", "Type"), ('"vetting backlog', "quotation"),
    ("(vetting", "never closes"), ("vetting)", "closing"), ("year:[2018 TO", "never closes"),
    ("colour:red", "force"), ("year:abc", "year:2021"), ("year:[abc TO 2020]", "year:"),
    ("the and", "nothing left"), ("vetting", None)])
def test_malformed_queries_raise_readable_error(index, q, words):
    if words is None:
        assert isinstance(index.search(q), SearchResult)
        return
    with pytest.raises(QueryError) as err:
        index.search(q)
    message = str(err.value)
    assert words in message and message.endswith(".") and "\n" not in message


def test_bad_sort_or_page_is_a_query_error(index):
    for kwargs in ({"sort": "title"}, {"limit": 0}, {"offset": -1}):
        with pytest.raises(QueryError):
            index.search("vetting", **kwargs)


@given(st.text(alphabet=st.sampled_from(list('abvetingAORNDT"()[]{}:*?~^-+ 2018yearforcekd/\\'))
               | st.characters(), max_size=40))
@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_random_queries_give_a_result_or_a_query_error(index, q):
    try:
        result = index.search(q, limit=5)
    except QueryError as e:
        assert str(e)
    else:
        assert isinstance(result, SearchResult)
        assert all(isinstance(h, Hit) for h in result.hits)


# ---------------------------------------------------------------------------- updates


def test_readding_replaces_and_delete_removes(small):
    report = _synthetic()
    small.add_reports([_indexed(7, report)])
    count, total = small.doc_count(), small.search("victims").total
    small.add_reports([_indexed(7, report), _indexed(7, report)])
    assert (small.doc_count(), small.search("victims").total) == (count, total)
    small.add_reports([_indexed(8, _synthetic(title="Other", force="Carrowby Police"))])
    assert small.report_ids() == {7, 8}
    small.delete_report(7)
    assert small.report_ids() == {8}
    assert {h.report_id for h in small.search("victims").hits} == {8}
    assert small.doc_count() == count


def test_reopen_sees_committed_reports(small):
    small.add_reports([_indexed(3, _synthetic())])
    again = SearchIndex.open(small.folder)
    assert again.report_ids() == {3}
    again.close()


def test_search_from_another_thread_while_writing(small):
    small.add_reports([_indexed(1, _synthetic())])
    errors: list[BaseException] = []
    totals: list[int] = []
    done = threading.Event()

    def writer(first: int):
        try:
            for rid in range(first, first + 4):
                small.add_reports([_indexed(rid, _synthetic(title=f"Report {rid}"))])
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    def reader():
        try:
            while not done.is_set():
                totals.append(small.search("victims").total)
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=writer, args=(n,)) for n in (10, 20)]
    searcher = threading.Thread(target=reader)
    searcher.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    done.set()
    searcher.join()
    assert not errors, errors
    assert totals and totals == sorted(totals)  # never a half-written index
    assert small.report_ids() == {1, *range(10, 14), *range(20, 24)}
    assert small.search("victims").total == 9 * 2


# ---------------------------------------------------------------------------- damage


def test_open_refuses_what_is_not_an_index(tmp_path):
    with pytest.raises(IndexDamaged):
        SearchIndex.open(tmp_path / "absent")
    (tmp_path / "notes.txt").write_text("not an index", encoding="utf-8")
    with pytest.raises(IndexDamaged):
        SearchIndex.open(tmp_path)


def test_open_refuses_an_index_missing_its_segments(tmp_path):
    ix = SearchIndex.create(tmp_path / "ix")
    ix.add_reports([_indexed(1, _synthetic())])
    ix.close()
    for part in (tmp_path / "ix").glob("MAIN_*.*"):  # the segment's files
        part.unlink()
    with pytest.raises(IndexDamaged):
        SearchIndex.open(tmp_path / "ix")
    again = SearchIndex.create(tmp_path / "ix")  # the cure: rebuild
    assert again.report_ids() == set()


def test_a_truncated_segment_is_damage_not_a_crash(tmp_path):
    ix = SearchIndex.create(tmp_path / "ix")
    ix.add_reports([_indexed(1, _synthetic()), _indexed(2, _synthetic("Second"))])
    ix.close()
    postings = next((tmp_path / "ix").glob("MAIN_*.pst"))
    postings.write_bytes(postings.read_bytes()[:16])
    # A wildcard on the force is read from Whoosh's own postings (the searched fields have
    # fast copies, fastpostings.py; a term in one document only is kept inline in the
    # term file, hence two reports).
    with pytest.raises(IndexDamaged):
        SearchIndex.open(tmp_path / "ix").search("force:northm*")


@pytest.mark.parametrize("damage", ["truncate", "garble", "remove"])
def test_damaged_fast_postings_fall_back_to_whooshs_own(tmp_path, damage):
    """The fast postings file is derived data: when it is missing or does not fit its
    segment, searches read Whoosh's postings and find the same matches and scores."""
    ix = SearchIndex.create(tmp_path / "ix")
    ix.add_reports([_indexed(1, _synthetic()), _indexed(2, _synthetic("Second", year=2019))])
    queries = ["victims", "victims OR calls", "investigating", "vict*", "NOT victims",
               "kind:area_for_improvement victims", "calls year:[2018 TO 2020]"]
    before = [ix.search(q).to_json() for q in queries]
    ix.close()
    fast = next((tmp_path / "ix").glob("MAIN_*.pfp"))
    data = fast.read_bytes()
    if damage == "truncate":
        fast.write_bytes(data[: len(data) // 2])
    elif damage == "garble":
        fast.write_bytes(data[:8] + b"\xff" * (len(data) - 8))
    else:
        fast.unlink()
    again = SearchIndex.open(tmp_path / "ix")
    segment = next(iter(again._searcher().reader().leaf_readers()))[0]
    assert again._cache.for_reader(segment).fast is None
    assert [again.search(q).to_json() for q in queries] == before


def test_empty_index_finds_nothing(small):
    result = small.search("victims")
    assert (result.total, result.hits, small.report_ids()) == (0, [], set())
    assert result.to_json()["facets"] == {"kind": {}, "grade": {}, "force": {}, "year": {}}


def test_lone_surrogate_is_a_query_error_not_damage(tmp_path):
    """Found by hypothesis: a lone surrogate reached Whoosh's encoder and was reported as a
    damaged index."""
    from peelreview.index import QueryError, SearchIndex

    ix = SearchIndex.create(tmp_path / "ix")
    try:
        with pytest.raises(QueryError):
            ix.search("\ud800")
    finally:
        ix.close()
