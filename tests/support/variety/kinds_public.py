"""Documents around the reports: press releases, PCC / PFCC / Mayor responses, an OPCC's
recommendations tracker and police and crime panel minutes."""
from __future__ import annotations

import datetime as dt

from . import dates, parts
from .blocks import (
    AFI,
    BROWSER,
    CAUSE,
    CERTAIN,
    LIKELY,
    Doc,
    Finding,
    Judgment,
    Page,
)
from .prose import AREAS_2122, AREAS_2325, GRADES5, grade_sentence

CC_COMMENTS = [
    "The force accepts this and has asked a chief superintendent to lead the work. Progress "
    "is checked every month at the force\u2019s performance board.",
    "A new policy has been agreed and supervisors are being trained in it; the training will "
    "be finished by the end of the year.",
    "The force has moved four extra staff into this team and will audit the results in six "
    "months.",
]
PCC_COMMENTS = [
    "I welcome the chief constable\u2019s plan and will follow its progress at my "
    "accountability meetings.",
    "I will ask for an update at each quarterly performance meeting and publish the answers "
    "on my website.",
    "I am confident that the force understands what it needs to do, and I will hold it to "
    "account for doing it.",
]
NOTES = [
    "His Majesty\u2019s Inspectorate of Constabulary and Fire & Rescue Services inspects "
    "police forces in the public interest.",
    "The full report is available on our website from 00:01 on the day of publication.",
    "Interview requests should be made to the press office.",
]


def press_single(w, opts) -> Doc:
    """A press release about one force: grades in sentences (likely) and in "Area: grade"
    lines (certain), a quote, numbered notes to editors, a related story about another
    force."""
    r = w.r
    force, _ = w.force()
    other, _ = w.force()
    published = dates.weekday_between(r, dt.date(2024, 3, 4), dt.date(2025, 9, 26))
    title = f"{force} must improve how it protects vulnerable people, says inspectorate"
    hmi = w.person()
    page = Page()
    parts.web_chrome(page)
    page.furniture("breadcrumb", "Home > News > Press releases", only=BROWSER)
    page.furniture("caption", "Officers on foot patrol in a town centre (library image)")
    page.para("Press release", style="label")
    page.heading(1, title)
    page.para(f"Published: {dates.long(published)}", style="date",
              forms=["meta:published-label"])
    bad = r.choice(("Requires improvement", "Inadequate"))
    s1 = grade_sentence("we-graded", force, bad, "protecting vulnerable people")
    g2, g3 = w.grade(avoid=("Inadequate",)), w.grade()
    s2 = grade_sentence("is-at", force, g2, "investigating crime")
    s3 = grade_sentence("has-been-judged", force, g3, "treating the public fairly")
    page.para(f"The inspectorate has published its latest report on {force}. {s1}",
              judgments=[Judgment("protecting vulnerable people", bad, LIKELY,
                                  "grade:sentence-we-graded")])
    page.para(f"{s2} {s3}",
              judgments=[Judgment("investigating crime", g2, LIKELY, "grade:sentence-is-at"),
                         Judgment("treating the public fairly", g3, LIKELY,
                                  "grade:sentence-has-been-judged")])
    page.para("The inspection is part of our PEEL 2023\u201325 programme, which assesses "
              "every force in England and Wales.")
    page.para("The force\u2019s other grades are:")
    for area in ("Responding to the public", "Preventing crime and anti-social behaviour"):
        g = w.grade()
        page.bullet(f"{area}: {g.lower()}").judgments.append(
            Judgment(area, g, CERTAIN, "grade:label-colon"))
    page.para(f"HM Inspector of Constabulary {hmi} said:")
    decoy = w.decoy("decoy:good-practice")
    page.para(f"\u201c{w.sentence()} {decoy} But the force must act quickly on the risks we "
              "found to vulnerable people.\u201d", style="quote", decoys=[decoy],
              forms=["decoy:good-practice"])
    page.heading(2, "Notes to editors")
    for n, note in enumerate(NOTES, 1):
        page.numbered(n, note, decoys=[note]).forms.append("decoy:numbered-notes")
    related = f"Related: {other} is good at preventing crime, says inspectorate"
    page.furniture("related", related, only=BROWSER).decoys.append(related)
    return Doc("press-single", "press-release", title, force, published,
               cycle="2023\u201325", blocks=page.blocks, forms=["kind:press-release"])


