"""What kind of document it is, from short fictional openings of every kind: a PEEL report
of one force mentioning others is still PEEL; a national report naming no one force is
thematic; another inspection of one force is not PEEL."""
from __future__ import annotations

import pytest

from peelreview.extract import extract_file

CASES = [
    ("PEEL spotlight report: the police response to stalking\n\nPublished 3 May 2024\n\n"
     "This report looks at how forces in England and Wales respond.\n\nRecommendation 1: By "
     "31 October 2024, chief constables should review their training.",
     "thematic", None, "PEEL spotlight report: the police response to stalking"),
    ("PEEL 2023\u201325: An inspection of Wessex Constabulary\n\nPublished 3 May 2024\n\n"
     "Wessex Constabulary is in a group with Northmoor Police, Fenland Constabulary and "
     "Mercia Vale Police. In 2019 we asked every force to follow the vetting "
     "guidance in full.\n\nResponding to the public\n\nGood",
     "peel-inspection", "Wessex Constabulary", "PEEL 2023\u201325: An inspection of Wessex"),
    ("An inspection of Wessex Constabulary's custody suites\n\nPublished 3 May 2024\n\nWe "
     "inspected custody in Wessex Constabulary.", "inspection", "Wessex Constabulary",
     "An inspection of Wessex Constabulary's custody suites"),
    ("Crime data integrity inspection 2019: Fenland Constabulary\n\nPublished 1 June 2019\n\n"
     "Fenland Constabulary requires improvement at recording crime.", "inspection",
     "Fenland Constabulary", "Crime data integrity inspection 2019"),
    ("27.06.19\n\nDear Chief Constable\n\nWessex Constabulary: move into the engage phase\n\n"
     "I am writing to tell you what we found.\n\nYours sincerely", "letter",
     "Wessex Constabulary", "Wessex Constabulary: move into the engage phase"),
    ("Wessex OPCC \u2013 HMICFRS recommendations: status at 31 March\n\n"
     "Ref\tRecommendation\tStatus\n1\tThe force should review its vetting backlog.\tOpen",
     "other", None, "Wessex OPCC \u2013 HMICFRS recommendations"),
    ("Response of the Police, Fire and Crime Commissioner for Northmoor to the HMICFRS report"
     "\n\nDate: 1 June 2024\n\nOn 2 May HMICFRS published its report on Northmoor Police.",
     "pcc-response", "Northmoor Police", "Response of the Police, Fire and Crime"),
]


@pytest.mark.parametrize("text,kind,force,title", CASES, ids=[c[1] for c in CASES])
def test_kind_force_and_title(tmp_path, text, kind, force, title):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    report, _ = extract_file(path)
    assert (report.kind, report.force) == (kind, force)
    assert report.title.startswith(title)


def test_response_date_of_the_report_it_answers(tmp_path):
    path = tmp_path / "doc.txt"
    path.write_text(CASES[-1][0], encoding="utf-8")
    report, _ = extract_file(path)
    assert (report.published, report.report_published) == ("2024-06-01", "2024-05-02")
