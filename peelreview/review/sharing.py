"""Sharing annotations between workspaces as W3C Web Annotation JSON-LD. No Qt.

`export_annotations` writes one AnnotationCollection:

    {"@context": ["http://www.w3.org/ns/anno.jsonld", {"peelreview": "urn:peelreview:"}],
     "type": "AnnotationCollection", "generator": "peelreview", "total": N,
     "items": [...]}

Each officer's annotation is an item:

    {"id": "urn:uuid:U", "type": "Annotation", "motivation": "commenting" ("highlighting"
       when it has no note), "created": ISO, "modified": ISO,
     "body": [{"type": "TextualBody", "value": NOTE, "purpose": "commenting",
               "format": "text/plain"},                      (only when there is a note)
              {"type": "TextualBody", "value": TAG, "purpose": "tagging"}, ...],
     "peelreview:colour": "yellow", "peelreview:orphaned": false,
     "target": {"source": "urn:sha256:<sha256 of the report's original file>",
                "peelreview:title": TITLE,
                "selector": [{"type": "TextQuoteSelector", "exact", "prefix", "suffix"},
                             {"type": "TextPositionSelector", "start", "end"}]}}
                             (no TextPositionSelector while orphaned)

Links are items too, with motivation "linking" (they follow the annotations):

    {"id": "urn:uuid:L", "type": "Annotation", "motivation": "linking", "created": ISO,
     "peelreview:linkType": "follows up", "peelreview:comment": TEXT,
     "target": END, "body": END}        target = the link's source, body = the link's target

where END is {"type": "SpecificResource", "source": "urn:sha256:S"} plus either
"peelreview:annotation": "urn:uuid:U" or "peelreview:finding": {"kind", "text"} and the
finding's selectors. A link is exported only when both ends are in the export.

The officer's corrections of what was read are items too, with motivation
"peelreview:correcting" (so a colleague receives them with the annotations):

    {"id": "urn:uuid:C", "type": "Annotation", "motivation": "peelreview:correcting",
     "created": ISO, "peelreview:correction": {"target": "finding"|"judgment"|"report",
       "action": ..., "kind", "area", "grade", "field", "value"},
     "target": {"source": "urn:sha256:S", "peelreview:title": TITLE,
                "selector": [...]}}       (selectors only for a finding's correction)

`import_annotations` merges such a file: reports are matched by sha256 (items on a report
not held are skipped and counted), annotations are re-anchored on the held text, merged by
uuid (a held one is updated when the file's copy is newer; either way it counts as
"merged"), and those that cannot be placed are kept as orphans (placing one costs a
bounded time: see anchoring.FUZZY_MAX_CHARS). Items go in by batches, each one transaction
(BATCH_ITEMS items or BATCH_SECONDS of work), so a long import never holds the workspace
for long; uuids are UNIQUE, so importing a file twice, or again after an interruption,
even from two threads or processes at once, never duplicates anything.
"""
from __future__ import annotations

import time
import uuid as uuidlib

from ..store import parse_time, timestamp
from .anchoring import AnchorText, Selector, anchor, make_selector, normalize
from .annotations import (
    COLOURS,
    Annotation,
    clean_tags,
    insert_annotation,
    set_tags,
)
from .links import LINK_TYPES, item_exists

#: a batch of an import is one transaction: this many items, or this long, at most
BATCH_ITEMS = 100
BATCH_SECONDS = 0.5

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
NS = "peelreview:"
CONTEXT = [ANNO_CONTEXT, {"peelreview": "urn:peelreview:"}]


def _urn_uuid(u: str) -> str:
    return f"urn:uuid:{u}"


def _from_urn_uuid(value) -> str | None:
    if not isinstance(value, str):
        return None
    raw = value[len("urn:uuid:"):] if value.startswith("urn:uuid:") else value
    try:
        return str(uuidlib.UUID(raw))
    except ValueError:
        return None


def _annotation_item(a: Annotation, sha: str, title: str) -> dict:
    body = []
    if a.note:
        body.append({"type": "TextualBody", "value": a.note, "purpose": "commenting",
                     "format": "text/plain"})
    body += [{"type": "TextualBody", "value": t, "purpose": "tagging"} for t in a.tags]
    selector = [{"type": "TextQuoteSelector", "exact": a.quote, "prefix": a.prefix,
                 "suffix": a.suffix}]
    if not a.orphaned and a.start is not None:
        selector.append({"type": "TextPositionSelector", "start": a.start, "end": a.end})
    return {"id": _urn_uuid(a.uuid), "type": "Annotation",
            "motivation": "commenting" if a.note else "highlighting",
            "created": a.created, "modified": a.modified, "body": body,
            NS + "colour": a.colour, NS + "orphaned": a.orphaned,
            "target": {"source": f"urn:sha256:{sha}", NS + "title": title,
                       "selector": selector}}


