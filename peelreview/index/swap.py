"""Putting a rebuilt index in the place of the old one, so a kill at any moment leaves a
whole index behind: the old one, or the new one.

A rebuild fills ``index.new`` while ``index`` keeps answering searches; once the new folder
is whole it gets a ``REBUILT`` mark, then ``index`` moves to ``index.old``, ``index.new`` to
``index``, and ``index.old`` is removed. Each rename is atomic; between them a kill can
leave the pieces apart, and finish_interrupted_swap() puts them together at the next
opening: a marked ``index.new`` is swapped in, an unmarked one (a rebuild cut short) is
thrown away, and an ``index.old`` left without an ``index`` comes back.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..kill_points import kill_point

COMPLETE = "REBUILT"


def beside(folder: Path) -> Path:
    """Where the rebuild of the index at folder is made."""
    return folder.with_name(folder.name + ".new")


def _old(folder: Path) -> Path:
    return folder.with_name(folder.name + ".old")


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    elif path.exists() or path.is_symlink():
        path.unlink()


def mark_complete(new_folder: Path) -> None:
    """Say (durably) that the rebuild in new_folder is whole and may replace the index."""
    mark = new_folder / COMPLETE
    with open(mark, "wb") as f:
        f.write(b"complete\n")
        f.flush()
        os.fsync(f.fileno())


def swap_in(new_folder: Path, folder: Path) -> None:
    """Replace the index at folder by the whole rebuild in new_folder (see module doc).
    The caller holds the index write lock and has closed its own copy of the index."""
    old = _old(folder)
    _remove(old)
    if folder.exists() or folder.is_symlink():
        os.replace(folder, old)
    kill_point("reindex-swap-halfway")
    os.replace(new_folder, folder)
    (folder / COMPLETE).unlink(missing_ok=True)
    _remove(old)


def finish_interrupted_swap(folder: Path) -> str | None:
    """Put together what a killed rebuild left (call under the index write lock, before
    opening the index). Returns what was done, for a notice, or None."""
    new, old = beside(folder), _old(folder)
    done = None
    if new.exists():
        if (new / COMPLETE).exists():
            swap_in(new, folder)
            done = "a rebuild of the search index cut short was finished"
        else:
            _remove(new)
            done = "a rebuild of the search index cut short was thrown away"
    if old.exists() or old.is_symlink():
        if folder.exists():
            _remove(old)
        else:
            os.replace(old, folder)
            done = "the search index moved aside by a rebuild cut short was put back"
    return done
