"""Make the README's pictures of officers' work on the fictional demo reports.

    QT_QPA_PLATFORM=offscreen .venv/bin/python scripts/readme_screenshots.py docs/

Builds the demo workspace in a temporary folder, annotates the 2021/22 Wessex report, links
its vetting progress passage to the 2018/19 cause of concern (and the PCC's 2019 response
to it), and saves three 1400x900 window pictures: the reader with annotations and the trace
(screenshot-annotations.png), the response editor part-filled (screenshot-response.png), and
a report with a grade the officer corrected and a finding rejected
(screenshot-corrections.png).
Everything goes through the same services and widgets the officer uses.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QApplication

from peelreview.demo import build_demo_workspace
from peelreview.ui.main_window import MainWindow


def settle(app: QApplication, seconds: float = 1.0) -> None:
    """Let timers, workers and layouts finish before a picture is taken."""
    import time

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.02)


def report_id(ws, kind: str, year: int, force: str = "Wessex Constabulary") -> int:
    return next(r["id"] for r in ws.list_reports()
                if r["kind"] == kind and r["year"] == year and r["force"] == force)


def finding_id(ws, rid: int, kind: str, word: str) -> int:
    return next(row["id"] for row in ws.store.db.execute(
        "SELECT id, kind, text FROM findings WHERE report_id=? ORDER BY ord", (rid,))
        if row["kind"] == kind and word in row["text"].lower())


def prepare(ws) -> dict:
    """Annotations and links an officer would have made by now."""
    new = report_id(ws, "peel-inspection", 2022)
    old = report_id(ws, "peel-inspection", 2019)
    pcc = next(r["id"] for r in ws.list_reports() if r["kind"] == "pcc-response")
    concern = finding_id(ws, old, "cause_of_concern", "vetting")
    restated = finding_id(ws, pcc, "cause_of_concern", "vetting")
    notes = ws.annotations
    progress = notes.create_by_quote(
        new, "The force has acted on that recommendation.", note="Good news for the PCC's "
        "annual report; ask for the December 2022 figures.", tags=["repeat finding", "budget"],
        colour="green")
    notes.create_by_quote(new, "digital vetting system", note="Funded by the OPCC in 2019.",
                          tags=["budget"], colour="yellow")
    notes.create_by_quote(new, "4.6 percent of the workforce", tags=["for the chief constable"],
                          colour="pink")
    ws.links.create(("finding", restated), ("finding", concern), "responds to",
                    "The PCC's 2019 answer")
    ws.links.create(("annotation", progress.id), ("finding", concern), "follows up",
                    "Backlog almost cleared")
    return {"new": new, "old": old, "concern": concern, "progress": progress.id}


def main(out: Path) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    with tempfile.TemporaryDirectory() as tmp:
        ws = build_demo_workspace(Path(tmp) / "ws")
        ids = prepare(ws)
        w = MainWindow(ws, qsettings=QSettings(str(Path(tmp) / "ui.ini"), QSettings.IniFormat))
        w.resize(1400, 900)
        w.show()
        w.library_dock.hide()
        w.readers.open_pair(ids["new"], ids["old"])
        w.central.setCurrentWidget(w.readers)
        left, right = w.readers.panes[0], w.readers.panes[1]
        right.go_to_item("finding", ids["concern"])
        settle(app, 0.5)
        left.go_to_item("annotation", ids["progress"])
        w.readers.set_active(0)
        w.links_panel.set_item("finding", ids["concern"])
        w.annotations_dock.raise_()
        # The three right-hand panels are tabs by default; show two of them at once here.
        w.removeDockWidget(w.links_dock)
        w.addDockWidget(Qt.RightDockWidgetArea, w.links_dock, Qt.Vertical)
        w.links_dock.show()
        w.resizeDocks([w.annotations_dock, w.links_dock], [35, 65], Qt.Vertical)
        w.links_panel.tabs.setCurrentIndex(1)
        settle(app, 2.0)
        ok = w.grab().save(str(out / "screenshot-annotations.png"))

        w.readers.close_pane(1)
        w.readers.set_active(0)
        resp = ws.responses.get(ids["new"])
        item = resp.recommendations[0] if resp.recommendations else resp.items[0]
        ws.responses.update_item(item.id, cc_comments="Accepted. A recovery plan for the "
                                 "control room is funded from April.", owner="ACC Operations",
                                 status="in progress", target_date="2023-03-31")
        ws.responses.add_bullet(ids["new"], item.area, "highlighted",
                                "does not always recontact callers whose wait is long.",
                                "finding", item.finding_id)
        w.open_response_editor()
        editor = w.response_editor
        settle(app, 1.0)
        editor.scroll.ensureWidgetVisible(editor.field("item", item.id, "owner"), 40, 420)
        settle(app, 1.0)
        ok = w.grab().save(str(out / "screenshot-response.png")) and ok

        # corrections: a grade the officer set, a finding rejected (shown in its view), a
        # passage marked as a finding -- through the window's own commands
        w.response_dock.hide()
        pane = w.open_report(ids["new"])
        report = pane.report
        judged = [j for j in report.judgments if j.grade in ("Adequate", "Good")]
        j = judged[0]
        w.curator.set_grade(ids["new"], j.area, "Requires improvement")
        section = next(s for s in report.sections if s.title == j.area)
        inside = [(fid, f) for fid, f in zip(pane._stored.finding_ids, report.findings,
                                             strict=True)
                  if section.start <= f.start < section.end]
        if inside:
            w.curator.decide_finding(ids["new"], inside[0][0], "reject",
                                     inside[0][1].kind.replace("_", " "))
        w.act_show_rejected.setChecked(True)
        w.links_dock.hide()
        w.annotations_dock.hide()
        w.search_dock.hide()
        pane.go_to_section(j.area)
        settle(app, 1.5)
        ok = w.grab().save(str(out / "screenshot-corrections.png")) and ok
        w.close()
        ws.close()
    print("saved" if ok else "could not save", out)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs")))
