"""Replacing a held report by a new version of its file, keeping officers' work. No Qt.

`replace_report(ws, report_id, path)` reads and extracts the new file first (ImportFailed,
and nothing changed, when it cannot be read), then in ONE transaction:

* updates the report row (text, title, sha256, source, format, original copy, version + 1,
  indexed = 0) and replaces its sections, judgments and blocks;
* findings: a new finding with the same kind and (normalised) text as an old one takes over
  the old row, keeping its id, so links, response items and rejected suggestions that point
  at it stay valid; failing that, one with the same text under another kind; new findings
  without a match are added; old findings without a match are deleted: their links are
  DROPPED (counted in "links_dropped"), response items keep their copy of the finding (the
  FK sets finding_id NULL);
* re-anchors every annotation (orphans too: they may fit the new version) with
  `reanchor_all`: "stayed" = same offsets, "moved" = placed at new offsets (or placed again
  after being orphaned), "orphaned" = no place (kept with quote and note, orphaned = 1).
  A placed annotation takes the new text's quote and context at its place, so that later
  versions anchor against this one. `modified` is not touched (it is not an officer's edit).

After the commit the report is re-indexed. Returns
{"moved", "stayed", "orphaned", "links_dropped"}.
"""
from __future__ import annotations

import hashlib
from collections import defaultdict, deque
from pathlib import Path

from ..errors import ImportFailed
from ..store import FINDING_COLUMNS, finding_values, now
from .anchoring import Selector, make_selector, normalize, reanchor_all


def _key(text: str) -> str:
    return normalize(text).casefold()


def _read(path: Path):
    """Read and extract a file; ImportFailed with one line for the officer."""
    from ..extract import build_report
    from ..readers import read_document

    try:
        doc = read_document(path)
        return doc, build_report(doc)
    except ImportFailed:
        raise
    except Exception as e:  # noqa: BLE001 -- the officer gets one line, not a traceback
        raise ImportFailed(path, f"unexpected error while reading it "
                                 f"({type(e).__name__}: {e})") from None


def replace_report(ws, report_id: int, path) -> dict:
    path = Path(path)
    store = ws.store
    if store.get_report(report_id) is None:
        raise LookupError(f"there is no report {report_id}")
    try:
        data = path.read_bytes()
    except OSError as e:
        raise ImportFailed(path, f"cannot read it ({e.strerror or e})") from None
    sha = hashlib.sha256(data).hexdigest()
    other = store.find_sha(sha)
    if other is not None and other != report_id:
        raise ImportFailed(path, f"it is the same file as report {other}")
    doc, report = _read(path)
    original = ws._keep_original(path, sha)
    return apply_version(ws, report_id, report, sha=sha, source_name=path.name,
                         source_path=str(path.resolve()), fmt=doc.format, original=original)


def reextract_report(ws, report_id: int, index: bool = True) -> dict:
    """Read a held report again from its original, with this version of the extractor;
    annotations, links, corrections and the response are kept as for a new version.
    index=False leaves it for the caller to index (in a batch with others)."""
    with ws.store._lock:
        row = ws.store.db.execute("SELECT sha256, source_name, source_path, format, original"
                                  " FROM reports WHERE id=?", (report_id,)).fetchone()
    if row is None:
        raise LookupError(f"there is no report {report_id}")
    path = ws.folder / row["original"]
    _, report = _read(path)
    return apply_version(ws, report_id, report, sha=row["sha256"],
                         source_name=row["source_name"], source_path=row["source_path"],
                         fmt=row["format"], original=row["original"], index=index)


