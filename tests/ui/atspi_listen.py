"""Listen on the AT-SPI bus for announcements (and name changes) as a screen reader does,
appending one JSON line per event to a file until killed.

    /usr/bin/python3 tests/ui/atspi_listen.py EVENTS_FILE
Not a test module: tests/ui/atspi_session.py starts it before the app.
"""
import json
import sys

import pyatspi

EVENTS = ("object:announcement", "object:property-change:accessible-name")


def main():
    out = open(sys.argv[1], "a", encoding="utf-8")  # noqa: SIM115 -- open until killed

    def heard(event):
        try:
            source = event.source
            record = {"type": event.type, "data": str(event.any_data or ""),
                      "role": source.getRoleName() if source else "",
                      "name": (source.name or "") if source else ""}
        except Exception as e:  # noqa: BLE001 -- a source gone meanwhile
            record = {"type": event.type, "error": str(e)}
        out.write(json.dumps(record) + "\n")
        out.flush()

    for kind in EVENTS:
        pyatspi.Registry.registerEventListener(heard, kind)
    out.write(json.dumps({"type": "listening"}) + "\n")
    out.flush()
    pyatspi.Registry.start()


if __name__ == "__main__":
    main()
