"""Inspections that are not PEEL (one force), thematic reports (many forces) and letters."""
from __future__ import annotations

import datetime as dt

from . import dates, parts
from .blocks import AFI, CAUSE, CERTAIN, LIKELY, RECOMMENDATION, Doc, Finding, Judgment, Page
from .prose import (
    DECOY_OLD_RECOMMENDATION,
    MONTHS,
    NATIONAL_ACTS,
    THEMES,
    grade_sentence,
    lower_first,
)


def _published(page, d):
    page.para(f"Published: {dates.long(d)}", style="date", forms=["meta:published-label"])


def vetting(w, opts) -> Doc:
    """Vetting and counter-corruption: a grade in a sentence, labelled areas for
    improvement, a cause of concern in prose, recommendations after a lead-in."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2022, 5, 2), dt.date(2025, 3, 28))
    title = f"An inspection of vetting and counter-corruption in {force}"
    page = Page()
    page.heading(1, title)
    _published(page, published)
    page.heading(2, "Summary")
    g = w.grade()
    s = grade_sentence("is-at", force, g, "counter-corruption and vetting")
    page.para(f"{s} {w.paragraph(2)}",
              judgments=[Judgment("counter-corruption and vetting", g, LIKELY,
                                  "grade:sentence-is-at")])
    parts.decoy_para(page, w, "decoy:good-practice")
    page.heading(2, "Vetting")
    page.prose(w, 1)
    parts.cause_prose(page, w, None, "consider")
    page.heading(2, "Counter-corruption")
    page.prose(w, 1)
    parts.afi_label(page, w, None, number=1)
    parts.afi_label(page, w, None, number=2)
    page.heading(2, "What the force needs to do next")
    parts.recs_lead_in(page, w, None, published, 3, LIKELY, "finding:rec-lead-in-deadline")
    page.prose(w, 1)
    return Doc("vetting", "inspection", title, force, published, blocks=page.blocks,
               forms=["kind:inspection-vetting"], footer=f"Vetting and counter-corruption "
                                                        f"\u2013 {force}")


def crime_data(w, opts) -> Doc:
    """Crime data integrity: a graded judgment, a cause of concern, recommendations with
    deadlines under their heading."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2017, 6, 1), dt.date(2019, 10, 31))
    title = f"{force}: crime data integrity inspection {published.year}"
    page = Page()
    page.heading(1, title)
    _published(page, published)
    page.heading(2, "Crime data integrity")
    g = w.grade(five=False, avoid=("Outstanding",))
    page.badge(g, "Crime data integrity")
    pct = r.randint(700, 960) / 10
    page.para(f"We estimate that the force records {pct} percent of the crimes reported to "
              f"it; the true figure is within {r.randint(15, 40) / 10} percentage points of "
              f"this either way. {w.sentence()}")
    parts.cause_heading(page, w, "Crime data integrity", 3)
    page.heading(3, "Recommendations")
    for style in ("immediately", "three", "date"):
        text, f = parts.recommendation(w, published, style, "Crime data integrity", CERTAIN,
                                       "finding:heading-recommendations")
        page.bullet(text, f)
    parts.afi_heading(page, w, "Crime data integrity", 2, 3, pagebreak_after=0)
    page.heading(2, "Main findings")
    parts.decoy_para(page, w, "decoy:good-practice")
    page.prose(w, 1)
    return Doc("crime-data", "inspection", title, force, published, blocks=page.blocks,
               forms=["kind:inspection-crime-data"], footer=f"Crime data integrity \u2013 {force}")