def apply_version(ws, report_id: int, report, *, sha: str, source_name: str, source_path: str,
                  fmt: str, original: str, index: bool = True) -> dict:
    """Store `report` as the new version of a held report, in one transaction (see the
    module doc), then re-index it."""
    from ..extract.version import EXTRACTOR_VERSION

    store = ws.store
    result = {"moved": 0, "stayed": 0, "orphaned": 0, "links_dropped": 0}
    text = report.text
    with store.transaction() as db:
        old = db.execute("SELECT text FROM reports WHERE id=?", (report_id,)).fetchone()
        if old is None:
            raise LookupError(f"there is no report {report_id}")
        old_len = len(old["text"])
        db.execute(
            "UPDATE reports SET sha256=?, kind=?, title=?, force=?, published=?,"
            " report_published=?, year=?, cycle=?, text=?, source_name=?, source_path=?,"
            " format=?, original=?, imported_at=?, extractor=?, version=version+1, indexed=0"
            " WHERE id=?",
            (sha, report.kind, report.title, report.force, report.published,
             report.report_published, report.year, report.cycle, text, source_name,
             source_path, fmt, original, now(), EXTRACTOR_VERSION, report_id))
        for table in ("sections", "judgments", "blocks"):
            db.execute(f"DELETE FROM {table} WHERE report_id=?", (report_id,))
        store.insert_parts(db, report_id, report, findings=False)
        result["links_dropped"] = _replace_findings(db, report_id, report.findings)
        _reanchor(db, report_id, text, old_len, result)
        _reanchor_corrections(db, report_id, text, old_len)
    if not index:
        return result
    from .sources import align_pages

    align_pages(ws, report_id)  # pages from a PDF source, when its text is not the PDF's
    with store._lock:
        merged = store.db.execute("SELECT merged_into FROM reports WHERE id=?",
                                  (report_id,)).fetchone()[0]
    if merged is None:  # a source of another report stays out of search
        ws.refresh_index([report_id])
    return result


def _replace_findings(db, report_id: int, findings) -> int:
    """Match new findings onto old rows (see the module doc); returns links dropped."""
    # the officer's own findings are theirs, not the extractor's: never matched, never
    # deleted here (_reanchor_corrections moves them with their passage)
    old_rows = db.execute("SELECT id, kind, text FROM findings WHERE report_id=?"
                          " AND basis != 'officer' ORDER BY ord", (report_id,)).fetchall()
    by_kind_text: dict[tuple, deque] = defaultdict(deque)
    by_text: dict[str, deque] = defaultdict(deque)
    for r in old_rows:
        by_kind_text[(r["kind"], _key(r["text"]))].append(r["id"])
        by_text[_key(r["text"])].append(r["id"])
    used: set[int] = set()

    def take(q: deque) -> int | None:
        while q:
            fid = q.popleft()
            if fid not in used:
                used.add(fid)
                return fid
        return None

    matches = [take(by_kind_text[(f.kind, _key(f.text))]) for f in findings]
    matches = [m if m is not None else take(by_text[_key(f.text)])
               for m, f in zip(matches, findings, strict=True)]
    # move kept rows out of the way of the new order first (ord is not unique, but tidy)
    for i, (f, fid) in enumerate(zip(findings, matches, strict=True)):
        if fid is not None:
            db.execute('UPDATE findings SET ord=?, kind=?, area=?, text=?, start=?, "end"=?,'
                       " confidence=?, basis=?, due=?, addressee=? WHERE id=?",
                       (i, *finding_values(f), fid))
        else:
            db.execute(f"INSERT INTO findings (report_id, ord, {FINDING_COLUMNS})"
                       " VALUES (?,?,?,?,?,?,?,?,?,?,?)", (report_id, i, *finding_values(f)))
    dropped = 0
    for r in old_rows:
        if r["id"] in used:
            continue
        dropped += db.execute("DELETE FROM links WHERE (source_type='finding' AND source_id=?)"
                              " OR (target_type='finding' AND target_id=?)",
                              (r["id"], r["id"])).rowcount
        db.execute("DELETE FROM findings WHERE id=?", (r["id"],))
    return dropped


def _reanchor(db, report_id: int, text: str, old_len: int, result: dict) -> None:
    rows = db.execute('SELECT id, quote, prefix, suffix, start, "end", orphaned'
                      " FROM annotations WHERE report_id=? ORDER BY id",
                      (report_id,)).fetchall()
    selectors = [Selector(r["quote"], r["prefix"], r["suffix"],
                          r["start"] if r["start"] is not None else 0,
                          r["end"] if r["end"] is not None else 0, old_len or None)
                 for r in rows]
    for r, found in zip(rows, reanchor_all(selectors, text), strict=True):
        if found.orphaned:
            result["orphaned"] += 1
            db.execute('UPDATE annotations SET start=NULL, "end"=NULL, orphaned=1 WHERE id=?',
                       (r["id"],))
            continue
        if not r["orphaned"] and (found.start, found.end) == (r["start"], r["end"]):
            result["stayed"] += 1
        else:
            result["moved"] += 1
        s = make_selector(text, found.start, found.end)
        db.execute('UPDATE annotations SET quote=?, prefix=?, suffix=?, start=?, "end"=?,'
                   " orphaned=0 WHERE id=?",
                   (s.exact, s.prefix, s.suffix, s.start, s.end, r["id"]))


