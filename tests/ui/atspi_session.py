"""Inside one D-Bus session (run under dbus-run-session): start the AT-SPI bus, start the app
on the demo with PEELREVIEW_TEST_STAGES, and at each stage the app reaches run
atspi_probe.py with the system Python, saving <stage>.json in the stages folder.

    dbus-run-session -- python tests/ui/atspi_session.py STAGES_DIR PYTHON_FOR_THE_APP
Not a test module: tests/ui/test_screen_reader.py runs it.
"""
import os
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
STAGES = ("start", "review", "editor", "annotations")
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
PROBE_PYTHON = "/usr/bin/python3"


def wait_for(path: Path, app: subprocess.Popen, seconds: float) -> bool:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        if path.exists():
            return True
        if app.poll() is not None:
            return False
        time.sleep(0.1)
    return False


def main() -> int:
    folder, python = Path(sys.argv[1]), sys.argv[2]
    bus = subprocess.Popen([LAUNCHER, "--launch-immediately"], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    # a listener for announcements, as a screen reader has, before the app speaks
    listener = subprocess.Popen([PROBE_PYTHON, str(HERE / "atspi_listen.py"),
                                 str(folder / "events.jsonl")], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
    wait_for(folder / "events.jsonl", listener, 10)
    time.sleep(0.3)
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_ACCESSIBILITY="1",
               PEELREVIEW_TEST_STAGES=str(folder), QT_QPA_PLATFORM="xcb")
    log = open(folder / "app.log", "w")  # noqa: SIM115 -- closed below
    app = subprocess.Popen([python, "-m", "peelreview", "--demo"], env=env, stdout=log,
                           stderr=subprocess.STDOUT)
    status = 0
    try:
        for stage in STAGES:
            if not wait_for(folder / f"{stage}.ready", app, 60):
                print(f"the app did not reach {stage}", file=sys.stderr)
                status = 1
                break
            probe = subprocess.run([PROBE_PYTHON, str(HERE / "atspi_probe.py")],
                                   capture_output=True, text=True, timeout=60)
            (folder / f"{stage}.json").write_text(probe.stdout or "{}")
            if probe.returncode:
                print(probe.stderr[-2000:], file=sys.stderr)
            (folder / f"{stage}.done").write_text("done")
        app.wait(timeout=30)
    finally:
        if app.poll() is None:
            app.terminate()
            app.wait(timeout=10)
        listener.terminate()
        listener.wait(timeout=10)
        bus.terminate()
        bus.wait(timeout=10)
        log.close()
    return status or app.returncode


if __name__ == "__main__":
    sys.exit(main())
