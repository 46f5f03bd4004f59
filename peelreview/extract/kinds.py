"""What sort of document this is, and the PEEL cycle it states.

A document is a `peel-inspection` only when it is a PEEL report of one force: grade
movement and the pairing of areas across cycles stand on that, so a vetting inspection, a
national thematic report or a press release must never be called one. The signs are read
from the document's opening (title page, first paragraphs) and its closing lines, never from
one document's wording.
"""
from __future__ import annotations

import re

from ..model import ReportKind

_RESPONSE = re.compile(
    r"(?:commissioner|\bPCC\b|\bPFCC\b|\bOPCC\b|\bmayor\b|local\s+policing\s+body)[^\n]{0,120}"
    r"\b(?:response|comments)\b|\bresponse\b[^\n]{0,80}(?:HMICFRS|HMIC\b|inspectorate)|"
    r"\bsection\s+55\b|local\s+policing\s+body'?s?\s+comments", re.I)
_PRESS = re.compile(r"\bpress\s+release\b|\bnews\s+release\b|\bpublished\s+today\b|"
                    r"\bfor\s+immediate\s+release\b|\bnotes\s+to\s+editors\b|^news$|"
                    r"\bsays\s+(?:the\s+)?(?:inspectorate|watchdog|HMICFRS|HMIC)\b", re.I | re.M)
_SAID = re.compile(r"\b(?:said|says|commented|added)\s*[:,]\s*$|[\"\u201d]\s*,?\s*(?:said|says)\b|"
                   r"\b(?:said|says)\s*:\s*[\"\u201c]", re.I | re.M)
_LETTER = re.compile(r"^\s*dear\s+(?:chief\s+constable|commissioner|mr|mrs|ms|miss|dr|sir|"
                     r"madam|colleague|[A-Z][a-z]+)\b", re.I | re.M)
_LETTER_CLOSE = re.compile(r"\byours\s+(?:sincerely|faithfully)\b", re.I)
_PEEL = re.compile(r"\bPEEL\b|police\s+effectiveness,\s+efficiency\s+and\s+legitimacy|"
                   r"integrated\s+PEEL\s+assessment", re.I)
# a PEEL report of the 2014-17 cycles: "Police effectiveness 2016"
_PEEL_PILLAR = re.compile(r"\bpolice\s+(?:effectiveness|efficiency|legitimacy|leadership)\s*"
                          r"(?:\(\w+\)\s*)?20\d\d\b", re.I)
_THEMATIC = re.compile(r"\bthematic\b|\bspotlight\s+report\b|\bnational\s+(?:report|review|"
                       r"inspection|overview)\b|\b(?:police\s+)?forces\s+in\s+England\s+and\s+"
                       r"Wales\b|\bhow\s+(?:well\s+)?(?:the\s+)?police\s+(?:forces\s+)?"
                       r"(?:respond|deal|tackle|investigate|protect|use|manage)|\ball\s+forces\b|"
                       r"\bstate\s+of\s+policing\b|\bjoint\s+(?:thematic\s+)?inspection\s+of\s+"
                       r"(?:how|the)\b", re.I)
_NATIONAL_ADDRESSEE = re.compile(r"\b(?:chief\s+constables|all\s+forces|the\s+College\s+of\s+"
                                 r"Policing|the\s+Home\s+Office|the\s+National\s+Police\s+"
                                 r"Chiefs'?\u2019?\s+Council|NPCC)\s+should\b", re.I)
_OTHER_INSPECTION = re.compile(
    r"\b(?:vetting|counter[\s-]corruption|anti[\s-]corruption|crime\s+data\s+integrity|"
    r"custody|child\s+protection|joint\s+targeted\s+area\s+inspection|\bJTAI\b|revisit|"
    r"re-inspection|rape\s+investigation|fraud|stalking|domestic\s+abuse|firearms\s+licensing|"
    r"digital\s+forensics|victim\s+service\s+assessment|inspection\s+of\s+(?:police\s+)?"
    r"custody|post[\s-]inspection\s+review|accelerated\s+cause\s+of\s+concern)\b", re.I)
_INSPECTION_WORD = re.compile(r"\b(?:inspection|inspected|review|revisit)\b", re.I)
_TRACKER = re.compile(r"\b(?:tracker|action\s+plan|minutes|agenda|panel\s+meeting|status\s+at|"
                      r"progress\s+update|recommendations?:\s+status|apologies)\b", re.I)

# "PEEL 2023–25", "PEEL 2021/22", "PEEL 2018", "Police efficiency 2016"
_CYCLE = re.compile(r"\bPEEL\b[\s:]*(?:assessment\s+|inspection\s+)?"
                    r"(?P<c>20\d\d(?:\s*[\u2013\u2014/-]\s*(?:20)?\d\d)?)\b|\bpolice\s+(?:effectiveness|efficiency|legitimacy|"
                    r"leadership)\s*(?:\(\w+\)\s*)?(?P<p>20\d\d)\b", re.I)


def peel_cycle(opening: str) -> str | None:
    """The PEEL cycle the opening states, as written but with an en dash in a range."""
    m = _CYCLE.search(opening)
    if not m:
        return None
    c = m.group("c") or m.group("p")
    return re.sub(r"\s*[\u2014-]\s*", "\u2013", re.sub(r"\s*/\s*", "/", c))


def classify(opening: str, n_judgments: int, force: str | None, forces_named: int,
             body: str = "", titled_force: bool = False) -> ReportKind:
    """What sort of document this is.

    opening -- the first blocks (title page, first paragraphs); force -- the subject force
    found, or None; forces_named -- how many different forces the opening names; body --
    the whole text, to see whom its recommendations address; titled_force -- the title
    names one force (a report about that force, however many others it mentions).
    """
    head = opening[:2500]
    if _RESPONSE.search(head):
        return ReportKind.PCC_RESPONSE
    if _PRESS.search(head[:1500]) and _SAID.search(opening[:8000] + body[:8000]):
        return ReportKind.PRESS_RELEASE
    if _LETTER.search(head) and (_LETTER_CLOSE.search(body[-3000:] or opening)
                                 or not _PEEL.search(head[:300])):
        return ReportKind.LETTER
    national = not titled_force and (force is None or forces_named >= 3) and (
        _THEMATIC.search(head) or len(_NATIONAL_ADDRESSEE.findall(body[:400_000])) >= 1)
    if national or (_THEMATIC.search(head[:600]) and force is None):
        return ReportKind.THEMATIC
    title_zone = head[:600]
    if _PEEL.search(title_zone) or _PEEL_PILLAR.search(title_zone):
        return ReportKind.PEEL_INSPECTION
    if _OTHER_INSPECTION.search(title_zone) and _INSPECTION_WORD.search(head):
        return ReportKind.INSPECTION
    if _TRACKER.search(title_zone):
        return ReportKind.OTHER
    if _PEEL.search(head) or _PEEL_PILLAR.search(head):
        return ReportKind.PEEL_INSPECTION
    if n_judgments:
        return ReportKind.PEEL_INSPECTION if force else ReportKind.OTHER
    if _OTHER_INSPECTION.search(head) and _INSPECTION_WORD.search(head) and force:
        return ReportKind.INSPECTION
    return ReportKind.OTHER


__all__ = ["classify", "peel_cycle"]
