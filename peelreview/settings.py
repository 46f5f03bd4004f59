"""Declared settings: each one once, with its type and default (no Qt).

User settings live in a small JSON file under the platform's config folder, apart from window
geometry (which the UI keeps in QSettings). The file has a version; `upgrade` brings an older
file forward so an officer's choices survive new releases.
"""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

VERSION = 1


@dataclass
class Settings:
    last_workspace: str | None = None        # reopened on the next start
    open_reports: list[int] = field(default_factory=list)   # reader panes, left to right
    zoom: int = 0                            # text size steps from the default
    sync_scrolling: bool = False
    chief_constable_due_days: int = 28       # days after publication the CC's comments are due
    opcc_name: str = ""                      # the names a new response draft starts with
    pcc_name: str = ""
    version: int = VERSION

    @staticmethod
    def default_path() -> Path:
        env = os.environ.get("PEELREVIEW_CONFIG")
        if env:
            return Path(env)
        import platformdirs

        return Path(platformdirs.user_config_dir("peelreview", appauthor=False)) / "settings.json"

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """Read settings; a missing or unreadable file gives the defaults (never an error)."""
        path = path or cls.default_path()
        try:
            raw = json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        raw = upgrade(raw)
        out = cls()
        for f in fields(cls):
            if f.name in raw:
                value = raw[f.name]
                default = getattr(out, f.name)
                if default is None or isinstance(value, type(default)):
                    setattr(out, f.name, value)
        return out

    def save(self, path: Path | None = None) -> None:
        """Write atomically, so a crash mid-write never leaves a broken file."""
        path = Path(path or self.default_path())
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".settings-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(self), f, indent=1)
        os.replace(tmp, path)


def upgrade(raw: dict) -> dict:
    """Bring a settings dict from an older version to the current one."""
    version = raw.get("version", 0)
    if version < 1:
        raw.setdefault("open_reports", [])
    raw["version"] = VERSION
    return raw