def custody(w, opts) -> Doc:
    """A joint custody inspection: numbered paragraphs, labelled cause and recommendation."""
    r = w.r
    force, place = w.force()
    published = dates.weekday_between(r, dt.date(2019, 1, 7), dt.date(2024, 12, 13))
    title = f"Report on an unannounced inspection visit to police custody suites in {place}"
    page = Page()
    page.heading(1, title)
    page.para(f"A joint inspection of {force} by HM Inspectorate of Prisons and HM "
              "Inspectorate of Constabulary and Fire & Rescue Services")
    _published(page, published)
    page.heading(2, "Section 1. Summary")
    page.para(f"1.1 {w.paragraph(2)}")
    parts.decoy_para(page, w, "decoy:good-understanding")
    page.heading(2, "Causes of concern and recommendations")
    cause = w.cause()
    page.para(f"Cause of concern: {cause}", style="label",
              findings=[Finding(CAUSE, cause, CERTAIN, "finding:label")])
    who = "the force and the police and crime commissioner"
    rec = f"{parts.sentence_case(who)} should {w.rec_action()}."
    page.para(f"Recommendation: {rec}", style="label",
              findings=[Finding(RECOMMENDATION, rec, CERTAIN, "finding:label", None, None, who)])
    page.heading(2, "Areas for improvement")
    for i in range(3):
        text = w.afi()
        page.bullet(text, Finding(AFI, text, CERTAIN, "finding:heading-bullets"))
        if i == 1:
            page.pagebreak()
    page.heading(2, "Section 2. Leadership, accountability and partnerships")
    page.para(f"2.1 {w.paragraph(2)}")
    page.para(f"2.2 {w.paragraph(2)}")
    return Doc("custody", "inspection", title, force, published, blocks=page.blocks,
               forms=["kind:inspection-custody"], footer=f"{place} police custody inspection")


def child_protection(w, opts) -> Doc:
    """Child protection: recommendations after lead-ins with deadlines, areas for
    improvement after a lead-in, no finding headings."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2018, 1, 8), dt.date(2024, 6, 28))
    title = f"National child protection inspection: {force}"
    page = Page()
    parts.web_chrome(page, cookie=False, accessibility=False)
    page.heading(1, title)
    _published(page, published)
    page.heading(2, "Summary")
    parts.decoy_para(page, w, "decoy:outstanding-contribution")
    page.heading(2, "What the force needs to do")
    parts.recs_lead_in(page, w, None, published, 3, LIKELY, "finding:rec-lead-in-deadline")
    parts.recs_lead_in(page, w, None, published, 6, LIKELY, "finding:rec-lead-in-deadline")
    page.heading(2, "Initial contact")
    page.prose(w, 1)
    parts.afi_lead_in(page, w, None, 3)
    parts.back_to_top(page)
    page.heading(2, "Assessment and help")
    page.prose(w, 1)
    return Doc("child-protection", "inspection", title, force, published, blocks=page.blocks,
               forms=["kind:inspection-child-protection"],
               footer=f"Child protection inspection \u2013 {force}")


def revisit(w, opts) -> Doc:
    """A revisit of a cause of concern: the cause under its heading, the original
    recommendations in a table with their progress (status words, bare numbers)."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2020, 2, 3), dt.date(2025, 5, 30))
    original = published - dt.timedelta(days=r.randint(250, 330))
    page = Page()
    cause = w.cause()
    title = f"{force}: revisit of a cause of concern"
    page.heading(1, title)
    _published(page, published)
    page.para(f"In {MONTHS[original.month - 1]} {original.year} we published a report on "
              f"{force} that set out a cause of concern and recommendations. This report "
              "sets out what we found when we went back.", forms=["meta:other-date-in-text"])
    page.heading(2, "The cause of concern")
    page.para(cause, findings=[Finding(CAUSE, cause, CERTAIN, "finding:heading-cause")])
    page.heading(2, "Recommendations and progress")
    rows = [["Ref", "Recommendation", "Progress"]]
    findings, decoys = [], []
    for n, (style, status) in enumerate([("date", "Achieved"), ("date", "Partially achieved"),
                                         ("immediately", "Not yet achieved")], 1):
        text, f = parts.recommendation(w, original, style, None, CERTAIN, "finding:table-rows")
        rows.append([str(n), text, status])
        findings.append(f)
        decoys += [str(n), status]
    page.table(rows, "findings", findings=findings, decoys=decoys,
               forms=["finding:table-rows", "decoy:status-word", "decoy:bare-number"])
    page.heading(2, "Our assessment")
    page.prose(w, 1)
    closing = "We are satisfied that the cause of concern has now been discharged."
    page.para(closing, decoys=[closing])
    return Doc("revisit", "inspection", title, force, published, blocks=page.blocks,
               forms=["kind:inspection-revisit"], footer=f"Revisit \u2013 {force}")


