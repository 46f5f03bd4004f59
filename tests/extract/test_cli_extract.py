"""The `peelreview extract` command as other tools call it."""
from __future__ import annotations

import hashlib
import json

from conftest import run_cli

REPORT = """PEEL 2023-25

An inspection of Wessex Constabulary

Published 3 June 2024

Responding to the public

Requires
improvement

Wessex Constabulary requires improvement at responding to the public.

Area for improvement

The force should answer non-emergency calls within its own target time.

It answered fewer than half of them on time in the period we examined.

Cause of concern

Wessex Constabulary does not assess the risk to callers who wait. This is a cause of concern.

- Within three months, the force should introduce call-back checks for waiting callers.
"""


def test_json_contract(tmp_path):
    path = tmp_path / "wessex.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = run_cli("extract", str(path), "--json")
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert set(got) >= {"schema", "source", "kind", "title", "force", "published",
                        "report_published", "text", "sections", "judgments", "findings"}
    assert got["schema"] == "peelreview.extract/2"
    assert got["source"] == {"path": str(path), "format": "txt",
                             "sha256": hashlib.sha256(path.read_bytes()).hexdigest()}
    assert got["kind"] == "peel-inspection"
    assert got["force"] == "Wessex Constabulary"
    assert got["published"] == "2024-06-03"
    assert got["report_published"] is None
    text = got["text"]
    [j] = got["judgments"]
    assert (j["area"], j["grade"]) == ("Responding to the public", "Requires improvement")
    assert text[j["start"]:j["end"]] == "Requires improvement"
    kinds = [(f["kind"], f["area"]) for f in got["findings"]]
    assert kinds == [("area_for_improvement", "Responding to the public"),
                     ("cause_of_concern", "Responding to the public"),
                     ("recommendation", "Responding to the public")]
    for f in got["findings"]:
        assert text[f["start"]:f["end"]] == f["text"]
    assert got["findings"][0]["text"].startswith("The force should answer")
    for s in got["sections"]:
        assert {"title", "level", "start", "end"} <= set(s)
        assert text[s["start"]:].startswith(s["title"])


def test_readable_summary(tmp_path):
    path = tmp_path / "wessex.txt"
    path.write_text(REPORT, encoding="utf-8")
    out = run_cli("extract", str(path))
    assert out.returncode == 0
    shown = out.stdout.decode()
    assert "Wessex Constabulary" in shown and "Requires improvement" in shown
    assert "[cause of concern]" in shown


def test_unreadable_file_one_line_exit_2(tmp_path):
    path = tmp_path / "Rapport \u2013 \u00e9t\u00e9 \u2713.rtf"
    path.write_bytes(b"{\\rtf1 hello}")
    out = run_cli("extract", str(path), "--json")
    assert out.returncode == 2
    assert out.stdout == b""
    lines = out.stderr.decode("utf-8").splitlines()
    assert lines == [f"peelreview: cannot import {path}: unsupported file type (RTF): "
                     "save it as Word (.docx) or PDF"]


def test_missing_file(tmp_path):
    out = run_cli("extract", str(tmp_path / "nope.pdf"))
    assert out.returncode == 2
    assert out.stderr.decode().strip().endswith("nope.pdf: no such file")


def test_help_lists_the_commands():
    out = run_cli("--help")
    assert out.returncode == 0
    assert b"extract" in out.stdout