def export_annotations(ws, report_id: int | None = None) -> dict:
    """The workspace's annotations (of one report, or all) and the links between exported
    items, as a W3C AnnotationCollection (see the module doc)."""
    from .annotations import AnnotationService

    annotations = AnnotationService(ws).list(report_id=report_id)
    store = ws.store
    with store._lock:
        db = store.db
        reports = {r["id"]: (r["sha256"], r["title"]) for r in db.execute(
            "SELECT id, sha256, title FROM reports")}
        ann_ids = {a.id: a for a in annotations}
        items = [_annotation_item(a, *reports[a.report_id]) for a in annotations]

        def end(kind: str, item_id: int) -> dict | None:
            if kind == "annotation":
                a = ann_ids.get(item_id)
                if a is None:
                    return None
                return {"type": "SpecificResource",
                        "source": f"urn:sha256:{reports[a.report_id][0]}",
                        NS + "annotation": _urn_uuid(a.uuid)}
            row = db.execute('SELECT report_id, kind, text, start, "end" FROM findings'
                             " WHERE id=?", (item_id,)).fetchone()
            if row is None or (report_id is not None and row["report_id"] != report_id):
                return None
            return {"type": "SpecificResource",
                    "source": f"urn:sha256:{reports[row['report_id']][0]}",
                    NS + "finding": {"kind": row["kind"], "text": row["text"]},
                    "selector": [{"type": "TextQuoteSelector", "exact": row["text"]},
                                 {"type": "TextPositionSelector", "start": row["start"],
                                  "end": row["end"]}]}

        for lk in db.execute("SELECT * FROM links ORDER BY id").fetchall():
            src = end(lk["source_type"], lk["source_id"])
            tgt = end(lk["target_type"], lk["target_id"])
            if src is None or tgt is None:
                continue
            items.append({"id": _urn_uuid(lk["uuid"]), "type": "Annotation",
                          "motivation": "linking", "created": lk["created"],
                          NS + "linkType": lk["link_type"], NS + "comment": lk["comment"],
                          "target": src, "body": tgt})
        items.extend(_correction_items(db, reports, report_id))
    return {"@context": CONTEXT, "type": "AnnotationCollection", "generator": "peelreview",
            "total": len(items), "items": items}


_CORRECTION_FIELDS = ("target", "action", "kind", "area", "grade", "field", "value")


def _correction_items(db, reports: dict, report_id: int | None) -> list[dict]:
    sql = "SELECT * FROM corrections" + (" WHERE report_id=?" if report_id is not None
                                         else "") + " ORDER BY id"
    out = []
    for c in db.execute(sql, (report_id,) if report_id is not None else ()):
        sha, title = reports[c["report_id"]]
        target = {"source": f"urn:sha256:{sha}", NS + "title": title}
        if c["target"] == "finding" and c["quote"]:
            target["selector"] = [{"type": "TextQuoteSelector", "exact": c["quote"],
                                   "prefix": c["prefix"], "suffix": c["suffix"]}]
            if c["start"] is not None and not c["orphaned"]:
                target["selector"].append({"type": "TextPositionSelector",
                                           "start": c["start"], "end": c["end"]})
        out.append({"id": _urn_uuid(c["uuid"]), "type": "Annotation",
                    "motivation": NS + "correcting", "created": c["created"],
                    NS + "correction": {k: c[k] for k in _CORRECTION_FIELDS
                                        if c[k] is not None},
                    "target": target})
    return out


def _items(data) -> list[dict]:
    if isinstance(data, list):
        items = data
    elif isinstance(data, dict) and data.get("type") == "AnnotationCollection":
        items = data.get("items")
        if items is None and isinstance(data.get("first"), dict):
            items = data["first"].get("items")
    elif isinstance(data, dict) and data.get("type") == "Annotation":
        items = [data]
    else:
        raise ValueError("this is not a W3C annotation file (no AnnotationCollection or "
                         "list of Annotations)")
    if not isinstance(items, list):
        raise ValueError("the annotation file has no list of items")
    return [it for it in items if isinstance(it, dict) and it.get("type") == "Annotation"]


def _sha(source) -> str | None:
    if isinstance(source, dict):
        source = source.get("id") or source.get("source")
    if isinstance(source, str) and source.startswith("urn:sha256:"):
        return source[len("urn:sha256:"):].lower()
    return None


