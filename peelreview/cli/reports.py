"""CLI commands for the reports themselves: `extract`, `import`, `list`, `reindex`, `search`."""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from ..errors import ImportFailed
from ..paths import readable
from .common import fail, open_workspace, out

SCHEMA = "peelreview.extract/2"


def extract_json(path: Path, report, fmt: str, sha256: str) -> dict:
    """The `extract --json` contract plus `blocks`.

    peelreview.extract/2 keeps every field of /1 with its meaning and adds `cycle`, and to
    each judgment and finding `confidence` ("certain" | "likely") and `basis` (the rule that
    found it); findings also `due` (ISO date or null) and `addressee` (or null).
    """
    d = report.to_dict()
    return {
        "schema": SCHEMA,
        "source": {"path": os.fspath(path), "format": fmt, "sha256": sha256},
        "kind": d["kind"], "title": d["title"], "force": d["force"],
        "published": d["published"], "report_published": d["report_published"],
        "year": d["year"], "cycle": d["cycle"],
        "text": d["text"],
        "sections": d["sections"], "judgments": d["judgments"], "findings": d["findings"],
        "blocks": d["blocks"],
    }


def summary(path: Path, report, fmt: str) -> str:
    """A readable account of what was found, for an officer at a terminal."""
    lines = [f"{os.fspath(path)} ({fmt})",
             f"  {report.title}",
             f"  kind: {report.kind}   force: {report.force or 'not stated'}",
             f"  published: {report.published or 'no day stated'}"]
    if report.report_published:
        lines.append(f"  answers the report published: {report.report_published}")
    lines.append(f"  {len(report.sections)} sections, {len(report.text):,} characters")
    if report.judgments:
        lines.append("  Judgments:")
        width = min(60, max(len(j.area) for j in report.judgments))
        for j in report.judgments:
            area = j.area if len(j.area) <= width else j.area[:width - 1] + "\u2026"
            lines.append(f"    {area:<{width}}  {j.grade}")
    if report.findings:
        lines.append("  Findings:")
        for f in report.findings:
            text = f.text if len(f.text) <= 110 else f.text[:109] + "\u2026"
            lines.append(f"    [{f.kind.replace('_', ' ')}] {text}")
            if f.area:
                lines.append(f"        under: {f.area}")
    return "\n".join(lines) + "\n"


def cmd_extract(args) -> int:
    from ..extract import extract_file

    path = Path(args.file)
    try:
        report, fmt = extract_file(path)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except ImportFailed as e:
        return fail(path, e.reason)
    except Exception as e:  # noqa: BLE001 -- a bug of ours must not show a traceback
        return fail(path, f"unexpected error while reading it ({type(e).__name__}: {e})")
    if args.json:
        out(json.dumps(extract_json(path, report, fmt, sha), ensure_ascii=False) + "\n")
    else:
        out(summary(path, report, fmt))
    return 0


def cmd_replace(args) -> int:
    """`import --replace REPORT_ID FILE`: a new version of a report, annotations re-anchored."""
    from ..review.replace import replace_report

    if len(args.paths) != 1:
        out("peelreview: --replace takes exactly one FILE\n", sys.stderr)
        return 2
    path = Path(args.paths[0])
    with open_workspace(args) as ws:
        try:
            counts = replace_report(ws, args.replace, path)
        except ImportFailed as e:
            return fail(path, e.reason)
        except LookupError as e:
            out(f"peelreview: cannot replace report {args.replace}: {e}\n", sys.stderr)
            return 2
    shown = {k: counts[k] for k in ("moved", "stayed", "orphaned")}
    if args.json:
        out(json.dumps(shown) + "\n")
    else:
        out(f"Replaced report {args.replace} with {path}: annotations moved {shown['moved']}, "
             f"stayed {shown['stayed']}, orphaned {shown['orphaned']}.\n")
    return 0


def cmd_import(args) -> int:
    from ..workspace import expand_paths

    if args.replace is not None:
        return cmd_replace(args)

    files = expand_paths(args.paths)
    if not files:
        out("peelreview: nothing to import (no supported files found)\n", sys.stderr)
        return 1
    with open_workspace(args) as ws:
        def show(e):
            name = readable(e.path)
            if e.status == "imported":
                line = (f"[{e.n}/{e.total}] imported {name}: {e.title} "
                        f"({e.judgments} judgments, {e.findings} findings)")
            elif e.status == "duplicate":
                line = f"[{e.n}/{e.total}] skipped {name}: already held ({e.reason})"
            elif e.status == "source":
                line = f"[{e.n}/{e.total}] {name}: {e.reason}"
            else:
                line = f"[{e.n}/{e.total}] failed {name}: {e.reason}"
            out(line + "\n", sys.stderr)

        summary = ws.import_paths(files, on_event=show)
    parts = [f"{len(summary.imported)} imported"]
    if summary.sources:
        parts.append(f"{len(summary.sources)} added as another source of a report held")
    parts += [f"{len(summary.duplicates)} skipped as duplicates", f"{len(summary.failed)} failed"]
    out("Import finished: " + ", ".join(parts) + ".\n", sys.stderr)
    for e in summary.failed:
        out(f"  failed: {readable(e.path)}: {e.reason}\n", sys.stderr)
    if args.json:
        out(json.dumps({
            "imported": [{"id": e.report_id, "path": readable(e.path), "title": e.title}
                         for e in summary.imported],
            "duplicates": [{"id": e.report_id, "path": readable(e.path)}
                           for e in summary.duplicates],
            "sources": [{"id": e.report_id, "path": readable(e.path)}
                        for e in summary.sources],
            "failed": [{"path": readable(e.path), "reason": e.reason} for e in summary.failed],
        }, ensure_ascii=False) + "\n")
    return 1 if summary.failed else 0


