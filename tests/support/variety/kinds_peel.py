"""PEEL inspections: 2014-2017 single-pillar reports, the 2018/19 integrated assessment,
2021/22 and 2023-25 area reports."""
from __future__ import annotations

import datetime as dt
from itertools import zip_longest

from . import dates, parts
from .blocks import CERTAIN, LIKELY, Doc, Judgment, Page
from .prose import (
    AREAS_2122,
    AREAS_2325,
    GRADES5,
    LEGITIMACY_QUESTIONS_2018,
    PILLARS,
    QUESTIONS_2018,
    UNGRADED_2122,
    grade_sentence,
    lower_first,
)

BAD = ("Requires improvement", "Inadequate")


def peel_2016(w, opts) -> Doc:
    """PEEL: Police efficiency 2016 -- one pillar, its questions, grades partly in prose."""
    r = w.r
    force, _ = w.force()
    pillar = r.choice(sorted(PILLARS))
    main_q, questions, third, judged = PILLARS[pillar]
    published = dates.weekday_between(r, dt.date(2016, 10, 3), dt.date(2017, 3, 2))
    title = f"PEEL: Police {pillar} 2016 \u2013 {force}"
    page = Page()
    parts.web_chrome(page, cookie=False)
    page.heading(1, title)
    page.para(f"Published: {dates.long(published)}", style="date",
              forms=["meta:published-label"])
    page.heading(2, main_q)
    pillar_grade = w.grade(five=False)
    page.badge(pillar_grade, main_q)
    third_grade = w.grade(five=False)
    repeat = grade_sentence("judged", force, pillar_grade, judged)
    third_s = grade_sentence("is-at", force, third_grade, third)
    decoy = w.decoy("decoy:good-practice")
    page.para(f"{repeat} {w.sentence()} {third_s} {decoy}",
              judgments=[Judgment(main_q, pillar_grade, LIKELY, "grade:sentence-judged"),
                         Judgment(third, third_grade, LIKELY, "grade:sentence-is-at")],
              decoys=[decoy], forms=["grade:summary-repeats-badge", "decoy:good-practice"])
    page.prose(w, 1)
    for i, q in enumerate(questions, 1):
        page.heading(2, q)
        page.badge(w.grade(five=False), q)
        page.prose(w, 2)
        if i == 1:
            parts.afi_heading(page, w, q, 2, 3, pagebreak_after=0)
        else:
            parts.afi_lead_in(page, w, q, 2)
            parts.cause_prose(page, w, q, "is")
        parts.back_to_top(page)
    page.heading(2, parts.sentence_case(third))
    page.prose(w, 1)
    parts.decoy_para(page, w, "decoy:good-understanding")
    return Doc("peel-2016", "peel-inspection", title, force, published, cycle="2016",
               blocks=page.blocks, forms=["kind:peel-2014-17"],
               footer=f"PEEL: Police {pillar} 2016")


