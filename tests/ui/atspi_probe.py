"""Read peelreview's accessible tree over AT-SPI as a screen reader does, print it as JSON.

Run with the system Python (python3-pyatspi), inside the D-Bus session the app runs in:
    /usr/bin/python3 tests/ui/atspi_probe.py [APP_NAME]
One JSON object per line is not needed: the output is one list of nodes, each
{"role", "name", "description", "states", "extents": [x, y, w, h], "text", "labelled_by",
 "depth"}; "text" is the first characters of a Text interface that is not editable.
Subtrees of nodes that are not SHOWING are not walked (a screen reader skips them too).
Not a test module: tests/ui/test_screen_reader.py runs it.
"""
import json
import sys
import time

import pyatspi

MAX_CHILDREN = 400   # a long list: its first rows tell enough
TEXT_CHARS = 4000


def find_app(name, timeout=20.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.name == name:
                    return app
            except Exception:  # noqa: BLE001 -- an application going away
                continue
        time.sleep(0.5)
    return None


def node(acc, depth):
    states = acc.getState()
    out = {"role": acc.getRoleName(), "name": acc.name or "",
           "description": acc.description or "",
           "states": sorted(pyatspi.stateToString(s) for s in states.getStates()),
           "depth": depth, "extents": None, "text": "", "labelled_by": []}
    try:
        box = acc.queryComponent().getExtents(pyatspi.DESKTOP_COORDS)
        out["extents"] = [box.x, box.y, box.width, box.height]
    except NotImplementedError:
        pass
    if "editable" not in out["states"]:
        try:
            text = acc.queryText()
            out["text"] = text.getText(0, min(text.characterCount, TEXT_CHARS))
        except NotImplementedError:
            pass
    try:
        for relation in acc.getRelationSet():
            if relation.getRelationType() == pyatspi.RELATION_LABELLED_BY:
                for i in range(relation.getNTargets()):
                    target = relation.getTarget(i)
                    out["labelled_by"].append(target.name or "")
    except Exception:  # noqa: BLE001 -- relations are optional
        pass
    return out


def walk(acc, depth, out):
    try:
        info = node(acc, depth)
    except Exception as e:  # noqa: BLE001 -- a node that vanished while walking
        out.append({"role": "gone", "error": str(e), "depth": depth})
        return
    out.append(info)
    if depth > 0 and "showing" not in info["states"]:
        return
    for i in range(min(acc.childCount, MAX_CHILDREN)):
        child = acc.getChildAtIndex(i)
        if child is not None:
            walk(child, depth + 1, out)


def main():
    name = sys.argv[1] if len(sys.argv) > 1 else "peelreview"
    app = find_app(name)
    if app is None:
        print(json.dumps({"error": f"no application named {name} on the AT-SPI bus"}))
        return 2
    nodes = []
    started = time.monotonic()
    walk(app, 0, nodes)
    print(json.dumps({"nodes": nodes, "seconds": round(time.monotonic() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
