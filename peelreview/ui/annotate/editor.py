"""Widgets for writing an annotation: the note/tags/colour dialog, a tags field that
completes from the tags already used, and the small bar that floats over a selection.

They only collect what the officer typed; the Annotator (commands.py) makes the change.
"""
from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QToolButton,
    QWidget,
)

from ...reading.render import ANNOTATION_COLOURS
from ...review.annotations import COLOURS, DEFAULT_COLOUR, clean_tags
from ..accessible import ValueLabel

QUOTE_PREVIEW = 240


def colour_icon(colour: str, size: int = 14) -> QIcon:
    """A swatch of an annotation colour with a dark edge (visible on any background)."""
    pm = QPixmap(size, size)
    pm.fill(QColor(ANNOTATION_COLOURS.get(colour, ANNOTATION_COLOURS[DEFAULT_COLOUR])[0]))
    painter = QPainter(pm)
    painter.setPen(QColor("#404040"))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return QIcon(pm)


def excerpt(text: str, limit: int = QUOTE_PREVIEW) -> str:
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(".,;:") + "\u2026"


def split_tags(text: str) -> tuple[str, ...]:
    """Tags as typed: separated by commas (a tag may hold spaces: "for the chief")."""
    return clean_tags(text.split(","))


class TagsEdit(QLineEdit):
    """Comma-separated tags; completion offers the tags already in use for the tag being
    typed (the part after the last comma), and choosing one replaces just that part."""

    def __init__(self, known_tags: list[str] = (), parent=None):
        super().__init__(parent)
        self.setPlaceholderText("budget, for the chief constable, repeat finding")
        self.setAccessibleName("Tags")
        self.setAccessibleDescription("Tags separated by commas. Tags already used are "
                                      "offered as you type.")
        self.model = QStringListModel(list(known_tags), self)
        self.completer = QCompleter(self.model, self)
        self.completer.setCaseSensitivity(Qt.CaseInsensitive)
        self.completer.setFilterMode(Qt.MatchContains)
        self.completer.setWidget(self)
        self.completer.activated[str].connect(self._complete)
        self.textEdited.connect(self._edited)

    def set_known_tags(self, tags: list[str]) -> None:
        self.model.setStringList(list(tags))

    def current_word(self) -> str:
        return self.text()[:self.cursorPosition()].rsplit(",", 1)[-1].strip()

    def _edited(self, _text: str) -> None:
        word = self.current_word()
        if not word:
            self.completer.popup().hide()
            return
        self.completer.setCompletionPrefix(word)
        if self.completer.completionCount():
            self.completer.complete()
        else:
            self.completer.popup().hide()

    def _complete(self, tag: str) -> None:
        before = self.text()[:self.cursorPosition()]
        after = self.text()[self.cursorPosition():]
        head = before.rsplit(",", 1)[0] + ", " if "," in before else ""
        self.setText(f"{head}{tag}, {after.lstrip(', ')}".rstrip())
        self.setCursorPosition(len(head) + len(tag) + 2)

    def suggestions(self) -> list[str]:
        """What completion offers for the tag being typed (for tests and screen readers)."""
        self.completer.setCompletionPrefix(self.current_word())
        model = self.completer.completionModel()
        return [model.index(i, 0).data() for i in range(model.rowCount())]

    def tags(self) -> tuple[str, ...]:
        return split_tags(self.text())

    def set_tags(self, tags) -> None:
        self.setText(", ".join(tags))


class ColourChoice(QWidget):
    """The annotation colours as radio buttons, each with a swatch and its name."""

    def __init__(self, colour: str = DEFAULT_COLOUR, parent=None):
        super().__init__(parent)
        self.group = QButtonGroup(self)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.buttons: dict[str, QRadioButton] = {}
        for c in COLOURS:
            b = QRadioButton(c.capitalize())
            b.setIcon(colour_icon(c))
            b.setAccessibleName(f"Colour {c}")
            self.group.addButton(b)
            self.buttons[c] = b
            layout.addWidget(b)
        layout.addStretch(1)
        self.set_colour(colour)

    def colour(self) -> str:
        return next((c for c, b in self.buttons.items() if b.isChecked()), DEFAULT_COLOUR)

    def set_colour(self, colour: str) -> None:
        self.buttons.get(colour, self.buttons[DEFAULT_COLOUR]).setChecked(True)


