"""Intermediate form -> Report: sections, judgments, findings, with offsets into the text."""
from __future__ import annotations

from pathlib import Path

from ..model import Report
from ..readers import read_document
from .report import build_report


def extract_file(path: str | Path) -> tuple[Report, str]:
    """Read and extract one file; returns the report and the format it was read as."""
    doc = read_document(path)
    return build_report(doc), doc.format


__all__ = ["build_report", "extract_file"]
