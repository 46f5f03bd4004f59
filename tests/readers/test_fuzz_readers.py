"""Random bytes and random text into every reader and the extractor: the only thing that
may come out besides a report is ImportFailed (which the CLI turns into one line)."""
from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from peelreview.errors import ImportFailed
from peelreview.extract import build_report, extract_file
from peelreview.readers import read_document
from peelreview.readers.txt import text_to_blocks

EXTENSIONS = [".pdf", ".docx", ".html", ".txt", ".htm", ".md", ".rtf", ""]
FUZZ = settings(max_examples=60, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text that looks like a report: grade words, finding headings, bullets, tabs, dates.
REPORTISH = st.lists(st.sampled_from([
    "Good", "Requires", "improvement", "Requires improvement", "Inadequate", "No rating",
    "Area for improvement", "Areas for improvement", "Cause of concern", "Recommendations",
    "Innovative practice", "Main findings", "Investigating crime", "- The force should act.",
    "\u2022 bullet", "Outstanding\tGood\tAdequate", "\tPreventing crime\t", "Contents",
    "Published 2 May 2019", "27.06.19", "We don't grade forces on this question.", "?", "",
    "\n", "\n\n", " ", "Legitimacy", "How effective is the force?", "1",
    "West Midlands Police", "An inspection of Wessex Constabulary", ":", "\u00ad", "\ufb01",
]), max_size=60).map(" ".join)


def _check(path):
    try:
        report, fmt = extract_file(path)
    except ImportFailed as e:
        assert e.reason and "\n" not in e.reason
        return
    for f in report.findings:
        assert report.text[f.start:f.end] == f.text
    for j in report.judgments:
        assert 0 <= j.start <= j.end <= len(report.text)


@FUZZ
@given(data=st.binary(max_size=4096), ext=st.sampled_from(EXTENSIONS))
def test_random_bytes_never_escape(tmp_path_factory, data, ext):
    path = tmp_path_factory.mktemp("fuzz") / f"random{ext}"
    path.write_bytes(data)
    _check(path)


@FUZZ
@given(data=st.binary(max_size=2048), ext=st.sampled_from([".pdf", ".docx"]))
def test_random_bytes_behind_real_magic(tmp_path_factory, data, ext):
    """Garbage that starts like a PDF or a zip gets past sniffing into the real parsers."""
    path = tmp_path_factory.mktemp("fuzz") / f"random{ext}"
    path.write_bytes((b"%PDF-1.7\n" if ext == ".pdf" else b"PK\x03\x04") + data)
    _check(path)


@FUZZ
@given(text=st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=3000),
       ext=st.sampled_from([".txt", ".html", ".md"]))
def test_random_text_never_escapes(tmp_path_factory, text, ext):
    path = tmp_path_factory.mktemp("fuzz") / f"random{ext}"
    path.write_text(text, encoding="utf-8")
    _check(path)


@settings(max_examples=200, deadline=None)
@given(text=REPORTISH)
def test_reportish_text_gives_consistent_offsets(text):
    from peelreview.readers.blocks import Document

    doc = Document(format="txt", blocks=text_to_blocks(text), has_structure=False)
    report = build_report(doc)
    for f in report.findings:
        assert report.text[f.start:f.end] == f.text and f.text.strip() == f.text
    for s in report.sections:
        assert 0 <= s.start < s.end <= len(report.text)


@settings(max_examples=50, deadline=None)
@given(name=st.text(alphabet=string.ascii_letters + " \u2013\u00e9\u2713()", min_size=1,
                    max_size=30))
def test_odd_file_names_are_kept(tmp_path_factory, name):
    path = tmp_path_factory.mktemp("names") / f"{name.strip() or 'x'}.txt"
    path.write_text("Investigating crime\n\nGood\n", encoding="utf-8")
    try:
        read_document(path)
    except ImportFailed as e:
        assert e.path == str(path)