def _reanchor_corrections(db, report_id: int, text: str, old_len: int) -> None:
    """The officer's corrections of findings follow their passages into the new text, as
    annotations do: a correction whose finding survived (same id) takes its place; one
    whose finding went finds the extracted finding now at its passage; an officer's own
    finding moves with its passage. What has no place any more is marked orphaned (listed
    for the officer, never applied elsewhere)."""
    rows = db.execute('SELECT id, finding_id, quote, prefix, suffix, start, "end" FROM'
                      " corrections WHERE report_id=? AND target='finding' ORDER BY id",
                      (report_id,)).fetchall()
    if not rows:
        return
    findings = {r["id"]: r for r in db.execute(
        'SELECT id, basis, text, start, "end" FROM findings WHERE report_id=?',
        (report_id,))}
    selectors = [Selector(r["quote"], r["prefix"], r["suffix"], r["start"] or 0,
                          r["end"] or 0, old_len or None) for r in rows]
    for r, found in zip(rows, reanchor_all(selectors, text), strict=True):
        f = findings.get(r["finding_id"])
        if f is not None and f["basis"] != "officer":
            s = make_selector(text, f["start"], f["end"]) if f["end"] > f["start"] else None
            if s is not None:
                db.execute('UPDATE corrections SET quote=?, prefix=?, suffix=?, start=?, "end"=?,'
                           " orphaned=0 WHERE id=?",
                           (s.exact, s.prefix, s.suffix, s.start, s.end, r["id"]))
            continue
        if found.orphaned:
            db.execute("UPDATE corrections SET orphaned=1 WHERE id=?", (r["id"],))
            continue
        s = make_selector(text, found.start, found.end)
        target = r["finding_id"]
        if f is not None:  # the officer's own finding: move its row with its passage
            db.execute('UPDATE findings SET text=?, start=?, "end"=? WHERE id=?',
                       (s.exact, s.start, s.end, f["id"]))
        else:
            overlaps = [(min(g["end"], s.end) - max(g["start"], s.start), gid)
                        for gid, g in findings.items() if g["basis"] != "officer"]
            best = max(overlaps, default=(0, None))
            if best[0] <= 0.5 * (s.end - s.start):
                db.execute("UPDATE corrections SET orphaned=1 WHERE id=?", (r["id"],))
                continue
            target = best[1]
        db.execute('UPDATE corrections SET finding_id=?, quote=?, prefix=?, suffix=?, start=?,'
                   ' "end"=?, orphaned=0 WHERE id=?',
                   (target, s.exact, s.prefix, s.suffix, s.start, s.end, r["id"]))


def prefer_source(ws, report_id: int, source_id: int) -> dict:
    """Take the report's text from another of its sources (the officer prefers the web
    page's text to the PDF's, say): the report is read from that file as a new version
    (annotations, links, corrections and the response re-anchored, as for a replace), and
    the source row takes the file the report had. Returns the replace counts."""
    from .sources import SourceError, align_pages

    store = ws.store
    with store._lock:
        rows = {r["id"]: dict(r) for r in store.db.execute(
            "SELECT id, sha256, source_name, source_path, format, original, merged_into"
            " FROM reports WHERE id IN (?, ?)", (report_id, source_id))}
    if report_id not in rows or source_id not in rows or \
            rows[source_id]["merged_into"] != report_id:
        raise SourceError(f"report {source_id} is not a source of report {report_id}")
    a, b = rows[report_id], rows[source_id]
    _, report_b = _read(ws.folder / b["original"])
    _, report_a = _read(ws.folder / a["original"])
    with store.transaction() as db:  # free b's sha256 (UNIQUE) for the report
        db.execute("UPDATE reports SET sha256=? WHERE id=?", ("swap-" + b["sha256"],
                                                               source_id))
    result = apply_version(ws, report_id, report_b, sha=b["sha256"],
                           source_name=b["source_name"], source_path=b["source_path"],
                           fmt=b["format"], original=b["original"])
    apply_version(ws, source_id, report_a, sha=a["sha256"], source_name=a["source_name"],
                  source_path=a["source_path"], fmt=a["format"], original=a["original"],
                  index=False)
    ws.drop_from_index(source_id)  # a source stays out of search
    align_pages(ws, report_id)
    return result
