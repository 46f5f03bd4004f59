"""CLI commands for annotations: `annotate`, `annotations export`, `annotations import`.

build_parser() wires them in with add_parsers(sub, common). Errors: one line on stderr,
exit status 2.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ..paths import write_atomically
from .common import complain as _say
from .common import open_workspace
from .common import out as _out


def cmd_annotate(args) -> int:
    from ..review.annotations import AnnotationService

    with open_workspace(args) as ws:
        try:
            a = AnnotationService(ws).create_by_quote(
                args.report_id, args.quote, occurrence=args.occurrence, note=args.note or "",
                tags=args.tag or (), colour=args.colour)
        except (ValueError, LookupError) as e:
            return _say(f"cannot annotate report {args.report_id}: {e}")
    _out(f"{a.id}\n")
    return 0


def cmd_annotations_export(args) -> int:
    from ..review.sharing import export_annotations

    with open_workspace(args) as ws:
        if args.report is not None and ws.get_report(args.report) is None:
            return _say(f"cannot export: there is no report {args.report}")
        data = export_annotations(ws, args.report)
    out = Path(args.output)
    try:
        write_atomically(out, (json.dumps(data, ensure_ascii=False, indent=1) + "\n")
                         .encode("utf-8"))
    except OSError as e:
        return _say(f"cannot write {args.output}: {e.strerror or e}")
    n = sum(1 for it in data["items"] if it.get("motivation") != "linking")
    _out(f"Wrote {n} annotation(s) and {len(data['items']) - n} link(s) to {out}\n",
         sys.stderr)
    return 0


def cmd_annotations_import(args) -> int:
    from ..review.sharing import import_annotations

    try:
        data = json.loads(Path(args.file).read_text(encoding="utf-8"))
    except OSError as e:
        return _say(f"cannot read {args.file}: {e.strerror or e}")
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return _say(f"cannot read {args.file}: it is not a JSON file ({e})")
    except RecursionError:
        return _say(f"cannot read {args.file}: its JSON is nested too deeply")
    except ValueError as e:  # Python refuses integers of thousands of digits
        why = ("it holds a number thousands of digits long" if "digits" in str(e)
               else " ".join(str(e).split())[:160])
        return _say(f"cannot read {args.file}: {why}")
    with open_workspace(args) as ws:
        try:
            result = import_annotations(ws, data)
        except ValueError as e:
            return _say(f"cannot import {args.file}: {e}")
    if args.json:
        _out(json.dumps({k: result[k] for k in ("added", "merged", "orphaned", "corrections",
                                                "rejected")})
             + "\n")
    else:
        line = (f"{result['added']} added, {result['merged']} merged, "
                f"{result['orphaned']} orphaned")
        if result.get("skipped"):
            line += f", {result['skipped']} skipped (report not held)"
        if result.get("links"):
            line += f", {result['links']} link(s) added"
        if result.get("corrections"):
            line += f", {result['corrections']} correction(s) added"
        if result["rejected"]:
            line += f", {len(result['rejected'])} rejected"
        _out(line + "\n")
    for why in result["rejected"]:  # one line each, on stderr
        sys.stderr.write(f"{args.file}: rejected {why}\n")
    return 0


def add_parsers(sub, common) -> None:
    """Add `annotate` and `annotations export|import` to the subparsers `sub`."""
    an = sub.add_parser("annotate", parents=[common], help="annotate a passage of a report",
                        description="Highlight a passage of a report (found by its text) "
                                    "with an optional note and tags; prints the new "
                                    "annotation's id.")
    an.add_argument("report_id", type=int, metavar="REPORT_ID")
    an.add_argument("--quote", required=True, metavar="TEXT", help="the passage, exactly")
    an.add_argument("--occurrence", type=int, default=1, metavar="N",
                    help="which occurrence of the passage (default 1)")
    an.add_argument("--note", default="", metavar="TEXT")
    an.add_argument("--tag", action="append", metavar="TAG", help="a tag (repeatable)")
    an.add_argument("--colour", "--color", default="yellow", metavar="C",
                    help="yellow, green, blue, pink or orange")
    an.set_defaults(func=cmd_annotate)

    ans = sub.add_parser("annotations", parents=[common],
                         help="share annotations (W3C Web Annotation JSON)")
    asub = ans.add_subparsers(dest="annotations_command", metavar="ACTION", required=True)
    ex = asub.add_parser("export", parents=[common],
                         help="write annotations and links as W3C Web Annotation JSON")
    ex.add_argument("--report", type=int, metavar="ID", help="only this report's")
    ex.add_argument("-o", "--output", required=True, metavar="FILE.json")
    ex.set_defaults(func=cmd_annotations_export)
    im = asub.add_parser("import", parents=[common],
                         help="merge annotations from a W3C Web Annotation JSON file")
    im.add_argument("file", metavar="FILE.json")
    im.add_argument("--json", action="store_true",
                    help='print {"added": N, "merged": N, "orphaned": N}')
    im.set_defaults(func=cmd_annotations_import)
