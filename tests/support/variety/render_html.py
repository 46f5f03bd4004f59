"""Web pages in three layouts.

semantic  <header> with a skip link and accessibility bar, <nav>, a cookie banner, <main>
          with h1-h4 and grade badges as <span class="rating rating--good">.
tables    the page grid is a layout table (masthead row, menu in a side cell, content
          cell); badges and table grades are <img alt="Good">; the summary table sits
          nested inside the grid.
news      a news page: cookie banner, site navigation, breadcrumbs, an <article> and a
          related-news <aside>.
Every <title> carries the site's suffix (" - HMICFRS", " | Northmoor OPCC").
"""
from __future__ import annotations

import html

from .blocks import BADGE, BULLET, FURNITURE, HEADING, NUMBERED, PARAGRAPH, TABLE, Doc

e = html.escape
IN_CONTENT = {"backtotop", "related", "caption"}


def _slug(grade: str) -> str:
    return grade.lower().replace(" ", "-")


def _img(grade: str) -> str:
    return (f'<img src="/images/grades/{_slug(grade)}.png" alt="{e(grade)}" width="140" '
            'height="36">')


def _badge(grade: str, layout: str) -> str:
    if layout == "tables":
        return f"<p>{_img(grade)}</p>"
    return f'<p><span class="rating rating--{_slug(grade)}">{e(grade)}</span></p>'


