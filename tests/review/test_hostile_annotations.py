"""Hostile W3C annotation files: a bad file is refused in one line (exit 2, nothing
changed); a bad item is rejected in one line of its own and the rest of the file goes in."""
from __future__ import annotations

import hashlib
import json

import pytest
from conftest import DATA, run_cli
from support.hostile import (
    BAD_ANNOTATION_FILES,
    BAD_ANNOTATION_ITEMS,
    w3c_file,
    w3c_item,
)

REPORT = DATA / "fenland_vetting_2024.txt"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "ws"
    assert run_cli("--workspace", str(folder), "import", str(REPORT)).returncode == 0
    return folder


def quote() -> str:
    text = REPORT.read_text(encoding="utf-8")
    return " ".join(text.split()[40:48])


@pytest.mark.parametrize("name, text, words", BAD_ANNOTATION_FILES,
                         ids=[c[0] for c in BAD_ANNOTATION_FILES])
def test_a_bad_file_is_refused_in_one_line(folder, tmp_path, name, text, words):
    path = tmp_path / "bad.json"
    path.write_text(text, encoding="utf-8")
    out = run_cli("--workspace", str(folder), "annotations", "import", str(path))
    err = out.stderr.decode()
    assert out.returncode == 2 and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1 and words in err and str(path) in err


@pytest.mark.parametrize("name, change, words", BAD_ANNOTATION_ITEMS,
                         ids=[c[0] for c in BAD_ANNOTATION_ITEMS])
def test_a_bad_item_is_rejected_alone(folder, tmp_path, name, change, words):
    sha = hashlib.sha256(REPORT.read_bytes()).hexdigest()
    good = w3c_item(sha, quote())
    bad = w3c_item(sha, quote(), **change)
    path = tmp_path / "mixed.json"
    path.write_text(w3c_file(bad, good), encoding="utf-8")
    out = run_cli("--workspace", str(folder), "annotations", "import", "--json", str(path))
    err = out.stderr.decode()
    assert out.returncode == 0 and "Traceback" not in err, err
    result = json.loads(out.stdout)
    assert result["added"] == 1                      # the good one went in
    if words is None:
        assert not result["rejected"]                # unusable, so skipped and said so
    else:
        assert len(result["rejected"]) == 1 and words in result["rejected"][0]
        assert err.strip().splitlines() == [f"{path}: rejected {result['rejected'][0]}"]
