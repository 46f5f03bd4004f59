"""The report library: every report held, grouped by force and year, with a filter box.

    view = LibraryView(ws)                         # or LibraryView(ws.list_reports())
    view.reportActivated.connect(open_report)     # double-click or Enter on a report
    view.refresh(ws.list_reports())                # after an import

The model only arranges the workspace listing for display; it decides nothing about the
reports themselves.
"""
from __future__ import annotations

import contextlib
import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from itertools import count

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    QSortFilterProxyModel,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from ..accessible import name_clear_button
from ..views import EnterTreeView, ListingLoader

_NO_PARENT = QModelIndex()  # the default parent argument of the Qt API

NO_FORCE = "No force stated"
NO_YEAR = "Year not stated"

KIND_LABELS = {"peel-inspection": "PEEL", "inspection": "Inspection",
               "thematic": "Thematic", "letter": "Letter", "pcc-response": "PCC response",
               "press-release": "Press release", "other": "Other"}
#: The grade scale best first; summaries list grades in this order.
GRADE_SCALE = ("Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate",
               "Not graded")
#: Finding kinds: (short form for the column, singular, plural) in display order.
FINDING_NAMES = {
    "recommendation": ("rec", "recommendation", "recommendations"),
    "cause_of_concern": ("CoC", "cause of concern", "causes of concern"),
    "area_for_improvement": ("AFI", "area for improvement", "areas for improvement"),
    "innovative_practice": ("IP", "innovative practice", "innovative practices"),
}

COL_REPORT, COL_KIND, COL_GRADES, COL_FINDINGS = range(4)
HEADERS = ("Report", "Kind", "Grades", "Findings")

ReportIdRole = Qt.ItemDataRole.UserRole + 1   # int report id (report rows only)
KindRole = Qt.ItemDataRole.UserRole + 2       # "peel-inspection", ... (report rows only)
ForceRole = Qt.ItemDataRole.UserRole + 3      # the force as listed, or None
YearRole = Qt.ItemDataRole.UserRole + 4       # int year, or None
SortRole = Qt.ItemDataRole.UserRole + 5       # ascending order == the library's own order
FilterTextRole = Qt.ItemDataRole.UserRole + 6  # lower-case words the filter looks through
NodeTypeRole = Qt.ItemDataRole.UserRole + 7   # "force", "year" or "report"
LabelRole = Qt.ItemDataRole.UserRole + 8      # the row's name without the report count
ReportCountRole = Qt.ItemDataRole.UserRole + 9  # reports in a group (1 for a report row)


def kind_label(kind: str | None) -> str:
    return KIND_LABELS.get(kind or "other", (kind or "Other").replace("-", " ").capitalize())


def distinguish(report: dict) -> str:
    """What tells two reports of one title apart: their formats and date ("PDF, 14 June
    2022")."""
    formats = "/".join(f.upper() for f in (report.get("sources") or [report.get("format")])
                       if f)
    when = report.get("published") or (str(report["year"]) if report.get("year") else "")
    if when and len(when) == 10:
        with contextlib.suppress(ValueError):
            d = dt.date.fromisoformat(when)
            when = f"{d.day} {d:%B %Y}"
    return ", ".join(x for x in (formats, when, f"report {report.get('id')}") if x)


def grades_summary(grades: dict[str, str]) -> str:
    """'2 Outstanding · 4 Good · 1 Adequate': how many areas got each grade, best grade
    first. Areas stated as not graded are left to the tooltip (the column is narrow)."""
    counts = Counter(g for g in grades.values() if g != "Not graded")
    order = [g for g in GRADE_SCALE if g in counts] + sorted(set(counts) - set(GRADE_SCALE))
    if not order and grades:
        return f"{len(grades)} not graded"
    # a no-break space keeps each count with its grade when the column wraps
    return " · ".join(f"{counts[g]}\u00a0{g}" for g in order)


def grades_tooltip(grades: dict[str, str]) -> str:
    if not grades:
        return "No graded areas were found in this report."
    return "\n".join(f"{area}: {grade}" for area, grade in grades.items())


def _ordered_findings(findings: dict[str, int]) -> list[tuple[str, int]]:
    known = [(k, findings[k]) for k in FINDING_NAMES if findings.get(k)]
    other = sorted((k, n) for k, n in findings.items() if n and k not in FINDING_NAMES)
    return known + other


