"""Import and search at scale, beside bare Whoosh doing the same indexing and searching.

    .venv/bin/python benchmarks/search.py --count 200
    .venv/bin/python benchmarks/search.py --count 1000

Generates COUNT fictional reports (../shared/corpus/tools/make_stress_corpus.py, txt), then
prints: import throughput (reports/s, MB/s) of `Workspace.import_paths` (read, extract,
SQLite, index) beside a bare Whoosh `add_document` loop over the same documents (one text
field, stemming, one commit) with their ratio; index size on disk; query latency p50/p95 over
30 fixed queries with highlights beside bare Whoosh searches of the same words; and the peak
memory of a separate process that opens the workspace and runs the queries.
"""
from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOOL = ROOT.parent / "shared" / "corpus" / "tools" / "make_stress_corpus.py"
sys.path.insert(0, str(ROOT))

QUERIES = [
    "vetting", "domestic abuse", '"domestic abuse risk assessments"', "kind:recommendation",
    'grade:"requires improvement"', "kind:cause_of_concern", "call handling", "supervis*",
    "vettin~", "safeguarding referrals", "missing children AND supervisors",
    "digital forensics OR body-worn", "wellbeing NOT workforce", "force:northmoor",
    "year:[2018 TO 2021]", "kind:area_for_improvement victims", "grade:inadequate",
    "area:investigating", "crime recording", "neighbourhood policing",
    "kind:innovative_practice", "stop and search scrutiny", "the counter-corruption unit",
    "sex offender management", "demand analysis", "integrated offender management",
    "estates planning", "fleet replacement", "professional development reviews",
    "anti-social behaviour hotspots",
]
FILTER = re.compile(r"\b\w+:(\"[^\"]*\"|\[[^\]]*\]|\S+)")


def corpus(count: int, cache: Path) -> Path:
    folder = cache / f"stress-{count}"
    if not (folder / "manifest.json").exists():
        shutil.rmtree(folder, ignore_errors=True)
        subprocess.run([sys.executable, str(TOOL), "--count", str(count), "--formats", "txt",
                        "--out", str(folder)], check=True, capture_output=True)
    return folder


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bare_index(folder: Path, docs: list[dict]) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of a plain Whoosh add_document loop over the same texts:
    one stored text field with Whoosh's StemmingAnalyzer, one writer, one commit."""
    from whoosh import index
    from whoosh.analysis import StemmingAnalyzer
    from whoosh.fields import ID, TEXT, Schema

    schema = Schema(doc_id=ID(stored=True, unique=True),
                    text=TEXT(analyzer=StemmingAnalyzer(), stored=True))
    folder.mkdir(parents=True)
    ix = index.create_in(str(folder), schema)
    t0, c0 = time.perf_counter(), time.process_time()
    w = ix.writer(limitmb=256)
    for d in docs:
        w.add_document(doc_id=d["doc_id"], text=d["text"])
    w.commit()
    return time.perf_counter() - t0, time.process_time() - c0


def bare_queries(folder: Path, repeat: int) -> list[float]:
    from whoosh import index
    from whoosh.qparser import QueryParser

    ix = index.open_dir(str(folder))
    times = []
    with ix.searcher() as s:
        parser = QueryParser("text", ix.schema)
        for _ in range(repeat):
            for q in QUERIES:
                words = FILTER.sub(" ", q).strip() or "force"
                t0 = time.perf_counter()
                hits = s.search(parser.parse(words), limit=20)
                for h in hits:
                    h.highlights("text")
                times.append(time.perf_counter() - t0)
    return times


