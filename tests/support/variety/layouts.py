"""The layouts each format is written in, and what a layout does to the forms it shows.

A builder says how a grade is given ("grade:badge", "grade:table-rows"); the layout decides
what that looks like once rendered: a badge in a web page saved as text runs into its
heading ("grade:run-together"), a table's cells wrap word by word in a LibreOffice PDF
("grade:wrapped-cells"). answers.py records both forms.
"""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Layout:
    fmt: str
    name: str
    description: str
    forms: dict[str, str] = field(default_factory=dict)  # content form -> rendered form
    extra: frozenset[str] = frozenset()                 # forms every document in it shows
    footer: bool = False                                 # shows the running page footer
    decoys: tuple[str, ...] = ()                         # furniture lines it adds


LAYOUTS: dict[tuple[str, str], Layout] = {}


def _add(layout: Layout) -> None:
    LAYOUTS[(layout.fmt, layout.name)] = layout


_TABLE_FORMS = ("grade:table-rows", "grade:table-columns")

_add(Layout("txt", "export", "the inspectorate's web text export: headings on their own "
            "lines, '  \u2022 ' bullets, tab-separated tables, page footers between pages",
            footer=True))
_add(Layout("txt", "capture", "a web page copied as text: cells and badges run into the "
            "text before them, site furniture lines around the content, no bullet marks",
            forms={"grade:badge": "grade:run-together",
                   **{f: "grade:run-together" for f in _TABLE_FORMS}},
            extra=frozenset({"decoy:back-to-top"}), decoys=("Back to top",)))
_add(Layout("html", "semantic", "h1-h4, <span class='rating ...'> badges, <main>, site "
            "header and footer", extra=frozenset({"meta:title-suffix"})))
_add(Layout("html", "tables", "layout tables for the page grid (menu in a side cell), "
            "grades as <img alt='Good'> badges, the summary grades in a nested <table>",
            forms={"grade:badge": "grade:img-alt", "grade:table-rows": "grade:img-alt"},
            extra=frozenset({"meta:title-suffix"})))
_add(Layout("html", "news", "a news page: site navigation, cookie banner, breadcrumbs, an "
            "<article> with a related-news aside", extra=frozenset({"meta:title-suffix"})))
_add(Layout("docx", "headings", "Word heading styles, List Bullet / List Number, grid "
            "tables, a page footer", footer=True))
_add(Layout("docx", "cell-paragraphs", "the summary grade table as one cell per grade "
            "column holding one paragraph per area",
            forms={"grade:table-columns": "grade:cell-paragraphs"}, footer=True))
_add(Layout("docx", "pcc-table", "an OPCC's Word response: headings as bold Normal "
            "paragraphs, a two-column shaded grades table, numbered items",
            extra=frozenset({"docx:manual-headings"}), footer=True))
_add(Layout("pdf", "reportlab", "reportlab: a real grid table (five grade columns or area | "
            "grade), grades in coloured badge boxes, running header and footer",
            forms={"grade:badge": "grade:badge-box"}, footer=True))
_add(Layout("pdf", "libreoffice", "a Word file with narrow table columns converted by "
            "LibreOffice, so table cells wrap word by word",
            forms={f: "grade:wrapped-cells" for f in _TABLE_FORMS}, footer=True))

FORMATS = ("txt", "html", "docx", "pdf")
EXTENSIONS = {"txt": "txt", "html": "html", "docx": "docx", "pdf": "pdf"}


def layout(fmt: str, name: str) -> Layout:
    return LAYOUTS[(fmt, name)]
