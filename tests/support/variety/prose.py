"""Fictional vocabulary and sentences: invented forces and people, area names, findings.

Every sentence here was written for this generator. The forces do not exist; the area
names and question titles are the inspectorate's kind of category names, reworded. A
:class:`Writer` draws from these lists with one ``random.Random`` so a document is the same
for the same seed.
"""
from __future__ import annotations

import random

# (force, place). The place is how a PCC's title or a web page's heading names the area.
FORCES = [
    ("Wessex Constabulary", "Wessex"),
    ("Mercia Vale Police", "Mercia Vale"),
    ("Northmoor Police", "Northmoor"),
    ("Fenland Constabulary", "Fenland"),
    ("Ashmere Constabulary", "Ashmere"),
    ("Kestrel Vale Police", "Kestrel Vale"),
    ("Harrowdale Police", "Harrowdale"),
    ("Calder Fells Constabulary", "Calder Fells"),
    ("Brackenmoor Police", "Brackenmoor"),
    ("Thornwick Constabulary", "Thornwick"),
    ("Saltmarsh Police", "Saltmarsh"),
    ("Highcliffe Vale Constabulary", "Highcliffe Vale"),
]
FIRST = ["Alys", "Marcus", "Ruth", "Idris", "Helena", "Tobias", "Nkem", "Priyanka", "Gethin",
         "Rosalind", "Callum", "Yusuf", "Maren", "Declan", "Ottilie", "Samir"]
LAST = ["Penhallow", "Edevane", "Calloway", "Treharne", "Okonjo", "Baskerfield", "Vantreight",
        "Mossop", "Quilliam", "Ashdown", "Fairlie", "Rundell", "Trelawny", "Hebblethwaite"]

GRADES5 = ["Outstanding", "Good", "Adequate", "Requires improvement", "Inadequate"]
GRADES4 = ["Outstanding", "Good", "Requires improvement", "Inadequate"]

# PEEL 2014-2017: one pillar per report, a main question and its sub-questions.
PILLARS = {
    "efficiency": ("How well does the force use its money and people to cut crime?", [
        "How well does the force know what demand it will face?",
        "How well does the force match its resources to that demand?",
    ], "planning for the future", "efficient in using its money and people to cut crime"),
    "effectiveness": ("How well does the force cut crime and protect the public?", [
        "How well does the force stop crime and anti-social behaviour happening?",
        "How well does the force look after people who are at risk of harm?",
    ], "tackling serious and organised crime", "effective in cutting crime and protecting "
                                                "the public"),
    "legitimacy": ("How fairly does the force deal with the public and its own people?", [
        "How fairly and respectfully does the force deal with the communities it serves?",
        "How well does the force make sure its people act ethically and within the law?",
    ], "treating its workforce fairly", "legitimate in how it deals with the public and its "
                                        "own people"),
}
# PEEL 2018/19: three pillars and their questions (reworded category names).
QUESTIONS_2018 = {
    "Effectiveness": "How well does the force cut crime and protect the public?",
    "Efficiency": "How well does the force run itself, and can it keep doing so?",
    "Legitimacy": "How fairly does the force deal with the public and the people who work "
                  "for it?",
}
LEGITIMACY_QUESTIONS_2018 = [
    "How fairly and respectfully does the force deal with the communities it serves?",
    "How well does the force make sure its people act ethically and within the law?",
    "How fairly does the force look after the people who work for it?",
]
AREAS_2122 = [
    "Providing a service to the victims of crime",
    "Treating the public fairly and with respect",
    "Preventing crime and anti-social behaviour",
    "Responding to the public",
    "Investigating crime",
    "Protecting vulnerable people",
    "Managing offenders and suspects",
    "Disrupting serious organised crime",
    "Building, supporting and protecting the workforce",
    "Strategic planning, organisational management and value for money",
]
UNGRADED_2122 = ["Meeting the strategic policing requirement",
                 "Protecting the public against armed threats"]
AREAS_2325 = [
    "Treatment of the public",
    "Preventing crime and anti-social behaviour",
    "Responding to the public",
    "Investigating crime",
    "Protecting vulnerable people",
    "Managing offenders",
    "Developing a positive workplace",
    "Good use of resources",
    "Leadership and force management",
]
# Phrases used when a sentence, not a heading, gives a grade ("... is good at X.").
SENTENCE_AREAS = ["investigating crime", "protecting vulnerable people",
                  "treating the public fairly", "responding to the public",
                  "preventing crime and anti-social behaviour", "managing offenders",
                  "keeping people safe and reducing crime", "using its resources"]