def press_multi(w, opts) -> Doc:
    """A news release naming several forces: no subject force; the grades it mentions
    belong to different forces, so none is the document's judgment."""
    r = w.r
    named = [w.force() for _ in range(3)]
    published = dates.weekday_between(r, dt.date(2023, 9, 4), dt.date(2025, 9, 26))
    title = (f"Inspectorate publishes reports on {named[0][1]}, {named[1][1]} and "
             f"{named[2][1]} police forces")
    page = Page()
    parts.web_chrome(page)
    page.furniture("breadcrumb", "Home > News", only=BROWSER)
    page.furniture("caption", "A police station front counter (library image)")
    page.para("News", style="label")
    page.heading(1, title)
    page.para(f"Published: {dates.long(published)}", style="date",
              forms=["meta:published-label"])
    page.para("Today we have published the PEEL 2023\u201325 reports on three forces.")
    decoys = []
    for (force, _), phrase, style in zip(named, ("investigating crime",
                                                 "responding to the public",
                                                 "protecting vulnerable people"),
                                         ("is-at", "we-graded", "has-been-judged"),
                                         strict=True):
        s = grade_sentence(style, force, r.choice(GRADES5), phrase)
        if style == "we-graded":
            s = s.replace("the force", force)
        decoys.append(s)
        page.para(f"{s} {w.sentence()}", decoys=[s], forms=["grade:several-forces"])
    page.para(f"HM Inspector of Constabulary {w.person()} said:")
    page.para(f"\u201c{w.sentence()} {w.sentence()}\u201d", style="quote")
    return Doc("press-multi", "press-release", title, None, published, cycle="2023\u201325",
               blocks=page.blocks, forms=["kind:press-release-multi-force",
                                          "meta:several-forces-no-subject"])


RESPONDERS = {
    "pcc": ("Police and Crime Commissioner for {p}", "PCC\u2019s comments",
            "kind:pcc-response", "kind:section-55"),
    "pfcc": ("Police, Fire and Crime Commissioner for {p}",
             "Local Policing Body\u2019s comments", "kind:pfcc-response",
             "kind:local-policing-body"),
    "mayor": ("Mayor of {p}", "Mayor\u2019s comments", "kind:mayor-response",
              "kind:section-55"),
}


def response(w, opts) -> Doc:
    """The response of a PCC, PFCC or Mayor under section 55: the report's grades (a
    two-column table or "Area: grade" lines), then numbered areas for improvement each
    followed by the chief constable's and the commissioner's comments."""
    r = w.r
    who = opts["who"]
    office, comments_heading, kind_form, law_form = RESPONDERS[who]
    force, place = w.force()
    other, _ = w.force()
    office = office.format(p=place)
    report_date = dates.weekday_between(r, dt.date(2022, 4, 4), dt.date(2025, 4, 30))
    published = report_date + dt.timedelta(days=r.randint(30, 54))
    new = report_date >= dt.date(2023, 4, 1)
    cycle = "2023\u201325" if new else "2021/22"
    title = f"Response of the {office} to the HMICFRS PEEL {cycle} report"
    name = w.person()
    page = Page()
    parts.web_chrome(page, site_menu=("Home", "About the Commissioner", "Holding the force "
                                      "to account", "Publications", "Contact us"),
                     cookie=who != "pfcc")
    page.heading(1, title)
    page.para(f"Date: {dates.long(published)}", style="date")
    page.para(f"Unlike {other}, {force} kept all of its neighbourhood teams at full strength "
              f"this year. {w.sentence()}", forms=["meta:other-force-first"])
    page.para(f"On {dates.day_month(report_date)} HMICFRS published the findings of its "
              f"inspection of {force}. Under section 55 of the Police Act 1996, I have 56 days "
              "to publish my response, which must include the chief constable\u2019s views and "
              "the action planned for each finding.", forms=["meta:response-on-date", law_form])
    areas = r.sample(AREAS_2325 if new else AREAS_2122, 4)
    grades = {a: w.grade() for a in areas}
    page.heading(2, "The inspectorate\u2019s grades")
    if who == "pfcc":
        for a in areas:
            page.para(f"{a}: {grades[a].lower()}", style="label",
                      judgments=[Judgment(a, grades[a], CERTAIN, "grade:label-colon")])
    else:
        page.table([["Area", "Grade"]] + [[a, grades[a]] for a in areas], "rows",
                   judgments=[Judgment(a, grades[a], CERTAIN, "grade:table-rows")
                              for a in areas], forms=["grade:table-rows"])
    if who == "pcc":
        cause_text = w.cause()
        page.heading(2, "Cause of concern")
        page.para(cause_text, findings=[Finding(CAUSE, cause_text, CERTAIN,
                                                "finding:heading-cause")])
        page.heading(3, "Recommendation")
        text, f = parts.recommendation(w, report_date, "date", None, CERTAIN,
                                       "finding:heading-recommendations")
        page.para(text, findings=[f])
    page.heading(2, "The report\u2019s findings and our response")
    page.para("The report sets out three areas for improvement. The chief constable\u2019s "
              "response and mine follow each one.")
    for n in (1, 2, 3):
        text = w.afi()
        page.numbered(n, text, Finding(AFI, text, LIKELY, "finding:numbered-response"))
        page.heading(3, "Chief Constable\u2019s comments")
        page.para(CC_COMMENTS[n - 1])
        page.heading(3, comments_heading)
        page.para(PCC_COMMENTS[n - 1])
    page.para(name, style="signature")
    page.para(office, style="signature")
    return Doc(f"{who}-response", "pcc-response", title, force, published, report_date, cycle,
               blocks=page.blocks, forms=[kind_form], site=f"{place} OPCC")


