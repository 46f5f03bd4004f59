"""Pieces several kinds of document share: site chrome, and each way a finding is written.

Each helper appends blocks to a Page and attaches the findings they state, with the
confidence the policy gives that way of writing (see the package docstring).
"""
from __future__ import annotations

import datetime as dt

from . import dates
from .blocks import AFI, BROWSER, CAUSE, CERTAIN, INNOVATIVE, LIKELY, RECOMMENDATION, Finding
from .prose import PLURAL_ITEMS

NUMBER_WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}
ADDRESSEE_FORCE = "the force"


def web_chrome(page, *, site_menu=("Home", "Publications", "Our inspections", "News",
                                   "About us"), cookie=True, accessibility=True):
    """What a web page shows before its content."""
    page.furniture("skip", "Skip to content")
    if accessibility:
        page.furniture("textsize", "Text size: A A A")
        page.furniture("accessibility", "Accessibility settings")
    if cookie:
        page.furniture("cookie", "We use cookies to understand how people use this site. "
                                 "Accept all cookies | Reject optional cookies", only=BROWSER)
    page.furniture("menu", " | ".join(site_menu))


def back_to_top(page):
    b = page.furniture("backtotop", "Back to top", only=BROWSER)
    b.decoys.append("Back to top")
    b.forms.append("decoy:back-to-top")


# ----------------------------------------------------------------------------- findings

def afi_heading(page, w, area, n, level, pagebreak_after=None):
    """"Area(s) for improvement" heading, then the items as bullets: certain."""
    page.heading(level, "Areas for improvement" if n > 1 else "Area for improvement")
    for i in range(n):
        text = w.afi()
        if n == 1:
            page.para(text, findings=[Finding(AFI, text, CERTAIN, "finding:heading-paragraph",
                                              area)])
        else:
            page.bullet(text, Finding(AFI, text, CERTAIN, "finding:heading-bullets", area))
        if pagebreak_after == i:
            page.pagebreak()


def afi_lead_in(page, w, area, n, kind=AFI):
    """"We identified two areas for improvement:" then bullets: likely."""
    what = {AFI: ("area for improvement", "areas for improvement"),
            CAUSE: ("cause of concern", "causes of concern")}[kind]
    page.para(f"We identified {NUMBER_WORDS[n]} {what[n > 1]}:")
    for _ in range(n):
        text = w.afi() if kind == AFI else w.cause()
        page.bullet(text, Finding(kind, text, LIKELY, "finding:lead-in-bullets", area))


def afi_inline(page, w, area):
    """"We have identified an area for improvement: the force should ..." inline: likely."""
    text = f"the force should {w.afi_fragment()}."
    page.para(f"{w.sentence()} We have identified an area for improvement: {text}",
              findings=[Finding(AFI, text, LIKELY, "finding:inline", area)])


def afi_label(page, w, area, number=None):
    """"Area for improvement: The force should ..." as a labelled line: certain."""
    text = w.afi()
    label = "Area for improvement" + (f" {number}" if number else "")
    page.para(f"{label}: {text}", style="label",
              findings=[Finding(AFI, text, CERTAIN, "finding:label", area)])


def cause_heading(page, w, area, level):
    page.heading(level, "Cause of concern")
    text = w.cause()
    page.para(text, findings=[Finding(CAUSE, text, CERTAIN, "finding:heading-cause", area)])


def cause_prose(page, w, area, variant):
    """A cause of concern stated in running prose: likely.

    "is"      -- "The backlog in X is a cause of concern." inside a paragraph
    "consider" -- a paragraph ending "We consider this a cause of concern."
    "are"     -- "... and ... are causes of concern." inside a paragraph
    """
    t = w.topic()
    if variant == "is":
        text = f"The backlog in {t} is a cause of concern."
        page.para(f"{w.sentence()} {text} {w.sentence()}",
                  findings=[Finding(CAUSE, text, LIKELY, "finding:cause-prose-is", area)])
    elif variant == "consider":
        n = w.r.randint(120, 900)
        text = (f"When we inspected, the force had {n} "
                f"{w.r.choice(PLURAL_ITEMS)} linked to {t}, and no plan to clear them. "
                "We consider this a cause of concern.")
        page.para(text, findings=[Finding(CAUSE, text, LIKELY, "finding:cause-prose-consider",
                                          area)])
    elif variant == "are":
        text = (f"The size of the backlog in {t} and the time the force has taken to reduce it "
                "are causes of concern.")
        page.para(f"{w.sentence()} {text}",
                  findings=[Finding(CAUSE, text, LIKELY, "finding:cause-prose-are", area)])
    else:
        raise ValueError(variant)


def deadline(w, published: dt.date, style: str) -> tuple[str, dt.date | None]:
    """A recommendation's opening words and the date they mean."""
    if style == "date":
        d = dates.month_end(dates.add_months(published, w.r.choice([4, 6, 9])))
        return f"By {dates.long(d)}", d
    if style == "no-year":
        month = w.r.choice([3, 4, 9, 10])
        day = {3: 31, 4: 30, 9: 30, 10: 31}[month]
        return f"By {day} {dates.MONTHS[month - 1]}", dates.next_occurrence(day, month,
                                                                             published)
    if style in ("three", "six"):
        months = 3 if style == "three" else 6
        return f"Within {style} months", dates.add_months(published, months)
    if style == "immediately":
        return "Immediately", None
    raise ValueError(style)


def recommendation(w, published, style, area, confidence, form, who=ADDRESSEE_FORCE):
    """A full recommendation sentence ("By 31 March 2024, the force should ...")."""
    lead, due = deadline(w, published, style)
    text = f"{lead}, {who} should {w.rec_action()}."
    return text, Finding(RECOMMENDATION, text, confidence, form, area, due, who)


def recs_heading(page, w, area, published, level, styles=("date", "three")):
    """"Recommendations" heading with full sentences as bullets: certain."""
    page.heading(level, "Recommendations")
    for style in styles:
        text, f = recommendation(w, published, style, area, CERTAIN,
                                 "finding:heading-recommendations")
        page.bullet(text, f)


def recs_lead_in(page, w, area, published, months, confidence, form):
    """"We recommend that, within three months, the force should:" then bullets."""
    word = NUMBER_WORDS[months]
    page.para(f"We recommend that, within {word} months, the force should:")
    due = dates.add_months(published, months)
    for _ in range(2):
        text = w.rec_action()
        page.bullet(text, Finding(RECOMMENDATION, text, confidence, form, area, due,
                                  ADDRESSEE_FORCE))


def innovative(page, w, area, level):
    page.heading(level, "Innovative practice")
    title = w.innovation()
    page.heading(level + 1, title)
    page.para(w.paragraph(2))
    page.blocks[-2].findings.append(Finding(INNOVATIVE, title, CERTAIN,
                                            "finding:heading-innovative", area))


def decoy_para(page, w, form, before=True):
    """A paragraph holding one grade-word decoy sentence."""
    decoy = w.decoy(form)
    text = f"{w.sentence()} {decoy}" if before else f"{decoy} {w.sentence()}"
    page.para(text, decoys=[decoy], forms=[form])


def sentence_case(phrase: str) -> str:
    return phrase[:1].upper() + phrase[1:]