def findings_summary(findings: dict[str, int]) -> str:
    """'2 rec · 1 CoC · 4 AFI · 1 IP'."""
    return " · ".join(f"{n} {FINDING_NAMES.get(k, (k.replace('_', ' '),))[0]}"
                      for k, n in _ordered_findings(findings))


def findings_long(findings: dict[str, int]) -> list[str]:
    out = []
    for k, n in _ordered_findings(findings):
        names = FINDING_NAMES.get(k)
        if names:
            out.append(f"{n} {names[1] if n == 1 else names[2]}")
        else:
            out.append(f"{n} {k.replace('_', ' ')}")
    return out


def _date_key(report: dict) -> int:
    """YYYYMMDD of the publication day (else the year's end, else 0)."""
    published = report.get("published") or ""
    digits = published[:10].replace("-", "")
    if len(digits) == 8 and digits.isdigit():
        return int(digits)
    if report.get("year"):
        return int(report["year"]) * 10000 + 1231
    return 0


@dataclass(eq=False)
class _Node:
    uid: int
    type: str                       # "root", "force", "year" or "report"
    label: str
    parent: _Node | None = None
    row: int = 0
    children: list[_Node] = field(default_factory=list)
    report: dict | None = None
    force: str | None = None
    year: int | None = None
    sort: object = ""
    haystack: str = ""              # the filter's words: this row's and its ancestors'
    cells: tuple = ()               # display texts of a report row, computed once


