"""The forms of /work/shared/corpus/VARIETY.md the corpus must exercise, and the formats a
form can exist in (a cookie banner does not survive into a Word file; an <img alt> badge
is only a web page's). A form not listed in ONLY must occur in every format.
"""
from __future__ import annotations

ALL = frozenset({"txt", "html", "docx", "pdf"})
WEB = frozenset({"txt", "html", "pdf"})
BROWSER = frozenset({"txt", "html"})
PAGED = frozenset({"txt", "docx", "pdf"})

REQUIRED: dict[str, str] = {
    # section 1: kinds of document
    "kind:peel-2014-17": "PEEL 2014-2017, one pillar per report",
    "kind:peel-2018-19": "PEEL 2018/19 integrated assessment",
    "kind:peel-2021-22": "PEEL 2021/22, five grades",
    "kind:peel-2023-25": "PEEL 2023-25, five grades",
    "kind:inspection-vetting": "vetting and counter-corruption inspection",
    "kind:inspection-crime-data": "crime data integrity inspection",
    "kind:inspection-custody": "custody inspection",
    "kind:inspection-child-protection": "child protection inspection",
    "kind:inspection-revisit": "revisit of a cause of concern",
    "kind:thematic": "national / thematic report, recommendations to national bodies",
    "kind:letter": "letter from the inspectorate, 'Dear Chief Constable'",
    "kind:press-release": "press release about one force",
    "kind:press-release-multi-force": "news release naming several forces",
    "kind:pcc-response": "response of a Police and Crime Commissioner",
    "kind:pfcc-response": "response of a Police, Fire and Crime Commissioner",
    "kind:mayor-response": "response of a Mayor",
    "kind:section-55": "'Section 55' named in a response",
    "kind:local-policing-body": "'Local Policing Body's comments'",
    "kind:tracker": "OPCC recommendations tracker (kind other)",
    "kind:panel-minutes": "police and crime panel minutes (kind other)",
    # section 2: grades
    "grade:badge": "grade on its own line / badge under an area heading",
    "grade:badge-box": "grade in a coloured box in a PDF",
    "grade:img-alt": "grade as an image's alt text",
    "grade:run-together": "badge or table cell run into the text before it",
    "grade:table-rows": "summary table of area | grade rows",
    "grade:table-columns": "summary table with a header row of grades",
    "grade:cell-paragraphs": "one paragraph per area inside one Word cell",
    "grade:wrapped-cells": "PDF table cells wrapped word by word",
    "grade:label-dash": "'Legitimacy \u2014 Good'",
    "grade:label-colon": "'Responding to the public: requires improvement'",
    "grade:sentence-is-at": "'X is good at investigating crime.'",
    "grade:sentence-remains": "'Overall, X remains outstanding in its effectiveness...'",
    "grade:sentence-judged": "'... is judged to require improvement.'",
    "grade:sentence-has-been-judged": "'X has been judged \u2018good\u2019 at ...'",
    "grade:sentence-we-graded": "'We graded the force as inadequate at ...'",
    "grade:summary-repeats-badge": "a summary sentence repeating a badge: not a new judgment",
    "grade:not-graded-statement": "'We do not make a graded judgment in this area.'",
    "grade:several-forces": "grades of several forces in one release: not the document's",
    "decoy:good-practice": "'good practice'",
    "decoy:good-understanding": "'a good understanding of demand'",
    "decoy:outstanding-contribution": "'an outstanding contribution'",
    "decoy:requires-improvement-unnamed": "'the force requires improvement in one area'",
    # section 3: findings
    "finding:heading-bullets": "bullets under 'Areas for improvement'",
    "finding:heading-paragraph": "a paragraph under 'Area for improvement'",
    "finding:heading-cause": "a paragraph under 'Cause of concern'",
    "finding:heading-recommendations": "bullets under 'Recommendations'",
    "finding:heading-recommendations-lead-in": "a lead-in and bullets under 'Recommendations'",
    "finding:heading-innovative": "a title under 'Innovative practice'",
    "finding:lead-in-bullets": "'We identified two areas for improvement:' then bullets",
    "finding:inline": "'We have identified an area for improvement: the force should ...'",
    "finding:cause-prose-is": "'The backlog ... is a cause of concern.'",
    "finding:cause-prose-consider": "'We consider this a cause of concern.'",
    "finding:cause-prose-are": "'... are causes of concern.'",
    "finding:rec-lead-in-deadline": "'We recommend that, within three months, the force "
                                    "should:' then bullets",
    "finding:rec-numbered-label": "'Recommendation 4: By 31 October 2024, chief constables "
                                  "should ...'",
    "finding:rec-no-year": "'By 31 October, ...' with no year",
    "finding:rec-named-body": "recommendation to the College of Policing, the Home Office...",
    "finding:numbered-response": "unlabelled numbered list in a response, then comments",
    "finding:table-rows": "tracker rows Ref | Recommendation | Owner | Status",
    "finding:label": "'Area for improvement: ...', 'Cause of concern: ...' as a label",
    "decoy:bare-number": "a bare item number",
    "decoy:status-word": "a status word ('Complete', 'Achieved')",
    "decoy:back-to-top": "'Back to top'",
    "decoy:page-footer": "a page footer",
    "decoy:contents": "a table of contents listing finding headings",
    "decoy:old-recommendation": "'In 2019 we recommended ...' (not this report's)",
    "decoy:numbered-notes": "numbered notes to editors",
    "decoy:agenda-items": "numbered agenda items",
    # section 4: metadata
    "meta:other-force-first": "another force named before the subject force",
    "meta:national-no-force": "forces named in a national report with no subject force",
    "meta:several-forces-no-subject": "several forces, none the subject",
    "meta:published-label": "'Published: 14 October 2022'",
    "meta:last-updated-numeric": "'Last updated 02/05/2019'",
    "meta:letter-dotted-date": "a letter's '27.06.19'",
    "meta:response-on-date": "'On 2 May HMICFRS published ...' in a response",
    "meta:cycle-not-year": "PEEL 2023-25 published in 2024 or 2025",
    "meta:changed-in-year": "'In September 2021, we changed ...'",
    "meta:furniture-skip": "'Skip to content'",
    "meta:furniture-textsize": "'Text size: A A A'",
    "meta:furniture-accessibility": "'Accessibility settings'",
    "meta:furniture-cookie": "a cookie notice",
    "meta:furniture-menu": "menu items",
    "meta:furniture-breadcrumb": "breadcrumbs",
    "meta:furniture-caption": "an image caption before the title",
    "meta:furniture-banner": "a site banner with another year",
    "meta:title-suffix": "' - HMICFRS' after the title in <title>",
    "meta:same-report": "the same report as PDF and as web page",
}

ONLY: dict[str, frozenset[str]] = {
    "grade:badge-box": frozenset({"pdf"}),
    "grade:img-alt": frozenset({"html"}),
    "grade:run-together": frozenset({"txt"}),
    "grade:cell-paragraphs": frozenset({"docx"}),
    "grade:wrapped-cells": frozenset({"pdf"}),
    "meta:title-suffix": frozenset({"html"}),
    "meta:same-report": frozenset({"pdf", "html"}),
    "decoy:back-to-top": BROWSER,
    "decoy:page-footer": PAGED,
    "decoy:contents": PAGED,
    "meta:furniture-skip": WEB,
    "meta:furniture-textsize": WEB,
    "meta:furniture-accessibility": WEB,
    "meta:furniture-menu": WEB,
    "meta:furniture-caption": WEB,
    "meta:furniture-banner": WEB,
    "meta:furniture-cookie": BROWSER,
    "meta:furniture-breadcrumb": BROWSER,
}

# Layout-dependent forms that need LibreOffice.
NEEDS_SOFFICE = frozenset({"grade:wrapped-cells"})


def formats_of(form: str) -> frozenset[str]:
    return ONLY.get(form, ALL)
