"""One report, several sources: the PDF and the web page of one inspection. No Qt.

Each imported file keeps its own row and its whole extraction; a file that is another
source of a report held has `merged_into` set to that report, and from then on only the
report it is merged into is listed, searched, suggested and shown in grade movement. So
merging loses nothing and splitting is exact: the source becomes a report of its own again,
with whatever officer's work it had.

`same_inspection` says whether a newly read report is another source of one held (same
force, same publication day, nearly the same words); `merge` and `split` do it by hand;
replace.py's `prefer_source` reads the report's text from another of its sources.
The report keeps its text (the officer's preferred source, by default the first); when a
source is a PDF and the report's text is not, the report's blocks learn their pages from
the PDF (`align_pages`), so the reader can show the PDF's page beside any passage.
"""
from __future__ import annotations

import re
from collections import Counter

from ..model import Report

SHINGLE = 6
SAME_WORDS = 0.95  # share of one text's word runs found in the other (real pairs: 1.0)


class SourceError(LookupError):
    """A merge or split that cannot be done; str() is for the officer."""


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.casefold())


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    return {tuple(words[i:i + SHINGLE]) for i in range(0, max(0, len(words) - SHINGLE + 1))}


def similarity(a: str, b: str, limit: int = 60_000) -> float:
    """How much of the shorter text's word runs the other holds (0..1)."""
    sa, sb = _shingles(_words(a[:limit])), _shingles(_words(b[:limit]))
    if not sa or not sb:
        return 0.0
    small, large = sorted((sa, sb), key=len)
    return len(small & large) / len(small)


def same_inspection(store, report: Report) -> int | None:
    """The held report this one is another source of, or None: same force and same
    publication day (both stated) and nearly the same words."""
    if not report.force or not report.published:
        return None
    with store._lock:
        rows = store.db.execute("SELECT id, text FROM reports WHERE merged_into IS NULL AND"
                                " force=? AND published=?",
                                (report.force, report.published)).fetchall()
    best = max(((similarity(report.text, r["text"]), r["id"]) for r in rows), default=(0, None))
    return best[1] if best[0] >= SAME_WORDS else None


def merge(ws, report_id: int, other_id: int) -> None:
    """Make `other_id` a source of `report_id` (with its own sources)."""
    store = ws.store
    with store.transaction() as db:
        rows = {r["id"]: r for r in db.execute(
            "SELECT id, merged_into FROM reports WHERE id IN (?, ?)", (report_id, other_id))}
        for rid in (report_id, other_id):
            if rid not in rows:
                raise SourceError(f"there is no report {rid}")
            if rows[rid]["merged_into"] is not None:
                raise SourceError(f"report {rid} is already a source of report "
                                  f"{rows[rid]['merged_into']}: split it first")
        if report_id == other_id:
            raise SourceError("a report cannot be merged into itself")
        db.execute("UPDATE reports SET merged_into=? WHERE id=? OR merged_into=?",
                   (report_id, other_id, other_id))
    _unindex(ws, other_id)
    align_pages(ws, report_id)


def split(ws, report_id: int) -> list[int]:
    """Make the sources of `report_id` (or, when it is a source, just it) reports of their
    own again; returns their ids."""
    store = ws.store
    with store.transaction() as db:
        row = db.execute("SELECT merged_into FROM reports WHERE id=?", (report_id,)).fetchone()
        if row is None:
            raise SourceError(f"there is no report {report_id}")
        if row["merged_into"] is not None:
            primary, ids = row["merged_into"], [report_id]
        else:
            primary = report_id
            ids = [r[0] for r in db.execute("SELECT id FROM reports WHERE merged_into=?",
                                            (report_id,))]
        if not ids:
            raise SourceError(f"report {report_id} has no other source to split off")
        db.executemany("UPDATE reports SET merged_into=NULL, indexed=0 WHERE id=?",
                       [(i,) for i in ids])
    _index(ws, ids)
    align_pages(ws, primary)
    return ids


def pdf_source(store, report_id: int) -> dict | None:
    """The report's PDF among its sources (its own file first), or None."""
    return next((s for s in store.sources(report_id) if s["format"] == "pdf"), None)


def align_pages(ws, report_id: int) -> int:
    """Give the report's blocks the pages of its PDF source, when its own text is not the
    PDF's: each block takes the page where the PDF holds the same run of words (a block
    with no such run keeps the page before it). Returns the blocks given a page."""
    store = ws.store
    stored = store.get_report(report_id)
    pdf = pdf_source(store, report_id)
    if stored is None or stored.format == "pdf":
        return 0
    if pdf is None:  # no PDF any more (split): the pages were the PDF's, drop them
        with store.transaction() as db:
            db.execute("UPDATE blocks SET page=NULL WHERE report_id=?", (report_id,))
        return 0
    source = store.get_report(pdf["id"])
    where: dict[tuple[str, ...], int] = {}
    for b in source.report.blocks:
        if b.page is None:
            continue
        for sh in _shingles(_words(source.report.text[b.start:b.end])):
            where.setdefault(sh, b.page)
    pages: list[int | None] = []
    last = None
    text = stored.report.text
    for b in stored.report.blocks:
        votes = Counter(where[sh] for sh in _shingles(_words(text[b.start:b.end]))
                        if sh in where)
        page = votes.most_common(1)[0][0] if votes else last
        pages.append(page)
        last = page if page is not None else last
    with store.transaction() as db:
        db.executemany("UPDATE blocks SET page=? WHERE report_id=? AND ord=?",
                       [(p, report_id, i) for i, p in enumerate(pages)])
    return sum(p is not None for p in pages)


def _unindex(ws, report_id: int) -> None:
    ws.drop_from_index(report_id)


def _index(ws, ids: list[int]) -> None:
    ws.refresh_index(ids)


__all__ = ["SourceError", "align_pages", "merge", "pdf_source", "same_inspection",
           "similarity", "split"]
