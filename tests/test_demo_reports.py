"""The bundled demo documents (resources/demo): each extracts exactly as its expected answer
says, they tell one consistent story across inspections, and the generated PDF and Word
files match their generator scripts.

Wessex Constabulary and Mercia Vale Police are fictional; the documents only imitate the
layout of inspectorate reports and PCC responses.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import CORPUS, ROOT
from support.extraction_check import compare

from peelreview.cli import extract_json
from peelreview.extract import extract_file
from peelreview.extract.areas import area_id

DEMO = ROOT / "resources" / "demo"
EXPECTED = DEMO / "expected"

DOCUMENTS = {
    "wessex_peel_2018-19.html": "wessex_peel_2018-19.json",
    "wessex_peel_2021-22.pdf": "wessex_peel_2021-22.json",
    "wessex_pcc_response_2019.docx": "wessex_pcc_response_2019.json",
    "merciavale_peel_2021-22.txt": "merciavale_peel_2021-22.json",
}
GENERATED = {
    "wessex_peel_2021-22.pdf": "make_demo_pdf.py",
    "wessex_pcc_response_2019.docx": "make_demo_docx.py",
}
RANK = {"Inadequate": 0, "Requires improvement": 1, "Adequate": 2, "Good": 3,
        "Outstanding": 4}


def extracted(path: Path) -> dict:
    """The `extract --json` object for a file, built in-process."""
    report, fmt = extract_file(path)
    sha = hashlib.sha256(path.read_bytes()).hexdigest()
    return extract_json(path, report, fmt, sha)


def expected(name: str) -> dict:
    return json.loads((EXPECTED / DOCUMENTS[name]).read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_demo_document_extracts_as_expected(name):
    problems = compare(expected(name), extracted(DEMO / name))
    assert not problems, "\n".join(problems)


def test_source_text_of_the_pdf_extracts_the_same():
    """The PDF's plain-text source is itself a readable capture of the same report."""
    problems = compare(expected("wessex_peel_2021-22.pdf"),
                       extracted(DEMO / "src" / "wessex_peel_2021-22.txt"))
    assert not problems, "\n".join(problems)


def test_response_answers_the_2018_19_report_within_56_days():
    report = extracted(DEMO / "wessex_peel_2018-19.html")
    response = extracted(DEMO / "wessex_pcc_response_2019.docx")
    assert report["published"] == response["report_published"] == "2019-05-21"
    gap = (dt.date.fromisoformat(response["published"])
           - dt.date.fromisoformat(response["report_published"])).days
    assert 0 < gap <= 56
    assert report["force"] == response["force"] == "Wessex Constabulary"
    # the response restates the report's cause of concern and recommendation word for word
    found = {(f["kind"], f["text"]) for f in report["findings"]}
    for f in response["findings"]:
        assert (f["kind"], f["text"]) in found, f
    assert {f["kind"] for f in response["findings"]} == {"cause_of_concern", "recommendation"}


def test_grades_move_between_the_two_wessex_inspections():
    """Areas the two inspections share (same canonical id) show rises and falls."""
    def grades(name):
        return {area_id(j["area"]): j["grade"] for j in extracted(DEMO / name)["judgments"]
                if area_id(j["area"]) and j["grade"] in RANK}

    before, after = grades("wessex_peel_2018-19.html"), grades("wessex_peel_2021-22.pdf")
    moves = {k: RANK[after[k]] - RANK[before[k]] for k in before.keys() & after.keys()}
    assert len(moves) >= 4, moves
    assert any(m > 0 for m in moves.values()) and any(m < 0 for m in moves.values()), moves


def test_2021_22_vetting_progress_follows_up_the_2018_19_cause_of_concern():
    got = extracted(DEMO / "wessex_peel_2021-22.pdf")
    text = got["text"]
    [workforce] = [s for s in got["sections"]
                   if s["title"] == "Building, supporting and protecting the workforce"]
    progress = [s for s in got["sections"] if s["title"] == "Progress on national recommendation"
                and workforce["start"] <= s["start"] < workforce["end"]]
    assert progress, "no progress note under the workforce area"
    passage = text[progress[0]["start"]:progress[0]["end"]].lower()
    for words in ("vetting", "backlog", "2018/19", "cause of concern"):
        assert words in passage, words


@pytest.mark.parametrize("name", sorted(GENERATED))
def test_generated_file_is_up_to_date_with_its_script(name, tmp_path):
    fresh = tmp_path / name
    out = subprocess.run([sys.executable, str(DEMO / GENERATED[name]), str(fresh)],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    committed, regenerated = extracted(DEMO / name), extracted(fresh)
    assert regenerated["text"] == committed["text"], (
        f"{name} is stale: run python resources/demo/{GENERATED[name]}")
    assert regenerated["judgments"] == committed["judgments"]
    assert regenerated["findings"] == committed["findings"]


def _grams(text: str, n: int = 10) -> set[str]:
    words = re.findall(r"[a-z0-9]+", text.lower())
    return {" ".join(words[i:i + n]) for i in range(len(words) - n + 1)}


def test_demo_text_shares_no_ten_word_run_with_the_real_reports():
    """Written in our own words: no 10 consecutive words in common with the real seeds
    (the area headings included: the demo uses the short names)."""
    seeds = sorted((CORPUS / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip(f"real corpus not available at {CORPUS / 'seeds'}")
    seed = set().union(*(_grams(p.read_text(encoding="utf-8")) for p in seeds))
    texts = {p.name: p.read_text(encoding="utf-8") for p in DEMO.rglob("*")
             if p.suffix in (".txt", ".html", ".py", ".json", ".md")}
    texts.update({name: extracted(DEMO / name)["text"] for name in GENERATED})
    shared = {name: sorted(_grams(t) & seed) for name, t in texts.items()}
    assert not any(shared.values()), {k: v[:5] for k, v in shared.items() if v}