def cmd_list(args) -> int:
    with open_workspace(args) as ws:
        reports = ws.list_reports()
    if args.json:
        out(json.dumps(reports, ensure_ascii=False, indent=1) + "\n")
        return 0
    if not reports:
        out("The workspace holds no reports yet: peelreview import FILE...\n")
        return 0
    for r in reports:
        counts = ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in sorted(r["findings"].items()))
        out(f"{r['id']:>4}  {r['force'] or '-':<28} {r['year'] or '':<5} {r['kind']:<16} "
             f"{r['title'][:70]}\n")
        if r["grades"]:
            grades = "; ".join(f"{a[:40]}: {g}" for a, g in r["grades"].items())
            out(f"      grades: {grades}\n")
        if counts:
            out(f"      findings: {counts}\n")
    return 0


def cmd_reindex(args) -> int:
    with open_workspace(args) as ws:
        n = ws.reindex()
    out(f"Rebuilt the search index from the workspace: {n} reports.\n", sys.stderr)
    return 0


def cmd_repair(args) -> int:
    """Restore a damaged, emptied or deleted database (repair.py), then re-read and
    re-index: one line per step."""
    from ..repair import repair
    from ..workspace import default_folder

    named = getattr(args, "workspace", None)
    folder = Path(named).expanduser() if named else default_folder()
    report = repair(folder)
    for line in report.lines():
        out(line + "\n")
    return 0


def cmd_search(args) -> int:
    from ..index import QueryError

    with open_workspace(args) as ws:
        try:
            result = ws.search(args.query, limit=args.limit, sort=args.sort)
        except QueryError as e:
            out(f"peelreview: cannot search for {args.query!r}: {e}\n", sys.stderr)
            return 2
    if args.json:
        out(json.dumps(result.to_json(), ensure_ascii=False) + "\n")
        return 0
    out(f"{result.total} matches for {args.query!r}\n")
    if result.suggestion:
        out(f"Did you mean: {result.suggestion}\n")
    for report_id, hits in result.grouped():
        first = hits[0]
        out(f"\n#{report_id} {first.report_title} ({first.force or 'no force'}, "
             f"{first.year or 'no year'})\n")
        for h in hits:
            label = (h.kind or ("note" if h.doc_type == "annotation" else "passage")
                     ).replace("_", " ")
            where = f" \u2013 {h.area}" if h.area else ""
            grade = f" [{h.grade}]" if h.grade else ""
            at = "(orphaned)" if h.start is None else f"@{h.start}"
            snippet = h.snippet.replace("<b>", "\u00bb").replace("</b>", "\u00ab")
            out(f"  {label}{where}{grade} {at}\n    {snippet}\n")
            if h.doc_type == "annotation" and h.quote:
                out(f"    on: \u201c{h.quote[:120]}\u201d\n")
    for name, counts in result.facets.items():
        if counts:
            shown = ", ".join(f"{k} {v}" for k, v in sorted(counts.items(), key=lambda x: -x[1]))
            out(f"{name}: {shown}\n")
    return 0



def add_parsers(sub, common) -> None:
    """Register this module's commands on the main parser's subparsers."""
    ex = sub.add_parser("extract", help="show the structure peelreview extracts from a file",
                        description="Read a report (PDF, HTML, DOCX or TXT) and print its "
                                    "judgments, findings and sections.")
    ex.add_argument("file", help="the report file")
    ex.add_argument("--json", action="store_true",
                    help=f"print one JSON object (schema {SCHEMA})")
    ex.set_defaults(func=cmd_extract)

    im = sub.add_parser("import", parents=[common], help="add reports to the workspace",
                        description="Read, extract, store and index files and folders "
                                    "(folders recursively).")
    im.add_argument("paths", nargs="+", metavar="PATH")
    im.add_argument("--json", action="store_true", help="print a JSON summary on stdout")
    im.add_argument("--replace", type=int, metavar="REPORT_ID",
                    help="import FILE as a new version of this report, re-anchoring its "
                         "annotations and links")
    im.set_defaults(func=cmd_import)

    ls = sub.add_parser("list", parents=[common], help="list the reports held")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=cmd_list)

    ri = sub.add_parser("reindex", parents=[common],
                        help="rebuild the search index from the workspace")
    ri.set_defaults(func=cmd_reindex)

    rp = sub.add_parser("repair", parents=[common],
                        help="restore a damaged, emptied or deleted database from its newest "
                             "good backup (or read the reports again from originals/), then "
                             "rebuild the search index")
    rp.set_defaults(func=cmd_repair)

    se = sub.add_parser("search", parents=[common], help="search every report held",
                        description='Words, "phrases", AND/OR/NOT, wildcards (vet*), fuzzy '
                                    "terms (vettin~) and filters force:, year: (year:[2018 TO "
                                    '2021]), kind:, grade: (grade:"requires improvement"), area:.')
    se.add_argument("query")
    se.add_argument("--json", action="store_true")
    se.add_argument("--limit", type=int, default=20)
    se.add_argument("--sort", choices=["relevance", "date"], default="relevance")
    se.set_defaults(func=cmd_search)