def peel_2018(w, opts) -> Doc:
    """An integrated PEEL 2018/19 web page: pillar grades as "Legitimacy \u2014 Good" lines,
    numbered questions with badges, another force named before the subject."""
    r = w.r
    force, place = w.force()
    other, _ = w.force()
    published = dates.weekday_between(r, dt.date(2019, 3, 1), dt.date(2019, 9, 30))
    title = f"{place} PEEL 2018/19"
    page = Page()
    parts.web_chrome(page)
    page.heading(1, title)
    page.para(f"Last updated {dates.slashed(published)}", style="date",
              forms=["meta:last-updated-numeric"])
    page.para(f"Unlike {other}, {force} has kept the same number of neighbourhood officers "
              f"for three years. {w.sentence()}", forms=["meta:other-force-first"])
    grades = {p: w.grade(five=False) for p in QUESTIONS_2018}
    for p, g in grades.items():
        page.para(f"{p} \u2014 {g}", style="label",
                  judgments=[Judgment(p, g, CERTAIN, "grade:label-dash")])
    remains = grade_sentence("remains", force, grades["Effectiveness"],
                             "effectiveness at cutting crime and protecting the public")
    page.para(f"{remains} {w.sentence()}",
              judgments=[Judgment("Effectiveness", grades["Effectiveness"], LIKELY,
                                  "grade:sentence-remains")],
              forms=["grade:summary-repeats-badge"])
    parts.decoy_para(page, w, "decoy:requires-improvement-unnamed", before=False)
    page.heading(2, "Legitimacy")
    page.para(QUESTIONS_2018["Legitimacy"])
    page.prose(w, 1)
    page.heading(3, "Questions for Legitimacy")
    for i, q in enumerate(LEGITIMACY_QUESTIONS_2018, 1):
        page.para(str(i), decoys=[str(i)], forms=["decoy:bare-number"])
        page.heading(3, q)
        page.badge(w.grade(five=False), q)
        if i == 2:
            parts.afi_heading(page, w, q, 2, 4)
            parts.cause_heading(page, w, q, 4)
            parts.recs_heading(page, w, q, published, 4, styles=("date",))
        lead = "The findings below explain how we reached this judgment."
        page.para(lead, decoys=[lead])
        page.heading(4, "Our findings")
        page.prose(w, 1)
        parts.back_to_top(page)
    return Doc("peel-2018", "peel-inspection", title, force, published, cycle="2018/19",
               blocks=page.blocks, forms=["kind:peel-2018-19"], footer=f"{place} PEEL 2018/19")


def _columns_table(areas, grades):
    """Header of the five grades; each column lists its areas (rows padded with '')."""
    cols = [[a for a in areas if grades[a] == g] for g in GRADES5]
    rows = [list(r) for r in zip_longest(*cols, fillvalue="")]
    return [GRADES5] + rows


def _summary_table(page, areas, grades, style):
    if style == "columns":
        rows = _columns_table(areas, grades)
        form = "grade:table-columns"
    else:
        rows = [["Area of policing", "Grade"]] + [[a, grades[a]] for a in areas]
        form = "grade:table-rows"
    page.table(rows, style, judgments=[Judgment(a, grades[a], CERTAIN, form) for a in areas],
               forms=[form])


def _grades(w, areas, bad_at=()):
    grades = {a: w.grade() for a in areas}
    for i in bad_at:
        grades[areas[i]] = w.r.choice(BAD)
    return grades


