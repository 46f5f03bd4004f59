"""The app as a screen reader meets it (#17): run in a real X server (Xvfb) with the AT-SPI
bus, its accessible tree read over AT-SPI by the system's pyatspi (tests/ui/atspi_probe.py)
at three moments: at start, with a report and a search open, and with the response editor
open. Every control a screen reader can land on has a name, nothing is exposed as showing
outside the screen, every combo box has a label, and the values that used to be hidden
behind a label's name (the response dates, the search count) are heard.

Needs Xvfb, dbus-run-session, at-spi2-core and python3-pyatspi (scripts/bootstrap test
installs them); skipped with the reason where one is missing.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from support.xvfb import xvfb

HERE = Path(__file__).resolve().parent
LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
PROBE_PYTHON = "/usr/bin/python3"
WIDTH, HEIGHT = 1366, 768
STAGES = ("start", "review", "editor", "annotations")

#: roles of controls a screen reader lands on and speaks by name (menu items excluded)
CONTROLS = {"push button", "toggle button", "check box", "radio button", "combo box",
            "spin button", "slider", "entry", "password text", "page tab", "link"}
ITEMS = {"list item", "tree item", "table cell"}


def _missing() -> str | None:
    if shutil.which("Xvfb") is None:
        return "Xvfb is not installed (scripts/bootstrap test installs it)"
    if shutil.which("dbus-run-session") is None:
        return "dbus-run-session is not installed (package dbus-daemon / dbus)"
    if not os.access(LAUNCHER, os.X_OK):
        return f"{LAUNCHER} is missing (package at-spi2-core; scripts/bootstrap test)"
    if not os.access(PROBE_PYTHON, os.X_OK):
        return f"{PROBE_PYTHON} is missing: pyatspi is read with the system Python"
    try:
        subprocess.run([PROBE_PYTHON, "-c", "import pyatspi"], check=True, timeout=30,
                       capture_output=True)
    except (subprocess.SubprocessError, OSError):
        return "python3-pyatspi is not installed for /usr/bin/python3 (scripts/bootstrap test)"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=_missing() or "")


# ---------------------------------------------------------------------------- counting
def is_control(node: dict) -> bool:
    states = set(node.get("states", ()))
    role = node.get("role")
    return (role in CONTROLS or (role == "text" and "editable" in states)
            or (role in ITEMS and "focusable" in states))


def showing(node: dict) -> bool:
    return "showing" in node.get("states", ())


def outside(box, width: int = WIDTH, height: int = HEIGHT) -> bool:
    """Any part of the box off the screen (a box of no size shows nothing: not counted)."""
    if not box or box[2] <= 0 or box[3] <= 0:
        return False
    x, y, w, h = box
    return x < 0 or y < 0 or x + w > width or y + h > height


def inside(box, frame) -> bool:
    return (frame[0] <= box[0] and frame[1] <= box[1] and box[0] + box[2] <= frame[0] + frame[2]
            and box[1] + box[3] <= frame[1] + frame[3])


def with_parents(nodes: list[dict]) -> list[tuple[dict, list[dict]]]:
    """Each node with its ancestors (nearest last), from the walk's depths."""
    out, stack = [], []
    for node in nodes:
        depth = node.get("depth", 0)
        del stack[depth:]
        out.append((node, list(stack)))
        stack.append(node)
    return out


def scrolled_away(box, parents: list[dict]) -> bool:
    """A control a scroll area holds outside its viewport (the response editor's items
    below the fold): Qt exposes such widgets as showing, as GTK does; the viewport they
    belong to is on screen and Tab scrolls them into view. Not the fault this test is for
    (controls parked outside the window, as tabbed docks were)."""
    for parent in reversed(parents):
        frame = parent.get("extents")
        if parent.get("role") in ("scroll pane", "viewport", "filler", "panel") and frame \
                and frame[2] > 0 and frame[3] > 0 and not outside(frame) \
                and not inside(box, frame):
            return True
    return False


def measure(nodes: list[dict]) -> dict:
    shown = [(n, ps) for n, ps in with_parents(nodes) if showing(n)]
    unnamed = [n for n, _ in shown if is_control(n) and not n.get("name", "").strip()]
    off = [(n, ps) for n, ps in shown if is_control(n) and outside(n.get("extents"))]
    parked = [n for n, ps in off if not scrolled_away(n["extents"], ps)]
    # on Linux a combo box's name is its value: what it is for comes from its label
    unlabelled = [n for n, _ in shown if n.get("role") == "combo box"
                  and not n.get("labelled_by")]
    heard = " \n".join(" ".join((n.get("name", ""), n.get("description", ""), n.get("text", "")))
                       for n, _ in shown)
    return {"nodes": len(nodes), "unnamed": unnamed, "offscreen": [n for n, _ in off],
            "parked": parked, "unlabelled_combos": unlabelled, "heard": heard}