def search_process(ws: Path, repeat: int) -> dict:
    """Run in a child process so its peak memory is the search process's own."""
    code = f"""
import json, resource, time, sys
sys.path.insert(0, {str(ROOT)!r})
t0 = time.perf_counter()
from peelreview.workspace import Workspace
queries = {QUERIES!r}
times = []
with Workspace({str(ws)!r}) as w:
    opened = time.perf_counter() - t0
    t0 = time.perf_counter(); w.search("inspection", limit=20); first = time.perf_counter() - t0
    for _ in range({repeat}):
        for q in queries:
            w.index.forget_recent()  # every query is found and scored afresh
            t0 = time.perf_counter(); w.search(q, limit=20); times.append(time.perf_counter() - t0)
# VmHWM, not getrusage's ru_maxrss: Linux carries the parent's peak over a fork into the
# child's ru_maxrss (it showed this process at the size of the importing one, 530 MB).
hwm = next(int(line.split()[1]) * 1024 for line in open("/proc/self/status")
           if line.startswith("VmHWM:"))
print(json.dumps({{"times": times, "opened": opened, "first": first, "maxrss": hwm}}))
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--repeat", type=int, default=5, help="rounds of the 30 queries")
    ap.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "peelreview-bench")
    ap.add_argument("--keep", action="store_true",
                    help="keep the workspace and the bare index (prints where)")
    args = ap.parse_args()
    from peelreview.index.documents import IndexedReport, report_documents
    from peelreview.workspace import Workspace

    src = corpus(args.count, args.cache)
    files = sorted(src.glob("*.txt"))
    mb = sum(f.stat().st_size for f in files) / 1e6
    work = Path(tempfile.mkdtemp(prefix="peelreview-bench-"))
    try:
        t0, c0 = time.perf_counter(), time.process_time()
        with Workspace(work / "ws") as ws:
            summary = ws.import_paths(files)
            ours, ours_cpu = time.perf_counter() - t0, time.process_time() - c0
            assert not summary.failed, summary.failed[:3]
            docs = []
            for rid in ws.store.report_ids():
                stored = ws.get_report(rid)
                docs += list(report_documents(IndexedReport(rid, stored.report,
                                                            stored.finding_ids)))
        bare, bare_cpu = bare_index(work / "bare", docs)
        size = sum(f.stat().st_size for f in (work / "ws" / "index").rglob("*") if f.is_file())
        bare_size = sum(f.stat().st_size for f in (work / "bare").rglob("*") if f.is_file())
        searched = search_process(work / "ws", args.repeat)
        bare_times = bare_queries(work / "bare", args.repeat)
        ms = [t * 1000 for t in searched["times"]]
        bms = [t * 1000 for t in bare_times]
        print(f"reports: {len(files)}  ({mb:.1f} MB of text, {len(docs):,} index documents)")
        print(f"import (read+extract+SQLite+index): {ours:7.1f} s  "
              f"{len(files) / ours:6.1f} reports/s  {mb / ours:5.2f} MB/s  "
              f"(CPU {ours_cpu:.1f} s)")
        print(f"bare Whoosh add_document loop     : {bare:7.1f} s  "
              f"{len(files) / bare:6.1f} reports/s  {mb / bare:5.2f} MB/s  "
              f"(CPU {bare_cpu:.1f} s)")
        print(f"ratio ours / bare                 : {ours / bare:7.2f}x wall, "
              f"{ours_cpu / bare_cpu:.2f}x CPU (target <= 1.5x)")
        print(f"index size on disk                : {size / 1e6:7.1f} MB "
              f"(bare: {bare_size / 1e6:.1f} MB)")
        print(f"opening the workspace (imports included): {searched['opened'] * 1000:6.1f} ms; "
              f"first query after opening: {searched['first'] * 1000:6.1f} ms")
        print(f"query latency, 30 queries x {args.repeat} with highlights "
              "(ours with its recent-query cache emptied before each):")
        print(f"  ours : p50 {statistics.median(ms):6.1f} ms   p95 {pct(ms, 95):6.1f} ms   "
              f"max {max(ms):6.1f} ms")
        print(f"  bare : p50 {statistics.median(bms):6.1f} ms   p95 {pct(bms, 95):6.1f} ms   "
              f"max {max(bms):6.1f} ms")
        print(f"peak memory of the search process : {searched['maxrss'] / 1e6:7.1f} MB "
              "(target < 500 MB)")
        print(f"peak memory of this (import) process: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e3:.1f} MB")
    finally:
        if args.keep:
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
