"""Full-text search across every report held: query box, hits grouped by report, facets.

    panel = SearchPanel(ws)
    panel.hitActivated.connect(show_passage)   # (report_id, start, end, terms)
    panel.reportActivated.connect(open_report)
    panel.refresh()                             # after an import

The search itself runs on a worker thread through tasks.run_task: typing never waits on
the index, and a newer query always wins over the results of an older one.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass

import shiboken6
from PySide6.QtCore import QModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QPalette,
    QStandardItem,
    QStandardItemModel,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ...index.errors import QueryError
from ..accessible import ValueLabel, announce, name_clear_button
from ..palette import base_is_dark
from ..tasks import run_task
from ..views import EnterTreeView

EXAMPLE_QUERY = 'vetting  kind:recommendation  grade:"requires improvement"'
PAGE_SIZE = 50
MAX_RESULTS = 1000

KIND_LABELS = {"recommendation": "Recommendation", "cause_of_concern": "Cause of concern",
               "area_for_improvement": "Area for improvement",
               "innovative_practice": "Innovative practice"}
HELP_TEXT = (
    "<p>Type words to search every report held; results appear as you type.</p>"
    "<p>Narrow the search with <b>kind:</b> (recommendation, cause_of_concern, "
    "area_for_improvement, innovative_practice), <b>grade:</b>, <b>force:</b> or "
    "<b>year:</b>, for example:</p>"
    "<p>&nbsp;&nbsp;<tt>vetting kind:recommendation</tt><br>"
    "&nbsp;&nbsp;<tt>\"domestic abuse\" grade:\"requires improvement\"</tt><br>"
    "&nbsp;&nbsp;<tt>custody year:[2019 TO 2022]</tt></p>"
    "<p>Quote a phrase; use OR for either word and NOT to leave a word out. Press Down to "
    "move to the results and Enter to open one.</p>")
FACETS = (("kind", "Kind"), ("grade", "Grade"), ("force", "Force"), ("year", "Year"))
SORTS = (("Relevance", "relevance"), ("Newest first", "date"))

RowTypeRole = Qt.ItemDataRole.UserRole + 1   # "report" or "hit"
ReportIdRole = Qt.ItemDataRole.UserRole + 2
HitRole = Qt.ItemDataRole.UserRole + 3        # the index.results.Hit (hit rows)
TitleRole = Qt.ItemDataRole.UserRole + 4      # first line, HTML
SnippetRole = Qt.ItemDataRole.UserRole + 5    # second line, HTML (matched words in <b>)
MetaRole = Qt.ItemDataRole.UserRole + 6       # grey detail line, HTML

_OPERATORS = {"AND", "OR", "NOT", "TO"}
_FIELD_TOKEN = re.compile(
    r'(?<![^\s(])[A-Za-z_][\w\-]*:\s*(?:"[^"]*"|\[[^\]]*\]|\{[^}]*\}|\([^)]*\)|[<>]=?\s*\S+|\S*)')
_TOKEN = re.compile(r'"[^"]*"|\S+')
_TAG = re.compile(r"<[^>]+>")


def kind_label(kind: str | None, doc_type: str | None = None) -> str:
    if kind:
        return KIND_LABELS.get(kind, kind.replace("_", " ").capitalize())
    if doc_type == "annotation":
        return "Note"
    return "Report details" if doc_type == "report" else "Passage"


def plain(snippet_html: str) -> str:
    """The snippet as plain text (what a screen reader reads)."""
    return html.unescape(_TAG.sub("", snippet_html))


def query_terms(text: str) -> list[str]:
    """The plain words of a query, for highlighting: no field filters, operators, quotes,
    brackets or wildcard marks; the word or phrase after NOT is left out."""
    bare = _FIELD_TOKEN.sub(" ", text)
    out: list[str] = []
    skip = False
    for token in _TOKEN.findall(bare):
        if token in _OPERATORS:
            skip = token == "NOT"
            continue
        if skip:
            skip = False
            continue
        token = re.sub(r"[~^]\d*(\.\d+)?$", "", token)
        for word in re.findall(r"[\w’'\-]+", token.strip('"')):
            word = word.strip("-'’")
            if word and word not in out and word.upper() not in _OPERATORS - {"TO"}:
                out.append(word)
    return out


def filter_token(facet: str, value: str) -> str:
    """The query text that filters by one facet value: kind:recommendation,
    grade:"requires improvement", force:"wessex constabulary", year:2022."""
    value = str(value).strip()
    if facet == "kind":
        return f"kind:{value.lower().replace(' ', '_')}"
    if facet == "year":
        return f"year:{value}"
    value = value.lower().replace('"', "")
    return f'{facet}:"{value}"' if re.search(r"\s", value) else f"{facet}:{value}"


def _token_re(token: str) -> re.Pattern:
    return re.compile(r"(?<!\S)" + re.escape(token) + r"(?!\S)", re.I)


def has_token(query: str, token: str) -> bool:
    return bool(_token_re(token).search(query))


def add_token(query: str, token: str) -> str:
    if has_token(query, token):
        return query
    return f"{query.rstrip()}  {token}" if query.strip() else token


def remove_token(query: str, token: str) -> str:
    return re.sub(r"\s{3,}", "  ", _token_re(token).sub("", query)).strip()


@dataclass
class _Failed:
    message: str
    query_error: bool


def _search(search, text: str, limit: int, sort: str):
    """Runs on the worker thread. A malformed query comes back as a value, not an error."""
    try:
        return search(text, limit=limit, sort=sort)
    except QueryError as e:
        return _Failed(str(e), True)


def _blend(a: QColor, b: QColor, t: float) -> QColor:
    def mix(x: int, y: int) -> int:
        return round(x * (1 - t) + y * t)
    return QColor(mix(a.red(), b.red()), mix(a.green(), b.green()), mix(a.blue(), b.blue()))


class _RichTextDelegate(QStyledItemDelegate):
    """Paints a result row as rich text: a title line, a grey detail line and the snippet
    with the matched words in bold; the height follows the wrapped text."""

    PAD = 4

    def __init__(self, view: QTreeView):
        super().__init__(view)
        self._view = view
        self._heights: dict[tuple[int, int, int], int] = {}

    def _document(self, option: QStyleOptionViewItem, index: QModelIndex,
                  width: float) -> QTextDocument:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text = palette.color(QPalette.ColorRole.HighlightedText if selected
                             else QPalette.ColorRole.Text)
        base = palette.color(QPalette.ColorRole.Highlight if selected else QPalette.ColorRole.Base)
        grey = _blend(text, base, 0.35).name()
        parts = [f"<div>{index.data(TitleRole) or ''}</div>"]
        if index.data(MetaRole):
            parts.append(f'<div style="color:{grey}">{index.data(MetaRole)}</div>')
        if index.data(SnippetRole):
            parts.append(f"<div>{index.data(SnippetRole)}</div>")
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(0)
        doc.setHtml("".join(parts))
        doc.setTextWidth(max(40.0, width))
        return doc

    def _text_width(self, index: QModelIndex) -> float:
        depth = 0
        parent = index.parent()
        while parent.isValid():
            depth += 1
            parent = parent.parent()
        if self._view.rootIsDecorated():
            depth += 1
        return self._view.viewport().width() - depth * self._view.indentation() - 2 * self.PAD

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else self._view.style()
        if index.data(RowTypeRole) == "report" and not opt.state & QStyle.StateFlag.State_Selected:
            painter.fillRect(opt.rect, opt.palette.color(QPalette.ColorRole.AlternateBase))
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = opt.rect.adjusted(self.PAD, self.PAD, -self.PAD, -self.PAD)
        doc = self._document(opt, index, rect.width())
        painter.save()
        painter.translate(rect.topLeft())
        painter.setClipRect(rect.translated(-rect.topLeft()))
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex) -> QSize:
        width = self._text_width(index)
        key = (index.internalId(), index.row(), int(width))
        height = self._heights.get(key)
        if height is None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            height = int(self._document(opt, index, width).size().height()) + 2 * self.PAD + 2
            self._heights[key] = height
        return QSize(int(width), height)

    def forget_sizes(self) -> None:
        """New rows (or a new font): measure again."""
        self._heights.clear()


class _ResultsTree(EnterTreeView):
    """Enter/Return activates the current row; the rows re-wrap when the width changes."""

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        if event.size().width() != event.oldSize().width():
            self.scheduleDelayedItemsLayout()


class _LinkButton(QPushButton):
    """A flat, link-like button: reachable with Tab, pressed with Space."""

    def __init__(self, text: str = "", parent: QWidget | None = None):
        super().__init__(text, parent)
        self.setFlat(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("QPushButton { text-align: left; padding: 1px 4px; border: none; }"
                           "QPushButton:focus { text-decoration: underline; }")
        self._apply_palette()

    def _apply_palette(self) -> None:
        pal = self.palette()
        link = pal.color(QPalette.ColorRole.Link)
        if base_is_dark(pal) and link.lightness() < 140:
            link = QColor("#8ab4f8")
        pal.setColor(QPalette.ColorRole.ButtonText, link)
        self.setPalette(pal)

    def setChecked(self, checked: bool) -> None:  # noqa: N802 -- Qt naming
        super().setChecked(checked)
        font = self.font()
        font.setBold(checked)
        self.setFont(font)


class SearchPanel(QWidget):
    """Search box, sort choice, status line, hits grouped by report, and facets.

    Signals: hitActivated(report_id, start, end, terms) when a hit is clicked or Enter is
    pressed on it (terms: the query's plain words, for highlighting);
    reportActivated(report_id) for a report header; searchFinished(result) when results
    (not errors) are shown.
    """

    hitActivated = Signal(int, int, int, list)
    reportActivated = Signal(int)
    searchFinished = Signal(object)
    DEBOUNCE_MS = 300

    def __init__(self, workspace, parent: QWidget | None = None):
        super().__init__(parent)
        self._ws = workspace
        self._seq = 0            # the number of the latest search started
        self._pending = False    # a search is running whose results we still want
        self._limit = PAGE_SIZE
        self._shown_query = ""   # the query whose results are on screen
        self._result = None
        self._facet_buttons: list[_LinkButton] = []

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(self.DEBOUNCE_MS)
        self._timer.timeout.connect(self._run)
        self._busy_timer = QTimer(self)
        self._busy_timer.setSingleShot(True)
        self._busy_timer.setInterval(200)
        self._busy_timer.timeout.connect(self._show_busy)

        self._build()

    # ------------------------------------------------------------------ layout
    def _build(self) -> None:
        self.query_edit = QLineEdit(self)
        self.query_edit.setPlaceholderText(f"Search, e.g. {EXAMPLE_QUERY}")
        self.query_edit.setClearButtonEnabled(True)
        self.query_edit.setAccessibleName("Search reports")
        name_clear_button(self.query_edit, "Clear search")
        self._query_help = ("Words to find in every report held. Narrow with kind:, grade:, "
                            "force: or year:, e.g. " + EXAMPLE_QUERY + ". Results update as "
                            "you type; press Enter to search at once, Down to go to the "
                            "results.")
        self.query_edit.setAccessibleDescription(self._query_help)
        self.query_edit.setToolTip(self._query_help)

        self.sort_box = QComboBox(self)
        for label, value in SORTS:
            self.sort_box.addItem(label, value)
        self.sort_box.setAccessibleName("Sort results")
        self.sort_box.setAccessibleDescription("Order hits by relevance or newest report first")
        self.sort_box.setToolTip("Order hits by relevance or newest report first")
        sort_label = QLabel("&Sort:", self)
        sort_label.setBuddy(self.sort_box)

        self.error_label = ValueLabel("Search problem", parent=self)
        self.error_label.setWordWrap(True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error_label.hide()

        self.suggestion_button = _LinkButton("", self)
        self.suggestion_button.setAccessibleName("Did you mean")
        self.suggestion_button.hide()
        self.suggestion_button.clicked.connect(self._use_suggestion)

        self.status_label = ValueLabel("Search status", parent=self)
        self.status_label.setWordWrap(True)
        self.more_button = QPushButton("Show more", self)
        self.more_button.setAccessibleName("Show more results")
        self.more_button.setAccessibleDescription(
            f"Show up to {PAGE_SIZE} more hits for this query")
        self.more_button.hide()
        self.more_button.clicked.connect(self._show_more)

        self.model = QStandardItemModel(self)
        self.results = _ResultsTree(self)
        self.results.setModel(self.model)
        self.results.setHeaderHidden(True)
        self.results.setUniformRowHeights(False)
        self.results.setIndentation(14)
        self.delegate = _RichTextDelegate(self.results)
        self.results.setItemDelegate(self.delegate)
        self.model.modelReset.connect(self.delegate.forget_sizes)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.results.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.results.setExpandsOnDoubleClick(False)
        self.results.setAccessibleName("Search results")
        self.results.setAccessibleDescription(
            "Hits grouped by report. Up and Down move between hits; Enter opens the hit "
            "or, on a report heading, the report.")

        self.facet_box = QWidget()
        self.facet_layout = QVBoxLayout(self.facet_box)
        self.facet_layout.setContentsMargins(6, 4, 6, 4)
        self.facet_layout.setSpacing(0)
        self.facet_layout.addStretch(1)
        self.facet_area = QScrollArea(self)
        self.facet_area.setWidget(self.facet_box)
        self.facet_area.setWidgetResizable(True)
        self.facet_area.setFrameShape(QFrame.Shape.StyledPanel)
        self.facet_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.facet_area.setAccessibleName("Narrow the results")
        self.facet_area.setAccessibleDescription(
            "Counts of hits by kind, grade, force and year; press one to add it to the query")
        self.facet_area.setMinimumWidth(200)
        self.facet_area.hide()

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.placeholder = ValueLabel("Search help", HELP_TEXT, self)
        self.placeholder.setWordWrap(True)
        self.placeholder.setTextFormat(Qt.TextFormat.RichText)
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.placeholder.setContentsMargins(12, 12, 12, 12)
        self.placeholder.setAutoFillBackground(True)
        self.placeholder.setBackgroundRole(QPalette.ColorRole.Base)
        self.result_stack = QStackedWidget(self)
        self.result_stack.addWidget(self.results)
        self.result_stack.addWidget(self.placeholder)
        self.result_stack.setCurrentWidget(self.placeholder)
        self.splitter.addWidget(self.result_stack)
        self.splitter.addWidget(self.facet_area)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([660, 240])
        self.splitter.setChildrenCollapsible(False)

        top = QHBoxLayout()
        top.addWidget(self.query_edit, 1)
        top.addWidget(sort_label)
        top.addWidget(self.sort_box)
        status = QHBoxLayout()
        status.addWidget(self.status_label, 1)
        status.addWidget(self.more_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addLayout(top)
        layout.addWidget(self.error_label)
        layout.addWidget(self.suggestion_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(status)
        layout.addWidget(self.splitter, 1)

        self.setTabOrder(self.query_edit, self.sort_box)
        self.setTabOrder(self.sort_box, self.suggestion_button)
        self.setTabOrder(self.suggestion_button, self.results)
        self.setTabOrder(self.results, self.more_button)
        self.setTabOrder(self.more_button, self.facet_area)
        self.setFocusProxy(self.query_edit)
        self._style_error()

        self.query_edit.textEdited.connect(self._on_edited)
        self.query_edit.returnPressed.connect(self._run_now)
        self.query_edit.installEventFilter(self)
        self.sort_box.currentIndexChanged.connect(self._run_now)
        self.results.clicked.connect(self._activate)
        self.results.enterPressed.connect(self._activate)

    NARROW = 640  # below this width the facets go under the results instead of beside

    def sizeHint(self) -> QSize:
        return QSize(480, 600)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        want = Qt.Orientation.Vertical if self.width() < self.NARROW \
            else Qt.Orientation.Horizontal
        if self.splitter.orientation() != want:
            self.splitter.setOrientation(want)
            if want == Qt.Orientation.Vertical:
                self.splitter.setSizes([int(self.height() * 0.65), int(self.height() * 0.35)])
                self.facet_area.setMinimumWidth(0)
            else:
                self.facet_area.setMinimumWidth(200)
                self.splitter.setSizes([max(200, self.width() - 240), 240])

    def _style_error(self) -> None:
        pal = self.error_label.palette()
        red = QColor("#ff8a80") if base_is_dark(self.palette()) else QColor("#b3261e")
        pal.setColor(QPalette.ColorRole.WindowText, red)
        self.error_label.setPalette(pal)

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == event.Type.PaletteChange and hasattr(self, "error_label"):
            self._style_error()
            for button in [self.suggestion_button, *self._facet_buttons]:
                button._apply_palette()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.query_edit and event.type() == event.Type.KeyPress \
                and event.key() == Qt.Key.Key_Down and self.model.rowCount():
            self.results.setFocus(Qt.FocusReason.TabFocusReason)
            current = self.results.currentIndex()
            if current.data(RowTypeRole) != "hit":
                # Down then Enter opens the report at its first hit: from the report row
                # chosen (or the first), to its first hit
                group = current if current.isValid() else self.model.index(0, 0)
                if self.model.canFetchMore(group):  # a report's hits come on first use
                    self.model.fetchMore(group)
                hit = self.model.index(0, 0, group)
                if hit.isValid():
                    self.results.expand(group)
                self.results.setCurrentIndex(hit if hit.isValid() else group)
            return True
        return super().eventFilter(obj, event)

    # ------------------------------------------------------------------ public API
    def set_workspace(self, workspace) -> None:
        """Search another workspace: drops results and searches in flight, then runs the
        current query (if any) against the new one."""
        self._ws = workspace
        self._shown_query = ""
        self._seq += 1
        self._pending = False
        self._set_error("")
        self._show_result(None)
        self.status_label.setText("")
        self.refresh()

    def workspace(self):
        return self._ws

    def query(self) -> str:
        return self.query_edit.text()

    def set_query(self, text: str, run: bool = True) -> None:
        """Put text in the query box; search at once unless run is False."""
        self.query_edit.setText(text)
        self._timer.stop()
        self._limit = PAGE_SIZE
        if run:
            self._run()

    def focus_query(self) -> None:
        self.query_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.query_edit.selectAll()

    def refresh(self) -> None:
        """Search the current query again (e.g. after an import)."""
        if self.query().strip():
            self._run()

    def sort(self) -> str:
        return self.sort_box.currentData()

    def set_sort(self, sort: str) -> None:
        i = self.sort_box.findData(sort)
        if i >= 0:
            self.sort_box.setCurrentIndex(i)

    def is_searching(self) -> bool:
        return self._pending

    @property
    def result(self):
        """The SearchResult on screen, or None (a property)."""
        return self._result

    def error_text(self) -> str:
        return self.error_label.text() if not self.error_label.isHidden() else ""

    # ------------------------------------------------------------------ searching
    def _on_edited(self, _text: str) -> None:
        self._limit = PAGE_SIZE
        self._timer.start()

    def _run_now(self, *_args) -> None:
        self._run()

    def _run(self) -> None:
        self._timer.stop()
        text = self.query()
        self._seq += 1
        seq = self._seq
        if not text.strip():
            self._pending = False
            self._busy_timer.stop()
            self._set_error("")
            self._show_result(None)
            self.status_label.setText("")
            return
        self._pending = True
        self._busy_timer.start()
        run_task(_search, self._ws.search, text, self._limit, self.sort() or "relevance",
                 on_done=lambda r, s=seq, q=text: self._on_done(s, q, r),
                 on_error=lambda m, s=seq, q=text: self._on_done(s, q, _Failed(m, False)))

    def _on_done(self, seq: int, text: str, result) -> None:
        if seq != self._seq or not shiboken6.isValid(self):
            return  # a newer query has been started since (its results win), or we are gone
        self._pending = False
        self._busy_timer.stop()
        if isinstance(result, _Failed):
            if result.query_error:
                self._set_error(result.message)
            else:
                self._set_error("The search could not be run: " + result.message)
            if self._result is not None:
                self.status_label.setText(
                    f"Still showing the results for: {self._shown_query}")
            else:
                self.status_label.setText("No results.")
            return
        self._set_error("")
        self._shown_query = text
        self._show_result(result)
        self.searchFinished.emit(result)

    def _show_busy(self) -> None:
        if self._pending:
            self.status_label.setText("Searching…")

    def _show_more(self) -> None:
        self._limit = min(MAX_RESULTS, self._limit + PAGE_SIZE)
        self._run()

    def _use_suggestion(self) -> None:
        if self._result is not None and self._result.suggestion:
            self.set_query(self._result.suggestion)

    def _set_error(self, message: str) -> None:
        if not message:
            self.error_label.clear()
            self.error_label.hide()
            self.query_edit.setAccessibleDescription(self._query_help)
            return
        self.error_label.setText("⚠ " + message)
        self.error_label.show()
        self.query_edit.setAccessibleDescription(f"{message} {self._query_help}")
        announce(self.error_label, message)

    # ------------------------------------------------------------------ showing results
    def _show_result(self, result) -> None:
        keep = self._current_key()
        self._result = result
        self.model.clear()
        self.delegate.forget_sizes()
        self._show_facets(result)
        if result is None or not result.total:
            self.placeholder.setText(HELP_TEXT if result is None else self._no_match_text())
            self.result_stack.setCurrentWidget(self.placeholder)
        else:
            self.result_stack.setCurrentWidget(self.results)
        if result is None:
            self.suggestion_button.hide()
            self.more_button.hide()
            return
        if result.suggestion:
            self.suggestion_button.setText(f"Did you mean: {result.suggestion}?")
            self.suggestion_button.setAccessibleDescription(
                f"Search for {result.suggestion} instead")
            self.suggestion_button.show()
        else:
            self.suggestion_button.hide()
        groups = result.grouped()
        root = self.model.invisibleRootItem()
        restore = None
        for report_id, hits in groups:
            root.appendRow(self._report_item(report_id, hits))
            header = root.child(root.rowCount() - 1)
            for hit in hits:
                header.appendRow(self._hit_item(hit))
                if keep == (hit.report_id, hit.start, hit.end):
                    restore = header.child(header.rowCount() - 1).index()
        self.results.expandAll()
        self.status_label.setText(self._status(result, len(groups)))
        announce(self.status_label, self.status_label.text())   # the count, heard at once
        more = len(result.hits) < result.total and self._limit < MAX_RESULTS
        self.more_button.setVisible(more)
        if restore is not None:
            self.results.setCurrentIndex(restore)
            self.results.scrollTo(restore)
        else:
            self.results.scrollToTop()

    def _no_match_text(self) -> str:
        shown = html.escape(self._shown_query.strip())
        return (f"<p>No matches for <b>{shown}</b>.</p><p>Check the spelling, use fewer or "
                "different words, or remove a filter such as <tt>kind:</tt> or "
                "<tt>year:</tt>.</p>")

    @staticmethod
    def _status(result, n_reports: int) -> str:
        def plural(n, word):
            return f"{n:,} {word}{'' if n == 1 else 'es' if word.endswith('h') else 's'}"
        if not result.total:
            return "No matches."
        if len(result.hits) >= result.total:
            return f"{plural(result.total, 'match')} in {plural(n_reports, 'report')}"
        return (f"{plural(result.total, 'match')}; showing the first {len(result.hits):,}, "
                f"in {plural(n_reports, 'report')}")

    def _current_key(self):
        hit = self.results.currentIndex().data(HitRole)
        return (hit.report_id, hit.start, hit.end) if hit is not None else None

    def _report_item(self, report_id: int, hits: list) -> QStandardItem:
        first = hits[0]
        title = first.report_title or "(untitled report)"
        details = [first.force or "No force stated", str(first.year or "year not stated"),
                   f"{len(hits)} hit{'s' if len(hits) != 1 else ''}"]
        item = QStandardItem(f"{title}. {', '.join(details)}")
        item.setData("report", RowTypeRole)
        item.setData(report_id, ReportIdRole)
        item.setData(f"<b>{html.escape(title)}</b>", TitleRole)
        item.setData(html.escape(" · ".join(details)), MetaRole)
        item.setData(f"{title}\n{' · '.join(details)}\nClick or press Enter to open the report",
                     Qt.ItemDataRole.ToolTipRole)
        item.setData(item.text(), Qt.ItemDataRole.AccessibleTextRole)
        item.setEditable(False)
        return item

    def _hit_item(self, hit) -> QStandardItem:
        label = kind_label(hit.kind, hit.doc_type)
        where = []
        snippet_text = plain(hit.snippet)
        if hit.doc_type == "annotation" and hit.start is None:
            where.append("orphaned, its passage is no longer in the report")
        if hit.section and hit.doc_type != "finding" and hit.section != hit.area \
                and hit.section.casefold() != snippet_text.strip("… ").casefold():
            where.append(hit.section)
        meta = []
        if hit.area:
            meta.append(hit.area)
        if hit.grade:
            meta.append(f"graded {hit.grade}")
        spoken = [label + ("" if not where else f": {where[0]}")]
        if hit.area:
            spoken.append(f"Area: {hit.area}")
        if hit.grade:
            spoken.append(f"Grade: {hit.grade}")
        spoken.append(snippet_text)
        item = QStandardItem(". ".join(spoken))
        item.setData("hit", RowTypeRole)
        item.setData(hit.report_id, ReportIdRole)
        item.setData(hit, HitRole)
        title = f"<b>{html.escape(label)}</b>"
        if where:
            title += " — " + html.escape(where[0])
        item.setData(title, TitleRole)
        item.setData(html.escape(" · ".join(meta)), MetaRole)
        item.setData(hit.snippet, SnippetRole)
        item.setData(item.text(), Qt.ItemDataRole.AccessibleTextRole)
        item.setData(f"{label} in {hit.report_title}\nClick or press Enter to show it",
                     Qt.ItemDataRole.ToolTipRole)
        item.setEditable(False)
        return item

    def _activate(self, index: QModelIndex) -> None:
        kind = index.data(RowTypeRole)
        if kind == "hit":
            hit = index.data(HitRole)
            if hit.start is None:  # an orphaned note has no place: open its report
                self.reportActivated.emit(int(hit.report_id))
                return
            self.hitActivated.emit(int(hit.report_id), int(hit.start), int(hit.end),
                                   query_terms(self._shown_query or self.query()))
        elif kind == "report":
            self.reportActivated.emit(int(index.data(ReportIdRole)))

    # ------------------------------------------------------------------ facets
    def _show_facets(self, result) -> None:
        for button in self._facet_buttons:
            button.deleteLater()
        self._facet_buttons = []
        while self.facet_layout.count() > 1:
            item = self.facet_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        has_facets = result is not None and result.total and any((result.facets or {}).values())
        self.facet_area.setVisible(bool(has_facets))
        if not has_facets:
            return
        query = self._shown_query
        pos = 0
        previous: QWidget = self.more_button
        for facet, heading in FACETS:
            counts = (result.facets or {}).get(facet) or {}
            if not counts:
                continue
            title = QLabel(heading, self.facet_box)
            font = QFont(title.font())
            font.setBold(True)
            title.setFont(font)
            title.setContentsMargins(4, 8 if pos else 0, 0, 2)
            self.facet_layout.insertWidget(pos, title)
            pos += 1
            values = sorted(counts.items(), key=lambda kv: (-int(kv[0]), kv[1])) \
                if facet == "year" and all(str(k).isdigit() for k in counts) \
                else sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
            for value, n in values:
                shown = kind_label(value) if facet == "kind" else str(value)
                token = filter_token(facet, value)
                button = _LinkButton(f"{shown} ({n:,})", self.facet_box)
                button.setCheckable(True)
                active = has_token(query, token)
                button.setChecked(active)
                button.setAccessibleName(f"{heading}: {shown}, {n} hits")
                what = "Remove" if active else "Add"
                button.setAccessibleDescription(f"{what} the filter {token} "
                                                f"{'from' if active else 'to'} the query")
                button.setToolTip(f"{what} {token}")
                button.clicked.connect(lambda _c=False, t=token: self._toggle_filter(t))
                self.facet_layout.insertWidget(pos, button)
                pos += 1
                self._facet_buttons.append(button)
                self.setTabOrder(previous, button)
                previous = button

    def _toggle_filter(self, token: str) -> None:
        query = self.query()
        if has_token(query, token):
            self.set_query(remove_token(query, token))
        else:
            self.set_query(add_token(query, token))
