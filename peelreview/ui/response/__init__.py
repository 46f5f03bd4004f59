"""The response editor and its parts: header with dates, area boxes with items and points,
the typed fields, the gaps list, export, and the undoable commands behind every edit."""
