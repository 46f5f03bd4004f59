"""Named moments at which a test can kill this process, to prove a kill there loses nothing.

``PEELREVIEW_KILL_AT=reindex-built peelreview reindex`` dies by SIGKILL (no clean-up, no
``finally``) when the rebuild reaches that point. Unset, a kill point costs one lookup in
the environment. The names are listed where they are used (grep ``kill_point(``).
"""
from __future__ import annotations

import os
import signal

ENV = "PEELREVIEW_KILL_AT"


def kill_point(name: str) -> None:
    if os.environ.get(ENV) == name:
        sig = getattr(signal, "SIGKILL", None)
        if sig is None:  # Windows: as abrupt as it gets
            os._exit(137)
        os.kill(os.getpid(), sig)
