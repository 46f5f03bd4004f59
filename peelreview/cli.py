"""The `peelreview` command: subcommands over the core, one line per error, no tracebacks."""
from __future__ import annotations

import argparse
import hashlib
import json
import logging
import os
import sys
from pathlib import Path

from .errors import ImportFailed

SCHEMA = "peelreview.extract/1"
log = logging.getLogger("peelreview")


def _out(text: str, stream=None) -> None:
    """Write UTF-8 whatever the console's locale, keeping odd file names byte-exact."""
    stream = stream or sys.stdout
    data = text.encode("utf-8", errors="surrogateescape")
    buf = getattr(stream, "buffer", None)
    if buf is not None:
        stream.flush()
        buf.write(data)
        buf.flush()
    else:
        stream.write(data.decode("utf-8", errors="replace"))


def fail(path, reason: str) -> int:
    _out(f"peelreview: cannot import {os.fspath(path)}: {reason}\n", sys.stderr)
    return 2


def extract_json(path: Path, report, fmt: str, sha256: str) -> dict:
    """The `extract --json` contract (schema peelreview.extract/1) plus `blocks`."""
    d = report.to_dict()
    return {
        "schema": SCHEMA,
        "source": {"path": os.fspath(path), "format": fmt, "sha256": sha256},
        "kind": d["kind"], "title": d["title"], "force": d["force"],
        "published": d["published"], "report_published": d["report_published"],
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
    from .extract import extract_file

    path = Path(args.file)
    try:
        report, fmt = extract_file(path)
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    except ImportFailed as e:
        return fail(path, e.reason)
    except Exception as e:  # a bug of ours must still not print a traceback at the officer
        log.debug("extract failed", exc_info=True)
        return fail(path, f"unexpected error while reading it ({type(e).__name__}: {e})")
    if args.json:
        _out(json.dumps(extract_json(path, report, fmt, sha), ensure_ascii=False) + "\n")
    else:
        _out(summary(path, report, fmt))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="peelreview",
        description="Review HMICFRS inspection reports and draft the PCC's response.")
    p.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND")
    ex = sub.add_parser("extract", help="show the structure peelreview extracts from a file",
                        description="Read a report (PDF, HTML, DOCX or TXT) and print its "
                                    "judgments, findings and sections.")
    ex.add_argument("file", help="the report file")
    ex.add_argument("--json", action="store_true",
                    help=f"print one JSON object (schema {SCHEMA})")
    ex.set_defaults(func=cmd_extract)
    return p


def _version() -> str:
    from . import __version__
    return __version__


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    try:
        return args.func(args)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
