"""Nothing is ever sent over the network: import, search, export and the app run with every
Internet socket refused (a local one, as Qt's display connection uses, stays allowed)."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from conftest import DATA, ROOT

GUARD = textwrap.dedent("""
    import socket, sys
    used = []

    def refused(what):
        def fail(*args, **kw):
            sock = args[0] if args and isinstance(args[0], socket.socket) else None
            if sock is not None and sock.family == socket.AF_UNIX:
                return original[what](*args, **kw)
            used.append(what)
            sys.stderr.write(f"NETWORK USED: {what}\\n")
            raise OSError("network use is refused in this test")
        return fail

    original = {n: getattr(socket.socket, n) for n in ("connect", "connect_ex", "sendto")}
    for name in original:
        setattr(socket.socket, name, refused(name))
    socket.create_connection = refused("create_connection")
    socket.getaddrinfo = refused("getaddrinfo")
    from peelreview.cli import main
    sys.exit(main(sys.argv[1:]))
""")


def run_guarded(*args, env=None, timeout=120):
    return subprocess.run([sys.executable, "-c", GUARD, *args], capture_output=True,
                          cwd=ROOT, env=env, timeout=timeout)


def test_import_search_export_and_the_app_use_no_network(tmp_path):
    ws = str(tmp_path / "ws")
    demo = ROOT / "resources" / "demo"
    steps = [
        ["--workspace", ws, "import", str(DATA / "fenland_vetting_2024.txt"), str(demo)],
        ["--workspace", ws, "search", "vetting"],
        ["--workspace", ws, "annotate", "1", "--quote", "Constabulary", "--note", "n"],
        ["--workspace", ws, "export-response", "1", "-o", str(tmp_path / "r.docx")],
        ["--workspace", ws, "annotations", "export", "-o", str(tmp_path / "a.json")],
    ]
    for step in steps:
        out = run_guarded(*step)
        assert b"NETWORK USED" not in out.stderr, (step, out.stderr.decode()[-1500:])
        assert out.returncode == 0, (step, out.stderr.decode()[-1500:])
    env = {**os.environ, "TMPDIR": str(tmp_path), "QT_QPA_PLATFORM": "offscreen",
           "PEELREVIEW_CONFIG": str(tmp_path / "settings.json")}
    app = run_guarded("--demo", "--screenshot", str(tmp_path / "shot.png"), env=env)
    assert b"NETWORK USED" not in app.stderr and app.returncode == 0, app.stderr.decode()[-1500:]
    assert (tmp_path / "shot.png").is_file()


def test_the_guard_would_notice(tmp_path):
    """The guard itself works: a command that tried the network would be caught."""
    probe = GUARD.replace("from peelreview.cli import main",
                          "socket.create_connection(('example.org', 80))\n"
                          "from peelreview.cli import main")
    out = subprocess.run([sys.executable, "-c", probe, "list"], capture_output=True,
                         cwd=ROOT, timeout=60)
    assert b"NETWORK USED: create_connection" in out.stderr and out.returncode != 0
