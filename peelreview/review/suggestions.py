"""Link suggestions: for a finding or an annotated passage, the findings of the same force's
other reports that probably deal with the same issue. No Qt.

"More like this" as Whoosh documents it (Searcher.more_like): the key terms of the item's
text (Bo1 expansion model over the whole index), then an Or of those terms with their
weights as boosts, searched among finding documents only.

What is proposed, and why:

- same force, other reports, findings only (doc_type "finding"); the kinds an officer links
  (cause of concern, recommendation, area for improvement) and innovative practice only for
  an innovative practice;
- area: a boost, not a filter. PEEL areas were renamed and regrouped between cycles, and the
  subjects moved with them: the 2021/22 inspections report vetting progress under "Building,
  supporting and protecting the workforce" while the 2018/19 cause of concern about the
  vetting backlog sits under "ethical and lawful workforce behaviour" — a different area in
  resources/peel_areas.json. A hard filter by the paired area would hide exactly the link
  the officer is looking for, so a candidate in the paired area (compare.area_key) is
  ranked higher instead;
- never one already linked to the item (either direction, any type) nor one the officer
  rejected for it (either direction: rejecting B for A also keeps A away from B);
- numbers are not key terms ("52 percent" and "19 percent" are not the same subject).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..extract import areas
from ..reading.compare import area_key
from .links import check_item, check_link_type, item_exists

#: Kinds proposed for any item; innovative practice only for an innovative practice.
LINKABLE_KINDS = ("cause_of_concern", "recommendation", "area_for_improvement")
INNOVATIVE = "innovative_practice"
#: Key terms taken from the item's text, and candidates looked at per suggestion wanted.
NUM_TERMS = 15
CANDIDATES_PER_RESULT = 6
#: Score multiplier for a candidate in the same (paired) PEEL area as the item.
AREA_BOOST = 1.5
#: How many words of "why" (shared key terms) to show.
WHY_TERMS = 5
#: Link types whose direction means "newer → older" (the newer item is the source).
DIRECTED = ("follows up", "responds to", "supersedes")

_NUMBER = re.compile(r"^[\d.,%]+$")
#: Words that say nothing about the subject of a finding: function words Whoosh's stop list
#: keeps, and the inspectorate's boilerplate ("the force should make sure"). The force's
#: own name is added per item: every finding of the force shares it.
NOT_KEY_WORDS = ("has hasn't had have should would could must made make makes making sure "
                 "ensure ensures all but met its their there they them was were been being "
                 "also which who what how than then these those other more most some such "
                 "into over only very well force forces police constabulary inspection "
                 "report reports found find our his her not no do does did need needs within "
                 "cause concern so can whose whom where when while still too yet just any "
                 "each every both many much own same again further once")


@dataclass(frozen=True)
class Suggestion:
    """A finding proposed as related to the item asked about."""
    finding_id: int
    report_id: int
    report_title: str
    published: str | None     # ISO date of the report, when it states one
    year: int | None
    kind: str                 # the finding's kind, e.g. "cause_of_concern"
    area: str | None          # the PEEL area the finding sits under, as the report names it
    text: str
    score: float
    same_area: bool           # the finding's area is the item's area (or its renamed pair)
    why: tuple[str, ...]      # the key words it shares with the item, as the item writes them

    @property
    def date(self) -> str | None:
        return self.published or (str(self.year) if self.year else None)

    def to_dict(self) -> dict:
        return {"finding_id": self.finding_id, "report_id": self.report_id,
                "report_title": self.report_title, "published": self.published,
                "year": self.year, "kind": self.kind, "area": self.area, "text": self.text,
                "score": round(self.score, 4), "same_area": self.same_area,
                "why": list(self.why)}


@dataclass(frozen=True)
class _Source:
    item: tuple[str, int] | None   # None for free text
    report_id: int
    force: str | None
    text: str
    kind: str | None
    area: str | None


def area_at(db, report_id: int, pos: int | None) -> str | None:
    """The PEEL area a place in a report sits under: the innermost section named after a
    known area, else the last graded area before it; None when neither exists."""
    if pos is None:
        return None
    rows = db.execute('SELECT title, level, start, "end" FROM sections WHERE report_id=?'
                      ' AND start<=? AND ?<"end" ORDER BY level DESC, start DESC',
                      (report_id, pos, pos)).fetchall()
    for r in rows:
        if areas.is_known_area(r["title"]):
            return r["title"]
    row = db.execute("SELECT area FROM judgments WHERE report_id=? AND start<=?"
                     " ORDER BY start DESC LIMIT 1", (report_id, pos)).fetchone()
    return row["area"] if row else None


def _same_area(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = area_key(a), area_key(b)
    return ka == kb or areas.same_area(a, b)


class SuggestionService:
    """Suggestions, and the officer's answers to them (`Workspace.suggestions`)."""

    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    # ------------------------------------------------------------------ asking
    def for_item(self, kind: str, item_id: int, limit: int = 5) -> list[Suggestion]:
        """Findings to link to a finding or an annotation, best first. LookupError when the
        item does not exist."""
        item = check_item((kind, item_id))
        return self._suggest(self._source(item), limit)

    def for_text(self, report_id: int, text: str, start: int | None = None,
                 limit: int = 5) -> list[Suggestion]:
        """Findings like a piece of a report's text (e.g. the officer's selection); `start`
        places it, to know its area (None: no area boost)."""
        with self.store._lock:
            db = self.store.db
            rep = db.execute("SELECT force FROM reports WHERE id=?", (report_id,)).fetchone()
            if rep is None:
                raise LookupError(f"there is no report {report_id}")
            area = area_at(db, report_id, start)
        return self._suggest(_Source(None, report_id, rep["force"], text, None, area), limit)

    def _source(self, item: tuple[str, int]) -> _Source:
        kind, item_id = item
        with self.store._lock:
            db = self.store.db
            if kind == "finding":
                row = db.execute("SELECT report_id, kind, area, text FROM findings WHERE id=?",
                                 (item_id,)).fetchone()
                if row is None:
                    raise LookupError(f"there is no finding {item_id}")
                text, fkind, area = row["text"], row["kind"], row["area"]
                fixed = self._corrected(item_id)
                if fixed is not None:
                    fkind, area = fixed["kind"], fixed["area"]
            else:
                row = db.execute("SELECT report_id, quote, note, start FROM annotations"
                                 " WHERE id=?", (item_id,)).fetchone()
                if row is None:
                    raise LookupError(f"there is no annotation {item_id}")
                text = f"{row['quote']}\n{row['note']}".strip()
                fkind, area = None, area_at(db, row["report_id"], row["start"])
        stored = self.store.get_report(row["report_id"])
        force = stored.report.force if stored else None  # as the officer corrected it
        return _Source(item, row["report_id"], force, text, fkind, area)

    def _excluded(self, item: tuple[str, int] | None) -> set[int]:
        """Findings never to propose for the item: linked to it, or rejected for it."""
        if item is None:
            return set()
        kind, item_id = item
        out: set[int] = set()
        with self.store._lock:
            db = self.store.db
            for r in db.execute("SELECT source_type, source_id, target_type, target_id"
                                " FROM links WHERE (source_type=? AND source_id=?)"
                                " OR (target_type=? AND target_id=?)",
                                (kind, item_id, kind, item_id)):
                other = (r[2], r[3]) if (r[0], r[1]) == (kind, item_id) else (r[0], r[1])
                if other[0] == "finding":
                    out.add(other[1])
            if kind == "finding":
                out.update(r[0] for r in db.execute(
                    "SELECT other_finding_id FROM rejected_suggestions WHERE finding_id=?"
                    " UNION SELECT finding_id FROM rejected_suggestions"
                    " WHERE other_finding_id=?", (item_id, item_id)))
                out.add(item_id)
            else:
                out.update(r[0] for r in db.execute(
                    "SELECT finding_id FROM rejected_annotation_suggestions"
                    " WHERE annotation_id=?", (item_id,)))
        return out

    def _suggest(self, src: _Source, limit: int) -> list[Suggestion]:
        if not src.force or not src.text.strip() or limit <= 0:
            return []  # "the same force" means nothing for a report that names none
        excluded = self._excluded(src.item)
        kinds = set(LINKABLE_KINDS) | ({INNOVATIVE} if src.kind == INNOVATIVE else set())
        hits = self.ws.index._with_searcher(
            lambda s: self._search(s, src, limit * CANDIDATES_PER_RESULT + len(excluded)))
        out: list[Suggestion] = []
        reports: dict = {}  # each candidate's report read once
        for fid, score, matched in hits:
            if fid in excluded:
                continue
            row = self._corrected(fid, reports)
            # the store decides (the index may lag behind a deletion or a re-import), with
            # the officer's corrections laid over it (kind, area, force, rejected)
            if (row is None or row["force"] != src.force or row["report_id"] == src.report_id
                    or row["kind"] not in kinds):
                continue
            same = _same_area(src.area, row["area"])
            out.append(Suggestion(fid, row["report_id"], row["title"], row["published"],
                                  row["year"], row["kind"], row["area"], row["text"],
                                  score * (AREA_BOOST if same else 1.0), same, matched))
        out.sort(key=lambda s: (-s.score, s.date or "", s.finding_id))
        return out[:limit]

    def _corrected(self, finding_id: int, reports: dict | None = None) -> dict | None:
        """A finding and its report's details as the officer corrected them; None when the
        finding is gone or does not count (rejected, or likely and not confirmed)."""
        from ..corrections import counts

        with self.store._lock:
            row = self.store.db.execute("SELECT report_id FROM findings WHERE id=?",
                                        (finding_id,)).fetchone()
        if row is None:
            return None
        reports = {} if reports is None else reports
        if row["report_id"] not in reports:
            reports[row["report_id"]] = self.store.get_report(row["report_id"])
        stored = reports[row["report_id"]]
        if stored is None or finding_id not in stored.finding_ids:
            return None
        f = stored.report.findings[stored.finding_ids.index(finding_id)]
        if not counts(f):
            return None
        r = stored.report
        return {"report_id": stored.id, "kind": f.kind, "area": f.area, "text": f.text,
                "title": r.title, "published": r.published, "year": r.year, "force": r.force}

    @staticmethod
    def _search(searcher, src: _Source, top: int) -> list[tuple[int, float, tuple[str, ...]]]:
        """(finding id, score, shared words) of the best finding documents of the force."""
        from whoosh.query import And, Or, Term

        field = searcher.schema["text"]
        ignore = set(_surface_words(field, f"{NOT_KEY_WORDS} {src.force}"))
        key_terms = [(t, w) for t, w in searcher.key_terms_from_text(
            "text", src.text, numterms=NUM_TERMS * 3)
            if t not in ignore and not _NUMBER.match(t)][:NUM_TERMS]
        if not key_terms:
            return []
        words = _surface_words(field, src.text)
        force_words = re.findall(r"\w+", src.force.lower())
        query = Or([Term("text", t, boost=max(w, 1e-6)) for t, w in key_terms])
        only = And([Term("doc_type", "finding"), *(Term("force", w) for w in force_words)])
        results = searcher.search(query, limit=top, filter=only,
                                  mask=Term("report_id", src.report_id), terms=True)
        weight = dict(key_terms)
        out = []
        for hit in results:
            fid = hit.get("finding_id")
            if fid is None:
                continue
            shared = sorted({t.decode("utf-8") if isinstance(t, bytes) else t
                             for f, t in hit.matched_terms() if f == "text"},
                            key=lambda t: -weight.get(t, 0))
            out.append((int(fid), float(hit.score),
                        tuple(words.get(t, t) for t in shared[:WHY_TERMS])))
        return out

    # ------------------------------------------------------------------ answering
    def accept(self, source, finding_id: int, link_type: str = "follows up",
               comment: str = ""):
        """Make the suggestion a link (returned, for undo with ws.links.delete). For a
        directed type the newer item is the link's source ("the 2021 note follows up the
        2018 cause of concern"); ValueError as LinkService.create."""
        src, tgt = check_item(source), ("finding", int(finding_id))
        link_type = check_link_type(link_type)
        if link_type in DIRECTED and self._date(tgt) > self._date(src):
            src, tgt = tgt, src
        return self.ws.links.create(src, tgt, link_type, comment)

    def reject(self, source, finding_id: int) -> tuple[tuple[str, int], int]:
        """Never propose this finding for this item again (nor the item, when a finding,
        for it). Returns (source, finding_id) for `unreject` (undo)."""
        kind, item_id = check_item(source)
        finding_id = int(finding_id)
        with self.store.transaction() as db:
            for k, i in ((kind, item_id), ("finding", finding_id)):
                if not item_exists(db, k, i):
                    raise ValueError(f"there is no {k} {i}")
            if (kind, item_id) == ("finding", finding_id):
                raise ValueError("a finding is never suggested for itself")
            if kind == "finding":
                db.execute("INSERT OR IGNORE INTO rejected_suggestions (finding_id,"
                           " other_finding_id) VALUES (?,?)", (item_id, finding_id))
            else:
                db.execute("INSERT OR IGNORE INTO rejected_annotation_suggestions"
                           " (annotation_id, finding_id) VALUES (?,?)", (item_id, finding_id))
        return (kind, item_id), finding_id

    def unreject(self, source, finding_id: int) -> None:
        """Undo of reject: the finding may be proposed for the item again."""
        kind, item_id = check_item(source)
        finding_id = int(finding_id)
        with self.store.transaction() as db:
            if kind == "finding":
                db.execute("DELETE FROM rejected_suggestions WHERE (finding_id=? AND"
                           " other_finding_id=?) OR (finding_id=? AND other_finding_id=?)",
                           (item_id, finding_id, finding_id, item_id))
            else:
                db.execute("DELETE FROM rejected_annotation_suggestions WHERE annotation_id=?"
                           " AND finding_id=?", (item_id, finding_id))

    def rejected(self, source) -> set[int]:
        """The findings rejected for the item (either direction)."""
        kind, item_id = check_item(source)
        with self.store._lock:
            db = self.store.db
            if kind == "finding":
                return {r[0] for r in db.execute(
                    "SELECT other_finding_id FROM rejected_suggestions WHERE finding_id=?"
                    " UNION SELECT finding_id FROM rejected_suggestions"
                    " WHERE other_finding_id=?", (item_id, item_id))}
            return {r[0] for r in db.execute(
                "SELECT finding_id FROM rejected_annotation_suggestions WHERE annotation_id=?",
                (item_id,))}

    def _date(self, item: tuple[str, int]) -> str:
        """The item's report date for ordering ("" when undated: counts as oldest)."""
        table = {"finding": "findings", "annotation": "annotations"}[item[0]]
        with self.store._lock:
            row = self.store.db.execute(
                f"SELECT r.published, r.year FROM {table} x JOIN reports r"
                " ON r.id=x.report_id WHERE x.id=?", (item[1],)).fetchone()
        if row is None:
            return ""
        return row["published"] or (f"{row['year']}-12-31" if row["year"] else "")