def _selectors(target: dict) -> tuple[dict, dict]:
    sel = target.get("selector") or []
    if isinstance(sel, dict):
        sel = [sel]
    if not isinstance(sel, list):
        raise ValueError("its selector is neither an object nor a list")
    quote = next((s for s in sel if isinstance(s, dict)
                  and s.get("type") == "TextQuoteSelector"), {})
    pos = next((s for s in sel if isinstance(s, dict)
                and s.get("type") == "TextPositionSelector"), {})
    return quote, pos


def _bodies(item: dict) -> list[dict]:
    body = item.get("body") or []
    if isinstance(body, dict):
        body = [body]
    if not isinstance(body, list):
        raise ValueError("its body is neither an object nor a list")
    return [b for b in body if isinstance(b, dict)]


def _has_lone_surrogate(value, depth: int = 0) -> bool:
    """True when a string inside `value` holds a lone surrogate (JSON "\\ud800"): such text
    cannot be stored or shown. Nesting past 64 levels counts as bad too."""
    if depth > 64:
        return True
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k, depth + 1) or _has_lone_surrogate(v, depth + 1)
                   for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v, depth + 1) for v in value)
    return False


def _parse_annotation(item: dict):
    """(uuid, sha, Selector, note, tags, colour, created, modified) or None if unusable."""
    uid = _from_urn_uuid(item.get("id"))
    target = item.get("target")
    if isinstance(target, list):
        target = target[0] if target else None
    if uid is None or not isinstance(target, dict):
        return None
    sha = _sha(target.get("source"))
    quote, pos = _selectors(target)
    exact = quote.get("exact")
    if sha is None or not isinstance(exact, str) or not exact:
        return None
    start, end = pos.get("start"), pos.get("end")
    if not (isinstance(start, int) and isinstance(end, int)):
        start = end = 0   # no position: found by the quote alone
    sel = Selector(exact, str(quote.get("prefix") or ""), str(quote.get("suffix") or ""),
                   start, end)
    bodies = _bodies(item)
    note = "\n\n".join(str(b.get("value", "")) for b in bodies
                       if b.get("type") == "TextualBody" and b.get("purpose") != "tagging"
                       and b.get("value"))
    tags = clean_tags(str(b.get("value", "")) for b in bodies if b.get("purpose") == "tagging")
    colour = str(item.get(NS + "colour") or "yellow").lower()
    if colour not in COLOURS:
        colour = "yellow"
    now = timestamp()
    created = str(item.get("created") or now)
    modified = str(item.get("modified") or created)
    return uid, sha, sel, note, tags, colour, created, modified


def import_annotations(ws, data) -> dict:
    """Merge an export (a dict or a list of Annotations) into the workspace.

    Returns {"added": new annotations placed, "merged": annotations already held (by uuid;
    updated when the file's copy is newer), "orphaned": new annotations that could not be
    placed (kept, with their quote and note), "skipped": annotations on reports not held or
    unreadable, "links": links added, "corrections": the officer's corrections added,
    "rejected": ["item N: why", ...] for items refused as malformed (the rest go in)}.
    ValueError when `data` is not an annotation file.
    """
    items = _items(data)
    result = {"added": 0, "merged": 0, "orphaned": 0, "skipped": 0, "links": 0,
              "corrections": 0, "rejected": []}
    reports: dict[str, tuple[int, str, AnchorText] | None] = {}
    db_now = None  # the connection of the batch under way (report_for reads through it)

    def report_for(sha: str):
        if sha not in reports:
            row = db_now.execute("SELECT id, text FROM reports WHERE sha256=?",
                                 (sha,)).fetchone()
            reports[sha] = (row[0], row[1], AnchorText(row[1])) if row else None
        return reports[sha]

    links, pending = [], list(enumerate(items, 1))
    while pending:
        # one transaction per batch: the write lock is let go between batches, so an
        # officer's annotate or import in another window or process waits moments, not
        # the length of a whole file
        with ws.store.transaction() as db:
            db_now = db
            began = time.monotonic()
            while pending and time.monotonic() - began < BATCH_SECONDS:
                batch, pending = pending[:BATCH_ITEMS], pending[BATCH_ITEMS:]
                for number, item in batch:
                    if _has_lone_surrogate(item):
                        result["rejected"].append(f"item {number}: it holds text that is not "
                                                  "valid Unicode (a lone surrogate)")
                        continue
                    if item.get("motivation") == "linking":
                        links.append(item)
                        continue
                    db.execute("SAVEPOINT item")  # a malformed item leaves nothing behind
                    try:
                        _import_item(db, item, report_for, result)
                    except (TypeError, ValueError, AttributeError, OverflowError) as e:
                        db.execute("ROLLBACK TO item")
                        result["rejected"].append(f"item {number}: {_why(e)}")
                    db.execute("RELEASE item")
    if links:
        with ws.store.transaction() as db:
            db_now = db
            for item in links:
                try:
                    result["links"] += _import_link(db, item, report_for)
                except (TypeError, ValueError, AttributeError, OverflowError) as e:
                    result["rejected"].append(f"link: {_why(e)}")
    return result