def _table(b, layout: str) -> str:
    head, *rows = b.rows
    cls = {"columns": "judgments judgments--columns", "rows": "judgments",
           "findings": "tracker"}.get(b.style, "plain")
    out = [f'<table class="{cls}"><thead><tr>'
           + "".join(f'<th scope="col">{e(c)}</th>' for c in head) + "</tr></thead><tbody>"]
    for r in rows:
        cells = []
        for i, c in enumerate(r):
            if layout == "tables" and b.style == "rows" and i == 1:
                cells.append(f"<td>{_img(c)}</td>")
            else:
                cells.append(f"<td>{e(c)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    out.append("</tbody></table>")
    return "".join(out)


def _furniture_in_content(b) -> str:
    if b.style == "backtotop":
        return f'<p class="back-to-top"><a href="#top">{e(b.text)}</a></p>'
    if b.style == "related":
        label, _, rest = b.text.partition(": ")
        return (f'<aside class="related-news"><p>{e(label)}: <a href="/news/related">'
                f"{e(rest)}</a></p></aside>")
    return (f'<figure><img src="/images/library.jpg" alt=""><figcaption>{e(b.text)}'
            "</figcaption></figure>")


def _content(blocks, layout: str) -> list[str]:
    out: list[str] = []
    open_list = None
    for b in blocks:
        want = {BULLET: "ul", NUMBERED: "ol"}.get(b.kind)
        if open_list and want != open_list:
            out.append(f"</{open_list}>")
            open_list = None
        if want and not open_list:
            start = f' start="{b.number}"' if b.kind == NUMBERED and b.number != 1 else ""
            out.append(f"<{want}{start}>")
            open_list = want
        if b.kind == HEADING:
            out.append(f"<h{b.level}>{e(b.text)}</h{b.level}>")
        elif b.kind == PARAGRAPH:
            if b.style == "quote":
                out.append(f"<blockquote><p>{e(b.text)}</p></blockquote>")
            elif b.style:
                out.append(f'<p class="{b.style}">{e(b.text)}</p>')
            else:
                out.append(f"<p>{e(b.text)}</p>")
        elif b.kind == BADGE:
            out.append(_badge(b.text, layout))
        elif want:
            out.append(f"<li>{e(b.text)}</li>")
        elif b.kind == TABLE:
            out.append(_table(b, layout))
        elif b.kind == FURNITURE and b.style in IN_CONTENT:
            out.append(_furniture_in_content(b))
    if open_list:
        out.append(f"</{open_list}>")
    return out


def _chrome(blocks) -> dict[str, str]:
    return {b.style: b.text for b in blocks if b.kind == FURNITURE and b.style not in IN_CONTENT}


def _menu(items: str) -> str:
    return "<ul>" + "".join(f'<li><a href="/{i.lower().replace(" ", "-")}">{e(i)}</a></li>'
                            for i in items.split(" | ")) + "</ul>"


def _cookie(text: str) -> str:
    message, _, buttons = text.partition(". ")
    return ('<div class="cookie-banner" role="region" aria-label="Cookies on this site">'
            f"<p>{e(message)}.</p>"
            + "".join(f"<button>{e(x)}</button>" for x in buttons.split(" | ")) + "</div>")


def render(doc: Doc, layout: str) -> bytes:
    blocks = [b for b in doc.blocks if b.shown_in("html")]
    chrome = _chrome(blocks)
    suffix = " - HMICFRS" if doc.site == "HMICFRS" else f" | {doc.site}"
    head = ('<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{e(doc.title)}{suffix}</title>\n"
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<link rel="stylesheet" href="/css/site.css">\n'
            "<script>window.siteAnalytics = [];</script>\n</head>\n")
    content = _content([b for b in blocks if b.kind != FURNITURE or b.style in IN_CONTENT],
                       layout)
    cookie = _cookie(chrome["cookie"]) if "cookie" in chrome else ""
    skip = (f'<a class="skip-link" href="#main">{e(chrome["skip"])}</a>'
            if "skip" in chrome else "")
    access = ""
    if "textsize" in chrome:
        access = ('<div class="accessibility-bar"><span>Text size: <a href="#">A</a> '
                  '<a href="#">A</a> <a href="#">A</a></span> '
                  f'<a href="/accessibility">{e(chrome.get("accessibility", ""))}</a></div>')
    menu = chrome.get("menu", "Home")
    if "banner" in chrome:
        access += f'<div class="site-banner"><a href="/news">{e(chrome["banner"])}</a></div>'
    footer = ('<footer class="site-footer"><ul><li><a href="/contact">Contact us</a></li>'
              '<li><a href="/privacy">Privacy notice</a></li></ul>'
              f"<p>\u00a9 {e(doc.site)} (fictional site)</p></footer>")
    if layout == "tables":
        body = ["<body>", cookie.replace('class="cookie-banner"', 'id="cookie-notice"'),
                '<table width="100%" cellpadding="0" cellspacing="0" border="0">',
                f'<tr><td colspan="2" class="masthead">{skip} '
                + (f'Text size: <a href="#">A</a> <a href="#">A</a> <a href="#">A</a> | '
                   f'<a href="/accessibility">{e(chrome.get("accessibility", ""))}</a>'
                   if "textsize" in chrome else "")
                + (f' | <a href="/news">{e(chrome["banner"])}</a>' if "banner" in chrome else "")
                + "</td></tr>",
                '<tr><td class="menu" width="180" valign="top">'
                + "<br>".join(f'<a href="/{i.lower().replace(" ", "-")}">{e(i)}</a>'
                              for i in menu.split(" | "))
                + '</td><td class="content" valign="top">', *content, "</td></tr>",
                '<tr><td colspan="2" class="footer">Contact us | Privacy notice</td></tr>',
                "</table>", "</body>"]
    elif layout == "news":
        crumbs = chrome.get("breadcrumb", "Home > News")
        body = ["<body>", cookie, f'<header class="site-header">{skip}{access}'
                f'<a class="logo" href="/">{e(doc.site)}</a></header>',
                f'<nav class="site-nav" aria-label="Main menu">{_menu(menu)}</nav>',
                '<nav class="breadcrumbs" aria-label="Breadcrumb"><ol>'
                + "".join(f"<li>{e(c)}</li>" for c in crumbs.split(" > ")) + "</ol></nav>",
                '<main id="main"><article class="news-article">', *content,
                "</article></main>", footer, "</body>"]
    else:
        body = ["<body>", skip, cookie, f'<header class="site-header">{access}'
                f'<a class="logo" href="/">{e(doc.site)}</a></header>',
                f'<nav class="site-nav">{_menu(menu)}</nav>', '<main id="main">', *content,
                "</main>", footer, "</body>"]
    return (head + "\n".join(x for x in body if x) + "\n</html>\n").encode("utf-8")
