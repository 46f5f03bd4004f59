"""Start-up to a usable window on the demo workspace, beside a bare Qt window.

    .venv/bin/python benchmarks/startup.py [--runs 5]

Both are whole processes, timed from launch until the window is shown with its content and
the event loop has run once (then they quit): ours opens the demo workspace (built once
beforehand, as after a first start), fills the library and shows the main window; the bare
one is a QApplication with one empty QMainWindow. Offscreen, so no window manager adds noise.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

BARE = """
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication([])
w = QMainWindow(); w.resize(1400, 900); w.show()
QTimer.singleShot(0, app.quit)
app.exec()
"""

OURS = """
import sys
sys.path.insert(0, {root!r})
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from peelreview.workspace import Workspace
from peelreview.ui.main_window import MainWindow
app = QApplication([])
ws = Workspace({ws!r}, defer_index=True)  # as the app does: the index opens off the UI thread
w = MainWindow(ws, is_demo=True)
w.show()
assert w.library.model.rowCount() > 0
QTimer.singleShot(0, app.quit)
app.exec()
ws.close()
"""


def timed(code: str, runs: int) -> list[float]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    # as on an officer's machine, compiled modules are kept (__pycache__): a shell that sets
    # PYTHONDONTWRITEBYTECODE would time compiling ~50 of our modules at every start
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    out = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True, env=env,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out.append(time.perf_counter() - t0)
    return out


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    from peelreview.demo import build_demo_workspace

    folder = Path(tempfile.mkdtemp(prefix="peelreview-startup-"))
    build_demo_workspace(folder).close()
    timed(OURS.format(root=str(ROOT), ws=str(folder)), 1)  # first run writes __pycache__
    bare = timed(BARE, args.runs)
    ours = timed(OURS.format(root=str(ROOT), ws=str(folder)), args.runs)
    b, o = min(bare), min(ours)
    print(f"bare QApplication + empty QMainWindow : best {b * 1000:6.0f} ms  "
          f"median {statistics.median(bare) * 1000:6.0f} ms")
    print(f"peelreview main window, demo workspace: best {o * 1000:6.0f} ms  "
          f"median {statistics.median(ours) * 1000:6.0f} ms")
    print(f"ratio                                 : {o / b:6.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
