"""Exporting the response from the editor: the buttons, the work run off the UI thread and
the one-line messages an officer reads when it cannot be done (the file is open in Word, the
folder is read-only, the template is not a Word document)."""
from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import shiboken6
from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QWidget,
)

from ...response.csv_export import export_items_csv
from ...response.docx_export import TemplateError, export_response
from ..tasks import run_task


class ExportFailed(Exception):
    """str() is the one line for the officer."""


def describe(error: BaseException, path: Path, template: Path | None = None) -> str:
    """One readable line for an export that failed."""
    name = path.name
    if isinstance(error, PermissionError):
        return (f"Cannot write {name}: it is open in another program (close it in Word or "
                "Excel) or the folder is read-only.")
    if isinstance(error, TemplateError):  # says which template and why, in one line
        return f"Cannot use the template {error.template.name}: {error.reason}."
    if isinstance(error, IsADirectoryError):
        return f"Cannot write {name}: it is a folder."
    if isinstance(error, FileNotFoundError):
        missing = Path(error.filename) if getattr(error, "filename", None) else path.parent
        if template is not None and missing == template:
            return f"Cannot use the template {template.name}: the file is not there any more."
        return f"Cannot write {name}: the folder {path.parent} does not exist."
    if isinstance(error, OSError):
        why = error.strerror or str(error)
        return f"Cannot write {name}: {why}."
    if template is not None and (isinstance(error, (zipfile.BadZipFile, KeyError, ValueError))
                                 or type(error).__name__ == "PackageNotFoundError"):
        return (f"Cannot use the template {template.name}: it is not a Word document "
                "(.docx) that can be read.")
    return f"Cannot write {name}: {error}"


def write_word(response, path: Path, template: Path | None = None,
               public: bool = False) -> Path:
    """Run on a worker thread: the .docx, or ExportFailed with the line to show. public:
    the version to publish (no owners, statuses, target dates, references or empty areas)."""
    try:
        return export_response(response, None, path, template=template,
                               internal=not public, empty_areas=not public)
    except Exception as e:  # noqa: BLE001 -- every failure becomes one readable line
        raise ExportFailed(describe(e, path, template)) from e


def write_csv(response, path: Path) -> Path:
    """Run on a worker thread: the tracker CSV, or ExportFailed."""
    try:
        return export_items_csv(response, path)
    except Exception as e:  # noqa: BLE001
        raise ExportFailed(describe(e, path)) from e


def failure_line(message: str) -> str:
    """run_task reports "ExportFailed: line"; the officer sees the line."""
    prefix = f"{ExportFailed.__name__}: "
    return message[len(prefix):] if message.startswith(prefix) else f"Export failed: {message}"


def _file_name(title: str) -> str:
    return re.sub(r"[^\w\- ]+", "", f"PCC response - {title}")[:90].strip() or "response"