THEMES = ["stalking and harassment", "reports of missing adults", "fraud against older people",
          "spiking in the night-time economy", "abuse of position for a sexual purpose",
          "hate crime in rural communities"]

TOPICS = [
    "the assessment of risk when the public first make contact",
    "the supervision of open investigations",
    "the examination of seized digital devices",
    "the recording of reported crime",
    "the re-vetting of officers and staff",
    "the monitoring of its computer systems",
    "the allocation of crimes to investigators",
    "the sharing of information about children at risk",
    "the care of detainees at risk of self-harm",
    "the management of registered sex offenders",
    "the wellbeing of staff in the control room",
    "the quality of victim needs assessments",
    "the use of outcome codes when an investigation is closed",
    "the response to reports of stalking",
    "the analysis of stop and search data",
    "the handling of calls to the non-emergency number",
    "the recording of the reasons for using force",
    "the review of cases involving missing children",
    "the booking-in of detainees at busy times",
    "the planning of its future workforce",
    "the training of new supervisors",
    "the handling of complaints about officer conduct",
]
TEAMS = ["the control room", "neighbourhood teams", "the public protection unit",
         "the custody suites", "the vetting unit", "the professional standards department",
         "response teams", "the digital forensics unit", "the crime management hub"]
PLURAL_ITEMS = ["open investigations", "seized mobile phones", "vetting renewals",
                "overdue risk assessments", "unallocated crimes", "outstanding referrals"]

AFI_FORMS = [
    "The force should make sure that {t} is supervised consistently across all its areas.",
    "The force should improve {t} so that victims get the same service wherever they live.",
    "The force should review {t} and act on what the review finds.",
    "The force needs better oversight of {t}.",
    "The force should assure itself that {t} meets national guidance.",
    "The force should make better use of data to understand {t}.",
]
AFI_FRAGMENTS = [  # completes "the force should ..." after a lead-in or an inline label
    "make sure that {t} is reviewed by a supervisor within a week",
    "check that {t} follows its own policy, and record the result",
    "give staff clear guidance on {t}",
    "set itself measures for {t} and report them to its chief officers",
]
CAUSE_FORMS = [
    "The force does not manage {t} well enough, and this leaves vulnerable people at risk.",
    "The force has not given {t} the priority it needs, so risks to the public are missed.",
    "The force cannot show that {t} keeps people safe, and it has known this for a year.",
]
REC_ACTS = [
    "carry out a review of {t} and put its findings into practice",
    "put in place effective supervision of {t}",
    "make sure enough trained staff are assigned to {t}",
    "produce and carry out a plan to improve {t}",
    "reduce the backlog in {t} and keep it under review",
]
NATIONAL_ACTS = {
    "chief constables": "make sure their forces record every report of {x} as a crime "
                        "and give the victim a named contact",
    "forces": "publish how they will improve their response to {x}",
    "the College of Policing": "update its guidance on {x} so that it covers online contact",
    "the Home Office": "consult on whether the law on {x} gives victims enough protection",
    "the National Police Chiefs\u2019 Council": "agree a shared set of measures for {x} "
                                                 "and ask every force to report against them",
}
IP_TITLES = [
    "A single team reviews every case of {t} within a day",
    "Volunteers help the force with {t}",
    "A shared dashboard lets partners see {t} as it happens",
    "Peer reviews raise the standard of {t}",
]
NARRATIVE = [
    "{S} {v} {t}, {q}.",
    "We found that {t} had improved since our last visit, {q}.",
    "During our fieldwork we spoke to staff in {team} about {t}.",
    "Leaders told us that {t} is a priority for the coming year, {q}.",
    "Staff in {team} were clear about their part in {t}, {q}.",
]
SUBJECTS = ["The force", "Supervisors", "Senior leaders", "Investigators", "Call handlers",
            "Neighbourhood officers", "The chief officer team", "Staff in the control room"]
VERBS_SG = ["has improved", "keeps a close watch on", "has invested in", "has a plan for",
            "has made slow progress with", "works with partner agencies on"]
VERBS_PL = ["have improved", "keep a close watch on", "have invested in", "have a plan for",
            "have made slow progress with", "work with partner agencies on"]
QUALIFIERS = ["but the picture is not the same in every district",
              "and victims are benefiting from this", "though this work has only just begun",
              "which is a welcome change", "but demand keeps rising",
              "although some records were incomplete", "as national guidance expects",
              "but cannot yet prove it has made a difference"]
EVIDENCE = ["{p} percent of the {n} case files we read were of a good enough standard.",
            "{p} percent of the staff who answered our survey said they trusted their "
            "managers.",
            "Call handlers picked up {p} percent of 999 calls inside the national target time.",
            "Of the {n} records we examined, {k} did not record a reason for the decision.",
            "Risk had been judged correctly in {k} of the {n} cases we read."]