def _surface_words(field, text: str) -> dict[str, str]:
    """stem -> the word as written in `text` (its first occurrence), for showing key terms
    as the officer wrote them ("vetting", not "vett")."""
    out: dict[str, str] = {}
    try:
        tokens = field.analyzer(text, chars=True, mode="index")
        for tok in tokens:
            out.setdefault(tok.text, text[tok.startchar:tok.endchar].lower())
    except Exception:  # noqa: BLE001 -- only cosmetic: fall back to the stems
        return out
    return out


# ---------------------------------------------------------------------- items, for display
@dataclass(frozen=True)
class ItemInfo:
    """What the officer needs to see of a link's end (and to open it)."""
    kind: str                  # "finding" | "annotation"
    id: int
    report_id: int
    report_title: str
    force: str | None
    date: str | None           # the report's publication date, else its year
    text: str                  # a finding's text; an annotation's quote
    note: str                  # an annotation's note ("" for a finding)
    finding_kind: str | None   # e.g. "cause_of_concern"; None for an annotation
    area: str | None
    start: int | None          # None for an orphaned annotation
    end: int | None

    @property
    def label(self) -> str:
        """"cause of concern", "recommendation", … or "annotation"."""
        return (self.finding_kind or self.kind).replace("_", " ")


def _info(db, kind: str, item_id: int) -> ItemInfo | None:
    if kind == "finding":
        row = db.execute('SELECT report_id, text, "" AS note, kind, area, start, "end"'
                         " FROM findings WHERE id=?", (item_id,)).fetchone()
    else:
        row = db.execute('SELECT report_id, quote AS text, note, NULL AS kind, start, "end"'
                         " FROM annotations WHERE id=?", (item_id,)).fetchone()
    if row is None:
        return None
    rep = db.execute("SELECT title, force, published, year FROM reports WHERE id=?",
                     (row["report_id"],)).fetchone()
    area = row["area"] if kind == "finding" else area_at(db, row["report_id"], row["start"])
    return ItemInfo(kind, item_id, row["report_id"], rep["title"], rep["force"],
                    rep["published"] or (str(rep["year"]) if rep["year"] else None),
                    row["text"], row["note"], row["kind"], area, row["start"], row["end"])


def describe_item(ws, kind: str, item_id: int) -> ItemInfo | None:
    """A finding or an annotation with its report's title and date; None if it has gone."""
    kind, item_id = check_item((kind, item_id))
    with ws.store._lock:
        return _info(ws.store.db, kind, item_id)


def force_findings(ws, force: str | None) -> list[ItemInfo]:
    """Every finding of the force's reports (all reports when force is None), oldest report
    first: what the officer picks a link's other end from."""
    with ws.store._lock:
        db = ws.store.db
        sql = ("SELECT f.id FROM findings f JOIN reports r ON r.id=f.report_id"
               + (" WHERE r.force=?" if force else "")
               + " ORDER BY COALESCE(r.published, r.year || '-12-31'), r.id, f.ord")
        ids = [r[0] for r in db.execute(sql, (force,) if force else ())]
        return [i for i in (_info(db, "finding", fid) for fid in ids) if i is not None]
