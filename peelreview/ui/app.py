"""Start the desktop app: logging, the workspace to open, the main window.

Which workspace: --workspace DIR; else --demo (a temporary copy of the demo); else the one
open last time; else the officer's own workspace if it exists; else the demo workspace (so a
new user sees every feature at once).
"""
from __future__ import annotations

import gc
import logging
import os
import sys
import tempfile
from logging.handlers import RotatingFileHandler
from pathlib import Path

log = logging.getLogger("peelreview")


def log_file() -> Path:
    import platformdirs

    folder = Path(os.environ.get("PEELREVIEW_LOG_DIR")
                  or platformdirs.user_log_dir("peelreview", appauthor=False))
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "peelreview.log"


def setup_logging() -> Path | None:
    try:
        path = log_file()
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3,
                                      encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger("peelreview")
    root.addHandler(handler)
    root.setLevel(logging.INFO)

    told: set[str] = set()

    def excepthook(kind, value, tb):  # a bug in a slot: log it, tell the officer, keep going
        from PySide6.QtWidgets import QApplication, QMessageBox

        from ..errors import StoreError

        if isinstance(value, StoreError):  # e.g. a change asked of a read-only workspace
            log.warning("%s", value)
            if str(value) in told:
                return   # said once in a message box; the log keeps the rest
            told.add(str(value))
            if QApplication.instance() is not None:
                QMessageBox.information(None, "peelreview", f"{str(value)[0].upper()}"
                                        f"{str(value)[1:]}.")
            return
        log.error("unexpected error", exc_info=(kind, value, tb))
        if QApplication.instance() is not None:
            QMessageBox.warning(None, "peelreview", f"Something went wrong: {value}\n\n"
                                f"Details were written to {path}.")

    sys.excepthook = excepthook
    return path


def demo_folder() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("peelreview", appauthor=False)) / "demo-workspace"


def choose_workspace(args, settings) -> tuple[Path, bool]:
    """(folder, is_demo) for this start."""
    from ..workspace import DB_NAME, default_folder

    if getattr(args, "workspace", None):
        return Path(args.workspace).expanduser(), False
    if getattr(args, "demo", False):
        return Path(tempfile.mkdtemp(prefix="peelreview-demo-")), True
    last = settings.last_workspace
    if last and (Path(last) / DB_NAME).exists():
        return Path(last), False
    own = default_folder()
    if (own / DB_NAME).exists():
        return own, False
    return demo_folder(), True


def run_app(args) -> int:
    """Run the GUI until the window closes; returns the exit status."""
    if getattr(args, "screenshot", None):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        args.demo = args.demo or not getattr(args, "workspace", None)
    path = setup_logging()
    from PySide6.QtCore import QSettings, QTimer
    from PySide6.QtWidgets import QApplication

    from ..demo import demo_files
    from ..errors import StoreError
    from ..settings import Settings
    from ..workspace import Workspace
    from .main_window import MainWindow
    from .tasks import run_task

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("peelreview")
    app.setOrganizationName("peelreview")
    settings = Settings.load()
    folder, is_demo = choose_workspace(args, settings)
    # --demo without --workspace: a folder made for this run only, removed on exit
    temporary = bool(getattr(args, "demo", False) and not getattr(args, "workspace", None))
    try:
        try:
            workspace = Workspace(folder, defer_index=True)
        except StoreError as e:  # damaged, emptied or deleted: offer the way back
            from .repair_dialog import can_repair, offer_repair

            log.warning("%s", e)
            if not can_repair(e):
                raise
            if not offer_repair(folder, e):
                return 2
            workspace = Workspace(folder, defer_index=True)
    except Exception as e:  # noqa: BLE001 -- shown in plain words; details in the log
        log.exception("cannot open workspace %s", folder)
        from PySide6.QtWidgets import QMessageBox

        QMessageBox.critical(None, "peelreview", f"The workspace {folder} cannot be opened: "
                             f"{e}\n\nDetails: {path}")
        return 2
    qsettings = QSettings(str(Path(tempfile.gettempdir()) / "peelreview-screenshot.ini"),
                          QSettings.IniFormat) if args.screenshot else None
    window = MainWindow(workspace, is_demo=is_demo,
                        settings=None if args.screenshot else settings, qsettings=qsettings)
    tell_waits_in_status_bar(workspace, window)
    def index_ready(_=None):
        for notice in workspace.notices:  # e.g. the index was rebuilt, reports re-read
            window.statusBar().showMessage(notice, 10000)
            log.info(notice)
        if workspace.notices:
            window.refresh_library()  # reports re-read by a newer extractor show it

    def ready(_=None):
        window.refresh_library()
        if is_demo:
            window.statusBar().showMessage("The demo reports are ready: all of them are "
                                           "fictional.", 8000)
        if args.screenshot:
            QTimer.singleShot(0, lambda: take_screenshot(window, Path(args.screenshot)))
        elif os.environ.get(STAGES_ENV):
            QTimer.singleShot(0, lambda: run_stages(window, Path(os.environ[STAGES_ENV])))
        elif not is_demo:
            window.restore_state()

    if is_demo and not workspace.list_reports():
        window.statusBar().showMessage("Preparing the demo workspace (fictional reports)\u2026",
                                       60000)
        run_task(workspace.import_paths, demo_files(), on_done=ready,
                 on_error=lambda m: window.statusBar().showMessage(f"Demo failed: {m}"))
    else:
        ready()
        # open (and if need be rebuild) the search index off the UI thread
        def open_in_background():
            workspace.check_for_writing()   # the quick check, not at the first click
            workspace.daily_backup()   # at most daily: a copy of the database
            return workspace.ensure_index()

        run_task(open_in_background, on_done=index_ready,
                 on_error=lambda m: window.statusBar().showMessage(
                     f"The search index could not be opened: {m}"))
    window.show()
    _quit_on_ctrl_c(window)
    # Long-lived start-up objects (Qt wrappers, modules) go to the permanent generation, so a
    # full garbage collection during an import does not rescan them while holding the GIL.
    gc.collect()
    gc.freeze()
    status = app.exec()
    workspace_now = window.workspace
    workspace_now.close()
    if temporary:
        import shutil

        shutil.rmtree(folder, ignore_errors=True)  # --demo's temporary copy goes with it
    return status


