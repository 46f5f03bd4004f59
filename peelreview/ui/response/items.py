"""The response editor's areas: each area's name and grade chip, its two bullet lists and a
card per item (cause of concern, recommendation, area for improvement) with the item's
fields. Widgets only; the editor owns the values and the commits.
"""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
)

from ...reading.render import GRADE_COLOURS, GRADE_TEXT_COLOURS, NOT_GRADED
from ...response.draft import AreaSection, Response, ResponseItem
from ..accessible import ValueLabel
from .bullets import BulletList
from .commands import Target
from .fields import DateField, FieldBus, LineField, StatusField, TextField


def grade_chip(grade: str | None) -> QLabel:
    """The area's grade as the reader shows it: the word on its colour."""
    grade = grade or NOT_GRADED
    chip = QLabel(grade)
    bg = GRADE_COLOURS.get(grade, GRADE_COLOURS[NOT_GRADED])
    fg = GRADE_TEXT_COLOURS.get(grade, "#ffffff")
    chip.setStyleSheet(f"background-color:{bg}; color:{fg}; font-weight:bold;"
                       " padding:1px 6px; border-radius:3px")
    chip.setAccessibleName(f"Grade: {grade}")
    return chip


def item_title(response: Response, item: ResponseItem) -> str:
    n = response.recommendation_number(item)
    return item.label + (f" {n}" if n else "")


class ItemCard(QFrame):
    """One item: what the report says, then the chief constable's and the PCC's comments,
    owner, status, reason for no action and target date."""

    def __init__(self, bus: FieldBus, response: Response, item: ResponseItem):
        super().__init__()
        self.item = item
        self.setObjectName("responseItem")
        self.setFrameShape(QFrame.StyledPanel)
        title = item_title(response, item)
        where = f"{title} ({item.area})" if item.area else title
        self.setAccessibleName(where)

        heading = QLabel(title)
        bold = heading.font()
        bold.setBold(True)
        heading.setFont(bold)
        finding = ValueLabel(f"{title}: what the report says", item.text)
        finding.setWordWrap(True)
        finding.setTextInteractionFlags(Qt.TextSelectableByMouse)
        finding.setStyleSheet("padding-left:6px; border-left:3px solid palette(mid)")
        reference = QLabel(item.reference)
        reference.setForegroundRole(QPalette.PlaceholderText)
        reference.setStyleSheet("font-style: italic")
        reference.setWordWrap(True)

        def t(field: str) -> Target:
            return Target("item", item.id, field)

        self.cc = TextField(bus, t("cc_comments"), f"Chief constable's comments on {where}",
                            "The chief constable's comments (required for recommendations "
                            "and causes of concern)")
        self.pcc = TextField(bus, t("pcc_comments"), f"PCC's comments on {where}",
                             "The PCC's comments: the action taken or proposed, or why none"
                             if item.kind == "recommendation" else "The PCC's comments")
        self.owner = LineField(bus, t("owner"), f"Action owner for {where}",
                               "Who is responsible for the action")
        self.status = StatusField(bus, t("status"), f"Status of {where}")
        self.reason = TextField(bus, t("no_action_reason"), f"Reason for no action on {where}",
                                "Required when the status is \u201cno action\u201d", min_lines=1)
        self.target = DateField(bus, t("target_date"), f"Target date for {where}", "Set")
        self.fields = {"cc_comments": self.cc, "pcc_comments": self.pcc, "owner": self.owner,
                       "status": self.status, "no_action_reason": self.reason,
                       "target_date": self.target}
        for name, widget in self.fields.items():
            widget.set_value(getattr(item, name))

        form = QFormLayout()
        form.setContentsMargins(0, 4, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignRight | Qt.AlignTop)
        for label, widget in (("Chief constab&le:", self.cc), ("&PCC:", self.pcc),
                              ("Action &owner:", self.owner), ("&Status:", self.status),
                              ("Reason for &no action:", self.reason),
                              ("&Target date:", self.target)):
            lab = QLabel(label)
            lab.setBuddy(widget)
            form.addRow(lab, widget)
        self.reason_label = form.labelForField(self.reason)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 8)
        layout.setSpacing(3)
        layout.addWidget(heading)
        layout.addWidget(finding)
        layout.addWidget(reference)
        # only once it has a parent: setVisible(True) on a parentless label showed it as
        # a window of its own for a moment, and the main window lost the keyboard (Ctrl+R)
        reference.setVisible(bool(item.reference))
        layout.addLayout(form)
        self.update_state(item)

    def update_state(self, item: ResponseItem) -> None:
        """The reason for no action is asked for only with that status."""
        on = item.status == "no action"
        self.reason.setEnabled(on)
        self.reason_label.setEnabled(on)


class AreaBox(QFrame):
    """An area of the report in the response: name, grade, bullet lists, items."""

    def __init__(self, bus: FieldBus, response: Response, area: AreaSection):
        super().__init__()
        self.area = area
        self.setObjectName("responseArea")
        name = QLabel(area.name)
        name.setWordWrap(True)
        font = name.font()
        font.setPointSizeF(font.pointSizeF() * 1.15)
        font.setBold(True)
        name.setFont(font)
        head = QHBoxLayout()
        head.setContentsMargins(0, 0, 0, 0)
        head.addWidget(name, 1)
        if area.grade:
            head.addWidget(grade_chip(area.grade), 0, Qt.AlignTop)
        self.lists = {part: BulletList(bus, area.name, part) for part in ("states",
                                                                          "highlighted")}
        self.cards = [ItemCard(bus, response, i) for i in area.items]
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 10, 0, 4)
        layout.setSpacing(4)
        layout.addLayout(head)
        for part, blist in self.lists.items():
            layout.addWidget(blist)
            blist.set_bullets(getattr(area, part))
        for card in self.cards:
            layout.addWidget(card)
