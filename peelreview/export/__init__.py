"""Exports of a PCC response: Word (docx) and a recommendation-tracker CSV. No Qt."""
from __future__ import annotations

from .csv_export import export_items_csv
from .docx import export_response

__all__ = ["export_items_csv", "export_response"]