class AnnotationEditor(QDialog):
    """Note (several lines), tags and colour of one annotation, new or existing.
    Ctrl+Enter saves, Esc cancels."""

    def __init__(self, quote: str, *, note: str = "", tags=(), colour: str = DEFAULT_COLOUR,
                 known_tags: list[str] = (), title: str = "Annotation", parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self.quote = ValueLabel("Quoted passage")
        self.quote.setTextFormat(Qt.PlainText)
        self.quote.setText(f"\u201c{excerpt(quote)}\u201d")
        self.quote.setWordWrap(True)
        self.quote.setStyleSheet("font-style: italic")
        self.note = QPlainTextEdit(note)
        self.note.setTabChangesFocus(True)
        self.note.setAccessibleName("Note")
        self.note.setPlaceholderText("Your note on this passage")
        self.note.setMinimumHeight(110)
        self.tags = TagsEdit(known_tags)
        self.tags.set_tags(tags)
        self.colour = ColourChoice(colour)
        buttons = QDialogButtonBox(QDialogButtonBox.Save | QDialogButtonBox.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.Save).setToolTip("Save (Ctrl+Enter)")
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.accept)
        form = QFormLayout(self)
        form.addRow(self.quote)
        note_label = QLabel("&Note:")
        note_label.setBuddy(self.note)
        form.addRow(note_label, self.note)
        tags_label = QLabel("&Tags:")
        tags_label.setBuddy(self.tags)
        form.addRow(tags_label, self.tags)
        form.addRow("Colour:", self.colour)
        form.addRow(buttons)
        self.resize(520, 330)

    def values(self) -> dict:
        return {"note": self.note.toPlainText().strip(), "tags": self.tags.tags(),
                "colour": self.colour.colour()}


def _open(dialog: AnnotationEditor, focus: str, on_save) -> AnnotationEditor:
    """Show the dialog without blocking (window-modal); on Save, on_save(values)."""
    dialog.setAttribute(Qt.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: on_save(dialog.values()))
    dialog.open()
    (dialog.tags if focus == "tags" else dialog.note).setFocus()
    return dialog


def edit_new(parent, annotator, report_id: int, start: int, end: int, quote: str,
             focus: str = "note") -> AnnotationEditor:
    """The editor for a new annotation on text[start:end]; Save creates it (undoably)."""
    dialog = AnnotationEditor(quote, colour=annotator.colour, title="New annotation",
                              known_tags=annotator.workspace.annotations.tags(), parent=parent)

    def save(v):
        annotator.set_colour(v["colour"])
        annotator.create(report_id, start, end, note=v["note"], tags=v["tags"],
                         colour=v["colour"])
    return _open(dialog, focus, save)


def edit_existing(parent, annotator, annotation, focus: str = "note") -> AnnotationEditor:
    """The editor for an annotation; Save changes what was changed (undoably)."""
    dialog = AnnotationEditor(annotation.quote, note=annotation.note, tags=annotation.tags,
                              colour=annotation.colour, title="Edit annotation",
                              known_tags=annotator.workspace.annotations.tags(), parent=parent)
    return _open(dialog, focus, lambda v: annotator.edit(annotation.id, **v))


class SelectionBar(QFrame):
    """Floats over the text beside a selection: a button per colour (highlight), Note…
    and Tags…. It never takes the focus, so the selection stays."""

    highlight = Signal(str)       # colour
    noteRequested = Signal()
    tagsRequested = Signal()

    def __init__(self, parent: QWidget):
        super().__init__(parent)
        self.setFrameShape(QFrame.StyledPanel)
        self.setAutoFillBackground(True)
        self.setAccessibleName("Annotate selection")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(3, 2, 3, 2)
        layout.setSpacing(2)
        self.colour_buttons: dict[str, QToolButton] = {}
        for c in COLOURS:
            b = self._button("", f"Highlight {c}", f"Highlight the selection in {c}")
            b.setIcon(colour_icon(c, 16))
            b.clicked.connect(lambda _=False, c=c: self.highlight.emit(c))
            self.colour_buttons[c] = b
        self._button("Note\u2026", "Add note", "Highlight with a note (Ctrl+Shift+N)"
                     ).clicked.connect(self.noteRequested)
        self._button("Tags\u2026", "Add tags", "Highlight with tags (Ctrl+Shift+G)"
                     ).clicked.connect(self.tagsRequested)
        self.hide()

    def _button(self, text: str, name: str, tip: str) -> QToolButton:
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setAccessibleName(name)
        b.setFocusPolicy(Qt.NoFocus)
        b.setAutoRaise(True)
        self.layout().addWidget(b)
        return b

    def show_near(self, rect) -> None:
        """Show just below (or, near the bottom, above) the rectangle, inside the parent."""
        self.adjustSize()
        parent = self.parentWidget()
        x = max(2, min(rect.left(), parent.width() - self.width() - 2))
        y = rect.bottom() + 6
        if y + self.height() > parent.height() - 2:
            y = max(2, rect.top() - self.height() - 6)
        self.move(x, y)
        self.show()
        self.raise_()


__all__ = ["AnnotationEditor", "edit_new", "edit_existing", "TagsEdit", "ColourChoice",
           "SelectionBar", "colour_icon", "excerpt", "split_tags"]
