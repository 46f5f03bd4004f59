"""Where the project's bundled files live (the repository's resources/ folder)."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


@cache
def load_json_resource(name: str):
    """Parse resources/NAME once per process."""
    return json.loads((RESOURCES / name).read_text(encoding="utf-8"))