def responder(who: str):
    """The builder of one responder's documents."""
    def build(w, opts) -> Doc:
        return response(w, {**opts, "who": who})
    build.__name__ = f"{who}_response"
    return build


def tracker(w, opts) -> Doc:
    """An OPCC's recommendations tracker: a table of Ref | Report | Type | Text | Owner |
    Status (bare numbers and status words are not findings)."""
    r = w.r
    force, place = w.force()
    published = dates.weekday_between(r, dt.date(2023, 4, 3), dt.date(2025, 6, 27))
    status_at = dates.month_end(dates.add_months(published, -1))
    title = f"{place} OPCC \u2013 HMICFRS recommendations: status at {dates.long(status_at)}"
    page = Page()
    parts.web_chrome(page, site_menu=("Home", "Our work", "Scrutiny", "Publications"))
    page.heading(1, title)
    page.para(f"Last updated {dates.slashed(published)}", style="date",
              forms=["meta:last-updated-numeric"])
    page.para(f"This page lists the recommendations and areas for improvement HMICFRS has made "
              f"to {force} that we are still tracking, with the officer who owns each one "
              "and its status.")
    rows = [["Ref", "Report", "Type", "Recommendation", "Owner", "Status"]]
    findings, decoys = [], []
    refs = sorted(r.sample(range(3, 60), 5))
    sources = ["Custody inspection 2023", "Vetting inspection 2022",
               "Child protection inspection 2023", "Crime data integrity 2019",
               "Stalking thematic 2024"]
    for i, ref in enumerate(refs):
        status = r.choice(["Complete", "In progress", "Not started", "Overdue"])
        if i % 2 == 0:
            text, f = parts.recommendation(w, published - dt.timedelta(days=400), "date",
                                           None, CERTAIN, "finding:table-rows")
            kind = "Recommendation"
        else:
            text = w.afi()
            f = Finding(AFI, text, CERTAIN, "finding:table-rows")
            kind = "Area for improvement"
        findings.append(f)
        rows.append([str(ref), sources[i], kind, text, r.choice(["ACC Crime", "ACC Local "
                     "Policing", "Head of Professional Standards", "Head of Custody"]), status])
        decoys += [str(ref), status]
    page.table(rows, "findings", findings=findings, decoys=decoys,
               forms=["finding:table-rows", "decoy:status-word", "decoy:bare-number"])
    page.para("A completed item stays on this list for a year so that the panel can see the "
              "evidence.")
    return Doc("tracker", "other", title, force, published, blocks=page.blocks,
               forms=["kind:tracker"], site=f"{place} OPCC")


def minutes(w, opts) -> Doc:
    """Police and crime panel minutes: numbered agenda items and talk about grades and
    recommendations that are neither."""
    r = w.r
    force, place = w.force()
    meeting = dates.weekday_between(r, dt.date(2022, 9, 5), dt.date(2025, 6, 27))
    published = meeting + dt.timedelta(days=r.randint(10, 20))
    title = (f"{place} Police and Crime Panel: minutes of the meeting held on "
             f"{dates.long(meeting)}")
    page = Page()
    page.heading(1, title)
    page.para(f"Date of publication: {dates.long(published)}", style="date")
    page.para(f"Present: Councillor {w.person()} (Chair), Councillor {w.person()}, "
              f"{w.person()} (independent member). Also present: the Police and Crime "
              f"Commissioner and the Chief Constable of {force}.")
    agenda = ["Apologies for absence", "Declarations of interest",
              "Minutes of the previous meeting", "HMICFRS inspection reports: update",
              "Any other business"]
    page.heading(2, "Agenda")
    for n, item in enumerate(agenda, 1):
        page.numbered(n, item, decoys=[item]).forms.append("decoy:agenda-items")
    page.heading(2, "4. HMICFRS inspection reports: update")
    d1 = ("The Commissioner reported that the force requires improvement in one area and "
          "that an action plan was in place.")
    d2 = ("Members asked whether the recommendation on vetting had been met; the Chief "
          "Constable said it had been completed in March.")
    d3 = "Resolved: that the panel notes the update."
    page.para(d1, decoys=[d1], forms=["decoy:requires-improvement-unnamed"])
    page.para(d2, decoys=[d2], forms=["decoy:recommendation-mentioned"])
    parts.decoy_para(page, w, "decoy:good-practice")
    page.para(d3, decoys=[d3])
    page.heading(2, "5. Any other business")
    page.para("There was no other business. The meeting closed at 12:40.")
    return Doc("minutes", "other", title, force, published, blocks=page.blocks,
               forms=["kind:panel-minutes"], site=f"{place} Police and Crime Panel")

