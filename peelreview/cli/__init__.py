"""The `peelreview` command: subcommands over the core, one line per error, no tracebacks.

Each part's commands live in their own module (reports, annotations, links, responses),
each with `add_parsers(sub, common)`; the helpers they share are in `common.py`.
"""
from __future__ import annotations

import argparse
import sqlite3
import sys
from pathlib import Path

from ..errors import StoreError

# `from . import annotations` would hand back the __future__ feature of that name, so each
# part's add_parsers is imported by name.
from .annotations import add_parsers as add_annotation_parsers
from .common import complain
from .curation import add_parsers as add_curation_parsers
from .links import add_parsers as add_link_parsers
from .reports import SCHEMA, extract_json
from .reports import add_parsers as add_report_parsers
from .responses import add_parsers as add_response_parsers

__all__ = ["SCHEMA", "build_parser", "extract_json", "main"]


def build_parser() -> argparse.ArgumentParser:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--workspace", metavar="DIR", default=argparse.SUPPRESS,
                        help="the workspace folder (default: $PEELREVIEW_WORKSPACE, else your "
                             "user data folder)")
    p = argparse.ArgumentParser(
        prog="peelreview", parents=[common],
        description="Review HMICFRS inspection reports and draft the PCC's response.")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    p.add_argument("--demo", action="store_true",
                   help="open the app on the fictional demo reports in a temporary workspace")
    p.add_argument("--screenshot", metavar="FILE.png",
                   help="show a report beside its previous inspection with a search, save a "
                        "picture of the window and exit (offscreen unless QT_QPA_PLATFORM "
                        "names a real display: then the whole screen, with the response "
                        "editor open)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    for add_parsers in (add_report_parsers, add_curation_parsers, add_response_parsers,
                        add_annotation_parsers, add_link_parsers):
        add_parsers(sub, common)
    return p


def _version() -> str:
    from .. import __version__
    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not hasattr(args, "workspace"):
        args.workspace = None
    if not getattr(args, "func", None):
        from ..ui.app import run_app  # the desktop app; Qt is only imported here

        return run_app(args)
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except StoreError as e:
        return complain(str(e))
    except sqlite3.DatabaseError as e:  # met while reading: the file is damaged, or busy
        from ..paths import DB_NAME
        from ..store import damaged, is_damage
        from ..workspace import default_folder

        folder = Path(args.workspace).expanduser() if args.workspace else default_folder()
        message = damaged(folder / DB_NAME, e) if is_damage(e) else \
            f"the workspace database in {folder} failed ({e})"
        return complain(str(message))


if __name__ == "__main__":
    sys.exit(main())