class ExportBar(QWidget):
    """Export to Word (with the standard or the office's template) and to CSV, each run
    through tasks.run_task: the buttons are disabled and a busy bar shows while it runs,
    and the status line names the file written or says in one line why not.

    prepare() is asked for the response to write (the editor stores what is typed first);
    None means there is nothing to export (it has said why)."""

    status = Signal(str)
    exported = Signal(object)     # the Path written

    def __init__(self, prepare: Callable[[], object | None]):
        super().__init__()
        self.prepare = prepare
        self.template: Path | None = None
        self.task = None
        self.last_folder = Path.home()
        self.word_button = QPushButton("Export to &Word\u2026")
        self.word_button.setToolTip("Write the response as a Word document (Ctrl+Shift+E)")
        self.word_button.clicked.connect(lambda: self.export_word())
        self.template_button = QPushButton("Use te&mplate\u2026")
        self.template_button.setToolTip("Export with your office's Word template (its "
                                        "styles, letterhead and fonts)")
        self.template_button.clicked.connect(lambda: self.choose_template())
        self.template_label = QLabel()
        # The name of a chosen template may be long: it gives way rather than widen the dock.
        self.template_label.setSizePolicy(QSizePolicy.Ignored, QSizePolicy.Preferred)
        self.public = QCheckBox("For pu&blication")
        self.public.setToolTip("Leave out owners, statuses, target dates, section and page "
                               "references, and areas with nothing to say")
        self.public.setAccessibleDescription(self.public.toolTip())
        self.csv_button = QPushButton("E&xport CSV\u2026")
        self.csv_button.setToolTip("Write the items as CSV for your recommendation tracker")
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.busy = QProgressBar()
        self.busy.setRange(0, 0)
        self.busy.setMaximumWidth(80)
        self.busy.setAccessibleName("Exporting")
        self.busy.hide()
        self.act_word = QAction("Export response to &Word\u2026", self)
        self.act_word.setShortcut(QKeySequence("Ctrl+Shift+E"))
        self.act_word.triggered.connect(lambda: self.export_word())
        self.act_csv = QAction("Export response items as &CSV\u2026", self)
        self.act_csv.triggered.connect(lambda: self.export_csv())
        bar = QHBoxLayout(self)
        bar.setContentsMargins(0, 0, 0, 0)
        for w in (self.word_button, self.public, self.template_button, self.template_label):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.busy)
        bar.addWidget(self.csv_button)
        self._show_template()

    def _show_template(self) -> None:
        self.template_label.setText(f"Template: {self.template.name}" if self.template
                                    else "Template: the standard one")

    def choose_template(self, path: str | Path | None = None) -> None:
        """Use an office's Word template for the export ("" goes back to the standard)."""
        if path is None:
            path, _ = QFileDialog.getOpenFileName(self, "Word template for the response",
                                                  str(self.last_folder),
                                                  "Word documents (*.docx)")
            if not path:
                return
        self.template = Path(path) if path else None
        self._show_template()

    def export_word(self, path: str | Path | None = None):
        """Write the response as .docx off the UI thread; the task, or None if not
        started."""
        return self._export(path, ".docx", "Word documents", write_word)

    def export_csv(self, path: str | Path | None = None):
        return self._export(path, ".csv", "CSV files", write_csv)

    def _export(self, path, suffix: str, kind: str, fn):
        if self.task is not None:
            self.status.emit("An export is already running.")
            return None
        response = self.prepare()
        if response is None:
            return None
        if not path:
            default = self.last_folder / (_file_name(response.report_title) + suffix)
            path, _ = QFileDialog.getSaveFileName(self, f"Export the response ({kind})",
                                                  str(default), f"{kind} (*{suffix})")
            if not path:
                return None
            path = Path(path)
            if path.suffix.lower() != suffix:
                path = path.with_name(path.name + suffix)
        path = Path(path)
        self.last_folder = path.parent
        args = (response, path, self.template, self.public.isChecked()) if fn is write_word \
            else (response, path)
        gaps = len(response.gaps()) if fn is write_word else 0
        self._set_busy(True, f"Writing {path.name}\u2026")
        self.task = run_task(fn, *args, on_done=lambda p: self._exported(p, gaps),
                             on_error=self._failed)
        return self.task

    def _set_busy(self, on: bool, message: str) -> None:
        for b in (self.word_button, self.csv_button, self.template_button, self.act_word,
                  self.act_csv):
            b.setEnabled(not on)
        self.busy.setVisible(on)
        self.status.emit(message)

    def _exported(self, path: Path, gaps: int) -> None:
        self.task = None
        if not shiboken6.isValid(self):
            return
        draft = f" (marked DRAFT: {gaps} gap{'s' if gaps != 1 else ''} listed at the end)" \
            if gaps else ""
        self._set_busy(False, f"Wrote {path}{draft}")
        self.exported.emit(path)

    def _failed(self, message: str) -> None:
        self.task = None
        if shiboken6.isValid(self):
            self._set_busy(False, failure_line(message))
