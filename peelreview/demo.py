"""The demo workspace: fictional reports shipped in resources/demo, imported on first run.

A new user with no workspace sees every feature at once: two inspections of Wessex
Constabulary to compare, its PCC's response, and a neighbouring force for search facets.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .paths import RESOURCES
from .workspace import Workspace

DEMO_FOLDER = RESOURCES / "demo"
DEMO_FILES = ["wessex_peel_2018-19.html", "wessex_peel_2021-22.pdf",
              "wessex_pcc_response_2019.docx", "merciavale_peel_2021-22.txt"]


def demo_files() -> list[Path]:
    return [DEMO_FOLDER / name for name in DEMO_FILES]


def build_demo_workspace(folder: Path,
                         on_event: Callable | None = None) -> Workspace:
    """Open (creating if needed) a workspace at `folder` holding the demo reports."""
    ws = Workspace(folder)
    ws.import_paths(demo_files(), on_event=on_event)
    return ws
