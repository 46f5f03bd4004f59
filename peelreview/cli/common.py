"""What every command shares: UTF-8 output, one-line complaints, opening the workspace.

The command modules (reports, annotations, links, responses) import from here, never from
the package that wires them, so the CLI has no import circles.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def out(text: str, stream=None) -> None:
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


_said: set[str] = set()


def _key(message: str) -> str:
    return message.strip().rstrip(".").casefold()


def say(message: str) -> None:
    """One line on stderr, never the same line twice in one command (a damage found while
    opening and met again by the command is told once)."""
    if _key(message) in _said:
        return
    _said.add(_key(message))
    out(f"peelreview: {message}\n", sys.stderr)


def complain(message: str) -> int:
    """One line on stderr for the officer; exit status 2."""
    say(message)
    return 2


def fail(path, reason: str) -> int:
    out(f"peelreview: cannot import {os.fspath(path)}: {reason}\n", sys.stderr)
    return 2


def open_workspace(args):
    """Open the workspace the command names; print what the officer should know."""
    from ..workspace import Workspace, default_folder

    named = getattr(args, "workspace", None)
    folder = Path(named).expanduser() if named else default_folder()
    ws = Workspace(folder, on_wait=lambda message: out(f"peelreview: {message}\n", sys.stderr))
    for notice in ws.notices:
        say(notice)
    return ws
