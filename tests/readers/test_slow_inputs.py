"""Slow inputs read in linear time: every row of SLOW_INPUTS (tests/support/hostile.py), at
the size the old code took from 9 s to minutes on, goes through the real command line
(`peelreview extract FILE --json`) in a child process under a 1.5 GB address-space limit,
and must either import or be refused in one line that names the limit, within 1.5 s per MB
(5 s at least) and 512 MB of memory. Today each takes 0.2-2 s and 40-220 MB
(docs/PERFORMANCE.md, benchmarks/slow_inputs.py).
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest
from support.child import run_measured
from support.hostile import SLOW_INPUTS

from peelreview.errors import ImportFailed
from peelreview.readers import MAX_HTML_BYTES, MAX_TEXT_BYTES, read_document
from peelreview.readers.blocks import MAX_BLOCKS, MAX_TEXT_CHARS, MB
from peelreview.readers.docx_reader import MAX_DOCUMENT_XML

LIMIT_AS = 1536 * 1024 ** 2
LIMIT_PEAK = 512 * 1024 ** 2
SECONDS_PER_MB = 1.5
MIN_SECONDS = 5.0

def run_extract(path: Path, budget: float):
    """(result, seconds, peak bytes) of `peelreview extract PATH --json`."""
    result = run_measured(["extract", str(path), "--json"], limit_as=LIMIT_AS,
                          timeout=budget * 3 + 30)
    return result, result.seconds, result.peak


def assert_read_or_too_large(proc, path: Path) -> None:
    """Imported, or refused in one line that says the file is too large and names the
    limit (not a traceback, not "too large to read in memory")."""
    stderr = proc.stderr.decode("utf-8", errors="replace")
    assert "Traceback" not in stderr, stderr[-2000:]
    if proc.returncode == 0:
        assert proc.stdout.startswith(b"{")
        return
    assert proc.returncode == 2, f"exit {proc.returncode}: {stderr[-2000:]}"
    lines = stderr.strip().splitlines()
    assert len(lines) == 1, stderr
    assert lines[0].startswith(f"peelreview: cannot import {path}: the file is too large "
                               "to read ("), lines[0]
    assert "the limit is" in lines[0], lines[0]
    assert proc.stdout == b""


@pytest.mark.parametrize("row", SLOW_INPUTS, ids=[row[0] for row in SLOW_INPUTS])
def test_slow_input_reads_in_linear_time(row, tmp_path):
    name, filename, make, mb = row
    path = tmp_path / filename
    path.write_bytes(make(mb))
    budget = max(MIN_SECONDS, SECONDS_PER_MB * path.stat().st_size / MB)
    proc, seconds, peak = run_extract(path, budget)
    assert_read_or_too_large(proc, path)
    assert seconds < budget, f"{name}: {seconds:.1f} s (budget {budget:.1f} s)"
    assert 0 < peak < LIMIT_PEAK, f"{name}: {peak / 1e6:.0f} MB"


def test_blocks_up_to_the_limit_are_read_and_one_more_is_refused(tmp_path):
    path = tmp_path / "blocks.txt"
    path.write_text("".join(f"Line {n} of text\n\n" for n in range(MAX_BLOCKS)))
    assert len(read_document(path).blocks) == MAX_BLOCKS
    path.write_text("".join(f"Line {n} of text\n\n" for n in range(MAX_BLOCKS + 1)))
    with pytest.raises(ImportFailed, match=f"too large to read .*the limit is {MAX_BLOCKS:,}"):
        read_document(path)


def test_a_table_counts_its_rows(tmp_path):
    path = tmp_path / "rows.txt"
    path.write_text("Title\n\n" + "".join(f"a{n}\tb\n" for n in range(MAX_BLOCKS + 1)))
    with pytest.raises(ImportFailed, match="table rows; the limit is"):
        read_document(path)


@pytest.mark.parametrize("suffix, limit", [(".txt", MAX_TEXT_BYTES), (".md", MAX_TEXT_BYTES),
                                           (".html", MAX_HTML_BYTES)])
def test_text_and_pages_over_the_size_limit_are_refused_before_reading(tmp_path, suffix,
                                                                       limit):
    path = tmp_path / f"big{suffix}"
    with path.open("wb") as f:
        f.write(b"<p>Big</p>\n" if suffix == ".html" else b"Big\n")
        f.truncate(limit + MB)  # sparse: nothing else is written
    t0 = time.perf_counter()
    with pytest.raises(ImportFailed) as e:
        read_document(path)
    assert time.perf_counter() - t0 < 1
    assert e.value.reason == (f"the file is too large to read ({limit // MB + 1} MB of "
                              f"text; the limit is {limit // MB} MB)")


def test_text_over_the_limit_is_refused_in_any_format(tmp_path):
    path = tmp_path / "long.html"
    paragraph = "<p>" + "Text of a long page. " * 500 + "</p>"  # 10,500 characters
    path.write_text("<html><body>" + paragraph * (MAX_TEXT_CHARS // 10_000) + "</body></html>")
    with pytest.raises(ImportFailed, match=r"too large to read \(more than 8 MB of text; "
                                           r"the limit is 8 MB\)"):
        read_document(path)


def test_word_xml_over_the_limit_is_refused(tmp_path):
    make = next(row[2] for row in SLOW_INPUTS if row[1].endswith(".docx"))
    path = tmp_path / "big.docx"
    path.write_bytes(make(MAX_DOCUMENT_XML / MB + 1))
    with pytest.raises(ImportFailed, match=r"too large to read \(25 MB of Word XML; the limit "
                                           r"is 24 MB\)"):
        read_document(path)


def test_html_text_deeper_than_the_kept_levels_is_kept(tmp_path):
    path = tmp_path / "deep.html"
    path.write_text("<html><body><h1>Wessex</h1>" + "<div>" * 1000 + "<p>Deep.</p>"
                    + "</div>" * 1000 + "<p>After.</p></body></html>")
    texts = [b.text for b in read_document(path).blocks]
    assert texts == ["Wessex", "Deep.", "After."]


def test_many_attributes_on_one_tag_keep_the_first_ones(tmp_path):
    path = tmp_path / "attributes.html"
    attrs = "".join(f' data-x{n}="v"' for n in range(100_000))
    path.write_text(f'<html><body><p>Wessex</p><span class="rating"{attrs}>Good</span>'
                    "</body></html>")
    t0 = time.perf_counter()
    blocks = read_document(path).blocks
    assert time.perf_counter() - t0 < 2
    assert [(b.text, b.badge) for b in blocks] == [("Wessex", False), ("Good", True)]
