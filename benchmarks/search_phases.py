"""Where one search's time goes, phase by phase, on an existing workspace.

    .venv/bin/python benchmarks/search_phases.py WORKSPACE QUERY [QUERY ...]

For each query, the median over --runs runs (ms) of: parsing and widening (wildcards,
fuzzy terms), evaluation (matching and scoring in every segment), facet counts, ranking,
the page of 20 hits with snippets, and "did you mean". The first run also pays one-off
costs (a segment's term directory read on first use); the median leaves them out.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PHASES = ("parse", "evaluate", "facets", "rank", "hits", "suggest")


def phases(index, qstring: str) -> tuple[dict[str, float], int]:
    from peelreview.index import collect
    from peelreview.index.query import parse_query
    from peelreview.index.rewrite import fast_phrases, widen
    from peelreview.index.searcher import _hit
    from peelreview.index.snippets import mark_terms
    from peelreview.index.suggest import suggest

    searcher, cache = index._searcher(), index._cache
    reader = searcher.reader()
    analyzer = searcher.schema["text"].analyzer
    vocabulary = cache.vocabularies(reader)
    marks = [time.perf_counter()]
    typed, _ = parse_query(index._parser, qstring)
    q = widen(fast_phrases(typed), reader, analyzer, qstring, vocabulary=vocabulary)
    marks.append(time.perf_counter())
    leaves = collect.find_leaves(searcher, q, cache)
    marks.append(time.perf_counter())
    collect.facet_counts(leaves)
    marks.append(time.perf_counter())
    ranked = collect.ranked(leaves, 20, "relevance")
    marks.append(time.perf_counter())
    terms = mark_terms(q, reader, analyzer)
    for score, docnum in ranked:
        _hit(searcher, docnum, score, terms, analyzer)
    marks.append(time.perf_counter())
    suggest(reader, typed, qstring, vocabulary)
    marks.append(time.perf_counter())
    took = {name: (b - a) * 1000 for name, a, b in zip(PHASES, marks[:-1], marks[1:], strict=True)}
    return took, sum(len(leaf.ids) for leaf in leaves)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workspace", type=Path)
    ap.add_argument("queries", nargs="+")
    ap.add_argument("--runs", type=int, default=7)
    args = ap.parse_args()
    from peelreview.workspace import Workspace

    with Workspace(args.workspace) as ws:
        ws.search("inspection")  # opens the index and its searcher
        print(f"{'query':40} {'matches':>8} " + " ".join(f"{p:>9}" for p in PHASES) + "   (ms)")
        for qstring in args.queries:
            runs = [phases(ws.index, qstring) for _ in range(args.runs)]
            medians = {p: statistics.median(r[0][p] for r in runs) for p in PHASES}
            print(f"{qstring!r:40} {runs[0][1]:8d} "
                  + " ".join(f"{medians[p]:9.1f}" for p in PHASES))
    return 0


if __name__ == "__main__":
    sys.exit(main())