# Sentences planted so that an extractor can get them wrong: grade words that are not
# grades, finding words that are not findings.
DECOY_GRADE_WORDS = {
    "decoy:good-practice": "We saw good practice in {team}, where cases are handed over "
                           "in person at the end of each shift.",
    "decoy:good-understanding": "Neighbourhood officers had a good understanding of demand "
                                "in the places they police.",
    "decoy:outstanding-contribution": "Volunteers made an outstanding contribution to the "
                                      "summer events programme.",
    "decoy:requires-improvement-unnamed": "Overall, the force requires improvement in one "
                                          "area, but it has made progress in the others.",
}
DECOY_OLD_RECOMMENDATION = ("In 2019 we recommended that every force should review how it "
                            "records the use of force; most forces have done so.")

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def lower_first(s: str) -> str:
    return s[:1].lower() + s[1:]


def grade_adjective(grade: str) -> str:
    return {"Requires improvement": "requiring improvement"}.get(grade, grade.lower())


def grade_sentence(style: str, subject: str, grade: str, phrase: str) -> str:
    """A sentence that states a grade in prose, in one of the styles reports use."""
    ri = grade == "Requires improvement"
    if style == "is-at":
        return (f"{subject} requires improvement at {phrase}." if ri
                else f"{subject} is {grade.lower()} at {phrase}.")
    if style == "remains":
        return (f"Overall, {subject} still requires improvement in its {phrase}." if ri
                else f"Overall, {subject} remains {grade.lower()} in its {phrase}.")
    if style == "judged":
        return (f"The extent to which the force is {phrase} is judged to require improvement."
                if ri else f"The extent to which the force is {phrase} is judged to be "
                           f"{grade.lower()}.")
    if style == "has-been-judged":
        word = "requires improvement" if ri else grade.lower()
        return f"{subject} has been judged \u2018{word}\u2019 at {phrase}."
    if style == "we-graded":
        return f"We graded the force as {grade_adjective(grade)} at {phrase}."
    raise ValueError(style)


class Writer:
    """Draws names and sentences from the lists above with one seeded generator."""

    def __init__(self, rng: random.Random):
        self.r = rng
        self._topics = rng.sample(TOPICS, len(TOPICS))
        self._forces = rng.sample(FORCES, len(FORCES))

    # -- names
    def force(self) -> tuple[str, str]:
        """A force not yet used in this document, with its place name."""
        return self._forces.pop()

    def person(self) -> str:
        return f"{self.r.choice(FIRST)} {self.r.choice(LAST)}"

    def grade(self, five: bool = True, avoid: tuple[str, ...] = ()) -> str:
        return self.r.choice([g for g in (GRADES5 if five else GRADES4) if g not in avoid])

    # -- topics are used once each in a document, so no finding repeats another
    def topic(self) -> str:
        if not self._topics:
            self._topics = self.r.sample(TOPICS, len(TOPICS))
        return self._topics.pop()

    # -- findings
    def afi(self) -> str:
        return self.r.choice(AFI_FORMS).format(t=self.topic())

    def afi_fragment(self) -> str:
        return self.r.choice(AFI_FRAGMENTS).format(t=self.topic())

    def cause(self) -> str:
        return self.r.choice(CAUSE_FORMS).format(t=self.topic())

    def rec_action(self) -> str:
        return self.r.choice(REC_ACTS).format(t=self.topic())

    def innovation(self) -> str:
        return self.r.choice(IP_TITLES).format(t=self.topic())

    # -- narrative
    def sentence(self) -> str:
        r = self.r
        subject = r.choice(SUBJECTS)
        verbs = VERBS_SG if subject in ("The force", "The chief officer team") else VERBS_PL
        s = r.choice(NARRATIVE).format(S=subject, v=r.choice(verbs), t=self.r.choice(TOPICS),
                                       q=r.choice(QUALIFIERS), team=r.choice(TEAMS))
        return s[0].upper() + s[1:]

    def evidence(self) -> str:
        n = self.r.randint(30, 400)
        return self.r.choice(EVIDENCE).format(n=n, k=self.r.randint(2, n // 3),
                                              p=self.r.randint(41, 97))

    def paragraph(self, n: int = 3) -> str:
        parts = [self.sentence()]
        for _ in range(n - 1):
            parts.append(self.evidence() if self.r.random() < 0.3 else self.sentence())
        return " ".join(parts)

    def decoy(self, form: str) -> str:
        return DECOY_GRADE_WORDS[form].format(team=self.r.choice(TEAMS))
