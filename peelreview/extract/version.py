"""The extractor's version. Bump it whenever a change to readers/ or extract/ can change
what a stored report holds: workspaces re-read their reports from their originals when they
find reports read by an older version (annotations and links re-anchored as for a replace).
"""
EXTRACTOR_VERSION = 3  # 3: printed page numbers (BlockSpan.page_label)
