"""CLI commands for the officer's decisions on what was read: `finding confirm|reject`,
`grade confirm|reject`.

A likely finding or grade (read from a sentence) waits for the officer: confirming it lets
it into facets, grade movement and the response draft; rejecting it keeps it out. Errors:
one line on stderr, exit status 2, nothing changed.
"""
from __future__ import annotations

import json

from .common import complain, open_workspace, out


def cmd_finding_decide(args) -> int:
    from ..review.curation import CurationError

    with open_workspace(args) as ws:
        try:
            ws.curation.decide_finding(args.finding_id, args.action)
        except CurationError as e:
            return complain(f"cannot {args.action} finding {args.finding_id}: {e}")
    if args.json:
        out(json.dumps({"finding_id": args.finding_id, "status": _status(args.action)}) + "\n")
    else:
        out(f"Finding {args.finding_id}: {_status(args.action)}.\n")
    return 0


def cmd_grade_decide(args) -> int:
    from ..review.curation import CurationError

    with open_workspace(args) as ws:
        try:
            ws.curation.decide_judgment(args.report_id, args.area, args.action)
        except CurationError as e:
            return complain(f"cannot {args.action} the grade: {e}")
    if args.json:
        out(json.dumps({"report_id": args.report_id, "area": args.area,
                        "status": _status(args.action)}) + "\n")
    else:
        out(f"Report {args.report_id}, {args.area}: grade {_status(args.action)}.\n")
    return 0


def _status(action: str) -> str:
    return {"confirm": "confirmed", "reject": "rejected"}[action]


def add_parsers(sub, common) -> None:
    """Register this module's commands on the main parser's subparsers."""
    fi = sub.add_parser("finding", help="confirm or reject a finding",
                        description="Decide on a finding the extractor read (ids as "
                                    "`response show --json` or `search --json` give them).")
    fsub = fi.add_subparsers(dest="finding_command", metavar="ACTION", required=True)
    for action, words in (("confirm", "count a likely finding as a finding"),
                          ("reject", "keep a finding out of facets and the response")):
        p = fsub.add_parser(action, parents=[common], help=words)
        p.add_argument("finding_id", type=int, metavar="FINDING_ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_finding_decide, action=action)

    gr = sub.add_parser("grade", help="confirm or reject a graded judgment")
    gsub = gr.add_subparsers(dest="grade_command", metavar="ACTION", required=True)
    for action, words in (("confirm", "count a likely grade as the area's grade"),
                          ("reject", "keep a grade out of grade movement and the response")):
        p = gsub.add_parser(action, parents=[common], help=words)
        p.add_argument("report_id", type=int, metavar="REPORT_ID")
        p.add_argument("--area", required=True, help="the area as the report names it")
        p.add_argument("--json", action="store_true")
        p.set_defaults(func=cmd_grade_decide, action=action)
