"""Opening the real main window on a real workspace, the way every UI flow test starts."""
from __future__ import annotations

import shutil
from pathlib import Path

from PySide6.QtCore import QSettings

from peelreview.ui.main_window import MainWindow
from peelreview.workspace import Workspace


def open_window(qtbot, folder: Path, settings_file: Path) -> MainWindow:
    """The main window on the workspace at `folder`, 1400x900, shown; its UI state is kept in
    `settings_file` so tests never touch the officer's own settings."""
    w = MainWindow(Workspace(folder), is_demo=False,
                   qsettings=QSettings(str(settings_file), QSettings.IniFormat))
    qtbot.addWidget(w)
    w.resize(1400, 900)
    w.show()
    qtbot.waitExposed(w)
    return w


def demo_copy(template: Path, tmp_path: Path) -> Path:
    """A private copy of the demo workspace (building it anew per test costs seconds)."""
    folder = tmp_path / "ws"
    shutil.copytree(template, folder)
    return folder


def run_window_then_kill(folder: Path, settings_file: Path, body: str, root: Path):
    """Run `body` (Python, with `w` the main window on the workspace at `folder` and `app`
    the QApplication) in a child process, then SIGKILL it as a crash would; returns the
    CompletedProcess. The body prints nothing; "done" is printed before the kill."""
    import subprocess
    import sys
    import textwrap

    code = textwrap.dedent(f"""
        import os, signal
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        from PySide6.QtCore import QSettings
        from PySide6.QtWidgets import QApplication
        from peelreview.ui.main_window import MainWindow
        from peelreview.workspace import Workspace
        app = QApplication([])
        w = MainWindow(Workspace({str(folder)!r}),
                       qsettings=QSettings({str(settings_file)!r}, QSettings.IniFormat))
        w.show()
    """) + textwrap.dedent(body) + textwrap.dedent("""
        print("done", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    """)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, cwd=root,
                          timeout=120)
