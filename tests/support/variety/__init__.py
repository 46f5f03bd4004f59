"""A generator of FICTIONAL inspection-type documents in every form of
/work/shared/corpus/VARIETY.md, each with its answer, and a scorer for extractions.

    from support.variety import generate, score
    answers = generate(tmp_path)            # files + tmp_path/manifest.json
    result = score(answers[0], extract_json_dict)

    python -m tests.support.variety OUT [--seed N] [--copies N]

Answer schema (one dict per file; manifest.json is the list):
  file, format, layout, forms, kind, force, published, report_published, cycle, title,
  judgments [{area, grade, confidence, form}],
  findings [{kind, area, text, confidence, due, addressee, form}],
  decoys [sentences that must not become a grade or a finding],
  same_as (only for the one report written both as PDF and as web page).

Confidence: "certain" when a heading, a badge, a grade table, a labelled line ("Legitimacy
\u2014 Good", "Recommendation 4: ...", "Area for improvement: ...") or bullets under a
finding heading say so; "likely" when it is read from a sentence or inferred (a grade in a
summary sentence, a cause of concern in prose, bullets after a lead-in sentence, an inline
"We have identified an area for improvement: ...", numbered items in a response).

Modules: prose (fictional names and sentences), dates, blocks (the document model), parts
(shared pieces), kinds_peel / kinds_inspection / kinds_public (one builder per kind),
documents (the plan: kinds x formats x layouts), layouts, answers, render_txt /
render_html / render_docx / render_pdf, forms (the VARIETY forms required), corpus
(generate), scoring (score).
"""
from __future__ import annotations

from .corpus import SKIPPED_LAYOUTS, generate
from .forms import REQUIRED, formats_of
from .layouts import FORMATS, LAYOUTS
from .scoring import as_extraction, score

__all__ = ["FORMATS", "LAYOUTS", "REQUIRED", "SKIPPED_LAYOUTS", "as_extraction",
           "formats_of", "generate", "score"]
