"""A Word template passes the guards every imported Word file passes: a file that is not
Word, a damaged zip, malformed XML or a zip bomb gets one line (exit 2), and a failed write
(a full disk) leaves one line and the previous export untouched."""
from __future__ import annotations

import os

import pytest
from conftest import DATA, run_cli
from support.hostile import BAD_TEMPLATES

from peelreview.response.docx_export import DEFAULT_TEMPLATE


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("templates") / "ws"
    out = run_cli("--workspace", str(folder), "import", str(DATA / "fenland_vetting_2024.txt"))
    assert out.returncode == 0
    return folder


@pytest.mark.parametrize("name, make, words", BAD_TEMPLATES, ids=[c[0] for c in BAD_TEMPLATES])
def test_a_bad_template_is_refused_in_one_line(folder, tmp_path, name, make, words):
    template = make(tmp_path / "template.docx", DEFAULT_TEMPLATE)
    target = tmp_path / "out.docx"
    out = run_cli("--workspace", str(folder), "export-response", "1", "--template",
                  str(template), "-o", str(target), timeout=60)
    err = out.stderr.decode()
    assert out.returncode == 2 and "Traceback" not in err
    assert err.count("\n") == 1 and words in err and str(template) in err
    assert not target.exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="no /dev/full on this system")
def test_a_full_disk_gives_one_line_and_no_ignored_exception(folder):
    out = run_cli("--workspace", str(folder), "export-response", "1", "-o", "/dev/full")
    err = out.stderr.decode()
    assert out.returncode == 2 and "Exception ignored" not in err and "Traceback" not in err
    assert err.strip() == "peelreview: cannot write the response: [Errno 28] No space left " \
                          "on device"


def test_a_failed_export_leaves_the_previous_copy(folder, tmp_path):
    target = tmp_path / "response.docx"
    assert run_cli("--workspace", str(folder), "export-response", "1", "-o",
                   str(target)).returncode == 0
    before = target.read_bytes()
    os.chmod(tmp_path, 0o500)       # the folder can no longer take a new file
    try:
        out = run_cli("--workspace", str(folder), "export-response", "1", "-o", str(target))
    finally:
        os.chmod(tmp_path, 0o700)
    if os.geteuid() != 0:           # root writes anyway; the copy must still be whole
        assert out.returncode == 2
    assert target.read_bytes()[:2] == b"PK" and (out.returncode == 0 or
                                                 target.read_bytes() == before)
    assert not list(tmp_path.glob("*.part"))