def _quit_on_ctrl_c(window) -> None:
    """Ctrl+C in the terminal closes the window as the officer would (drafts saved, the
    demo's temporary folder removed). Qt's loop runs no Python between events, so a timer
    wakes it often enough for Python to notice the signal."""
    import signal

    from PySide6.QtCore import QTimer

    signal.signal(signal.SIGINT, lambda *_: window.close())
    wake = QTimer(window)
    wake.timeout.connect(lambda: None)
    wake.start(250)


def tell_waits_in_status_bar(workspace, window) -> None:
    """A change that waits for another peelreview (an import, a rebuild of the index in a
    second window or a command) says so in the status bar. The workspace calls on_wait on
    whichever thread waits; a queued signal brings it to the UI thread."""
    from PySide6.QtCore import QObject, Signal

    class _Waits(QObject):
        said = Signal(str)

    waits = _Waits(window)
    waits.said.connect(lambda message: window.statusBar().showMessage(
        message[:1].upper() + message[1:], 10000))
    workspace.on_wait = waits.said.emit


def open_review(window) -> None:
    """The demo at work: the newest inspection beside its previous one, an area paired, a
    search for "vetting" run (what the screenshots and the screen-reader test show)."""
    reports = window.workspace.list_reports()
    inspections = [r for r in reports if r["kind"] == "peel-inspection" and r["force"]] \
        or reports   # another workspace: its newest report, whatever its kind
    if not inspections:
        return
    newest = max(inspections, key=lambda r: (r["force"] == "Wessex Constabulary",
                                             r.get("published") or "", r["id"]))
    window.open_report(newest["id"])
    window.compare_with_previous()
    left = window.readers.panes[0]
    area = next((j.area for j in left.report.judgments if "workforce" in j.area.lower()),
                None)
    if area and left.go_to_section(area):
        window.readers.set_active(0)
        window.readers.pair_current_area()
    window.search.set_query("vetting", run=True)


#: Test only (tests/ui/test_screen_reader.py): a folder; the app shows each stage in turn
#: (the start; a report, its previous inspection and a search; the response editor and
#: a CSV export; a highlight made and the annotations panel), writes <stage>.ready there
#: and goes on when <stage>.done appears, then quits.
STAGES_ENV = "PEELREVIEW_TEST_STAGES"
STAGES = ("start", "review", "editor", "annotations")


def run_stages(window, folder: Path) -> None:
    """Show each of STAGES in turn, waiting at each for a reader of the accessible tree (a
    test) to say it is done."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    window.setGeometry(window.screen().availableGeometry())
    waiting = QTimer(window)
    waiting.setInterval(100)
    state = {"stage": -1, "since": 0}

    def enter(index: int) -> None:
        state["stage"], state["since"] = index, 0
        if index >= len(STAGES):
            waiting.stop()
            QApplication.instance().exit(0)
            return
        stage = STAGES[index]
        if stage == "review":
            open_review(window)
            # the findings, grades and key beside the active pane's text, as its "Findings"
            # button shows them (two panes side by side start without them)
            window.readers.active_pane().findings_button.setChecked(True)
        elif stage == "editor":   # and an export written (it is announced)
            window.open_response_editor()
            window.response_editor.exports.export_csv(folder / "response.csv")
        elif stage == "annotations":   # a highlight made (it is announced), then the list
            pane = window.readers.active_pane()
            if pane.report is not None and pane.report.findings:
                finding = pane.report.findings[0]
                if pane.select_span(finding.start, finding.end):
                    window.act_highlight.trigger()
            window.show_annotations()
        QTimer.singleShot(1500, lambda: (folder / f"{stage}.ready").write_text(stage))

    def poll() -> None:
        stage = STAGES[state["stage"]]
        state["since"] += 1
        if (folder / f"{stage}.done").exists():
            enter(state["stage"] + 1)
        elif state["since"] > 1200:   # two minutes without a reader: give up
            QApplication.instance().exit(3)

    waiting.timeout.connect(poll)
    waiting.start()
    enter(0)


def take_screenshot(window, target: Path) -> None:
    """Open the newest inspection beside its previous one, run a search, save, quit.

    In a real X server (not offscreen) the window fills the screen as on the officer's
    laptop, the response editor opens too, and the picture is the screen's own pixels."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    real_screen = QApplication.platformName() != "offscreen"
    if real_screen:
        window.setGeometry(window.screen().availableGeometry())
        QApplication.processEvents()
    open_review(window)
    if real_screen:
        window.open_response_editor()

    def save():
        QApplication.processEvents()
        target.parent.mkdir(parents=True, exist_ok=True)
        picture = window.screen().grabWindow(0) if real_screen else window.grab()
        ok = picture.save(str(target))
        if real_screen:
            print(f"screen {window.screen().size().width()}x"
                  f"{window.screen().size().height()}, window {window.width()}x"
                  f"{window.height()}, narrowest reading line "
                  f"{min(p.text_chars() for p in window.readers.panes)} characters")
        print(f"screenshot {'saved to' if ok else 'could not be saved to'} {target}")
        QApplication.instance().exit(0 if ok else 1)

    QTimer.singleShot(2500, save)
