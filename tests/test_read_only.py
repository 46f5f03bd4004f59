"""A workspace on a read-only drive (a read-only bind mount of a real workspace): reading
commands work, writing ones say in one line that it is read-only, and nothing is written.
Skipped with a reason where a read-only mount cannot be made (not root, no mount)."""
from __future__ import annotations

import hashlib
import shutil
import subprocess

import pytest
from conftest import DATA, ROOT, run_cli

READING = [["list"], ["search", "vetting"], ["show", "1"], ["response", "show", "1"],
           ["trace", "1"]]
WRITING = [["annotate", "1", "--quote", "Constabulary"], ["reindex"], ["repair"],
           ["import", str(ROOT / "resources" / "demo" / "merciavale_peel_2021-22.txt")],
           ["response", "set", "1", "--opcc-name", "A fictional office"],
           ["remove", "1", "--yes"],
           ["grade", "set", "1", "--area", "Vetting decisions", "--grade", "good"]]


def _mount_read_only(source, target) -> str | None:
    """Bind-mount source at target read-only; the reason it cannot, or None."""
    if shutil.which("mount") is None:
        return "no mount command"
    steps = [["mount", "--bind", str(source), str(target)],
             ["mount", "-o", "remount,ro,bind", str(target)]]
    for n, step in enumerate(steps):
        r = subprocess.run(step, capture_output=True)
        if r.returncode:
            if n:
                subprocess.run(["umount", "-l", str(target)], capture_output=True)
            return f"cannot make a read-only mount ({r.stderr.decode().strip()[:120]})"
    return None


def _digest(folder) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def read_only_workspace(tmp_path_factory):
    base = tmp_path_factory.mktemp("ro")
    source, target = base / "ws", base / "mounted"
    assert run_cli("--workspace", str(source), "import",
                   str(DATA / "fenland_vetting_2024.txt")).returncode == 0
    assert run_cli("--workspace", str(source), "annotate", "1", "--quote", "Constabulary",
                   "--note", "a fictional note").returncode == 0
    assert run_cli("--workspace", str(source), "response", "show", "1").returncode == 0
    target.mkdir()
    why = _mount_read_only(source, target)
    if why:
        pytest.skip(why)
    try:
        yield source, target
    finally:
        subprocess.run(["umount", "-l", str(target)], capture_output=True)


def test_reading_commands_work_on_a_read_only_workspace(read_only_workspace):
    source, folder = read_only_workspace
    for command in READING:
        r = run_cli("--workspace", str(folder), *command)
        assert r.returncode == 0 and not r.stderr, (command, r.stderr.decode())
        assert r.stdout == run_cli("--workspace", str(source), *command).stdout, command
    out = folder.parent / "response.docx"
    r = run_cli("--workspace", str(folder), "export-response", "1", "-o", str(out))
    assert r.returncode == 0 and out.stat().st_size > 0


def test_writing_commands_say_read_only_in_one_line(read_only_workspace):
    source, folder = read_only_workspace
    before = _digest(source)
    for command in WRITING:
        r = run_cli("--workspace", str(folder), *command)
        lines = r.stderr.decode().splitlines()
        assert r.returncode == 2 and len(lines) == 1 and "read-only" in lines[0], \
            (command, r.stderr.decode())
    assert _digest(source) == before     # not one byte written


def test_the_app_shows_a_read_only_workspace_and_its_response_cannot_be_typed_into(
        read_only_workspace, qtbot, tmp_path):
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit
    from support.windows import open_window

    _source, folder = read_only_workspace
    w = open_window(qtbot, folder, tmp_path / "ui.ini")
    assert "(read-only" in w.windowTitle()
    w.open_report(1)
    assert w.open_response_editor()
    editor = w.response_editor
    fields = [f for f in editor._fields.values()
              if isinstance(f, (QLineEdit, QPlainTextEdit, QTextEdit))]
    assert fields and all(f.isReadOnly() for f in fields)
    others = [f for f in editor._fields.values() if f not in fields]
    assert all(not f.isEnabled() or f.isReadOnly() for f in others)
    w.workspace.close()
