"""Shared fixtures: the real corpus beside the repo, and generated fictional corpora."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
DATA = Path(__file__).resolve().parent / "data"

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def corpus_path(*parts: str) -> Path:
    """A path inside ../shared/corpus, or skip the test when the corpus is not there."""
    path = CORPUS.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"real corpus not available at {path} (clone ../shared beside the repo)")
    return path


def make_stress(out: Path, count: int, formats: str, *extra: str) -> Path:
    """Write `count` fictional reports (with their answers) in `formats` into `out`, with the
    corpus's make_stress_corpus.py; skips the test when the corpus is not there."""
    tool = corpus_path("tools", "make_stress_corpus.py")
    subprocess.run([sys.executable, str(tool), "--count", str(count), "--formats", formats,
                    "--out", str(out), *extra], check=True, capture_output=True, cwd=out)
    return out


@pytest.fixture(scope="session")
def stress_corpus(tmp_path_factory) -> tuple[Path, dict]:
    """Fictional reports in all four formats with their answers (make_stress_corpus.py)."""
    count = int(os.environ.get("PEELREVIEW_STRESS_COUNT", "16"))
    out = make_stress(tmp_path_factory.mktemp("stress"), count, "txt,html,docx,pdf",
                      "--seed", "3")
    return out, json.loads((out / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def variety_corpus(tmp_path_factory) -> tuple[Path, list[dict], float, list[dict]]:
    """The variety corpus (tests/support/variety): fictional documents in every form of
    ../shared/corpus/VARIETY.md, four formats, with their answers; generated once a run.
    Returns (folder, answers, seconds it took, layouts skipped for want of LibreOffice)."""
    import time

    from support.variety import SKIPPED_LAYOUTS, generate

    out = tmp_path_factory.mktemp("variety")
    t0 = time.perf_counter()
    answers = generate(out)
    return out, answers, time.perf_counter() - t0, list(SKIPPED_LAYOUTS)


def as_if_read_by_an_older_extractor(folder: Path) -> None:
    """Mark every report of the workspace at `folder` as read by an older extractor, so the
    next opening reads them again from their originals (as after an upgrade)."""
    import sqlite3

    db = sqlite3.connect(folder / "peelreview.sqlite")
    try:
        db.execute("UPDATE reports SET extractor=1")
        db.commit()
    finally:
        db.close()


def run_cli(*args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    """Run `python -m peelreview ARGS` as an officer's shell would."""
    return subprocess.run([sys.executable, "-m", "peelreview", *args], capture_output=True,
                          timeout=timeout, cwd=ROOT, **kw)


#: two small fictional reports, the workspace of the index-healing and kill tests
TWO_REPORTS = [DATA / "fenland_vetting_2024.txt",
               ROOT / "resources" / "demo" / "merciavale_peel_2021-22.txt"]


def search_counts(folder, queries) -> dict:
    """The first line ("N matches ...") `peelreview search` prints for each query; a
    traceback or a failure fails the test."""
    out = {}
    for q in queries:
        r = run_cli("--workspace", str(folder), "search", q)
        assert r.returncode == 0 and b"Traceback" not in r.stderr, r.stderr.decode()[-1500:]
        out[q] = r.stdout.decode().splitlines()[0]
    return out


@pytest.fixture(scope="module")
def demo_ws(tmp_path_factory):
    """A workspace holding the fictional demo reports, shared by a test module's widgets."""
    from PySide6.QtCore import QThreadPool

    from peelreview.demo import build_demo_workspace

    ws = build_demo_workspace(tmp_path_factory.mktemp("demo"))
    try:
        yield ws
    finally:
        QThreadPool.globalInstance().waitForDone(10_000)  # no search may outlive it
        ws.close()


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory):
    """A closed demo workspace for tests to copy (tests.support.windows.demo_copy)."""
    from peelreview.demo import build_demo_workspace

    folder = tmp_path_factory.mktemp("demo-template")
    build_demo_workspace(folder).close()
    return folder


@pytest.fixture(scope="module")
def reports(demo_ws):
    return demo_ws.list_reports()
