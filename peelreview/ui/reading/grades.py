"""How one force's grades moved across the inspections held: a table of areas by inspection.

    view = GradeHistoryWidget(ws)                  # or GradeHistoryWidget(ws.list_reports())
    view.show_force("Wessex Constabulary")
    view.reportActivated.connect(open_report)   # double-click a column heading or a cell

The history itself (area pairing across renamed areas, movement) is compare.grade_history;
this module only draws it. Movement is shown by a mark and a word as well as by colour.
"""
from __future__ import annotations

import textwrap

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...reading.compare import GradeHistory, grade_history
from ..accessible import ValueLabel
from ..palette import contrast
from ..views import EnterTableView, ListingLoader

_NO_PARENT = QModelIndex()  # the default parent argument of the Qt API

#: Background per grade; the text colour is chosen for contrast (see text_colour).
GRADE_COLOURS = {
    "Outstanding": QColor("#1b5e20"),           # dark green
    "Good": QColor("#4caf50"),                  # green
    "Adequate": QColor("#ffc107"),              # amber
    "Requires improvement": QColor("#f4511e"),  # orange-red
    "Inadequate": QColor("#8e0000"),            # dark red
    "Not graded": QColor("#9e9e9e"),            # grey
}
MOVEMENT_MARKS = {"improved": "▲ improved", "worse": "▼ worse", "same": "= same"}
MOVEMENT_WORDS = {"improved": "better than", "worse": "worse than", "same": "the same as"}

GradeRole = Qt.ItemDataRole.UserRole + 1     # the grade word, or None
MovementRole = Qt.ItemDataRole.UserRole + 2  # "improved", "same", "worse", "new", ...
ReportIdRole = Qt.ItemDataRole.UserRole + 3  # the inspection's report id (column)
AreaKeyRole = Qt.ItemDataRole.UserRole + 4   # compare.area_key of the row

FIVE_GRADE_NOTE = (
    "Grades from the 2021/22 PEEL inspections on use five grades (Outstanding, Good, "
    "Adequate, Requires improvement, Inadequate) and are not directly comparable with "
    "earlier grades. ▲ improved, ▼ worse and = same compare each grade with the area's "
    "last graded inspection before it.")


def text_colour(background: QColor) -> QColor:
    """Black or white, whichever reads better on the background."""
    black, white = QColor("#000000"), QColor("#ffffff")
    return black if contrast(background, black) >= contrast(background, white) else white


def short_title(title: str, limit: int = 30) -> str:
    """The first part of a title ('Wessex PEEL 2018/19 – Police effectiveness…' ->
    'Wessex PEEL 2018/19'), cut to `limit` characters."""
    head = title or "(untitled)"
    for sep in (" – ", " — ", " - ", ": "):
        if sep in head:
            head = head.split(sep, 1)[0]
            break
    return head if len(head) <= limit else head[:limit - 1].rstrip() + "…"


def _date_text(iso: str | None) -> str | None:
    if not iso:
        return None
    import datetime as dt
    try:
        day = dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {day:%B %Y}"


