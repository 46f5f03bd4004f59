"""Small dialogs for corrections: a grade for an area, a report's details, the kind and
area of a passage to mark as a finding. They only collect what the officer chose; the
Curator makes the change (one undoable command each)."""
from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from ...model import FindingKind, Grade, ReportKind
from ...reading.render import FINDING_LABELS, KIND_NAMES

GRADE_WORDS = [g.value for g in Grade]
KIND_ORDER = [k.value for k in ReportKind]


def _combo(items: list[tuple[str, str]], current: str | None = None,
           editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    for value, label in items:
        box.addItem(label, value)
    if current is not None:
        i = box.findData(current)
        if i >= 0:
            box.setCurrentIndex(i)
        elif editable:
            box.setEditText(current)
    return box


class _Form(QDialog):
    """A titled form with OK/Cancel; each field has a label that is its buddy (a screen
    reader hears what the field is for)."""

    def __init__(self, title: str, intro: str, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        if intro:
            label = QLabel(intro)
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

    def row(self, text: str, widget, name: str):
        label = QLabel(text)
        label.setBuddy(widget)
        widget.setAccessibleName(name)
        self.form.addRow(label, widget)
        return widget


class GradeDialog(_Form):
    """Set (or add) the grade of an area: the area from the report's headings, or typed."""

    def __init__(self, areas: list[str], area: str | None = None, grade: str | None = None,
                 parent=None):
        super().__init__("Set a grade", "The grade you set replaces what was read, and "
                         "stays through new versions of the report.", parent)
        self.area = self.row("&Area:", _combo([(a, a) for a in areas], area, editable=True),
                             "Area")
        self.grade = self.row("&Grade:", _combo([(g, g) for g in GRADE_WORDS], grade),
                              "Grade")

    def values(self) -> tuple[str, str]:
        return self.area.currentText().strip(), self.grade.currentData()


class FindingDialog(_Form):
    """The kind and area of a passage to mark as a finding."""

    def __init__(self, passage: str, areas: list[str], area: str | None, parent=None):
        super().__init__("Mark as finding", "", parent)
        quote = QLabel(f"\u201c{passage if len(passage) < 300 else passage[:299] + chr(8230)}"
                       "\u201d")
        quote.setWordWrap(True)
        self.row("Passage:", quote, f"Passage: {passage[:200]}")
        self.kind = self.row("&Kind:", _combo([(k.value, FINDING_LABELS[k.value])
                                               for k in FindingKind]), "Kind of finding")
        self.area = self.row("&Area:", _combo([("", "(no area)")] + [(a, a) for a in areas],
                                              area or "", editable=True), "Area")

    def values(self) -> tuple[str, str | None]:
        return self.kind.currentData(), self.area.currentText().strip() or None


class DetailsDialog(_Form):
    """A report's details as the officer wants them held: title, kind, force, publication
    date (or none) and PEEL cycle."""

    def __init__(self, report, forces: list[str], parent=None):
        super().__init__("Report details", "Your corrections are kept apart from what was "
                         "read, and stay through new versions of the report.", parent)
        self.report = report
        self.title = self.row("&Title:", QLineEdit(report.title), "Title")
        self.kind = self.row("&Kind:", _combo([(k, KIND_NAMES.get(k, k)) for k in KIND_ORDER],
                                              report.kind), "Kind of document")
        self.force = self.row("&Force:", _combo([(f, f) for f in forces], report.force or "",
                                                editable=True), "Force")
        self.has_date = QCheckBox("&Publication date known")
        self.has_date.setChecked(bool(report.published))
        self.form.addRow(self.has_date)
        self.date = QDateEdit()
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("d MMMM yyyy")
        d = dt.date.fromisoformat(report.published) if report.published else dt.date.today()
        self.date.setDate(QDate(d.year, d.month, d.day))
        self.row("&Published:", self.date, "Publication date")
        self.date.setEnabled(self.has_date.isChecked())
        self.has_date.toggled.connect(self.date.setEnabled)
        self.cycle = self.row("&Cycle:", QLineEdit(report.cycle or ""), "PEEL cycle")
        self.title.textChanged.connect(
            lambda t: self.buttons.button(QDialogButtonBox.Ok).setEnabled(bool(t.strip())))

    def changes(self) -> dict[str, str]:
        """The details the officer changed (field -> new value; "" clears)."""
        published = self.date.date().toString("yyyy-MM-dd") if self.has_date.isChecked() \
            else ""
        now = {"title": self.title.text().strip(), "kind": self.kind.currentData(),
               "force": self.force.currentText().strip(), "published": published,
               "cycle": self.cycle.text().strip()}
        was = {"title": self.report.title, "kind": self.report.kind,
               "force": self.report.force or "", "published": self.report.published or "",
               "cycle": self.report.cycle or ""}
        return {k: v for k, v in now.items() if v != was[k]}
