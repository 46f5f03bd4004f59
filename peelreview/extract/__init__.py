"""Intermediate form -> Report: sections, judgments, findings, with offsets into the text.

The extractor's rules are imported when first used (`build_report`, `extract_file`): the
desktop app needs only `extract.areas` to start, and compiling every pattern of the
extractor cost it ~50 ms of start-up.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..model import Report
    from .report import build_report


def extract_file(path: str | Path) -> tuple[Report, str]:
    """Read and extract one file; returns the report and the format it was read as."""
    from ..readers import read_document
    from .report import build_report

    doc = read_document(path)
    return build_report(doc), doc.format


def __getattr__(name: str):
    if name == "build_report":
        from .report import build_report

        return build_report
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["build_report", "extract_file"]