def peel_2122(w, opts) -> Doc:
    """PEEL 2021/22: contents, the five-column "Our judgments" table, area sections."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2022, 3, 1), dt.date(2023, 3, 31))
    title = f"PEEL 2021/22 \u2013 An inspection of {force}"
    areas = sorted(r.sample(AREAS_2122, 6), key=AREAS_2122.index)
    ungraded = r.choice(UNGRADED_2122)
    grades = _grades(w, areas, bad_at=(2,))
    page = Page()
    page.furniture("banner", "New: read our State of Policing 2023 assessment")
    page.heading(1, title)
    page.para("Police effectiveness, efficiency and legitimacy")
    page.para(f"Published: {dates.long(published)}", style="date",
              forms=["meta:published-label"])
    toc = [["Overall summary", "1"], ["Our judgments", "1"]]
    for n, a in enumerate(areas, 3):
        toc += [[a, str(n * 2)], ["Area for improvement", str(n * 2)],
                ["Main findings", str(n * 2 + 1)]]
    page.heading(2, "Contents").only = frozenset({"txt", "pdf", "docx"})
    page.table(toc, "contents", forms=["decoy:contents"]).only = frozenset({"txt", "pdf",
                                                                            "docx"})
    page.heading(2, "Overall summary")
    page.heading(3, "Our judgments")
    total = len(areas) + 1
    page.para(f"We looked at {total} areas of policing in {force}. Grades were given in "
              f"{len(areas)} of them:")
    _summary_table(page, areas, grades, opts.get("table", "columns"))
    page.para(f"We also looked at how well the force is {lower_first(ungraded)}, an area "
              "we do not grade.")
    page.heading(3, "Important changes to PEEL")
    page.para("In September 2021, we changed how we grade forces: there are now five grades "
              "instead of four, so a grade this year cannot be compared directly with a "
              "grade from an earlier year.", forms=["meta:changed-in-year"])
    page.heading(3, "HM Inspector\u2019s observations")
    parts.decoy_para(page, w, "decoy:outstanding-contribution")
    page.prose(w, 1)
    for i, area in enumerate(areas):
        page.heading(2, area)
        page.badge(grades[area], area)
        s = grade_sentence("is-at", force, grades[area], lower_first(area))
        page.para(s, judgments=[Judgment(area, grades[area], LIKELY, "grade:sentence-is-at")],
                  forms=["grade:summary-repeats-badge"])
        if i == 0:
            parts.afi_heading(page, w, area, 1, 3)
        elif i == 1:
            parts.innovative(page, w, area, 3)
        elif i == 2:
            parts.cause_heading(page, w, area, 3)
            page.heading(3, "Recommendations")
            parts.recs_lead_in(page, w, area, published, 6, CERTAIN,
                               "finding:heading-recommendations-lead-in")
        elif i == 3:
            parts.afi_heading(page, w, area, 2, 3, pagebreak_after=0)
        page.heading(3, "Main findings")
        page.prose(w, 1)
    page.heading(2, ungraded)
    # the inspectorate's fixed formula straight under the area's heading: as sure as a badge
    page.para("We do not give a grade for this area.",
              judgments=[Judgment(ungraded, "Not graded", CERTAIN, "grade:not-graded-statement")])
    page.prose(w, 1)
    return Doc("peel-2122", "peel-inspection", title, force, published, cycle="2021/22",
               blocks=page.blocks, forms=["kind:peel-2021-22"],
               footer=f"PEEL 2021/22 \u2013 {force}")


def peel_2325(w, opts) -> Doc:
    """PEEL 2023-25: the judgments table first (area | grade rows or grade columns), then
    one section per area with its badge and findings written in several ways."""
    r = w.r
    force, _ = w.force()
    published = dates.weekday_between(r, dt.date(2024, 2, 1), dt.date(2025, 6, 30))
    title = f"PEEL 2023\u201325: An inspection of {force}"
    pool = [a for a in AREAS_2325 if a != "Good use of resources"]
    areas = sorted(r.sample(pool, 5) + ["Good use of resources"], key=AREAS_2325.index)
    grades = _grades(w, areas, bad_at=(2,))
    if grades["Good use of resources"] == "Good":
        grades["Good use of resources"] = "Adequate"
    page = Page()
    parts.web_chrome(page, cookie=opts.get("table") == "rows")
    page.heading(1, title)
    page.para(f"Published: {dates.long(published)}", style="date",
              forms=["meta:published-label", "meta:cycle-not-year"])
    page.heading(2, "Our judgments")
    _summary_table(page, areas, grades, opts.get("table", "columns"))
    page.para(f"{force} was inspected in {len(areas)} areas of policing. The grades above are "
              "repeated at the start of each section of this report.")
    page.heading(2, "HM Inspector\u2019s summary")
    parts.decoy_para(page, w, "decoy:good-understanding")
    page.prose(w, 1)
    for i, area in enumerate(areas):
        page.heading(2, area)
        page.badge(grades[area], area)
        page.prose(w, 1)
        if i == 0:
            parts.afi_heading(page, w, area, 2, 3, pagebreak_after=0)
        elif i == 1:
            parts.afi_inline(page, w, area)
        elif i == 2:
            parts.cause_prose(page, w, area, "is")
        elif i == 3:
            parts.innovative(page, w, area, 3)
        elif i == 4:
            parts.afi_label(page, w, area)
        page.heading(3, "Main findings")
        page.prose(w, 1)
    return Doc("peel-2325", "peel-inspection", title, force, published, cycle="2023\u201325",
               blocks=page.blocks, forms=["kind:peel-2023-25"],
               footer=f"PEEL 2023\u201325 \u2013 {force}")
