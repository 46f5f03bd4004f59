"""The PCC's statutory response to an HMICFRS report (Police Act 1996 s.55).

The PCC must publish comments on an HMICFRS report within 56 days of its publication (the
publication day is day 1, so the last day is publication + 55 days), together with the chief
constable's comments and, for every recommendation, an explanation of the action taken or
proposed, or of why none is.

A response is drafted from the report's findings the first time it is asked for: one item per
cause of concern, recommendation and area for improvement (innovative practice is not
answered), grouped by graded area in the report's order. Every change is one committed
transaction and returns the values before and after, so a UI can build undo commands.

Gaps (what must be closed before publication):
  * the publication date must be known (else there is no deadline);
  * every item -- recommendation, cause of concern, area for improvement -- needs the chief
    constable's comments and the PCC's comments (for a recommendation, the PCC's explanation
    of the action taken or proposed, or of why none);
  * every item marked "no action" needs a reason;
  * every likely finding or grade must be confirmed or rejected;
  * the OPCC's name, the PCC's name and the PCC's overall comments must not be blank.
While any remain the export is marked DRAFT and lists them; `ready` is False.

No Qt, no I/O beyond the workspace database.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from ..corrections import counts, waiting
from ..errors import ReadOnlyWorkspace
from ..model import FindingKind
from ..store import now, timestamp

STATUSES = ("not started", "in progress", "complete", "no action")
PARTS = ("states", "highlighted")
STATUTORY_DAYS = 56          # s.55: comments within 56 days, the publication day counted
DEFAULT_CC_DUE_DAYS = 28     # when the OPCC asks the chief constable's comments by
OTHER_AREA = "Other findings"  # findings the report places under no graded area
PASSAGE_KINDS = {"paragraph": "Paragraph", "list_item": "List item"}  # quotable blocks
MIN_SOURCE_WORDS = 4         # shorter blocks are captions and labels, not statements

# Within an area: causes of concern first, then recommendations, then areas for improvement.
ITEM_KINDS = (FindingKind.CAUSE_OF_CONCERN.value, FindingKind.RECOMMENDATION.value,
              FindingKind.AREA_FOR_IMPROVEMENT.value)
KIND_LABELS = {FindingKind.CAUSE_OF_CONCERN.value: "Cause of concern",
               FindingKind.RECOMMENDATION.value: "Recommendation",
               FindingKind.AREA_FOR_IMPROVEMENT.value: "Area for improvement"}

ITEM_FIELDS = ("cc_comments", "pcc_comments", "owner", "status", "no_action_reason",
               "target_date")
RESPONSE_FIELDS = ("introduction", "overall", "closing", "published", "cc_due_days",
                   "opcc_name", "pcc_name")
BULLET_FIELDS = ("area", "part", "text", "source_type", "source_id", "start", "end")


class ResponseError(ValueError):
    """A change the response cannot take (unknown field, bad date or status); str() is for
    the officer."""


def parse_date(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise ResponseError(f"the {what} {value!r} is not a date (use YYYY-MM-DD)") from None


def last_day(published: dt.date) -> dt.date:
    """The last day for the PCC's comments: the publication day is day 1 of 56."""
    return published + dt.timedelta(days=STATUTORY_DAYS - 1)


@dataclass
class ResponseItem:
    id: int
    finding_id: int | None
    ord: int
    kind: str
    area: str | None
    text: str
    start: int | None
    end: int | None
    grade: str | None = None        # the grade of the item's area, when graded
    reference: str = ""             # "report section X, p. N" (page only for a PDF)
    cc_comments: str = ""
    pcc_comments: str = ""
    owner: str = ""
    status: str = "not started"
    no_action_reason: str = ""
    target_date: str | None = None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.replace("_", " ").capitalize())


@dataclass
class Bullet:
    id: int
    area: str
    part: str                       # "states" (strengths) or "highlighted" (must improve)
    ord: int
    text: str
    source_type: str | None = None
    source_id: int | None = None
    start: int | None = None
    end: int | None = None


