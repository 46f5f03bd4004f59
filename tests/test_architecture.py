"""The core never imports Qt: it must run (and be tested) without a display or PySide6."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT

CORE_MODULES = ["peelreview", "peelreview.model", "peelreview.cli", "peelreview.extract",
                "peelreview.readers", "peelreview.readers.txt", "peelreview.readers.pdf",
                "peelreview.readers.html", "peelreview.readers.docx_reader"]


def test_core_imports_without_qt():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):\n"
        "            raise ImportError('Qt is not allowed in the core: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {CORE_MODULES!r}:\n"
        "    __import__(m)\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"


def test_signal_emit_keeps_references():
    """PySide6 6.12.0 took a reference from True on every emit from Python and aborted the
    interpreter after a few hundred emits; pyproject excludes it, this keeps it out."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class P(QObject):\n"
        "    ping = Signal(object)\n"
        "p = P(); p.ping.connect(lambda x: None)\n"
        "before = sys.getrefcount(True)\n"
        "for _ in range(2000):\n"
        "    p.ping.emit(1)\n"
        "print(before - sys.getrefcount(True))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert abs(int(out.stdout.strip())) < 10