def _why(error: Exception) -> str:
    """A malformed item's fault as a short phrase (ours, or Python's for a wrong type)."""
    text = " ".join(str(error).split())[:160]
    return text if isinstance(error, ValueError) and text else \
        f"a field has the wrong type ({type(error).__name__}: {text})"


def _import_item(db, item: dict, report_for, result: dict) -> None:
    """One annotation or correction item into the workspace, counted in `result`."""
    if item.get("motivation") == NS + "correcting":
        outcome = _import_correction(db, item, report_for)
        result[outcome] = result.get(outcome, 0) + 1
        return
    parsed = _parse_annotation(item)
    if parsed is None:
        result["skipped"] += 1
        return
    uid, sha, sel, note, tags, colour, created, modified = parsed
    held = db.execute("SELECT id, modified FROM annotations WHERE uuid=?", (uid,)).fetchone()
    if held is not None:
        result["merged"] += 1
        if parse_time(modified) > parse_time(held["modified"]):
            db.execute("UPDATE annotations SET note=?, colour=?, modified=? WHERE id=?",
                       (note, colour, modified, held["id"]))
            set_tags(db, held["id"], tags)
        return
    report = report_for(sha)
    if report is None:
        result["skipped"] += 1
        return
    rid, text, prepared = report
    found = anchor(sel, prepared)
    if found.orphaned:
        a = Annotation(0, uid, rid, sel.exact, sel.prefix, sel.suffix, None, None, True,
                       colour, note, tags, created, modified)
        result["orphaned"] += 1
    else:
        s = make_selector(text, found.start, found.end)
        a = Annotation(0, uid, rid, s.exact, s.prefix, s.suffix, s.start, s.end, False,
                       colour, note, tags, created, modified)
        result["added"] += 1
    insert_annotation(db, a)


def _import_correction(db, item: dict, report_for) -> str:
    """One correction item into the workspace: "corrections" when added, "merged" when
    held already (same uuid), "skipped" when its report is not held or it is malformed.
    A finding's correction is re-anchored on the held text and names the finding there
    (the officer's own finding is made again); one that finds no place is kept, orphaned."""
    from ..corrections import DETAILS
    from ..store import FINDING_COLUMNS
    from .curation import GRADES, KINDS, REPORT_KINDS

    uid = _from_urn_uuid(item.get("id"))
    body = item.get(NS + "correction")
    target = item.get("target")
    if uid is None or not isinstance(body, dict) or not isinstance(target, dict):
        return "skipped"
    c = {k: body.get(k) for k in _CORRECTION_FIELDS}
    if not all(v is None or isinstance(v, str) for v in c.values()):
        return "skipped"
    valid = {("finding", a) for a in ("confirm", "reject", "add", "change")} | {
        ("judgment", a) for a in ("confirm", "reject", "set")} | {("report", "set")}
    if (c["target"], c["action"]) not in valid or (c["kind"] and c["kind"] not in KINDS) \
            or (c["grade"] and c["grade"] not in GRADES) or (
            c["target"] == "report" and (c["field"] not in DETAILS or (
                c["field"] == "kind" and c["value"] not in REPORT_KINDS))):
        return "skipped"
    if db.execute("SELECT 1 FROM corrections WHERE uuid=?", (uid,)).fetchone():
        return "merged"
    report = report_for(_sha(target.get("source")) or "")
    if report is None:
        return "skipped"
    rid, text, prepared = report
    row = {"finding_id": None, "quote": "", "prefix": "", "suffix": "", "start": None,
           "end": None, "orphaned": 0}
    if c["target"] == "finding":
        quote, position = _selectors(target)
        if not isinstance(quote.get("exact"), str) or not quote.get("exact"):
            return "skipped"
        sel = Selector(quote["exact"], str(quote.get("prefix") or ""),
                       str(quote.get("suffix") or ""), _int(position.get("start")),
                       _int(position.get("end")))
        found = anchor(sel, prepared)
        if found.orphaned:
            row.update(quote=sel.exact, prefix=sel.prefix, suffix=sel.suffix, orphaned=1)
        else:
            s = make_selector(text, found.start, found.end)
            row.update(quote=s.exact, prefix=s.prefix, suffix=s.suffix, start=s.start,
                       end=s.end)
            if c["action"] == "add":
                order = db.execute("SELECT COALESCE(MAX(ord) + 1, 0) FROM findings"
                                   " WHERE report_id=?", (rid,)).fetchone()[0]
                row["finding_id"] = db.execute(
                    f"INSERT INTO findings (report_id, ord, {FINDING_COLUMNS}) VALUES"
                    " (?,?,?,?,?,?,?,?,?,?,?)",
                    (rid, order, c["kind"] or "recommendation", c["area"], s.exact, s.start,
                     s.end, "certain", "officer", None, None)).lastrowid
            else:
                best = max(((min(f["end"], s.end) - max(f["start"], s.start), f["id"]) for f in
                            db.execute('SELECT id, start, "end" FROM findings WHERE'
                                       " report_id=?", (rid,))), default=(0, None))
                if best[0] > 0.5 * (s.end - s.start):
                    row["finding_id"] = best[1]
                else:
                    row["orphaned"] = 1
    created = item.get("created") if isinstance(item.get("created"), str) else timestamp()
    cols = ["uuid", "report_id", "target", "action", "finding_id", "quote", "prefix", "suffix",
            "start", "end", "orphaned", "area", "kind", "grade", "field", "value", "created"]
    values = [uid, rid, c["target"], c["action"], row["finding_id"], row["quote"],
              row["prefix"], row["suffix"], row["start"], row["end"], row["orphaned"],
              c["area"], c["kind"], c["grade"], c["field"], c["value"], created]
    db.execute(f"INSERT INTO corrections ({', '.join(chr(34) + k + chr(34) for k in cols)})"
               " VALUES "
               f"({', '.join('?' * len(cols))})", values)
    return "corrections"


