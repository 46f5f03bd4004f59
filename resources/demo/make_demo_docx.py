#!/usr/bin/env python3
"""Build the demo PCC response (Word) to the 2018/19 Wessex PEEL report.

    python resources/demo/make_demo_docx.py [OUT.docx]

The Police and Crime Commissioner for Wessex publishes comments on the inspectorate's
2018/19 PEEL report (the demo web page ``wessex_peel_2018-19.html``, published 21 May 2019)
within the statutory 56 days. The layout follows the responses OPCCs publish: letterhead,
date line, title, a two-column grades table, the statutory paragraph, then one section per
inspected area with the grade, what the report praised and criticised, and for the vetting
area the cause of concern, the recommendation and both responses. Everything in it is
fictional.

The file is reproducible: fixed core properties and fixed timestamps inside the zip.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Mm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
DEFAULT_OUT = HERE / "wessex_pcc_response_2019.docx"

FIXED_TIME = dt.datetime(2019, 7, 9, 9, 0, 0)
PURPLE = RGBColor(0x4A, 0x23, 0x6B)
GRADE_COLOURS = {
    "Outstanding": RGBColor(0x00, 0x64, 0x35),
    "Good": RGBColor(0x2E, 0x7D, 0x32),
    "Requires improvement": RGBColor(0xC6, 0x2D, 0x1F),
    "Inadequate": RGBColor(0x7A, 0x0F, 0x0F),
    "No rating": RGBColor(0x50, 0x58, 0x5C),
}

DATE_LINE = "09.07.19"
TITLE = ("Police and Crime Commissioner for Wessex response to the publication of "
         "HMICFRS report")
SUBTITLE = ("PEEL: Police effectiveness, efficiency and legitimacy 2018/19 \u2013 "
            "Wessex Constabulary")
GRADES_TABLE = [
    ("Effectiveness", "Good"),
    ("Efficiency", "Good"),
    ("Legitimacy", "Requires improvement"),
    ("Number of recommendations", "1"),
]
INTRO = [
    "On 21 May 2019 HMICFRS published the findings of its 2018/19 integrated PEEL "
    "inspection of Wessex Constabulary. For the first time, the inspectorate looked at the "
    "force\u2019s effectiveness, efficiency and legitimacy in a single inspection, rather "
    "than in three separate inspections spread across the year.",
    "Under the Police Act 1996, as amended, a police and crime commissioner must publish "
    "comments on any HMICFRS report about their force within 56 days of the day the report "
    "is published, and may include the chief constable\u2019s comments on it. Where the "
    "report makes recommendations, the commissioner must also explain what action is to be "
    "taken on each of them.",
    "Police and Crime Commissioner Eleanor Venn said:",
]
QUOTES = [
    "\u201cI am pleased that the inspectorate recognises how well Wessex Constabulary "
    "prevents crime, protects vulnerable people and plans for the future. Residents of every "
    "town and village in the county should take real reassurance from that.",
    "\u201cBut I will not pretend the report makes comfortable reading on vetting. The people "
    "of Wessex need to know that everyone who works for their police force has been properly "
    "checked. I have agreed extra funding so that the backlog can be cleared, and I will "
    "report on progress at every meeting of the Police and Crime Panel until it is.\u201d",
]
AFTER_QUOTES = [
    "The cause of concern and recommendation in the report, together with the responses of "
    "the Chief Constable and the Commissioner, are set out below under the area they concern.",
    "The Commissioner\u2019s Police and Crime Plan for 2017\u20132021 can be read at "
    "www.wessex-pcc.example/police-and-crime-plan",
]

# (heading, grade, the report states that the force: ..., the report highlighted that ...)
AREAS = [
    ("Investigating crime", "Requires improvement",
     ["investigates the most serious crimes thoroughly through its major crime team",
      "works well with the probation service to manage people who reoffend",
      "has bought self-service kiosks so that simple phone downloads can be done locally."],
     ["too often gives investigations to officers without the right training or experience",
      "does not supervise investigations consistently; only half of the files reviewed "
      "showed direction from a supervisor",
      "had 480 devices waiting for digital examination, with a typical wait of four months."]),
    ("Protecting vulnerable people", "Good",
     ["recognises vulnerability at the first point of contact in almost every call",
      "has a mental health nurse working in the control room every evening",
      "refers victims of high-risk domestic abuse promptly to independent advisers",
      "runs a dedicated team that works with children\u2019s homes to reduce the risks to "
      "children who go missing."],
     ["records some domestic abuse risk assessments too briefly for specialists to rely on "
      "them."]),
    ("Firearms capability", "No rating",
     ["has an up-to-date assessment of the threats that could require armed officers",
      "has enough trained firearms officers to meet those threats",
      "has tested its plans for an attack on a crowded place in joint exercises with the "
      "fire and ambulance services."],
     []),
    ("Planning for the future", "Good",
     ["has a thorough force management statement that forecasts demand four years ahead",
      "will give every frontline officer a smartphone and a laptop by the end of 2019",
      "has a balanced medium-term financial plan built on cautious assumptions",
      "will save about \u00a31.2 million a year by sharing buildings with the fire and rescue "
      "service."],
     []),
    ("Treatment of the public", "Good",
     ["has leaders who talk often and convincingly about fairness",
      "has trained every officer on unconscious bias",
      "publishes stop and search data every quarter",
      "recorded reasonable grounds in 94 of the 100 stop and search records reviewed."],
     ["does not let community panels see individual use of force cases or body-worn video "
      "footage."]),
    ("Ethical and lawful workforce behaviour", "Inadequate",
     ["has a clear code of conduct that officers and staff understand",
      "publishes the outcomes of misconduct hearings to its workforce",
      "has an ethics committee with independent members."],
     ["had 1,230 officers and staff, 32 percent of the workforce, working with vetting that "
      "had expired",
      "was renewing about 60 clearances a month while around 70 more fell due each month",
      "had allowed 40 officers to move into specialist posts before they held the vetting "
      "those posts require",
      "had 65 pieces of corruption intelligence that had not yet been assessed."]),
    ("Treating the workforce fairly", "Requires improvement",
     ["makes a real effort to listen to its officers and staff",
      "has trained 120 wellbeing champions and introduced a trauma support scheme",
      "has cut waiting times for occupational health appointments to under two weeks",
      "runs an open promotion process with assessors from outside the force."],
     ["takes on average 19 weeks to resolve a grievance, against its own target of eight",
      "does not analyse sickness absence by team or role",
      "has not yet made sure that every member of the workforce has a regular development "
      "conversation with their manager."]),
]
VETTING_AREA = "Ethical and lawful workforce behaviour"
CAUSE_OF_CONCERN = ("Wessex Constabulary has too many officers and staff whose vetting has "
                    "lapsed, and the backlog is still growing. This is a cause of concern.")
RECOMMENDATION = ("Within six months, the force should produce a funded plan to renew the "
                  "vetting of every officer and member of staff whose clearance has lapsed, "
                  "and it should make sure that nobody takes up a post without the level of "
                  "vetting that the post requires.")
CHIEF_CONSTABLE = [
    "I accept the inspectorate\u2019s finding in full. Everyone who joined Wessex "
    "Constabulary was vetted on recruitment, but we did not give renewals the priority they "
    "deserved, and the backlog grew as a result.",
    "Since the inspection we have moved every officer in a specialist post to the front of "
    "the queue, and no one now starts in such a post until the right clearance is in place. "
    "The Deputy Chief Constable chairs a vetting board every month, and a business case for "
    "nine more vetting staff and a digital vetting system has gone to the Commissioner. With "
    "that investment we expect to clear the backlog within three years, and we have asked "
    "the national vetting lead to review our plan.",
]
PCC_RESPONSE = [
    "I share the inspectorate\u2019s concern and have approved the Chief Constable\u2019s "
    "business case: \u00a3410,000 a year for nine additional vetting staff and a one-off "
    "\u00a3180,000 for the new vetting system.",
    "My office will track the size of the backlog each month, and I have asked the joint "
    "audit committee to review the force\u2019s vetting arrangements in 2019/20. I will "
    "publish the backlog figure with my quarterly performance report so that residents can "
    "see the progress for themselves.",
]
SIGN_OFF = ["Eleanor Venn", "Police and Crime Commissioner for Wessex"]


def _grade_paragraph(doc, grade: str) -> None:
    p = doc.add_paragraph()
    run = p.add_run(grade)
    run.bold = True
    run.font.color.rgb = GRADE_COLOURS[grade]


def _bullets(doc, intro: str, items: list[str]) -> None:
    if items:
        doc.add_paragraph(intro)
        for item in items:
            doc.add_paragraph(item, style="List Bullet")


def build_document() -> Document:
    doc = Document()
    section = doc.sections[0]
    section.page_height, section.page_width = Mm(297), Mm(210)
    section.left_margin = section.right_margin = Mm(22)
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(11)

    header = section.header.paragraphs[0]
    header.text = "OFFICIAL"
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = section.footer.paragraphs[0]
    footer.text = ("Office of the Police and Crime Commissioner for Wessex \u2013 demonstration "
                   "document; all names and figures are fictional")
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER

    letterhead = doc.add_paragraph()
    letterhead.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = letterhead.add_run("Office of the Police and Crime Commissioner for Wessex")
    run.bold = True
    run.font.size = Pt(14)
    run.font.color.rgb = PURPLE
    letterhead.add_run("\nMellstock House, High West Street, Casterbridge WX1 4PC"
                       ).font.size = Pt(9)

    date = doc.add_paragraph(DATE_LINE)
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    doc.add_heading(TITLE, level=1)
    doc.add_heading(SUBTITLE, level=2)

    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    for name, value in GRADES_TABLE:
        cells = table.add_row().cells
        cells[0].text = name
        cells[1].text = value
        cells[0].paragraphs[0].runs[0].bold = True
    doc.add_paragraph()

    for text in INTRO:
        doc.add_paragraph(text)
    for text in QUOTES:
        p = doc.add_paragraph()
        p.paragraph_format.left_indent = Mm(8)
        p.add_run(text).italic = True
    for text in AFTER_QUOTES:
        doc.add_paragraph(text)

    for heading, grade, states, highlighted in AREAS:
        doc.add_heading(heading, level=2)
        _grade_paragraph(doc, grade)
        _bullets(doc, "HMICFRS\u2019s report states that the force:", states)
        _bullets(doc, "HMICFRS\u2019s report highlighted that the force:", highlighted)
        if heading == VETTING_AREA:
            doc.add_heading("Cause of concern", level=3)
            doc.add_paragraph(CAUSE_OF_CONCERN)
            doc.add_heading("Recommendation", level=3)
            doc.add_paragraph(RECOMMENDATION, style="List Bullet")
            doc.add_heading("Chief Constable\u2019s response", level=3)
            for text in CHIEF_CONSTABLE:
                doc.add_paragraph(text)
            doc.add_heading("PCC response", level=3)
            for text in PCC_RESPONSE:
                doc.add_paragraph(text)

    doc.add_paragraph()
    closing = doc.add_paragraph()
    closing.add_run(SIGN_OFF[0]).bold = True
    closing.add_run("\n" + SIGN_OFF[1])

    props = doc.core_properties
    props.title = "PCC response to HMICFRS PEEL 2018/19 \u2013 Wessex Constabulary"
    props.subject = "PEEL 2018/19 inspection of Wessex Constabulary"
    props.author = "Office of the Police and Crime Commissioner for Wessex"
    props.last_modified_by = props.author
    props.keywords = "HMICFRS; PEEL; Wessex; demonstration"
    props.comments = "Fictional demonstration document for peelreview."
    props.category = "PCC response"
    props.created = props.modified = props.last_printed = FIXED_TIME
    props.revision = 1
    return doc


def _pin_zip(data: bytes) -> bytes:
    """The same package with every member's timestamp fixed (python-docx stamps 'now')."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            pinned = zipfile.ZipInfo(info.filename, date_time=FIXED_TIME.timetuple()[:6])
            pinned.compress_type = zipfile.ZIP_DEFLATED
            pinned.external_attr = 0o644 << 16
            dst.writestr(pinned, src.read(info.filename))
    return out.getvalue()


def build(out: Path = DEFAULT_OUT) -> Path:
    buf = io.BytesIO()
    build_document().save(buf)
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(_pin_zip(buf.getvalue()))
    return out


def main(argv: list[str]) -> int:
    out = build(Path(argv[0]) if argv else DEFAULT_OUT)
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