class GradeHistoryModel(QAbstractTableModel):
    """Rows: areas; columns: inspections oldest first; cells: (grade, movement)."""

    def __init__(self, history: GradeHistory | None = None, parent=None):
        super().__init__(parent)
        self._history = history or GradeHistory("", [], [])

    def set_history(self, history: GradeHistory | None) -> None:
        self.beginResetModel()
        self._history = history or GradeHistory("", [], [])
        self.endResetModel()

    def history(self) -> GradeHistory:
        return self._history

    def report_id(self, column: int) -> int | None:
        reports = self._history.reports
        return int(reports[column]["id"]) if 0 <= column < len(reports) else None

    def rowCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._history.rows)

    def columnCount(self, parent: QModelIndex = _NO_PARENT) -> int:
        return 0 if parent.isValid() else len(self._history.reports)

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def cell(self, row: int, column: int) -> tuple[str | None, str | None]:
        return self._history.rows[row].cells[column]

    def _previous_grade(self, row: int, column: int) -> str | None:
        for grade, _move in reversed(self._history.rows[row].cells[:column]):
            if grade and grade != "Not graded":
                return grade
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid() or not self.hasIndex(index.row(), index.column()):
            return None
        row, col = index.row(), index.column()
        grade, move = self.cell(row, col)
        if role == GradeRole:
            return grade
        if role == MovementRole:
            return move
        if role == ReportIdRole:
            return self.report_id(col)
        if role == AreaKeyRole:
            return self._history.rows[row].key
        if role == Qt.ItemDataRole.DisplayRole:
            if grade is None:
                return "—"
            mark = MOVEMENT_MARKS.get(move or "")
            return f"{grade}\n{mark}" if mark else grade
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = GRADE_COLOURS.get(grade or "")
            return QBrush(colour) if colour else None
        if role == Qt.ItemDataRole.ForegroundRole:
            colour = GRADE_COLOURS.get(grade or "")
            # the dash of an empty cell in mid grey: readable on light and dark bases alike
            return QBrush(text_colour(colour) if colour else QColor("#808080"))
        if role == Qt.ItemDataRole.FontRole and move in MOVEMENT_MARKS:
            font = QFont()
            font.setBold(move != "same")
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, col)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            label = self._history.rows[row].label
            when = self._column_name(col)
            return f"{label}, {when}: {self._tooltip(row, col)}"
        return None

    def _tooltip(self, row: int, col: int) -> str:
        grade, move = self.cell(row, col)
        if grade is None:
            return "No grade for this area in this inspection"
        before = self._previous_grade(row, col)
        if move in MOVEMENT_MARKS and before:
            return f"{before} → {grade} ({move})"
        if move == "new":
            return f"{grade} (first graded inspection of this area held)"
        return grade

    def _column_name(self, col: int) -> str:
        r = self._history.reports[col]
        return f"{r.get('year') or 'year not stated'} {short_title(r.get('title') or '')}"

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal:
            if not 0 <= section < len(self._history.reports):
                return None
            r = self._history.reports[section]
            if role == Qt.ItemDataRole.DisplayRole:
                return f"{r.get('year') or '—'}\n{short_title(r.get('title') or '')}"
            if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
                date = _date_text(r.get("published"))
                tip = r.get("title") or "(untitled)"
                tip += f"\nPublished {date}" if date else ""
                if role == Qt.ItemDataRole.ToolTipRole:
                    tip += "\nDouble-click to open the report"
                return tip
            if role == ReportIdRole:
                return int(r["id"])
            return None
        if not 0 <= section < len(self._history.rows):
            return None
        label = self._history.rows[section].label
        if role == Qt.ItemDataRole.DisplayRole:
            return "\n".join(textwrap.wrap(label, 42)) or label
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            return label
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        return None


class _GradeTable(EnterTableView):
    """Enter/Return on a cell opens that inspection, like a double-click."""


