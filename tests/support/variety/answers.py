"""The answer (ground truth) of one rendered document, read off its blocks.

Each area appears once, with the strongest confidence any block gives it (a summary
sentence repeating a badge adds nothing). Every finding's text must be part of the text of
the block that carries it, and every judgment's area must be written somewhere in the
document: a builder that breaks this fails here, before anything is rendered.
"""
from __future__ import annotations

import re
import unicodedata

from .blocks import CERTAIN, LIKELY, Doc
from .layouts import Layout

_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def key(s: str) -> str:
    s = unicodedata.normalize("NFKC", s).translate(_QUOTES).lower()
    return re.sub(r"\s+", " ", re.sub(r"[^\w' ]+", " ", s)).strip()


def answer(doc: Doc, file: str, layout: Layout) -> dict:
    fmt = layout.fmt
    blocks = [b for b in doc.blocks if b.shown_in(fmt)]
    whole = key("\n".join(b.all_text() for b in blocks))
    forms = set(doc.forms) | set(layout.extra)
    judgments: dict[str, dict] = {}
    findings: list[dict] = []
    decoys: list[str] = []

    def shown(form: str) -> str:
        forms.add(form)
        rendered = layout.forms.get(form)
        if rendered:
            forms.add(rendered)
        return rendered or form

    for b in blocks:
        for f in b.forms:
            shown(f)
        for j in b.judgments:
            if key(j.area) not in whole:
                raise AssertionError(f"{doc.key}: area {j.area!r} is not written in the text")
            form = shown(j.form)
            k = key(j.area)
            old = judgments.get(k)
            if old is None:
                judgments[k] = {"area": j.area, "grade": j.grade, "confidence": j.confidence,
                                "form": form}
                continue
            if old["grade"] != j.grade:
                raise AssertionError(f"{doc.key}: {j.area!r} graded twice differently")
            if old["confidence"] == LIKELY and j.confidence == CERTAIN:
                old.update(area=j.area, confidence=CERTAIN, form=form)
        for f in b.findings:
            if f.text not in b.all_text():
                raise AssertionError(f"{doc.key}: finding {f.text!r} is not in its block")
            findings.append({"kind": f.kind, "area": f.area, "text": f.text,
                             "confidence": f.confidence,
                             "due": f.due.isoformat() if f.due else None,
                             "addressee": f.addressee, "form": shown(f.form)})
        decoys += b.decoys
    decoys += layout.decoys
    if doc.footer and layout.footer:
        decoys.append(doc.footer)
        forms.add("decoy:page-footer")
    texts = [key(f["text"]) for f in findings]
    if len(set(texts)) != len(texts):
        raise AssertionError(f"{doc.key}: two findings have the same text")
    return {
        "file": file,
        "format": fmt,
        "layout": layout.name,
        "forms": sorted(forms),
        "kind": doc.kind,
        "force": doc.force,
        "published": doc.published.isoformat() if doc.published else None,
        "report_published": doc.report_published.isoformat() if doc.report_published
        else None,
        "cycle": doc.cycle,
        "title": doc.title,
        "judgments": list(judgments.values()),
        "findings": findings,
        "decoys": list(dict.fromkeys(decoys)),
    }
