"""The top of the response editor: the report's title, its publication date (editable), the
last day to publish, the chief constable's due date and the countdown.

The countdown follows the calendar, not the opening of the editor: a timer checks the date
every minute and at midnight, so an editor left open overnight turns "Due today" into
"Overdue by 1 day" by itself. Overdue is red, bold and has an icon.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QTime, QTimer
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QStyle,
    QWidget,
)

from ...response.draft import STATUTORY_DAYS, Response
from ..accessible import ValueLabel
from ..palette import readable_on_window
from .commands import Target
from .fields import DateField, DaysField, FieldBus, countdown, long_date

LEVEL_STYLE = {  # countdown level -> label style (text keeps its meaning without colour)
    "overdue": "color:#ffffff; background:#b71c1c; font-weight:bold; padding:2px 6px;"
               " border-radius:3px",
    "today": "color:#b71c1c; font-weight:bold",
    "soon": "color:#a15c00; font-weight:bold",
    "ok": "",
    "unknown": "color:#a15c00; font-weight:bold",
}
def level_style(level: str, widget: QWidget) -> str:
    """LEVEL_STYLE[level] with its text colour kept 4.5:1 on the window (dark desktops)."""
    style = LEVEL_STYLE[level]
    if "background" in style or "color:" not in style:
        return style   # white on its own red background: readable on any window
    colour = style.split("color:")[1].split(";")[0].strip()
    return style.replace(colour, readable_on_window(widget, colour))


LEVEL_ICON = {"overdue": QStyle.SP_MessageBoxCritical, "today": QStyle.SP_MessageBoxWarning,
              "soon": QStyle.SP_MessageBoxWarning, "ok": QStyle.SP_MessageBoxInformation,
              "unknown": QStyle.SP_MessageBoxWarning}


class ResponseHeader(QWidget):
    """Title, dates and countdown of one response."""

    def __init__(self, bus: FieldBus, today: Callable[[], dt.date]):
        super().__init__()
        self.bus, self.today = bus, today
        self.response: Response | None = None
        self.level = "unknown"
        self.title = ValueLabel("Report")   # heard "Report: <its title>", as the dates below
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.published: DateField | None = None
        self.days: DaysField | None = None
        self.deadline = ValueLabel("Last day to publish")
        self.cc_due = ValueLabel("Chief constable's comments due")
        self.icon = QLabel()
        self.countdown = ValueLabel("Time left to publish")
        self.grid = QGridLayout()
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setHorizontalSpacing(8)
        self.grid.setVerticalSpacing(2)
        self.grid.addWidget(QLabel("Published:"), 0, 0)
        # One label/value pair per row: the editor shares the window with a reader, so it
        # must fit a narrow dock (two pairs per row made it 610 px wide at the least).
        self.grid.addWidget(QLabel("Last day to publish:"), 1, 0)
        self.grid.addWidget(self.deadline, 1, 1)
        self.grid.addWidget(QLabel("Chief constable's comments due:"), 2, 0)
        self.grid.addWidget(QLabel("Due by:"), 3, 0)
        self.grid.addWidget(self.cc_due, 3, 1)
        self.grid.setColumnStretch(2, 1)
        count = QHBoxLayout()
        count.setContentsMargins(0, 0, 0, 0)
        count.addWidget(self.icon)
        count.addWidget(self.countdown, 1)
        self.countdown.setWordWrap(True)
        count.addStretch(1)
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title, 0, 0)
        layout.addLayout(self.grid, 1, 0)
        layout.addLayout(count, 2, 0)

        self._shown_for: dt.date | None = None
        self._key = None
        self.minute = QTimer(self)   # the date may change under a sleeping laptop too
        self.minute.setInterval(60_000)
        self.minute.timeout.connect(self.tick)
        self.minute.start()
        self.midnight = QTimer(self)
        self.midnight.setSingleShot(True)
        self.midnight.timeout.connect(self.tick)
        self._arm_midnight()

    def set_response(self, response: Response) -> None:
        """Show a response; its date fields are built for it (their targets name it)."""
        self.response = response
        rid = response.report_id
        for old in (self.published, self.days):
            if old is not None:
                self.grid.removeWidget(old)
                old.hide()
                old.deleteLater()
        self.published = DateField(self.bus, Target("response", rid, "published"),
                                   "Publication date of the report", "Known")
        self.published.set_value(response.published)
        self.days = DaysField(self.bus, Target("response", rid, "cc_due_days"),
                              "Days after publication the chief constable's comments are due",
                              STATUTORY_DAYS)
        self.days.set_value(response.cc_due_days)
        self.grid.addWidget(self.published, 0, 1)
        self.grid.addWidget(self.days, 2, 1)
        self.title.setText(response.report_title)
        self._key = None
        self.refresh()

    def refresh(self) -> None:
        r = self.response
        if r is None:
            return
        today = self.today()
        key = (r.report_id, r.published, r.cc_due_days, today)
        if key == self._key:
            return   # most edits change no date: nothing to redraw
        self._key = key
        self.deadline.setText(long_date(r.deadline))
        self.cc_due.setText(long_date(r.chief_constable_due))
        self._shown_for = today
        text, self.level = countdown(r.days_left(today))
        if r.deadline is not None:
            text += f" (publish by {long_date(r.deadline)})"
        self.countdown.setText(text)
        self.countdown.setStyleSheet(level_style(self.level, self))
        icon = self.style().standardIcon(LEVEL_ICON[self.level])
        self.icon.setPixmap(icon.pixmap(20, 20))

    def tick(self) -> None:
        """The date changed (midnight, or the computer woke up): count again."""
        if self.today() != self._shown_for:
            self.refresh()
        self._arm_midnight()

    def _arm_midnight(self) -> None:
        now = QDateTime.currentDateTime()
        next_midnight = QDateTime(now.date().addDays(1), QTime(0, 0, 1))
        self.midnight.start(max(1000, now.msecsTo(next_midnight)))
