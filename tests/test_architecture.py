"""The layers hold: the core never imports Qt, nothing imports a higher layer, no import
circles. What each layer is: docs/ARCHITECTURE.md."""
from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "peelreview"

# Lowest first. A module may import its own layer or any lower one, never a higher one.
# The first matching prefix names a module's layer.
LAYERS: list[tuple[str, ...]] = [
    ("peelreview", "peelreview.model", "peelreview.errors", "peelreview.paths",
     "peelreview.settings", "peelreview.grades"),  # foundation
    ("peelreview.readers",),                       # file -> Document
    ("peelreview.extract",),                       # Document -> Report
    ("peelreview.store", "peelreview.corrections",
     "peelreview.backup"),                         # SQLite, the source of truth
    ("peelreview.index",),                         # Whoosh, a cache of the store
    ("peelreview.reading",),                       # showing and comparing reports
    ("peelreview.review",),                        # annotations, links, suggestions
    ("peelreview.response",),                      # the PCC's response and its exports
    ("peelreview.workspace",),                     # the facade
    ("peelreview.demo", "peelreview.repair"),      # fictional reports; bringing one back
    ("peelreview.ui",),                            # Qt: displays, forwards intent
    ("peelreview.cli", "peelreview.__main__"),     # the command (starts the app too)
]


def module_files() -> dict[str, Path]:
    mods = {}
    for f in PACKAGE.rglob("*.py"):
        parts = list(f.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        mods[".".join(parts)] = f
    return mods


def import_graph() -> dict[str, set[str]]:
    """module -> the peelreview modules it imports, at the top or inside functions (a lazy
    import is a dependency too)."""
    mods = module_files()

    def known(name: str) -> str:
        while name not in mods:
            name = name.rpartition(".")[0]
        return name

    graph: dict[str, set[str]] = {}
    for name, path in mods.items():
        package = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
        out = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                if node.level:
                    base = package[:len(package) - (node.level - 1)]
                    module = ".".join(base + ([node.module] if node.module else []))
                else:
                    module = node.module or ""
                targets = [f"{module}.{a.name}" if f"{module}.{a.name}" in mods else module
                           for a in node.names]
            out |= {known(t) for t in targets if t.split(".")[0] == "peelreview"}
        out.discard(name)
        graph[name] = out
    return graph


def layer_of(module: str) -> int:
    best, depth = None, -1
    for i, prefixes in enumerate(LAYERS):
        for p in prefixes:
            if (module == p or module.startswith(p + ".")) and p.count(".") > depth:
                best, depth = i, p.count(".")
    assert best is not None, f"{module} is in no layer: add it to LAYERS and ARCHITECTURE.md"
    return best


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one node (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    n = stack.pop()
                    on_stack.discard(n)
                    component.append(n)
                    if n == node:
                        break
                if len(component) > 1:
                    found.append(sorted(component))
    return found


def core_modules() -> list[str]:
    """Every module outside ui/ (found from the tree, so a new one is checked by itself)."""
    return sorted(m for m in module_files()
                  if not m.startswith("peelreview.ui") and m != "peelreview.__main__")


def test_core_imports_without_qt():
    code = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6', 'PyQt5', 'PyQt6'):\n"
        "            raise ImportError('Qt is not allowed in the core: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for m in {core_modules()!r}:\n"
        "    __import__(m)\n"
        "print('ok')\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "ok"
    assert "peelreview.index.indexer" in core_modules() and "peelreview.cli" in core_modules()


def test_no_module_imports_a_higher_layer():
    wrong = [f"{a} (layer {layer_of(a)}) imports {b} (layer {layer_of(b)})"
             for a, targets in import_graph().items() for b in sorted(targets)
             if layer_of(b) > layer_of(a)
             and not (a == "peelreview.cli" and b == "peelreview.ui.app")]
    # the one allowed upward edge: `peelreview` with no command starts the desktop app
    assert wrong == []


def test_the_app_is_started_only_by_the_command():
    graph = import_graph()
    into_ui = sorted(a for a, targets in graph.items() if not a.startswith("peelreview.ui")
                     and any(t.startswith("peelreview.ui") for t in targets))
    assert into_ui == ["peelreview.cli"]


def test_no_import_circles():
    assert cycles(import_graph()) == []


def test_no_circles_between_feature_folders():
    """Folders import each other one way only (e.g. ui/reading uses ui/annotate, never back),
    so each can be read, and moved, as a unit."""
    graph = import_graph()

    def folder(m: str) -> str:
        parts = m.split(".")
        return ".".join(parts[:3]) if m.startswith("peelreview.ui.") else ".".join(parts[:2])

    folders: dict[str, set[str]] = {}
    for a, targets in graph.items():
        folders.setdefault(folder(a), set()).update(folder(b) for b in targets
                                                    if folder(b) != folder(a))
    assert cycles(folders) == []


def test_cycle_finder_finds_cycles():
    """The checks above can fail: the finder sees a circle and a longer one."""
    assert cycles({"a": {"b"}, "b": {"a"}, "c": set()}) == [["a", "b"]]
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_signal_emit_keeps_references():
    """PySide6 6.12.0 took a reference from True on every emit from Python and aborted the
    interpreter after a few hundred emits; pyproject excludes it, this keeps it out."""
    code = (
        "import sys\n"
        "from PySide6.QtCore import QObject, Signal\n"
        "class P(QObject):\n"
        "    ping = Signal(object)\n"
        "p = P(); p.ping.connect(lambda x: None)\n"
        "before = sys.getrefcount(True)\n"
        "for _ in range(2000):\n"
        "    p.ping.emit(1)\n"
        "print(before - sys.getrefcount(True))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 0, out.stderr
    assert abs(int(out.stdout.strip())) < 10
