"""The whole app in a real X server (Xvfb) at the officer's laptop size and a larger one:
it starts, fills the screen with two reports and the response editor, keeps a readable
line, and leaves a screenshot to look at (tests/output/screen-WxH.png)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QImage
from support.xvfb import xvfb

OUTPUT = Path(__file__).resolve().parents[1] / "output"

pytestmark = pytest.mark.skipif(shutil.which("Xvfb") is None,
                                reason="Xvfb is not installed (scripts/bootstrap test "
                                       "installs it)")


@pytest.fixture()
def x_server(request):
    """A fresh Xvfb screen of the size asked for; yields its DISPLAY."""
    width, height = request.param
    with xvfb(width, height) as display:
        yield display, (width, height)


@pytest.mark.parametrize("x_server", [(1366, 768), (1600, 1000)], indirect=True,
                         ids=["1366x768", "1600x1000"])
def test_the_app_in_a_real_x_server(x_server, tmp_path):
    display, (width, height) = x_server
    OUTPUT.mkdir(exist_ok=True)
    shot = OUTPUT / f"screen-{width}x{height}.png"
    shot.unlink(missing_ok=True)
    env = dict(os.environ, DISPLAY=display, QT_QPA_PLATFORM="xcb",
               HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               XDG_DATA_HOME=str(tmp_path / "data"))
    run = subprocess.run([sys.executable, "-m", "peelreview", "--demo", "--screenshot",
                          str(shot)], env=env, capture_output=True, text=True, timeout=180)
    assert run.returncode == 0, run.stderr[-2000:]
    assert f"screen {width}x{height}, window {width}x{height}" in run.stdout, run.stdout
    chars = int(run.stdout.split("narrowest reading line ")[1].split()[0])
    assert chars >= 60, run.stdout
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (width, height)
    # a real picture of the app, not an empty screen: many distinct colours
    colours = {image.pixel(x, y) for x in range(0, width, 7) for y in range(0, height, 7)}
    assert len(colours) > 50
