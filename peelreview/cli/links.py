"""CLI commands for links: `suggest`, `link`, `trace`.

build_parser() wires them in with add_parsers(sub, common). Items are written `finding:12`
or `annotation:3` (a bare number is a finding). Errors: one line on stderr, exit status 2.
"""
from __future__ import annotations

import json

from .common import complain as _say
from .common import open_workspace
from .common import out as _out

EXCERPT = 100


def parse_item(text: str) -> tuple[str, int]:
    """`finding:12`, `annotation:3` or `12` -> (kind, id); ValueError with a readable reason."""
    kind, sep, number = text.strip().partition(":")
    if not sep:
        kind, number = "finding", kind
    kind = kind.strip().lower()
    if kind not in ("finding", "annotation"):
        raise ValueError(f"{text!r} is not an item: write finding:ID or annotation:ID")
    try:
        item_id = int(number)
    except ValueError:
        raise ValueError(f"{text!r} is not an item: write finding:ID or annotation:ID") \
            from None
    return kind, item_id


def _excerpt(text: str, n: int = EXCERPT) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n - 1] + "\u2026"


def cmd_suggest(args) -> int:
    try:
        item = parse_item(args.item)
    except ValueError as e:
        return _say(str(e))
    if args.limit < 1:
        return _say("--limit must be at least 1")
    with open_workspace(args) as ws:
        try:
            found = ws.suggestions.for_item(*item, limit=args.limit)
        except LookupError as e:
            return _say(f"cannot suggest links: {e}")
    if args.json:
        _out(json.dumps([s.to_dict() for s in found], ensure_ascii=False) + "\n")
        return 0
    if not found:
        _out(f"No suggestions for {item[0]} {item[1]}.\n")
        return 0
    for s in found:
        where = f" \u2013 {s.area}" if s.area else ""
        _out(f"finding:{s.finding_id}  {s.kind.replace('_', ' ')}{where}\n"
             f"    {s.report_title} ({s.date or 'undated'})\n"
             f"    {_excerpt(s.text)}\n"
             f"    shares: {', '.join(s.why) or '-'}   score {s.score:.2f}"
             f"{'   same area' if s.same_area else ''}\n")
    return 0


def cmd_link(args) -> int:
    try:
        source, target = parse_item(args.source), parse_item(args.target)
    except ValueError as e:
        return _say(str(e))
    with open_workspace(args) as ws:
        try:
            link = ws.links.create(source, target, args.type, args.comment or "")
        except ValueError as e:
            return _say(f"cannot link: {e}")
    _out(f"{link.id}\n")
    return 0


def cmd_trace(args) -> int:
    try:
        kind, finding_id = parse_item(args.finding)
    except ValueError as e:
        return _say(str(e))
    if kind != "finding":
        return _say("a trace starts from a finding: write its id or finding:ID")
    with open_workspace(args) as ws:
        try:
            steps = ws.links.trace(finding_id)
            links = _links_between(ws, steps)
        except LookupError as e:
            return _say(f"cannot trace: {e}")
    if args.json:
        _out(json.dumps([{"kind": s.kind, "id": s.id, "report_id": s.report_id,
                          "report_title": s.report_title, "force": s.force, "date": s.date,
                          "finding_kind": s.finding_kind, "text": s.text, "note": s.note}
                         for s in steps], ensure_ascii=False) + "\n")
        return 0
    for n, s in enumerate(steps, 1):
        label = (s.finding_kind or s.kind).replace("_", " ")
        _out(f"{n}. {s.date or 'undated'}  {label}  ({s.kind}:{s.id})\n"
             f"   {s.report_title}\n   {_excerpt(s.text)}\n")
        if s.note:
            _out(f"   note: {_excerpt(s.note)}\n")
        for lk in links.get((s.kind, s.id), []):
            _out(f"   \u2192 {lk}\n")
    return 0


def _links_between(ws, steps) -> dict[tuple[str, int], list[str]]:
    """For each step, the links it makes to other steps, as "follows up finding:3"."""
    out: dict[tuple[str, int], list[str]] = {}
    for s in steps:
        for lk in ws.links.for_item(s.kind, s.id):
            if lk.source == (s.kind, s.id):
                other = lk.target
                out.setdefault(lk.source, []).append(
                    f"{lk.link_type} {other[0]}:{other[1]}"
                    + (f" ({_excerpt(lk.comment, 60)})" if lk.comment else ""))
    return out


def add_parsers(sub, common) -> None:
    """Add `suggest`, `link` and `trace` to the subparsers `sub`."""
    from ..review.links import LINK_TYPES

    sg = sub.add_parser("suggest", parents=[common],
                        help="propose findings of the same force to link to a finding",
                        description="\"More like this\": findings in the force's other "
                                    "reports that deal with the same issue, best first. "
                                    "Rejected and linked ones are left out.")
    sg.add_argument("item", metavar="FINDING_ID",
                    help="a finding id (or finding:ID, annotation:ID)")
    sg.add_argument("--json", action="store_true", help="print a JSON list")
    sg.add_argument("--limit", type=int, default=5, metavar="N",
                    help="at most N suggestions (default 5)")
    sg.set_defaults(func=cmd_suggest)

    lk = sub.add_parser("link", parents=[common], help="link two findings or annotations",
                        description="Link SOURCE to TARGET (each finding:ID or "
                                    "annotation:ID); prints the new link's id.")
    lk.add_argument("source", metavar="SOURCE")
    lk.add_argument("target", metavar="TARGET")
    lk.add_argument("--type", required=True, metavar="T",
                    help="one of: " + ", ".join(LINK_TYPES) + " (quote it)")
    lk.add_argument("--comment", default="", metavar="C")
    lk.set_defaults(func=cmd_link)

    tr = sub.add_parser("trace", parents=[common],
                        help="show a finding's chain through inspections and responses",
                        description="Every finding and annotation linked to the finding, "
                                    "directly or not, dated, oldest first.")
    tr.add_argument("finding", metavar="FINDING_ID")
    tr.add_argument("--json", action="store_true", help="print a JSON list")
    tr.set_defaults(func=cmd_trace)
