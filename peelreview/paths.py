"""Where the project's bundled files live (the repository's resources/ folder)."""
from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"
#: a workspace folder holds its database, the files imported into it, and the search index
DB_NAME = "peelreview.sqlite"
ORIGINALS_DIR = "originals"
INDEX_DIR = "index"


def readable(path) -> str:
    """A path (or name) as text that can be shown, printed and stored: bytes of the name that
    are not UTF-8 (Python keeps them as lone surrogates) become U+FFFD."""
    text = os.fspath(path)
    try:
        return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")
    except UnicodeEncodeError:  # a lone surrogate that no byte made
        return text.encode("utf-8", "replace").decode("utf-8")


def is_read_only(folder: Path) -> bool:
    """True when the workspace at folder exists but cannot be written (a read-only drive,
    a locked share, a folder or database without write permission)."""
    folder = Path(folder)
    if not folder.is_dir():
        return False
    db = folder / DB_NAME
    return not os.access(folder, os.W_OK) or (db.exists() and not os.access(db, os.W_OK))


@cache
def load_json_resource(name: str):
    """Parse resources/NAME once per process."""
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))


def write_atomically(path: Path, data: bytes) -> None:
    """Write a file whole or not at all: beside it first, then renamed over it, so a
    full disk leaves the officer's previous copy as it was. A special file (a device) is
    written directly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists() and not path.is_file():
        with open(path, "wb") as fh:
            fh.write(data)
        return
    part = path.with_name(path.name + ".part")
    try:
        with open(part, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(part, path)
    finally:
        part.unlink(missing_ok=True)