def brief(nodes: list[dict]) -> list[str]:
    return [f"{n['role']} {n.get('name', '')[:50]!r} {n.get('extents')}" for n in nodes[:15]]


# ---------------------------------------------------------------------------- running
@pytest.fixture(scope="module")
def session(tmp_path_factory) -> dict:
    """Run the app once through its stages: {"tree": the accessible tree read at each
    stage, "events": what a listener on the bus heard (announcements, name changes)}."""
    root = tmp_path_factory.mktemp("atspi")
    stages = root / "stages"
    stages.mkdir()
    home = root / "home"
    with xvfb(WIDTH, HEIGHT) as display:
        env = dict(os.environ, DISPLAY=display, HOME=str(home),
                   XDG_CONFIG_HOME=str(home / "config"), XDG_DATA_HOME=str(home / "data"),
                   XDG_RUNTIME_DIR=str(root))
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)
        env.pop("AT_SPI_BUS_ADDRESS", None)
        run = subprocess.run(["dbus-run-session", "--", sys.executable,
                              str(HERE / "atspi_session.py"), str(stages), sys.executable],
                             env=env, capture_output=True, text=True, timeout=150)
    log = (stages / "app.log").read_text() if (stages / "app.log").exists() else ""
    assert run.returncode == 0, f"{run.stderr[-2000:]}\n{log[-2000:]}"
    out = {}
    for stage in STAGES:
        data = json.loads((stages / f"{stage}.json").read_text() or "{}")
        assert "nodes" in data, f"{stage}: {data.get('error', 'nothing read')}"
        out[stage] = data["nodes"]
    report = {s: {k: (len(v) if isinstance(v, list) else v) for k, v in measure(n).items()
                  if k != "heard"} for s, n in out.items()}
    print("AT-SPI counts:", json.dumps(report))
    events_file = stages / "events.jsonl"
    events = [json.loads(line) for line in events_file.read_text().splitlines()] \
        if events_file.exists() else []
    return {"tree": out, "events": events}


@pytest.fixture(scope="module")
def tree(session) -> dict[str, list[dict]]:
    return session["tree"]


@pytest.fixture(scope="module")
def announced(session) -> list[str]:
    return [e.get("data", "") for e in session["events"]
            if e.get("type") == "object:announcement"]


@pytest.mark.parametrize("stage", STAGES)
def test_every_control_has_a_name(tree, stage):
    m = measure(tree[stage])
    assert m["nodes"] > 50, "the walk found almost nothing: was the app's tree exposed?"
    assert m["unnamed"] == [], brief(m["unnamed"])


@pytest.mark.parametrize("stage", STAGES)
def test_nothing_showing_is_parked_off_the_screen(tree, stage):
    m = measure(tree[stage])
    assert m["parked"] == [], brief(m["parked"])


@pytest.mark.parametrize("stage", STAGES)
def test_every_combo_box_says_what_it_chooses(tree, stage):
    m = measure(tree[stage])
    assert m["unlabelled_combos"] == [], brief(m["unlabelled_combos"])


def test_the_search_count_is_heard(tree):
    heard = measure(tree["review"])["heard"]
    assert re.search(r"Search status: [\d,]+ match(es)? .*in [\d,]+ reports?", heard), \
        "the search count is not in any accessible name"


def test_the_response_dates_are_heard(tree):
    heard = measure(tree["editor"])["heard"]
    date = r"\d{1,2} [A-Z][a-z]+ \d{4}"
    assert re.search(rf"Last day to publish: {date}", heard), "last day to publish"
    assert re.search(rf"Chief constable's comments due: {date}", heard), "CC comments due"
    assert re.search(r"Report: \S", heard), "the response's report title"


def test_the_judgments_are_a_table(tree):
    """The grades of the report open are a table of area and grade a screen reader walks
    by cell, beside the text (which reaches it as plain lines)."""
    nodes = tree["review"]
    tables = [n for n in nodes if n.get("role") == "table" and n.get("name") == "Grades"]
    assert tables, "no Grades table in the reader"
    headers = {n.get("name") for n in nodes if n.get("role") == "table column header"}
    assert {"Area", "Grade"} <= headers


def test_results_are_announced(announced):
    """What was only in the status bar (or the search panel's status line) reaches a
    screen reader as an announcement: the search count, the export written, the highlight
    made (Ctrl+Shift+H said nothing at all)."""
    assert announced, "no announcement reached the AT-SPI bus"
    assert any(re.fullmatch(r"[\d,]+ match(es)? in [\d,]+ reports?", a) for a in announced), \
        announced
    assert any(a.startswith("Wrote ") and a.split(" (")[0].endswith("response.csv")
               for a in announced), announced
    assert any(a.startswith("Highlighted in ") for a in announced), announced


def test_the_counts_are_measured(tree):
    """Not a check: the numbers docs/ACCESSIBILITY.md quotes, printed for the log."""
    counts = {s: Counter(n.get("role") for n in tree[s]) for s in STAGES}
    assert all(counts.values())
