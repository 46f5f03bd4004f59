"""CLI commands for the PCC's statutory response: `export-response`, `response show`,
`response set` (the response's own fields) and `response item` (one item's fields), for
scripted drafting and checks.

build_parser() wires them in with add_parsers(sub, common). Each drafts the response from the
report's findings when none exists yet. A bad input (unknown report or item, unknown status,
a date that is not a date) is one line on stderr, exit status 2, and changes nothing.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from .common import complain as _say
from .common import open_workspace
from .common import out as _out


def _response(ws, report_id: int):
    from ..response.draft import ResponseError
    from ..settings import Settings

    names = Settings.load()  # a new draft starts with the names the officer uses in the app
    try:
        return ws.responses.get(report_id, opcc_name=names.opcc_name,
                                pcc_name=names.pcc_name), None
    except ResponseError as e:
        return None, str(e)


def cmd_export_response(args) -> int:
    from ..response.csv_export import export_items_csv
    from ..response.docx_export import TemplateError, export_response

    template = Path(args.template) if args.template else None
    if template is not None and not template.is_file():
        return _say(f"cannot use the template {args.template}: no such file")
    with open_workspace(args) as ws:
        response, error = _response(ws, args.report_id)
        if response is None:
            return _say(f"cannot export the response: {error}")
        stored = ws.get_report(args.report_id)
        try:
            out = export_response(response, stored.report, args.output, template=template,
                                  opcc_name=args.opcc_name,
                                  internal=not (args.public or args.leave_out_internal),
                                  empty_areas=not (args.public or args.leave_out_empty_areas))
            if args.csv:
                export_items_csv(response, args.csv)
        except TemplateError as e:
            return _say(str(e))
        except (OSError, ValueError, KeyError) as e:
            return _say(f"cannot write the response: {e}")
    gaps = response.gaps()
    _out(f"Wrote {out}" + (f" and {args.csv}" if args.csv else "") + "\n")
    if gaps:
        _out(f"DRAFT: {len(gaps)} gap(s) to close before publication:\n")
        for g in gaps:
            _out(f"  - {g}\n")
    return 0


def cmd_response_show(args) -> int:
    with open_workspace(args) as ws:
        response, error = _response(ws, args.report_id)
    if response is None:
        return _say(error)
    today = dt.date.today()
    if args.json:
        _out(json.dumps(response.to_json(today), ensure_ascii=False, indent=1) + "\n")
        return 0
    iso = lambda d: d.isoformat() if d else "not known"  # noqa: E731
    lines = [f"Response to #{response.report_id} {response.report_title}",
             f"  published: {iso(response.published)}   deadline: {iso(response.deadline)}"
             f"   chief constable's comments due: {iso(response.chief_constable_due)}"]
    left = response.days_left(today)
    if left is not None:
        lines.append(f"  {'OVERDUE by ' + str(-left) if left < 0 else str(left)} day(s)"
                     + ("" if left < 0 else " left"))
    for area in response.areas():
        if not area.items:
            continue
        lines.append(f"  {area.name}" + (f" [{area.grade}]" if area.grade else ""))
        for item in area.items:
            n = response.recommendation_number(item)
            text = item.text if len(item.text) <= 100 else item.text[:99] + "\u2026"
            lines.append(f"    #{item.id} {item.label}{' ' + str(n) if n else ''}"
                         f" ({item.status}): {text}")
    gaps = response.gaps()
    lines.append(f"  Gaps ({len(gaps)}):" if gaps else "  No gaps: ready to publish.")
    lines += [f"    - {g}" for g in gaps]
    _out("\n".join(lines) + "\n")
    return 0


def add_parsers(sub, common) -> None:
    """Add `export-response` and `response show` to the subparsers `sub`."""
    ex = sub.add_parser("export-response", parents=[common],
                        help="write the PCC's response to a report as a Word document",
                        description="Draft (if needed) and export the PCC's statutory response "
                                    "to a report as .docx, optionally with a tracker CSV.")
    ex.add_argument("report_id", type=int, metavar="REPORT_ID")
    ex.add_argument("-o", "--output", required=True, metavar="FILE.docx")
    ex.add_argument("--template", metavar="T.docx", help="a Word template with the OPCC's styles")
    ex.add_argument("--csv", metavar="FILE", help="also write the items as a tracker CSV")
    ex.add_argument("--opcc-name", metavar="NAME", help="the OPCC's name for the header")
    ex.add_argument("--leave-out-internal", action="store_true",
                    help="leave out owner, status, target date and section/page references")
    ex.add_argument("--leave-out-empty-areas", action="store_true",
                    help="leave out areas with nothing to say")
    ex.add_argument("--public", action="store_true",
                    help="the version to publish: both of the above")
    ex.set_defaults(func=cmd_export_response)

    rs = sub.add_parser("response", parents=[common], help="the PCC's response to a report")
    rsub = rs.add_subparsers(dest="response_command", metavar="ACTION", required=True)
    sh = rsub.add_parser("show", parents=[common],
                         help="show a response's items, dates and gaps")
    sh.add_argument("report_id", type=int, metavar="REPORT_ID")
    sh.add_argument("--json", action="store_true",
                    help="print one JSON object (items, published, deadline, "
                         "chief_constable_due, gaps)")
    sh.set_defaults(func=cmd_response_show)

    st = rsub.add_parser("set", parents=[common], help="set the response's own fields")
    st.add_argument("report_id", type=int, metavar="REPORT_ID")
    for name, flag, words in RESPONSE_OPTIONS:
        st.add_argument(flag, dest=name, metavar="YYYY-MM-DD" if name == "published" else "T",
                        help=words)
    st.set_defaults(func=cmd_response_set)
    it = rsub.add_parser("item", parents=[common], help="set an item's fields")
    it.add_argument("report_id", type=int, metavar="REPORT_ID")
    it.add_argument("item_id", type=int, metavar="ITEM_ID",
                    help="the item's id, as response show --json gives it")
    for name, flag, words in ITEM_OPTIONS:
        it.add_argument(flag, dest=name, metavar={"status": "S", "target_date": "YYYY-MM-DD"}
                        .get(name, "T"), help=words)
    it.set_defaults(func=cmd_response_item)


RESPONSE_OPTIONS = (("opcc_name", "--opcc-name", "the OPCC's name"),
                    ("pcc_name", "--pcc-name", "the PCC's name"),
                    ("introduction", "--introduction", "the opening words"),
                    ("overall", "--overall", "the PCC's overall comments"),
                    ("closing", "--closing", "the closing words"),
                    ("published", "--published", "the report's publication date, YYYY-MM-DD"))
ITEM_OPTIONS = (("cc_comments", "--cc", "the chief constable's comments"),
                ("pcc_comments", "--pcc", "the PCC's comments (for a recommendation: the "
                                          "action taken or proposed, or why none)"),
                ("owner", "--owner", "who owns the action"),
                ("status", "--status", "not started, in progress, complete or no action"),
                ("no_action_reason", "--reason", "why no action is taken"),
                ("target_date", "--target", "the target date, YYYY-MM-DD"))


def cmd_response_set(args) -> int:
    from ..response.draft import ResponseError, parse_date

    given = {f: getattr(args, f) for f, _, _ in RESPONSE_OPTIONS if getattr(args, f) is not None}
    if not given:
        return _say("response set: give at least one field to set")
    with open_workspace(args) as ws:
        response, error = _response(ws, args.report_id)
        if response is None:
            return _say(f"cannot set the response: {error}")
        try:
            if "published" in given:  # checked before anything is written
                parse_date(given["published"], "publication date")
            ws.responses.update_response(args.report_id, **given)
        except ResponseError as e:
            return _say(f"cannot set the response: {e}")
    _out(f"Response to report {args.report_id}: {', '.join(given)} set.\n")
    return 0


def cmd_response_item(args) -> int:
    from ..response.draft import STATUSES, ResponseError, parse_date

    given = {f: getattr(args, f) for f, _, _ in ITEM_OPTIONS if getattr(args, f) is not None}
    if not given:
        return _say("response item: give at least one field to set")
    if "status" in given and given["status"] not in STATUSES:
        return _say(f"cannot set item {args.item_id}: the status {given['status']!r} is not one "
                    f"of {', '.join(STATUSES)}")
    with open_workspace(args) as ws:
        response, error = _response(ws, args.report_id)
        if response is None:
            return _say(f"cannot set item {args.item_id}: {error}")
        if args.item_id not in {i.id for i in response.items}:
            return _say(f"cannot set item {args.item_id}: the response to report "
                        f"{args.report_id} has no such item (see response show --json)")
        try:
            if "target_date" in given:
                parse_date(given["target_date"], "target date")
            ws.responses.update_item(args.item_id, **given)
        except ResponseError as e:
            return _say(f"cannot set item {args.item_id}: {e}")
    _out(f"Item {args.item_id}: {', '.join(given)} set.\n")
    return 0