class LibraryModel(QAbstractItemModel):
    """Force -> year -> report. Forces alphabetical ("No force stated" last); years and the
    reports within them newest first. Columns: Report, Kind, Grades, Findings."""

    def __init__(self, reports: list[dict] | None = None, parent=None):
        super().__init__(parent)
        self._ids = count(1)
        self._root = _Node(0, "root", "")
        self._nodes: dict[int, _Node] = {}
        self._by_report: dict[int, _Node] = {}
        self._build(reports or [])

    # ------------------------------------------------------------------ building
    def refresh(self, reports: list[dict]) -> None:
        """Show a new listing (e.g. ws.list_reports() after an import)."""
        self.beginResetModel()
        self._build(reports)
        self.endResetModel()

    def _new(self, type_: str, label: str, parent: _Node, **kw) -> _Node:
        node = _Node(next(self._ids), type_, label, parent, len(parent.children), **kw)
        parent.children.append(node)
        self._nodes[node.uid] = node
        return node

    def _build(self, reports: list[dict]) -> None:
        self._root = _Node(0, "root", "")
        self._nodes = {}
        self._by_report = {}
        by_force: dict[str | None, list[dict]] = {}
        titles: Counter = Counter((r.get("title") or "(untitled report)").casefold()
                                  for r in reports)
        for r in reports:
            by_force.setdefault(r.get("force") or None, []).append(r)
        forces = sorted((f for f in by_force if f), key=lambda f: (f.casefold(), f))
        if None in by_force:
            forces.append(None)
        for fi, force in enumerate(forces):
            fnode = self._new("force", force or NO_FORCE, self._root, force=force,
                              sort=f"{0 if force else 1}{fi:06d}")
            by_year: dict[int | None, list[dict]] = {}
            for r in by_force[force]:
                by_year.setdefault(r.get("year") or None, []).append(r)
            years = sorted((y for y in by_year if y), reverse=True)
            if None in by_year:
                years.append(None)
            for yi, year in enumerate(years):
                ynode = self._new("year", str(year) if year else NO_YEAR, fnode, force=force,
                                  year=year, sort=yi)
                ordered = sorted(by_year[year], key=lambda r: (_date_key(r), r.get("id", 0)),
                                 reverse=True)
                for ri, r in enumerate(ordered):
                    title = r.get("title") or "(untitled report)"
                    if titles[title.casefold()] > 1:  # two reports of one title: say which
                        title = f"{title} ({distinguish(r)})"
                    rnode = self._new("report", title, ynode,
                                      report=r, force=force, year=year, sort=ri)
                    self._by_report[int(r["id"])] = rnode
                    rnode.cells = (rnode.label, kind_label(r.get("kind")),
                                   grades_summary(r.get("grades") or {}),
                                   findings_summary(r.get("findings") or {}))
                    rnode.haystack = self._filter_text(rnode)
                ynode.haystack = f"{ynode.label} {fnode.label}".casefold()
            fnode.haystack = fnode.label.casefold()

    def filter_haystack(self, row: int, parent: QModelIndex) -> str:
        """Every word the library filter may match for a row (its own and its ancestors')."""
        node = self._node(parent)
        return node.children[row].haystack if 0 <= row < len(node.children) else ""

    # ------------------------------------------------------------------ lookup
    def _node(self, index: QModelIndex | QPersistentModelIndex) -> _Node:
        if not index.isValid():
            return self._root
        return self._nodes.get(index.internalId(), self._root)

    def index_for_report(self, report_id: int, column: int = 0) -> QModelIndex:
        """The index of a report's row (invalid when it is not held)."""
        node = self._by_report.get(int(report_id))
        if node is None:
            return QModelIndex()
        return self.createIndex(node.row, column, node.uid)

    def report(self, index: QModelIndex) -> dict | None:
        """The listing row behind a report index, else None."""
        return self._node(index).report

    def report_ids(self) -> list[int]:
        return list(self._by_report)

    # ------------------------------------------------------------------ model API
    def index(self, row: int, column: int, parent: QModelIndex = _NO_PARENT) -> QModelIndex:
        # bounds checked here rather than with hasIndex(): this runs thousands of times
        # per filter change, and each Qt round trip costs
        if parent.isValid():
            if parent.column() != 0:
                return QModelIndex()
            node = self._nodes.get(parent.internalId())
            if node is None:
                return QModelIndex()
        else:
            node = self._root
        if not (0 <= row < len(node.children) and 0 <= column < len(HEADERS)):
            return QModelIndex()
        return self.createIndex(row, column, node.children[row].uid)

    def parent(self, index: QModelIndex | None = None):
        if index is None:  # QObject.parent(): the model's owner, not a tree parent
            return super().parent()
        if not index.isValid():
            return QModelIndex()
        node = self._nodes.get(index.internalId())
        up = node.parent if node is not None else None
        if up is None or up is self._root:
            return QModelIndex()
        return self.createIndex(up.row, 0, up.uid)

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._node(parent).children)

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        return len(HEADERS)

    def hasChildren(self, parent: QModelIndex = _NO_PARENT) -> bool:
        return self.rowCount(parent) > 0

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        flags = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self._node(index).children:
            flags |= Qt.ItemFlag.ItemNeverHasChildren
        return flags

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < len(HEADERS):
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return ("Report title", "What kind of document it is",
                    "How many areas got each grade", "Findings: rec = recommendation, "
                    "CoC = cause of concern, AFI = area for improvement, "
                    "IP = innovative practice")[section]
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        node = self._nodes.get(index.internalId())
        if node is None:
            return None
        col = index.column()
        if role == ForceRole:
            return node.force
        if role == YearRole:
            return node.year
        if role == NodeTypeRole:
            return node.type
        if role == LabelRole:
            return node.label
        if role == ReportCountRole:
            return self._count_reports(node)
        if role == SortRole:
            return node.sort if col == 0 else (self.data(index) or "")
        if role == FilterTextRole:
            return node.haystack
        if node.type != "report":
            return self._group_data(node, col, role)
        r = node.report
        if role == ReportIdRole:
            return int(r["id"])
        if role == KindRole:
            return r.get("kind")
        if role == Qt.ItemDataRole.DisplayRole:
            return node.cells[col] if 0 <= col < len(node.cells) else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if col == COL_REPORT:
                return self._report_tooltip(r)
            if col == COL_KIND:
                return kind_label(r.get("kind"))
            if col == COL_GRADES:
                return grades_tooltip(r.get("grades") or {})
            if col == COL_FINDINGS:
                lines = findings_long(r.get("findings") or {})
                return "\n".join(lines) if lines else "No findings were found in this report."
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._accessible(node, col)
        return None

    # ------------------------------------------------------------------ texts
    def _group_data(self, node: _Node, col: int, role: int):
        n = self._count_reports(node)
        if role == Qt.ItemDataRole.DisplayRole and col == COL_REPORT:
            return f"{node.label}  ({n})"
        if (role == Qt.ItemDataRole.ToolTipRole and col == COL_REPORT) \
                or role == Qt.ItemDataRole.AccessibleTextRole:
            # every cell of a group row names the group: an empty cell a screen reader
            # reaches (Right arrow) was heard as nothing at all
            return f"{node.label}: {n} report{'s' if n != 1 else ''}"
        if role == Qt.ItemDataRole.FontRole and col == COL_REPORT and node.type == "force":
            font = QFont()
            font.setBold(True)
            return font
        return None

    def _count_reports(self, node: _Node) -> int:
        if node.type == "report":
            return 1
        return sum(self._count_reports(c) for c in node.children)

    @staticmethod
    def _report_tooltip(r: dict) -> str:
        lines = [r.get("title") or "(untitled report)"]
        if r.get("published"):
            lines.append(f"Published {r['published']}")
        elif r.get("year"):
            lines.append(f"Published {r['year']}")
        if r.get("report_published"):
            lines.append(f"Responds to the report published {r['report_published']}")
        if r.get("source_name"):
            lines.append(f"Imported from {r['source_name']}")
        return "\n".join(lines)

    def _accessible(self, node: _Node, col: int) -> str | None:
        r = node.report or {}
        if col == COL_REPORT:
            year = f", {node.year}" if node.year else ""
            return f"{node.label} ({kind_label(r.get('kind'))}{year})"
        if col == COL_KIND:
            return kind_label(r.get("kind"))
        if col == COL_GRADES:
            return ("Grades: " + grades_summary(r["grades"])) if r.get("grades") \
                else "No grades"
        if col == COL_FINDINGS:
            lines = findings_long(r.get("findings") or {})
            return ("Findings: " + ", ".join(lines)) if lines else "No findings"
        return None

    def _filter_text(self, node: _Node) -> str:
        if node.type != "report":
            return node.label.casefold()
        r = node.report
        parts = [node.label, r.get("force") or NO_FORCE, kind_label(r.get("kind")),
                 r.get("kind") or "", str(r.get("year") or NO_YEAR), r.get("published") or ""]
        for area, grade in (r.get("grades") or {}).items():
            parts += [area, grade]
        return " ".join(parts).casefold()


