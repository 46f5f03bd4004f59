"""CLI commands for the officer's corrections of what was read, and for a report as held:

    finding add REPORT_ID --kind KIND --quote TEXT [--occurrence N] [--area AREA]
    finding set FINDING_ID [--kind KIND] [--area AREA]
    finding confirm|reject FINDING_ID
    grade set REPORT_ID --area AREA --grade GRADE
    grade remove|confirm|reject REPORT_ID --area AREA
    report set REPORT_ID [--title T] [--kind K] [--force F] [--published YYYY-MM-DD] [--cycle C]
    report merge REPORT_ID OTHER_ID, report split REPORT_ID
    remove REPORT_ID [--yes]
    show REPORT_ID --json

Every correction is kept apart from what the extractor read and survives re-extraction and
new versions (corrections.py). Errors: one line on stderr, exit status 2, nothing changed.
"""
from __future__ import annotations

import json
import sys

from .common import complain, open_workspace, out
from .reports import SCHEMA


def _decided(action: str) -> str:
    return {"confirm": "confirmed", "reject": "rejected"}[action]


def _run(args, what: str, fn):
    """Open the workspace, run fn(ws) -> (json object, line); one line on a bad input."""
    from ..review.curation import CurationError
    from ..review.removal import RemovalError

    with open_workspace(args) as ws:
        try:
            data, line = fn(ws)
        except (CurationError, RemovalError) as e:
            return complain(f"cannot {what}: {e}")
    out((json.dumps(data, ensure_ascii=False) if args.json else line) + "\n")
    return 0


def cmd_finding_add(args) -> int:
    def do(ws):
        change = ws.curation.add_finding_by_quote(args.report_id, args.kind, args.quote,
                                                  args.occurrence, args.area)
        return ({"finding_id": change.finding_id},
                f"Added finding {change.finding_id} to report {args.report_id}.")
    return _run(args, "add the finding", do)


def cmd_finding_set(args) -> int:
    def do(ws):
        ws.curation.change_finding(args.finding_id, args.kind, args.area)
        return ({"finding_id": args.finding_id, "status": "changed"},
                f"Finding {args.finding_id}: changed.")
    return _run(args, f"change finding {args.finding_id}", do)


def cmd_finding_decide(args) -> int:
    def do(ws):
        ws.curation.decide_finding(args.finding_id, args.action)
        status = _decided(args.action)
        return ({"finding_id": args.finding_id, "status": status},
                f"Finding {args.finding_id}: {status}.")
    return _run(args, f"{args.action} finding {args.finding_id}", do)


def cmd_grade_set(args) -> int:
    def do(ws):
        ws.curation.set_grade(args.report_id, args.area, args.grade)
        return ({"report_id": args.report_id, "area": args.area, "grade": args.grade},
                f"Report {args.report_id}, {args.area}: {args.grade}.")
    return _run(args, "set the grade", do)


def cmd_grade_decide(args) -> int:
    action = "reject" if args.action == "remove" else args.action
    status = "removed" if args.action == "remove" else _decided(action)

    def do(ws):
        ws.curation.decide_judgment(args.report_id, args.area, action)
        return ({"report_id": args.report_id, "area": args.area, "status": status},
                f"Report {args.report_id}, {args.area}: grade {status}.")
    return _run(args, f"{args.action} the grade", do)


def cmd_report_set(args) -> int:
    given = {f: getattr(args, f) for f in ("title", "kind", "force", "published", "cycle")
             if getattr(args, f) is not None}
    if not given:
        return complain("report set: give at least one of --title, --kind, --force, "
                        "--published, --cycle")

    def do(ws):
        from ..review.curation import CurationError

        for name, value in given.items():  # check them all before changing any
            _check_detail(name, value, CurationError)
        for name, value in given.items():
            ws.curation.set_detail(args.report_id, name, value)
        return ({"report_id": args.report_id, **given},
                f"Report {args.report_id}: " + ", ".join(given) + " set.")
    return _run(args, f"change report {args.report_id}", do)


def cmd_report_merge(args) -> int:
    from ..review.sources import SourceError, merge

    with open_workspace(args) as ws:
        try:
            merge(ws, args.report_id, args.other_id)
        except SourceError as e:
            return complain(f"cannot merge: {e}")
        sources = [s["id"] for s in ws.store.sources(args.report_id)]
    out((json.dumps({"report_id": args.report_id, "sources": sources}) if args.json else
         f"Report {args.other_id} is now a source of report {args.report_id}.") + "\n")
    return 0


def cmd_report_split(args) -> int:
    from ..review.sources import SourceError, split

    with open_workspace(args) as ws:
        try:
            ids = split(ws, args.report_id)
        except SourceError as e:
            return complain(f"cannot split: {e}")
    out((json.dumps({"reports": ids}) if args.json else
         "Report(s) " + ", ".join(map(str, ids)) + " are reports of their own again.") + "\n")
    return 0


def _check_detail(name: str, value: str, error) -> None:
    import datetime as dt

    from ..model import ReportKind

    if name == "kind" and value not in {k.value for k in ReportKind}:
        raise error(f"the kind {value!r} is not one of: "
                    + ", ".join(k.value for k in ReportKind))
    if name == "published" and value:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            raise error(f"the date {value!r} is not a date (use YYYY-MM-DD)") from None
    if name == "title" and not value.strip():
        raise error("a title cannot be empty")