@dataclass(frozen=True)
class Gap:
    """One thing to close before publication. field names the field that closes it: a field
    of the item item_id, or of the response itself when item_id is None."""
    message: str
    field: str
    item_id: int | None = None


@dataclass(frozen=True)
class BulletSource:
    """A passage an officer may quote as a bullet: a finding or a paragraph of the report.
    source_id is the finding's id (None for a paragraph)."""
    source_type: str                # "finding" or "passage"
    label: str                      # "Recommendation", "Paragraph", ...
    text: str
    start: int
    end: int
    source_id: int | None = None


@dataclass
class AreaSection:
    """One graded area of the response, in the report's order."""
    name: str
    grade: str | None
    items: list[ResponseItem] = field(default_factory=list)
    states: list[Bullet] = field(default_factory=list)
    highlighted: list[Bullet] = field(default_factory=list)


@dataclass
class Response:
    id: int
    report_id: int
    report_title: str
    force: str | None
    published: dt.date | None
    cc_due_days: int = DEFAULT_CC_DUE_DAYS
    introduction: str = ""
    overall: str = ""
    closing: str = ""
    opcc_name: str = ""
    pcc_name: str = ""
    created: str = ""
    modified: str = ""
    grades: list[tuple[str, str]] = field(default_factory=list)  # every graded area, in order
    items: list[ResponseItem] = field(default_factory=list)
    bullets: list[Bullet] = field(default_factory=list)
    # likely judgments and findings the officer has not confirmed or rejected: they stay out
    # of the items and grades until confirmed
    to_confirm: list[dict] = field(default_factory=list)

    # ------------------------------------------------------------------ dates
    @property
    def deadline(self) -> dt.date | None:
        return last_day(self.published) if self.published else None

    @property
    def chief_constable_due(self) -> dt.date | None:
        return self.published + dt.timedelta(days=self.cc_due_days) if self.published else None

    def days_left(self, today: dt.date | None = None) -> int | None:
        """Days from today to the last day (0 on the last day, negative once overdue)."""
        if self.deadline is None:
            return None
        return (self.deadline - (today or dt.date.today())).days

    def overdue(self, today: dt.date | None = None) -> bool:
        left = self.days_left(today)
        return left is not None and left < 0

    # ------------------------------------------------------------------ structure
    @property
    def recommendations(self) -> list[ResponseItem]:
        return [i for i in self.items if i.kind == FindingKind.RECOMMENDATION.value]

    def item(self, item_id: int) -> ResponseItem:
        for i in self.items:
            if i.id == item_id:
                return i
        raise KeyError(item_id)

    def areas(self) -> list[AreaSection]:
        """Graded areas in the report's order, then areas only findings name, then findings
        under no area; each with its items and bullets. Areas with nothing to say are kept
        only when graded."""
        grade_of = dict(self.grades)
        order: list[str] = [a for a, _ in self.grades]
        for name in [i.area or OTHER_AREA for i in self.items] + [b.area for b in self.bullets]:
            if name not in order:
                order.append(name)
        sections = {n: AreaSection(n, grade_of.get(n)) for n in order}
        for i in self.items:
            sections[i.area or OTHER_AREA].items.append(i)
        for b in sorted(self.bullets, key=lambda b: b.ord):
            getattr(sections[b.area], b.part).append(b)
        return [sections[n] for n in order]

    def recommendation_number(self, item: ResponseItem) -> int | None:
        recs = self.recommendations
        return recs.index(item) + 1 if item in recs else None

    # ------------------------------------------------------------------ gaps
    def gap_list(self) -> list[Gap]:
        """What must be closed before the response can be published, each with the field
        that closes it (so an editor can jump there)."""
        out: list[Gap] = []
        if self.published is None:
            out.append(Gap("The report's publication date is not recorded, so the 56-day"
                           " deadline cannot be computed.", "published"))

        def name(i: ResponseItem) -> str:
            n = self.recommendation_number(i)
            where = f" ({i.area})" if i.area else ""
            return f"{i.label}{' ' + str(n) if n else ''}{where}"

        for i in self.items:
            if not i.cc_comments.strip():
                out.append(Gap(f"{name(i)}: no chief constable's comments.", "cc_comments",
                               i.id))
            if not i.pcc_comments.strip():
                what = ("no PCC explanation of the action taken or proposed, or of why none "
                        "is" if i.kind == FindingKind.RECOMMENDATION.value
                        else "no PCC comments")
                out.append(Gap(f"{name(i)}: {what}.", "pcc_comments", i.id))
            if i.status == "no action" and not i.no_action_reason.strip():
                out.append(Gap(f"{name(i)}: marked \"no action\" without a reason.",
                               "no_action_reason", i.id))
        for t in self.to_confirm:
            what = (f"{KIND_LABELS.get(t['kind'], t['kind'])}" if t["type"] == "finding"
                    else f"Grade of {t['area']}")
            out.append(Gap(f"{what}: read as likely, not yet confirmed or rejected ("
                           f"\u201c{_excerpt(t['text'])}\u201d).", "to_confirm"))
        for name_, words in (("opcc_name", "The OPCC's name is blank."),
                             ("pcc_name", "The PCC's name is blank."),
                             ("overall", "The PCC's overall comments are blank.")):
            if not str(getattr(self, name_) or "").strip():
                out.append(Gap(words, name_))
        return out

    def gaps(self) -> list[str]:
        """What must be closed before the response can be published, readably."""
        return [g.message for g in self.gap_list()]

    def to_json(self, today: dt.date | None = None) -> dict:
        """A JSON-ready account (dates as ISO YYYY-MM-DD)."""
        def iso(d):
            return d.isoformat() if d else None
        return {
            "id": self.id, "report_id": self.report_id, "report_title": self.report_title,
            "force": self.force, "published": iso(self.published), "deadline": iso(self.deadline),
            "chief_constable_due": iso(self.chief_constable_due),
            "cc_due_days": self.cc_due_days, "days_left": self.days_left(today),
            "overdue": self.overdue(today), "opcc_name": self.opcc_name,
            "pcc_name": self.pcc_name, "introduction": self.introduction,
            "overall": self.overall, "closing": self.closing,
            "grades": [{"area": a, "grade": g} for a, g in self.grades],
            "items": [asdict(i) for i in self.items],
            "bullets": [asdict(b) for b in self.bullets],
            "to_confirm": self.to_confirm,
            "gaps": self.gaps(),
            "ready": not self.gap_list(),
        }