class LibraryFilterProxy(QSortFilterProxyModel):
    """Keeps rows where every word of the filter appears in the row or its ancestors
    (title, force, kind, year, graded areas and grades; case-insensitive)."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setRecursiveFilteringEnabled(True)
        self.setSortRole(SortRole)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._words: list[str] = []

    def set_filter_text(self, text: str) -> None:
        words = text.casefold().split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 and later
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filter_text(self) -> str:
        return " ".join(self._words)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        """A group row counts the reports the filter leaves: "Wessex Constabulary (1 of 3)"."""
        if self._words and index.isValid() and (
                (index.column() == 0 and role in (Qt.ItemDataRole.DisplayRole,
                                                  Qt.ItemDataRole.ToolTipRole))
                or role == Qt.ItemDataRole.AccessibleTextRole) \
                and super().data(index, NodeTypeRole) in ("force", "year"):
            total = super().data(index, ReportCountRole)
            shown = self._visible_reports(index)
            label = super().data(index, LabelRole)
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{label}  ({shown} of {total})"
            return f"{label}: {shown} of {total} reports match the filter"
        return super().data(index, role)

    def _visible_reports(self, index: QModelIndex) -> int:
        n = 0
        for row in range(self.rowCount(index)):
            child = self.index(row, 0, index)
            n += 1 if child.data(NodeTypeRole) == "report" else self._visible_reports(child)
        return n

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        if isinstance(model, LibraryModel):
            haystack = model.filter_haystack(source_row, source_parent)
        else:
            haystack = model.data(model.index(source_row, 0, source_parent), FilterTextRole)
        return all(w in (haystack or "") for w in self._words)


class _TwoLineDelegate(QStyledItemDelegate):
    """Report rows are two lines tall, so long titles and grade summaries wrap instead of
    being cut off; group rows stay one line."""

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        # Fixed heights, never a text layout: a thousand reports lay out in milliseconds.
        # (The width is only a hint; the columns are sized by the view.)
        lines = 2 if index.data(NodeTypeRole) == "report" else 1
        return QSize(100, lines * option.fontMetrics.lineSpacing() + 6)


class _LibraryTree(EnterTreeView):
    """Enter/Return opens a report, or folds/unfolds a group row. The Report column takes
    the width the other columns leave (never less than MIN_REPORT_WIDTH, so in a narrow
    dock the other columns scroll instead of squeezing the titles), until the officer
    drags its edge."""

    MIN_REPORT_WIDTH = 240

    def __init__(self, parent=None):
        super().__init__(parent)
        self.auto_fit = True
        self._fitting = False
        self.header().sectionResized.connect(self._on_section_resized)

    def fit_columns(self) -> None:
        if not self.auto_fit:
            return
        header = self.header()
        others = sum(header.sectionSize(c) for c in range(1, header.count())
                     if not header.isSectionHidden(c))
        width = max(self.MIN_REPORT_WIDTH, self.viewport().width() - others)
        if header.sectionSize(COL_REPORT) != width:
            self._fitting = True
            header.resizeSection(COL_REPORT, width)
            self._fitting = False

    def _on_section_resized(self, section: int, _old: int, _new: int) -> None:
        if self._fitting:
            return
        if section == COL_REPORT and self.isVisible() and QApplication.mouseButtons():
            self.auto_fit = False      # the officer chose a width: keep it
        elif section != COL_REPORT:
            self.fit_columns()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()



class LibraryView(ListingLoader, QWidget):
    """A filter box above the tree of reports.

    Signals: reportActivated(int) -- double-click or Enter on a report row;
    currentReportChanged(int) -- the selected report's id, or -1 when a group row (or
    nothing) is selected.
    """

    reportActivated = Signal(int)
    currentReportChanged = Signal(int)
    FILTER_AT_ONCE_UP_TO = 300   # reports; more than this and the filter waits for a pause
    FILTER_DELAY_MS = 150

    def __init__(self, source=None, parent: QWidget | None = None):
        """source: a listing (ws.list_reports()), or a Workspace whose listing is then read
        on a worker thread."""
        super().__init__(parent)
        self._workspace = None
        self._load_seq = 0
        reports = source if isinstance(source, list) else None
        self.model = LibraryModel(reports, self)
        self.proxy = LibraryFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._current = -1

        self.filter_edit = QLineEdit(self)
        self.filter_edit.setPlaceholderText("Filter reports…")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter reports")
        name_clear_button(self.filter_edit, "Clear filter")
        self.filter_edit.setAccessibleDescription(
            "Type words to show only the reports whose title, force, kind, year, areas or "
            "grades contain all of them. Press Down to move to the list.")
        self.filter_edit.setToolTip("Show only reports containing all of these words "
                                    "(title, force, kind, year, areas, grades)")

        self.tree = _LibraryTree(self)
        self.tree.setModel(self.proxy)
        self.tree.setAlternatingRowColors(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.tree.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tree.setUniformRowHeights(False)
        self.tree.setWordWrap(True)
        self.tree.setItemDelegate(_TwoLineDelegate(self.tree))
        self.tree.setIndentation(16)
        self.tree.setAllColumnsShowFocus(True)
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAccessibleName("Report library")
        self.tree.setAccessibleDescription(
            "Reports grouped by force and year, newest first. Press Enter or double-click a "
            "report to open it; Enter on a force or year folds or unfolds it.")
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        header.setMinimumSectionSize(60)
        fm = self.fontMetrics()
        # the kind column fits its longest word, so no kind is cut short
        header.resizeSection(COL_KIND, max(fm.horizontalAdvance(k) for k in
                                           KIND_LABELS.values()) + 28)
        header.resizeSection(COL_GRADES, fm.horizontalAdvance(
            "2 Outstanding · 3 Good · 4 Adequate ·") + 24)
        header.resizeSection(COL_FINDINGS, fm.horizontalAdvance("10 rec · 1 CoC · 10 AFI · 4 IP")
                             + 16)
        self.tree.fit_columns()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.tree, 1)
        self.setTabOrder(self.filter_edit, self.tree)
        self.setFocusProxy(self.filter_edit)

        self._filter_timer = QTimer(self)
        self._filter_timer.setSingleShot(True)
        self._filter_timer.setInterval(self.FILTER_DELAY_MS)
        self._filter_timer.timeout.connect(self._apply_filter)
        self.filter_edit.textChanged.connect(self._on_filter)
        self.filter_edit.returnPressed.connect(self._focus_first_report)
        self.filter_edit.installEventFilter(self)
        self.tree.doubleClicked.connect(self._on_double_click)
        self.tree.enterPressed.connect(self._on_enter)
        self.tree.selectionModel().currentChanged.connect(self._on_current)
        self.proxy.modelReset.connect(self._after_reset)
        self.tree.expandAll()
        if source is not None and not isinstance(source, list):
            self.set_workspace(source)

    def sizeHint(self) -> QSize:  # room for titles and the summary columns
        return QSize(440, 480)

    # ------------------------------------------------------------------ public API
    def refresh(self, reports: list[dict]) -> None:
        """Show a new listing, keeping the selected report selected if it is still held."""
        self._show_given(reports)

    def _show_listing(self, reports: list[dict]) -> None:
        keep = self.current_report_id()
        self.model.refresh(reports)
        if keep is not None and self.model.index_for_report(keep).isValid():
            self.select_report(keep)
        else:
            self._emit_current(-1)

    def select_report(self, report_id: int) -> bool:
        """Select (and scroll to) a report; clears the filter when it hides it."""
        src = self.model.index_for_report(report_id)
        if not src.isValid():
            return False
        idx = self.proxy.mapFromSource(src)
        if not idx.isValid():
            self.filter_edit.clear()
            self._apply_filter()
            idx = self.proxy.mapFromSource(src)
        self.tree.expand(idx.parent())
        self.tree.expand(idx.parent().parent())
        self.tree.setCurrentIndex(idx)
        self.tree.scrollTo(idx)
        return True

    def current_report_id(self) -> int | None:
        idx = self.tree.currentIndex()
        if not idx.isValid():
            return None
        rid = idx.siblingAtColumn(0).data(ReportIdRole)
        return int(rid) if rid is not None else None

    def set_filter_text(self, text: str) -> None:
        self.filter_edit.setText(text)

    # ------------------------------------------------------------------ behaviour
    def eventFilter(self, obj, event) -> bool:
        if obj is self.filter_edit and event.type() == event.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down:
            self._focus_first_report()
            return True
        return super().eventFilter(obj, event)

    def _on_filter(self, _text: str) -> None:
        # A small library filters at every key press; a large one once typing pauses.
        if len(self.model.report_ids()) > self.FILTER_AT_ONCE_UP_TO:
            self._filter_timer.start()
        else:
            self._apply_filter()

    def _apply_filter(self) -> None:
        self._filter_timer.stop()
        self.proxy.set_filter_text(self.filter_edit.text())
        self.tree.expandAll()

    def _focus_first_report(self) -> None:
        if self._filter_timer.isActive():
            self._apply_filter()
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.tree.currentIndex().isValid():
            return
        idx = self.proxy.index(0, 0)
        while idx.isValid() and self.proxy.hasChildren(idx):
            idx = self.proxy.index(0, 0, idx)
        if idx.isValid():
            self.tree.setCurrentIndex(idx)

    def _report_id_at(self, index: QModelIndex) -> int | None:
        if not index.isValid():
            return None
        rid = index.siblingAtColumn(0).data(ReportIdRole)
        return int(rid) if rid is not None else None

    def _on_double_click(self, index: QModelIndex) -> None:
        rid = self._report_id_at(index)
        if rid is not None:
            self.reportActivated.emit(rid)

    def _on_enter(self, index: QModelIndex) -> None:
        rid = self._report_id_at(index)
        if rid is not None:
            self.reportActivated.emit(rid)
        else:
            first = index.siblingAtColumn(0)
            self.tree.setExpanded(first, not self.tree.isExpanded(first))

    def _on_current(self, current: QModelIndex, _previous: QModelIndex) -> None:
        rid = self._report_id_at(current)
        self._emit_current(-1 if rid is None else rid)

    def _emit_current(self, rid: int) -> None:
        if rid != self._current:
            self._current = rid
            self.currentReportChanged.emit(rid)

    def _after_reset(self) -> None:
        self.tree.expandAll()