def cmd_remove(args) -> int:
    from ..review.removal import RemovalError

    with open_workspace(args) as ws:
        try:
            hangs = ws.removal.what_hangs_on(args.report_id).describe()
        except RemovalError as e:
            return complain(f"cannot remove: {e}")
        title = ws.get_report(args.report_id).report.title
        if not args.yes:
            warning = f"Remove report {args.report_id} ({title})" + (
                f" with {hangs}" if hangs else "") + "?"
            if not sys.stdin.isatty():
                return complain(f"{warning} Say --yes to remove it.")
            out(warning + " [y/N] ")
            if sys.stdin.readline().strip().lower() not in ("y", "yes"):
                out("Nothing removed.\n")
                return 1
        ws.removal.remove(args.report_id)
    out(f"Removed report {args.report_id} ({title})" + (f" and {hangs}" if hangs else "")
        + ".\n")
    return 0


def cmd_show(args) -> int:
    """The stored report as peelreview.extract/2 with the corrections applied."""
    with open_workspace(args) as ws:
        stored = ws.get_report(args.report_id)
        if stored is None:
            return complain(f"cannot show: there is no report {args.report_id}")
        data = show_json(stored)
        data["sources"] = [{"id": x["id"], "path": x["source_name"], "format": x["format"],
                            "sha256": x["sha256"]} for x in ws.store.sources(args.report_id)]
    if args.json:
        out(json.dumps(data, ensure_ascii=False) + "\n")
    else:
        from .reports import summary

        out(summary(stored.source_name, stored.report, stored.format))
    return 0


def show_json(stored) -> dict:
    d = stored.report.to_dict()
    findings = [{"id": fid, **f} for fid, f in zip(stored.finding_ids, d["findings"],
                                                   strict=True)]
    judgments = [{"id": f"{stored.id}:{j['area']}", **j} for j in d["judgments"]]
    return {
        "schema": SCHEMA, "id": stored.id,
        "source": {"path": stored.source_name, "format": stored.format,
                   "sha256": stored.sha256},
        "kind": d["kind"], "title": d["title"], "force": d["force"],
        "published": d["published"], "report_published": d["report_published"],
        "year": d["year"], "cycle": d["cycle"], "text": d["text"],
        "sections": d["sections"], "judgments": judgments, "findings": findings,
        "sources": [],
        "orphaned_corrections": [{"target": c.target, "action": c.action, "quote": c.quote,
                                  "area": c.area} for c in stored.orphans],
    }


def add_parsers(sub, common) -> None:
    """Register this module's commands on the main parser's subparsers."""
    fi = sub.add_parser("finding", help="add, change, confirm or reject a finding",
                        description="Correct the findings of a report (ids as `show --json` "
                                    "gives them).")
    fsub = fi.add_subparsers(dest="finding_command", metavar="ACTION", required=True)
    p = fsub.add_parser("add", parents=[common], help="mark a passage as a finding")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    p.add_argument("--kind", required=True, help="recommendation, cause_of_concern, "
                   "area_for_improvement or innovative_practice")
    p.add_argument("--quote", required=True, help="the passage, exactly as in the report")
    p.add_argument("--occurrence", type=int, help="which place (from 1) when it occurs "
                   "more than once")
    p.add_argument("--area", help="the area it belongs to (default: where it sits)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_finding_add)
    p = fsub.add_parser("set", parents=[common], help="change a finding's kind or area")
    p.add_argument("finding_id", type=int, metavar="FINDING_ID")
    p.add_argument("--kind")
    p.add_argument("--area", help='the area ("" for none)')
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_finding_set)
    for action, words in (("confirm", "count a likely finding as a finding"),
                          ("reject", "keep a finding out of facets and the response")):
        p = fsub.add_parser(action, parents=[common], help=words)
        p.add_argument("finding_id", type=int, metavar="FINDING_ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_finding_decide, action=action)

    gr = sub.add_parser("grade", help="set, remove, confirm or reject an area's grade")
    gsub = gr.add_subparsers(dest="grade_command", metavar="ACTION", required=True)
    p = gsub.add_parser("set", parents=[common], help="set (or add) an area's grade")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    p.add_argument("--area", required=True)
    p.add_argument("--grade", required=True, help="Outstanding, Good, Adequate, Requires "
                   "improvement, Inadequate or Not graded")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_grade_set)
    for action, words in (("remove", "the area has no grade (the reading was wrong)"),
                          ("confirm", "count a likely grade as the area's grade"),
                          ("reject", "keep a grade out of grade movement and the response")):
        p = gsub.add_parser(action, parents=[common], help=words)
        p.add_argument("report_id", type=int, metavar="REPORT_ID")
        p.add_argument("--area", required=True, help="the area as the report names it")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_grade_decide, action=action)

    rp = sub.add_parser("report", help="correct a report's details")
    rsub = rp.add_subparsers(dest="report_command", metavar="ACTION", required=True)
    p = rsub.add_parser("set", parents=[common], help="correct title, kind, force, "
                        "publication date or cycle")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    for name, words in (("title", "T"), ("kind", "K"), ("force", "F"),
                        ("published", "YYYY-MM-DD"), ("cycle", "C")):
        p.add_argument(f"--{name}", metavar=words)
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report_set)

    p = rsub.add_parser("merge", parents=[common], help="make OTHER_ID a source of REPORT_ID "
                        "(the PDF and the web page of one inspection)")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    p.add_argument("other_id", type=int, metavar="OTHER_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report_merge)
    p = rsub.add_parser("split", parents=[common], help="make a report's other sources "
                        "reports of their own again")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_report_split)

    p = sub.add_parser("remove", parents=[common], help="remove a report and what hangs on it")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    p.add_argument("--yes", action="store_true", help="do not ask")
    p.set_defaults(func=cmd_remove)

    p = sub.add_parser("show", parents=[common], help="a stored report, corrections applied",
                       description=f"Print the stored report as {SCHEMA} with the officer's "
                                   "corrections applied: each judgment and finding with its id "
                                   "and status (extracted, added, confirmed, changed, "
                                   "rejected).")
    p.add_argument("report_id", type=int, metavar="REPORT_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_show)
