"""The library of reports (force -> year -> report) and the import dialog."""
