"""The help page (F1): how the officer's day goes, and every shortcut grouped by task.

The shortcuts are read from the window's menus, so a new action shows here by itself; the
Edit menu's undo and redo are named as such (their text follows the last change).
"""
from __future__ import annotations

from html import escape

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout

GETTING_STARTED = [
    ("Import", "File \u25b8 Import (Ctrl+O), or drag PDF, web page, Word or text files and "
               "folders onto the window."),
    ("Find", "Ctrl+F searches every report: words, \"phrases\", AND/OR/NOT, vet*, "
             "grade:\"requires improvement\", force:, year:, kind:, area:."),
    ("Read", "Choose a report in the library; Ctrl+Shift+C puts the previous inspection "
             "beside it; F6 (Shift+F6 back) moves between the library, the panes and "
             "the panels on screen. The pane with the blue "
             "frame is the one Ctrl+R, annotate and every report action work on: click "
             "into the other pane to make it the active one. For a PDF, Original page "
             "shows the page as printed, with zoom, Fit width and Full pane (Escape "
             "brings the text back)."),
    ("Check what was read", "Likely findings and grades are marked \u201c(likely)\u201d: F7 "
                            "goes to the next, Ctrl+Shift+Y confirms, Ctrl+Shift+X rejects."),
    ("Respond", "Ctrl+R drafts the PCC's response; F8 goes to the next gap; Export to Word "
                "when no gaps are left."),
]


def shortcut_groups(menu_bar) -> list[tuple[str, list[tuple[str, str]]]]:
    """(menu title, [(action, keys)]) for every menu action that has a shortcut."""
    groups = []
    for top in menu_bar.actions():
        menu = top.menu()
        if menu is None:
            continue
        rows = []
        for a in menu.actions():
            if a.isSeparator() or a.shortcut().isEmpty():
                continue
            name = a.text().replace("&", "").replace("\u2026", "")
            if name.startswith("Undo"):
                name = "Undo the last change"
            elif name.startswith("Redo"):
                name = "Redo the change undone"
            keys = ", ".join(k.toString(QKeySequence.NativeText) for k in a.shortcuts())
            rows.append((name, keys))
        if rows:
            groups.append((top.text().replace("&", ""), rows))
    return groups


def help_html(menu_bar) -> str:
    parts = ["<h1>peelreview</h1>", "<h2>Your day, step by step</h2>", "<dl>"]
    for term, words in GETTING_STARTED:
        parts.append(f"<dt><b>{escape(term)}</b></dt><dd>{escape(words)}</dd>")
    parts.append("</dl><h2>Keyboard shortcuts</h2>")
    for title, rows in shortcut_groups(menu_bar):
        parts.append(f"<h3>{escape(title)}</h3><table cellpadding='3'>")
        parts.extend(f"<tr><td>{escape(name)}</td><td><b>{escape(keys)}</b></td></tr>"
                     for name, keys in rows)
        parts.append("</table>")
    return "".join(parts)


class HelpDialog(QDialog):
    def __init__(self, menu_bar, parent=None):
        super().__init__(parent)
        self.setWindowTitle("peelreview help")
        self.text = QTextBrowser()
        self.text.setAccessibleName("Help")
        self.text.setHtml(help_html(menu_bar))
        buttons = QDialogButtonBox(QDialogButtonBox.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(640, 600)