class GradeHistoryWidget(ListingLoader, QWidget):
    """A force chooser (when several forces are held), the grade table and a note.

    Signal: reportActivated(int) on a double-click (or Enter) on an inspection's column
    heading or one of its cells.
    """

    reportActivated = Signal(int)
    forceChanged = Signal(str)

    def __init__(self, source=None, parent: QWidget | None = None):
        """source: a listing (ws.list_reports()), or a Workspace whose listing is then read
        on a worker thread."""
        super().__init__(parent)
        self._reports: list[dict] = []
        self._force: str | None = None
        self._workspace = None
        self._load_seq = 0

        self.force_box = QComboBox(self)
        self.force_box.setAccessibleName("Force")
        self.force_box.setAccessibleDescription("Choose the force whose grade history to show")
        self.force_box.setToolTip("Choose the force whose grade history to show")
        self.force_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.force_label = QLabel("For&ce:", self)
        self.force_label.setBuddy(self.force_box)
        self.title_label = ValueLabel("Grade history", parent=self)
        font = QFont(self.title_label.font())
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        self.title_label.setFont(font)

        self.model = GradeHistoryModel(parent=self)
        self.table = _GradeTable(self)
        self.table.setModel(self.model)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.setShowGrid(True)
        self.table.setAccessibleName("Grade history")
        self.table.setAccessibleDescription(
            "Rows are inspected areas, columns are inspections oldest first. Each cell gives "
            "the grade and whether it improved, got worse or stayed the same. Double-click or "
            "press Enter to open the inspection.")
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        hh = self.table.horizontalHeader()
        hh.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        hh.setMinimumSectionSize(self.fontMetrics().horizontalAdvance("Requires improvement")
                                 + 24)
        hh.setDefaultAlignment(Qt.AlignmentFlag.AlignCenter)
        vh = self.table.verticalHeader()
        # Row heights are set from the wrapped area labels (_fit_rows): measuring every cell
        # (ResizeToContents) costs a tenth of a second with fifty inspections held.
        vh.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        vh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        vh.setMinimumSectionSize(self.fontMetrics().lineSpacing() + 8)

        self.empty_label = ValueLabel("No grade history", parent=self)
        self.empty_label.setWordWrap(True)
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty_label)

        self.note_label = ValueLabel("About comparing grades", FIVE_GRADE_NOTE, self)
        self.note_label.setWordWrap(True)

        top = QHBoxLayout()
        top.addWidget(self.title_label, 1)
        top.addWidget(self.force_label)
        top.addWidget(self.force_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addLayout(top)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.note_label)
        self.setTabOrder(self.force_box, self.table)
        self.setFocusProxy(self.table)

        self.force_box.currentIndexChanged.connect(self._on_force_chosen)
        self.table.doubleClicked.connect(self._activate_index)
        self.table.enterPressed.connect(self._activate_index)
        hh.sectionDoubleClicked.connect(self._activate_column)

        self.set_reports(source if isinstance(source, list) else [])
        if source is not None and not isinstance(source, list):
            self.set_workspace(source)

    # ------------------------------------------------------------------ public API
    def set_reports(self, reports: list[dict]) -> None:
        """A new workspace listing; keeps the force shown if it is still held."""
        self._show_given(reports)

    def _show_listing(self, reports: list[dict]) -> None:
        self._reports = list(reports)
        forces = sorted({r["force"] for r in self._reports
                         if r.get("force") and r.get("kind") == "peel-inspection"
                         and r.get("grades")}, key=str.casefold)
        keep = self._force if self._force in forces else (forces[0] if forces else None)
        self.force_box.blockSignals(True)
        self.force_box.clear()
        self.force_box.addItems(forces)
        self.force_box.blockSignals(False)
        several = len(forces) > 1
        self.force_box.setVisible(several)
        self.force_label.setVisible(several)
        self._force = None
        self.show_force(keep)

    def show_force(self, force: str | None) -> None:
        """Show one force's history (None or a force with no graded inspection: a notice)."""
        self._force = force
        if force is not None:
            i = self.force_box.findText(force)
            if i >= 0 and i != self.force_box.currentIndex():
                self.force_box.blockSignals(True)
                self.force_box.setCurrentIndex(i)
                self.force_box.blockSignals(False)
        history = grade_history(self._reports, force) if force else None
        self.model.set_history(history)
        if history is None or not history.reports:
            self.title_label.setText("Grade history")
            self.empty_label.setText(
                "No graded PEEL inspection is held for this force yet. Import inspection "
                "reports to see how its grades moved." if force else
                "No graded PEEL inspection is held yet. Import inspection reports to see "
                "how a force's grades moved.")
            self.stack.setCurrentWidget(self.empty_label)
        else:
            n = len(history.reports)
            self.title_label.setText(f"{force}: grades in {n} inspection{'s' if n != 1 else ''}")
            self.stack.setCurrentWidget(self.table)
            self._fit_rows()
        self.forceChanged.emit(force or "")

    def _fit_rows(self) -> None:
        """Each row fits its area label (wrapped) and a grade with its movement mark."""
        line = self.table.fontMetrics().lineSpacing()
        vh = self.table.verticalHeader()
        vertical = Qt.Orientation.Vertical
        for row in range(self.model.rowCount()):
            label = self.model.headerData(row, vertical) or ""
            lines = max(2, label.count("\n") + 1)
            vh.resizeSection(row, lines * line + 12)

    def force(self) -> str | None:
        return self._force

    def forces(self) -> list[str]:
        return [self.force_box.itemText(i) for i in range(self.force_box.count())]

    # ------------------------------------------------------------------ behaviour
    def _on_force_chosen(self, i: int) -> None:
        if i >= 0:
            self.show_force(self.force_box.itemText(i))

    def _activate_index(self, index: QModelIndex) -> None:
        if index.isValid():
            self._activate_column(index.column())

    def _activate_column(self, column: int) -> None:
        rid = self.model.report_id(column)
        if rid is not None:
            self.reportActivated.emit(rid)