def _int(value) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and \
        0 <= value < 10**12 else 0


def _resolve_end(db, end, report_for) -> tuple[str, int] | None:
    if not isinstance(end, dict):
        return None
    if NS + "annotation" in end:
        uid = _from_urn_uuid(end[NS + "annotation"])
        row = db.execute("SELECT id FROM annotations WHERE uuid=?", (uid,)).fetchone()
        return ("annotation", row[0]) if row else None
    finding = end.get(NS + "finding")
    sha = _sha(end.get("source"))
    if not isinstance(finding, dict) or sha is None or report_for(sha) is None:
        return None
    rid = report_for(sha)[0]
    wanted = normalize(str(finding.get("text", ""))).casefold()
    rows = db.execute("SELECT id, kind, text FROM findings WHERE report_id=? ORDER BY ord",
                      (rid,)).fetchall()
    same = [r for r in rows if normalize(r["text"]).casefold() == wanted]
    same.sort(key=lambda r: r["kind"] != finding.get("kind"))
    return ("finding", same[0]["id"]) if same else None


def _import_link(db, item: dict, report_for) -> int:
    uid = _from_urn_uuid(item.get("id"))
    link_type = item.get(NS + "linkType")
    if uid is None or link_type not in LINK_TYPES:
        return 0
    body = item.get("body")
    if isinstance(body, list):
        body = next((b for b in body if isinstance(b, dict) and b.get("type")
                     == "SpecificResource"), None)
    src = _resolve_end(db, item.get("target"), report_for)
    tgt = _resolve_end(db, body, report_for)
    if src is None or tgt is None or src == tgt:
        return 0
    if not (item_exists(db, *src) and item_exists(db, *tgt)):
        return 0
    dup = db.execute("SELECT 1 FROM links WHERE uuid=? OR (link_type=? AND ((source_type=? AND"
                     " source_id=? AND target_type=? AND target_id=?) OR (source_type=? AND"
                     " source_id=? AND target_type=? AND target_id=?)))",
                     (uid, link_type, *src, *tgt, *tgt, *src)).fetchone()
    if dup:
        return 0
    db.execute("INSERT INTO links (uuid, source_type, source_id, target_type, target_id,"
               " link_type, comment, created) VALUES (?,?,?,?,?,?,?,?)",
               (uid, *src, *tgt, link_type, str(item.get(NS + "comment") or ""),
                str(item.get("created") or timestamp())))
    return 1


__all__ = ["CONTEXT", "export_annotations", "import_annotations"]