def _norm(s: str | None) -> str:
    return " ".join((s or "").split()).casefold()


def _excerpt(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "\u2026"


def waiting_items(stored) -> list[dict]:
    """The report's likely judgments and findings the officer has yet to confirm or reject."""
    report = stored.report
    out = [{"type": "judgment", "area": j.area, "grade": j.grade, "kind": "judgment",
            "text": j.grade, "basis": j.basis, "start": j.start, "end": j.end}
           for j in report.judgments if waiting(j)]
    out += [{"type": "finding", "id": fid, "kind": f.kind, "area": f.area, "text": f.text,
             "basis": f.basis, "start": f.start, "end": f.end}
            for fid, f in zip(stored.finding_ids, report.findings, strict=False) if waiting(f)]
    return sorted(out, key=lambda t: t["start"])


def _area_spans(report) -> dict[str, list[tuple[int, int]]]:
    """Where each graded area's text lies: the sections titled like the area, else (a
    heading worded otherwise) from its grade to the next grade in the text."""
    spans: dict[str, list[tuple[int, int]]] = {}
    ordered = sorted(report.judgments, key=lambda j: j.start)
    for n, j in enumerate(ordered):
        titled = [(s.start, s.end) for s in report.sections if _norm(s.title) == _norm(j.area)]
        if titled:
            spans.setdefault(j.area, []).extend(titled)
        else:
            end = ordered[n + 1].start if n + 1 < len(ordered) else len(report.text)
            spans.setdefault(j.area, []).append((j.start, end))
    return spans


def bullet_sources(stored, area: str) -> list[BulletSource]:
    """What an officer may quote under an area: its findings (every kind, innovative
    practice too), then the paragraphs and list items of its part of the report that are
    not findings, in report order."""
    from ..reading.render import FINDING_LABELS

    report = stored.report
    out = [BulletSource("finding", FINDING_LABELS.get(f.kind, f.kind), " ".join(f.text.split()),
                        f.start, f.end, fid)
           for fid, f in zip(stored.finding_ids, report.findings, strict=False)
           if (f.area or OTHER_AREA) == area]
    spans = _area_spans(report).get(area, [])
    findings = [(f.start, f.end) for f in report.findings]
    headings = {_norm(s.title) for s in report.sections}  # a title set as a paragraph
    for b in sorted(report.blocks, key=lambda b: b.start):
        if b.kind not in PASSAGE_KINDS or not any(s <= b.start < e for s, e in spans):
            continue
        if any(fs <= b.start and b.end <= fe for fs, fe in findings):
            continue
        text = " ".join(report.text[b.start:b.end].split())
        if len(text.split()) >= MIN_SOURCE_WORDS and _norm(text) not in headings:
            out.append(BulletSource("passage", PASSAGE_KINDS[b.kind], text, b.start, b.end))
    return out


def _reference(stored, start: int | None) -> str:
    """A short provenance for a quoted finding: report section, and page for a PDF."""
    if start is None:
        return ""
    from ..reading.render import section_at

    report = stored.report
    parts = []
    section = section_at(report, start)
    if section is not None:
        parts.append(f"report section {section.title}")
    if stored.format == "pdf":
        from ..reading.pages import printed_page

        page = printed_page(report, start)  # as printed, so the officer finds it
        if page is not None:
            parts.append(f"p. {page}")
    return ", ".join(parts)


class ResponseService:
    """The response drafts of one workspace."""

    def __init__(self, ws):
        self.ws = ws
        self.store = ws.store

    # ------------------------------------------------------------------ reading
    def _stored(self, report_id: int):
        stored = self.ws.get_report(report_id)
        if stored is None:
            raise ResponseError(f"there is no report {report_id} in this workspace")
        return stored

    def get(self, report_id: int, cc_due_days: int | None = None, opcc_name: str = "",
            pcc_name: str = "") -> Response:
        """The response to the report, drafted from its findings on first use; cc_due_days
        and the OPCC's and PCC's names (the officer's settings) go into a new draft only."""
        stored = self._stored(report_id)
        if not self.store.read_only:  # a read-only workspace shows the drafts it holds
            self._ensure(stored, cc_due_days, opcc_name, pcc_name)
        elif not self.exists(report_id):
            raise ReadOnlyWorkspace(self.ws.folder, "draft a response in it")
        return self._load(stored)

    def modified(self, report_id: int) -> str | None:
        """When the response to the report last changed (None: no response yet); one cheap
        query, for an editor to notice a change stored by another program."""
        with self.store._lock:
            row = self.store.db.execute("SELECT modified FROM responses WHERE report_id=?",
                                        (report_id,)).fetchone()
        return row[0] if row else None

    def sources(self, report_id: int, area: str) -> list[BulletSource]:
        """Findings and passages of the report an officer may quote under area."""
        return bullet_sources(self._stored(report_id), area)

    def exists(self, report_id: int) -> bool:
        with self.store._lock:
            return self.store.db.execute("SELECT 1 FROM responses WHERE report_id=?",
                                         (report_id,)).fetchone() is not None

    def _ensure(self, stored, cc_due_days: int | None = None, opcc_name: str = "",
                pcc_name: str = "") -> None:
        report = stored.report
        with self.store.transaction() as db:
            row = db.execute("SELECT id FROM responses WHERE report_id=?", (stored.id,)).fetchone()
            if row:
                have = {r[0] for r in db.execute("SELECT finding_id FROM response_items WHERE"
                                                 " response_id=? AND finding_id IS NOT NULL",
                                                 (row[0],))}
                if set(stored.finding_ids) - have:
                    self._add_items(db, row[0], stored, have)
                return
            stamp = now()
            rid = db.execute(
                "INSERT INTO responses (report_id, published, cc_due_days, opcc_name, pcc_name,"
                " created, modified) VALUES (?,?,?,?,?,?,?)",
                (stored.id, report.published or report.report_published,
                 DEFAULT_CC_DUE_DAYS if cc_due_days is None
                 else max(0, min(int(cc_due_days), STATUTORY_DAYS)), opcc_name or "",
                 pcc_name or "", stamp, stamp)).lastrowid
            self._add_items(db, rid, stored, set())

    def _add_items(self, db, response_id: int, stored, have: set[int]) -> None:
        """Items for the report's findings that have none yet (ids in `have` have one), in
        area order then kind. Every finding of an answered kind gets its item, likely ones
        too: an item is shown only while its finding counts (corrections.counts), so a
        finding confirmed later joins the draft, and a rejected one keeps its comments."""
        report = stored.report
        order = [j.area for j in report.judgments]
        for f in report.findings:
            if (f.area or OTHER_AREA) not in order:
                order.append(f.area or OTHER_AREA)
        chosen = [(fid, n, f) for n, (fid, f) in
                  enumerate(zip(stored.finding_ids, report.findings, strict=True))
                  if f.kind in ITEM_KINDS and fid not in have]
        if not chosen:
            return
        chosen.sort(key=lambda t: (order.index(t[2].area or OTHER_AREA),
                                   ITEM_KINDS.index(t[2].kind), t[1]))
        start = db.execute("SELECT COALESCE(MAX(ord) + 1, 0) FROM response_items"
                           " WHERE response_id=?", (response_id,)).fetchone()[0]
        db.executemany(
            "INSERT INTO response_items (response_id, finding_id, ord, kind, area, text,"
            ' start, "end") VALUES (?,?,?,?,?,?,?,?)',
            [(response_id, fid, start + k, f.kind, f.area, f.text, f.start, f.end)
             for k, (fid, _, f) in enumerate(chosen)])

    def _load(self, stored) -> Response:
        report = stored.report
        with self.store._lock:
            db = self.store.db
            row = db.execute("SELECT * FROM responses WHERE report_id=?", (stored.id,)).fetchone()
            irows = db.execute("SELECT * FROM response_items WHERE response_id=? ORDER BY ord",
                               (row["id"],)).fetchall()
            brows = db.execute("SELECT * FROM response_bullets WHERE response_id=?"
                               " ORDER BY area, part, ord", (row["id"],)).fetchall()
        grades = [(j.area, j.grade) for j in report.judgments if counts(j)]
        grade_of = dict(grades)
        hidden = {fid for fid, f in zip(stored.finding_ids, report.findings, strict=False)
                  if not counts(f)}
        irows = [r for r in irows if r["finding_id"] not in hidden]
        # an item follows its finding as the officer corrected it (kind, area, place); the
        # copy it keeps is for a finding that has gone
        live = dict(zip(stored.finding_ids, report.findings, strict=False))

        def now_of(r, name):
            f = live.get(r["finding_id"])
            return getattr(f, name) if f is not None else r[name]

        items = [ResponseItem(
            id=r["id"], finding_id=r["finding_id"], ord=r["ord"], kind=now_of(r, "kind"),
            area=now_of(r, "area"), text=now_of(r, "text"), start=now_of(r, "start"),
            end=now_of(r, "end"), grade=grade_of.get(now_of(r, "area")),
            reference=_reference(stored, now_of(r, "start")),
            cc_comments=r["cc_comments"], pcc_comments=r["pcc_comments"], owner=r["owner"],
            status=r["status"], no_action_reason=r["no_action_reason"],
            target_date=r["target_date"]) for r in irows]
        items = [i for i in items if i.kind in ITEM_KINDS]  # changed to innovative practice
        bullets = [Bullet(r["id"], r["area"], r["part"], r["ord"], r["text"], r["source_type"],
                          r["source_id"], r["start"], r["end"]) for r in brows]
        return Response(
            id=row["id"], report_id=stored.id, report_title=report.title, force=report.force,
            published=parse_date(row["published"]), cc_due_days=row["cc_due_days"],
            introduction=row["introduction"], overall=row["overall"], closing=row["closing"],
            opcc_name=row["opcc_name"], pcc_name=row["pcc_name"], created=row["created"],
            modified=row["modified"], grades=grades, items=items, bullets=bullets,
            to_confirm=waiting_items(stored))

    def _response_id(self, db, report_id: int) -> int:
        row = db.execute("SELECT id FROM responses WHERE report_id=?", (report_id,)).fetchone()
        if row is None:
            raise ResponseError(f"report {report_id} has no response drafted")
        return row[0]

    @staticmethod
    def _touch(db, response_id: int) -> None:
        db.execute("UPDATE responses SET modified=? WHERE id=?", (timestamp(), response_id))

    # ------------------------------------------------------------------ items
    def update_item(self, item_id: int, **fields) -> tuple[dict, dict]:
        """Change an item's fields; returns (old values, new values) of the fields given."""
        unknown = set(fields) - set(ITEM_FIELDS)
        if unknown:
            raise ResponseError(f"items have no field {', '.join(sorted(unknown))}")
        new = dict(fields)
        for k in ("cc_comments", "pcc_comments", "owner", "no_action_reason"):
            if k in new:
                new[k] = "" if new[k] is None else str(new[k])
        if "status" in new and new["status"] not in STATUSES:
            raise ResponseError(f"the status {new['status']!r} is not one of "
                                + ", ".join(STATUSES))
        if "target_date" in new:
            d = parse_date(new["target_date"], "target date")
            new["target_date"] = d.isoformat() if d else None
        return self._update("response_items", item_id, new, "item")

    def _update(self, table: str, row_id: int, new: dict, what: str) -> tuple[dict, dict]:
        with self.store.transaction() as db:
            row = db.execute(f"SELECT * FROM {table} WHERE id=?", (row_id,)).fetchone()
            if row is None:
                raise ResponseError(f"there is no response {what} {row_id}")
            old = {k: row[k] for k in new}
            if new:
                sets = ", ".join(f'"{k}"=?' for k in new)
                db.execute(f"UPDATE {table} SET {sets} WHERE id=?", (*new.values(), row_id))
                self._touch(db, row["response_id"] if table != "responses" else row_id)
        return old, new

    # ------------------------------------------------------------------ the response
    def update_response(self, report_id: int, **fields) -> tuple[dict, dict]:
        """Change the response's own fields (introduction, overall, closing, published,
        cc_due_days, opcc_name, pcc_name); returns (old, new) of the fields given."""
        unknown = set(fields) - set(RESPONSE_FIELDS)
        if unknown:
            raise ResponseError(f"a response has no field {', '.join(sorted(unknown))}")
        new = dict(fields)
        for k in ("introduction", "overall", "closing", "opcc_name", "pcc_name"):
            if k in new:
                new[k] = "" if new[k] is None else str(new[k])
        if "published" in new:
            d = parse_date(new["published"], "publication date")
            new["published"] = d.isoformat() if d else None
        if "cc_due_days" in new:
            try:
                days = int(new["cc_due_days"])
            except (TypeError, ValueError):
                raise ResponseError("the chief constable's due days must be a number") from None
            if not 0 <= days <= STATUTORY_DAYS:
                raise ResponseError(f"the chief constable's due days must be 0 to "
                                    f"{STATUTORY_DAYS}")
            new["cc_due_days"] = days
        self._ensure(self._stored(report_id))
        with self.store._lock:
            rid = self._response_id(self.store.db, report_id)
        return self._update("responses", rid, new, "")

    # ------------------------------------------------------------------ bullets
    def add_bullet(self, report_id: int, area: str, part: str, text: str,
                   source_type: str | None = None, source_id: int | None = None,
                   start: int | None = None, end: int | None = None,
                   index: int | None = None) -> int:
        """Add a bullet under area/part ("states" or "highlighted"), at the end or at index
        (0-based; what undoing a delete needs); returns its id."""
        if part not in PARTS:
            raise ResponseError(f"the part {part!r} is not one of {', '.join(PARTS)}")
        self._ensure(self._stored(report_id))
        with self.store.transaction() as db:
            rid = self._response_id(db, report_id)
            ids = self._group(db, rid, area, part)
            pos = len(ids) if index is None else max(0, min(index, len(ids)))
            bid = db.execute(
                "INSERT INTO response_bullets (response_id, area, part, ord, text, source_type,"
                ' source_id, start, "end") VALUES (?,?,?,?,?,?,?,?,?)',
                (rid, area, part, pos, text, source_type, source_id, start, end)).lastrowid
            ids.insert(pos, bid)
            self._renumber(db, ids)
            self._touch(db, rid)
        return bid

    @staticmethod
    def _group(db, response_id: int, area: str, part: str) -> list[int]:
        return [r[0] for r in db.execute(
            "SELECT id FROM response_bullets WHERE response_id=? AND area=? AND part=?"
            " ORDER BY ord, id", (response_id, area, part))]

    @staticmethod
    def _renumber(db, ids: list[int]) -> None:
        db.executemany("UPDATE response_bullets SET ord=? WHERE id=?",
                       [(n, i) for n, i in enumerate(ids)])

    def _bullet_row(self, db, bullet_id: int):
        row = db.execute("SELECT * FROM response_bullets WHERE id=?", (bullet_id,)).fetchone()
        if row is None:
            raise ResponseError(f"there is no response bullet {bullet_id}")
        return row

    def update_bullet(self, bullet_id: int, **fields) -> tuple[dict, dict]:
        """Change a bullet's text (or source/area/part); returns (old, new)."""
        unknown = set(fields) - set(BULLET_FIELDS)
        if unknown:
            raise ResponseError(f"bullets have no field {', '.join(sorted(unknown))}")
        if "part" in fields and fields["part"] not in PARTS:
            raise ResponseError(f"the part {fields['part']!r} is not one of {', '.join(PARTS)}")
        with self.store.transaction() as db:
            row = self._bullet_row(db, bullet_id)
            old = {k: row[k] for k in fields}
            if fields:
                sets = ", ".join(f'"{k}"=?' for k in fields)
                db.execute(f"UPDATE response_bullets SET {sets} WHERE id=?",
                           (*fields.values(), bullet_id))
                if "area" in fields or "part" in fields:  # moved group: goes to its end
                    area = fields.get("area", row["area"])
                    part = fields.get("part", row["part"])
                    ids = [i for i in self._group(db, row["response_id"], area, part)
                           if i != bullet_id] + [bullet_id]
                    self._renumber(db, ids)
                    self._renumber(db, self._group(db, row["response_id"], row["area"],
                                                   row["part"]))
                self._touch(db, row["response_id"])
        return old, dict(fields)

    def delete_bullet(self, bullet_id: int) -> Bullet:
        """Delete a bullet; returns it as it was (re-add it with index=bullet.ord to undo)."""
        with self.store.transaction() as db:
            row = self._bullet_row(db, bullet_id)
            db.execute("DELETE FROM response_bullets WHERE id=?", (bullet_id,))
            self._renumber(db, self._group(db, row["response_id"], row["area"], row["part"]))
            self._touch(db, row["response_id"])
        return Bullet(row["id"], row["area"], row["part"], row["ord"], row["text"],
                      row["source_type"], row["source_id"], row["start"], row["end"])

    def move_bullet(self, bullet_id: int, index: int) -> tuple[int, int]:
        """Move a bullet to position index (0-based) in its group; returns (old, new)."""
        with self.store.transaction() as db:
            row = self._bullet_row(db, bullet_id)
            ids = self._group(db, row["response_id"], row["area"], row["part"])
            old = ids.index(bullet_id)
            ids.pop(old)
            new = max(0, min(index, len(ids)))
            ids.insert(new, bullet_id)
            self._renumber(db, ids)
            self._touch(db, row["response_id"])
        return old, new
