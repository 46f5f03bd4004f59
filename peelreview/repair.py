"""`peelreview repair`: bring a workspace whose database was damaged, emptied or deleted
back. No Qt.

The newest good backup (backup.py) is put in place, the damaged file kept aside; then every
file in originals/ that the database does not hold is read again (with no backup at all,
that is every report), and the search index is rebuilt. Annotations, links, corrections and
responses come back as far as the backup holds them.
"""
from __future__ import annotations

import datetime as dt
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .backup import database_state, newest_good, originals
from .errors import ReadOnlyWorkspace
from .paths import DB_NAME, is_read_only


@dataclass
class RepairReport:
    state: str                        # "good", "missing", "empty" or "damaged"
    restored_from: str | None = None  # the backup put in place
    kept_aside: str | None = None     # where the damaged database went
    reread: int = 0                   # reports read again from originals/
    failed: list[str] = field(default_factory=list)
    reports: int = 0                  # reports held after the repair

    def lines(self) -> list[str]:
        out = [f"The database was {self.state}."]
        if self.kept_aside:
            out.append(f"The old database file was kept as {self.kept_aside}.")
        if self.restored_from:
            out.append(f"Restored the backup {self.restored_from}.")
        elif self.state != "good":
            out.append("No good backup was found: the reports are read again from "
                       "originals/ (annotations, links and responses cannot come back).")
        if self.reread:
            out.append(f"Read {self.reread} report(s) again from originals/.")
        out += [f"Could not read {f}" for f in self.failed]
        out.append(f"The workspace holds {self.reports} report(s); the search index was "
                   "rebuilt.")
        return out


def repair(folder: Path) -> RepairReport:
    """Restore the newest good backup when the database is not good, then read again
    what originals/ holds and the database does not, and rebuild the index."""
    from .workspace import Workspace

    folder = Path(folder)
    if is_read_only(folder):
        raise ReadOnlyWorkspace(folder, "repair it")
    report = RepairReport(database_state(folder))
    path = folder / DB_NAME
    if report.state != "good":
        stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
        if path.exists():
            aside = path.with_name(f"{DB_NAME}.{report.state}-{stamp}")
            os.replace(path, aside)
            report.kept_aside = aside.name
        for extra in ("-wal", "-shm"):  # they belong to the file set aside
            Path(f"{path}{extra}").unlink(missing_ok=True)
        backup = newest_good(folder)
        if backup is not None:
            part = path.with_name(DB_NAME + ".part")
            shutil.copyfile(backup, part)
            os.replace(part, path)
            report.restored_from = backup.name
    with Workspace(folder, defer_index=True, check=False) as ws:
        with ws.store._lock:
            held = {r[0] for r in ws.store.db.execute("SELECT sha256 FROM reports")}
        missing = [p for p in originals(folder) if p.stem not in held]
        if missing:
            summary = ws.import_paths(missing)
            report.reread = len(summary.imported) + len(summary.sources)
            report.failed = [f"{e.path.name}: {e.reason}" for e in summary.failed]
        report.reports = ws.reindex()
    return report