def thematic(w, opts) -> Doc:
    """A thematic report: no subject force, numbered recommendations to chief constables,
    the College of Policing, the Home Office..., with deadlines in several forms."""
    r = w.r
    theme = r.choice(THEMES)
    published = dates.weekday_between(r, dt.date(2021, 6, 7), dt.date(2025, 5, 30))
    title = f"A thematic inspection of how police forces respond to {theme}"
    visited = [w.force()[0] for _ in range(4)]
    page = Page()
    page.heading(1, title)
    _published(page, published)
    page.heading(2, "Summary")
    page.para(f"We visited four forces for this inspection: {visited[0]}, {visited[1]}, "
              f"{visited[2]} and {visited[3]}. {w.sentence()}",
              forms=["meta:national-no-force"])
    page.para(DECOY_OLD_RECOMMENDATION, decoys=[DECOY_OLD_RECOMMENDATION],
              forms=["decoy:old-recommendation"])
    page.heading(2, "Recommendations")
    plan = [("chief constables", "date"), ("the College of Policing", "no-year"),
            ("the Home Office", "six"), ("the National Police Chiefs\u2019 Council", None),
            ("forces", "immediately")]
    for n, (who, style) in enumerate(plan, 1):
        lead, due = parts.deadline(w, published, style) if style else ("", None)
        action = NATIONAL_ACTS[who].format(x=theme)
        text = (f"{lead}, {who} should {action}." if lead
                else f"{parts.sentence_case(who)} should {action}.")
        form = "finding:rec-no-year" if style == "no-year" else "finding:rec-numbered-label"
        page.para(f"Recommendation {n}: {text}", style="label",
                  findings=[Finding(RECOMMENDATION, text, CERTAIN, form, None, due, who)],
                  forms=["finding:rec-named-body"] if who not in ("forces",) else [])
    page.heading(2, "Innovative practice")
    ip = w.innovation()
    page.heading(3, ip)
    page.para(f"In {visited[1]}, {lower_first(w.paragraph(2))}")
    page.blocks[-2].findings.append(Finding("innovative_practice", ip, CERTAIN,
                                            "finding:heading-innovative"))
    page.heading(2, "Findings")
    page.prose(w, 2)
    return Doc("thematic", "thematic", title, None, published, blocks=page.blocks,
               forms=["kind:thematic"], footer=f"Thematic inspection: {theme}")


def letter(w, opts) -> Doc:
    """A letter from the inspectorate: date as 27.06.23, "Dear Chief Constable", causes of
    concern after a lead-in and in prose, a "In September 2021, we changed..." date."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2022, 1, 10), dt.date(2024, 12, 13))
    title = r.choice([f"{force}: move into the engage phase of monitoring",
                      f"{force}: outcome of our revisit and next steps in monitoring"])
    cc = w.person()
    hmi = w.person()
    page = Page()
    page.para(dates.dotted(published), style="date", forms=["meta:letter-dotted-date"])
    page.para(f"Chief Constable {cc}", style="address")
    page.para(f"{force} Headquarters", style="address")
    page.heading(1, title)
    page.para("Dear Chief Constable,")
    page.para(f"I am writing to let you know the outcome of the most recent meeting of our "
              f"policing performance oversight group, which considered {force}. "
              f"{w.sentence()}")
    page.para("In September 2021, we changed the way we monitor forces, so that we can give "
              "more help to those that need it most.", forms=["meta:changed-in-year"])
    parts.afi_lead_in(page, w, None, 2, kind=CAUSE)
    parts.cause_prose(page, w, None, "are")
    page.para(f"I will write to you again after the group next meets. {w.sentence()}")
    page.para("Yours sincerely,")
    page.para(hmi, style="signature")
    page.para("His Majesty\u2019s Inspector of Constabulary", style="signature")
    return Doc("letter", "letter", title, force, published, blocks=page.blocks,
               forms=["kind:letter"])
